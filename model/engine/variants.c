/* Variants of a scenario, each overridden and run by the ordinary runner. */
#include "variants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../economics/decision.h"
#include "../economics/economics.h"

int spsim_variant_figures_take(const spsim_run *run, spsim_variant_figures *out)
{
    size_t cells = (size_t)run->n_arms * (size_t)run->n_replications;
    *out = (spsim_variant_figures){.n_arms = run->n_arms, .n_replications = run->n_replications};
    out->totals = malloc(cells * SPSIM_N_TOTALS * sizeof *out->totals);
    out->headlines = malloc(cells * SPSIM_N_HEADLINES * sizeof *out->headlines);
    if (!out->totals || !out->headlines) {
        spsim_variant_figures_free(out);
        return -1;
    }
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++) {
            const spsim_arm_results *res = &run->results[a][r];
            size_t at = (size_t)a * (size_t)run->n_replications + (size_t)r;
            memcpy(out->totals + at * SPSIM_N_TOTALS, res->totals, sizeof res->totals);
            memcpy(out->headlines + at * SPSIM_N_HEADLINES, res->economics->headlines,
                   sizeof res->economics->headlines);
        }
    return 0;
}

void spsim_variant_figures_free(spsim_variant_figures *f)
{
    free(f->totals);
    free(f->headlines);
    f->totals = f->headlines = NULL;
}

spsim_run *spsim_run_variant(const spsim_scenario *s, const spsim_override *o, int n,
                             const spsim_run_options *opt, spsim_diagnostics *diags, char *err,
                             size_t errlen)
{
    err[0] = '\0';
    spsim_scenario *varied = spsim_scenario_with_overrides(s, o, n, diags);
    if (!varied) return NULL;
    spsim_run *run = spsim_run_scenario(varied, opt, err, errlen);
    spsim_scenario_free(varied);
    return run;
}

int spsim_sweep_grid_variants(const spsim_sweep_grid *g)
{
    long long n = 1;
    for (int k = 0; k < g->n_keys && n <= SPSIM_SWEEP_MAX_VARIANTS; k++) n *= g->n_values[k];
    return n > SPSIM_SWEEP_MAX_VARIANTS ? SPSIM_SWEEP_MAX_VARIANTS + 1 : (int)n;
}

double spsim_sweep_grid_value(const spsim_sweep_grid *g, int v, int k)
{
    int stride = 1;
    for (int j = g->n_keys - 1; j > k; j--) stride *= g->n_values[j];
    return g->values[k][(v / stride) % g->n_values[k]];
}

void spsim_sweep_grid_free(spsim_sweep_grid *g)
{
    for (int k = 0; k < g->n_keys; k++) {
        free(g->values[k]);
        g->values[k] = NULL;
    }
    g->n_keys = 0;
}

void spsim_sweep_results_free(spsim_sweep_results *r)
{
    for (int v = 0; r->figures && v < r->n_variants; v++)
        spsim_variant_figures_free(&r->figures[v]);
    free(r->figures);
    r->figures = NULL;
    r->n_variants = 0;
}

/* One variant: its overrides as text (%.17g keeps every bit of the value), run, figures kept. */
static int run_one(const spsim_scenario *s, const spsim_sweep_grid *g, int v,
                   const spsim_run_options *opt, spsim_variant_figures *out,
                   spsim_diagnostics *diags, char *err, size_t errlen)
{
    char text[SPSIM_SWEEP_MAX_KEYS][SPSIM_SWEEP_VALUE_MAX];
    spsim_override o[SPSIM_SWEEP_MAX_KEYS];
    for (int k = 0; k < g->n_keys; k++) {
        snprintf(text[k], sizeof text[k], "%.17g", spsim_sweep_grid_value(g, v, k));
        o[k] = (spsim_override){g->keys[k], text[k]};
    }
    spsim_run *run = spsim_run_variant(s, o, g->n_keys, opt, diags, err, errlen);
    if (!run) return -1;
    int status = spsim_variant_figures_take(run, out);
    if (status != 0) snprintf(err, errlen, "out of memory keeping the figures of variant %d", v);
    spsim_run_free(run);
    return status;
}

static void show_variant(const spsim_sweep_grid *g, int v, int n)
{
    fprintf(stderr, "spsim: variant %d of %d:", v + 1, n);
    for (int k = 0; k < g->n_keys; k++)
        fprintf(stderr, " %s=%.15g", g->keys[k], spsim_sweep_grid_value(g, v, k));
    fputc('\n', stderr);
}

int spsim_sweep_run(const spsim_scenario *s, const spsim_sweep_grid *g,
                    const spsim_run_options *opt, bool progress, spsim_sweep_results *out,
                    spsim_diagnostics *diags, char *err, size_t errlen)
{
    int n = spsim_sweep_grid_variants(g);
    *out = (spsim_sweep_results){0};
    for (int a = 0; a < s->n_arms; a++)
        snprintf(out->arm_names[a], sizeof out->arm_names[a], "%s", s->arms[a].name);
    out->figures = calloc((size_t)n, sizeof *out->figures);
    if (!out->figures) {
        snprintf(err, errlen, "out of memory for the figures of %d variants", n);
        return -1;
    }
    for (int v = 0; v < n; v++) {
        if (progress) show_variant(g, v, n);
        if (run_one(s, g, v, opt, &out->figures[v], diags, err, errlen) != 0) {
            spsim_sweep_results_free(out);
            return -1;
        }
        out->n_variants = v + 1;
    }
    return 0;
}

static int arms_of(const spsim_sweep_results *r)
{
    return r->figures[0].n_arms;
}

/* One headline of option o (variant o / arms, arm o % arms) in replication rep. */
static double option_headline(const spsim_sweep_results *r, int o, int rep, int headline)
{
    const spsim_variant_figures *f = &r->figures[o / arms_of(r)];
    size_t at = (size_t)(o % arms_of(r)) * (size_t)f->n_replications + (size_t)rep;
    return f->headlines[at * SPSIM_N_HEADLINES + headline];
}

int spsim_sweep_acceptability(const spsim_sweep_results *r, double wtp_gbp_per_wellby,
                              double *share)
{
    int n_options = r->n_variants * arms_of(r), n_rep = r->figures[0].n_replications;
    size_t cells = (size_t)n_rep * (size_t)n_options;
    double *wellbys = malloc(cells * sizeof *wellbys), *net_cost = malloc(cells * sizeof *net_cost);
    double *nmb = malloc(cells * sizeof *nmb);
    int status = wellbys && net_cost && nmb ? 0 : -1;
    for (int rep = 0; status == 0 && rep < n_rep; rep++)
        for (int o = 0; o < n_options; o++) {
            size_t at = (size_t)rep * (size_t)n_options + (size_t)o;
            wellbys[at] = option_headline(r, o, rep, SPSIM_HEADLINE_WELLBYS);
            net_cost[at] = option_headline(r, o, rep, SPSIM_HEADLINE_NET_COST);
        }
    if (status == 0) {
        spsim_incremental_nmb(wellbys, net_cost, n_rep, n_options, wtp_gbp_per_wellby, nmb);
        spsim_acceptability(nmb, n_rep, n_options, share);
    }
    free(wellbys);
    free(net_cost);
    free(nmb);
    return status;
}
