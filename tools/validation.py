#!/usr/bin/python3
"""Set a results file's figures beside the published ones and write docs/validation.md.

Usage:
  tools/validation.py RESULTS.h5 [--targets calibration/targets.csv] [--output FILE.md]
                      [--command TEXT]
  tools/validation.py --check-targets [--targets calibration/targets.csv]

Each row of the targets file names a figure of the output (a metric expression over its
datasets), the arms or comparisons to read it in, the published value or range with its units,
source and table or page, and the rule that gives the verdict. The expression language, the
rules and the columns are described at the top of calibration/targets.csv. A figure whose
dataset is missing from the results file is reported as "not in the output", so a target can be
written before the model reports it.

Only the standard library, NumPy and h5py (Debian's python3-h5py) are used.
"""

import argparse
import ast
import csv
import fnmatch
import math
import re
import sys

import h5py
import numpy as np

from spsim_layout import axis_values, decode, scale_names  # the layout, shared with the charts

WEEKS_PER_YEAR = 365.25 / 7  # as SPSIM_WEEKS_PER_YEAR in model/scenario/params.h

COLUMNS = ["section", "figure", "arms", "metric", "scale", "units", "published", "low", "high",
           "rule", "source", "where", "note"]
RULES = ("range", "relative", "absolute", "none", "compare")

WITHIN, ABOVE, BELOW = "within range", "above", "below"
NO_FIGURE, NOT_IN_OUTPUT, NO_VALUE = "no published figure", "not in the output", "no value"
COMPARED = "for comparison"
VERDICTS = (WITHIN, ABOVE, BELOW, NO_FIGURE, NOT_IN_OUTPUT, NO_VALUE, COMPARED)


class TargetError(Exception):
    """A malformed row of the targets file; the message starts with FILE:LINE."""


class NotInOutput(Exception):
    """A dataset, arm or parameter the metric names is not in the results file."""


def parse_number(text, where, column):
    text = text.strip().replace(",", "")
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise TargetError(f"{where}: column {column}: '{text}' is not a number") from None


def parse_rule(text, where):
    """'range', 'none', 'relative 0.1' or 'absolute 3' -> (kind, tolerance)."""
    parts = text.split()
    if not parts or parts[0] not in RULES:
        raise TargetError(f"{where}: column rule: '{text}' is not one of range, none, compare, "
                          "relative FRACTION, absolute AMOUNT")
    kind = parts[0]
    if kind in ("relative", "absolute"):
        if len(parts) != 2:
            raise TargetError(f"{where}: column rule: '{text}' needs one tolerance, "
                              f"e.g. '{kind} {'0.1' if kind == 'relative' else '3'}'")
        tolerance = parse_number(parts[1], where, "rule")
        if tolerance is None or tolerance < 0:
            raise TargetError(f"{where}: column rule: tolerance must be a number >= 0")
        return kind, tolerance
    if len(parts) != 1:
        raise TargetError(f"{where}: column rule: '{kind}' takes no tolerance")
    return kind, None


