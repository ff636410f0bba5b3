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

/* Stable sort by (line, column): problems found by different passes end up in file order,
 * and two problems at the same place keep the order they were found in. */
void spsim_diagnostics_sort(spsim_diagnostics *d);

#endif
