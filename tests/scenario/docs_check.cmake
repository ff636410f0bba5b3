# cmake -P driver: the generated part of DOC (between the BEGIN and END GENERATED REFERENCE
# markers) must equal `SPSIM reference --markdown` exactly. tools/update-scenario-docs.sh regenerates it.
# On a difference the program's reference is left in OUT_DIR for comparison.
set(begin_marker "<!-- BEGIN GENERATED REFERENCE -->\n")
set(end_marker "<!-- END GENERATED REFERENCE -->")
execute_process(COMMAND ${SPSIM} reference --markdown RESULT_VARIABLE status OUTPUT_VARIABLE reference)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "spsim reference failed with status ${status}")
endif()
file(READ ${DOC} doc)
string(FIND "${doc}" "${begin_marker}" begin)
string(FIND "${doc}" "${end_marker}" end)
if(begin EQUAL -1 OR end EQUAL -1 OR end LESS begin)
  message(FATAL_ERROR "${DOC} lacks the generated-reference markers")
endif()
string(LENGTH "${begin_marker}" marker_length)
math(EXPR begin "${begin} + ${marker_length}")
math(EXPR length "${end} - ${begin}")
string(SUBSTRING "${doc}" ${begin} ${length} generated)
if(NOT generated STREQUAL reference)
  file(WRITE ${OUT_DIR}/scenario-reference.md "${reference}")
  message(FATAL_ERROR "${DOC} is out of date with the registry; run "
                      "tools/update-scenario-docs.sh (the program's reference is in "
                      "${OUT_DIR}/scenario-reference.md)")
endif()
message(STATUS "${DOC}: generated reference matches the registry")
