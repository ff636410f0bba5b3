#!/usr/bin/env bash
# Two MPI ranks give the file one process gives, bit for bit (docs/scaling.md): every dataset
# and attribute equal (h5diff -r; SOURCE_DATE_EPOCH fixes the one attribute that records the
# time), for a run with two places and two arms and for a probabilistic run (each replication's
# parameter draws travel with its results). A replication lost, sent twice, put in another's
# slot or given another's money fails the comparison.
set -euo pipefail
spsim=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1764633600 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
failed=0
check() { # name scenario replications
  "$spsim" run "$2" -r "$3" -j 2 -q -o "$out/$1-one.h5"
  mpirun -np 2 --oversubscribe "$spsim" run "$2" -r "$3" -j 1 -q -o "$out/$1-two.h5"
  if h5diff -r "$out/$1-one.h5" "$out/$1-two.h5" >"$out/$1.diff"; then
    echo "ok   $1: 2 ranks = 1 process, bit for bit ($3 replications)"
  else
    echo "FAIL $1: 2 ranks differ from 1 process:"; grep -v "^0 differences\|^attribute:" "$out/$1.diff" | head -20
    failed=1
  fi
}
check two_places tests/output/netcdf_two_places.yaml 5
check psa scenarios/somerset_psa.yaml 4
# Only `run` shares its work; any other command under mpirun is refused, not run twice.
if mpirun -np 2 --oversubscribe "$spsim" sweep tests/output/netcdf_two_places.yaml \
     --vary uptake.probability=0.8,0.9 -o "$out/sweep.h5" >"$out/sweep.out" 2>&1; then
  echo "FAIL sweep under mpirun should be refused"; failed=1
elif grep -q "under mpirun only 'spsim run' shares its work" "$out/sweep.out"; then
  echo "ok   sweep under mpirun is refused with the reason"
else
  echo "FAIL sweep under mpirun: unexpected output"; cat "$out/sweep.out"; failed=1
fi
exit $failed
