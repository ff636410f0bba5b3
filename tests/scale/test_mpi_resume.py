"""Interrupt and resume across MPI ranks (docs/scaling.md, docs/reliability.md): a two-rank run
stopped part-way leaves the partial file a one-process run leaves (marked partial, holding the
leading replications done, its series exactly those), every rank stops and nothing waits for
ever; --resume with two ranks, and as one process, finishes it to the file an uninterrupted
run writes (every dataset and attribute bit for bit but `created`).

Two ways to stop: SIGUSR1 to mpirun, which OpenMPI passes to every rank at once (it answers
SIGINT and SIGTERM itself, with SIGTERM to the ranks a second later and SIGKILL a second after
that), and SIGTERM sent to each rank, as a batch system signals every task.

A tornado (of TORNADO_SCENARIO, which has distributions) is stopped across ranks the same way
once its ranks have used TORNADO_CPU_BEFORE_STOP seconds, in its second to fourth variant:
rank 0 leaves the tornado's partial file (the base whole, the variants finished), and it resumes
as one process to the uninterrupted tornado's file.

Usage: test_mpi_resume.py SPSIM SCENARIO WORKDIR TORNADO_SCENARIO

The signal is sent once the ranks have used CPU_BEFORE_STOP seconds of CPU between them (CPU,
not wall time, so a loaded machine only delays it): enough for several replications of the
scenario, and a small part of the whole run's, which is checked to have been cut short (a run
that finished fails the test rather than passing unchecked). Every command has a time limit."""

import os
import shutil
import signal
import subprocess
import sys
import time

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "output"))
from stream_compare import differences  # noqa: E402

REPLICATIONS = 240  # about 6 s of CPU for the two-place scenario
CPU_BEFORE_STOP = 1.5
TORNADO_REPLICATIONS = 300  # about 2 s of CPU a run for tests/cli/tornado_three_keys.yaml
TORNADO_CPU_BEFORE_STOP = 9.0  # of about 25 s for the whole two-rank tornado (MPI polling included)
LIMIT_SECONDS = 300
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def children(parent):
    """Process ids whose parent is `parent`."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # from field 3, the state, on
        if int(fields[1]) == parent:
            found.append((int(pid), fields))
    return found


def cpu_seconds(parent):
    tick = os.sysconf("SC_CLK_TCK")
    return sum((int(f[11]) + int(f[12])) / tick for _, f in children(parent))


def interrupted(cmd, stop, cpu_before_stop=CPU_BEFORE_STOP):
    """Runs cmd (mpirun ...) and calls stop(process) once its ranks have used cpu_before_stop
    seconds of CPU. Returns (exit status, stderr text)."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, text=True)
    deadline = time.time() + LIMIT_SECONDS
    while p.poll() is None and time.time() < deadline and cpu_seconds(p.pid) < cpu_before_stop:
        time.sleep(0.05)
    if p.poll() is None:
        stop(p)
    try:
        _, err = p.communicate(timeout=LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        check(False, "the interrupted run ended within %d s" % LIMIT_SECONDS)
    return p.returncode, err


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=LIMIT_SECONDS)


def check_partial(path, full, status, err, signum, what, resume="mpirun -np 2 spsim run"):
    check(status == 128 + signum, "%s: the run exits with 128 + the signal (%d)" % (what, status))
    check("partial file holding" in err, "%s: rank 0 says it wrote a partial file" % what)
    check(resume in err, "%s: and prints the command that resumes it (%s)" % (what, resume))
    work = os.path.dirname(path)
    check(not [f for f in os.listdir(work) if ".tmp." in f or ".series." in f],
          "%s: no temporary file is left beside it" % what)
    with h5py.File(path, "r") as f, h5py.File(full, "r") as w:
        done = int(f.attrs["replications_completed"])
        check(f.attrs["status"] == "partial", "%s: the file is marked status = partial" % what)
        check(0 < done < REPLICATIONS,
              "%s: it holds some but not all replications (%d of %d)" % (what, done, REPLICATIONS))
        arm = list(w["arms"])[0]
        check(f["arms"][arm]["series"]["referrals"].shape[0] == done,
              "%s: its series hold exactly the leading replications done" % what)
        same = all((f["arms"][arm]["totals"][k][()] == w["arms"][arm]["totals"][k][:done]).all()
                   for k in ("referrals", "completed"))
        check(same, "%s: its totals are the uninterrupted run's first %d" % (what, done))


