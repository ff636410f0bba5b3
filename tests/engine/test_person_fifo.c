/* The person pool and the first-come-first-served line (processes/person.h, person_fifo.h).
 *
 * The line is a ring in which people who leave stay until they reach the front, where they are
 * skipped because their state (as the line's callback reads it) or their serial no longer
 * matches; a full ring is rebuilt without them, kept at its size when fewer than half of it
 * are still in line, doubled otherwise. The checks: order is first come first served, people
 * who left are skipped, compaction (seen as a full ring that does not grow) keeps the order,
 * the ring grows past its first size, and the count in line stays right. A random sequence of
 * joins, leaves and pops is compared with a plain list that removes leavers at once.
 *
 * The pool: ids are reused after release and the serial changes on reuse, so an event or a
 * line entry made for the previous holder of an id is recognised as stale. Nothing here is
 * statistical: every check is exact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "processes/person_fifo.h"

/* The caseload line's rule: a person is in line while waiting for a slot. */
static bool waiting_for_slot(const spsim_person *p)
{
    return p->state == SPSIM_PERSON_WAITING;
}

typedef struct {
    spsim_person_pool pool;
    spsim_person_fifo line;
    int compactions, growths; /* rebuilds of a full ring, seen from outside */
} waiting_list;

static void open_list(waiting_list *w)
{
    *w = (waiting_list){0};
    spsim_person_pool_init(&w->pool);
    spsim_fifo_init(&w->line, waiting_for_slot);
}

static void close_list(waiting_list *w)
{
    spsim_fifo_free(&w->line);
    spsim_person_pool_free(&w->pool);
}

/* A new referral joins the back of the line; returns their id. A push onto a full ring
 * rebuilds it: a compaction when it keeps its size, a growth when it doubles. */
static uint32_t refer_and_join(waiting_list *w)
{
    uint32_t id = spsim_person_new(&w->pool);
    w->pool.people[id].state = SPSIM_PERSON_WAITING;
    uint32_t cap = w->line.cap;
    bool full = cap > 0 && w->line.n_entries == cap;
    spsim_fifo_push(&w->line, &w->pool, id);
    if (full && w->line.cap == cap) w->compactions++;
    if (full && w->line.cap > cap) w->growths++;
    return id;
}

/* The person at the front starts support; returns their id (UINT32_MAX: nobody in line). */
static uint32_t start_support(waiting_list *w)
{
    uint32_t id = spsim_fifo_pop(&w->line, &w->pool);
    if (id != UINT32_MAX) w->pool.people[id].state = SPSIM_PERSON_IN_SUPPORT;
    return id;
}

/* Leaves the line by reneging: the person is released (their id may be reused). */
static void renege(waiting_list *w, uint32_t id)
{
    spsim_fifo_left(&w->line);
    spsim_person_release(&w->pool, id);
}

/* Leaves the line without being released: their state no longer says waiting. */
static void leave_without_release(waiting_list *w, uint32_t id)
{
    w->pool.people[id].state = SPSIM_PERSON_SUPPORT_ENDED;
    spsim_fifo_left(&w->line);
}

static void check_order(void)
{
    waiting_list w;
    open_list(&w);
    uint32_t ids[10];
    for (int i = 0; i < 10; i++) ids[i] = refer_and_join(&w);
    CHECK(w.line.in_line == 10, "10 in line (%d)", w.line.in_line);
    bool in_order = true;
    for (int i = 0; i < 10; i++) in_order &= start_support(&w) == ids[i];
    CHECK(in_order, "people leave the front in the order they joined");
    CHECK(w.line.in_line == 0, "nobody in line after 10 pops (%d)", w.line.in_line);
    CHECK(start_support(&w) == UINT32_MAX, "pop on an empty line: UINT32_MAX");
    close_list(&w);
    spsim_person_fifo never_used;
    spsim_fifo_init(&never_used, waiting_for_slot);
    CHECK(spsim_fifo_pop(&never_used, &w.pool) == UINT32_MAX, "pop on a line never joined");
}

static void check_leaving_from_the_middle(void)
{
    waiting_list w;
    open_list(&w);
    uint32_t ids[10];
    for (int i = 0; i < 10; i++) ids[i] = refer_and_join(&w);
    renege(&w, ids[3]);
    leave_without_release(&w, ids[5]);
    renege(&w, ids[6]);
    leave_without_release(&w, ids[9]); /* the back of the line */
    renege(&w, ids[0]);                /* the front */
    CHECK(w.line.in_line == 5, "5 still in line after 5 left (%d)", w.line.in_line);
    const int stayed[] = {1, 2, 4, 7, 8};
    bool skipped = true;
    for (int i = 0; i < 5; i++) skipped &= start_support(&w) == ids[stayed[i]];
    CHECK(skipped, "people who left are skipped; the rest keep their order");
    CHECK(start_support(&w) == UINT32_MAX && w.line.in_line == 0,
          "the line is empty once those who stayed have been taken");
    close_list(&w);
}

