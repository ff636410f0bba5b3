/* What `spsim summary` prints from an spsim output file: the verdict, or the headline table. */
#ifndef SPSIM_SUMMARY_H
#define SPSIM_SUMMARY_H

#include <stdio.h>
#include <stddef.h>

/* Prints the headline table of an spsim output file (`spsim summary --full`): every figure of
 * every arm and every pair of arms. Returns 0, or -1 with a message in err. */
int spsim_summary_print(const char *h5_path, FILE *out, char *err, size_t errlen);

/* Prints the verdict of an spsim output file on one screen (`spsim summary`): per arm the figures
 * a commissioner decides on, the arms ranked by net monetary benefit with the probability each is
 * best, and the caveats the file calls for; at most 100 columns. Returns 0, or -1 with a message
 * in err. */
int spsim_summary_print_verdict(const char *h5_path, FILE *out, char *err, size_t errlen);

#endif
