# Output: the HDF5 writer, summaries across replications, and the documented file layout.
add_library(spsim_output_fixture STATIC ${CMAKE_CURRENT_LIST_DIR}/fixture.c)
target_link_libraries(spsim_output_fixture PUBLIC spsim_core)
target_include_directories(spsim_output_fixture PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_compile_options(spsim_output_fixture PRIVATE ${SPSIM_WARNINGS})

spsim_c_test(output_h5write ${CMAKE_CURRENT_LIST_DIR}/test_h5write.c)
target_link_libraries(output_h5write PRIVATE spsim_output_fixture)

spsim_c_test(output_summary ${CMAKE_CURRENT_LIST_DIR}/test_summary.c)
target_link_libraries(output_summary PRIVATE spsim_output_fixture)

spsim_c_test(output_layout_docs ${CMAKE_CURRENT_LIST_DIR}/test_layout_docs.c docs/output.md)

spsim_c_test(output_run_layout ${CMAKE_CURRENT_LIST_DIR}/test_run_layout.c $<TARGET_FILE:spsim>)
target_link_libraries(output_run_layout PRIVATE spsim_output_fixture)

# The decision datasets of a short run of the default scenario, against a recomputation.
spsim_c_test(output_decision_file ${CMAKE_CURRENT_LIST_DIR}/test_decision_file.c)
spsim_c_test(output_precision_file ${CMAKE_CURRENT_LIST_DIR}/test_precision_file.c $<TARGET_FILE:spsim>)

# The verdict spsim summary prints: the fixture's exact text, the default scenario's size and
# ranking, and the progress text of a run.
spsim_c_test(output_verdict ${CMAKE_CURRENT_LIST_DIR}/test_verdict.c)
target_link_libraries(output_verdict PRIVATE spsim_output_fixture)

# The file as netCDF tools read it: every group with xarray's h5netcdf and netcdf4 engines,
# labels, dates and CF attributes, and ncdump -h (Debian: python3-xarray, python3-h5netcdf,
# python3-netcdf4, netcdf-bin; tools/install-deps.sh).
add_test(NAME output_netcdf_readers
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_netcdf.py $<TARGET_FILE:spsim>
                 ${CMAKE_CURRENT_LIST_DIR}/netcdf_two_places.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/netcdf_readers)

# spsim export --csv: the CSV totals and weekly values are the file's, exactly.
add_test(NAME output_export_csv
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_export_csv.py $<TARGET_FILE:spsim>
                 ${CMAKE_CURRENT_LIST_DIR}/netcdf_two_places.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/export_csv)

# spsim export --xlsx: one workbook, a sheet per CSV table, numbers as numbers, bold frozen
# headers with units; its totals are the CSV's and the file's; nothing half-written.
add_test(NAME output_export_xlsx
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_export_xlsx.py $<TARGET_FILE:spsim>
                 ${CMAKE_CURRENT_LIST_DIR}/netcdf_two_places.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/export_xlsx)
# Streaming (docs/reliability.md, "Interrupt and resume" and "Memory"; docs/output.md, --keep):
# a run stopped by SIGINT or SIGTERM part-way leaves a partial file that --resume finishes to
# the uninterrupted run's file; --keep summaries and sample:N against all, and the stated size;
# peak memory at 8 and 64 replications (a fixed count, a --precision cap, a --tornado).
add_test(NAME output_resume
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_resume.py $<TARGET_FILE:spsim>
                 ${CMAKE_CURRENT_LIST_DIR}/netcdf_two_places.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/resume)
# The same for a run to a precision: interrupted in a round and in its pilot, each resumed to
# the uninterrupted run's file; a partial file resumed with other options, or with --tornado,
# is refused.
add_test(NAME output_precision_resume
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_precision_resume.py
                 $<TARGET_FILE:spsim> ${PROJECT_SOURCE_DIR}/tests/cli/precision_two_arms.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/precision_resume)
# And for a --tornado: interrupted in its base run and in its variants, each resumed to the
# uninterrupted tornado's file; a second signal; a tornado's partial file resumed without
# --tornado, with another -r or seed or with an altered stored value, and a plain one resumed
# with --tornado, are refused.
add_test(NAME output_tornado_resume
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_tornado_resume.py
                 $<TARGET_FILE:spsim> ${PROJECT_SOURCE_DIR}/tests/cli/tornado_three_keys.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/tornado_resume)
add_test(NAME output_keep
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_keep.py $<TARGET_FILE:spsim>
                 ${CMAKE_CURRENT_LIST_DIR}/netcdf_two_places.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/keep)
add_test(NAME output_stream_memory
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_stream_memory.py
                 $<TARGET_FILE:spsim> ${CMAKE_CURRENT_LIST_DIR}/netcdf_two_places.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/stream_memory
                 ${PROJECT_SOURCE_DIR}/tests/cli/tornado_three_keys.yaml)
# spsim run --events N: the event log against the aggregate counts of the same file, the other
# datasets bit for bit as a run without it, the sample's choice, and events.csv.
add_test(NAME output_events
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_events.py $<TARGET_FILE:spsim>
                 ${CMAKE_CURRENT_LIST_DIR}/events_small.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/events)
# The R recipe of docs/output.md, as written, run with Rscript (Debian: r-base-core,
# r-cran-ncdf4, r-cran-hdf5r; tools/install-deps.sh) against the file read with h5py. The
# report's scenario, because its queue is not empty in the last week.
add_test(NAME output_r_recipe
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_r_recipe.py $<TARGET_FILE:spsim>
                 ${PROJECT_SOURCE_DIR}/tests/report/two_places.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/r_recipe
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
