/* A referral's pathway with link workers: referral, take-up, the queue, the support episode. */
#include <math.h>
#include <stdlib.h>

#include "engine/replication_state.h"
#include "processes/support.h"
#include "processes/uptake.h"

static int wait_buffer_add(wait_buffer *b, double w)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        double *weeks = realloc(b->weeks, cap * sizeof *weeks);
        if (!weeks) return -1;
        b->weeks = weeks;
        b->cap = cap;
    }
    b->weeks[b->n++] = w;
    return 0;
}

void spsim_record_wait(replication *r, double wait_weeks)
{
    r->wait_sum += wait_weeks;
    r->wait_count++;
    gsl_rstat_quantile_add(wait_weeks, r->wait_p90);
}

void spsim_release_if_done(replication *r, uint32_t id)
{
    const spsim_person *p = &r->pool.people[id];
    bool support_done = p->state != SPSIM_PERSON_WAITING && p->state != SPSIM_PERSON_IN_SUPPORT;
    if (!support_done || p->community != SPSIM_COMMUNITY_NONE) return;
    spsim_account_outcomes(r, id, r->now);
    spsim_person_release(&r->pool, id);
}

/* Person `id` starts support in a slot of locality `served` (their own, or a neighbour's when
 * slots are pooled). */
static int start_support(replication *r, uint32_t id, int served, double t)
{
    spsim_person *person = &r->pool.people[id];
    int l = person->locality;
    locality_state *ls = &r->loc[l];
    double wait = t - person->referred_at;
    person->state = SPSIM_PERSON_IN_SUPPORT;
    person->support_started_at = (float)t;
    person->served_locality = (uint8_t)served;
    r->loc[served].caseload.in_support++;
    ls->residents_in_support++;
    if (served != l) add_series(r, SPSIM_SERIES_POOLED_STARTS, t, served, 1.0);
    add_series(r, SPSIM_SERIES_STARTED, t, l, 1.0);
    if (wait == 0.0) add_series(r, SPSIM_SERIES_STARTED_WITHOUT_WAIT, t, l, 1.0);
    spsim_record_wait(r, wait);
    if (wait_buffer_add(&ls->starters, wait) != 0) return -1;

    /* The home locality's delivery model sets the drop-out multiplier. */
    double dropout_per_week = r->p->support.dropout_per_week * r->p->localities[l].dropout_ratio;
    spsim_episode e = spsim_support_plan(
        &r->p->support, r->p->community.agreement_contact, r->episode_rng, person->episode_key,
        spsim_dropout_after_weeks(dropout_per_week, person->dropout_draw), t, r->n_weeks,
        spsim_series_at(r->out, SPSIM_SERIES_CONTACTS, 0, l), r->out->n_localities);
    spsim_draw_connection(r, person);   /* continues the person's episode generator */
    person->completes_episode = e.completed;
    person->contacts_made = (uint16_t)e.contacts_made;
    person->support_ended_at = (float)(t + e.length_weeks);
    if (!isinf(e.agreement_after_weeks) &&
        spsim_events_push(&r->events, t + e.agreement_after_weeks, SPSIM_EVENT_AGREEMENT, id,
                          person->serial) != 0)
        return -1;
    return spsim_events_push(&r->events, t + e.length_weeks, SPSIM_EVENT_EPISODE_END, id,
                             person->serial);
}

/* The next person for a free slot in `l`: from its own queue, else (pooling) from the first
 * neighbour with someone waiting. UINT32_MAX when none. */
static uint32_t next_for_slot(replication *r, int l)
{
    spsim_caseload *c = &r->loc[l].caseload;
    uint32_t id = spsim_caseload_next_to_start(c, &r->pool);
    if (id != UINT32_MAX || !r->p->commissioning.pooling || c->in_support >= c->slots) return id;
    const spsim_locality *loc = &r->p->localities[l];
    for (int i = 0; i < loc->n_neighbours; i++) {
        spsim_caseload *nc = &r->loc[loc->neighbours[i]].caseload;
        if (spsim_caseload_waiting(nc) == 0) continue;
        id = spsim_fifo_pop(&nc->queue, &r->pool);
        if (id != UINT32_MAX) return id;
    }
    return UINT32_MAX;
}

int spsim_fill_free_slots(replication *r, int l, double t)
{
    uint32_t id;
    while ((id = next_for_slot(r, l)) != UINT32_MAX)
        if (start_support(r, id, l, t) != 0) return -1;
    return 0;
}

/* Where a person taking up the offer can start at once: their own locality, else (pooling) a
 * neighbour with a free slot and nobody waiting; -1 when they must queue. */
