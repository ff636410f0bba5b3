/* A results file as tidy CSV tables and their dictionary (spsim export --csv, cli/export.c). */
#ifndef SPSIM_EXPORT_CSV_H
#define SPSIM_EXPORT_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Writes DIR/weekly.csv, DIR/totals.csv, DIR/locality_totals.csv, DIR/headlines.csv and
 * DIR/dictionary.csv from the
 * results file at h5_path (docs/output.md, "CSV export"). Returns 0, or -1 with a message. */
int spsim_export_csv(const char *h5_path, const char *dir, char *err, size_t errlen);

/* One CSV text cell: quoted (inner quotes doubled) when it holds a comma, quote or line break. */
void spsim_csv_put_text(FILE *out, const char *text);

#endif
