/* Writing a run to HDF5 (layout in docs/output.md) and reading the headline totals back.
 *
 * The file is written under a temporary name beside the target and renamed only once complete,
 * so a failed run never leaves a partial file under the output name. */
#ifndef SPSIM_H5WRITE_H
#define SPSIM_H5WRITE_H

#include <stddef.h>
#include "../scenario/params.h"
#include "../engine/runner.h"

/* Returns 0, or -1 with a message naming what failed in err. */
int spsim_h5_write(const char *path, const spsim_scenario *s, const spsim_run *run, char *err,
                   size_t errlen);
/* The same, naming the run's run->n_psa_keys uncertain keys (psa_key_names[k] for column k of
 * run->psa_values), so that the file can say what each EVPPI is of; spsim_h5_write passes NULL,
 * and without names no EVPPI is written. */
int spsim_h5_write_psa(const char *path, const spsim_scenario *s, const spsim_run *run,
                       const char *const *psa_key_names, char *err, size_t errlen);

#endif
