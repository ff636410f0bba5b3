/* Runs beyond one machine: MPI ranks share a run's replications (docs/scaling.md).
 *
 * Replication r belongs to rank r mod ranks; every rank runs its own, and rank 0, the writer,
 * receives the others' results as they finish. A replication's results depend only on
 * (scenario, seed, r), so the file rank 0 writes is the one a single process writes, bit for
 * bit. Without an SPSIM_MPI build, or when spsim was not started by mpirun/srun, there is one
 * rank and every function here is trivial. */
#ifndef SPSIM_RANKS_H
#define SPSIM_RANKS_H

#include <stdbool.h>
#include "../results/series.h"

/* Starts MPI when spsim was launched by an MPI launcher (mpirun, srun); call once from main.
 * Returns 0, or -1 with a message on stderr. */
int spsim_ranks_start(int *argc, char ***argv);
/* Ends MPI (when started); call once before main returns. */
void spsim_ranks_finish(void);
/* Stops every rank with this exit status (one rank's failure must not leave the others
 * waiting for it). Returns only without MPI. */
void spsim_ranks_abort(int status);

int spsim_rank(void);  /* this rank, 0 .. spsim_ranks() - 1 */
int spsim_ranks(void); /* how many share the run; 1 without MPI */
static inline bool spsim_rank_is_writer(void)
{
    return spsim_rank() == 0;
}
/* The rank that runs replication `rep` of a run's replications from `first` on. */
static inline int spsim_rank_of(int rep, int first)
{
    return (rep - first) % spsim_ranks();
}

/* Sends replication rep's results (every arm, and its n_psa parameter draws) to the writer. */
int spsim_ranks_send(int rep, spsim_arm_results *const *arms, int n_arms, const double *psa,
                     int n_psa);
/* Receives replication rep from its rank into arms (initialised, same shape) and psa. */
int spsim_ranks_receive(int rep, int from, spsim_arm_results *const *arms, int n_arms, double *psa,
                        int n_psa);
/* Waits for every rank (the end of a run's range). */
void spsim_ranks_barrier(void);

#endif
