#!/usr/bin/env bash
# spsim reference on a terminal: wrapped to COLUMNS (100 columns when not a terminal and COLUMNS
# is unset), every registry key on a line of its own, each field's text aligned at column 13
# under its label; --markdown stays the machine-readable tables docs/scenarios.md holds.
set -u
spsim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

# longest LINES FILE: the longest line that has a space after its indent (a single word longer
# than the width is left whole)
longest() { awk '{ t = $0; sub(/^ +/, "", t); if (index(t, " ") && length($0) > m) m = length($0) } END { print m + 0 }' "$1"; }

COLUMNS=60 "$spsim" reference >"$work/60.txt" || fail "reference exits 0"
[ "$(longest "$work/60.txt")" -le 60 ] && ok || fail "COLUMNS=60: a line of $(longest "$work/60.txt") columns"
env -u COLUMNS "$spsim" reference >"$work/100.txt"
w=$(longest "$work/100.txt")
[ "$w" -le 100 ] && [ "$w" -ge 95 ] && ok || fail "not a terminal: wrapped to 100 columns (longest $w)"
COLUMNS=250 "$spsim" reference >"$work/250.txt"
[ "$(longest "$work/250.txt")" -gt 100 ] && ok || fail "COLUMNS=250 uses the width"

"$spsim" reference --markdown >"$work/ref.md"
head -n 1 "$work/ref.md" | grep -q '^## Key reference$' && ok || fail "--markdown is the Markdown reference"
keys=$(grep -o '^| `[^`]*`' "$work/ref.md" | sed 's/^| `//; s/`$//')
n=0 missing=0
for k in $keys; do
  n=$((n + 1))
  grep -qE "^$(printf '%s' "$k" | sed 's/\./\\./g')( |\$)" "$work/60.txt" || { missing=$((missing + 1)); echo "  missing: $k"; }
done
[ "$n" -gt 100 ] && [ "$missing" = 0 ] && ok || fail "every one of the $n keys heads its entry ($missing missing)"

# alignment: a label line is "  LABEL" padded to column 12; a continuation line is 12 spaces
bad=$(grep -vE '^(|== .* ==|[a-zA-Z].*|  (type|unit|default|what|source|scope) {2,}[^ ].*| {12}[^ ].*)$' "$work/60.txt" | head -n 3)
[ -z "$bad" ] && ok || fail "every line is a heading, a key, a label line or a continuation: $bad"
bad=$(grep -E '^  (type|unit|default|what|source|scope) ' "$work/60.txt" | awk 'substr($0, 13, 1) == " " || substr($0, 12, 1) != " "' | head -n 2)
[ -z "$bad" ] && ok || fail "each label's text starts at column 13: $bad"
grep -A6 '^referral.maturity_start_fraction$' "$work/60.txt" | grep -q '^  source    ASSUMPTION' && ok ||
  fail "an assumption is marked"

echo "reference: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