def read_targets(path):
    """Rows of the targets file as dicts; lines starting with '#' are comments."""
    with open(path, newline="", encoding="utf-8") as f:
        lines = [(n, line) for n, line in enumerate(f, start=1) if not line.startswith("#")]
    if not lines or lines[0][1].strip() == "":
        raise TargetError(f"{path}:1: no header line")
    reader = csv.reader([line for _, line in lines])
    header = next(reader)
    if header != COLUMNS:
        raise TargetError(f"{path}:{lines[0][0]}: header must be {','.join(COLUMNS)}")
    targets = []
    for (number, _), cells in zip(lines[1:], reader):
        where = f"{path}:{number}"
        if not cells or all(c.strip() == "" for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            raise TargetError(f"{where}: {len(cells)} columns, expected {len(COLUMNS)}")
        row = dict(zip(COLUMNS, (c.strip() for c in cells)))
        row["line"] = number
        row["arm_list"] = row["arms"].split()
        if not row["arm_list"] or not row["figure"] or not row["metric"]:
            raise TargetError(f"{where}: figure, arms and metric are required")
        row["scale_value"] = parse_number(row["scale"] or "1", where, "scale")
        row["low_value"] = parse_number(row["low"], where, "low")
        row["high_value"] = parse_number(row["high"], where, "high")
        row["rule_kind"], row["tolerance"] = parse_rule(row["rule"], where)
        check_rule_values(row, where)
        compile_metric(row["metric"], where)
        targets.append(row)
    return targets


def check_rule_values(row, where):
    kind = row["rule_kind"]
    if kind == "range" and row["low_value"] is None and row["high_value"] is None:
        raise TargetError(f"{where}: rule range needs low, high or both")
    if kind in ("relative", "absolute") and parse_number(row["published"], where,
                                                         "published") is None:
        raise TargetError(f"{where}: rule {kind} needs a published number")
    if kind not in ("none", "compare") and not row["source"]:
        raise TargetError(f"{where}: a published figure needs its source")
    low, high = row["low_value"], row["high_value"]
    if low is not None and high is not None and low > high:
        raise TargetError(f"{where}: low {low:g} is above high {high:g}")


# --- metric expressions --------------------------------------------------------------------

DATASET = re.compile(r"\{([^{}]+)\}")
NAMES = {"weeks", "years", "weeks_per_year", "replications"}
FUNCTIONS = {"param", "param_total"}


def compile_metric(metric, where):
    """Checks the expression's form; returns (python expression, dataset references)."""
    refs = []

    def replace(match):
        refs.append(parse_reference(match.group(1), where))
        return f"_d{len(refs) - 1}"

    text = DATASET.sub(replace, metric)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise TargetError(f"{where}: metric '{metric}' is not an expression") from None
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div,
               ast.USub, ast.UAdd, ast.Constant, ast.Name, ast.Load, ast.Call)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise TargetError(f"{where}: metric '{metric}': {type(node).__name__} not allowed")
        if isinstance(node, ast.Name) and not (node.id in NAMES or node.id in FUNCTIONS
                                               or re.fullmatch(r"_d\d+", node.id)):
            raise TargetError(f"{where}: metric '{metric}': unknown name '{node.id}' "
                              f"(known: {', '.join(sorted(NAMES | FUNCTIONS))})")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise TargetError(f"{where}: metric '{metric}': only param() and "
                                  "param_total() may be called")
            if node.keywords or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                        for a in node.args):
                raise TargetError(f"{where}: metric '{metric}': param() takes quoted keys")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str)):
            raise TargetError(f"{where}: metric '{metric}': only numbers and quoted keys")
    return compile(tree, "<metric>", "eval"), refs


def parse_reference(text, where):
    """'path[dim=a:b, dim=label]|mean' -> (path, [(dim, spec)], 'sum' or 'mean')."""
    match = re.fullmatch(r"\s*([^\[\]|\s]+)\s*(?:\[([^\]]*)\])?\s*(?:\|\s*(sum|mean))?\s*", text)
    if not match:
        raise TargetError(f"{where}: '{{{text}}}' is not PATH[DIM=VALUE, ...]|sum or |mean")
    selections = []
    for part in filter(None, (p.strip() for p in (match.group(2) or "").split(","))):
        dim, sep, spec = part.partition("=")
        if not sep or not dim.strip() or not spec.strip():
            raise TargetError(f"{where}: selection '{part}' is not DIM=VALUE or DIM=FROM:TO")
        selections.append((dim.strip(), spec.strip()))
    return match.group(1), selections, match.group(3) or "sum"


# --- reading the results file --------------------------------------------------------------


