/* Running variants of a scenario: each variant is the scenario with some keys overridden
 * (scenario/override.h), run by the ordinary runner with the scenario's seed and replications,
 * so every variant meets the same people with the same draws (common random numbers) and
 * differences between variants are the variation's, not chance's. What `spsim sweep` and
 * `spsim size` are built on (docs/sizing.md). */
#ifndef SPSIM_VARIANTS_H
#define SPSIM_VARIANTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../scenario/override.h"
#include "runner.h"

enum {
    SPSIM_SWEEP_MAX_KEYS = 8, /* keys one sweep varies */
    SPSIM_SWEEP_MAX_VARIANTS =
        1000,                   /* variants of one sweep: bounds the run time (docs/sizing.md) */
    SPSIM_SWEEP_VALUE_MAX = 64, /* bytes of one value's text */
};

/* The whole-run figures of one variant's run, per arm and replication, kept once the run's
 * weekly series are freed. */
typedef struct {
    int n_arms, n_replications;
    double *totals;    /* [(arm * R + rep) * SPSIM_N_TOTALS + total] */
    double *headlines; /* [(arm * R + rep) * SPSIM_N_HEADLINES + headline] */
} spsim_variant_figures;

/* The figures of a finished run (results/series.h totals, economics.h headlines). 0 or -1 (out
 * of memory). */
int spsim_variant_figures_take(const spsim_run *run, spsim_variant_figures *out);
void spsim_variant_figures_free(spsim_variant_figures *f);

/* Runs `s` with the overrides `o` through spsim_run_scenario. Returns the run, or NULL with the
 * overrides' diagnostics in `diags` or the runner's message in `err`. */
spsim_run *spsim_run_variant(const spsim_scenario *s, const spsim_override *o, int n,
                             const spsim_run_options *opt, spsim_diagnostics *diags, char *err,
                             size_t errlen);

/* A grid of values, one list per key; variant v takes, for each key, value index
 * (v / stride) % n_values, the last key varying fastest. */
typedef struct {
    int n_keys;
    char keys[SPSIM_SWEEP_MAX_KEYS][128];
    int n_values[SPSIM_SWEEP_MAX_KEYS];
    double *values[SPSIM_SWEEP_MAX_KEYS]; /* owned */
} spsim_sweep_grid;

int spsim_sweep_grid_variants(const spsim_sweep_grid *g); /* the product of n_values */
/* The value of key k in variant v. */
double spsim_sweep_grid_value(const spsim_sweep_grid *g, int v, int k);
void spsim_sweep_grid_free(spsim_sweep_grid *g);

typedef struct {
    int n_variants;
    spsim_variant_figures *figures; /* [variant] */
    char arm_names[SPSIM_MAX_ARMS][SPSIM_NAME_MAX];
} spsim_sweep_results;

/* Runs every variant of the grid, in order, each with every arm and replication of `s`; with
 * `progress`, a line per variant on stderr. Returns 0, or -1 with diagnostics (a value the
 * scenario's checks refuse, named with its key) or a message in `err`. */
int spsim_sweep_run(const spsim_scenario *s, const spsim_sweep_grid *g,
                    const spsim_run_options *opt, bool progress, spsim_sweep_results *out,
                    spsim_diagnostics *diags, char *err, size_t errlen);
void spsim_sweep_results_free(spsim_sweep_results *r);

/* The acceptability of every option of a sweep, an option being one arm of one variant:
 * share[v * n_arms + a], the share of replications in which arm a of variant v has the highest
 * net monetary benefit at `wtp_gbp_per_wellby` (economics/decision.h) among all the options.
 * Every variant meets the same people and parameter draws in replication r, so the options are
 * compared within each replication, as the arms of one run are. 0, or -1 when out of memory. */
int spsim_sweep_acceptability(const spsim_sweep_results *r, double wtp_gbp_per_wellby,
                              double *share);

#endif
