/* Groups forming without commissioning (docs/model.md, section 10): each week a locality gains a
 * Poisson number of groups with mean formation_per_10000_per_year x residents / 10,000 / 52.18,
 * of types in proportion to groups_per_10000_population.
 *
 * Checked:
 * - process level (spsim_community_form_groups), 20 years in a locality of 5 million residents
 *   (about 24,000 groups): groups formed per 10,000 resident-years against the parameter, and
 *   groups simulated at 1.1 x the parameter are rejected; each type's share against its weight
 *   (a type of weight 0 gets none; all weights 0 give equal shares);
 * - whole run, 20 years, 3 million residents, no builders or funding: groups formed (the
 *   groups_formed series) per 10,000 resident-years against the arm's parameter, and groups
 *   conserved week by week: open groups = last week's + opened + formed - closed;
 * - the default scenario (scenarios/somerset.yaml) with nothing commissioned (do_nothing), ten
 *   years, four replications: county places at the end are within 30 % of the start (in
 *   simulation within about 2 %), while the same arm with no groups forming loses more than
 *   30 % (about 80 %), so the check depends on the mechanism.
 * Counts are Poisson, so the rate's standard error is the parameter / sqrt(expected groups) and
 * a type's share has a binomial standard error. Tolerances are 4 standard errors, so a reseed
 * does not flake; the rate checks also require that tolerance to be under 5 % of the parameter,
 * so a rate 10 % off fails. Fixed seeds. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "processes/community.h"
#include "scenario/scenario.h"
#include "../verification/queue_scenario.h"
#include "../workforce/rate_check.h"

enum {
    YEARS_20 = 1044,
    TEN_YEARS = 522
};

static const double RATE = 2.4; /* the registry default, groups per 10,000 residents a year */

typedef struct {
    double formed, by_type[SPSIM_N_ACTIVITIES];
} formation;

static formation simulate(double rate, const double weights[SPSIM_N_ACTIVITIES], double population,
                          unsigned long seed)
{
    spsim_community_params p = {.formation_per_10000_per_year = rate, .group_size = 4};
    memcpy(p.groups_per_10000_population, weights, sizeof p.groups_per_10000_population);
    spsim_locality none = {0};
    spsim_community c;
    formation f = {0};
    gsl_rng *rng = rate_rng(seed);
    if (!CHECK(rng && spsim_community_init(&c, &none, 4) == 0, "community set up")) return f;
    int failed = 0;
    for (int week = 0; week < YEARS_20 && !failed; week++) {
        int n = spsim_community_form_groups(&c, &p, population, rng);
        failed = n < 0;
        f.formed += n;
    }
    CHECK(!failed, "groups formed every week (not out of memory)");
    for (int g = 0; g < c.n_groups; g++) f.by_type[c.groups[g].activity] += 1.0;
    spsim_community_free(&c);
    gsl_rng_free(rng);
    return f;
}

/* Groups formed per 10,000 residents a year, over `weeks` weeks. */
static double per_10000_year(double formed, double population, double weeks)
{
    return formed / (population / 10000.0 * weeks / SPSIM_WEEKS_PER_YEAR);
}

static void check_type_shares(const formation *f, const double weights[SPSIM_N_ACTIVITIES],
                              const char *what)
{
    double total = 0.0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) total += weights[a];
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        double share = weights[a] / total, got = f->by_type[a] / f->formed;
        double se = sqrt(share * (1.0 - share) / f->formed);
        if (share == 0.0)
            CHECK(f->by_type[a] == 0, "%s: no %s groups form (weight 0), got %.0f", what,
                  spsim_activity_key[a], f->by_type[a]);
        else
            CHECK(fabs(got - share) <= RATE_SES * se, "%s: share of %s %.4f vs %.4f (tol %.4f)",
                  what, spsim_activity_key[a], got, share, RATE_SES * se);
    }
}

static void check_process(void)
{
    const double population = 5e6, weights[SPSIM_N_ACTIVITIES] = {1, 2, 3, 4, 0};
    formation f = simulate(RATE, weights, population, 21);
    double expected = RATE * population / 10000.0 * YEARS_20 / SPSIM_WEEKS_PER_YEAR;
    double se = RATE / sqrt(expected);
    printf("process: %.0f groups formed, %.0f expected\n", f.formed, expected);
    CHECK_RATE(per_10000_year(f.formed, population, YEARS_20), RATE, se,
               "groups formed per 10,000 residents a year (process)");
    check_type_shares(&f, weights, "types in proportion to groups_per_10000_population");

    formation off = simulate(1.1 * RATE, weights, population, 22);
    double off_estimate = per_10000_year(off.formed, population, YEARS_20);
    CHECK(fabs(off_estimate - RATE) > RATE_SES * se,
          "groups formed at 1.1 x the rate (estimate %.4f) are rejected by the tolerance %.4f",
          off_estimate, RATE_SES * se);

    const double none[SPSIM_N_ACTIVITIES] = {0}, equal[SPSIM_N_ACTIVITIES] = {1, 1, 1, 1, 1};
    formation even = simulate(RATE, none, 1e6, 23);
    check_type_shares(&even, equal, "no type weights: equal shares");
    formation zero = simulate(0.0, weights, population, 24);
    CHECK(zero.formed == 0, "a rate of 0 forms no groups (%.0f)", zero.formed);
}

