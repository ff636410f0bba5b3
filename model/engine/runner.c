#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <omp.h>

#include "economics/economics.h"
#include "economics/economics_pack.h"
#include "engine/ranks.h"
#include "engine/replication.h"
#include "engine/rng.h"
#include "processes/draws.h"
#include "scenario/uncertainty.h"

void spsim_run_free(spsim_run *run)
{
    if (!run) return;
    for (int a = 0; a < run->n_arms && run->results; a++) {
        if (!run->results[a]) continue;
        for (int rep = 0; rep < run->n_replications; rep++) {
            spsim_economics_free(run->results[a][rep].economics);
            spsim_arm_results_free(&run->results[a][rep]);
        }
        free(run->results[a]);
    }
    free(run->results);
    free(run->psa_values);
    free(run);
}

/* The results of each replication are allocated when it starts (run_replication), so that a
 * streamed run holds only the weekly series of the replications in flight. */
static spsim_run *run_alloc(const spsim_scenario *s, int replications)
{
    spsim_run *run = calloc(1, sizeof *run);
    if (!run) return NULL;
    *run = (spsim_run){.n_arms = s->n_arms,
                       .n_replications = replications,
                       .n_weeks = s->n_weeks,
                       .n_localities = s->arms[0].n_localities,
                       .n_psa_keys = 0,
                       .psa_values = NULL};
    run->results = calloc((size_t)s->n_arms, sizeof *run->results);
    if (!run->results) goto fail;
    for (int a = 0; a < s->n_arms; a++) {
        run->results[a] = calloc((size_t)replications, sizeof(spsim_arm_results));
        if (!run->results[a]) goto fail;
    }
    run->n_psa_keys = s->n_uncertain;
    if (s->n_uncertain > 0) {
        run->psa_values = calloc((size_t)replications * (size_t)s->n_uncertain, sizeof(double));
        if (!run->psa_values) goto fail;
    }
    return run;
fail:
    spsim_run_free(run);
    return NULL;
}

spsim_run *spsim_run_prepare(const spsim_scenario *s, int replications)
{
    return run_alloc(s, replications);
}

/* Room for the weekly results of every arm of replication rep. */
static int init_replication(spsim_run *run, int rep)
{
    for (int a = 0; a < run->n_arms; a++) {
        spsim_arm_results *r = &run->results[a][rep];
        spsim_economics_free(r->economics);
        spsim_arm_results_free(r);
        if (spsim_arm_results_init(r, run->n_weeks, run->n_localities) != 0) return -1;
    }
    return 0;
}

static void show_progress(spsim_progress_style style, int done, int total, double started)
{
    char text[256];
    spsim_progress_format(style, done, total, omp_get_wtime() - started, text, sizeof text);
    if (!text[0]) return;
    fputs(text, stderr);
    fflush(stderr);
}

#ifdef SPSIM_COUNT_VARIATES
/* The counters are per thread: each replication adds what its thread drew while running it. */
static void add_variates_since(spsim_run *run, const unsigned long long *before)
{
    for (int k = 0; k < SPSIM_N_VARIATE_KINDS; k++) {
        unsigned long long drawn = spsim_variates_drawn[k] - before[k];
#pragma omp atomic
        run->variates_drawn[k] += drawn;
    }
}
#define SPSIM_VARIATES_BEFORE(before)         memcpy((before), spsim_variates_drawn, sizeof(before))
#define SPSIM_ADD_VARIATES_SINCE(run, before) add_variates_since((run), (before))
#else
#define SPSIM_VARIATES_BEFORE(before)         ((void)(before))
#define SPSIM_ADD_VARIATES_SINCE(run, before) ((void)(before))
#endif

static double cpu_seconds_now(void)
{
    struct timespec t;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) != 0) return 0.0;
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Every arm draws from the same streams (common random numbers), unless the scenario asks for
 * independent streams per arm, which only serves to show what common random numbers are worth. */
