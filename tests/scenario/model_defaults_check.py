#!/usr/bin/python3
"""The defaults quoted in docs/model.md ("Registry defaults", section 17) are the registry's.

Usage: model_defaults_check.py [--verbose] SPSIM docs/model.md

The registry is read from `SPSIM reference`, which prints every key with its default from
model/scenario/registry.c. Each row of the table names one or more keys in backquotes (a name
without a dot-path, such as `dropout_ratio` after `delivery_models.NAME.uptake_ratio`, belongs
beside the key before it) and quotes their defaults in words and numbers:
  - a word default (true, false, an enum) must appear as that word;
  - numbers labelled by the mapping's entries ("GP 3, A&E 2.5, admissions 2", or "GP, pharmacy
    1; VCSE 0" for labels sharing a number, or "10,000 (micro-commissioning)") must equal those
    entries, and a labelled mapping must be quoted whole;
  - otherwise the numbers, read in order, must equal the keys' defaults in order, each key's
    repeated value quoted once ("3 of each type") or one number standing for all keys ("0");
  - "the table in section N": the first table of section N with a column for each inner entry
    and a row for each outer one (rows and columns named in words: "A&E attendances", "65+",
    "low mood or anxiety") must quote every value of the mapping of mappings.
Then the same check runs on copies of the document with one quoted number raised by one, row by
row (for a row referring to a table, that table's first figure), and each must fail at that row:
the test can fail, and fails where it should.
"""

import re
import sys
import tempfile

from registry_reference import default_cells, is_value, split_row

NUMBER = re.compile(r"(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])")
SECTION = "### Registry defaults"
VERBOSE = False


def number(text):
    return float(text.replace(",", ""))


def registry_defaults(spsim):
    """key -> default text (YAML for a value, the note for a computed default, None: required)."""
    cells = default_cells(spsim)
    defaults = {k: None if c == "required" else c[1:-1] if is_value(c) else c
                for k, c in cells.items()}
    if len(defaults) < 50:
        raise SystemExit(f"{spsim} reference listed only {len(defaults)} keys")
    return defaults


def alias(path):
    """What the docs may call a key: its path without NAME parts and the localities prefix."""
    short = path.replace(".NAME", "")
    return short[len("localities."):] if short.startswith("localities.") else short


def resolve(name, previous, defaults):
    """The registry path a backquoted name in the table stands for, or None."""
    if name in defaults:
        return name
    aliases = [k for k in defaults if alias(k) == name]
    if len(aliases) == 1:
        return aliases[0]
    if previous:
        parts = previous.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            candidate = ".".join(parts[:cut] + [name])
            if candidate in defaults:
                return candidate
    return None


def flatten(yaml_text):
    """Numbers of a default, in order, and its top-level entries: (numbers, {entry: numbers})."""
    numbers = [number(n) for n in re.findall(r"(?<=[\s:\[{,])-?\d+(?:\.\d+)?(?=[\s,}\]]|$)",
                                             " " + yaml_text)]
    entries = {}
    body = yaml_text.strip()
    if body.startswith("{") and body.endswith("}"):
        depth, start, key = 0, 1, None
        for i, c in enumerate(body[1:-1], start=1):
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
            elif c == ":" and depth == 0 and key is None:
                key, start = body[start:i].strip(), i + 1
            elif c == "," and depth == 0:
                entries[key], key, start = flatten(body[start:i])[0], None, i + 1
        if key is not None:
            entries[key] = flatten(body[start:-1])[0]
    return numbers, entries


def label_key(label):
    return re.sub(r"[\s-]+", "_", label.strip().lower().replace("&", ""))


def labelled_numbers(value):
    """[(label, [numbers])] from "GP 3, A&E 2.5" or "GP, pharmacy 1; VCSE 0" or
    "PERT, GP (0, 0.15, 0.40), ..." or "10,000 (micro-commissioning)"."""
    match = re.fullmatch(r"\s*([\d,.]+)\s*\(([A-Za-z][\w\s-]*)\)\s*", value)
    if match:
        return [(label_key(match.group(2)), [number(match.group(1))])]
    pairs, labels = [], []
    tokens = re.findall(r"\((?:[^()]*)\)|[^,;()]+|[,;]", value)
    for token in tokens:
        token = token.strip()
        if token in (",", ";", ""):
            continue
        if token.startswith("("):
            found = NUMBER.findall(token)
            if found and labels:
                pairs += [(lab, [number(n) for n in found]) for lab in labels]
                labels = []
            continue
        found = list(NUMBER.finditer(token))
        if not found:
            labels.append(label_key(token))
            continue
        label = token[:found[0].start()].strip()
        if label:
            labels.append(label_key(label))
        if labels:
            pairs += [(lab, [number(found[0].group())]) for lab in labels]
        labels = []
    return pairs


