/* One arm of one replication: builds the world, runs the event loop, dispatches each event to
 * the process that owns it, and runs the weekly phases in a fixed order. */
#include "replication.h"

#include <math.h>
#include <stdlib.h>

#include "engine/events.h"
#include "engine/rng.h"
#include "processes/connection.h"
#include "processes/world.h"

enum {
    MAX_STREAMS = 8 * SPSIM_MAX_LOCALITIES + 3
};

/* Which locality's next referral comes first: a winner tree over the localities, each node the
 * earlier of its two children (the lower index on a tie) with its time. A referral changes one
 * leaf, so finding the next is log2(localities) comparisons rather than a scan of all 42 of a
 * national scenario for every event. */
typedef struct {
    int leaves;                                /* a power of two, at least the localities */
    int8_t locality[2 * SPSIM_MAX_LOCALITIES]; /* node -> locality, -1 for none */
    double at[2 * SPSIM_MAX_LOCALITIES];       /* node -> that locality's next referral */
} referral_tree;

typedef struct {
    spsim_world world;
    spsim_event_queue calendar;
    referral_tree referrals;
    gsl_rng *streams[MAX_STREAMS]; /* every stream allocated, for freeing */
    int n_streams;
    unsigned long long seed;
    int replication;
} replication;

static int schedule(void *calendar, double time, spsim_event_type type, uint32_t subject,
                    uint32_t serial)
{
    return spsim_events_push(calendar, time, type, subject, serial);
}

/* Sub-stream `index` of a locality's stream for `purpose` (0 unless a process has several). */
static gsl_rng *new_substream(replication *r, spsim_stream_purpose purpose, int locality,
                              uint32_t index)
{
    gsl_rng *g =
        spsim_stream_alloc(r->seed, r->replication, purpose, spsim_substream(locality, index));
    if (g) r->streams[r->n_streams++] = g;
    return g;
}

static gsl_rng *new_stream(replication *r, spsim_stream_purpose purpose, int locality)
{
    return new_substream(r, purpose, locality, 0);
}

/* Phases 3 to 6 of the start of a week (below). */
static int start_community_week(spsim_world *w, int l, int week)
{
    if (spsim_funding_week(w, l, week) != 0) return -1;         /* 3 */
    if (spsim_builders_open_groups(w, l, week) != 0) return -1; /* 4 */
    if (spsim_community_week(w, l, week) != 0) return -1;       /* 5 */
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++)                /* 6 */
        if (spsim_connection_fill_free_places(w, l, (spsim_activity)a, week) != 0) return -1;
    return 0;
}

/* The start of `week`, locality by locality, in this order:
 *   1. link workers: plan changes, attrition, hiring, the training ramp; the caseload's slots;
 *   2. builders: the same for builder posts, then trust;
 *   3. funding streams: money accrues and is spent, opening or funding groups;
 *   4. builders open groups where people recently found no place;
 *   5. community: group closures, groups formed without commissioning, the fading of
 *      recorded unmet need;
 *   6. connection: free places go to people waiting for one, activity by activity;
 *   7. caseload: free slots go to people waiting for one.
 * Phases 3 to 6 are left out when the arm does not simulate community activity. */
static int start_week(spsim_world *w, int week, double t)
{
    for (int l = 0; l < w->p->n_localities; l++) {
        if (spsim_link_workers_week(w, l, week) != 0) return -1; /* 1 */
        if (spsim_builders_week(w, l, week) != 0) return -1;     /* 2 */
        if (w->p->community.enabled && start_community_week(w, l, week) != 0) return -1;
        if (spsim_caseload_fill_free_slots(w, l, t) != 0) return -1; /* 7 */
    }
    return 0;
}

/* Levels at the end of `week`, locality by locality. */
static void record_week(spsim_world *w, int week)
{
    for (int l = 0; l < w->p->n_localities; l++) {
        spsim_link_workers_record_week(w, week, l);
        spsim_community_record_week(w, week, l);
        spsim_builders_record_week(w, week, l);
    }
}

/* WEEK_END: the week's levels are recorded, then the next week starts. */
static int on_week_end(replication *r, double t)
{
    spsim_world *w = &r->world;
    int week = (int)t - 1;
    record_week(w, week);
    if (week + 1 >= w->n_weeks) return 0;
    if (start_week(w, week + 1, t) != 0) return -1;
    return spsim_events_push(&r->calendar, t + 1.0, SPSIM_EVENT_WEEK_END, 0, 0);
}

