#!/usr/bin/env bash
# The analysts' plotting companion reads a real results file and writes a non-trivial PNG.
set -u
spsim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$spsim" run scenarios/minimal.yaml -r 2 -q -o "$work/m.h5" || { echo "0 passed, 1 failed"; exit 1; }
out=$(/usr/bin/python3 tools/plot_results.py "$work/m.h5" "$work/m.png")
size=$(stat -c %s "$work/m.png" 2>/dev/null || echo 0)
if [ "$out" = "$work/m.png" ] && [ "$size" -gt 20000 ] && \
   [ "$(head -c 8 "$work/m.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
  echo "1 passed, 0 failed"
else
  echo "plot: printed '$out', PNG of $size bytes"
  echo "0 passed, 1 failed"; exit 1
fi
