#include "builders.h"

#include "draws.h"

#include <math.h>
#include <gsl/gsl_randist.h>

#include "community.h"
#include "world.h"

enum {
    SPSIM_LONG_TRUSTED_WEEKS = 100000
}; /* in post long enough for full trust */

static double logistic(double t, double midpoint, double scale)
{
    return 1.0 / (1.0 + exp(-(t - midpoint) / scale));
}

double spsim_builder_trust(const spsim_builder_params *b, double weeks_in_post)
{
    if (weeks_in_post <= 0.0) return 0.0;
    double m = b->trust_midpoint_weeks;
    double s = (b->trust_90_weeks - m) / log(9.0);
    double at_start = logistic(0.0, m, s);
    return (logistic(weeks_in_post, m, s) - at_start) / (1.0 - at_start);
}

spsim_builder_capacity spsim_builders_capacity(const spsim_workforce *w,
                                               const spsim_builder_params *b, int week)
{
    spsim_builder_capacity c = {0};
    for (int i = 0; i < w->n_posts; i++) {
        const spsim_post *p = &w->posts[i];
        if (!p->filled) continue;
        c.fte_in_post += p->fte;
        c.trusted_fte += p->fte * spsim_builder_trust(b, week - p->started_week);
    }
    c.mean_trust = c.fte_in_post > 0.0 ? c.trusted_fte / c.fte_in_post : NAN;
    return c;
}

void spsim_builders_trust_at_start(spsim_workforce *w, const spsim_builder_params *b)
{
    if (!b->trusted_at_start) return;
    for (int i = 0; i < w->n_posts; i++)
        if (w->posts[i].filled) w->posts[i].started_week = -SPSIM_LONG_TRUSTED_WEEKS;
}

int spsim_builders_week(spsim_world *w, int l, int week)
{
    spsim_builders *b = &w->loc[l].builders;
    if (week > 0 && spsim_workforce_start_week(&b->staff, week, b->rng) != 0) return -1;
    spsim_level(w, SPSIM_SERIES_BUILDER_HIRES, week, l, b->staff.hires);
    b->capacity = spsim_builders_capacity(&b->staff, &w->p->builders, week);
    return 0;
}

int spsim_builders_open_groups(spsim_world *w, int l, int week)
{
    spsim_locality_state *ls = &w->loc[l];
    spsim_community *c = &ls->community;
    double recent = 0.0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) recent += c->unmet_memory[a];
    double mean = ls->builders.capacity.trusted_fte *
                  w->p->builders.groups_per_trusted_fte_per_year / SPSIM_WEEKS_PER_YEAR;
    if (recent <= 0.0 || mean <= 0.0) return 0;
    unsigned n = spsim_draw_poisson(ls->builders.rng, mean);
    for (unsigned i = 0; i < n; i++) {
        int a = spsim_pick_activity(c->unmet_memory, spsim_draw_uniform(ls->builders.rng) * recent);
        if (spsim_community_open_group(c, (spsim_activity)a, w->p->community.group_size, week,
                                       false) < 0)
            return -1;
    }
    spsim_count(w, SPSIM_SERIES_GROUPS_OPENED, week, l, n);
    return 0;
}

double spsim_builders_supported_share(const spsim_world *w, int l)
{
    int groups = spsim_community_open_groups(&w->loc[l].community);
    double trusted_fte = w->loc[l].builders.capacity.trusted_fte;
    return groups > 0 ? fmin(1.0, trusted_fte * w->p->builders.groups_supported_per_fte / groups)
                      : 0.0;
}

double spsim_builders_mean_trust(const spsim_builders *b)
{
    return isnan(b->capacity.mean_trust) ? 0.0 : b->capacity.mean_trust;
}

void spsim_builders_record_week(spsim_world *w, int week, int l)
{
    const spsim_builder_capacity *b = &w->loc[l].builders.capacity;
    spsim_level(w, SPSIM_SERIES_BUILDER_FTE_IN_POST, week, l, b->fte_in_post);
    spsim_level(w, SPSIM_SERIES_BUILDER_TRUST_MEAN, week, l, b->mean_trust);
}
