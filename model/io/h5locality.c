/* The per-locality totals of one arm (results/locality_totals.h): one dataset per figure in
 * /arms/ARM/locality_totals, dimensions (replication, locality), named and described by the
 * per-locality totals table. */
#include <stdio.h>
#include <stdlib.h>

#include "h5writer.h"

static int write_locality_total(spsim_h5_writer *w, hid_t group, int arm, spsim_locality_total_id t,
                                const char *arm_name)
{
    const spsim_series_info *info = &spsim_locality_total_table[t];
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "locality_totals", info->name);
    double *values = calloc(w->n_rep * w->n_loc + 1, sizeof *values);
    if (!values) {
        snprintf(w->err, w->errlen, "out of memory writing %s", where);
        return -1;
    }
    for (hsize_t r = 0; r < w->n_rep; r++)
        for (hsize_t l = 0; l < w->n_loc; l++)
            values[r * w->n_loc + l] = w->run->results[arm][r].locality_totals[t][l];
    hsize_t dims[2] = {w->n_rep, w->n_loc};
    int ids[2] = {DIM_REPLICATION, DIM_LOCALITY};
    int status = spsim_h5w_write_values(w, group, where, info, 2, dims, ids, values);
    free(values);
    return status;
}

int spsim_h5w_write_locality_totals(spsim_h5_writer *w, hid_t group, int arm, const char *arm_name)
{
    int status = 0;
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS && status == 0; t++)
        status = write_locality_total(w, group, arm, (spsim_locality_total_id)t, arm_name);
    return status;
}
