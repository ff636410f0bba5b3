"""The charts of an spsim results file, drawn with matplotlib (Agg): the code behind
tools/spsim-plot and the charts of `spsim report` (tools/spsim_report.py), so both show the same.

Each chart is a Chart: a file name, a title and a matplotlib figure, and, for checking, what the
figure draws read back from its artists (lines, bars, points), not from the arrays given to it.
The charts and what each reads are listed in docs/report.md.
"""

import io
import json
import math

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text in SVG: titles can be read back
matplotlib.rcParams["svg.hashsalt"] = "spsim"  # the same file gives the same SVG
import matplotlib.dates as mdates  # noqa: E402  (the backend is chosen first)
import matplotlib.ticker  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

from spsim_layout import percentile_bands, strings  # noqa: E402

BANDS = "median, 50 % and 90 % of replications"
MAX_PAIRS_SHOWN = 6  # up to four arms every pair is drawn; beyond, each arm against the last


class Chart:
    def __init__(self, name, title, figure):
        self.name, self.title, self.figure = name, title, figure

    def svg(self):
        """The figure as SVG text; matplotlib writes the title as text (svg.fonttype none)."""
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", metadata={"Title": self.title, "Date": None})
        return buffer.getvalue()

    def png(self, dpi=90):
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    def drawn(self):
        """What the figure draws, read from its artists: per panel its title and axis labels,
        each labelled line's points, each bar's centre, height, year tick and error bar, and
        each set of points."""
        return {"name": self.name, "title": self.title,
                "panels": [panel_drawn(ax) for ax in self.figure.axes if ax.get_label() != "<colorbar>"]}

    def close(self):
        plt.close(self.figure)


def finite(values):
    return [None if not math.isfinite(v) else float(v) for v in np.asarray(values, float).ravel()]


def panel_drawn(ax):
    ticks = {round(float(t), 6): label.get_text()
             for t, label in zip(ax.get_xticks(), ax.get_xticklabels())}
    panel = {"title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
             "lines": [], "bars": [], "points": []}
    for line in ax.get_lines():
        if not line.get_label().startswith("_"):
            panel["lines"].append({"label": line.get_label(),
                                   "x": finite(mdates.date2num(line.get_xdata())
                                               if len(line.get_xdata()) and
                                               not np.issubdtype(np.asarray(line.get_xdata()).dtype,
                                                                 np.number)
                                               else line.get_xdata()),
                                   "y": finite(line.get_ydata())})
    for container in ax.containers:
        if isinstance(container, BarContainer):
            panel["bars"] += bars_drawn(container, ticks)
    for collection in ax.collections:
        if collection.get_label() and not collection.get_label().startswith("_") and \
                type(collection).__name__ == "PathCollection":
            offsets = np.asarray(collection.get_offsets())
            panel["points"].append({"label": collection.get_label(),
                                    "x": finite(offsets[:, 0]), "y": finite(offsets[:, 1])})
    return panel


def bars_drawn(container, ticks):
    errors = []
    if container.errorbar is not None:
        segments = container.errorbar.lines[2][0].get_segments()
        errors = [(float(s[0][1]), float(s[1][1])) for s in segments]
    out = []
    for i, bar in enumerate(container.patches):
        horizontal = container.orientation == "horizontal"
        centre = bar.get_y() + bar.get_height() / 2 if horizontal else bar.get_x() + bar.get_width() / 2
        extent = bar.get_width() if horizontal else bar.get_height()
        start = bar.get_x() if horizontal else bar.get_y()
        nearest = min(ticks, key=lambda t: abs(t - centre)) if ticks else None
        out.append({"label": container.get_label(), "centre": float(centre),
                    "start": float(start), "value": float(extent),
                    "tick": ticks.get(nearest, "") if not horizontal else "",
                    "tick_distance": float(abs(nearest - centre)) if nearest is not None else None,
                    "error": list(errors[i]) if i < len(errors) else None})
    return out


# ---- weekly fan charts ---------------------------------------------------------------------

