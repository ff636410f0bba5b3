# Calibration: ABC-SMC against toy models with known posteriors, the target files' exact
# messages, the quantity catalogue, and a fit of the model to targets it made itself.
spsim_c_test(calibration_abc_toy calibration/test_abc_toy.c)
spsim_c_test(calibration_targets calibration/test_targets.c)
spsim_c_test(calibration_quantities calibration/test_quantities.c)
spsim_c_test(calibration_model calibration/test_calibrate_model.c)
add_test(NAME calibration_cli COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli_calibrate.sh
                                      $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
