#!/usr/bin/env bash
# Regenerates the key reference in docs/scenarios.md (between the BEGIN and END GENERATED
# REFERENCE markers) from `spsim reference --markdown`, and docs/scenario.schema.json from
# `spsim reference --json-schema` (indented by Python's json.tool for readable diffs), so both
# always match the registry.
# Usage: tools/update-scenario-docs.sh [PATH/TO/spsim]   (default: build/spsim)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
spsim=${1:-$top/build/spsim}
doc=$top/docs/scenarios.md
if [ ! -x "$spsim" ]; then
  echo "update-scenario-docs: $spsim is not a program; build first (cmake --build build)" \
       "or give the path of spsim" >&2
  exit 1
fi
if ! grep -q '^<!-- BEGIN GENERATED REFERENCE -->$' "$doc" ||
   ! grep -q '^<!-- END GENERATED REFERENCE -->$' "$doc"; then
  echo "update-scenario-docs: $doc lacks the GENERATED REFERENCE markers" >&2
  exit 1
fi
reference=$(mktemp)
schema=$top/docs/scenario.schema.json
trap 'rm -f "$reference" "$doc.tmp" "$schema.tmp"' EXIT
"$spsim" reference --markdown >"$reference"
awk -v reference="$reference" '
  /^<!-- BEGIN GENERATED REFERENCE -->$/ {
    print
    while ((getline line < reference) > 0) print line
    skipping = 1
    next
  }
  /^<!-- END GENERATED REFERENCE -->$/ { skipping = 0 }
  !skipping
' "$doc" >"$doc.tmp"
mv "$doc.tmp" "$doc"
echo "updated $doc"
"$spsim" reference --json-schema | /usr/bin/python3 -m json.tool --indent 1 >"$schema.tmp"
mv "$schema.tmp" "$schema"
echo "updated $schema"
