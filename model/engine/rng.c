#include "rng.h"

#include <Random123/philox.h>

unsigned long long spsim_mix64(unsigned long long x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A stream's position: its counter (the last word is the block number), key, the block being
 * used and how much of it is left. */
typedef struct {
    philox4x32_ctr_t counter;
    philox4x32_key_t key;
    philox4x32_ctr_t block;
    int left;       /* numbers of `block` not yet used */
    bool exhausted; /* the block number wrapped */
} stream_state;

/* Inlined into both GSL entry points: a call per number would cost as much as the number. */
static inline __attribute__((always_inline)) unsigned long next_number(stream_state *s)
{
    if (s->left == 0) {
        s->block = philox4x32(s->counter, s->key);
        if (++s->counter.v[3] == 0) s->exhausted = true;
        s->left = 4;
    }
    return s->block.v[--s->left];
}

static unsigned long stream_get(void *vstate)
{
    return next_number(vstate);
}

static double stream_get_double(void *vstate)
{
    return (double)next_number(vstate) / 4294967296.0; /* [0, 1) in steps of 2^-32 */
}

/* gsl_rng_set: the start of sub-stream `substream`, keeping the replication and purpose. */
static void stream_set(void *vstate, unsigned long substream)
{
    stream_state *s = vstate;
    uint64_t sub = substream;
    s->counter.v[1] = (s->counter.v[1] & 0xff000000u) | (uint32_t)(sub >> 32 & 0xffffffu);
    s->counter.v[2] = (uint32_t)sub;
    s->counter.v[3] = 0;
    s->left = 0;
    s->exhausted = false;
}

static const gsl_rng_type philox_stream_type = {
    "spsim_philox4x32_10", /* name */
    0xffffffffUL,          /* largest number returned */
    0,                     /* smallest */
    sizeof(stream_state),
    stream_set,
    stream_get,
    stream_get_double,
};

const gsl_rng_type *spsim_stream_type = &philox_stream_type;

gsl_rng *spsim_stream_alloc(unsigned long long seed, int replication, spsim_stream_purpose purpose,
                            uint64_t substream)
{
    /* gsl_rng_alloc calls set(default seed); the key and the fixed words are set after. */
    gsl_rng *g = gsl_rng_alloc(spsim_stream_type);
    if (!g) return NULL;
    stream_state *s = g->state;
    uint64_t key = spsim_mix64(seed);
    s->key.v[0] = (uint32_t)key;
    s->key.v[1] = (uint32_t)(key >> 32);
    s->counter.v[0] = (uint32_t)replication;
    s->counter.v[1] = (uint32_t)purpose << 24;
    stream_set(s, (unsigned long)substream);
    return g;
}

bool spsim_stream_exhausted(const gsl_rng *g)
{
    return ((const stream_state *)g->state)->exhausted;
}
