/* The referral process's samplers (processes/referral.h) against their distributions:
 *
 *  - patience: Weibull with the given median and shape, by inverse CDF from a uniform;
 *  - drop-out: exponential with the given hazard (never, at zero hazard);
 *  - arrivals: a non-homogeneous Poisson process by thinning. By the time-rescaling theorem,
 *    the integrated rate between successive arrivals is Exp(1) whatever the rate's shape, so
 *    the integrals of spsim_referral_rate_per_week (itself checked against the documented
 *    formula) between the arrivals spsim_referral_next gives must pass a KS test for Exp(1);
 *    a maturity ramp from 20 % makes the rate far from constant;
 *  - a referred person's source, age band, need and frequent attendance: chi-square and
 *    binomial checks against the shares they are drawn from.
 *
 * Tolerances. Every KS and chi-square test is at p >= 1e-4 (SPSIM_TEST_ALPHA), every binomial
 * count within 4 standard errors (two-sided p about 6e-5), with fixed seeds: deterministic,
 * and each test would fail a correct sampler at most once in 10,000 seeds. Power: each also CHECKs
 * that a parameter 10 % off would be caught, both by the guarantee in stats.h (the critical
 * KS distance is under half the gap to the wrong CDF, or 4 standard errors are under half the
 * shift of a count) and by running the same test against the wrong parameter and seeing it
 * rejected. 40,000 uniforms, not 20,000: at 20,000 a 10 % error in the Weibull shape moves the
 * CDF by 0.027, under twice the critical distance (0.016), so its rejection would be likely but
 * not guaranteed in that sense. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "processes/draws.h"
#include "processes/referral.h"
#include "stats.h"

/* Enough uniforms that a 10 % error in the Weibull shape, the smallest effect tested here
 * (sup distance about 0.029), is more than twice the critical KS distance (0.011). */
enum {
    N_UNIFORMS = 40000
};
static const double OFF[2] = {0.9, 1.1}; /* a parameter 10 % too low, 10 % too high */

/* --- patience and drop-out: inverse-CDF transforms of a person's uniform ----------------- */

/* params: {median, shape}. Weibull with that median: scale = median / ln(2)^(1/shape). */
static double weibull_cdf(double x, const double *params)
{
    double scale = params[0] / pow(log(2.0), 1.0 / params[1]);
    return gsl_cdf_weibull_P(x, scale, params[1]);
}

/* params: {hazard per week}. */
static double exponential_cdf(double x, const double *params)
{
    return gsl_cdf_exponential_P(x, 1.0 / params[0]);
}

/* The sorted sample fits `cdf` at `params` by KS at p >= 1e-4. */
static void check_fit(const double *sorted, size_t n, cdf_fn cdf, const double *params,
                      const char *what)
{
    double d = ks_statistic(sorted, n, cdf, params), p = ks_p_value(d, n);
    printf("%s: n = %zu, KS D = %.4f (p = %.3g, critical %.4f)\n", what, n, d, p,
           ks_critical(n, SPSIM_TEST_ALPHA));
    CHECK(p >= SPSIM_TEST_ALPHA, "%s: KS D = %.4f, p = %.3g", what, d, p);
}

/* Had parameter `which` been 10 % off either way, the KS test would have failed: guaranteed
 * (the CDF moves by over twice the critical distance) and seen (the sample is rejected
 * against the wrong CDF). */
static void check_power(const double *sorted, size_t n, cdf_fn cdf, const double *params,
                        int n_params, int which, const char *what)
{
    double critical = ks_critical(n, SPSIM_TEST_ALPHA);
    for (int k = 0; k < 2; k++) {
        double off[4];
        for (int i = 0; i < n_params; i++) off[i] = params[i];
        off[which] *= OFF[k];
        double gap = cdf_gap(sorted, n, cdf, params, cdf, off);
        CHECK(critical < gap / 2.0,
              "%s x%.1f moves the CDF by %.4f, over twice the critical "
              "distance %.4f",
              what, OFF[k], gap, critical);
        double d_off = ks_statistic(sorted, n, cdf, off);
        CHECK(ks_p_value(d_off, n) < SPSIM_TEST_ALPHA, "%s x%.1f is rejected (D = %.4f)", what,
              OFF[k], d_off);
    }
}

static double *uniforms(unsigned long seed)
{
    double *u = malloc(N_UNIFORMS * sizeof *u);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(g, seed);
    for (int i = 0; u && i < N_UNIFORMS; i++) u[i] = gsl_rng_uniform(g);
    gsl_rng_free(g);
    return u;
}

