/* One-way sensitivity: the base and two variants per uncertain key (see tornado.h). */
#include "tornado.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "economics/economics.h"
#include "engine/ranks.h"
#include "scenario/uncertainty.h"

void spsim_tornado_free(spsim_tornado *t)
{
    if (!t) return;
    free(t->mean_value);
    free(t->value);
    free(t->inmb);
    free(t);
}

double spsim_tornado_swing(const spsim_tornado *t, int k, int c)
{
    return fabs(t->inmb[(k * 2 + SPSIM_TORNADO_HIGH) * t->n_compared + c] -
                t->inmb[(k * 2 + SPSIM_TORNADO_LOW) * t->n_compared + c]);
}

double spsim_tornado_inmb(const spsim_tornado *t, const spsim_run *run, int c)
{
    double sum = 0.0;
    for (int r = 0; r < run->n_replications; r++) {
        double x = run->results[t->compared[c]][r]
                       .economics->headlines[SPSIM_HEADLINE_NET_MONETARY_BENEFIT];
        if (t->reference_arm >= 0)
            x -= run->results[t->reference_arm][r]
                     .economics->headlines[SPSIM_HEADLINE_NET_MONETARY_BENEFIT];
        sum += x;
    }
    return sum / run->n_replications;
}

int spsim_tornado_check(const spsim_scenario *s, char *err, size_t errlen)
{
    if (s->n_uncertain > 0) return 0;
    snprintf(err, errlen,
             "%s: --tornado needs values written as distributions (e.g. {dist: beta, mean: 0.3, "
             "sd: 0.05}; docs/model.md, \"Parameter uncertainty\"), and this scenario has none",
             s->path);
    return -1;
}

static const double bound_quantile[SPSIM_TORNADO_N_BOUNDS] = {SPSIM_TORNADO_LOW_QUANTILE,
                                                              SPSIM_TORNADO_HIGH_QUANTILE};
static const char *const bound_name[SPSIM_TORNADO_N_BOUNDS] = {"low", "high"};

static spsim_tornado *tornado_alloc(const spsim_scenario *s, int replications)
{
    spsim_tornado *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    int k = s->n_uncertain;
    t->n_keys = k;
    t->replications = replications;
    t->reference_arm = s->n_arms > 1 ? s->n_arms - 1 : -1;
    t->n_compared = s->n_arms > 1 ? s->n_arms - 1 : 1;
    for (int c = 0; c < t->n_compared; c++) t->compared[c] = c;
    t->mean_value = calloc((size_t)k, sizeof *t->mean_value);
    t->value = calloc((size_t)k * 2, sizeof *t->value);
    t->inmb = calloc((size_t)k * 2 * t->n_compared, sizeof *t->inmb);
    if (!t->mean_value || !t->value || !t->inmb) {
        spsim_tornado_free(t);
        return NULL;
    }
    return t;
}

spsim_tornado *spsim_tornado_prepare(const spsim_scenario *s, int replications, char *err,
                                     size_t errlen)
{
    if (spsim_tornado_check(s, err, errlen) != 0) return NULL;
    spsim_tornado *t = tornado_alloc(s, replications);
    if (!t) {
        snprintf(err, errlen, "out of memory for the tornado of %d keys", s->n_uncertain);
        return NULL;
    }
    spsim_uncertain_means(s, t->mean_value);
    for (int k = 0; k < t->n_keys; k++)
        for (int b = 0; b < SPSIM_TORNADO_N_BOUNDS; b++)
            t->value[k * 2 + b] = spsim_dist_quantile(&s->uncertain[k].dist, bound_quantile[b]);
    return t;
}

/* `s` with `values` (one per uncertain key) under the original's seed; NULL with a message
 * naming the variant when the values are refused. */
static spsim_scenario *variant_scenario(const spsim_scenario *s, const double *values,
                                        const char *variant, char *err, size_t errlen)
{
    spsim_diagnostics diags;
    spsim_diagnostics_init(&diags, s->path);
    spsim_scenario *v = spsim_scenario_with_values(s, values, &diags);
    if (!v) {
        const spsim_diag *why = diags.n > 0 ? &diags.items[0] : NULL;
        snprintf(err, errlen, "the tornado's %s is refused: %s:%d:%d: %s", variant, s->path,
                 why ? why->line : 0, why ? why->column : 0, why ? why->message : "unknown");
    } else {
        v->seed = s->seed; /* --seed, which the re-resolved scenario does not know */
    }
    spsim_diagnostics_free(&diags);
    return v;
}

spsim_scenario *spsim_tornado_base_scenario(const spsim_scenario *s, const spsim_tornado *t,
                                            char *err, size_t errlen)
{
    return variant_scenario(s, t->mean_value, "base (every key at its mean)", err, errlen);
}

