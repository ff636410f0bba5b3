/* The event calendar (engine/events.h): events come out in time order across and within its
 * buckets, simultaneous events in the order they were scheduled (whatever
 * their type), events after the horizon are dropped while one at exactly the horizon is kept,
 * and a bucket's storage is released once the calendar has moved past it.
 *
 * The large check pushes a million events at random times interleaved with pops, as the
 * engine does, and compares what comes out with a reference sort of everything pushed by
 * (time, insertion). Nothing here is statistical: every check is exact. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "engine/events.h"

enum {
    N_TYPES = SPSIM_EVENT_PLACE_END + 1
};

/* Pops everything; true when times never go back (ties are checked by their own test). */
static bool drains_in_order(spsim_event_queue *q, size_t *n_popped)
{
    spsim_event e, last = {.time = -INFINITY};
    bool ordered = true;
    *n_popped = 0;
    while (spsim_events_pop(q, &e)) {
        if (e.time < last.time) ordered = false;
        last = e;
        (*n_popped)++;
    }
    return ordered;
}

static void check_order_across_buckets(void)
{
    spsim_event_queue q;
    if (!CHECK(spsim_events_init(&q, 10) == 0, "calendar allocated")) return;
    /* Pushed latest first, one in each of 80 buckets, so order cannot come from pushing. */
    for (int b = 79; b >= 0; b--)
        spsim_events_push(&q, (b + 0.5) / SPSIM_BUCKETS_PER_WEEK, SPSIM_EVENT_RENEGE, (uint32_t)b,
                          0);
    spsim_event e;
    bool ordered = true;
    for (int b = 0; b < 80; b++)
        if (!spsim_events_pop(&q, &e) || e.subject != (uint32_t)b) ordered = false;
    CHECK(ordered, "events in different buckets come out earliest first");
    CHECK(!spsim_events_pop(&q, &e), "nothing left after the 80 events");
    spsim_events_free(&q);
}

static void check_order_within_bucket(void)
{
    spsim_event_queue q;
    if (!CHECK(spsim_events_init(&q, 1) == 0, "calendar allocated")) return;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(g, 11);
    /* 500 distinct times inside one bucket: the bucket's own sort orders them. */
    for (uint32_t i = 0; i < 500; i++)
        spsim_events_push(&q, (2.0 + gsl_rng_uniform(g)) / SPSIM_BUCKETS_PER_WEEK,
                          SPSIM_EVENT_EPISODE_END, i, 0);
    size_t n;
    CHECK(q.buckets[2].n == 500, "all 500 events are in bucket 2 (%zu)", q.buckets[2].n);
    CHECK(drains_in_order(&q, &n) && n == 500, "one bucket's events come out in time order");
    gsl_rng_free(g);
    spsim_events_free(&q);
}

/* Event i of the ties test: subject i, types cycling through all of them. */
static bool is_tie(const spsim_event *e, uint32_t i, double t)
{
    return e->subject == i && e->type == (spsim_event_type)(i % N_TYPES) && e->time == t;
}

/* Many events at one time, of every type, come out in insertion order; so do ties pushed
 * after some of them have been taken (the engine schedules at "now" while handling an event).
 * Time still beats insertion: an event pushed before the ties but later, and one pushed after
 * them but earlier, come out after and before them. */
static void check_ties(void)
{
    spsim_event_queue q;
    if (!CHECK(spsim_events_init(&q, 4) == 0, "calendar allocated")) return;
    const double t = 1.0 + 3.0 / 64.0;
    spsim_events_push(&q, t + 1e-9, SPSIM_EVENT_WEEK_END, 5000, 0);
    for (uint32_t i = 0; i < 1000; i++)
        spsim_events_push(&q, t, (spsim_event_type)(i % N_TYPES), i, 0);
    spsim_events_push(&q, t - 1e-9, SPSIM_EVENT_WEEK_END, 6000, 0);
    spsim_event e;
    CHECK(spsim_events_pop(&q, &e) && e.subject == 6000, "the earlier event before the ties");
    bool in_order = true;
    for (uint32_t i = 0; i < 400; i++) in_order &= spsim_events_pop(&q, &e) && is_tie(&e, i, t);
    for (uint32_t i = 1000; i < 1300; i++) /* new ties: after the 600 still waiting */
        spsim_events_push(&q, t, (spsim_event_type)(i % N_TYPES), i, 0);
    for (uint32_t i = 400; i < 1300; i++) in_order &= spsim_events_pop(&q, &e) && is_tie(&e, i, t);
    CHECK(in_order, "1,300 simultaneous events of all types come out in insertion order");
    CHECK(spsim_events_pop(&q, &e) && e.subject == 5000, "the later event after the ties");
    spsim_events_free(&q);
}

