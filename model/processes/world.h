/* The world one arm of one replication simulates: each process's state (per locality where the
 * process is local), the people in the system, the clock and the results being filled, and the
 * way a process schedules its events.
 *
 * This header is where the processes meet; it holds no behaviour. Each process keeps its state
 * in its own struct, changes only that state, and reaches another process only through that
 * process's functions (docs/architecture.md). The engine (model/engine) builds the world, owns
 * the event calendar behind `schedule`, and dispatches each event to the process that owns it. */
#ifndef SPSIM_WORLD_H
#define SPSIM_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "builders.h"
#include "caseload.h"
#include "community.h"
#include "event.h"
#include "funding.h"
#include "outcome_accounting.h"
#include "person.h"
#include "person_log.h"
#include "referral.h"
#include "samplers.h"
#include "support.h"
#include "workforce.h"
#include "results/series.h"
#include "scenario/params.h"

/* Every process's state in one locality. */
typedef struct {
    spsim_referral_process referral;
    spsim_caseload caseload; /* this locality's slots and its queue */
    spsim_link_workers link_workers;
    spsim_builders builders;
    spsim_community community;
    spsim_funding funding;
} spsim_locality_state;

typedef struct spsim_world {
    const spsim_arm_params *p;
    int n_weeks;
    double now; /* time of the event being handled, weeks */
    spsim_locality_state loc[SPSIM_MAX_LOCALITIES];
    spsim_support support;
    spsim_wait_stats waits; /* waits of everyone who joined a queue, any locality */
    spsim_outcome_accounting outcomes;
    spsim_person_pool pool;
    spsim_samplers samplers; /* the quantile tables of the arm's gamma and beta draws */
    spsim_arm_results *out;
    spsim_person_events *log; /* --events: the event log of the sample, NULL when off */
    void *calendar;
    spsim_schedule_fn schedule;
} spsim_world;

static inline int spsim_schedule(spsim_world *w, double time, spsim_event_type type,
                                 uint32_t subject, uint32_t serial)
{
    return w->schedule(w->calendar, time, type, subject, serial);
}

/* Adds `amount` to a flow series in the week holding time `t`. */
static inline void spsim_count(spsim_world *w, spsim_series_id s, double t, int l, double amount)
{
    *spsim_series_at(w->out, s, (int)t, l) += amount;
}

static inline void spsim_count_by(spsim_world *w, spsim_breakdown_id b, double t, int l,
                                  int category, double amount)
{
    *spsim_breakdown_at(w->out, b, (int)t, l, category) += amount;
}

/* Sets a level series at the end of `week`. */
static inline void spsim_level(spsim_world *w, spsim_series_id s, int week, int l, double value)
{
    *spsim_series_at(w->out, s, week, l) = value;
}

/* Whether an event still concerns the person it was scheduled for. */
static inline bool spsim_event_is_current(const spsim_world *w, const spsim_event *e)
{
    return w->pool.people[e->subject].serial == e->serial;
}

static inline spsim_person *spsim_person_at(spsim_world *w, uint32_t id)
{
    return &w->pool.people[id];
}

#endif
