/* Statistics of a weighted sample (the particles of a calibration): mean, sd and quantiles. */
#ifndef SPSIM_WEIGHTED_H
#define SPSIM_WEIGHTED_H

#include <stddef.h>

/* x[i * stride], weights w[i] (>= 0, summing to more than 0), i < n; NaN values left out. */
double spsim_weighted_mean(const double *x, size_t stride, const double *w, size_t n);
/* The weighted standard deviation (sum of w (x - mean)^2 / sum of w). */
double spsim_weighted_sd(const double *x, size_t stride, const double *w, size_t n);
/* The smallest x whose cumulative weight (in increasing x) reaches p of the total, 0 <= p <= 1;
 * NaN when out of memory or nothing is left. */
double spsim_weighted_quantile(const double *x, size_t stride, const double *w, size_t n, double p);

#endif
