#!/usr/bin/env bash
# The command line's exit statuses and messages: 0 success, 1 invalid input, 2 usage error,
# 3 run-time failure; errors on stderr; a failed run leaves no output file.
set -u
spsim=$1
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
passed=0 failed=0

# expect STATUS STDERR_PATTERN -- COMMAND...: the command exits with STATUS and its stderr
# contains STDERR_PATTERN (a fixed string; empty matches anything).
expect() {
  local status=$1 pattern=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" = "$status" ] && { [ -z "$pattern" ] || grep -qF -- "$pattern" "$work/err"; }; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $* -> exit $got (expected $status), stderr:"; cat "$work/err"
  fi
}

expect 0 "" -- "$spsim" --version
grep -qE '^spsim [0-9]+\.[0-9]+\.[0-9]+$' "$work/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: --version prints 'spsim X.Y.Z'"; }
for cmd in run validate summary reference; do
  expect 0 "" -- "$spsim" "$cmd" --help
  grep -q "^usage: spsim $cmd" "$work/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: $cmd --help"; }
done
expect 2 "spsim: no command given" -- "$spsim"
expect 2 "spsim: unknown command 'frobnicate'" -- "$spsim" frobnicate
expect 2 "spsim: -r needs a whole number from 1 to 100000 (as the replications key), got 'many'" -- "$spsim" run scenarios/minimal.yaml -r many
expect 2 "spsim: -j needs a whole number from 1 to 4096, got '0'" -- "$spsim" run scenarios/minimal.yaml -j 0
expect 2 "spsim: --seed needs a whole number >= 0, got '-1'" -- "$spsim" run scenarios/minimal.yaml --seed -1
expect 2 "spsim: unknown option '--fast'" -- "$spsim" run scenarios/minimal.yaml --fast
expect 2 "spsim: option '-o' needs a value" -- "$spsim" run scenarios/minimal.yaml -o
expect 2 "spsim: unexpected argument 'extra.yaml'" -- "$spsim" run scenarios/minimal.yaml extra.yaml
expect 2 "spsim: validate takes one scenario file" -- "$spsim" validate
expect 2 "unknown arm 'patchwork'" -- "$spsim" run scenarios/somerset.yaml --arms patchwork -q -o "$work/x.h5"

printf 'name: broken\nstart_date: 2025-04-01\nlocalities: {}\n' > "$work/bad.yaml"
expect 1 "$work/bad.yaml:" -- "$spsim" run "$work/bad.yaml" -o "$work/bad.h5"
[ ! -e "$work/bad.h5" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: invalid scenario wrote output"; }
expect 1 "" -- "$spsim" summary "$work/missing.h5"

mkdir "$work/locked"; chmod a-w "$work/locked"
if [ "$(id -u)" != 0 ]; then
  expect 3 "$work/locked/out.h5" -- "$spsim" run scenarios/minimal.yaml -r 2 -q -o "$work/locked/out.h5"
fi
expect 3 "$work/no/such/dir/out.h5" -- "$spsim" run scenarios/minimal.yaml -r 2 -q -o "$work/no/such/dir/out.h5"
[ -z "$(ls -A "$work/locked")" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: files left behind"; }

expect 0 "" -- "$spsim" run scenarios/minimal.yaml -r 2 -q -o "$work/ok.h5"
[ -s "$work/ok.h5" ] && [ ! -s "$work/out" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: run -q writes the file and prints nothing"; }
expect 0 "" -- "$spsim" summary "$work/ok.h5"
grep -q "^Verdict for minimal" "$work/out" && ! grep -qi "referrals" "$work/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: summary prints the verdict, not the table"; }
expect 0 "" -- "$spsim" summary "$work/ok.h5" --full
grep -qi "referrals" "$work/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: summary --full prints the table"; }
expect 0 "" -- "$spsim" summary --full "$work/ok.h5"
grep -qi "referrals" "$work/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: summary --full FILE prints the table"; }

# Off a terminal (stderr is a file here) progress is one final line, no carriage returns, then
# a line while the file is written; with -q stderr stays empty.
expect 0 "" -- "$spsim" run scenarios/minimal.yaml -r 3 -o "$work/progress.h5"
[ "$(grep -cE '^spsim: 3 replications done in [0-9]+\.[0-9] s \(([0-9]+\.[0-9]{2}|n/a) replications per s\)$' "$work/err")" = 1 ] &&
  ! grep -q $'\r' "$work/err" && grep -qxF "spsim: writing $work/progress.h5 ..." "$work/err" &&
  passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: progress off a terminal:"; cat "$work/err"; }
grep -q "^Verdict for minimal" "$work/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: run prints the verdict"; }
expect 0 "" -- "$spsim" run scenarios/minimal.yaml -r 3 --full -o "$work/progress.h5"
grep -qi "referrals" "$work/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: run --full prints the table"; }
expect 0 "" -- "$spsim" run scenarios/minimal.yaml -r 3 -q -o "$work/progress.h5"
[ ! -s "$work/err" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: -q prints progress"; }

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
