#!/usr/bin/env bash
# Lists the project's own C sources and headers (tracked or new, never build trees), one per line.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files --cached --others --exclude-standard -- 'model/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' \
  | while read -r f; do [ -f "$f" ] && echo "$f"; done
