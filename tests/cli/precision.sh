#!/usr/bin/env bash
# `spsim run --precision`: the file it writes is the file of a plain run with the count it
# reports (every dataset and root attribute compared, as in reproducibility.sh, but `created`
# and the precision_* attributes a plain run does not have); a looser precision never needs more
# replications than a tighter one with the same seed; the cap stops the run and says so; bad
# values give exact messages (exit status 2).
#
# The scenario is two small arms over three years (tests/cli/precision_two_arms.yaml), so each
# run takes seconds; with its seed, 0.3, 0.2, 0.15 and 0.12 need 12, 22, 30 and 55
# replications. The counts are fixed by the seed (no timing or thread order enters them), so
# nothing here is flaky. The checks can fail: a file kept with the replications beyond the
# count, or counts taken from the round's estimate instead of the first count that meets the
# target, break the first two.
set -u
spsim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=tests/cli/precision_two_arms.yaml
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $1"; fi; }

# The value of the root's scalar attribute $2 in file $1, as h5dump prints it.
attribute() { h5dump -a "/$2" "$1" | sed -n 's/^ *(0): //p' | tr -d '"'; }

# The root's attributes but `created` and precision_*, as h5dump prints them.
root_attributes() {
  local name
  h5dump -H "$1" | sed -n 's/^   ATTRIBUTE "\(.*\)" {$/\1/p' | grep -vx created | grep -v '^precision' |
    while read -r name; do h5dump -a "/$name" "$1" | tail -n +2; done
}

identical_but_precision() {
  h5diff --exclude-attribute / "$1" "$2" | head -20
  [ "${PIPESTATUS[0]}" = 0 ] || return 1
  local a b
  a=$(root_attributes "$1"); b=$(root_attributes "$2")
  [ -n "$a" ] && [ "$a" = "$b" ]
}

# Replications --precision $1 needs (extra options after it), from the file's root.
needed() {
  local p=$1; shift
  "$spsim" run "$scenario" --precision "$p" "$@" -q -j 2 -o "$work/p$p.h5" || return 1
  attribute "$work/p$p.h5" precision_replications
}

n15=$(needed 0.15)
"$spsim" run "$scenario" -r "$n15" -q -j 2 -o "$work/fixed.h5"
check "--precision 0.15 ran more than the pilot (got $n15)" '[ "$n15" -gt 10 ]'
check "the --precision file is the -r $n15 file" 'identical_but_precision "$work/p0.15.h5" "$work/fixed.h5"'
check "the root records the precision asked for" '[ "$(attribute "$work/p0.15.h5" precision)" = 0.15 ]'
check "the root says it was met" '[ "$(attribute "$work/p0.15.h5" precision_met)" = 1 ]'
check "the root's replications is the count reported" '[ "$(attribute "$work/p0.15.h5" replications)" = "$n15" ]'
"$spsim" run "$scenario" -r "$((n15 + 1))" -q -j 2 -o "$work/plus1.h5"
check "one replication more gives a different file (the comparison can fail)" '! identical_but_precision "$work/p0.15.h5" "$work/plus1.h5" >/dev/null'

check "the summary says the count was chosen by precision" \
  '"$spsim" summary "$work/p0.15.h5" --full | sed -n 3p | grep -q "^Replications enough for precision 0.15: .*(needed the most: [a-z]*/[a-z_]*)$"'
check "a plain run's summary says nothing of precision" '! "$spsim" summary "$work/fixed.h5" --full | grep -qE "^(Replications enough|Precision )"'

n30=$(needed 0.3) n20=$(needed 0.2) n12=$(needed 0.12)
check "looser never needs more: 0.3 ($n30) <= 0.2 ($n20) <= 0.15 ($n15) <= 0.12 ($n12)" \
  '[ "$n30" -le "$n20" ] && [ "$n20" -le "$n15" ] && [ "$n15" -le "$n12" ]'
check "the precisions ask for different counts (the ordering is tested, not tied)" '[ "$n30" -lt "$n12" ]'

"$spsim" run "$scenario" --precision 0.05 --max-replications 12 -j 2 -o "$work/cap.h5" >"$work/out" 2>"$work/err"
check "the cap stops the run with status 0" '[ $? = 0 ]'
check "the cap is said plainly" 'grep -qF "spsim: warning: precision 0.05 NOT reached: --max-replications 12 stopped the run and the file holds 12 replications; still too wide: " "$work/err"'
check "the capped file holds 12 replications and says it was not met" \
  '[ "$(attribute "$work/cap.h5" replications)" = 12 ] && [ "$(attribute "$work/cap.h5" precision_met)" = 0 ]'
check "the capped file's summary says so" '"$spsim" summary "$work/cap.h5" --full | sed -n 3p | grep -q "^Precision 0.05 NOT reached: stopped at the cap of 12 replications"'
check "the capped file's verdict says so" '"$spsim" summary "$work/cap.h5" | grep -q "^  - Precision 0.05 NOT reached: stopped at the cap of 12 replications"'
check "progress shows the rounds" 'grep -q "^spsim: precision round 2: 12 replications; widest: " "$work/err"'

# usage_is MESSAGE -- ARGS...: exit status 2 and MESSAGE as the first line of stderr, exactly.
usage_is() {
  local message=$1; shift 2
  "$spsim" run "$scenario" -q -o "$work/bad.h5" "$@" >/dev/null 2>"$work/err"
  local got=$?
  if [ "$got" = 2 ] && [ "$(head -1 "$work/err")" = "$message" ] && [ ! -e "$work/bad.h5" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); echo "FAILED: $* -> exit $got, stderr: $(head -1 "$work/err")"
  fi
}
for bad in 0 -0.05 1.5 abc 0.05x nan inf ""; do
  usage_is "spsim: --precision needs a number above 0 and at most 1 (a share of each headline's mean: 0.05 is 5 %), got '$bad'" -- --precision "$bad"
done
usage_is "spsim: --max-replications needs a whole number from 2 to 100000 (as the replications key), got '1'" -- --precision 0.1 --max-replications 1
usage_is "spsim: --max-replications needs --precision" -- --max-replications 50
usage_is "spsim: -r 60 (the pilot of --precision) is more than --max-replications" -- --precision 0.1 -r 60 --max-replications 50
usage_is "spsim: --precision needs a pilot of at least 2 replications (-r and --max-replications)" -- --precision 0.1 -r 1

echo "replications needed: 0.3 $n30, 0.2 $n20, 0.15 $n15, 0.12 $n12"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
