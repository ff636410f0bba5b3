/* The progress bar and line of a run (progress.h). */
#include "progress.h"

#include <stdio.h>

enum {
    BAR_CELLS = 24 /* wide enough to move at every 4 % done, short enough for an 80-column line */
};

/* "3.25 per s", or, for replications slower than one in 10 s (a national scenario), "307.9 s
 * each", so that a slow rate never prints as 0.00; "n/a" before any time has passed. `unit`
 * names what is counted ("replications " or ""). */
static void format_rate(int done, double elapsed_s, const char *unit, char *buf, size_t len)
{
    if (elapsed_s <= 0 || done <= 0)
        snprintf(buf, len, "n/a %sper s", unit);
    else if (done / elapsed_s >= 0.1)
        snprintf(buf, len, "%.2f %sper s", done / elapsed_s, unit);
    else
        snprintf(buf, len, "%.1f s each", elapsed_s / done);
}

static void format_bar(int done, int total, double elapsed_s, char *buf, size_t len)
{
    char cells[BAR_CELLS + 1], rate[32];
    int full = total > 0 ? (int)((long long)BAR_CELLS * done / total) : BAR_CELLS;
    for (int i = 0; i < BAR_CELLS; i++) cells[i] = i < full ? '#' : '.';
    cells[BAR_CELLS] = '\0';
    format_rate(done, elapsed_s, "", rate, sizeof rate);
    if (done >= total) {
        snprintf(buf, len, "\rspsim: [%s] %d/%d replications, %s, done in %.1f s   \n", cells, done,
                 total, rate, elapsed_s);
        return;
    }
    /* the time left assumes the replications still to run take as long as those done */
    double left = done > 0 ? elapsed_s * (total - done) / done : 0.0;
    snprintf(buf, len, "\rspsim: [%s] %d/%d replications, %s, about %.0f s left   ", cells, done,
             total, rate, left);
}

void spsim_progress_format(spsim_progress_style style, int done, int total, double elapsed_s,
                           char *buf, size_t len)
{
    char rate[32];
    if (len > 0) buf[0] = '\0';
    if (style == SPSIM_PROGRESS_BAR) {
        format_bar(done, total, elapsed_s, buf, len);
    } else if (style == SPSIM_PROGRESS_LINE && done >= total) {
        format_rate(done, elapsed_s, "replications ", rate, sizeof rate);
        snprintf(buf, len, "spsim: %d replication%s done in %.1f s (%s)\n", done,
                 done == 1 ? "" : "s", elapsed_s, rate);
    }
}
