/* What funding streams buy, held to their parameters (docs/model.md, section 12), through
 * spsim_funding_start_week and the weekly closures, with no closure hazard so that only the
 * streams' own mechanisms act:
 * - micro-commissioning: one new group each time spend passes a multiple of grant_gbp (exactly,
 *   10 a week here); a share first_year_survival of them are still open a year later, and the
 *   rest fail at the first tick after a time uniform within their first year (mean 26.5 weeks
 *   to the tick). About 10,000 groups opened: the surviving share is binomial, the failure
 *   delay has the standard deviation of a uniform on 1..52 weeks; each tolerance is 4 standard
 *   errors, under 5 % of its parameter, so a rate 10 % off fails. Fixed seed.
 * - small grants: one grant a week, each funding an unfunded group for a year (52.18 weeks, so
 *   53 weekly ticks), so from the first year on exactly 53 groups are funded at once and no group is opened while unfunded
 *   ones remain (deterministic: exact). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "processes/funding.h"
#include "../workforce/rate_check.h"

enum {
    WEEKS = 1044,
    PER_WEEK = 10,
    YEAR_WEEKS = 52
};

static spsim_locality with_stream(spsim_funding_kind kind, double grant_gbp, double per_week)
{
    spsim_locality loc = {.n_funding = 1};
    loc.funding[0] =
        (spsim_funding_stream){.kind = kind,
                               .activity = SPSIM_ACTIVITY_ARTS_CREATIVE,
                               .start_week = 0,
                               .end_week = WEEKS,
                               .gbp_per_year = grant_gbp * per_week * SPSIM_WEEKS_PER_YEAR,
                               .grant_gbp = grant_gbp,
                               .first_year_survival = 0.6};
    return loc;
}

typedef struct {
    double opened, followed, open_after_a_year, failed, failure_weeks;
} micro_outcomes;

/* Opens micro-commissioned groups for twenty years; follows those opened in the first 19. */
static micro_outcomes simulate_micro(const spsim_locality *loc)
{
    static const spsim_community_params no_hazard = {.funded_closure_ratio = 0.25};
    micro_outcomes m = {0};
    spsim_community c;
    spsim_funding f;
    int *opened_week = malloc(sizeof(int) * (PER_WEEK * WEEKS + 1));
    int *closed_week = malloc(sizeof(int) * (PER_WEEK * WEEKS + 1));
    gsl_rng *rng = rate_rng(606);
    spsim_locality none = {0};
    if (!CHECK(opened_week && closed_week && rng && spsim_community_init(&c, &none, 4) == 0,
               "set up"))
        return m;
    spsim_funding_init(&f, loc);
    for (int week = 0; week < WEEKS; week++) {
        double spend[SPSIM_N_FUNDING_KINDS] = {0};
        int opened = 0, closed = 0, displaced = 0, before = c.n_groups;
        spsim_funding_start_week(&f, &c, 4, week, rng, spend, &opened);
        for (int g = before; g < c.n_groups && g <= PER_WEEK * WEEKS; g++)
            opened_week[g] = week, closed_week[g] = -1;
        spsim_community_weekly_closures(&c, &no_hazard, 0.0, 0.0, week, rng, &closed, &displaced);
        for (int g = 0; g < c.n_groups && g <= PER_WEEK * WEEKS; g++)
            if (!c.groups[g].open && closed_week[g] < 0) closed_week[g] = week;
        m.opened += opened;
    }
    for (int g = 0; g < c.n_groups && g <= PER_WEEK * WEEKS; g++) {
        if (opened_week[g] >= WEEKS - YEAR_WEEKS - 1) continue; /* not followed a full year */
        m.followed++;
        int weeks = closed_week[g] < 0 ? WEEKS : closed_week[g] - opened_week[g];
        if (weeks > YEAR_WEEKS)
            m.open_after_a_year++;
        else {
            m.failed++;
            m.failure_weeks += weeks;
        }
    }
    spsim_community_free(&c);
    gsl_rng_free(rng);
    free(opened_week);
    free(closed_week);
    return m;
}

static void check_micro_commissioning(void)
{
    spsim_locality loc = with_stream(SPSIM_FUNDING_MICRO_COMMISSIONING, 10000, PER_WEEK);
    micro_outcomes m = simulate_micro(&loc);
    double survival = loc.funding[0].first_year_survival;
    printf("micro-commissioning: %.0f groups opened, %.0f followed a year, %.0f failed\n", m.opened,
           m.followed, m.failed);
    CHECK(m.opened == PER_WEEK * WEEKS, "one group per grant_gbp spent: %d a week (%.0f in all)",
          PER_WEEK, m.opened);
    CHECK_RATE(m.open_after_a_year / m.followed, survival,
               sqrt(survival * (1 - survival) / m.followed),
               "share of micro-commissioned groups open after a year");
    /* Delay to the tick: ceil(52 u), u uniform on (0, 1): mean 26.5, variance (52^2 - 1) / 12. */
    double mean_delay = (YEAR_WEEKS + 1) / 2.0;
    double sd_delay = sqrt((YEAR_WEEKS * YEAR_WEEKS - 1) / 12.0);
    CHECK_RATE(m.failure_weeks / m.failed, mean_delay, sd_delay / sqrt(m.failed),
               "mean weeks from opening to failure of those that fail");
}

static void check_small_grants(void)
{
    spsim_locality loc = with_stream(SPSIM_FUNDING_SMALL_GRANTS, 6000, 1);
    loc.groups_at_start[SPSIM_ACTIVITY_ARTS_CREATIVE] = 100;
    spsim_community c;
    spsim_funding f;
    gsl_rng *rng = rate_rng(707); /* small grants draw nothing; the interface takes a stream */
    if (!CHECK(rng && spsim_community_init(&c, &loc, 4) == 0, "community set up")) return;
    spsim_funding_init(&f, &loc);
    int wrong = 0, opened_total = 0;
    for (int week = 0; week < 520; week++) {
        double spend[SPSIM_N_FUNDING_KINDS] = {0};
        int opened = 0, funded = 0;
        spsim_funding_start_week(&f, &c, 4, week, rng, spend, &opened);
        opened_total += opened;
        for (int g = 0; g < c.n_groups; g++) funded += c.groups[g].funded_until > week;
        /* A grant a week, each funding a year of 365.25 / 7 weeks: held at 53 weekly ticks. */
        int held = (int)ceil(SPSIM_WEEKS_PER_YEAR);
        int expected = week + 1 < held ? week + 1 : held;
        wrong += funded != expected;
    }
    CHECK(wrong == 0,
          "small grants: one grant a week, each funding a group for a year (%d "
          "weeks differ)",
          wrong);
    CHECK(opened_total == 0, "small grants open no group while unfunded ones remain (%d)",
          opened_total);
    spsim_community_free(&c);
    gsl_rng_free(rng);
}

int main(void)
{
    check_micro_commissioning();
    check_small_grants();
    return spsim_check_finish();
}
