#!/usr/bin/env bash
# One export per directory: while `spsim export --csv DIR` writes its tables, a second export
# into the same DIR is refused (exit 3) before it writes anything, naming the first by its
# process id; the first completes with whole tables and leaves no lock. Another directory is not
# blocked, and a lock left by a process that died does not block.
. "$(dirname "$0")/lib.sh"
scenario=$top/scenarios/minimal.yaml
h5=$work/results.h5
csv=$work/csv
mkdir "$csv" "$work/other"
# 200 replications: weekly.csv is about 270 MB, a few seconds of writing, so the second export
# (refused within milliseconds of the first taking the lock) always overlaps it.
"$spsim" run "$scenario" -r 200 -q -o "$h5" || fail "the results file could not be made"

"$spsim" export "$h5" --csv "$csv" 2>"$work/first.err" &
first=$!
for _ in $(seq 1 500); do
  [ -s "$csv/export.lock" ] && break
  sleep 0.01
done
check "$([ -s "$csv/export.lock" ] && echo 0 || echo 1)" "the first export took no lock within 5 s"
expect_only 3 "spsim: cannot write $csv: another process (pid $first) is writing it now (it holds $csv/export.lock); wait for it to finish or choose another output" \
  -- "$spsim" export "$h5" --csv "$csv"
check "$(kill -0 "$first" 2>/dev/null && echo 0 || echo 1)" \
  "the first export had already finished when the second was refused: the test proved nothing"
# Another directory meanwhile is not blocked.
expect 0 "" -- "$spsim" export "$h5" --csv "$work/other"
wait "$first"
status=$?
check "$([ "$status" = 0 ] && echo 0 || echo 1)" "the first export failed (exit $status): $(cat "$work/first.err")"
rows=$(wc -l <"$csv/weekly.csv")
check "$([ "$rows" = "$(wc -l <"$work/other/weekly.csv")" ] && echo 0 || echo 1)" \
  "the first export's weekly.csv ($rows lines) differs from an export alone"
no_leftovers "$csv" weekly.csv totals.csv locality_totals.csv headlines.csv dictionary.csv

# A stale lock (its holder gone) is taken over.
echo 99999999 >"$csv/export.lock"
expect 0 "" -- "$spsim" export "$h5" --csv "$csv"
no_leftovers "$csv" weekly.csv totals.csv locality_totals.csv headlines.csv dictionary.csv
finish
