/* Random streams (docs/model.md, "Randomness and reproducibility"): every locality and every
 * replication has streams of its own, and the arms of a replication share them.
 *
 * 1. Localities: two identical localities' weekly referral counts are uncorrelated
 *    (|r| < 4 / sqrt(weeks) in each replication, and the mean r over replications within
 *    4 / sqrt(weeks x replications)) and differ in most weeks; neither series is autocorrelated
 *    at lag 1. Their person draws are their own too: in weeks where both localities have had
 *    the same number of referrals so far, the same draws would give the same number declined
 *    so far, every time; with their own streams that happens in a few per cent of those weeks
 *    (about 1 / sqrt(pi x referrals)), so fewer than half is required.
 * 2. Replications: consecutive replications' weekly referral counts are uncorrelated
 *    (|r| < 4 / sqrt(weeks)) and differ.
 * 3. Common random numbers: arms that differ only in link workers see the same referrals and
 *    the same declines, week by week, locality by locality, in every replication; an arm with
 *    higher take-up takes up at least as many people every week (the same uniform draws against
 *    a higher probability); an arm that changes one locality's population leaves the other
 *    locality's referrals and declines exactly as they were, and changes its own.
 *
 * Tolerances: a correlation of n independent pairs has standard error 1 / sqrt(n); 4 of them.
 * Fixed seed: deterministic; 4 standard errors fail by chance for about one seed in 16,000 per
 * check. Power: a shared stream gives r = 1 (the series are then identical), far outside. The
 * common-random-number checks are exact. With a service that has no slots in the base arm (0.5
 * FTE at 1 slot per FTE rounds down to none) and take-up not depending on the wait, people only
 * arrive, decide and leave the queue, so the run takes a fraction of a second. */
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pathway_run.h"

enum {
    ARM_BASE,
    ARM_MORE_STAFF,
    ARM_HIGHER_UPTAKE,
    ARM_BIGGER_WEST,
    N_ARMS
};
enum {
    EAST,
    WEST,
    N_LOCALITIES
};
enum {
    MAX_WEEKS = 1024
};

/* Two identical localities of 10,000 residents, about 10 referrals a week each. */
static const char scenario[] =
    "name: streams\nstart_date: 2025-04-01\nseed: 8\nreplications: 12\nhorizon_years: 10\n"
    "localities:\n"
    "  east:\n"
    "    population: " PATHWAY_PEOPLE(
        2000) "\n"
              "    deprivation: 0.2\n    rurality: 0.2\n    link_workers: {fte: 0.5, capacity: "
              "caseload,\n"
              "                   caseload_per_fte: 1}\n"
              "    groups_at_start: {}\n"
              "  west:\n"
              "    population: " PATHWAY_PEOPLE(
                  2000) "\n"
                        "    deprivation: 0.2\n    rurality: 0.2\n    link_workers: {fte: 0.5, "
                        "capacity: caseload,\n"
                        "                   caseload_per_fte: 1}\n"
                        "    groups_at_start: {}\n"
                        "referral: {base_rate_per_1000_per_year: 52.18, maturity_start_fraction: "
                        "1}\n"
                        "uptake: {probability: 0.5, self_referral_probability: 0.5, "
                        "wait_sensitivity_per_week: 0}\n"
                        "arms:\n"
                        "  base: {}\n"
                        "  more_staff: {localities: {east: {link_workers: {fte: 1}}, west: "
                        "{link_workers: {fte: 2}}}}\n"
                        "  higher_uptake: {uptake: {probability: 0.6, self_referral_probability: "
                        "0.6}}\n"
                        "  bigger_west: {localities: {west: {population: " PATHWAY_PEOPLE(
                            4000) "}}}\n";

/* A weekly series of one locality, as an array. */
static void series_of(spsim_arm_results *r, spsim_series_id id, int loc, double *out)
{
    for (int w = 0; w < r->n_weeks; w++) out[w] = *spsim_series_at(r, id, w, loc);
}

static int weeks_equal(const double *a, const double *b, int n)
{
    int same = 0;
    for (int w = 0; w < n; w++) same += a[w] == b[w];
    return same;
}

static void check_localities(spsim_run *run)
{
    int n = run->n_weeks, reps = run->n_replications;
    double east[MAX_WEEKS], west[MAX_WEEKS], r_sum = 0.0, limit = 4.0 / sqrt(n);
    for (int rep = 0; rep < reps; rep++) {
        spsim_arm_results *res = pathway_results(run, ARM_BASE, rep);
        series_of(res, SPSIM_SERIES_REFERRALS, EAST, east);
        series_of(res, SPSIM_SERIES_REFERRALS, WEST, west);
        double r = gsl_stats_correlation(east, 1, west, 1, n);
        r_sum += r;
        CHECK(fabs(r) < limit,
              "replication %d: east and west weekly referrals uncorrelated "
              "(r %.3f, limit %.3f)",
              rep, r, limit);
        int same = weeks_equal(east, west, n);
        CHECK(same < n / 2,
              "replication %d: east and west referrals differ in most weeks (the "
              "same in %d of %d)",
              rep, same, n);
        double lag1 = gsl_stats_correlation(east, 1, east + 1, 1, n - 1);
        CHECK(fabs(lag1) < 4.0 / sqrt(n - 1),
              "replication %d: east's weekly referrals not "
              "autocorrelated (lag-1 r %.3f)",
              rep, lag1);
    }
    double mean_r = r_sum / reps;
    printf("mean correlation of east and west weekly referrals %.4f (limit %.4f)\n", mean_r,
           4.0 / sqrt((double)n * reps));
    CHECK(fabs(mean_r) < 4.0 / sqrt((double)n * reps),
          "mean correlation of east and west over "
          "replications %.4f",
          mean_r);
}

