/* Quantile tables: a continuous law's inverse CDF, worked out once with GSL and then read by
 * interpolation, so that a variate is one uniform and a few multiplications. The model draws its
 * gamma and beta variates this way (draws.h): by inversion of one uniform, each person's draw is
 * a monotone function of their own number, and a table read costs a fraction of GSL's gamma
 * sampler (a normal, a uniform and a test per draw, each uniform through a function pointer). A
 * person's scheduling delay (support.h) is read from a uniform kept in their record.
 *
 * A table holds the law's quantile at u = i / SPSIM_QUANTILE_KNOTS with its slope dx/du =
 * 1 / density, and a quantile between two knots is a cubic Hermite interpolation. In the outer
 * SPSIM_QUANTILE_TAIL_INTERVALS intervals at each end (u below 8 / 1024 or above 1016 / 1024),
 * where x grows like u^(1 / shape) or like -log(1 - u) and a cubic in u fits badly, the tables
 * are in v = -log(u) (or -log(1 - u)), in which the quantile's logarithm (or, for the gamma's upper
 * tail, the quantile itself) is nearly linear, from v = log(128) to 32 log 2 (u down to 2^-32, the
 * streams' smallest step). Beyond that, and for u = 0, the quantile is GSL's own. Everywhere it
 * is within 1e-6 of GSL's, relative to the quantile, for gamma shapes 0.5 to 100 and beta shapes
 * 1 to 10 (tests/pathway/test_quantile_table.c). Below those shapes no table is made: the
 * quantile is GSL's, and a draw is GSL's sampler (draws.h). */
#ifndef SPSIM_QUANTILE_TABLE_H
#define SPSIM_QUANTILE_TABLE_H

#include <stdbool.h>

enum {
    SPSIM_QUANTILE_KNOTS = 1024,
    SPSIM_QUANTILE_TAIL_INTERVALS = 8,
    SPSIM_QUANTILE_TAIL_KNOTS = 256 /* intervals of each tail's table in v */
};

/* Smallest shapes given a table (below them a cubic's error at the body's ends grows past
 * 1e-6). */
#define SPSIM_QUANTILE_MIN_GAMMA_SHAPE 0.5
#define SPSIM_QUANTILE_MIN_BETA_SHAPE  1.0

typedef enum {
    SPSIM_LAW_GAMMA, /* gamma of mean 1 and shape a */
    SPSIM_LAW_BETA   /* beta(a, b) on [0, 1] */
} spsim_law;

/* A knot of a table: the value there and its slope, side by side, so that a read of an interval
 * (two knots, 32 bytes) touches one cache line, or two at most. */
typedef struct {
    double value, slope;
} spsim_quantile_knot;

/* One tail's table: y (log x; the gamma's upper tail: x; the beta's upper tail: log(1 - x)) and
 * dy/dv at v = log(128) + j x step. */
typedef struct {
    spsim_quantile_knot knot[SPSIM_QUANTILE_TAIL_KNOTS + 1];
} spsim_quantile_tail;

typedef struct {
    spsim_law law;
    double a, b;    /* the shapes (b: beta only) */
    bool tabulated; /* false: every quantile is GSL's (shapes below the minimum) */
    spsim_quantile_knot knot[SPSIM_QUANTILE_KNOTS + 1]; /* the body: x and dx/du */
    spsim_quantile_tail lower, upper;
} spsim_quantile_table;

/* Tabulates the gamma of mean 1 and this shape, or the beta(a, b). */
void spsim_quantile_table_gamma(spsim_quantile_table *t, double shape);
void spsim_quantile_table_beta(spsim_quantile_table *t, double a, double b);

/* Whether t already holds this law with these shapes. */
bool spsim_quantile_table_is(const spsim_quantile_table *t, spsim_law law, double a, double b);

/* The quantile outside the body, or of an untabulated law (quantile_table.c). */
double spsim_quantile_outside(const spsim_quantile_table *t, double u);

/* Cubic Hermite interpolation at fraction s of an interval of width h between knots k[0] and
 * k[1]: the body's and the tails' tables share it. */
static inline double spsim_hermite(const spsim_quantile_knot *k, double s, double h)
{
    double s2 = s * s, s3 = s2 * s;
    return (2.0 * s3 - 3.0 * s2 + 1.0) * k[0].value + (s3 - 2.0 * s2 + s) * h * k[0].slope +
           (3.0 * s2 - 2.0 * s3) * k[1].value + (s3 - s2) * h * k[1].slope;
}

/* The u-quantile, u in [0, 1): GSL's gsl_cdf_gamma_Pinv(u, a, 1 / a) or gsl_cdf_beta_Pinv(u, a, b)
 * to within the accuracy above. */
static inline double spsim_quantile(const spsim_quantile_table *t, double u)
{
    const int n = SPSIM_QUANTILE_KNOTS, tail = SPSIM_QUANTILE_TAIL_INTERVALS;
    double at = u * n;
    int i = (int)at;
    if (!t->tabulated || i < tail || i >= n - tail) return spsim_quantile_outside(t, u);
    return spsim_hermite(&t->knot[i], at - i, 1.0 / n); /* on [i, i + 1] / n */
}

/* A gamma of this table's shape and the given mean, from uniform u; 0 when the mean is 0. */
static inline double spsim_gamma_quantile(const spsim_quantile_table *t, double mean, double u)
{
    return mean > 0.0 ? mean * spsim_quantile(t, u) : 0.0;
}

#endif