static void check_patience(void)
{
    spsim_reneging_params reneging = {.enabled = true, .median_weeks = 12, .shape = 1.5};
    double *x = uniforms(101);
    if (!CHECK(x != NULL, "allocated")) return;
    for (int i = 0; i < N_UNIFORMS; i++) x[i] = spsim_patience_weeks(&reneging, x[i]);
    sort_sample(x, N_UNIFORMS);
    const double params[] = {reneging.median_weeks, reneging.shape};
    check_fit(x, N_UNIFORMS, weibull_cdf, params, "patience, Weibull median 12 shape 1.5");
    check_power(x, N_UNIFORMS, weibull_cdf, params, 2, 0, "patience: a median");
    check_power(x, N_UNIFORMS, weibull_cdf, params, 2, 1, "patience: a shape");
    CHECK_NEAR(spsim_patience_weeks(&reneging, 0.5), 12.0, 1e-9, "patience at u = 0.5: median");
    reneging.enabled = false;
    CHECK(isinf(spsim_patience_weeks(&reneging, 0.5)), "no reneging: infinite patience");
    free(x);
}

static void check_dropout(void)
{
    const double hazard = 0.02; /* per week */
    double *x = uniforms(202);
    if (!CHECK(x != NULL, "allocated")) return;
    for (int i = 0; i < N_UNIFORMS; i++) x[i] = spsim_dropout_after_weeks(hazard, x[i]);
    sort_sample(x, N_UNIFORMS);
    check_fit(x, N_UNIFORMS, exponential_cdf, &hazard, "drop-out, hazard 0.02");
    check_power(x, N_UNIFORMS, exponential_cdf, &hazard, 1, 0, "drop-out: a hazard");
    CHECK(isinf(spsim_dropout_after_weeks(0.0, 0.3)), "zero hazard: never drops out");
    CHECK(isinf(spsim_dropout_after_weeks(0.0, 0.0)), "zero hazard at u = 0: never drops out");
    free(x);
}

/* --- arrivals: thinning checked by time rescaling ---------------------------------------- */

/* Sedgemoor's residents by age band (Census 2021) and deprivation, the Somerset scenario's
 * shares; a base rate about four times the national one and a maturity ramp from 20 % over a
 * two-year time constant, so three time constants bring about 47,000 referrals, a fifth of
 * them in the first, while the rate is under 71 % of its mature level. */
static spsim_arm_params *sedgemoor_arm(void)
{
    spsim_arm_params *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->n_localities = 1;
    spsim_locality *l = &a->localities[0];
    const double population[SPSIM_N_AGE_BANDS] = {21193, 20816, 29738, 22303, 31350};
    for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) l->population[b] = population[b];
    l->deprivation = 0.1515;
    a->referral = (spsim_referral_params){
        .base_rate_per_1000_per_year = 85.0,
        .source_share = {0.60, 0.10, 0.02, 0.05, 0.06, 0.07, 0.04, 0.06},
        .deprivation_rate_ratio = 1.5,
        .maturity_start_fraction = 0.2,
        .maturity_years = 2.0,
        .need_share = {0.30, 0.30, 0.25, 0.15},
        .frequent_attender_share = 0.10,
    };
    return a;
}

/* The mature rate as docs/model.md states it: residents / 1,000 x the base rate x the
 * deprivation factor (1 at England's 20 %), per week. */
static double documented_mature_rate(const spsim_arm_params *a)
{
    double population = 0.0;
    for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) population += a->localities[0].population[b];
    double excess = a->referral.deprivation_rate_ratio - 1.0;
    double deprivation = (1.0 + excess * a->localities[0].deprivation) / (1.0 + excess * 0.2);
    return population / 1000.0 * a->referral.base_rate_per_1000_per_year * deprivation /
           SPSIM_WEEKS_PER_YEAR;
}

static void check_rate(const spsim_referral_process *rp, const spsim_arm_params *a)
{
    double mature = documented_mature_rate(a), tau = 2.0 * SPSIM_WEEKS_PER_YEAR;
    CHECK_NEAR(rp->mature_rate_per_week, mature, 1e-9 * mature, "mature referral rate");
    CHECK_NEAR(spsim_referral_rate_per_week(rp, 0.0), 0.2 * mature, 1e-9 * mature,
               "rate at the start: 20 % of mature");
    CHECK_NEAR(spsim_referral_rate_per_week(rp, tau), mature * (0.2 + 0.8 * (1.0 - exp(-1.0))),
               1e-9 * mature, "rate after one time constant");
    CHECK_NEAR(spsim_deprivation_factor(1.5, 0.2), 1.0, 1e-12, "deprivation factor at 20 %");
    spsim_referral_process flat = *rp;
    flat.maturity_weeks = 0.0;
    CHECK_NEAR(spsim_referral_rate_per_week(&flat, 3.0), mature, 1e-9 * mature,
               "no maturity curve: the mature rate from the start");
}

