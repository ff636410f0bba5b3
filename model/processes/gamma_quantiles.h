/* Quantiles of a gamma distribution from a table, for a delay drawn by inversion of a uniform kept
 * in the person's record (the first appointment's scheduling delay: support.h). The uniform is
 * drawn at referral, so a person's delay is the same in every arm (common random numbers); that
 * is why the delay is an inversion and not a direct gamma draw. GSL's inversion
 * (gsl_cdf_gamma_Pinv) searches with the incomplete gamma function at each call, about half a
 * microsecond; the table is worked out once per replication with it, and a quantile is then a
 * cubic Hermite interpolation between the two nearest knots (their values and slopes dx/du =
 * 1 / density).
 *
 * The knots are at u = i / SPSIM_GAMMA_QUANTILE_KNOTS. In the outermost
 * SPSIM_GAMMA_QUANTILE_TAIL_INTERVALS intervals at each end (u below 8 / 1024 or above
 * 1016 / 1024, 1.6 % of draws), where x grows like u^(1 / shape) or like -log(1 - u) and a cubic
 * fits badly, the quantile is GSL's own. Elsewhere it is within 1e-6 of GSL's relative to the
 * quantile, for shapes 0.5 to 100 (tests/pathway/test_gamma_quantiles.c). Below shape 0.5 no table
 * is made and every quantile is GSL's. */
#ifndef SPSIM_GAMMA_QUANTILES_H
#define SPSIM_GAMMA_QUANTILES_H

#include <stdbool.h>

enum {
    SPSIM_GAMMA_QUANTILE_KNOTS = 1024,
    SPSIM_GAMMA_QUANTILE_TAIL_INTERVALS = 8
};

/* Smallest shape given a table (below it the cubic's error near u = 0 grows past 1e-6). */
#define SPSIM_GAMMA_QUANTILE_MIN_SHAPE 0.5

typedef struct {
    double shape;
    bool tabulated; /* false: every quantile is GSL's (shape below the minimum) */
    /* Quantiles of the gamma of mean 1 at the knots, and their slopes dx/du. */
    double x[SPSIM_GAMMA_QUANTILE_KNOTS + 1];
    double slope[SPSIM_GAMMA_QUANTILE_KNOTS + 1];
} spsim_gamma_quantiles;

/* Tabulates the gamma of the given shape (mean 1). */
void spsim_gamma_quantiles_init(spsim_gamma_quantiles *q, double shape);

/* The u-quantile of the gamma of this shape and the given mean: GSL's gsl_cdf_gamma_Pinv(u, shape,
 * mean / shape) to within the accuracy above; 0 when the mean is 0. */
double spsim_gamma_quantile(const spsim_gamma_quantiles *q, double mean, double u);

#endif
