#!/usr/bin/env bash
# scenarios/somerset_psa.yaml runs (two replications) and writes its draws: /psa/draws holds one
# row per replication and one column per distribution, and every column is named.
set -u
spsim=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if ! "$spsim" run scenarios/somerset_psa.yaml -r 2 -j 2 -q -o "$dir/psa.h5"; then
  echo "FAILED: spsim run scenarios/somerset_psa.yaml"; exit 1
fi
header=$(h5dump -H -d /psa/draws "$dir/psa.h5") || { echo "FAILED: no /psa/draws"; exit 1; }
grep -q 'DATASPACE  SIMPLE { ( 2, 8 ) / ( 2, 8 ) }' <<<"$header" \
  || { echo "FAILED: /psa/draws is not 2 x 8:"; echo "$header"; exit 1; }
keys=$(h5dump -d /psa/key "$dir/psa.h5")
for key in uptake.probability support.no_show_probability pay.salary_gbp_per_fte_year \
           outcomes.causal_effect.gp.mode outcomes.causal_effect.ae.mode \
           outcomes.wellbeing_gain_mean economics.unit_cost_gbp.gp economics.unit_cost_gbp.ae; do
  grep -q "\"$key\"" <<<"$keys" || { echo "FAILED: /psa/key lacks $key"; exit 1; }
done
# The Somerset calibration's scenario validates, and its fitted keys, included after the default
# scenario, give a scenario with those four keys as distributions.
"$spsim" validate calibration/somerset_fit.yaml >/dev/null 2>&1 \
  || { echo "FAILED: calibration/somerset_fit.yaml does not validate"; exit 1; }
printf 'include:\n  - %s/scenarios/somerset.yaml\n  - %s/calibration/somerset_fitted.yaml\n' \
  "$PWD" "$PWD" > "$dir/fitted.yaml"
"$spsim" validate "$dir/fitted.yaml" >/dev/null 2>&1 \
  || { echo "FAILED: somerset.yaml with calibration/somerset_fitted.yaml does not validate"; exit 1; }
echo "somerset_psa runs and writes 2 x 8 draws; the Somerset calibration files validate"