static void check_horizon(void)
{
    spsim_event_queue q;
    if (!CHECK(spsim_events_init(&q, 4) == 0, "calendar allocated")) return;
    spsim_event e;
    CHECK(!spsim_events_pop(&q, &e), "pop on an empty calendar returns false");
    spsim_events_push(&q, nextafter(4.0, 5.0), SPSIM_EVENT_RENEGE, 1, 0);
    spsim_events_push(&q, 4.5, SPSIM_EVENT_RENEGE, 2, 0);
    spsim_events_push(&q, 1e9, SPSIM_EVENT_RENEGE, 3, 0);
    CHECK(q.pending == 0 && q.bytes == 0, "events after the horizon are dropped, not stored");
    spsim_events_push(&q, 4.0, SPSIM_EVENT_WEEK_END, 4, 0);
    spsim_events_push(&q, nextafter(4.0, 0.0), SPSIM_EVENT_RENEGE, 5, 0);
    CHECK(q.pending == 2, "an event at exactly the horizon, and one just before, are kept");
    CHECK(spsim_events_pop(&q, &e) && e.subject == 5, "the one just before the horizon first");
    CHECK(spsim_events_pop(&q, &e) && e.subject == 4 && e.time == 4.0,
          "then the one at the horizon");
    CHECK(!spsim_events_pop(&q, &e), "pop on a drained calendar returns false");
    spsim_events_free(&q);
}

/* Storage of the finished buckets kept for later ones (at most SPSIM_SPARE_BUCKETS). */
static size_t spare_bytes(const spsim_event_queue *q)
{
    size_t bytes = 0;
    for (int i = 0; i < q->n_spare; i++) bytes += q->spare[i].cap * sizeof(spsim_calendar_entry);
    return bytes;
}

/* Storage follows the events pending: peak_bytes records the largest, and a bucket's storage
 * is kept for a later bucket (at most SPSIM_SPARE_BUCKETS of them) or released when a pop moves
 * past it. The bucket holding the last event taken is still current, so it is kept until the
 * next pop moves on, or spsim_events_free. */
static void check_memory(void)
{
    spsim_event_queue q;
    if (!CHECK(spsim_events_init(&q, 100) == 0, "calendar allocated")) return;
    for (int i = 0; i < 6400; i++) /* 8 events in each of 800 buckets: storage of 8 is kept */
        spsim_events_push(&q, (i % 800 + 0.5) / SPSIM_BUCKETS_PER_WEEK, SPSIM_EVENT_RENEGE, 0, 0);
    size_t full = q.bytes, one_bucket = q.buckets[0].cap * sizeof(spsim_calendar_entry);
    CHECK(full == 800 * one_bucket && q.peak_bytes == full,
          "storage grows with the events (%zu bytes, peak %zu)", full, q.peak_bytes);
    spsim_event e;
    for (int i = 0; i < 3200; i++) spsim_events_pop(&q, &e);
    CHECK(q.n_spare == SPSIM_SPARE_BUCKETS && spare_bytes(&q) == SPSIM_SPARE_BUCKETS * one_bucket,
          "half drained: %d finished buckets' storage kept for later ones", q.n_spare);
    CHECK(q.bytes == 401 * one_bucket + spare_bytes(&q),
          "half drained: the other %d buckets' storage released (%zu bytes)",
          399 - SPSIM_SPARE_BUCKETS, q.bytes);
    spsim_events_push(&q, 50.0, SPSIM_EVENT_RENEGE, 0, 0); /* an empty bucket takes a spare */
    CHECK(q.n_spare == SPSIM_SPARE_BUCKETS - 1 &&
              q.bytes == 401 * one_bucket + spare_bytes(&q) + one_bucket,
          "a push into an empty bucket reuses a finished bucket's storage (%zu bytes)", q.bytes);
    size_t n;
    drains_in_order(&q, &n);
    CHECK(q.pending == 0 && q.bytes == one_bucket + spare_bytes(&q) &&
              q.n_spare <= SPSIM_SPARE_BUCKETS,
          "drained: only the current bucket's storage and the spares are left (%zu bytes)",
          q.bytes);
    CHECK(q.peak_bytes == full, "the peak is remembered after draining");
    spsim_events_push(&q, 100.0, SPSIM_EVENT_RENEGE, 0, 0); /* the horizon's own bucket */
    spsim_events_pop(&q, &e);
    CHECK(q.buckets[799].entries == NULL && q.bytes == q.buckets[100 * SPSIM_BUCKETS_PER_WEEK].cap *
                                                               sizeof(spsim_calendar_entry) +
                                                           spare_bytes(&q),
          "moving on to a later bucket releases the drained one (%zu bytes)", q.bytes);
    spsim_events_free(&q);
    CHECK(q.bytes == 0 && q.buckets == NULL, "free releases everything");

    /* A bucket grown past SPSIM_SPARE_BUCKET_EVENTS is released, not kept. */
    if (!CHECK(spsim_events_init(&q, 10) == 0, "calendar allocated")) return;
    for (int i = 0; i < 4 * SPSIM_SPARE_BUCKET_EVENTS; i++)
        spsim_events_push(&q, 0.5 / SPSIM_BUCKETS_PER_WEEK, SPSIM_EVENT_RENEGE, 0, 0);
    spsim_events_push(&q, 5.0, SPSIM_EVENT_RENEGE, 0, 0);
    size_t later = q.buckets[5 * SPSIM_BUCKETS_PER_WEEK].cap * sizeof(spsim_calendar_entry);
    for (int i = 0; i <= 4 * SPSIM_SPARE_BUCKET_EVENTS; i++) spsim_events_pop(&q, &e);
    CHECK(q.n_spare == 0 && q.bytes == later,
          "a bucket of %d events is released, not kept (%d spares, %zu bytes)",
          4 * SPSIM_SPARE_BUCKET_EVENTS, q.n_spare, q.bytes);
    spsim_events_free(&q);
}

