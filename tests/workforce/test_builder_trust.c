/* Builders' trust ramp held to its two parameters (docs/model.md, section 11): the unscaled
 * logistic L reaches 50 % at trust_midpoint_weeks m and 90 % at trust_90_weeks t90, and trust is
 * T = (L - L(0)) / (1 - L(0)). tests/community/test_trust.c checks T against the formula written
 * out; here the two defining points are found from spsim_builder_trust alone, so the check holds
 * whatever way the curve is computed.
 *
 * A logistic's log-odds are linear in time, so from L(m) = 0.5 and L(t90) = 0.9 alone,
 * L(0) = 1 / (1 + 9^(m / (t90 - m))). Then:
 * - process level: for five curves, the weeks at which T reaches (0.5 - L(0)) / (1 - L(0)) and
 *   (0.9 - L(0)) / (1 - L(0)), found by bisection, are m and t90 within 1e-6 weeks;
 * - whole run: a cohort of 2 builder FTE all starting at week 0 (no attrition, no lag), with
 *   m = 40.5 and t90 = 90.5, gives a mean-trust series whose unscaled value first reaches 50 % in
 *   week 41 and 90 % in week 91, and which equals T week by week; a half-FTE post added in week
 *   200 starts from 0 and counts for half a post in the FTE-weighted mean.
 * Trust is deterministic: the checks are exact to rounding, and a point 10 % off (4 weeks or
 * more here) is far outside them. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "processes/builders.h"
#include "rate_check.h"
#include "../verification/queue_scenario.h"

static double trust_at_start_unscaled(double m, double t90)
{
    return 1.0 / (1.0 + pow(9.0, m / (t90 - m)));
}

/* The unscaled share L that trust T stands for on the curve (m, t90). */
static double unscaled(double trust, double m, double t90)
{
    double l0 = trust_at_start_unscaled(m, t90);
    return l0 + (1.0 - l0) * trust;
}

/* The week at which the unscaled trust reaches `level`, by bisection on spsim_builder_trust. */
static double week_reaching(const spsim_builder_params *b, double level)
{
    double lo = 0.0, hi = 20.0 * b->trust_90_weeks;
    for (int i = 0; i < 200 && hi - lo > 1e-10; i++) {
        double mid = 0.5 * (lo + hi);
        double trust = spsim_builder_trust(b, mid);
        if (unscaled(trust, b->trust_midpoint_weeks, b->trust_90_weeks) < level)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static void check_points(double m, double t90)
{
    spsim_builder_params b = {.trust_midpoint_weeks = m, .trust_90_weeks = t90};
    const double tol = 1e-6; /* weeks: bisection and rounding only */
    char what[96];
    snprintf(what, sizeof what, "curve (%.1f, %.1f): week trust reaches 50 %% unscaled", m, t90);
    CHECK_NEAR(week_reaching(&b, 0.5), m, tol, what);
    snprintf(what, sizeof what, "curve (%.1f, %.1f): week trust reaches 90 %% unscaled", m, t90);
    CHECK_NEAR(week_reaching(&b, 0.9), t90, tol, what);
    CHECK(tol < 0.05 * m, "curve (%.1f, %.1f): tolerance under half of a 10 %% change in m", m,
          t90);
    CHECK_NEAR(spsim_builder_trust(&b, 0.0), 0.0, 1e-12, "trust on the first day");
    CHECK_NEAR(spsim_builder_trust(&b, 40.0 * t90), 1.0, 1e-9, "full trust in the long run");
}

enum {
    COHORT_WEEKS = 200,
    WEEKS = 300
};

static spsim_scenario *cohort_scenario(void)
{
    spsim_scenario *s = queue_scenario(1.0, 1, 1.0, WEEKS, 1);
    s->arms[0].builders.trust_midpoint_weeks = 40.5;
    s->arms[0].builders.trust_90_weeks = 90.5;
    s->arms[0].localities[0].builders =
        (spsim_staff_plan){.n_steps = 2, .steps = {{0, 2.0}, {COHORT_WEEKS, 2.5}}};
    return s;
}

/* First week whose mean trust, unscaled, reaches `level`; -1 if none before week 200. */
static int first_week_reaching(const spsim_run *r, const spsim_builder_params *b, double level)
{
    for (int w = 0; w < COHORT_WEEKS; w++) {
        double mean = rate_at(r, 0, SPSIM_SERIES_BUILDER_TRUST_MEAN, w);
        if (unscaled(mean, b->trust_midpoint_weeks, b->trust_90_weeks) >= level) return w;
    }
    return -1;
}

static void check_cohort_run(void)
{
    spsim_scenario *s = cohort_scenario();
    spsim_run *r = rate_run(s);
    if (!r) {
        free(s);
        return;
    }
    const spsim_builder_params *b = &s->arms[0].builders;
    int w50 = first_week_reaching(r, b, 0.5), w90 = first_week_reaching(r, b, 0.9);
    printf("cohort from week 0: mean trust reaches 50 %% unscaled in week %d, 90 %% in week %d\n",
           w50, w90);
    CHECK(w50 == (int)ceil(b->trust_midpoint_weeks),
          "the cohort reaches 50 %% in the first "
          "whole week after m = %.1f (week %d)",
          b->trust_midpoint_weeks, w50);
    CHECK(w90 == (int)ceil(b->trust_90_weeks),
          "the cohort reaches 90 %% in the first whole "
          "week after t90 = %.1f (week %d)",
          b->trust_90_weeks, w90);
    int wrong = 0;
    for (int w = 0; w < r->n_weeks; w++) {
        double expected = spsim_builder_trust(b, w);
        if (w >= COHORT_WEEKS) /* 2 FTE in post since week 0, 0.5 FTE since week 200 */
            expected = (2.0 * expected + 0.5 * spsim_builder_trust(b, w - COHORT_WEEKS)) / 2.5;
        double mean = rate_at(r, 0, SPSIM_SERIES_BUILDER_TRUST_MEAN, w);
        if (!(fabs(mean - expected) <= 1e-12) && wrong++ < 5)
            printf("week %d: mean trust %.12f, expected %.12f\n", w, mean, expected);
    }
    CHECK(wrong == 0,
          "the mean-trust series is the cohort's trust, FTE-weighted with the half "
          "post from week 200 (%d weeks differ)",
          wrong);
    spsim_run_free(r);
    free(s);
}

int main(void)
{
    check_points(52, 104); /* the defaults: 12 and 24 months */
    check_points(26, 40);
    check_points(10, 100);  /* a slow curve: L(0) = 0.44, far from the defaults' 0.1 */
    check_points(100, 120); /* a steep one: L(0) close to 0 */
    check_points(40.5, 90.5);
    check_cohort_run();
    return spsim_check_finish();
}
