/* Collected errors and warnings about one scenario file. */
#include "diagnostics.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void spsim_diagnostics_init(spsim_diagnostics *d, const char *path)
{
    memset(d, 0, sizeof *d);
    snprintf(d->path, sizeof d->path, "%s", path ? path : "");
}

void spsim_diagnostics_free(spsim_diagnostics *d)
{
    free(d->items);
    d->items = NULL;
    d->n = d->cap = 0;
}

int spsim_diagnostics_errors(const spsim_diagnostics *d)
{
    return d->errors;
}

/* File order: file, line, column, then the order found (so the sort is stable). */
static int diag_compare(const void *pa, const void *pb)
{
    const spsim_diag *a = pa, *b = pb;
    if (a->file != b->file) return a->file < b->file ? -1 : 1;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->column != b->column) return a->column < b->column ? -1 : 1;
    return (a->found > b->found) - (a->found < b->found);
}

static void count_dropped(spsim_diagnostics *d, const spsim_diag *g)
{
    if (g->severity == SPSIM_DIAG_ERROR)
        d->dropped_errors++;
    else
        d->dropped_warnings++;
}

/* Sorts what is held and keeps the first SPSIM_DIAG_MAX_SHOWN. Afterwards, while any were
 * dropped, items[SPSIM_DIAG_MAX_SHOWN - 1] is the last one that can still be shown. */
static void keep_first(spsim_diagnostics *d)
{
    if (d->n < 2) return; /* nothing to order (and items may be NULL) */
    qsort(d->items, (size_t)d->n, sizeof *d->items, diag_compare);
    for (int i = SPSIM_DIAG_MAX_SHOWN; i < d->n; i++) count_dropped(d, &d->items[i]);
    if (d->n > SPSIM_DIAG_MAX_SHOWN) d->n = SPSIM_DIAG_MAX_SHOWN;
}

/* True when a diagnostic at this place can no longer be among the ones shown. */
static bool past_shown(const spsim_diagnostics *d, const spsim_diag *g)
{
    bool dropped_any = d->dropped_errors + d->dropped_warnings > 0;
    return dropped_any && d->n >= SPSIM_DIAG_MAX_SHOWN &&
           diag_compare(g, &d->items[SPSIM_DIAG_MAX_SHOWN - 1]) > 0;
}

bool spsim_diag_shown(const spsim_diagnostics *d, int line, int column)
{
    spsim_diag place = {.line = line % SPSIM_DIAG_LINE_BASE,
                        .column = column,
                        .file = line / SPSIM_DIAG_LINE_BASE,
                        .found = d->found};
    return !past_shown(d, &place);
}

enum {
    /* held before sorting and dropping all but the first shown: a few times the shown, so
     * that the work of sorting is spread over many additions */
    HELD_MAX = 4 * SPSIM_DIAG_MAX_SHOWN
};

void spsim_diag_add(spsim_diagnostics *d, spsim_diag_severity severity, int line, int column,
                    const char *fmt, ...)
{
    /* lines of included fragments back to their own file and line (diagnostics.h) */
    spsim_diag place = {.severity = severity,
                        .line = line % SPSIM_DIAG_LINE_BASE,
                        .column = column,
                        .file = line / SPSIM_DIAG_LINE_BASE,
                        .found = d->found++};
    d->errors += severity == SPSIM_DIAG_ERROR;
    if (d->n == HELD_MAX && !past_shown(d, &place)) keep_first(d);
    if (past_shown(d, &place)) {
        count_dropped(d, &place); /* counted, never formatted */
        return;
    }
    if (d->n == d->cap) {
        int cap = d->cap ? 2 * d->cap : 16;
        spsim_diag *items = realloc(d->items, (size_t)cap * sizeof *items);
        if (!items) { /* out of memory: the diagnostics already held are still reported */
            count_dropped(d, &place);
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    spsim_diag *g = &d->items[d->n++];
    *g = place;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->message, sizeof g->message, fmt, ap);
    va_end(ap);
}

int spsim_diagnostics_add_file(spsim_diagnostics *d, const char *path)
{
    if (d->n_files == SPSIM_DIAG_MAX_FILES) return -1;
    snprintf(d->files[d->n_files], sizeof d->files[0], "%s", path);
    return ++d->n_files * SPSIM_DIAG_LINE_BASE;
}

const char *spsim_diagnostics_file_of(const spsim_diagnostics *d, int line, int *real_line)
{
    int k = line / SPSIM_DIAG_LINE_BASE;
    *real_line = line % SPSIM_DIAG_LINE_BASE;
    return k > 0 && k <= d->n_files ? d->files[k - 1] : d->path;
}

void spsim_diagnostics_sort(spsim_diagnostics *d)
{
    keep_first(d);
}

void spsim_diagnostics_print(const spsim_diagnostics *d, FILE *out)
{
    for (int i = 0; i < d->n; i++) {
        const spsim_diag *g = &d->items[i];
        const char *kind = g->severity == SPSIM_DIAG_ERROR ? "error" : "warning";
        int line = g->line;
        const char *path = g->file > 0 && g->file <= d->n_files
                               ? d->files[g->file - 1]
                               : spsim_diagnostics_file_of(d, g->line, &line);
        if (line > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", path, line, g->column, kind, g->message);
        else /* about the whole file: no position to give */
            fprintf(out, "%s: %s: %s\n", path, kind, g->message);
    }
    int more_errors = d->dropped_errors, more_warnings = d->dropped_warnings;
    if (more_errors + more_warnings == 0) return;
    fprintf(out, "%s: and ", d->path);
    if (more_errors)
        fprintf(out, "%d more error%s%s", more_errors, more_errors == 1 ? "" : "s",
                more_warnings ? " and " : "");
    if (more_warnings)
        fprintf(out, "%d more warning%s", more_warnings, more_warnings == 1 ? "" : "s");
    fprintf(out, " (only the first %d problems, in file order, are shown)\n", SPSIM_DIAG_MAX_SHOWN);
}
