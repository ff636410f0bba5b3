#!/usr/bin/env bash
# spsim sweep and spsim size: the exact message and exit status for each bad argument, help
# for both, and the staffing plan `size` writes accepted by `run` through include.
set -u
spsim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
mmc=tests/sizing/mmc.yaml

# expect STATUS MESSAGE -- COMMAND...: exit STATUS and stderr's first line is exactly MESSAGE.
expect() {
  local status=$1 message=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$? first
  first=$(head -n 1 "$work/err")
  if [ "$got" = "$status" ] && [ "$first" = "$message" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $* -> exit $got (expected $status)"
    echo "  expected: $message"
    echo "  got:      $first"
  fi
}
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $1"; fi; }

for cmd in allocate sweep size; do
  expect 0 "" -- "$spsim" "$cmd" --help
  check "$cmd --help prints its usage" "grep -q '^usage: spsim $cmd' '$work/out'"
done
for metric in wait_mean_weeks wait_p90_weeks first_contact_mean_weeks never_connected_share caseload_per_fte; do
  check "size --help documents $metric" "grep -q '$metric' '$work/out'"
done

key=localities.only.link_workers.fte
expect 2 "spsim: sweep needs at least one --vary" -- "$spsim" sweep "$mmc"
expect 2 "spsim: sweep needs a scenario file" -- "$spsim" sweep --vary "$key=1,2"
expect 2 "spsim: --vary needs KEY=FROM:TO:STEP or KEY=a,b,c, got '$key'" -- "$spsim" sweep "$mmc" --vary "$key"
expect 2 "spsim: --vary $key: no values after '=' (allowed: FROM:TO:STEP or a,b,c)" -- "$spsim" sweep "$mmc" --vary "$key="
expect 2 "spsim: --vary $key: the step is 0 (allowed: a step other than 0)" -- "$spsim" sweep "$mmc" --vary "$key=1:2:0"
expect 2 "spsim: --vary $key: the range 2:1 is empty with step 0.5: the step has the wrong sign (allowed: a step of the sign of TO - FROM)" -- "$spsim" sweep "$mmc" --vary "$key=2:1:0.5"
expect 2 "spsim: --vary $key: '1:2' is not FROM:TO:STEP" -- "$spsim" sweep "$mmc" --vary "$key=1:2"
expect 2 "spsim: --vary $key: 'x' is not a number" -- "$spsim" sweep "$mmc" --vary "$key=1,x"
expect 2 "spsim: --vary $key: 2001 values (allowed: at most 1000 variants in a sweep)" -- "$spsim" sweep "$mmc" --vary "$key=0:2:0.001"
expect 2 "spsim: the grid has more than 1000 variants (allowed: at most 1000 in one sweep: vary fewer values or take larger steps)" -- "$spsim" sweep "$mmc" --vary "$key=1:50:1" --vary "uptake.probability=0.01:1:0.01"
expect 2 "spsim: --vary $key is given twice (allowed: each key once)" -- "$spsim" sweep "$mmc" --vary "$key=1" --vary "$key=2"
expect 1 "spsim: --vary: variant 2 ($key=2000) is not a valid scenario:" -- "$spsim" sweep "$mmc" --vary "$key=1,2000" -o "$work/s.h5"
check "an invalid variant names the key and its range" "grep -qF \"'$key' is 2000, out of range (allowed: \" '$work/err'"
expect 1 "spsim: --vary: variant 1 (localities.only.link_workrs.fte=1) is not a valid scenario:" -- "$spsim" sweep "$mmc" --vary "localities.only.link_workrs.fte=1" -o "$work/s.h5"
check "an unknown key is named" "grep -qF \"unknown key 'link_workrs'\" '$work/err'"
check "an invalid sweep writes no file" "[ ! -e '$work/s.h5' ]"

expect 2 "spsim: size needs --arm ARM" -- "$spsim" size "$mmc" --target 'wait_mean_weeks <= 1'
expect 2 "spsim: size needs at least one --target" -- "$spsim" size "$mmc" --arm base
expect 2 "spsim: --arm takes one arm, got 'base,other'" -- "$spsim" size "$mmc" --arm base,other --target 'wait_mean_weeks <= 1'
expect 2 "spsim: --target 'wait_mean_weeks < 1' needs METRIC <= VALUE or METRIC >= VALUE" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks < 1'
expect 2 "spsim: --target 'wait_weeks <= 1': unknown metric 'wait_weeks' (allowed: wait_mean_weeks, wait_p90_weeks, first_contact_mean_weeks, never_connected_share, caseload_per_fte)" -- "$spsim" size "$mmc" --arm base --target 'wait_weeks <= 1'
expect 2 "spsim: --target 'wait_mean_weeks <= soon': 'soon' is not a number" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks <= soon'
expect 2 "spsim: --confidence needs a share above 0 and at most 1, got '90'" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks <= 1' --confidence 90
expect 2 "spsim: --step needs an FTE above 0 and at most 100, got '0'" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks <= 1' --step 0
expect 2 "spsim: --lever needs link_worker_fte or builder_fte, got 'nurses'" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks <= 1' --lever nurses
expect 2 "spsim: --budget needs GBP a year above 0, got '-5'" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks <= 1' --budget -5
expect 2 "spsim: --from needs a date YYYY-MM-DD within the scenario's horizon, got '2024-01-01'" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks <= 1' --from 2024-01-01
expect 2 "spsim: unknown option '--fast'" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks <= 1' --fast
expect 2 "spsim: unknown arm 'quilt' (arms: base)" -- "$spsim" size "$mmc" --arm quilt --target 'wait_mean_weeks <= 1'

expect 2 "spsim: allocate needs --budget GBP_PER_YEAR" -- "$spsim" allocate "$mmc" --arm base
expect 2 "spsim: allocate needs --arm ARM (one arm)" -- "$spsim" allocate "$mmc" --budget 100000
expect 2 "spsim: --over needs a list of link_workers, builders, grants, got 'nurses'" -- "$spsim" allocate "$mmc" --arm base --budget 100000 --over nurses
expect 2 "spsim: --over needs a list of link_workers, builders, grants, got 'builders,builders' (builders is named twice)" -- "$spsim" allocate "$mmc" --arm base --budget 100000 --over builders,builders
expect 1 "spsim: arm 'base' funds no VCSE stream, so there is nothing for grants to scale (allowed: --over without grants, or an arm with funding streams)" -- "$spsim" allocate "$mmc" --arm base --budget 100000 --over grants -r 2

# Staff the budget does not buy are left as the scenario has them, and said to be.
expect 0 "" -- "$spsim" allocate "$mmc" --arm base --budget 100000 --over link_workers -r 2 -q
check "allocate prints the link workers it buys and builders unchanged" "grep -qE '^  only +[0-9]+\.[0-9] +unchanged\$' '$work/out'"

# The plan size writes is a fragment that run accepts through include, and runs at the FTE found.
expect 0 "" -- "$spsim" size "$mmc" --arm base --target 'wait_mean_weeks <= 0.12' --confidence 0.5 -q -o "$work/plan.yaml"
check "size prints the plan per locality" "grep -q '^  only .* 1.1 ' '$work/out'"
printf 'include:\n  - %s/%s\n  - plan.yaml\n' "$PWD" "$mmc" > "$work/sized.yaml"
expect 0 "" -- "$spsim" run "$work/sized.yaml" -r 2 -q -o "$work/sized.h5"
check "the included plan sets the FTE" "/usr/bin/python3 -c \"import h5py, sys; g = h5py.File(sys.argv[1])['arms/base/parameters']; keys = [k.decode() for k in g['key'][:]]; sys.exit(g['value'][keys.index('localities.only.link_workers.fte')].decode() != '[[0, 1.1]]')\" '$work/sized.h5'"

# A sweep gives the same file at any thread count.
expect 0 "" -- "$spsim" sweep "$mmc" --vary "$key=1:1.2:0.1" -r 4 -j 1 -q -o "$work/j1.h5"
expect 0 "" -- "$spsim" sweep "$mmc" --vary "$key=1:1.2:0.1" -r 4 -j 2 -q -o "$work/j2.h5"
check "sweep -j 1 and -j 2 write the same numbers" "h5diff '$work/j1.h5' '$work/j2.h5' >/dev/null"
check "the sweep table ranks 3 variants" "[ \$(grep -cE '^ +[0-9]+ +1(\\.[12])? +base' '$work/out') = 3 ]"
check "without distributions the table has no acceptability column" "! grep -q 'best' '$work/out'"
check "without distributions the file has no acceptability" "! h5ls '$work/j1.h5/arms/base' | grep -q acceptability"

# With distributions, the table and the file give each option's acceptability, summing to 1.
tornado=tests/cli/tornado_three_keys.yaml
expect 0 "" -- "$spsim" sweep "$tornado" --vary "arms.four.localities.town.link_workers.fte=3,4" -r 8 -q -o "$work/psa.h5"
check "the sweep table has the acceptability column" "grep -qE 'net monetary +best' '$work/out'"
check "its heading says the willingness to pay" "grep -q 'of all 4 options at 16000 GBP per WELLBY' '$work/out'"
check "the table's acceptability sums to 100 %" "[ \"\$(awk '/^ +[0-9]+ +[0-9.]+ +(five|four) /{s += \$NF} END {printf \"%.1f\", s}' '$work/out')\" = 100.0 ]"
check "the file's acceptability sums to 1 over every arm of every variant" "/usr/bin/python3 -c \"import h5py, sys; f = h5py.File(sys.argv[1]); s = sum(f['arms/' + a + '/acceptability'][:].sum() for a in ('five', 'four')); sys.exit(abs(s - 1) > 1e-12 or f['arms/four/acceptability'].shape != (2,))\" '$work/psa.h5'"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
