#!/usr/bin/env bash
# Out-of-core scale demonstration (not part of `make test`): trains out of core on 5,000,000 and 50,000,000
# synthetic rows (Tests/Benchmarks/ScaleData.swift: 30 numeric columns + binary y, ~200 bytes per row), measures
# peak resident memory (/usr/bin/time -v) and wall time, checks the 5M out-of-core coefficients against the
# in-memory path, and writes the figures with the machine description to notebooks-docs/out-of-core.md.
#
#   make bench-scale                      # or: Tests/Benchmarks/scale.sh
#   SCALE_BIG_ROWS=10000000 Tests/Benchmarks/scale.sh   # a quicker run
#
# Environment: CREDIT (binary, default .build/release/credit), SCALE_DATA (data directory, default
# .build/scale-data), SCALE_SMALL_ROWS / SCALE_BIG_ROWS, SCALE_KEEP=1 keeps the CSV files (deleted by default),
# SCALE_COMPARE=0 skips the in-memory comparison, TMPDIR (where the out-of-core cache goes).
# Disk: the big CSV (~211 B/row) plus its cache (8 B × 31 columns per row) at the same time: ~23 GB at 50M.
set -euo pipefail
cd "$(dirname "$0")/../.."
CREDIT=${CREDIT:-.build/release/credit}
DATA=${SCALE_DATA:-.build/scale-data}
SMALL=${SCALE_SMALL_ROWS:-5000000}
BIG=${SCALE_BIG_ROWS:-50000000}
SEED=20261129
DOC=notebooks-docs/out-of-core.md
mkdir -p "$DATA"
[ -x "$CREDIT" ] || { echo "build first: swift build -c release --product credit"; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time): apt-get install time"; exit 1; }

need=$(( BIG * (211 + 248) / 1000000000 + 2 ))
free=$(df -BG --output=avail "$DATA" | tail -1 | tr -dc 0-9)
if [ "$free" -lt "$need" ]; then echo "need about ${need} GB free in $DATA (have ${free} GB)"; exit 1; fi

big="$DATA/scale-$BIG.csv"
small="$DATA/scale-$SMALL.csv"
# SCALE_BASE=FILE: build the files from FILE's rows instead of generating them (repeated as often as needed;
# a fit on k exact copies of a data set has the same coefficients, so this also checks the big fit).
base=${SCALE_BASE:-}
if [ -z "$base" ]; then
    GEN=.build/scale-data-gen
    [ -x "$GEN" ] || swiftc -O Tests/Benchmarks/ScaleData.swift -o "$GEN"
    base="$DATA/scale-base-$BIG.csv"
    if [ ! -s "$base" ]; then
        echo "generating $BIG rows → $base"
        "$GEN" "$BIG" "$SEED" "$base.tmp" >/dev/null && mv "$base.tmp" "$base"
    fi
fi
base_rows=$(( $(wc -l < "$base") - 1 ))
copies=$(( (BIG + base_rows - 1) / base_rows ))
echo "big file: $copies × $base_rows rows of $base, cut to $BIG rows → $big"
{ head -n 1 "$base"; for _ in $(seq "$copies"); do tail -n +2 "$base"; done | head -n "$BIG"; } > "$big"
# The first SMALL rows of the big file are the small file.
head -n $(( SMALL + 1 )) "$big" > "$small"
echo "base=$base base_rows=$base_rows copies=$copies" > "$DATA/base.txt"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run() {   # run NAME FILE ARGS...: one timed training run; keeps the JSON report and time's log
    local name=$1 file=$2; shift 2
    /usr/bin/time -v "$CREDIT" train "$file" --target y --format json "$@" > "$DATA/$name.json" 2> "$DATA/$name.time"
}
echo "training out of core on $SMALL rows"
run small "$small" --out-of-core
if [ "${SCALE_COMPARE:-1}" = 1 ]; then
    echo "training in memory on $SMALL rows (for the comparison)"
    run small-memory "$small"
fi
echo "training out of core on $BIG rows"
run big "$big" --out-of-core
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$DATA" "$SMALL" "$BIG" "$DOC" "$load_before" "$load_after" "$(du -b "$small" | cut -f1)" "$(du -b "$big" | cut -f1)" <<'PY'
import json, os, platform, re, subprocess, sys
data, small, big, doc, load_before, load_after, small_bytes, big_bytes = sys.argv[1:]
small, big = int(small), int(big)

def timing(name):
    text = open(os.path.join(data, name + ".time")).read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) * 1024
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text).group(1)
    seconds = 0.0
    for part in wall.split(":"): seconds = seconds * 60 + float(part)
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
    status = int(re.search(r"Exit status: (\d+)", text).group(1))
    if status != 0: sys.exit(f"{name}: exit status {status}\n{text}")
    return rss, seconds, user + system

