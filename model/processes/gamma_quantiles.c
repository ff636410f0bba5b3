#include "gamma_quantiles.h"

#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "draws.h"

void spsim_gamma_quantiles_init(spsim_gamma_quantiles *q, double shape)
{
    q->shape = shape;
    q->tabulated = shape >= SPSIM_GAMMA_QUANTILE_MIN_SHAPE;
    if (!q->tabulated) return;
    const int n = SPSIM_GAMMA_QUANTILE_KNOTS, tail = SPSIM_GAMMA_QUANTILE_TAIL_INTERVALS;
    /* Only the knots that bound an interpolated interval are used: tail .. n - tail. */
    for (int i = 0; i <= n; i++) {
        if (i < tail || i > n - tail) {
            q->x[i] = q->slope[i] = NAN;
            continue;
        }
        double x = gsl_cdf_gamma_Pinv((double)i / n, shape, 1.0 / shape);
        q->x[i] = x;
        q->slope[i] = 1.0 / gsl_ran_gamma_pdf(x, shape, 1.0 / shape);
    }
}

double spsim_gamma_quantile(const spsim_gamma_quantiles *q, double mean, double u)
{
    if (!(mean > 0.0)) return 0.0;
    SPSIM_COUNT_VARIATE(SPSIM_VARIATE_GAMMA_INVERSE);
    const int n = SPSIM_GAMMA_QUANTILE_KNOTS, tail = SPSIM_GAMMA_QUANTILE_TAIL_INTERVALS;
    double at = u * n;
    int i = (int)at;
    if (!q->tabulated || i < tail || i >= n - tail)
        return gsl_cdf_gamma_Pinv(u, q->shape, mean / q->shape);
    /* Cubic Hermite on [i, i + 1] / n: the values and slopes at both knots. */
    double t = at - i, t2 = t * t, t3 = t2 * t, h = 1.0 / n;
    double x = (2.0 * t3 - 3.0 * t2 + 1.0) * q->x[i] + (t3 - 2.0 * t2 + t) * h * q->slope[i] +
               (3.0 * t2 - 2.0 * t3) * q->x[i + 1] + (t3 - t2) * h * q->slope[i + 1];
    return mean * x;
}
