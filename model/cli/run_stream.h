/* `spsim run` of a fixed number of replications or to a precision, streamed to its file: each
 * replication is written as it is done (a run to a precision opens its file for the cap, and
 * the replications its rounds ran beyond the count reached are cut off at the end); SIGINT or
 * SIGTERM leave a partial file that --resume continues (docs/reliability.md, "Interrupt and
 * resume"). */
#ifndef SPSIM_CLI_RUN_STREAM_H
#define SPSIM_CLI_RUN_STREAM_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/precision.h"
#include "engine/progress.h"
#include "io/h5write.h"
#include "scenario/params.h"

typedef struct {
    const char *output;
    int replications; /* 0: the scenario's (or, resuming, the partial file's); unused with
                         `precision` */
    const spsim_precision_options *precision; /* --precision (its pilot and cap); NULL: a
                                                 fixed count */
    int threads;
    int events; /* --events: people whose pathway each arm and replication keeps, 0: none */
    spsim_progress_style progress;
    spsim_keep keep;
    bool keep_given, resume, quiet, full;
    int argc; /* the command line ("run", ...), to print the one that resumes */
    char **argv;
} spsim_streamed_run;

/* Runs and writes; returns the exit status (128 + the signal when interrupted). */
int spsim_run_streamed(const spsim_scenario *s, const spsim_streamed_run *r);

/* What every --resume checks of the partial file `p` of `output`: the scenario's text (the file
 * and all it includes), seed and arms are this run's, and so is --keep when it was given; 0, or
 * -1 with a message. */
int spsim_check_partial_identity(const spsim_scenario *s, const char *output,
                                 const spsim_h5_partial *p, spsim_keep keep, bool keep_given,
                                 char *err, size_t errlen);
/* The command that resumes an interrupted run: "spsim ARGV... --resume", each argument as the
 * shell reads it back, after "mpirun -np N" when it resumes across ranks. */
void spsim_print_resume_command(FILE *out, int argc, char **argv, bool across_ranks);

#endif