def result(name): return json.load(open(os.path.join(data, name + ".json")))["result"]

s_rss, s_wall, s_cpu = timing("small")
b_rss, b_wall, b_cpu = timing("big")
rs, rb = result("small"), result("big")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1024 ** 2
nproc = os.cpu_count()
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0] if True else ""
ratio = b_wall / (big / small * s_wall)
lines = [
    "# Training beyond memory: out-of-core scale run",
    "",
    "Written by `Tests/Benchmarks/scale.sh` (`make bench-scale`); rerun it to refresh every figure here.",
    "",
    "`credit train --out-of-core` streams the CSV into a temporary columnar cache (one Float64 file per column,",
    "read back with `pread`, never memory-mapped), builds the design in one pass over the cache, then runs",
    "Newton/IRLS with X'WX and X'(y − p) accumulated 65,536 rows at a time (two threads, fixed summation order).",
    "Memory is O(chunk × columns + p²), independent of the row count.",
    "",
    "## Machine",
    "",
    f"- CPU: {cpu}, {nproc} logical CPUs",
    f"- RAM: {mem:.1f} GiB",
    f"- {swift}",
    f"- Load average (1, 5, 15 min) before the runs: {load_before}; after: {load_after}. The machine is shared,",
    "  so wall times include waiting for the CPU; CPU time (user + system) is shown as well.",
    "",
    "## Data",
    "",
    "30 numeric columns and a binary `y` drawn from a known logistic model (about 10% bad): generated by",
    "`Tests/Benchmarks/ScaleData.swift` (seed 20261129), or, with `SCALE_BASE=FILE`, the rows of FILE repeated",
    "until there are enough. The small file is the first rows of the big one.",
    f"This run: {open(os.path.join(data, 'base.txt')).read().strip()}.",
    "",
    "## Results",
    "",
    "| rows | CSV size | peak RSS | wall time | CPU time | Newton steps |",
    "|---:|---:|---:|---:|---:|---:|",
    f"| {small:,} | {int(small_bytes)/1e9:.2f} GB | {s_rss/2**20:,.0f} MiB | {s_wall:,.1f} s | {s_cpu:,.1f} s | {rs['iterations']} |",
    f"| {big:,} | {int(big_bytes)/1e9:.2f} GB | {b_rss/2**20:,.0f} MiB | {b_wall:,.1f} s | {b_cpu:,.1f} s | {rb['iterations']} |",
    "",
    f"- Peak memory at {big:,} rows: {b_rss/2**30:.2f} GiB ({'under' if b_rss < 2 * 2**30 else 'OVER'} the 2 GB target).",
    f"- Time ratio {big:,} / ({big // small} × {small:,}) = {ratio:.2f} on wall time, "
    f"{b_cpu / (big / small * s_cpu):.2f} on CPU time (target: within 1.5, i.e. at most 1.5× linear scaling).",
]
mem_path = os.path.join(data, "small-memory.json")
if os.path.exists(mem_path) and os.path.exists(os.path.join(data, "small-memory.time")):
    m_rss, m_wall, m_cpu = timing("small-memory")
    rm = result("small-memory")
    rel = lambda a, b: max(abs(x - y) / max(abs(y), 1e-300) for x, y in zip(a, b))
    assert rm["termNames"] == rs["termNames"]
    lines += [
        "",
        f"## Same answer as in memory ({small:,} rows)",
        "",
        f"The in-memory path on the same file: peak RSS {m_rss/2**20:,.0f} MiB, wall time {m_wall:,.1f} s.",
        f"Largest relative difference out of core vs in memory: coefficients {rel(rs['coefficients'], rm['coefficients']):.1e}, "
        f"standard errors {rel(rs['standardErrors'], rm['standardErrors']):.1e}, "
        f"log-likelihood {abs(rs['logLikelihood'] - rm['logLikelihood']) / abs(rm['logLikelihood']):.1e}.",
    ]
lines += ["", "## Coefficients recovered at the big size (first five terms)", "",
          "| term | coef | std err |", "|---|---:|---:|"]
for j in range(min(5, len(rb["termNames"]))):
    lines.append(f"| {rb['termNames'][j]} | {rb['coefficients'][j]:.6g} | {rb['standardErrors'][j]:.3g} |")
notes = ""   # a hand-written "## Notes on this run" section survives a rerun
if os.path.exists(doc) and "\n## Notes on this run" in open(doc).read():
    notes = "\n## Notes on this run" + open(doc).read().split("\n## Notes on this run", 1)[1]
open(doc, "w").write("\n".join(lines) + "\n" + notes)
print("\n".join(lines))
PY

if [ "${SCALE_KEEP:-0}" != 1 ]; then rm -f "$big" "$small"; fi
echo "written $DOC"
