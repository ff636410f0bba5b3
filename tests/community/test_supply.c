/* Community supply as a whole (docs/model.md, sections on community activity, groups, builders and
 * funding): - with no builders, no funding and no background formation, places only decline and
 *   people not placed at the first try rise;
 * - with builders, places grow only once trust has built (year 1 against year 3), in a
 *   constructed case and in the default scenario's quilt;
 * - places are conserved and never exceeded: occupied <= places in every type, every week, and
 *   the breakdowns by activity add up to the totals;
 * - a funding stream spends exactly its yearly amount over its dates;
 * - builders recruited after the start are recorded as hires.
 * Margins are stated at each check; runs use fixed seeds and several replications, and the
 * margins are several times the spread seen across replications. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "engine/runner.h"
#include "scenario/scenario.h"
#include "../verification/queue_scenario.h"

enum {
    REPS = 8,
    WEEKS = 522
};

/* 20 referrals a week, ample link workers, everyone seeks a peer-support place at the first
 * contact and holds it for 26 weeks on average: about 520 places in use at once, against 130
 * groups of 4 (520 places) at the start. */
static spsim_scenario *supply_scenario(void)
{
    spsim_scenario *s = queue_scenario(20.0, 400, 12.0, WEEKS, REPS);
    spsim_arm_params *a = &s->arms[0];
    a->community.place_weeks_mean = 26;
    a->community.place_weeks_shape = 2;
    a->community.place_wait_weeks = 4;
    a->community.closure_per_year = 0.15;
    a->localities[0].groups_at_start[SPSIM_ACTIVITY_PEER_SUPPORT] = 130;
    return s;
}

static spsim_run *run(const spsim_scenario *s)
{
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *r = spsim_run_scenario(s, &opt, err, sizeof err);
    CHECK(r != NULL, "run failed: %s", err);
    return r;
}

static double year_sum(spsim_arm_results *res, spsim_series_id id, int year)
{
    double sum = 0;
    for (int w = year * 52; w < (year + 1) * 52; w++) sum += *spsim_series_at(res, id, w, 0);
    return sum;
}

static double at(spsim_arm_results *res, spsim_series_id id, int week)
{
    return *spsim_series_at(res, id, week, 0);
}

/* Occupied <= places by type; by-activity breakdowns add up to the series. */
static void check_places_conserved(spsim_arm_results *res, const char *label)
{
    int bad = 0;
    for (int w = 0; w < res->n_weeks; w++) {
        double places = 0, occupied = 0;
        for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
            double p = *spsim_breakdown_at(res, SPSIM_BREAKDOWN_PLACES_BY_ACTIVITY, w, 0, a);
            double o = *spsim_breakdown_at(res, SPSIM_BREAKDOWN_OCCUPIED_BY_ACTIVITY, w, 0, a);
            if (o > p || o < 0) bad++;
            places += p;
            occupied += o;
        }
        if (places != at(res, SPSIM_SERIES_PLACES, w) ||
            occupied != at(res, SPSIM_SERIES_PLACES_OCCUPIED, w))
            bad++;
    }
    CHECK(bad == 0,
          "%s: occupied + free = places and occupied <= places, every type and week "
          "(%d violations)",
          label, bad);
}

static void check_without_builders_or_funding(void)
{
    spsim_scenario *s = supply_scenario();
    spsim_run *r = run(s);
    if (!r) return;
    for (int rep = 0; rep < REPS; rep++) {
        spsim_arm_results *res = &r->results[0][rep];
        int rises = 0;
        for (int w = 1; w < WEEKS; w++)
            if (at(res, SPSIM_SERIES_PLACES, w) > at(res, SPSIM_SERIES_PLACES, w - 1)) rises++;
        CHECK(rises == 0, "rep %d: places never rise without builders or funding (%d rises)", rep,
              rises);
        CHECK(at(res, SPSIM_SERIES_PLACES, WEEKS - 1) < 0.5 * at(res, SPSIM_SERIES_PLACES, 0),
              "rep %d: places fall by more than half over ten years (%.0f -> %.0f)", rep,
              at(res, SPSIM_SERIES_PLACES, 0), at(res, SPSIM_SERIES_PLACES, WEEKS - 1));
        double first = year_sum(res, SPSIM_SERIES_NOT_PLACED_FIRST_TRY, 0);
        double last = year_sum(res, SPSIM_SERIES_NOT_PLACED_FIRST_TRY, 9);
        CHECK(last > 2.0 * first + 50,
              "rep %d: people not placed at the first try in year 10 (%.0f) are "
              "more than twice year 1's (%.0f) plus 50",
              rep, last, first);
        check_places_conserved(res, "no builders");
    }
    spsim_run_free(r);
    free(s);
}