/* Takes everyone from the front: true when they come out as ids[0], ids[1], ... skipping those
 * with left[i] set, and nobody else follows. */
static bool pops_in_order(waiting_list *w, const uint32_t *ids, const bool *left, int n)
{
    bool ok = true;
    for (int i = 0; i < n; i++)
        if (!left[i]) ok &= start_support(w) == ids[i];
    return ok && start_support(w) == UINT32_MAX;
}

/* A full ring with fewer than half still in line is compacted in place of growing: its size
 * stays, the entries of people who left are gone, and the order is kept. The ring is made to
 * wrap first, so the rebuild must read it from its head round the end. */
static void check_compaction(void)
{
    waiting_list w;
    open_list(&w);
    enum {
        N = 100
    };
    uint32_t ids[N];
    bool left[N] = {0};
    for (int i = 0; i < 20; i++) refer_and_join(&w);
    for (int i = 0; i < 20; i++) start_support(&w); /* the head moves on to 20 */
    uint32_t cap = w.line.cap;
    for (int i = 0; i < (int)cap; i++) ids[i] = refer_and_join(&w);
    CHECK(w.line.n_entries == cap && w.line.head != 0, "the ring is full and wraps (cap %u)", cap);
    for (int i = 0; i < (int)cap; i++)
        if (i % 8 < 5) { /* 5 in 8 leave, so under half stay */
            renege(&w, ids[i]);
            left[i] = true;
        }
    int staying = w.line.in_line;
    ids[cap] = refer_and_join(&w);
    CHECK(w.compactions == 1 && w.line.cap == cap, "compacted, not grown: cap %u stays %u",
          w.line.cap, cap);
    CHECK(w.line.n_entries == (uint32_t)staying + 1 && w.line.head == 0,
          "only the %d still in line and the newcomer are kept (%u entries)", staying + 1,
          w.line.n_entries);
    CHECK(pops_in_order(&w, ids, left, (int)cap + 1), "compaction keeps the order");
    close_list(&w);
}

/* A full ring with at least half still in line doubles, dropping the leavers as it copies. */
static void check_growth(void)
{
    waiting_list w;
    open_list(&w);
    enum {
        N = 10000
    };
    static uint32_t ids[N];
    static bool left[N];
    ids[0] = refer_and_join(&w);
    uint32_t first_cap = w.line.cap;
    for (int i = 1; i < (int)first_cap; i++) ids[i] = refer_and_join(&w);
    for (int i = 0; i < 10; i++) {
        renege(&w, ids[3 * i]);
        left[3 * i] = true;
    }
    ids[first_cap] = refer_and_join(&w);
    CHECK(w.line.cap == 2 * first_cap && w.line.n_entries == first_cap - 10 + 1,
          "a mostly live full ring doubles (cap %u -> %u) without the 10 who left", first_cap,
          w.line.cap);
    for (int i = (int)first_cap + 1; i < N; i++) ids[i] = refer_and_join(&w);
    CHECK(w.line.cap >= N && w.line.in_line == N - 10, "%d in line, cap %u", w.line.in_line,
          w.line.cap);
    CHECK(pops_in_order(&w, ids, left, N), "10,000 people come out in the order they joined");
    close_list(&w);
}

/* The pool hands out free slots again after release, with a new serial each time, so what was
 * scheduled for the previous holder of an id (an event, a line entry) is seen to be stale. */
