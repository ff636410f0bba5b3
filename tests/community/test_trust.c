/* Builders' trust follows the documented curve (docs/model.md, "Community builders and trust") and
 * is lost when a post is vacated: the next holder starts again from 0. */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "processes/builders.h"

/* The curve written out independently: normalised logistic, 50 % point m, 90 % point t90. */
static double documented_trust(double t, double m, double t90)
{
    double s = (t90 - m) / log(9.0);
    double l0 = 1.0 / (1.0 + exp(m / s));
    return (1.0 / (1.0 + exp(-(t - m) / s)) - l0) / (1.0 - l0);
}

static void check_curve(void)
{
    spsim_builder_params b = {.trust_midpoint_weeks = 52, .trust_90_weeks = 104};
    CHECK_NEAR(spsim_builder_trust(&b, 0), 0.0, 1e-12, "trust on the first day");
    CHECK_NEAR(spsim_builder_trust(&b, 52), 0.444444, 1e-5, "trust after one year");
    CHECK_NEAR(spsim_builder_trust(&b, 104), 0.888889, 1e-5, "trust after two years");
    CHECK(spsim_builder_trust(&b, 156) > 0.98, "nearly full trust after three years");
    double previous = -1.0;
    bool rising = true;
    for (int t = 0; t <= 520; t++) {
        double trust = spsim_builder_trust(&b, t);
        if (trust <= previous || trust < 0 || trust > 1) rising = false;
        previous = trust;
        if (fabs(trust - documented_trust(t, 52, 104)) > 1e-12)
            CHECK(false, "trust at week %d is %.6f, documented %.6f", t, trust,
                  documented_trust(t, 52, 104));
    }
    CHECK(rising, "trust rises strictly from 0 towards 1 over ten years");
    b = (spsim_builder_params){.trust_midpoint_weeks = 26, .trust_90_weeks = 40};
    CHECK_NEAR(spsim_builder_trust(&b, 30), documented_trust(30, 26, 40), 1e-12,
               "a faster curve follows the same formula");
}

/* One builder post with heavy attrition: whenever it is filled anew, trust starts at 0. */
static void check_reset_on_vacancy(void)
{
    spsim_staff_plan plan = {.n_steps = 1,
                             .steps = {{0, 1.0}},
                             .recruitment_lag_weeks = 3,
                             .attrition_per_year = 0.6,
                             .posts_filled_at_start = true};
    spsim_builder_params b = {.trust_midpoint_weeks = 52, .trust_90_weeks = 104};
    spsim_workforce w;
    if (!CHECK(spsim_workforce_init(&w, &plan) == 0, "workforce set up")) return;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(rng, 7);
    int hires = 0, vacancies_seen = 0, started = 0;
    double highest_before_leaving = 0.0, trust_last_week = 0.0;
    for (int week = 1; week <= 1040; week++) {
        spsim_workforce_start_week(&w, week, rng);
        spsim_builder_capacity c = spsim_builders_capacity(&w, &b, week);
        if (w.leavers > 0) highest_before_leaving = fmax(highest_before_leaving, trust_last_week);
        if (w.hires > 0) {
            hires++;
            CHECK_NEAR(c.trusted_fte, 0.0, 1e-12, "a new holder starts with no trust");
        }
        if (c.fte_in_post == 0.0) {
            vacancies_seen++;
            CHECK(isnan(c.mean_trust) && c.trusted_fte == 0.0, "a vacant post holds no trust");
        } else if (w.hires == 0 && w.posts[0].started_week == started) {
            CHECK_NEAR(c.trusted_fte, spsim_builder_trust(&b, week - started), 1e-12,
                       "trust of the holder in post");
        }
        started = w.posts[0].started_week;
        trust_last_week = c.trusted_fte;
    }
    CHECK(hires >= 5 && vacancies_seen >= 10, "the post was vacated and refilled (%d hires)",
          hires);
    CHECK(highest_before_leaving > 0.2, "some holders built trust before leaving (%.2f)",
          highest_before_leaving);
    gsl_rng_free(rng);
    spsim_workforce_free(&w);
}

static void check_trusted_at_start(void)
{
    spsim_staff_plan plan = {.n_steps = 1, .steps = {{0, 2.0}}, .posts_filled_at_start = true};
    spsim_builder_params b = {
        .trust_midpoint_weeks = 52, .trust_90_weeks = 104, .trusted_at_start = true};
    spsim_workforce w;
    if (!CHECK(spsim_workforce_init(&w, &plan) == 0, "workforce set up")) return;
    spsim_builders_trust_at_start(&w, &b);
    spsim_builder_capacity c = spsim_builders_capacity(&w, &b, 0);
    CHECK_NEAR(c.trusted_fte, 2.0, 1e-9, "builders already trusted at the start");
    spsim_workforce_free(&w);
}

int main(void)
{
    check_curve();
    check_reset_on_vacancy();
    check_trusted_at_start();
    return spsim_check_finish();
}
