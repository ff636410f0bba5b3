#!/usr/bin/python3
"""No comment in a scenario file states a stale figure for its key.

Usage: scenario_comments_check.py SPSIM --self-check FIXTURE.yaml SCENARIO.yaml...

A comment on a `key: value  # ...` line makes a claim about the value in two forms, and both
are checked (registry defaults are read from `SPSIM reference`):
  1. Default: the comment says "registry default" or "the model's default". The value must be
     the registry's default for the key (for an entry of a mapping, the default's entry).
  2. Derivation: a part of the comment (between semicolons, citations in brackets left out)
     marked "derived" whose text after its last colon, once words are dropped, is arithmetic:
     numbers (1,575; 1.3m; 28.27bn) joined by x, /, +, -, brackets, "P % of N", "A of B",
     "per N" or ln. Its result must be the value, to the precision the value is written with
     or 0.1 %, whichever is wider (the inputs are rounded published figures). Text that is not
     arithmetic once words are dropped (two numbers side by side, a range such as 200-250, a
     year such as 2023/24 or "45 % of referrals") is a description, not a derivation, and is
     not checked.
And one rule for block comments: a comment stating a simulated result ("in simulation",
"simulated") must not give figures, because those change with the model without the comment
changing; docs/validation.md, regenerated from a run (tools/update-validation.sh), holds them.
Then the checks run on FIXTURE, whose stale figures (the lines ending in STALE) must all be
reported, and nothing else: the test can fail, and its rules do what they say.
"""

import math
import re
import sys

from registry_reference import default_cells, is_value

LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z_][\w-]*):(?:\s+(?P<rest>.*))?$")
DEFAULT_CLAIM = re.compile(r"registry default|the model's default", re.IGNORECASE)
SIMULATED = re.compile(r"\bin simulation\b|\bsimulated\b|\bsimulation,", re.IGNORECASE)


def registry_defaults(spsim):
    """key -> the default value's YAML, None where the default is required or computed."""
    return {k: c[1:-1] if is_value(c) else None for k, c in default_cells(spsim).items()}


def split_comment(rest):
    """(value, comment) of the text after 'key:'; a '#' inside quotes is not a comment."""
    quote = None
    for i, c in enumerate(rest):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or rest[i - 1].isspace()):
            return rest[:i].strip(), rest[i + 1:].strip()
    return rest.strip(), ""


def entries(lines):
    """(line number, dotted path, value, comment) of every `key: value` line."""
    stack = []
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith(("#", "-")):
            continue
        match = LINE.match(line)
        if not match:
            continue
        indent = len(match.group("indent"))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        key = match.group("key")
        value, comment = split_comment(match.group("rest") or "")
        stack.append((indent, key))
        yield n, [k for _, k in stack], value, comment


def registry_path(parts, defaults):
    """(registry key, entry within its mapping or None) for a scenario path, or (None, None)."""
    patterns = [k.split(".") for k in defaults]

    def find(p):
        for pattern in patterns:
            if len(pattern) == len(p) and all(a == "NAME" or a == b for a, b in zip(pattern, p)):
                return ".".join(pattern)
        return None

    candidates = [parts]
    if len(parts) > 2 and parts[0] == "arms":
        candidates.append(parts[2:])
    for c in list(candidates):
        if len(c) > 2 and c[0] == "localities" and c[2] in ("link_workers", "builders"):
            candidates.append(c[2:])  # a locality's own value of a per-locality key
    for c in candidates:
        key = find(c)
        if key:
            return key, None
        if len(c) > 1 and find(c[:-1]):
            return find(c[:-1]), c[-1]
    return None, None


def scalar(text):
    text = text.strip().strip("'\"")
    try:
        return float(text)
    except ValueError:
        return text.lower()


def default_entry(default, entry):
    if entry is None:
        return default
    match = re.search(r"(?:^|[{,]\s*)" + re.escape(entry) + r":\s*([^,{}]+)", default)
    return match.group(1).strip() if match else None


# --- derivations -----------------------------------------------------------------------------

