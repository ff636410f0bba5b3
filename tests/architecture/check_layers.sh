#!/usr/bin/env bash
# The folders of model/ form layers, and a file may include only its own folder or a folder
# below it (docs/architecture.md):
#   main.c (the command line) > summary > io > engine > economics > processes > results > scenario
# Fails naming every include that points upwards (which would allow a cycle between folders).
set -euo pipefail
cd "$(dirname "$0")/../../model"
layers=(scenario results processes economics engine io summary cli)
rank() {
  local i
  for i in "${!layers[@]}"; do [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }; done
  echo "unknown folder: $1" >&2; exit 2
}
bad=0
while IFS= read -r file; do
  dir=$(dirname "$file"); [ "$dir" = . ] && dir=cli
  from=$(rank "$dir")
  while IFS= read -r inc; do
    case "$inc" in
      ../*) target=$(echo "$inc" | cut -d/ -f2) ;;
      */*) target=${inc%%/*} ;;
      *) target=$dir ;;
    esac
    to=$(rank "$target")
    if [ "$to" -gt "$from" ]; then
      echo "model/$file includes \"$inc\": $dir may not include $target (a layer above it)"
      bad=1
    fi
  done < <(grep -o '^#include "[^"]*"' "$file" | sed 's/#include "//; s/"$//')
done < <(find . -name '*.[ch]' | sed 's|^\./||' | sort)
[ "$bad" -eq 0 ] && echo "every include in model/ points to its own layer or one below"
exit "$bad"
