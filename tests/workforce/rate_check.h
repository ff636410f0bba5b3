/* Shared by the supply-rate tests (tests/workforce, tests/community): the random stream of
 * process-level simulations, weekly and yearly probabilities, whole runs, and the one check
 * every statistical rate test makes.
 *
 * A rate test compares an estimate with the parameter it should recover, within RATE_SES
 * standard errors. It also checks that this tolerance is under half of what a 10 % error in the
 * parameter would move the estimate (5 % of the parameter: every estimate here is in the
 * parameter's own units), so that a one-line change making the rate 10 % off fails. */
#ifndef SPSIM_TEST_RATE_CHECK_H
#define SPSIM_TEST_RATE_CHECK_H

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "engine/runner.h"
#include "scenario/params.h"

/* Tolerances are 4 standard errors: a reseeded test fails by chance with probability about
 * 6e-5 per check, so a change of seed or generator will not make it flake. */
#define RATE_SES 4.0

/* The one place a process-level test makes its generator: a fixed seed, so every test is
 * deterministic. The process functions take any gsl_rng *, so if the engine's streams change
 * generator this may follow it or not. */
static inline gsl_rng *rate_rng(unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    if (rng) gsl_rng_set(rng, seed);
    return rng;
}

/* A weekly probability as the yearly one it compounds to, and back (docs/model.md, section 6:
 * a post survives a year with probability 1 - a when it survives each week with
 * (1 - a)^(1 / 52.18)). */
static inline double yearly_from_weekly(double weekly)
{
    return 1.0 - pow(1.0 - weekly, SPSIM_WEEKS_PER_YEAR);
}

static inline double weekly_from_yearly(double yearly)
{
    return 1.0 - pow(1.0 - yearly, 1.0 / SPSIM_WEEKS_PER_YEAR);
}

/* Standard error of yearly_from_weekly(events / trials) when each of `trials` independent weeks
 * has the event with probability `weekly`: binomial, carried through by the delta method. */
static inline double yearly_se(double weekly, double trials)
{
    double slope = SPSIM_WEEKS_PER_YEAR * pow(1.0 - weekly, SPSIM_WEEKS_PER_YEAR - 1.0);
    return slope * sqrt(weekly * (1.0 - weekly) / trials);
}

/* The rate check: |estimate - parameter| <= RATE_SES x se, and that tolerance is under 5 % of
 * the parameter, so an estimate from a model 10 % off lands outside it. Failures are reported at
 * the caller's line. Returns whether the estimate is within tolerance. */
#define CHECK_RATE(estimate, parameter, se, what)                                                  \
    check_rate_at(__FILE__, __LINE__, (estimate), (parameter), (se), (what))

static inline bool check_rate_at(const char *file, int line, double estimate, double parameter,
                                 double se, const char *what)
{
    double tol = RATE_SES * se;
    printf("%s: %.5g vs parameter %.5g (se %.3g, tolerance %.3g = %.1f %% of it)\n", what, estimate,
           parameter, se, tol, 100.0 * tol / fabs(parameter));
    spsim_check_(tol < 0.05 * fabs(parameter), file, line,
                 "%s: tolerance %.3g is under half of "
                 "a 10 %% change in the parameter (%.3g)",
                 what, tol, 0.1 * fabs(parameter));
    spsim_check_(fabs(estimate - 1.1 * parameter) > tol && fabs(estimate - 0.9 * parameter) > tol,
                 file, line, "%s: the estimate %.5g rejects the parameter 10 %% off (%.5g, %.5g)",
                 what, estimate, 0.9 * parameter, 1.1 * parameter);
    return spsim_check_(fabs(estimate - parameter) <= tol, file, line,
                        "%s: %.6g vs parameter %.6g (tolerance %.3g)", what, estimate, parameter,
                        tol);
}

/* Runs a scenario built in code; NULL (and a failed check) if the run fails. */
static inline spsim_run *rate_run(const spsim_scenario *s)
{
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *r = spsim_run_scenario(s, &opt, err, sizeof err);
    CHECK(r != NULL, "run failed: %s", err);
    return r;
}

/* Series `id` of replication `rep`'s only locality at `week`. */
static inline double rate_at(const spsim_run *r, int rep, spsim_series_id id, int week)
{
    return *spsim_series_at(&r->results[0][rep], id, week, 0);
}

#endif
