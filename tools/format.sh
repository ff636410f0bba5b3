#!/usr/bin/env bash
# Rewrites every C source in place to the layout in .clang-format; run before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/c-sources.sh | xargs clang-format -i
