"""A streamed run's memory does not grow with its replications (docs/reliability.md, "Memory"):
the peak resident set of `spsim run` at 64 replications is within TOLERANCE of that at 8.

Usage: test_stream_memory.py SPSIM SCENARIO WORKDIR

Peak RSS is GNU time's %M (getrusage's ru_maxrss of the child), in KiB. What may still grow
with replications is small: each replication's totals, money by financial year and reductions
(a few KB per arm), the statistics they feed, and HDF5's index of the chunks written. On the
two-place scenario they add well under 1 MB to a peak of about 38 MB, while holding every
replication's weekly series (as the writer did before streaming) added about 16 MB
(38 -> 54 MB, measured). A tolerance of 15 % (about 6 MB) is far above allocator noise and
far below that growth, so the test fails if the series are held again."""

import os
import shutil
import subprocess
import sys

TOLERANCE = 1.15


def peak_kib(spsim, scenario, out, replications):
    r = subprocess.run(["/usr/bin/time", "-f", "%M", spsim, "run", scenario, "-q", "-j", "2",
                        "-r", str(replications), "-o", out], capture_output=True, text=True,
                       check=True)
    return int(r.stderr.strip().splitlines()[-1])


def main():
    spsim, scenario, work = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out = os.path.join(work, "run.h5")
    small, large = peak_kib(spsim, scenario, out, 8), peak_kib(spsim, scenario, out, 64)
    ok = large <= small * TOLERANCE
    print("%s peak RSS %d KiB at -r 8, %d KiB at -r 64 (ratio %.3f, allowed %.2f)"
          % ("ok  " if ok else "FAIL", small, large, large / small, TOLERANCE))
    sys.exit(0 if ok else 1)


main()
