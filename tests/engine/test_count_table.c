/* The count tables behind the episode's contacts (model/processes/count_table.h), against GSL.
 *
 * 1. The table: for negative binomial laws from near-Poisson to heavily over-dispersed, each
 *    entry is GSL's gsl_cdf_negative_binomial_P exactly, the last is 1, and the mass left beyond
 *    the last (GSL's upper tail there) is under 2^-52, or the table ends at the cap.
 * 2. The inversion: at every entry, one step below it and 10^6 spread u, the guided search gives
 *    the smallest k with u < P(X <= k), found by scanning the table from 0; a guide entry one
 *    count too late would give a larger count at the entries and fail.
 * 3. The cap: with a cap of 10 below a mean of 50, every u at or above P(X <= 9) gives 10.
 * 4. Distribution: 400,000 draws of NegBin(mean 5, k 0.8) (the default contacts beyond the first)
 *    from one fixed stream fit the law's probabilities by chi-square (0 to 24 and a tail) at
 *    SPSIM_TEST_ALPHA (1e-4: a correct sampler fails for about one seed in 10,000; the seed is
 *    fixed, so the result is deterministic); the same counts against the law of mean 5.5 (10 %
 *    more) must be rejected. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "processes/count_table.h"
#include "stats.h"

static int scanned_quantile(const spsim_count_table *t, double u)
{
    int k = 0;
    while (u >= t->cdf[k]) k++;
    return k;
}

static void check_table(double mean, double k, int cap)
{
    double p = k / (k + mean);
    static spsim_count_table t;
    spsim_count_table_negative_binomial(&t, p, k, cap);
    int exact = 1;
    for (int i = 0; i < t.n - 1; i++)
        exact &= t.cdf[i] == gsl_cdf_negative_binomial_P((unsigned)i, p, k);
    CHECK(exact && t.cdf[t.n - 1] == 1.0,
          "NegBin(mean %g, k %g): %d entries, GSL's CDF exactly, the last 1", mean, k, t.n);
    double beyond = gsl_cdf_negative_binomial_Q((unsigned)(t.n - 1), p, k);
    CHECK(t.n - 1 == cap || beyond < 0x1p-52,
          "NegBin(mean %g, k %g): the mass beyond the table (%.3g) under 2^-52, or capped", mean, k,
          beyond);

    long wrong = 0;
    for (int i = 0; i < t.n; i++) {
        double at = t.cdf[i], below = nextafter(at, 0.0);
        if (at < 1.0) wrong += spsim_count_quantile(&t, at) != scanned_quantile(&t, at);
        wrong += spsim_count_quantile(&t, below) != scanned_quantile(&t, below);
    }
    for (long j = 0; j < 1000000; j++) {
        double u = (j + 0.5) / 1000000.0;
        wrong += spsim_count_quantile(&t, u) != scanned_quantile(&t, u);
    }
    CHECK(wrong == 0, "NegBin(mean %g, k %g): the guided search agrees with the scan (%ld differ)",
          mean, k, wrong);
}

static void check_cap(void)
{
    static spsim_count_table t;
    double p = 2.0 / (2.0 + 50.0);
    spsim_count_table_negative_binomial(&t, p, 2.0, 10);
    double at9 = gsl_cdf_negative_binomial_P(9, p, 2.0);
    CHECK(t.n == 11 && spsim_count_quantile(&t, at9) == 10 &&
              spsim_count_quantile(&t, 1.0 - 0x1p-32) == 10 &&
              spsim_count_quantile(&t, nextafter(at9, 0.0)) == 9,
          "capped at 10: the mass above 9 (%.3f) is all on 10", 1.0 - at9);
}

/* Chi-square p of the counts against NegBin(mean, k): 0 to BINS - 2 and a tail. */
enum {
    BINS = 26,
    DRAWS = 400000
};
static double fit(const double *counts, double mean, double k)
{
    double prob[BINS], p = k / (k + mean);
    for (int b = 0; b < BINS - 1; b++) prob[b] = gsl_ran_negative_binomial_pdf((unsigned)b, p, k);
    prob[BINS - 1] = gsl_cdf_negative_binomial_Q(BINS - 2, p, k);
    return chisq_p_value(counts, prob, BINS);
}

static void check_distribution(void)
{
    const double mean = 5.0, k = 0.8;
    static spsim_count_table t;
    spsim_count_table_negative_binomial(&t, k / (k + mean), k, 999);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 2026);
    double counts[BINS] = {0};
    for (int i = 0; i < DRAWS; i++) {
        int c = spsim_count_quantile(&t, gsl_rng_uniform(g));
        counts[c < BINS - 1 ? c : BINS - 1]++;
    }
    gsl_rng_free(g);
    double p_right = fit(counts, mean, k), p_off = fit(counts, 1.1 * mean, k);
    printf("NegBin(5, 0.8) draws: chi-square p = %.3g; against mean 5.5: p = %.3g\n", p_right,
           p_off);
    CHECK(p_right >= SPSIM_TEST_ALPHA, "draws fit NegBin(mean 5, k 0.8): p = %.3g", p_right);
    CHECK(p_off < SPSIM_TEST_ALPHA, "the law with a mean 10 %% higher is rejected: p = %.3g",
          p_off);
}

int main(void)
{
    check_table(5.0, 0.8, 999); /* the default contacts beyond the first */
    check_table(5.0, 4.0, 999);
    check_table(0.3, 50.0, 999);  /* nearly Poisson */
    check_table(20.0, 0.5, 999);  /* heavily over-dispersed: a long tail */
    check_table(300.0, 0.5, 999); /* a tail past the cap */
    check_cap();
    check_distribution();
    return spsim_check_finish();
}
