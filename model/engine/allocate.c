/* The allocation search: splits of the budget on a grid of sixteenths, coarse (quarters) first,
 * then moves of an eighth and a sixteenth between two kinds of spending while they improve the
 * mean net monetary benefit. */
#include "allocate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "../economics/economics.h"

const char *const spsim_spend_key[SPSIM_N_SPEND] = {"link_workers", "builders", "grants"};

enum {
    UNITS = 16,      /* shares are multiples of 1/16 of the budget */
    MAX_POINTS = 256 /* far above the splits a search visits (153 exist with three kinds) */
};

typedef struct {
    int units[SPSIM_N_SPEND];
    double mean;
    double *nmb; /* per replication */
} point;

typedef struct {
    const spsim_scenario *s;
    const spsim_allocation_request *q;
    spsim_diagnostics *d;
    char *err;
    size_t errlen;
    double gbp_per_fte[2];                  /* link workers, builders */
    double weight[2][SPSIM_MAX_LOCALITIES]; /* each locality's share of the staff bought */
    double grants_written;                  /* GBP a year the arm's streams spend as written */
    int n_points;
    point points[MAX_POINTS];
} allocator;

/* ---- a split as a scenario ---- */

static double plan_end(const spsim_staff_plan *p)
{
    return p->n_steps > 0 ? p->steps[p->n_steps - 1].fte : 0.0;
}

static void set_weights(allocator *z)
{
    const spsim_arm_params *arm = &z->s->arms[z->q->arm];
    for (int k = 0; k < 2; k++) {
        double total = 0, people = 0;
        for (int l = 0; l < arm->n_localities; l++) {
            const spsim_locality *loc = &arm->localities[l];
            total += plan_end(k ? &loc->builders : &loc->link_workers);
            people += spsim_locality_population(loc);
        }
        for (int l = 0; l < arm->n_localities; l++) {
            const spsim_locality *loc = &arm->localities[l];
            z->weight[k][l] = total > 0 ? plan_end(k ? &loc->builders : &loc->link_workers) / total
                                        : spsim_locality_population(loc) / people;
        }
    }
}

static double staff_fte(const allocator *z, int k, const point *p, int l)
{
    double gbp = (double)p->units[k] / UNITS * z->q->budget_gbp_per_year;
    double fte = floor(gbp / z->gbp_per_fte[k] * z->weight[k][l] * 10 + 1e-9) / 10;
    return fmin(fte, 1000.0);
}

static double grant_scale(const allocator *z, const point *p)
{
    return (double)p->units[SPSIM_SPEND_GRANTS] / UNITS * z->q->budget_gbp_per_year /
           z->grants_written;
}

typedef struct {
    char key[SPSIM_MAX_LOCALITIES * (2 + SPSIM_MAX_FUNDING_STREAMS) + 1][192];
    char value[SPSIM_MAX_LOCALITIES * (2 + SPSIM_MAX_FUNDING_STREAMS) + 1][32];
    spsim_override o[SPSIM_MAX_LOCALITIES * (2 + SPSIM_MAX_FUNDING_STREAMS) + 1];
    int n;
} override_set;

static void add(override_set *set, const char *key, double v, const char *text)
{
    snprintf(set->key[set->n], sizeof set->key[0], "%s", key);
    if (text)
        snprintf(set->value[set->n], sizeof set->value[0], "%s", text);
    else
        snprintf(set->value[set->n], sizeof set->value[0], "%.10g", v);
    set->o[set->n] = (spsim_override){set->key[set->n], set->value[set->n]};
    set->n++;
}

static void build(const allocator *z, const point *p, override_set *set)
{
    const spsim_arm_params *arm = &z->s->arms[z->q->arm];
    char key[192];
    set->n = 0;
    if (z->q->over[SPSIM_SPEND_LINK_WORKERS] && arm->allocation == SPSIM_ALLOCATION_FORMULA) {
        snprintf(key, sizeof key, "arms.%s.link_workers.allocation", arm->name);
        add(set, key, 0, "per_place");
    }
    for (int l = 0; l < arm->n_localities; l++) {
        const spsim_locality *loc = &arm->localities[l];
        for (int k = 0; k < 2; k++) {
            if (!z->q->over[k]) continue;
            snprintf(key, sizeof key, "arms.%s.localities.%s.%s.fte", arm->name, loc->name,
                     spsim_spend_key[k]);
            add(set, key, staff_fte(z, k, p, l), NULL);
        }
        for (int f = 0; z->q->over[SPSIM_SPEND_GRANTS] && f < loc->n_funding; f++) {
            snprintf(key, sizeof key, "arms.%s.localities.%s.funding.%s.gbp_per_year", arm->name,
                     loc->name, loc->funding[f].name);
            add(set, key, floor(loc->funding[f].gbp_per_year * grant_scale(z, p)), NULL);
        }
    }
}