static int setup_locality(replication *r, int l)
{
    spsim_world *w = &r->world;
    spsim_locality_state *ls = &w->loc[l];
    const spsim_locality *loc = &w->p->localities[l];
    spsim_funding_init(&ls->funding, loc);
    if (spsim_caseload_init(&ls->caseload, w->n_weeks) != 0 ||
        spsim_referral_init(&ls->referral, w->p, l) != 0 ||
        spsim_workforce_init(&ls->link_workers.staff, &loc->link_workers) != 0 ||
        spsim_workforce_init(&ls->builders.staff, &loc->builders) != 0 ||
        spsim_community_start(w, l) != 0)
        return -1;
    ls->referral.arrivals = new_stream(r, SPSIM_STREAM_ARRIVALS, l);
    ls->referral.persons = new_stream(r, SPSIM_STREAM_PERSONS, l);
    ls->referral.profiles = new_stream(r, SPSIM_STREAM_PROFILES, l);
    ls->link_workers.rng = new_stream(r, SPSIM_STREAM_WORKFORCE, l);
    ls->builders.rng = new_stream(r, SPSIM_STREAM_BUILDERS, l);
    ls->community.rng = new_stream(r, SPSIM_STREAM_COMMUNITY, l);
    ls->community.formation_rng = new_substream(r, SPSIM_STREAM_COMMUNITY, l, 1);
    ls->funding.rng = new_stream(r, SPSIM_STREAM_FUNDING, l);
    if (!ls->referral.arrivals || !ls->referral.persons || !ls->referral.profiles ||
        !ls->link_workers.rng || !ls->builders.rng || !ls->community.rng ||
        !ls->community.formation_rng || !ls->funding.rng)
        return -1;
    spsim_builders_trust_at_start(&ls->builders.staff, &w->p->builders);
    spsim_referral_start(w, l);
    return 0;
}

static int setup(replication *r, spsim_sampler_cache *samplers)
{
    spsim_world *w = &r->world;
    if (spsim_samplers_prepare(&w->samplers, samplers, w->p) != 0) return -1;
    if (spsim_events_init(&r->calendar, w->n_weeks) != 0) return -1;
    w->calendar = &r->calendar;
    w->schedule = schedule;
    spsim_person_pool_init(&w->pool);
    if (spsim_support_init(&w->support, &w->p->support, w->n_weeks) != 0 ||
        spsim_wait_stats_init(&w->waits, w->n_weeks) != 0 ||
        spsim_outcome_accounting_init(&w->outcomes, &w->p->outcomes, w->n_weeks,
                                      w->p->n_localities) != 0)
        return -1;
    /* Per-person streams: each person's draws start at their own sub-stream (rng.h). */
    w->support.episodes = new_stream(r, SPSIM_STREAM_EPISODES, 0);
    w->outcomes.persons = new_stream(r, SPSIM_STREAM_OUTCOMES, 0);
    w->outcomes.study_counts = new_stream(r, SPSIM_STREAM_STUDY_COUNTS, 0);
    if (!w->support.episodes || !w->outcomes.persons || !w->outcomes.study_counts) return -1;
    for (int l = 0; l < w->p->n_localities; l++)
        if (setup_locality(r, l) != 0) return -1;
    if (start_week(w, 0, 0.0) != 0) return -1;
    return spsim_events_push(&r->calendar, 1.0, SPSIM_EVENT_WEEK_END, 0, 0);
}

/* Buffers that grow with the people in the system; each only grows, so its capacity at the
 * end is its largest. (The fixed part, one record per possible locality, is left out.) */
static size_t engine_bytes(const replication *r)
{
    const spsim_world *w = &r->world;
    size_t bytes = w->pool.cap * (sizeof(spsim_person) + sizeof(uint32_t)) +
                   r->calendar.peak_bytes + r->calendar.scratch_cap * sizeof *r->calendar.scratch +
                   r->calendar.counts_cap * sizeof *r->calendar.counts;
    for (int l = 0; l < w->p->n_localities; l++) {
        const spsim_locality_state *ls = &w->loc[l];
        bytes += spsim_caseload_bytes(&ls->caseload) +
                 spsim_workforce_bytes(&ls->link_workers.staff) +
                 spsim_workforce_bytes(&ls->builders.staff) + spsim_community_bytes(&ls->community);
    }
    return bytes;
}

/* Whether any stream drew beyond its sub-stream (its numbers would repeat). */
static bool streams_exhausted(const replication *r)
{
    for (int i = 0; i < r->n_streams; i++)
        if (spsim_stream_exhausted(r->streams[i])) return true;
    return false;
}

static void teardown(replication *r)
{
    spsim_world *w = &r->world;
    for (int l = 0; l < w->p->n_localities; l++) {
        spsim_locality_state *ls = &w->loc[l];
        spsim_referral_free(&ls->referral);
        spsim_caseload_free(&ls->caseload);
        spsim_workforce_free(&ls->link_workers.staff);
        spsim_workforce_free(&ls->builders.staff);
        spsim_community_free(&ls->community);
    }
    for (int i = 0; i < r->n_streams; i++) gsl_rng_free(r->streams[i]);
    spsim_outcome_accounting_free(&w->outcomes);
    spsim_wait_stats_free(&w->waits);
    spsim_support_free(&w->support);
    spsim_events_free(&r->calendar);
    spsim_person_pool_free(&w->pool);
}

