#!/usr/bin/env bash
# The engine's speed, in one table (Markdown, for docs/performance.md):
#   - the core pathway (bench/core.yaml) at 1 thread: referral pathways per second per core;
#   - the random-variate bound: the time to draw, alone, exactly the variates the core run drew
#     (counted by kind in a second build, build-count/, with -DSPSIM_COUNT_VARIATES=ON; drawn
#     again by bench/variates.c with the same generator, samplers and parameters), and the ratio
#     engine time / variate time;
#   - the full default scenario at 1 and 2 threads: pathways per second per core, parallel
#     efficiency t1 / (2 t2), events per second, peak memory of the whole process and memory of
#     the engine per person in the system.
# Each timing is the median of RUNS runs, the kinds of run alternating, since shared machines
# are noisy. Times are the simulation's own, as spsim reports them on stderr (the HDF5 write is
# in the whole-process wall time only). Beside each wall-clock figure (what the targets are
# stated in) the table gives the same in CPU time, which on a machine with more runnable
# processes than cores leaves out the time spent waiting for a core; the load average before
# and after says how busy the machine was. Run on demand; never part of ctest.
#
#   bench/run.sh [FULL_REPLICATIONS (40)] [RUNS (3)] [FULL_SCENARIO (scenarios/somerset.yaml)]
set -euo pipefail
cd "$(dirname "$0")/.."
full_reps=${1:-40}
runs=${2:-3}
full=${3:-scenarios/somerset.yaml}
core=bench/core.yaml

echo "building build/ and build-count/ (Release) ..." >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j 2 --target spsim bench_variates >/dev/null
cmake -S . -B build-count -DCMAKE_BUILD_TYPE=Release -DSPSIM_COUNT_VARIATES=ON \
  -DBUILD_TESTING=OFF >/dev/null
