#include "replication.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "engine/events.h"
#include "engine/rng.h"
#include "processes/caseload.h"
#include "processes/person.h"
#include "processes/referral.h"
#include "processes/support.h"
#include "processes/uptake.h"
#include "processes/workforce.h"

/* Waits of the people who started support in the current week (for its mean and 90th centile). */
typedef struct {
    double *weeks;
    size_t n, cap;
} wait_buffer;

typedef struct {
    spsim_referral_process referral;
    spsim_caseload caseload;
    spsim_workforce workforce;
    gsl_rng *arrivals, *persons, *workforce_rng;
    wait_buffer starters;
} locality_state;

typedef struct {
    const spsim_arm_params *p;
    int n_weeks;
    double mean_episode_weeks;
    locality_state loc[SPSIM_MAX_LOCALITIES];
    gsl_rng *episode_rng;            /* re-seeded per episode from the person's key */
    spsim_event_queue events;
    spsim_person_pool pool;
    spsim_arm_results *out;
    gsl_rstat_quantile_workspace *wait_p90;
    double wait_sum;                 /* weeks, over everyone who joined a queue */
    long wait_count;
    double caseload_per_fte_sum;
    long caseload_per_fte_weeks;
} replication;

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

static void add_series(replication *r, spsim_series_id s, double t, int l, double amount)
{
    *spsim_series_at(r->out, s, (int)t, l) += amount;
}

/* A finished wait (started, left, or censored at the horizon) counts in the run totals. */
static void record_wait(replication *r, double wait_weeks)
{
    r->wait_sum += wait_weeks;
    r->wait_count++;
    gsl_rstat_quantile_add(wait_weeks, r->wait_p90);
}

static int start_support(replication *r, uint32_t id, double t)
{
    spsim_person *person = &r->pool.people[id];
    int l = person->locality;
    locality_state *ls = &r->loc[l];
    double wait = t - person->referred_at;
    person->state = SPSIM_PERSON_IN_SUPPORT;
    ls->caseload.in_support++;
    add_series(r, SPSIM_SERIES_STARTED, t, l, 1.0);
    if (wait == 0.0) add_series(r, SPSIM_SERIES_STARTED_WITHOUT_WAIT, t, l, 1.0);
    record_wait(r, wait);
    if (wait_buffer_add(&ls->starters, wait) != 0) return -1;

    spsim_episode e = spsim_support_plan(
        &r->p->support, r->episode_rng, person->episode_key, person->dropout_after_weeks, t,
        r->n_weeks, spsim_series_at(r->out, SPSIM_SERIES_CONTACTS, 0, l), r->out->n_localities);
    person->completes_episode = e.completed;
    return spsim_events_push(&r->events, t + e.length_weeks, SPSIM_EVENT_EPISODE_END, id,
                             person->serial);
}

static int fill_free_slots(replication *r, int l, double t)
{
    uint32_t id;
    while ((id = spsim_caseload_next_to_start(&r->loc[l].caseload, &r->pool)) != UINT32_MAX)
        if (start_support(r, id, t) != 0) return -1;
    return 0;
}

static int join_queue(replication *r, uint32_t id, double t)
{
    spsim_person *person = &r->pool.people[id];
    locality_state *ls = &r->loc[person->locality];
    person->state = SPSIM_PERSON_WAITING;
    if (spsim_caseload_can_start_now(&ls->caseload)) return start_support(r, id, t);
    if (spsim_caseload_join_queue(&ls->caseload, &r->pool, id) != 0) return -1;
    double leave_at = t + person->patience_weeks;
    if (leave_at >= r->n_weeks) return 0;   /* would still be waiting at the horizon */
    return spsim_events_push(&r->events, leave_at, SPSIM_EVENT_RENEGE, id, person->serial);
}

