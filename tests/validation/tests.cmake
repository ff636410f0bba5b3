# docs/validation.md's generator: tools/validation.py on a tiny results file built by the test
# (a row per target and arm with the verdict its numbers call for), and the project's targets.
add_test(NAME validation_script
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_validation.py
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
