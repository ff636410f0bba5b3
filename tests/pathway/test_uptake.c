/* Offer and uptake (docs/model.md, "Offer and uptake"): take-up held to
 *
 *     p = p_source x exp(-s x expected_wait),
 *     expected_wait = 0 with a slot free and nobody waiting,
 *                     else (waiting + 1) x E / max(1, slots),
 *
 * with E = contacts_mean x contact_interval_weeks, and the referral sources held to their shares.
 *
 * 1. Sources (a locality with ample slots, so the expected wait is always 0 and p = p_source):
 *    arms where every referral is from a GP, or every one a self-referral, take up at
 *    uptake.probability and uptake.self_referral_probability; in an arm with mixed sources each
 *    source's share of referrals (the by-source breakdown) matches referral.source_shares, and
 *    take-up is the share-weighted mean of the two probabilities.
 * 2. Expected wait (a locality with no link workers: slots count as 1, so a person referred with
 *    n people waiting expects (n + 1) E weeks). With exponential patience of mean T and Poisson
 *    referrals at rate lambda, the number waiting is a birth-death process with births at
 *    lambda p0 exp(-a (n + 1)), a = s E, and deaths at n / T. Its stationary law is
 *    pi(n) ~ (lambda p0 T)^n exp(-a n (n + 1) / 2) / n!, and by PASTA the share of referrals
 *    taken up is sum_n pi(n) p0 exp(-a (n + 1)). With s = 0 it is p0.
 *
 * Tolerances: 4 standard errors, each the larger of the binomial standard error and the spread
 * of the replications' own estimates (the number waiting correlates neighbouring decisions).
 * Fixed seed: deterministic; 4 standard errors would fail by chance for about one seed in
 * 16,000. Power: each tolerance is checked to be under half the change a 10 % change of the
 * parameter it holds would make (p_source; a share; the wait sensitivity s), and an arm with s
 * 10 % higher is run and must be rejected. The mean number waiting (week-end levels) is held to
 * sum_n n pi(n) within 4 standard errors of the replications' means. The two runs take about a
 * second together. */
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>

#include "pathway_run.h"

enum {
    WARMUP_WEEKS = 10
};

/* --- 1. Take-up by source, with no wait --------------------------------------------------- */

enum {
    ARM_GP,
    ARM_SELF,
    ARM_MIXED
};

/* 250 referrals a week, held for a tenth of a week each, in 500 slots: nobody ever waits. */
static const char sources_scenario[] =
    "name: sources\nstart_date: 2025-04-01\nseed: 31\nreplications: 2\nhorizon_years: 5\n"
    "localities:\n"
    "  town:\n"
    "    population: " PATHWAY_PEOPLE(
        10000) "\n"
               "    deprivation: 0.2\n    rurality: 0.2\n"
               "    link_workers: {fte: 1, capacity: caseload, caseload_per_fte: 500,\n"
               "                   attrition_per_year: 0}\n"
               "    groups_at_start: {}\n"
               "referral: {base_rate_per_1000_per_year: 260.9, maturity_start_fraction: 1}\n"
               "uptake: {probability: 0.89, self_referral_probability: 0.95,\n"
               "         wait_sensitivity_per_week: 0.02}\n"
               "support: {contacts_mean: 1, contact_interval_weeks: 0.1, contact_interval_shape: "
               "1,\n"
               "          dropout_per_week: 0, first_contact_delay_weeks: 0}\n"
               "arms:\n"
               "  gp: {referral: {source_shares: {gp: 1}}}\n"
               "  self: {referral: {source_shares: {self_referral: 1}}}\n"
               "  mixed:\n"
               "    referral:\n"
               "      source_shares: {gp: 0.24, other_primary_care: 0.1, pharmacy: 0.1,\n"
               "                      hospital_discharge: 0.1, social_care: 0.1, vcse: 0.1,\n"
               "                      other_statutory: 0.1, self_referral: 0.16}\n";

typedef struct {
    double taken_up, referrals;
} uptake_count;

static uptake_count count_uptake(spsim_run *run, int arm, int rep, int from)
{
    spsim_arm_results *r = pathway_results(run, arm, rep);
    return (uptake_count){pathway_sum(r, SPSIM_SERIES_TAKEN_UP, 0, from, run->n_weeks),
                          pathway_sum(r, SPSIM_SERIES_REFERRALS, 0, from, run->n_weeks)};
}

/* Take-up share over every replication, and its standard error: the larger of the binomial one
 * and the spread between replications. */
