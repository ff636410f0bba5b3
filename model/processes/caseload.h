/* Link-worker caseload and the queue for it (docs/model.md section 7), one per locality.
 *
 * People wait first come, first served for a caseload slot. People who leave while waiting stay
 * in the ring until they reach its head and are skipped there (their serial no longer matches),
 * so leaving costs O(1) and the queue never needs searching. */
#ifndef SPSIM_CASELOAD_H
#define SPSIM_CASELOAD_H

#include <stdbool.h>
#include <stdint.h>
#include "person.h"

typedef struct {
    uint32_t id, serial;
} spsim_queue_entry;

typedef struct {
    spsim_queue_entry *ring;
    uint32_t head, n_entries, cap;   /* entries include people who have since left */
    int waiting;                     /* people actually waiting */
    int in_support;                  /* caseload slots occupied */
    int slots;                       /* caseload slots available */
} spsim_caseload;

void spsim_caseload_init(spsim_caseload *c);
void spsim_caseload_free(spsim_caseload *c);

/* A free slot and nobody ahead: the person can start at once. */
bool spsim_caseload_can_start_now(const spsim_caseload *c);

/* Person `id` joins the back of the queue. Returns 0, or -1 when out of memory. */
int spsim_caseload_join_queue(spsim_caseload *c, const spsim_person_pool *pool, uint32_t id);

/* The person left the queue (their entry becomes stale). */
void spsim_caseload_leave_queue(spsim_caseload *c);

/* The id of the next person to start when a slot is free, removed from the queue; UINT32_MAX
 * when no slot is free or nobody is waiting. */
uint32_t spsim_caseload_next_to_start(spsim_caseload *c, const spsim_person_pool *pool);

#endif
