#!/usr/bin/env bash
# `make race`: builds credit with ThreadSanitizer (debug, in .build-tsan/) and runs every command
# whose work is split across two threads on data large enough to split it: the CSV read in parts (≥ 8 MB), the
# two-part Newton pass and X'WX (≥ 65,536 rows), the two-thread design build, binning across columns, the
# read/score pipeline of `credit score`, the out-of-core pass, the background SHA-256 of `credit train` and the
# streamed profile of `credit describe` (chunks parsed in parts, one column per thread).
# Any data race report fails the run (exit 66 from the sanitizer), with the report printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}
SCRATCH=.build-tsan
say() { printf 'race: %s\n' "$*" >&2; }

for product in credit; do
    say "building $product with -sanitize=thread (log in $SCRATCH/build-$product.log)"
    mkdir -p "$SCRATCH"
    if ! "$SWIFT" build --product "$product" --scratch-path "$SCRATCH" -Xswiftc -sanitize=thread \
            > "$SCRATCH/build-$product.log" 2>&1; then
        tail -n 30 "$SCRATCH/build-$product.log" >&2
        say "error: the ThreadSanitizer build of $product failed"
        exit 1
    fi
done
BIN=$("$SWIFT" build --scratch-path "$SCRATCH" --show-bin-path)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
export CREDIT_THREADS=2
run() {
    say "$*"
    if ! "$@" > "$work/out" 2> "$work/err"; then
        head -n 80 "$work/err" >&2
        say "error: failed (a ThreadSanitizer report above means a data race): $*"
        exit 1
    fi
}

# 120,000 synthetic loans (9.3 MB): above the parts read's 8 MB (three parts of about 4 MB) and the pass's 65,536 rows.
"$BIN/credit" synth --rows 120000 --seed 3 -o "$work/loans.csv" > /dev/null
drop=loan_id,application_date
run "$BIN/credit" train "$work/loans.csv" --target default --exclude "$drop" -o "$work/model.json"
run "$BIN/credit" train "$work/loans.csv" --target default --scorecard -o "$work/card.json"
run "$BIN/credit" train "$work/loans.csv" --target default --exclude "$drop" --out-of-core -o "$work/ooc.json"
run "$BIN/credit" bin "$work/loans.csv" --target default --format json
run "$BIN/credit" score "$work/card.json" "$work/loans.csv" -o "$work/scores.csv"
run "$BIN/credit" score "$work/model.json" "$work/loans.csv" -o "$work/pd.csv"
run "$BIN/credit" describe "$work/loans.csv" --target default
run sh -c "cat \"$work/loans.csv\" | \"$BIN/credit\" describe - --target default"
say "no data race reported"
