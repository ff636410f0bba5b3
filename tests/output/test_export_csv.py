#!/usr/bin/python3
"""spsim export FILE.h5 --csv DIR against the file it read: every total and every weekly value
in the CSV (per locality too) is the HDF5 value exactly (17 significant digits read back as the same double; NaN as
an empty field), the headline means agree with the replications' mean to 1e-12 (only the order
of summation can differ), every metric is in the dictionary, and bad input gets a clear message.
Fixed seed: nothing here can be flaky.

usage: test_export_csv.py SPSIM SCENARIO WORKDIR"""

import csv
import math
import os
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402


def same(text, want):
    return math.isnan(want) if text == "" else float(text) == want


def rows_of(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_totals(f, rows):
    arms = f.attrs["arms"].split(",")
    names = [n for n in f[f"arms/{arms[0]}/totals"] if n != "replication"]
    check(len(rows) == len(arms) * len(names) * f.attrs["replications"],
          f"totals.csv has a row per arm, replication and total ({len(rows)})")
    bad = [r for r in rows
           if not same(r["value"], float(f[f"arms/{r['arm']}/totals/{r['metric']}"]
                                         [int(r["replication"])]))]
    check(not bad, f"every CSV total is the HDF5 total ({bad[:2]})")
    units = {r["unit"] == f[f"arms/{r['arm']}/totals/{r['metric']}"].attrs["units"] for r in rows}
    check(units == {True}, "totals.csv units are the file's")


def check_locality_totals(f, rows):
    """locality_totals.csv: a row per arm, replication, locality and per-locality total, each
    value the HDF5 value exactly, with the file's units; the localities the file's names."""
    arms = f.attrs["arms"].split(",")
    localities = list(f["locality"].asstr()[:])
    group = f[f"arms/{arms[0]}/locality_totals"]
    names = [n for n in group if "CLASS" not in group[n].attrs]  # not the dimension scales
    check(len(names) >= 7, f"the file has the per-locality totals ({names})")
    check(len(rows) == len(arms) * len(names) * f.attrs["replications"] * len(localities),
          f"locality_totals.csv has a row per arm, replication, locality and total ({len(rows)})")
    check({r["metric"] for r in rows} == set(names), "locality_totals.csv has every total")
    check({r["locality"] for r in rows} == set(localities), "and every locality by its name")
    bad = [r for r in rows
           if not same(r["value"], float(f[f"arms/{r['arm']}/locality_totals/{r['metric']}"]
                                         [int(r["replication"]),
                                          localities.index(r["locality"])]))]
    check(not bad, f"every CSV per-locality total is the HDF5 value ({bad[:2]})")
    units = {r["unit"] == f[f"arms/{r['arm']}/locality_totals/{r['metric']}"].attrs["units"]
             for r in rows}
    check(units == {True}, "locality_totals.csv units are the file's")
    # The people first contacted add up over localities to the weekly first contacts.
    for arm in arms:
        contacted = sum(float(r["value"]) for r in rows
                        if r["arm"] == arm and r["metric"] == "first_contacted")
        weekly = float(f[f"arms/{arm}/series/first_contacts"][...].sum())
        check(contacted == weekly,
              f"{arm}: first_contacted over localities {contacted} = series first_contacts {weekly}")


def check_weekly(f, rows):
    localities = list(f["locality"].asstr()[:])
    first = {}
    bad = 0
    for r in rows:
        key = (r["arm"], r["metric"])
        if key not in first:
            first[key] = f[f"arms/{r['arm']}/series/{r['metric']}"][...]
        bad += not same(r["value"], float(first[key][int(r["replication"]),
                                                      weeks.index(r["period"]),
                                                      localities.index(r["locality"])]))
    check(bad == 0, f"every weekly CSV value is the HDF5 value ({bad} differ)")
    shape = next(iter(first.values())).shape
    check(len(rows) == len(first) * shape[0] * shape[1] * shape[2],
          f"weekly.csv has a row per arm, series, replication, week and locality ({len(rows)})")


def check_headlines(f, rows):
    for r in rows:
        x = f[f"arms/{r['arm']}/headlines/{r['metric']}"][...].astype(float)
        x = x[~np.isnan(x)]
        want = float(np.mean(x)) if x.size else math.nan
        ok = (r["mean"] == "" and math.isnan(want)) or (
            r["mean"] != "" and abs(float(r["mean"]) - want) <= 1e-12 * max(1.0, abs(want)))
        check(ok, f"headline {r['arm']}/{r['metric']} mean {r['mean']} is {want}")


def check_dictionary(directory):
    entries = {(r["file"], r["column"]) for r in rows_of(os.path.join(directory, "dictionary.csv"))}
    for name in ("weekly.csv", "totals.csv", "locality_totals.csv", "headlines.csv"):
        metrics = {r["metric"] for r in rows_of(os.path.join(directory, name))}
        missing = [m for m in metrics if (name, m) not in entries]
        check(not missing, f"{name}: every metric is in dictionary.csv ({missing})")


def check_errors(spsim, h5, work):
    def run(*args):
        return subprocess.run([spsim, "export", *args], capture_output=True, text=True)
    r = run(os.path.join(work, "missing.h5"), "--csv", work)
    check(r.returncode == 1 and "cannot open" in r.stderr and "missing.h5" in r.stderr,
          f"a missing file is named ({r.stderr.strip()})")
    r = run(h5, "--csv", os.path.join(work, "no_such_dir"))
    check(r.returncode == 1 and "not a directory" in r.stderr, f"a missing directory ({r.stderr})")
    r = run(h5)
    check(r.returncode == 2 and "usage: spsim export" in r.stderr, "usage error without --csv")


def main():
    global weeks
    spsim, scenario, work = sys.argv[1:4]
    out = os.path.join(work, "csv")
    os.makedirs(out, exist_ok=True)
    h5 = os.path.join(work, "run.h5")
    subprocess.run([spsim, "run", scenario, "-o", h5, "-q", "-j", "2"], check=True)
    subprocess.run([spsim, "export", h5, "--csv", out], check=True)
    weeks = sorted({r["period"] for r in rows_of(os.path.join(out, "weekly.csv"))})
    with h5py.File(h5, "r") as f:
        check(len(weeks) == f.attrs["weeks"], f"weekly.csv has every week ({len(weeks)})")
        check(weeks[0] == f.attrs["start_date"], "the first week begins on start_date")
        check_totals(f, rows_of(os.path.join(out, "totals.csv")))
        check_locality_totals(f, rows_of(os.path.join(out, "locality_totals.csv")))
        check_weekly(f, rows_of(os.path.join(out, "weekly.csv")))
        check_headlines(f, rows_of(os.path.join(out, "headlines.csv")))
    check_dictionary(out)
    check_errors(spsim, h5, work)
    return finish()


weeks = []
if __name__ == "__main__":
    sys.exit(main())