/* One event as the reference sees it: everything pushed and kept, sorted by (time, insertion),
 * is the order the calendar must give, since no push is ever before the last event taken. */
typedef struct {
    double time;
    uint64_t insertion;
    uint32_t subject;
    spsim_event_type type;
} pushed_event;

static int by_time_then_insertion(const void *a, const void *b)
{
    const pushed_event *x = a, *y = b;
    if (x->time != y->time) return x->time < y->time ? -1 : 1;
    return (x->insertion > y->insertion) - (x->insertion < y->insertion);
}

/* A time at or after `now`, as the engine schedules them: a fifth at `now` itself (events
 * scheduled while handling one), a tenth on a bucket boundary, the rest an exponential wait of
 * mean `mean_weeks` rounded up to 1/1024 week, so that different pushes often share a time
 * exactly. */
static double random_time(gsl_rng *g, double now, double mean_weeks)
{
    double u = gsl_rng_uniform(g);
    if (u < 0.2) return now;
    if (u < 0.3)
        return (ceil(now * SPSIM_BUCKETS_PER_WEEK) + (double)gsl_rng_uniform_int(g, 8)) /
               SPSIM_BUCKETS_PER_WEEK;
    return ceil((now + gsl_ran_exponential(g, mean_weeks)) * 1024.0) / 1024.0;
}

/* Pushes more than pops while fewer are pending than a target that swings between 0.2 and 1.8
 * times `scale`, so the buckets fill and empty as the calendar moves on. */
static bool push_next(gsl_rng *g, size_t pending, size_t n_pushed, double scale)
{
    double target = scale * (1.0 + 0.8 * sin((double)n_pushed / 200000.0 * 6.283185307179586));
    return pending == 0 || gsl_rng_uniform(g) < ((double)pending < target ? 0.6 : 0.4);
}

static bool same_event(const spsim_event *e, const pushed_event *p)
{
    return e->time == p->time && e->subject == p->subject && e->type == p->type;
}

/* A local scenario's mix (about 5,000 pending over weeks: a few dozen events a bucket, sorted
 * by insertion) and a national one's (50,000 pending within a week or so: over a thousand a
 * bucket, sorted by merging, and long current buckets that events are inserted into). */
