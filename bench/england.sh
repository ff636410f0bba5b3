#!/usr/bin/env bash
# One 10-year replication of the England scenario (scenarios/england.yaml: 42 integrated care
# boards, both arms) on one thread: the time against the aim of 10 s, and the engine's memory
# per person in the system against the aim of 200 bytes (docs/scaling.md). Each run's figures
# are spsim's own (simulation time and its CPU time, pathways, events, the engine state at its
# largest) and /usr/bin/time's (the whole process's CPU time and peak memory); the table gives
# the median of RUNS runs, with the load average before and after, since the machine is shared.
# With a second spsim (an earlier build, say), the two run in turn, A B A B ..., and the table
# gives both and the ratio of their medians, which holds when the machine's speed drifts.
# Run on demand; never part of ctest.
#
#   bench/england.sh [RUNS (3)] [OTHER_SPSIM]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
other=${2:-}
scenario=scenarios/england.yaml

echo "building build/ (Release) ..." >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j 2 --target spsim >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run of the spsim $2; appends "sim_s sim_cpu_s pathways events bytes people peak_kb
# process_cpu_s" to the file $1.
one_run() {
  local record=$1 spsim=$2
  /usr/bin/time -f "%M %U %S" -o "$work/time" "$spsim" run "$scenario" -r 1 -j 1 \
    -o "$work/out.h5" >/dev/null 2>"$work/err"
  local pathways events seconds cpu bytes people peak user sys
  # "spsim: simulated P referral pathways and E events in S s (C s of CPU time; ...)"
  read -r pathways events seconds cpu < <(awk '/simulated/ {sub(/^\(/, "", $12); print $3, $7, $10, $12}' "$work/err")
  # "spsim: engine state at its largest: B bytes for P people in the system at once (...)"
  read -r bytes people < <(awk '/engine state/ {print $7, $10}' "$work/err")
  read -r peak user sys <"$work/time"
  echo "$seconds $cpu $pathways $events $bytes $people $peak $(echo "$user + $sys" | bc)" >>"$record"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
column_median() { cut -d' ' -f"$2" "$1" | median; }

load_before=$(cut -d' ' -f1 /proc/loadavg)
: >"$work/a"; : >"$work/b"
for i in $(seq "$runs"); do
  echo "round $i of $runs ..." >&2
  one_run "$work/a" build/spsim
  [ -z "$other" ] || one_run "$work/b" "$other"
done
load_after=$(cut -d' ' -f1 /proc/loadavg)

# "label file": the table's rows for one build.
rows() {
  local label=$1 f=$2
  local s c p e bytes people peak pc
  s=$(column_median "$f" 1); c=$(column_median "$f" 2); pc=$(column_median "$f" 8)
  peak=$(column_median "$f" 7)
  read -r _ _ p e bytes people _ _ <"$f"
  awk -v l="$label" -v s="$s" -v c="$c" -v p="$p" -v e="$e" -v b="$bytes" -v n="$people" \
      -v pk="$peak" -v pc="$pc" 'BEGIN {
    printf "| %s: pathways, events | %d, %d | |\n", l, p, e
    printf "| %s: one replication, simulation time (wall) | **%.1f s** | under 10 s |\n", l, s
    printf "| %s: the same in CPU time | **%.1f s** | |\n", l, c
    printf "| %s: CPU time of the whole process (with the HDF5 write) | %.1f s | |\n", l, pc
    printf "| %s: pathways per CPU-second | %.2f million | |\n", l, p / c / 1e6
    printf "| %s: engine state at its largest, people in the system then | %.1f MB, %d people | |\n", l, b / 1e6, n
    printf "| %s: engine memory per person in the system | **%.0f bytes** | at most 200 |\n", l, b / n
    printf "| %s: peak memory of the whole process | %.0f MB | |\n", l, pk / 1024
  }'
}

echo "Median of $runs run(s) of one 10-year replication of $scenario at -j 1; load average"
echo "(1 minute) $load_before before the runs and $load_after after, on $(nproc) cores."
echo
echo "| figure | value | aim |"
echo "|---|---|---|"
rows "this build" "$work/a"
if [ -n "$other" ]; then
  rows "$other" "$work/b"
  awk -v a="$(column_median "$work/a" 2)" -v b="$(column_median "$work/b" 2)" 'BEGIN {
    printf "| CPU time, this build / the other | %.2f | |\n", a / b }'
fi
