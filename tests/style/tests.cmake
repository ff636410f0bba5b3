# Habits: the layout in .clang-format and the checks in .clang-tidy, when the tools are installed
# (tools/install-deps.sh installs both).
find_program(SPSIM_CLANG_FORMAT clang-format)
if(SPSIM_CLANG_FORMAT)
  add_test(NAME style_clang_format COMMAND tests/style/check_format.sh
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
find_program(SPSIM_CLANG_TIDY clang-tidy)
if(SPSIM_CLANG_TIDY)
  add_test(NAME style_clang_tidy COMMAND tests/style/check_tidy.sh ${PROJECT_BINARY_DIR}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endif()
