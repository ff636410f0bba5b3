/* Every random variate the processes draw goes through these wrappers, so that a benchmark build
 * (cmake -DSPSIM_COUNT_VARIATES=ON) can count the variates of a run by kind: the engine's speed
 * is then judged against the time needed to draw exactly those variates (bench/run.sh,
 * docs/performance.md). In a normal build the wrappers are the draws and nothing else: GSL's
 * samplers, or for gamma and beta variates and negative binomial counts an inversion through a
 * table of the law. */
#ifndef SPSIM_DRAWS_H
#define SPSIM_DRAWS_H

#include <math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "count_table.h"
#include "quantile_table.h"
#include "stream.h"

typedef enum {
    SPSIM_VARIATE_UNIFORM,
    SPSIM_VARIATE_EXPONENTIAL,
    SPSIM_VARIATE_GAMMA,
    SPSIM_VARIATE_BETA,
    SPSIM_VARIATE_POISSON,
    SPSIM_VARIATE_NEGATIVE_BINOMIAL,
    SPSIM_VARIATE_DISCRETE,            /* Walker's alias table */
    SPSIM_VARIATE_WEIBULL_INVERSE,     /* a Weibull from a uniform already drawn */
    SPSIM_VARIATE_EXPONENTIAL_INVERSE, /* an exponential from a uniform already drawn */
    SPSIM_VARIATE_GAUSSIAN,            /* standard normal */
    SPSIM_VARIATE_GAMMA_INVERSE,       /* a gamma from a uniform already drawn */
    SPSIM_N_VARIATE_KINDS
} spsim_variate_kind;

extern const char *const spsim_variate_name[SPSIM_N_VARIATE_KINDS];

#ifdef SPSIM_COUNT_VARIATES
/* Variates drawn by this thread so far, by kind (benchmark builds only). */
extern _Thread_local unsigned long long spsim_variates_drawn[SPSIM_N_VARIATE_KINDS];
#define SPSIM_COUNT_VARIATE(kind) (spsim_variates_drawn[(kind)]++)
#else
#define SPSIM_COUNT_VARIATE(kind) ((void)0)
#endif

static inline double spsim_draw_uniform(gsl_rng *g)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_UNIFORM);
    return spsim_stream_uniform(g);
}

/* A uniform on (0, 1), never 0: for inverse CDFs that are infinite at 0. */
static inline double spsim_draw_uniform_open(gsl_rng *g)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_UNIFORM);
    return spsim_stream_uniform_pos(g);
}

/* -log(1 - u), u uniform on [0, 1): the exponential of mean 1 by inversion. The streams' uniforms
 * are multiples of 2^-32, so 1 - u is exact and log gives what log1p(-u) would (GSL's form), at
 * about half the cost. */
static inline double spsim_unit_exponential_from_uniform(double u)
{
    return -log(1.0 - u);
}

static inline double spsim_draw_exponential(gsl_rng *g, double mean)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_EXPONENTIAL);
    return mean * spsim_unit_exponential_from_uniform(spsim_stream_uniform(g));
}

/* A gamma of the table's shape and the given mean, by inversion of one uniform
 * (quantile_table.h); GSL's sampler where the shape is too small for a table. */
static inline double spsim_draw_gamma(gsl_rng *g, const spsim_quantile_table *t, double mean)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_GAMMA);
    if (!t->tabulated) return gsl_ran_gamma(g, t->a, mean / t->a);
    return mean * spsim_quantile(t, spsim_stream_uniform(g));
}

/* A beta of the table's shapes, the same way. */
static inline double spsim_draw_beta(gsl_rng *g, const spsim_quantile_table *t)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_BETA);
    if (!t->tabulated) return gsl_ran_beta(g, t->a, t->b);
    return spsim_quantile(t, spsim_stream_uniform(g));
}

/* A standard normal by inversion of one uniform u in (0, 1): its square is a gamma of shape 1/2
 * and mean 1 (chi-square with one degree of freedom), so |z| = sqrt(Q(v)) with Q that gamma's
 * quantile (the table `square`) and v = |2u - 1|, z taking the sign of 2u - 1. */
static inline double spsim_standard_normal_from_uniform(const spsim_quantile_table *square,
                                                        double u)
{
    double excess = 2.0 * u - 1.0; /* exact: u is a multiple of 2^-32 */
    double z = sqrt(spsim_quantile(square, fabs(excess)));
    /* The sign by copysign, not a branch, which would be mispredicted for half the normals; at
     * u = 1/2, z is +0 either way. */
    return copysign(z, excess);
}

static inline double spsim_draw_normal_by_inversion(gsl_rng *g, const spsim_quantile_table *square)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_GAUSSIAN);
    return spsim_standard_normal_from_uniform(square, spsim_stream_uniform_pos(g));
}

/* GSL's ziggurat, for the calibration's kernels (not a model process's draw). */
static inline double spsim_draw_standard_normal(gsl_rng *g)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_GAUSSIAN);
    return gsl_ran_gaussian_ziggurat(g, 1.0);
}

static inline unsigned spsim_draw_poisson(gsl_rng *g, double mean)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_POISSON);
    return gsl_ran_poisson(g, mean);
}

/* A negative binomial count by inversion of one uniform through its table (count_table.h). */
static inline int spsim_draw_negative_binomial(gsl_rng *g, const spsim_count_table *t)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_NEGATIVE_BINOMIAL);
    return spsim_count_quantile(t, spsim_stream_uniform(g));
}

static inline size_t spsim_draw_discrete(gsl_rng *g, const gsl_ran_discrete_t *table)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_DISCRETE);
    return gsl_ran_discrete(g, table);
}

/* Weibull with the given median and shape, by inversion of uniform u. */
static inline double spsim_weibull_from_uniform(double median, double shape, double u)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_WEIBULL_INVERSE);
    /* median x (H / ln 2)^(1/shape), H the cumulative hazard drawn */
    return median * exp(log(spsim_unit_exponential_from_uniform(u) / log(2.0)) / shape);
}

/* Exponential with the given hazard, by inversion of uniform u. */
static inline double spsim_exponential_from_uniform(double hazard, double u)
{
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_EXPONENTIAL_INVERSE);
    return spsim_unit_exponential_from_uniform(u) / hazard;
}

/* Gamma of the table's shape and the given mean, by inversion of a uniform u already drawn (0
 * when the mean is 0, which costs nothing and so is not counted as a variate: the core pathway
 * has no scheduling delay). */
static inline double spsim_gamma_from_uniform(const spsim_quantile_table *t, double mean, double u)
{
    if (!(mean > 0.0)) return 0.0;
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_GAMMA_INVERSE);
    return spsim_gamma_quantile(t, mean, u);
}

#endif
