#!/usr/bin/env bash
# Counts, not times: two builds of spsim run the same scenario under valgrind's cachegrind, side
# by side, and the table gives each one's instructions, level-1 data misses and last-level data
# misses (of a simulated 32 KiB level 1 and 8 MiB last level), and the ratios B / A. A shared
# machine's speed drifts by 10-20 % from one minute to the next (docs/performance.md), more than
# most changes to the engine are worth; these counts are the same at every run, so a change
# that saves 2 % of the instructions, or adds 5 % to the misses, shows plainly. They are not
# times: a run waits on the misses that the counts list, at a cost the simulation does not
# know, so a change is judged by its counts here and then by bench/run.sh on a quiet machine.
#
# Counts are of the whole process: reading the scenario, the simulation, the summaries and
# the file (with --keep summaries, so that the weekly series' compression weighs little).
# Needs valgrind (tools/install-deps.sh installs it). Run on demand; never part of ctest.
#
#   bench/counts.sh SPSIM_A SPSIM_B [SCENARIO (scenarios/somerset.yaml)] [REPLICATIONS (1)]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n 's/^#   //p' "$0" >&2; exit 2; }
a=$1
b=$2
scenario=${3:-scenarios/somerset.yaml}
replications=${4:-1}
command -v valgrind >/dev/null || { echo "bench/counts.sh needs valgrind: apt-get install valgrind" >&2; exit 1; }
for spsim in "$a" "$b"; do
  [ -x "$spsim" ] || { echo "bench/counts.sh: $spsim is not an executable spsim" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One build under cachegrind: $1 = A or B, $2 = its spsim. Its summary lines go to $work/$1.err.
counted_run() {
  valgrind --tool=cachegrind --cache-sim=yes --D1=32768,8,64 --LL=8388608,16,64 \
    --cachegrind-out-file="$work/$1.out" "$2" run "$scenario" -r "$replications" -j 1 \
    --keep summaries -o "$work/$1.h5" >/dev/null 2>"$work/$1.err"
}

echo "running both builds under cachegrind (about 50 times slower than without) ..." >&2
counted_run A "$a" &
counted_run B "$b" || { wait; echo "bench/counts.sh: $b failed (see above)" >&2; exit 1; }
wait $! || { echo "bench/counts.sh: $a failed" >&2; exit 1; }

# "==PID== I   refs:      6,719,399,273" and "==PID== D1  misses:  90,165,936  (...)"
count() { awk -v what="$2" '$0 ~ what {gsub(/,/, "", $4); print $4; exit}' "$work/$1.err"; }
for k in A B; do
  for what in "I +refs" "D1 +misses" "LLd +misses"; do
    [ -n "$(count $k "$what")" ] || { echo "bench/counts.sh: no '$what' in cachegrind's output" >&2; exit 1; }
  done
done
awk -v a="$a" -v b="$b" -v s="$scenario" -v r="$replications" \
  -v ia="$(count A 'I +refs')" -v ib="$(count B 'I +refs')" \
  -v da="$(count A 'D1 +misses')" -v db="$(count B 'D1 +misses')" \
  -v la="$(count A 'LLd +misses')" -v lb="$(count B 'LLd +misses')" 'BEGIN {
  printf "Cachegrind counts of %s, %d replication(s), 1 thread, whole process.\n\n", s, r
  printf "| count | A: %s | B: %s | B / A |\n|---|---|---|---|\n", a, b
  printf "| instructions | %.0f | %.0f | **%.4f** |\n", ia, ib, ib / ia
  printf "| level-1 data misses (32 KiB) | %.0f | %.0f | **%.4f** |\n", da, db, db / da
  printf "| last-level data misses (8 MiB) | %.0f | %.0f | **%.4f** |\n", la, lb, lb / la
}'
