#!/usr/bin/env bash
# An output that cannot be written is refused before the simulation starts, with exit status 3
# and the system's reason (strerror): a missing directory, a path that is a directory, a
# directory that is not writable; an earlier file of that name is untouched and nothing is left
# behind. "Before the simulation" is shown by stderr holding the one error line and nothing of
# the run (its header and progress lines come first in any run that starts).
. "$(dirname "$0")/lib.sh"
scenario=$top/scenarios/minimal.yaml

# A missing directory, for run, sweep, size -o and calibrate -o.
missing=$work/no/such/dir
expect_only 3 "spsim: cannot write $missing/out.h5: directory $missing: No such file or directory" \
  -- "$spsim" run "$scenario" -r 2 -o "$missing/out.h5"
expect_only 3 "spsim: cannot write $missing/s.h5: directory $missing: No such file or directory" \
  -- "$spsim" sweep "$scenario" --vary localities.town.link_workers.fte=4,5 -r 2 -o "$missing/s.h5"
expect_only 3 "spsim: cannot write $missing/plan.yaml: directory $missing: No such file or directory" \
  -- "$spsim" size "$scenario" --arm base --target 'wait_mean_weeks <= 8' -r 2 -o "$missing/plan.yaml"

fixtures=$top/tests/calibration/fixtures
expect_only 3 "spsim: cannot write $missing/fit.yaml: directory $missing: No such file or directory" \
  -- "$spsim" calibrate "$fixtures/small.yaml" "$fixtures/small_targets.yaml" -o "$missing/fit.yaml"

# The output path is a directory (with and without a trailing slash).
mkdir "$work/adir"
expect_only 3 "spsim: cannot write $work/adir: Is a directory (a results file needs a file name)" \
  -- "$spsim" run "$scenario" -r 2 -o "$work/adir"
expect_only 3 "spsim: cannot write $work/adir/: Is a directory (a results file needs a file name)" \
  -- "$spsim" run "$scenario" -r 2 -o "$work/adir/"
no_leftovers "$work/adir"

# The directory's parent is a file.
echo text >"$work/afile"
expect_only 3 "spsim: cannot write $work/afile/out.h5: directory $work/afile: Not a directory" \
  -- "$spsim" run "$scenario" -r 2 -o "$work/afile/out.h5"

# A read-only directory holding an earlier results file: refused, the file untouched. Root
# passes every permission check, so as root the run is made as the user nobody.
mkdir "$work/ro"
"$spsim" run "$scenario" -r 2 -q -o "$work/ro/out.h5" || fail "the earlier file could not be written"
before=$(sha256sum <"$work/ro/out.h5")
chmod 555 "$work/ro"
as_user=()
if [ "$(id -u)" = 0 ]; then
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
expect_only 3 "spsim: cannot write $work/ro/out.h5: directory $work/ro: Permission denied" \
  -- "${as_user[@]}" "$spsim" run "$scenario" -r 2 -o "$work/ro/out.h5"
check "$([ "$(sha256sum <"$work/ro/out.h5")" = "$before" ] && echo 0 || echo 1)" \
  "the earlier file in the read-only directory changed"
no_leftovers "$work/ro" out.h5

# A writable directory after all this: the same command succeeds, and leaves only its file.
mkdir "$work/rw"
expect 0 "" -- "$spsim" run "$scenario" -r 2 -q -o "$work/rw/out.h5"
no_leftovers "$work/rw" out.h5

# A malformed SOURCE_DATE_EPOCH is refused before the work, as a usage error.
expect_only 2 "spsim: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799, got 'yesterday'" \
  -- env SOURCE_DATE_EPOCH=yesterday "$spsim" run "$scenario" -r 2 -o "$work/rw/e.h5"
finish