static unsigned long long arm_seed(const spsim_scenario *s, int arm)
{
    if (!s->independent_arm_streams) return s->seed;
    return spsim_mix64(s->seed ^ (0x9e3779b97f4a7c15ULL * (unsigned long long)(arm + 1)));
}

/* Replication rep's parameter set: one uniform per uncertain key from the replication's own
 * parameter stream (the same for every arm, so arm differences stay paired), turned into
 * values, and the scenario those values give. NULL with a message in `err` when the values do
 * not resolve (or memory runs out). */
static spsim_scenario *draw_parameters(const spsim_scenario *s, int rep, double *values, char *err,
                                       size_t errlen)
{
    int n = s->n_uncertain;
    double *u = malloc((size_t)n * sizeof *u);
    gsl_rng *g = spsim_stream_alloc(s->seed, rep, SPSIM_STREAM_PARAMETERS, 0);
    spsim_scenario *drawn = NULL;
    if (u && g) {
        for (int k = 0; k < n; k++) u[k] = spsim_draw_uniform_open(g);
        spsim_uncertain_values(s, u, values);
        spsim_diagnostics d;
        spsim_diagnostics_init(&d, s->path);
        drawn = spsim_scenario_with_values(s, values, &d);
        for (int i = 0; !drawn && i < d.n; i++)
            if (d.items[i].severity == SPSIM_DIAG_ERROR) {
                snprintf(err, errlen, "replication %d's parameter draws: %.400s", rep,
                         d.items[i].message);
                break;
            }
        spsim_diagnostics_free(&d);
    } else {
        snprintf(err, errlen, "out of memory drawing the parameters of replication %d", rep);
    }
    gsl_rng_free(g);
    free(u);
    return drawn;
}

/* The event logs of replication `rep`, one per arm, when the run keeps them. 0, or -1 out of
 * memory (with a message). */
static int attach_event_logs(spsim_run *run, int rep, int people, char *err, size_t errlen)
{
    for (int a = 0; people > 0 && a < run->n_arms; a++) {
        spsim_arm_results *out = &run->results[a][rep];
        if (!out->events && !(out->events = spsim_person_events_new(people))) {
            snprintf(err, errlen, "out of memory keeping the pathways of %d people", people);
            return -1;
        }
    }
    return 0;
}

/* Money of every arm of replication rep whose results came from another rank (ranks.h), from
 * the parameter values that rank drew for it (already in run->psa_values). 0 or -1. */
static int reckon_received(const spsim_scenario *s, int rep, spsim_run *run, char *err,
                           size_t errlen)
{
    const spsim_scenario *p = s;
    spsim_scenario *drawn = NULL;
    if (s->n_uncertain > 0) {
        spsim_diagnostics d;
        spsim_diagnostics_init(&d, s->path);
        drawn = spsim_scenario_with_values(
            s, run->psa_values + (size_t)rep * (size_t)s->n_uncertain, &d);
        spsim_diagnostics_free(&d);
        if (!drawn) return snprintf(err, errlen, "replication %d's parameter draws", rep), -1;
        p = drawn;
    }
    int status = 0;
    for (int a = 0; a < p->n_arms && status == 0; a++)
        status = spsim_economics_compute(p, a, &run->results[a][rep]) != 0 ? -1 : 0;
    spsim_scenario_free(drawn);
    if (status) snprintf(err, errlen, "out of memory reckoning replication %d's money", rep);
    return status;
}

/* Every arm of one replication, with the replication's own parameter set when the scenario has
 * distributions. Returns 0, SPSIM_REPLICATION_STREAM_EXHAUSTED, or -1 (message in `err`). */
