# National scale: the England scenario validates (tests/cli/scenarios_valid.sh) and runs, each
# board's referrals matching its rate.
add_test(NAME scale_england COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale/england.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
spsim_c_test(scale_pack scale/test_pack.c)
# MPI (built with -DSPSIM_MPI=ON, as tools/test.sh does): two ranks write one process's file.
if(SPSIM_MPI)
  find_program(SPSIM_MPIRUN mpirun REQUIRED)
  add_test(NAME scale_mpi COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale/mpi.sh $<TARGET_FILE:spsim>
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
