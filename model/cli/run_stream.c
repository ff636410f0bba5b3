/* The streamed run: the file is opened before the first replication, each replication goes to
 * it as soon as it is done (the runner's on_done), and the rest is written at the end. The first
 * SIGINT or SIGTERM lets the replications in flight finish and writes what is done as a partial
 * file; --resume reads it back and runs only the replications it lacks, so the finished file is
 * the one an uninterrupted run writes (each replication depends only on scenario, seed and its
 * number). */
#define _POSIX_C_SOURCE 200809L
#include "run_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "interrupt.h"
#include "run_report.h"
#include "engine/estimate.h"
#include "engine/ranks.h"
#include "engine/runner.h"
#include "summary/summary.h"

/* ---- --resume: the partial file must be of this very run ---- */

static void join_arms(const spsim_scenario *s, char *buf, size_t len)
{
    buf[0] = '\0';
    for (int a = 0; a < s->n_arms; a++) {
        size_t used = strlen(buf);
        snprintf(buf + used, len - used, "%s%s", a ? "," : "", s->arms[a].name);
    }
}

/* Refuses a partial file of a run to a precision for a fixed count, or the other way round, or
 * of another precision, pilot or cap: the stopping rule would not settle where it did. */
static int check_precision_partial(const spsim_streamed_run *r, const spsim_h5_partial *p,
                                   char *err, size_t errlen)
{
    const spsim_precision_options *q = r->precision;
    if (p->precision > 0.0 && !q)
        snprintf(err, errlen,
                 "cannot resume %s: it is a partial run to a precision (--precision %g, pilot "
                 "-r %d, --max-replications %d): resume it with those options",
                 r->output, p->precision, p->pilot, p->max_replications);
    else if (p->precision <= 0.0 && q)
        snprintf(err, errlen,
                 "cannot resume %s: it is a partial run of a fixed count (%d replications): "
                 "resume it without --precision",
                 r->output, p->planned);
    else if (q && (p->precision != q->precision || p->pilot != q->pilot ||
                   p->max_replications != q->max_replications))
        snprintf(err, errlen,
                 "cannot resume %s: it was run with --precision %g, pilot -r %d and "
                 "--max-replications %d; this run asks for %g, %d and %d",
                 r->output, p->precision, p->pilot, p->max_replications, q->precision, q->pilot,
                 q->max_replications);
    else if (q && (p->completed > p->round_target || p->round_target > p->max_replications ||
                   p->assessed_through >= p->round_target || p->rounds < 0))
        snprintf(err, errlen,
                 "cannot resume %s: its stopping rule's state (round of %d replications, %d "
                 "assessed, %d held) is not one spsim writes",
                 r->output, p->round_target, p->assessed_through, p->completed);
    else
        return 0;
    return -1;
}

int spsim_check_partial_identity(const spsim_scenario *s, const char *output,
                                 const spsim_h5_partial *p, spsim_keep keep, bool keep_given,
                                 char *err, size_t errlen)
{
    char arms[1024], kept[32];
    join_arms(s, arms, sizeof arms);
    spsim_keep_format(keep, kept, sizeof kept);
    if (!s->text || strcmp(p->scenario_text, s->text) != 0)
        snprintf(err, errlen,
                 "cannot resume %s: the scenario's text is not the one the partial file was run "
                 "with (the scenario or a file it includes changed): run afresh without --resume",
                 output);
    else if (p->seed != s->seed)
        snprintf(err, errlen, "cannot resume %s: it was run with seed %llu, this run has seed %llu",
                 output, p->seed, s->seed);
    else if (strcmp(p->arms, arms) != 0)
        snprintf(err, errlen,
                 "cannot resume %.300s: it was run with arms %.300s, this run has %.300s", output,
                 p->arms, arms);
    else if (keep_given && strcmp(kept, p->keep) != 0)
        snprintf(err, errlen, "cannot resume %s: it was run with --keep %s, this run asks for %s",
                 output, p->keep, kept);
    else
        return 0;
    return -1;
}