/* The expected number of referrals in (a, b]: Simpson's rule on the model's rate. Arrivals
 * are a few minutes apart and the rate changes over years, so this is exact to rounding. */
static double integrated_rate(const spsim_referral_process *rp, double a, double b)
{
    return (b - a) / 6.0 *
           (spsim_referral_rate_per_week(rp, a) +
            4.0 * spsim_referral_rate_per_week(rp, 0.5 * (a + b)) +
            spsim_referral_rate_per_week(rp, b));
}

/* params: {rate}; an Exp(rate) CDF for the rescaled gaps, Exp(1) when right. */
static double unit_rate_cdf(double x, const double *params)
{
    return gsl_cdf_exponential_P(x, 1.0 / params[0]);
}

enum {
    MAX_ARRIVALS = 100000
};

/* The gaps between successive referrals from t = 0 to the horizon, each rescaled two ways:
 * by the integral of the model's rate over it (Exp(1) if the thinning is right) and by the
 * mature rate alone (Exp(1) only if the maturity curve were flat). */
typedef struct {
    double rescaled[MAX_ARRIVALS], at_mature_rate[MAX_ARRIVALS];
    size_t n;
    bool ended_at_horizon;
} arrival_gaps;

static void draw_arrivals(spsim_referral_process *rp, double horizon, arrival_gaps *a)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(g, 303);
    a->n = 0;
    a->ended_at_horizon = false;
    for (double t = 0.0; a->n < MAX_ARRIVALS;) {
        double next = spsim_referral_next(rp, g, t, horizon);
        if (isinf(next)) {
            a->ended_at_horizon = true;
            break;
        }
        a->rescaled[a->n] = integrated_rate(rp, t, next);
        a->at_mature_rate[a->n] = (next - t) * rp->mature_rate_per_week;
        a->n++;
        t = next;
    }
    gsl_rng_free(g);
}

static void check_arrivals(spsim_referral_process *rp)
{
    const double horizon = 3.0 * rp->maturity_weeks, unit = 1.0;
    static arrival_gaps a;
    draw_arrivals(rp, horizon, &a);
    size_t n = a.n;
    CHECK(a.ended_at_horizon, "arrivals stop at the horizon (%zu arrivals)", n);

    /* The count is Poisson with the integrated rate as mean, R (T - (1 - f0) tau (1 - e^-T/tau))
     * for the documented curve: within 4 standard errors. */
    double tau = rp->maturity_weeks, f0 = rp->maturity_start_fraction;
    double expected =
        rp->mature_rate_per_week * (horizon - (1.0 - f0) * tau * (1.0 - exp(-horizon / tau)));
    double tolerance = 4.0 * sqrt(expected);
    CHECK_NEAR((double)n, expected, tolerance, "referrals over three time constants");
    CHECK(tolerance < 0.05 * expected,
          "4 standard errors (%.0f) are under half a 10 %% error "
          "in the rate (%.0f)",
          tolerance, 0.1 * expected);

    sort_sample(a.rescaled, n);
    check_fit(a.rescaled, n, unit_rate_cdf, &unit, "rescaled gaps between referrals, Exp(1)");
    check_power(a.rescaled, n, unit_rate_cdf, &unit, 1, 0, "referrals: a rate");
    /* The ramp matters: the same arrivals rescaled by the mature rate alone do not fit. */
    sort_sample(a.at_mature_rate, n);
    double d = ks_statistic(a.at_mature_rate, n, unit_rate_cdf, &unit);
    CHECK(ks_p_value(d, n) < SPSIM_TEST_ALPHA,
          "gaps rescaled at a constant rate are rejected "
          "(D = %.4f), so the test sees the maturity curve",
          d);

    spsim_referral_process none = *rp;
    none.mature_rate_per_week = 0.0;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    CHECK(isinf(spsim_referral_next(&none, g, 0.0, horizon)), "no referrals at a zero rate");
    CHECK(isinf(spsim_referral_next(rp, g, horizon - 1e-9, horizon)), "none after the horizon");
    gsl_rng_free(g);
}

/* The thinning as the model states it: a candidate at t kept when u x bound < rate(t), the rate
 * worked out at every candidate. */
static double next_by_exact_thinning(const spsim_referral_process *rp, gsl_rng *g, double t,
                                     double horizon)
{
    double bound = rp->mature_rate_per_week;
    for (;;) {
        t += spsim_draw_exponential(g, 1.0 / bound);
        if (t >= horizon) return INFINITY;
        if (spsim_draw_uniform(g) * bound < spsim_referral_rate_per_week(rp, t)) return t;
    }
}

/* spsim_referral_next settles most candidates by the rate's bounds over their week: it must keep
 * exactly the candidates the exact thinning keeps, so the same stream gives the same arrivals,
 * bit for bit. A bound off by a week, or the week's low and high swapped, would keep or refuse
 * candidates the curve does not and fail here (and the rate test above). */
