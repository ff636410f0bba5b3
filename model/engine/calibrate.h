/* Calibration of a scenario's marked keys to targets by ABC-SMC (docs/calibration.md).
 *
 * The keys fitted are those the scenario marks {calibrate: {min: .., max: ..}} (a uniform prior)
 * or {dist: ..., calibrate: true} (that prior). Each proposal is simulated as a scenario with the
 * fitted keys at the proposed values and every other uncertain key at its distribution's mean
 * (spsim_scenario_with_values), over `replications` replications of the arms the targets name,
 * single-threaded; the particles run in parallel. A simulated quantity is its mean over those
 * replications (economics/quantities.h). */
#ifndef SPSIM_CALIBRATE_H
#define SPSIM_CALIBRATE_H

#include <stdio.h>

#include "../scenario/params.h"
#include "abc_smc.h"
#include "targets.h"

typedef struct {
    int particles;             /* default SPSIM_CALIBRATE_DEFAULT_PARTICLES */
    int replications;          /* per simulation */
    int max_generations;       /* counting generation 0 from the prior */
    double quantile;           /* of the previous distances: the next tolerance */
    double tolerance_floor;    /* RMS of (simulated - target) / sd at which to stop */
    double min_acceptance;     /* stop when a generation accepts fewer proposals */
    long long max_simulations; /* 0: no cap */
    unsigned long long seed;   /* of the fit (the scenario's seed unless given) */
    int threads;               /* 0: OpenMP's default */
    FILE *progress;            /* a line per generation, or NULL */
} spsim_calibrate_options;

enum {
    SPSIM_CALIBRATE_DEFAULT_PARTICLES = 200,
    SPSIM_CALIBRATE_DEFAULT_REPLICATIONS = 4,
    SPSIM_CALIBRATE_DEFAULT_GENERATIONS = 10
};
#define SPSIM_CALIBRATE_DEFAULT_QUANTILE       0.5
#define SPSIM_CALIBRATE_DEFAULT_FLOOR          1.0
#define SPSIM_CALIBRATE_DEFAULT_MIN_ACCEPTANCE 0.02

/* The defaults above, with the scenario's seed. */
spsim_calibrate_options spsim_calibrate_defaults(const spsim_scenario *s);

/* A fitted key's posterior, over the weighted particles. */
typedef struct {
    int uncertain; /* index into the scenario's uncertain keys */
    double mean, sd, p5, p50, p95;
} spsim_fitted_key;

/* A target's simulated quantity under the posterior. */
typedef struct {
    double mean, p5, p95; /* over the weighted particles */
    bool within;          /* mean within the target's 95 % interval (low..high) */
} spsim_target_fit;

typedef struct {
    const spsim_target_set *targets; /* not owned */
    int n_keys;
    spsim_fitted_key *keys;
    spsim_target_fit *fits; /* one per target */
    spsim_abc_result *abc;
    spsim_calibrate_options options;
} spsim_calibration;

/* Fits the scenario's marked keys to the targets. The scenario keeps only the arms the targets
 * name (in the order they are first named). NULL with a message in err when nothing is marked,
 * a target names an arm the scenario lacks, memory runs out or a simulation fails. */
spsim_calibration *spsim_calibrate(spsim_scenario *s, const spsim_target_set *t,
                                   const spsim_calibrate_options *o, char *err, size_t errlen);
void spsim_calibration_free(spsim_calibration *c);

#endif
