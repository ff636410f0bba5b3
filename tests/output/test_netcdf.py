#!/usr/bin/python3
"""The results file as netCDF tools read it (docs/output.md, "Reading the file").

Runs spsim on a small scenario twice (once plain, once with --tornado, so that every kind of
group is written), then opens every group with xarray under both the h5netcdf and netcdf4
engines, selects by label inside an arm's groups, and checks the CF conventions the file
follows: weeks decode to dates, financial years are labelled 2025/26, GP hours stay numbers,
every variable has a long_name and every numeric one units, and ncdump -h shows the header
without the scenario text. Fixed seed and exact comparisons: nothing here can be flaky.

usage: test_netcdf.py SPSIM SCENARIO WORKDIR"""

import os
import subprocess
import sys
import warnings

import h5py
import numpy as np
import xarray as xr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

warnings.simplefilter("ignore")  # netCDF4's import warns about numpy's binary interface
ENGINES = ("h5netcdf", "netcdf4")


def run(spsim, scenario, out, *extra):
    subprocess.run([spsim, "run", scenario, "-o", out, "-q", "-j", "2", *extra], check=True,
                   stdout=subprocess.DEVNULL)


def groups_of(path, under="/"):
    names = ["/"]
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: names.append("/" + n) if isinstance(o, h5py.Group) else None)
    return [g for g in names if g.startswith(under)]


def open_group(path, group, engine, **kw):
    try:
        return xr.open_dataset(path, group=group, engine=engine, **kw).load()
    except Exception as e:  # every failure to open is the finding, whatever its type
        check(False, f"{path} group {group} opens with engine {engine}: {type(e).__name__} {e}")
        return None


def check_every_group_opens(path, under):
    """Each group, each engine; and every dimension a group's variables use is a coordinate."""
    for engine in ENGINES:
        for group in groups_of(path, under):
            ds = open_group(path, group, engine)
            if ds is None:
                continue
            check(True, f"{group} opens with {engine}")
            for name, v in ds.data_vars.items():
                missing = [d for d in v.dims if d not in ds.coords]
                check(not missing, f"{engine} {group}/{name}: dimensions {missing} have coordinates")


def check_attributes(path, under):
    """long_name on every variable, units on every numeric one (read undecoded)."""
    for group in groups_of(path, under):
        ds = open_group(path, group, "h5netcdf", decode_cf=False)
        if ds is None:
            continue
        for name, v in ds.variables.items():
            check("long_name" in v.attrs, f"{group}/{name} has a long_name")
            if v.dtype.kind in "iuf":
                check("units" in v.attrs, f"{group}/{name} has units")


def check_labels(path):
    for engine in ENGINES:
        series = open_group(path, "/arms/fewer/series", engine)
        summary = open_group(path, "/arms/fewer/summary", engine)
        money = open_group(path, "/arms/fewer/financial_years", engine)
        if series is None or summary is None or money is None:
            continue
        with h5py.File(path, "r") as f:
            raw = f["arms/fewer/series/referrals"][...]  # (replication, week, locality)
            raw_mean = f["arms/fewer/summary/referrals"][0]  # statistic 0 is the mean
        south = series["referrals"].sel(locality="south").values
        check(np.array_equal(south, raw[:, :, 1]), f"{engine}: locality 'south' by label")
        mean = summary["referrals"].sel(statistic="mean", locality="north").values
        check(np.array_equal(mean, raw_mean[:, 0]), f"{engine}: statistic 'mean' by label")
        week = series["week"].values
        check(week.dtype.kind == "M", f"{engine}: week decodes to dates ({week.dtype})")
        check(str(week[0])[:10] == "2025-04-01" and str(week[1])[:10] == "2025-04-08",
              f"{engine}: weeks begin 2025-04-01, 2025-04-08 ({week[:2]})")
        years = [str(y) for y in money["financial_year"].values]
        check(years[:2] == ["2025/26", "2026/27"], f"{engine}: financial years {years}")
        hours = money["gp_hours_freed"]
        check(hours.dtype.kind == "f", f"{engine}: gp_hours_freed stays numeric ({hours.dtype})")
        check(float(money["total_cost"].sel(financial_year="2025/26", money_view="real")
                     .mean()) > 0, f"{engine}: a year and a money view by label")


def check_root(path):
    for engine in ENGINES:
        ds = open_group(path, "/", engine)
        if ds is not None:
            check(ds.attrs.get("Conventions") == "CF-1.10", f"{engine}: Conventions CF-1.10")
            check("scenario_text" not in ds.attrs, f"{engine}: no scenario_text attribute")
            text = str(ds["scenario_text"].values)
            check(text.startswith("# Two towns"), f"{engine}: the scenario_text variable")


def check_ncdump(path):
    header = subprocess.run(["ncdump", "-h", path], check=True, capture_output=True,
                            text=True).stdout
    check(":Conventions = \"CF-1.10\"" in header, "ncdump -h shows Conventions")
    check("Two towns" not in header, "ncdump -h does not print the scenario text")
    check("string scenario_text ;" in header, "ncdump -h lists scenario_text as a variable")


def main():
    spsim, scenario, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    plain, tornado = os.path.join(work, "plain.h5"), os.path.join(work, "tornado.h5")
    run(spsim, scenario, plain)
    run(spsim, scenario, tornado, "--tornado")
    # The --tornado file has the plain file's groups too; only its /psa differs.
    for path, under in ((plain, "/"), (tornado, "/psa")):
        check_every_group_opens(path, under)
        check_attributes(path, under)
    check("/psa/tornado" in groups_of(tornado), "the --tornado file has /psa/tornado")
    check("/decision" in groups_of(plain), "the plain file has /decision")
    check_labels(plain)
    check_root(plain)
    check_ncdump(plain)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