static int run_replication(const spsim_scenario *s, int rep, spsim_run *run, int events,
                           spsim_sampler_cache *samplers, char *err, size_t errlen)
{
    const spsim_scenario *p = s;
    spsim_scenario *drawn = NULL;
    if (init_replication(run, rep) != 0) {
        snprintf(err, errlen, "out of memory allocating the results of replication %d", rep);
        return -1;
    }
    if (attach_event_logs(run, rep, events, err, errlen) != 0) return -1;
    if (s->n_uncertain > 0) {
        drawn = draw_parameters(s, rep, run->psa_values + (size_t)rep * (size_t)s->n_uncertain, err,
                                errlen);
        if (!drawn) return -1;
        p = drawn;
    }
    int result = 0;
    for (int a = 0; a < p->n_arms; a++) {
        int status = spsim_replication_run(&p->arms[a], samplers, arm_seed(p, a), rep, p->n_weeks,
                                           &run->results[a][rep]);
        if (status == SPSIM_REPLICATION_STREAM_EXHAUSTED) result = status;
        if (status != 0 || spsim_economics_compute(p, a, &run->results[a][rep]) != 0)
            result = result ? result : -1;
    }
    if (result == -1 && !err[0]) snprintf(err, errlen, "out of memory during the simulation");
    spsim_scenario_free(drawn);
    return result;
}

/* The writer's queue: in one process, replications reach on_done in index order whatever the
 * order they finish in, so the file's layout (where each chunk lies) and hence its bytes do not
 * depend on the schedule. An early finisher waits, holding its weekly series, until those before
 * it are written; with dynamic scheduling that is a few replications per thread. Across ranks the
 * writing rank takes its own replications as they finish (holding them all for the others would
 * make its memory grow with the run); the datasets are the same either way. */
typedef struct {
    int first, last;         /* the range being run */
    int next;                /* the next replication on_done takes (ordered only) */
    bool ordered;            /* one process: hand over in index order */
    unsigned char *finished; /* [last - first]: run, not yet handed over */
    int shown;               /* replications counted in the progress, from any rank */
    int ended;               /* other ranks that have said their share is sent */
    double started;          /* omp_get_wtime() at the start of the range */
    double others_cpu;       /* CPU seconds the other ranks said their shares took */
} writer_queue;

/* Hands replication rep to on_done and then, when asked, frees its weekly series. */
static int hand_over(const spsim_run_options *opt, spsim_run *run, int rep, char *err,
                     size_t errlen)
{
    int status = opt->on_done ? opt->on_done(opt->on_done_context, run, rep, err, errlen) : 0;
    if (status == 0 && opt->release_weekly)
        for (int a = 0; a < run->n_arms; a++)
            spsim_arm_results_release_weekly(&run->results[a][rep]);
    return status;
}

/* Replication rep has run: hands it, and every finished one after it without a gap, to the
 * writer (one call at a time). Returns 0 or -1 (message in err). */
static int replication_done(const spsim_run_options *opt, spsim_run *run, writer_queue *q, int rep,
                            char *err, size_t errlen)
{
    int status = 0;
#pragma omp critical(spsim_writer)
    {
        if (!q->ordered) {
            status = hand_over(opt, run, rep, err, errlen);
        } else {
            q->finished[rep - q->first] = 1;
            while (status == 0 && q->next < q->last && q->finished[q->next - q->first]) {
                status = hand_over(opt, run, q->next, err, errlen);
                q->next++;
            }
        }
    }
    return status;
}

/* The replications from `first` on that have run, without a gap (when a stop leaves one
 * started late unfinished, those after it are dropped). */
static int leading_done(const unsigned char *done, int first, int last)
{
    int k = first;
    while (k < last && done[k - first]) k++;
    return k;
}

/* Replication rep as the ranks pass it: each arm's results into arms[], and its parameter
 * draws (NULL without distributions). */
static double *replication_views(spsim_run *run, int rep, spsim_arm_results **arms)
{
    for (int a = 0; a < run->n_arms; a++) arms[a] = &run->results[a][rep];
    return run->n_psa_keys ? run->psa_values + (size_t)rep * (size_t)run->n_psa_keys : NULL;
}

/* Every arm of replication rep, as one rank sends it to the writer; with `keep_figures` (the
 * ranks share every replication's figures afterwards) only its weekly series are freed. */
