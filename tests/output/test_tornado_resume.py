"""Interrupt and resume of a --tornado (docs/reliability.md, "Interrupt and resume";
docs/output.md, "Partial files"): SIGINT while its base run streams to the file leaves the
partial file of the base replications done and no variant; SIGINT while its variants run leaves
the whole base and the figures of every variant finished (tornado_variants_done, and
/tornado_resume_state holding each one's value and incremental net monetary benefit exactly as
the uninterrupted run's /psa/tornado has them); --resume --tornado finishes each to exactly the
file an uninterrupted tornado writes (every dataset and attribute bit for bit but `created`).
A second SIGINT while the variants run stops at once and leaves nothing. A tornado's partial
file resumed without --tornado, a plain run's resumed with --tornado, a tornado's resumed with
another -r or seed, and one whose stored variant value is not the scenario's are refused with
exit status 1 and the file is left as it was.

Usage: test_tornado_resume.py SPSIM SCENARIO WORKDIR

SCENARIO is tests/cli/tornado_three_keys.yaml: three uncertain keys, so 1 + 6 runs, each of
200 replications here (about 0.8 s a run on two threads of a quiet machine, 2.3 s at a load of
6). The signal is sent on what stderr (a pseudo-terminal) shows: the base's progress bar at 10
of 200 done, or the progress line of the
variant "key 2 of 3, low" (the third variant, of a run lasting more than a second). The test
checks where the partial file stopped (inside the base; exactly two variants done), so a run
that had gone further before the signal fails rather than passing unchecked. Nothing else
depends on timing: any place the interrupt falls must give the same final file."""

import os
import re
import shutil
import signal
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, finish  # noqa: E402
from pty_run import run_on_pty  # noqa: E402
from stream_compare import differences, root_attributes as root, text_of  # noqa: E402

REPLICATIONS = 200
OPTIONS = ["--tornado", "-r", str(REPLICATIONS), "-j", "2"]
IN_BASE = r"(\d+)/%d replications" % REPLICATIONS
IN_VARIANTS = "spsim: tornado: key 2 of 3, low"


def interrupt_when(cmd, ready, signals=1):
    """Runs cmd with stderr on a pseudo-terminal and sends SIGINT once ready(stderr so far)
    holds; with signals=2, a second SIGINT once spsim says it took the first (two sent back to
    back could reach it as one), while it finishes and writes the partial file (about 3 s here).
    Returns (exit status, stderr text)."""
    sent = [0]

    def watch(text, p):
        if sent[0] == 0 and ready(text):
            p.send_signal(signal.SIGINT)
            sent[0] = 1
        elif sent[0] == 1 and signals == 2 and "interrupt again to stop at once" in text:
            p.send_signal(signal.SIGINT)
            sent[0] = 2

    return run_on_pty(cmd, watch)


def base_at(text, at_least=10):
    """In the base run: the bar shows at least `at_least` done and no variant has started."""
    counts = [int(m) for m in re.findall(IN_BASE, text)]
    return "key 1 of 3" not in text and bool(counts) and max(counts) >= at_least


def in_variants(text):
    return IN_VARIANTS in text


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def leftovers(work):
    return [f for f in os.listdir(work) if ".tmp." in f or ".series." in f]


def check_partial(name, out, text, base_done, variants_done):
    """The partial file's attributes and message; base_done None: inside the base run."""
    check(os.path.exists(out), "%s: a partial file is left under the output name" % name)
    if not os.path.exists(out):
        return {}
    attrs = root(out)
    done = int(attrs.get("replications_completed", -1))
    check(text_of(attrs.get("status", "")) == "partial", "%s: the file says status = partial" % name)
    if base_done is None:
        check(0 < done < REPLICATIONS,
              "%s: it holds %d base replications, inside the base run" % (name, done))
    else:
        check(done == base_done, "%s: it holds the whole base (%d replications)" % (name, done))
    check(int(attrs.get("tornado_variants", -1)) == 6,
          "%s: tornado_variants = 6 (%s)" % (name, attrs.get("tornado_variants")))
    check(int(attrs.get("tornado_variants_done", -1)) == variants_done,
          "%s: tornado_variants_done = %d (%s)" % (name, variants_done,
                                                   attrs.get("tornado_variants_done")))
    with h5py.File(out, "r") as f:
        check("psa/tornado" not in f, "%s: no /psa/tornado in a partial file" % name)
        check(("tornado_resume_state" in f) == (variants_done > 0),
              "%s: /tornado_resume_state only when a variant is done" % name)
    said = "partial file holding %d of %d replications of the tornado's base run and %d of " \
           "its 6 variants" % (done, REPLICATIONS, variants_done)
    check(said in text and "--resume" in text,
          "%s: the message states the counts and the command that resumes" % name)
    return attrs


