#include "rng.h"

unsigned long long spsim_mix64(unsigned long long x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

unsigned long spsim_stream_seed(unsigned long long seed, int replication,
                                spsim_stream_purpose purpose, int locality)
{
    unsigned long long h = spsim_mix64(seed);
    h = spsim_mix64(h ^ (unsigned long long)(unsigned)replication);
    h = spsim_mix64(h ^ ((unsigned long long)purpose << 32));
    h = spsim_mix64(h ^ ((unsigned long long)(unsigned)locality << 40));
    /* taus2 keeps 32 bits of its seed; 0 is remapped by GSL, so avoid it for clarity. */
    unsigned long s = (unsigned long)(h >> 32);
    return s ? s : 1UL;
}

gsl_rng *spsim_stream_alloc(unsigned long long seed, int replication,
                            spsim_stream_purpose purpose, int locality)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (r) gsl_rng_set(r, spsim_stream_seed(seed, replication, purpose, locality));
    return r;
}
