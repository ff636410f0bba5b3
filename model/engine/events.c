#include "events.h"

#include <stdlib.h>

/* A 4-ary heap in each bucket: half the depth of a binary one, and a node's children share a
 * cache line or two. */
enum { ARITY = 4 };

int spsim_events_init(spsim_event_queue *q, int n_weeks)
{
    *q = (spsim_event_queue){.n_weeks = n_weeks};
    q->weeks = calloc((size_t)n_weeks + 1, sizeof *q->weeks);
    return q->weeks ? 0 : -1;
}

void spsim_events_free(spsim_event_queue *q)
{
    if (q->weeks)
        for (int w = 0; w <= q->n_weeks; w++) free(q->weeks[w].heap);
    free(q->weeks);
    *q = (spsim_event_queue){0};
}

static inline bool earlier(const spsim_event *a, const spsim_event *b)
{
    return a->time < b->time || (a->time == b->time && a->order < b->order);
}

static int grow(spsim_event_queue *q, spsim_event_bucket *b)
{
    size_t cap = b->cap ? 2 * b->cap : 64;
    spsim_event *h = realloc(b->heap, cap * sizeof *h);
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
    if (time > q->n_weeks) return 0;   /* after the horizon: never processed */
    spsim_event_bucket *b = &q->weeks[(int)time];
    if (b->n == b->cap && grow(q, b) != 0) return -1;
    spsim_event e = {time, q->next_order++, subject, serial, type};
    size_t i = b->n++;
    while (i > 0) {   /* sift up */
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
    *out = b->heap[0];
    spsim_event last = b->heap[--b->n];
    size_t i = 0;
    for (;;) {   /* sift down */
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

bool spsim_events_pop(spsim_event_queue *q, spsim_event *out)
{
    if (q->pending == 0) return false;
    while (q->weeks[q->current].n == 0) {   /* a finished week's storage is released */
        spsim_event_bucket *done = &q->weeks[q->current];
        q->bytes -= done->cap * sizeof *done->heap;
        free(done->heap);
        *done = (spsim_event_bucket){0};
        q->current++;
    }
    take_root(&q->weeks[q->current], out);
    q->pending--;
    return true;
}
