#include "events.h"

#include <stdlib.h>

void spsim_events_init(spsim_event_queue *q)
{
    *q = (spsim_event_queue){0};
}

void spsim_events_free(spsim_event_queue *q)
{
    free(q->heap);
    *q = (spsim_event_queue){0};
}

static inline bool earlier(const spsim_event *a, const spsim_event *b)
{
    return a->time < b->time || (a->time == b->time && a->order < b->order);
}

int spsim_events_push(spsim_event_queue *q, double time, spsim_event_type type, uint32_t subject,
                      uint32_t serial)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 256;
        spsim_event *h = realloc(q->heap, cap * sizeof *h);
        if (!h) return -1;
        q->heap = h;
        q->cap = cap;
    }
    spsim_event e = {time, q->next_order++, subject, serial, type};
    size_t i = q->n++;
    while (i > 0) {   /* sift up */
        size_t parent = (i - 1) / 2;
        if (!earlier(&e, &q->heap[parent])) break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
    return 0;
}

bool spsim_events_pop(spsim_event_queue *q, spsim_event *out)
{
    if (q->n == 0) return false;
    *out = q->heap[0];
    spsim_event last = q->heap[--q->n];
    size_t i = 0;
    for (;;) {   /* sift down */
        size_t child = 2 * i + 1;
        if (child >= q->n) break;
        if (child + 1 < q->n && earlier(&q->heap[child + 1], &q->heap[child])) child++;
        if (!earlier(&q->heap[child], &last)) break;
        q->heap[i] = q->heap[child];
        i = child;
    }
    if (q->n) q->heap[i] = last;
    return true;
}
