/* The tornado's runs and its file (run_tornado.h). */
#define _POSIX_C_SOURCE 200809L
#include "run_tornado.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "interrupt.h"
#include "run_report.h"
#include "engine/estimate.h"
#include "engine/ranks.h"
#include "engine/runner.h"
#include "engine/tornado.h"
#include "summary/summary.h"
#include "summary/summary_tornado.h"

static int replications_of(const spsim_scenario *s, const spsim_tornado_request *r)
{
    return r->replications > 0 ? r->replications : s->replications;
}

static void print_size_line(const spsim_scenario *s, const spsim_tornado_request *r)
{
    int replications = replications_of(s, r);
    char cost[96];
    spsim_run_estimate e;
    spsim_run_shape shape = {.replications = replications,
                             .threads = r->threads,
                             .runs = 2 * s->n_uncertain + 1,
                             .held_runs = 2,
                             .streamed = true}; /* see variant_options */
    spsim_estimate_run(s, &shape, &e);
    spsim_estimate_format(&e, cost, sizeof cost);
    fprintf(stderr,
            "spsim: %s: tornado of %d uncertain key(s): %d runs of %d arm(s) x %d "
            "replication(s) x %d weeks; writing %s (the base run, about %.3g MB before "
            "compression); %s\n",
            s->name, s->n_uncertain, 2 * s->n_uncertain + 1, s->n_arms, replications, s->n_weeks,
            r->output, spsim_run_expected_megabytes(s, replications, r->keep), cost);
}

/* The variants' options: their series are never kept, and under MPI the ranks share only each
 * replication's figures (the base, which the writer writes to its file, goes to it whole as it runs:
 * runner.h, share_figures). One process also stops at a signal (under MPI the ranks would part
 * ways mid-run: mpirun's own handling ends them, docs/scaling.md). */
static spsim_run_options variant_options(const spsim_scenario *s, const spsim_tornado_request *r)
{
    return (spsim_run_options){.threads = r->threads,
                               .replications = replications_of(s, r),
                               .events = r->events,
                               .progress = r->progress,
                               .release_weekly = true,
                               .share_figures = true,
                               .stop = spsim_ranks() == 1 ? spsim_interrupt_flag() : NULL};
}

/* The file once every run is done: the rest of it, then the figures and the tables. */
static int finish(const spsim_scenario *s, const spsim_tornado_request *r, spsim_h5_stream *st,
                  spsim_run *run, spsim_tornado *t)
{
    char err[1400];
    if (!r->quiet) spsim_run_report_finished(run, r->output);
    run->tornado = t;
    int status = spsim_h5_stream_finish(st, run, false, err, sizeof err);
    if (status == 0 && !r->quiet)
        status = (r->full ? spsim_summary_print : spsim_summary_print_verdict)(r->output, stdout,
                                                                               err, sizeof err);
    if (status == 0 && !r->quiet) spsim_tornado_print(stdout, s, t);
    if (status != 0) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    return 0;
}

/* A signal stopped the runs: nothing is written, since a tornado cannot be resumed. */
static int interrupted(const spsim_tornado_request *r)
{
    fprintf(stderr,
            "spsim: interrupted: nothing written (an earlier file under %s is untouched); a "
            "tornado cannot be resumed (its variants keep only their means), so run it "
            "afresh\n",
            r->output);
    return 128 + spsim_interrupt_signal();
}

int spsim_run_tornado_streamed(const spsim_scenario *s, const spsim_tornado_request *r)
{
    char err[1400];
    if (spsim_tornado_check(s, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_INVALID;
    if (!r->quiet) print_size_line(s, r);
    spsim_h5_stream *st =
        spsim_h5_stream_open(r->output, s, replications_of(s, r), r->keep, err, sizeof err);
    if (!st) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    const char *temps[2] = {spsim_h5_stream_temp_path(st, 0), spsim_h5_stream_temp_path(st, 1)};
    if (spsim_ranks() == 1 && spsim_interrupt_install(temps, 2) != 0)
        fprintf(stderr, "spsim: warning: cannot catch SIGINT and SIGTERM\n");
    spsim_run_options variants = variant_options(s, r), base = variants;
    base.on_done = spsim_h5_stream_on_done; /* the base goes to the file as it runs */
    base.on_done_context = st;
    spsim_run *run = NULL;
    spsim_tornado *t =
        spsim_tornado_run(s, &variants, &base, r->quiet ? NULL : stderr, &run, err, sizeof err);
    int status;
    if (spsim_interrupt_signal() != 0) {
        spsim_h5_stream_abandon(st);
        status = interrupted(r);
    } else if (!t) {
        spsim_h5_stream_abandon(st);
        fprintf(stderr, "spsim: %s\n", err);
        status = SPSIM_EXIT_RUNTIME;
    } else {
        status = finish(s, r, st, run, t);
    }
    if (spsim_ranks() == 1) spsim_interrupt_uninstall();
    spsim_run_free(run);
    spsim_tornado_free(t);
    return status;
}

int spsim_run_tornado_as_worker(const spsim_scenario *s, const spsim_tornado_request *r)
{
    char err[1400];
    if (spsim_tornado_check(s, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_INVALID;
    spsim_run_options opt = variant_options(s, r);
    opt.progress = SPSIM_PROGRESS_NONE;
    spsim_run *run = NULL;
    spsim_tornado *t = spsim_tornado_run(s, &opt, NULL, NULL, &run, err, sizeof err);
    spsim_run_free(run);
    spsim_tornado_free(t);
    if (!t) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    return 0;
}
