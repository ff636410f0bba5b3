/* Calibration of the model itself: targets made by the model at known values of two keys are
 * recovered; the fit is the same bit for bit at 1 and 2 threads; the fitted fragment is a valid
 * scenario fragment that a scenario includes, and a probabilistic run draws its keys.
 *
 * The scenario is small so the suite stays fast: 10,000 residents, 2 years, no community
 * activity or outcomes (the targets do not need them). The truth is a referral rate of 25 per
 * 1,000 a year and a take-up probability of 0.8; the targets are the model's own quantities at
 * those values over 40 replications (standard errors about 0.25 per 1,000 and 0.003), with sds
 * of 1 per 1,000 and 0.02. The fit (100 particles, 2 replications a simulation, tolerance
 * floor 0.5) must put the posterior mean within 2 per 1,000 and 0.05 of the truth (about two
 * target sds, allowing for the tolerance's added width and the seed) and shrink each key's sd to
 * under a third of its uniform prior's (8.7 and 0.144): a fit that ignored either target, or
 * swapped the keys, fails. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "economics/quantities.h"
#include "engine/calibrate.h"
#include "engine/runner.h"
#include "io/calibration_out.h"
#include "scenario/uncertainty.h"
#include "scenario_text.h"

#define SCENARIO_HEAD                                                                              \
    "name: fit\nstart_date: 2025-04-01\nhorizon_years: 2\nreplications: 2\nseed: 11\n"             \
    "localities:\n"                                                                                \
    "  town:\n"                                                                                    \
    "    population: {age_0_15: 1700, age_16_29: 1600, age_30_49: 2500, age_50_64: 1800,\n"        \
    "                 age_65_plus: 2400}\n"                                                        \
    "    deprivation: 0.2\n    rurality: 0.18\n    link_workers: {fte: 3}\n"                       \
    "community: {enabled: false}\noutcomes: {enabled: false}\n"

static const char marked_text[] = SCENARIO_HEAD
    "referral: {maturity_start_fraction: 1,\n"
    "           base_rate_per_1000_per_year: {calibrate: {min: 10, max: 40}}}\n"
    "uptake: {probability: {calibrate: {min: 0.5, max: 1}}, wait_sensitivity_per_week: 0}\n";

static const char truth_text[] =
    SCENARIO_HEAD "referral: {maturity_start_fraction: 1, base_rate_per_1000_per_year: 25}\n"
                  "uptake: {probability: 0.8, wait_sensitivity_per_week: 0}\n";

static spsim_scenario *parse(const char *text)
{
    spsim_diagnostics d;
    spsim_scenario *s = spsim_test_parse(text, &d);
    spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    return s;
}

/* The two targets at the model's own values: 40 replications of the true scenario. */
static spsim_target_set *targets_from_truth(void)
{
    spsim_scenario *s = parse(truth_text);
    spsim_run_options opt = {.replications = 40};
    char err[512];
    spsim_run *run = s ? spsim_run_scenario(s, &opt, err, sizeof err) : NULL;
    spsim_target_set *t = calloc(1, sizeof *t);
    if (!CHECK(run && t, "the true scenario runs")) goto done;
    t->items = calloc(2, sizeof *t->items);
    if (!t->items) goto done;
    snprintf(t->path, sizeof t->path, "truth");
    const char *names[2] = {"referrals_per_1000_per_year", "decline_share"};
    const double sds[2] = {1.0, 0.02};
    spsim_week_window all = spsim_years_window(0, 0, s->n_weeks);
    for (int i = 0; i < 2; i++) {
        spsim_target *g = &t->items[t->n++];
        snprintf(g->name, sizeof g->name, "%s", names[i]);
        snprintf(g->source, sizeof g->source, "the model at known values");
        g->quantity = spsim_quantity_find(names[i]);
        g->value = spsim_quantity_mean(g->quantity, run->results[0], 40, &s->arms[0], all);
        g->sd = sds[i];
        g->low = g->value - 1.96 * g->sd;
        g->high = g->value + 1.96 * g->sd;
    }
done:
    spsim_run_free(run);
    spsim_scenario_free(s);
    return t;
}

static spsim_calibration *fit(spsim_scenario *s, const spsim_target_set *t, int particles,
                              int generations, double floor, int threads)
{
    spsim_calibrate_options o = spsim_calibrate_defaults(s);
    o.particles = particles;
    o.replications = 2;
    o.max_generations = generations;
    o.tolerance_floor = floor;
    o.threads = threads;
    char err[1024];
    spsim_calibration *c = spsim_calibrate(s, t, &o, err, sizeof err);
    CHECK(c != NULL, "the fit runs%s%s", c ? "" : ": ", c ? "" : err);
    return c;
}

