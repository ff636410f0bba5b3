/* Little's law, L = lambda W, on the queue and on the caseload (docs/model.md, "Verification"),
 * with reneging and drop-out switched on so that every way of leaving is exercised.
 *
 * Over a run, the time-integral of the queue length equals the total time people spent waiting
 * (waits of those still waiting at the horizon counted up to it), so L = lambda W holds for the
 * run as a whole; the only error is that L is estimated from end-of-week samples. The check is
 * that the mean relative gap over replications is within 4 standard errors (from the
 * replications) plus 1 %, and that the standard error is itself under 2 %: deterministic with a
 * fixed seed, and far from chance failure. */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_statistics_double.h>

#include "check.h"
#include "engine/runner.h"
#include "queue_scenario.h"

enum {
    REPS = 16
};

static double mean_level(const spsim_arm_results *r, spsim_series_id s)
{
    double sum = 0.0;
    for (int w = 0; w < r->n_weeks; w++) sum += r->series[s][w];
    return sum / r->n_weeks;
}

static double total_flow(const spsim_arm_results *r, spsim_series_id s)
{
    double sum = 0.0;
    for (int w = 0; w < r->n_weeks; w++) sum += r->series[s][w];
    return sum;
}

static void check_relative_gaps(const double *gap, const char *what)
{
    double mean = gsl_stats_mean(gap, 1, REPS);
    double se = gsl_stats_sd(gap, 1, REPS) / sqrt(REPS);
    printf("%s: mean relative gap %.4f (se %.4f)\n", what, mean, se);
    CHECK_NEAR(mean, 0.0, 4 * se + 0.01, what);
    CHECK(se < 0.02, "%s: standard error %.4f too large to test", what, se);
}

int main(void)
{
    const double lambda = 9.0, episode_weeks = 1.0, dropout_per_week = 0.3;
    const int slots = 10, n_weeks = 4000;
    spsim_scenario *s = queue_scenario(lambda, slots, episode_weeks, n_weeks, REPS);
    s->arms[0].reneging =
        (spsim_reneging_params){.enabled = true, .median_weeks = 0.5, .shape = 1.5};
    s->arms[0].support.dropout_per_week = dropout_per_week;
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (!CHECK(run != NULL, "run failed: %s", err)) return spsim_check_finish();

    double queue_gap[REPS], caseload_gap[REPS];
    for (int r = 0; r < REPS; r++) {
        const spsim_arm_results *res = &run->results[0][r];
        /* Queue: everyone who took up joined it (some for no time at all). */
        double joined_per_week = res->totals[SPSIM_TOTAL_TAKEN_UP] / n_weeks;
        double l_queue = mean_level(res, SPSIM_SERIES_WAITING);
        queue_gap[r] = (l_queue - joined_per_week * res->totals[SPSIM_TOTAL_WAIT_MEAN]) / l_queue;
        /* Caseload: an exponential episode cut short by exponential drop-out is exponential
         * with the sum of the rates. */
        double starts_per_week = total_flow(res, SPSIM_SERIES_STARTED) / n_weeks;
        double episode = 1.0 / (1.0 / episode_weeks + dropout_per_week);
        double l_support = mean_level(res, SPSIM_SERIES_IN_SUPPORT);
        caseload_gap[r] = (l_support - starts_per_week * episode) / l_support;
        CHECK(total_flow(res, SPSIM_SERIES_RENEGED) > 0 &&
                  total_flow(res, SPSIM_SERIES_DROPPED_OUT) > 0,
              "replication %d exercises reneging and drop-out", r);
    }
    check_relative_gaps(queue_gap, "Little's law on the queue");
    check_relative_gaps(caseload_gap, "Little's law on the caseload");
    spsim_run_free(run);
    free(s);
    return spsim_check_finish();
}