def nested(yaml_text):
    """{row: {column: [numbers]}} of a default that is a mapping of mappings."""
    _, rows = flatten(yaml_text)
    body = yaml_text.strip()[1:-1]
    out = {}
    for row in rows:
        match = re.search(r"(?:^|,)\s*" + re.escape(row) + r":\s*(\{[^{}]*\})", body)
        if not match:
            return None
        out[row] = flatten(match.group(1))[1]
    return out


def label_matches(label, key):
    """A table's label for a mapping entry: "A&E attendances" for ae, "65+" for age_65_plus."""
    words = [w for w in re.split(r"[\s_()-]+", label.lower().replace("&", "").replace("`", ""))
             if w and w not in ("and", "or")]
    band = re.fullmatch(r"(\d+)(?:-(\d+)|\+)", label.strip())
    if band:
        return key == "age_" + band.group(1) + ("_" + band.group(2) if band.group(2) else "_plus")
    parts = key.split("_")
    return words[:len(parts)] == parts or (len(parts) == 1 and parts[0] in words)


def find_table(section, default, lines):
    """(index of the header line of the table in section N quoting a mapping-of-mappings
    default, its columns' positions) or (None, why not)."""
    rows = nested(default)
    if not rows:
        return None, f"refers to a table, but its default is not a table: {default}"
    start = next((i for i, line in enumerate(lines) if line.startswith(f"## {section}. ")), None)
    if start is None:
        return None, f"refers to section {section}, which docs/model.md lacks"
    columns = list(next(iter(rows.values())).keys())
    for n in range(start + 1, len(lines)):
        if lines[n].startswith("## "):
            break
        if not lines[n].startswith("|") or lines[n - 1].startswith("|"):
            continue
        header = split_row(lines[n])
        where = {c: i for c in columns for i, h in enumerate(header) if label_matches(h, c)}
        labels = []
        for line in lines[n + 2:]:
            if not line.startswith("|"):
                break
            labels.append(split_row(line)[0])
        if len(where) == len(columns) and all(any(label_matches(lab, r) for lab in labels)
                                              for r in rows):
            return n, where
    return None, f"section {section} has no table with every row and column of the default"


def table_problem(section, default, lines):
    """Compares a mapping-of-mappings default with the table quoting it in section N."""
    header, where = find_table(section, default, lines)
    if header is None:
        return where
    rows, seen = nested(default), set()
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        cells = split_row(line)
        for row in rows:
            if row not in seen and label_matches(cells[0], row):
                seen.add(row)
                quoted = [number(cells[i]) for i in where.values()]
                expected = [rows[row][c][0] for c in where]
                if quoted != expected:
                    return (f"section {section}'s table quotes {row} {quoted}, the registry has "
                            f"{expected}")
    return None


def row_problem(value, keys, defaults, doc_lines):
    """None when the quoted value agrees with the keys' registry defaults, else why not."""
    texts = [defaults[k] for k in keys]
    if any(t is None for t in texts):
        return "a key has no default (it is required)"
    section = re.fullmatch(r"the table in section (\d+)", value)
    if section:
        if len(keys) != 1:
            return "refers to a table for more than one key"
        return table_problem(section.group(1), texts[0], doc_lines)
    plain = re.sub(r"\([^()]*[A-Za-z][^()]*\)", "", value)  # "(commissioned)", qualifiers
    quoted = [number(n) for n in NUMBER.findall(plain)]
    flat = [flatten(t) for t in texts]
    if all(not numbers for numbers, _ in flat):
        words = set(re.findall(r"[\w.]+", value.lower()))
        missing = [t for t in texts if t.lower() not in words]
        return f"quotes '{value}' for {', '.join(missing)}" if missing else None
    if len(keys) == 1 and flat[0][1]:
        entries = flat[0][1]
        pairs = [(lab, nums) for lab, nums in labelled_numbers(value) if lab in entries]
        if pairs:
            for lab, nums in pairs:
                if nums != entries[lab] and not (len(nums) == 1 and set(entries[lab]) == {nums[0]}):
                    return f"quotes {lab} {nums}, the registry has {entries[lab]}"
            if len(pairs) == 1 and re.fullmatch(r"\s*[\d,.]+\s*\([^()]*\)\s*", value):
                return None  # one entry, named by its qualifier
            uncovered = sorted(set(entries) - {lab for lab, _ in pairs})
            return f"leaves out {', '.join(uncovered)}" if uncovered else None
    every = [n for numbers, _ in flat for n in numbers]
    once = [n for numbers, _ in flat for n in (numbers[:1] if len(set(numbers)) == 1 else numbers)]
    if quoted in (every, once) or (len(quoted) == 1 and set(every) == {quoted[0]}):
        return None
    return f"quotes {quoted}, the registry has {every}"


