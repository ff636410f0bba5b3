# Calibration: ABC-SMC against toy models with known posteriors, the target files' exact
# messages, the quantity catalogue, and a fit of the model to targets it made itself.
spsim_c_test(calibration_abc_toy calibration/test_abc_toy.c)
spsim_c_test(calibration_targets calibration/test_targets.c)
spsim_c_test(calibration_quantities calibration/test_quantities.c)
