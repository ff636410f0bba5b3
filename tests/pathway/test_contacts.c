/* The support episode (docs/model.md, "The support episode"): contacts and their spacing.
 *
 * N = 1 + NegBin(mean mu = contacts_mean - 1, k = contacts_dispersion), so E[N] = contacts_mean
 * and Var N = mu + mu^2 / k; each contact is followed by a gamma interval of mean I and shape
 * kappa, and the slot is held until the last interval ends: L = sum of N intervals, so
 * E[L] = contacts_mean x I and Var L = E[N] I^2 / kappa + Var(N) I^2.
 *
 * 1. Whole run (ample slots, no drop-out, steady referrals): after a warm-up, contacts made per
 *    person starting support equal contacts_mean (in steady state contacts are made at the start
 *    rate times the mean contacts), and by Little's law the mean number in support over the
 *    start rate is the mean episode length contacts_mean x I.
 * 2. One episode at a time (spsim_support_plan, what the run cannot show): the variance of N
 *    against mu + mu^2 / k, and the spread of the intervals, sum (L - N I)^2 / sum N, against
 *    the gamma variance I^2 / kappa. Every contact is recorded in the weekly contacts.
 *
 * Tolerances, 4 standard errors each. Contacts per start: the contacts in a window are compound
 * Poisson, so sd(contacts / starts) <= sqrt(E[N^2] / starts) (taken whole, ignoring that starts
 * and contacts rise together, which only makes it larger). Episode length: the time-average of
 * an M/G/infinity occupancy over T weeks has variance lambda E[L^2] / T, so its relative standard
 * error is sqrt(E[L^2]) / E[L] / sqrt(starts); that of the start rate, 1 / sqrt(starts); the
 * ratio's is taken as their sum. Unit level: sample standard errors of the mean, of the variance
 * (sqrt((m4 - s^4) / n)) and of the ratio estimator. Fixed seeds: deterministic; 4 standard
 * errors fail by chance for about one seed in 16,000. Power: each tolerance is checked to be under
 * half the shift from the parameter it holds 10 % off (contacts_mean; I; k; kappa). */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pathway_run.h"
#include "episode_tables.h"
#include "processes/support.h"

enum {
    WARMUP_WEEKS = 60
}; /* episodes longer than this are vanishingly rare */

/* 100 referrals a week, all taken up at once into 2,000 slots that never fall vacant; no
 * scheduling delay and no no-shows, so every start is a first contact. */
static const char scenario[] =
    "name: contacts\nstart_date: 2025-04-01\nseed: 11\nreplications: 4\nhorizon_years: 5\n"
    "localities:\n"
    "  town:\n"
    "    population: " PATHWAY_PEOPLE(
        10000) "\n"
               "    deprivation: 0.2\n    rurality: 0.2\n"
               "    link_workers: {fte: 40, attrition_per_year: 0, capacity: caseload}\n"
               "    groups_at_start: {}\n"
               "referral: {base_rate_per_1000_per_year: 104.36, maturity_start_fraction: 1}\n"
               "uptake: {probability: 1, self_referral_probability: 1}\n"
               "support: {contacts_mean: 6, contacts_dispersion: 4, contact_interval_weeks: 2,\n"
               "          contact_interval_shape: 2, dropout_per_week: 0,\n"
               "          first_contact_delay_weeks: 0, no_show_probability: 0}\n";

typedef struct {
    double mean_n, var_n, interval, shape;
} episode_law;

static episode_law law_of(const spsim_support_params *p)
{
    double mu = p->contacts_mean - 1.0;
    return (episode_law){p->contacts_mean, mu + mu * mu / p->contacts_dispersion,
                         p->contact_interval_weeks, p->contact_interval_shape};
}

static double mean_length(const episode_law *e)
{
    return e->mean_n * e->interval;
}

static double length_second_moment(const episode_law *e)
{
    double var =
        e->mean_n * e->interval * e->interval / e->shape + e->var_n * e->interval * e->interval;
    return var + mean_length(e) * mean_length(e);
}