def check(doc_path, defaults):
    """Problems of the table, each 'FILE:LINE: ...'; the number of rows checked."""
    with open(doc_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    try:
        start = lines.index(SECTION)
    except ValueError:
        return [f"{doc_path}: no '{SECTION}' section"], 0
    problems, rows = [], 0
    for n in range(start + 1, len(lines)):
        line = lines[n]
        if line.startswith("#"):
            break
        if not line.startswith("| `"):
            continue
        cells = split_row(line)
        names = re.findall(r"`([^`]+)`", cells[0])
        keys, previous = [], None
        for name in names:
            key = resolve(name, previous, defaults)
            if key is None:
                problems.append(f"{doc_path}:{n + 1}: `{name}` is not a registry key")
                break
            keys.append(key)
            previous = key
        else:
            rows += 1
            why = row_problem(cells[1], keys, defaults, lines)
            if VERBOSE:
                print(f"{n + 1}: {keys} '{cells[1]}' -> {why or 'agrees'}")
            if why:
                problems.append(f"{doc_path}:{n + 1}: `{'`, `'.join(names)}` {why}")
    if rows < 20:
        problems.append(f"{doc_path}: only {rows} rows of registry defaults found")
    return problems, rows


def main(spsim, doc_path):
    defaults = registry_defaults(spsim)
    problems, rows = check(doc_path, defaults)
    for p in problems:
        print(p)
    if problems:
        print(f"docs/model.md's defaults table disagrees with the registry ({len(problems)} rows);"
              " correct the table or the registry")
        return 1
    # The same check on copies with one quoted default changed must fail, naming that line:
    # the first number of every row in turn, raised by one.
    with open(doc_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = lines.index(SECTION)
    changed = 0
    for n in range(start + 1, len(lines)):
        if lines[n].startswith("#"):
            break
        cells = split_row(lines[n]) if lines[n].startswith("| `") else []
        found = NUMBER.search(cells[1]) if len(cells) > 1 else None
        section = re.fullmatch(r"the table in section (\d+)", cells[1]) if found else None
        if not found:
            continue
        if section:  # raise the first figure of the referenced table's first row instead
            key = resolve(re.findall(r"`([^`]+)`", cells[0])[0], None, defaults)
            header, _ = find_table(section.group(1), defaults[key], lines)
            target = header + 2
            label, rest = lines[target].split("|", 2)[1], lines[target].split("|", 2)[2]
            first = NUMBER.search(rest)
            value = f"{number(first.group()) + 1:g}"
            edited = "|" + label + "|" + rest[:first.start()] + value + rest[first.end():]
        else:
            target = n
            value = cells[1][:found.start()] + f"{number(found.group()) + 1:g}" + \
                cells[1][found.end():]
            edited = lines[n].replace(f"| {cells[1]} |", f"| {value} |", 1)
        copy = lines[:target] + [edited] + lines[target + 1:]
        with tempfile.NamedTemporaryFile("w", suffix=".md", encoding="utf-8") as f:
            f.write("\n".join(copy) + "\n")
            f.flush()
            mutated, _ = check(f.name, defaults)
        if [p.split(": ", 1)[0] for p in mutated] != [f"{f.name}:{n + 1}"]:
            print(f"{doc_path}:{n + 1}: quoting {value} instead of {cells[1]} was not caught: "
                  f"{mutated}")
            return 1
        changed += 1
    print(f"{doc_path}: {rows} rows agree with the registry; {changed} copies with one quoted "
          "number raised by one are each caught")
    return 0


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--verbose"]
    VERBOSE = "--verbose" in sys.argv  # prints how each row was read
    if len(arguments) != 2:
        raise SystemExit(__doc__)
    sys.exit(main(*arguments))
