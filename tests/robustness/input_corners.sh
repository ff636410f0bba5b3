#!/usr/bin/env bash
# Corners of the scenario format, with their messages exactly: an escaped NUL in a quoted value
# is an error at its FILE:LINE:COLUMN (it would cut the text short); quoted numbers, booleans and
# dates are text wherever they are written, and the message says so; a population is whole; -r
# and the replications key share one limit.
. "$(dirname "$0")/lib.sh"
minimal=$top/scenarios/minimal.yaml

# variant NAME SED_EXPRESSION: minimal.yaml changed by one sed expression, as $work/NAME.yaml.
variant() { sed "$2" "$minimal" >"$work/$1.yaml"; }

nul="error: the value holds a NUL character, written as an escape such as \\0 or \\x00 (allowed: text without NUL characters)"
variant nul0 's/^name: minimal .*/name: "ab\\0cd"/'
expect_only 1 "$work/nul0.yaml:3:7: $nul" -- "$spsim" validate "$work/nul0.yaml"
variant nulx 's/^name: minimal .*/name: "ab\\x00cd"/'
expect_only 1 "$work/nulx.yaml:3:7: $nul" -- "$spsim" validate "$work/nulx.yaml"
variant nulu 's/^start_date: .*/start_date: 2025-04-01\ndescription: "a\\u0000b"/'
expect_only 1 "$work/nulu.yaml:5:14: $nul" -- "$spsim" validate "$work/nulu.yaml"
# A run of it stops at the same error and writes nothing.
expect 1 "$work/nul0.yaml:3:7: $nul" -- "$spsim" run "$work/nul0.yaml" -r 2 -o "$work/nul.h5"
check "$([ ! -e "$work/nul.h5" ] && echo 0 || echo 1)" "a scenario with a NUL wrote results"

# Quoted values are text, for numbers, integers, booleans and dates alike.
variant qnum 's/deprivation: 0.2 /deprivation: "0.2" /'
expect_only 1 "$work/qnum.yaml:13:18: error: wrong type for 'localities.town.deprivation': '0.2' is quoted, so it is text, not a number (allowed: a number 0..1, share of residents in England's most deprived 20 % of LSOAs, written without quotes)" \
  -- "$spsim" validate "$work/qnum.yaml"
{ cat "$minimal"; echo 'replications: "12"'; } >"$work/qint.yaml"
line=$(wc -l <"$work/qint.yaml")
expect_only 1 "$work/qint.yaml:$line:15: error: wrong type for 'replications': '12' is quoted, so it is text, not an integer (allowed: an integer 1..100000, written without quotes)" \
  -- "$spsim" validate "$work/qint.yaml"
variant qdate 's/^start_date: 2025-04-01/start_date: "2025-04-01"/'
expect_only 1 "$work/qdate.yaml:4:13: error: wrong type for 'start_date': '2025-04-01' is quoted, so it is text, not a date (allowed: a date YYYY-MM-DD, 2000-01-01..2100-12-31, written without quotes)" \
  -- "$spsim" validate "$work/qdate.yaml"
variant qdate1 "s/^start_date: 2025-04-01/start_date: '2025-04-01'/"
expect 1 "'start_date': '2025-04-01' is quoted, so it is text, not a date" -- "$spsim" validate "$work/qdate1.yaml"
# Text that is no number says only that (no talk of quotes).
variant word 's/deprivation: 0.2 /deprivation: "some" /'
expect_only 1 "$work/word.yaml:13:18: error: wrong type for 'localities.town.deprivation': 'some' is not a number (allowed: a number 0..1, share of residents in England's most deprived 20 % of LSOAs)" \
  -- "$spsim" validate "$work/word.yaml"
# The unquoted forms are valid.
expect_only 0 "" -- "$spsim" validate "$minimal"

# A population is whole.
variant half 's/age_0_15: 8500 /age_0_15: 8500.5 /'
expect_only 1 "$work/half.yaml:8:17: error: 'localities.town.population.age_0_15' is 8500.5, not a whole number of persons (allowed: a whole number 0..10000000, persons)" \
  -- "$spsim" validate "$work/half.yaml"
variant whole 's/age_0_15: 8500 /age_0_15: 8500.0 /'
expect_only 0 "" -- "$spsim" validate "$work/whole.yaml"

# -r and the replications key: one limit, 100000.
{ cat "$minimal"; echo 'replications: 100001'; } >"$work/many.yaml"
line=$(wc -l <"$work/many.yaml")
expect_only 1 "$work/many.yaml:$line:15: error: 'replications' is 100001, out of range (allowed: an integer 1..100000)" \
  -- "$spsim" validate "$work/many.yaml"
{ cat "$minimal"; echo 'replications: 100000'; } >"$work/most.yaml"
expect_only 0 "" -- "$spsim" validate "$work/most.yaml"
for cmd in run sweep size allocate; do
  expect 2 "spsim: -r needs a whole number from 1 to 100000 (as the replications key), got '100001'" \
    -- "$spsim" "$cmd" "$minimal" -r 100001
done
fixtures=$top/tests/calibration/fixtures
expect 2 "spsim: -r needs a whole number from 1 to 100000 (as the replications key), got '100001'" \
  -- "$spsim" calibrate "$fixtures/small.yaml" "$fixtures/small_targets.yaml" -r 100001
expect 2 "spsim: --max-replications needs a whole number from 2 to 100000 (as the replications key), got '100001'" \
  -- "$spsim" run "$minimal" --precision 0.1 --max-replications 100001
finish
