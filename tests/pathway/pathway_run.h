/* Helpers for the pathway-rate tests: a scenario from YAML text (registry defaults for every key
 * not written), a whole run through the public run API, and sums over windows of the weekly
 * series. Only runner.h and series.h are used, so the tests survive a restructure of the engine. */
#ifndef SPSIM_TEST_PATHWAY_RUN_H
#define SPSIM_TEST_PATHWAY_RUN_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "scenario_text.h"
#include "engine/runner.h"
#include "results/series.h"
#include "scenario/scenario.h"

/* Residents as five equal age bands: `n` in each. */
#define PATHWAY_PEOPLE(n)                                                                          \
    "{age_0_15: " #n ", age_16_29: " #n ", age_30_49: " #n ", age_50_64: " #n ", age_65_plus: " #n \
    "}"

/* The scenario in `yaml`, or NULL (with its diagnostics printed) when it is invalid. */
static inline spsim_scenario *pathway_parse(const char *yaml)
{
    spsim_diagnostics d;
    spsim_scenario *s = spsim_test_parse(yaml, &d);
    if (!s) spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    CHECK(s != NULL, "the test scenario is valid");
    return s;
}

/* Every arm and replication of `s`, or NULL (a failed check) when the run fails. */
static inline spsim_run *pathway_run(const spsim_scenario *s)
{
    char err[256] = "";
    spsim_run_options opt = {0};
    spsim_run *run = s ? spsim_run_scenario(s, &opt, err, sizeof err) : NULL;
    if (s) CHECK(run != NULL, "run failed: %s", err);
    return run;
}

static inline spsim_arm_results *pathway_results(spsim_run *run, int arm, int replication)
{
    return &run->results[arm][replication];
}

/* Sum of a series in locality `loc` over weeks [from, to). */
static inline double pathway_sum(spsim_arm_results *r, spsim_series_id id, int loc, int from,
                                 int to)
{
    double total = 0.0;
    for (int w = from; w < to; w++) total += *spsim_series_at(r, id, w, loc);
    return total;
}

/* Sum of one category of a breakdown in locality `loc` over weeks [from, to). */
static inline double pathway_breakdown_sum(spsim_arm_results *r, spsim_breakdown_id id, int loc,
                                           int category, int from, int to)
{
    double total = 0.0;
    for (int w = from; w < to; w++) total += *spsim_breakdown_at(r, id, w, loc, category);
    return total;
}

/* Sum over every replication of arm `arm`. */
static inline double pathway_sum_reps(spsim_run *run, int arm, spsim_series_id id, int loc,
                                      int from, int to)
{
    double total = 0.0;
    for (int rep = 0; rep < run->n_replications; rep++)
        total += pathway_sum(pathway_results(run, arm, rep), id, loc, from, to);
    return total;
}

#endif
