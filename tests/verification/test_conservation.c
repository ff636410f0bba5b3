/* Conservation (docs/model.md, "Verification"): every referral is, at every moment, in exactly one
 * state. At the end of every week, per locality:
 *   referrals so far = not offered + declined + waiting + holding a slot (before the first
 *   appointment or in support) + completed + dropped out (waiting or in support) + no-shows,
 *   all so far;
 * referrals by source add up to referrals; nobody is in support beyond the slots unless capacity
 * fell. Checked exactly on a scenario with a changing workforce and every way of leaving, and on
 * the default scenario (all arms). */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "engine/runner.h"
#include "queue_scenario.h"
#include "scenario/scenario.h"

static void check_run(const spsim_run *run, const char *label)
{
    int failures = 0;
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++) {
            spsim_arm_results *res = &run->results[a][r];
            for (int l = 0; l < run->n_localities; l++) {
                double referred = 0, declined = 0, completed = 0, dropped = 0, no_shows = 0;
                for (int w = 0; w < run->n_weeks; w++) {
#define AT(s) (*spsim_series_at(res, (s), w, l))
                    referred += AT(SPSIM_SERIES_REFERRALS);
                    declined += AT(SPSIM_SERIES_DECLINED) + AT(SPSIM_SERIES_NOT_OFFERED);
                    no_shows += AT(SPSIM_SERIES_NO_SHOWS);
                    completed += AT(SPSIM_SERIES_COMPLETED);
                    dropped += AT(SPSIM_SERIES_RENEGED) + AT(SPSIM_SERIES_DROPPED_OUT);
                    double accounted = declined + AT(SPSIM_SERIES_WAITING) +
                                       AT(SPSIM_SERIES_IN_SUPPORT) + completed + dropped + no_shows;
                    double by_source = 0;
                    for (int s = 0; s < SPSIM_N_SOURCES; s++)
                        by_source +=
                            *spsim_breakdown_at(res, SPSIM_BREAKDOWN_REFERRALS_BY_SOURCE, w, l, s);
                    if (accounted != referred || by_source != AT(SPSIM_SERIES_REFERRALS)) {
                        if (failures++ < 5)
                            CHECK(false,
                                  "%s: arm %d rep %d locality %d week %d: referred %.0f, "
                                  "accounted %.0f, by source %.0f",
                                  label, a, r, l, w, referred, accounted, by_source);
                    }
#undef AT
                }
            }
        }
    CHECK(failures == 0,
          "%s: conservation holds in every week, locality, arm and replication "
          "(%d failures)",
          label, failures);
}

static void check_changing_workforce(void)
{
    spsim_scenario *s = queue_scenario(12.0, 10, 1.0, 520, 4);
    spsim_arm_params *a = &s->arms[0];
    a->reneging = (spsim_reneging_params){.enabled = true, .median_weeks = 2.0, .shape = 1.5};
    a->support = (spsim_support_params){.contacts_mean = 6,
                                        .contacts_dispersion = 4,
                                        .contact_interval_weeks = 0.3,
                                        .contact_interval_shape = 2,
                                        .dropout_per_week = 0.1,
                                        .first_contact_delay_weeks = 0.5,
                                        .first_contact_delay_shape = 2,
                                        .no_show_probability = 0.2};
    a->uptake.probability = 0.8;
    a->uptake.wait_sensitivity_per_week = 0.05;
    spsim_staff_plan *lw = &a->localities[0].link_workers;
    *lw = (spsim_staff_plan){.n_steps = 4,
                             .recruitment_lag_weeks = 6,
                             .attrition_per_year = 0.3,
                             .training_ramp_weeks = 8,
                             .caseload_per_fte = 4,
                             .posts_filled_at_start = false};
    lw->steps[0] = (spsim_fte_step){0, 2.5};
    lw->steps[1] = (spsim_fte_step){100, 4};
    lw->steps[2] = (spsim_fte_step){300, 1.5};
    lw->steps[3] = (spsim_fte_step){400, 0}; /* the service closes: referrals not offered */
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (CHECK(run != NULL, "run failed: %s", err)) {
        check_run(run, "changing workforce");
        spsim_run_free(run);
    }
    free(s);
}

static void check_default_scenario(void)
{
    spsim_scenario *s = spsim_scenario_load_reporting("scenarios/somerset.yaml", stderr);
    if (!CHECK(s != NULL, "scenarios/somerset.yaml loads")) return;
    char err[256];
    spsim_run_options opt = {.replications = 4};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (CHECK(run != NULL, "run failed: %s", err)) {
        check_run(run, "somerset");
        spsim_run_free(run);
    }
    spsim_scenario_free(s);
}

int main(void)
{
    check_changing_workforce();
    check_default_scenario();
    return spsim_check_finish();
}
