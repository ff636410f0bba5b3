#!/usr/bin/env bash
# spsim calibrate as a user meets it: its help lists every simulated quantity (and
# docs/calibration.md's table lists the same ones), a bad targets file gives its exact messages
# and exit status 1, and a small fit writes a fragment that a scenario includes and runs with.
set -u
spsim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

"$spsim" calibrate --help >"$work/help" && pass || fail "calibrate --help exits 0"
grep -q '^usage: spsim calibrate' "$work/help" && pass || fail "calibrate --help prints its usage"
help_names=$(sed -n '/^Simulated quantities/,$p' "$work/help" | awk 'NR > 1 {print $1}' | sort)
doc_names=$(grep -o '^| `[a-z0-9_]*` |' docs/calibration.md | tr -d '|` ' | sort)
[ -n "$help_names" ] && [ "$help_names" = "$doc_names" ] && pass ||
  fail "docs/calibration.md lists the quantities --help lists: help [$help_names] docs [$doc_names]"

"$spsim" calibrate tests/calibration/fixtures/small.yaml tests/calibration/fixtures/bad_targets.yaml \
  >"$work/out" 2>"$work/err"
status=$?
[ "$status" = 1 ] && pass || fail "a bad targets file exits 1 (got $status)"
diff tests/calibration/fixtures/bad_targets.expected "$work/err" >"$work/diff" && pass ||
  { fail "a bad targets file's messages:"; cat "$work/diff"; }

"$spsim" calibrate tests/calibration/fixtures/small.yaml tests/calibration/fixtures/small_targets.yaml \
  -n 16 -r 1 -g 3 -j 2 -o "$work/fitted.yaml" --particles-csv "$work/particles.csv" \
  >"$work/report" 2>"$work/err"
status=$?
[ "$status" = 0 ] && pass || { fail "a small fit exits 0 (got $status)"; cat "$work/err"; }
grep -q '^  declines ' "$work/report" && pass || fail "the report has a row for the target"
grep -q '^  uptake.probability ' "$work/report" && pass || fail "the report has a row for the key"
grep -q 'generation 2: tolerance' "$work/err" && pass || fail "progress lines on stderr"
[ "$(wc -l <"$work/particles.csv")" = 17 ] && pass || fail "the particles file has 16 rows and a header"
grep -q 'probability: {dist: beta, mean: ' "$work/fitted.yaml" && pass ||
  fail "the fragment fits a beta to a probability"

{ echo "include: [$work/fitted.yaml]"; sed 's/{calibrate: {min: 0.5, max: 1}}/0.8/' tests/calibration/fixtures/small.yaml; } \
  >"$work/including.yaml"
"$spsim" validate "$work/including.yaml" >"$work/out" 2>"$work/err" && pass ||
  { fail "a scenario including the fragment is valid"; cat "$work/err"; }
"$spsim" run "$work/including.yaml" -r 2 -q -o "$work/run.h5" 2>"$work/err" && pass ||
  { fail "a scenario including the fragment runs"; cat "$work/err"; }

# The worked example's scenario is valid and its targets fit its horizon (a fit of one generation
# of 4 particles, so only the checks before the fit are the point).
"$spsim" validate calibration/local_example_scenario.yaml >"$work/out" 2>&1 && pass ||
  { fail "calibration/local_example_scenario.yaml is valid"; cat "$work/out"; }
"$spsim" calibrate calibration/local_example_scenario.yaml calibration/local_example.yaml \
  -n 4 -r 1 -g 1 -q >"$work/out" 2>"$work/err" && pass ||
  { fail "the worked example's targets are accepted against its scenario"; cat "$work/err"; }

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
