"""Interrupt and resume (docs/reliability.md): a run stopped by SIGINT once some replications
are done leaves a complete file marked partial that states its count; --resume refuses a
changed scenario or seed and otherwise continues it to exactly the file an uninterrupted run
writes (every dataset and attribute bit for bit but `created`); a second signal stops at once
and leaves nothing under the output name nor any temporary file.

Usage: test_resume.py SPSIM SCENARIO WORKDIR

The run is watched through a pseudo-terminal so that its progress bar shows how many
replications are done; the signal is sent only once at least MIN_DONE are, and the test checks
that the partial file holds fewer than all (the run is long enough on two threads that it
cannot finish in the time the interrupt takes, and a run that did finish fails the test rather
than passing unchecked)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_run import run_on_pty  # noqa: E402
from stream_compare import differences  # noqa: E402

REPLICATIONS = 160
MIN_DONE = 4
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run_until_done(cmd, signals_at):
    """Runs cmd with stderr on a pseudo-terminal; sends signal s once the progress shows n
    replications done, for each (n, s) of signals_at in turn (a second one right after the
    first when n is 0). Returns (exit status, stderr text)."""
    pending = list(signals_at)

    def watch(text, p):
        done = [int(m) for m in re.findall(r"(\d+)/%d replications" % REPLICATIONS, text)]
        while pending and done and max(done) >= pending[0][0]:
            p.send_signal(pending.pop(0)[1])
            if pending and pending[0][0] == 0:
                time.sleep(0.05)
                p.send_signal(pending.pop(0)[1])

    return run_on_pty(cmd, watch, poll=0.2)


def main():
    spsim, scenario, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    full, out = os.path.join(work, "full.h5"), os.path.join(work, "resumed.h5")
    common = ["-r", str(REPLICATIONS), "-j", "2"]

    subprocess.run([spsim, "run", scenario, *common, "-q", "-o", full], check=True)

    status, text = run_until_done([spsim, "run", scenario, *common, "-o", out],
                                  [(MIN_DONE, signal.SIGINT)])
    check(status == 128 + signal.SIGINT, "an interrupted run exits with 128 + SIGINT (%d)" % status)
    m = re.search(r"partial file holding (\d+) of (\d+) replications", text)
    check(m is not None, "it says how many replications the partial file holds")
    check("--resume" in text and out in text, "it prints the command that resumes it")
    check(not [f for f in os.listdir(work) if ".tmp." in f or ".series." in f],
          "no temporary file is left beside the partial file")
    with h5py.File(out, "r") as f:
        done = int(f.attrs["replications_completed"])
        check(f.attrs["status"] == "partial", "the file is marked status = partial")
        check(MIN_DONE <= done < REPLICATIONS,
              "it holds some but not all replications (%d of %d)" % (done, REPLICATIONS))
        check(m is not None and int(m.group(1)) == done, "the message states the file's count")
        check(int(f.attrs["replications_planned"]) == REPLICATIONS, "it states the count planned")
        check(f["arms"][list(f["arms"])[0]]["series"]["referrals"].shape[0] == done,
              "its series hold exactly the replications done")
        check("/resume_state" in f, "it holds what --resume needs")
    # Its numbers are those of the uninterrupted run's first replications.
    with h5py.File(out, "r") as p, h5py.File(full, "r") as w:
        arm = list(w["arms"])[0]
        same = all((p["arms"][arm]["totals"][k][()] == w["arms"][arm]["totals"][k][:done]).all()
                   for k in ("referrals", "completed"))
        check(same, "the partial file's totals are the full run's first %d" % done)

    before = open(out, "rb").read()
    changed = os.path.join(work, "changed.yaml")
    with open(scenario) as src, open(changed, "w") as dst:
        dst.write(src.read() + "\n# one more line\n")
    r = subprocess.run([spsim, "run", changed, *common, "-o", out, "--resume"],
                       capture_output=True, text=True)
    check(r.returncode == 1 and "scenario's text" in r.stderr,
          "--resume with a changed scenario is refused: " + r.stderr.strip()[:160])
    r = subprocess.run([spsim, "run", scenario, *common, "--seed", "99", "-o", out, "--resume"],
                       capture_output=True, text=True)
    check(r.returncode == 1 and "seed" in r.stderr, "--resume with another seed is refused")
    check(open(out, "rb").read() == before, "a refused --resume leaves the partial file as it was")
    r = subprocess.run([spsim, "run", scenario, *common, "-o", full, "--resume"],
                       capture_output=True, text=True)
    check(r.returncode == 1 and "not a partial file" in r.stderr,
          "--resume of a finished file is refused")

    r = subprocess.run([spsim, "run", scenario, *common, "-q", "-o", out, "--resume"])
    check(r.returncode == 0, "--resume finishes the run")
    diff = differences(full, out)
    check(diff == [], "the resumed file equals the uninterrupted one but for created: %s" % diff[:5])

    # A second signal: stopped at once, nothing under the output name, no temporary file.
    aborted = os.path.join(work, "aborted.h5")
    status, text = run_until_done([spsim, "run", scenario, *common, "-o", aborted],
                                  [(MIN_DONE, signal.SIGINT), (0, signal.SIGINT)])
    check(status == 128 + signal.SIGINT, "a second SIGINT exits at once (%d)" % status)
    check(not os.path.exists(aborted), "and leaves no file under the output name")
    check(not [f for f in os.listdir(work) if ".tmp." in f or ".series." in f],
          "and no temporary file")

    # SIGTERM stops a run the same way.
    termed = os.path.join(work, "termed.h5")
    status, text = run_until_done([spsim, "run", scenario, *common, "--keep", "summaries", "-o",
                                   termed], [(MIN_DONE, signal.SIGTERM)])
    check(status == 128 + signal.SIGTERM, "SIGTERM leaves a partial file too (%d)" % status)
    r = subprocess.run([spsim, "run", scenario, *common, "-q", "-o", termed, "--resume"])
    summaries = os.path.join(work, "summaries.h5")
    subprocess.run([spsim, "run", scenario, *common, "-q", "--keep", "summaries", "-o", summaries],
                   check=True)
    diff = differences(summaries, termed)
    check(r.returncode == 0 and diff == [],
          "a resumed --keep summaries run equals an uninterrupted one: %s" % diff[:5])

    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)


main()
