/* What `spsim calibrate` writes: the report per target and per fitted key, the fitted keys as a
 * scenario fragment (each a distribution fitted by moments to its posterior, for `include:`),
 * and the particles as CSV (docs/calibration.md, "Output"). */
#ifndef SPSIM_CALIBRATION_OUT_H
#define SPSIM_CALIBRATION_OUT_H

#include <stdio.h>

#include "../engine/calibrate.h"

/* The fit per target and the posterior of each fitted key, as tables. */
void spsim_calibration_print(const spsim_calibration *c, const spsim_scenario *s, FILE *out);

/* The family and moments a fitted key is written with: beta for a key whose range lies within
 * 0..1, gamma for one bounded below by 0, normal otherwise; fixed when the posterior has no
 * spread. The sd is shrunk where the family cannot have it (a beta's sd is below
 * sqrt(mean (1 - mean))). */
typedef struct {
    const char *dist; /* "beta", "gamma", "normal" or "fixed" */
    double mean, sd;
} spsim_fitted_dist;

spsim_fitted_dist spsim_fitted_dist_of(const spsim_fitted_key *k, double lo, double hi);

/* The fragment at `path`, written whole or not at all (a temporary file renamed into place).
 * 0, or -1 with a message in err. */
int spsim_calibration_write_fragment(const spsim_calibration *c, const spsim_scenario *s,
                                     const char *path, char *err, size_t errlen);

/* One row per particle: weight, distance, each fitted key's value, each target's simulated
 * quantity. 0, or -1 with a message in err. */
int spsim_calibration_write_particles(const spsim_calibration *c, const spsim_scenario *s,
                                      const char *path, char *err, size_t errlen);

#endif
