/* The closure hazard of VCSE groups held to its parameters (docs/model.md, section 10): an open
 * group closes in a week with probability 1 - exp(-h m / 52.18), h = -ln(1 - closure_per_year),
 * m = f x (1 - closure_reduction x supported share), f = funded_closure_ratio while funded.
 *
 * Checked, each from closures per open-group-week at the weekly tick:
 * - process level (spsim_community_weekly_closures), groups replaced as they close so that the
 *   number at risk stays constant for twenty years:
 *   - unfunded, unsupported groups: the yearly closure probability against closure_per_year,
 *     and groups simulated with a 10 % higher rate are rejected;
 *   - funded groups: their hazard over the unfunded hazard against funded_closure_ratio;
 *   - half the groups supported by builders: hazard ratio against 1 - 0.6 x 0.5;
 *   - commissioned groups, while funded, never close;
 * - whole run, no builders and no funding: the yearly closure probability from the groups and
 *   groups-closed series against the arm's closure_per_year.
 * A group's week is one Bernoulli trial, so the binomial standard error is exact up to second
 * order (delta method for the yearly figure and the log hazard ratio). Tolerances are 4 standard
 * errors, so a reseed does not flake; each is checked to be under 5 % of its parameter, so a
 * rate 10 % off fails. Fixed seeds. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "processes/community.h"
#include "../verification/queue_scenario.h"
#include "../workforce/rate_check.h"

enum {
    YEARS_20 = 1044
};

static const spsim_community_params PARAMS = {.closure_per_year = 0.15,
                                              .funded_closure_ratio = 0.25};

typedef struct {
    double closures;
    double group_weeks; /* open groups at risk, summed over weekly ticks */
} exposure;

typedef struct {
    int groups;
    double funded_until; /* INFINITY: funded throughout; 0: never funded */
    bool commissioned;
    double supported_share;
    double closure_per_year;
} group_setting;

/* `g.groups` groups of one type for twenty years, each replaced by a like one as it closes. */
static exposure simulate(group_setting g, unsigned long seed)
{
    spsim_community_params p = PARAMS;
    p.closure_per_year = g.closure_per_year;
    spsim_locality none = {0};
    spsim_community c;
    exposure e = {0};
    gsl_rng *rng = rate_rng(seed);
    if (!CHECK(rng && spsim_community_init(&c, &none, 4) == 0, "community set up")) return e;
    for (int week = 1; week <= YEARS_20; week++) {
        while (spsim_community_open_groups(&c) < g.groups)
            spsim_community_open_group(&c, SPSIM_ACTIVITY_PEER_SUPPORT, 4, g.funded_until,
                                       g.commissioned);
        int closed = 0, displaced = 0;
        e.group_weeks += spsim_community_open_groups(&c);
        spsim_community_weekly_closures(&c, &p, 0.6, g.supported_share, week, rng, &closed,
                                        &displaced);
        e.closures += closed;
    }
    spsim_community_free(&c);
    gsl_rng_free(rng);
    return e;
}

/* Hazard per year from closures per group-week: -52.18 ln(1 - weekly probability). */
static double hazard_per_year(double weekly)
{
    return -SPSIM_WEEKS_PER_YEAR * log1p(-weekly);
}

static void check_unfunded(void)
{
    group_setting g = {.groups = 4000, .closure_per_year = PARAMS.closure_per_year};
    exposure e = simulate(g, 11);
    double weekly = weekly_from_yearly(g.closure_per_year);
    double se = yearly_se(weekly, e.group_weeks);
    printf("unfunded: %.0f closures in %.0f open-group-years (%.4f per group-year)\n", e.closures,
           e.group_weeks / SPSIM_WEEKS_PER_YEAR, e.closures / e.group_weeks * SPSIM_WEEKS_PER_YEAR);
    CHECK_RATE(yearly_from_weekly(e.closures / e.group_weeks), g.closure_per_year, se,
               "yearly closure probability, unfunded and unsupported (process)");
    g.closure_per_year *= 1.1; /* groups that really close 10 % more often */
    exposure off = simulate(g, 12);
    double off_estimate = yearly_from_weekly(off.closures / off.group_weeks);
    CHECK(fabs(off_estimate - PARAMS.closure_per_year) > RATE_SES * se,
          "groups simulated at "
          "1.1 x closure_per_year (estimate %.4f) are rejected by the tolerance %.4f",
          off_estimate, RATE_SES * se);
}

/* Hazard of groups in setting `g`, over the unfunded, unsupported hazard of the parameter. The
 * estimate's relative standard error is 1 / sqrt(expected closures) (binomial, rare events). */
static void check_hazard_ratio(group_setting g, double expected_ratio, unsigned long seed,
                               const char *what)
{
    exposure e = simulate(g, seed);
    double h = -log1p(-PARAMS.closure_per_year);
    double ratio = hazard_per_year(e.closures / e.group_weeks) / h;
    double weekly = 1.0 - exp(-h * expected_ratio / SPSIM_WEEKS_PER_YEAR);
    double expected_closures = e.group_weeks * weekly;
    printf("%s: %.0f closures in %.0f open-group-years\n", what, e.closures,
           e.group_weeks / SPSIM_WEEKS_PER_YEAR);
    CHECK_RATE(ratio, expected_ratio, expected_ratio / sqrt(expected_closures), what);
}

static void check_commissioned(void)
{
    group_setting g = {.groups = 500,
                       .funded_until = INFINITY,
                       .commissioned = true,
                       .closure_per_year = PARAMS.closure_per_year};
    exposure e = simulate(g, 44);
    CHECK(e.closures == 0,
          "commissioned groups never close while funded (%.0f closures in "
          "%.0f group-years)",
          e.closures, e.group_weeks / SPSIM_WEEKS_PER_YEAR);
}

/* Twenty years of 10,000 peer-support groups with no builders and no funding: they only close. */
static void check_run(void)
{
    spsim_scenario *s = queue_scenario(1.0, 10, 1.0, YEARS_20, 1);
    s->arms[0].community.closure_per_year = 0.15;
    s->arms[0].localities[0].groups_at_start[SPSIM_ACTIVITY_PEER_SUPPORT] = 10000;
    spsim_run *r = rate_run(s);
    if (!r) {
        free(s);
        return;
    }
    exposure e = {0};
    for (int w = 1; w < r->n_weeks; w++) {
        e.group_weeks += rate_at(r, 0, SPSIM_SERIES_GROUPS, w - 1);
        e.closures += rate_at(r, 0, SPSIM_SERIES_GROUPS_CLOSED, w);
    }
    double p = s->arms[0].community.closure_per_year;
    CHECK_RATE(yearly_from_weekly(e.closures / e.group_weeks), p,
               yearly_se(weekly_from_yearly(p), e.group_weeks),
               "yearly closure probability (run: groups closed / open groups)");
    spsim_run_free(r);
    free(s);
}

int main(void)
{
    check_unfunded();
    check_hazard_ratio(
        (group_setting){
            .groups = 16000, .funded_until = INFINITY, .closure_per_year = PARAMS.closure_per_year},
        PARAMS.funded_closure_ratio, 22, "funded over unfunded closure hazard (process)");
    check_hazard_ratio((group_setting){.groups = 6000,
                                       .supported_share = 0.5,
                                       .closure_per_year = PARAMS.closure_per_year},
                       1.0 - 0.6 * 0.5, 33,
                       "closure hazard with half the groups supported, over unsupported (process)");
    check_commissioned();
    check_run();
    return spsim_check_finish();
}
