/* Helpers for tests that read scenarios from text in memory. */
#ifndef SPSIM_TEST_SCENARIO_TEXT_H
#define SPSIM_TEST_SCENARIO_TEXT_H

#include "scenario/scenario.h"

/* Parses `text` as the file "unit.yaml", collecting diagnostics in *d (initialised here; the
 * caller frees them). */
spsim_scenario *spsim_test_parse(const char *text, spsim_diagnostics *d);

/* The resolved value of `key` in `arm`, or NULL when the key is not listed. */
const spsim_resolved_value *spsim_test_resolved(const spsim_scenario *s, int arm,
                                                const char *key);

#endif
