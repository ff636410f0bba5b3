/* The state of one arm in one replication, shared by the engine's files (internal header).
 *
 * replication.c owns the loop, set-up and weekly recording; pathway.c moves people from
 * referral through the queue and support; connection.c connects them to community activity and
 * runs the weekly community tick. */
#ifndef SPSIM_REPLICATION_STATE_H
#define SPSIM_REPLICATION_STATE_H

#include <gsl/gsl_rng.h>
#include <gsl/gsl_rstat.h>

#include "engine/events.h"
#include "processes/builders.h"
#include "processes/caseload.h"
#include "processes/community.h"
#include "processes/funding.h"
#include "processes/outcomes.h"
#include "processes/person.h"
#include "processes/referral.h"
#include "processes/workforce.h"
#include "results/series.h"

/* Waits of the people who started support in the current week (for its mean and 90th centile). */
typedef struct {
    double *weeks;
    size_t n, cap;
} wait_buffer;

typedef struct {
    spsim_referral_process referral;
    spsim_caseload caseload;              /* this locality's slots and its queue */
    int residents_in_support;             /* people living here in support, in any locality's
                                             slot (differs from slots occupied when pooling) */
    spsim_workforce workforce;            /* link workers */
    spsim_workforce builders;
    spsim_builder_capacity builder_capacity;   /* this week's */
    spsim_community community;
    spsim_funding funding;
    gsl_rng *arrivals, *persons, *workforce_rng, *builders_rng, *community_rng;
    wait_buffer starters;
} locality_state;

typedef struct {
    const spsim_arm_params *p;
    int n_weeks;
    double now;                      /* time of the event being handled, weeks */
    double mean_episode_weeks;
    locality_state loc[SPSIM_MAX_LOCALITIES];
    gsl_rng *episode_rng;            /* re-seeded per episode from the person's key */
    gsl_rng *outcome_rng;            /* re-seeded per person from their key, for outcomes */
    gsl_rng *counts_rng;             /* the studies' pre-post counts, per replication */
    double trend_log_per_week[SPSIM_N_SERVICES];   /* log(1 + trend per year) / weeks a year */
    spsim_outcome_ledger ledger;
    spsim_event_queue events;
    spsim_person_pool pool;
    spsim_arm_results *out;
    gsl_rstat_quantile_workspace *wait_p90;
    double wait_sum;                 /* weeks, over everyone who joined a queue */
    long wait_count;
    double caseload_per_fte_sum;
    long caseload_per_fte_weeks;
} replication;

static inline void add_series(replication *r, spsim_series_id s, double t, int l, double amount)
{
    *spsim_series_at(r->out, s, (int)t, l) += amount;
}

static inline void add_breakdown(replication *r, spsim_breakdown_id b, double t, int l, int c,
                                 double amount)
{
    *spsim_breakdown_at(r->out, b, (int)t, l, c) += amount;
}

/* Whether an event still concerns the person it was scheduled for. */
static inline bool event_is_current(const replication *r, const spsim_event *e)
{
    return r->pool.people[e->subject].serial == e->serial;
}

/* A person leaves the system once done with link workers and with community activity. */
void spsim_release_if_done(replication *r, uint32_t id);

/* pathway.c */
int spsim_on_referral(replication *r, int l, double t);
void spsim_on_renege(replication *r, const spsim_event *e);
int spsim_on_episode_end(replication *r, const spsim_event *e);
int spsim_fill_free_slots(replication *r, int l, double t);
void spsim_record_wait(replication *r, double wait_weeks);

/* accounting.c */
void spsim_account_outcomes(replication *r, uint32_t id, double now);
void spsim_outcome_series(replication *r);

/* connection.c */
void spsim_draw_connection(replication *r, spsim_person *person);
int spsim_on_agreement(replication *r, const spsim_event *e);
void spsim_on_place_wait_end(replication *r, const spsim_event *e);
int spsim_on_place_end(replication *r, const spsim_event *e);
int spsim_community_tick(replication *r, int l, int week);

#endif
