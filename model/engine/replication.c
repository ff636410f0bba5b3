#include "replication.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "engine/replication_state.h"
#include "engine/rng.h"
#include "processes/support.h"

static double ratio_or_nan(double num, double den)
{
    return den > 0.0 ? num / den : NAN;
}

static void record_wait_series(replication *r, int week, int l)
{
    wait_buffer *b = &r->loc[l].starters;
    double mean = NAN, p90 = NAN;
    if (b->n > 0) {
        gsl_sort(b->weeks, 1, b->n);
        mean = gsl_stats_mean(b->weeks, 1, b->n);
        p90 = gsl_stats_quantile_from_sorted_data(b->weeks, 1, b->n, 0.9);
    }
    *spsim_series_at(r->out, SPSIM_SERIES_WAIT_MEAN, week, l) = mean;
    *spsim_series_at(r->out, SPSIM_SERIES_WAIT_P90, week, l) = p90;
    b->n = 0;
}

static void record_link_worker_levels(replication *r, int week, int l)
{
    locality_state *ls = &r->loc[l];
    spsim_arm_results *o = r->out;
    double fte = spsim_workforce_fte_in_post(&ls->workforce);
    double in_support = ls->caseload.in_support;   /* slots occupied here */
    *spsim_series_at(o, SPSIM_SERIES_WAITING, week, l) = spsim_caseload_waiting(&ls->caseload);
    *spsim_series_at(o, SPSIM_SERIES_IN_SUPPORT, week, l) = ls->residents_in_support;
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
}

static void record_community_levels(replication *r, int week, int l)
{
    const spsim_community *c = &r->loc[l].community;
    spsim_arm_results *o = r->out;
    int waiting = 0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) {
        waiting += c->waiting[a].in_line;
        *spsim_breakdown_at(o, SPSIM_BREAKDOWN_PLACES_BY_ACTIVITY, week, l, a) = c->places[a];
        *spsim_breakdown_at(o, SPSIM_BREAKDOWN_OCCUPIED_BY_ACTIVITY, week, l, a) = c->occupied[a];
    }
    *spsim_series_at(o, SPSIM_SERIES_WAITING_FOR_PLACE, week, l) = waiting;
    *spsim_series_at(o, SPSIM_SERIES_GROUPS, week, l) = spsim_community_open_groups(c);
    *spsim_series_at(o, SPSIM_SERIES_PLACES, week, l) = spsim_community_total(c->places);
    *spsim_series_at(o, SPSIM_SERIES_PLACES_OCCUPIED, week, l) = spsim_community_total(c->occupied);
    *spsim_series_at(o, SPSIM_SERIES_PLACES_BOUGHT, week, l) = c->places_bought;
    const spsim_builder_capacity *b = &r->loc[l].builder_capacity;
    *spsim_series_at(o, SPSIM_SERIES_BUILDER_FTE_IN_POST, week, l) = b->fte_in_post;
    *spsim_series_at(o, SPSIM_SERIES_BUILDER_TRUST_MEAN, week, l) = b->mean_trust;
}

/* Levels at the end of `week`, and the waits of that week's starters. */
static void record_week(replication *r, int week)
{
    for (int l = 0; l < r->p->n_localities; l++) {
        record_link_worker_levels(r, week, l);
        record_wait_series(r, week, l);
        record_community_levels(r, week, l);
    }
}

/* Link-worker flows of `week` (their cost is reckoned afterwards, in model/economics, with pay
 * awards by financial year). */
static void record_workforce(replication *r, int week, int l)
{
    const spsim_workforce *w = &r->loc[l].workforce;
    *spsim_series_at(r->out, SPSIM_SERIES_LW_HIRES, week, l) = w->hires;
    *spsim_series_at(r->out, SPSIM_SERIES_LW_LEAVERS, week, l) = w->leavers;
}

/* The start of `week`: workforce, community supply, then slots and places go to those waiting. */
static int start_week(replication *r, int week, double t)
{
    for (int l = 0; l < r->p->n_localities; l++) {
        locality_state *ls = &r->loc[l];
        if (week > 0 && spsim_workforce_start_week(&ls->workforce, week, ls->workforce_rng) != 0)
            return -1;
        ls->caseload.slots = spsim_workforce_slots(&ls->workforce, week);
        record_workforce(r, week, l);
        if (spsim_community_tick(r, l, week) != 0) return -1;
        if (spsim_fill_free_slots(r, l, t) != 0) return -1;
    }
    return 0;
}

