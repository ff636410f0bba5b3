# National scale: the England scenario validates (tests/cli/scenarios_valid.sh) and runs, each
# board's referrals matching its rate.
add_test(NAME scale_england COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale/england.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
spsim_c_test(scale_pack scale/test_pack.c)
# MPI (built with -DSPSIM_MPI=ON, as tools/test.sh does): two ranks give one process's run and
# sweep files, size plan, allocate split and calibration fit (scale_mpi); a two-rank run
# interrupted part-way leaves a partial file that two ranks or one process resume to the
# uninterrupted file (scale_mpi_resume; a two-rank tornado too, resumed as one process). Each has a time limit: a rank waiting for ever fails rather than hangs.
if(SPSIM_MPI)
  find_program(SPSIM_MPIRUN mpirun REQUIRED)
  add_test(NAME scale_mpi COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale/mpi.sh $<TARGET_FILE:spsim>
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  add_test(NAME scale_mpi_resume
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scale/test_mpi_resume.py
                   $<TARGET_FILE:spsim> ${CMAKE_CURRENT_SOURCE_DIR}/output/netcdf_two_places.yaml
                   ${CMAKE_CURRENT_BINARY_DIR}/mpi_resume
                   ${CMAKE_CURRENT_SOURCE_DIR}/cli/tornado_three_keys.yaml)
  # Across ranks a run to a precision and a tornado hold no more than a streamed run: each
  # rank's peak memory at 64 replications within 15 % of that at 8 (scale_mpi_memory).
  add_test(NAME scale_mpi_memory
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scale/test_mpi_memory.py
                   $<TARGET_FILE:spsim> ${CMAKE_CURRENT_SOURCE_DIR}/output/netcdf_two_places.yaml
                   ${CMAKE_CURRENT_BINARY_DIR}/mpi_memory
                   ${CMAKE_CURRENT_SOURCE_DIR}/cli/tornado_three_keys.yaml)
  set_tests_properties(scale_mpi scale_mpi_resume scale_mpi_memory PROPERTIES TIMEOUT 900)
endif()
