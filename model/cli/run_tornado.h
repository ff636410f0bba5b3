/* `spsim run --tornado`: the base run (every uncertain key at its mean) streamed to the results
 * file as its replications complete, then both variants of each key, of which only the mean
 * incremental net monetary benefits are kept (each replication's weekly series freed as soon as
 * it is done), and /psa/tornado written beside the base. An interrupt leaves a partial file of
 * the base's replications done and the variants finished, which --resume --tornado completes to
 * the uninterrupted run's file (run_tornado_resume.h; docs/reliability.md, "Interrupt and
 * resume"). */
#ifndef SPSIM_CLI_RUN_TORNADO_H
#define SPSIM_CLI_RUN_TORNADO_H

#include <stdbool.h>

#include "engine/progress.h"
#include "io/h5write.h"
#include "scenario/params.h"

typedef struct {
    const char *output; /* "" on a rank other than the writer */
    int replications;   /* 0: the scenario's */
    int threads;
    int events; /* --events: people whose pathway each arm and replication keeps, 0: none */
    spsim_progress_style progress;
    spsim_keep keep;
    bool keep_given, resume, quiet, full;
    int argc; /* the command line ("run", ...), to print the one that resumes */
    char **argv;
} spsim_tornado_request;

/* The writing rank (or the one process): runs, writes and prints; returns the exit status
 * (128 + the signal when interrupted). */
int spsim_run_tornado_streamed(const spsim_scenario *s, const spsim_tornado_request *r);
/* A rank other than the writer: the same runs, the runner sharing each one's replications;
 * writes and prints nothing but errors. */
int spsim_run_tornado_as_worker(const spsim_scenario *s, const spsim_tornado_request *r);

#endif
