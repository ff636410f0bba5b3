/* The link-worker training ramp (docs/model.md, section 6): in their n-th week in post a new
 * starter's effective FTE is min(1, n / R) of the post's, R = training_ramp_weeks, and a
 * locality's slots are floor(sum of effective FTE x caseload_per_fte).
 *
 * The ramp is deterministic, so the checks are exact (no standard error): a ramp 10 % longer
 * changes the slots of the first week by 10 %, far more than the one slot of rounding allowed.
 * - One new starter (spsim_workforce), 1,000 slots per FTE so rounding is a tenth of a percent:
 *   slots over the first weeks for R = 8 (the default), 5.5, 1 and 0 (full at once).
 * - 200 posts with heavy attrition, each starter's start week followed from outside the model:
 *   the slots every week for ten years are those of the documented ramp, so a replacement starts
 *   again from the first week, and the whole ramp's loss is (R - 1) / 2 FTE-weeks per starter.
 * - Whole run, from the output: slots of three cohorts funded at different weeks (one with a
 *   half-FTE post) and recruited after the lag follow the ramp week by week. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "processes/workforce.h"
#include "rate_check.h"
#include "../verification/queue_scenario.h"

enum {
    MANY = 200,
    WEEKS = 522
};

/* The documented share of a post's FTE in a starter's n-th week in post (n >= 1). */
static double ramp_share(int n, double ramp_weeks)
{
    return ramp_weeks > 0.0 ? fmin(1.0, n / ramp_weeks) : 1.0;
}

static int documented_slots(double effective_fte, double caseload)
{
    return (int)floor(effective_fte * caseload + 1e-9);
}

static void check_one_starter(double ramp_weeks)
{
    spsim_staff_plan plan = {.n_steps = 1,
                             .steps = {{0, 1.0}},
                             .training_ramp_weeks = ramp_weeks,
                             .caseload_per_fte = 1000,
                             .posts_filled_at_start = false};
    spsim_workforce w;
    if (!CHECK(spsim_workforce_init(&w, &plan) == 0 && w.hires == 1,
               "one starter at week 0 (no lag)"))
        return;
    gsl_rng *rng = rate_rng(404);
    int wrong = 0;
    for (int week = 0; week <= (int)ceil(ramp_weeks) + 4; week++) {
        if (week > 0) spsim_workforce_start_week(&w, week, rng);
        int expected = documented_slots(ramp_share(week + 1, ramp_weeks), 1000);
        if (spsim_workforce_slots(&w, week) != expected) wrong++;
    }
    CHECK(wrong == 0,
          "ramp %.1f weeks: a new starter's slots are 1,000 x min(1, n / R) in "
          "their n-th week (%d weeks differ)",
          ramp_weeks, wrong);
    /* The first week's slots, against a ramp 10 % longer. */
    CHECK(ramp_weeks < 1.0 || documented_slots(ramp_share(1, 1.1 * ramp_weeks), 1000) !=
                                  documented_slots(ramp_share(1, ramp_weeks), 1000),
          "ramp %.1f weeks: a ramp 10 %% longer would change the first week", ramp_weeks);
    gsl_rng_free(rng);
    spsim_workforce_free(&w);
}

