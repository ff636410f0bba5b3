# Parameter uncertainty: distributions, their messages, includes, and the draws of a run.
spsim_c_test(uncertainty_distributions uncertainty/test_distributions.c)
spsim_c_test(uncertainty_messages uncertainty/test_messages.c)
