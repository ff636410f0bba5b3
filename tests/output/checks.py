"""A test script's checks: each prints ok or FAIL with what it checked; `finish` prints the
count and exits 1 when any failed."""

import sys

failures = []
passed = [0]


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if ok:
        passed[0] += 1
    else:
        failures.append(what)
    return ok


def finish():
    print("%d passed, %d failed" % (passed[0], len(failures)))
    sys.exit(1 if failures else 0)
