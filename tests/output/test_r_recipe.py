#!/usr/bin/python3
"""The R recipe of docs/output.md ("R: ncdf4 or hdf5r"), run as written with Rscript on a small
results file, against the file read with h5py:

- the block is taken from the document itself, so a recipe edited into something that no longer
  runs, or reads the wrong thing, fails here;
- it must print, for the first arm, the mean over replications of series/waiting in the last
  week for every locality (by name, with the last week's date) and the mean discounted
  financial_years/total_cost of every financial year (by label); each number equal to the
  file's to 1e-9 relative (printed with 10 significant digits);
- the checks fail when they should: a recipe reading the first week instead of the last, or the
  nominal cost instead of the discounted one, is refused.

Fixed seed: nothing here can be flaky. Debian's r-base-core, r-cran-ncdf4 and r-cran-hdf5r
(tools/install-deps.sh).

usage: test_r_recipe.py SPSIM SCENARIO WORKDIR (run from the top of the source tree)"""

import datetime
import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

DOC = "docs/output.md"
HEADING = "### R: ncdf4 or hdf5r"


def recipe():
    """The first ```r block after the recipe's heading."""
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    start = text.index(HEADING)
    match = re.search(r"```r\n(.*?)```", text[start:], re.S)
    return match.group(1) if match else ""


def expected(h5):
    """What the recipe must print, from the file: {(kind, arm, label, date or view): value}."""
    with h5py.File(h5, "r") as f:
        arm = f.attrs["arms"].split(",")[0]
        localities = list(f["locality"].asstr()[:])
        start = datetime.date.fromisoformat(f.attrs["start_date"])
        last = start + datetime.timedelta(days=int(f["week"][-1]))
        waiting = f[f"arms/{arm}/series/waiting"][:, -1, :].astype(float).mean(axis=0)
        views = list(f["money_view"].asstr()[:])
        years = list(f["financial_year"].asstr()[:])
        cost = f[f"arms/{arm}/financial_years/total_cost"][:, :, views.index("discounted")]
        want = {("waiting", arm, place, last.isoformat()): float(waiting[i])
                for i, place in enumerate(localities)}
        want.update({("total_cost", arm, year, "discounted"): float(cost[:, y].mean())
                     for y, year in enumerate(years)})
    return want


def printed(stdout):
    """{(kind, arm, label, date or view): value} of the recipe's output lines."""
    out = {}
    for line in stdout.splitlines():
        m = re.fullmatch(r"(waiting|total_cost) (\S+) (\S+) (\S+): (\S+) (people|GBP)", line)
        if m:
            out[m.group(1, 2, 3, 4)] = float(m.group(5))
    return out


def problems(got, want):
    if set(got) != set(want):
        return [f"printed {sorted(got)}, expected {sorted(want)}"]
    return [f"{k}: {got[k]} != {want[k]}" for k in want
            if not np.isclose(got[k], want[k], rtol=1e-9, atol=1e-12)]


def run_r(code, work):
    path = os.path.join(work, "recipe.R")
    with open(path, "w", encoding="utf-8") as f:
        f.write(code)
    return subprocess.run(["Rscript", path], cwd=work, capture_output=True, text=True)


def main():
    spsim, scenario, work = sys.argv[1:4]
    if not shutil.which("Rscript"):
        print("FAILED: no Rscript: install Debian's r-base-core, r-cran-ncdf4 and r-cran-hdf5r "
              "(tools/install-deps.sh)")
        return 1
    os.makedirs(work, exist_ok=True)
    h5 = os.path.join(work, "run.h5")
    subprocess.run([spsim, "run", scenario, "-o", h5, "-q"], check=True)
    code = recipe()
    check("docs/output.md has the R recipe", "library(ncdf4)" in code and "library(hdf5r)" in code)
    done = run_r(code, work)
    check(done.returncode == 0, f"the recipe runs with Rscript (exit {done.returncode}): "
          f"{done.stderr.strip()[-600:]}")
    want = expected(h5)
    found = problems(printed(done.stdout), want)
    check(not found, "the recipe prints the file's last-week waiting and discounted cost: "
          + "; ".join(found[:3]) + f"\n{done.stdout}")

    # The checks refuse a recipe that reads the wrong week or the wrong money view.
    wrong_week = run_r(code.replace("waiting[, length(weeks), ,", "waiting[, 1, ,"), work)
    check(problems(printed(wrong_week.stdout), want) != [], "the first week's waiting is refused")
    wrong_view = run_r(code.replace('views == "discounted"', 'views == "nominal"'), work)
    check(problems(printed(wrong_view.stdout), want) != [], "the nominal cost is refused")

    return finish()


if __name__ == "__main__":
    sys.exit(main())
