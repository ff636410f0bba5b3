/* Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC; Toni et al. 2009, with
 * the adaptive kernel of Beaumont et al. 2009), for any simulator given as a callback
 * (docs/calibration.md, "The algorithm").
 *
 * A particle is a point z of normal scores, one per parameter: the parameter's value is its
 * prior's quantile at Phi(z) (the `values` callback), so the prior of z is the standard normal
 * and every proposal maps into the prior's support.
 *
 *   Generation 0: N particles from the prior, each simulated once; all kept, weights 1/N.
 *   Generation t >= 1, tolerance eps_t = max(floor, the q-quantile of generation t-1's
 *   distances): for each particle slot, repeat: choose a particle of t-1 by its weight, move it
 *   by a Gaussian of twice the weighted covariance of generation t-1's scores (Beaumont et al.
 *   2009), simulate, until the distance is at most eps_t. Weight = prior density / sum over
 *   t-1's particles of weight x kernel density (normalised to 1).
 *   Stop after the generation whose tolerance is the floor, when a generation's acceptance
 *   (particles / proposals) falls below min_acceptance, after max_generations or once
 *   max_simulations are spent. A generation in which a slot needs more than 20 / min_acceptance
 *   proposals is abandoned (the previous one is the result).
 *
 * Distance: the root mean square over the statistics of (simulated - target) / sd; infinite
 * when a statistic is NaN.
 *
 * Reproducibility: proposal a of slot i in generation t draws from the calibration stream
 * (seed, t, particle i, attempt a) and simulates with the seed spsim_abc_simulation_seed(seed,
 * t, i, a); slots run in parallel (OpenMP) and everything across slots is summed in slot order,
 * so the fit is the same bit for bit whatever the number of threads. */
#ifndef SPSIM_ABC_SMC_H
#define SPSIM_ABC_SMC_H

#include <stdio.h>

/* Parameter values theta[n_params] of the normal scores z[n_params]. */
typedef void (*spsim_abc_values_fn)(const double *z, double *theta, void *ctx);
/* One simulation at theta with its own seed: stats[n_stats]. 0, or -1 with a message in err
 * (stops the fit). Called from several threads at once. */
typedef int (*spsim_abc_simulate_fn)(const double *theta, unsigned long long seed, double *stats,
                                     void *ctx, char *err, size_t errlen);

typedef struct {
    int n_params, n_stats;
    const double *target, *target_sd; /* n_stats each; sd > 0 */
    spsim_abc_values_fn values;
    spsim_abc_simulate_fn simulate;
    void *ctx;
    int particles;             /* N */
    int max_generations;       /* counting generation 0 */
    double quantile;           /* of the previous distances giving the next tolerance, 0..1 */
    double tolerance_floor;    /* RMS standardised distance at which to stop */
    double min_acceptance;     /* stop below this share of proposals accepted */
    long long max_simulations; /* 0: no cap */
    unsigned long long seed;
    int threads;    /* 0: OpenMP's default */
    FILE *progress; /* a line per generation, or NULL */
} spsim_abc_options;

typedef struct {
    double tolerance;  /* infinite for generation 0 */
    double acceptance; /* particles / proposals */
    long long proposals, simulations_so_far;
    double seconds_so_far;
} spsim_abc_generation;

enum {
    SPSIM_ABC_MAX_GENERATIONS = 100
};

typedef struct {
    int n_particles, n_params, n_stats;
    /* The last generation kept: [i * n_params + k], [i * n_stats + s], [i]. */
    double *z, *theta, *stats, *distance, *weight;
    int n_generations; /* kept, counting generation 0 */
    spsim_abc_generation generations[SPSIM_ABC_MAX_GENERATIONS];
    long long simulations; /* every simulation run, abandoned generations included */
    char stopped[256];     /* why the fit stopped, in words */
} spsim_abc_result;

/* Runs ABC-SMC. NULL with a message in err when out of memory or a simulation failed. */
spsim_abc_result *spsim_abc_smc(const spsim_abc_options *o, char *err, size_t errlen);
void spsim_abc_result_free(spsim_abc_result *r);

double spsim_abc_distance(const double *stats, const double *target, const double *sd, int n);
unsigned long long spsim_abc_simulation_seed(unsigned long long seed, int generation, int particle,
                                             long long attempt);

#endif
