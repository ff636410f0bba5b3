#!/usr/bin/env bash
# Installs what is missing, then builds and runs the whole test suite (ctest) three ways:
#   --plain     the Release build with warnings as errors and MPI (build-test/), with clang-tidy and
#               clang-format checks;
#   --sanitize  the same suite built with AddressSanitizer and UndefinedBehaviorSanitizer
#               (build-asan/), stopping at the first report (leaks included), so any finding
#               fails the test that made it; the style checks are left to the plain build;
#   --fuzz      the scenario reader under libFuzzer for about a minute (tools/fuzz.sh 60).
# With no option it runs all three, in that order (what CI runs: .ci/run); options may be
# combined. docs/reliability.md gives the times.
set -euo pipefail
cd "$(dirname "$0")/.."
plain=0 sanitize=0 fuzz=0
for arg in "$@"; do
  case $arg in
    --plain) plain=1 ;;
    --sanitize) sanitize=1 ;;
    --fuzz) fuzz=1 ;;
    *) echo "usage: tools/test.sh [--plain] [--sanitize] [--fuzz]" >&2; exit 2 ;;
  esac
done
if [ $# -eq 0 ]; then plain=1 sanitize=1 fuzz=1; fi
jobs=$(nproc)
tools/install-deps.sh
if [ $plain -eq 1 ]; then
  echo "== the suite, Release build (build-test/)" >&2
  cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Release -DSPSIM_WERROR=ON -DSPSIM_MPI=ON >/dev/null
  cmake --build build-test -j "$jobs"
  ctest --test-dir build-test --output-on-failure -j "$jobs"
fi
# Left out of the sanitized run: the style checks (the plain build runs them), and
# output_stream_memory, whose peak resident memory under AddressSanitizer is the sanitizer's
# (freed blocks wait in its quarantine, so it grows with the work done, not with what is held).
sanitize_skip='^style_|^output_stream_memory$'
if [ $sanitize -eq 1 ]; then
  echo "== the suite under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)" >&2
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPSIM_WERROR=ON \
    -DSPSIM_SANITIZE=ON >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -E "$sanitize_skip"
fi
if [ $fuzz -eq 1 ]; then
  echo "== the scenario reader under libFuzzer, 60 s (build-fuzz/)" >&2
  tools/fuzz.sh 60
fi