static void check_pool(void)
{
    spsim_person_pool pool;
    spsim_person_pool_init(&pool);
    uint32_t a = spsim_person_new(&pool), b = spsim_person_new(&pool);
    CHECK(a == 0 && b == 1, "the first ids are 0 and 1 (%u, %u)", a, b);
    CHECK(pool.people[a].serial != 0 && pool.people[b].serial != pool.people[a].serial,
          "each person has their own non-zero serial");
    uint32_t scheduled_serial = pool.people[b].serial; /* as an event would record it */
    pool.people[b].state = SPSIM_PERSON_IN_SUPPORT;
    pool.people[b].contacts_made = 7;
    spsim_person_release(&pool, b);
    CHECK(pool.people[b].state == SPSIM_PERSON_FREE && pool.people[b].serial == 0,
          "a released slot is free and matches no serial");
    uint32_t c = spsim_person_new(&pool);
    CHECK(c == b, "the released id is reused (%u)", c);
    CHECK(pool.people[c].serial != scheduled_serial && pool.people[c].serial > scheduled_serial,
          "the reused id has a new serial, so the old holder's events are stale");
    CHECK(pool.people[c].state == SPSIM_PERSON_FREE && pool.people[c].contacts_made == 0,
          "the new holder starts blank");
    CHECK(pool.n_used == 2, "no new slot was used (%u)", pool.n_used);

    /* Growth past the first allocation keeps who is who. */
    bool kept = true;
    for (int i = 0; i < 5000; i++) {
        uint32_t id = spsim_person_new(&pool);
        pool.people[id].referred_at = id;
    }
    for (uint32_t id = 2; id < pool.n_used; id++) kept &= pool.people[id].referred_at == id;
    CHECK(kept && pool.n_used == 5002 && pool.cap >= 5002, "the pool grows to %u people",
          pool.n_used);
    spsim_person_pool_free(&pool);
}

/* The line as a plain list that removes leavers at once: what the ring must agree with. */
typedef struct {
    uint32_t ids[1024];
    int n;
} reference_line;

static void reference_remove(reference_line *r, int at)
{
    memmove(&r->ids[at], &r->ids[at + 1], (size_t)(r->n - at - 1) * sizeof r->ids[0]);
    r->n--;
}

/* Chances of each step in a phase: a person joins, someone leaves from anywhere in the line
 * (reneging or otherwise), the front starts support; otherwise a support episode ends. */
typedef struct {
    double join, leave, start;
} phase;

/* The line builds up (full rings mostly live: growth), then people join and leave about
 * equally while few start (stale entries pile up behind the front: compaction), then it
 * drains; and again. */
static const phase phases[] = {{0.6, 0.1, 0.15}, {0.45, 0.45, 0.02}, {0.3, 0.1, 0.5}};

/* One random step on the ring and the plain list; false when they disagree. */
static bool random_step(waiting_list *w, reference_line *r, uint32_t *supported, int *n_supported,
                        gsl_rng *g, const phase *ph)
{
    double u = gsl_rng_uniform(g);
    if ((u < ph->join && r->n < 1000) || r->n == 0) {
        r->ids[r->n++] = refer_and_join(w);
    } else if (u < ph->join + ph->leave) {
        int at = (int)gsl_rng_uniform_int(g, (unsigned long)r->n);
        if (gsl_rng_uniform(g) < 0.5)
            renege(w, r->ids[at]);
        else
            leave_without_release(w, r->ids[at]);
        reference_remove(r, at);
    } else if (u < ph->join + ph->leave + ph->start) {
        uint32_t id = start_support(w);
        if (id != r->ids[0]) return false;
        reference_remove(r, 0);
        supported[(*n_supported)++] = id;
    } else if (*n_supported > 0) { /* an episode ends: the id is free for a new referral */
        int at = (int)gsl_rng_uniform_int(g, (unsigned long)*n_supported);
        spsim_person_release(&w->pool, supported[at]);
        supported[at] = supported[--(*n_supported)];
    }
    return w->line.in_line == r->n;
}

static void check_against_reference(void)
{
    waiting_list w;
    open_list(&w);
    static reference_line r;
    static uint32_t supported[400000];
    int n_supported = 0;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(g, 7);
    bool agree = true;
    for (int step = 0; step < 400000 && agree; step++)
        agree = random_step(&w, &r, supported, &n_supported, g, &phases[(step / 5000) % 3]);
    while (agree && r.n > 0) {
        agree = start_support(&w) == r.ids[0];
        reference_remove(&r, 0);
    }
    printf("random line: %d compactions, %d growths, ring of %u\n", w.compactions, w.growths,
           w.line.cap);
    CHECK(agree, "400,000 random joins, leaves and starts agree with the plain list, in order "
                 "and in the count in line");
    CHECK(w.compactions >= 10 && w.growths >= 3, "compaction (%d) and growth (%d) both happened",
          w.compactions, w.growths);
    CHECK(start_support(&w) == UINT32_MAX && w.line.in_line == 0, "the line ends empty");
    gsl_rng_free(g);
    close_list(&w);
}

int main(void)
{
    check_order();
    check_leaving_from_the_middle();
    check_compaction();
    check_growth();
    check_pool();
    check_against_reference();
    return spsim_check_finish();
}
