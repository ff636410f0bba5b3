#!/usr/bin/env bash
# One writer per output: while one run writes OUT.h5, a second run to the same output is refused
# before it simulates anything, naming the first by its process id; the first completes and
# leaves a valid file and no lock. A lock file left by a process that died does not block.
. "$(dirname "$0")/lib.sh"
scenario=$top/scenarios/minimal.yaml
out=$work/out.h5

# The first run takes seconds (40 replications on one thread); the second starts as soon as
# the first holds the lock, and is refused within milliseconds, so the two always overlap.
"$spsim" run "$scenario" -r 40 -j 1 -q -o "$out" 2>"$work/first.err" &
first=$!
for _ in $(seq 1 500); do
  [ -s "$out.lock" ] && break
  sleep 0.01
done
check "$([ -s "$out.lock" ] && echo 0 || echo 1)" "the first run took no lock within 5 s"
expect_only 3 "spsim: cannot write $out: another process (pid $first) is writing it now (it holds $out.lock); wait for it to finish or choose another output" \
  -- "$spsim" run "$scenario" -r 2 -o "$out"
check "$(kill -0 "$first" 2>/dev/null && echo 0 || echo 1)" \
  "the first run had already finished when the second was refused: the test proved nothing"
wait "$first"
status=$?
check "$([ "$status" = 0 ] && echo 0 || echo 1)" "the first run failed (exit $status): $(cat "$work/first.err")"
expect 0 "" -- "$spsim" summary "$out"
check "$(grep -q '^Verdict for minimal' "$work/out" && echo 0 || echo 1)" "the first run's file does not read back"
no_leftovers "$work" out.h5 first.err out err

# A stale lock (its holder killed, its text whatever it was) is taken over.
echo 99999999 >"$out.lock"
expect 0 "" -- "$spsim" run "$scenario" -r 2 -q -o "$out"
no_leftovers "$work" out.h5 first.err out err

# Another output in the same directory is not blocked by a lock on the first.
"$spsim" run "$scenario" -r 40 -j 1 -q -o "$out" 2>"$work/first.err" &
first=$!
for _ in $(seq 1 500); do
  [ -s "$out.lock" ] && break
  sleep 0.01
done
expect 0 "" -- "$spsim" run "$scenario" -r 2 -q -o "$work/other.h5"
wait "$first" || fail "the first run failed: $(cat "$work/first.err")"
no_leftovers "$work" out.h5 other.h5 first.err out err
finish
