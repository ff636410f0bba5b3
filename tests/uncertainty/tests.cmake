# Parameter uncertainty: distributions, their messages, includes, and the draws of a run.
spsim_c_test(uncertainty_distributions uncertainty/test_distributions.c)
spsim_c_test(uncertainty_messages uncertainty/test_messages.c)
spsim_c_test(uncertainty_psa_run uncertainty/test_psa_run.c)
find_program(SPSIM_H5DUMP h5dump)
if(SPSIM_H5DUMP)
  add_test(NAME uncertainty_example_runs
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/example_runs.sh $<TARGET_FILE:spsim>
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
