/* An arm's results as one flat array of doubles, for sending a replication between processes
 * (MPI ranks): every buffer of spsim_arm_results in a fixed order, then its totals and peaks.
 * Unpacking a packed copy gives back the same values bit for bit. */
#ifndef SPSIM_PACK_H
#define SPSIM_PACK_H

#include <stddef.h>
#include "series.h"

/* Doubles in the packed form of an arm's results of n_weeks x n_localities. */
size_t spsim_arm_results_packed_size(int n_weeks, int n_localities);
/* Copies r into out (spsim_arm_results_packed_size doubles). */
void spsim_arm_results_pack(const spsim_arm_results *r, double *out);
/* Copies a packed form into r, initialised with the same shape. */
void spsim_arm_results_unpack(spsim_arm_results *r, const double *in);

/* The figures alone (what is left once the weekly series are released: reductions, per-locality
 * totals, totals and peaks), for ranks that need a replication's figures but not its series. */
size_t spsim_arm_figures_packed_size(int n_localities);
void spsim_arm_figures_pack(const spsim_arm_results *r, double *out);
/* Into r, whose reductions and per-locality totals are allocated (its series need not be). */
void spsim_arm_figures_unpack(spsim_arm_results *r, const double *in);

#endif