static int on_week_end(replication *r, double t)
{
    int week = (int)t - 1;
    record_week(r, week);
    if (week + 1 >= r->n_weeks) return 0;
    if (start_week(r, week + 1, t) != 0) return -1;
    return spsim_events_push(&r->events, t + 1.0, SPSIM_EVENT_WEEK_END, 0, 0);
}

/* At the horizon: people still waiting are counted with their waits so far (never dropped), and
 * everyone still in the system has their outcomes counted up to the horizon. */
static void finish(replication *r)
{
    double censored_sum = 0.0;
    long censored = 0;
    for (uint32_t id = 0; id < r->pool.n_used; id++) {
        const spsim_person *p = &r->pool.people[id];
        if (p->state == SPSIM_PERSON_FREE) continue;
        spsim_account_outcomes(r, id, r->n_weeks);
        if (p->state != SPSIM_PERSON_WAITING) continue;
        double wait = r->n_weeks - p->referred_at;
        spsim_record_wait(r, wait);
        censored_sum += wait;
        censored++;
    }
    spsim_outcome_series(r);
    double *totals = r->out->totals;
    totals[SPSIM_TOTAL_WAITING_AT_HORIZON] = (double)censored;
    totals[SPSIM_TOTAL_CENSORED_WAIT_MEAN] = censored ? censored_sum / censored : NAN;
    totals[SPSIM_TOTAL_WAIT_MEAN] = r->wait_count ? r->wait_sum / r->wait_count : NAN;
    totals[SPSIM_TOTAL_WAIT_P90] = r->wait_count ? gsl_rstat_quantile_get(r->wait_p90) : NAN;
    totals[SPSIM_TOTAL_CASELOAD_PER_FTE] =
        r->caseload_per_fte_weeks ? r->caseload_per_fte_sum / r->caseload_per_fte_weeks : NAN;
    double places = 0.0;
    for (int l = 0; l < r->p->n_localities; l++)
        places += spsim_community_total(r->loc[l].community.places);
    totals[SPSIM_TOTAL_PLACES_AT_END] = places;
}

static int setup_locality(replication *r, unsigned long long seed, int rep, int l)
{
    locality_state *ls = &r->loc[l];
    const spsim_locality *loc = &r->p->localities[l];
    spsim_caseload_init(&ls->caseload);
    spsim_funding_init(&ls->funding, loc);
    ls->arrivals = spsim_stream_alloc(seed, rep, SPSIM_STREAM_ARRIVALS, l);
    ls->persons = spsim_stream_alloc(seed, rep, SPSIM_STREAM_PERSONS, l);
    ls->workforce_rng = spsim_stream_alloc(seed, rep, SPSIM_STREAM_WORKFORCE, l);
    ls->builders_rng = spsim_stream_alloc(seed, rep, SPSIM_STREAM_BUILDERS, l);
    ls->community_rng = spsim_stream_alloc(seed, rep, SPSIM_STREAM_COMMUNITY, l);
    if (!ls->arrivals || !ls->persons || !ls->workforce_rng || !ls->builders_rng ||
        !ls->community_rng)
        return -1;
    if (spsim_referral_init(&ls->referral, r->p, l) != 0 ||
        spsim_workforce_init(&ls->workforce, &loc->link_workers) != 0 ||
        spsim_workforce_init(&ls->builders, &loc->builders) != 0 ||
        spsim_community_init(&ls->community, loc, r->p->community.group_size) != 0)
        return -1;
    spsim_builders_trust_at_start(&ls->builders, &r->p->builders);
    double first = spsim_referral_next(&ls->referral, ls->arrivals, 0.0, r->n_weeks);
    if (isinf(first)) return 0;
    return spsim_events_push(&r->events, first, SPSIM_EVENT_REFERRAL, (uint32_t)l, 0);
}

