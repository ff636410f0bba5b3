#!/usr/bin/env bash
# Every scenario shipped in scenarios/ validates: `spsim validate` prints ok, exits 0 and warns
# about nothing, or, where a scenario's own comments explain its warnings (england.yaml: the
# national staffing cannot serve the national referral rate), warns exactly as
# tests/cli/expected_warnings/NAME.txt says, so a new or changed warning still fails.
set -u
spsim=$1
passed=0 failed=0
for f in scenarios/*.yaml; do
  out=$("$spsim" validate "$f" 2>/tmp/spsim-validate-err.$$)
  status=$?
  err=$(cat /tmp/spsim-validate-err.$$)
  expected=""
  known=tests/cli/expected_warnings/$(basename "$f" .yaml).txt
  [ -f "$known" ] && expected=$(cat "$known")
  if [ "$status" = 0 ] && [ "$out" = ok ] && [ "$err" = "$expected" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $f: exit $status, stdout '$out', stderr:"; echo "$err"
  fi
done
rm -f /tmp/spsim-validate-err.$$
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
