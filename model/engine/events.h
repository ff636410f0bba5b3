/* The event queue: a binary min-heap ordered by time, ties broken by insertion order so that the
 * order of simultaneous events is part of the model, not an accident of the heap. */
#ifndef SPSIM_EVENTS_H
#define SPSIM_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SPSIM_EVENT_WEEK_END,      /* subject unused: end of the current week (the weekly tick) */
    SPSIM_EVENT_REFERRAL,      /* subject = locality: the next referral arrives */
    SPSIM_EVENT_RENEGE,        /* subject = person: patience runs out while waiting */
    SPSIM_EVENT_EPISODE_END,   /* subject = person: support episode ends (completion or drop-out) */
    SPSIM_EVENT_AGREEMENT,     /* subject = person: activities agreed; the person seeks a place */
    SPSIM_EVENT_PLACE_WAIT_END,/* subject = person: the wait for a free place runs out */
    SPSIM_EVENT_PLACE_END,     /* subject = person: the person leaves their place */
} spsim_event_type;

typedef struct {
    double time;        /* weeks since the start */
    uint64_t order;     /* insertion number: tie-break */
    uint32_t subject;   /* person or locality index */
    uint32_t serial;    /* person serial at scheduling: stale events are recognised by it */
    spsim_event_type type;
} spsim_event;

typedef struct {
    spsim_event *heap;
    size_t n, cap;
    uint64_t next_order;
} spsim_event_queue;

void spsim_events_init(spsim_event_queue *q);
void spsim_events_free(spsim_event_queue *q);
/* Returns 0, or -1 when out of memory. */
int spsim_events_push(spsim_event_queue *q, double time, spsim_event_type type, uint32_t subject,
                      uint32_t serial);
/* Removes the earliest event into *out; false when empty. */
bool spsim_events_pop(spsim_event_queue *q, spsim_event *out);

#endif
