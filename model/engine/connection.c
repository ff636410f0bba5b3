/* Connecting people to community activity, and the weekly community tick: builders, funding,
 * new groups and closures (docs/model.md: connection, groups, builders, funding streams). */
#include <math.h>
#include <gsl/gsl_randist.h>

#include "engine/replication_state.h"

/* The activity whose share of the cumulative weights holds u (0 <= u < total weight); when
 * rounding leaves u past the top, the last activity with any weight. */
static int pick_activity(const double weight[SPSIM_N_ACTIVITIES], double u)
{
    double cumulative = 0.0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        cumulative += weight[a];
        if (u < cumulative) return a;
    }
    int a = SPSIM_N_ACTIVITIES - 1;
    while (a > 0 && weight[a] <= 0.0) a--;
    return a;
}

void spsim_draw_connection(replication *r, spsim_person *person)
{
    const spsim_community_params *c = &r->p->community;
    gsl_rng *g = r->episode_rng;
    person->activity = (uint8_t)pick_activity(c->need_activity[person->need], gsl_rng_uniform(g));
    person->failure_draw = (float)gsl_rng_uniform(g);
    person->budget_draw = (float)gsl_rng_uniform(g);
    double shape = c->place_weeks_shape;
    person->place_weeks = (float)gsl_ran_gamma(g, shape, c->place_weeks_mean / shape);
}

static void record_connected(replication *r, const spsim_person *p, double t)
{
    add_series(r, SPSIM_SERIES_CONNECTED, t, p->locality, 1.0);
    add_breakdown(r, SPSIM_BREAKDOWN_CONNECTED_BY_ACTIVITY, t, p->locality, p->activity, 1.0);
    r->out->totals[SPSIM_TOTAL_CONNECTED] += 1.0;
}

static int schedule_place_end(replication *r, uint32_t id, double t)
{
    spsim_person *p = &r->pool.people[id];
    double end = t + p->place_weeks;
    if (end >= r->n_weeks) return 0;   /* still holding it at the horizon */
    return spsim_events_push(&r->events, end, SPSIM_EVENT_PLACE_END, id, p->serial);
}

/* The person is offered a free place in `group`: they take it, or never take it up. */
static int offer_place(replication *r, uint32_t id, int group, double t)
{
    spsim_person *p = &r->pool.people[id];
    locality_state *ls = &r->loc[p->locality];
    double trust = isnan(ls->builder_capacity.mean_trust) ? 0.0 : ls->builder_capacity.mean_trust;
    double failure = r->p->community.connection_failure_probability
                     * (1.0 - r->p->builders.access_gain * trust);
    if (p->failure_draw < failure) {
        add_series(r, SPSIM_SERIES_CONNECTION_FAILED, t, p->locality, 1.0);
        p->community = SPSIM_COMMUNITY_NONE;
        spsim_release_if_done(r, id);
        return 0;
    }
    spsim_community_take_place(&ls->community, group);
    p->community = SPSIM_COMMUNITY_IN_GROUP;
    p->ever_connected = 1;
    p->group = (uint32_t)group;
    record_connected(r, p, t);
    return schedule_place_end(r, id, t);
}

/* Free places of type `a` go to the people waiting for one, first come first served. */
static int fill_free_places(replication *r, int l, spsim_activity a, double t)
{
    spsim_community *c = &r->loc[l].community;
    int group;
    while (c->waiting[a].in_line > 0 && (group = spsim_community_group_with_place(c, a)) >= 0) {
        uint32_t id = spsim_fifo_pop(&c->waiting[a], &r->pool);
        if (id == UINT32_MAX) break;
        if (offer_place(r, id, group, t) != 0) return -1;
    }
    return 0;
}

static void record_unmet_need(replication *r, const spsim_person *p, double t)
{
    add_series(r, SPSIM_SERIES_UNMET_NEED, t, p->locality, 1.0);
    add_breakdown(r, SPSIM_BREAKDOWN_UNMET_NEED_BY_ACTIVITY, t, p->locality, p->activity, 1.0);
    r->out->totals[SPSIM_TOTAL_UNMET_NEED] += 1.0;
    r->loc[p->locality].community.unmet_memory[p->activity] += 1.0;
}

/* No free place: a personal health budget may buy one; otherwise wait for a place, or give up. */
static int no_free_place(replication *r, uint32_t id, double t)
{
    spsim_person *p = &r->pool.people[id];
    locality_state *ls = &r->loc[p->locality];
    record_unmet_need(r, p, t);
    double cost = spsim_funding_buy_place(&ls->funding, p->place_weeks, p->budget_draw);
    if (cost > 0.0) {
        add_breakdown(r, SPSIM_BREAKDOWN_SPEND_BY_FUNDING, t, p->locality,
                      SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS, cost);
        add_series(r, SPSIM_SERIES_VCSE_SPEND, t, p->locality, cost);
        r->out->totals[SPSIM_TOTAL_VCSE_SPEND] += cost;
        ls->community.places_bought++;
        p->community = SPSIM_COMMUNITY_BOUGHT_PLACE;
        p->ever_connected = 1;
        record_connected(r, p, t);
        return schedule_place_end(r, id, t);
    }
    double wait = r->p->community.place_wait_weeks;
    if (wait <= 0.0) {
        add_series(r, SPSIM_SERIES_GAVE_UP_WAITING_FOR_PLACE, t, p->locality, 1.0);
        return 0;
    }
    p->community = SPSIM_COMMUNITY_WAITING;
    if (spsim_fifo_push(&ls->community.waiting[p->activity], &r->pool, id) != 0) return -1;
    if (t + wait >= r->n_weeks) return 0;
    return spsim_events_push(&r->events, t + wait, SPSIM_EVENT_PLACE_WAIT_END, id, p->serial);
}

