#!/usr/bin/python3
"""tools/spsim-plot on real results files of tests/report/two_places.yaml (two towns, two arms,
two years, a few replications: seconds to run), once with values drawn from distributions and
once with --tornado:

- every expected chart exists as a PNG (signature, size) and an SVG that parses as XML and
  holds its title as text; the tornado only for the file that has /psa/tornado, and what cannot
  be drawn is said on stderr;
- the cost by financial year draws the file's numbers: each bar's height and error bar, read
  back from the figure (--values), equal the mean and the 5th/95th percentiles of
  /arms/<arm>/financial_years/total_cost (discounted) and of the paired
  /comparisons/.../total_cost_by_year, and each bar stands at its own year's tick;
- the wait to first contact draws the file's numbers: in each panel (all localities, then each
  locality) each arm's median line equals, week by week, the median over replications of
  series/first_contact_wait_mean (all localities: weighted by series/first_contacts);
- the checks fail when they should: a deleted chart is missed, and the old layout (each arm's
  bars shifted by its index, so one year's bar met the next year's) is refused.

Usage: test_charts.py SPSIM (run from the top of the source tree).
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
import spsim_charts  # noqa: E402  (the tools folder first)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import checks  # noqa: E402  (the suite's tally)

SCENARIO = "tests/report/two_places.yaml"
PLOT = "tools/spsim-plot"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_PNG_BYTES = 10000  # a titled, labelled chart at 90 dpi; an empty figure is about 2 KB

# file name -> a piece of its title that the SVG must hold as text
CHARTS = {
    "waiting_list": "People waiting for a link-worker caseload slot",
    "wait_to_first_contact": "Wait from referral to first link-worker contact",
    "wait_for_slot": "Wait for a caseload slot",
    "caseload_per_fte": "Caseload per link-worker FTE",
    "people_connected": "People connected to community activity",
    "people_not_connected": "People not connected",
    "vcse_places": "VCSE places open to referred people",
    "cost_by_financial_year": "Cost by financial year",
    "ce_plane": "Cost-effectiveness plane",
    "acceptability": "Acceptability curve",
}
TORNADO = {"tornado": "Tornado: one-way sensitivity"}

def check(what, ok, detail=""):
    return checks.check(ok, what + (": " + detail if detail else ""))


def svg_text(path):
    root = ElementTree.parse(path).getroot()
    return root.tag, " ".join(t.strip() for t in root.itertext() if t.strip())


def chart_problems(directory, expected):
    """Every problem with the chart files of `directory`: missing, not PNG, too small, not
    XML, no title text."""
    problems = []
    for name, title in expected.items():
        png, svg = (os.path.join(directory, name + ending) for ending in (".png", ".svg"))
        if not os.path.exists(png) or not os.path.exists(svg):
            problems.append(f"{name}: no PNG or SVG")
            continue
        with open(png, "rb") as f:
            data = f.read()
        if not data.startswith(PNG_SIGNATURE) or len(data) < MIN_PNG_BYTES:
            problems.append(f"{name}.png: {len(data)} bytes, signature {data[:8]!r}")
        try:
            tag, text = svg_text(svg)
        except ElementTree.ParseError as error:
            problems.append(f"{name}.svg does not parse: {error}")
            continue
        if not tag.endswith("svg") or title not in text:
            problems.append(f"{name}.svg: root {tag}, title '{title}' not in its text")
    return problems


def discounted(f, arm):
    views = list(f[f"arms/{arm}/financial_years/money_view"].asstr()[:])
    return f[f"arms/{arm}/financial_years/total_cost"][:, :, views.index("discounted")]


def bar_problems(panel, expected, years):
    """Problems of a panel of grouped bars against expected {label: (replication, year)} GBP:
    each bar at its year's tick, of the mean's height (GBP million) and with the p5-p95 bar."""
    problems = []
    by_label = {}
    for bar in panel["bars"]:
        by_label.setdefault(bar["label"], []).append(bar)
    if sorted(by_label) != sorted(expected):
        return [f"bars for {sorted(by_label)}, expected {sorted(expected)}"]
    width = None
    for label, values in expected.items():
        bars = by_label[label]
        if len(bars) != len(years):
            problems.append(f"{label}: {len(bars)} bars for {len(years)} years")
            continue
        mean = values.mean(axis=0) / 1e6
        low, high = np.percentile(values, [5, 95], axis=0) / 1e6
        for y, bar in enumerate(bars):
            width = width or 0.8 / len(expected)
            # a bar belongs to a year when it stands within the year's group around its tick
            if bar["tick"] != years[y] or bar["tick_distance"] > 0.4 + 1e-9:
                problems.append(f"{label} {years[y]}: bar at {bar['centre']:.2f}, nearest tick "
                                f"{bar['tick']} ({bar['tick_distance']:.2f} away)")
            if not np.isclose(bar["value"], mean[y], rtol=1e-9, atol=1e-12):
                problems.append(f"{label} {years[y]}: height {bar['value']} != mean {mean[y]}")
            if not np.allclose(bar["error"], [low[y], high[y]], rtol=1e-9, atol=1e-12):
                problems.append(f"{label} {years[y]}: error bar {bar['error']} != "
                                f"{[low[y], high[y]]}")
    return problems


def old_layout_drawn(years, series):
    """The layout of the old tools/plot_results.py: arm i's bars at year + i x width."""
    import matplotlib.pyplot as plt
    figure, ax = plt.subplots()
    x = np.arange(len(years), dtype=float)
    width = 0.8 / len(series)
    for i, (label, values) in enumerate(series.items()):
        ax.bar(x + (i + 1) * width, values.mean(axis=0) / 1e6, width, label=label,
               yerr=[np.zeros(len(years))] * 2)
    ax.set_xticks(x, years)
    drawn = spsim_charts.panel_drawn(ax)
    plt.close(figure)
    return drawn


