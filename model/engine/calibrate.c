/* Calibration: the model as the simulator of ABC-SMC (abc_smc.h). */
#include "calibrate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "economics/quantities.h"
#include "engine/runner.h"
#include "results/weighted.h"
#include "scenario/uncertainty.h"

/* What every simulation shares (read-only while the particles run). */
typedef struct {
    const spsim_scenario *s;
    const spsim_target_set *t;
    int n_keys;
    const int *key;             /* uncertain key of each fitted parameter */
    const double *fixed_values; /* every uncertain key at its mean */
    int *target_arm;            /* arm of each target in s */
    spsim_week_window *window;  /* weeks of each target */
    int replications;
} calibration_model;

static void model_values(const double *z, double *theta, void *ctx)
{
    const calibration_model *m = ctx;
    for (int k = 0; k < m->n_keys; k++) {
        double u = gsl_cdf_ugaussian_P(z[k]);
        /* Phi(z) reaches 0 or 1 in double precision beyond |z| of about 8 or 38; the quantile
         * needs 0 < u < 1. */
        u = fmin(fmax(u, 1e-300), 1.0 - 1e-16);
        theta[k] = spsim_dist_quantile(&m->s->uncertain[m->key[k]].dist, u);
    }
}

static void quantities_of(const calibration_model *m, const spsim_scenario *p, const spsim_run *run,
                          double *stats)
{
    for (int i = 0; i < m->t->n; i++) {
        int a = m->target_arm[i];
        stats[i] = spsim_quantity_mean(m->t->items[i].quantity, run->results[a],
                                       run->n_replications, &p->arms[a], m->window[i]);
    }
}

static int model_simulate(const double *theta, unsigned long long seed, double *stats, void *ctx,
                          char *err, size_t errlen)
{
    const calibration_model *m = ctx;
    int n = m->s->n_uncertain;
    double *values = malloc((size_t)(n ? n : 1) * sizeof *values);
    if (!values) return snprintf(err, errlen, "out of memory during calibration"), -1;
    memcpy(values, m->fixed_values, (size_t)n * sizeof *values);
    for (int k = 0; k < m->n_keys; k++) values[m->key[k]] = theta[k];
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, m->s->path);
    spsim_scenario *p = spsim_scenario_with_values(m->s, values, &d);
    free(values);
    if (!p) {
        snprintf(err, errlen, "a proposed value was refused: %s",
                 d.n ? d.items[0].message : "out of memory");
        spsim_diagnostics_free(&d);
        return -1;
    }
    spsim_diagnostics_free(&d);
    p->seed = seed;
    /* rank-local: this particle is already one rank's share of the generation (abc_smc.c). */
    spsim_run_options opt = {.threads = 1, .replications = m->replications, .rank_local = true};
    spsim_run *run = spsim_run_scenario(p, &opt, err, errlen);
    if (run) quantities_of(m, p, run, stats);
    spsim_run_free(run);
    spsim_scenario_free(p);
    return run ? 0 : -1;
}

spsim_calibrate_options spsim_calibrate_defaults(const spsim_scenario *s)
{
    return (spsim_calibrate_options){.particles = SPSIM_CALIBRATE_DEFAULT_PARTICLES,
                                     .replications = SPSIM_CALIBRATE_DEFAULT_REPLICATIONS,
                                     .max_generations = SPSIM_CALIBRATE_DEFAULT_GENERATIONS,
                                     .quantile = SPSIM_CALIBRATE_DEFAULT_QUANTILE,
                                     .tolerance_floor = SPSIM_CALIBRATE_DEFAULT_FLOOR,
                                     .min_acceptance = SPSIM_CALIBRATE_DEFAULT_MIN_ACCEPTANCE,
                                     .seed = s->seed};
}

/* Keeps the arms the targets name (a target naming none means the scenario's first), in the
 * order first named, and finds each target's arm and weeks in what is kept. */
static int choose_arms(spsim_scenario *s, const spsim_target_set *t, calibration_model *m,
                       char *err, size_t errlen)
{
    char list[SPSIM_MAX_ARMS * (SPSIM_NAME_MAX + 1)] = "";
    char first[SPSIM_NAME_MAX];
    snprintf(first, sizeof first, "%s", s->arms[0].name);
    for (int i = 0; i < t->n; i++) {
        const char *name = t->items[i].arm[0] ? t->items[i].arm : first;
        char padded[SPSIM_NAME_MAX + 2], haystack[sizeof list + 2];
        snprintf(padded, sizeof padded, ",%s,", name);
        snprintf(haystack, sizeof haystack, ",%s,", list);
        if (!strstr(haystack, padded))
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? "," : "",
                     name);
    }
    if (spsim_scenario_select_arms(s, list, err, errlen) != 0) return -1;
    for (int i = 0; i < t->n; i++) {
        const char *name = t->items[i].arm[0] ? t->items[i].arm : first;
        for (int a = 0; a < s->n_arms; a++)
            if (!strcmp(s->arms[a].name, name)) m->target_arm[i] = a;
        m->window[i] =
            spsim_years_window(t->items[i].first_year, t->items[i].last_year, s->n_weeks);
    }
    return 0;
}

