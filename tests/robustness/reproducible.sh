#!/usr/bin/env bash
# With SOURCE_DATE_EPOCH, two runs of the same scenario and seed give byte-identical files (cmp),
# made a second apart so that any clock time left in the file (HDF5's object times, `created`)
# would differ, and at different thread counts, so that replications finishing in another order
# would move their chunks; `created` is that epoch as ISO 8601 UTC; another epoch changes the
# bytes.
. "$(dirname "$0")/lib.sh"
scenario=$top/scenarios/minimal.yaml
export SOURCE_DATE_EPOCH=1743465600 # 2025-04-01T00:00:00Z
"$spsim" run "$scenario" -r 8 -q -j 4 -o "$work/a.h5" || fail "the first run failed"
sleep 1.1
"$spsim" run "$scenario" -r 8 -q -j 1 -o "$work/b.h5" || fail "the second run failed"
check "$(cmp -s "$work/a.h5" "$work/b.h5" && echo 0 || echo 1)" \
  "two runs with SOURCE_DATE_EPOCH differ: $(cmp "$work/a.h5" "$work/b.h5" 2>&1)"
h5dump -a /created "$work/a.h5" >"$work/created" 2>&1
check "$(grep -qF '"2025-04-01T00:00:00Z"' "$work/created" && echo 0 || echo 1)" \
  "created is not the epoch: $(cat "$work/created")"
SOURCE_DATE_EPOCH=1743465601 "$spsim" run "$scenario" -r 8 -q -o "$work/c.h5" || fail "the third run failed"
check "$(cmp -s "$work/a.h5" "$work/c.h5" && echo 1 || echo 0)" "another epoch gave the same bytes"
# Everything but `created` is the same without it too.
unset SOURCE_DATE_EPOCH
"$spsim" run "$scenario" -r 8 -q -o "$work/d.h5" || fail "the run without an epoch failed"
h5diff "$work/a.h5" "$work/d.h5" >"$work/diff" 2>&1
status=$?
check "$([ "$status" = 1 ] && [ "$(grep -v 'differences found$' "$work/diff")" = 'attribute: <created of </>> and <created of </>>' ] && echo 0 || echo 1)" \
  "without an epoch, more than created differs (h5diff exit $status): $(cat "$work/diff")"
# A sweep's file records no clock time either: two sweeps a second apart are byte-identical.
"$spsim" sweep "$scenario" --vary reneging.median_weeks=6,12 -r 2 -q -o "$work/s1.h5" >/dev/null ||
  fail "the first sweep failed"
sleep 1.1
"$spsim" sweep "$scenario" --vary reneging.median_weeks=6,12 -r 2 -q -j 1 -o "$work/s2.h5" >/dev/null ||
  fail "the second sweep failed"
check "$(cmp -s "$work/s1.h5" "$work/s2.h5" && echo 0 || echo 1)" \
  "two sweeps a second apart differ: $(cmp "$work/s1.h5" "$work/s2.h5" 2>&1)"
finish
