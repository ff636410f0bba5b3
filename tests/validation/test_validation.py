#!/usr/bin/python3
"""tools/validation.py on a tiny results file built here: one row per target and arm, each with
the verdict its numbers call for, missing datasets reported as not in the output, and malformed
targets refused with FILE:LINE. Every number is fixed, so nothing here can be flaky."""

import os
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
import validation  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402


def scale(f, name, values):
    ds = f.create_dataset(name, data=values)
    ds.make_scale(name)
    return ds


def attach(ds, *scales):
    for axis, s in enumerate(scales):
        ds.dims[axis].attach_scale(s)


def write_results(path):
    """Three replications, four weeks, arms a and b, their comparison a_minus_b."""
    text = h5py.string_dtype()
    with h5py.File(path, "w") as f:
        f.attrs.update(replications=np.int32(3), weeks=np.int32(4), horizon_years=4 * 7 / 365.25,
                       arms="a,b", scenario_path="tiny.yaml", scenario_name="tiny",
                       seed=np.uint64(7), spsim_version="test")
        rep = scale(f, "replication", np.arange(3, dtype=np.int32))
        week = scale(f, "week", np.arange(4, dtype=np.int32))
        view = scale(f, "money_view", np.array(["nominal", "real", "discounted"], dtype=object))
        f["money_view"][...] = np.array(["nominal", "real", "discounted"], dtype=object)
        for arm, offset in (("a", 0.0), ("b", 0.1)):
            g = f.create_group(f"arms/{arm}")
            attach(g.create_dataset("headlines/x", data=np.array([0.2, 0.3, 0.4]) + offset), rep)
            attach(g.create_dataset("headlines/allnan", data=np.full(3, np.nan)), rep)
            attach(g.create_dataset("totals/count", data=np.array([10, 20, 30], np.int32)), rep)
            flow = np.arange(12, dtype=np.int32).reshape(3, 4)  # replication r, week w: 4r + w
            attach(g.create_dataset("series/flow", data=flow), rep, week)
            cost = np.array([[1.0, 2.0, 3.0]] * 3)  # nominal 1, real 2, discounted 3
            attach(g.create_dataset("financial_years/cost", data=cost), rep, view)
            rows = [("k", "0.5"), ("m", "{gp: 45, ae: 273}"),
                    ("localities.x.population", "{age_0_15: 10, age_16_29: 20}"),
                    ("localities.y.population", "{age_0_15: 5, age_16_29: 5}")]
            g.create_dataset("parameters/key", data=[k for k, _ in rows], dtype=text)
            g.create_dataset("parameters/value", data=[v for _, v in rows], dtype=text)
        c = f.create_group("comparisons/a_minus_b")
        c.attrs.update(first="a", second="b")
        attach(c.create_dataset("headlines/incremental_cost_per_wellby",
                                data=np.array([100.0, 200.0, 300.0])), rep)
        attach(c.create_dataset("headlines/incremental_wellbys", data=np.ones(3)), rep)


