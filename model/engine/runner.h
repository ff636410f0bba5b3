/* Running a scenario: every arm of every replication, replications in parallel (OpenMP).
 *
 * Replication r of arm a depends only on (scenario, seed, r): never on the thread that ran it or
 * on the order replications finish, so results are bit-identical whatever the thread count. */
#ifndef SPSIM_RUNNER_H
#define SPSIM_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include "../scenario/params.h"
#include "../results/series.h"
#include "../processes/draws.h"

typedef struct {
    int threads;      /* 0 = OpenMP's default */
    bool progress;    /* a progress line on stderr */
    int replications; /* 0 = the scenario's */
} spsim_run_options;

/* All results of a run: results[arm][replication]. */
typedef struct {
    int n_arms, n_replications, n_weeks, n_localities;
    spsim_arm_results **results;
    double wall_seconds;
    double cpu_seconds; /* CPU time of every thread during the simulation (a loaded machine's
                           per-core figure: wall time there includes waiting for a core) */
    /* Variates drawn by the whole run (every thread), by kind: counted only in a build with
     * SPSIM_COUNT_VARIATES (bench/run.sh), zero otherwise. */
    unsigned long long variates_drawn[SPSIM_N_VARIATE_KINDS];
    /* Parameter draws, when the scenario has values written as distributions (0 and NULL
     * otherwise): the values replication r ran every arm with, in the scenario's order of
     * uncertain keys. */
    int n_psa_keys;
    double *psa_values; /* [replication * n_psa_keys + k] */
} spsim_run;

/* Runs every arm and replication. Returns NULL on failure (out of memory), with a message in err. */
spsim_run *spsim_run_scenario(const spsim_scenario *s, const spsim_run_options *opt, char *err,
                              size_t errlen);
void spsim_run_free(spsim_run *run);

#endif
