/* Count tables: a count law's CDF, worked out once with GSL, so that a count is drawn by
 * inversion of one uniform, as the gamma and beta variates are (quantile_table.h). The model
 * draws each episode's contacts beyond the first this way (support.h): GSL's negative binomial
 * sampler draws a gamma (itself a normal, a uniform and a test) and then a Poisson, each
 * uniform through the generator's function pointer.
 *
 * The table holds P(X <= k) for k = 0, 1, ... as GSL's gsl_cdf_negative_binomial_P gives it,
 * up to the first k where that is 1 in double precision (the mass beyond, under 2^-52, is put
 * on that k) or up to a cap given by the caller, which takes all the mass beyond it (the model
 * caps contacts at 1,000). A guide table (Chen and Asau's) gives, for each 1/256 of (0, 1), the
 * first count the search can end at, so that a draw reads one or two entries. */
#ifndef SPSIM_COUNT_TABLE_H
#define SPSIM_COUNT_TABLE_H

#include <stdint.h>

enum {
    SPSIM_COUNT_TABLE_MAX = 1000, /* counts 0 .. 999 at most */
    SPSIM_COUNT_TABLE_GUIDE = 256
};

typedef struct {
    int n;                                   /* counts 0 .. n - 1 tabulated; cdf[n - 1] = 1 */
    double cdf[SPSIM_COUNT_TABLE_MAX];       /* P(X <= k) */
    uint16_t guide[SPSIM_COUNT_TABLE_GUIDE]; /* the first k with cdf[k] > j / GUIDE */
} spsim_count_table;

/* Tabulates GSL's negative binomial (p, n): P(k) = Gamma(n + k) / (Gamma(k + 1) Gamma(n)) p^n
 * (1 - p)^k, p in (0, 1], n > 0, with counts above max_count (at most SPSIM_COUNT_TABLE_MAX - 1)
 * put on max_count. */
void spsim_count_table_negative_binomial(spsim_count_table *t, double p, double n, int max_count);

/* The u-quantile, u in [0, 1): the smallest k with u < P(X <= k). */
static inline int spsim_count_quantile(const spsim_count_table *t, double u)
{
    int k = t->guide[(int)(u * SPSIM_COUNT_TABLE_GUIDE)];
    while (u >= t->cdf[k]) k++;
    return k;
}

#endif