static const spsim_fitted_key *fitted(const spsim_calibration *c, const spsim_scenario *s,
                                      const char *key)
{
    for (int k = 0; k < c->n_keys; k++)
        if (!strcmp(s->uncertain[c->keys[k].uncertain].key, key)) return &c->keys[k];
    CHECK(false, "%s is among the fitted keys", key);
    return NULL;
}

static void check_recovered(const spsim_calibration *c, const spsim_scenario *s)
{
    const spsim_fitted_key *rate = fitted(c, s, "referral.base_rate_per_1000_per_year");
    const spsim_fitted_key *uptake = fitted(c, s, "uptake.probability");
    if (!rate || !uptake) return;
    printf("rate %.3f (sd %.3f), take-up %.4f (sd %.4f), %lld simulations\n", rate->mean, rate->sd,
           uptake->mean, uptake->sd, c->abc->simulations);
    CHECK(fabs(rate->mean - 25.0) <= 2.0, "referral rate recovered: %.3f vs 25 (bound 2)",
          rate->mean);
    CHECK(fabs(uptake->mean - 0.8) <= 0.05, "take-up recovered: %.4f vs 0.8 (bound 0.05)",
          uptake->mean);
    CHECK(rate->sd < 8.66 / 3, "the rate's sd %.3f is under a third of the prior's", rate->sd);
    CHECK(uptake->sd < 0.144 / 3, "take-up's sd %.4f is under a third of the prior's", uptake->sd);
    for (int i = 0; i < c->targets->n; i++)
        CHECK(c->fits[i].within, "target %s is within its interval under the posterior",
              c->targets->items[i].name);
}

/* The fragment loads as part of a scenario, carries a distribution per fitted key with the
 * posterior's mean, and a run draws from it. */
static void check_fragment(const spsim_calibration *c, const spsim_scenario *s)
{
    char dir[] = "/tmp/spsim_calibrate_XXXXXX", path[64], text[4096], err[512];
    if (!CHECK(mkdtemp(dir) != NULL, "a temporary directory")) return;
    snprintf(path, sizeof path, "%s/fitted.yaml", dir);
    CHECK(spsim_calibration_write_fragment(c, s, path, err, sizeof err) == 0, "fragment: %s", err);
    snprintf(text, sizeof text, "include: [%s]\n%s", path, truth_text);
    spsim_scenario *p = parse(text);
    if (CHECK(p && p->n_uncertain == 2, "the including scenario has the 2 fitted keys")) {
        for (int k = 0; k < p->n_uncertain; k++) {
            const spsim_fitted_key *f = fitted(c, s, p->uncertain[k].key);
            if (!f) continue;
            CHECK(fabs(spsim_dist_mean(&p->uncertain[k].dist) - f->mean) <= 1e-3 * f->mean,
                  "%s: the included distribution's mean is the posterior's", p->uncertain[k].key);
            CHECK(strstr(p->uncertain[k].source, "calibrated to truth") != NULL,
                  "%s: its source names the targets (%s)", p->uncertain[k].key,
                  p->uncertain[k].source);
        }
        spsim_run_options opt = {.replications = 2};
        spsim_run *run = spsim_run_scenario(p, &opt, err, sizeof err);
        CHECK(run && run->n_psa_keys == 2, "a run draws the 2 fitted keys");
        spsim_run_free(run);
    }
    spsim_scenario_free(p);
    remove(path);
    remove(dir);
}

static void check_threads(const spsim_target_set *t)
{
    spsim_scenario *a = parse(marked_text), *b = parse(marked_text);
    spsim_calibration *one = a ? fit(a, t, 16, 3, 0.5, 1) : NULL;
    spsim_calibration *two = b ? fit(b, t, 16, 3, 0.5, 2) : NULL;
    if (one && two) {
        size_t n = (size_t)one->abc->n_particles * one->abc->n_params;
        CHECK(one->abc->simulations == two->abc->simulations &&
                  !memcmp(one->abc->theta, two->abc->theta, n * sizeof(double)) &&
                  !memcmp(one->abc->weight, two->abc->weight,
                          (size_t)one->abc->n_particles * sizeof(double)),
              "the same fit, bit for bit, at 1 and 2 threads");
    }
    spsim_calibration_free(one);
    spsim_calibration_free(two);
    spsim_scenario_free(a);
    spsim_scenario_free(b);
}

int main(void)
{
    spsim_target_set *t = targets_from_truth();
    spsim_scenario *s = parse(marked_text);
    spsim_calibration *c = s && t && t->n == 2 ? fit(s, t, 100, 8, 0.5, 2) : NULL;
    if (c) {
        check_recovered(c, s);
        check_fragment(c, s);
    }
    if (t && t->n == 2) check_threads(t);
    spsim_calibration_free(c);
    spsim_scenario_free(s);
    spsim_targets_free(t);
    return spsim_check_finish();
}
