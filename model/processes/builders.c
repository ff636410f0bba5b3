#include "builders.h"

#include <math.h>

enum { SPSIM_LONG_TRUSTED_WEEKS = 100000 };   /* in post long enough for full trust */

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