/* Each event goes to the process that owns it (processes/event.h). */
static int dispatch(replication *r, const spsim_event *e)
{
    spsim_world *w = &r->world;
    switch (e->type) {
    case SPSIM_EVENT_REFERRAL: return spsim_on_referral(w, (int)e->subject, e->time);
    case SPSIM_EVENT_RENEGE: spsim_on_renege(w, e); return 0;
    case SPSIM_EVENT_EPISODE_END: return spsim_on_episode_end(w, e);
    case SPSIM_EVENT_AGREEMENT: return spsim_on_agreement(w, e);
    case SPSIM_EVENT_PLACE_WAIT_END: spsim_on_place_wait_end(w, e); return 0;
    case SPSIM_EVENT_PLACE_END: return spsim_on_place_end(w, e);
    case SPSIM_EVENT_WEEK_END: return on_week_end(r, e->time);
    case SPSIM_N_EVENT_TYPES: break;
    }
    return 0;
}

/* At the horizon: each process closes its books. */
static void finish(spsim_world *w)
{
    spsim_outcome_finish(w);
    spsim_caseload_finish(w);
    spsim_support_finish(w);
    spsim_referral_finish(w);
    spsim_community_finish(w);
    spsim_connection_finish(w);
    spsim_person_log_finish(w);
}

/* Node i becomes the earlier of its children, the left (lower indices) on a tie. */
static void play(referral_tree *t, int i)
{
    int winner = t->at[2 * i + 1] < t->at[2 * i] ? 2 * i + 1 : 2 * i;
    t->locality[i] = t->locality[winner];
    t->at[i] = t->at[winner];
}

static void start_referral_tree(replication *r)
{
    referral_tree *t = &r->referrals;
    int n = r->world.p->n_localities;
    for (t->leaves = 1; t->leaves < n;) t->leaves *= 2;
    for (int i = 0; i < t->leaves; i++) {
        t->locality[t->leaves + i] = (int8_t)(i < n ? i : -1);
        t->at[t->leaves + i] = i < n ? r->world.loc[i].referral.next_at : INFINITY;
    }
    for (int i = t->leaves - 1; i >= 1; i--) play(t, i);
}

/* Locality l's next referral has changed: the path above its leaf is played again. */
static void update_referral_tree(replication *r, int l)
{
    referral_tree *t = &r->referrals;
    t->at[t->leaves + l] = r->world.loc[l].referral.next_at;
    for (int i = (t->leaves + l) / 2; i >= 1; i /= 2) play(t, i);
}

/* The next event: the calendar's earliest or the localities' next referral, whichever comes
 * first (the calendar's on a tie, so the order never depends on chance alone). */
static bool next_event(replication *r, spsim_event *out)
{
    const referral_tree *t = &r->referrals;
    double at = t->at[1]; /* the root (the only leaf, with one locality) */
    int l = at < INFINITY ? t->locality[1] : -1;
    if (spsim_events_pop_until(&r->calendar, at, out)) {
        /* The next event is most often a person's, whose record was last touched weeks ago:
         * ask for it now, while this one is handled. */
        uint32_t next = spsim_events_next_subject_hint(&r->calendar);
        if (next < r->world.pool.cap) __builtin_prefetch(&r->world.pool.people[next]);
        return true;
    }
    if (l < 0) return false;
    *out = (spsim_event){.time = at, .subject = (uint32_t)l, .type = SPSIM_EVENT_REFERRAL};
    return true;
}

int spsim_replication_run(const spsim_arm_params *p, spsim_sampler_cache *samplers,
                          unsigned long long seed, int rep, int n_weeks, spsim_arm_results *out)
{
    replication *r = calloc(1, sizeof *r);
    if (!r) return -1;
    r->seed = seed;
    r->replication = rep;
    r->world.p = p;
    r->world.n_weeks = n_weeks;
    r->world.out = out;
    r->world.log = out->events; /* the runner allocates it with --events */
    if (out->events) {
        out->events->n = 0;
        out->events->replication = rep;
    }
    int status = setup(r, samplers);
    start_referral_tree(r);
    spsim_event e;
    long events = 0;
    while (status == 0 && next_event(r, &e)) {
        bool horizon_tick = e.type == SPSIM_EVENT_WEEK_END && e.time <= n_weeks;
        if (e.time >= n_weeks && !horizon_tick) break;
        events++;
        r->world.now = e.time;
        status = dispatch(r, &e);
        if (e.type == SPSIM_EVENT_REFERRAL) update_referral_tree(r, (int)e.subject);
    }
    if (status == 0 && streams_exhausted(r)) status = SPSIM_REPLICATION_STREAM_EXHAUSTED;
    if (status == 0) finish(&r->world);
    out->totals[SPSIM_TOTAL_PATHWAYS] = out->totals[SPSIM_TOTAL_REFERRALS];
    out->totals[SPSIM_TOTAL_EVENTS] = (double)events;
    out->engine_peak_bytes = engine_bytes(r);
    out->engine_peak_people = r->world.pool.n_used; /* slots are added only when all are in use */
    teardown(r);
    free(r);
    return status;
}
