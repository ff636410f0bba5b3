#!/usr/bin/env bash
# Speed of the engine on a scenario (default: the Somerset scenario) at 1 and 2 threads.
#
# Reports referral pathways simulated per second per core, events per second, peak memory and
# the parallel efficiency (time at 1 thread / (2 x time at 2 threads)). Each thread count is run
# RUNS times, alternating, and the median is reported, since shared machines are noisy. Times
# are the simulation's own (the HDF5 write is timed separately as whole-process wall time).
#
#   bench/run.sh [SCENARIO] [REPLICATIONS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/somerset.yaml}
reps=${2:-100}
runs=${3:-3}

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j 2 >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run: prints "sim_seconds pathways events peak_kb wall_seconds".
one_run() {
  local threads=$1
  /usr/bin/time -f "%M %e" -o "$work/time" \
    build/spsim run "$scenario" -r "$reps" -j "$threads" -o "$work/out.h5" \
    >/dev/null 2>"$work/err"
  local line
  line=$(grep 'simulated' "$work/err")
  # "spsim: simulated P referral pathways and E events in S s (...)"
  read -r pathways events seconds < <(echo "$line" | awk '{print $3, $7, $10}')
  read -r peak wall < "$work/time"
  echo "$seconds $pathways $events $peak $wall"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

: > "$work/t1"; : > "$work/t2"
for _ in $(seq "$runs"); do
  one_run 1 >> "$work/t1"
  one_run 2 >> "$work/t2"
done

s1=$(cut -d' ' -f1 "$work/t1" | median); s2=$(cut -d' ' -f1 "$work/t2" | median)
w1=$(cut -d' ' -f5 "$work/t1" | median); w2=$(cut -d' ' -f5 "$work/t2" | median)
m1=$(cut -d' ' -f4 "$work/t1" | median); m2=$(cut -d' ' -f4 "$work/t2" | median)
read -r _ pathways events _ _ < "$work/t1"

awk -v p="$pathways" -v e="$events" -v s1="$s1" -v s2="$s2" -v w1="$w1" -v w2="$w2" \
    -v m1="$m1" -v m2="$m2" -v reps="$reps" -v sc="$scenario" -v runs="$runs" 'BEGIN {
  printf "scenario %s, %d replications, median of %d runs each\n", sc, reps, runs
  printf "referral pathways simulated           %d\n", p
  printf "events processed                      %d\n", e
  printf "simulation time, 1 thread / 2 threads %.2f s / %.2f s\n", s1, s2
  printf "pathways per second per core, 1 thread  %.2f million\n", p / s1 / 1e6
  printf "pathways per second per core, 2 threads %.2f million\n", p / s2 / 2 / 1e6
  printf "events per second, 1 thread / 2 threads %.2f / %.2f million\n", e / s1 / 1e6, e / s2 / 1e6
  printf "parallel efficiency on 2 cores        %.3f\n", s1 / (2 * s2)
  printf "whole run incl. HDF5 write, 1 / 2 threads %.2f s / %.2f s\n", w1, w2
  printf "peak memory, 1 thread / 2 threads     %.1f MB / %.1f MB\n", m1 / 1024, m2 / 1024
}'
