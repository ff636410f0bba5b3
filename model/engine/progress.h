/* The progress of a run of replications on stderr: on a terminal a bar redrawn in place, with
 * replications done, their rate and the time left; elsewhere (a log, a pipe) one line at the
 * end, so a log holds no carriage returns. */
#ifndef SPSIM_PROGRESS_H
#define SPSIM_PROGRESS_H

#include <stddef.h>

typedef enum {
    SPSIM_PROGRESS_NONE, /* nothing (--quiet, and every library caller by default) */
    SPSIM_PROGRESS_LINE, /* one line when the last replication is done */
    SPSIM_PROGRESS_BAR   /* a bar redrawn after each replication, for a terminal */
} spsim_progress_style;

/* The text to print after `done` of `total` replications, `elapsed_s` seconds in: a bar starts
 * with "\r" and ends with "\n" only at the last replication; a line is empty until then. */
void spsim_progress_format(spsim_progress_style style, int done, int total, double elapsed_s,
                           char *buf, size_t len);

#endif
