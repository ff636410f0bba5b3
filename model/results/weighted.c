/* Weighted sample statistics. */
#include "weighted.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>

double spsim_weighted_mean(const double *x, size_t stride, const double *w, size_t n)
{
    double sum = 0.0, total = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i * stride])) continue;
        sum += w[i] * x[i * stride];
        total += w[i];
    }
    return total > 0.0 ? sum / total : NAN;
}

double spsim_weighted_sd(const double *x, size_t stride, const double *w, size_t n)
{
    double mean = spsim_weighted_mean(x, stride, w, n), sum = 0.0, total = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i * stride])) continue;
        double d = x[i * stride] - mean;
        sum += w[i] * d * d;
        total += w[i];
    }
    return total > 0.0 ? sqrt(sum / total) : NAN;
}

double spsim_weighted_quantile(const double *x, size_t stride, const double *w, size_t n, double p)
{
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order) return NAN;
    /* gsl_sort_index keeps ties in a fixed order, so the answer never depends on memory. */
    gsl_sort_index(order, x, stride, n);
    double total = 0.0, cumulative = 0.0, q = NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride])) total += w[i];
    for (size_t k = 0; k < n && total > 0.0; k++) {
        size_t i = order[k];
        if (isnan(x[i * stride])) continue;
        cumulative += w[i];
        q = x[i * stride];
        if (cumulative >= p * total * (1.0 - 1e-12)) break;
    }
    free(order);
    return q;
}
