/* One-way sensitivity (`spsim run --tornado`): how far each uncertain key alone moves the
 * incremental net monetary benefit.
 *
 * For each uncertain key of the scenario (the values written as distributions, uncertainty.h),
 * two variants: the key at its low value (the 2.5 % quantile of its distribution, truncated to
 * the key's range) and at its high value (the 97.5 % quantile), every other key at its mean; and
 * the base, every key at its mean. Correlations between keys play no part: each key moves
 * alone. Every variant runs with the scenario's seed and the same replications, so the arms and
 * the variants meet the same people with the same draws (common random numbers) and a
 * difference between variants is the key's, not chance's.
 *
 * The figure is the incremental net monetary benefit (GBP, at each variant's willingness to pay
 * per WELLBY) of each arm against the reference arm, the last arm of the run (scenario order,
 * or the order of --arms): the mean over replications of the arm's net monetary benefit minus
 * the reference's. With one arm it is that arm's own net monetary benefit, which is already
 * against no scheme. A key's swing is |high - low|. */
#ifndef SPSIM_TORNADO_H
#define SPSIM_TORNADO_H

#include <stdio.h>
#include "runner.h"

#define SPSIM_TORNADO_LOW_QUANTILE  0.025
#define SPSIM_TORNADO_HIGH_QUANTILE 0.975

enum {
    SPSIM_TORNADO_LOW,
    SPSIM_TORNADO_HIGH,
    SPSIM_TORNADO_N_BOUNDS
};

typedef struct spsim_tornado {
    int n_keys;        /* the scenario's uncertain keys, in file order */
    int reference_arm; /* index into the scenario's arms; -1 with one arm (against no scheme) */
    int n_compared;    /* arms set against the reference */
    int compared[SPSIM_MAX_ARMS];
    int replications;
    double *mean_value;               /* [key], in the key's own unit: the base's value */
    double *value;                    /* [key * 2 + bound], in the key's own unit */
    double *inmb;                     /* [(key * 2 + bound) * n_compared + c], GBP */
    double base_inmb[SPSIM_MAX_ARMS]; /* [c], GBP */
    /* Variants are run in the order key * 2 + bound; the first variants_done have their inmb
     * (an interrupted tornado's partial file keeps them, and --resume runs only the rest). */
    int variants_done;
} spsim_tornado;

/* 0 when `s` has values written as distributions; -1 with a message in err otherwise. */
int spsim_tornado_check(const spsim_scenario *s, char *err, size_t errlen);

/* Runs the base and both variants of every uncertain key of `s`, with a line per variant on
 * `progress` (NULL for none). *base_run gets the base's run (every key at its mean), to write
 * as the results file; it runs with `base_opt` (NULL: `opt`), which may stream it to the file,
 * and the variants with `opt` (only their mean net monetary benefits are kept, so `opt` may
 * release each replication's weekly series). NULL with a message in err when the scenario has
 * no distributions, a variant's value is refused, memory runs out, or the options' stop flag
 * stopped it (then *stopped, when not NULL, is set). */
spsim_tornado *spsim_tornado_run(const spsim_scenario *s, const spsim_run_options *opt,
                                 const spsim_run_options *base_opt, FILE *progress,
                                 spsim_run **base_run, bool *stopped, char *err, size_t errlen);
void spsim_tornado_free(spsim_tornado *t);

/* The tornado before anything has run (variants_done 0): each key's mean and each variant's
 * value, for `replications` of each run. NULL with a message in err when the scenario has no
 * distributions or memory runs out. */
spsim_tornado *spsim_tornado_prepare(const spsim_scenario *s, int replications, char *err,
                                     size_t errlen);
/* The base's scenario: `s` with every uncertain key at its mean and s's seed (the base run is
 * prepared and continued on it). NULL with a message when a mean is refused. */
spsim_scenario *spsim_tornado_base_scenario(const spsim_scenario *s, const spsim_tornado *t,
                                            char *err, size_t errlen);
/* Runs what `t` and `base` lack: the base's replications from base->replications_done on
 * (`base` prepared on `base_s` for t->replications, those before read back from a partial
 * file), with `base_opt`, then the variants from t->variants_done on, with `opt`. 0 when all
 * is done; 1 when the options' stop flag stopped it (base->stopped, or t->variants_done short
 * of 2 x keys: the variant in flight is dropped); -1 with a message. */
int spsim_tornado_continue(spsim_tornado *t, const spsim_scenario *s, const spsim_scenario *base_s,
                           spsim_run *base, const spsim_run_options *opt,
                           const spsim_run_options *base_opt, FILE *progress, char *err,
                           size_t errlen);

/* |high - low| of key k for compared arm c, GBP. */
double spsim_tornado_swing(const spsim_tornado *t, int k, int c);
/* The mean over replications of compared arm c's net monetary benefit minus the reference's. */
double spsim_tornado_inmb(const spsim_tornado *t, const spsim_run *run, int c);

#endif
