#!/usr/bin/env bash
# Every scenario shipped in scenarios/ validates: `spsim validate` prints ok, exits 0 and warns
# about nothing.
set -u
spsim=$1
passed=0 failed=0
for f in scenarios/*.yaml; do
  out=$("$spsim" validate "$f" 2>/tmp/spsim-validate-err.$$)
  status=$?
  err=$(cat /tmp/spsim-validate-err.$$)
  if [ "$status" = 0 ] && [ "$out" = ok ] && [ -z "$err" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $f: exit $status, stdout '$out', stderr:"; echo "$err"
  fi
done
rm -f /tmp/spsim-validate-err.$$
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
