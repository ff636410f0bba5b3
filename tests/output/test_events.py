#!/usr/bin/python3
"""The person-level event log (spsim run --events N; docs/output.md, "Event log").

Runs a small scenario three times, with the same seed: with --events larger than every
replication's referrals (so every person is logged), without --events, and with --events 25.
Checks that
  - the full log's counts of offered, declined, taken up, started, reneged, no-show, completed,
    dropped out, still waiting, connected, never connected, ... equal the aggregate totals and
    series of the same file, replication by replication, and its mean waits and summed service
    use equal the aggregate means and reductions;
  - every dataset and attribute of the run without --events is in both logged runs bit for bit
    (only the creation time differs), and the logged runs add nothing but the event tables;
  - the sample of 25 is the 25 referrals of lowest priority (the documented hash), the same
    people in both arms, each row equal to the full log's row for that person;
  - spsim export --csv writes events.csv equal to the HDF5 table, and its dictionary rows;
  - both netCDF engines open an arm group with its event log, the rows a coordinate;
  - --events 0 is refused.
Fixed seed and exact comparisons (sums of doubles within 1e-9 relative, the only rounding being
the order of addition): nothing here can be flaky.

usage: test_events.py SPSIM SCENARIO WORKDIR"""

import csv
import math
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
SAMPLE = 25
MASK = (1 << 64) - 1


