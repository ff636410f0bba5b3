/* ABC-SMC on toy models whose posteriors are known in closed form: a normal mean under a wide
 * uniform prior, the same mean next to the prior's edge (a truncated normal posterior, which
 * tests the prior term of the weights), and two correlated means (which tests the kernel's
 * covariance). Also: the fit is the same bit for bit at 1 and 2 threads.
 *
 * Tolerances: each fit uses 1,000 particles at a fixed seed, so it is deterministic; the bounds
 * are set at about four Monte Carlo standard errors of an effective sample of 300 particles
 * (mean: 4 x sd / sqrt(300) = 0.23 sd; sd: 4 / sqrt(2 x 300) = 16 %), so a correct sampler
 * passes them at any seed while a missing prior term (0.3 sd off at the edge) or ignored
 * weights fail. The final tolerance, 0.05 sd for one statistic, widens the posterior sd by a
 * factor sqrt(1 + 0.05^2 / 3), 0.04 %; 0.25 (root mean square) for two, which accepts within a
 * disc of radius 0.25 sqrt 2 and widens each sd by sqrt(1 + 0.25^2 / 2), 1.6 %: both ignored. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "check.h"
#include "engine/abc_smc.h"
#include "engine/rng.h"
#include "processes/draws.h"
#include "results/weighted.h"

typedef struct {
    double lo[2], hi[2]; /* uniform priors */
    int mode;            /* 0: one mean; 1: stats (a, a + b) */
    double noise_sd;
} toy;

static void toy_values(const double *z, double *theta, void *ctx)
{
    const toy *t = ctx;
    int d = t->mode == 0 ? 1 : 2;
    for (int k = 0; k < d; k++)
        theta[k] = t->lo[k] + (t->hi[k] - t->lo[k]) * gsl_cdf_ugaussian_P(z[k]);
}

static int toy_simulate(const double *theta, unsigned long long seed, double *stats, void *ctx,
                        char *err, size_t len)
{
    (void)err;
    (void)len;
    const toy *t = ctx;
    gsl_rng *g = spsim_stream_alloc(seed, 0, SPSIM_STREAM_CALIBRATION, 0);
    if (!g) return -1;
    stats[0] = theta[0] + t->noise_sd * spsim_draw_standard_normal(g);
    if (t->mode == 1) stats[1] = theta[0] + theta[1] + t->noise_sd * spsim_draw_standard_normal(g);
    gsl_rng_free(g);
    return 0;
}

static spsim_abc_result *fit(toy *t, const double *target, int threads)
{
    double sd[2] = {t->noise_sd, t->noise_sd};
    spsim_abc_options o = {.n_params = t->mode == 0 ? 1 : 2,
                           .n_stats = t->mode == 0 ? 1 : 2,
                           .target = target,
                           .target_sd = sd,
                           .values = toy_values,
                           .simulate = toy_simulate,
                           .ctx = t,
                           .particles = 1000,
                           .max_generations = 30,
                           .quantile = 0.5,
                           .tolerance_floor = t->mode == 0 ? 0.05 : 0.25,
                           .min_acceptance = 0.01,
                           .seed = 20261202,
                           .threads = threads};
    char err[512];
    spsim_abc_result *r = spsim_abc_smc(&o, err, sizeof err);
    CHECK(r != NULL, "the fit runs: %s", r ? "" : err);
    if (r) printf("%lld simulations, %d generations\n", r->simulations, r->n_generations);
    if (r)
        CHECK(strstr(r->stopped, "floor") != NULL, "the fit stops at its tolerance floor (%s)",
              r->stopped);
    return r;
}

static double ess(const spsim_abc_result *r)
{
    double sum2 = 0.0;
    for (int i = 0; i < r->n_particles; i++) sum2 += r->weight[i] * r->weight[i];
    return 1.0 / sum2;
}

static void check_posterior(const spsim_abc_result *r, int k, double mean, double sd,
                            const char *what)
{
    size_t d = (size_t)r->n_params, n = (size_t)r->n_particles;
    double m = spsim_weighted_mean(r->theta + k, d, r->weight, n);
    double s = spsim_weighted_sd(r->theta + k, d, r->weight, n);
    CHECK(fabs(m - mean) <= 0.23 * sd, "%s: posterior mean %.4f vs %.4f (bound 0.23 sd = %.4f)",
          what, m, mean, 0.23 * sd);
    CHECK(fabs(s / sd - 1.0) <= 0.16, "%s: posterior sd %.4f vs %.4f (bound 16 %%)", what, s, sd);
}

