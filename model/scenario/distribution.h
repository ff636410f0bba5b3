/* Parameter distributions: what an uncertain scenario value is drawn from (docs/model.md,
 * "Parameter uncertainty"). The types live here, apart from uncertainty.h, because params.h
 * holds the uncertain keys in spsim_scenario and cannot include scenario.h.
 *
 * Every draw is an inverse-CDF transform of one uniform, restricted to the key's allowed range
 * [lo, hi]: u -> F^-1(F(lo) + u (F(hi) - F(lo))). So a draw never leaves the range, and the
 * same uniform always gives the same value. */
#ifndef SPSIM_DISTRIBUTION_H
#define SPSIM_DISTRIBUTION_H

#include <stdbool.h>

typedef enum {
    SPSIM_DIST_FIXED,      /* p[0] = the value */
    SPSIM_DIST_BETA,       /* p[0] = alpha, p[1] = beta (on 0..1) */
    SPSIM_DIST_GAMMA,      /* p[0] = shape, p[1] = scale (the key's unit) */
    SPSIM_DIST_LOGNORMAL,  /* p[0] = mu, p[1] = sigma, of the log of the value */
    SPSIM_DIST_NORMAL,     /* p[0] = mean, p[1] = sd */
    SPSIM_DIST_UNIFORM,    /* p[0] = min, p[1] = max */
    SPSIM_DIST_TRIANGULAR, /* p[0] = min, p[1] = mode, p[2] = max */
    SPSIM_DIST_PERT,       /* p[0] = min, p[1] = mode, p[2] = max: beta-PERT, lambda 4 */
    SPSIM_N_DIST_KINDS
} spsim_dist_kind;

/* Scenario spellings of the kinds, in enum order: "fixed", "beta", ... */
extern const char *const spsim_dist_kind_key[SPSIM_N_DIST_KINDS];

typedef struct {
    spsim_dist_kind kind;
    double p[3];   /* the kind's own parameters, as listed above */
    double lo, hi; /* truncation bounds: the key's allowed range from the registry */
} spsim_dist;

/* The value at probability u (0 < u < 1) of the distribution truncated to [lo, hi]. */
double spsim_dist_quantile(const spsim_dist *d, double u);
/* The mean of the truncated distribution. */
double spsim_dist_mean(const spsim_dist *d);
/* The mean of the distribution as written, before truncation. */
double spsim_dist_untruncated_mean(const spsim_dist *d);
/* The share of the written distribution's mass outside [lo, hi] (0 when nothing is cut). */
double spsim_dist_mass_cut(const spsim_dist *d);

typedef struct {
    char key[128];   /* dotted path as written, e.g. "outcomes.causal_effect.gp.mode" or
                        "arms.quilt.localities.Mendip.link_workers.fte"; a step of an fte plan
                        is "link_workers.fte[1].fte" (steps counted from 0) */
    spsim_dist dist; /* for a calibrate marker {calibrate: {min, max}}: uniform(min, max) */
    bool calibrate;  /* marked for calibration: {calibrate: {min: .., max: ..}} or
                        {dist: ..., calibrate: true} (the dist is then the prior) */
    char source[256], note[256]; /* "" when not given */
    char written[256];           /* the distribution as written, e.g. "beta(mean 0.89, sd 0.03)" */
    int line, column;            /* of the value in the scenario file */
    char file[1024];             /* the file the value is written in (an included fragment's) */
} spsim_uncertain_key;

#endif
