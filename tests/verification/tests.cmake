# Verification of the engine against queueing theory and conservation (docs/model.md, "Verification").
spsim_c_test(verification_erlang_c verification/test_erlang_c.c)
target_include_directories(verification_erlang_c PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/verification)
spsim_c_test(verification_little verification/test_little.c)
target_include_directories(verification_little PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/verification)
spsim_c_test(verification_conservation verification/test_conservation.c)
target_include_directories(verification_conservation PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/verification)
spsim_c_test(verification_memory verification/test_memory.c)
target_include_directories(verification_memory PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/verification)
