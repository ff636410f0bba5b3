/* The event queue: a calendar of buckets a 32nd of a week wide. Events come out ordered by
 * time, ties broken by insertion order so that the order of simultaneous events is part of the
 * model, not an accident of the data structure.
 *
 * Scheduling into a later bucket is an append; a bucket is sorted once, when the calendar
 * reaches it (a handful of events), and read from the front. Events after the horizon are never
 * processed and are not kept. Memory follows the events pending, not the horizon (a bucket's
 * storage is released once its time has passed). */
#ifndef SPSIM_EVENTS_H
#define SPSIM_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "processes/event.h"

/* A scheduled event as the calendar keeps it, 24 bytes: its insertion number (the tie-break)
 * shares a word with its type, the insertion number above the type's 8 bits, so comparing the
 * word compares insertion numbers (2^56 of them, far beyond any run). */
typedef struct {
    double time;
    uint32_t subject;
    uint32_t serial;
    uint64_t order_type; /* insertion number << 8 | spsim_event_type */
} spsim_calendar_entry;

typedef struct {
    spsim_calendar_entry *entries;
    size_t n, cap;
    size_t next; /* the current bucket's next event; entries[next, n) are sorted there */
} spsim_event_bucket;

enum {
    SPSIM_BUCKETS_PER_WEEK = 32,
    SPSIM_SPARE_BUCKETS = 64,     /* finished buckets' storage kept at most; more is freed */
    SPSIM_SPARE_BUCKET_EVENTS = 8 /* only storage of at most this many events is kept (a local
                                     scenario's bucket holds a handful) */
};

typedef struct {
    spsim_event_bucket *buckets; /* bucket b holds events in [b, b + 1) / SPSIM_BUCKETS_PER_WEEK;
                                    the last holds the horizon itself */
    int n_weeks, n_buckets, current;
    size_t pending;    /* events held, all buckets */
    size_t peak_bytes; /* largest storage held at once */
    size_t bytes;
    uint64_t next_order;
    spsim_calendar_entry *scratch; /* the sorts' working space, as long as the largest
                                      bucket sorted by merging or by slices */
    size_t scratch_cap;
    size_t *counts; /* the slices' bounds in a sort by slices (events.c) */
    size_t counts_cap;
    /* Storage of finished buckets kept for buckets still to come (most of a bucket's events
     * arrive before it is reached, so one is finished about as often as one is begun): a push
     * into an empty bucket takes one rather than growing from nothing through three reallocs. */
    spsim_event_bucket spare[SPSIM_SPARE_BUCKETS];
    int n_spare;
} spsim_event_queue;

/* Returns 0, or -1 when out of memory. */
int spsim_events_init(spsim_event_queue *q, int n_weeks);
void spsim_events_free(spsim_event_queue *q);
/* Schedules an event; one after the horizon (n_weeks) is dropped. Returns 0, or -1 when out
 * of memory. `time` is never before the last event taken. */
int spsim_events_push(spsim_event_queue *q, double time, spsim_event_type type, uint32_t subject,
                      uint32_t serial);
/* Removes the earliest event into *out; false when none is left. */
bool spsim_events_pop(spsim_event_queue *q, spsim_event *out);
/* Removes the earliest event into *out when it is not later than `limit` (weeks); false, and
 * nothing taken, when none is left or the earliest is later. */
bool spsim_events_pop_until(spsim_event_queue *q, double limit, spsim_event *out);

/* The subject of the event after the one just taken when it is in the same bucket, else
 * UINT32_MAX: a hint for fetching its record early, never an order. */
static inline uint32_t spsim_events_next_subject_hint(const spsim_event_queue *q)
{
    const spsim_event_bucket *b = &q->buckets[q->current];
    return b->next < b->n ? b->entries[b->next].subject : UINT32_MAX;
}

#endif
