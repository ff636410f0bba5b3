/* The person-level event log (`spsim run --events N`, docs/output.md "Event log"): each process
 * that knows a fact about a sampled person writes it into the person's record, through
 * spsim_logged below; the sample is chosen at referral.
 *
 * Which people: the N referrals of the replication with the lowest priority, a hash of the
 * person's identity (locality, referral number) and the replication (bottom-N sampling). The
 * sample is spread evenly over the run rather than bunched at its start, is the same whatever
 * the thread count, draws nothing from the model's streams (so nothing else in the run changes),
 * and is the same people in every arm that refers the same people (common random numbers). A
 * person who drops out of the lowest N before the run ends loses their record to the newcomer,
 * so memory stays at N records. */
#ifndef SPSIM_PERSON_LOG_H
#define SPSIM_PERSON_LOG_H

#include <stddef.h>

#include "person.h"
#include "results/person_events.h"

struct spsim_world;

/* The record of `p` when the run keeps an event log and `p` is in its sample; NULL otherwise. */
static inline spsim_person_record *spsim_logged(spsim_person_events *log, const spsim_person *p)
{
    if (!log || p->log_record >= (uint32_t)log->n || log->serial[p->log_record] != p->serial)
        return NULL;
    return &log->records[p->log_record];
}

/* At referral (once the person's locality, time, key and source are set): whether the person
 * enters the sample; if so their record is started. */
void spsim_person_log_referral(struct spsim_world *w, spsim_person *p);

/* At the horizon, once every process has closed its books: the records in referral order. */
void spsim_person_log_finish(struct spsim_world *w);

#endif
