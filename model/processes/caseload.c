#include "caseload.h"

static bool waiting_for_slot(const spsim_person *p)
{
    return p->state == SPSIM_PERSON_WAITING;
}

void spsim_caseload_init(spsim_caseload *c)
{
    *c = (spsim_caseload){0};
    spsim_fifo_init(&c->queue, waiting_for_slot);
}

void spsim_caseload_free(spsim_caseload *c)
{
    spsim_fifo_free(&c->queue);
}

bool spsim_caseload_can_start_now(const spsim_caseload *c)
{
    return c->queue.in_line == 0 && c->in_support < c->slots;
}

int spsim_caseload_join_queue(spsim_caseload *c, const spsim_person_pool *pool, uint32_t id)
{
    return spsim_fifo_push(&c->queue, pool, id);
}

void spsim_caseload_leave_queue(spsim_caseload *c)
{
    spsim_fifo_left(&c->queue);
}

uint32_t spsim_caseload_next_to_start(spsim_caseload *c, const spsim_person_pool *pool)
{
    if (c->in_support >= c->slots) return UINT32_MAX;
    return spsim_fifo_pop(&c->queue, pool);
}