static double uptake_share(spsim_run *run, int arm, int from, double *se)
{
    double u = 0.0, n = 0.0, per_rep[256];
    int reps = run->n_replications < 256 ? run->n_replications : 256;
    for (int rep = 0; rep < reps; rep++) {
        uptake_count c = count_uptake(run, arm, rep, from);
        u += c.taken_up;
        n += c.referrals;
        per_rep[rep] = c.taken_up / c.referrals;
    }
    double share = u / n;
    double binomial = sqrt(share * (1.0 - share) / n);
    double spread = reps > 1 ? gsl_stats_sd(per_rep, 1, reps) / sqrt(reps) : 0.0;
    *se = fmax(binomial, spread);
    return share;
}

static void check_source_probability(spsim_run *run, int arm, double p, const char *what)
{
    double se, share = uptake_share(run, arm, 0, &se);
    double tol = 4.0 * se;
    printf("%-30s take-up %.4f, expected %.4f (tolerance %.4f)\n", what, share, p, tol);
    CHECK_NEAR(share, p, tol, what);
    CHECK(tol < 0.5 * 0.1 * p,
          "power: %s tolerance %.4f is under half the change %.4f of a "
          "probability 10 %% off",
          what, tol, 0.1 * p);
}

static void check_source_shares(spsim_run *run, const spsim_arm_params *p)
{
    double n = pathway_sum_reps(run, ARM_MIXED, SPSIM_SERIES_REFERRALS, 0, 0, run->n_weeks);
    double by_source_total = 0.0;
    for (int src = 0; src < SPSIM_N_SOURCES; src++) {
        double count = 0.0;
        for (int rep = 0; rep < run->n_replications; rep++)
            count +=
                pathway_breakdown_sum(pathway_results(run, ARM_MIXED, rep),
                                      SPSIM_BREAKDOWN_REFERRALS_BY_SOURCE, 0, src, 0, run->n_weeks);
        by_source_total += count;
        double share = p->referral.source_share[src];
        double tol = 4.0 * sqrt(share * (1.0 - share) / n); /* multinomial */
        char what[96];
        snprintf(what, sizeof what, "share of referrals from %s", spsim_source_key[src]);
        CHECK_NEAR(count / n, share, tol, what);
        CHECK(tol < 0.5 * 0.1 * share,
              "power: %s tolerance %.4f is under half the change %.4f "
              "of a share 10 %% off",
              what, tol, 0.1 * share);
    }
    CHECK(by_source_total == n, "referrals by source (%.0f) add up to referrals (%.0f)",
          by_source_total, n);
}

static void check_sources(void)
{
    spsim_scenario *s = pathway_parse(sources_scenario);
    spsim_run *run = pathway_run(s);
    if (!run) {
        spsim_scenario_free(s);
        return;
    }
    const spsim_uptake_params *u = &s->arms[ARM_MIXED].uptake;
    const double *shares = s->arms[ARM_MIXED].referral.source_share;
    check_source_probability(run, ARM_GP, u->probability, "GP referrals");
    check_source_probability(run, ARM_SELF, u->self_referral_probability, "self-referrals");
    double self = shares[SPSIM_SOURCE_SELF_REFERRAL];
    check_source_probability(run, ARM_MIXED,
                             (1.0 - self) * u->probability + self * u->self_referral_probability,
                             "mixed sources");
    check_source_shares(run, &s->arms[ARM_MIXED]);
    spsim_run_free(run);
    spsim_scenario_free(s);
}

/* --- 2. The expected wait ----------------------------------------------------------------- */

enum {
    ARM_SENSITIVE,
    ARM_STEEPER,
    ARM_INSENSITIVE
};

/* About 9.6 referrals a week, all from GPs, to a locality whose service has no slots (0.5 FTE at
 * 1 slot per FTE rounds down to none; the expected wait counts its slots as one); exponential
 * patience with a mean of one week (median ln 2). E = 6 x 2 = 12 weeks, so a = 0.24 in the
 * base arm; the others have s 10 % higher and s = 0. */
static const char wait_scenario[] =
    "name: expected_wait\nstart_date: 2025-04-01\nseed: 77\nreplications: 20\n"
    "horizon_years: 10\n"
    "localities:\n"
    "  town:\n"
    "    population: " PATHWAY_PEOPLE(
        2000) "\n"
              "    deprivation: 0.2\n    rurality: 0.2\n"
              "    link_workers: {fte: 0.5, capacity: caseload, caseload_per_fte: 1}\n"
              "    groups_at_start: {}\n"
              "referral: {base_rate_per_1000_per_year: 50, maturity_start_fraction: 1,\n"
              "           source_shares: {gp: 1}}\n"
              "uptake: {probability: 0.89, wait_sensitivity_per_week: 0.02}\n"
              "support: {contacts_mean: 6, contact_interval_weeks: 2, first_contact_delay_weeks: "
              "0,\n"
              "          no_show_probability: 0}\n"
              "reneging: {enabled: true, median_weeks: 0.693147180559945, shape: 1}\n"
              "arms:\n"
              "  sensitive: {}\n"
              "  steeper: {uptake: {wait_sensitivity_per_week: 0.022}}\n"
              "  insensitive: {uptake: {wait_sensitivity_per_week: 0}}\n";

