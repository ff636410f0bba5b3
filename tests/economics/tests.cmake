# Economics: financial years, costs and their views, commissioning costs, outcome payments, the
# social impact bond, savings, the headline figures and paired comparisons of arms, each against
# a hand calculation on synthetic results; the decision between arms (acceptability, EVPI,
# EVPPI) against hand values and known distributions.
add_library(spsim_economics_synthetic STATIC ${CMAKE_CURRENT_LIST_DIR}/synthetic.c)
target_link_libraries(spsim_economics_synthetic PUBLIC spsim_test_support)
target_include_directories(spsim_economics_synthetic PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_compile_options(spsim_economics_synthetic PRIVATE ${SPSIM_WARNINGS})

foreach(name calendar costs headlines commissioning payments bond compare value decision)
  spsim_c_test(economics_${name} ${CMAKE_CURRENT_LIST_DIR}/test_${name}.c)
  target_link_libraries(economics_${name} PRIVATE spsim_economics_synthetic)
endforeach()
