#!/usr/bin/python3
"""Writes the report of an spsim results file: one self-contained HTML page for a commissioner.

Usage: tools/spsim_report.py RESULTS.h5 -o REPORT.html (--verdict FILE | --spsim PROGRAM)

`spsim report` runs this with /usr/bin/python3 and gives it the verdict `spsim summary` prints
(--verdict -, on standard input); run by hand, --spsim names the program whose `summary`
prints it. Sections, in order: the question, the arms, the verdict, the headline figures with
their 90 % intervals, the charts (the same as tools/spsim-plot draws, tools/spsim_charts.py),
the key assumptions with their sources, the limitations, and an appendix of every value the
arms change (docs/report.md). The figures are
PNG images inside the page as data: URIs and the style is inline: the page makes no network
request. It is written under a temporary name and renamed when complete.
"""
import argparse
import base64
import html
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

try:
    import numpy as np

    import spsim_arms
    import spsim_charts
    from spsim_layout import RunFile, strings
except ImportError as missing:  # h5py, numpy or matplotlib not installed for /usr/bin/python3
    print(f"spsim report: {missing}: install Debian's python3-h5py and python3-matplotlib "
          "(tools/install-deps.sh); the report runs with /usr/bin/python3", file=sys.stderr)
    sys.exit(3)  # what the machine lacks, not a fault of the input

# (where, dataset, label, units shown, how to show it); `where` is headlines or totals
HEADLINES = [
    ("headlines", "people_supported", "People supported", "people", "whole"),
    ("totals", "first_contact_wait_mean", "Wait from referral to first contact, mean", "weeks",
     "one"),
    ("totals", "first_contact_wait_p90", "Wait from referral to first contact, 90th percentile",
     "weeks", "one"),
    ("totals", "connected", "People connected to community activity", "people", "whole"),
    ("totals", "never_connected", "People never connected (no place came free)", "people",
     "whole"),
    ("headlines", "total_cost", "Total cost (real terms, discounted)", "GBP", "whole"),
    ("headlines", "savings", "Savings, non-cash-releasing (discounted)", "GBP", "whole"),
    ("headlines", "net_cost", "Net cost (total cost - savings)", "GBP", "whole"),
    ("headlines", "cost_per_person_supported", "Cost per person supported (real terms)",
     "GBP per person", "whole"),
    ("headlines", "wellbys", "WELLBYs gained (discounted)", "WELLBY", "one"),
    ("headlines", "net_monetary_benefit",
     "Net monetary benefit (WELLBYs at the arm's willingness to pay, each replication's)", "GBP",
     "whole"),
    ("headlines", "gp_appointments_freed_per_year", "GP appointments freed a year",
     "consultations per year", "whole"),
]

SECTIONS = [("question", "The question"), ("arms", "The arms"), ("verdict", "The verdict"),
            ("headlines", "Headline figures"), ("charts", "Charts"),
            ("assumptions", "Key assumptions and their sources"),
            ("limitations", "Limitations"), ("appendix", "Appendix: every value the arms change")]

STYLE = """
body { font-family: sans-serif; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem;
       color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #3b6ea5; padding-bottom: 0.15rem; margin-top: 2rem; }
.facts { color: #555; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.88rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
td.number { text-align: right; white-space: nowrap; }
pre.verdict { background: #f6f6f2; border: 1px solid #ddd; padding: 0.8rem; overflow-x: auto;
              font-size: 0.8rem; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.88rem; color: #333; }
details { margin: 0.6rem 0; }
.note { color: #555; font-size: 0.88rem; }
"""


def esc(text):
    return html.escape(str(text), quote=True)


def number(x, style="whole"):
    if x is None or not math.isfinite(x):
        return "n/a"
    if style == "one":
        return f"{x:,.1f}"
    if style == "share":
        return f"{100 * x:.0f} %"
    return f"{x:,.0f}"


