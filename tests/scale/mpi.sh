#!/usr/bin/env bash
# Two MPI ranks give what one process gives (docs/scaling.md). `run`: the file bit for bit,
# every dataset and attribute (h5diff -r; SOURCE_DATE_EPOCH fixes the one attribute that
# records the time), for a run with two places and two arms and for a probabilistic run (each
# replication's parameter draws travel with its results), and for --precision and --tornado.
# `sweep`: the sweep's file, likewise.
# `size`: the plan file byte for byte, for places sized apart and pooled (every rank follows
# the search on the same shared results), with a budget that adds probes. `allocate`: the
# printed split. `calibrate`: the fitted keys, the particles file and the printed fit. A
# replication or particle lost, sent twice, put in another's slot, given another's money, or a
# search step taken differently on one rank fails a comparison. The one-process commands are
# refused under mpirun with the reason. Every mpirun has a time limit
# (a rank waiting for ever fails the test rather than hanging the suite).
set -euo pipefail
spsim=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1764633600 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
failed=0
two_ranks() { timeout 300 mpirun -np 2 --oversubscribe "$spsim" "$@"; }
same_h5() { # name one.h5 two.h5 what
  if h5diff -r "$2" "$3" >"$out/$1.diff"; then
    echo "ok   $1: 2 ranks = 1 process, bit for bit ($4)"
  else
    echo "FAIL $1: 2 ranks differ from 1 process:"; grep -v "^0 differences\|^attribute:\|^dataset:\|^group:" "$out/$1.diff" | head -20
    failed=1
  fi
}
same_file() { # name one two what
  if cmp "$2" "$3"; then
    echo "ok   $1: 2 ranks = 1 process, byte for byte ($4)"
  else
    echo "FAIL $1: 2 ranks differ from 1 process:"; diff "$2" "$3" | head -20; failed=1
  fi
}
check_run() { # name scenario replications
  "$spsim" run "$2" -r "$3" -j 2 -q -o "$out/$1-one.h5"
  two_ranks run "$2" -r "$3" -j 1 -q -o "$out/$1-two.h5"
  same_h5 "$1" "$out/$1-one.h5" "$out/$1-two.h5" "$3 replications"
}
check_run two_places tests/output/netcdf_two_places.yaml 5
check_run psa scenarios/somerset_psa.yaml 4
# --precision (rounds decided alike on every rank from the figures shared after each round, the
# series streamed to rank 0) and --tornado (the base streamed to rank 0, each run's figures
# shared): the file written by rank 0.
check_options() { # name options...
  local name=$1; shift
  "$spsim" run "$@" -j 2 -q -o "$out/$name-one.h5" 2>>"$out/warnings"
  two_ranks run "$@" -j 1 -q -o "$out/$name-two.h5" 2>>"$out/warnings"
  same_h5 "$name" "$out/$name-one.h5" "$out/$name-two.h5" "$*"
}
# The dealer: replications go to whichever rank asks next, not rank by rank in turn. Rank 0
# runs 1 thread (and writes), rank 1 runs 3 (mpirun's MPMD form gives each its own -j): dealt
# on demand, rank 1 takes most of the 24 (each of its threads about as many as rank 0's one,
# which also writes: 6 of 24 expected, and rank 0 would need to run 3 times faster per thread
# to reach 12); split rank by rank in turn, each would run exactly 12. The file must still be
# the one-process file.
dealt=(run tests/output/netcdf_two_places.yaml -r 24 -o "$out/dealt-two.h5")
"$spsim" run tests/output/netcdf_two_places.yaml -r 24 -j 2 -q -o "$out/dealt-one.h5"
timeout 300 mpirun --oversubscribe -np 1 "$spsim" "${dealt[@]}" -j 1 : -np 1 "$spsim" "${dealt[@]}" -j 3 \
  >/dev/null 2>"$out/dealt.err"
same_h5 dealt "$out/dealt-one.h5" "$out/dealt-two.h5" "24 replications dealt to ranks of 1 and 3 threads"
rank0=$(sed -n 's/^spsim: rank 0 ran \([0-9]*\) of the replications itself.*/\1/p' "$out/dealt.err")
if [[ -n $rank0 && $rank0 -lt 12 ]]; then
  echo "ok   dealer: rank 0 (1 thread, writing) ran $rank0 of 24, rank 1 (3 threads) the rest"
else
  echo "FAIL dealer: rank 0 ran '${rank0}' of 24 (expected fewer than 12: the replications are not dealt on demand)"
  cat "$out/dealt.err"; failed=1