static void check_against_reference_sort(double pending_scale, double mean_weeks, int n_weeks,
                                         size_t merged_at_least)
{
    enum {
        N_PUSHES = 1000000
    };
    spsim_event_queue q;
    pushed_event *kept = malloc(N_PUSHES * sizeof *kept);
    spsim_event *taken = malloc(N_PUSHES * sizeof *taken);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    if (!CHECK(kept && taken && g && spsim_events_init(&q, n_weeks) == 0, "allocated")) return;
    gsl_rng_set(g, 2024);
    size_t n_pushed = 0, n_kept = 0, n_taken = 0, n_ties = 0;
    double now = 0.0;
    while (n_pushed < N_PUSHES) {
        if (push_next(g, q.pending, n_pushed, pending_scale)) {
            double t = random_time(g, now, mean_weeks);
            spsim_event_type type = (spsim_event_type)gsl_rng_uniform_int(g, N_TYPES);
            spsim_events_push(&q, t, type, (uint32_t)n_pushed, 0);
            if (t <= n_weeks) {
                kept[n_kept] = (pushed_event){t, n_kept, (uint32_t)n_pushed, type};
                n_kept++;
            }
            n_pushed++;
        } else if (spsim_events_pop(&q, &taken[n_taken])) {
            now = taken[n_taken++].time;
        }
    }
    while (spsim_events_pop(&q, &taken[n_taken])) n_taken++;
    qsort(kept, n_kept, sizeof *kept, by_time_then_insertion);
    size_t first_wrong = n_taken;
    for (size_t i = 0; i < n_taken && i < n_kept && first_wrong == n_taken; i++)
        if (!same_event(&taken[i], &kept[i])) first_wrong = i;
    for (size_t i = 1; i < n_taken; i++) n_ties += taken[i].time == taken[i - 1].time;
    printf("random calendar (%.0f pending, waits of %.1f weeks): %zu pushed, %zu kept, %zu ties, "
           "%zu bytes at most, largest sorted by slices or merging %zu\n",
           pending_scale, mean_weeks, n_pushed, n_kept, n_ties, q.peak_bytes, q.scratch_cap);
    CHECK(n_taken == n_kept, "every kept event comes out once (%zu of %zu)", n_taken, n_kept);
    CHECK(first_wrong == n_taken,
          "the calendar's order is the reference sort's (first "
          "difference at event %zu)",
          first_wrong);
    CHECK(n_kept < n_pushed && n_ties > 100000,
          "the run reached the horizon and had many ties, so both were exercised");
    CHECK(q.scratch_cap >= merged_at_least,
          "buckets of at least %zu events were sorted by slices or merging (%zu)", merged_at_least,
          q.scratch_cap);
    CHECK(q.bytes <= q.buckets[q.current].cap * sizeof(spsim_calendar_entry) + spare_bytes(&q),
          "drained: no bucket but the current one holds storage (and the spares)");
    spsim_events_free(&q);
    gsl_rng_free(g);
    free(kept);
    free(taken);
}

/* pop_until takes the earliest event only when it is not later than the limit: the engine
 * merges the calendar with the next referral this way, the calendar's event first on a tie. */
static void check_pop_until(void)
{
    spsim_event_queue q;
    if (!CHECK(spsim_events_init(&q, 10) == 0, "calendar allocated")) return;
    spsim_event e = {0};
    CHECK(!spsim_events_pop_until(&q, INFINITY, &e), "nothing to take from an empty calendar");
    spsim_events_push(&q, 2.5, SPSIM_EVENT_RENEGE, 1, 0);
    spsim_events_push(&q, 3.0, SPSIM_EVENT_RENEGE, 2, 0);
    CHECK(!spsim_events_pop_until(&q, 2.25, &e) && q.pending == 2,
          "an event later than the limit is left (2 pending: %zu)", q.pending);
    CHECK(spsim_events_pop_until(&q, 2.5, &e) && e.subject == 1 && q.pending == 1,
          "an event at the limit is taken");
    CHECK(!spsim_events_pop_until(&q, 2.75, &e) && q.pending == 1,
          "the next, later than a new limit, stays");
    CHECK(spsim_events_pop_until(&q, INFINITY, &e) && e.subject == 2 && q.pending == 0,
          "taken when the limit is infinite");
    spsim_events_free(&q);
}

int main(void)
{
    check_pop_until();
    check_order_across_buckets();
    check_order_within_bucket();
    check_ties();
    check_horizon();
    check_memory();
    check_against_reference_sort(5000.0, 4.0, 900, 0);
    check_against_reference_sort(50000.0, 1.0, 20, 500);
    return spsim_check_finish();
}