def check_tornado(spsim, tornado, work, mpirun_bare):
    """A two-rank tornado stopped by SIGUSR1 in its variants, resumed as one process."""
    full, part = os.path.join(work, "tornado-full.h5"), os.path.join(work, "tornado.h5")
    args = ["run", tornado, "--tornado", "-r", str(TORNADO_REPLICATIONS)]
    r = run([spsim] + args + ["-j", "2", "-q", "-o", full])
    check(r.returncode == 0, "the uninterrupted one-process tornado: " + r.stderr[-200:])
    status, err = interrupted(mpirun_bare + args + ["-j", "1", "-o", part],
                              lambda p: p.send_signal(signal.SIGUSR1), TORNADO_CPU_BEFORE_STOP)
    what = "--tornado, SIGUSR1 to mpirun"
    check(status == 128 + signal.SIGUSR1, "%s: exits with 128 + the signal (%d)" % (what, status))
    check("partial file holding" in err and "to resume:\n  spsim run" in err,
          "%s: rank 0 says it wrote a partial file and how one process resumes it" % what)
    check(not [f for f in os.listdir(work) if "tornado.h5." in f],
          "%s: no temporary file is left beside it" % what)
    with h5py.File(part, "r") as f:
        done = int(f.attrs["tornado_variants_done"])
        check(f.attrs["status"] == "partial" and int(f.attrs["tornado_variants"]) == 6,
              "%s: the file is a partial tornado of 6 variants" % what)
        check(int(f.attrs["replications_completed"]) == TORNADO_REPLICATIONS and 0 < done < 6,
              "%s: with its base whole and some but not all variants (%d of 6)" % (what, done))
    r = run([spsim] + args + ["-j", "2", "-q", "-o", part, "--resume"])
    diff = differences(full, part)
    check(r.returncode == 0 and diff == [],
          "%s: resumed by 1 process it equals the uninterrupted tornado: %s %s"
          % (what, diff[:5], r.stderr[-300:]))


def main():
    spsim, scenario, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    tornado = os.path.abspath(sys.argv[4])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.environ.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    mpirun = ["timeout", str(LIMIT_SECONDS), "mpirun", "-np", "2", "--oversubscribe", spsim]
    # No `timeout` wrapper where mpirun itself is signalled: the signal must reach mpirun.
    mpirun_bare = mpirun[2:]
    full = os.path.join(work, "full.h5")
    r = run([spsim, "run", scenario, "-r", str(REPLICATIONS), "-j", "2", "-q", "-o", full])
    check(r.returncode == 0, "the uninterrupted one-process run: " + r.stderr[-200:])

    # SIGUSR1 to mpirun: forwarded to both ranks.
    part = os.path.join(work, "part.h5")
    args = ["run", scenario, "-r", str(REPLICATIONS), "-j", "1", "-o", part]
    status, err = interrupted(mpirun_bare + args, lambda p: p.send_signal(signal.SIGUSR1))
    check_partial(part, full, status, err, signal.SIGUSR1, "SIGUSR1 to mpirun")
    alone = os.path.join(work, "alone.h5")
    shutil.copy(part, alone)

    r = run(mpirun + args + ["-q", "--resume"])
    check(r.returncode == 0, "--resume with 2 ranks finishes the run: " + r.stderr[-300:])
    diff = differences(full, part)
    check(diff == [], "the file resumed by 2 ranks equals the uninterrupted one: %s" % diff[:5])
    r = run([spsim, "run", scenario, "-r", str(REPLICATIONS), "-j", "2", "-q", "-o", alone,
             "--resume"])
    check(r.returncode == 0, "--resume as one process finishes the run: " + r.stderr[-300:])
    diff = differences(full, alone)
    check(diff == [], "the file resumed by 1 process equals the uninterrupted one: %s" % diff[:5])

    # SIGTERM to each rank, as a batch system signals every task.
    termed = os.path.join(work, "termed.h5")
    args = ["run", scenario, "-r", str(REPLICATIONS), "-j", "1", "-o", termed]

    def term_each_rank(p):
        for pid, _ in children(p.pid):
            os.kill(pid, signal.SIGTERM)

    status, err = interrupted(mpirun_bare + args, term_each_rank)
    check_partial(termed, full, status, err, signal.SIGTERM, "SIGTERM to each rank")
    r = run(mpirun + args + ["-q", "--resume"])
    diff = differences(full, termed)
    check(r.returncode == 0 and diff == [],
          "resumed by 2 ranks, it equals the uninterrupted run: %s" % diff[:5])

    # --precision (never met, so it runs to its cap of REPLICATIONS): stopped across ranks,
    # resumed as one process (a precision run is resumed by one process: docs/reliability.md).
    precise = os.path.join(work, "precise.h5")
    args = ["run", scenario, "--precision", "0.0001", "-r", "20", "--max-replications",
            str(REPLICATIONS), "-o", precise]
    r = run([spsim] + args[:-1] + [os.path.join(work, "precise-full.h5"), "-j", "2", "-q"])
    check(r.returncode == 0, "the uninterrupted one-process --precision run: " + r.stderr[-200:])
    status, err = interrupted(mpirun_bare + args + ["-j", "1"],
                              lambda p: p.send_signal(signal.SIGUSR1))
    check_partial(precise, os.path.join(work, "precise-full.h5"), status, err, signal.SIGUSR1,
                  "--precision, SIGUSR1 to mpirun", resume="to resume:\n  spsim run")
    check("mpirun -np 2 spsim" not in err,
          "--precision: the command printed resumes as one process, as --resume requires")
    r = run([spsim] + args + ["-j", "2", "-q", "--resume"])
    diff = differences(os.path.join(work, "precise-full.h5"), precise)
    check(r.returncode == 0 and diff == [],
          "--precision resumed by 1 process equals the uninterrupted run: %s %s"
          % (diff[:5], r.stderr[-300:]))

    check_tornado(spsim, tornado, work, mpirun_bare)

    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all checks passed")


main()
