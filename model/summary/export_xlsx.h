/* `spsim export FILE.h5 --xlsx FILE.xlsx`: the CSV export's tables as one Excel workbook. */
#ifndef SPSIM_EXPORT_XLSX_H
#define SPSIM_EXPORT_XLSX_H

#include <stddef.h>

/* Writes the workbook: a sheet per table of spsim_export_csv (headlines, totals, weekly,
 * dictionary; a table longer than a sheet goes on in "weekly (2)", ...), numbers as numbers,
 * weeks as dates, a bold frozen header row naming each column's unit. Written under a
 * temporary name beside xlsx_path and renamed, so nothing is half-written. Returns 0, or -1
 * with a message. */
int spsim_export_xlsx(const char *h5_path, const char *xlsx_path, char *err, size_t errlen);

#endif
