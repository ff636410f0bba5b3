/* Adding diagnostics (the reading side is in scenario.h): errors and warnings with 1-based
 * line and column, collected in any order and sorted into file order before anyone sees them. */
#ifndef SPSIM_DIAGNOSTICS_H
#define SPSIM_DIAGNOSTICS_H

#include "scenario.h"

void spsim_diag_add(spsim_diagnostics *d, spsim_diag_severity severity, int line, int column,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define spsim_diag_error(d, line, column, ...)                                                     \
    spsim_diag_add((d), SPSIM_DIAG_ERROR, (line), (column), __VA_ARGS__)
#define spsim_diag_warning(d, line, column, ...)                                                   \
    spsim_diag_add((d), SPSIM_DIAG_WARNING, (line), (column), __VA_ARGS__)

/* False when a diagnostic added now at this line and column would only be counted, never
 * shown (SPSIM_DIAG_MAX_SHOWN come before it): a check may then skip the work of its message. */
bool spsim_diag_shown(const spsim_diagnostics *d, int line, int column);

/* Nodes of an included fragment carry lines counted from SPSIM_DIAG_LINE_BASE x (its number in
 * files[], from 1), so that every line of every file read is distinct while the tree is checked;
 * sorting turns them back into the fragment's own lines (spsim_diag.file). 2^25 is above the
 * lines of any file the reader accepts (16 MiB). */
#define SPSIM_DIAG_LINE_BASE (1 << 25)

/* Registers an included fragment's path; returns its line base, or -1 when there are already
 * SPSIM_DIAG_MAX_FILES. */
int spsim_diagnostics_add_file(spsim_diagnostics *d, const char *path);
/* The file and 1-based line of a line as stored in a tree node (see SPSIM_DIAG_LINE_BASE). */
const char *spsim_diagnostics_file_of(const spsim_diagnostics *d, int line, int *real_line);

/* Stable sort by (file, line, column): problems found by different passes end up in file order,
 * and two problems at the same place keep the order they were found in. Only the first
 * SPSIM_DIAG_MAX_SHOWN are kept (the others are counted: scenario.h). */
void spsim_diagnostics_sort(spsim_diagnostics *d);

#endif
