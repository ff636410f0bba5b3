/* The generator behind every random stream: Philox4x32-10 read four 32-bit numbers a block, as
 * a GSL generator type (engine/rng.h keys and places the streams; docs/architecture.md,
 * "Streams"). The state is visible here so that the processes' uniform and exponential draws
 * (draws.h) read a stream's next number inline, without GSL's call through the generator's
 * function pointer, which cost as much as the number; the numbers are the same either way. */
#ifndef SPSIM_STREAM_H
#define SPSIM_STREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <Random123/philox.h>
#include <gsl/gsl_rng.h>

/* A stream's position: its counter (the last word is the block number), key, the block being
 * used and how much of it is left. */
typedef struct {
    philox4x32_ctr_t counter;
    philox4x32_key_t key;
    philox4x32_ctr_t block;
    int left;       /* numbers of `block` not yet used */
    bool exhausted; /* the block number wrapped */
} spsim_stream_state;

/* The GSL type of the streams: get, get_double and set (set moves to a sub-stream). */
extern const gsl_rng_type spsim_philox_stream;

static inline uint32_t spsim_stream_next(spsim_stream_state *s)
{
    if (s->left == 0) {
        s->block = philox4x32(s->counter, s->key);
        if (++s->counter.v[3] == 0) s->exhausted = true;
        s->left = 4;
    }
    return s->block.v[--s->left];
}

/* The start of sub-stream `substream`, keeping the replication and purpose. */
void spsim_stream_move(spsim_stream_state *s, uint64_t substream);

/* gsl_rng_uniform(g), inline for the model's streams: [0, 1) in steps of 2^-32. */
static inline double spsim_stream_uniform(gsl_rng *g)
{
    if (g->type == &spsim_philox_stream) return (double)spsim_stream_next(g->state) / 4294967296.0;
    return gsl_rng_uniform(g);
}

/* gsl_rng_uniform_pos(g), inline for the model's streams: (0, 1). */
static inline double spsim_stream_uniform_pos(gsl_rng *g)
{
    double u;
    do u = spsim_stream_uniform(g);
    while (u == 0.0);
    return u;
}

#endif
