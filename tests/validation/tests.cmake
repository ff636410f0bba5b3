# docs/validation.md's generator: tools/validation.py on a tiny results file built by the test
# (a row per target and arm with the verdict its numbers call for), and the project's targets.
add_test(NAME validation_script
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_validation.py
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# The same generator on a real run of the default scenario: every target finds its dataset.
add_test(NAME validation_real_run
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/real_run.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
