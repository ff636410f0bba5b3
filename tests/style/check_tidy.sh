#!/usr/bin/env bash
# Runs clang-tidy with the project's .clang-tidy over model/ (two processes at once), using the
# build's compile_commands.json, and fails on any finding. Usage: check_tidy.sh BUILD_DIR
set -uo pipefail
build=$1
cd "$(dirname "$0")/../.."
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json"; exit 1; }
# gcc's link-time flags (-ffat-lto-objects) mean nothing to clang's front end: not a finding.
out=$(tools/c-sources.sh | grep '^model/.*\.c$' \
        | xargs -P 2 -n 8 clang-tidy -p "$build" --quiet --warnings-as-errors='*' \
            --extra-arg=-Wno-ignored-optimization-argument 2>&1)
status=$?
findings=$(grep -E 'warning:|error:' <<<"$out")
if [ $status -ne 0 ] || [ -n "$findings" ]; then
  echo "$out"
  echo "clang-tidy found problems (exit $status)"
  exit 1
fi
