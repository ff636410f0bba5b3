# Workforce supply rates: link workers' and builders' attrition, recruitment lag, training ramp
# and builders' trust, each simulated rate held to its parameter.
spsim_c_test(workforce_attrition workforce/test_attrition.c)
spsim_c_test(workforce_recruitment workforce/test_recruitment.c)
spsim_c_test(workforce_ramp workforce/test_ramp.c)
spsim_c_test(workforce_builder_trust workforce/test_builder_trust.c)
