#!/usr/bin/env bash
# Fails, naming each file, when a C source differs from the layout in .clang-format.
# tools/format.sh fixes it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bad=0
while read -r f; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f (run tools/format.sh)"
    bad=1
  fi
done < <(tools/c-sources.sh)
exit $bad
