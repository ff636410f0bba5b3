/* The quantile tables one arm's draws read (quantile_table.h): one per gamma or beta law the
 * processes draw from, each fixed by the arm's parameters.
 *
 * A table takes about a millisecond to work out, as long as a small replication's pathways, so
 * tables are kept from one replication to the next in a cache that the engine's runner gives each
 * thread: preparing an arm finds the tables it needs there and works out only those not already
 * held (all of them once per thread in a run with fixed parameters; those whose shapes a
 * replication's parameter draws changed, in a probabilistic analysis). A table is a pure function
 * of its law and shapes, so which thread or cache made it cannot change a number. */
#ifndef SPSIM_SAMPLERS_H
#define SPSIM_SAMPLERS_H

#include "quantile_table.h"
#include "scenario/params.h"

enum {
    SPSIM_SAMPLER_CACHE_TABLES = 24 /* more than the laws of an arm (at most 11: spsim_samplers) */
};

/* Each law's table; NULL where the arm draws nothing from it (the process is off). */
typedef struct {
    const spsim_quantile_table *contact_interval;    /* gamma: support.contact_interval_shape */
    const spsim_quantile_table *first_contact_delay; /* gamma: support.first_contact_delay_shape */
    const spsim_quantile_table *place_weeks;         /* gamma: community.place_weeks_shape */
    const spsim_quantile_table *usual_rate[SPSIM_N_SERVICES];    /* gamma: outcomes.dispersion */
    const spsim_quantile_table *wellbeing_gain;                  /* gamma: wellbeing_gain_shape */
    const spsim_quantile_table *causal_effect[SPSIM_N_SERVICES]; /* beta of each effect's PERT */
    const spsim_quantile_table *normal_square; /* gamma of shape 1/2, mean 1: a standard normal's
                                                  square, for the transients' normals (draws.h) */
} spsim_samplers;

/* Tables kept between replications; zero-initialised to start empty. */
typedef struct {
    spsim_quantile_table *tables[SPSIM_SAMPLER_CACHE_TABLES];
    unsigned used_in[SPSIM_SAMPLER_CACHE_TABLES]; /* the preparation that last used each */
    int n;
    unsigned preparation; /* preparations so far */
    int next_replaced;    /* where the next table goes once the cache is full */
} spsim_sampler_cache;

/* Points s at the tables of arm p, taken from the cache or worked out into it; the tables stay
 * valid until the cache's next preparation. Returns 0, or -1 out of memory. */
int spsim_samplers_prepare(spsim_samplers *s, spsim_sampler_cache *cache,
                           const spsim_arm_params *p);
void spsim_sampler_cache_free(spsim_sampler_cache *cache);

/* The two shapes of the beta behind PERT(min, mode, max) (its range must be positive). */
void spsim_pert_shapes(const spsim_pert *d, double *a, double *b);

#endif
