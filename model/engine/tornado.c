/* One-way sensitivity: the base and two variants per uncertain key (see tornado.h). */
#include "tornado.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "economics/economics.h"
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

/* Runs `s` with `values` (one per uncertain key) under the original's seed; NULL with a message
 * naming the variant when the values are refused or the run fails. */
static spsim_run *run_variant(const spsim_scenario *s, const double *values,
                              const spsim_run_options *opt, const char *variant, char *err,
                              size_t errlen)
{
    spsim_diagnostics diags;
    spsim_diagnostics_init(&diags, s->path);
    spsim_scenario *v = spsim_scenario_with_values(s, values, &diags);
    spsim_run *run = NULL;
    if (!v) {
        const spsim_diag *why = diags.n > 0 ? &diags.items[0] : NULL;
        snprintf(err, errlen, "the tornado's %s is refused: %s:%d:%d: %s", variant, s->path,
                 why ? why->line : 0, why ? why->column : 0, why ? why->message : "unknown");
    } else {
        v->seed = s->seed; /* --seed, which the re-resolved scenario does not know */
        char why[512];
        run = spsim_run_scenario(v, opt, why, sizeof why);
        if (!run) snprintf(err, errlen, "the tornado's %s failed: %s", variant, why);
        if (run && run->stopped) { /* the options' stop flag: its figures would be partial */
            snprintf(err, errlen, "the tornado's %s was stopped", variant);
            spsim_run_free(run);
            run = NULL;
        }
    }
    spsim_scenario_free(v);
    spsim_diagnostics_free(&diags);
    return run;
}

/* Runs both variants of key k, filling its values and figures. */
static int run_key(spsim_tornado *t, const spsim_scenario *s, int k, double *values,
                   const spsim_run_options *opt, FILE *progress, char *err, size_t errlen)
{
    static const double quantile[SPSIM_TORNADO_N_BOUNDS] = {SPSIM_TORNADO_LOW_QUANTILE,
                                                            SPSIM_TORNADO_HIGH_QUANTILE};
    static const char *const bound_name[SPSIM_TORNADO_N_BOUNDS] = {"low", "high"};
    for (int b = 0; b < SPSIM_TORNADO_N_BOUNDS; b++) {
        double x = spsim_dist_quantile(&s->uncertain[k].dist, quantile[b]);
        t->value[k * 2 + b] = x;
        values[k] = x;
        char variant[300];
        snprintf(variant, sizeof variant, "%s value of %s (%g)", bound_name[b], s->uncertain[k].key,
                 x);
        if (progress)
            fprintf(progress, "spsim: tornado: key %d of %d, %s\n", k + 1, t->n_keys, variant);
        spsim_run *run = run_variant(s, values, opt, variant, err, errlen);
        if (!run) return -1;
        for (int c = 0; c < t->n_compared; c++)
            t->inmb[(k * 2 + b) * t->n_compared + c] = spsim_tornado_inmb(t, run, c);
        spsim_run_free(run);
    }
    values[k] = t->mean_value[k];
    return 0;
}

spsim_tornado *spsim_tornado_run(const spsim_scenario *s, const spsim_run_options *opt,
                                 const spsim_run_options *base_opt, FILE *progress,
                                 spsim_run **base_run, char *err, size_t errlen)
{
    *base_run = NULL;
    if (spsim_tornado_check(s, err, errlen) != 0) return NULL;
    spsim_run_options o = *opt, base = base_opt ? *base_opt : *opt;
    if (o.replications <= 0) o.replications = s->replications;
    base.replications = o.replications;
    spsim_tornado *t = tornado_alloc(s, o.replications);
    double *values = t ? malloc((size_t)s->n_uncertain * sizeof *values) : NULL;
    if (!values) {
        spsim_tornado_free(t);
        snprintf(err, errlen, "out of memory for the tornado of %d keys", s->n_uncertain);
        return NULL;
    }
    spsim_uncertain_means(s, t->mean_value);
    memcpy(values, t->mean_value, (size_t)s->n_uncertain * sizeof *values);
    if (progress) fprintf(progress, "spsim: tornado: the base, every key at its mean\n");
    *base_run = run_variant(s, values, &base, "base (every key at its mean)", err, errlen);
    int status = *base_run ? 0 : -1;
    for (int c = 0; status == 0 && c < t->n_compared; c++)
        t->base_inmb[c] = spsim_tornado_inmb(t, *base_run, c);
    for (int k = 0; status == 0 && k < s->n_uncertain; k++)
        status = run_key(t, s, k, values, &o, progress, err, errlen);
    free(values);
    if (status == 0) return t;
    spsim_tornado_free(t);
    spsim_run_free(*base_run);
    *base_run = NULL;
    return NULL;
}
