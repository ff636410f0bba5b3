/* Builders (docs/model.md, "Community builders and trust"): community builders and
 * development workers who grow and sustain VCSE activity, effective only as they become known
 * and trusted.
 *
 * Posts follow the same plan mechanics as link workers (spsim_workforce). Each post holder's
 * trust rises from 0 when they start towards 1 along a normalised logistic curve,
 *   T(t) = (L(t) - L(0)) / (1 - L(0)),  L(t) = 1 / (1 + exp(-(t - m) / s)),
 * with m the midpoint and s = (t90 - m) / ln 9, so that L reaches 0.9 at t90; a vacated post's
 * trust is lost with its holder. */
#ifndef SPSIM_BUILDERS_H
#define SPSIM_BUILDERS_H

#include "scenario/params.h"
#include "workforce.h"

/* Trust (0..1) of a holder `weeks_in_post` weeks after starting. */
double spsim_builder_trust(const spsim_builder_params *b, double weeks_in_post);

typedef struct {
    double fte_in_post;
    double trusted_fte;   /* sum over filled posts of FTE x trust */
    double mean_trust;    /* trusted_fte / fte_in_post; NaN when nobody is in post */
} spsim_builder_capacity;

/* Builders' capacity in `week` from the posts in `w`. */
spsim_builder_capacity spsim_builders_capacity(const spsim_workforce *w,
                                               const spsim_builder_params *b, int week);

/* Posts filled at week 0 that the scenario says are already trusted start fully trusted. */
void spsim_builders_trust_at_start(spsim_workforce *w, const spsim_builder_params *b);

#endif
