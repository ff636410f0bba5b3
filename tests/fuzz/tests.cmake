# The scenario reader under fuzzing. Every build replays the inputs kept in regressions/ (each
# one once crashed, hung or leaked) and the seed corpus through the fuzzer's target; a build with
# -DSPSIM_FUZZ=ON (clang) also makes the libFuzzer program itself, which tools/fuzz.sh runs.
set(SPSIM_FUZZ_TESTS ${CMAKE_CURRENT_LIST_DIR})

add_executable(fuzz_replay ${SPSIM_FUZZ_TESTS}/replay.c ${SPSIM_FUZZ_TESTS}/fuzz_scenario.c)
target_link_libraries(fuzz_replay PRIVATE spsim_core)
target_compile_options(fuzz_replay PRIVATE ${SPSIM_WARNINGS})
add_test(NAME fuzz_regressions COMMAND fuzz_replay tests/fuzz/regressions
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME fuzz_seed_corpus COMMAND fuzz_replay scenarios tests/scenario/fixtures
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

if(SPSIM_FUZZ)
  add_executable(fuzz_scenario ${SPSIM_FUZZ_TESTS}/fuzz_scenario.c)
  target_link_libraries(fuzz_scenario PRIVATE spsim_core)
  target_link_options(fuzz_scenario PRIVATE -fsanitize=fuzzer)
endif()