fi
check_options precision tests/output/netcdf_two_places.yaml --precision 0.05 -r 4 --max-replications 12
# Met part-way through its second round (16 run, 14 kept): every rank must find the same count
# from the figures it was sent, or the file's count differs (or a rank waits for a round the
# others never start, and the time limit fails the test).
check_options precision_met tests/cli/precision_two_arms.yaml --precision 0.3 -r 3 --max-replications 60
# With parameter draws, which travel with each replication's figures.
check_options precision_psa scenarios/somerset_psa.yaml --precision 0.05 -r 2 --max-replications 4
check_options tornado tests/cli/tornado_three_keys.yaml --tornado

# sweep: 3 variants x 3 replications, each variant's replications shared.
vary=(--vary uptake.probability=0.7,0.8,0.9 -r 3 -q)
"$spsim" sweep tests/output/netcdf_two_places.yaml "${vary[@]}" -j 2 -o "$out/sweep-one.h5" >"$out/sweep-one.txt"
two_ranks sweep tests/output/netcdf_two_places.yaml "${vary[@]}" -j 1 -o "$out/sweep-two.h5" >"$out/sweep-two.txt"
same_h5 sweep "$out/sweep-one.h5" "$out/sweep-two.h5" "3 variants x 3 replications"
same_file sweep_table "$out/sweep-one.txt" "$out/sweep-two.txt" "the ranked table, printed once"

# size: the plan, apart (one search per place) and pooled (one common scale), with a budget
# the plan exceeds (each target alone, then the scaled-down plan evaluated).
for arm in apart pooled; do
  sizing=(tests/sizing/two_places.yaml --arm "$arm" --target 'wait_mean_weeks <= 4' --step 0.5 -r 4 --budget 150000 -q)
  "$spsim" size "${sizing[@]}" -j 2 -o "$out/plan-$arm-one.yaml" >"$out/size-$arm-one.txt" 2>>"$out/warnings"
  two_ranks size "${sizing[@]}" -j 1 -o "$out/plan-$arm-two.yaml" >"$out/size-$arm-two.txt" 2>>"$out/warnings"
  same_file "size_$arm" "$out/plan-$arm-one.yaml" "$out/plan-$arm-two.yaml" "the plan file"
  same_file "size_${arm}_table" "$out/size-$arm-one.txt" "$out/size-$arm-two.txt" "the printed plan"
done

# allocate: the printed split and its net monetary benefit.
alloc=(tests/sizing/two_places.yaml --arm apart --budget 300000 -r 4 -q)
"$spsim" allocate "${alloc[@]}" -j 2 >"$out/alloc-one.txt" 2>>"$out/warnings"
two_ranks allocate "${alloc[@]}" -j 1 >"$out/alloc-two.txt" 2>>"$out/warnings"
same_file allocate "$out/alloc-one.txt" "$out/alloc-two.txt" "the printed split"

# calibrate: the particles of each generation split across ranks (slot i on rank i mod 2),
# every rank then holding every particle; the fitted fragment, the particles file and the
# printed report equal one process's byte for byte. 15 particles, so the ranks' shares differ
# in size; two replications a particle, each run on its rank alone; three generations, so each
# rank proposes from the shared previous generation.
fit=(tests/calibration/fixtures/small.yaml tests/calibration/fixtures/small_targets.yaml -n 15 -r 2 -g 3 -q)
"$spsim" calibrate "${fit[@]}" -j 2 -o "$out/fit-one.yaml" --particles-csv "$out/particles-one.csv" >"$out/fit-one.txt"
two_ranks calibrate "${fit[@]}" -j 1 -o "$out/fit-two.yaml" --particles-csv "$out/particles-two.csv" >"$out/fit-two.txt"
same_file calibrate_fit "$out/fit-one.yaml" "$out/fit-two.yaml" "the fitted keys"
same_file calibrate_particles "$out/particles-one.csv" "$out/particles-two.csv" "the last generation's particles"
same_file calibrate_report "$out/fit-one.txt" "$out/fit-two.txt" "the printed fit, printed once"

refused() { # name expected-text command...
  local name=$1 text=$2; shift 2
  if two_ranks "$@" >"$out/$name.out" 2>&1; then
    echo "FAIL $name under mpirun should be refused"; failed=1
  elif grep -qF "$text" "$out/$name.out"; then
    echo "ok   $name under mpirun is refused with the reason"
  else
    echo "FAIL $name under mpirun: unexpected output"; cat "$out/$name.out"; failed=1
  fi
}
refused export "under mpirun only run, sweep, size, allocate and calibrate share their work" \
  export "$out/two_places-one.h5" --csv "$out/csv"
exit $failed
