#!/usr/bin/env bash
# Builds credit-fuzz for libFuzzer: every module compiled with AddressSanitizer and libFuzzer's coverage
# instrumentation, linked with libFuzzer's runtime (the no-main variant: credit-fuzz's own main picks the
# target and hands over to LLVMFuzzerRunDriver). Scratch path .build-fuzz/ (ignored by git).
#
# Why not `-sanitize=fuzzer`: SwiftPM links executables with `main` aliased to the module's entry point,
# which collides with libFuzzer's own main; the coverage flags below are what -sanitize=fuzzer turns on.
set -euo pipefail
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}
swiftc_path=$(command -v swiftc || true)
[ -n "$swiftc_path" ] || { echo "swiftc not found on PATH" >&2; exit 1; }
toolchain=$(dirname "$(readlink -f "$swiftc_path")")/..
runtime=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -n 1)
[ -n "$runtime" ] || { echo "libclang_rt.fuzzer_no_main not found under $toolchain/lib/clang (the Swift toolchain for Linux ships it)" >&2; exit 1; }
exec "$SWIFT" build --scratch-path .build-fuzz -c release --product credit-fuzz \
    -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
    -Xswiftc -DCREDIT_FUZZ \
    -Xlinker "$runtime" -Xlinker -lstdc++
