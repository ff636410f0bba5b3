#include "person.h"

#include <stdlib.h>

void spsim_person_pool_init(spsim_person_pool *pool)
{
    *pool = (spsim_person_pool){0};
}

void spsim_person_pool_free(spsim_person_pool *pool)
{
    free(pool->people);
    free(pool->free_ids);
    *pool = (spsim_person_pool){0};
}

/* By half again, not doubling, from a small start: the slack left at the peak (at most a third
 * of the pool, not half) is most of the engine's memory beyond the people themselves. */
static int grow(spsim_person_pool *pool)
{
    uint32_t cap = pool->cap ? pool->cap + pool->cap / 2 : 64;
    spsim_person *p = realloc(pool->people, (size_t)cap * sizeof *p);
    if (!p) return -1;
    pool->people = p;
    uint32_t *f = realloc(pool->free_ids, (size_t)cap * sizeof *f);
    if (!f) return -1;
    pool->free_ids = f;
    pool->cap = cap;
    return 0;
}

uint32_t spsim_person_new(spsim_person_pool *pool)
{
    uint32_t id;
    if (pool->n_free) {
        id = pool->free_ids[--pool->n_free];
    } else {
        if (pool->n_used == pool->cap && grow(pool) != 0) return UINT32_MAX;
        id = pool->n_used++;
    }
    pool->people[id] = (spsim_person){.serial = ++pool->next_serial, .state = SPSIM_PERSON_FREE};
    return id;
}

void spsim_person_release(spsim_person_pool *pool, uint32_t id)
{
    pool->people[id].state = SPSIM_PERSON_FREE;
    pool->people[id].serial = 0;
    pool->free_ids[pool->n_free++] = id;
}