def first_contact_medians(f, arm, localities):
    """{panel title: median over replications, week by week} of the wait to first contact from
    the file: each locality's series/first_contact_wait_mean, and for all localities the
    replication's mean weighted by series/first_contacts."""
    mean = f[f"arms/{arm}/series/first_contact_wait_mean"][...].astype(float)
    count = f[f"arms/{arm}/series/first_contacts"][...].astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(count > 0, mean * count, 0).sum(axis=2) / count.sum(axis=2)
    panels = {"all localities": pooled}
    panels.update({name: mean[:, :, i] for i, name in enumerate(localities)})
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a week nobody was contacted in
        return {title: np.nanmedian(values, axis=0) for title, values in panels.items()}


def line_problems(drawn, expected, arms):
    """Problems of the fan charts' median lines against {panel title: median by week}."""
    problems = []
    titles = [panel["title"] for panel in drawn["panels"]]
    if titles != list(expected):
        return [f"panels {titles}, expected {list(expected)}"]
    for panel in drawn["panels"]:
        lines = {line["label"]: line["y"] for line in panel["lines"]}
        if sorted(lines) != sorted(arms):
            problems.append(f"{panel['title']}: lines {sorted(lines)}, expected {sorted(arms)}")
            continue
        want = expected[panel["title"]]
        for arm in arms:
            got = np.array([np.nan if v is None else v for v in lines[arm]], float)
            if got.shape != want.shape or not np.allclose(got, want, rtol=1e-9, equal_nan=True):
                problems.append(f"{panel['title']} {arm}: median line differs from the file")
        if "weeks" not in panel["ylabel"]:
            problems.append(f"{panel['title']}: y label '{panel['ylabel']}' has no unit")
    return problems


def run_plot(h5, directory):
    done = subprocess.run([PLOT, h5, "-o", directory, "--values"], capture_output=True,
                          text=True)
    check(f"spsim-plot {os.path.basename(h5)} exits 0", done.returncode == 0, done.stderr)
    return done


