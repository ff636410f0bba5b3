#include "stream.h"

static unsigned long stream_get(void *vstate)
{
    return spsim_stream_next(vstate);
}

static double stream_get_double(void *vstate)
{
    return (double)spsim_stream_next(vstate) / 4294967296.0; /* [0, 1) in steps of 2^-32 */
}

void spsim_stream_move(spsim_stream_state *s, uint64_t substream)
{
    s->counter.v[1] = (s->counter.v[1] & 0xff000000u) | (uint32_t)(substream >> 32 & 0xffffffu);
    s->counter.v[2] = (uint32_t)substream;
    s->counter.v[3] = 0;
    s->left = 0;
    s->exhausted = false;
}

/* gsl_rng_set: the start of sub-stream `substream`. */
static void stream_set(void *vstate, unsigned long substream)
{
    spsim_stream_move(vstate, substream);
}

const gsl_rng_type spsim_philox_stream = {
    "spsim_philox4x32_10", /* name */
    0xffffffffUL,          /* largest number returned */
    0,                     /* smallest */
    sizeof(spsim_stream_state),
    stream_set,
    stream_get,
    stream_get_double,
};
