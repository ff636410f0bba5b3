#!/usr/bin/env bash
# Regenerates docs/validation.md: runs the default scenario (scenarios/somerset.yaml) and sets
# its headline figures beside the published ones of calibration/targets.csv
# (tools/validation.py). 40 replications give means whose 90 % intervals across replications
# are narrow beside the published ranges, in well under a minute on two cores.
# Usage: tools/update-validation.sh [REPLICATIONS] [PATH/TO/spsim]   (defaults: 40, build/spsim)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
replications=${1:-40}
spsim=${2:-$top/build/spsim}
scenario=scenarios/somerset.yaml
if [ ! -x "$spsim" ]; then
  echo "update-validation: $spsim is not a program; build first (cmake --build build)" \
       "or give the path of spsim" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"
"$spsim" run "$scenario" -r "$replications" -o "$work/somerset.h5" --quiet
/usr/bin/python3 tools/validation.py "$work/somerset.h5" --targets calibration/targets.csv \
  --output docs/validation.md \
  --command "tools/update-validation.sh $replications (spsim run $scenario -r $replications)"
