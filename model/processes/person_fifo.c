#include "person_fifo.h"

#include <stdlib.h>

void spsim_fifo_init(spsim_person_fifo *f, spsim_in_line_fn is_in_line)
{
    *f = (spsim_person_fifo){.is_in_line = is_in_line};
}

void spsim_fifo_free(spsim_person_fifo *f)
{
    free(f->ring);
    *f = (spsim_person_fifo){0};
}

enum {
    POP_PREFETCH = 4 /* entries ahead */
};

static bool is_live(const spsim_person_fifo *f, const spsim_fifo_entry *e,
                    const spsim_person_pool *pool)
{
    const spsim_person *p = &pool->people[e->id];
    return p->serial == e->serial && f->is_in_line(p);
}

/* Rebuilds a full ring without the people who have left; doubles it only when at least half
 * of it is people still in line. */
static int make_room(spsim_person_fifo *f, const spsim_person_pool *pool)
{
    bool compact_only = f->cap > 0 && (uint32_t)f->in_line < f->cap / 2;
    uint32_t cap = compact_only ? f->cap : (f->cap ? 2 * f->cap : 64);
    spsim_fifo_entry *ring = malloc((size_t)cap * sizeof *ring);
    if (!ring) return -1;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < f->n_entries; i++) {
        spsim_fifo_entry e = f->ring[(f->head + i) % f->cap];
        if (is_live(f, &e, pool)) ring[kept++] = e;
    }
    free(f->ring);
    f->ring = ring;
    f->head = 0;
    f->n_entries = kept;
    f->cap = cap;
    return 0;
}

int spsim_fifo_push(spsim_person_fifo *f, const spsim_person_pool *pool, uint32_t id)
{
    if (f->n_entries == f->cap && make_room(f, pool) != 0) return -1;
    f->ring[(f->head + f->n_entries) % f->cap] = (spsim_fifo_entry){id, pool->people[id].serial};
    f->n_entries++;
    f->in_line++;
    return 0;
}

void spsim_fifo_left(spsim_person_fifo *f)
{
    f->in_line--;
}

uint32_t spsim_fifo_pop(spsim_person_fifo *f, const spsim_person_pool *pool)
{
    while (f->n_entries > 0) {
        spsim_fifo_entry e = f->ring[f->head];
        f->head = (f->head + 1) % f->cap;
        f->n_entries--;
        /* Whether an entry is live is in its person's record, far from the ring in a long
         * queue: ask for a later entry's record now, so that the next pop does not wait. */
        if (f->n_entries > POP_PREFETCH)
            __builtin_prefetch(&pool->people[f->ring[(f->head + POP_PREFETCH) % f->cap].id]);
        if (is_live(f, &e, pool)) {
            f->in_line--;
            return e.id;
        }
    }
    return UINT32_MAX;
}
