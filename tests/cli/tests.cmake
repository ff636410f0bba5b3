# The command line as a user meets it: exit statuses, messages, reproducibility across thread counts.
find_program(SPSIM_H5DIFF h5diff REQUIRED)
add_test(NAME cli_exit_status COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/exit_status.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME cli_reproducibility COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/reproducibility.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME cli_scenarios_valid COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/scenarios_valid.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME cli_precision COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/precision.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME cli_tornado COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/tornado.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
# spsim new: a valid, runnable scenario from a CSV of places; bad CSVs get FILE:LINE:COLUMN errors.
add_test(NAME cli_new COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/new.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
# spsim reference wrapped and aligned for a terminal; --markdown for the documentation.
add_test(NAME cli_reference COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/reference.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
# Misspelt commands, options and choice values get an exact did-you-mean message.
add_test(NAME cli_did_you_mean COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/did_you_mean.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
