/* The headline table of an spsim output file (`spsim summary`). */
#ifndef SPSIM_SUMMARY_H
#define SPSIM_SUMMARY_H

#include <stdio.h>
#include <stddef.h>

/* Prints the headline table of an spsim output file. Returns 0, or -1 with a message in err. */
int spsim_summary_print(const char *h5_path, FILE *out, char *err, size_t errlen);

#endif