/* Refuses a partial file from another scenario text, seed, arms, count or --keep, or of a
 * --tornado (run_tornado_resume.c resumes those). */
static int check_partial(const spsim_scenario *s, const spsim_streamed_run *r,
                         const spsim_h5_partial *p, char *err, size_t errlen)
{
    if (spsim_check_partial_identity(s, r->output, p, r->keep, r->keep_given, err, errlen) != 0)
        return -1;
    if (p->tornado_variants > 0)
        snprintf(err, errlen,
                 "cannot resume %s: it is a partial --tornado (%d of its %d variants done): "
                 "resume it with --tornado",
                 r->output, p->tornado_variants_done, p->tornado_variants);
    else if (check_precision_partial(r, p, err, errlen) != 0)
        return -1;
    else if (!r->precision && r->replications && r->replications != p->planned)
        snprintf(err, errlen, "cannot resume %s: it was run for %d replications, -r asks for %d",
                 r->output, p->planned, r->replications);
    else if (p->completed < 1 || p->completed > p->planned)
        snprintf(err, errlen, "cannot resume %s: it says it holds %d of %d replications", r->output,
                 p->completed, p->planned);
    else
        return 0;
    return -1;
}

/* The count planned, the --keep and the replications done of the partial file. */
static int read_resume(const spsim_scenario *s, const spsim_streamed_run *r, int *planned,
                       spsim_keep *keep, int *completed, spsim_run_precision *state, char *err,
                       size_t errlen)
{
    spsim_h5_partial p;
    if (spsim_h5_read_partial(r->output, &p, err, errlen) != 0) return -1;
    state->pilot = p.pilot;
    state->rounds = p.rounds;
    state->replications_run = p.round_target;
    state->assessed_through = p.assessed_through;
    int status = check_partial(s, r, &p, err, errlen);
    if (status == 0 && spsim_keep_parse(p.keep, keep) != 0) {
        snprintf(err, errlen, "cannot resume %s: its keep attribute '%s' is not one spsim writes",
                 r->output, p.keep);
        status = -1;
    }
    *planned = p.planned;
    *completed = p.completed;
    spsim_h5_partial_free(&p);
    return status;
}

/* ---- what is printed ---- */

/* An argument as the shell reads it back: as it is when it is plain, otherwise in quotes. */
static void print_shell_word(FILE *out, const char *word)
{
    if (word[0] && strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                "_-+=.,/:@%") == strlen(word)) {
        fputs(word, out);
        return;
    }
    fputc('\'', out);
    for (const char *c = word; *c; c++)
        if (*c == '\'')
            fputs("'\\''", out);
        else
            fputc(*c, out);
    fputc('\'', out);
}

void spsim_print_resume_command(FILE *out, int argc, char **argv, bool across_ranks)
{
    if (across_ranks) fprintf(out, "mpirun -np %d ", spsim_ranks());
    fputs("spsim", out);
    bool has_resume = false;
    for (int i = 0; i < argc; i++) {
        fputc(' ', out);
        print_shell_word(out, argv[i]);
        if (strcmp(argv[i], "--resume") == 0) has_resume = true;
    }
    if (!has_resume) fputs(" --resume", out);
    fputc('\n', out);
}