/* Starters come and go; their start weeks are told from the posts' filled flags alone. */
static void check_replacements(void)
{
    const double ramp = 6.0, caseload = 1000;
    spsim_staff_plan plan = {.n_steps = 1,
                             .steps = {{0, MANY}},
                             .recruitment_lag_weeks = 3,
                             .attrition_per_year = 0.5,
                             .training_ramp_weeks = ramp,
                             .caseload_per_fte = caseload,
                             .posts_filled_at_start = true};
    spsim_workforce w;
    if (!CHECK(spsim_workforce_init(&w, &plan) == 0, "workforce set up")) return;
    gsl_rng *rng = rate_rng(505);
    int started[MANY]; /* week the holder started; trained before week 0 for those in post */
    bool was_filled[MANY];
    for (int i = 0; i < MANY; i++) started[i] = -1000, was_filled[i] = true;
    int wrong = 0, starters = 0;
    double lost_fte_weeks = 0.0;
    for (int week = 1; week <= WEEKS; week++) {
        spsim_workforce_start_week(&w, week, rng);
        double effective = 0.0, in_post = 0.0;
        for (int i = 0; i < MANY; i++) {
            bool filled = w.posts[i].filled;
            if (filled && !was_filled[i]) { /* a lag of 3: never refilled within the week */
                started[i] = week;
                starters++;
            }
            was_filled[i] = filled;
            if (!filled) continue;
            in_post += 1.0;
            effective += ramp_share(week - started[i] + 1, ramp);
        }
        wrong += spsim_workforce_slots(&w, week) != documented_slots(effective, caseload);
        lost_fte_weeks += in_post - effective;
    }
    printf("ramp %.0f weeks: %d starters lost %.1f FTE-weeks, %.3f each\n", ramp, starters,
           lost_fte_weeks, lost_fte_weeks / starters);
    CHECK(starters > 300, "over 300 replacements start (%d)", starters);
    CHECK(wrong == 0, "slots follow each starter's ramp every week (%d weeks differ)", wrong);
    /* Starters who leave within the ramp, or start in the last weeks, lose a little less (2 %
     * here); a ramp 10 % longer or shorter would move the loss by over 10 %. */
    CHECK(lost_fte_weeks / starters <= (ramp - 1) / 2 + 1e-9 &&
              lost_fte_weeks / starters > 0.97 * (ramp - 1) / 2,
          "each starter loses about (R - 1) / 2 = %.2f FTE-weeks to the ramp (%.3f)",
          (ramp - 1) / 2, lost_fte_weeks / starters);
    gsl_rng_free(rng);
    spsim_workforce_free(&w);
}

/* Cohorts of 10, 20 and 30.5 FTE funded at weeks 0, 20 and 50, each filled 4 weeks later. */
static const spsim_fte_step COHORTS[] = {{0, 10}, {20, 30}, {50, 60.5}};
enum {
    N_COHORTS = 3,
    LAG = 4
};

static double cohort_fte(int c)
{
    return COHORTS[c].fte - (c > 0 ? COHORTS[c - 1].fte : 0.0);
}

static void check_run(void)
{
    spsim_scenario *s = queue_scenario(1.0, 1, 1.0, 156, 1);
    spsim_staff_plan *lw = &s->arms[0].localities[0].link_workers;
    *lw = (spsim_staff_plan){.n_steps = N_COHORTS,
                             .recruitment_lag_weeks = LAG,
                             .training_ramp_weeks = 8,
                             .caseload_per_fte = 100};
    for (int c = 0; c < N_COHORTS; c++) lw->steps[c] = COHORTS[c];
    spsim_run *r = rate_run(s);
    if (!r) {
        free(s);
        return;
    }
    int wrong = 0;
    for (int week = 0; week < r->n_weeks; week++) {
        double effective = 0.0;
        for (int c = 0; c < N_COHORTS; c++) {
            int start = (int)COHORTS[c].from_week + LAG;
            if (week >= start) effective += cohort_fte(c) * ramp_share(week - start + 1, 8);
        }
        double slots = rate_at(r, 0, SPSIM_SERIES_SLOTS, week);
        if (slots != documented_slots(effective, 100)) {
            if (wrong++ < 5)
                printf("week %d: %.0f slots, documented ramp %d\n", week, slots,
                       documented_slots(effective, 100));
        }
    }
    CHECK(wrong == 0,
          "run: slots of three recruited cohorts follow the 8-week ramp (%d weeks "
          "differ)",
          wrong);
    spsim_run_free(r);
    free(s);
}

int main(void)
{
    check_one_starter(8.0);
    check_one_starter(5.5);
    check_one_starter(1.0);
    check_one_starter(0.0);
    check_replacements();
    check_run();
    return spsim_check_finish();
}
