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
    int errors = 0;
    for (int i = 0; i < d->n; i++) errors += d->items[i].severity == SPSIM_DIAG_ERROR;
    return errors;
}

void spsim_diag_add(spsim_diagnostics *d, spsim_diag_severity severity, int line, int column,
                    const char *fmt, ...)
{
    if (d->n == d->cap) {
        int cap = d->cap ? 2 * d->cap : 16;
        spsim_diag *items = realloc(d->items, (size_t)cap * sizeof *items);
        if (!items) return; /* out of memory: the diagnostics already held are still reported */
        d->items = items;
        d->cap = cap;
    }
    spsim_diag *g = &d->items[d->n++];
    g->severity = severity;
    g->line = line;
    g->column = column;
    g->file = 0;
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

static bool diag_before(const spsim_diag *a, const spsim_diag *b)
{
    if (a->file != b->file) return a->file < b->file;
    return a->line < b->line || (a->line == b->line && a->column < b->column);
}

void spsim_diagnostics_sort(spsim_diagnostics *d)
{
    for (int i = 0; i < d->n; i++) { /* lines of included fragments back to their own */
        spsim_diag *g = &d->items[i];
        if (g->line >= SPSIM_DIAG_LINE_BASE) {
            g->file = g->line / SPSIM_DIAG_LINE_BASE;
            g->line %= SPSIM_DIAG_LINE_BASE;
        }
    }
    /* Insertion sort: stable, and the lists are short. */
    for (int i = 1; i < d->n; i++) {
        spsim_diag g = d->items[i];
        int j = i;
        while (j > 0 && diag_before(&g, &d->items[j - 1])) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = g;
    }
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
}
