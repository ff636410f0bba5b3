#include "events.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Buckets ahead of the current one are unsorted: a push there is an append. A bucket is sorted
 * once, when the calendar reaches it, and then read from the front; the few events scheduled
 * into the current bucket itself are inserted in place. With buckets a 32nd of a week wide a
 * bucket holds a handful of events, so the sort is a short insertion sort. */

int spsim_events_init(spsim_event_queue *q, int n_weeks)
{
    int n_buckets = n_weeks * SPSIM_BUCKETS_PER_WEEK + 1;
    *q = (spsim_event_queue){.n_weeks = n_weeks, .n_buckets = n_buckets};
    q->buckets = calloc((size_t)n_buckets, sizeof *q->buckets);
    return q->buckets ? 0 : -1;
}

void spsim_events_free(spsim_event_queue *q)
{
    if (q->buckets)
        for (int b = 0; b < q->n_buckets; b++) free(q->buckets[b].entries);
    free(q->buckets);
    *q = (spsim_event_queue){0};
}

static inline bool earlier(const spsim_calendar_entry *a, const spsim_calendar_entry *b)
{
    return a->event.time < b->event.time || (a->event.time == b->event.time && a->order < b->order);
}

static int grow(spsim_event_queue *q, spsim_event_bucket *b)
{
    size_t cap = b->cap ? 2 * b->cap : 4; /* a bucket holds a handful */
    spsim_calendar_entry *h = realloc(b->entries, cap * sizeof *h);
    if (!h) return -1;
    q->bytes += (cap - b->cap) * sizeof *h;
    if (q->bytes > q->peak_bytes) q->peak_bytes = q->bytes;
    b->entries = h;
    b->cap = cap;
    return 0;
}

static int by_time_then_order(const void *x, const void *y)
{
    const spsim_calendar_entry *a = x, *b = y;
    return earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0;
}

/* Sorts the events still to come in the bucket; insertion sort while it is short. */
static void sort_bucket(spsim_event_bucket *b)
{
    spsim_calendar_entry *e = b->entries + b->next;
    size_t n = b->n - b->next;
    if (n > 32) {
        qsort(e, n, sizeof *e, by_time_then_order);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        spsim_calendar_entry x = e[i];
        size_t j = i;
        for (; j > 0 && earlier(&x, &e[j - 1]); j--) e[j] = e[j - 1];
        e[j] = x;
    }
}

/* Into the current bucket, which is sorted: after every event not later than it. */
static void insert_sorted(spsim_event_bucket *b, spsim_calendar_entry x)
{
    size_t j = b->n++;
    for (; j > b->next && earlier(&x, &b->entries[j - 1]); j--) b->entries[j] = b->entries[j - 1];
    b->entries[j] = x;
}

int spsim_events_push(spsim_event_queue *q, double time, spsim_event_type type, uint32_t subject,
                      uint32_t serial)
{
    if (time > q->n_weeks) return 0; /* after the horizon: never processed */
    int index = (int)(time * SPSIM_BUCKETS_PER_WEEK);
    /* Looking ahead (spsim_events_next_time) may have passed empty buckets that an event now
     * falls in: they are empty, so the calendar starts from there again. The bucket it leaves
     * is sorted again when the calendar comes back to it. */
    if (index < q->current) q->current = index;
    spsim_event_bucket *b = &q->buckets[index];
    if (b->n == b->cap && grow(q, b) != 0) return -1;
    spsim_calendar_entry e = {{time, subject, serial, type}, q->next_order++};
    if (index == q->current)
        insert_sorted(b, e);
    else
        b->entries[b->n++] = e;
    q->pending++;
    return 0;
}

/* Moves `current` to the first bucket with an event to come, sorting it; call only when an
 * event is pending. A finished bucket's storage is released. */
static void reach_next_event(spsim_event_queue *q)
{
    spsim_event_bucket *b = &q->buckets[q->current];
    if (b->next < b->n) return;
    do {
        q->bytes -= b->cap * sizeof *b->entries;
        free(b->entries);
        *b = (spsim_event_bucket){0};
        b = &q->buckets[++q->current];
    } while (b->next == b->n);
    sort_bucket(b);
}

double spsim_events_next_time(spsim_event_queue *q)
{
    if (q->pending == 0) return INFINITY;
    reach_next_event(q);
    const spsim_event_bucket *b = &q->buckets[q->current];
    return b->entries[b->next].event.time;
}

bool spsim_events_pop(spsim_event_queue *q, spsim_event *out)
{
    if (q->pending == 0) return false;
    reach_next_event(q);
    spsim_event_bucket *b = &q->buckets[q->current];
    *out = b->entries[b->next++].event;
    q->pending--;
    return true;
}
