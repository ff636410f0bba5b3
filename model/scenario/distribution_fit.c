/* Distributions from an interval: the parameters whose central `coverage` interval is
 * [low, high]. Normal and lognormal have a closed form; a gamma's shape is found by a GSL root
 * finder on the ratio high / low, a beta's two parameters by a GSL minimiser. */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_roots.h>

#include "uncertainty_state.h"

typedef struct {
    double low, high, p_low, p_high; /* the interval and the probabilities at its ends */
} interval;

/* log(Q(p_high) / Q(p_low)) of a gamma with this log shape, less log(high / low): it falls as
 * the shape grows (a gamma narrows relative to its scale), so it has one root. */
static double gamma_ratio_gap(double log_shape, void *params)
{
    const interval *iv = params;
    double k = exp(log_shape);
    return log(gsl_cdf_gamma_Pinv(iv->p_high, k, 1) / gsl_cdf_gamma_Pinv(iv->p_low, k, 1)) -
           log(iv->high / iv->low);
}

static bool fit_gamma(const interval *iv, double p[3])
{
    gsl_function f = {gamma_ratio_gap, (void *)iv};
    /* Shapes from very skewed to nearly normal, narrowed to where GSL's gamma quantile is
     * finite at both ends of the interval (it underflows for tiny shapes). */
    double a = log(0.01), b = log(2e4);
    while (!isfinite(gamma_ratio_gap(a, (void *)iv)) && a < b) a += 0.25;
    if (!(gamma_ratio_gap(a, (void *)iv) * gamma_ratio_gap(b, (void *)iv) < 0)) return false;
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s) return false;
    gsl_root_fsolver_set(s, &f, a, b);
    int status = GSL_CONTINUE;
    for (int i = 0; i < 200 && status == GSL_CONTINUE; i++) {
        gsl_root_fsolver_iterate(s);
        status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                        1e-13, 0);
    }
    double k = exp(gsl_root_fsolver_root(s));
    gsl_root_fsolver_free(s);
    p[0] = k;
    p[1] = iv->high / gsl_cdf_gamma_Pinv(iv->p_high, k, 1);
    return status == GSL_SUCCESS;
}

/* Squared misses, in probability, of a beta (log alpha, log beta) at the interval's ends. */
static double beta_miss(const gsl_vector *x, void *params)
{
    const interval *iv = params;
    double a = exp(gsl_vector_get(x, 0)), b = exp(gsl_vector_get(x, 1));
    double lo = gsl_cdf_beta_P(iv->low, a, b) - iv->p_low;
    double hi = gsl_cdf_beta_P(iv->high, a, b) - iv->p_high;
    return lo * lo + hi * hi;
}

static bool fit_beta(const interval *iv, double p[3])
{
    /* Start from the beta with the interval's midpoint as mean and a normal's sd. */
    double m = (iv->low + iv->high) / 2;
    double sd = (iv->high - iv->low) / (2 * gsl_cdf_ugaussian_Pinv(iv->p_high));
    double nu = m * (1 - m) / (sd * sd) - 1;
    if (nu <= 0.1) nu = 0.1;
    gsl_multimin_function f = {beta_miss, 2, (void *)iv};
    gsl_vector *x = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    bool ok = x && step && s;
    if (ok) {
        gsl_vector_set(x, 0, log(m * nu));
        gsl_vector_set(x, 1, log((1 - m) * nu));
        gsl_vector_set_all(step, 0.5);
        /* The minimiser's own fval is set only by an iteration (gsl_multimin_fminimizer_set
         * leaves it unset), so the miss is tracked here, from the starting point on. The simplex
         * can stall short of the minimum (GSL_ENOPROG), and where it stalls depends on rounding:
         * restart it from the best point found, with a fresh simplex, until it reaches the
         * tolerance. */
        double miss = beta_miss(x, (void *)iv);
        for (int restart = 0; restart < 20 && miss > 1e-26; restart++) {
            gsl_multimin_fminimizer_set(s, &f, x, step);
            for (int i = 0; i < 5000 && miss > 1e-26; i++) {
                if (gsl_multimin_fminimizer_iterate(s)) break;
                miss = gsl_multimin_fminimizer_minimum(s);
            }
            gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(s));
            gsl_vector_set_all(step, restart % 2 ? 0.5 : 0.05);
        }
        p[0] = exp(gsl_vector_get(x, 0));
        p[1] = exp(gsl_vector_get(x, 1));
        ok = miss < 1e-18; /* both ends within 1e-9 in probability */
    }
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(x);
    gsl_vector_free(step);
    return ok;
}

bool spsim_dist_fit_interval(spsim_dist_kind kind, double low, double high, double coverage,
                             double p[3])
{
    interval iv = {low, high, (1 - coverage) / 2, (1 + coverage) / 2};
    double z = gsl_cdf_ugaussian_Pinv(iv.p_high);
    gsl_error_handler_t *old = gsl_set_error_handler_off(); /* failures return false instead */
    bool ok = true;
    switch (kind) {
    case SPSIM_DIST_NORMAL: p[0] = (low + high) / 2, p[1] = (high - low) / (2 * z); break;
    case SPSIM_DIST_LOGNORMAL:
        p[0] = (log(low) + log(high)) / 2, p[1] = (log(high) - log(low)) / (2 * z);
        break;
    case SPSIM_DIST_GAMMA: ok = fit_gamma(&iv, p); break;
    case SPSIM_DIST_BETA: ok = fit_beta(&iv, p); break;
    default: ok = false; break;
    }
    gsl_set_error_handler(old);
    return ok;
}
