#include "samplers.h"

#include <stdlib.h>

void spsim_pert_shapes(const spsim_pert *d, double *a, double *b)
{
    double range = d->max - d->min;
    *a = 1.0 + 4.0 * (d->mode - d->min) / range;
    *b = 1.0 + 4.0 * (d->max - d->mode) / range;
}

/* The cache's table of this law, worked out if it holds none; NULL out of memory. A table used
 * in this preparation is never replaced in it. */
static const spsim_quantile_table *table_of(spsim_sampler_cache *c, spsim_law law, double a,
                                            double b)
{
    for (int i = 0; i < c->n; i++)
        if (spsim_quantile_table_is(c->tables[i], law, a, b)) {
            c->used_in[i] = c->preparation;
            return c->tables[i];
        }
    int i = c->n;
    if (c->n < SPSIM_SAMPLER_CACHE_TABLES) {
        c->tables[i] = malloc(sizeof *c->tables[i]);
        if (!c->tables[i]) return NULL;
        c->n++;
    } else {
        for (int tries = 0; c->used_in[c->next_replaced] == c->preparation; tries++) {
            if (tries == SPSIM_SAMPLER_CACHE_TABLES) return NULL; /* cannot happen: see the enum */
            c->next_replaced = (c->next_replaced + 1) % SPSIM_SAMPLER_CACHE_TABLES;
        }
        i = c->next_replaced;
        c->next_replaced = (i + 1) % SPSIM_SAMPLER_CACHE_TABLES;
    }
    if (law == SPSIM_LAW_GAMMA)
        spsim_quantile_table_gamma(c->tables[i], a);
    else
        spsim_quantile_table_beta(c->tables[i], a, b);
    c->used_in[i] = c->preparation;
    return c->tables[i];
}

static bool gamma_table(spsim_sampler_cache *c, const spsim_quantile_table **t, double shape)
{
    *t = table_of(c, SPSIM_LAW_GAMMA, shape, 0.0);
    return *t != NULL;
}

static bool outcome_tables(spsim_samplers *s, spsim_sampler_cache *c, const spsim_outcome_params *o)
{
    for (int k = 0; k < SPSIM_N_SERVICES; k++) {
        if (!gamma_table(c, &s->usual_rate[k], o->dispersion[k])) return false;
        if (o->causal_effect[k].max - o->causal_effect[k].min <= 0.0) continue; /* no draw */
        double a, b;
        spsim_pert_shapes(&o->causal_effect[k], &a, &b);
        s->causal_effect[k] = table_of(c, SPSIM_LAW_BETA, a, b);
        if (!s->causal_effect[k]) return false;
    }
    return gamma_table(c, &s->wellbeing_gain, o->wellbeing_gain_shape) &&
           gamma_table(c, &s->normal_square, 0.5);
}

int spsim_samplers_prepare(spsim_samplers *s, spsim_sampler_cache *cache, const spsim_arm_params *p)
{
    *s = (spsim_samplers){0};
    cache->preparation++;
    bool ok = gamma_table(cache, &s->contact_interval, p->support.contact_interval_shape) &&
              gamma_table(cache, &s->first_contact_delay, p->support.first_contact_delay_shape);
    if (ok && p->community.enabled)
        ok = gamma_table(cache, &s->place_weeks, p->community.place_weeks_shape);
    if (ok && p->outcomes.enabled) ok = outcome_tables(s, cache, &p->outcomes);
    return ok ? 0 : -1;
}

void spsim_sampler_cache_free(spsim_sampler_cache *cache)
{
    for (int i = 0; i < cache->n; i++) free(cache->tables[i]);
    *cache = (spsim_sampler_cache){0};
}
