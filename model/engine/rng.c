#include "rng.h"

#include "processes/stream.h"

unsigned long long spsim_mix64(unsigned long long x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

const gsl_rng_type *spsim_stream_type = &spsim_philox_stream;

gsl_rng *spsim_stream_alloc(unsigned long long seed, int replication, spsim_stream_purpose purpose,
                            uint64_t substream)
{
    /* gsl_rng_alloc calls set(default seed); the key and the fixed words are set after. */
    gsl_rng *g = gsl_rng_alloc(spsim_stream_type);
    if (!g) return NULL;
    spsim_stream_state *s = g->state;
    uint64_t key = spsim_mix64(seed);
    s->key.v[0] = (uint32_t)key;
    s->key.v[1] = (uint32_t)(key >> 32);
    s->counter.v[0] = (uint32_t)replication;
    s->counter.v[1] = (uint32_t)purpose << 24;
    spsim_stream_move(s, substream);
    return g;
}

bool spsim_stream_exhausted(const gsl_rng *g)
{
    return ((const spsim_stream_state *)g->state)->exhausted;
}
