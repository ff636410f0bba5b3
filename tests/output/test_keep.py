"""spsim run --keep (docs/output.md): `summaries` keeps no replication's weekly series and the
same summaries, totals, money and decision as `all`, bit for bit; `sample:N` keeps the first N
replications' series (those of `all`, under their own replication scale) and every
replication's totals; `all` is the default. The size stated before the run follows --keep and
is within FACTOR of the file's size on disk.

Usage: test_keep.py SPSIM SCENARIO WORKDIR"""

import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stream_compare import differences  # noqa: E402

REPLICATIONS = 12
SAMPLE = 3
# The stated size is before compression and counts the datasets' values only: the file is at
# most that (HDF5's own metadata is far smaller than what compression saves) and, with
# shuffle + deflate on counts, measured at 0.23 to 0.78 of it (docs/output.md); 1/6 leaves room
# for a scenario whose counts compress better, and still fails an estimate off by a factor 6.
FACTOR = 6.0
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(spsim, scenario, out, *extra):
    r = subprocess.run([spsim, "run", scenario, "-r", str(REPLICATIONS), "-j", "2", "-o", out,
                        *extra], capture_output=True, text=True, check=True)
    m = re.search(r"about ([0-9.e+]+) MB before compression", r.stderr)
    return float(m.group(1)) * 1e6 if m else None


def main():
    spsim, scenario, work = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    paths = {k: os.path.join(work, k.replace(":", "_") + ".h5")
             for k in ("default", "all", "summaries", "sample:%d" % SAMPLE)}
    stated = {k: run(spsim, scenario, p, *([] if k == "default" else ["--keep", k]))
              for k, p in paths.items()}

    check(differences(paths["default"], paths["all"]) == [], "--keep all is the default")
    with h5py.File(paths["all"], "r") as a, h5py.File(paths["summaries"], "r") as s, \
            h5py.File(paths["sample:%d" % SAMPLE], "r") as n:
        arms = list(a["arms"])
        check(all("series" not in s["arms"][x] for x in arms),
              "--keep summaries has no per-replication series")
        check(s.attrs["keep"] == "summaries" and "keep" not in a.attrs,
              "the file says what it keeps (and the default file is as before)")
        for x in arms:
            series = n["arms"][x]["series"]
            shapes = {series[d].shape[0] for d in series if d in a["arms"][x]["series"]
                      and a["arms"][x]["series"][d].ndim >= 3}
            check(shapes == {SAMPLE}, "sample:%d keeps %d replications' series in arm %s (%s)"
                  % (SAMPLE, SAMPLE, x, sorted(shapes)))
            same = all(np.array_equal(series[d][()], a["arms"][x]["series"][d][:SAMPLE],
                                      equal_nan=series[d].dtype.kind == "f")
                       for d in ("referrals", "waiting", "wait_mean_weeks") if d in series)
            check(same, "and they are the first %d of --keep all's" % SAMPLE)
            check(list(series["replication"][()]) == list(range(SAMPLE)),
                  "under their own replication scale 0..%d" % (SAMPLE - 1))
            check(n["arms"][x]["totals"]["referrals"].shape == (REPLICATIONS,),
                  "and every replication's totals")
    for k in ("summaries", "sample:%d" % SAMPLE):
        diff = [d for d in differences(paths["all"], paths[k])
                if "/series" not in d and d not in ("@keep", "@replications_with_series")]
        check(diff == [], "--keep %s has the same summaries, totals, money and decision: %s"
              % (k, diff[:5]))

    for k, p in paths.items():
        real = os.path.getsize(p)
        ok = stated[k] is not None and stated[k] / FACTOR <= real <= stated[k]
        check(ok, "--keep %s: %.2f MB stated, %.2f MB on disk (within a factor %g)"
              % (k, (stated[k] or 0) / 1e6, real / 1e6, FACTOR))
    check(stated["summaries"] < stated["sample:%d" % SAMPLE] < stated["all"],
          "the stated size follows --keep")

    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)


main()
