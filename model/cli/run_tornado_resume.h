/* An interrupted `spsim run --tornado` and its --resume (docs/reliability.md, "Interrupt and
 * resume"; docs/output.md, "Partial files").
 *
 * Stopped in its base run, a tornado leaves the partial file a plain run leaves: the base's
 * replications done without a gap, and no variant. Stopped in its variants, it leaves the whole
 * base and the figures of every variant finished (the one in flight is dropped and run again).
 * --resume checks the file is of this very tornado, reads both back, finishes the base, skips
 * the variants done and runs the rest: each run depends only on the scenario, the seed and the
 * variant's values, so the finished file is the uninterrupted tornado's. */
#ifndef SPSIM_CLI_RUN_TORNADO_RESUME_H
#define SPSIM_CLI_RUN_TORNADO_RESUME_H

#include "run_tornado.h"
#include "engine/tornado.h"
#include "io/h5write.h"

/* What the partial file holds: the base's replications planned and done, the --keep it was run
 * with, and the variants done. */
typedef struct {
    int planned, base_done, variants_done;
    spsim_keep keep;
} spsim_tornado_resumed;

/* Reads and checks the partial file r->output for this tornado (scenario text, seed, arms, -r,
 * --keep; a partial file of another kind of run is refused): 0, or -1 with a message (exit
 * status 1). */
int spsim_tornado_read_resume(const spsim_scenario *s, const spsim_tornado_request *r,
                              spsim_tornado_resumed *out, char *err, size_t errlen);
/* Fills `base` (and the stream st) and `t` from the partial file: 0, or -1 with a message. */
int spsim_tornado_restore(spsim_h5_stream *st, const spsim_tornado_request *r,
                          const spsim_tornado_resumed *res, spsim_run *base, spsim_tornado *t,
                          char *err, size_t errlen);
/* A signal stopped the tornado: writes what is done as a partial file (nothing when no base
 * replication is done), says what it holds and how to resume; frees the stream and returns the
 * exit status, 128 + the signal. */
int spsim_tornado_write_partial(spsim_h5_stream *st, const spsim_tornado_request *r,
                                spsim_run *base, spsim_tornado *t);

#endif
