/* Helpers for tests that read scenarios from text in memory. */
#ifndef SPSIM_TEST_SCENARIO_TEXT_H
#define SPSIM_TEST_SCENARIO_TEXT_H

#include "scenario/scenario.h"

/* A second locality for test scenarios, as YAML text under `localities:`. */
#define VILLAGE_YAML                                                                               \
    "  village:\n"                                                                                 \
    "    population: {age_0_15: 850, age_16_29: 800, age_30_49: 1250, age_50_64: 900,\n"           \
    "                 age_65_plus: 1200}\n"                                                        \
    "    deprivation: 0.1\n"                                                                       \
    "    rurality: 0.9\n"

/* Parses `text` as the file "unit.yaml", collecting diagnostics in *d (initialised here; the
 * caller frees them). */
spsim_scenario *spsim_test_parse(const char *text, spsim_diagnostics *d);

/* The resolved value of `key` in `arm`, or NULL when the key is not listed. */
const spsim_resolved_value *spsim_test_resolved(const spsim_scenario *s, int arm, const char *key);

/* Every diagnostic in *d as spsim prints them, into out (at most len - 1 characters). */
void spsim_test_diagnostics_text(const spsim_diagnostics *d, char *out, size_t len);

#endif
