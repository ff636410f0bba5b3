/* Random streams: counter-based, one per (seed, replication, purpose, sub-stream), so that no two
 * streams of a run can ever overlap, and any stream can be started anywhere at no cost.
 *
 * The generator is Philox4x32-10 (Salmon et al. 2011, from Debian's Random123 headers), a keyed
 * bijection on 128-bit counters that passes TestU01's BigCrush. A stream is the sequence of
 * blocks at counters
 *     (replication, purpose << 24 | sub-stream >> 32, sub-stream & 0xffffffff, block),
 * block = 0, 1, ..., each block giving four 32-bit numbers, under the key SplitMix64(seed). For a
 * given seed, distinct (replication, purpose, sub-stream) triples therefore read disjoint counter
 * ranges: their streams cannot overlap, by construction rather than by chance, as long as no
 * stream draws more than 2^34 numbers (checked: spsim_stream_exhausted). SplitMix64's finaliser
 * is a bijection on 64-bit numbers, so distinct seeds give distinct keys.
 *
 * Streams are GSL generators (gsl_rng), so every GSL distribution draws from them. Calling
 * gsl_rng_set(g, s) moves g to the start of its sub-stream s: the processes use this to give
 * each person their own sub-streams (docs/architecture.md, "Streams").
 *
 * A stream's identity never involves the thread that uses it, so a replication draws the same
 * numbers whatever the thread count, and every arm of a replication sees the same numbers for
 * the same purpose (common random numbers). */
#ifndef SPSIM_RNG_H
#define SPSIM_RNG_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

typedef enum {
    SPSIM_STREAM_ARRIVALS,     /* referral arrival times, sub-stream = locality */
    SPSIM_STREAM_PERSONS,      /* each referred person's attributes, sub-stream = locality */
    SPSIM_STREAM_WORKFORCE,    /* link-worker attrition, sub-stream = locality */
    SPSIM_STREAM_BUILDERS,     /* builder attrition and the groups builders open, per locality */
    SPSIM_STREAM_COMMUNITY,    /* per locality: group closures (index 0), groups forming (1) */
    SPSIM_STREAM_FUNDING,      /* start-up failures of micro-commissioned groups, per locality */
    SPSIM_STREAM_STUDY_COUNTS, /* the pre-post counts a study would make, sub-stream 0 */
    SPSIM_STREAM_EPISODES,     /* a person's support episode and community draws, per person */
    SPSIM_STREAM_OUTCOMES,     /* a person's outcome draws, per person */
    SPSIM_STREAM_PROFILES,     /* a referred person's age band, need and frequent attendance,
                                  per locality; drawn only where an arm uses them */
    SPSIM_STREAM_PARAMETERS,   /* a replication's parameter draws (values written as
                                  distributions), sub-stream 0; shared by every arm */
    SPSIM_STREAM_CALIBRATION,  /* calibration's proposals: replication = generation, sub-stream
                                  = (particle, attempt) (abc_smc.h); never drawn by a run */
    SPSIM_N_STREAM_PURPOSES
} spsim_stream_purpose;

/* SplitMix64 finaliser: a well-mixed bijection of 64-bit numbers. */
unsigned long long spsim_mix64(unsigned long long x);

/* The sub-stream of locality `locality` (and, for per-person purposes, of the locality's
 * `index`-th referred person). */
static inline uint64_t spsim_substream(int locality, uint32_t index)
{
    return (uint64_t)(uint32_t)locality << 32 | index;
}

/* A new stream at the start of sub-stream `substream`; NULL when out of memory. */
gsl_rng *spsim_stream_alloc(unsigned long long seed, int replication, spsim_stream_purpose purpose,
                            uint64_t substream);

/* Whether the stream has drawn more numbers than a sub-stream holds (2^34): its numbers would
 * repeat, so the run must stop with an error. */
bool spsim_stream_exhausted(const gsl_rng *g);

/* The GSL type of the streams (for tests and benchmarks that draw as the model does). */
extern const gsl_rng_type *spsim_stream_type;

#endif
