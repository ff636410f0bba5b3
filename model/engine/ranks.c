#include "ranks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "economics/economics_pack.h"
#include "results/pack.h"
#include "scenario/params.h"

#ifdef SPSIM_MPI
#include <mpi.h>

static int rank_id = 0, rank_count = 1;

/* The tag of a rank's end of its share: above every replication's tag (MPI guarantees tags up
 * to 32767; OpenMPI's reach 2^31 - 1, checked at start-up). */
enum {
    END_TAG = SPSIM_MAX_REPLICATIONS + 1
};
static bool mpi_started = false;

/* The dealer: one int on rank 0, the next replication of the range being run, which every rank
 * takes from by an atomic fetch-and-add (MPI one-sided; within a node OpenMPI does it in shared
 * memory, without rank 0's attention), so a rank that finishes early takes more. */
static MPI_Win dealer_window = MPI_WIN_NULL;
static int *dealer_next;

/* Launched by an MPI launcher: OpenMPI's mpirun, or a PMI/PMIx one such as Slurm's srun. A
 * plain `spsim run` on a laptop does not start MPI (singleton start-up costs time and, as
 * root, may refuse). */
static bool launched_by_mpi(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

int spsim_ranks_start(int *argc, char ***argv)
{
    if (!launched_by_mpi()) return 0;
    int provided = 0;
    /* Any OpenMP thread may send or receive, one at a time (critical(spsim_ranks) in runner.c). */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "spsim: cannot start MPI\n");
        return -1;
    }
    mpi_started = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_id);
    MPI_Comm_size(MPI_COMM_WORLD, &rank_count);
    int *tag_ub = NULL, found = 0;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &tag_ub, &found);
    if (found && *tag_ub < END_TAG) {
        fprintf(stderr, "spsim: this MPI's largest message tag (%d) is below the %d a run needs\n",
                *tag_ub, END_TAG);
        return -1;
    }
    if (MPI_Win_allocate(rank_id == 0 ? (MPI_Aint)sizeof(int) : 0, sizeof(int), MPI_INFO_NULL,
                         MPI_COMM_WORLD, &dealer_next, &dealer_window) != MPI_SUCCESS ||
        MPI_Win_lock_all(MPI_MODE_NOCHECK, dealer_window) != MPI_SUCCESS) {
        fprintf(stderr, "spsim: cannot set up the replication dealer across ranks\n");
        return -1;
    }
    return 0;
}

void spsim_ranks_finish(void)
{
    if (dealer_window != MPI_WIN_NULL) {
        MPI_Win_unlock_all(dealer_window);
        MPI_Win_free(&dealer_window);
    }
    if (mpi_started) MPI_Finalize();
    mpi_started = false;
}

void spsim_ranks_abort(int status)
{
    if (mpi_started && rank_count > 1) MPI_Abort(MPI_COMM_WORLD, status);
}

int spsim_rank(void)
{
    return rank_id;
}
int spsim_ranks(void)
{
    return rank_count;
}

void spsim_ranks_barrier(void)
{
    if (mpi_started) MPI_Barrier(MPI_COMM_WORLD);
}

int spsim_ranks_deal_start(int first)
{
    if (!mpi_started) return 0;
    int status = 0;
    if (rank_id == 0) {
        int ignored;
        status = MPI_Fetch_and_op(&first, &ignored, MPI_INT, 0, 0, MPI_REPLACE, dealer_window) ==
                             MPI_SUCCESS &&
                         MPI_Win_flush(0, dealer_window) == MPI_SUCCESS
                     ? 0
                     : -1;
    }
    /* No rank takes from the range before the dealer holds its first replication. */
    return MPI_Barrier(MPI_COMM_WORLD) == MPI_SUCCESS ? status : -1;
}

int spsim_ranks_deal_next(void)
{
    int one = 1, next = -1;
    if (MPI_Fetch_and_op(&one, &next, MPI_INT, 0, 0, MPI_SUM, dealer_window) != MPI_SUCCESS ||
        MPI_Win_flush(0, dealer_window) != MPI_SUCCESS)
        return -1;
    return next;
}

/* One message per replication: every arm's packed results, then the parameter draws. */
static size_t message_doubles(spsim_arm_results *const *arms, int n_arms, int n_psa)
{
    return (size_t)n_arms * spsim_arm_results_packed_size(arms[0]->n_weeks, arms[0]->n_localities) +
           (size_t)n_psa;
}

/* Sends under way: a rank goes on with its next replication while the writer has not yet
 * taken the last (a blocking send of a large message waits for the writer's receive, which
 * would leave this rank idle for as long as the writer is busy). Each buffer is freed once its
 * send completes. */
