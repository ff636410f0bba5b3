#include "connection.h"

#include "draws.h"

#include <gsl/gsl_randist.h>

#include "builders.h"
#include "community.h"
#include "funding.h"
#include "outcome_accounting.h"
#include "world.h"

void spsim_connection_draw(spsim_world *w, spsim_person *person)
{
    const spsim_community_params *c = &w->p->community;
    gsl_rng *g = w->support.episodes;
    person->activity =
        (uint8_t)spsim_pick_activity(c->need_activity[person->need], spsim_draw_uniform(g));
    person->failure_draw = (float)spsim_draw_uniform(g);
    person->budget_draw = (float)spsim_draw_uniform(g);
    person->place_weeks = (float)spsim_draw_gamma(g, w->samplers.place_weeks, c->place_weeks_mean);
}

static void record_connected(spsim_world *w, const spsim_person *p, double t)
{
    spsim_person_record *r = spsim_logged(w->log, p);
    if (r && !r->joined) {
        r->joined = 1;
        r->joined_at_weeks = t;
    }
    spsim_count(w, SPSIM_SERIES_CONNECTED, t, p->locality, 1.0);
    spsim_count_by(w, SPSIM_BREAKDOWN_CONNECTED_BY_ACTIVITY, t, p->locality, p->activity, 1.0);
    w->out->totals[SPSIM_TOTAL_CONNECTED] += 1.0;
}

static int schedule_place_end(spsim_world *w, uint32_t id, double t)
{
    spsim_person *p = spsim_person_at(w, id);
    double end = t + p->place_weeks;
    if (end >= w->n_weeks) return 0; /* still holding it at the horizon */
    return spsim_schedule(w, end, SPSIM_EVENT_PLACE_END, id, p->serial);
}

/* The person is offered a free place in `group`: they take it, or never take it up. */
static int offer_place(spsim_world *w, uint32_t id, int group, double t)
{
    spsim_person *p = spsim_person_at(w, id);
    spsim_locality_state *ls = &w->loc[p->locality];
    double failure = w->p->community.connection_failure_probability *
                     (1.0 - w->p->builders.access_gain * spsim_builders_mean_trust(&ls->builders));
    if (p->failure_draw < failure) {
        spsim_count(w, SPSIM_SERIES_CONNECTION_FAILED, t, p->locality, 1.0);
        spsim_person_record *r = spsim_logged(w->log, p);
        if (r) r->connection_failed = 1;
        p->community = SPSIM_COMMUNITY_NONE;
        spsim_person_exit_if_done(w, id);
        return 0;
    }
    spsim_community_take_place(&ls->community, group);
    p->community = SPSIM_COMMUNITY_IN_GROUP;
    p->ever_connected = 1;
    p->group = (uint32_t)group;
    record_connected(w, p, t);
    return schedule_place_end(w, id, t);
}

int spsim_connection_fill_free_places(spsim_world *w, int l, spsim_activity a, double t)
{
    spsim_community *c = &w->loc[l].community;
    int group;
    while (c->waiting[a].in_line > 0 && (group = spsim_community_group_with_place(c, a)) >= 0) {
        uint32_t id = spsim_fifo_pop(&c->waiting[a], &w->pool);
        if (id == UINT32_MAX) break;
        if (offer_place(w, id, group, t) != 0) return -1;
    }
    return 0;
}

/* No free place when the activity was agreed: many take one later, so this is not unmet need,
 * but it is what builders hear of and act on (recent unmet need in community.h). */
static void record_not_placed_first_try(spsim_world *w, const spsim_person *p, double t)
{
    spsim_count(w, SPSIM_SERIES_NOT_PLACED_FIRST_TRY, t, p->locality, 1.0);
    spsim_count_by(w, SPSIM_BREAKDOWN_NOT_PLACED_FIRST_TRY_BY_ACTIVITY, t, p->locality, p->activity,
                   1.0);
    w->out->totals[SPSIM_TOTAL_NOT_PLACED_FIRST_TRY] += 1.0;
    w->loc[p->locality].community.unmet_memory[p->activity] += 1.0;
    spsim_person_record *r = spsim_logged(w->log, p);
    if (r) r->not_placed_first_try = 1;
}

/* The person's search for a place ended without one ever coming free: unmet need. (Agreement
 * comes once per person, so each is counted once.) */
static void record_gave_up(spsim_world *w, const spsim_person *p, double t)
{
    spsim_count(w, SPSIM_SERIES_GAVE_UP_WAITING_FOR_PLACE, t, p->locality, 1.0);
    w->out->totals[SPSIM_TOTAL_NEVER_CONNECTED] += 1.0;
    *spsim_locality_total_at(w->out, SPSIM_LOCALITY_NEVER_CONNECTED, p->locality) += 1.0;
    spsim_person_record *r = spsim_logged(w->log, p);
    if (r) r->never_connected = 1;
}

