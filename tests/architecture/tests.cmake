# The shape of the code: model/ folders include only downwards (check_layers.sh).
add_test(NAME architecture_layers COMMAND tests/architecture/check_layers.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