static int send_replication(spsim_run *run, int rep, bool keep_figures)
{
    spsim_arm_results *arms[SPSIM_MAX_ARMS];
    double *psa = replication_views(run, rep, arms);
    int status;
#pragma omp critical(spsim_ranks)
    status = spsim_ranks_send(rep, arms, run->n_arms, psa, run->n_psa_keys);
    for (int a = 0; a < run->n_arms; a++) { /* the writer has it now */
        if (keep_figures) {
            spsim_arm_results_release_weekly(&run->results[a][rep]);
            continue;
        }
        spsim_economics_free(run->results[a][rep].economics);
        run->results[a][rep].economics = NULL;
        spsim_arm_results_free(&run->results[a][rep]);
    }
    return status;
}

/* On the writing rank: receives replication rep from the rank that ran it, reckons its money
 * and hands it to the writer, as if it had run here. */
static int receive_replication(const spsim_scenario *s, const spsim_run_options *opt,
                               spsim_run *run, writer_queue *q, int rep, int from, char *err,
                               size_t errlen)
{
    spsim_arm_results *arms[SPSIM_MAX_ARMS];
    if (init_replication(run, rep) != 0)
        return snprintf(err, errlen, "out of memory receiving replication %d", rep), -1;
    double *psa = replication_views(run, rep, arms);
    int status;
#pragma omp critical(spsim_ranks)
    status = spsim_ranks_receive(rep, from, arms, run->n_arms, psa, run->n_psa_keys);
    if (status != 0) return snprintf(err, errlen, "cannot receive replication %d", rep), -1;
    if (reckon_received(s, rep, run, err, errlen) != 0) return -1;
    return replication_done(opt, run, q, rep, err, errlen);
}

/* The writing rank: the other ranks' replications that have come (between its own, so the
 * senders need not wait) or, with `wait`, every one still to come, until each rank has said
 * its share is sent. A rank that a stop ended early sends fewer: the writer takes what there
 * is and never waits for a replication that was not run. One thread at a time. */
static int receive_arrivals(const spsim_scenario *s, const spsim_run_options *opt, spsim_run *run,
                            writer_queue *q, unsigned char *ran, bool wait, char *err,
                            size_t errlen)
{
    while (q->ended < spsim_ranks() - 1) {
        double cpu = 0;
        int rep = -1, from = -1, kind;
#pragma omp critical(spsim_ranks)
        kind = spsim_ranks_next(&rep, &from, &cpu, wait);
        if (kind == 2) return 0; /* nothing more yet */
        if (kind < 0) return snprintf(err, errlen, "cannot receive from the other ranks"), -1;
        if (kind == 0) {
            q->ended++;
            q->others_cpu += cpu;
            continue;
        }
        if (rep < q->first || rep >= q->last || ran[rep - q->first])
            return snprintf(err, errlen, "rank %d sent replication %d, not one dealt to it", from,
                            rep),
                   -1;
        if (receive_replication(s, opt, run, q, rep, from, err, errlen) != 0) return -1;
        ran[rep - q->first] = 1;
        if (opt->progress) {
#pragma omp critical(spsim_progress)
            show_progress(opt->progress, ++q->shown, q->last - q->first, q->started);
        }
    }
    return 0;
}

/* Every rank, once its own replications are done: every replication run anywhere, so each
 * rank holds the whole run (each reckons the money of those it receives from their parameter
 * draws, as the writer does). The ranks first agree which rank ran each (`owner`: this rank's
 * own, -1 elsewhere) and whether any failed, so they all exchange the same ones in the same
 * order. */