typedef struct {
    MPI_Request request;
    double *message;
} pending_send;

static pending_send *pending;
static int n_pending, pending_room;

/* Frees the buffers of the sends that have completed; with `wait`, waits for all. 0 or -1. */
static int reap_sends(bool wait)
{
    int kept = 0, status = 0;
    for (int i = 0; i < n_pending; i++) {
        int done = 0;
        MPI_Request *request = &pending[i].request;
        /* Each request was started by MPI_Isend in an earlier spsim_ranks_send, a call the
         * analyzer's MPI checker does not follow. */
        // NOLINTNEXTLINE(clang-analyzer-optin.mpi.MPI-Checker)
        int code = wait ? MPI_Wait(request, MPI_STATUS_IGNORE)
                        : MPI_Test(request, &done, MPI_STATUS_IGNORE);
        if (code != MPI_SUCCESS) status = -1, done = 1;
        if (wait || done)
            free(pending[i].message);
        else
            pending[kept++] = pending[i];
    }
    n_pending = kept;
    return status;
}

int spsim_ranks_send(int rep, spsim_arm_results *const *arms, int n_arms, const double *psa,
                     int n_psa)
{
    size_t per_arm = spsim_arm_results_packed_size(arms[0]->n_weeks, arms[0]->n_localities);
    size_t n = message_doubles(arms, n_arms, n_psa);
    /* MPI counts are ints: a message beyond 2^31 doubles (16 GiB) is refused rather than cut. */
    if (n > (size_t)0x7fffffff || reap_sends(false) != 0) return -1;
    if (n_pending == pending_room) {
        int room = pending_room ? 2 * pending_room : 16;
        pending_send *grown = realloc(pending, (size_t)room * sizeof *grown);
        if (!grown) return -1;
        pending = grown, pending_room = room;
    }
    double *message = malloc(n * sizeof *message);
    if (!message) return -1;
    for (int a = 0; a < n_arms; a++) spsim_arm_results_pack(arms[a], message + (size_t)a * per_arm);
    for (int k = 0; k < n_psa; k++) message[(size_t)n_arms * per_arm + (size_t)k] = psa[k];
    /* The tag is the replication, so the writer knows which it is. */
    pending_send *p = &pending[n_pending];
    if (MPI_Isend(message, (int)n, MPI_DOUBLE, 0, rep, MPI_COMM_WORLD, &p->request) != MPI_SUCCESS)
        return free(message), -1;
    p->message = message;
    n_pending++;
    return 0;
}

int spsim_ranks_receive(int rep, int from, spsim_arm_results *const *arms, int n_arms, double *psa,
                        int n_psa)
{
    size_t per_arm = spsim_arm_results_packed_size(arms[0]->n_weeks, arms[0]->n_localities);
    size_t n = message_doubles(arms, n_arms, n_psa);
    double *message = malloc(n * sizeof *message);
    if (!message || n > (size_t)0x7fffffff) return free(message), -1;
    int status = MPI_Recv(message, (int)n, MPI_DOUBLE, from, rep, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE) == MPI_SUCCESS
                     ? 0
                     : -1;
    if (status == 0) {
        for (int a = 0; a < n_arms; a++)
            spsim_arm_results_unpack(arms[a], message + (size_t)a * per_arm);
        for (int k = 0; k < n_psa; k++) psa[k] = message[(size_t)n_arms * per_arm + (size_t)k];
    }
    free(message);
    return status;
}

int spsim_ranks_send_end(double cpu_seconds)
{
    if (reap_sends(true) != 0) return -1; /* every replication first */
    free(pending);
    pending = NULL, pending_room = 0;
    return MPI_Send(&cpu_seconds, 1, MPI_DOUBLE, 0, END_TAG, MPI_COMM_WORLD) == MPI_SUCCESS ? 0
                                                                                            : -1;
}

int spsim_ranks_next(int *rep, int *from, double *cpu_seconds, bool wait)
{
    MPI_Status status;
    int waiting = 1;
    if ((wait ? MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status)
              : MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &status)) !=
        MPI_SUCCESS)
        return -1;
    if (!waiting) return 2;
    *from = status.MPI_SOURCE;
    if (status.MPI_TAG != END_TAG) return *rep = status.MPI_TAG, 1;
    return MPI_Recv(cpu_seconds, 1, MPI_DOUBLE, *from, END_TAG, MPI_COMM_WORLD,
                    MPI_STATUS_IGNORE) == MPI_SUCCESS
               ? 0
               : -1;
}

