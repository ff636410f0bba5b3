"""Interrupt and resume of a run to a precision (docs/reliability.md, "Interrupt and resume"):
SIGINT in the middle of a round, or of the pilot, leaves a complete file marked partial with
the stopping rule's state (precision_pilot, precision_rounds, precision_round_target,
precision_assessed_through); --resume with the same options continues it to exactly the file
an uninterrupted run writes (every dataset and attribute bit for bit but `created`); resuming
it without --precision, or with another precision or cap, is refused with exit status 1 (a
file that does not fit the command, as for a changed scenario) and the file is left as it was,
and so is resuming it with --tornado (an interrupted tornado and its resume are
test_tornado_resume.py's).

Usage: test_precision_resume.py SPSIM SCENARIO WORKDIR

SCENARIO is tests/cli/precision_two_arms.yaml: with its seed, precision 0.05 and the pilot of
10 the run settles on 353 replications in two rounds (the second asked for 484), about 5 s on
two threads. The signal is sent once the progress bar (stderr on a pseudo-terminal) shows the
round under way, and the test checks where the partial file stopped (inside the round, short of
its target), so a run that finished before the signal fails rather than passing unchecked. The
counts are fixed by the seed: nothing here depends on timing but where the interrupt falls, and
any place inside the round must give the same final file."""

import os
import re
import shutil
import subprocess
import sys
import signal


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, finish  # noqa: E402
from pty_run import run_on_pty  # noqa: E402
from stream_compare import differences, root_attributes as root, text_of  # noqa: E402

# In the second round: its progress bar counts from 0 again once round 1 is reported.
IN_ROUND_2 = ("precision round 1:", r"(\d+)/\d+ replications", 20)


def interrupt_when(cmd, marker, pattern, at_least):
    """Runs cmd with stderr on a pseudo-terminal and sends SIGINT once `pattern` (a regular
    expression whose group 1 is a count) has matched with a count of at least `at_least` in
    what follows `marker` ("" for all of stderr). Returns (exit status, stderr text)."""
    sent = [False]

    def watch(text, p):
        after = text.split(marker, 1)[1] if marker and marker in text else (text if not marker else "")
        counts = [int(m) for m in re.findall(pattern, after)]
        if not sent[0] and counts and max(counts) >= at_least:
            p.send_signal(signal.SIGINT)
            sent[0] = True

    return run_on_pty(cmd, watch)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def interrupted_and_resumed(spsim, scenario, work, name, options, where, full):
    """Interrupts a run with `options` where `pattern` says, checks the partial file and
    resumes it; returns the partial file's root attributes."""
    out = os.path.join(work, name + ".h5")
    cmd = [spsim, "run", scenario, *options, "-o", out]
    status, text = interrupt_when(cmd, *where)
    check(status == 128 + signal.SIGINT, "%s: the interrupted run exits 130 (got %d)" % (name, status))
    check(os.path.exists(out), "%s: a partial file is left under the output name" % name)
    if not os.path.exists(out):
        return {}
    attrs = root(out)
    done = int(attrs.get("replications_completed", -1))
    target = int(attrs.get("precision_round_target", -1))
    check(text_of(attrs.get("status", "")) == "partial", "%s: the file says status = partial" % name)
    check(0 < done < target,
          "%s: it holds %d replications, inside the round of %d in flight" % (name, done, target))
    check("--resume" in text and "partial file holding %d replications" % done in text,
          "%s: the message states the count and the command that resumes" % name)
    partial_attrs = dict(attrs)
    r = run([spsim, "run", scenario, *options, "-q", "-o", out, "--resume"])
    check(r.returncode == 0, "%s: --resume finishes (exit %d: %s)" % (name, r.returncode,
                                                                    r.stderr.strip()[-300:]))
    diff = differences(full, out)
    check(diff == [], "%s: the resumed file is the uninterrupted run's, bit for bit (%s)"
          % (name, ", ".join(diff[:5])))
    leftovers = [f for f in os.listdir(work) if ".tmp." in f or ".series." in f]
    check(leftovers == [], "%s: no temporary file is left (%s)" % (name, leftovers))
    return partial_attrs


def refusals(spsim, scenario, work, options):
    """A partial file of a run to a precision is resumed only with the options it was run with."""
    out = os.path.join(work, "refused.h5")
    status, _ = interrupt_when([spsim, "run", scenario, *options, "-o", out], *IN_ROUND_2)
    check(status == 130 and os.path.exists(out), "refusals: a partial file to refuse")
    before = open(out, "rb").read() if os.path.exists(out) else b""
    plain = [o for o in options if o not in ("--precision", "0.05")]
    r = run([spsim, "run", scenario, *plain, "-q", "-o", out, "--resume"])
    check(r.returncode == 1 and "partial run to a precision (--precision 0.05" in r.stderr,
          "without --precision: refused, exit 1, saying which options (%d: %s)"
          % (r.returncode, r.stderr.strip()))
    other = [("0.06" if o == "0.05" else o) for o in options]
    r = run([spsim, "run", scenario, *other, "-q", "-o", out, "--resume"])
    check(r.returncode == 1 and "it was run with --precision 0.05" in r.stderr,
          "another precision: refused, exit 1 (%d: %s)" % (r.returncode, r.stderr.strip()))
    r = run([spsim, "run", scenario, *options, "--max-replications", "900", "-q", "-o", out,
             "--resume"])
    check(r.returncode == 1 and "--max-replications 1000" in r.stderr,
          "another cap: refused, exit 1 (%d: %s)" % (r.returncode, r.stderr.strip()))
    check(open(out, "rb").read() == before, "the refused partial file is left as it was")
    r = run([spsim, "run", scenario, "--tornado", "-q", "-o", out, "--resume"])
    check(r.returncode == 1 and "partial run to a precision (--precision 0.05), not a --tornado"
          in r.stderr, "with --tornado: refused, exit 1, saying why (%d: %s)"
          % (r.returncode, r.stderr.strip()))
    check(open(out, "rb").read() == before, "the refused partial file is left as it was")


def main():
    spsim, scenario, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    options = ["--precision", "0.05", "-j", "2"]

    full = os.path.join(work, "full.h5")
    subprocess.run([spsim, "run", scenario, *options, "-q", "-o", full], check=True)
    count = int(root(full)["precision_replications"])
    check(count > 10, "the uninterrupted run goes past its pilot (%d replications)" % count)

    state = interrupted_and_resumed(spsim, scenario, work, "round2", options, IN_ROUND_2, full)
    check(int(state.get("precision_rounds", -1)) == 1 and
          int(state.get("precision_assessed_through", -1)) == 10 and
          int(state.get("precision_pilot", -1)) == 10,
          "round 2's partial file says one round is assessed, through count 10, pilot 10")

    # In the pilot: a pilot of 200 replications, interrupted once 20 are done.
    pilot = options + ["-r", "200"]
    full_pilot = os.path.join(work, "full_pilot.h5")
    subprocess.run([spsim, "run", scenario, *pilot, "-q", "-o", full_pilot], check=True)
    state = interrupted_and_resumed(spsim, scenario, work, "pilot", pilot,
                                    ("", r"(\d+)/200 replications", 20), full_pilot)
    check(int(state.get("precision_rounds", -1)) == 0 and
          int(state.get("precision_round_target", -1)) == 200,
          "the pilot's partial file says no round is assessed and the pilot is 200")

    refusals(spsim, scenario, work, options)
    finish()


main()