static int share_all(const spsim_scenario *s, const spsim_run_options *opt, spsim_run *run,
                     writer_queue *q, unsigned char *ran, int *owners, int *failed, char *err,
                     size_t errlen)
{
    int any_failed = *failed;
    if (spsim_ranks_agree(owners, q->last - q->first, &any_failed) != 0)
        return snprintf(err, errlen, "cannot agree with the other ranks"), -1;
    if (any_failed) {
        if (!*failed) snprintf(err, errlen, "a replication failed on another rank");
        return -1;
    }
    for (int rep = q->first; rep < q->last; rep++) {
        int owner = owners[rep - q->first];
        if (owner < 0) continue;
        ran[rep - q->first] = 1;
        bool mine = owner == spsim_rank();
        spsim_arm_results *arms[SPSIM_MAX_ARMS];
        if (!mine && init_replication(run, rep) != 0)
            return snprintf(err, errlen, "out of memory receiving replication %d", rep), -1;
        double *psa = replication_views(run, rep, arms);
        if (spsim_ranks_share(rep, owner, arms, run->n_arms, psa, run->n_psa_keys) != 0)
            return snprintf(err, errlen, "cannot share replication %d", rep), -1;
        if (!mine && (reckon_received(s, rep, run, err, errlen) != 0 ||
                      replication_done(opt, run, q, rep, err, errlen) != 0))
            return -1;
    }
    return 0;
}

/* Room for the figures of every arm of replication rep, without its weekly series (a rank that
 * receives only figures never holds another's series). */
static int init_figures(spsim_run *run, int rep)
{
    if (init_replication(run, rep) != 0) return -1;
    for (int a = 0; a < run->n_arms; a++) spsim_arm_results_release_weekly(&run->results[a][rep]);
    return 0;
}

/* Every rank, once its own replications are done (and, when they went to the writer, once the
 * writer has them all): every replication's figures and money, each from the rank that ran it,
 * in index order, as share_all does with whole replications. No rank receives a weekly series,
 * so each holds what one process holds once the writer has released them. The writer, which
 * received the others' whole, takes the same figures again (the same values bit for bit). */
static int share_figures(const spsim_scenario *s, spsim_run *run, writer_queue *q,
                         unsigned char *ran, int *owners, int failed, char *err, size_t errlen)
{
    int any_failed = failed;
    if (spsim_ranks_agree(owners, q->last - q->first, &any_failed) != 0)
        return snprintf(err, errlen, "cannot agree with the other ranks"), -1;
    if (any_failed) {
        if (!failed) snprintf(err, errlen, "a replication failed on another rank");
        return -1;
    }
    size_t money = spsim_economics_packed_size(s, run->n_weeks);
    for (int rep = q->first; rep < q->last; rep++) {
        int owner = owners[rep - q->first];
        if (owner < 0) continue;
        bool mine = owner == spsim_rank(), held = mine || ran[rep - q->first];
        ran[rep - q->first] = 1;
        spsim_arm_results *arms[SPSIM_MAX_ARMS];
        if (!held && init_figures(run, rep) != 0)
            return snprintf(err, errlen, "out of memory receiving replication %d", rep), -1;
        double *psa = replication_views(run, rep, arms);
        if (spsim_ranks_share_figures(rep, owner, arms, run->n_arms, psa, run->n_psa_keys, money) !=
            0)
            return snprintf(err, errlen, "cannot share replication %d's figures", rep), -1;
    }
    return 0;
}

/* How many ranks share this run's replications: 1 for a rank-local run. */
static int ranks_sharing(const spsim_run_options *opt)
{
    return opt->rank_local ? 1 : spsim_ranks();
}

/* The writing rank, after each of its own replications when they go to it across ranks: the
 * others' that have come meanwhile. 0 or -1. */
static int take_arrivals(const spsim_scenario *s, const spsim_run_options *opt, spsim_run *run,
                         writer_queue *q, unsigned char *ran, bool to_writer, char *err,
                         size_t errlen)
{
    if (!to_writer) return 0;
    int status;
#pragma omp critical(spsim_arrivals)
    status = receive_arrivals(s, opt, run, q, ran, false, err, errlen);
    return status;
}

/* After a rank's own replications, when they went to the writer: every other rank tells the
 * writer its share is sent, the writer takes them. A rank that failed itself takes no part
 * (main stops every rank). False on failure, with a message in err. */
