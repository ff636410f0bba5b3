/* Link-worker workforce (docs/model.md, "Link-worker capacity"), one per locality, advanced on
 * the weekly tick.
 *
 * The plan funds FTE over time; funded FTE is held as posts of 1 FTE plus one fractional post.
 * A vacant post is filled after the recruitment lag (whole weeks, rounded up); a filled post is
 * vacated by attrition with a weekly probability; a new starter's caseload ramps up linearly
 * over the training period. When the plan cuts FTE the newest posts go first.
 *
 * The same mechanics serve builders (builders.h). The link-worker process owns each locality's
 * link-worker posts and their attrition stream; each week it sets the caseload's slots. Series:
 * link-worker FTE funded and in post, hires, leavers. */
#ifndef SPSIM_WORKFORCE_H
#define SPSIM_WORKFORCE_H

#include <stdbool.h>
#include <gsl/gsl_rng.h>
#include "scenario/params.h"

typedef struct {
    double fte;
    bool filled;
    int fill_at_week; /* when vacant: the week the vacancy is filled */
    int started_week; /* when filled: the week the post holder started */
} spsim_post;

typedef struct {
    const spsim_staff_plan *plan;
    spsim_post *posts;
    int n_posts, cap;
    double funded_fte;
    double weekly_leave_probability; /* from attrition per year */
    int hires, leavers;              /* in the current week */
} spsim_workforce;

/* Sets up week 0 (posts filled or vacant as the plan says). Returns 0, or -1 out of memory. */
int spsim_workforce_init(spsim_workforce *w, const spsim_staff_plan *plan);
void spsim_workforce_free(spsim_workforce *w);

/* Advances to the start of `week` (>= 1): plan changes, attrition, then hiring.
 * Returns 0, or -1 out of memory. */
int spsim_workforce_start_week(spsim_workforce *w, int week, gsl_rng *workforce_rng);

double spsim_workforce_fte_in_post(const spsim_workforce *w);
/* Effective FTE in `week`: the sum over filled posts of FTE x training ramp. */
double spsim_workforce_effective_fte(const spsim_workforce *w, int week);
/* Caseload slots in `week` counted by caseload per FTE: floor(effective FTE x caseload). */
int spsim_workforce_slots(const spsim_workforce *w, int week);

/* The link workers of one locality. */
typedef struct {
    spsim_workforce staff;
    gsl_rng *rng; /* attrition (set by the engine, which seeds and frees it) */
} spsim_link_workers;

struct spsim_world;

/* Link workers at the start of `week`: plan, attrition, hiring (from week 1), the training
 * ramp; sets the locality's caseload slots, floor(effective FTE x spsim_slots_per_fte): from
 * contact time or from caseload per FTE (params.h). Returns 0, or -1 out of memory. */
int spsim_link_workers_week(struct spsim_world *w, int l, int week);

/* Whether a referral in `l` is offered a link-worker service this week: the plan funds FTE
 * there, or (slots pooled) in a neighbour. Vacant funded posts still offer one: people queue. */
bool spsim_link_workers_offer_service(const struct spsim_world *w, int l);

/* Levels at the end of `week`: FTE funded and in post, and the caseload's levels. */
void spsim_link_workers_record_week(struct spsim_world *w, int week, int l);

size_t spsim_workforce_bytes(const spsim_workforce *w);

#endif