/* Stationary take-up share of the birth-death queue above; *mean_waiting gets sum n pi(n). */
static double stationary_uptake(double lambda, double p0, double mean_patience, double a,
                                double *mean_waiting)
{
    double x = lambda * p0 * mean_patience, z = 0.0, up = 0.0, waiting = 0.0;
    for (int n = 0; n < 400; n++) {
        double w = exp(n * log(x) - a * n * (n + 1) / 2.0 - lgamma(n + 1.0));
        z += w;
        up += w * p0 * exp(-a * (n + 1));
        waiting += w * n;
    }
    if (mean_waiting) *mean_waiting = waiting / z;
    return up / z;
}

typedef struct {
    double lambda, p0, mean_patience, episode_weeks;
} wait_setting;

static wait_setting setting_of(const spsim_arm_params *p)
{
    double people = 0.0;
    for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) people += p->localities[0].population[b];
    /* Exponential patience (shape 1): mean = median / ln 2. */
    return (wait_setting){people * p->referral.base_rate_per_1000_per_year / 1000.0 /
                              SPSIM_WEEKS_PER_YEAR,
                          p->uptake.probability, p->reneging.median_weeks / log(2.0),
                          p->support.contacts_mean * p->support.contact_interval_weeks};
}

static double expected_uptake(const spsim_arm_params *p, double s, double *mean_waiting)
{
    wait_setting w = setting_of(p);
    return stationary_uptake(w.lambda, w.p0, w.mean_patience, s * w.episode_weeks, mean_waiting);
}

/* Mean level waiting at the week ends after the warm-up, over replications, with the standard
 * error of the replications' means. */
static double mean_waiting_level(spsim_run *run, int arm, double *se)
{
    double per_rep[256];
    int reps = run->n_replications < 256 ? run->n_replications : 256;
    int weeks = run->n_weeks - WARMUP_WEEKS;
    for (int rep = 0; rep < reps; rep++)
        per_rep[rep] = pathway_sum(pathway_results(run, arm, rep), SPSIM_SERIES_WAITING, 0,
                                   WARMUP_WEEKS, run->n_weeks) /
                       weeks;
    *se = gsl_stats_sd(per_rep, 1, reps) / sqrt(reps);
    return gsl_stats_mean(per_rep, 1, reps);
}

static void check_expected_wait(void)
{
    spsim_scenario *s = pathway_parse(wait_scenario);
    spsim_run *run = pathway_run(s);
    if (!run) {
        spsim_scenario_free(s);
        return;
    }
    const spsim_arm_params *p = &s->arms[ARM_SENSITIVE];
    double sens = p->uptake.wait_sensitivity_per_week, se, waiting;
    double expected = expected_uptake(p, sens, &waiting);
    double share = uptake_share(run, ARM_SENSITIVE, WARMUP_WEEKS, &se);
    double tol = 4.0 * se;
    printf("take-up with waits: %.4f, expected %.4f (tolerance %.4f)\n", share, expected, tol);
    CHECK_NEAR(share, expected, tol, "take-up lowered by the expected wait");

    for (double factor = 0.9; factor < 1.2; factor += 0.2) {
        double shift = fabs(expected_uptake(p, sens * factor, NULL) - expected);
        CHECK(tol < 0.5 * shift,
              "power: take-up tolerance %.4f is under half the shift %.4f "
              "when the wait sensitivity is x%.1f",
              tol, shift, factor);
    }
    double steeper = uptake_share(run, ARM_STEEPER, WARMUP_WEEKS, &se);
    CHECK(fabs(steeper - expected) > tol,
          "the arm with the wait sensitivity 10 %% higher "
          "(take-up %.4f) is rejected against %.4f +- %.4f",
          steeper, expected, tol);

    double none = uptake_share(run, ARM_INSENSITIVE, WARMUP_WEEKS, &se);
    CHECK_NEAR(none, p->uptake.probability, 4.0 * se, "take-up with no wait sensitivity");

    double level_se, level = mean_waiting_level(run, ARM_SENSITIVE, &level_se);
    printf("mean waiting %.4f, expected %.4f (tolerance %.4f)\n", level, waiting, 4.0 * level_se);
    CHECK_NEAR(level, waiting, 4.0 * level_se, "mean number waiting (birth-death law)");
    spsim_run_free(run);
    spsim_scenario_free(s);
}

int main(void)
{
    check_sources();
    check_expected_wait();
    return spsim_check_finish();
}