static bool gather_at_writer(const spsim_scenario *s, const spsim_run_options *opt, spsim_run *run,
                             writer_queue *q, unsigned char *ran, int failed, double cpu_started,
                             char *err, size_t errlen)
{
    if (failed) return false;
    if (!spsim_rank_is_writer()) {
        if (spsim_ranks_send_end(cpu_seconds_now() - cpu_started) == 0) return true;
        snprintf(err, errlen, "cannot tell the writer this rank's share is sent");
        return false;
    }
    int status;
#pragma omp critical(spsim_arrivals)
    status = receive_arrivals(s, opt, run, q, ran, true, err, errlen);
    return status == 0;
}

/* After a rank's own replications: the writer's exchange (when they went to it), then every
 * rank's figures (share_figures) or, for a run that is neither, every rank's whole run. False
 * on failure, with a message in err. */
static bool gather_ranks(const spsim_scenario *s, const spsim_run_options *opt, spsim_run *run,
                         writer_queue *q, unsigned char *ran, int *owners, bool to_writer,
                         int failed, double cpu_started, char *err, size_t errlen)
{
    if (to_writer && !gather_at_writer(s, opt, run, q, ran, failed, cpu_started, err, errlen))
        return false;
    if (opt->share_figures) return share_figures(s, run, q, ran, owners, failed, err, errlen) == 0;
    if (!to_writer) return share_all(s, opt, run, q, ran, owners, &failed, err, errlen) == 0;
    return true;
}

/* Across ranks, whether a range's replications go whole to the writer as they finish: always
 * in a writer-only run; with share_figures when the writer writes them (has on_done), which
 * only the writer knows (a tornado's base is written, its variants are not), so it says.
 * Collective when sharing figures. */
static bool goes_to_writer(const spsim_run_options *opt)
{
    if (opt->writer_only || !opt->share_figures) return opt->writer_only;
    int writes = spsim_rank_is_writer() && opt->on_done != NULL;
    if (spsim_ranks_broadcast_ints(&writes, 1) != 0) return false;
    return writes != 0;
}

/* What the replications of one range share while they run: the lowest failing replication's
 * message (whatever the schedule), the writer's state, and which ran. */
typedef struct {
    const spsim_scenario *s;
    const spsim_run_options *opt;
    spsim_run *run;
    writer_queue queue;
    unsigned char *ran; /* [last - first]: ran here, or (writer) received */
    int *owners;        /* [last - first] across ranks: this rank for its own, else -1 */
    bool to_writer;     /* across ranks: each replication goes whole to the writer */
    int failed, exhausted;
    int writer_failed; /* the writer failed: nothing more can be kept */
    int first_failed;
    char first_err[512];
    spsim_sampler_cache *samplers; /* [thread]: each thread's quantile tables (samplers.h) */
} range_run;

static bool range_stopping(range_run *r)
{
    int give_up;
#pragma omp atomic read
    give_up = r->writer_failed;
    return (r->opt->stop && *r->opt->stop) || give_up;
}

static void note_failure(range_run *r, int rep, const char *message)
{
#pragma omp atomic write
    r->failed = 1;
#pragma omp critical(spsim_first_error)
    if (rep < r->first_failed) {
        r->first_failed = rep;
        snprintf(r->first_err, sizeof r->first_err, "%s", message);
    }
}

