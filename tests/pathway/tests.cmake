# Pathway rates: each process's simulated rate held to its parameter through whole runs
# (docs/model.md, sections 4-8 and 18), so that a change making a rate 10 % off fails.
spsim_c_test(pathway_referrals pathway/test_referrals.c)
spsim_c_test(pathway_uptake pathway/test_uptake.c)
spsim_c_test(pathway_patience pathway/test_patience.c)
spsim_c_test(pathway_contacts pathway/test_contacts.c)
spsim_c_test(pathway_dropout pathway/test_dropout.c)
spsim_c_test(pathway_streams pathway/test_streams.c)
spsim_c_test(pathway_first_contact pathway/test_first_contact.c)
# The scheduling delay's gamma quantile table against GSL's inversion, and its distribution.
spsim_c_test(pathway_quantile_table pathway/test_quantile_table.c)
spsim_c_test(pathway_samplers pathway/test_samplers.c)