static int on_referral(replication *r, int l, double t)
{
    locality_state *ls = &r->loc[l];
    uint32_t id = spsim_person_new(&r->pool);
    if (id == UINT32_MAX) return -1;
    spsim_person *person = &r->pool.people[id];
    person->locality = (uint8_t)l;
    person->referred_at = t;
    spsim_referral_draw_person(&ls->referral, &r->p->reneging, &r->p->support, ls->persons,
                               person);
    add_series(r, SPSIM_SERIES_REFERRALS, t, l, 1.0);
    r->out->referrals_by_source[((long)t * r->out->n_localities + l) * SPSIM_N_SOURCES
                                + person->source] += 1.0;
    r->out->totals[SPSIM_TOTAL_REFERRALS] += 1.0;

    const spsim_caseload *c = &ls->caseload;
    double expected_wait = spsim_expected_wait_weeks(c->waiting, c->in_support, c->slots,
                                                     r->mean_episode_weeks);
    if (!spsim_takes_up(&r->p->uptake, person, expected_wait)) {
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

static bool is_current(const replication *r, const spsim_event *e, spsim_person_state state)
{
    const spsim_person *p = &r->pool.people[e->subject];
    return p->serial == e->serial && p->state == state;
}

static void on_renege(replication *r, const spsim_event *e)
{
    if (!is_current(r, e, SPSIM_PERSON_WAITING)) return;   /* started support meanwhile */
    spsim_person *person = &r->pool.people[e->subject];
    int l = person->locality;
    spsim_caseload_leave_queue(&r->loc[l].caseload);
    add_series(r, SPSIM_SERIES_RENEGED, e->time, l, 1.0);
    r->out->totals[SPSIM_TOTAL_DROPPED_OUT] += 1.0;
    record_wait(r, e->time - person->referred_at);
    spsim_person_release(&r->pool, e->subject);
}

static int on_episode_end(replication *r, const spsim_event *e)
{
    spsim_person *person = &r->pool.people[e->subject];
    int l = person->locality;
    r->loc[l].caseload.in_support--;
    if (person->completes_episode) {
        add_series(r, SPSIM_SERIES_COMPLETED, e->time, l, 1.0);
        r->out->totals[SPSIM_TOTAL_COMPLETED] += 1.0;
    } else {
        add_series(r, SPSIM_SERIES_DROPPED_OUT, e->time, l, 1.0);
        r->out->totals[SPSIM_TOTAL_DROPPED_OUT] += 1.0;
    }
    spsim_person_release(&r->pool, e->subject);
    return fill_free_slots(r, l, e->time);
}

static double ratio_or_nan(double num, double den)
{
    return den > 0.0 ? num / den : NAN;
}

/* Levels at the end of `week`, and the waits of that week's starters. */
static void record_week(replication *r, int week)
{
    for (int l = 0; l < r->p->n_localities; l++) {
        locality_state *ls = &r->loc[l];
        spsim_arm_results *o = r->out;
        double fte = spsim_workforce_fte_in_post(&ls->workforce);
        double in_support = ls->caseload.in_support;
        *spsim_series_at(o, SPSIM_SERIES_WAITING, week, l) = ls->caseload.waiting;
        *spsim_series_at(o, SPSIM_SERIES_IN_SUPPORT, week, l) = in_support;
        *spsim_series_at(o, SPSIM_SERIES_SLOTS, week, l) = ls->caseload.slots;
        *spsim_series_at(o, SPSIM_SERIES_CASELOAD_PER_FTE, week, l) = ratio_or_nan(in_support, fte);
        *spsim_series_at(o, SPSIM_SERIES_SLOT_UTILISATION, week, l) =
            ratio_or_nan(in_support, ls->caseload.slots);
        *spsim_series_at(o, SPSIM_SERIES_LW_FTE_FUNDED, week, l) = ls->workforce.funded_fte;
        *spsim_series_at(o, SPSIM_SERIES_LW_FTE_IN_POST, week, l) = fte;
        if (fte > 0.0) {
            r->caseload_per_fte_sum += in_support / fte;
            r->caseload_per_fte_weeks++;
        }
        wait_buffer *b = &ls->starters;
        double mean = NAN, p90 = NAN;
        if (b->n > 0) {
            gsl_sort(b->weeks, 1, b->n);
            mean = gsl_stats_mean(b->weeks, 1, b->n);
            p90 = gsl_stats_quantile_from_sorted_data(b->weeks, 1, b->n, 0.9);
        }
        *spsim_series_at(o, SPSIM_SERIES_WAIT_MEAN, week, l) = mean;
        *spsim_series_at(o, SPSIM_SERIES_WAIT_P90, week, l) = p90;
        b->n = 0;
    }
}

/* Workforce flows and cost of `week`, and the slots they give. */
static void record_workforce(replication *r, int week)
{
    for (int l = 0; l < r->p->n_localities; l++) {
        locality_state *ls = &r->loc[l];
        double cost = spsim_workforce_cost_per_week(&ls->workforce, &r->p->pay);
        ls->caseload.slots = spsim_workforce_slots(&ls->workforce, week);
        *spsim_series_at(r->out, SPSIM_SERIES_LW_HIRES, week, l) = ls->workforce.hires;
        *spsim_series_at(r->out, SPSIM_SERIES_LW_LEAVERS, week, l) = ls->workforce.leavers;
        *spsim_series_at(r->out, SPSIM_SERIES_LW_COST, week, l) = cost;
        r->out->totals[SPSIM_TOTAL_LW_COST] += cost;
    }
}

static int on_week_end(replication *r, double t)
{
    int week = (int)t - 1;
    record_week(r, week);
    if (week + 1 >= r->n_weeks) return 0;
    for (int l = 0; l < r->p->n_localities; l++)
        if (spsim_workforce_start_week(&r->loc[l].workforce, week + 1, r->loc[l].workforce_rng))
            return -1;
    record_workforce(r, week + 1);
    for (int l = 0; l < r->p->n_localities; l++)
        if (fill_free_slots(r, l, t) != 0) return -1;
    return spsim_events_push(&r->events, t + 1.0, SPSIM_EVENT_WEEK_END, 0, 0);
}

/* People still waiting at the horizon: their waits so far are counted, never dropped. */
static void censor_waiting(replication *r)
{
    double censored_sum = 0.0;
    long censored = 0;
    for (uint32_t id = 0; id < r->pool.n_used; id++) {
        const spsim_person *p = &r->pool.people[id];
        if (p->state != SPSIM_PERSON_WAITING) continue;
        double wait = r->n_weeks - p->referred_at;
        record_wait(r, wait);
        censored_sum += wait;
        censored++;
    }
    double *totals = r->out->totals;
    totals[SPSIM_TOTAL_WAITING_AT_HORIZON] = (double)censored;
    totals[SPSIM_TOTAL_CENSORED_WAIT_MEAN] = censored ? censored_sum / censored : NAN;
    totals[SPSIM_TOTAL_WAIT_MEAN] = r->wait_count ? r->wait_sum / r->wait_count : NAN;
    totals[SPSIM_TOTAL_WAIT_P90] = r->wait_count ? gsl_rstat_quantile_get(r->wait_p90) : NAN;
    totals[SPSIM_TOTAL_CASELOAD_PER_FTE] =
        r->caseload_per_fte_weeks ? r->caseload_per_fte_sum / r->caseload_per_fte_weeks : NAN;
}

static int setup(replication *r, unsigned long long seed, int rep)
{
    spsim_events_init(&r->events);
    spsim_person_pool_init(&r->pool);
    r->episode_rng = gsl_rng_alloc(gsl_rng_taus2);
    r->wait_p90 = gsl_rstat_quantile_alloc(0.9);
    if (!r->episode_rng || !r->wait_p90) return -1;
    for (int l = 0; l < r->p->n_localities; l++) {
        locality_state *ls = &r->loc[l];
        spsim_caseload_init(&ls->caseload);
        ls->arrivals = spsim_stream_alloc(seed, rep, SPSIM_STREAM_ARRIVALS, l);
        ls->persons = spsim_stream_alloc(seed, rep, SPSIM_STREAM_PERSONS, l);
        ls->workforce_rng = spsim_stream_alloc(seed, rep, SPSIM_STREAM_WORKFORCE, l);
        if (!ls->arrivals || !ls->persons || !ls->workforce_rng) return -1;
        if (spsim_referral_init(&ls->referral, r->p, l) != 0) return -1;
        if (spsim_workforce_init(&ls->workforce, &r->p->localities[l].link_workers) != 0)
            return -1;
        double first = spsim_referral_next(&ls->referral, ls->arrivals, 0.0, r->n_weeks);
        if (!isinf(first) &&
            spsim_events_push(&r->events, first, SPSIM_EVENT_REFERRAL, (uint32_t)l, 0) != 0)
            return -1;
    }
    record_workforce(r, 0);
    return spsim_events_push(&r->events, 1.0, SPSIM_EVENT_WEEK_END, 0, 0);
}

/* Every buffer only grows, so its capacity at the end is its largest. */
static size_t engine_bytes(const replication *r)
{
    size_t bytes = sizeof *r + r->pool.cap * (sizeof(spsim_person) + sizeof(uint32_t))
                   + r->events.cap * sizeof(spsim_event);
    for (int l = 0; l < r->p->n_localities; l++)
        bytes += r->loc[l].caseload.cap * sizeof(spsim_queue_entry)
                 + r->loc[l].starters.cap * sizeof(double)
                 + (size_t)r->loc[l].workforce.cap * sizeof(spsim_post);
    return bytes;
}

static void teardown(replication *r)
{
    for (int l = 0; l < r->p->n_localities; l++) {
        locality_state *ls = &r->loc[l];
        spsim_referral_free(&ls->referral);
        spsim_caseload_free(&ls->caseload);
        spsim_workforce_free(&ls->workforce);
        if (ls->arrivals) gsl_rng_free(ls->arrivals);
        if (ls->persons) gsl_rng_free(ls->persons);
        if (ls->workforce_rng) gsl_rng_free(ls->workforce_rng);
        free(ls->starters.weeks);
    }
    if (r->episode_rng) gsl_rng_free(r->episode_rng);
    if (r->wait_p90) gsl_rstat_quantile_free(r->wait_p90);
    spsim_events_free(&r->events);
    spsim_person_pool_free(&r->pool);
}

static int dispatch(replication *r, const spsim_event *e)
{
    switch (e->type) {
    case SPSIM_EVENT_REFERRAL: return on_referral(r, (int)e->subject, e->time);
    case SPSIM_EVENT_RENEGE: on_renege(r, e); return 0;
    case SPSIM_EVENT_EPISODE_END: return on_episode_end(r, e);
    case SPSIM_EVENT_WEEK_END: return on_week_end(r, e->time);
    }
    return 0;
}

int spsim_replication_run(const spsim_arm_params *p, unsigned long long seed, int rep,
                          int n_weeks, spsim_arm_results *out)
{
    replication *r = calloc(1, sizeof *r);
    if (!r) return -1;
    r->p = p;
    r->n_weeks = n_weeks;
    r->out = out;
    r->mean_episode_weeks = spsim_support_mean_length_weeks(&p->support);
    int status = setup(r, seed, rep);
    spsim_event e;
    long events = 0;
    while (status == 0 && spsim_events_pop(&r->events, &e)) {
        bool horizon_tick = e.type == SPSIM_EVENT_WEEK_END && e.time <= n_weeks;
        if (e.time >= n_weeks && !horizon_tick) break;
        events++;
        status = dispatch(r, &e);
    }
    if (status == 0) censor_waiting(r);
    out->totals[SPSIM_TOTAL_PATHWAYS] = out->totals[SPSIM_TOTAL_REFERRALS];
    out->totals[SPSIM_TOTAL_EVENTS] = (double)events;
    out->engine_peak_bytes = engine_bytes(r);
    teardown(r);
    free(r);
    return status;
}