static void check_builders_need_trust(void)
{
    spsim_scenario *s = supply_scenario();
    spsim_arm_params *a = &s->arms[0];
    a->localities[0].builders =
        (spsim_staff_plan){.n_steps = 1, .steps = {{0, 2.0}}, .posts_filled_at_start = true};
    a->builders.groups_per_trusted_fte_per_year = 20;
    a->builders.groups_supported_per_fte = 40;
    a->builders.closure_reduction = 0.6;
    spsim_run *r = run(s);
    if (!r) return;
    double growth_1 = 0, growth_3 = 0;
    for (int rep = 0; rep < REPS; rep++) {
        spsim_arm_results *res = &r->results[0][rep];

        growth_1 += at(res, SPSIM_SERIES_PLACES, 51) - at(res, SPSIM_SERIES_PLACES, 0);
        growth_3 += at(res, SPSIM_SERIES_PLACES, 155) - at(res, SPSIM_SERIES_PLACES, 103);
        check_places_conserved(res, "builders");
    }
    growth_1 /= REPS;
    growth_3 /= REPS;
    printf("places gained with 2 builders: year 1 %.1f, year 3 %.1f (mean of %d)\n", growth_1,
           growth_3, REPS);
    CHECK(growth_3 > growth_1 + 40,
          "places grow by at least 40 more in year 3 than in year 1 "
          "(%.1f vs %.1f)",
          growth_3, growth_1);
    spsim_run_free(r);
    free(s);
}

/* Builder posts recruited after the start are recorded as hires (they are costed per hire):
 * two posts funded from week 0, vacant at first, a 4-week lag and no attrition give exactly two
 * hires, both in week 4. */
static void check_builder_hires(void)
{
    spsim_scenario *s = supply_scenario();
    s->arms[0].localities[0].builders = (spsim_staff_plan){.n_steps = 1,
                                                           .steps = {{0, 2.0}},
                                                           .recruitment_lag_weeks = 4,
                                                           .posts_filled_at_start = false};
    spsim_run *r = run(s);
    if (!r) return;
    for (int rep = 0; rep < REPS; rep++) {
        spsim_arm_results *res = &r->results[0][rep];
        double hires = 0;
        for (int w = 0; w < WEEKS; w++) hires += at(res, SPSIM_SERIES_BUILDER_HIRES, w);
        CHECK(hires == 2 && at(res, SPSIM_SERIES_BUILDER_HIRES, 4) == 2 &&
                  at(res, SPSIM_SERIES_BUILDER_FTE_IN_POST, 3) == 0 &&
                  at(res, SPSIM_SERIES_BUILDER_FTE_IN_POST, 4) == 2,
              "rep %d: two builders hired in week 4 (%.0f hires in all)", rep, hires);
    }
    spsim_run_free(r);
    free(s);
}

static spsim_funding_stream stream(spsim_funding_kind kind, double start, double end,
                                   double gbp_per_year)
{
    return (spsim_funding_stream){.kind = kind,
                                  .activity = SPSIM_ACTIVITY_ARTS_CREATIVE,
                                  .start_week = start,
                                  .end_week = end,
                                  .gbp_per_year = gbp_per_year,
                                  .cost_per_place_per_year = 450,
                                  .grant_gbp = 6000,
                                  .first_year_survival = 0.6,
                                  .share_buying = 0.5,
                                  .cost_per_place_week = 20};
}