/* ---- evaluating splits ---- */

static point *find(allocator *z, const int *units)
{
    for (int i = 0; i < z->n_points; i++)
        if (memcmp(z->points[i].units, units, sizeof z->points[i].units) == 0) return &z->points[i];
    return NULL;
}

static int evaluate(allocator *z, const int *units, point **out)
{
    if ((*out = find(z, units))) return 0;
    if (z->n_points == MAX_POINTS) return snprintf(z->err, z->errlen, "too many splits"), -1;
    point *p = &z->points[z->n_points];
    memcpy(p->units, units, sizeof p->units);
    override_set *set = malloc(sizeof *set);
    if (!set) return snprintf(z->err, z->errlen, "out of memory"), -1;
    build(z, p, set);
    spsim_run *run = spsim_run_variant(z->s, set->o, set->n, &z->q->run, z->d, z->err, z->errlen);
    free(set);
    if (!run) return -1;
    p->nmb = malloc((size_t)run->n_replications * sizeof *p->nmb);
    if (!p->nmb) {
        spsim_run_free(run);
        return snprintf(z->err, z->errlen, "out of memory"), -1;
    }
    for (int r = 0; r < run->n_replications; r++)
        p->nmb[r] =
            run->results[z->q->arm][r].economics->headlines[SPSIM_HEADLINE_NET_MONETARY_BENEFIT];
    p->mean = gsl_stats_mean(p->nmb, 1, (size_t)run->n_replications);
    spsim_run_free(run);
    z->n_points++;
    if (z->q->progress)
        fprintf(stderr,
                "spsim: allocate: %s %d/16, %s %d/16, %s %d/16: net monetary benefit %.0f "
                "GBP\n",
                spsim_spend_key[0], units[0], spsim_spend_key[1], units[1], spsim_spend_key[2],
                units[2], p->mean);
    *out = p;
    return 0;
}

/* Every split of the budget in steps of `step` sixteenths over the kinds allowed. */
static int coarse(allocator *z, int step, point **best)
{
    int u[SPSIM_N_SPEND];
    for (u[0] = 0; u[0] <= UNITS; u[0] += step)
        for (u[1] = 0; u[0] + u[1] <= UNITS; u[1] += step) {
            u[2] = UNITS - u[0] - u[1];
            bool allowed = true;
            for (int k = 0; k < SPSIM_N_SPEND; k++) allowed = allowed && (z->q->over[k] || !u[k]);
            if (!allowed || u[2] % step) continue;
            point *p;
            if (evaluate(z, u, &p) != 0) return -1;
            if (!*best || p->mean > (*best)->mean) *best = p;
        }
    return 0;
}

/* Moves of `step` sixteenths from one kind to another while one improves the mean. */
static int refine(allocator *z, int step, point **best)
{
    for (bool moved = true; moved;) {
        moved = false;
        point *start = *best;
        for (int from = 0; from < SPSIM_N_SPEND; from++)
            for (int to = 0; to < SPSIM_N_SPEND; to++) {
                if (from == to || !z->q->over[to] || start->units[from] < step) continue;
                int u[SPSIM_N_SPEND];
                memcpy(u, start->units, sizeof u);
                u[from] -= step;
                u[to] += step;
                point *p;
                if (evaluate(z, u, &p) != 0) return -1;
                if (p->mean > (*best)->mean) *best = p, moved = true;
            }
    }
    return 0;
}

/* ---- the answer ---- */

