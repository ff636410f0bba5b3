#!/usr/bin/env bash
# A full disk is an error, never a crash: on a 2 MiB tmpfs, a run whose file does not fit exits
# with status 3 and "No space left on device", leaves no temporary file, and an earlier file of
# the same name is untouched; a disk already full is refused before the simulation starts; an
# export whose tables do not fit fails, leaving the earlier tables untouched and nothing else.
# Needs root to mount the tmpfs: elsewhere it is skipped (exit 77, the test's SKIP_RETURN_CODE).
. "$(dirname "$0")/lib.sh"
scenario=$top/scenarios/minimal.yaml
disk=$work/disk
mkdir "$disk"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=2m tmpfs "$disk" 2>"$work/mount.err"; then
  echo "SKIP: a disk-full test needs root to mount a 2 MiB tmpfs ($(cat "$work/mount.err" 2>/dev/null))"
  exit 77
fi
trap 'umount "$disk"; cleanup' EXIT

# An earlier file (a few bytes) and 1200 KiB of ballast leave too little room for a 2-replication
# file of minimal (about 1.3 MB).
echo "an earlier result" >"$disk/out.h5"
before=$(sha256sum <"$disk/out.h5")
head -c 1200k /dev/zero >"$disk/ballast"
"$spsim" run "$scenario" -r 2 -q -o "$disk/out.h5" >"$work/out" 2>"$work/err"
status=$?
check "$([ "$status" = 3 ] && echo 0 || echo 1)" "a full disk: exit $status (expected 3; 139 is a crash)"
check "$(grep -qF "spsim: cannot write $disk/out.h5: No space left on device (" "$work/err" && echo 0 || echo 1)" \
  "a full disk names the reason: $(cat "$work/err")"
check "$([ "$(sha256sum <"$disk/out.h5")" = "$before" ] && echo 0 || echo 1)" "the earlier file changed"
no_leftovers "$disk" out.h5 ballast

# A disk with no room at all is found before the simulation: the lock's process id does not fit.
head -c 3m /dev/zero >>"$disk/ballast" 2>/dev/null
expect_only 3 "spsim: cannot write $disk/new.h5: No space left on device" \
  -- "$spsim" run "$scenario" -r 2 -o "$disk/new.h5"
no_leftovers "$disk" out.h5 ballast

# With room again, the same run succeeds and replaces the earlier file.
rm "$disk/ballast"
expect 0 "" -- "$spsim" run "$scenario" -r 2 -q -o "$disk/out.h5"
check "$([ "$(sha256sum <"$disk/out.h5")" != "$before" ] && echo 0 || echo 1)" "the file was not replaced"
no_leftovers "$disk" out.h5

# An export whose tables do not fit (weekly.csv of 2 replications is several MB): exit 1, the
# earlier weekly.csv untouched, no temporary table or lock left, no table half-written.
mkdir "$disk/csv"
echo "an earlier table" >"$disk/csv/weekly.csv"
before_csv=$(sha256sum <"$disk/csv/weekly.csv")
"$spsim" run "$scenario" -r 2 -q -o "$work/for_export.h5" || fail "the run to export failed"
"$spsim" export "$work/for_export.h5" --csv "$disk/csv" >"$work/out" 2>"$work/err"
status=$?
check "$([ "$status" = 1 ] && echo 0 || echo 1)" "an export to a full disk: exit $status (expected 1): $(cat "$work/err")"
check "$(grep -qF "spsim: cannot finish writing the CSV files in $disk/csv" "$work/err" && echo 0 || echo 1)" \
  "the failed export says what failed: $(cat "$work/err")"
check "$([ "$(sha256sum <"$disk/csv/weekly.csv")" = "$before_csv" ] && echo 0 || echo 1)" \
  "the earlier weekly.csv changed"
no_leftovers "$disk/csv" weekly.csv
finish
