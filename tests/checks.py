"""The tally the suite's Python tests keep: each failed check is printed with what it checked,
and the exit status says whether any failed.

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    from checks import check, finish
    ...
    sys.exit(finish())"""

_tally = {"passed": 0, "failed": 0}


def check(condition, what):
    """Counts one check; prints FAILED and what it checked when condition is false. Returns
    condition, so a test can go on only when a check held."""
    if condition:
        _tally["passed"] += 1
    else:
        _tally["failed"] += 1
        print(f"FAILED: {what}")
    return condition


def failures():
    return _tally["failed"]


def finish():
    """Prints the tally; returns the exit status (1 when any check failed)."""
    print(f"{_tally['passed']} passed, {_tally['failed']} failed")
    return 1 if _tally["failed"] else 0