def check_variant_figures(out, full):
    """/tornado_resume_state's rows are the uninterrupted run's first two variants, exactly."""
    with h5py.File(out, "r") as p, h5py.File(full, "r") as f:
        state = p["tornado_resume_state"][()]
        value = f["psa/tornado/value"][()].ravel()
        inmb = f["psa/tornado/incremental_net_monetary_benefit"][()].reshape(6, -1)
    check(state.shape == (2, 1 + inmb.shape[1]),
          "variants: /tornado_resume_state is 2 variants x (value, inmb) (%s)" % (state.shape,))
    if state.shape == (2, 1 + inmb.shape[1]):
        check(state[:, 0].tobytes() == value[:2].tobytes() and
              state[:, 1:].tobytes() == np.ascontiguousarray(inmb[:2]).tobytes(),
              "variants: its values and inmb are the uninterrupted run's, bit for bit")


def resume_and_compare(spsim, scenario, work, name, out, full, options, says):
    """Resumes `out` (stderr a pipe: a progress line for each run), checks what it says it
    resumes from and runs (`says`: (text, expected) pairs) and compares it with `full`."""
    r = run([spsim, "run", scenario, *options, "-o", out, "--resume"])
    check(r.returncode == 0, "%s: --resume finishes (exit %d: %s)"
          % (name, r.returncode, r.stderr.strip()[-300:]))
    for text, expected in says:
        check((text in r.stderr) == expected,
              "%s: the resume %s '%s'" % (name, "says" if expected else "does not say", text))
    diff = differences(full, out)
    check(diff == [], "%s: the resumed file is the uninterrupted tornado's, bit for bit (%s)"
          % (name, ", ".join(diff[:5])))
    check(leftovers(work) == [], "%s: no temporary file is left (%s)" % (name, leftovers(work)))


def in_base(spsim, scenario, work, full):
    out = os.path.join(work, "base.h5")
    status, text = interrupt_when([spsim, "run", scenario, *OPTIONS, "-o", out], base_at)
    check(status == 130, "base: the interrupted tornado exits 130 (got %d)" % status)
    attrs = check_partial("base", out, text, None, 0)
    done = int(attrs.get("replications_completed", -1))
    says = [("resuming: %d of the base's %d replications and 0 of the 6 variants"
             % (done, REPLICATIONS), True),
            ("tornado: the base, every key at its mean", True), ("key 1 of 3, low", True)]
    resume_and_compare(spsim, scenario, work, "base", out, full, OPTIONS, says)


def in_the_variants(spsim, scenario, work, full):
    out = os.path.join(work, "variants.h5")
    status, text = interrupt_when([spsim, "run", scenario, *OPTIONS, "-o", out], in_variants)
    check(status == 130, "variants: the interrupted tornado exits 130 (got %d)" % status)
    check_partial("variants", out, text, REPLICATIONS, 2)
    if os.path.exists(out):
        check_variant_figures(out, full)
        shutil.copyfile(out, os.path.join(work, "refused.h5"))  # for refusals()
    # Resumed without -r: the partial file's count. The finished variants are not run again.
    says = [("resuming: %d of the base's %d replications and 2 of the 6 variants"
             % (REPLICATIONS, REPLICATIONS), True),
            ("tornado: the base", False), ("key 1 of 3", False), ("key 2 of 3, low", True),
            ("key 3 of 3, high", True), ("nothing simulated here", True), ("inf", False)]
    resume_and_compare(spsim, scenario, work, "variants", out, full, ["--tornado", "-j", "2"],
                       says)


