/* Builders (docs/model.md, "Community builders and trust"): community builders and
 * development workers who grow and sustain VCSE activity, effective only as they become known
 * and trusted.
 *
 * Posts follow the same plan mechanics as link workers (spsim_workforce). Each post holder's
 * trust rises from 0 when they start towards 1 along a normalised logistic curve,
 *   T(t) = (L(t) - L(0)) / (1 - L(0)),  L(t) = 1 / (1 + exp(-(t - m) / s)),
 * with m the midpoint and s = (t90 - m) / ln 9, so that L reaches 0.9 at t90; a vacated post's
 * trust is lost with its holder.
 *
 * The builders process owns each locality's builder posts, their attrition stream and this
 * week's capacity. Each week builders open groups where people found no place recently, and
 * their support lowers the closure hazard of the groups they can reach (community.h); a trusted
 * builder's local knowledge lowers failed connections (connection.h). Series: builder FTE in
 * post, mean trust, hires, groups opened by builders. */
#ifndef SPSIM_BUILDERS_H
#define SPSIM_BUILDERS_H

#include "scenario/params.h"
#include "workforce.h"

/* Trust (0..1) of a holder `weeks_in_post` weeks after starting. */
double spsim_builder_trust(const spsim_builder_params *b, double weeks_in_post);

typedef struct {
    double fte_in_post;
    double trusted_fte; /* sum over filled posts of FTE x trust */
    double mean_trust;  /* trusted_fte / fte_in_post; NaN when nobody is in post */
} spsim_builder_capacity;

/* Builders' capacity in `week` from the posts in `w`. */
spsim_builder_capacity spsim_builders_capacity(const spsim_workforce *w,
                                               const spsim_builder_params *b, int week);

/* Posts filled at week 0 that the scenario says are already trusted start fully trusted. */
void spsim_builders_trust_at_start(spsim_workforce *w, const spsim_builder_params *b);

/* The builders of one locality. */
typedef struct {
    spsim_workforce staff;
    spsim_builder_capacity capacity; /* this week's */
    gsl_rng *rng;                    /* attrition and the groups builders open (set by the
                                          engine, which seeds and frees it) */
} spsim_builders;

struct spsim_world;

/* Builders at the start of `week`: plan, attrition, hiring (from week 1), trust. Returns 0, or
 * -1 out of memory. */
int spsim_builders_week(struct spsim_world *w, int l, int week);

/* Builders open groups where unmet need was recorded recently, in proportion to it: Poisson
 * with mean trusted FTE x groups per trusted FTE-year / weeks a year. Returns 0, or -1. */
int spsim_builders_open_groups(struct spsim_world *w, int l, int week);

/* Share of `l`'s open groups the builders can support this week (0..1). */
double spsim_builders_supported_share(const struct spsim_world *w, int l);

/* Mean trust of the builders in post (0 when none). */
double spsim_builders_mean_trust(const spsim_builders *b);

/* Levels at the end of `week`: FTE in post and mean trust. */
void spsim_builders_record_week(struct spsim_world *w, int week, int l);

#endif
