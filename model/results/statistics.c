/* Statistics of a sample across replications: the figures stored in each output file's
 * summary groups and printed by the summary. */
#include "statistics.h"

#include <math.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

const char *const spsim_stat_name[SPSIM_N_STATS] = {
    [SPSIM_STAT_MEAN] = "mean", [SPSIM_STAT_SD] = "sd",   [SPSIM_STAT_P5] = "p5",
    [SPSIM_STAT_P25] = "p25",   [SPSIM_STAT_P50] = "p50", [SPSIM_STAT_P75] = "p75",
    [SPSIM_STAT_P95] = "p95",
};

/* Quantile levels of the percentile statistics (GSL's linear interpolation between order
 * statistics: the f-quantile of sorted x[0..n-1] is x[i] + d (x[i+1] - x[i]),
 * i + d = f (n - 1)). */
static const double stat_quantile[SPSIM_N_STATS] = {
    [SPSIM_STAT_P5] = 0.05,  [SPSIM_STAT_P25] = 0.25, [SPSIM_STAT_P50] = 0.50,
    [SPSIM_STAT_P75] = 0.75, [SPSIM_STAT_P95] = 0.95,
};

/* From this many values on, each quantile's order statistics are found by GSL's selection
 * (quickselect) instead of one sort. Measured per cell of counts and of continuous values:
 * sorting (GSL's heapsort) is as fast or faster up to about 200 values, where ties are common;
 * beyond, selection wins (about twice as fast at 1,000 values). */
enum {
    SELECT_FROM = 200
};

/* The f-quantile by GSL's rule from x_(i) and x_(i+1), i + d = f (m - 1): the same expression
 * as gsl_stats_quantile_from_sorted_data, so both ways give the same bits. */
static double interpolate(double lower, double upper, double d)
{
    return (1 - d) * lower + d * upper;
}

static void quantiles_by_sorting(double *x, size_t m, double out[SPSIM_N_STATS])
{
    gsl_sort(x, 1, m);
    for (int k = SPSIM_STAT_P5; k <= SPSIM_STAT_P95; k++)
        out[k] = gsl_stats_quantile_from_sorted_data(x, 1, m, stat_quantile[k]);
}

/* x_(i+1) once x_(i) = `lower` is known: `lower` again while ties last, else the least value
 * above it. Needs no order in x, so it does not depend on how selection left the array. */
static double next_order_statistic(const double *x, size_t m, size_t i, double lower)
{
    size_t not_above = 0;
    double above = INFINITY;
    for (size_t j = 0; j < m; j++) {
        if (x[j] <= lower)
            not_above++;
        else if (x[j] < above)
            above = x[j];
    }
    return i + 1 < not_above ? lower : above;
}

static void quantiles_by_selection(double *x, size_t m, double out[SPSIM_N_STATS])
{
    for (int k = SPSIM_STAT_P5; k <= SPSIM_STAT_P95; k++) {
        double index = stat_quantile[k] * (double)(m - 1);
        size_t i = (size_t)index;
        double lower = gsl_stats_select(x, 1, m, i);
        out[k] = i == m - 1
                     ? lower
                     : interpolate(lower, next_order_statistic(x, m, i, lower), index - (double)i);
    }
}

void spsim_describe(const double *x, size_t n, double *scratch, double out[SPSIM_N_STATS])
{
    size_t m = 0;
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            scratch[m++] = x[i];
            lo = fmin(lo, x[i]);
            hi = fmax(hi, x[i]);
            sum += x[i];
        }
    for (int k = 0; k < SPSIM_N_STATS; k++) out[k] = NAN;
    if (m == 0) return;
    if (lo == hi) { /* all equal (weeks with no hires, say): no sort needed, same answers */
        for (int k = 0; k < SPSIM_N_STATS; k++) out[k] = lo;
        out[SPSIM_STAT_SD] = m > 1 ? 0 : NAN; /* the sample sd of one value is undefined */
        return;
    }
    /* Two plain passes rather than GSL's running mean and variance, which divide at every value
     * and cost a third of a cell's time; they agree with GSL's to rounding (about 1e-15). */
    double mean = sum / (double)m, squares = 0;
    for (size_t i = 0; i < m; i++) squares += (scratch[i] - mean) * (scratch[i] - mean);
    out[SPSIM_STAT_MEAN] = mean;
    out[SPSIM_STAT_SD] = sqrt(squares / (double)(m - 1)); /* sample sd; m >= 2 here */
    if (m < SELECT_FROM)
        quantiles_by_sorting(scratch, m, out);
    else
        quantiles_by_selection(scratch, m, out);
}