SUFFIX = {"k": 1e3, "m": 1e6, "bn": 1e9}
TOKEN = re.compile(r"\s*(?:(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<suffix>bn|m|k)?"
                   r"(?![\w/.-]*\w)|(?P<op>[-+x×*/()%=])|(?P<word>[^\s()]+))")


def tokens(text):
    """Arithmetic tokens of a derivation's text, or None when it is not arithmetic."""
    out, pos = [], 0
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
        if match.group("num"):
            value = float(match.group("num").replace(",", ""))
            out.append(("num", value * SUFFIX.get(match.group("suffix") or "", 1)))
        elif match.group("op"):
            op = match.group("op")
            if op == "=":
                break  # what follows restates the result
            out.append(("op", {"x": "*", "×": "*"}.get(op, op)))
        else:
            word = match.group("word").lower().strip(",.:")
            if text[pos:pos + 1] == "(" and re.fullmatch(r"[a-z]+", word) and word != "ln":
                return None  # a function not known here: "exp(-0.02 x 12)"
            if re.search(r"\d", word):
                if re.fullmatch(r"\d+-\d+", word):
                    return None  # a range: "200-250"
                continue  # a name with digits: "EQ-5D-5L", "mid-2023", "2023/24"
            if out and out[-1] == ("op", "of"):
                return None  # "45 % of referrals": a description, not arithmetic
            if word in ("of", "per", "ln"):
                out.append(("op", word))
            elif word in SUFFIX and out and out[-1] == ("op", ")"):
                out.append(("suffix", SUFFIX[word]))  # "(23.24 + 5.03) bn"
    # "per" divides only by a number ("3 per 10,000"); "6 WELLBYs per QALY" is a unit
    return [t for i, t in enumerate(out) if t != ("op", "per") or
            (i + 1 < len(out) and (out[i + 1][0] == "num" or out[i + 1] == ("op", "(")))]


def evaluate(toks):
    """The value of the tokens, or None when they are not a well-formed expression."""
    pos = 0

    def peek():
        return toks[pos] if pos < len(toks) else (None, None)

    def take():
        nonlocal pos
        pos += 1
        return toks[pos - 1]

    def primary():
        kind, value = peek()
        if kind == "num":
            take()
            if peek() == ("op", "%"):
                take()
                if peek() != ("op", "of"):
                    raise ValueError("'%' without 'of'")
                take()
                if peek()[0] != "num" and peek() != ("op", "("):
                    raise ValueError("'% of' without a number")
                return value / 100 * primary()
            if peek() == ("op", "of"):
                take()
                if peek()[0] != "num":
                    raise ValueError("'of' without a number")
                return value / primary()
            return value
        if (kind, value) == ("op", "("):
            take()
            result = expression()
            if take() != ("op", ")"):
                raise ValueError("unclosed bracket")
            if peek()[0] == "suffix":
                result *= take()[1]
            return result
        if (kind, value) == ("op", "-"):
            take()
            return -primary()
        if (kind, value) == ("op", "+"):
            take()
            return primary()
        if (kind, value) == ("op", "ln"):
            take()
            return math.log(primary())
        raise ValueError("not a number")

    def term():
        result = primary()
        while peek() in (("op", "*"), ("op", "/"), ("op", "per")):
            op = take()[1]
            right = primary()
            result = result * right if op == "*" else result / right
        return result

    def expression():
        result = term()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            right = term()
            result = result + right if op == "+" else result - right
        return result

    try:
        result = expression()
    except (ValueError, ZeroDivisionError, IndexError):
        return None
    if pos != len(toks) or not any(k == "num" for k, _ in toks[1:]):
        return None  # trailing tokens, or a lone number: not a derivation
    return result


def derivations(comment):
    """Texts of the comment's parts marked derived, after their last colon."""
    text = re.sub(r"\(derived\)", " derived ", comment).replace("~", "")  # "~225": about 225
    while True:  # citations and asides in brackets with words in them, innermost first
        stripped = re.sub(r"\([^()]*[A-Za-z][^()]*\)", " ", text)
        if stripped == text:
            break
        text = stripped
    out = []
    for part in text.split(";"):
        if re.search(r"\bderived\b", part):
            out.append(part.rsplit(":", 1)[-1] if ":" in part else
                       part.split("derived", 1)[1])
    return out


