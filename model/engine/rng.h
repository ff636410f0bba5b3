/* Random streams: one GSL generator per (seed, replication, purpose, locality).
 *
 * A stream's seed is a hash of those four numbers, never of the thread that uses it, so a
 * replication draws the same numbers whatever the thread count, and every arm of a replication
 * sees the same numbers for the same purpose (common random numbers). */
#ifndef SPSIM_RNG_H
#define SPSIM_RNG_H

#include <gsl/gsl_rng.h>

typedef enum {
    SPSIM_STREAM_ARRIVALS,    /* referral arrival times, per locality */
    SPSIM_STREAM_PERSONS,     /* each referred person's attributes and draws, per locality */
    SPSIM_STREAM_WORKFORCE,   /* link-worker attrition, per locality */
    SPSIM_STREAM_BUILDERS,    /* builder attrition, per locality */
    SPSIM_STREAM_COMMUNITY,   /* VCSE groups: closures, new groups, start-up failures */
    SPSIM_STREAM_STUDY_COUNTS,/* the pre-post counts a study would make, per replication */
} spsim_stream_purpose;

/* SplitMix64 finaliser: a well-mixed 64-bit function of x. */
unsigned long long spsim_mix64(unsigned long long x);

/* The seed of one stream (fits the generator's 32-bit seed space). */
unsigned long spsim_stream_seed(unsigned long long seed, int replication,
                                spsim_stream_purpose purpose, int locality);

/* A new generator (GSL's taus2, chosen explicitly: the environment never changes it), seeded
 * for the stream; NULL when out of memory. */
gsl_rng *spsim_stream_alloc(unsigned long long seed, int replication,
                            spsim_stream_purpose purpose, int locality);

#endif
