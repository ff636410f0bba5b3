#!/usr/bin/env bash
# `spsim run --tornado` as a user meets it: the file holds /psa/tornado with the documented
# shapes and units beside the base run, the table is printed largest swing first, and the
# refusals are exact (a scenario without distributions: exit 1; --tornado with --precision:
# exit 2). tests/cli/tornado_three_keys.yaml has three keys, two arms and 4 replications of 3
# years, so the run takes seconds; the figures themselves are checked in engine_tornado.
set -u
spsim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=tests/cli/tornado_three_keys.yaml
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $1"; fi; }

"$spsim" run "$scenario" --tornado -j 2 -o "$work/t.h5" >"$work/out" 2>"$work/err"
check "--tornado runs (exit 0)" '[ $? = 0 ]'
shape() { h5dump -H -d "$1" "$work/t.h5" | grep -m1 DATASPACE | grep -c "SIMPLE { ( $2 )"; }
check "incremental_net_monetary_benefit is (key 3, bound 2, comparison 1)" '[ "$(shape /psa/tornado/incremental_net_monetary_benefit "3, 2, 1")" = 1 ]'
check "value is (key 3, bound 2)" '[ "$(shape /psa/tornado/value "3, 2")" = 1 ]'
check "swing is (key 3, comparison 1)" '[ "$(shape /psa/tornado/swing "3, 1")" = 1 ]'
check "the base has one value per comparison" '[ "$(shape /psa/tornado/base_incremental_net_monetary_benefit 1)" = 1 ]'
check "the figures are in GBP" 'h5dump -a /psa/tornado/incremental_net_monetary_benefit/units "$work/t.h5" | grep -q "\"GBP\""'
check "the comparison is five against four" 'h5dump -d /psa/tornado/comparison "$work/t.h5" | grep -q "\"five_minus_four\""'
check "the reference arm is recorded" 'h5dump -a /psa/tornado/reference_arm "$work/t.h5" | grep -q "\"four\""'
check "the base run's arms are in the file" '[ "$(h5dump -H -d /arms/five/headlines/net_monetary_benefit "$work/t.h5" | grep -c "SIMPLE { ( 4 )")" = 1 ]'
check "the table's first row is the largest swing" 'grep -A1 "key (largest swing first)" "$work/out" | tail -1 | grep -q "^  pay.salary_gbp_per_fte_year "'
check "progress names each variant" 'grep -q "^spsim: tornado: key 3 of 3, high value of localities.town.rurality" "$work/err"'

"$spsim" run scenarios/minimal.yaml --tornado -q -o "$work/none.h5" >/dev/null 2>"$work/err"
check "a scenario without distributions: exit 1" '[ $? = 1 ] && [ ! -e "$work/none.h5" ]'
check "... with a clear message" '[ "$(cat "$work/err")" = "spsim: scenarios/minimal.yaml: --tornado needs values written as distributions (e.g. {dist: beta, mean: 0.3, sd: 0.05}; docs/model.md, \"Parameter uncertainty\"), and this scenario has none" ]'
"$spsim" run "$scenario" --tornado --precision 0.1 -q -o "$work/both.h5" >/dev/null 2>"$work/err"
check "--tornado with --precision: exit 2" '[ $? = 2 ] && [ "$(head -1 "$work/err")" = "spsim: --tornado and --precision cannot be combined" ]'

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
