/* The sizing search: evaluate a staffing (one run of the varied scenario, every replication),
 * then double and bisect on the step grid. */
#include "sizing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../economics/economics.h"
#include "../scenario/values.h"

const spsim_metric_info spsim_metric_table[SPSIM_N_METRICS] = {
    [SPSIM_METRIC_WAIT_MEAN] = {"wait_mean_weeks", "weeks",
                                "mean wait from referral to the start of support of the "
                                "locality's people who joined its queue: started, left while "
                                "waiting, or still waiting at the horizon "
                                "(locality_totals/wait_mean)"},
    [SPSIM_METRIC_WAIT_P90] = {"wait_p90_weeks", "weeks",
                               "90th percentile of the same waits (locality_totals/wait_p90)"},
    [SPSIM_METRIC_FIRST_CONTACT_MEAN] = {"first_contact_mean_weeks", "weeks",
                                         "mean time from referral to the first link-worker "
                                         "contact of the locality's people who had one "
                                         "(locality_totals/first_contact_wait_mean)"},
    [SPSIM_METRIC_NEVER_CONNECTED_SHARE] = {"never_connected_share", "share",
                                            "the locality's people who agreed an activity and "
                                            "never held a place (locality_totals/never_connected) "
                                            "over those who took up the offer "
                                            "(locality_totals/taken_up)"},
    [SPSIM_METRIC_CASELOAD_PER_FTE] = {"caseload_per_fte", "people per FTE",
                                       "people in support per link-worker FTE in post, mean over "
                                       "the weeks with FTE in post (series/caseload_per_fte)"},
};

const char *const spsim_lever_section[2] = {"link_workers", "builders"};

/* FTE above this is out of the registry's range for one locality. */
#define FTE_CAP 1000.0

typedef struct {
    const spsim_scenario *s;
    const spsim_sizing_request *q;
    spsim_diagnostics *d;
    char *err;
    size_t errlen;
    int evaluations;
    double weight[SPSIM_MAX_LOCALITIES]; /* common scale: each locality's share of the largest */
} sizer;

/* ---- metrics and targets ---- */

static double locality_caseload(const spsim_arm_results *r, int l)
{
    double sum = 0;
    int n = 0;
    for (int w = 0; w < r->n_weeks; w++) {
        double v = r->series[SPSIM_SERIES_CASELOAD_PER_FTE][(long)w * r->n_localities + l];
        if (isfinite(v)) sum += v, n++;
    }
    return n ? sum / n : NAN;
}

/* The metric of locality l in one replication. */
static double metric_value(const spsim_arm_results *r, spsim_metric m, int l)
{
    const double *taken_up = r->locality_totals[SPSIM_LOCALITY_TAKEN_UP];
    switch (m) {
    case SPSIM_METRIC_WAIT_MEAN: return r->locality_totals[SPSIM_LOCALITY_WAIT_MEAN][l];
    case SPSIM_METRIC_WAIT_P90: return r->locality_totals[SPSIM_LOCALITY_WAIT_P90][l];
    case SPSIM_METRIC_FIRST_CONTACT_MEAN:
        return r->locality_totals[SPSIM_LOCALITY_FIRST_CONTACT_WAIT_MEAN][l];
    case SPSIM_METRIC_NEVER_CONNECTED_SHARE:
        return taken_up[l] > 0 ? r->locality_totals[SPSIM_LOCALITY_NEVER_CONNECTED][l] / taken_up[l]
                               : NAN;
    case SPSIM_METRIC_CASELOAD_PER_FTE: return locality_caseload(r, l);
    default: return NAN;
    }
}

/* A target no replication can judge (NaN: nobody waited, nothing offered) is not met. */
static bool target_met(const spsim_target *t, double v)
{
    return isfinite(v) && (t->at_least ? v >= t->value : v <= t->value);
}

/* Whether locality l meets every target in replication r. */
static bool targets_met(const spsim_sizing_request *q, const spsim_arm_results *r, int l)
{
    for (int i = 0; i < q->n_targets; i++)
        if (!target_met(&q->targets[i], metric_value(r, q->targets[i].metric, l))) return false;
    return true;
}