static void summarise(spsim_calibration *c)
{
    const spsim_abc_result *r = c->abc;
    size_t n = (size_t)r->n_particles, d = (size_t)r->n_params, m = (size_t)r->n_stats;
    for (int k = 0; k < c->n_keys; k++) {
        spsim_fitted_key *f = &c->keys[k];
        const double *x = r->theta + k;
        f->mean = spsim_weighted_mean(x, d, r->weight, n);
        f->sd = spsim_weighted_sd(x, d, r->weight, n);
        f->p5 = spsim_weighted_quantile(x, d, r->weight, n, 0.05);
        f->p50 = spsim_weighted_quantile(x, d, r->weight, n, 0.50);
        f->p95 = spsim_weighted_quantile(x, d, r->weight, n, 0.95);
    }
    for (int i = 0; i < c->targets->n; i++) {
        spsim_target_fit *f = &c->fits[i];
        const spsim_target *g = &c->targets->items[i];
        const double *x = r->stats + i;
        f->mean = spsim_weighted_mean(x, m, r->weight, n);
        f->p5 = spsim_weighted_quantile(x, m, r->weight, n, 0.05);
        f->p95 = spsim_weighted_quantile(x, m, r->weight, n, 0.95);
        f->within = f->mean >= g->low && f->mean <= g->high;
    }
}

void spsim_calibration_free(spsim_calibration *c)
{
    if (!c) return;
    free(c->keys);
    free(c->fits);
    spsim_abc_result_free(c->abc);
    free(c);
}

/* The fitted keys (every key marked calibrate), and every uncertain key at its mean: the values
 * a plain load resolves the scenario with, which the keys not fitted keep. */
static int marked_keys(const spsim_scenario *s, int *key, double *fixed)
{
    int n = 0;
    spsim_uncertain_means(s, fixed);
    for (int k = 0; k < s->n_uncertain; k++)
        if (s->uncertain[k].calibrate) key[n++] = k;
    return n;
}

static spsim_calibration *run_fit(const calibration_model *m, const spsim_target_set *t,
                                  const spsim_calibrate_options *o, char *err, size_t errlen)
{
    double *target = malloc((size_t)t->n * sizeof *target);
    double *sd = malloc((size_t)t->n * sizeof *sd);
    spsim_calibration *c = calloc(1, sizeof *c);
    if (!target || !sd || !c) {
        free(target);
        free(sd);
        free(c);
        snprintf(err, errlen, "out of memory during calibration");
        return NULL;
    }
    for (int i = 0; i < t->n; i++) {
        target[i] = t->items[i].value;
        sd[i] = t->items[i].sd;
    }
    spsim_abc_options abc = {m->n_keys,
                             t->n,
                             target,
                             sd,
                             model_values,
                             model_simulate,
                             (void *)m,
                             o->particles,
                             o->max_generations,
                             o->quantile,
                             o->tolerance_floor,
                             o->min_acceptance,
                             o->max_simulations,
                             o->seed,
                             o->threads,
                             o->progress};
    c->abc = spsim_abc_smc(&abc, err, errlen);
    free(target);
    free(sd);
    c->targets = t;
    c->options = *o;
    c->n_keys = m->n_keys;
    c->keys = calloc((size_t)m->n_keys, sizeof *c->keys);
    c->fits = calloc((size_t)t->n, sizeof *c->fits);
    if (!c->abc || !c->keys || !c->fits) {
        if (c->abc) snprintf(err, errlen, "out of memory during calibration");
        spsim_calibration_free(c);
        return NULL;
    }
    for (int k = 0; k < m->n_keys; k++) c->keys[k].uncertain = m->key[k];
    return c;
}

spsim_calibration *spsim_calibrate(spsim_scenario *s, const spsim_target_set *t,
                                   const spsim_calibrate_options *o, char *err, size_t errlen)
{
    int n = s->n_uncertain > 0 ? s->n_uncertain : 1;
    int *key = malloc((size_t)n * sizeof *key), *arm = malloc((size_t)t->n * sizeof *arm);
    double *fixed = malloc((size_t)n * sizeof *fixed);
    spsim_week_window *window = malloc((size_t)t->n * sizeof *window);
    spsim_calibration *c = NULL;
    calibration_model m = {s, t, 0, key, fixed, arm, window, o->replications};
    if (!key || !arm || !fixed || !window) {
        snprintf(err, errlen, "out of memory during calibration");
    } else if ((m.n_keys = marked_keys(s, key, fixed)) == 0) {
        snprintf(err, errlen,
                 "%s marks no key for calibration (mark one as {calibrate: {min: .., max: ..}} "
                 "or {dist: ..., calibrate: true})",
                 s->path);
    } else if (choose_arms(s, t, &m, err, errlen) == 0) {
        c = run_fit(&m, t, o, err, errlen);
        if (c) summarise(c);
    }
    free(key);
    free(arm);
    free(fixed);
    free(window);
    return c;
}
