#!/usr/bin/env bash
# Runs each fuzz target for a bounded time over the committed seeds (Tests/Fuzz/Corpus/<target>/) plus a
# scratch corpus that grows between runs (.build-fuzz/corpus/<target>/, not committed). One target at a time.
#   FUZZ_SECONDS  seconds per target (default 60)
#   FUZZ_TARGETS  which targets (default: "csv number model")
#   FUZZ_ARGS     extra libFuzzer options
# A finding stops that target, leaves the input in .build-fuzz/artifacts/ and makes the script exit 1.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-csv number model}
bin=.build-fuzz/release/credit-fuzz
[ -x "$bin" ] || { echo "$bin missing: run Tests/Fuzz/build.sh (or make fuzz)" >&2; exit 1; }
mkdir -p .build-fuzz/artifacts .build-fuzz/tmp
# The Swift backtracer and AddressSanitizer both want the crash; let ASan report it.
export SWIFT_BACKTRACE=enable=no
export TMPDIR=$PWD/.build-fuzz/tmp
status=0
for t in $targets; do
    case $t in
        number) max_len=64 ;;
        csv) max_len=4096 ;;
        model) max_len=65536 ;;
        *) echo "unknown target $t" >&2; exit 64 ;;
    esac
    mkdir -p ".build-fuzz/corpus/$t"
    dict=()
    [ -f "Tests/Fuzz/$t.dict" ] && dict=(-dict="Tests/Fuzz/$t.dict")
    echo "== $t: $seconds s, -max_len=$max_len"
    # shellcheck disable=SC2086
    "$bin" "$t" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix=".build-fuzz/artifacts/$t-" "${dict[@]}" ${FUZZ_ARGS:-} \
        ".build-fuzz/corpus/$t" "Tests/Fuzz/Corpus/$t" 2>&1 | tee ".build-fuzz/$t.log" \
        | grep -E "INITED|DONE|ERROR|fuzz finding|Fatal error|SUMMARY|stat::number_of_executed_units|Test unit written"
    rc=${PIPESTATUS[0]}
    if [ "$rc" != 0 ]; then echo "== $t: FINDING (exit $rc), log in .build-fuzz/$t.log"; status=1; fi
done
exit $status