/* ---- the varied scenario ---- */

static void step_date(const spsim_scenario *s, double week, char *buf, size_t len)
{
    spsim_date start = {s->start_year, s->start_month, s->start_day};
    spsim_date d = spsim_date_from_days(spsim_date_days(start) + lround(week * 7.0));
    snprintf(buf, len, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static const spsim_staff_plan *plan_of(const spsim_scenario *s, const spsim_sizing_request *q,
                                       int l)
{
    const spsim_locality *loc = &s->arms[q->arm].localities[l];
    return q->lever == SPSIM_LEVER_BUILDERS ? &loc->builders : &loc->link_workers;
}

void spsim_size_fte_value(const spsim_scenario *s, const spsim_sizing_request *q, int l, double fte,
                          char *buf, size_t len)
{
    if (q->from_week <= 0) {
        snprintf(buf, len, "%.10g", fte);
        return;
    }
    const spsim_staff_plan *p = plan_of(s, q, l);
    size_t used = (size_t)snprintf(buf, len, "[");
    for (int i = 0; i < p->n_steps && p->steps[i].from_week < q->from_week && used < len; i++) {
        char date[16];
        step_date(s, p->steps[i].from_week, date, sizeof date);
        used += (size_t)snprintf(buf + used, len - used, "{from: %s, fte: %.10g}, ", date,
                                 p->steps[i].fte);
    }
    char date[16];
    step_date(s, q->from_week, date, sizeof date);
    if (used < len) snprintf(buf + used, len - used, "{from: %s, fte: %.10g}]", date, fte);
}

/* The plan's own steps, as an override value (for localities kept at their plan when the arm's
 * formula has to give way to FTE set place by place). */
static void plan_value(const spsim_scenario *s, const spsim_sizing_request *q, int l, char *buf,
                       size_t len)
{
    const spsim_staff_plan *p = plan_of(s, q, l);
    size_t used = (size_t)snprintf(buf, len, "[");
    for (int i = 0; i < p->n_steps && used < len; i++) {
        char date[16];
        step_date(s, p->steps[i].from_week, date, sizeof date);
        used += (size_t)snprintf(buf + used, len - used, "%s{from: %s, fte: %.10g}", i ? ", " : "",
                                 date, p->steps[i].fte);
    }
    if (used < len) snprintf(buf + used, len - used, "]");
}

enum {
    VALUE_MAX = SPSIM_MAX_FTE_STEPS * 48 + 64
};

typedef struct {
    char key[SPSIM_MAX_LOCALITIES + 1][192];
    char value[SPSIM_MAX_LOCALITIES + 1][VALUE_MAX];
    spsim_override o[SPSIM_MAX_LOCALITIES + 1];
    int n;
} override_set;

static void add_override(override_set *set, const char *key, const char *value)
{
    snprintf(set->key[set->n], sizeof set->key[0], "%s", key);
    snprintf(set->value[set->n], sizeof set->value[0], "%s", value);
    set->o[set->n] = (spsim_override){set->key[set->n], set->value[set->n]};
    set->n++;
}

/* fte[l] for each locality (NaN: the plan as written). An arm allocating link workers by
 * formula gets allocation per_place, and every locality its FTE. */
static void build_overrides(const sizer *z, const double *fte, override_set *set)
{
    const spsim_arm_params *arm = &z->s->arms[z->q->arm];
    bool formula =
        z->q->lever == SPSIM_LEVER_LINK_WORKERS && arm->allocation == SPSIM_ALLOCATION_FORMULA;
    char key[192], value[VALUE_MAX];
    set->n = 0;
    if (formula) {
        snprintf(key, sizeof key, "arms.%s.link_workers.allocation", arm->name);
        add_override(set, key, "per_place");
    }
    for (int l = 0; l < arm->n_localities; l++) {
        if (!isfinite(fte[l]) && !formula) continue;
        if (isfinite(fte[l]))
            spsim_size_fte_value(z->s, z->q, l, fte[l], value, sizeof value);
        else
            plan_value(z->s, z->q, l, value, sizeof value);
        snprintf(key, sizeof key, "arms.%s.localities.%s.%s.fte", arm->name,
                 arm->localities[l].name, spsim_lever_section[z->q->lever]);
        add_override(set, key, value);
    }
}

/* Runs the staffing and counts, per locality, the replications meeting its targets, and
 * (*all) those where every locality meets its own. */
static int evaluate(sizer *z, const double *fte, double *met_share, double *all)
{
    override_set *set = malloc(sizeof *set);
    if (!set) return snprintf(z->err, z->errlen, "out of memory"), -1;
    build_overrides(z, fte, set);
    spsim_run *run = spsim_run_variant(z->s, set->o, set->n, &z->q->run, z->d, z->err, z->errlen);
    free(set);
    if (!run) return -1;
    z->evaluations++;
    int n_loc = run->n_localities, n_rep = run->n_replications, every = 0;
    int *met = calloc((size_t)n_loc, sizeof *met);
    if (!met) {
        spsim_run_free(run);
        return snprintf(z->err, z->errlen, "out of memory"), -1;
    }
    for (int r = 0; r < n_rep; r++) {
        const spsim_arm_results *res = &run->results[z->q->arm][r];
        bool each = true;
        for (int l = 0; l < n_loc; l++) {
            bool ok = targets_met(z->q, res, l);
            met[l] += ok;
            each = each && ok;
        }
        every += each;
    }
    for (int l = 0; l < n_loc && met_share; l++) met_share[l] = (double)met[l] / n_rep;
    if (all) *all = (double)every / n_rep;
    free(met);
    spsim_run_free(run);
    return 0;
}

int spsim_size_evaluate(const spsim_scenario *s, const spsim_sizing_request *q, const double *fte,
                        double *met_share, spsim_diagnostics *diags, char *err, size_t errlen)
{
    sizer z = {.s = s, .q = q, .d = diags, .err = err, .errlen = errlen};
    return evaluate(&z, fte, met_share, NULL);
}

/* ---- the search ---- */

static double plan_end_fte(const spsim_staff_plan *p)
{
    return p->n_steps > 0 ? p->steps[p->n_steps - 1].fte : 0.0;
}

/* The staffing at step index n: locality l alone (l >= 0) or every locality by the common
 * scale (l < 0), the rest NaN (at plan). */
static void staffing(const sizer *z, int l, long n, double *fte)
{
    const spsim_arm_params *arm = &z->s->arms[z->q->arm];
    double step = z->q->step;
    for (int k = 0; k < arm->n_localities; k++) {
        if (l >= 0)
            fte[k] = k == l ? n * step : NAN;
        else /* rounded up, less a hair so exact multiples stay put */
            fte[k] = fmin(FTE_CAP, ceil(n * z->weight[k] - 1e-9) * step);
    }
}

typedef struct {
    bool met;
    double share; /* of locality l, or of every locality at once */
} outcome;

static int try_index(sizer *z, int l, long n, outcome *out)
{
    double fte[SPSIM_MAX_LOCALITIES] = {0}, shares[SPSIM_MAX_LOCALITIES] = {0}, all = 0;
    staffing(z, l, n, fte);
    if (evaluate(z, fte, shares, &all) != 0) return -1;
    out->share = l >= 0 ? shares[l] : all;
    out->met = out->share >= z->q->confidence - 1e-12;
    if (z->q->progress && l >= 0)
        fprintf(stderr, "spsim: size: %s at %.6g FTE: targets met in %.0f %% of replications\n",
                z->s->arms[z->q->arm].localities[l].name, fte[l], 100 * out->share);
    else if (z->q->progress)
        fprintf(stderr,
                "spsim: size: every locality scaled, the largest at %.6g FTE: targets met in "
                "%.0f %% of replications\n",
                n * z->q->step, 100 * out->share);
    return 0;
}

/* Smallest index meeting the targets: doubling up from `start` until met, then bisection
 * between the last failing index and the first meeting one. *hi_out is -1 when even the cap
 * fails; shares at the answer and one below are returned. */
static int search(sizer *z, int l, long start, long cap, long *hi_out, outcome *at, outcome *below)
{
    outcome o;
    long lo = -1, hi = start; /* lo: a known failing index (-1: none yet) */
    for (;;) {
        if (try_index(z, l, hi, &o) != 0) return -1;
        if (o.met) break;
        lo = hi;
        *below = o;
        if (hi >= cap) return *hi_out = -1, 0;
        hi = hi * 2 > cap ? cap : hi * 2;
    }
    *at = o;
    if (lo < 0) { /* met at the start: bisect down towards 0 */
        if (hi == 0) return *hi_out = 0, below->share = NAN, 0;
        lo = 0;
        if (try_index(z, l, 0, below) != 0) return -1;
        if (below->met) return *hi_out = 0, *at = *below, below->share = NAN, 0;
    }
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if (try_index(z, l, mid, &o) != 0) return -1;
        if (o.met)
            hi = mid, *at = o;
        else
            lo = mid, *below = o;
    }
    *hi_out = hi;
    return 0;
}

static void set_weights(sizer *z)
{
    const spsim_arm_params *arm = &z->s->arms[z->q->arm];
    double largest = 0, biggest_population = 0;
    for (int l = 0; l < arm->n_localities; l++) {
        largest = fmax(largest, plan_end_fte(plan_of(z->s, z->q, l)));
        double pop = 0;
        for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) pop += arm->localities[l].population[b];
        biggest_population = fmax(biggest_population, pop);
    }
    for (int l = 0; l < arm->n_localities; l++) {
        double pop = 0;
        for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) pop += arm->localities[l].population[b];
        z->weight[l] =
            largest > 0 ? plan_end_fte(plan_of(z->s, z->q, l)) / largest : pop / biggest_population;
    }
}

