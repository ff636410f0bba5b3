# The golden run: exact headline totals of a fixed scenario and seed (see test_golden.c).
spsim_c_test(golden_run golden/test_golden.c)