static void print_size_line(const spsim_scenario *s, const spsim_streamed_run *r, int planned,
                            spsim_keep keep, int completed)
{
    char kept[32], cost[96];
    spsim_keep_format(keep, kept, sizeof kept);
    spsim_run_estimate e;
    spsim_estimate_run(
        s, &(spsim_run_shape){.replications = planned, .threads = r->threads, .streamed = true},
        &e);
    spsim_estimate_format(&e, cost, sizeof cost);
    const spsim_precision_options *p = r->precision;
    if (p)
        fprintf(stderr,
                "spsim: %s: %d arm(s) x %d to %d replication(s) (until precision %g) x %d "
                "weeks; writing %s (--keep %s: about %.3g MB before compression for each %d "
                "replications); %s at the most\n",
                s->name, s->n_arms, p->pilot, p->max_replications, p->precision, s->n_weeks,
                r->output, kept, spsim_run_expected_megabytes(s, p->pilot, keep), p->pilot, cost);
    else
        fprintf(stderr,
                "spsim: %s: %d arm(s) x %d replication(s) x %d weeks; writing %s (--keep %s: "
                "about %.3g MB before compression); %s\n",
                s->name, s->n_arms, planned, s->n_weeks, r->output, kept,
                spsim_run_expected_megabytes(s, planned, keep), cost);
    if (completed > 0 && r->precision)
        fprintf(stderr, "spsim: resuming: %d replications are in %s already\n", completed,
                r->output);
    else if (completed > 0)
        fprintf(stderr, "spsim: resuming: %d of the %d replications are in %s already\n", completed,
                planned, r->output);
}

/* ---- the run ---- */

/* The run was stopped by a signal: what is done becomes a partial file. */
static int finish_partial(spsim_h5_stream *st, spsim_run *run, const spsim_streamed_run *r)
{
    char err[1024];
    int sig = spsim_interrupt_signal(), done = run->replications_done,
        planned = run->n_replications;
    if (done == 0) {
        spsim_h5_stream_abandon(st);
        spsim_interrupt_uninstall();
        fprintf(stderr,
                "spsim: interrupted before any replication was done: nothing written (an "
                "earlier file under %s is untouched)\n",
                r->output);
        return 128 + sig;
    }
    spsim_run_truncate(run, done);
    int status = spsim_h5_stream_finish(st, run, true, err, sizeof err);
    spsim_interrupt_uninstall();
    if (status != 0) {
        fprintf(stderr, "spsim: interrupted, and the partial file could not be written: %s\n", err);
        return SPSIM_EXIT_RUNTIME;
    }
    if (r->precision)
        fprintf(stderr,
                "spsim: interrupted: %s is a partial file holding %d replications of a run to "
                "precision %g, stopped in its round %d (root attributes status = partial, "
                "replications_completed = %d); to resume:\n  ",
                r->output, done, r->precision->precision, run->precision.rounds + 1, done);
    else
        fprintf(stderr,
                "spsim: interrupted: %s is a partial file holding %d of %d replications "
                "(root attributes status = partial, replications_completed = %d); to resume:\n  ",
                r->output, done, planned, done);
    /* Across ranks, or as one process; a run to a precision resumes as one process only (the
     * other ranks would need the partial file's headlines: run.c refuses it under mpirun). */
    spsim_print_resume_command(stderr, r->argc, r->argv, spsim_ranks() > 1 && !r->precision);
    return 128 + sig;
}

/* The run finished: the rest of the file, then the figures and the verdict. */
static int finish_whole(const spsim_scenario *s, spsim_h5_stream *st, spsim_run *run,
                        const spsim_streamed_run *r)
{
    char err[1024];
    if (r->precision) spsim_run_report_precision(s, run, r->quiet);
    if (!r->quiet) spsim_run_report_finished(run, r->output);
    int status = spsim_h5_stream_finish(st, run, false, err, sizeof err);
    spsim_interrupt_uninstall();
    if (status == 0 && !r->quiet)
        status = (r->full ? spsim_summary_print : spsim_summary_print_verdict)(r->output, stdout,
                                                                               err, sizeof err);
    if (status != 0) return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    return 0;
}