static void check_funding_spend(void)
{
    spsim_scenario *s = supply_scenario();
    spsim_locality *l = &s->arms[0].localities[0];
    l->n_funding = 4;
    l->funding[0] = stream(SPSIM_FUNDING_COMMISSIONED, 10.5, 200.25, 45000);
    l->funding[1] = stream(SPSIM_FUNDING_SMALL_GRANTS, 0, 300, 30000);
    l->funding[2] = stream(SPSIM_FUNDING_MICRO_COMMISSIONING, 52.2, WEEKS, 20000);
    l->funding[3] = stream(SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS, 0, 104, 10000);
    spsim_run *r = run(s);
    if (!r) return;
    for (int rep = 0; rep < REPS; rep++) {
        spsim_arm_results *res = &r->results[0][rep];
        double spend[SPSIM_N_FUNDING_KINDS] = {0}, total = 0;
        for (int w = 0; w < WEEKS; w++) {
            for (int k = 0; k < SPSIM_N_FUNDING_KINDS; k++)
                spend[k] += *spsim_breakdown_at(res, SPSIM_BREAKDOWN_SPEND_BY_FUNDING, w, 0, k);
            total += at(res, SPSIM_SERIES_VCSE_SPEND, w);
        }
        for (int k = 0; k < 3; k++) {
            const spsim_funding_stream *f = &l->funding[k];
            double years = (f->end_week - f->start_week) / SPSIM_WEEKS_PER_YEAR;
            double expected = f->gbp_per_year * years;
            CHECK_NEAR(spend[k], expected, 1e-6 * expected, spsim_funding_kind_key[k]);
        }
        double budget = 10000 * 104 / SPSIM_WEEKS_PER_YEAR;
        CHECK(spend[SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS] > 0 &&
                  spend[SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS] <= budget + 1e-6,
              "budgets spend something, never more than accrued (%.0f of %.0f)",
              spend[SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS], budget);
        CHECK_NEAR(total, spend[0] + spend[1] + spend[2] + spend[3], 1e-6 * total,
                   "VCSE spend is the sum of the streams");
        CHECK_NEAR(total, res->totals[SPSIM_TOTAL_VCSE_SPEND], 1e-6 * total, "total VCSE spend");
        /* 45,000 GBP a year at 450 GBP a place-year holds 100 places open while funded. */
        double arts_mid = *spsim_breakdown_at(res, SPSIM_BREAKDOWN_PLACES_BY_ACTIVITY, 150, 0,
                                              SPSIM_ACTIVITY_ARTS_CREATIVE);
        CHECK(arts_mid >= 100, "commissioned places are held while funded (%.0f)", arts_mid);
        check_places_conserved(res, "funding");
    }
    spsim_run_free(r);
    free(s);
}

/* County places of arm `a` at the end of week `week`, mean over replications. */
static double county_places(const spsim_run *run, int a, int week)
{
    double sum = 0;
    for (int r = 0; r < run->n_replications; r++)
        for (int l = 0; l < run->n_localities; l++)
            sum += *spsim_series_at(&run->results[a][r], SPSIM_SERIES_PLACES, week, l);
    return sum / run->n_replications;
}

/* The default scenario's quilt funds builders, most of them new to their districts: its places
 * grow by at least 200 more in year 3 than in year 1, while trust builds. (In year 1 places fall
 * as unsupported groups close; by year 3 trusted builders open groups where need went unmet.) */
static void check_default_scenario_builders(void)
{
    spsim_scenario *s = spsim_scenario_load_reporting("scenarios/somerset.yaml", stderr);
    char err[256];
    if (!CHECK(s != NULL && spsim_scenario_select_arms(s, "quilt", err, sizeof err) == 0,
               "the default scenario loads with its quilt arm"))
        return;
    spsim_run_options opt = {.replications = 4};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (CHECK(run != NULL, "run failed: %s", err)) {
        double start = county_places(run, 0, 0), year_1 = county_places(run, 0, 51);
        double year_2 = county_places(run, 0, 103), year_3 = county_places(run, 0, 155);
        printf("default quilt: county places %.0f at the start, %.0f, %.0f and %.0f at the end "
               "of years 1, 2 and 3\n",
               start, year_1, year_2, year_3);
        CHECK(year_3 - year_2 > year_1 - start + 200,
              "places grow by at least 200 more in year "
              "3 (%+.0f) than in year 1 (%+.0f)",
              year_3 - year_2, year_1 - start);
        spsim_run_free(run);
    }
    spsim_scenario_free(s);
}

int main(void)
{
    check_default_scenario_builders();
    check_without_builders_or_funding();
    check_builders_need_trust();
    check_builder_hires();
    check_funding_spend();
    return spsim_check_finish();
}
