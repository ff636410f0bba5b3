"""What differs between the arms of an spsim results file, for the report (tools/spsim_report.py).

A scenario's arms can differ in many values (Somerset's blanket in 76 against do nothing, most
of them per locality or per funding stream), too many for the first screen. So the values are
grouped into topics: a key of one locality (localities.NAME.KEY) belongs to the topic "KEY (by
locality)", every VCSE funding stream to "VCSE funding streams", any other key is its own topic.
The arms section shows one row per topic that differs, each arm's values summarised in a cell
(one value, a range over localities, or the streams funded), at most MAX_TOPICS rows and then
"and N more"; the appendix lists every value that differs, key by key, with its source.
"""

MAX_TOPICS = 12  # rows of the compact table before "and N more": with the header, under 20
STREAMS = "VCSE funding streams"


def differing_keys(run, arm, reference):
    """The arm's parameter rows whose value is not the reference arm's (names and descriptions
    aside), in the file's order."""
    theirs = {r["key"]: r["value"] for r in run.parameters(reference)}
    return [r for r in run.parameters(arm) if r["key"] != "name" and
            not r["key"].endswith("description") and theirs.get(r["key"]) != r["value"]]


def topic_of(key):
    """(topic, locality or None, funding stream or None) of a dotted key."""
    parts = key.split(".")
    locality = parts[1] if parts[0] == "localities" and len(parts) > 2 else None
    rest = parts[2:] if locality else parts
    if rest[0] == "funding" and len(rest) > 2:
        return STREAMS, locality, rest[1]
    return (".".join(rest) + " (by locality)" if locality else key), locality, None


def with_unit(row):
    unit, value = row["unit"], row["value"] or "none"
    return value if unit in ("", "-") or not row["value"] else f"{value} {unit}"


def as_number(text):
    try:
        return float(text)
    except ValueError:
        return None


def cell(topic, rows):
    """One arm's values of a topic in a few words."""
    if not rows:
        return "not set"
    if topic == STREAMS:
        names = sorted({topic_of(r["key"])[2] for r in rows})
        return f"{len(names)}: " + ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    values = sorted({r["value"] for r in rows})
    if len(values) == 1:
        return with_unit(rows[0])
    numbers = [as_number(v) for v in values]
    unit = "" if rows[0]["unit"] in ("", "-") else " " + rows[0]["unit"]
    places = len({topic_of(r["key"])[1] for r in rows})
    if all(n is not None for n in numbers):
        return f"{min(numbers):g} to {max(numbers):g}{unit} over {places} localities"
    return ", ".join(v or "none" for v in values[:2]) + (", ..." if len(values) > 2 else "") + \
        f"{unit} over {places} localities"


def topics(run):
    """Every topic in which some arm differs from the reference (the last arm), in the file's
    order with the funding streams last: {topic: {arm: its rows of the topic}}."""
    reference = run.arms[-1]
    differing = []
    for arm in run.arms[:-1]:
        for row in differing_keys(run, arm, reference):
            topic = topic_of(row["key"])[0]
            if topic not in differing:
                differing.append(topic)
    differing.sort(key=lambda t: t == STREAMS)  # stable: the file's order otherwise
    grouped = {t: {arm: [] for arm in run.arms} for t in differing}
    for arm in run.arms:
        for row in run.parameters(arm):
            topic = topic_of(row["key"])[0]
            if topic in grouped:
                grouped[topic][arm].append(row)
    return grouped


def compact_rows(run):
    """(rows of the compact table: topic then a cell per arm, topics left out, values that
    differ over all arms)."""
    grouped = topics(run)
    rows = [[topic] + [cell(topic, by_arm[arm]) for arm in run.arms]
            for topic, by_arm in list(grouped.items())[:MAX_TOPICS]]
    values = sum(len(differing_keys(run, arm, run.arms[-1])) for arm in run.arms[:-1])
    return rows, max(0, len(grouped) - MAX_TOPICS), values


def appendix_rows(run):
    """Every value an arm changes against the reference: arm, key, value, unit, source."""
    reference = run.arms[-1]
    return [[arm, r["key"], r["value"], r["unit"], r["source"] or "-"]
            for arm in run.arms[:-1] for r in differing_keys(run, arm, reference)]
