/* Statistics of a sample across replications (mean, sd and percentiles), as stored in each
 * output file's summary groups. */
#ifndef SPSIM_STATISTICS_H
#define SPSIM_STATISTICS_H

#include <stddef.h>

typedef enum {
    SPSIM_STAT_MEAN,
    SPSIM_STAT_SD,
    SPSIM_STAT_P5,
    SPSIM_STAT_P25,
    SPSIM_STAT_P50,
    SPSIM_STAT_P75,
    SPSIM_STAT_P95,
    SPSIM_N_STATS
} spsim_stat_id;

extern const char *const spsim_stat_name[SPSIM_N_STATS]; /* "mean", "sd", "p5", ... */

/* Statistics of x[0..n-1] ignoring NaNs (all NaN if none left). `scratch` holds n doubles. */
void spsim_describe(const double *x, size_t n, double *scratch, double out[SPSIM_N_STATS]);

#endif