/* Far from the prior's edges the posterior is N(x, s^2). */
static void test_normal_mean(void)
{
    toy t = {.lo = {-10}, .hi = {10}, .mode = 0, .noise_sd = 0.5};
    double target[1] = {1.3};
    spsim_abc_result *r = fit(&t, target, 2);
    if (!r) return;
    CHECK(ess(r) >= 300, "effective sample size %.0f of 1000 is at least 300", ess(r));
    check_posterior(r, 0, 1.3, 0.5, "normal mean");
    spsim_abc_result_free(r);
}

/* Prior U(0, 10), x = 0.2, s = 1: the posterior is N(0.2, 1) truncated at 0, whose mean is
 * 0.2 + phi(a) / (1 - Phi(a)) with a = -0.2. Without the prior term in the weights (the normal
 * scores' density) the mean comes out near 1.2 instead of 0.875. */
static void test_truncated_at_prior_edge(void)
{
    toy t = {.lo = {0}, .hi = {10}, .mode = 0, .noise_sd = 1.0};
    double target[1] = {0.2}, a = -0.2;
    double lambda = gsl_ran_ugaussian_pdf(a) / gsl_cdf_ugaussian_Q(a);
    double mean = 0.2 + lambda, sd = sqrt(1.0 + a * lambda - lambda * lambda);
    spsim_abc_result *r = fit(&t, target, 2);
    if (!r) return;
    check_posterior(r, 0, mean, sd, "truncated normal");
    double lowest = INFINITY;
    for (int i = 0; i < r->n_particles; i++) lowest = fmin(lowest, r->theta[i]);
    CHECK(lowest >= 0.0, "no particle leaves the prior's support (lowest %.4g)", lowest);
    spsim_abc_result_free(r);
}

/* stats (a, a + b), both with sd s: the posterior of (a, b) is normal with sd (s, s sqrt 2)
 * and correlation -1 / sqrt 2. */
static void test_correlated_pair(void)
{
    toy t = {.lo = {-10, -10}, .hi = {10, 10}, .mode = 1, .noise_sd = 0.4};
    double target[2] = {1.0, 3.0};
    spsim_abc_result *r = fit(&t, target, 2);
    if (!r) return;
    check_posterior(r, 0, 1.0, 0.4, "pair: a");
    check_posterior(r, 1, 2.0, 0.4 * sqrt(2.0), "pair: b");
    size_t n = (size_t)r->n_particles;
    double ma = spsim_weighted_mean(r->theta, 2, r->weight, n);
    double mb = spsim_weighted_mean(r->theta + 1, 2, r->weight, n), cov = 0.0;
    for (size_t i = 0; i < n; i++)
        cov += r->weight[i] * (r->theta[2 * i] - ma) * (r->theta[2 * i + 1] - mb);
    double rho = cov / (spsim_weighted_sd(r->theta, 2, r->weight, n) *
                        spsim_weighted_sd(r->theta + 1, 2, r->weight, n));
    CHECK(fabs(rho + 1.0 / sqrt(2.0)) <= 0.1, "pair: correlation %.3f vs %.3f (bound 0.1)", rho,
          -1.0 / sqrt(2.0));
    spsim_abc_result_free(r);
}

static void test_threads_do_not_matter(void)
{
    toy t = {.lo = {-10, -10}, .hi = {10, 10}, .mode = 1, .noise_sd = 0.4};
    double target[2] = {1.0, 3.0};
    spsim_abc_result *one = fit(&t, target, 1), *two = fit(&t, target, 2);
    if (one && two) {
        size_t n = (size_t)one->n_particles;
        CHECK(one->simulations == two->simulations, "same simulations at 1 and 2 threads");
        CHECK(!memcmp(one->theta, two->theta, 2 * n * sizeof *one->theta) &&
                  !memcmp(one->weight, two->weight, n * sizeof *one->weight),
              "the same particles and weights, bit for bit, at 1 and 2 threads");
    }
    spsim_abc_result_free(one);
    spsim_abc_result_free(two);
}

int main(void)
{
    test_normal_mean();
    test_truncated_at_prior_edge();
    test_correlated_pair();
    test_threads_do_not_matter();
    return spsim_check_finish();
}
