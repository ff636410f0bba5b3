#include "events.h"

#include <math.h>
#include <stdlib.h>

/* A 4-ary heap in each bucket: half the depth of a binary one, and a node's children share a
 * cache line or two. */
enum {
    ARITY = 4
};

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
        for (int b = 0; b < q->n_buckets; b++) free(q->buckets[b].heap);
    free(q->buckets);
    *q = (spsim_event_queue){0};
}

static inline bool earlier(const spsim_calendar_entry *a, const spsim_calendar_entry *b)
{
    return a->event.time < b->event.time || (a->event.time == b->event.time && a->order < b->order);
}

static int grow(spsim_event_queue *q, spsim_event_bucket *b)
{
    size_t cap = b->cap ? 2 * b->cap : 8;
    spsim_calendar_entry *h = realloc(b->heap, cap * sizeof *h);
    if (!h) return -1;
    q->bytes += (cap - b->cap) * sizeof *h;
    if (q->bytes > q->peak_bytes) q->peak_bytes = q->bytes;
    b->heap = h;
    b->cap = cap;
    return 0;
}

int spsim_events_push(spsim_event_queue *q, double time, spsim_event_type type, uint32_t subject,
                      uint32_t serial)
{
    if (time > q->n_weeks) return 0; /* after the horizon: never processed */
    int index = (int)(time * SPSIM_BUCKETS_PER_WEEK);
    /* Looking ahead (spsim_events_next_time) may have passed empty buckets that an event now
     * falls in: they are empty, so the calendar simply starts from there again. */
    if (index < q->current) q->current = index;
    spsim_event_bucket *b = &q->buckets[index];
    if (b->n == b->cap && grow(q, b) != 0) return -1;
    spsim_calendar_entry e = {{time, subject, serial, type}, q->next_order++};
    size_t i = b->n++;
    while (i > 0) { /* sift up */
        size_t parent = (i - 1) / ARITY;
        if (!earlier(&e, &b->heap[parent])) break;
        b->heap[i] = b->heap[parent];
        i = parent;
    }
    b->heap[i] = e;
    q->pending++;
    return 0;
}

static void take_root(spsim_event_bucket *b, spsim_event *out)
{
    *out = b->heap[0].event;
    spsim_calendar_entry last = b->heap[--b->n];
    size_t i = 0;
    for (;;) { /* sift down */
        size_t first = ARITY * i + 1;
        if (first >= b->n) break;
        size_t end = first + ARITY < b->n ? first + ARITY : b->n;
        size_t child = first;
        for (size_t c = first + 1; c < end; c++)
            if (earlier(&b->heap[c], &b->heap[child])) child = c;
        if (!earlier(&b->heap[child], &last)) break;
        b->heap[i] = b->heap[child];
        i = child;
    }
    if (b->n) b->heap[i] = last;
}

/* Moves `current` to the first bucket holding an event; call only when one is pending. */
static void skip_empty_buckets(spsim_event_queue *q)
{
    while (q->buckets[q->current].n == 0) { /* a finished bucket's storage is released */
        spsim_event_bucket *done = &q->buckets[q->current];
        q->bytes -= done->cap * sizeof *done->heap;
        free(done->heap);
        *done = (spsim_event_bucket){0};
        q->current++;
    }
}

double spsim_events_next_time(spsim_event_queue *q)
{
    if (q->pending == 0) return INFINITY;
    skip_empty_buckets(q);
    return q->buckets[q->current].heap[0].event.time;
}

bool spsim_events_pop(spsim_event_queue *q, spsim_event *out)
{
    if (q->pending == 0) return false;
    skip_empty_buckets(q);
    take_root(&q->buckets[q->current], out);
    q->pending--;
    return true;
}