class Results:
    def __init__(self, path):
        self.path = path
        self.file = h5py.File(path, "r")
        self.replications = int(self.file.attrs["replications"])
        self.weeks = int(self.file.attrs["weeks"])
        self.years = float(self.file.attrs["horizon_years"])
        self.arms = [a for a in decode(self.file.attrs["arms"]).split(",") if a]
        self._parameters = {}

    def group(self, name):
        for prefix in ("arms", "comparisons"):
            key = f"{prefix}/{name}"
            if key in self.file:
                return self.file[key]
        raise NotInOutput(f"arm or comparison '{name}'")

    def parameters(self, arm):
        """The arm's resolved scenario values, key -> value text (comparisons: the first arm)."""
        group = self.group(arm)
        if "parameters" not in group:
            first = decode(group.attrs.get("first", ""))
            if not first:
                raise NotInOutput(f"parameters of '{arm}'")
            return self.parameters(first)
        if arm not in self._parameters:
            table = group["parameters"]  # string variables key and value along dimension key
            self._parameters[arm] = {decode(k): decode(v)
                                     for k, v in zip(table["key"][:], table["value"][:])}
        return self._parameters[arm]

    def dataset(self, group, pattern):
        """The dataset at `pattern` under `group`; shell wildcards must match exactly one."""
        if not any(c in pattern for c in "*?["):
            if pattern in group and isinstance(group[pattern], h5py.Dataset):
                return group[pattern]
            raise NotInOutput(f"{group.name}/{pattern}")
        names = []
        group.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
        found = [n for n in names if fnmatch.fnmatchcase(n, pattern)]
        if len(found) != 1:
            raise NotInOutput(f"{group.name}/{pattern}" + (f" (matches {', '.join(found)})"
                                                           if found else ""))
        return group[found[0]]

    def per_replication(self, group, reference):
        """The referenced dataset reduced to one value per replication."""
        path, selections, how = reference
        ds = self.dataset(group, path)
        scales = scale_names(ds)
        if not scales or scales[0] != "replication":
            raise NotInOutput(f"{ds.name} (no replication axis)")
        index = [slice(None)] * ds.ndim
        for dim, spec in selections:
            if dim not in scales:
                raise NotInOutput(f"{ds.name}[{dim}] (axes: {', '.join(scales)})")
            axis = scales.index(dim)
            index[axis] = select(axis_values(ds.dims[axis][0]), spec, ds.name, dim)
        values = np.asarray(ds[tuple(index)], dtype=np.float64)
        values = values.reshape(values.shape[0], -1)
        if values.shape[1] == 0:
            return np.full(values.shape[0], np.nan)
        with np.errstate(all="ignore"):
            reduced = np.nanmean(values, axis=1) if how == "mean" else np.nansum(values, axis=1)
        reduced[np.all(np.isnan(values), axis=1)] = np.nan  # nothing defined: not a zero
        return reduced


def select(scale, spec, name, dim):
    """An index into a dimension scale: a label, or FROM:TO on its values (TO excluded)."""
    labels = [decode(v) for v in scale]
    if ":" in spec:
        start, _, stop = spec.partition(":")
        try:
            values = np.asarray(labels, dtype=np.float64)
            lo = float(start) if start.strip() else -math.inf
            hi = float(stop) if stop.strip() else math.inf
        except ValueError:
            raise NotInOutput(f"{name}[{dim}={spec}] (not a numeric axis)") from None
        return np.flatnonzero((values >= lo) & (values < hi))
    if spec not in [str(v) for v in labels]:
        raise NotInOutput(f"{name}[{dim}={spec}]")
    return [str(v) for v in labels].index(spec)


NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"


def param_value(parameters, key, sub=None):
    if key not in parameters:
        raise NotInOutput(f"parameter {key}")
    text = parameters[key]
    if sub is not None:
        match = re.search(r"(?:^|[{,\s])" + re.escape(sub) + r":\s*(" + NUMBER + r")", text)
        if not match:
            raise NotInOutput(f"parameter {key}.{sub}")
        return float(match.group(1))
    try:
        return float(text)
    except ValueError:
        raise NotInOutput(f"parameter {key} (not a number: {text})") from None


def param_total(parameters, pattern):
    """Sum of every number given as a value in the parameters whose keys match `pattern`."""
    keys = [k for k in parameters if fnmatch.fnmatchcase(k, pattern)]
    if not keys:
        raise NotInOutput(f"parameter {pattern}")
    return sum(float(x) for k in keys for x in re.findall(r"(?:^|:\s*)(" + NUMBER + r")",
                                                              parameters[k]))


