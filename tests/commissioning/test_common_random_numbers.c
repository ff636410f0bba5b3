/* Common random numbers (docs/commissioning.md): arms of a replication meet the same people with
 * the same draws, so the paired difference between two arms carries only the policy's effect.
 * Two arms that differ only in link-worker capacity are compared over 40 replications, once with
 * common random numbers and once with independent streams per arm: the variance of the paired
 * difference in people completing support must be less than a quarter with common random
 * numbers. (Fixed seeds; the ratio seen is far below a quarter, so the check is not near its
 * edge.) Also: with common random numbers, both arms see exactly the same referrals. */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_statistics_double.h>

#include "check.h"
#include "engine/runner.h"
#include "../verification/queue_scenario.h"

enum {
    REPS = 40
};

static spsim_scenario *two_arms(bool independent)
{
    spsim_scenario *s = queue_scenario(20.0, 40, 2.0, 260, REPS);
    s->n_arms = 2;
    s->arms[1] = s->arms[0];
    snprintf(s->arms[1].name, sizeof s->arms[1].name, "more_capacity");
    s->arms[1].localities[0].link_workers.caseload_per_fte = 44;
    for (int a = 0; a < 2; a++) {
        s->arms[a].reneging =
            (spsim_reneging_params){.enabled = true, .median_weeks = 1, .shape = 1.5};
        s->arms[a].support.dropout_per_week = 0.1;
    }
    s->independent_arm_streams = independent;
    return s;
}

static double completed(const spsim_arm_results *r)
{
    return r->totals[SPSIM_TOTAL_COMPLETED];
}

static double paired_variance(bool independent, bool *same_referrals)
{
    spsim_scenario *s = two_arms(independent);
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    double v = NAN;
    if (CHECK(run != NULL, "run failed: %s", err)) {
        double diff[REPS];
        *same_referrals = true;
        for (int r = 0; r < REPS; r++) {
            diff[r] = completed(&run->results[1][r]) - completed(&run->results[0][r]);
            if (run->results[1][r].totals[SPSIM_TOTAL_REFERRALS] !=
                run->results[0][r].totals[SPSIM_TOTAL_REFERRALS])
                *same_referrals = false;
        }
        v = gsl_stats_variance(diff, 1, REPS);
        printf("%s: mean paired difference %.1f people, variance %.1f\n",
               independent ? "independent streams" : "common random numbers",
               gsl_stats_mean(diff, 1, REPS), v);
        spsim_run_free(run);
    }
    free(s);
    return v;
}

int main(void)
{
    bool same_crn = false, same_independent = true;
    double crn = paired_variance(false, &same_crn);
    double independent = paired_variance(true, &same_independent);
    CHECK(same_crn, "with common random numbers both arms see the same referrals");
    CHECK(!same_independent, "with independent streams the arms' referrals differ");
    CHECK(crn < 0.25 * independent,
          "variance of the paired difference with common random "
          "numbers (%.1f) is under a quarter of that with independent streams (%.1f)",
          crn, independent);
    return spsim_check_finish();
}