static int slot_now(const replication *r, int l)
{
    if (spsim_caseload_can_start_now(&r->loc[l].caseload)) return l;
    if (!r->p->commissioning.pooling) return -1;
    const spsim_locality *loc = &r->p->localities[l];
    for (int i = 0; i < loc->n_neighbours; i++)
        if (spsim_caseload_can_start_now(&r->loc[loc->neighbours[i]].caseload))
            return loc->neighbours[i];
    return -1;
}

static int join_queue(replication *r, uint32_t id, double t)
{
    spsim_person *person = &r->pool.people[id];
    locality_state *ls = &r->loc[person->locality];
    person->state = SPSIM_PERSON_WAITING;
    int served = slot_now(r, person->locality);
    if (served >= 0) return start_support(r, id, served, t);
    if (spsim_caseload_join_queue(&ls->caseload, &r->pool, id) != 0) return -1;
    double leave_at = t + spsim_patience_weeks(&r->p->reneging, person->patience_draw);
    if (leave_at >= r->n_weeks) return 0;   /* would still be waiting at the horizon */
    return spsim_events_push(&r->events, leave_at, SPSIM_EVENT_RENEGE, id, person->serial);
}

int spsim_on_referral(replication *r, int l, double t)
{
    locality_state *ls = &r->loc[l];
    uint32_t id = spsim_person_new(&r->pool);
    if (id == UINT32_MAX) return -1;
    spsim_person *person = &r->pool.people[id];
    person->locality = (uint8_t)l;
    person->referred_at = t;
    person->support_started_at = NAN;
    spsim_referral_draw_person(&ls->referral, ls->persons, person);
    add_series(r, SPSIM_SERIES_REFERRALS, t, l, 1.0);
    add_breakdown(r, SPSIM_BREAKDOWN_REFERRALS_BY_SOURCE, t, l, person->source, 1.0);
    r->out->totals[SPSIM_TOTAL_REFERRALS] += 1.0;

    const spsim_caseload *c = &ls->caseload;
    double expected_wait = spsim_expected_wait_weeks(spsim_caseload_waiting(c), c->in_support,
                                                     c->slots, r->mean_episode_weeks);
    double factor = spsim_uptake_locality_factor(&r->p->localities[l]);
    if (!spsim_takes_up(&r->p->uptake, person, factor, expected_wait)) {
        add_series(r, SPSIM_SERIES_DECLINED, t, l, 1.0);
        spsim_person_release(&r->pool, id);
    } else {
        add_series(r, SPSIM_SERIES_TAKEN_UP, t, l, 1.0);
        r->out->totals[SPSIM_TOTAL_TAKEN_UP] += 1.0;
        if (join_queue(r, id, t) != 0) return -1;
    }
    double next = spsim_referral_next(&ls->referral, ls->arrivals, t, r->n_weeks);
    if (isinf(next)) return 0;
    return spsim_events_push(&r->events, next, SPSIM_EVENT_REFERRAL, (uint32_t)l, 0);
}

void spsim_on_renege(replication *r, const spsim_event *e)
{
    spsim_person *person = &r->pool.people[e->subject];
    if (!event_is_current(r, e) || person->state != SPSIM_PERSON_WAITING) return;
    int l = person->locality;
    spsim_caseload_leave_queue(&r->loc[l].caseload);
    add_series(r, SPSIM_SERIES_RENEGED, e->time, l, 1.0);
    r->out->totals[SPSIM_TOTAL_DROPPED_OUT] += 1.0;
    spsim_record_wait(r, e->time - person->referred_at);
    spsim_account_outcomes(r, e->subject, e->time);
    spsim_person_release(&r->pool, e->subject);
}

int spsim_on_episode_end(replication *r, const spsim_event *e)
{
    spsim_person *person = &r->pool.people[e->subject];
    int l = person->locality, served = person->served_locality;
    r->loc[served].caseload.in_support--;
    r->loc[l].residents_in_support--;
    if (person->completes_episode) {
        add_series(r, SPSIM_SERIES_COMPLETED, e->time, l, 1.0);
        r->out->totals[SPSIM_TOTAL_COMPLETED] += 1.0;
    } else {
        add_series(r, SPSIM_SERIES_DROPPED_OUT, e->time, l, 1.0);
        r->out->totals[SPSIM_TOTAL_DROPPED_OUT] += 1.0;
    }
    person->state = SPSIM_PERSON_SUPPORT_ENDED;
    spsim_release_if_done(r, e->subject);
    return spsim_fill_free_slots(r, served, e->time);
}
