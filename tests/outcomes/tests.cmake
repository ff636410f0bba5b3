# Outcomes: measured (pre-post) against causal reductions, with and without effects.
spsim_c_test(outcomes_reductions outcomes/test_reductions.c)
# The transient of use behind regression to the mean, against its closed form.
spsim_c_test(outcomes_transients outcomes/test_transients.c)
# Outcome payments against a comparison group, only for people who started support; investors
# lose money when support does nothing.
spsim_c_test(outcomes_payments outcomes/test_outcome_payments.c)
