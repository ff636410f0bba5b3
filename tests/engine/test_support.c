/* The support episode's draws (processes/support.h) against their distributions: the number
 * of contacts is 1 + NegBin(mean - 1, k), each contact is followed by a gamma interval with
 * the given mean and shape, and the episode lasts until the last interval ends (or drop-out).
 *
 * With the Somerset scenario's support parameters (6 contacts, k = 4, 2-week intervals of
 * shape 2) over 200,000 episodes: the mean and variance of the contacts, the whole contact
 * distribution by chi-square, and the mean and variance of the first interval (read off as
 * the time of the agreement contact when that is the second contact). With one contact per
 * episode the episode's length is a single interval: KS against the gamma CDF. Then drop-out,
 * the horizon and the re-seeding that gives every arm the same episode, checked exactly.
 *
 * Tolerances: means and variances within 4 standard errors (two-sided p about 6e-5; the
 * variance's standard error from the sample's fourth moment), KS and chi-square at p >= 1e-4,
 * with fixed seeds, so deterministic and safe to reseed. Power: each check also CHECKs that a
 * parameter 10 % off would be caught: 4 standard errors under half the shift it would make,
 * the critical KS distance under half the gap to the wrong CDF, and the chi-square and KS
 * tests rejecting the wrong parameter outright. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "episode_tables.h"
#include "processes/support.h"
#include "stats.h"

enum {
    N_EPISODES = 200000,
    HORIZON_WEEKS = 2000
};
static const double OFF[2] = {0.9, 1.1}; /* a parameter 10 % too low, 10 % too high */

static const spsim_support_params somerset = {.contacts_mean = 6,
                                              .contacts_dispersion = 4,
                                              .contact_interval_weeks = 2,
                                              .contact_interval_shape = 2,
                                              .dropout_per_week = 0.02};

typedef struct {
    double mean, variance, se_mean, se_variance;
} moments;

/* Sample mean and variance with their standard errors: sqrt(var / n) and, for the variance,
 * sqrt((m4 - var^2) / n) with m4 the fourth central moment. */
static moments sample_moments(const double *x, size_t n)
{
    double sum = 0.0, m2 = 0.0, m4 = 0.0;
    for (size_t i = 0; i < n; i++) sum += x[i];
    double mean = sum / (double)n;
    for (size_t i = 0; i < n; i++) {
        double d2 = (x[i] - mean) * (x[i] - mean);
        m2 += d2;
        m4 += d2 * d2;
    }
    m2 /= (double)n;
    m4 /= (double)n;
    return (moments){mean, m2 * (double)n / (double)(n - 1), sqrt(m2 / (double)n),
                     sqrt((m4 - m2 * m2) / (double)n)};
}

/* `what` is within 4 standard errors of `expected`, and 4 standard errors are under half the
 * smaller shift a 10 % error would make (`shift`). */
static void check_moment(double value, double se, double expected, double shift, const char *what)
{
    printf("%s: %.4f, expected %.4f, standard error %.4f\n", what, value, expected, se);
    CHECK_NEAR(value, expected, 4.0 * se, what);
    CHECK(4.0 * se < shift / 2.0,
          "%s: 4 standard errors (%.4f) under half the shift of a "
          "10 %% error (%.4f)",
          what, 4.0 * se, shift);
}

typedef struct {
    double contacts[N_EPISODES], first_interval[N_EPISODES], length[N_EPISODES];
    size_t n_with_interval; /* episodes of two or more contacts */
    double contacts_made, contacts_recorded;
    bool all_completed;
} episode_sample;

/* Plans the episodes, agreeing activities at the second contact so its time is the first
 * interval; episode keys come from a fixed-seed stream, as a person's key is drawn. */
static void plan_episodes(const spsim_support_params *p, episode_sample *s)
{
    static double contacts_by_week[HORIZON_WEEKS];
    gsl_rng *keys = gsl_rng_alloc(gsl_rng_taus2), *episode = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(keys, 505);
    *s = (episode_sample){.all_completed = true};
    for (size_t i = 0; i < N_EPISODES; i++) {
        gsl_rng_set(episode, gsl_rng_get(keys));
        spsim_episode e = spsim_support_plan(p, interval_table(p), contacts_table(p), 2, episode,
                                             INFINITY, 0.0, HORIZON_WEEKS, contacts_by_week, 1);
        s->contacts[i] = e.contacts_made;
        s->length[i] = e.length_weeks;
        s->contacts_made += e.contacts_made;
        s->all_completed &= e.completed;
        if (e.contacts_made >= 2) s->first_interval[s->n_with_interval++] = e.agreement_after_weeks;
    }
    for (int w = 0; w < HORIZON_WEEKS; w++) s->contacts_recorded += contacts_by_week[w];
    gsl_rng_free(keys);
    gsl_rng_free(episode);
}

/* Chi-square p of the contact counts against 1 + NegBin(mean - 1, k): 20 single values and a
 * tail, every bin expecting well over 5. */
