/* A referred person: the agent created at referral and followed through the pathway.
 *
 * Everything random about a person is drawn once, at referral, in a fixed order from the
 * locality's person stream, so every arm of a replication meets the same person with the same
 * draws (common random numbers); the arm only decides what happens to them. */
#ifndef SPSIM_PERSON_H
#define SPSIM_PERSON_H

#include <stdint.h>
#include "scenario/params.h"

typedef enum {
    SPSIM_PERSON_FREE,          /* pool slot not in use */
    SPSIM_PERSON_WAITING,       /* took up the offer, waiting for a caseload slot */
    SPSIM_PERSON_IN_SUPPORT,    /* holding a slot */
    SPSIM_PERSON_SUPPORT_ENDED, /* finished with link workers, still in community activity */
} spsim_person_state;

/* Where a person is with community activity (alongside or after link-worker support). */
typedef enum {
    SPSIM_COMMUNITY_NONE,         /* not (yet) connecting, or finished */
    SPSIM_COMMUNITY_WAITING,      /* waiting for a free place */
    SPSIM_COMMUNITY_IN_GROUP,     /* holding a place in a group */
    SPSIM_COMMUNITY_BOUGHT_PLACE, /* holding a place bought with a personal health budget */
} spsim_community_state;

/* 72 bytes. The uniforms kept for later are the streams' own 32-bit numbers (a uniform there is
 * k / 2^32: engine/rng.h), so 4 bytes hold them without loss; times stay doubles where the
 * pathway computes with them, floats where they were floats already. What decides the first
 * appointment, a no-show and the drop-out time is drawn when support starts, from the person's
 * own episode sub-stream (support.c), so a person who never starts support draws none of it. */
typedef struct {
    double referred_at;       /* weeks since start */
    uint32_t patience_bits;   /* uniform (k / 2^32): how long they would wait for a slot */
    uint32_t uptake_bits;     /* uniform: takes up when below the take-up probability */
    uint32_t referral_number; /* the locality's count of referrals before this one: with the
                                    locality, the person's sub-stream (spsim_person_key) */
    /* Community draws, made when support starts from the person's episode generator. */
    float place_weeks;        /* how long a place would be held */
    float failure_draw;       /* uniform: fails to take up an offered place when below p */
    float budget_draw;        /* uniform: buys a place with a budget when below the share */
    uint32_t group;           /* index of the group whose place is held (in the locality) */
    float support_started_at; /* weeks since start (NAN: never started) */
    float support_ended_at;   /* weeks since start, when the episode ended */
    uint32_t serial;          /* unique within the run: tells live events from stale ones */
    uint32_t log_record;      /* --events: their record in the event log, when the record's
                                 serial is theirs (person_log.h) */
    uint16_t contacts_made;
    uint8_t locality;          /* where they live and were referred */
    uint8_t served_locality;   /* whose caseload slot they hold (another when slots are pooled) */
    uint8_t source;            /* spsim_referral_source */
    uint8_t age_band;          /* spsim_age_band */
    uint8_t need;              /* spsim_need */
    uint8_t frequent_attender; /* 0 or 1 */
    uint8_t completes_episode; /* 1: the episode ends in completion, 0: in drop-out */
    uint8_t no_show;           /* 1: given a slot, never attended the first appointment */
    uint8_t activity;          /* spsim_activity agreed */
    uint8_t state;             /* spsim_person_state */
    uint8_t community;         /* spsim_community_state */
    uint8_t ever_connected;    /* held a place in community activity at some time */
} spsim_person;

/* A uniform of the model's streams as its 32-bit number, and back (exact for k / 2^32; another
 * generator's uniform is cut to the 32 bits below it). */
static inline uint32_t spsim_uniform_bits(double u)
{
    return (uint32_t)(u * 4294967296.0);
}

static inline double spsim_uniform_of_bits(uint32_t k)
{
    return k / 4294967296.0;
}

/* The person's sub-stream in each per-person stream: their locality and referral number there
 * (engine/rng.h). */
static inline uint64_t spsim_person_key(const spsim_person *p)
{
    return (uint64_t)p->locality << 32 | p->referral_number;
}

/* People currently in the system. Slots are reused, so memory follows the number of people
 * waiting or in support at once, not the number ever referred. */
typedef struct {
    spsim_person *people;
    uint32_t *free_ids;
    uint32_t n_used, cap, n_free;
    uint32_t next_serial;
} spsim_person_pool;

void spsim_person_pool_init(spsim_person_pool *pool);
void spsim_person_pool_free(spsim_person_pool *pool);
/* Returns the id of a new person (state FREE, serial set), or UINT32_MAX when out of memory. */
uint32_t spsim_person_new(spsim_person_pool *pool);
void spsim_person_release(spsim_person_pool *pool, uint32_t id);

#endif
