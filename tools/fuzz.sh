#!/usr/bin/env bash
# Fuzzes the scenario reader (text in memory -> YAML tree -> checks -> resolved scenario) with
# libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer, for SECONDS (60), starting
# from the seed corpus: every scenario in scenarios/ and every YAML file under tests/, plus the
# inputs in tests/fuzz/regressions/. Any crash, leak, sanitizer report or input slower than 10 s
# fails the run; libFuzzer keeps the input under build-fuzz/artifacts/, and it belongs in
# tests/fuzz/regressions/ once fixed (the suite replays that folder). The last lines of
# libFuzzer's log (executions, cov: edges, ft: features) are the campaign's figures.
#
#   tools/fuzz.sh [SECONDS (60)] [JOBS (1)]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=${2:-1}
build=$PWD/build-fuzz # absolute: the target works in a folder of its own
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPSIM_FUZZ=ON \
  >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_scenario >/dev/null
corpus=$build/corpus
mkdir -p "$corpus" "$build/artifacts"
cp scenarios/*.yaml tests/fuzz/regressions/* "$corpus"/ 2>/dev/null || true
find tests -name '*.yaml' -exec cp {} "$corpus"/ \;
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
  -artifact_prefix="$build/artifacts/")
if [ "$jobs" -gt 1 ]; then args+=(-fork="$jobs"); fi
echo "fuzzing the scenario reader for $seconds s ($build/tests/fuzz_scenario, corpus $corpus)" >&2
if ! "$build/tests/fuzz_scenario" "${args[@]}" "$corpus" 2>"$build/fuzz.log"; then
  tail -n 60 "$build/fuzz.log" >&2
  echo "fuzzing found a problem: the input is in $build/artifacts/; fix it and keep the input in" \
    "tests/fuzz/regressions/" >&2
  exit 1
fi
grep -E '^#[0-9]+.*(DONE|pulse|REDUCE|NEW)' "$build/fuzz.log" | tail -n 1 >&2
grep -E '^stat::' "$build/fuzz.log" >&2 || true