# name, title, y label, the series it is computed from, how, summable over localities ("mean"
# when the all-localities panel is a mean weighted by the second series, a count)
WEEKLY = [
    ("waiting_list", "People waiting for a link-worker caseload slot", "people waiting",
     ["waiting"], "level", True),
    ("wait_to_first_contact",
     "Wait from referral to first link-worker contact of the people first contacted each week",
     "mean wait (weeks)", ["first_contact_wait_mean", "first_contacts"], "level", "mean"),
    ("wait_for_slot", "Wait for a caseload slot of the people starting support each week",
     "mean wait (weeks)", ["wait_mean"], "level", False),
    ("caseload_per_fte", "Caseload per link-worker FTE", "people in support per FTE",
     ["caseload_per_fte"], "level", False),
    ("people_connected", "People connected to community activity, cumulative",
     "people connected (people)", ["connected"], "cumulative", True),
    ("people_not_connected",
     "People not connected: wait for a place ran out (cumulative) or still waiting",
     "people not connected (people)", ["gave_up_waiting_for_place", "waiting_for_place"],
     "unmet", True),
    ("vcse_places", "VCSE places open to referred people", "places (places)", ["places"],
     "level", True),
]

def weekly_values(run, arm, names, how):
    """(replication, week, locality) values of the chart, or None when a series is missing."""
    group = run.arm(arm)
    if not all(f"series/{n}" in group for n in names):
        return None
    values = [group[f"series/{n}"][...].astype(float) for n in names]
    if how == "level" and len(values) == 2:  # a mean and its weight
        return np.stack(values, axis=-1)
    if how == "cumulative":
        return np.cumsum(values[0], axis=1)
    if how == "unmet":  # at the horizon this is totals/never_connected
        return np.cumsum(values[0], axis=1) + values[1]
    return values[0]


def summary_bands(run, arm, name):
    """Bands from the file's own summaries when its weekly series were not kept (levels only)."""
    ds = run.arm(arm)[f"summary/{name}"]
    return {s: run.statistic(ds, s) for s in ("p5", "p25", "p50", "p75", "p95")}


def one_locality(data, loc):
    """(replication, week) values of one locality; of a weighted mean, the mean."""
    return data[:, :, loc, 0] if data.ndim == 4 else data[:, :, loc]


def all_localities(data, summable):
    """(replication, week) values of every locality together: summed, or for a mean
    (summable "mean", data [..., (mean, weight)]) the mean weighted by its counts, NaN in a week
    with no weight."""
    if summable != "mean":
        return np.nansum(data, axis=2)
    mean, weight = data[..., 0], data[..., 1]
    total = weight.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(weight > 0, mean * weight, 0.0).sum(axis=2) / total
    return np.where(total > 0, pooled, np.nan)


def fan(ax, dates, bands, colour, label):
    ax.fill_between(dates, bands["p5"], bands["p95"], color=colour, alpha=0.15, linewidth=0)
    ax.fill_between(dates, bands["p25"], bands["p75"], color=colour, alpha=0.35, linewidth=0)
    ax.plot(dates, bands["p50"], color=colour, label=label, linewidth=1.2)


def panels_grid(n):
    columns = min(3, n)
    rows = math.ceil(n / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.6 * columns, 3.4 * rows + 0.8),
                                squeeze=False, sharex=True)
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    return figure, list(axes.ravel()[:n])


def weekly_chart(run, spec, missing):
    name, title, ylabel, series, how, summable = spec
    per_arm = {}
    for arm in run.arms:
        values = weekly_values(run, arm, series, how)
        if values is None and how == "level" and f"summary/{series[0]}" in run.arm(arm):
            per_arm[arm] = ("summary", summary_bands(run, arm, series[0]))
        elif values is not None:
            per_arm[arm] = ("series", values)
    if not per_arm:
        missing.append(f"{title}: the file has no series {', '.join(series)}")
        return None
    county = bool(summable) and all(kind == "series" for kind, _ in per_arm.values()) and \
        len(run.localities) > 1
    places = (["all localities"] if county else []) + run.localities
    figure, axes = panels_grid(len(places))
    dates = run.week_dates()
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for a, arm in enumerate(run.arms):
        if arm not in per_arm:
            continue
        kind, data = per_arm[arm]
        for p, ax in enumerate(axes):
            if places[p] == "all localities":
                bands = percentile_bands(all_localities(data, summable))
            else:
                loc = run.localities.index(places[p])
                bands = percentile_bands(one_locality(data, loc)) if kind == "series" else \
                    {k: v[:, loc] for k, v in data.items()}
            fan(ax, dates, bands, colours[a % len(colours)], arm)
    for ax, place in zip(axes, places):
        ax.set_title(place, fontsize="medium")
        ax.set_ylabel(ylabel)
        ax.set_xlabel("week beginning (date)")
        locator = mdates.AutoDateLocator(maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize="small", title="arm (median line)")
    figure.suptitle(f"{title}\n({BANDS}, {run.replications} replications)")
    figure.tight_layout()
    return Chart(name, title, figure)


