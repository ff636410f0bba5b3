# National scale: the England scenario validates (tests/cli/scenarios_valid.sh) and runs, each
# board's referrals matching its rate.
add_test(NAME scale_england COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale/england.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
spsim_c_test(scale_pack scale/test_pack.c)