static int setup(replication *r, unsigned long long seed, int rep)
{
    if (spsim_events_init(&r->events, r->n_weeks) != 0) return -1;
    spsim_person_pool_init(&r->pool);
    r->episode_rng = gsl_rng_alloc(gsl_rng_taus2);
    r->outcome_rng = gsl_rng_alloc(gsl_rng_taus2);
    r->counts_rng = spsim_stream_alloc(seed, rep, SPSIM_STREAM_STUDY_COUNTS, 0);
    r->wait_p90 = gsl_rstat_quantile_alloc(0.9);
    if (!r->episode_rng || !r->outcome_rng || !r->counts_rng || !r->wait_p90) return -1;
    for (int s = 0; s < SPSIM_N_SERVICES; s++)
        r->trend_log_per_week[s] = log1p(r->p->outcomes.trend_per_year[s]) / SPSIM_WEEKS_PER_YEAR;
    if (spsim_ledger_init(&r->ledger, r->n_weeks, r->p->n_localities) != 0) return -1;
    for (int l = 0; l < r->p->n_localities; l++)
        if (setup_locality(r, seed, rep, l) != 0) return -1;
    if (start_week(r, 0, 0.0) != 0) return -1;
    return spsim_events_push(&r->events, 1.0, SPSIM_EVENT_WEEK_END, 0, 0);
}

/* Buffers that grow with the people in the system; each only grows, so its capacity at the
 * end is its largest. (The fixed part, one record per possible locality, is left out.) */
static size_t engine_bytes(const replication *r)
{
    size_t bytes = r->pool.cap * (sizeof(spsim_person) + sizeof(uint32_t))
                   + r->events.peak_bytes;
    for (int l = 0; l < r->p->n_localities; l++) {
        const locality_state *ls = &r->loc[l];
        bytes += ls->caseload.queue.cap * sizeof(spsim_fifo_entry)
                 + ls->starters.cap * sizeof(double)
                 + (size_t)(ls->workforce.cap + ls->builders.cap) * sizeof(spsim_post)
                 + (size_t)ls->community.cap_groups * sizeof(spsim_group);
        for (int a = 0; a < SPSIM_N_ACTIVITIES; a++)
            bytes += ls->community.waiting[a].cap * sizeof(spsim_fifo_entry)
                     + (size_t)ls->community.open[a].cap * sizeof(uint32_t);
    }
    return bytes;
}

static void free_rng(gsl_rng *g)
{
    if (g) gsl_rng_free(g);
}

static void teardown(replication *r)
{
    for (int l = 0; l < r->p->n_localities; l++) {
        locality_state *ls = &r->loc[l];
        spsim_referral_free(&ls->referral);
        spsim_caseload_free(&ls->caseload);
        spsim_workforce_free(&ls->workforce);
        spsim_workforce_free(&ls->builders);
        spsim_community_free(&ls->community);
        free_rng(ls->arrivals);
        free_rng(ls->persons);
        free_rng(ls->workforce_rng);
        free_rng(ls->builders_rng);
        free_rng(ls->community_rng);
        free(ls->starters.weeks);
    }
    free_rng(r->episode_rng);
    free_rng(r->outcome_rng);
    free_rng(r->counts_rng);
    spsim_ledger_free(&r->ledger);
    if (r->wait_p90) gsl_rstat_quantile_free(r->wait_p90);
    spsim_events_free(&r->events);
    spsim_person_pool_free(&r->pool);
}

static int dispatch(replication *r, const spsim_event *e)
{
    switch (e->type) {
    case SPSIM_EVENT_REFERRAL: return spsim_on_referral(r, (int)e->subject, e->time);
    case SPSIM_EVENT_RENEGE: spsim_on_renege(r, e); return 0;
    case SPSIM_EVENT_EPISODE_END: return spsim_on_episode_end(r, e);
    case SPSIM_EVENT_AGREEMENT: return spsim_on_agreement(r, e);
    case SPSIM_EVENT_PLACE_WAIT_END: spsim_on_place_wait_end(r, e); return 0;
    case SPSIM_EVENT_PLACE_END: return spsim_on_place_end(r, e);
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
        r->now = e.time;
        status = dispatch(r, &e);
    }
    if (status == 0) finish(r);
    out->totals[SPSIM_TOTAL_PATHWAYS] = out->totals[SPSIM_TOTAL_REFERRALS];
    out->totals[SPSIM_TOTAL_EVENTS] = (double)events;
    out->engine_peak_bytes = engine_bytes(r);
    teardown(r);
    free(r);
    return status;
}
