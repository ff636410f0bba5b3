#include "caseload.h"

#include <stdlib.h>

void spsim_caseload_init(spsim_caseload *c)
{
    *c = (spsim_caseload){0};
}

void spsim_caseload_free(spsim_caseload *c)
{
    free(c->ring);
    *c = (spsim_caseload){0};
}

bool spsim_caseload_can_start_now(const spsim_caseload *c)
{
    return c->waiting == 0 && c->in_support < c->slots;
}

static bool is_live(const spsim_queue_entry *e, const spsim_person_pool *pool)
{
    const spsim_person *p = &pool->people[e->id];
    return p->serial == e->serial && p->state == SPSIM_PERSON_WAITING;
}

/* A full ring is rebuilt without the people who have left; it doubles only when at least half
 * of it is people still waiting, so its size follows the queue, not the run's length. */
static int make_room(spsim_caseload *c, const spsim_person_pool *pool)
{
    bool compact_only = c->cap > 0 && (uint32_t)c->waiting < c->cap / 2;
    uint32_t cap = compact_only ? c->cap : (c->cap ? 2 * c->cap : 64);
    spsim_queue_entry *ring = malloc((size_t)cap * sizeof *ring);
    if (!ring) return -1;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < c->n_entries; i++) {
        spsim_queue_entry e = c->ring[(c->head + i) % c->cap];
        if (is_live(&e, pool)) ring[kept++] = e;
    }
    free(c->ring);
    c->ring = ring;
    c->head = 0;
    c->n_entries = kept;
    c->cap = cap;
    return 0;
}

int spsim_caseload_join_queue(spsim_caseload *c, const spsim_person_pool *pool, uint32_t id)
{
    if (c->n_entries == c->cap && make_room(c, pool) != 0) return -1;
    c->ring[(c->head + c->n_entries) % c->cap] = (spsim_queue_entry){id, pool->people[id].serial};
    c->n_entries++;
    c->waiting++;
    return 0;
}

void spsim_caseload_leave_queue(spsim_caseload *c)
{
    c->waiting--;
}

uint32_t spsim_caseload_next_to_start(spsim_caseload *c, const spsim_person_pool *pool)
{
    if (c->in_support >= c->slots) return UINT32_MAX;
    while (c->n_entries > 0) {
        spsim_queue_entry e = c->ring[c->head];
        c->head = (c->head + 1) % c->cap;
        c->n_entries--;
        if (is_live(&e, pool)) {
            c->waiting--;
            return e.id;
        }
    }
    return UINT32_MAX;
}