HEADER = ",".join(validation.COLUMNS)
# (row, expected verdict for each arm, expected mean for each arm or None)
ROWS = [
    ("S,x in range,a,{headlines/x},100,%,,25,35,range,src,,", ["within range"], [30.0]),
    ("S,x above,a b,{headlines/x},100,%,,10,20,range,src,,", ["above", "above"], [30.0, 40.0]),
    ("S,x below (low only),a,{headlines/x},100,%,,40,,range,src,,", ["below"], [30.0]),
    ("S,x at most,b,{headlines/x},100,%,,,45,range,src,,", ["within range"], [40.0]),
    ("S,count near 20,a,{totals/count},,people,20,,,relative 0.1,src,,", ["within range"], [20.0]),
    ("S,count near 25,a,{totals/count},,people,25,,,relative 0.1,src,,", ["below"], [20.0]),
    # 10 % of 21 is 2.1, so 20 is within; a tolerance read as absolute (0.1) would put it below
    ("S,count near 21,a,{totals/count},,people,21,,,relative 0.1,src,,", ["within range"],
     [20.0]),
    ("S,count near 19,a,{totals/count},,people,19,,,absolute 0.5,src,,", ["above"], [20.0]),
    ("S,no figure,a,{totals/count},,people,,,,none,,,", ["no published figure"], [20.0]),
    ("S,side by side,a b,{totals/count},,people,,,,compare,,,", ["for comparison"] * 2,
     [20.0, 20.0]),
    ("S,missing,a,{totals/missing},,people,,1,2,range,src,,", ["not in the output"], [None]),
    ("S,missing arm,c,{totals/count},,people,,1,2,range,src,,", ["not in the output"], [None]),
    ("S,all nan,a,{headlines/allnan},,1,,0,1,range,src,,", ["no value"], [None]),
    # weeks 2 and 3 of replication r: (4r + 2) + (4r + 3); mean over r = 0, 1, 2 is 13
    ("S,weeks 2-3,a,{series/flow[week=2:]},,people,,12,14,range,src,,", ["within range"],
     [13.0]),
    # mean over weeks of 4r + w: 4r + 1.5; mean over r is 5.5
    ("S,weekly mean,a,{series/flow|mean},,people,,5,6,range,src,,", ["within range"], [5.5]),
    ("S,real money,a,{financial_years/cost[money_view=real]},,GBP,,1.5,2.5,range,src,,",
     ["within range"], [2.0]),
    ('S,param,a,"param(""k"") * 2",,1,,0.9,1.1,range,src,,', ["within range"], [1.0]),
    ('S,param entry,a,"param(""m"", ""ae"")",,GBP,273,,,relative 0.01,src,,', ["within range"],
     [273.0]),
    ('S,param total,a,"param_total(""localities.*.population"")",,people,,39,41,range,src,,',
     ["within range"], [40.0]),
    ("S,constants,a,weeks / years / weeks_per_year,,1,,0.99,1.01,range,src,,", ["within range"],
     [1.0]),
    ("S,wildcard,a_minus_b,{headlines/*incremental*cost*},,GBP,,,13000,range,src,,",
     ["within range"], [200.0]),
    ("S,ambiguous wildcard,a_minus_b,{headlines/incremental_*},,GBP,,,1,range,src,,",
     ["not in the output"], [None]),
    ("S,bad label,a,{financial_years/cost[money_view=fake]},,GBP,,0,1,range,src,,",
     ["not in the output"], [None]),
    ('S,param of comparison,a_minus_b,"param(""k"")",,1,,0,1,range,src,,', ["within range"],
     [0.5]),
]


def write_targets(path, rows):
    with open(path, "w") as f:
        f.write("# a comment line\n" + HEADER + "\n" + "\n".join(rows) + "\n")