static double contacts_fit(const double *contacts, double mean, double k)
{
    enum {
        BINS = 21
    };
    double counts[BINS] = {0}, p[BINS], nb_p = k / (k + mean - 1.0);
    for (size_t i = 0; i < N_EPISODES; i++) {
        int extra = (int)contacts[i] - 1;
        counts[extra < BINS - 1 ? extra : BINS - 1]++;
    }
    for (int b = 0; b < BINS - 1; b++) p[b] = gsl_ran_negative_binomial_pdf((unsigned)b, nb_p, k);
    p[BINS - 1] = gsl_cdf_negative_binomial_Q(BINS - 2, nb_p, k);
    return chisq_p_value(counts, p, BINS);
}

static void check_contacts(const episode_sample *s, const spsim_support_params *p)
{
    double m = p->contacts_mean, k = p->contacts_dispersion;
    moments c = sample_moments(s->contacts, N_EPISODES);
    check_moment(c.mean, c.se_mean, m, 0.1 * m, "contacts per episode, mean");
    /* Variance (m - 1) + (m - 1)^2 / k: k 10 % too high lowers it least. */
    double extra_variance = (m - 1.0) * (m - 1.0) / k;
    check_moment(c.variance, c.se_variance, (m - 1.0) + extra_variance,
                 extra_variance * (1.0 - 1.0 / 1.1), "contacts per episode, variance");
    double p_value = contacts_fit(s->contacts, m, k);
    printf("contacts per episode: chi-square p = %.3g\n", p_value);
    CHECK(p_value >= SPSIM_TEST_ALPHA, "contacts fit 1 + NegBin(5, 4): p = %.3g", p_value);
    for (int o = 0; o < 2; o++) {
        CHECK(contacts_fit(s->contacts, m * OFF[o], k) < SPSIM_TEST_ALPHA,
              "contacts: a mean x%.1f is rejected", OFF[o]);
        CHECK(contacts_fit(s->contacts, m, k * OFF[o]) < SPSIM_TEST_ALPHA,
              "contacts: a dispersion x%.1f is rejected", OFF[o]);
    }
    CHECK(s->all_completed, "without drop-out every episode completes");
    CHECK(s->contacts_recorded == s->contacts_made,
          "every contact is recorded in its week "
          "(%.0f of %.0f)",
          s->contacts_recorded, s->contacts_made);
}

static void check_intervals(const episode_sample *s, const spsim_support_params *p)
{
    double mean = p->contact_interval_weeks, shape = p->contact_interval_shape;
    moments i = sample_moments(s->first_interval, s->n_with_interval);
    check_moment(i.mean, i.se_mean, mean, 0.1 * mean, "interval between contacts, mean");
    /* Variance mean^2 / shape: a shape 10 % too high lowers it least. */
    check_moment(i.variance, i.se_variance, mean * mean / shape,
                 mean * mean / shape * (1.0 - 1.0 / 1.1), "interval between contacts, variance");
    /* The episode lasts its contacts' intervals: mean contacts x mean interval. */
    moments l = sample_moments(s->length, N_EPISODES);
    double expected = spsim_support_mean_length_weeks(p);
    CHECK_NEAR(expected, p->contacts_mean * mean, 1e-12, "documented mean episode length");
    check_moment(l.mean, l.se_mean, expected, 0.1 * expected, "episode length, mean");
}

/* params: {mean, shape}. */
static double gamma_cdf(double x, const double *params)
{
    return gsl_cdf_gamma_P(x, params[1], params[0] / params[1]);
}

/* One contact per episode: the length is one interval, Gamma(shape, mean / shape). */
static void check_single_interval(void)
{
    spsim_support_params p = somerset;
    p.contacts_mean = 1.0;
    static double length[N_EPISODES];
    gsl_rng *keys = gsl_rng_alloc(gsl_rng_taus2), *episode = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(keys, 606);
    double week[HORIZON_WEEKS];
    for (size_t i = 0; i < N_EPISODES; i++) {
        gsl_rng_set(episode, gsl_rng_get(keys));
        length[i] = spsim_support_plan(&p, interval_table(&p), contacts_table(&p), 1, episode,
                                       INFINITY, 0.0, HORIZON_WEEKS, week, 1)
                        .length_weeks;
    }
    gsl_rng_free(keys);
    gsl_rng_free(episode);
    sort_sample(length, N_EPISODES);
    const double params[] = {p.contact_interval_weeks, p.contact_interval_shape};
    double d = ks_statistic(length, N_EPISODES, gamma_cdf, params);
    double critical = ks_critical(N_EPISODES, SPSIM_TEST_ALPHA);
    printf("one-contact episode length: KS D = %.4f (p = %.3g, critical %.4f)\n", d,
           ks_p_value(d, N_EPISODES), critical);
    CHECK(ks_p_value(d, N_EPISODES) >= SPSIM_TEST_ALPHA,
          "one-contact episodes are one gamma "
          "interval: D = %.4f",
          d);
    for (int which = 0; which < 2; which++)
        for (int o = 0; o < 2; o++) {
            double off[2] = {params[0], params[1]};
            off[which] *= OFF[o];
            double gap = cdf_gap(length, N_EPISODES, gamma_cdf, params, gamma_cdf, off);
            CHECK(critical < gap / 2.0,
                  "interval %s x%.1f moves the CDF by %.4f, over twice "
                  "the critical %.4f",
                  which ? "shape" : "mean", OFF[o], gap, critical);
            double d_off = ks_statistic(length, N_EPISODES, gamma_cdf, off);
            CHECK(ks_p_value(d_off, N_EPISODES) < SPSIM_TEST_ALPHA,
                  "interval %s x%.1f is "
                  "rejected (D = %.4f)",
                  which ? "shape" : "mean", OFF[o], d_off);
        }
}

