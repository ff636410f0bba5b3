/* The model's events: what happens at an instant to one person or one locality, each handled
 * by the process that owns it (docs/architecture.md). The engine's calendar keeps them in time
 * order; a process schedules one through spsim_schedule (world.h). */
#ifndef SPSIM_EVENT_H
#define SPSIM_EVENT_H

#include <stdint.h>

/* The model's events, each handled by the process that owns it. */
typedef enum {
    SPSIM_EVENT_WEEK_END,       /* engine: end of the current week (the weekly phases) */
    SPSIM_EVENT_REFERRAL,       /* referral; subject = locality: the next referral arrives
                                   (held by the referral process, not the calendar) */
    SPSIM_EVENT_RENEGE,         /* caseload; subject = person: patience runs out while waiting */
    SPSIM_EVENT_EPISODE_END,    /* support; subject = person: the episode ends */
    SPSIM_EVENT_AGREEMENT,      /* connection; subject = person: activities agreed */
    SPSIM_EVENT_PLACE_WAIT_END, /* connection; subject = person: the wait for a place runs out */
    SPSIM_EVENT_PLACE_END,      /* connection; subject = person: the person leaves their place */
    SPSIM_N_EVENT_TYPES
} spsim_event_type;

/* An event as its handler sees it. */
typedef struct {
    double time;      /* weeks since the start */
    uint32_t subject; /* person or locality index */
    uint32_t serial;  /* person serial when scheduled: stale events are recognised by it */
    spsim_event_type type;
} spsim_event;

/* Schedules an event (one after the horizon is dropped). Returns 0, or -1 out of memory. */
typedef int (*spsim_schedule_fn)(void *calendar, double time, spsim_event_type type,
                                 uint32_t subject, uint32_t serial);

#endif
