/* Link-worker caseload and the queue for it (docs/model.md, "The queue"), one per locality:
 * people who take up the offer start at once when a slot is free and nobody is ahead of them,
 * and otherwise wait first come, first served; a waiting person whose patience runs out leaves
 * (the RENEGE event). When an arm pools slots, a free slot may serve someone waiting in a
 * neighbouring locality, and a newcomer may start in a neighbour's free slot.
 *
 * Owns: the slots and the queue of each locality, the waits of starters (weekly mean and 90th
 * centile) and of everyone who waited (whole-run mean and 90th centile, censored at the
 * horizon), over the arm and per locality (the person's own, whose queue they join). Series:
 * waiting, in support, slots, slot utilisation, caseload per FTE, started, started without
 * wait, reneged, pooled starts, wait mean and 90th centile. */
#ifndef SPSIM_CASELOAD_H
#define SPSIM_CASELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "person_fifo.h"

struct spsim_world;

/* Waits of the people who started support in the current week (for its mean and 90th centile):
 * the positive ones kept, the zeros (most, while slots are free) only counted. */
typedef struct {
    double *weeks; /* positive waits */
    size_t n, cap;
    size_t zeros;
    double sum; /* weeks, all of this week's waits */
} spsim_wait_buffer;

enum {
    SPSIM_WAIT_BINS_PER_WEEK = 100
};

/* Whole-run waits, over every locality or of one: zero waits counted exactly, positive ones in
 * bins of 1 / SPSIM_WAIT_BINS_PER_WEEK week up to the horizon, so the 90th centile is exact to
 * within a bin at a constant cost per wait and a fixed memory whatever the number of people. */
typedef struct {
    uint32_t *bins; /* positive waits by bin */
    int n_bins;
    long zeros;
    double sum; /* weeks, over everyone who joined a queue */
    long count;
    double caseload_per_fte_sum; /* over weeks with FTE in post */
    long caseload_per_fte_weeks;
} spsim_wait_stats;

typedef struct {
    spsim_person_fifo queue;
    int in_support;            /* caseload slots occupied (by anyone, pooled or not) */
    int slots;                 /* caseload slots available */
    int residents_in_support;  /* people living here in support, in any locality's slot
                                        (differs from slots occupied when pooling) */
    int pooled_in_support;     /* of in_support, people from a neighbouring locality */
    double pooled_extra_slots; /* slots' worth of travel each of them takes besides their own
                                  slot: pooled travel minutes / minutes per contact here */
    spsim_wait_buffer starters;
    spsim_wait_stats waits; /* whole-run waits of the people of this locality (joined its queue) */
} spsim_caseload;

/* Returns 0, or -1 out of memory. */
int spsim_caseload_init(spsim_caseload *c, int n_weeks);
void spsim_caseload_free(spsim_caseload *c);
/* Returns 0, or -1 out of memory. */
int spsim_wait_stats_init(spsim_wait_stats *s, int n_weeks);

/* Records one wait (weeks): a zero exactly, a positive one in its bin. */
void spsim_wait_stats_record(spsim_wait_stats *s, double wait_weeks);

/* The q-quantile (GSL's definition on the sorted waits) of the waits recorded; NaN if none. */
double spsim_wait_stats_quantile(const spsim_wait_stats *s, double q);
void spsim_wait_stats_free(spsim_wait_stats *s);
size_t spsim_caseload_bytes(const spsim_caseload *c);

/* People waiting for a slot. */
static inline int spsim_caseload_waiting(const spsim_caseload *c)
{
    return c->queue.in_line;
}

/* A free slot and nobody ahead: the person can start at once. */
bool spsim_caseload_can_start_now(const spsim_caseload *c);
/* Room for one more person: one slot for a resident, 1 + pooled_extra_slots for someone from a
 * neighbouring locality (`pooled`), beside what those in support already hold. */
bool spsim_caseload_has_room(const spsim_caseload *c, bool pooled);

/* Sets the slots link workers provide this week, and the slots' worth of travel each person
 * served here from a neighbouring locality takes besides their own slot. */
void spsim_caseload_set_slots(spsim_caseload *c, int slots, double pooled_extra_slots);

/* Person `id`, who took up the offer at `t`, starts at once or joins the queue. Returns 0, or -1
 * out of memory. */
int spsim_caseload_take_up(struct spsim_world *w, uint32_t id, double t);

/* RENEGE: a waiting person's patience ran out. */
void spsim_on_renege(struct spsim_world *w, const spsim_event *e);

/* A support episode held in a slot of `served` by a resident of `home` ended. */
void spsim_caseload_release_slot(struct spsim_world *w, int served, int home);

/* Free slots of `l` go to the people waiting (pooling: in neighbours too). 0, or -1 out of
 * memory. */
int spsim_caseload_fill_free_slots(struct spsim_world *w, int l, double t);

/* Levels at the end of `week` in `l` (link-worker FTE in post given for caseload per FTE). */
void spsim_caseload_record_week(struct spsim_world *w, int week, int l, double fte_in_post);

/* At the horizon: people still waiting are counted with their waits so far; whole-run totals,
 * over the arm and per locality. */
void spsim_caseload_finish(struct spsim_world *w);

#endif
