/* M/M/c verification (docs/model.md, "Verification"): one locality with Poisson referrals,
 * exponential episodes, fixed capacity and no reneging is an M/M/c queue, so the simulated mean
 * wait and the
 * share who wait at all must match the Erlang C formula.
 *
 * Tolerance: each replication gives one estimate after a warm-up; the check is that the mean
 * over replications is within 4 standard errors (estimated from the replications themselves) of
 * the formula, plus 2 % for the bias left by the warm-up. The seed is fixed, so the result is
 * deterministic; 4 standard errors would fail by chance about once in 16,000 seeds. The test
 * also requires the standard error to be small (under 4 % of the formula's value), so it cannot
 * pass by being vague. */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_statistics_double.h>

#include "check.h"
#include "engine/runner.h"
#include "queue_scenario.h"

/* Erlang C: probability that an arrival waits, with c servers and offered load a = lambda/mu. */
static double erlang_c(int c, double a)
{
    double term = 1.0, sum = 1.0; /* a^k / k!, summed for k < c */
    for (int k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double last = term * a / c * c / (c - a); /* a^c / c! x c / (c - a) */
    return last / (sum + last);
}

typedef struct {
    double mean_wait, p_wait;
} queue_estimate;

static queue_estimate estimate(const spsim_arm_results *r, int warmup_weeks)
{
    double started = 0.0, immediate = 0.0, wait_sum = 0.0;
    for (int w = warmup_weeks; w < r->n_weeks; w++) {
        double n = r->series[SPSIM_SERIES_STARTED][w];
        started += n;
        immediate += r->series[SPSIM_SERIES_STARTED_WITHOUT_WAIT][w];
        if (n > 0) wait_sum += n * r->series[SPSIM_SERIES_WAIT_MEAN][w];
    }
    return (queue_estimate){wait_sum / started, 1.0 - immediate / started};
}

static void check_utilisation(double rho, int slots)
{
    enum {
        reps = 32
    };
    const int n_weeks = 6000, warmup = 1000;
    const double mu = 1.0; /* episodes per week per slot */
    double lambda = rho * slots * mu;
    spsim_scenario *s = queue_scenario(lambda, slots, 1.0 / mu, n_weeks, reps);
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (!CHECK(run != NULL, "run failed: %s", err)) return;

    double waits[reps], p_waits[reps];
    for (int r = 0; r < reps; r++) {
        queue_estimate e = estimate(&run->results[0][r], warmup);
        waits[r] = e.mean_wait;
        p_waits[r] = e.p_wait;
    }
    double c_prob = erlang_c(slots, lambda / mu);
    double expected_wait = c_prob / (slots * mu - lambda);
    double mean_wait = gsl_stats_mean(waits, 1, reps);
    double se_wait = gsl_stats_sd(waits, 1, reps) / sqrt(reps);
    double mean_p = gsl_stats_mean(p_waits, 1, reps);
    double se_p = gsl_stats_sd(p_waits, 1, reps) / sqrt(reps);
    printf("rho %.2f, %d slots: mean wait %.4f (se %.4f) vs Erlang C %.4f weeks; "
           "P(wait>0) %.4f (se %.4f) vs %.4f\n",
           rho, slots, mean_wait, se_wait, expected_wait, mean_p, se_p, c_prob);

    char what[64];
    snprintf(what, sizeof what, "mean wait at utilisation %.2f", rho);
    CHECK_NEAR(mean_wait, expected_wait, 4 * se_wait + 0.02 * expected_wait, what);
    snprintf(what, sizeof what, "P(wait > 0) at utilisation %.2f", rho);
    CHECK_NEAR(mean_p, c_prob, 4 * se_p + 0.02 * c_prob, what);
    CHECK(se_wait < 0.04 * expected_wait,
          "rho %.2f: standard error of the mean wait %.4f is "
          "too large to test against %.4f",
          rho, se_wait, expected_wait);
    spsim_run_free(run);
    free(s);
}

int main(void)
{
    /* The formula itself, against a value computed by hand: c = 2, a = 1 gives C = 1/3. */
    CHECK_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12, "Erlang C(2, 1)");
    /* Fewer slots at low load keep waits common enough to measure precisely. */
    check_utilisation(0.5, 2);
    check_utilisation(0.8, 10);
    check_utilisation(0.95, 20);
    return spsim_check_finish();
}