def precision(value_text):
    """Half a unit in the last place the value is written with: 0.317 -> 0.0005."""
    digits = value_text.split(".")[1] if "." in value_text else ""
    return 0.5 * 10 ** -len(digits)


# --- the checks --------------------------------------------------------------------------------


STALE = ("a simulated figure in a comment goes stale as the model changes; docs/validation.md "
         "(tools/update-validation.sh) holds simulated figures")


def simulated_figures(path, lines):
    """Sentences of comments that report a simulated result with figures, by line."""
    problems, block = [], []
    for n, line in enumerate(lines + [""], start=1):
        if "#" in line:
            block.append((n, line[line.index("#") + 1:]))
            if not line.lstrip().startswith("#"):  # a comment after a value stands alone
                problems += sentences_with_figures(path, block)
                block = []
            continue
        problems += sentences_with_figures(path, block)
        block = []
    return problems


def sentences_with_figures(path, block):
    text, starts = "", []
    for n, comment in block:
        starts.append((len(text), n))
        text += comment.strip() + " "
    problems = []
    for match in re.finditer(r"[^.]*(?:\.(?=\d)[^.]*)*(?:\.|$)", text):
        sentence = match.group()
        trigger = SIMULATED.search(sentence)
        if trigger and re.search(r"\d", sentence):
            offset = match.start() + trigger.start()
            n = max(line for start, line in starts if start <= offset)
            problems.append(f"{path}:{n}: {STALE}")
    return problems


def kind_default(default, parts, values):
    """A default given by kind of funding stream ({small_grants: 6000, ...}): the stream's."""
    kind = values.get(tuple(parts[:-1]) + ("kind",))
    return default_entry(default, kind) if kind and default.startswith("{") else default


def check(path, defaults):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    problems = simulated_figures(path, lines)
    listed = list(entries(lines))
    values = {tuple(parts): value for _, parts, value, _ in listed}
    for n, parts, value, comment in listed:
        if not comment:
            continue
        if value and DEFAULT_CLAIM.search(comment):
            key, entry = registry_path(parts, defaults)
            default = default_entry(defaults.get(key), entry) if key else None
            if default is not None and not value.startswith("{"):
                default = kind_default(default, parts, values)
            if default is None:
                problems.append(f"{path}:{n}: the comment calls {'.'.join(parts)} a registry "
                                "default, but the registry has no default for it")
            elif scalar(value) != scalar(default):
                problems.append(f"{path}:{n}: the comment calls {value} the registry default of "
                                f"{key}{'.' + entry if entry else ''}, which is {default}")
        if not value or value.startswith(("{", "[")):
            continue
        try:
            stated = float(value)
        except ValueError:
            continue
        for text in derivations(comment):
            toks = tokens(text)
            result = evaluate(toks) if toks else None
            if result is None:
                continue
            tolerance = max(precision(value), 0.001 * abs(stated)) + 1e-12
            if abs(result - stated) > tolerance:
                problems.append(f"{path}:{n}: {parts[-1]}: {value}, but the derivation in its "
                                f"comment ({text.strip()}) gives {result:.6g}")
    return problems


def self_check(fixture, defaults):
    """The fixture's lines marked STALE, and only those, must be reported."""
    with open(fixture, encoding="utf-8") as f:
        marked = {n for n, line in enumerate(f, start=1) if line.rstrip().endswith("STALE")}
    found = {int(p.split(":")[1]) for p in check(fixture, defaults)}
    failures = [f"{fixture}:{n}: a stale figure was not caught" for n in sorted(marked - found)]
    failures += [f"{fixture}:{n}: reported, but not marked STALE" for n in sorted(found - marked)]
    return failures, len(marked)


def main(spsim, fixture, paths):
    defaults = registry_defaults(spsim)
    problems = [p for path in paths for p in check(path, defaults)]
    for p in problems:
        print(p)
    failures, marked = self_check(fixture, defaults)
    for f in failures:
        print(f)
    if problems or failures:
        return 1
    print(f"{', '.join(paths)}: no stale figure in a comment; the {marked} stale figures of "
          f"{fixture} are caught")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[2] != "--self-check":
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[3], sys.argv[4:]))
