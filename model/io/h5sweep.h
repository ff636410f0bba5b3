/* Writing a sweep (engine/variants.h) to HDF5: every arm's headline figures and totals per
 * variant and replication, with the varied values as coordinates along the variant dimension
 * (layout in docs/output.md, "Sweeps"). Written under a temporary name and renamed once
 * complete, as a run's file is. */
#ifndef SPSIM_H5SWEEP_H
#define SPSIM_H5SWEEP_H

#include <stddef.h>

#include "../engine/variants.h"

/* Returns 0, or -1 with a message naming what failed in err. */
int spsim_h5_write_sweep(const char *path, const spsim_scenario *s, const spsim_sweep_grid *g,
                         const spsim_sweep_results *r, char *err, size_t errlen);

#endif