# ---- money by financial year ---------------------------------------------------------------


def discounted_cost_by_year(run, arm):
    """(replication, financial_year) real-terms discounted total cost, GBP."""
    ds = run.arm(arm)["financial_years/total_cost"]
    views = strings(run.arm(arm)["financial_years/money_view"])
    return ds[:, :, views.index("discounted")].astype(float)


def pairs_to_show(run):
    arms = run.arms
    if len(arms) * (len(arms) - 1) // 2 <= MAX_PAIRS_SHOWN:
        return [(a, b) for i, a in enumerate(arms) for b in arms[i + 1:]]
    return [(a, arms[-1]) for a in arms[:-1]]


def grouped_bars(ax, labels, series, years):
    """Bars of the same financial year side by side around its tick: mean with p5-p95 bars."""
    width = 0.8 / max(1, len(series))
    x = np.arange(len(years), dtype=float)
    for i, (label, values) in enumerate(zip(labels, series)):
        mean = np.nanmean(values, axis=0) / 1e6
        low, high = np.nanpercentile(values, [5, 95], axis=0) / 1e6
        offset = (i - (len(series) - 1) / 2) * width
        ax.bar(x + offset, mean, width, label=label, yerr=[mean - low, high - mean], capsize=2)
    ax.set_xticks(x, years)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.grid(axis="y", alpha=0.3)
    ax.set_xlabel("financial year (April to March)")


def cost_chart(run, missing):
    if not all("financial_years/total_cost" in run.arm(a) for a in run.arms):
        missing.append("Cost by financial year: the file has no financial_years/total_cost")
        return None
    years = run.financial_years
    pairs = [(a, b) for a, b in pairs_to_show(run) if run.comparison(a, b) is not None]
    figure, axes = plt.subplots(2 if pairs else 1, 1, figsize=(max(8, 1.1 * len(years) + 3), 8 if pairs else 4.6),
                                squeeze=False)
    top = axes[0, 0]
    grouped_bars(top, run.arms, [discounted_cost_by_year(run, a) for a in run.arms], years)
    top.set_title("Each arm (mean; bars: 90 % of replications)", fontsize="medium")
    top.set_ylabel("cost (GBP million, real terms, discounted)")
    top.legend(fontsize="small", title="arm")
    if pairs:
        bottom = axes[1, 0]
        grouped_bars(bottom, [f"{a} minus {b}" for a, b in pairs],
                     [run.comparison(a, b)["total_cost_by_year"][...].astype(float)
                      for a, b in pairs], years)
        bottom.set_title("Paired difference, replication by replication (mean; bars: 90 %)",
                         fontsize="medium")
        bottom.set_ylabel("difference (GBP million, real, discounted)")
        bottom.legend(fontsize="small", title="pair")
    title = "Cost by financial year"
    figure.suptitle(f"{title}, per arm and paired difference ({run.replications} replications)")
    figure.tight_layout()
    return Chart("cost_by_financial_year", title, figure)


# ---- decision ------------------------------------------------------------------------------


def uncertainty(run):
    return run.file["decision"].attrs.get("uncertainty", "chance alone") if \
        run.has("decision") else "chance alone"


def ce_plane(run, missing):
    if len(run.arms) < 2:
        missing.append("Cost-effectiveness plane: one arm, nothing to compare")
        return None
    reference = run.arms[-1]
    figure, ax = plt.subplots(figsize=(7.5, 5.6))
    for arm in run.arms[:-1]:
        pair = run.comparison(arm, reference)
        dw = pair["headlines/wellbys"][...].astype(float)
        dc = pair["headlines/net_cost"][...].astype(float)
        points = ax.scatter(dw, dc, s=14, alpha=0.6, label=f"{arm} minus {reference}")
        ax.scatter([np.nanmean(dw)], [np.nanmean(dc)], s=80, marker="X",
                   color=points.get_facecolor()[0], edgecolor="black", label="_mean")
    if run.has("decision"):
        wtp = float(run.file["decision"].attrs["wtp_gbp_per_wellby"])
        lo, hi = ax.get_xlim()
        ax.plot([lo, hi], [wtp * lo, wtp * hi], color="grey", linestyle="--", linewidth=1,
                label=f"willingness to pay {wtp:,.0f} GBP per WELLBY")
        ax.set_xlim(lo, hi)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel("WELLBYs gained, arm minus reference (WELLBY, discounted)")
    ax.set_ylabel("net cost, arm minus reference (GBP, real, discounted)")
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    title = "Cost-effectiveness plane"
    ax.set_title(f"{title} against {reference}: one point per replication, X the mean\n"
                 f"(uncertainty: {uncertainty(run)})", fontsize="medium")
    figure.tight_layout()
    return Chart("ce_plane", title, figure)


