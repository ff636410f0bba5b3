# Scenario reading: the resolver, the registry, the exact messages of `spsim validate`, and
# docs/scenarios.md kept in step with the registry.
set(SPSIM_SCENARIO_TESTS ${CMAKE_CURRENT_LIST_DIR})

spsim_c_test(scenario_resolve ${SPSIM_SCENARIO_TESTS}/test_resolve.c)
spsim_c_test(scenario_registry ${SPSIM_SCENARIO_TESTS}/test_registry.c)
spsim_c_test(scenario_messages ${SPSIM_SCENARIO_TESTS}/test_messages.c)
spsim_c_test(scenario_outcomes ${SPSIM_SCENARIO_TESTS}/test_outcomes.c)
spsim_c_test(scenario_commissioning ${SPSIM_SCENARIO_TESTS}/test_commissioning.c)
spsim_c_test(scenario_override ${SPSIM_SCENARIO_TESTS}/test_override.c)
spsim_c_test(scenario_bounds ${SPSIM_SCENARIO_TESTS}/test_bounds.c)

# spsim validate FILE must print exactly fixtures/NAME.expected on stderr and exit with STATUS.
function(spsim_validate_test name scenario status)
  add_test(NAME scenario_validate_${name}
           COMMAND ${CMAKE_COMMAND} -DSPSIM=$<TARGET_FILE:spsim> -DSCENARIO=${scenario}
                   -DEXPECTED=tests/scenario/fixtures/${name}.expected -DEXIT_STATUS=${status}
                   -P ${SPSIM_SCENARIO_TESTS}/validate_check.cmake
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()

foreach(name syntax_error unknown_key wrong_type out_of_range missing_required
             duplicate_locality shares_sum fte_dates arm_missing_locality arm_not_overridable
             several_errors need_activity_sum funding_kind_keys funding_dates funding_missing_kind
             builder_trust pert_order service_missing age_band_missing discount_rate_range
             delivery_model_unknown neighbour_unknown neighbour_self common_random_numbers_in_arm
             social_impact_bond_no_capital)
  spsim_validate_test(${name} tests/scenario/fixtures/${name}.yaml 1)
endforeach()
spsim_validate_test(unreadable tests/scenario/fixtures/no_such_scenario.yaml 1)
spsim_validate_test(warn_weekly_rate tests/scenario/fixtures/warn_weekly_rate.yaml 0)
spsim_validate_test(warn_demand tests/scenario/fixtures/warn_demand.yaml 0)
spsim_validate_test(warn_unbounded tests/scenario/fixtures/warn_unbounded.yaml 0)

add_test(NAME scenario_docs_in_sync
         COMMAND ${CMAKE_COMMAND} -DSPSIM=$<TARGET_FILE:spsim> -DDOC=docs/scenarios.md
                 -DOUT_DIR=${CMAKE_CURRENT_BINARY_DIR}
                 -P ${SPSIM_SCENARIO_TESTS}/docs_check.cmake
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# docs/scenario.schema.json is the registry's schema now, names every registry key, accepts
# every scenario in scenarios/ (and what spsim new writes) and refuses misspelt keys, values out
# of range, wrong choices and missing required keys.
add_test(NAME scenario_json_schema
         COMMAND /usr/bin/python3 ${SPSIM_SCENARIO_TESTS}/schema_check.py $<TARGET_FILE:spsim>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/json_schema)

# docs/model.md's table of registry defaults quotes the registry's values (checked again on
# copies with one value changed, each of which must fail), and no comment in a scenario file
# states a stale figure (a default, a derivation, a simulated result; the fixture's must all be
# caught).
add_test(NAME scenario_model_defaults_table
         COMMAND /usr/bin/python3 ${SPSIM_SCENARIO_TESTS}/model_defaults_check.py
                 $<TARGET_FILE:spsim> docs/model.md
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
file(GLOB SPSIM_SHIPPED_SCENARIOS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.yaml)
add_test(NAME scenario_comment_figures
         COMMAND /usr/bin/python3 ${SPSIM_SCENARIO_TESTS}/scenario_comments_check.py
                 $<TARGET_FILE:spsim> --self-check tests/scenario/fixtures/stale_comments.yaml
                 ${SPSIM_SHIPPED_SCENARIOS}
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