/* No free place: a personal health budget may buy one; otherwise wait for a place, or give up. */
static int no_free_place(spsim_world *w, uint32_t id, double t)
{
    spsim_person *p = spsim_person_at(w, id);
    spsim_locality_state *ls = &w->loc[p->locality];
    record_not_placed_first_try(w, p, t);
    double cost = spsim_funding_buy_place(&ls->funding, p->place_weeks, p->budget_draw);
    if (cost > 0.0) {
        spsim_funding_record_spend(w, p->locality, t, SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS, cost);
        ls->community.places_bought++;
        p->community = SPSIM_COMMUNITY_BOUGHT_PLACE;
        spsim_person_record *r = spsim_logged(w->log, p);
        if (r) r->bought_place = 1;
        p->ever_connected = 1;
        record_connected(w, p, t);
        return schedule_place_end(w, id, t);
    }
    double wait = w->p->community.place_wait_weeks;
    if (wait <= 0.0) {
        record_gave_up(w, p, t);
        return 0;
    }
    p->community = SPSIM_COMMUNITY_WAITING;
    if (spsim_fifo_push(&ls->community.waiting[p->activity], &w->pool, id) != 0) return -1;
    if (t + wait >= w->n_weeks) return 0;
    return spsim_schedule(w, t + wait, SPSIM_EVENT_PLACE_WAIT_END, id, p->serial);
}

int spsim_on_agreement(spsim_world *w, const spsim_event *e)
{
    spsim_person *p = spsim_person_at(w, e->subject);
    if (!spsim_event_is_current(w, e) || p->state != SPSIM_PERSON_IN_SUPPORT) return 0;
    spsim_person_record *r = spsim_logged(w->log, p);
    if (r) {
        r->activity_agreed = p->activity;
        r->agreed_at_weeks = e->time;
    }
    spsim_community *c = &w->loc[p->locality].community;
    int group = c->waiting[p->activity].in_line > 0
                    ? -1 /* others are already waiting for this type: join the line */
                    : spsim_community_group_with_place(c, p->activity);
    if (group >= 0) return offer_place(w, e->subject, group, e->time);
    return no_free_place(w, e->subject, e->time);
}

void spsim_on_place_wait_end(spsim_world *w, const spsim_event *e)
{
    spsim_person *p = spsim_person_at(w, e->subject);
    if (!spsim_event_is_current(w, e) || p->community != SPSIM_COMMUNITY_WAITING) return;
    spsim_fifo_left(&w->loc[p->locality].community.waiting[p->activity]);
    record_gave_up(w, p, e->time);
    p->community = SPSIM_COMMUNITY_NONE;
    spsim_person_exit_if_done(w, e->subject);
}

int spsim_on_place_end(spsim_world *w, const spsim_event *e)
{
    spsim_person *p = spsim_person_at(w, e->subject);
    if (!spsim_event_is_current(w, e)) return 0;
    int l = p->locality;
    spsim_activity a = (spsim_activity)p->activity;
    spsim_community *c = &w->loc[l].community;
    if (p->community == SPSIM_COMMUNITY_BOUGHT_PLACE)
        c->places_bought--;
    else if (p->community == SPSIM_COMMUNITY_IN_GROUP)
        spsim_community_leave_place(c, (int)p->group);
    p->community = SPSIM_COMMUNITY_NONE;
    spsim_person_exit_if_done(w, e->subject);
    return spsim_connection_fill_free_places(w, l, a, e->time);
}

/* Sampled people still waiting for a place at the horizon: never connected, as counted below. */
static void log_waiting_for_place(spsim_world *w)
{
    for (uint32_t id = 0; w->log && id < w->pool.n_used; id++) {
        const spsim_person *p = spsim_person_at(w, id);
        spsim_person_record *r = spsim_logged(w->log, p);
        if (r && p->community == SPSIM_COMMUNITY_WAITING) r->never_connected = 1;
    }
}

void spsim_connection_finish(spsim_world *w)
{
    log_waiting_for_place(w);
    /* Still waiting at the horizon: no place came free for them within it. */
    for (int l = 0; l < w->p->n_localities; l++)
        for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
            double in_line = w->loc[l].community.waiting[a].in_line;
            w->out->totals[SPSIM_TOTAL_NEVER_CONNECTED] += in_line;
            *spsim_locality_total_at(w->out, SPSIM_LOCALITY_NEVER_CONNECTED, l) += in_line;
        }
}
