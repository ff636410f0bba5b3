/* Each distribution a scenario value may be written as draws what it says: the sample mean and
 * sd of 200,000 draws (inverse CDF of a fixed-seed uniform stream) match the parameters as
 * written; an interval form puts its low and high at the right quantiles; truncation keeps
 * every draw inside the key's range and the truncated mean is the sample's.
 *
 * Tolerances: a mean within 5 standard errors (sd / sqrt(200,000)), an sd within 2 %. With
 * the fixed seed the result never changes; with any other seed a correct distribution would
 * fail these with probability below 1e-5, while a wrong parameterisation (sd of the log taken
 * for the sd of the value, a PERT's lambda of 6, a beta's alpha and beta swapped) misses by
 * far more than the tolerance. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "scenario_text.h"
#include "scenario/uncertainty.h"

enum {
    N_DRAWS = 200000
};

#define SCENARIO_HEAD                                                                              \
    "name: dists\nstart_date: 2025-04-01\nlocalities:\n  town:\n"                                  \
    "    population: {age_0_15: 1000, age_16_29: 1000, age_30_49: 1000, age_50_64: 1000,\n"        \
    "                 age_65_plus: 1000}\n"                                                        \
    "    deprivation: 0.1\n    rurality: 0.5\n"

static const char scenario[] = SCENARIO_HEAD
    "uptake:\n"
    "  probability: {dist: beta, mean: 0.3, sd: 0.1}\n"
    "economics:\n"
    "  unit_cost_gbp:\n"
    "    gp: {dist: gamma, mean: 5, sd: 2}\n"
    "    ae: {dist: lognormal, mean: 10, sd: 4}\n"
    "    admissions: {dist: normal, mean: 2, sd: 0.5}\n"
    "  setup_procurement_gbp: {dist: uniform, min: 1, max: 3}\n"
    "  setup_digital_gbp: {dist: triangular, min: 0, mode: 1, max: 4}\n"
    "  setup_directory_gbp: {dist: pert, min: 0, mode: 1, max: 4}\n"
    "  evaluation_gbp_per_year: {dist: fixed, value: 7}\n"
    "  recruitment_gbp_per_hire: {dist: gamma, low: 2, high: 9, coverage: 0.9}\n"
    "  training_gbp_per_hire: {dist: lognormal, low: 100, high: 400}\n"
    "pay:\n"
    "  on_cost_fraction: {dist: beta, low: 0.2, high: 0.4, coverage: 0.8}\n"
    "  management_gbp_per_fte_year: {dist: normal, low: 10000, high: 12000, coverage: 0.5}\n"
    "support:\n"
    "  no_show_probability: {dist: normal, mean: 0.05, sd: 0.1}\n";

typedef struct {
    const char *key;
    double mean, sd;
} expectation;

/* Mean and sd of each key's distribution, from the parameters as written. */
static const expectation moments[] = {
    {"uptake.probability", 0.3, 0.1},
    {"economics.unit_cost_gbp.gp", 5, 2},
    {"economics.unit_cost_gbp.ae", 10, 4},
    {"economics.unit_cost_gbp.admissions", 2, 0.5},
    {"economics.setup_procurement_gbp", 2, 0.57735026918962573},   /* 2 / sqrt(12) */
    {"economics.setup_digital_gbp", 5.0 / 3, 0.84983658559879749}, /* sqrt(13 / 18) */
    {"economics.setup_directory_gbp", 4.0 / 3,
     0.71269664509979835}, /* 4 x Beta(2, 4): sqrt(16 x 8 / 252) */
};

/* The interval forms: coverage's central interval must be [low, high]. */
typedef struct {
    const char *key;
    double low, high, coverage;
} interval;

static const interval intervals[] = {
    {"economics.recruitment_gbp_per_hire", 2, 9, 0.9},
    {"economics.training_gbp_per_hire", 100, 400, 0.95},
    {"pay.on_cost_fraction", 0.2, 0.4, 0.8},
    {"pay.management_gbp_per_fte_year", 10000, 12000, 0.5},
};

static int key_index(const spsim_scenario *s, const char *key)
{
    for (int k = 0; k < s->n_uncertain; k++)
        if (strcmp(s->uncertain[k].key, key) == 0) return k;
    return -1;
}

static void sample(const spsim_dist *d, double *mean, double *sd, double *lo, double *hi)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 20250401);
    double sum = 0, sum2 = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < N_DRAWS; i++) {
        double x = spsim_dist_quantile(d, gsl_rng_uniform_pos(g));
        sum += x;
        sum2 += x * x;
        *lo = fmin(*lo, x);
        *hi = fmax(*hi, x);
    }
    *mean = sum / N_DRAWS;
    *sd = sqrt((sum2 - sum * sum / N_DRAWS) / (N_DRAWS - 1));
    gsl_rng_free(g);
}

static void test_moments(const spsim_scenario *s)
{
    for (size_t i = 0; i < sizeof moments / sizeof moments[0]; i++) {
        const expectation *e = &moments[i];
        int k = key_index(s, e->key);
        if (!CHECK(k >= 0, "%s is an uncertain key", e->key)) continue;
        double mean, sd, lo, hi;
        sample(&s->uncertain[k].dist, &mean, &sd, &lo, &hi);
        CHECK_NEAR(mean, e->mean, 5 * e->sd / sqrt(N_DRAWS), e->key);
        CHECK_NEAR(sd, e->sd, 0.02 * e->sd, e->key);
        /* normal(2, 0.5) loses 3e-5 of its mass below 0, which moves its mean by 7e-5 */
        CHECK_NEAR(spsim_dist_mean(&s->uncertain[k].dist), e->mean, 1e-4 * e->mean, e->key);
    }
    int k = key_index(s, "economics.evaluation_gbp_per_year");
    double mean, sd, lo, hi;
    if (CHECK(k >= 0, "the fixed value is an uncertain key")) {
        sample(&s->uncertain[k].dist, &mean, &sd, &lo, &hi);
        CHECK(lo == 7 && hi == 7, "a fixed value draws 7 every time (%g..%g)", lo, hi);
    }
}