/* --- 1. Whole run ------------------------------------------------------------------------- */

static void check_run(void)
{
    spsim_scenario *s = pathway_parse(scenario);
    spsim_run *run = pathway_run(s);
    if (!run) {
        spsim_scenario_free(s);
        return;
    }
    episode_law e = law_of(&s->arms[0].support);
    int from = WARMUP_WEEKS, to = run->n_weeks, weeks = to - from;
    double starts = pathway_sum_reps(run, 0, SPSIM_SERIES_STARTED, 0, from, to);
    double contacts = pathway_sum_reps(run, 0, SPSIM_SERIES_CONTACTS, 0, from, to);
    double occupancy = pathway_sum_reps(run, 0, SPSIM_SERIES_IN_SUPPORT, 0, from, to);
    double waited = pathway_sum_reps(run, 0, SPSIM_SERIES_WAITING, 0, 0, to);
    CHECK(waited == 0, "slots are ample: nobody waits (%.0f person-weeks)", waited);

    double per_start = contacts / starts;
    double tol_contacts = 4.0 * sqrt((e.var_n + e.mean_n * e.mean_n) / starts);
    printf("%.0f starts: %.4f contacts each, expected %.4f (tolerance %.4f)\n", starts, per_start,
           e.mean_n, tol_contacts);
    CHECK_NEAR(per_start, e.mean_n, tol_contacts, "contacts per person starting support");
    CHECK(tol_contacts < 0.5 * 0.1 * e.mean_n,
          "power: tolerance %.4f is under half the shift "
          "%.4f of contacts_mean 10 %% off",
          tol_contacts, 0.1 * e.mean_n);

    /* Little's law: mean in support = start rate x mean time in support. */
    double length = (occupancy / weeks) / (starts / weeks);
    double rel_se = (sqrt(length_second_moment(&e)) / mean_length(&e) + 1.0) / sqrt(starts);
    double tol_length = 4.0 * rel_se * mean_length(&e);
    printf("episode length %.4f weeks, expected %.4f (tolerance %.4f)\n", length, mean_length(&e),
           tol_length);
    CHECK_NEAR(length, mean_length(&e), tol_length, "episode length by Little's law");
    CHECK(tol_length < 0.5 * 0.1 * mean_length(&e),
          "power: tolerance %.4f is under half the "
          "shift %.4f of the interval (or contacts_mean) 10 %% off",
          tol_length, 0.1 * mean_length(&e));
    spsim_run_free(run);
    spsim_scenario_free(s);
}

/* --- 2. One episode at a time ------------------------------------------------------------- */

enum {
    EPISODES = 200000,
    BUFFER_WEEKS = 1024
};

typedef struct {
    double n, sum_n, sum_n2, sum_n3, sum_n4, sum_l, sum_l2, sum_r2, sum_r4, sum_r2n, recorded;
} episode_sums;

static episode_sums plan_episodes(const spsim_support_params *p, int agreement_contact)
{
    episode_sums t = {0};
    double *by_week = calloc(BUFFER_WEEKS, sizeof *by_week);
    gsl_rng *keys = gsl_rng_alloc(gsl_rng_taus2), *episode = gsl_rng_alloc(gsl_rng_taus2);
    bool ok = CHECK(by_week && keys && episode, "memory for the episodes");
    if (ok) gsl_rng_set(keys, 20250401);
    for (int i = 0; ok && i < EPISODES; i++) {
        gsl_rng_set(episode, gsl_rng_get(keys));
        spsim_episode e =
            spsim_support_plan(p, interval_table(p), contacts_table(p), agreement_contact, episode,
                               INFINITY, 0.0, BUFFER_WEEKS, by_week, 1);
        double n = e.contacts_made, r = e.length_weeks - n * p->contact_interval_weeks;
        t.n += 1.0;
        t.sum_n += n;
        t.sum_n2 += n * n;
        t.sum_n3 += n * n * n;
        t.sum_n4 += n * n * n * n;
        t.sum_l += e.length_weeks;
        t.sum_l2 += e.length_weeks * e.length_weeks;
        t.sum_r2 += r * r;
        t.sum_r4 += r * r * r * r;
        t.sum_r2n += r * r * n;
    }
    for (int w = 0; ok && w < BUFFER_WEEKS; w++) t.recorded += by_week[w];
    if (keys) gsl_rng_free(keys);
    if (episode) gsl_rng_free(episode);
    free(by_week);
    return t;
}

