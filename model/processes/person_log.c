#include "person_log.h"

#include <math.h>
#include <string.h>

#include "world.h"

/* The sampling priority of a person: the splitmix64 finaliser of their key mixed with the
 * replication, so each replication samples its own people. A function of identity alone: no
 * random stream is touched. */
static uint64_t priority_of(uint64_t key, int replication)
{
    uint64_t z = key ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(replication + 1));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void heap_swap(spsim_person_events *log, int i, int j)
{
    int t = log->heap[i];
    log->heap[i] = log->heap[j];
    log->heap[j] = t;
}

static uint64_t heap_priority(const spsim_person_events *log, int i)
{
    return log->priority[log->heap[i]];
}

static void sift_up(spsim_person_events *log, int i)
{
    while (i > 0 && heap_priority(log, (i - 1) / 2) < heap_priority(log, i)) {
        heap_swap(log, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void sift_down(spsim_person_events *log, int i)
{
    for (;;) {
        int largest = i, l = 2 * i + 1, r = l + 1;
        if (l < log->n && heap_priority(log, l) > heap_priority(log, largest)) largest = l;
        if (r < log->n && heap_priority(log, r) > heap_priority(log, largest)) largest = r;
        if (largest == i) return;
        heap_swap(log, i, largest);
        i = largest;
    }
}

/* The record for a person of priority `q`: a new one while fewer than N are kept, else the one
 * of the highest priority when `q` is lower (its person leaves the sample), else -1. */
static int take_record(spsim_person_events *log, uint64_t q)
{
    if (log->n < log->capacity) {
        int r = log->n++;
        log->priority[r] = q;
        log->heap[log->n - 1] = r;
        sift_up(log, log->n - 1);
        return r;
    }
    if (log->capacity == 0 || q >= heap_priority(log, 0)) return -1;
    int r = log->heap[0];
    log->priority[r] = q;
    sift_down(log, 0);
    return r;
}

/* A record before anything but the referral is known: every time NaN, nothing agreed. */
static spsim_person_record fresh_record(const spsim_person *p, int replication)
{
    return (spsim_person_record){
        .replication = replication,
        .locality = p->locality,
        .referral_number = (int32_t)p->referral_number,
        .referred_at_weeks = p->referred_at,
        .referral_week = (int32_t)p->referred_at,
        .referral_day = (int32_t)floor(p->referred_at * 7.0),
        .source = p->source,
        .wait_weeks = NAN,
        .started_at_weeks = NAN,
        .first_contact_at_weeks = NAN,
        .first_contact_wait_weeks = NAN,
        .support_ended_at_weeks = NAN,
        .activity_agreed = -1,
        .agreed_at_weeks = NAN,
        .joined_at_weeks = NAN,
        .wellbeing_gain_points = NAN,
    };
}

static const spsim_service_use no_use = {NAN, NAN, NAN, NAN, NAN};

void spsim_person_log_referral(spsim_world *w, spsim_person *p)
{
    spsim_person_events *log = w->log;
    if (!log) return;
    int r = take_record(log, priority_of(spsim_person_key(p), log->replication));
    if (r < 0) return;
    log->serial[r] = p->serial;
    log->records[r] = fresh_record(p, log->replication);
    for (int s = 0; s < SPSIM_N_SERVICES; s++) log->records[r].use[s] = no_use;
    p->log_record = (uint32_t)r;
}

void spsim_person_log_finish(spsim_world *w)
{
    if (w->log) spsim_person_events_sort(w->log);
}
