#!/usr/bin/env bash
# spsim new: the scenario written from scenarios/places-example.csv passes spsim validate with no
# warning and runs; it holds the CSV's places and every defaulted key; an existing file is kept
# unless --force; and each kind of bad CSV gets its exact FILE:LINE:COLUMN error with nothing
# written.
set -u
spsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
example=$PWD/scenarios/places-example.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

# the example
"$spsim" new trial --localities "$example" --start-date 2026-04-01 2>err || fail "new: $(cat err)"
[ -f trial.yaml ] && ok || fail "new writes NAME.yaml by default"
"$spsim" validate trial.yaml >out 2>err && [ "$(cat out)" = ok ] && [ ! -s err ] && ok ||
  fail "the written scenario validates with no warning: $(cat err)"
grep -q '^name: trial$' trial.yaml && grep -q '^start_date: 2026-04-01$' trial.yaml && ok ||
  fail "name and start date"
for place in Northtown Eastvale Southmoor; do
  grep -q "^  $place: " trial.yaml && ok || fail "locality $place is written"
done
grep -q '^      age_65_plus: 9800$' trial.yaml && grep -q '^    rurality: 0.62 ' trial.yaml && ok ||
  fail "the CSV's numbers are written as given"
# every registry key with a plain default is written, with its source or ASSUMPTION above it
grep -q '^  base_rate_per_1000_per_year: 22.5$' trial.yaml && ok || fail "a referral default"
grep -q '^    per_completion_gbp: 0$' trial.yaml && ok || fail "a nested default (commissioning.payments)"
grep -B3 '^  maturity_start_fraction:' trial.yaml | grep -q 'ASSUMPTION' && ok ||
  fail "an assumption is marked as one"
grep -B3 '^  base_rate_per_1000_per_year:' trial.yaml | grep -q 'Source: derived: Bu et al. 2025' &&
  ok || fail "a sourced default carries its source"
n_keys=$(grep -cE '^ *[a-z_0-9]+: [^#]' trial.yaml)
[ "$n_keys" -ge 140 ] && ok || fail "about every registry key is written ($n_keys)"
"$spsim" run trial.yaml -r 2 -j 2 -q -o trial.h5 && "$spsim" summary trial.h5 >summary.txt && ok ||
  fail "the written scenario runs"
grep -q 'Northtown\|base' summary.txt && ok || fail "its summary names the arm"

# never overwritten without --force, and nothing half-written
echo keep >kept.yaml
"$spsim" new kept --localities "$example" -o kept.yaml 2>err; status=$?
[ "$status" = 1 ] && [ "$(cat kept.yaml)" = keep ] &&
  [ "$(cat err)" = "spsim: kept.yaml exists; give --force to replace it (nothing written)" ] && ok ||
  fail "an existing file is kept (exit $status): $(cat err)"
"$spsim" new kept --localities "$example" -o kept.yaml --force 2>err &&
  grep -q '^name: kept$' kept.yaml && ok || fail "--force replaces it"
ls -a | grep -q 'tmp' && fail "a temporary file is left behind: $(ls -a)" || ok

# bad CSVs: expect CSV_TEXT MESSAGE
header=name,age_0_15,age_16_29,age_30_49,age_50_64,age_65_plus,deprivation,rurality
bad() {
  printf '%b' "$1" >bad.csv
  "$spsim" new bad --localities bad.csv -o bad.yaml 2>err; local status=$?
  if [ "$status" = 1 ] && [ "$(head -n 1 err)" = "$2" ] && [ ! -e bad.yaml ]; then ok; else
    fail "bad CSV $(head -c 60 bad.csv | tr '\n' '|'): exit $status, got '$(head -n 1 err)', expected '$2'"
  fi
}
bad "name,age_0_15,age_16_29,age_30_49,age_50_64,deprivation,rurality\nA,1,2,3,4,0.1,0.2\n" \
  "bad.csv:1:1: error: missing column 'age_65_plus' (allowed: a header row naming name, the five age bands age_0_15 .. age_65_plus, deprivation and rurality)"
bad "$header,ruralty\n" \
  "bad.csv:1:78: error: unknown column 'ruralty'; did you mean 'rurality'? (allowed: name, age_0_15, age_16_29, age_30_49, age_50_64, age_65_plus, deprivation, rurality)"
bad "$header\nA,100,200,3OO,400,500,0.1,0.2\n" \
  "bad.csv:2:11: error: age_30_49 '3OO' is not a number (allowed: a number 0..10000000, persons)"
bad "$header\nA,100,200,300,400,500,1.5,0.2\n" \
  "bad.csv:2:23: error: deprivation 1.5 is out of range (allowed: a number 0..1, share of residents in England's most deprived 20 % of LSOAs)"
bad "$header\nA,100,200,300,400,500,0.1\n" \
  "bad.csv:2:1: error: 7 fields, but the header has 8 (allowed: one field per column)"
bad "$header\nA,100,200,300,400,500,0.1,0.2\nB,1,1,1,1,1,0,0\nA,1,1,1,1,1,0,0\n" \
  "bad.csv:4:1: error: locality 'A' is given twice, first on line 2 (allowed: each name once)"
bad "$header\nNorth town,1,1,1,1,1,0,0\n" \
  "bad.csv:2:1: error: locality name 'North town' is not a name (allowed: 1..63 characters of A-Z, a-z, 0-9, '_' and '-')"
bad "$header\n" "bad.csv:1:1: error: no localities (allowed: at least one row after the header)"
bad "$header\nA,100,200,300,400,500,0.1,0.2\nB,1,x,1,1,1,2,0\n" \
  "bad.csv:3:5: error: age_16_29 'x' is not a number (allowed: a number 0..10000000, persons)"
[ "$(wc -l <err)" = 2 ] && grep -q '^bad.csv:3:13: error: deprivation 2 is out of range' err && ok ||
  fail "every error of a file is reported: $(cat err)"
"$spsim" new bad --localities no_such.csv -o bad.yaml 2>err; status=$?
[ "$status" = 1 ] && grep -qF "no_such.csv: error: cannot read the places: No such file or directory" err &&
  ok || fail "an unreadable CSV (exit $status): $(cat err)"
"$spsim" new "bad name" --localities "$example" 2>err; [ $? = 2 ] && ok || fail "a bad NAME is a usage error"

echo "spsim new: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
