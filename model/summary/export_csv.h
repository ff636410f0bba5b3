/* A results file as tidy CSV tables and their dictionary (spsim export --csv, cli/export.c). */
#ifndef SPSIM_EXPORT_CSV_H
#define SPSIM_EXPORT_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Writes DIR/weekly.csv, DIR/totals.csv, DIR/locality_totals.csv, DIR/headlines.csv and
 * DIR/dictionary.csv from the
 * results file at h5_path (docs/output.md, "CSV export"). Returns 0, or -1 with a message. */
int spsim_export_csv(const char *h5_path, const char *dir, char *err, size_t errlen);

/* Where DIR/NAME is written until the export is complete: DIR/NAME.tmp.PID. Each table is
 * written there and put in place (flushed, then renamed) only once every table is whole, so a
 * failed or interrupted export never leaves a half-written table under its own name. */
void spsim_csv_temp_path(const char *dir, const char *name, char *buf, size_t len);

/* One CSV text cell: quoted (inner quotes doubled) when it holds a comma, quote or line break. */
void spsim_csv_put_text(FILE *out, const char *text);

#endif