/* Sample variance of N and its standard error sqrt((m4 - s^4) / n), from raw moments. */
static double contacts_variance(const episode_sums *t, double *se)
{
    double n = t->n, m = t->sum_n / n;
    double e2 = t->sum_n2 / n, e3 = t->sum_n3 / n, e4 = t->sum_n4 / n;
    double var = e2 - m * m;
    double m4 = e4 - 4 * m * e3 + 6 * m * m * e2 - 3 * m * m * m * m;
    *se = sqrt((m4 - var * var) / n);
    return var;
}

static void check_dispersion(const spsim_support_params *p, const episode_sums *t)
{
    episode_law e = law_of(p);
    double se, var = contacts_variance(t, &se), tol = 4.0 * se;
    printf("variance of contacts %.4f, expected %.4f (tolerance %.4f)\n", var, e.var_n, tol);
    CHECK_NEAR(var, e.var_n, tol, "variance of contacts per episode");
    double mean = t->sum_n / t->n;
    CHECK_NEAR(mean, e.mean_n, 4.0 * sqrt(e.var_n / t->n), "mean contacts per episode");
    double mu = p->contacts_mean - 1.0;
    for (double factor = 0.9; factor < 1.2; factor += 0.2) {
        double shift = fabs(mu + mu * mu / (p->contacts_dispersion * factor) - e.var_n);
        CHECK(tol < 0.5 * shift,
              "power: variance tolerance %.4f is under half the shift %.4f "
              "when the dispersion k is x%.1f",
              tol, shift, factor);
    }
}

static void check_spacing(const spsim_support_params *p, const episode_sums *t)
{
    episode_law e = law_of(p);
    double mean_l = t->sum_l / t->n, var_l = t->sum_l2 / t->n - mean_l * mean_l;
    CHECK_NEAR(mean_l, mean_length(&e), 4.0 * sqrt(var_l / t->n), "mean episode length");

    /* Ratio estimator v = sum r^2 / sum n of the interval variance; its standard error from the
     * residuals r^2 - v n. */
    double v = t->sum_r2 / t->sum_n;
    double resid2 = t->sum_r4 - 2.0 * v * t->sum_r2n + v * v * t->sum_n2;
    double tol = 4.0 * sqrt(resid2) / t->sum_n;
    double expected = e.interval * e.interval / e.shape;
    printf("interval variance %.4f, expected %.4f (tolerance %.4f)\n", v, expected, tol);
    CHECK_NEAR(v, expected, tol, "variance of the interval between contacts");
    for (double factor = 0.9; factor < 1.2; factor += 0.2) {
        double shift = fabs(expected / factor - expected);
        CHECK(tol < 0.5 * shift,
              "power: interval-variance tolerance %.4f is under half the "
              "shift %.4f when the interval shape is x%.1f",
              tol, shift, factor);
    }
    CHECK(t->recorded == t->sum_n, "every contact is recorded in its week (%.0f of %.0f)",
          t->recorded, t->sum_n);
}

static void check_episodes(void)
{
    spsim_scenario *s = pathway_parse(scenario);
    if (!s) return;
    episode_sums t = plan_episodes(&s->arms[0].support, s->arms[0].community.agreement_contact);
    if (t.n > 0) {
        check_dispersion(&s->arms[0].support, &t);
        check_spacing(&s->arms[0].support, &t);
    }
    spsim_scenario_free(s);
}

int main(void)
{
    check_run();
    check_episodes();
    return spsim_check_finish();
}
