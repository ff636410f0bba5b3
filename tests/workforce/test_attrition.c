/* Attrition of link workers and builders (docs/model.md, sections 6 and 11): each filled post is
 * vacated in a week with probability 1 - (1 - a)^(1 / 52.18), so that a post holder stays a year
 * with probability 1 - a, where a = attrition_per_year.
 *
 * Checked: leavers per FTE-week in post, compounded to a yearly probability, against a:
 * - process level (spsim_workforce), 4,000 link-worker posts over twenty years, at a = 0.15 (the
 *   default) and a = 0.4; a workforce simulated with a 10 % higher a is rejected;
 * - whole runs, from the output series: link workers from their leavers and FTE in post, and
 *   builders from their FTE in post and hires (a builder leaver is a fall in FTE in post not
 *   made up by a hire), with different rates so that a swap of the two is seen.
 * Every post is 1 FTE, so FTE-weeks in post are post-weeks. A filled post's week at the weekly
 * tick is one independent Bernoulli trial, so the binomial standard error (delta method for the
 * yearly figure) is exact up to second order. Tolerances are 4 standard errors, so a reseed does
 * not flake; each is checked to be under 5 % of a, so a rate 10 % off fails. Fixed seeds. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "processes/workforce.h"
#include "rate_check.h"
#include "../verification/queue_scenario.h"

enum {
    POSTS = 4000,
    YEARS_20 = 1044
};

typedef struct {
    double leavers;
    double post_weeks; /* filled posts at risk, summed over weekly ticks */
} exposure;

static spsim_staff_plan whole_posts(double fte, double attrition, double lag)
{
    return (spsim_staff_plan){.n_steps = 1,
                              .steps = {{0.0, fte}},
                              .recruitment_lag_weeks = lag,
                              .attrition_per_year = attrition,
                              .training_ramp_weeks = 8,
                              .caseload_per_fte = 1,
                              .posts_filled_at_start = true};
}

/* POSTS link-worker posts over twenty years, week by week; a vacated post is refilled after
 * 12 weeks and is at risk again from the tick after. */
static exposure simulate(double attrition, unsigned long seed)
{
    spsim_staff_plan plan = whole_posts(POSTS, attrition, 12);
    exposure e = {0};
    spsim_workforce w;
    gsl_rng *rng = rate_rng(seed);
    if (!CHECK(rng && spsim_workforce_init(&w, &plan) == 0, "workforce set up")) return e;
    for (int week = 1; week <= YEARS_20; week++) {
        e.post_weeks += spsim_workforce_fte_in_post(&w); /* filled before this week's tick */
        spsim_workforce_start_week(&w, week, rng);
        e.leavers += w.leavers;
    }
    spsim_workforce_free(&w);
    gsl_rng_free(rng);
    return e;
}

static double yearly_estimate(exposure e)
{
    return yearly_from_weekly(e.leavers / e.post_weeks);
}

static void check_process(double attrition, unsigned long seed)
{
    char what[96];
    exposure e = simulate(attrition, seed);
    double se = yearly_se(weekly_from_yearly(attrition), e.post_weeks);
    printf("a = %.2f: %.0f leavers in %.0f FTE-years in post (%.4f per FTE-year)\n", attrition,
           e.leavers, e.post_weeks / SPSIM_WEEKS_PER_YEAR,
           e.leavers / (e.post_weeks / SPSIM_WEEKS_PER_YEAR));
    snprintf(what, sizeof what, "link-worker attrition per year, a = %.2f (process)", attrition);
    CHECK_RATE(yearly_estimate(e), attrition, se, what);

    /* Power shown, not only argued: a workforce whose rate really is 10 % higher. */
    exposure off = simulate(1.1 * attrition, seed + 1);
    double estimate_off = yearly_estimate(off);
    CHECK(fabs(estimate_off - attrition) > RATE_SES * se,
          "a = %.2f: a workforce simulated at "
          "1.1 a (estimate %.4f) is rejected by the tolerance %.4f",
          attrition, estimate_off, RATE_SES * se);
}

/* One run of twenty years: 4,000 link-worker posts at a = 0.15 and 2,000 builder posts at
 * a = 0.3, each refilled after 12 weeks. Few referrals: only the workforce matters here. */
static spsim_scenario *attrition_scenario(void)
{
    spsim_scenario *s = queue_scenario(1.0, 1, 1.0, YEARS_20, 1);
    spsim_locality *l = &s->arms[0].localities[0];
    l->link_workers = whole_posts(4000, 0.15, 12);
    l->builders = whole_posts(2000, 0.30, 12);
    return s;
}

static void check_run(void)
{
    spsim_scenario *s = attrition_scenario();
    spsim_run *r = rate_run(s);
    if (!r) {
        free(s);
        return;
    }
    exposure lw = {0}, builders = {0};
    for (int week = 1; week < r->n_weeks; week++) {
        lw.post_weeks += rate_at(r, 0, SPSIM_SERIES_LW_FTE_IN_POST, week - 1);
        lw.leavers += rate_at(r, 0, SPSIM_SERIES_LW_LEAVERS, week);
        double before = rate_at(r, 0, SPSIM_SERIES_BUILDER_FTE_IN_POST, week - 1);
        double after = rate_at(r, 0, SPSIM_SERIES_BUILDER_FTE_IN_POST, week);
        builders.post_weeks += before;
        builders.leavers += before - after + rate_at(r, 0, SPSIM_SERIES_BUILDER_HIRES, week);
    }
    const spsim_locality *l = &s->arms[0].localities[0];
    double a_lw = l->link_workers.attrition_per_year, a_b = l->builders.attrition_per_year;
    CHECK_RATE(yearly_estimate(lw), a_lw, yearly_se(weekly_from_yearly(a_lw), lw.post_weeks),
               "link-worker attrition per year (run: leavers / FTE in post)");
    CHECK_RATE(yearly_estimate(builders), a_b,
               yearly_se(weekly_from_yearly(a_b), builders.post_weeks),
               "builder attrition per year (run: falls in FTE in post plus hires)");
    spsim_run_free(r);
    free(s);
}

int main(void)
{
    check_process(0.15, 101);
    check_process(0.40, 202);
    check_run();
    return spsim_check_finish();
}