def evaluate(results, arm, metric):
    """The metric for one arm or comparison: one value per replication."""
    code, refs = compile_metric(metric, "metric")
    group = results.group(arm)
    names = {f"_d{i}": results.per_replication(group, r) for i, r in enumerate(refs)}
    names.update(weeks=float(results.weeks), years=results.years,
                 weeks_per_year=WEEKS_PER_YEAR, replications=float(results.replications),
                 param=lambda key, sub=None: param_value(results.parameters(arm), key, sub),
                 param_total=lambda pattern: param_total(results.parameters(arm), pattern))
    with np.errstate(all="ignore"):
        value = eval(code, {"__builtins__": {}}, names)  # names and nodes checked above
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (results.replications,))


# --- verdicts ------------------------------------------------------------------------------


def band(row):
    """(low, high) of the published figure under the row's rule, in display units."""
    kind, tolerance = row["rule_kind"], row["tolerance"]
    if kind == "range":
        return row["low_value"], row["high_value"]
    if kind in ("none", "compare"):
        return None, None
    centre = parse_number(row["published"], "", "published")
    width = abs(centre) * tolerance if kind == "relative" else tolerance
    return centre - width, centre + width


def verdict(row, mean):
    if row["rule_kind"] == "none":
        return NO_FIGURE
    if row["rule_kind"] == "compare":
        return COMPARED
    if mean is None or not math.isfinite(mean):
        return NO_VALUE
    low, high = band(row)
    if low is not None and mean < low:
        return BELOW
    if high is not None and mean > high:
        return ABOVE
    return WITHIN


def assess(results, targets):
    """One result per (target, arm): dict with the target, arm, statistics and verdict."""
    rows = []
    for target in targets:
        for arm in target["arm_list"]:
            result = {"target": target, "arm": arm, "mean": None, "p5": None, "p95": None,
                      "missing": None}
            try:
                values = evaluate(results, arm, target["metric"]) * target["scale_value"]
            except NotInOutput as missing:
                result["missing"] = str(missing)
                result["verdict"] = NOT_IN_OUTPUT
                rows.append(result)
                continue
            finite = values[np.isfinite(values)]
            if finite.size:
                result["mean"] = float(np.mean(finite))
                result["p5"], result["p95"] = (float(q) for q in np.percentile(finite, [5, 95]))
            result["verdict"] = verdict(target, result["mean"])
            rows.append(result)
    return rows


# --- writing -------------------------------------------------------------------------------


def fmt(x):
    """A figure to a sensible precision for reading: 69,860; 217; 27.7; 0.89."""
    if x is None or not math.isfinite(x):
        return "n/a"
    size = abs(x)
    if size >= 1000:
        return f"{x:,.0f}"
    if size >= 100:
        return f"{x:.0f}"
    if x == 0:
        return "0"
    if size >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def model_text(result):
    if result["verdict"] == NOT_IN_OUTPUT:
        return f"not in the output (`{result['missing']}`)"
    if result["mean"] is None:
        return "n/a"
    units = result["target"]["units"]
    low, high = fmt(result["p5"]), fmt(result["p95"])
    interval = "" if low == high else f" ({low} to {high})"  # the same in every replication
    return f"{fmt(result['mean'])}{interval} {units}".strip()


def figure(x):
    """A published number as written: 69,860; 0.5; 12."""
    if x is None:
        return "-"
    return f"{x:,.0f}" if x == int(x) and abs(x) >= 1000 else f"{x:g}"


def published_text(target):
    kind, units = target["rule_kind"], target["units"]
    if kind in ("none", "compare"):
        return target["published"] or "-"
    low, high = band(target)
    if kind == "range":
        limits = ("at least " + figure(low) if high is None else "at most " + figure(high)
                  if low is None else f"{figure(low)} to {figure(high)}")
        if target["published"]:
            return target["published"]  # as the source gives it, with its units
        text = limits
    else:
        centre = parse_number(target["published"], "", "published")
        share = f"±{target['tolerance'] * 100:g} %" if kind == "relative" else \
            f"±{target['tolerance']:g}"
        text = f"{figure(centre)} ({share}: {fmt(low)} to {fmt(high)})"
    return f"{text} {units}".strip()