/* Weeks (over every replication) where east and west have had equally many referrals so far,
 * and how many of them have also had equally many declines. */
static void check_person_draws(spsim_run *run)
{
    int tied = 0, same_declines = 0;
    for (int rep = 0; rep < run->n_replications; rep++) {
        spsim_arm_results *r = pathway_results(run, ARM_BASE, rep);
        double ref[N_LOCALITIES] = {0}, dec[N_LOCALITIES] = {0};
        for (int w = 0; w < run->n_weeks; w++) {
            for (int l = 0; l < N_LOCALITIES; l++) {
                ref[l] += *spsim_series_at(r, SPSIM_SERIES_REFERRALS, w, l);
                dec[l] += *spsim_series_at(r, SPSIM_SERIES_DECLINED, w, l);
            }
            if (ref[EAST] != ref[WEST]) continue;
            tied++;
            same_declines += dec[EAST] == dec[WEST];
        }
    }
    printf("%d weeks with equal referrals so far; equal declines so far in %d\n", tied,
           same_declines);
    CHECK(tied >= 20, "enough weeks with equal referrals so far to compare declines (%d)", tied);
    CHECK(same_declines < tied / 2,
          "east and west draw their own people: equal declines in %d "
          "of the %d weeks with equal referrals",
          same_declines, tied);
}

static void check_replications(spsim_run *run)
{
    int n = run->n_weeks;
    double a[MAX_WEEKS], b[MAX_WEEKS], limit = 4.0 / sqrt(n);
    for (int rep = 0; rep + 1 < run->n_replications; rep++) {
        series_of(pathway_results(run, ARM_BASE, rep), SPSIM_SERIES_REFERRALS, EAST, a);
        series_of(pathway_results(run, ARM_BASE, rep + 1), SPSIM_SERIES_REFERRALS, EAST, b);
        double r = gsl_stats_correlation(a, 1, b, 1, n);
        CHECK(fabs(r) < limit,
              "replications %d and %d: weekly referrals uncorrelated (r %.3f, "
              "limit %.3f)",
              rep, rep + 1, r, limit);
        int same = weeks_equal(a, b, n);
        CHECK(same < n / 2, "replications %d and %d differ in most weeks (the same in %d of %d)",
              rep, rep + 1, same, n);
    }
}

/* Weeks (over replications) where arm `arm`'s series `id` in `loc` differs from the base arm's. */
static int weeks_differing(spsim_run *run, int arm, spsim_series_id id, int loc)
{
    int differ = 0;
    for (int rep = 0; rep < run->n_replications; rep++)
        for (int w = 0; w < run->n_weeks; w++)
            differ += *spsim_series_at(pathway_results(run, arm, rep), id, w, loc) !=
                      *spsim_series_at(pathway_results(run, ARM_BASE, rep), id, w, loc);
    return differ;
}

/* Weeks where the higher-take-up arm took up fewer people than the base arm. */
static int weeks_taking_up_fewer(spsim_run *run, int loc)
{
    int fewer = 0;
    for (int rep = 0; rep < run->n_replications; rep++)
        for (int w = 0; w < run->n_weeks; w++)
            fewer += *spsim_series_at(pathway_results(run, ARM_HIGHER_UPTAKE, rep),
                                      SPSIM_SERIES_TAKEN_UP, w,
                                      loc) < *spsim_series_at(pathway_results(run, ARM_BASE, rep),
                                                              SPSIM_SERIES_TAKEN_UP, w, loc);
    return fewer;
}

static void check_common_random_numbers(spsim_run *run)
{
    for (int l = 0; l < N_LOCALITIES; l++) {
        CHECK(weeks_differing(run, ARM_MORE_STAFF, SPSIM_SERIES_REFERRALS, l) == 0 &&
                  weeks_differing(run, ARM_MORE_STAFF, SPSIM_SERIES_DECLINED, l) == 0,
              "locality %d: more link workers, the same referrals and declines every week", l);
        CHECK(weeks_differing(run, ARM_HIGHER_UPTAKE, SPSIM_SERIES_REFERRALS, l) == 0,
              "locality %d: higher take-up, the same referrals every week", l);
        int fewer = weeks_taking_up_fewer(run, l);
        CHECK(fewer == 0,
              "locality %d: higher take-up never takes up fewer people in a week "
              "(fewer in %d weeks)",
              l, fewer);
        CHECK(weeks_differing(run, ARM_HIGHER_UPTAKE, SPSIM_SERIES_TAKEN_UP, l) > 0,
              "locality %d: higher take-up does take up more people", l);
    }
    CHECK(weeks_differing(run, ARM_BIGGER_WEST, SPSIM_SERIES_REFERRALS, EAST) == 0 &&
              weeks_differing(run, ARM_BIGGER_WEST, SPSIM_SERIES_DECLINED, EAST) == 0,
          "a bigger west leaves east's referrals and declines exactly as they were");
    CHECK(weeks_differing(run, ARM_BIGGER_WEST, SPSIM_SERIES_REFERRALS, WEST) > 0,
          "a bigger west changes west's referrals");
}

int main(void)
{
    spsim_scenario *s = pathway_parse(scenario);
    spsim_run *run = pathway_run(s);
    if (!run) {
        spsim_scenario_free(s);
        return spsim_check_finish();
    }
    if (CHECK(run->n_weeks <= MAX_WEEKS && run->n_arms == N_ARMS, "the run's shape is as "
                                                                  "written")) {
        check_localities(run);
        check_person_draws(run);
        check_replications(run);
        check_common_random_numbers(run);
    }
    spsim_run_free(run);
    spsim_scenario_free(s);
    return spsim_check_finish();
}
