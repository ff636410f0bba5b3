#!/usr/bin/env bash
# The England scenario (42 integrated care boards) runs: one replication of one year
# (england_one_year.yaml), and each board's referrals match what its population, deprivation and
# the referral rate's maturity curve imply. Referrals are a Poisson process, so a board's count
# is within 5 standard deviations (5 sqrt(expected)) of the integral of its rate: with the fixed
# seed the outcome is deterministic, and a mean even 2 % off (a board given another's population,
# the maturity curve ignored, two boards sharing a stream's draws) fails for the large boards.
set -euo pipefail
spsim=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$spsim" run tests/scale/england_one_year.yaml -j 2 -q -o "$out/england.h5" 2>/dev/null
/usr/bin/python3 - "$out/england.h5" <<'PY'
import math, re, sys
import h5py
f = h5py.File(sys.argv[1], "r")
arm = f["arms/current"]
p = arm["parameters"]
value = dict(zip((k.decode() for k in p["key"][:]), (v.decode() for v in p["value"][:])))
names = [n.decode() for n in arm["series/locality"][:]]
referrals = arm["series/referrals"][0]            # [week, locality]
weeks = referrals.shape[0]
assert len(names) == 42, f"{len(names)} localities, expected the 42 boards"
assert len(f["arms"]) == 2, "expected the arms current and do_nothing"
weeks_per_year = 365.25 / 7
rate = float(value["referral.base_rate_per_1000_per_year"])
ratio = float(value["referral.deprivation_rate_ratio"])
f0 = float(value["referral.maturity_start_fraction"])
tau = float(value["referral.maturity_years"]) * weeks_per_year
maturity = weeks - (1 - f0) * tau * (1 - math.exp(-weeks / tau))   # integral of the curve, weeks
bad, total_expected, total_seen = [], 0.0, 0.0
for l, name in enumerate(names):
    population = sum(int(v) for v in re.findall(r":\s*(\d+)", value[f"localities.{name}.population"]))
    d = float(value[f"localities.{name}.deprivation"])
    factor = (1 + (ratio - 1) * d) / (1 + (ratio - 1) * 0.2)
    expected = population / 1000 * rate * factor / weeks_per_year * maturity
    seen = float(referrals[:, l].sum())
    total_expected += expected
    total_seen += seen
    if abs(seen - expected) > 5 * math.sqrt(expected):
        bad.append(f"{name}: {seen:.0f} referrals, expected {expected:.0f} +- {5 * math.sqrt(expected):.0f}")
print(f"England, one year: {total_seen:.0f} referrals, expected {total_expected:.0f}")
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY
