/* Running a scenario: every arm of every replication, replications in parallel (OpenMP).
 *
 * Replication r of arm a depends only on (scenario, seed, r): never on the thread that ran it or
 * on the order replications finish, so results are bit-identical whatever the thread count. */
#ifndef SPSIM_RUNNER_H
#define SPSIM_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include "../scenario/params.h"
#include "../results/series.h"
#include "../processes/draws.h"
#include "progress.h"

struct spsim_run;

/* Called once for each replication as soon as all its arms are done, one call at a time (never
 * two at once, whatever the thread count): the results file's writer. Returns 0, or -1 with a
 * message in err, which stops the run. */
typedef int (*spsim_replication_done)(void *context, const struct spsim_run *run, int replication,
                                      char *err, size_t errlen);

typedef struct {
    int threads;                   /* 0 = OpenMP's default */
    spsim_progress_style progress; /* on stderr: none, a line at the end, or a bar */
    int replications;              /* 0 = the scenario's */
    /* Streaming (all NULL / false: every result stays in memory, as the tests read them). */
    spsim_replication_done on_done; /* after each replication, with on_done_context */
    void *on_done_context;
    bool release_weekly; /* free each replication's weekly series once on_done has them */
    /* Set (by a signal handler) to stop handing out replications: those started finish. */
    const volatile sig_atomic_t *stop;
    int events; /* --events: people whose pathway each arm of each replication keeps (0: none;
                   processes/person_log.h) */
    /* Under MPI (engine/ranks.h): true sends each replication to the writing rank only, which
     * hands it to on_done (the streamed run's file); false (the default) leaves every rank
     * with every replication, as one process has them, for callers that read the results on
     * every rank and decide alike (a sweep, a sizing search), or with its figures only
     * (share_figures). */
    bool writer_only;
    /* Under MPI, instead: every rank ends with every replication's figures (totals,
     * reductions, per-locality totals, money and parameter draws: all that a run to a
     * precision decides from, and a tornado's means), never another rank's weekly series; when
     * the writing rank has on_done (its file), the replications first go to it whole as they
     * finish, as writer_only sends them. With release_weekly, no rank holds more than a
     * streamed run does. */
    bool share_figures;
    /* True runs every replication in this rank alone, with no exchange between ranks: a run
     * that is already one rank's share of a larger task (a calibration's particle). */
    bool rank_local;
} spsim_run_options;

/* What a run to a precision (spsim_precision_continue, precision.h) asked for and reached; all
 * zero for a run of a fixed number of replications. */
typedef struct {
    double asked;         /* the relative half-width asked for, (0, 1]; 0: a fixed count */
    bool met;             /* every headline met it (false: the cap stopped the run) */
    int max_replications; /* the cap */
    int rounds;           /* rounds of replications run, the pilot first */
    int replications_run; /* every replication run, with those beyond the count kept; while a
                             round runs, the count it is to reach */
    int pilot;            /* replications of the first round */
    int assessed_through; /* every count up to this one was assessed and fell short */
    int widest_arm;       /* the arm and headline (spsim_headline_id) that needed the most */
    int widest_headline;  /*   replications: the largest half-width against its target */
    double widest_half_width, widest_target, widest_mean; /* in the headline's units */
} spsim_run_precision;

struct spsim_tornado; /* tornado.h: one-way sensitivity, written beside the run's results */

/* All results of a run: results[arm][replication]. A replication's weekly series are NULL when
 * it has not run, or once they were handed to the writer (release_weekly); its totals,
 * reductions and economics stay. */
typedef struct spsim_run {
    int n_arms, n_replications, n_weeks, n_localities;
    int replications_done; /* replications 0 .. replications_done - 1 have all run */
    bool stopped;          /* options' stop flag ended the run before n_replications */
    spsim_arm_results **results;
    double wall_seconds;
    /* Replications this rank ran itself (every one in a single process; across ranks, the
     * writer's own share, which shows how the dealer split the run). */
    int replications_run_here;
    double cpu_seconds; /* CPU time of every thread during the simulation (a loaded machine's
                           per-core figure: wall time there includes waiting for a core) */
    /* Variates drawn by the whole run (every thread), by kind: counted only in a build with
     * SPSIM_COUNT_VARIATES (bench/run.sh), zero otherwise. */
    unsigned long long variates_drawn[SPSIM_N_VARIATE_KINDS];
    /* Probabilistic sensitivity analysis: the values of the n_psa_keys uncertain scenario keys
     * drawn for each replication, [replication * n_psa_keys + k] (0 / NULL when the scenario has
     * no parameter distributions, and every replication shares one parameter set). Freed with
     * the run. */
    int n_psa_keys;
    double *psa_values; /* [replication * n_psa_keys + k] */
    spsim_run_precision precision;
    const struct spsim_tornado *tornado; /* --tornado's figures for the writer; NULL otherwise,
                                            never owned by the run */
} spsim_run;

/* Runs every arm and replication. Returns NULL on failure (out of memory), with a message in err. */
spsim_run *spsim_run_scenario(const spsim_scenario *s, const spsim_run_options *opt, char *err,
                              size_t errlen);
void spsim_run_free(spsim_run *run);

/* A run of `replications` with nothing run yet (results zeroed; see spsim_run_continue), or
 * NULL when out of memory. */
spsim_run *spsim_run_prepare(const spsim_scenario *s, int replications);
/* Runs replications `first` .. n_replications - 1 of `run` (those before `first` already
 * filled, e.g. read back from a partial file), calling the options' on_done after each. On
 * return run->replications_done counts the leading replications that have run (fewer than
 * n_replications when the stop flag was set: run->stopped). Returns 0, or -1 with a message. */
int spsim_run_continue(const spsim_scenario *s, const spsim_run_options *opt, spsim_run *run,
                       int first, char *err, size_t errlen);

/* Grows `run` (from spsim_run_scenario on the same scenario) to `replications`, running only
 * the new ones: replication r depends only on (scenario, seed, r), so the run is then the one
 * spsim_run_scenario gives with that many. Returns 0, or -1 with a message in err (the run can
 * still be freed). Fewer replications than the run holds change nothing. */
int spsim_run_extend(spsim_run *run, const spsim_scenario *s, const spsim_run_options *opt,
                     int replications, char *err, size_t errlen);
/* Drops the replications from `replications` on (the run is then that of a smaller count). */
void spsim_run_truncate(spsim_run *run, int replications);

#endif
