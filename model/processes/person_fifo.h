/* A first-come, first-served line of people (the queue for a caseload slot, the wait for a place
 * in a group). People who leave stay in the ring until they reach its head and are skipped there
 * (their serial or state no longer matches), so leaving costs O(1) and the line is never
 * searched; a full ring is compacted before it grows, so its size follows the people in line. */
#ifndef SPSIM_PERSON_FIFO_H
#define SPSIM_PERSON_FIFO_H

#include <stdbool.h>
#include <stdint.h>
#include "person.h"

typedef struct {
    uint32_t id, serial;
} spsim_fifo_entry;

/* Whether a person is still in this line. */
typedef bool (*spsim_in_line_fn)(const spsim_person *p);

typedef struct {
    spsim_fifo_entry *ring;
    uint32_t head, n_entries, cap; /* entries include people who have since left */
    int in_line;                   /* people actually in line */
    spsim_in_line_fn is_in_line;
} spsim_person_fifo;

void spsim_fifo_init(spsim_person_fifo *f, spsim_in_line_fn is_in_line);
void spsim_fifo_free(spsim_person_fifo *f);
/* Person `id` (already marked as in line) joins the back. Returns 0, or -1 out of memory. */
int spsim_fifo_push(spsim_person_fifo *f, const spsim_person_pool *pool, uint32_t id);
/* Someone left the line (their entry becomes stale). */
void spsim_fifo_left(spsim_person_fifo *f);
/* The id of the person at the front, removed from the line; UINT32_MAX when nobody is in line. */
uint32_t spsim_fifo_pop(spsim_person_fifo *f, const spsim_person_pool *pool);

#endif
