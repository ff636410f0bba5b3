# Sizing and sweeps: size against Erlang C on an M/M/c scenario, the search's boundary, thread
# counts, and sweep variants against separate runs; the command line's messages.
spsim_c_test(sizing_search sizing/test_sizing.c)
add_test(NAME cli_sizing_args COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/sizing/cli_args.sh $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
spsim_c_test(sizing_allocate sizing/test_allocate.c)
spsim_c_test(sizing_locality_totals sizing/test_locality_totals.c)
