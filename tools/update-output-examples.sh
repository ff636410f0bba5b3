#!/usr/bin/env bash
# Regenerates the example summaries in docs/output.md (between the BEGIN and END GENERATED
# EXAMPLE markers) from real runs, so the document shows what the program prints today:
# the minimal scenario's whole table (--full), the verdict of the Somerset scenario at 100
# replications and the first comparison block of its table. Takes a few minutes on two cores.
# Usage: tools/update-output-examples.sh [PATH/TO/spsim]   (default: build/spsim)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
spsim=${1:-$top/build/spsim}
doc=$top/docs/output.md
if [ ! -x "$spsim" ]; then
  echo "update-output-examples: $spsim is not a program; build first (cmake --build build)" \
       "or give the path of spsim" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
{
  echo '$ spsim run scenarios/minimal.yaml -q -o run.h5'
  echo '$ spsim summary run.h5 --full'
  "$spsim" run "$top/scenarios/minimal.yaml" -q -o run.h5
  "$spsim" summary run.h5 --full | sed "s|File $work/run.h5|File run.h5|"
} > minimal.txt
"$spsim" run "$top/scenarios/somerset.yaml" -r 100 -q -o somerset.h5
# The first comparison block: from its heading to the blank line that ends it.
"$spsim" summary somerset.h5 --full > summary.txt
"$spsim" summary somerset.h5 | sed "s|$work/somerset.h5|output/somerset.h5|" > verdict.txt
awk '/^blanket minus quilt/{on=1} on&&/^$/{exit} on' summary.txt > somerset.txt
if [ ! -s somerset.txt ]; then
  echo "update-output-examples: no 'blanket minus quilt' block in the Somerset summary" >&2
  exit 1
fi
/usr/bin/python3 - "$doc" minimal.txt somerset.txt verdict.txt <<'PY'
import sys
doc, minimal, somerset, verdict = sys.argv[1:]
text = open(doc).read()
for name, path in (("minimal", minimal), ("somerset", somerset), ("verdict", verdict)):
    begin, end = f"<!-- BEGIN GENERATED EXAMPLE {name} -->", f"<!-- END GENERATED EXAMPLE {name} -->"
    if begin not in text or end not in text:
        sys.exit(f"update-output-examples: {doc} lacks the {name} markers")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    body = open(path).read().rstrip("\n")
    text = f"{head}{begin}\n```\n{body}\n```\n{end}{tail}"
open(doc + ".tmp", "w").write(text)
PY
mv "$doc.tmp" "$doc"
echo "updated $doc"
