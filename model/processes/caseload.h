/* Link-worker caseload and the queue for it (docs/model.md, "The queue"), one per locality:
 * people wait first come, first served for a caseload slot. */
#ifndef SPSIM_CASELOAD_H
#define SPSIM_CASELOAD_H

#include <stdbool.h>
#include <stdint.h>
#include "person_fifo.h"

typedef struct {
    spsim_person_fifo queue;
    int in_support;                  /* caseload slots occupied */
    int slots;                       /* caseload slots available */
} spsim_caseload;

void spsim_caseload_init(spsim_caseload *c);
void spsim_caseload_free(spsim_caseload *c);

/* People waiting for a slot. */
static inline int spsim_caseload_waiting(const spsim_caseload *c)
{
    return c->queue.in_line;
}

/* A free slot and nobody ahead: the person can start at once. */
bool spsim_caseload_can_start_now(const spsim_caseload *c);

/* Person `id` (state WAITING) joins the back of the queue. Returns 0, or -1 out of memory. */
int spsim_caseload_join_queue(spsim_caseload *c, const spsim_person_pool *pool, uint32_t id);

/* The person left the queue (their entry becomes stale). */
void spsim_caseload_leave_queue(spsim_caseload *c);

/* The id of the next person to start when a slot is free, removed from the queue; UINT32_MAX
 * when no slot is free or nobody is waiting. */
uint32_t spsim_caseload_next_to_start(spsim_caseload *c, const spsim_person_pool *pool);

#endif