/* One replication (all its arms), then its hand-over: to the writer here, or sent to it. */
static void run_one(range_run *r, int rep)
{
    const spsim_run_options *opt = r->opt;
    int first = r->queue.first;
    if (range_stopping(r)) return;
    unsigned long long before[SPSIM_N_VARIATE_KINDS] = {0};
    SPSIM_VARIATES_BEFORE(before);
    char rep_err[512] = "";
    int status = run_replication(r->s, rep, r->run, opt->events, &r->samplers[omp_get_thread_num()],
                                 rep_err, sizeof rep_err);
    if (status == SPSIM_REPLICATION_STREAM_EXHAUSTED) {
#pragma omp atomic write
        r->exhausted = 1;
    }
    if (status == 0 && r->to_writer && !spsim_rank_is_writer()) {
        if (send_replication(r->run, rep, opt->share_figures) != 0) {
            snprintf(rep_err, sizeof rep_err, "cannot send replication %d to the writer", rep);
            status = -1;
        }
    } else if (status == 0 &&
               (replication_done(opt, r->run, &r->queue, rep, rep_err, sizeof rep_err) != 0 ||
                take_arrivals(r->s, opt, r->run, &r->queue, r->ran, r->to_writer, rep_err,
                              sizeof rep_err) != 0)) {
        status = -1;
#pragma omp atomic write
        r->writer_failed = 1;
    }
    if (status != 0) {
        note_failure(r, rep, rep_err);
    } else {
        r->ran[rep - first] = 1;
        if (r->owners) r->owners[rep - first] = spsim_rank();
#pragma omp atomic update
        r->run->replications_run_here++;
    }
    SPSIM_ADD_VARIATES_SINCE(r->run, before);
    if (opt->progress) {
#pragma omp critical(spsim_progress)
        show_progress(opt->progress, ++r->queue.shown, r->queue.last - first, r->queue.started);
    }
}

/* Across ranks: every thread of every rank takes the next replication from the dealer as it
 * finishes the last, so no rank idles while another has several left (the writing rank, busy
 * writing too, runs fewer). A stop ends the taking; one dealt but not run leaves a gap that
 * leading_done drops. */
static void run_dealt(range_run *r, int last)
{
    if (spsim_ranks_deal_start(r->queue.first) != 0) {
        note_failure(r, r->queue.first, "cannot start dealing replications to the ranks");
        return;
    }
#pragma omp parallel
    for (;;) {
        if (range_stopping(r)) break;
        int rep;
#pragma omp critical(spsim_ranks)
        rep = spsim_ranks_deal_next();
        if (rep < 0) {
            note_failure(r, last, "cannot take a replication from the dealer on rank 0");
            break;
        }
        if (rep >= last) break;
        run_one(r, rep);
    }
}

/* Runs replications [first, last) of every arm into `run`, whose results hold at least `last`;
 * adds the time taken to the run's. Returns 0, or -1 with a message. */
static int run_range(const spsim_scenario *s, const spsim_run_options *opt, spsim_run *run,
                     int first, int last, char *err, size_t errlen)
{
    if (opt->threads > 0) omp_set_num_threads(opt->threads);
    double started = omp_get_wtime(), cpu_started = cpu_seconds_now();
    size_t span = last > first ? (size_t)(last - first) : 1;
    bool across = ranks_sharing(opt) > 1;
    range_run r = {.s = s,
                   .opt = opt,
                   .run = run,
                   .queue = {.first = first,
                             .last = last,
                             .next = first,
                             .ordered = !across,
                             .finished = calloc(span, 1),
                             .started = started},
                   .ran = calloc(span, 1),
                   .owners = across ? malloc(span * sizeof(int)) : NULL,
                   .first_failed = last,
                   .samplers = calloc((size_t)omp_get_max_threads(), sizeof(spsim_sampler_cache))};
    if (!r.ran || !r.queue.finished || (across && !r.owners) || !r.samplers) {
        free(r.ran);
        free(r.queue.finished);
        free(r.owners);
        free(r.samplers);
        snprintf(err, errlen, "out of memory starting %d replications", last - first);
        return -1;
    }
    for (size_t i = 0; across && i < span; i++) r.owners[i] = -1;
    r.to_writer = across && goes_to_writer(opt);

    /* Each replication (all its arms) is one task; a replication's results depend only on its
     * number, so the schedule cannot change them. Money is reckoned once the engine is done.
     * Once the stop flag is set (or the writer failed) the rest are skipped. */
    if (across) {
        run_dealt(&r, last);
    } else {
#pragma omp parallel for schedule(dynamic, 1)
        for (int rep = first; rep < last; rep++) run_one(&r, rep);
    }
    int failed = r.failed;
    if (across && !gather_ranks(s, opt, run, &r.queue, r.ran, r.owners, r.to_writer, failed,
                                cpu_started, r.first_err, sizeof r.first_err))
        failed = 1;
    run->wall_seconds += omp_get_wtime() - started;
    /* Under MPI the writer's figure includes the other ranks' (they say it with their end). */
    run->cpu_seconds += cpu_seconds_now() - cpu_started + r.queue.others_cpu;
    run->replications_done = leading_done(r.ran, first, last);
    run->stopped = !failed && run->replications_done < last;
    for (int t = 0; t < omp_get_max_threads(); t++) spsim_sampler_cache_free(&r.samplers[t]);
    free(r.samplers);
    free(r.ran);
    free(r.owners);
    free(r.queue.finished);
    if (!failed) return 0;
    snprintf(err, errlen, "%s",
             r.exhausted ? "a random stream drew more than its 2^34 numbers "
                           "(a sub-stream's capacity): shorten the horizon or "
                           "split the localities"
                         : r.first_err);
    return -1;
}