def source_text(target):
    parts = [p for p in (target["source"], target["where"]) if p]
    return ", ".join(parts) if parts else "-"


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def render(results, rows, targets_path, command):
    counts = {v: sum(r["verdict"] == v for r in rows) for v in VERDICTS}
    out = [
        "# Validation: the default scenario against published figures",
        "",
        "<!-- Generated by tools/update-validation.sh (tools/validation.py) from "
        f"{targets_path}; edit the targets, not this file. -->",
        "",
        f"Every figure below comes from one run of `{decode(results.file.attrs['scenario_path'])}` "
        f"(scenario `{decode(results.file.attrs['scenario_name'])}`, "
        f"{results.replications} replications, seed {int(results.file.attrs['seed'])}, "
        f"spsim {decode(results.file.attrs['spsim_version'])}, "
        f"{results.weeks} weeks), made with `{command}`. "
        "The spsim column gives the mean over replications and, in brackets, the 90 % interval "
        "across them (5th to 95th percentile); the verdict compares the mean with the published "
        "figure under the rule in the published column: a range as published, or a tolerance "
        "around a single figure (±10 % means within 10 % of it).",
        "",
        "A verdict says where a default stands, not whether it is right: most published figures "
        "come from uncontrolled before-and-after evaluations of single schemes (docs/model.md, "
        "\"Gaps in the evidence\"), prices differ in year, and some figures describe a slightly "
        "different quantity, as the notes say. \"No published figure\" marks a headline for which "
        "no figure was found (docs/sources.md); \"not in the output\" a target whose dataset the "
        "results file lacks; \"no value\" a figure the arm does not define (n/a, e.g. a cost per "
        "WELLBY where no WELLBY is gained); \"for comparison\" a figure shown only to set the "
        "arms side by side.",
        "",
        "To add a figure, add a row to the targets file and run tools/update-validation.sh; a "
        "row may name a dataset the model does not write yet, and starts to count once it does.",
        "",
        "Verdicts: " + ", ".join(f"{v} {counts[v]}" for v in VERDICTS if counts[v]) + ".",
    ]
    sections = []
    for r in rows:
        if r["target"]["section"] not in sections:
            sections.append(r["target"]["section"])
    for section in sections:
        in_section = [r for r in rows if r["target"]["section"] == section]
        out += ["", f"## {section}", "",
                "| figure | arm | spsim | published | source | verdict |",
                "|---|---|---|---|---|---|"]
        for r in in_section:
            t = r["target"]
            out.append("| " + " | ".join(cell(x) for x in (
                t["figure"], r["arm"].replace("_minus_", " minus "), model_text(r),
                published_text(t), source_text(t), r["verdict"])) + " |")
        notes = []
        for t in dict.fromkeys(id(r["target"]) for r in in_section):
            target = next(r["target"] for r in in_section if id(r["target"]) == t)
            if target["note"]:
                notes.append(f"- {target['figure']}: {target['note']}")
        if notes:
            out += [""] + notes
    return "\n".join(out) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results", nargs="?", help="spsim results file (HDF5)")
    parser.add_argument("--targets", default="calibration/targets.csv")
    parser.add_argument("--output", default="-", help="Markdown file to write (- for stdout)")
    parser.add_argument("--command", default="tools/update-validation.sh",
                        help="how the results were made, for the document's opening")
    parser.add_argument("--check-targets", action="store_true",
                        help="only read and check the targets file")
    args = parser.parse_args(argv)
    try:
        targets = read_targets(args.targets)
    except (OSError, TargetError) as error:
        print(f"validation: {error}", file=sys.stderr)
        return 1
    if args.check_targets:
        print(f"{args.targets}: {len(targets)} targets ok")
        return 0
    if not args.results:
        parser.error("a results file is needed (or --check-targets)")
    try:
        results = Results(args.results)
    except OSError as error:
        print(f"validation: cannot read {args.results}: {error}", file=sys.stderr)
        return 1
    text = render(results, assess(results, targets), args.targets, args.command)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