def verdicts_and_rendering(work):
    results_path = os.path.join(work, "tiny.h5")
    targets_path = os.path.join(work, "targets.csv")
    write_results(results_path)
    write_targets(targets_path, [r for r, _, _ in ROWS])
    targets = validation.read_targets(targets_path)
    check(len(targets) == len(ROWS), f"{len(targets)} targets read of {len(ROWS)}")
    results = validation.Results(results_path)
    assessed = validation.assess(results, targets)
    expected = [(row, arm, v, m) for row, verdicts, means in ROWS
                for arm, v, m in zip(row.split(",")[2].split(), verdicts, means)]
    check(len(assessed) == len(expected), f"{len(assessed)} results for {len(expected)} pairs")
    for result, (row, arm, verdict, mean) in zip(assessed, expected):
        name = f"{result['target']['figure']} ({arm})"
        check(result["arm"] == arm, f"{name}: arm {result['arm']}")
        check(result["verdict"] == verdict, f"{name}: verdict {result['verdict']}, not {verdict}")
        if mean is None:
            check(result["mean"] is None, f"{name}: mean {result['mean']}, expected none")
        else:
            check(result["mean"] is not None and abs(result["mean"] - mean) < 1e-9,
                  f"{name}: mean {result['mean']}, expected {mean}")
    ambiguous = next(r for r in assessed if r["target"]["figure"] == "ambiguous wildcard")
    check("matches headlines/incremental_" in (ambiguous["missing"] or ""),
          "the ambiguous wildcard names what it matched")

    output = os.path.join(work, "validation.md")
    status = validation.main([results_path, "--targets", targets_path, "--output", output])
    check(status == 0, f"main returned {status}")
    with open(output) as f:
        lines = f.read().splitlines()
    table_rows = [line for line in lines if line.startswith("| ") and not
                  line.startswith("| figure ")]
    check(len(table_rows) == len(expected),
          f"{len(table_rows)} table rows in the document for {len(expected)} pairs")
    for line, (row, arm, verdict, _) in zip(table_rows, expected):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        check(cells[-1] == verdict, f"document row '{line}' ends with {verdict}")
        check(cells[1] == arm.replace("_minus_", " minus "), f"document row '{line}' arm {arm}")
    # 0.2, 0.3, 0.4 x 100: 5th and 95th percentiles by linear interpolation, 21 and 39
    check(any("| 30.0 (21.0 to 39.0) % |" in line for line in table_rows),
          "mean and 90 % interval shown for x in a")
    check(any("| count near 20 | a | 20.0 (11.0 to 29.0) people | 20 (±10 %: 18.0 to 22.0) "
              "people |" in line for line in table_rows), "a relative tolerance shown as a band")


def malformed_targets(work):
    path = os.path.join(work, "bad.csv")
    cases = [
        ("S,f,a,{totals/count},,1,,1,2,between,src,,", "column rule"),
        ("S,f,a,{totals/count},,1,,,,range,src,,", "rule range needs low, high or both"),
        ("S,f,a,{totals/count},,1,,,,relative 0.1,src,,", "needs a published number"),
        ("S,f,a,{totals/count},,1,,5,2,range,src,,", "is above high"),
        ("S,f,a,{totals/count},,1,,1,2,range,,,", "needs its source"),
        ("S,f,a,{totals/count} * unknown,,1,,1,2,range,src,,", "unknown name 'unknown'"),
        ('S,f,a,"__import__(""os"")",,1,,1,2,range,src,,', "only param() and param_total()"),
        ("S,f,a,{totals/count}.real,,1,,1,2,range,src,,", "Attribute not allowed"),
        ("S,f,a,{totals/count[week]},,1,,1,2,range,src,,", "is not DIM=VALUE"),
        ("S,f,a,{totals/count},x,1,,1,2,range,src,,", "column scale: 'x' is not a number"),
        ("S,f,a,{totals/count},,1,,1,2,range,src", "11 columns, expected 13"),
    ]
    for row, message in cases:
        write_targets(path, ["S,good,a,{totals/count},,1,,1,2,range,src,,", row])
        try:
            validation.read_targets(path)
            check(False, f"row '{row}' was accepted")
        except validation.TargetError as error:
            check(str(error).startswith(f"{path}:4: ") and message in str(error),
                  f"row '{row}': message '{error}' lacks {path}:4 or '{message}'")


def the_project_targets():
    """The real targets file reads without error and names only known rules."""
    top = os.path.join(os.path.dirname(__file__), "..", "..")
    targets = validation.read_targets(os.path.join(top, "calibration", "targets.csv"))
    check(len(targets) >= 20, f"calibration/targets.csv has {len(targets)} targets")
    check(all(t["rule_kind"] in ("none", "compare") or t["source"] for t in targets),
          "every published figure has a source")


with tempfile.TemporaryDirectory() as work:
    verdicts_and_rendering(work)
    malformed_targets(work)
    the_project_targets()
sys.exit(finish())