static bool same_episode(spsim_episode a, spsim_episode b)
{
    return a.length_weeks == b.length_weeks && a.completed == b.completed &&
           a.contacts_made == b.contacts_made && a.agreement_after_weeks == b.agreement_after_weeks;
}

/* An episode of at least four contacts, found from a fixed stream of keys. */
static unsigned long long_episode_key(gsl_rng *episode, spsim_episode *full)
{
    double week[HORIZON_WEEKS];
    for (unsigned long key = 1;; key++) {
        gsl_rng_set(episode, key);
        *full = spsim_support_plan(&somerset, interval_table(&somerset), contacts_table(&somerset),
                                   2, episode, INFINITY, 0.0, HORIZON_WEEKS, week, 1);
        if (full->contacts_made >= 4) return key;
    }
}

/* Drop-out cuts the planned episode short; re-seeding by the key gives the same episode in
 * every arm; contacts after the horizon are made but not recorded. All exact. */
static void check_dropout_and_horizon(void)
{
    gsl_rng *episode = gsl_rng_alloc(gsl_rng_taus2);
    double week[HORIZON_WEEKS] = {0};
    spsim_episode full, e;
    unsigned long key = long_episode_key(episode, &full);
#define PLAN(dropout)                                                                              \
    (gsl_rng_set(episode, key),                                                                    \
     spsim_support_plan(&somerset, interval_table(&somerset), contacts_table(&somerset), 2,        \
                        episode, (dropout), 0.0, HORIZON_WEEKS, week, 1))
    gsl_rng_set(episode, 99); /* whatever state it is left in */
    CHECK(same_episode(PLAN(INFINITY), full), "the same key plans the same episode");
    CHECK(same_episode(PLAN(full.length_weeks + 0.1), full),
          "drop-out after the planned end changes nothing");
    double agreed = full.agreement_after_weeks;
    e = PLAN(0.5 * (agreed + full.length_weeks));
    CHECK(!e.completed && e.length_weeks == 0.5 * (agreed + full.length_weeks) &&
              e.contacts_made >= 2 && e.contacts_made <= full.contacts_made &&
              e.agreement_after_weeks == agreed,
          "drop-out after agreement: ends at the drop-out time, agreement kept (%d of %d "
          "contacts)",
          e.contacts_made, full.contacts_made);
    e = PLAN(0.5 * agreed);
    CHECK(!e.completed && e.length_weeks == 0.5 * agreed && e.contacts_made == 1 &&
              isinf(e.agreement_after_weeks),
          "drop-out before the second contact: one contact, no agreement");
#undef PLAN

    /* Starting so the second contact falls just after the horizon: only the first is
     * recorded. The series has a week to spare after the horizon, to see nothing lands there. */
    double by_week[2 * (HORIZON_WEEKS + 1)] = {0}; /* two localities' series, interleaved */
    double start = HORIZON_WEEKS - agreed + 0.01;
    gsl_rng_set(episode, key);
    e = spsim_support_plan(&somerset, interval_table(&somerset), contacts_table(&somerset), 2,
                           episode, INFINITY, start, HORIZON_WEEKS, by_week, 2);
    double recorded = 0.0, other = 0.0;
    for (int w = 0; w <= HORIZON_WEEKS; w++) {
        recorded += by_week[2 * w];
        other += by_week[2 * w + 1];
    }
    CHECK(e.contacts_made == full.contacts_made && recorded == 1.0 && other == 0.0 &&
              by_week[2 * (int)start] == 1.0,
          "across the horizon: only the first contact is recorded, in its week, at the "
          "stride given (%.0f recorded of %d)",
          recorded, e.contacts_made);
    gsl_rng_free(episode);
}

int main(void)
{
    static episode_sample sample;
    plan_episodes(&somerset, &sample);
    check_contacts(&sample, &somerset);
    check_intervals(&sample, &somerset);
    check_single_interval();
    check_dropout_and_horizon();
    return spsim_check_finish();
}
