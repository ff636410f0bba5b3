#!/usr/bin/env bash
# Efficiency at 2 MPI ranks against one process (docs/scaling.md), in one Markdown table:
# the same scenario and replications run as one process on 1 thread, as one process on 2
# threads and as 2 ranks of 1 thread each (mpirun), the kinds alternating, RUNS times each;
# each figure is the median. Times are the simulation's own as spsim reports it on stderr
# (rank 0's, from the first replication to the last one received: the HDF5 write is outside
# it) and the whole command's wall time (mpirun's start-up and the write included), and the
# simulation's CPU time, every thread's and (rank 0 adds what the others report) every rank's.
# Efficiency is t1 / (2 t2) in wall time; in CPU time it is cpu1 / cpu2, the share of the work
# that is the model's rather than the sharing's (packing, sending, a rank polling while it
# waits), which a loaded machine does not blur. The load average before and after says how busy the shared
# machine was: on a loaded one, wall times include waiting for a core and the figures are
# noisy. Needs an MPI build (-DSPSIM_MPI=ON): build/, or the folder named by SPSIM_BUILD (e.g.
# SPSIM_BUILD=build-mpi). Run on demand; never part of ctest.
#
#   bench/mpi.sh [REPLICATIONS (16)] [RUNS (3)] [SCENARIO (scenarios/somerset.yaml)]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-16}
runs=${2:-3}
scenario=${3:-scenarios/somerset.yaml}
build=${SPSIM_BUILD:-build}
grep -q "SPSIM_MPI:BOOL=ON" "$build/CMakeCache.txt" 2>/dev/null || {
  echo "bench/mpi.sh: $build/ is not an MPI build (cmake -S . -B $build -DSPSIM_MPI=ON, or SPSIM_BUILD=DIR)" >&2
  exit 2
}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run; appends "sim_seconds wall_seconds sim_cpu_seconds" to $1, with $2 threads. The rest: the launcher
# (nothing, or mpirun and its options).
one_run() {
  local record=$1 threads=$2
  shift 2
  /usr/bin/time -f "%e" -o "$work/time" "$@" "$build/spsim" run "$scenario" -r "$reps" -j "$threads" \
    --keep summaries -o "$work/out.h5" >/dev/null 2>"$work/err"
  local sim cpu
  sim=$(sed -n 's/.* events in \([0-9.]*\) s .*/\1/p' "$work/err")
  cpu=$(sed -n 's/.* s (\([0-9.]*\) s of CPU time.*/\1/p' "$work/err")
  echo "$sim $(tail -1 "$work/time") $cpu" >>"$record"
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq "$runs"); do
  one_run "$work/one" 1
  one_run "$work/threads" 2
  one_run "$work/ranks" 1 mpirun -np 2 --oversubscribe
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A sim wall cpu
for kind in one threads ranks; do
  sim[$kind]=$(cut -d' ' -f1 "$work/$kind" | median)
  wall[$kind]=$(cut -d' ' -f2 "$work/$kind" | median)
  cpu[$kind]=$(cut -d' ' -f3 "$work/$kind" | median)
done
eff() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / (2 * b)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "$scenario, $reps replications, median of $runs; load average $load_before before, $load_after after"
echo
echo "| run | simulation (s) | whole command (s) | simulation CPU (s) | efficiency (simulation) | efficiency (whole) | efficiency (CPU) |"
echo "|---|---|---|---|---|---|---|"
echo "| 1 process, 1 thread | ${sim[one]} | ${wall[one]} | ${cpu[one]} | 1 | 1 | 1 |"
for kind in threads ranks; do
  label="1 process, 2 threads"
  [ "$kind" = ranks ] && label="2 ranks x 1 thread"
  echo "| $label | ${sim[$kind]} | ${wall[$kind]} | ${cpu[$kind]} | $(eff "${sim[one]}" "${sim[$kind]}") | $(eff "${wall[one]}" "${wall[$kind]}") | $(ratio "${cpu[one]}" "${cpu[$kind]}") |"
done
