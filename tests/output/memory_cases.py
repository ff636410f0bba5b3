"""The runs whose memory must not grow with their replications, shared by the one-process test
(test_stream_memory.py) and the two-rank one (tests/scale/test_mpi_memory.py): a plain run, a
run to a precision and a tornado, each at 64 replications (or a cap of 64) against 8."""


def growth_cases(peak, compare, scenario, tornado):
    """True when every case passes `compare(what_small, what_large, small, large)`, where
    `peak(scenario, *args)` measures one run's peak with the given arguments."""
    ok = compare("-r 8", "-r 64", peak(scenario, "-r", "8"), peak(scenario, "-r", "64"))
    # 0.0001 is met by no headline of 8 or 64 replications (the money's floor is 1 GBP), so
    # the run goes to its cap in two rounds: the pilot of 8, then the rest.
    precision = ["-r", "8", "--precision", "0.0001", "--max-replications"]
    ok = compare("--precision cap 8", "--precision cap 64", peak(scenario, *precision, "8"),
                 peak(scenario, *precision, "64")) and ok
    ok = compare("--tornado -r 8", "--tornado -r 64", peak(tornado, "--tornado", "-r", "8"),
                 peak(tornado, "--tornado", "-r", "64")) and ok
    return ok