int spsim_on_agreement(replication *r, const spsim_event *e)
{
    spsim_person *p = &r->pool.people[e->subject];
    if (!event_is_current(r, e) || p->state != SPSIM_PERSON_IN_SUPPORT) return 0;
    spsim_community *c = &r->loc[p->locality].community;
    int group = c->waiting[p->activity].in_line > 0
                    ? -1   /* others are already waiting for this type: join the line */
                    : spsim_community_group_with_place(c, p->activity);
    if (group >= 0) return offer_place(r, e->subject, group, e->time);
    return no_free_place(r, e->subject, e->time);
}

void spsim_on_place_wait_end(replication *r, const spsim_event *e)
{
    spsim_person *p = &r->pool.people[e->subject];
    if (!event_is_current(r, e) || p->community != SPSIM_COMMUNITY_WAITING) return;
    spsim_fifo_left(&r->loc[p->locality].community.waiting[p->activity]);
    add_series(r, SPSIM_SERIES_GAVE_UP_WAITING_FOR_PLACE, e->time, p->locality, 1.0);
    p->community = SPSIM_COMMUNITY_NONE;
    spsim_release_if_done(r, e->subject);
}

int spsim_on_place_end(replication *r, const spsim_event *e)
{
    spsim_person *p = &r->pool.people[e->subject];
    if (!event_is_current(r, e)) return 0;
    int l = p->locality;
    spsim_activity a = (spsim_activity)p->activity;
    if (p->community == SPSIM_COMMUNITY_BOUGHT_PLACE) r->loc[l].community.places_bought--;
    else if (p->community == SPSIM_COMMUNITY_IN_GROUP)
        spsim_community_leave_place(&r->loc[l].community, (int)p->group);
    p->community = SPSIM_COMMUNITY_NONE;
    spsim_release_if_done(r, e->subject);
    return fill_free_places(r, l, a, e->time);
}

/* Builders open groups where unmet need has been recorded recently, in proportion to it. */
static int builders_open_groups(replication *r, int l, int week, int *opened)
{
    locality_state *ls = &r->loc[l];
    double recent = 0.0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) recent += ls->community.unmet_memory[a];
    double mean = ls->builder_capacity.trusted_fte
                  * r->p->builders.groups_per_trusted_fte_per_year / SPSIM_WEEKS_PER_YEAR;
    if (recent <= 0.0 || mean <= 0.0) return 0;
    unsigned n = gsl_ran_poisson(ls->community_rng, mean);
    for (unsigned i = 0; i < n; i++) {
        int a = pick_activity(ls->community.unmet_memory,
                              gsl_rng_uniform(ls->community_rng) * recent);
        if (spsim_community_open_group(&ls->community, (spsim_activity)a,
                                       r->p->community.group_size, week, false) < 0)
            return -1;
        (*opened)++;
    }
    return 0;
}

static void record_community_flows(replication *r, int l, int week, int opened, int closed,
                                   int displaced, const double spend[SPSIM_N_FUNDING_KINDS])
{
    /* Builder cost is reckoned afterwards, in model/economics, from builder FTE in post. */
    add_series(r, SPSIM_SERIES_GROUPS_OPENED, week, l, opened);
    add_series(r, SPSIM_SERIES_GROUPS_CLOSED, week, l, closed);
    add_series(r, SPSIM_SERIES_DISPLACED, week, l, displaced);
    for (int k = 0; k < SPSIM_N_FUNDING_KINDS; k++) {
        add_breakdown(r, SPSIM_BREAKDOWN_SPEND_BY_FUNDING, week, l, k, spend[k]);
        add_series(r, SPSIM_SERIES_VCSE_SPEND, week, l, spend[k]);
        r->out->totals[SPSIM_TOTAL_VCSE_SPEND] += spend[k];
    }
}

int spsim_community_tick(replication *r, int l, int week)
{
    locality_state *ls = &r->loc[l];
    const spsim_builder_params *b = &r->p->builders;
    if (week > 0 && spsim_workforce_start_week(&ls->builders, week, ls->builders_rng) != 0)
        return -1;
    *spsim_series_at(r->out, SPSIM_SERIES_BUILDER_HIRES, week, l) = ls->builders.hires;
    ls->builder_capacity = spsim_builders_capacity(&ls->builders, b, week);

    double spend[SPSIM_N_FUNDING_KINDS] = {0};
    int opened = 0, closed = 0, displaced = 0;
    if (spsim_funding_start_week(&ls->funding, &ls->community, r->p->community.group_size, week,
                                 ls->community_rng, spend, &opened) != 0)
        return -1;
    if (builders_open_groups(r, l, week, &opened) != 0) return -1;
    int groups = spsim_community_open_groups(&ls->community);
    double supported = groups > 0 ? fmin(1.0, ls->builder_capacity.trusted_fte
                                                  * b->groups_supported_per_fte / groups)
                                  : 0.0;
    spsim_community_weekly_closures(&ls->community, &r->p->community, b->closure_reduction,
                                    supported, week, ls->community_rng, &closed, &displaced);
    spsim_community_fade_unmet(&ls->community, r->p->community.unmet_need_memory_weeks);
    record_community_flows(r, l, week, opened, closed, displaced, spend);
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++)
        if (fill_free_places(r, l, (spsim_activity)a, week) != 0) return -1;
    return 0;
}