def acceptability(run, missing):
    if not run.has("decision/ceac"):
        missing.append("Acceptability curve: the file has no /decision (one arm)")
        return None
    decision = run.file["decision"]
    wtp = decision["wtp_gbp_per_wellby"][...] if "wtp_gbp_per_wellby" in decision else \
        run.file["wtp_gbp_per_wellby"][...]
    ceac = decision["ceac"][...]
    arms = strings(decision["arm"]) if "arm" in decision else run.arms
    figure, ax = plt.subplots(figsize=(7.5, 4.8))
    for a, arm in enumerate(arms):
        ax.plot(wtp, ceac[:, a], label=arm)
    scenario_wtp = float(decision.attrs["wtp_gbp_per_wellby"])
    ax.axvline(scenario_wtp, color="grey", linestyle="--", linewidth=1,
               label=f"the scenario's {scenario_wtp:,.0f} GBP per WELLBY")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("willingness to pay (GBP per WELLBY)")
    ax.set_ylabel("probability of the highest net monetary benefit (share of replications)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", title="arm")
    title = "Acceptability curve"
    ax.set_title(f"{title}: how often each arm is best ({uncertainty(run)}, "
                 f"{int(decision.attrs.get('replications_used', run.replications))} replications)",
                 fontsize="medium")
    figure.tight_layout()
    return Chart("acceptability", title, figure)


def tornado(run, missing):
    if not run.has("psa/tornado"):
        missing.append("Tornado: the file has no /psa/tornado (a run with --tornado writes it)")
        return None
    t = run.file["psa/tornado"]
    keys, comparisons = strings(t["key"]), strings(t["comparison"])
    inmb = t["incremental_net_monetary_benefit"][...]  # (key, bound, comparison)
    base = t["base_incremental_net_monetary_benefit"][...]
    swing = t["swing"][...]
    figure, axes = plt.subplots(1, len(comparisons), figsize=(9.5 * len(comparisons), 2.7 + 0.45 * len(keys)),
                                squeeze=False)
    for c, (ax, comparison) in enumerate(zip(axes[0], comparisons)):
        order = np.argsort(swing[:, c])  # largest swing at the top
        y = np.arange(len(keys))
        for b, label in enumerate(("low (2.5 % quantile)", "high (97.5 % quantile)")):
            ax.barh(y, inmb[order, b, c] - base[c], left=base[c], height=0.6, label=label,
                    alpha=0.8)
        ax.axvline(base[c], color="black", linewidth=0.8)
        ax.set_yticks(y, [keys[k] for k in order], fontsize="small")
        ax.set_xlabel(f"incremental net monetary benefit, {comparison.replace('_minus_', ' minus ')} (GBP)")
        ax.set_ylabel("uncertain value (scenario key)")
        ax.set_title(f"base (every value at its mean): {base[c]:,.0f} GBP", fontsize="medium")
        ax.grid(axis="x", alpha=0.3)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
        ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        ax.legend(fontsize="small", title="key at its")
    title = "Tornado: one-way sensitivity of the incremental net monetary benefit"
    figure.suptitle(title)
    figure.tight_layout()
    return Chart("tornado", title, figure)


def charts(run, missing):
    """Every chart the file allows, one at a time (the caller closes each); what cannot be
    drawn is appended to `missing` with the reason."""
    for spec in WEEKLY:
        chart = weekly_chart(run, spec, missing)
        if chart:
            yield chart
    for make in (cost_chart, ce_plane, acceptability, tornado):
        chart = make(run, missing)
        if chart:
            yield chart


def drawn_json(chart):
    return json.dumps(chart.drawn(), indent=1)