/* Open groups = last week's + opened + formed - closed, in every week. */
static void check_groups_conserved(spsim_run *r, double at_start)
{
    int bad = 0;
    double last = at_start;
    for (int w = 0; w < r->n_weeks; w++) {
        double now = rate_at(r, 0, SPSIM_SERIES_GROUPS, w);
        double change = rate_at(r, 0, SPSIM_SERIES_GROUPS_OPENED, w) +
                        rate_at(r, 0, SPSIM_SERIES_GROUPS_FORMED, w) -
                        rate_at(r, 0, SPSIM_SERIES_GROUPS_CLOSED, w);
        if (now != last + change) bad++;
        last = now;
    }
    CHECK(bad == 0, "open groups = last week's + opened + formed - closed (%d weeks wrong)", bad);
}

static void check_run(void)
{
    spsim_scenario *s = queue_scenario(1.0, 10, 1.0, YEARS_20, 1);
    spsim_arm_params *a = &s->arms[0];
    const double population = 3e6, at_start = 200;
    a->localities[0].population[SPSIM_AGE_30_49] = population;
    a->referral.base_rate_per_1000_per_year = 0.0002; /* about one referral a year */
    a->community.formation_per_10000_per_year = RATE;
    a->community.closure_per_year = 0.15;
    a->community.groups_per_10000_population[SPSIM_ACTIVITY_ADVICE] = 1.0;
    a->localities[0].groups_at_start[SPSIM_ACTIVITY_PEER_SUPPORT] = at_start;
    spsim_run *r = rate_run(s);
    if (!r) {
        free(s);
        return;
    }
    double formed = 0.0;
    for (int w = 0; w < r->n_weeks; w++) formed += rate_at(r, 0, SPSIM_SERIES_GROUPS_FORMED, w);
    double expected = RATE * population / 10000.0 * r->n_weeks / SPSIM_WEEKS_PER_YEAR;
    CHECK_RATE(per_10000_year(formed, population, r->n_weeks), RATE, RATE / sqrt(expected),
               "groups formed per 10,000 residents a year (run: groups_formed)");
    check_groups_conserved(r, at_start);
    spsim_run_free(r);
    free(s);
}

static double county_places(const spsim_run *run, int arm, int week)
{
    double sum = 0.0;
    for (int r = 0; r < run->n_replications; r++)
        for (int l = 0; l < run->n_localities; l++)
            sum += *spsim_series_at(&run->results[arm][r], SPSIM_SERIES_PLACES, week, l);
    return sum / run->n_replications;
}

/* The default do_nothing arm, and the same arm with no groups forming. */
static void check_do_nothing_level(void)
{
    spsim_scenario *s = spsim_scenario_load_reporting("scenarios/somerset.yaml", stderr);
    char err[256];
    if (!CHECK(s != NULL && spsim_scenario_select_arms(s, "do_nothing", err, sizeof err) == 0,
               "the default scenario loads with its do_nothing arm"))
        return;
    s->arms[1] = s->arms[0];
    s->arms[1].community.formation_per_10000_per_year = 0.0;
    s->n_arms = 2;
    s->n_weeks = TEN_YEARS;
    s->replications = 4;
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (CHECK(run != NULL, "run failed: %s", err)) {
        double start = county_places(run, 0, 0), end = county_places(run, 0, TEN_YEARS - 1);
        double bare_end = county_places(run, 1, TEN_YEARS - 1);
        printf("do_nothing: county places %.0f at the start, %.0f after ten years (%.0f with no "
               "groups forming)\n",
               start, end, bare_end);
        CHECK(fabs(end / start - 1.0) <= 0.30,
              "with nothing commissioned places after ten years (%.0f) are within 30 %% of the "
              "start (%.0f)",
              end, start);
        CHECK(bare_end < 0.7 * county_places(run, 1, 0),
              "with no groups forming they fall by more than 30 %% (%.0f)", bare_end);
        spsim_run_free(run);
    }
    spsim_scenario_free(s);
}

int main(void)
{
    check_process();
    check_run();
    check_do_nothing_level();
    return spsim_check_finish();
}
