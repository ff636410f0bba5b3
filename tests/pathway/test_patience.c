/* Patience in the queue (docs/model.md, "The queue"): with a link-worker service that has no
 * slot to give (0.5 FTE at 1 slot per FTE rounds down to none) nobody ever starts support, so
 * everyone who takes up the offer waits until their patience runs out or the horizon comes. (With
 * no FTE funded at all nothing would be offered and nobody would wait.) Patience is Weibull with median M and shape k,
 *
 *     S(u) = P(patience > u) = exp(-ln 2 x (u / M)^k),
 *
 * and a person referred at t waits W = min(patience, H - t). Referrals come at a constant rate,
 * so t is uniform on [0, H) and
 *
 *     E[W] = (1 / H) int_0^H (H - u) S(u) du,     P(W > w) = S(w) (1 - w / H).
 *
 * The run's wait mean and 90th centile (totals over everyone who waited: the reneged and the
 * censored) are held to these. The mean watches the median; the 90th centile the shape too.
 *
 * Tolerances: 4 standard errors, each the larger of the analytic one (sd(W) / sqrt(n) for the
 * mean; sqrt(0.09 / n) / density at the centile for the 90th centile) and the spread of the eight
 * replications' own figures (which also covers the streaming P-square estimate of the centile).
 * Fixed seed: deterministic; 4 standard errors fail by chance for about one seed in 16,000.
 * Power: the mean's tolerance is under half the shift from a median 10 % off, the centile's under
 * half the shift from a shape 10 % off, and arms with each 10 % off are run and rejected. About
 * 80,000 people wait; the run takes a fraction of a second. */
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>

#include "pathway_run.h"

enum {
    ARM_BASE,
    ARM_LONGER,
    ARM_STEEPER,
    N_ARMS
};

/* About 19 referrals a week, every one taken up, to a locality whose service has no slots. */
static const char scenario[] =
    "name: patience\nstart_date: 2025-04-01\nseed: 5\nreplications: 8\nhorizon_years: 10\n"
    "localities:\n"
    "  town:\n"
    "    population: " PATHWAY_PEOPLE(
        2000) "\n"
              "    deprivation: 0.2\n    rurality: 0.2\n    link_workers: {fte: 0.5, capacity: "
              "caseload, \n"
              "      caseload_per_fte: 1}\n"
              "    groups_at_start: {}\n"
              "referral: {base_rate_per_1000_per_year: 100, maturity_start_fraction: 1}\n"
              "uptake: {probability: 1, self_referral_probability: 1, wait_sensitivity_per_week: "
              "0}\n"
              "reneging: {enabled: true, median_weeks: 12, shape: 1.5}\n"
              "arms:\n"
              "  base: {}\n"
              "  longer: {reneging: {median_weeks: 13.2}}\n"
              "  steeper: {reneging: {shape: 1.65}}\n";

typedef struct {
    double median, shape, horizon;
} patience;

static double survival(const patience *q, double u)
{
    return exp(-log(2.0) * pow(u / q->median, q->shape));
}

static double density(const patience *q, double u)
{
    if (u <= 0.0) return 0.0;
    return survival(q, u) * log(2.0) * q->shape / q->median * pow(u / q->median, q->shape - 1.0);
}

/* (1 / H) int_0^H (H - u) u^power S(u) du, by Simpson's rule on a fine grid. */
static double censored_moment(const patience *q, int power)
{
    enum {
        STEPS = 20000
    };
    double h = q->horizon / STEPS, sum = 0.0;
    for (int i = 0; i <= STEPS; i++) {
        double u = i * h;
        double f = (q->horizon - u) * pow(u, power) * survival(q, u);
        sum += f * (i == 0 || i == STEPS ? 1.0 : (i % 2 ? 4.0 : 2.0));
    }
    return sum * h / 3.0 / q->horizon;
}

static double wait_mean(const patience *q)
{
    return censored_moment(q, 0);
}

static double wait_sd(const patience *q)
{
    double m = wait_mean(q);
    return sqrt(2.0 * censored_moment(q, 1) - m * m);
}