static int simulate(const spsim_scenario *s, const spsim_streamed_run *r, spsim_run *run,
                    spsim_h5_stream *st, int completed)
{
    char err[1024];
    const char *temps[2] = {spsim_h5_stream_temp_path(st, 0), spsim_h5_stream_temp_path(st, 1)};
    if (spsim_interrupt_install(temps, 2) != 0)
        fprintf(stderr, "spsim: warning: cannot catch SIGINT and SIGTERM: an interrupt will lose "
                        "the run\n");
    spsim_run_options opt = {.threads = r->threads,
                             .events = r->events,
                             .progress = r->progress,
                             .replications = run->n_replications,
                             .on_done = spsim_h5_stream_on_done,
                             .on_done_context = st,
                             .release_weekly = true,
                             .stop = spsim_interrupt_flag(),
                             .writer_only = !r->precision,
                             /* Under MPI every rank of a run to a precision holds every
                              * replication's figures (not its series, which go to this rank's
                              * file), so that all decide the rounds alike. */
                             .share_figures = r->precision != NULL};
    int status = r->precision
                     ? spsim_precision_continue(run, s, &opt, r->precision, err, sizeof err)
                     : spsim_run_continue(s, &opt, run, completed, err, sizeof err);
    if (status != 0) {
        spsim_h5_stream_abandon(st);
        spsim_interrupt_uninstall();
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_RUNTIME;
    }
    return run->stopped ? finish_partial(st, run, r) : finish_whole(s, st, run, r);
}

/* A run to a precision as it stands: the pilot's round afresh, or the round in flight when the
 * partial file was written (`resumed`: its stopping rule's state). */
static spsim_run *prepare_precision(const spsim_scenario *s, const spsim_precision_options *p,
                                    const spsim_run_precision *resumed)
{
    spsim_run *run = spsim_precision_prepare(s, p);
    if (!run || !resumed) return run;
    spsim_run_free(run);
    run = spsim_run_prepare(s, resumed->replications_run);
    if (!run) return NULL;
    run->precision = (spsim_run_precision){.asked = p->precision,
                                           .max_replications = p->max_replications,
                                           .pilot = p->pilot,
                                           .rounds = resumed->rounds,
                                           .replications_run = resumed->replications_run,
                                           .assessed_through = resumed->assessed_through};
    return run;
}

int spsim_run_streamed(const spsim_scenario *s, const spsim_streamed_run *r)
{
    char err[1024];
    int planned = r->replications ? r->replications : s->replications, completed = 0;
    if (r->precision) planned = r->precision->max_replications; /* the file is opened for the cap */
    spsim_keep keep = r->keep;
    spsim_run_precision state = {0};
    if (r->resume && read_resume(s, r, &planned, &keep, &completed, &state, err, sizeof err) != 0)
        return fprintf(stderr, "spsim: %s\n", err), SPSIM_EXIT_INVALID;
    if (!r->quiet) print_size_line(s, r, planned, keep, completed);
    spsim_run *run = r->precision ? prepare_precision(s, r->precision, completed ? &state : NULL)
                                  : spsim_run_prepare(s, planned);
    if (!run) {
        fprintf(stderr, "spsim: out of memory allocating results for %d replications x %d arms\n",
                planned, s->n_arms);
        return SPSIM_EXIT_RUNTIME;
    }
    spsim_h5_stream *st = spsim_h5_stream_open(r->output, s, planned, keep, err, sizeof err);
    int status = st ? 0 : SPSIM_EXIT_RUNTIME;
    if (st && completed > 0 &&
        spsim_h5_stream_restore(st, r->output, run, completed, err, sizeof err) != 0) {
        spsim_h5_stream_abandon(st);
        status = SPSIM_EXIT_INVALID;
    }
    /* The other ranks (ranks.h) run their share of what the file lacks; 0 tells them not to
     * start (this rank reports why and stops them). */
    int shape[2] = {status == 0 ? planned : 0, completed};
    if (!r->precision && spsim_ranks() > 1 && spsim_ranks_broadcast_ints(shape, 2) != 0 &&
        status == 0) {
        snprintf(err, sizeof err, "cannot tell the other ranks what to run");
        spsim_h5_stream_abandon(st);
        status = SPSIM_EXIT_RUNTIME;
    }
    if (status != 0)
        fprintf(stderr, "spsim: %s\n", err);
    else
        status = simulate(s, r, run, st, completed);
    spsim_run_free(run);
    return status;
}
