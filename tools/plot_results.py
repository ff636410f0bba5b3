#!/usr/bin/python3
"""Plots an spsim results file for analysts: one PNG page per file.

Usage: tools/plot_results.py RESULTS.h5 [OUT.png]

Panels, per arm, as means across replications with the 90 % interval (p5 to p95) shaded,
summed over localities:
  - people waiting for a link-worker slot and people in support, by week;
  - places in community activity and people waiting for a place, by week;
  - GP consultations avoided per week (expected, causal);
  - cost by financial year (real terms, discounted), with the comparison of the first two arms.

Reads the documented layout (docs/output.md) with h5py and matplotlib from Debian's packages
(run with /usr/bin/python3).
"""
import sys

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)


def county_band(arm, name):
    """Mean and 5th/95th percentile over replications of a weekly series summed over localities.

    The interval is taken from the replications' county totals, not by adding localities'
    percentiles (which would overstate it)."""
    series = arm["series"][name][...].astype(float)        # (replication, week, locality)
    county = np.nansum(series, axis=2)                      # (replication, week)
    return county.mean(axis=0), np.percentile(county, 5, axis=0), np.percentile(county, 95, axis=0)


def plot_weekly(ax, f, name, label):
    days = f["week"][...]  # each week's first day, days since the start date
    years = days / 365.25
    for arm_name, arm in f["arms"].items():
        mean, low, high = county_band(arm, name)
        line, = ax.plot(years, mean, label=arm_name)
        ax.fill_between(years, low, high, color=line.get_color(), alpha=0.2)
    ax.set_xlabel("years from the start date")
    ax.set_ylabel(label)
    ax.legend(fontsize="small")


def plot_costs(ax, f):
    years = f["financial_year_start"][...]
    arms = list(f["arms"].items())
    width = 0.8 / max(1, len(arms))
    for i, (arm_name, arm) in enumerate(arms):
        total = arm["financial_years"]["total_cost"][...]   # (replication, year, view)
        discounted = total[:, :, 2] / 1e6
        mean = discounted.mean(axis=0)
        low, high = np.percentile(discounted, [5, 95], axis=0)
        ax.bar(years + i * width, mean, width, label=arm_name,
               yerr=[mean - low, high - mean], capsize=2)
    ax.set_xlabel("financial year (April of)")
    ax.set_ylabel("cost, GBP million (real, discounted)")
    ax.legend(fontsize="small")


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    path = argv[1]
    out = argv[2] if len(argv) == 3 else path.rsplit(".", 1)[0] + ".png"
    with h5py.File(path, "r") as f:
        fig, axes = plt.subplots(3, 2, figsize=(13, 12))
        plot_weekly(axes[0, 0], f, "waiting", "people waiting for a link-worker slot")
        plot_weekly(axes[0, 1], f, "in_support", "people in support")
        plot_weekly(axes[1, 0], f, "places", "places in community activity")
        plot_weekly(axes[1, 1], f, "waiting_for_place", "people waiting for a place")
        plot_weekly(axes[2, 0], f, "gp_consultations_avoided", "GP consultations avoided a week")
        plot_costs(axes[2, 1], f)
        name = f.attrs["scenario_name"]
        reps = f.attrs["replications"]
        fig.suptitle(f"spsim: {name}, {reps} replications (mean, 90 % interval shaded)")
        fig.tight_layout()
        fig.savefig(out, dpi=90)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
