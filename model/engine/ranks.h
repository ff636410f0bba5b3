/* Runs beyond one machine: MPI ranks share a run's replications (docs/scaling.md).
 *
 * The replications of a run are dealt out on demand: every rank's threads take the next one from
 * a counter on rank 0 (spsim_ranks_deal_start, spsim_ranks_deal_next) as each finishes the last,
 * so the writing rank, which also writes, runs fewer. Then either the writer, rank 0, receives the others' as they finish (a streamed
 * run: spsim_ranks_send, spsim_ranks_next, spsim_ranks_receive, spsim_ranks_send_end), or
 * every rank receives every replication (spsim_ranks_agree, spsim_ranks_share), for commands
 * that read a run's results on every rank, or only its figures (spsim_ranks_share_figures). A replication's results depend only on (scenario,
 * seed, r), so what rank 0 writes is what a single process writes, bit for bit. Without an
 * SPSIM_MPI build, or when spsim was not started by mpirun/srun, there is one rank and every
 * function here is trivial. */
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
/* Rows (a calibration's particles) split statically: row `rep` of those from `first` on
 * belongs to this rank (spsim_ranks_share_rows). */
static inline int spsim_rank_of(int rep, int first)
{
    return (rep - first) % spsim_ranks();
}

/* Every rank, at the start of a range shared across ranks: the dealer's next replication is
 * `first`. Collective (a barrier: no rank takes before it is set). 0 or -1. */
int spsim_ranks_deal_start(int first);
/* The next replication to run (the range's end or beyond: none left), or -1 on failure. One
 * thread at a time. */
int spsim_ranks_deal_next(void);

/* Sends replication rep's results (every arm, and its n_psa parameter draws) to the writer,
 * returning before the writer has taken them (spsim_ranks_send_end waits for every send). */
int spsim_ranks_send(int rep, spsim_arm_results *const *arms, int n_arms, const double *psa,
                     int n_psa);
/* Receives replication rep from its rank into arms (initialised, same shape) and psa. */
int spsim_ranks_receive(int rep, int from, spsim_arm_results *const *arms, int n_arms, double *psa,
                        int n_psa);
/* Waits for every rank (the end of a run's range). */
void spsim_ranks_barrier(void);

/* A rank other than the writer has sent every replication of its share that it ran (all of
 * them, or fewer when a stop ended its loop early), which took cpu_seconds. 0 or -1. */
int spsim_ranks_send_end(double cpu_seconds);
/* The writer: the next message from any other rank, waiting for one when `wait`. Returns 1 for
 * a replication (*rep and *from set: receive it with spsim_ranks_receive), 0 for a rank's end
 * of its share (*from and that rank's *cpu_seconds set; taken already), 2 when none has come
 * (without wait), -1 on failure. */
int spsim_ranks_next(int *rep, int *from, double *cpu_seconds, bool wait);

/* Every rank ends with every replication (a run whose caller reads its results on every rank:
 * a sweep's variants, a sizing's probes). First the ranks agree which rank ran each
 * replication of [0, n) (owner[i]: the rank that ran it, -1 on every other rank; on return
 * the rank, or -1 when none did) and whether any failed (*failed likewise), so they all
 * exchange the same ones; 0 or -1. */
int spsim_ranks_agree(int *owner, int n, int *failed);
/* Then replication rep goes from its rank `owner` to every other: the owner's arms are read,
 * the others' (initialised, same shape) are filled, with its parameter draws. Every rank calls
 * it for the same replications in the same order. 0 or -1. */
int spsim_ranks_share(int rep, int owner, spsim_arm_results *const *arms, int n_arms, double *psa,
                      int n_psa);
/* Or, where the ranks need a replication's figures but not its weekly series (a run to a
 * precision's rounds, a tornado's runs): replication rep's figures (results/pack.h: reductions,
 * per-locality totals, totals and peaks), its money (economics_doubles per arm, the packed size
 * economics/economics_pack.h gives) and its parameter draws go from `owner` to every other rank,
 * whose arms need only their reductions and per-locality totals allocated (their money is
 * replaced). Every rank calls it for the same replications in the same order. 0 or -1. */
int spsim_ranks_share_figures(int rep, int owner, spsim_arm_results *const *arms, int n_arms,
                              double *psa, int n_psa, size_t economics_doubles);
/* Rows of a table split across ranks by row: row i (row_len doubles at rows + i * row_len) is
 * filled by rank spsim_rank_of(i, 0); on return every rank holds every row as its owner filled
 * it (MPI_Allgatherv). Called by every rank with the same shape, from one thread. 0 or -1. */
int spsim_ranks_share_rows(double *rows, int n_rows, int row_len);
/* The writer's n ints to every rank (what the others cannot know alone: how many replications a
 * resumed file holds). 0 or -1. */
int spsim_ranks_broadcast_ints(int *values, int n);

#endif
