/* One replication's money as a flat array of doubles, for ranks that share a replication's
 * figures without its weekly series (engine/ranks.h): the receiving rank cannot reckon the money
 * again, since that needs the series, so the money the running rank reckoned travels instead.
 * Unpacking a packed copy gives back the same values bit for bit. */
#ifndef SPSIM_ECONOMICS_PACK_H
#define SPSIM_ECONOMICS_PACK_H

#include <stddef.h>

#include "economics.h"

/* Doubles in the packed money of one arm of a replication of scenario `s` over n_weeks (the
 * financial years the horizon touches fix it, so every rank knows it beforehand). */
size_t spsim_economics_packed_size(const spsim_scenario *s, int n_weeks);
/* Copies e (reckoned for `s` over n_weeks) into out (spsim_economics_packed_size doubles). */
void spsim_economics_pack(const struct spsim_economics *e, double *out);
/* A new copy of packed money, or NULL when out of memory. */
struct spsim_economics *spsim_economics_unpack(const double *in);

#endif