def main(spsim):
    work = tempfile.mkdtemp(prefix="spsim-charts-")
    psa, tornado = os.path.join(work, "psa.h5"), os.path.join(work, "tornado.h5")
    for args in ([SCENARIO, "-q", "-o", psa], [SCENARIO, "--tornado", "-q", "-o", tornado]):
        done = subprocess.run([spsim, "run"] + args, capture_output=True, text=True)
        if not check(f"spsim run {' '.join(args)} works", done.returncode == 0, done.stderr):
            return checks.finish()

    plain = os.path.join(work, "psa")
    done = run_plot(psa, plain)
    problems = chart_problems(plain, CHARTS)
    check("every chart of the file is a PNG and a titled SVG", not problems, "; ".join(problems))
    check("no tornado without /psa/tornado", not os.path.exists(os.path.join(plain, "tornado.png")))
    check("stderr says the tornado is not drawn", "not drawn: Tornado" in done.stderr, done.stderr)
    check("the wait to first contact is drawn, not reported missing",
          "wait to first contact" not in done.stderr, done.stderr)
    printed = set(done.stdout.split())
    check("it prints every file it writes",
          all(os.path.join(plain, n + e) in printed for n in CHARTS for e in (".png", ".svg")))

    with_tornado = os.path.join(work, "tornado")
    run_plot(tornado, with_tornado)
    problems = chart_problems(with_tornado, {**CHARTS, **TORNADO})
    check("with --tornado the tornado is drawn too", not problems, "; ".join(problems))

    # The plotted cost by financial year against the file's data.
    with open(os.path.join(plain, "cost_by_financial_year.values.json")) as f:
        drawn = json.load(f)
    with h5py.File(psa, "r") as f:
        years = list(f["financial_year"].asstr()[:])
        arms = f.attrs["arms"].split(",")
        costs = {arm: discounted(f, arm) for arm in arms}
        pair = f"{arms[0]} minus {arms[1]}"
        paired = {pair: f[f"comparisons/{arms[0]}_minus_{arms[1]}/total_cost_by_year"][...]}
    check("the cost chart has two panels", len(drawn["panels"]) == 2)
    problems = bar_problems(drawn["panels"][0], costs, years)
    check("each arm's bars are the file's costs by financial year", not problems,
          "; ".join(problems[:4]))
    problems = bar_problems(drawn["panels"][1], paired, years)
    check("the paired bars are the file's paired differences", not problems,
          "; ".join(problems[:4]))
    check("the axis says its units", "GBP million" in drawn["panels"][0]["ylabel"])
    _, text = svg_text(os.path.join(plain, "cost_by_financial_year.svg"))
    check("the SVG labels every financial year", all(y in text for y in years))

    # The wait to first contact against the file, per arm (median line) and panel.
    with open(os.path.join(plain, "wait_to_first_contact.values.json")) as f:
        drawn_wait = json.load(f)
    with h5py.File(psa, "r") as f:
        localities = list(f["locality"].asstr()[:])
        medians = {arm: first_contact_medians(f, arm, localities) for arm in arms}
    problems = []
    for arm in arms:  # one arm at a time: each line against its own arm's medians
        only = {**drawn_wait, "panels": [
            {**panel, "lines": [line for line in panel["lines"] if line["label"] == arm]}
            for panel in drawn_wait["panels"]]}
        problems += line_problems(only, medians[arm], [arm])
    check("the wait to first contact draws the file's weekly medians, per arm and locality",
          not problems and len(medians[arms[0]]) == 1 + len(localities), "; ".join(problems[:4]))

    # The checks themselves fail when they should.
    slot_wait = {arm: {title: values + 0.5 for title, values in medians[arm].items()}
                 for arm in arms}
    check("a median half a week off is refused",
          line_problems({**drawn_wait, "panels": [
              {**p, "lines": [line for line in p["lines"] if line["label"] == arms[0]]}
              for p in drawn_wait["panels"]]}, slot_wait[arms[0]], [arms[0]]) != [])
    os.remove(os.path.join(plain, "vcse_places.png"))
    check("a missing chart is noticed",
          chart_problems(plain, CHARTS) == ["vcse_places: no PNG or SVG"])
    check("the old offset layout is refused",
          bar_problems(old_layout_drawn(years, costs), costs, years) != [])
    wrong = {arm: values + 1000.0 for arm, values in costs.items()}
    check("a bar 1,000 GBP off is refused", bar_problems(drawn["panels"][0], wrong, years) != [])

    subprocess.run(["rm", "-rf", work])
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