def run(spsim, scenario, out, *extra):
    return subprocess.run([spsim, "run", scenario, "-o", out, "-q", "-j", "2", *extra],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def close(a, b, what):
    ok = (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    check(ok, f"{what}: {a} vs {b}")


def series_sum(f, arm, name, rep):
    return float(f[f"arms/{arm}/series/{name}"][rep].sum())


def check_counts(path):
    """The full log against the aggregates of the same file."""
    with h5py.File(path, "r") as f:
        for arm in f.attrs["arms"].split(","):
            ev = f[f"arms/{arm}/events"][:]
            tot = {k: f[f"arms/{arm}/totals/{k}"][:] for k in f[f"arms/{arm}/totals"]}
            red = {k: f[f"arms/{arm}/reductions/{k}"][:] for k in f[f"arms/{arm}/reductions"]}
            for rep in range(f.attrs["replications"]):
                e = ev[ev["replication"] == rep]
                where = f"{arm} replication {rep}"
                check(len(e) == tot["referrals"][rep], f"{where}: every referral logged")
                pairs = (
                    ("not offered", (e["offered"] == 0).sum(), tot["not_offered"][rep]),
                    ("declined", e["declined"].sum(), series_sum(f, arm, "declined", rep)),
                    ("taken up", e["took_up"].sum(), series_sum(f, arm, "taken_up", rep)),
                    ("started", e["started"].sum(), series_sum(f, arm, "started", rep)),
                    ("reneged", e["reneged"].sum(), series_sum(f, arm, "dropped_out_waiting", rep)),
                    ("dropped out of support", e["dropped_out"].sum(),
                     series_sum(f, arm, "dropped_out_support", rep)),
                    ("dropped out (queue and support)", e["reneged"].sum() + e["dropped_out"].sum(),
                     tot["dropped_out"][rep]),
                    ("completed", e["completed"].sum(), tot["completed"][rep]),
                    ("no-shows", e["no_show"].sum(), tot["no_show"][rep]),
                    ("waiting at the horizon", e["waiting_at_horizon"].sum(),
                     tot["waiting_at_horizon"][rep]),
                    ("first contacts", np.isfinite(e["first_contact_wait_weeks"]).sum(),
                     series_sum(f, arm, "first_contacts", rep)),
                    ("connected", e["joined"].sum(), tot["connected"][rep]),
                    ("never connected", e["never_connected"].sum(), tot["never_connected"][rep]),
                    ("not placed at the first try", e["not_placed_first_try"].sum(),
                     tot["not_placed_first_try"][rep]),
                    ("connection failed", e["connection_failed"].sum(),
                     series_sum(f, arm, "connection_failed", rep)),
                )
                for what, logged, aggregate in pairs:
                    check(int(logged) == int(aggregate),
                          f"{where}: {what} logged {logged}, aggregate {aggregate}")
                offered = e["snomed_finding"] == 871691000000100
                declined = e["snomed_finding"] == 871711000000103
                check(np.array_equal(offered, e["took_up"] == 1) and
                      np.array_equal(declined, e["declined"] == 1) and
                      np.all(e["snomed_finding"][e["offered"] == 0] == 0),
                      f"{where}: SNOMED CT findings follow the offer")
                for field, total in (("wait_weeks", "wait_mean"),
                                     ("first_contact_wait_weeks", "first_contact_wait_mean")):
                    w = e[field][np.isfinite(e[field])]
                    close(float(w.mean()) if len(w) else math.nan, float(tot[total][rep]),
                          f"{where}: mean {field} against {total}")
                check_use(e, red, rep, where)


def check_use(e, red, rep, where):
    """Summed expected use a year after referral against the reductions of the same people."""
    counted = np.isfinite(e["gp_use_after_per_year"])
    check(int(counted.sum()) == int(red["people"][rep].sum(axis=0)[0]),
          f"{where}: people with a year after referral, logged {counted.sum()}")
    for s, service in enumerate(("gp", "ae", "admissions")):
        for field, measure in (("use_after_per_year", "use_after_expected"),
                               ("use_counterfactual_per_year", "use_after_counterfactual")):
            close(float(e[f"{service}_{field}"][counted].sum()),
                  float(red[measure][rep][:, s].sum()), f"{where}: {service}_{field} sum")
        causal = e[f"{service}_use_after_per_year"] - e[f"{service}_use_counterfactual_per_year"]
        check(np.allclose(causal[counted], e[f"{service}_causal_change_per_year"][counted]),
              f"{where}: {service} causal change is after minus counterfactual")


def values(d):
    """A dataset's values as comparable bytes (strings as their text)."""
    v = d[()]
    if d.dtype.kind == "O" or isinstance(v, bytes):
        return repr(np.asarray(v).tolist()).encode()
    return np.asarray(v).tobytes()


def scales(d):
    """The names of the scales attached to each dimension (HDF5 references hold addresses,
    which move when objects are added, so they are compared by what they point to)."""
    return [[s.name for s in dim.values()] for dim in d.dims]


def same_object(a, b, name):
    if isinstance(a, h5py.Dataset):
        check(isinstance(b, h5py.Dataset) and a.dtype == b.dtype and a.shape == b.shape and
              values(a) == values(b), f"{name}: the same values")
        check(scales(a) == scales(b), f"{name}: the same dimension scales")
    for k, v in a.attrs.items():
        if (name == "/" and k == "created") or k in ("DIMENSION_LIST", "REFERENCE_LIST"):
            continue
        ok = k in b.attrs and repr(np.asarray(v).tolist()) == repr(np.asarray(b.attrs[k]).tolist())
        check(ok, f"{name} attribute {k} the same")


def check_unchanged(plain, logged):
    """Everything of the run without --events is in the logged run bit for bit."""
    with h5py.File(plain, "r") as p, h5py.File(logged, "r") as q:
        names = []
        p.visit(names.append)
        same_object(p, q, "/")
        for n in names:
            check(n in q, f"{logged} has {n}")
            if n in q:
                same_object(p[n], q[n], n)
        extra = []
        q.visit(lambda n: extra.append(n) if n not in p else None)
        allowed = {f"arms/{a}/{d}" for a in p.attrs["arms"].split(",") for d in ("events", "person")}
        check(set(extra) == allowed, f"{logged} adds only the event tables, not {set(extra) - allowed}")


def priority(locality, number, rep):
    z = ((locality << 32) | number) ^ ((0x9E3779B97F4A7C15 * (rep + 1)) & MASK)
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def check_sample(full, sampled):
    with h5py.File(full, "r") as f, h5py.File(sampled, "r") as g:
        people = {}
        for arm in f.attrs["arms"].split(","):
            ev, sv = f[f"arms/{arm}/events"][:], g[f"arms/{arm}/events"][:]
            check(g[f"arms/{arm}/events"].attrs["events_per_replication"] == SAMPLE,
                  f"{arm}: events_per_replication is {SAMPLE}")
            for rep in range(f.attrs["replications"]):
                e, s = ev[ev["replication"] == rep], sv[sv["replication"] == rep]
                q = np.array([priority(int(l), int(n), rep)
                              for l, n in zip(e["locality"], e["referral_number"])], dtype=np.uint64)
                keep = np.zeros(len(e), bool)
                keep[np.argsort(q, kind="stable")[:SAMPLE]] = True
                check(len(s) == SAMPLE, f"{arm} replication {rep}: {SAMPLE} people kept, got {len(s)}")
                check(e[keep].tobytes() == s.tobytes(),
                      f"{arm} replication {rep}: the sample is the {SAMPLE} of lowest priority, "
                      "each row as in the full log")
                people.setdefault(rep, []).append(sorted(zip(s["locality"], s["referral_number"])))
        for rep, lists in people.items():
            check(all(x == lists[0] for x in lists), f"replication {rep}: the same people in every arm")
            referred = [float(x) for x in g["arms/more/events"][:]["referred_at_weeks"]]
            check(max(referred) > 0.5 * g.attrs["weeks"], "the sample reaches into the run's second half")


def cell(value, field, labels):
    """What events.csv should hold for a value of the table."""
    if field in labels:
        return labels[field][value] if value >= 0 else ""
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else value
    return str(int(value))


def check_export(spsim, path, work):
    out = os.path.join(work, "csv")
    os.makedirs(out, exist_ok=True)
    subprocess.run([spsim, "export", path, "--csv", out], check=True)
    with h5py.File(path, "r") as f:
        labels = {k: [x.decode() if isinstance(x, bytes) else x for x in f[k][:]]
                  for k in ("locality", "source", "activity")}
        labels["activity_agreed"] = labels.pop("activity")
        tables = {a: f[f"arms/{a}/events"][:] for a in f.attrs["arms"].split(",")}
    with open(os.path.join(out, "events.csv"), newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    fields = list(next(iter(tables.values())).dtype.names)
    check(header == ["arm"] + fields, "events.csv has the arm and every field, in order")
    expected = [(a, r) for a, t in tables.items() for r in t]
    check(len(body) == len(expected), f"events.csv has {len(expected)} rows, got {len(body)}")
    bad = 0
    for row, (arm, rec) in zip(body, expected):
        if row[0] != arm:
            bad += 1
            continue
        for text, name in zip(row[1:], fields):
            want = cell(rec[name], name, labels)
            if isinstance(want, (float, np.floating)):
                bad += text == "" or float(text) != float(want)
            else:
                bad += text != want
    check(bad == 0, f"events.csv equals the HDF5 tables ({bad} cells differ)")
    with open(os.path.join(out, "dictionary.csv"), newline="") as fh:
        described = {r[1] for r in csv.reader(fh) if r[0] == "events.csv"}
    check(set(fields) | {"arm"} <= described, "dictionary.csv describes every events.csv column")


def check_netcdf(path):
    for engine in ("h5netcdf", "netcdf4"):
        try:
            ds = xr.open_dataset(path, group="/arms/more", engine=engine).load()
            check("person" in ds.coords, f"{engine}: the event log's rows are a coordinate")
            if engine == "h5netcdf":
                check("events" in ds and "long_name" in ds["events"].attrs,
                      "h5netcdf reads the event log with its long_name")
        except Exception as e:  # any failure to open is the finding
            check(False, f"{engine} opens /arms/more with an event log: {type(e).__name__} {e}")


def main():
    spsim, scenario, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    full, plain, sampled = (os.path.join(work, n) for n in ("full.h5", "plain.h5", "sampled.h5"))
    for out, extra in ((full, ["--events", "1000000"]), (plain, []), (sampled, ["--events", str(SAMPLE)])):
        r = run(spsim, scenario, out, *extra)
        check(r.returncode == 0, f"spsim run {' '.join(extra)} succeeds: {r.stderr}")
    check_counts(full)
    check_unchanged(plain, full)
    check_unchanged(plain, sampled)
    check_sample(full, sampled)
    check_export(spsim, full, work)
    check_netcdf(full)
    r = run(spsim, scenario, os.path.join(work, "zero.h5"), "--events", "0")
    check(r.returncode == 2 and "--events needs" in r.stderr, "--events 0 is refused")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