static void describe(const allocator *z, const point *best, spsim_allocation_result *out)
{
    const spsim_arm_params *arm = &z->s->arms[z->q->arm];
    int n_rep = z->q->run.replications ? z->q->run.replications : z->s->replications;
    *out = (spsim_allocation_result){.nmb_mean = best->mean,
                                     .runner_up_nmb_mean = NAN,
                                     .beats_runner_up = NAN,
                                     .evaluations = z->n_points};
    double fte_sum[2] = {0, 0};
    for (int l = 0; l < arm->n_localities; l++) {
        out->lw_fte[l] = z->q->over[0] ? staff_fte(z, 0, best, l) : NAN;
        out->builder_fte[l] = z->q->over[1] ? staff_fte(z, 1, best, l) : NAN;
        fte_sum[0] += z->q->over[0] ? out->lw_fte[l] : 0;
        fte_sum[1] += z->q->over[1] ? out->builder_fte[l] : 0;
    }
    out->grant_scale = z->q->over[2] ? grant_scale(z, best) : NAN;
    double grants = 0;
    for (int l = 0; z->q->over[2] && l < arm->n_localities; l++)
        for (int f = 0; f < arm->localities[l].n_funding; f++)
            grants += floor(arm->localities[l].funding[f].gbp_per_year * out->grant_scale);
    for (int k = 0; k < SPSIM_N_SPEND; k++) out->share[k] = (double)best->units[k] / UNITS;
    out->gbp_per_year[0] = fte_sum[0] * z->gbp_per_fte[0];
    out->gbp_per_year[1] = fte_sum[1] * z->gbp_per_fte[1];
    out->gbp_per_year[2] = grants;
    double *sorted = malloc((size_t)n_rep * sizeof *sorted);
    if (sorted) {
        memcpy(sorted, best->nmb, (size_t)n_rep * sizeof *sorted);
        gsl_sort(sorted, 1, (size_t)n_rep);
        out->nmb_p5 = gsl_stats_quantile_from_sorted_data(sorted, 1, (size_t)n_rep, 0.05);
        out->nmb_p95 = gsl_stats_quantile_from_sorted_data(sorted, 1, (size_t)n_rep, 0.95);
        free(sorted);
    }
    const point *second = NULL;
    for (int i = 0; i < z->n_points; i++)
        if (&z->points[i] != best && (!second || z->points[i].mean > second->mean))
            second = &z->points[i];
    if (!second) return;
    int wins = 0;
    for (int r = 0; r < n_rep; r++) wins += best->nmb[r] > second->nmb[r];
    out->runner_up_nmb_mean = second->mean;
    out->beats_runner_up = (double)wins / n_rep;
    for (int k = 0; k < SPSIM_N_SPEND; k++)
        out->runner_up_share[k] = (double)second->units[k] / UNITS;
}

static int check_request(allocator *z)
{
    const spsim_arm_params *arm = &z->s->arms[z->q->arm];
    z->grants_written = 0;
    for (int l = 0; l < arm->n_localities; l++)
        for (int f = 0; f < arm->localities[l].n_funding; f++)
            z->grants_written += arm->localities[l].funding[f].gbp_per_year;
    if (z->q->over[SPSIM_SPEND_GRANTS] && z->grants_written <= 0) {
        snprintf(z->err, z->errlen,
                 "arm '%s' funds no VCSE stream, so there is nothing for grants to scale "
                 "(allowed: --over without grants, or an arm with funding streams)",
                 arm->name);
        return -1;
    }
    return 0;
}

int spsim_allocate(const spsim_scenario *s, const spsim_allocation_request *q,
                   spsim_allocation_result *out, spsim_diagnostics *diags, char *err, size_t errlen)
{
    allocator *z = calloc(1, sizeof *z);
    if (!z) return snprintf(err, errlen, "out of memory"), -1;
    *z = (allocator){.s = s, .q = q, .d = diags, .err = err, .errlen = errlen};
    z->gbp_per_fte[0] = spsim_gbp_per_fte_year(&s->arms[q->arm], false);
    z->gbp_per_fte[1] = spsim_gbp_per_fte_year(&s->arms[q->arm], true);
    set_weights(z);
    point *best = NULL;
    int status = check_request(z);
    if (status == 0) status = coarse(z, 4, &best);
    if (status == 0) status = refine(z, 2, &best);
    if (status == 0) status = refine(z, 1, &best);
    if (status == 0) describe(z, best, out);
    for (int i = 0; i < z->n_points; i++) free(z->points[i].nmb);
    free(z);
    return status;
}
