#include "ranks.h"

#include <stdio.h>
#include <stdlib.h>

#include "results/pack.h"

#ifdef SPSIM_MPI
#include <mpi.h>

static int rank_id = 0, rank_count = 1;
static bool mpi_started = false;

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
    return 0;
}

void spsim_ranks_finish(void)
{
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

/* One message per replication: every arm's packed results, then the parameter draws. */
static size_t message_doubles(spsim_arm_results *const *arms, int n_arms, int n_psa)
{
    return (size_t)n_arms * spsim_arm_results_packed_size(arms[0]->n_weeks, arms[0]->n_localities) +
           (size_t)n_psa;
}

int spsim_ranks_send(int rep, spsim_arm_results *const *arms, int n_arms, const double *psa,
                     int n_psa)
{
    size_t per_arm = spsim_arm_results_packed_size(arms[0]->n_weeks, arms[0]->n_localities);
    size_t n = message_doubles(arms, n_arms, n_psa);
    double *message = malloc(n * sizeof *message);
    if (!message) return -1;
    for (int a = 0; a < n_arms; a++) spsim_arm_results_pack(arms[a], message + (size_t)a * per_arm);
    for (int k = 0; k < n_psa; k++) message[(size_t)n_arms * per_arm + (size_t)k] = psa[k];
    /* The tag is the replication, so the writer takes each in the order it wants. MPI counts
     * are ints: a message beyond 2^31 doubles (16 GiB) is refused rather than cut. */
    int status = n > (size_t)0x7fffffff ? -1
                 : MPI_Send(message, (int)n, MPI_DOUBLE, 0, rep, MPI_COMM_WORLD) == MPI_SUCCESS
                     ? 0
                     : -1;
    free(message);
    return status;
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

#endif