def twice(spsim, scenario, work):
    out = os.path.join(work, "twice.h5")
    status, text = interrupt_when([spsim, "run", scenario, *OPTIONS, "-o", out], in_variants, 2)
    check(status == 130 and "interrupted again" in text,
          "twice: a second SIGINT stops at once (exit %d)" % status)
    check(not os.path.exists(out), "twice: no file is left under the output name")
    left = [f for f in leftovers(work) if f.startswith("twice.h5")]
    check(left == [], "twice: no temporary file is left (%s)" % left)


def refusals(spsim, scenario, work):
    """Run after in_the_variants(), whose partial file (2 of 6 variants done) refused.h5 is."""
    out = os.path.join(work, "refused.h5")
    check(os.path.exists(out), "refusals: a tornado's partial file to refuse")
    before = open(out, "rb").read() if os.path.exists(out) else b""
    r = run([spsim, "run", scenario, "-r", str(REPLICATIONS), "-q", "-o", out, "--resume"])
    check(r.returncode == 1 and "it is a partial --tornado" in r.stderr
          and "resume it with --tornado" in r.stderr,
          "without --tornado: refused, exit 1, saying so (%d: %s)" % (r.returncode, r.stderr.strip()))
    r = run([spsim, "run", scenario, "--tornado", "-r", "150", "-q", "-o", out, "--resume"])
    check(r.returncode == 1 and "run for %d replications, -r asks for 150" % REPLICATIONS
          in r.stderr,
          "another -r: refused, exit 1 (%d: %s)" % (r.returncode, r.stderr.strip()))
    r = run([spsim, "run", scenario, "--tornado", "--seed", "99", "-q", "-o", out, "--resume"])
    check(r.returncode == 1 and "this run has seed 99" in r.stderr,
          "another seed: refused, exit 1 (%d: %s)" % (r.returncode, r.stderr.strip()))
    check(open(out, "rb").read() == before, "the refused tornado partial file is left as it was")

    # A variant's value that is not the scenario's (another scenario or build wrote the figures).
    altered = os.path.join(work, "altered.h5")
    shutil.copyfile(out, altered)
    with h5py.File(altered, "r+") as f:
        f["tornado_resume_state"][1, 0] = f["tornado_resume_state"][1, 0] * 2.0
    before = open(altered, "rb").read()
    r = run([spsim, "run", scenario, "--tornado", "-q", "-o", altered, "--resume"])
    check(r.returncode == 1 and "its variant 1 has value" in r.stderr,
          "an altered variant value: refused, exit 1 (%d: %s)" % (r.returncode, r.stderr.strip()))
    check(open(altered, "rb").read() == before and leftovers(work) == [],
          "... the file is left as it was and no temporary file is left (%s)" % leftovers(work))

    plain = os.path.join(work, "plain.h5")
    status, _ = interrupt_when([spsim, "run", scenario, "-r", str(REPLICATIONS), "-j", "2", "-o",
                                plain], base_at)
    check(status == 130 and os.path.exists(plain), "refusals: a plain run's partial file")
    r = run([spsim, "run", scenario, "--tornado", "-q", "-o", plain, "--resume"])
    check(r.returncode == 1 and "not a --tornado: resume it without --tornado" in r.stderr,
          "a plain partial file with --tornado: refused, exit 1 (%d: %s)"
          % (r.returncode, r.stderr.strip()))
    r = run([spsim, "run", scenario, "-q", "-o", plain, "--resume"])
    check(r.returncode == 0, "... and resumed without --tornado it finishes (exit %d)" % r.returncode)


def main():
    spsim, scenario, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    full = os.path.join(work, "full.h5")
    subprocess.run([spsim, "run", scenario, *OPTIONS, "-q", "-o", full], check=True)
    in_base(spsim, scenario, work, full)
    in_the_variants(spsim, scenario, work, full)
    twice(spsim, scenario, work)
    refusals(spsim, scenario, work)
    finish()


main()