static void test_intervals(const spsim_scenario *s)
{
    for (size_t i = 0; i < sizeof intervals / sizeof intervals[0]; i++) {
        const interval *iv = &intervals[i];
        int k = key_index(s, iv->key);
        if (!CHECK(k >= 0, "%s is an uncertain key", iv->key)) continue;
        const spsim_dist *d = &s->uncertain[k].dist;
        double p_low = (1 - iv->coverage) / 2, p_high = (1 + iv->coverage) / 2;
        /* the solved parameters reproduce the interval to well within its width */
        CHECK_NEAR(spsim_dist_quantile(d, p_low), iv->low, 1e-6 * iv->low, iv->key);
        CHECK_NEAR(spsim_dist_quantile(d, p_high), iv->high, 1e-6 * iv->high, iv->key);
    }
}

/* normal(0.05, 0.1) on a probability: 31 % of its mass is below 0, so it is truncated to
 * [0, 1]; every draw is inside and the truncated mean is the sample's. */
static void test_truncation(const spsim_scenario *s, const spsim_diagnostics *d)
{
    int k = key_index(s, "support.no_show_probability");
    if (!CHECK(k >= 0, "the truncated key is uncertain")) return;
    const spsim_dist *dist = &s->uncertain[k].dist;
    double mean, sd, lo, hi;
    sample(dist, &mean, &sd, &lo, &hi);
    CHECK(lo >= 0 && hi <= 1, "every draw is inside 0..1 (%g..%g)", lo, hi);
    CHECK(lo < 1e-4, "the lowest draws reach the range's end (%g)", lo);
    CHECK_NEAR(spsim_dist_mean(dist), mean, 5 * sd / sqrt(N_DRAWS), "truncated mean");
    CHECK_NEAR(spsim_dist_mass_cut(dist), 0.30853753872598688, 1e-9, "mass cut off below 0");
    bool warned = false;
    for (int i = 0; i < d->n; i++)
        warned |= d->items[i].severity == SPSIM_DIAG_WARNING &&
                  strstr(d->items[i].message, "30.9 % of the distribution of "
                                              "'support.no_show_probability' lies outside") != NULL;
    CHECK(warned, "a warning says 30.9 %% of the mass is cut off");
    /* the scenario is resolved at the truncated mean */
    CHECK_NEAR(s->arms[0].support.no_show_probability, spsim_dist_mean(dist), 1e-15,
               "resolved at the truncated mean");
}

/* Two keys correlated 0.6 through the copula: the normal scores of their values correlate 0.6
 * (50,000 draws: the standard error of a correlation near 0.6 is (1 - 0.36) / sqrt(50,000) =
 * 0.003, so 0.015 is five of them), each keeps its own distribution, and a key outside the
 * group is untouched by it. */
static void test_copula(void)
{
    static const char text[] =
        SCENARIO_HEAD "uptake:\n  probability: {dist: beta, mean: 0.5, sd: 0.1}\n"
                      "support:\n  no_show_probability: {dist: uniform, min: 0.1, max: 0.3}\n"
                      "  dropout_per_week: {dist: uniform, min: 0.01, max: 0.03}\n"
                      "correlations:\n"
                      "  - {keys: [uptake.probability, support.no_show_probability], rho: 0.6}\n";
    spsim_diagnostics d;
    spsim_scenario *s = spsim_test_parse(text, &d);
    spsim_diagnostics_free(&d);
    if (!CHECK(s && s->n_uncertain == 3, "the correlated scenario loads")) return;
    enum {
        N = 50000
    };
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 1);
    double sxy = 0, sxx = 0, syy = 0, sx = 0, sy = 0, mean_y = 0, third = 0;
    for (int i = 0; i < N; i++) {
        double u[3], v[3];
        for (int k = 0; k < 3; k++) u[k] = gsl_rng_uniform_pos(g);
        spsim_uncertain_values(s, u, v);
        double x = gsl_cdf_ugaussian_Pinv(
            gsl_cdf_beta_P(v[0], s->uncertain[0].dist.p[0], s->uncertain[0].dist.p[1]));
        double y = gsl_cdf_ugaussian_Pinv((v[1] - 0.1) / 0.2);
        sx += x, sy += y, sxy += x * y, sxx += x * x, syy += y * y;
        mean_y += v[1] / N;
        third += (v[2] == spsim_dist_quantile(&s->uncertain[2].dist, u[2])) ? 1 : 0;
    }
    double r = (sxy - sx * sy / N) / sqrt((sxx - sx * sx / N) * (syy - sy * sy / N));
    CHECK_NEAR(r, 0.6, 0.015, "correlation of the normal scores");
    CHECK_NEAR(mean_y, 0.2, 5 * 0.0577 / sqrt(N), "a correlated key keeps its own mean");
    CHECK(third == N, "a key outside the group is its own quantile every time");
    gsl_rng_free(g);
    spsim_scenario_free(s);
}

int main(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = spsim_test_parse(scenario, &d);
    if (!CHECK(s != NULL, "the scenario of distributions loads")) {
        spsim_diagnostics_print(&d, stdout);
        return spsim_check_finish();
    }
    CHECK(s->n_uncertain == 13, "13 uncertain keys, got %d", s->n_uncertain);
    test_moments(s);
    test_intervals(s);
    test_truncation(s, &d);
    test_copula();
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
    return spsim_check_finish();
}
