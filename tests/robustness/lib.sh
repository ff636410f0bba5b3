# Shared by the robustness tests: a scratch directory, pass/fail counting and checks on a
# command's exit status and stderr. Source it with the spsim program as $1.
set -u
spsim=$1
top=$(pwd)
work=$(mktemp -d)
chmod 755 "$work" # another user (the read-only test) may need to enter it
cleanup() { chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

# check CONDITION_STATUS WHAT: counts a check whose condition has just been evaluated.
check() { if [ "$1" = 0 ]; then ok; else fail "$2"; fi; }

# expect STATUS STDERR_LINE -- COMMAND...: the command exits with STATUS and stderr is exactly
# the one line STDERR_LINE (so nothing else was started before the error).
expect_only() {
  local status=$1 line=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" = "$status" ] && [ "$(cat "$work/err")" = "$line" ]; then
    ok
  else
    fail "$* -> exit $got (expected $status), stderr (expected exactly: $line):"
    cat "$work/err"
  fi
}

# expect STATUS STDERR_TEXT -- COMMAND...: exit STATUS and stderr contains STDERR_TEXT.
expect() {
  local status=$1 text=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" = "$status" ] && { [ -z "$text" ] || grep -qF -- "$text" "$work/err"; }; then
    ok
  else
    fail "$* -> exit $got (expected $status), stderr (expected to contain: $text):"
    cat "$work/err"
  fi
}

# no_leftovers DIR: nothing but the files named after it is in DIR (no temporary, no lock).
no_leftovers() {
  local dir=$1; shift
  local extra
  extra=$(cd "$dir" && ls -A | grep -vxF -f <(printf '%s\n' "$@" '') || true)
  check "$([ -z "$extra" ] && echo 0 || echo 1)" "files left behind in $dir: $extra"
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}
