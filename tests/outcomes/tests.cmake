# Outcomes: measured (pre-post) against causal reductions, with and without effects.
spsim_c_test(outcomes_reductions outcomes/test_reductions.c)
