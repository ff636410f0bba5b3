# Robustness of the command line against its surroundings (docs/reliability.md): outputs that
# cannot be written, a full disk, two writers of one output (or of one export directory), the
# memory and time estimated before a run and its refusal, corners of the scenario format, and
# files that are the same bytes from run to run.
foreach(name write_failures disk_full concurrent concurrent_export input_corners reproducible
             estimate)
  add_test(NAME robustness_${name}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/${name}.sh $<TARGET_FILE:spsim>
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endforeach()
# Mounting the small filesystem needs root; elsewhere the test says so and is skipped.
set_tests_properties(robustness_disk_full PROPERTIES SKIP_RETURN_CODE 77)