def spread(values):
    """Mean, 5th and 95th percentile of one value per replication, NaN left out (None if none)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not values.size:
        return None, None, None
    low, high = np.percentile(values, [5, 95])
    return float(values.mean()), float(low), float(high)


def interval(values, style):
    mean, low, high = spread(values)
    if mean is None:
        return "n/a"
    if number(low, style) == number(high, style):
        return number(mean, style)
    return f"{number(mean, style)} ({number(low, style)} to {number(high, style)})"


def table(header, rows, numeric_from=1):
    out = ["<table>", "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = [f'<td class="number">{esc(c)}</td>' if i >= numeric_from else f"<td>{esc(c)}</td>"
                 for i, c in enumerate(row)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


# ---- sections -----------------------------------------------------------------------------


def parameter_value(run, arm, key):
    for row in run.parameters(arm):
        if row["key"] == key:
            return row["value"]
    return ""


def scenario_description(run):
    """The scenario's description in full, from the scenario text the file keeps (its
    parameters table holds values only to 255 characters); that value if the text cannot be
    read (Debian's python3-yaml missing, or not YAML the reader takes)."""
    try:
        import yaml
        text = run.file["scenario_text"][()]
        text = text.decode() if isinstance(text, bytes) else text
        scenario = yaml.safe_load(text.split("\n# ---- included file ")[0])
        if isinstance(scenario, dict) and isinstance(scenario.get("description"), str):
            return scenario["description"]
    except Exception:  # any failure here only loses the end of a long description
        pass
    return parameter_value(run, run.arms[0], "description")


def question(run):
    description = scenario_description(run).strip()
    text = description or (f"The scenario {run.scenario} states no question (its description "
                           "is empty): the arms below are compared as they stand.")
    horizon = float(run.file.attrs["horizon_years"])
    return (f"<p>{esc(text)}</p>\n<p>The model simulates the people referred to social "
            f"prescribing in {esc(', '.join(run.localities))} from {esc(run.start_date)} over "
            f"{horizon:g} years, {run.replications} times (replications), each arm meeting the "
            "same people with the same random draws; every figure below is a distribution over "
            "the replications.</p>")


def arms_section(run):
    """Each arm in a line, then what differs between them compactly: a row per topic (a value,
    a value per locality, the funding streams), at most spsim_arms.MAX_TOPICS of them; every
    value, key by key, is in the appendix."""
    reference = run.arms[-1]
    rows = []
    for arm in run.arms:
        description = esc(run.attr_of(arm, "description") or "(no description)")
        if arm == reference:
            change = "the reference: every other arm is compared with it"
        else:
            n = len(spsim_arms.differing_keys(run, arm, reference))
            change = f"{n} value(s) differ from {reference}"
        rows.append(f"<tr><td>{esc(arm)}</td><td>{description}</td><td>{esc(change)}</td></tr>")
    out = ["<table>\n<tr><th>arm</th><th>what it is</th><th>what it changes</th></tr>\n" +
           "\n".join(rows) + "\n</table>"]
    compact, left_out, values = spsim_arms.compact_rows(run)
    if not compact:
        return out[0] + "\n<p>The arms differ in no scenario value but their descriptions.</p>"
    header = ["what differs"] + [f"{arm} (reference)" if arm == reference else arm
                                 for arm in run.arms]
    shown = table(header, compact, numeric_from=len(header))
    if left_out:  # one row across the table, not a cell per arm
        shown = shown.replace("</table>", f'<tr><td colspan="{len(header)}">and {left_out} '
                              "more topics: every value is in the appendix</td></tr>\n</table>")
    out += ["<h3>What differs between the arms</h3>", shown,
            f'<p class="note">{values} value(s) differ in all, grouped above by topic (a value '
            "set per locality in one row, as its range over the localities); the appendix, "
            "\"Every value the arms change\", lists each with its source.</p>"]
    return "\n".join(out)


def appendix_section(run):
    rows = spsim_arms.appendix_rows(run)
    if not rows:
        return "<p>The arms differ in no scenario value but their names and descriptions.</p>"
    return (f"<p>Every scenario value in which an arm differs from the reference arm "
            f"({esc(run.arms[-1])}), key by key, with its unit and source ({len(rows)} "
            "values).</p>\n" + table(["arm", "key", "value", "unit", "source"], rows,
                                      numeric_from=9))


def verdict_section(text):
    return ("<p>As <code>spsim summary</code> prints it for this file:</p>\n"
            f'<pre class="verdict">{esc(text.rstrip())}</pre>')


def headline_section(run):
    reference = run.arms[-1]
    header = ["figure (units)"] + run.arms
    rows = []
    for where, name, label, units, style in HEADLINES:
        cells = []
        for arm in run.arms:
            group = run.arm(arm)
            path = f"{where}/{name}"
            cells.append(interval(group[path][...], style) if path in group else "not in file")
        rows.append([f"{label} ({units})"] + cells)
    out = ["<p>Mean over replications and, in brackets, the 90 % interval across them (5th to "
           "95th percentile). Money is in real terms at the scenario's price year, discounted "
           "to the first financial year.</p>", table(header, rows)]
    pairs = [(a, reference) for a in run.arms[:-1] if run.comparison(a, reference) is not None]
    if pairs:
        rows = []
        for where, name, label, units, style in HEADLINES:
            if where != "headlines":
                continue
            row = [f"{label} ({units})"]
            for arm, ref in pairs:
                pair = run.comparison(arm, ref)
                summary = pair[f"headlines_summary/{name}"]
                p = float(summary.attrs.get("probability_first_better", float("nan")))
                row.append(f"{interval(pair[f'headlines/{name}'][...], style)}; "
                           f"P(better) {number(p, 'share')}")
            rows.append(row)
        out += [f"<p>Each arm against {esc(reference)}, replication by replication (the arm "
                "minus the reference: mean, 90 % interval, and the share of replications in "
                "which the arm is better).</p>",
                table(["figure (units)"] + [f"{a} minus {r}" for a, r in pairs], rows)]
    return "\n".join(out)


def charts_section(run):
    missing, figures = [], []
    for chart in spsim_charts.charts(run, missing):
        data = base64.b64encode(chart.png(dpi=80)).decode("ascii")
        figures.append(f'<figure id="chart-{esc(chart.name)}">\n'
                       f'<img alt="{esc(chart.title)}" src="data:image/png;base64,{data}">\n'
                       f"<figcaption>{esc(chart.title)}</figcaption>\n</figure>")
        chart.close()
    notes = "".join(f"<li>{esc(m)}</li>" for m in missing)
    return ("<p>Fan charts show the median (line) and the bands holding 50 % and 90 % of "
            "replications, per arm and per locality. The same charts, as PNG and SVG files: "
            "<code>tools/spsim-plot FILE.h5 -o DIR</code>.</p>\n" + "\n".join(figures) +
            (f'\n<p class="note">Not drawn:</p>\n<ul class="note">{notes}</ul>' if notes else ""))


def classify(source):
    """published, derived, assumption (a source that starts with or includes one) or none."""
    text = source.strip().lower()
    if text in ("", "-"):
        return "none"
    if text.startswith("assumption") or (text.startswith("derived") and "assumption" in text):
        return "assumption"
    if text.startswith("derived"):
        return "derived"
    return "published"


def all_parameters(run):
    """Every key of every arm once, with its value in the first arm that has it."""
    seen = {}
    for arm in run.arms:
        for row in run.parameters(arm):
            seen.setdefault(row["key"], row)
    return list(seen.values())


def assumptions_section(run):
    reference = run.arms[-1]
    rows = all_parameters(run)
    kinds = {}
    for r in rows:
        kinds.setdefault(classify(r["source"]), []).append(r)
    count = {k: len(kinds.get(k, [])) for k in ("published", "derived", "assumption", "none")}
    out = [f"<p>The file holds every resolved value of the scenario with its unit and source "
           f"({len(rows)} keys over the arms). {count['published']} rest on a published "
           f"source, {count['derived']} are derived from published figures, "
           f"{count['assumption']} are marked as assumptions (no published figure was found), "
           f"and {count['none']} are settings that need no source (names, switches, "
           "choices).</p>"]
    levers = spsim_arms.appendix_rows(run)
    if levers:
        out += [f"<h3>What the arms change against {esc(reference)}</h3>",
                f"<p>{len(levers)} value(s), each with its source, in the appendix (\"Every "
                "value the arms change\").</p>"]
    if run.has("psa/key"):
        psa = run.file["psa"]
        rows_psa = [[k, d, s or "-", n or "-"] for k, d, s, n in
                    zip(strings(psa["key"]), strings(psa["distribution"]),
                        strings(psa["source"]), strings(psa["note"]))]
        out += ["<h3>Values written as distributions (drawn per replication)</h3>",
                table(["key", "distribution", "source", "note"], rows_psa, numeric_from=9)]
    sourced = [[r["key"], r["value"], r["unit"], r["source"]]
               for r in kinds.get("published", []) + kinds.get("derived", [])]
    out += ["<h3>Values from published sources</h3>",
            f"<details><summary>{len(sourced)} values with their sources</summary>",
            table(["key", "value", "unit", "source"], sourced, numeric_from=9), "</details>"]
    assumed = [[r["key"], r["value"], r["unit"], r["source"]] for r in kinds.get("assumption", [])]
    out += ["<h3>Values marked as assumptions</h3>",
            f"<details><summary>{len(assumed)} values with no published figure</summary>",
            table(["key", "value", "unit", "why"], assumed, numeric_from=9), "</details>"]
    return "\n".join(out)


def limitations_section(run):
    assumed = [r for r in all_parameters(run) if classify(r["source"]) == "assumption"]
    items = [f"{len(assumed)} of the scenario's values are marked as assumptions: no published "
             "figure was found for them (listed above); local evidence should replace them."]
    decision = run.file["decision"].attrs if run.has("decision") else {}
    uncertainty = spsim_charts.uncertainty(run)
    if uncertainty == "chance alone" and not run.has("psa/key"):
        items.append("Every value is fixed, so the intervals and probabilities reflect chance "
                     "alone, not the uncertainty of the evidence; a scenario with values written "
                     "as distributions (e.g. scenarios/somerset_psa.yaml) adds it.")
    else:
        items.append(f"The intervals and probabilities include {uncertainty}.")
    items.append(f"{run.replications} replications: the probabilities move in steps of "
                 f"{100 / max(1, run.replications):.1f} %; spsim run --precision adds replications "
                 "until the headlines are precise enough.")
    if decision:
        items.append(f"Wellbeing is valued at {float(decision['wtp_gbp_per_wellby']):,.0f} GBP "
                     "per WELLBY; the acceptability curve shows how the ranking moves with it.")
    items += [
        "Weak evidence (docs/model.md, \"Gaps in the evidence\"): nearly all published reductions "
        "in service use are before-and-after comparisons of people referred at a peak of their "
        "use; the causal effects are set well below them and are the most uncertain input, and "
        "savings scale with them. No published change in life satisfaction after social "
        "prescribing was found: WELLBYs are converted from a controlled EQ-5D result.",
        "Savings are valued at average unit costs, stop at the horizon, and are mostly not "
        "cash-releasing (docs/model.md, \"Limits of the money\").",
        "What the model leaves out is listed in docs/model.md, \"Not yet modelled\".",
    ]
    return "<ul>\n" + "\n".join(f"<li>{esc(i)}</li>" for i in items) + "\n</ul>"


def page(run, verdict_text):
    facts = (f"{run.replications} replications, seed {run.attr('seed')}, spsim "
             f"{run.attr('spsim_version')}, file written {run.attr('created')}; "
             f"scenario file {run.attr('scenario_path')}")
    bodies = {"question": question(run), "arms": arms_section(run),
              "verdict": verdict_section(verdict_text), "headlines": headline_section(run),
              "charts": charts_section(run), "assumptions": assumptions_section(run),
              "limitations": limitations_section(run), "appendix": appendix_section(run)}
    contents = "".join(f'<li>{esc(title)}</li>' for _, title in SECTIONS)
    parts = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
             f"<title>spsim report: {esc(run.scenario)}</title>", f"<style>{STYLE}</style>",
             "</head>", "<body>", f"<h1>Social prescribing: {esc(run.scenario)}</h1>",
             f'<p class="facts">{esc(facts)}</p>', f"<ol>{contents}</ol>"]
    for key, title in SECTIONS:
        parts += [f'<section id="{key}">', f"<h2>{esc(title)}</h2>", bodies[key], "</section>"]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# ---- the verdict and the file -------------------------------------------------------------


