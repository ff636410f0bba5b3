/* Goodness-of-fit helpers for the sampler tests: a Kolmogorov-Smirnov statistic against a CDF,
 * its p-value, the statistic's critical value, and a chi-square p-value for category counts.
 *
 * Power is argued one way throughout: if the sampler drew from a CDF G instead of F, with
 * sup|F - G| = gap, then D(sample, F) >= gap - D(sample, G), and D(sample, G) stays below the
 * critical value c except with probability alpha; so gap > 2c means the test would fail with
 * probability at least 1 - alpha. The tests CHECK c < gap / 2 for G with a parameter 10 % off. */
#ifndef SPSIM_TEST_ENGINE_STATS_H
#define SPSIM_TEST_ENGINE_STATS_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>

/* Significance level of every goodness-of-fit test here: a correct sampler fails once in
 * 10,000 seeds, so a reseed would not flake. */
#define SPSIM_TEST_ALPHA 1e-4

typedef double (*cdf_fn)(double x, const double *params);

static inline int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline void sort_sample(double *x, size_t n)
{
    qsort(x, n, sizeof *x, compare_doubles);
}

/* sup |empirical CDF - F| of a sorted sample. */
static inline double ks_statistic(const double *sorted, size_t n, cdf_fn cdf, const double *params)
{
    double d = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = cdf(sorted[i], params);
        double below = f - (double)i / (double)n, above = (double)(i + 1) / (double)n - f;
        if (below > d) d = below;
        if (above > d) d = above;
    }
    return d;
}

/* Kolmogorov's limiting distribution with Stephens' small-sample correction. */
static inline double ks_p_value(double d, size_t n)
{
    double sn = sqrt((double)n);
    double lambda = (sn + 0.12 + 0.11 / sn) * d;
    if (lambda < 0.2) return 1.0;
    double sum = 0.0, sign = 1.0;
    for (int k = 1; k <= 100; k++) {
        sum += sign * exp(-2.0 * k * k * lambda * lambda);
        sign = -sign;
    }
    double p = 2.0 * sum;
    return p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
}

/* The D above which ks_p_value falls below alpha (the leading term of the series: the next is
 * of order alpha^4, negligible at the small alphas used here). */
static inline double ks_critical(size_t n, double alpha)
{
    double sn = sqrt((double)n);
    return sqrt(-0.5 * log(alpha / 2.0)) / (sn + 0.12 + 0.11 / sn);
}

/* sup |F - G| over the sample points: the distance a wrong parameter would open up. */
static inline double cdf_gap(const double *sorted, size_t n, cdf_fn f, const double *f_params,
                             cdf_fn g, const double *g_params)
{
    double gap = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(f(sorted[i], f_params) - g(sorted[i], g_params));
        if (d > gap) gap = d;
    }
    return gap;
}

/* Pearson's chi-square p-value of `counts` against category probabilities `p` (k categories,
 * all with p > 0). */
static inline double chisq_p_value(const double *counts, const double *p, int k)
{
    double n = 0.0, stat = 0.0;
    for (int i = 0; i < k; i++) n += counts[i];
    for (int i = 0; i < k; i++) {
        double expected = n * p[i];
        stat += (counts[i] - expected) * (counts[i] - expected) / expected;
    }
    return gsl_cdf_chisq_Q(stat, k - 1);
}

#endif