int spsim_ranks_agree(int *owner, int n, int *failed)
{
    if (MPI_Allreduce(MPI_IN_PLACE, failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD) != MPI_SUCCESS)
        return -1;
    return MPI_Allreduce(MPI_IN_PLACE, owner, n, MPI_INT, MPI_MAX, MPI_COMM_WORLD) == MPI_SUCCESS
               ? 0
               : -1;
}

int spsim_ranks_share(int rep, int owner, spsim_arm_results *const *arms, int n_arms, double *psa,
                      int n_psa)
{
    (void)rep; /* collective: every rank names the same replication in the same order */
    size_t per_arm = spsim_arm_results_packed_size(arms[0]->n_weeks, arms[0]->n_localities);
    size_t n = message_doubles(arms, n_arms, n_psa);
    double *message = malloc(n * sizeof *message);
    /* Every rank must take part whatever happens here, or the others wait for ever: a rank
     * that cannot stops the whole run instead (main's abort). */
    if (!message || n > (size_t)0x7fffffff) return free(message), -1;
    bool mine = rank_id == owner;
    if (mine) {
        for (int a = 0; a < n_arms; a++)
            spsim_arm_results_pack(arms[a], message + (size_t)a * per_arm);
        for (int k = 0; k < n_psa; k++) message[(size_t)n_arms * per_arm + (size_t)k] = psa[k];
    }
    int status =
        MPI_Bcast(message, (int)n, MPI_DOUBLE, owner, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
    if (status == 0 && !mine) {
        for (int a = 0; a < n_arms; a++)
            spsim_arm_results_unpack(arms[a], message + (size_t)a * per_arm);
        for (int k = 0; k < n_psa; k++) psa[k] = message[(size_t)n_arms * per_arm + (size_t)k];
    }
    free(message);
    return status;
}

/* The figures' message: each arm's figures and money, then the parameter draws. */
static void pack_figures(spsim_arm_results *const *arms, int n_arms, const double *psa, int n_psa,
                         size_t per_arm, size_t figures, double *message)
{
    for (int a = 0; a < n_arms; a++) {
        double *at = message + (size_t)a * per_arm;
        spsim_arm_figures_pack(arms[a], at);
        spsim_economics_pack(arms[a]->economics, at + figures);
    }
    for (int k = 0; k < n_psa; k++) message[(size_t)n_arms * per_arm + (size_t)k] = psa[k];
}

static int unpack_figures(spsim_arm_results *const *arms, int n_arms, double *psa, int n_psa,
                          size_t per_arm, size_t figures, const double *message)
{
    for (int a = 0; a < n_arms; a++) {
        const double *at = message + (size_t)a * per_arm;
        spsim_arm_figures_unpack(arms[a], at);
        spsim_economics_free(arms[a]->economics);
        arms[a]->economics = spsim_economics_unpack(at + figures);
        if (!arms[a]->economics) return -1;
    }
    for (int k = 0; k < n_psa; k++) psa[k] = message[(size_t)n_arms * per_arm + (size_t)k];
    return 0;
}

int spsim_ranks_share_figures(int rep, int owner, spsim_arm_results *const *arms, int n_arms,
                              double *psa, int n_psa, size_t economics_doubles)
{
    (void)rep; /* collective: every rank names the same replication in the same order */
    size_t figures = spsim_arm_figures_packed_size(arms[0]->n_localities);
    size_t per_arm = figures + economics_doubles;
    size_t n = (size_t)n_arms * per_arm + (size_t)n_psa;
    double *message = malloc(n * sizeof *message);
    /* Every rank must take part whatever happens here (see spsim_ranks_share). */
    if (!message || n > (size_t)0x7fffffff) return free(message), -1;
    bool mine = rank_id == owner;
    if (mine) pack_figures(arms, n_arms, psa, n_psa, per_arm, figures, message);
    int status =
        MPI_Bcast(message, (int)n, MPI_DOUBLE, owner, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
    if (status == 0 && !mine)
        status = unpack_figures(arms, n_arms, psa, n_psa, per_arm, figures, message);
    free(message);
    return status;
}

/* Rank r's rows of n_rows split by row index mod ranks: r, r + ranks, ... */
static int rows_of_rank(int r, int n_rows)
{
    return r < n_rows ? (n_rows - 1 - r) / rank_count + 1 : 0;
}

int spsim_ranks_share_rows(double *rows, int n_rows, int row_len)
{
    if (!mpi_started || rank_count == 1) return 0;
    if ((size_t)n_rows * (size_t)row_len > (size_t)0x7fffffff) return -1; /* MPI counts are ints */
    int *counts = malloc((size_t)rank_count * sizeof *counts);
    int *offsets = malloc((size_t)rank_count * sizeof *offsets);
    double *gathered = malloc(((size_t)n_rows * row_len + 1) * sizeof *gathered);
    double *mine = malloc(((size_t)rows_of_rank(rank_id, n_rows) * row_len + 1) * sizeof *mine);
    /* Every rank must take part whatever happens here (see spsim_ranks_share). */
    int status = counts && offsets && gathered && mine ? 0 : -1;
    if (status == 0) {
        for (int r = 0, at = 0; r < rank_count; r++) {
            counts[r] = rows_of_rank(r, n_rows) * row_len;
            offsets[r] = at;
            at += counts[r];
        }
        for (int k = 0, i = rank_id; i < n_rows; k++, i += rank_count)
            memcpy(mine + (size_t)k * row_len, rows + (size_t)i * row_len,
                   (size_t)row_len * sizeof *rows);
        if (MPI_Allgatherv(mine, counts[rank_id], MPI_DOUBLE, gathered, counts, offsets, MPI_DOUBLE,
                           MPI_COMM_WORLD) != MPI_SUCCESS)
            status = -1;
    }
    /* Rank r's k-th row is row r + k * ranks. */
    for (int r = 0; status == 0 && r < rank_count; r++)
        for (int k = 0, i = r; i < n_rows; k++, i += rank_count)
            memcpy(rows + (size_t)i * row_len, gathered + offsets[r] + (size_t)k * row_len,
                   (size_t)row_len * sizeof *rows);
    free(counts);
    free(offsets);
    free(gathered);
    free(mine);
    return status;
}

int spsim_ranks_broadcast_ints(int *values, int n)
{
    if (!mpi_started) return 0;
    return MPI_Bcast(values, n, MPI_INT, 0, MPI_COMM_WORLD) == MPI_SUCCESS ? 0 : -1;
}

#else /* one process */

int spsim_ranks_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* Started as one of several ranks, a build without MPI would run the whole scenario in
     * each and race for the same output: refuse instead. */
    const char *size = getenv("OMPI_COMM_WORLD_SIZE");
    if (size && atoi(size) > 1) {
        fprintf(stderr,
                "spsim: this spsim was built without MPI, so %s ranks would each run the "
                "whole scenario: build with cmake -DSPSIM_MPI=ON (docs/scaling.md)\n",
                size);
        return -1;
    }
    return 0;
}
void spsim_ranks_finish(void)
{
}
void spsim_ranks_abort(int status)
{
    (void)status;
}
int spsim_rank(void)
{
    return 0;
}
int spsim_ranks(void)
{
    return 1;
}
void spsim_ranks_barrier(void)
{
}
int spsim_ranks_send(int rep, spsim_arm_results *const *arms, int n_arms, const double *psa,
                     int n_psa)
{
    (void)rep, (void)arms, (void)n_arms, (void)psa, (void)n_psa;
    return -1; /* never called: one rank sends nothing */
}
int spsim_ranks_receive(int rep, int from, spsim_arm_results *const *arms, int n_arms, double *psa,
                        int n_psa)
{
    (void)rep, (void)from, (void)arms, (void)n_arms, (void)psa, (void)n_psa;
    return -1;
}
int spsim_ranks_send_end(double cpu_seconds)
{
    (void)cpu_seconds;
    return -1;
}
int spsim_ranks_next(int *rep, int *from, double *cpu_seconds, bool wait)
{
    (void)rep, (void)from, (void)cpu_seconds, (void)wait;
    return -1;
}
int spsim_ranks_deal_start(int first)
{
    (void)first;
    return 0;
}
int spsim_ranks_deal_next(void)
{
    return -1; /* never called: one rank deals to itself through OpenMP */
}
int spsim_ranks_agree(int *owner, int n, int *failed)
{
    (void)owner, (void)n, (void)failed;
    return 0; /* one rank agrees with itself */
}
int spsim_ranks_share(int rep, int owner, spsim_arm_results *const *arms, int n_arms, double *psa,
                      int n_psa)
{
    (void)rep, (void)owner, (void)arms, (void)n_arms, (void)psa, (void)n_psa;
    return -1;
}
int spsim_ranks_share_figures(int rep, int owner, spsim_arm_results *const *arms, int n_arms,
                              double *psa, int n_psa, size_t economics_doubles)
{
    (void)rep, (void)owner, (void)arms, (void)n_arms, (void)psa, (void)n_psa;
    (void)economics_doubles;
    return -1;
}
int spsim_ranks_share_rows(double *rows, int n_rows, int row_len)
{
    (void)rows, (void)n_rows, (void)row_len;
    return 0; /* one rank filled every row */
}
int spsim_ranks_broadcast_ints(int *values, int n)
{
    (void)values, (void)n;
    return 0;
}

#endif
