/* The tornado's runs and its file (run_tornado.h). */
#define _POSIX_C_SOURCE 200809L
#include "run_tornado.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "interrupt.h"
#include "run_report.h"
#include "run_tornado_resume.h"
#include "engine/estimate.h"
#include "engine/ranks.h"
#include "engine/runner.h"
#include "engine/tornado.h"
#include "scenario/scenario.h"
#include "summary/summary.h"
#include "summary/summary_tornado.h"

static int replications_of(const spsim_scenario *s, const spsim_tornado_request *r)
{
    return r->replications > 0 ? r->replications : s->replications;
}

static void print_size_line(const spsim_scenario *s, const spsim_tornado_request *r,
                            const spsim_tornado_resumed *res)
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
            r->output, spsim_run_expected_megabytes(s, replications, res->keep), cost);
    if (r->resume)
        fprintf(stderr,
                "spsim: resuming: %d of the base's %d replications and %d of the %d variants are "
                "in %s already\n",
                res->base_done, replications, res->variants_done, 2 * s->n_uncertain, r->output);
}

/* The variants' options: their series are never kept, and under MPI the ranks share only each
 * replication's figures (the base, which the writer writes to its file, goes to it whole as it runs:
 * runner.h, share_figures). A signal stops the run on one process and across ranks alike: the
 * ranks agree which replications were run, so every rank sees the same run stopped. */
static spsim_run_options variant_options(const spsim_scenario *s, const spsim_tornado_request *r)
{
    return (spsim_run_options){.threads = r->threads,
                               .replications = replications_of(s, r),
                               .events = r->events,
                               .progress = r->progress,
                               .release_weekly = true,
                               .share_figures = true,
                               .stop = spsim_interrupt_flag()};
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

/* The base run, prepared on the base's scenario (*base_s, every key at its mean), its stream
 * opened and, resuming, both filled from the partial file; the exit status on failure. */
static int open_base(const spsim_scenario *s, const spsim_tornado_request *r,
                     const spsim_tornado_resumed *res, spsim_tornado *t, spsim_scenario **base_s,
                     spsim_run **base, spsim_h5_stream **st)
{
    char err[1400];
    *base_s = spsim_tornado_base_scenario(s, t, err, sizeof err);
    if (!*base_s) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_INVALID;
    *base = spsim_run_prepare(*base_s, t->replications);
    if (!*base) {
        fprintf(stderr, "spsim: out of memory allocating results for %d replications x %d arms\n",
                t->replications, s->n_arms);
        return SPSIM_EXIT_RUNTIME;
    }
    *st = spsim_h5_stream_open(r->output, s, t->replications, res->keep, err, sizeof err);
    if (!*st) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    if (r->resume && spsim_tornado_restore(*st, r, res, *base, t, err, sizeof err) != 0) {
        spsim_h5_stream_abandon(*st);
        *st = NULL;
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_INVALID;
    }
    return 0;
}

/* Runs what the tornado lacks and writes the file: whole, or partial when a signal stopped it. */
static int run_and_write(const spsim_scenario *s, const spsim_tornado_request *r,
                         const spsim_scenario *base_s, spsim_run *base, spsim_h5_stream *st,
                         spsim_tornado *t)
{
    char err[1400];
    const char *temps[2] = {spsim_h5_stream_temp_path(st, 0), spsim_h5_stream_temp_path(st, 1)};
    if (spsim_interrupt_install(temps, 2) != 0)
        fprintf(stderr, "spsim: warning: cannot catch SIGINT and SIGTERM: an interrupt will lose "
                        "the run\n");
    spsim_run_options variants = variant_options(s, r), base_opt = variants;
    base_opt.on_done = spsim_h5_stream_on_done; /* the base goes to the file as it runs */
    base_opt.on_done_context = st;
    int status = spsim_tornado_continue(t, s, base_s, base, &variants, &base_opt,
                                        r->quiet ? NULL : stderr, err, sizeof err);
    if (status == 1) {
        status = spsim_tornado_write_partial(st, r, base, t);
    } else if (status != 0) {
        spsim_h5_stream_abandon(st);
        fprintf(stderr, "spsim: %s\n", err);
        status = SPSIM_EXIT_RUNTIME;
    } else {
        status = finish(s, r, st, base, t);
    }
    spsim_interrupt_uninstall();
    return status;
}

int spsim_run_tornado_streamed(const spsim_scenario *s, const spsim_tornado_request *request)
{
    char err[1400];
    spsim_tornado_request r = *request;
    spsim_tornado_resumed res = {.keep = r.keep};
    /* The partial file first: one of another kind of run is refused as such. */
    if (r.resume && spsim_tornado_read_resume(s, &r, &res, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_INVALID;
    if (spsim_tornado_check(s, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_INVALID;
    if (r.resume) r.replications = res.planned; /* -r may be left out: the file's count */
    if (!r.quiet) print_size_line(s, &r, &res);
    spsim_tornado *t = spsim_tornado_prepare(s, replications_of(s, &r), err, sizeof err);
    if (!t) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    spsim_scenario *base_s = NULL;
    spsim_run *base = NULL;
    spsim_h5_stream *st = NULL;
    int status = open_base(s, &r, &res, t, &base_s, &base, &st);
    if (status == 0) status = run_and_write(s, &r, base_s, base, st, t);
    spsim_run_free(base);
    spsim_scenario_free(base_s);
    spsim_tornado_free(t);
    return status;
}

int spsim_run_tornado_as_worker(const spsim_scenario *s, const spsim_tornado_request *r)
{
    char err[1400];
    if (spsim_tornado_check(s, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_INVALID;
    if (spsim_interrupt_install(NULL, 0) != 0)
        fprintf(stderr, "spsim: warning: cannot catch SIGINT and SIGTERM\n");
    spsim_run_options opt = variant_options(s, r);
    opt.progress = SPSIM_PROGRESS_NONE;
    spsim_run *run = NULL;
    bool stopped = false;
    spsim_tornado *t = spsim_tornado_run(s, &opt, NULL, NULL, &run, &stopped, err, sizeof err);
    spsim_interrupt_uninstall();
    spsim_run_free(run);
    spsim_tornado_free(t);
    /* Stopped: the writer reports it and writes the partial file; this rank exits 0. */
    if (!t && !stopped) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    return 0;
}
