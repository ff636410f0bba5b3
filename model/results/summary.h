/* Summaries across replications: statistics of a sample, and the headline table of a file. */
#ifndef SPSIM_SUMMARY_H
#define SPSIM_SUMMARY_H

#include <stdio.h>
#include <stddef.h>

typedef enum {
    SPSIM_STAT_MEAN, SPSIM_STAT_SD, SPSIM_STAT_P5, SPSIM_STAT_P25, SPSIM_STAT_P50,
    SPSIM_STAT_P75, SPSIM_STAT_P95, SPSIM_N_STATS
} spsim_stat_id;

extern const char *const spsim_stat_name[SPSIM_N_STATS];   /* "mean", "sd", "p5", ... */

/* Statistics of x[0..n-1] ignoring NaNs (all NaN if none left). `scratch` holds n doubles. */
void spsim_describe(const double *x, size_t n, double *scratch, double out[SPSIM_N_STATS]);

/* Prints the headline table of an spsim output file. Returns 0, or -1 with a message in err. */
int spsim_summary_print(const char *h5_path, FILE *out, char *err, size_t errlen);

#endif
