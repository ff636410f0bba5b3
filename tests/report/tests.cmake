# The charts (tools/spsim-plot) and the HTML report (spsim report) on real results files of
# tests/report/two_places.yaml: every chart file, one chart's values against the file, and the
# page rendered in headless Chromium (Debian's chromium, tools/install-deps.sh).
add_test(NAME report_charts
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_charts.py $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME report_html
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_report.py $<TARGET_FILE:spsim>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