def read_verdict(args):
    if args.verdict == "-":
        return sys.stdin.read()
    if args.verdict:
        with open(args.verdict, encoding="utf-8") as f:
            return f.read()
    done = subprocess.run([args.spsim, "summary", args.results], capture_output=True, text=True)
    if done.returncode != 0:
        raise OSError(f"{args.spsim} summary failed: {done.stderr.strip()}")
    return done.stdout


def write_whole(path, text):
    temporary = f"{path}.tmp.{os.getpid()}"
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def main(argv):
    parser = argparse.ArgumentParser(prog="spsim report", description=__doc__.split("\n")[0])
    parser.add_argument("results", help="results file written by spsim run (HDF5)")
    parser.add_argument("-o", "--output", required=True, help="the HTML page to write")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--verdict", help="file holding the verdict text (- for stdin)")
    source.add_argument("--spsim", help="the spsim program, to run its summary for the verdict")
    args = parser.parse_args(argv)
    try:
        verdict_text = read_verdict(args)
        run = RunFile(args.results)
    except OSError as error:
        print(f"spsim report: cannot read {args.results}: {error}", file=sys.stderr)
        return 1
    if not verdict_text.strip():
        print("spsim report: the verdict is empty", file=sys.stderr)
        return 1
    try:
        text = page(run, verdict_text)
    except (KeyError, ValueError) as error:
        print(f"spsim report: {args.results} lacks what the report needs: {error}",
              file=sys.stderr)
        return 1
    finally:
        run.close()
    try:
        write_whole(args.output, text)
    except OSError as error:
        print(f"spsim report: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
