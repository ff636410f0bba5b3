/* Community activity in one locality (docs/model.md, "Connection to community activity" and "VCSE
 * groups"): groups of each activity type, their places, the people holding them and the line for a
 * free place.
 *
 * A group has places open to referred people; capacity of a type is the places of its open
 * groups, and occupied + free = capacity always. Groups close with a weekly hazard lowered by
 * funding and builder support; people holding places in a closing group lose them. The weekly
 * closure draws are thinned: a group's candidate weeks come at the largest weekly probability any
 * group can have (geometric gaps), and a candidate closes it with the probability of that week
 * over that bound, which is a closure each week with that week's probability; so only the
 * groups due in a week are looked at, not every open group (docs/model.md, section 10). Groups also
 * form without commissioning, at a rate per resident, so that with nothing commissioned the
 * sector renews itself; builders and funding add births (their openings) and survival. Closed groups
 * keep their record (people holding a place refer to it by index), so the record list grows with
 * groups ever opened, a few hundred in a locality over a decade.
 *
 * Owns: each locality's groups and places, the lines for free places, recent unmet need, and the
 * community streams (group closures; groups forming, a sub-stream of its own so that every arm
 * sees the same births).
 * Series: open groups, places, occupied places, places bought, people waiting for a place,
 * groups closed, groups formed, people displaced. */
#ifndef SPSIM_COMMUNITY_H
#define SPSIM_COMMUNITY_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "person_fifo.h"
#include "scenario/params.h"

typedef struct {
    uint8_t activity; /* spsim_activity */
    bool open;
    bool commissioned; /* held open while its funding stream runs */
    int places, occupied;
    int closure_candidate; /* the next week its closure is drawn for (-1: not yet worked out) */
    double funded_until;   /* weeks since start: funded (lower closure hazard) until then */
    double fails_at;       /* micro-commissioned group that will fail: when (INFINITY: never);
                              set when the group opens, before its first week of closures */
} spsim_group;

/* An open group and the first week its closure can be decided: its next candidate week or the
 * week it fails, whichever is sooner (-1: at the next closures). Kept in the list, not in the
 * group's record, so that the weekly closures read the records of only the groups due. */
typedef struct {
    uint32_t id;
    int due_week;
} spsim_open_group;

typedef struct {
    spsim_open_group *groups; /* oldest first */
    int n, cap;
} spsim_group_list;

typedef struct {
    spsim_group *groups; /* every group ever opened here */
    int n_groups, cap_groups;
    spsim_group_list open[SPSIM_N_ACTIVITIES];
    int places[SPSIM_N_ACTIVITIES], occupied[SPSIM_N_ACTIVITIES];
    spsim_person_fifo waiting[SPSIM_N_ACTIVITIES]; /* for a free place */
    double unmet_memory[SPSIM_N_ACTIVITIES];       /* recent unmet need, fading */
    int places_bought;                             /* held through personal health budgets */
    /* Bit g of with_place[a] is set when group g is open, of type a and has a free place, so
     * the oldest such group (the lowest number) is found a word of 64 groups at a time; words
     * below first_word[a] are all clear. */
    uint64_t *with_place[SPSIM_N_ACTIVITIES];
    int first_word[SPSIM_N_ACTIVITIES];
    gsl_rng *rng;           /* closures; set by the engine, which seeds and frees it */
    gsl_rng *formation_rng; /* groups forming; set, seeded and freed by the engine */
} spsim_community;

struct spsim_world;

/* Opens the locality's groups at week 0. Returns 0, or -1 out of memory. */
int spsim_community_init(spsim_community *c, const spsim_locality *loc, int group_size);
void spsim_community_free(spsim_community *c);

int spsim_community_open_groups(const spsim_community *c);
int spsim_community_total(const int per_activity[SPSIM_N_ACTIVITIES]);

/* Opens a group; returns its index, or -1 out of memory. */
int spsim_community_open_group(spsim_community *c, spsim_activity a, int places,
                               double funded_until, bool commissioned);

/* The oldest open group of type `a` with a free place, or -1 when every place is taken. */
int spsim_community_group_with_place(spsim_community *c, spsim_activity a);
/* An open group of type `a` not funded at `now`, or -1. */
int spsim_community_unfunded_group(const spsim_community *c, spsim_activity a, double now);

void spsim_community_take_place(spsim_community *c, int group);
/* A person's place ends; nothing to free if the group has closed meanwhile. */
void spsim_community_leave_place(spsim_community *c, int group);
/* Closes a group; returns how many people lost their places. */
int spsim_community_close(spsim_community *c, int group);

/* Weekly closures of open groups at the start of `week`. `supported_share` is the share of
 * groups builders can support. Adds to *closed and *displaced. */
void spsim_community_weekly_closures(spsim_community *c, const spsim_community_params *p,
                                     double builder_closure_reduction, double supported_share,
                                     int week, gsl_rng *rng, int *closed, int *displaced);

/* Groups forming this week without commissioning in a locality of `population` residents:
 * Poisson with mean formation_per_10000_per_year x population / 10,000 / weeks a year, each of a
 * type drawn in proportion to groups_per_10000_population (equal shares when every type has 0).
 * Returns the number formed, or -1 out of memory. */
int spsim_community_form_groups(spsim_community *c, const spsim_community_params *p,
                                double population, gsl_rng *rng);

/* Recent unmet need fades with time constant `memory_weeks` (called once a week). */
void spsim_community_fade_unmet(spsim_community *c, double memory_weeks);

/* The activity whose share of the cumulative weights holds u (0 <= u < total weight); when
 * rounding leaves u past the top, the last activity with any weight. */
int spsim_pick_activity(const double weight[SPSIM_N_ACTIVITIES], double u);

/* Opens `l`'s groups at week 0 (none when the arm does not simulate community activity).
 * Returns 0, or -1 out of memory. */
int spsim_community_start(struct spsim_world *w, int l);

/* Closures, then the groups formed during the week, and the fading of unmet need in `l` at the
 * start of `week`, after funding and builders have acted. Returns 0, or -1 out of memory. */
int spsim_community_week(struct spsim_world *w, int l, int week);

/* Levels at the end of `week`. */
void spsim_community_record_week(struct spsim_world *w, int week, int l);

/* Places in open groups at the horizon, all localities. */
void spsim_community_finish(struct spsim_world *w);

size_t spsim_community_bytes(const spsim_community *c);

#endif