/* Runs `s` with `values` under the original's seed into *out: 0, 1 when the options' stop
 * flag stopped it (its figures would be partial: nothing in *out), -1 with a message. */
static int run_variant(const spsim_scenario *s, const double *values, const spsim_run_options *opt,
                       const char *variant, spsim_run **out, char *err, size_t errlen)
{
    *out = NULL;
    spsim_scenario *v = variant_scenario(s, values, variant, err, errlen);
    if (!v) return -1;
    char why[512];
    spsim_run *run = spsim_run_scenario(v, opt, why, sizeof why);
    spsim_scenario_free(v);
    if (!run) return snprintf(err, errlen, "the tornado's %s failed: %s", variant, why), -1;
    if (run->stopped) {
        snprintf(err, errlen, "the tornado's %s was stopped", variant);
        spsim_run_free(run);
        return 1;
    }
    *out = run;
    return 0;
}

/* Runs variant key * 2 + bound (the next one, t->variants_done), filling its figures. */
static int run_next_variant(spsim_tornado *t, const spsim_scenario *s, double *values,
                            const spsim_run_options *opt, FILE *progress, char *err, size_t errlen)
{
    int variant = t->variants_done, k = variant / 2, b = variant % 2;
    /* One process stops between variants at once. Across ranks the flag is each rank's own, so
     * the next variant's run decides, from what every rank ran (run->stopped, agreed). */
    if (opt->stop && *opt->stop && spsim_ranks() == 1)
        return snprintf(err, errlen, "the tornado was stopped"), 1;
    memcpy(values, t->mean_value, (size_t)t->n_keys * sizeof *values);
    values[k] = t->value[variant];
    char name[300];
    snprintf(name, sizeof name, "%s value of %s (%g)", bound_name[b], s->uncertain[k].key,
             values[k]);
    if (progress) fprintf(progress, "spsim: tornado: key %d of %d, %s\n", k + 1, t->n_keys, name);
    spsim_run *run = NULL;
    int status = run_variant(s, values, opt, name, &run, err, errlen);
    if (status != 0) return status;
    for (int c = 0; c < t->n_compared; c++)
        t->inmb[variant * t->n_compared + c] = spsim_tornado_inmb(t, run, c);
    spsim_run_free(run);
    t->variants_done++;
    return 0;
}

int spsim_tornado_continue(spsim_tornado *t, const spsim_scenario *s, const spsim_scenario *base_s,
                           spsim_run *base, const spsim_run_options *opt,
                           const spsim_run_options *base_opt, FILE *progress, char *err,
                           size_t errlen)
{
    if (base->replications_done < base->n_replications) {
        if (progress) fprintf(progress, "spsim: tornado: the base, every key at its mean\n");
        char why[512];
        if (spsim_run_continue(base_s, base_opt, base, base->replications_done, why, sizeof why) !=
            0)
            return snprintf(err, errlen, "the tornado's base (every key at its mean) failed: %s",
                            why),
                   -1;
        if (base->stopped) return snprintf(err, errlen, "the tornado's base was stopped"), 1;
    }
    for (int c = 0; c < t->n_compared; c++) t->base_inmb[c] = spsim_tornado_inmb(t, base, c);
    double *values = malloc((size_t)t->n_keys * sizeof *values);
    if (!values) return snprintf(err, errlen, "out of memory for the tornado's variants"), -1;
    int status = 0;
    while (status == 0 && t->variants_done < t->n_keys * SPSIM_TORNADO_N_BOUNDS)
        status = run_next_variant(t, s, values, opt, progress, err, errlen);
    free(values);
    return status;
}

spsim_tornado *spsim_tornado_run(const spsim_scenario *s, const spsim_run_options *opt,
                                 const spsim_run_options *base_opt, FILE *progress,
                                 spsim_run **base_run, bool *stopped, char *err, size_t errlen)
{
    *base_run = NULL;
    if (stopped) *stopped = false;
    int replications = opt->replications > 0 ? opt->replications : s->replications;
    spsim_run_options o = *opt, base = base_opt ? *base_opt : *opt;
    o.replications = base.replications = replications;
    spsim_tornado *t = spsim_tornado_prepare(s, replications, err, errlen);
    spsim_scenario *base_s = t ? spsim_tornado_base_scenario(s, t, err, errlen) : NULL;
    spsim_run *run = base_s ? spsim_run_prepare(base_s, replications) : NULL;
    if (base_s && !run)
        snprintf(err, errlen, "out of memory allocating results for %d replications x %d arms",
                 replications, s->n_arms);
    int status =
        run ? spsim_tornado_continue(t, s, base_s, run, &o, &base, progress, err, errlen) : -1;
    spsim_scenario_free(base_s);
    if (status == 0) return *base_run = run, t;
    if (status == 1 && stopped) *stopped = true;
    spsim_tornado_free(t);
    spsim_run_free(run);
    return NULL;
}
