/* Writing a run to HDF5 (layout in docs/output.md) and reading the headline totals back.
 *
 * The file is written under a temporary name beside the target and renamed only once complete,
 * so a failed run never leaves a partial file under the output name. */
#ifndef SPSIM_H5WRITE_H
#define SPSIM_H5WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include "../scenario/params.h"
#include "../engine/runner.h"

/* What the file keeps of each replication (spsim run --keep): every replication's weekly
 * series (all, the default), none (summaries: the summaries across replications, totals,
 * money and decision only), or the first N replications' series (sample:N). */
typedef enum {
    SPSIM_KEEP_ALL,
    SPSIM_KEEP_SUMMARIES,
    SPSIM_KEEP_SAMPLE
} spsim_keep_mode;

typedef struct {
    spsim_keep_mode mode;
    int sample; /* N of sample:N, >= 1 */
} spsim_keep;

/* "all", "summaries" or "sample:N" (N from 1 to 1000000): 0, or -1 when it is none of them. */
int spsim_keep_parse(const char *text, spsim_keep *out);
void spsim_keep_format(spsim_keep keep, char *buf, size_t len);
/* The replications whose weekly series a file of `replications` keeps. */
int spsim_keep_series(spsim_keep keep, int replications);

/* A results file written as the run goes (h5stream.c): opened before the simulation, each
 * replication handed over as soon as it is done (spsim_h5_stream_on_done, the runner's
 * on_done), finished once the run is. The file is written under a temporary name (and, unless
 * every series is kept, a scratch file of the series beside it) and renamed only when complete,
 * so neither a failure nor an interrupt leaves a half-written file under the output name. */
typedef struct spsim_h5_stream spsim_h5_stream;

spsim_h5_stream *spsim_h5_stream_open(const char *path, const spsim_scenario *s, int replications,
                                      spsim_keep keep, char *err, size_t errlen);
/* spsim_replication_done for the runner: context is the stream. */
int spsim_h5_stream_on_done(void *stream, const spsim_run *run, int replication, char *err,
                            size_t errlen);
/* Fills replications 0 .. completed - 1 of `run` and of the stream from the partial file at
 * `partial_path` (checked with spsim_h5_read_partial first). */
int spsim_h5_stream_restore(spsim_h5_stream *st, const char *partial_path, spsim_run *run,
                            int completed, char *err, size_t errlen);
/* Writes the rest of the file from `run` (every replication of it handed over) and renames it
 * into place; `partial`: the run was stopped and holds run->n_replications of the `planned`
 * replications the stream was opened for. Frees the stream, whatever the outcome. */
int spsim_h5_stream_finish(spsim_h5_stream *st, const spsim_run *run, bool partial, char *err,
                           size_t errlen);
/* Removes the temporary files and frees the stream. */
void spsim_h5_stream_abandon(spsim_h5_stream *st);
/* The temporary file (0) and the scratch file (1, "" when there is none), for a signal handler
 * that has to remove them at once. */
const char *spsim_h5_stream_temp_path(const spsim_h5_stream *st, int which);

/* What a partial file says of itself (spsim_h5_read_partial). */
typedef struct {
    int completed, planned;
    unsigned long long seed;
    char keep[32]; /* "all" when the file has no keep attribute */
    char arms[1024];
    char *scenario_text; /* malloc'd; freed by spsim_h5_partial_free */
    /* A run to a precision (0 and zeros for a fixed count): what it asked for and where its
     * stopping rule stands (spsim_run_precision's fields of the same names). */
    double precision;
    int pilot, max_replications, rounds, round_target, assessed_through;
    /* An interrupted --tornado (0 and 0 for another run): the variants it runs (2 x keys) and
     * those whose figures /tornado_resume_state holds, in the order key * 2 + bound. */
    int tornado_variants, tornado_variants_done;
} spsim_h5_partial;

/* Reads `path` as a partial file: -1 with a message when it cannot be read or is not partial. */
int spsim_h5_read_partial(const char *path, spsim_h5_partial *p, char *err, size_t errlen);
void spsim_h5_partial_free(spsim_h5_partial *p);
/* Fills the first `variants_done` variants' values and figures of `t` (prepared for the same
 * scenario) from the partial file at `path`, and sets t->variants_done; -1 with a message when
 * the file lacks them or a value is not the one the scenario gives (h5tornado.c). */
int spsim_h5_read_tornado_state(const char *path, struct spsim_tornado *t, int variants_done,
                                char *err, size_t errlen);

/* A whole run in memory, written at once (the same writer). Returns 0, or -1 with a message
 * naming what failed in err. */
int spsim_h5_write(const char *path, const spsim_scenario *s, const spsim_run *run, char *err,
                   size_t errlen);
/* The same, naming the run's run->n_psa_keys uncertain keys (psa_key_names[k] for column k of
 * run->psa_values), so that the file can say what each EVPPI is of; spsim_h5_write passes NULL,
 * and without names no EVPPI is written. */
int spsim_h5_write_psa(const char *path, const spsim_scenario *s, const spsim_run *run,
                       const char *const *psa_key_names, char *err, size_t errlen);
/* spsim_h5_write keeping what `keep` says. */
int spsim_h5_write_kept(const char *path, const spsim_scenario *s, const spsim_run *run,
                        spsim_keep keep, char *err, size_t errlen);

#endif