/* The w with P(W > w) = S(w) (1 - w / H) = 0.1, by bisection. */
static double wait_p90(const patience *q)
{
    double lo = 0.0, hi = q->horizon;
    for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if (survival(q, mid) * (1.0 - mid / q->horizon) > 0.1)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static double wait_density(const patience *q, double w)
{
    return density(q, w) * (1.0 - w / q->horizon) + survival(q, w) / q->horizon;
}

typedef struct {
    double n, mean, p90, mean_spread_se, p90_spread_se;
} wait_figures;

/* Wait totals of one arm over its replications: the mean weighted by the people who waited. */
static wait_figures figures(spsim_run *run, int arm)
{
    double means[64], p90s[64], n = 0.0, sum = 0.0;
    int reps = run->n_replications < 64 ? run->n_replications : 64;
    for (int rep = 0; rep < reps; rep++) {
        const double *t = pathway_results(run, arm, rep)->totals;
        means[rep] = t[SPSIM_TOTAL_WAIT_MEAN];
        p90s[rep] = t[SPSIM_TOTAL_WAIT_P90];
        n += t[SPSIM_TOTAL_TAKEN_UP];
        sum += t[SPSIM_TOTAL_TAKEN_UP] * t[SPSIM_TOTAL_WAIT_MEAN];
    }
    return (wait_figures){n, sum / n, gsl_stats_mean(p90s, 1, reps),
                          gsl_stats_sd(means, 1, reps) / sqrt(reps),
                          gsl_stats_sd(p90s, 1, reps) / sqrt(reps)};
}

static patience patience_of(const spsim_arm_params *p, int n_weeks)
{
    return (patience){p->reneging.median_weeks, p->reneging.shape, n_weeks};
}

/* Everyone who took up the offer either reneged or was still waiting at the horizon. */
static void check_nobody_starts(spsim_run *run)
{
    for (int rep = 0; rep < run->n_replications; rep++) {
        spsim_arm_results *r = pathway_results(run, ARM_BASE, rep);
        double started = pathway_sum(r, SPSIM_SERIES_STARTED, 0, 0, run->n_weeks);
        double reneged = pathway_sum(r, SPSIM_SERIES_RENEGED, 0, 0, run->n_weeks);
        CHECK(started == 0 && reneged + r->totals[SPSIM_TOTAL_WAITING_AT_HORIZON] ==
                                  r->totals[SPSIM_TOTAL_TAKEN_UP],
              "replication %d: nobody starts (%.0f) and reneged %.0f + waiting %.0f = taken up "
              "%.0f",
              rep, started, reneged, r->totals[SPSIM_TOTAL_WAITING_AT_HORIZON],
              r->totals[SPSIM_TOTAL_TAKEN_UP]);
    }
}

int main(void)
{
    spsim_scenario *s = pathway_parse(scenario);
    spsim_run *run = pathway_run(s);
    if (!run) {
        spsim_scenario_free(s);
        return spsim_check_finish();
    }
    check_nobody_starts(run);
    patience q = patience_of(&s->arms[ARM_BASE], run->n_weeks);
    wait_figures got = figures(run, ARM_BASE);
    double expected_mean = wait_mean(&q), expected_p90 = wait_p90(&q);
    double tol_mean = 4.0 * fmax(wait_sd(&q) / sqrt(got.n), got.mean_spread_se);
    double tol_p90 =
        4.0 * fmax(sqrt(0.09 / got.n) / wait_density(&q, expected_p90), got.p90_spread_se);
    printf("%.0f people waited: mean %.3f weeks, expected %.3f (tolerance %.3f); 90th centile "
           "%.3f, expected %.3f (tolerance %.3f)\n",
           got.n, got.mean, expected_mean, tol_mean, got.p90, expected_p90, tol_p90);
    CHECK_NEAR(got.mean, expected_mean, tol_mean, "mean wait of people with no slot to wait for");
    CHECK_NEAR(got.p90, expected_p90, tol_p90, "90th centile of their waits");

    for (double factor = 0.9; factor < 1.2; factor += 0.2) {
        patience off_median = q, off_shape = q;
        off_median.median *= factor;
        off_shape.shape *= factor;
        double mean_shift = fabs(wait_mean(&off_median) - expected_mean);
        double p90_shift = fabs(wait_p90(&off_shape) - expected_p90);
        CHECK(tol_mean < 0.5 * mean_shift,
              "power: mean tolerance %.3f is under half the shift "
              "%.3f when the median is x%.1f",
              tol_mean, mean_shift, factor);
        CHECK(tol_p90 < 0.5 * p90_shift,
              "power: 90th-centile tolerance %.3f is under half the "
              "shift %.3f when the shape is x%.1f",
              tol_p90, p90_shift, factor);
    }
    wait_figures longer = figures(run, ARM_LONGER), steeper = figures(run, ARM_STEEPER);
    CHECK(fabs(longer.mean - expected_mean) > tol_mean,
          "a median 10 %% longer (mean wait %.3f) "
          "is rejected against %.3f +- %.3f",
          longer.mean, expected_mean, tol_mean);
    CHECK(fabs(steeper.p90 - expected_p90) > tol_p90,
          "a shape 10 %% larger (90th centile %.3f) "
          "is rejected against %.3f +- %.3f",
          steeper.p90, expected_p90, tol_p90);
    spsim_run_free(run);
    spsim_scenario_free(s);
    return spsim_check_finish();
}