int spsim_run_continue(const spsim_scenario *s, const spsim_run_options *opt, spsim_run *run,
                       int first, char *err, size_t errlen)
{
    return run_range(s, opt, run, first, run->n_replications, err, errlen);
}

spsim_run *spsim_run_scenario(const spsim_scenario *s, const spsim_run_options *opt, char *err,
                              size_t errlen)
{
    int replications = opt->replications > 0 ? opt->replications : s->replications;
    spsim_run *run = run_alloc(s, replications);
    if (!run) {
        snprintf(err, errlen, "out of memory allocating results for %d replications x %d arms",
                 replications, s->n_arms);
        return NULL;
    }
    if (run_range(s, opt, run, 0, replications, err, errlen) != 0) {
        spsim_run_free(run);
        return NULL;
    }
    return run;
}

/* Makes room for `replications` in every arm, each new one zeroed (run_replication allocates
 * its results); the run's count grows only once every arm has them. */
static int grow_results(spsim_run *run, int replications)
{
    for (int a = 0; a < run->n_arms; a++) {
        spsim_arm_results *grown =
            realloc(run->results[a], (size_t)replications * sizeof *run->results[a]);
        if (!grown) return -1;
        run->results[a] = grown;
        memset(&grown[run->n_replications], 0,
               (size_t)(replications - run->n_replications) * sizeof *grown);
    }
    return 0;
}

/* Room for the parameter draws of `replications` (when the run has any). */
static int grow_psa_values(spsim_run *run, int replications)
{
    if (run->n_psa_keys == 0) return 0;
    size_t n = (size_t)replications * (size_t)run->n_psa_keys;
    double *grown = realloc(run->psa_values, n * sizeof *grown);
    if (!grown) return -1;
    run->psa_values = grown;
    return 0;
}

int spsim_run_extend(spsim_run *run, const spsim_scenario *s, const spsim_run_options *opt,
                     int replications, char *err, size_t errlen)
{
    if (replications <= run->n_replications) return 0;
    if (grow_psa_values(run, replications) != 0 || grow_results(run, replications) != 0) {
        snprintf(err, errlen, "out of memory allocating results for %d replications x %d arms",
                 replications, s->n_arms);
        return -1;
    }
    int first = run->n_replications;
    run->n_replications = replications;
    return run_range(s, opt, run, first, replications, err, errlen);
}

void spsim_run_truncate(spsim_run *run, int replications)
{
    if (replications >= run->n_replications) return;
    for (int a = 0; a < run->n_arms; a++)
        for (int rep = replications; rep < run->n_replications; rep++) {
            spsim_economics_free(run->results[a][rep].economics);
            run->results[a][rep].economics = NULL;
            spsim_arm_results_free(&run->results[a][rep]);
        }
    run->n_replications = replications;
    if (run->replications_done > replications) run->replications_done = replications;
}