static void check_bounded_thinning(const spsim_referral_process *model)
{
    spsim_referral_process rp = *model;
    rp.bounded_week = 0;
    const double horizon = 3.0 * rp.maturity_weeks;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2), *h = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(g, 404);
    gsl_rng_set(h, 404);
    long n = 0, differ = 0;
    for (double t = 0.0, s = 0.0; !isinf(t) && differ == 0; n++) {
        t = spsim_referral_next(&rp, g, t, horizon);
        s = next_by_exact_thinning(&rp, h, s, horizon);
        differ += t != s; /* INFINITY == INFINITY: both ended at the horizon */
    }
    CHECK(differ == 0 && n > 1000,
          "the week's bounds keep the exact thinning's arrivals (%ld "
          "arrivals, %ld differ)",
          n, differ);
    gsl_rng_free(g);
    gsl_rng_free(h);
}

/* --- who is referred ---------------------------------------------------------------------- */

enum {
    N_PERSONS = 400000
};

/* Counts drawn in k categories fit shares p; a 10 % error in any one share (the others
 * rescaled to sum to 1) would be caught, by 4 standard errors of its count being under half
 * the shift and by the chi-square test against the wrong shares rejecting. */
static void check_shares(const double *counts, const double *share, int k, const char *what)
{
    double p_value = chisq_p_value(counts, share, k);
    printf("%s: chi-square p = %.3g over %d categories\n", what, p_value, k);
    CHECK(p_value >= SPSIM_TEST_ALPHA, "%s: chi-square p = %.3g", what, p_value);
    for (int i = 0; i < k; i++) {
        double se = sqrt(N_PERSONS * share[i] * (1.0 - share[i]));
        CHECK(4.0 * se < 0.05 * N_PERSONS * share[i],
              "%s %d: 4 standard errors (%.0f) under "
              "half a 10 %% shift (%.0f)",
              what, i, 4.0 * se, 0.1 * N_PERSONS * share[i]);
        for (int o = 0; o < 2; o++) {
            double off[SPSIM_N_SOURCES];
            double rest = (1.0 - share[i] * OFF[o]) / (1.0 - share[i]);
            for (int j = 0; j < k; j++) off[j] = j == i ? share[i] * OFF[o] : share[j] * rest;
            double p_off = chisq_p_value(counts, off, k);
            CHECK(p_off < SPSIM_TEST_ALPHA,
                  "%s %d: shares with this one x%.1f are rejected "
                  "(p = %.3g)",
                  what, i, OFF[o], p_off);
        }
    }
}

static void check_persons(const spsim_referral_process *rp, const spsim_arm_params *a)
{
    static double source[SPSIM_N_SOURCES], age[SPSIM_N_AGE_BANDS], need[SPSIM_N_NEEDS];
    double frequent = 0.0, population = 0.0, age_share[SPSIM_N_AGE_BANDS];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(g, 404);
    for (int i = 0; i < N_PERSONS; i++) {
        spsim_person person = {0};
        spsim_referral_draw_person(rp, g, g, &person);
        source[person.source]++;
        age[person.age_band]++;
        need[person.need]++;
        frequent += person.frequent_attender;
    }
    gsl_rng_free(g);
    for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) population += a->localities[0].population[b];
    for (int b = 0; b < SPSIM_N_AGE_BANDS; b++)
        age_share[b] = a->localities[0].population[b] / population;
    check_shares(source, a->referral.source_share, SPSIM_N_SOURCES, "source");
    check_shares(need, a->referral.need_share, SPSIM_N_NEEDS, "need");
    check_shares(age, age_share, SPSIM_N_AGE_BANDS, "age band");

    double share = a->referral.frequent_attender_share, expected = N_PERSONS * share;
    double tolerance = 4.0 * sqrt(N_PERSONS * share * (1.0 - share)); /* 4 standard errors */
    CHECK_NEAR(frequent, expected, tolerance, "frequent attenders");
    CHECK(tolerance < 0.05 * expected, "frequent attenders: 4 standard errors under half a "
                                       "10 %% error");
}

static void check_referral_process(void)
{
    spsim_arm_params *a = sedgemoor_arm();
    spsim_referral_process rp;
    if (!CHECK(a && spsim_referral_init(&rp, a, 0) == 0, "referral process made")) return;
    check_rate(&rp, a);
    check_arrivals(&rp);
    check_bounded_thinning(&rp);
    check_persons(&rp, a);
    spsim_referral_free(&rp);
    free(a);
}

int main(void)
{
    check_patience();
    check_dropout();
    check_referral_process();
    return spsim_check_finish();
}
