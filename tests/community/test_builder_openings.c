/* Groups opened by builders, held to groups_per_trusted_fte_per_year (docs/model.md, section
 * 11): where unmet need has been recorded, a locality's builders start a Poisson number of new
 * groups each week with mean trusted FTE x groups_per_trusted_fte_per_year / 52.18.
 *
 * One run of twenty years in which unmet need never runs out: 40 referrals a week all seek a
 * place, groups have one place each, never close, and a place is held for good, so every new
 * place is taken and people keep finding none free. 20 builder posts start untrusted at week 0,
 * with attrition (0.3 a year, refilled after 12 weeks), so trusted FTE rises, falls with each
 * leaver and varies over the run. From the output: groups opened, over the trusted FTE-years of
 * the weeks after unmet need was first recorded (trusted FTE = builder FTE in post x their mean
 * trust, both recorded for the week the groups were opened), against the parameter.
 * Given the trusted FTE, the groups opened are Poisson, so the estimate's standard error is the
 * parameter / sqrt(expected openings), about 12,000 here. The tolerance is 4 standard errors, so
 * a reseed does not flake, and is checked to be under 5 % of the parameter, so a rate 10 % off
 * fails. Fixed seed. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "../verification/queue_scenario.h"
#include "../workforce/rate_check.h"

enum {
    WEEKS = 1044
};

static spsim_scenario *openings_scenario(void)
{
    spsim_scenario *s = queue_scenario(40.0, 2000, 1.0, WEEKS, 1);
    spsim_arm_params *a = &s->arms[0];
    a->community.group_size = 1;
    a->community.place_weeks_mean = 1e6; /* held for good: places never free */
    a->community.closure_per_year = 0.0;
    a->community.place_wait_weeks = 4; /* new places go to those waiting */
    a->builders.groups_per_trusted_fte_per_year = 50;
    a->localities[0].builders = (spsim_staff_plan){.n_steps = 1,
                                                   .steps = {{0, 20}},
                                                   .recruitment_lag_weeks = 12,
                                                   .attrition_per_year = 0.3,
                                                   .posts_filled_at_start = true};
    return s;
}

static double trusted_fte(const spsim_run *r, int week)
{
    double fte = rate_at(r, 0, SPSIM_SERIES_BUILDER_FTE_IN_POST, week);
    return fte > 0.0 ? fte * rate_at(r, 0, SPSIM_SERIES_BUILDER_TRUST_MEAN, week) : 0.0;
}

int main(void)
{
    spsim_scenario *s = openings_scenario();
    spsim_run *r = rate_run(s);
    if (!r) {
        free(s);
        return spsim_check_finish();
    }
    double opened = 0.0, trusted_fte_weeks = 0.0, unmet_before = 0.0, unmet_last_year = 0.0;
    for (int w = 0; w < r->n_weeks; w++) {
        if (unmet_before > 0.0) { /* builders start groups only where need went unmet */
            trusted_fte_weeks += trusted_fte(r, w);
            opened += rate_at(r, 0, SPSIM_SERIES_GROUPS_OPENED, w);
        }
        double unmet = rate_at(r, 0, SPSIM_SERIES_NOT_PLACED_FIRST_TRY, w);
        unmet_before += unmet;
        if (w >= r->n_weeks - 52) unmet_last_year += unmet;
    }
    double g = s->arms[0].builders.groups_per_trusted_fte_per_year;
    double years = trusted_fte_weeks / SPSIM_WEEKS_PER_YEAR;
    double expected = g * years;
    printf("%.0f groups opened in %.1f trusted FTE-years (%.0f expected)\n", opened, years,
           expected);
    CHECK(unmet_last_year > 1000, "unmet need is still recorded in the last year (%.0f)",
          unmet_last_year);
    CHECK_RATE(opened / years, g, g / sqrt(expected),
               "groups opened per trusted builder FTE-year (run)");
    spsim_run_free(r);
    free(s);
    return spsim_check_finish();
}