cmake --build build-count -j 2 --target spsim >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run of spsim; appends "sim_seconds pathways events peak_kb wall_seconds engine_bytes
# people process_cpu_seconds sim_cpu_seconds" to the file $1. The rest: spsim's arguments.
one_run() {
  local record=$1
  shift
  /usr/bin/time -f "%M %e %U %S" -o "$work/time" build/spsim run "$@" -o "$work/out.h5" \
    >/dev/null 2>"$work/err"
  local pathways events seconds cpu bytes people peak wall user sys
  # "spsim: simulated P referral pathways and E events in S s (C s of CPU time; ...)"
  read -r pathways events seconds cpu < <(awk '/simulated/ {sub(/^\(/, "", $12); print $3, $7, $10, $12}' "$work/err")
  # "spsim: engine state at its largest: B bytes for P people in the system at once (...)"
  read -r bytes people < <(awk '/engine state/ {print $7, $10}' "$work/err")
  read -r peak wall user sys <"$work/time"
  echo "$seconds $pathways $events $peak $wall $bytes $people $(echo "$user + $sys" | bc) $cpu" >>"$record"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
column_median() { cut -d' ' -f"$2" "$1" | median; }

# The counts are the same at every run and thread count (a replication's draws depend only on
# its number), so one counting run is enough.
echo "counting the core run's variates ..." >&2
build-count/spsim run "$core" -j 1 -o "$work/count.h5" >/dev/null 2>"$work/count_err"
counts=$(sed -n 's/^spsim: variates drawn: //p' "$work/count_err")
[ -n "$counts" ] || { echo "build-count/spsim printed no variate counts" >&2; exit 1; }

load_before=$(cut -d' ' -f1 /proc/loadavg)
: >"$work/core"; : >"$work/full1"; : >"$work/full2"; : >"$work/variates"
for i in $(seq "$runs"); do
  echo "round $i of $runs ..." >&2
  one_run "$work/core" "$core" -j 1
  # shellcheck disable=SC2086 # the counts are separate KIND=COUNT words
  build/bench/bench_variates "$core" $counts |
    awk '/^variates:/ {sub(/^\(/, "", $7); print $5, $7}' >>"$work/variates"
  one_run "$work/full1" "$full" -r "$full_reps" -j 1
  one_run "$work/full2" "$full" -r "$full_reps" -j 2
done

load_after=$(cut -d' ' -f1 /proc/loadavg)
core_s=$(column_median "$work/core" 1); core_cpu=$(column_median "$work/core" 9)
var_s=$(column_median "$work/variates" 1); var_cpu=$(column_median "$work/variates" 2)
f1=$(column_median "$work/full1" 1); f2=$(column_median "$work/full2" 1)
w1=$(column_median "$work/full1" 5); w2=$(column_median "$work/full2" 5)
m1=$(column_median "$work/full1" 4); m2=$(column_median "$work/full2" 4)
c1=$(column_median "$work/full1" 8); c2=$(column_median "$work/full2" 8)
s1=$(column_median "$work/full1" 9); s2=$(column_median "$work/full2" 9)
read -r _ core_p _ _ _ _ _ _ _ <"$work/core"
read -r _ full_p full_e _ _ bytes people _ _ <"$work/full1"
n_variates=$(echo "$counts" | tr ' ' '\n' | awk -F= '{n += $2} END {print n}')

awk -v runs="$runs" -v core="$core" -v full="$full" -v reps="$full_reps" \
    -v cs="$core_s" -v cp="$core_p" -v vs="$var_s" -v nv="$n_variates" \
    -v f1="$f1" -v f2="$f2" -v fp="$full_p" -v fe="$full_e" -v w1="$w1" -v w2="$w2" \
    -v m1="$m1" -v m2="$m2" -v bytes="$bytes" -v people="$people" -v c1="$c1" -v c2="$c2" \
    -v ccpu="$core_cpu" -v vcpu="$var_cpu" -v s1="$s1" -v s2="$s2" \
    -v l0="$load_before" -v l1="$load_after" -v cores="$(nproc)" 'BEGIN {
  printf "Median of %d runs each; times are the simulation'"'"'s own unless stated. Load average\n", runs
  printf "(1 minute) %s before the runs and %s after, on %d cores.\n\n", l0, l1, cores
  printf "| figure | value | target |\n|---|---|---|\n"
  printf "| core pathway (%s, 1 thread): pathways simulated, time | %d in %.2f s | |\n", core, cp, cs
  printf "| core pathway: referral pathways per second per core | **%.2f million** | at least 5 million |\n", cp / cs / 1e6
  printf "| core pathway: pathways per CPU-second (simulation CPU time %.2f s) | %.2f million | |\n", ccpu, cp / ccpu / 1e6
  printf "| variates the core run drew (all kinds), per pathway | %.1f million, %.1f | |\n", nv / 1e6, nv / cp
  printf "| variate bound: time to draw them alone | %.3f s (%.1f ns per variate) | |\n", vs, vs / nv * 1e9
  printf "| variate bound in CPU time | %.3f s (%.1f ns per variate) | |\n", vcpu, vcpu / nv * 1e9
  printf "| engine time / variate time | **%.2f** | at most 2 |\n", cs / vs
  printf "| engine CPU time / variate CPU time | %.2f | |\n", ccpu / vcpu
  printf "| full default (%s, %d replications): pathways, events | %d, %d | |\n", full, reps, fp, fe
  printf "| full default: time at 1 thread / 2 threads | %.2f s / %.2f s | |\n", f1, f2
  printf "| full default: pathways per second per core, 1 thread | **%.2f million** | at least 2 million |\n", fp / f1 / 1e6
  printf "| full default: pathways per second per core, 2 threads | %.2f million | |\n", fp / f2 / 2 / 1e6
  printf "| full default: pathways per CPU-second, 1 thread / 2 threads | %.2f / %.2f million | |\n", fp / s1 / 1e6, fp / s2 / 1e6
  printf "| parallel efficiency on 2 threads, t1 / (2 t2) | **%.3f** | at least 0.95 |\n", f1 / (2 * f2)
  printf "| events per second, 1 thread / 2 threads | %.2f / %.2f million | |\n", fe / f1 / 1e6, fe / f2 / 1e6
  printf "| CPU time of the simulation / of the whole process, 1 thread | %.2f s / %.2f s | |\n", s1, c1
  printf "| CPU time of the simulation / of the whole process, 2 threads | %.2f s / %.2f s | |\n", s2, c2
  printf "| whole run including the HDF5 write (wall), 1 / 2 threads | %.2f s / %.2f s | |\n", w1, w2
  printf "| peak memory of the whole process, 1 / 2 threads | %.1f MB / %.1f MB | |\n", m1 / 1024, m2 / 1024
  printf "| engine state at its largest (one replication): bytes, people in the system | %.2f MB, %d people | |\n", bytes / 1e6, people
  printf "| engine memory per person in the system | %.0f bytes | |\n", bytes / people
}'