static int size_one(sizer *z, int l, spsim_sizing_result *out)
{
    const spsim_arm_params *arm = &z->s->arms[z->q->arm];
    double plan = l >= 0 ? out->plan_fte[l] : 0;
    for (int k = 0; l < 0 && k < arm->n_localities; k++) plan = fmax(plan, out->plan_fte[k]);
    long cap = (long)floor(FTE_CAP / z->q->step + 1e-9);
    long start = lround(plan / z->q->step);
    start = start < 1 ? 1 : start > cap ? cap : start;
    long n;
    outcome at = {false, NAN}, below = {false, NAN};
    if (search(z, l, start, cap, &n, &at, &below) != 0) return -1;
    double fte[SPSIM_MAX_LOCALITIES] = {0};
    staffing(z, l, n < 0 ? cap : n, fte);
    for (int k = 0; k < arm->n_localities; k++) {
        if (l >= 0 && k != l) continue;
        out->fte[k] = fte[k];
        out->found[k] = n >= 0;
        out->met_share[k] = n >= 0 ? at.share : below.share;
        out->met_share_one_less[k] = n > 0 ? below.share : NAN;
    }
    return 0;
}

int spsim_size(const spsim_scenario *s, const spsim_sizing_request *q, spsim_sizing_result *out,
               spsim_diagnostics *diags, char *err, size_t errlen)
{
    sizer z = {.s = s, .q = q, .d = diags, .err = err, .errlen = errlen};
    const spsim_arm_params *arm = &s->arms[q->arm];
    *out = (spsim_sizing_result){.n_localities = arm->n_localities};
    /* Pooled slots tie the localities' waits together: sized together. */
    out->common_scale = arm->commissioning.pooling;
    out->gbp_per_fte_year = spsim_gbp_per_fte_year(arm, q->lever == SPSIM_LEVER_BUILDERS);
    for (int l = 0; l < arm->n_localities; l++) out->plan_fte[l] = plan_end_fte(plan_of(s, q, l));
    set_weights(&z);
    int status = 0;
    if (out->common_scale)
        status = size_one(&z, -1, out);
    else
        for (int l = 0; l < arm->n_localities && status == 0; l++) status = size_one(&z, l, out);
    out->evaluations = z.evaluations;
    return status;
}
