/* Quantiles and means of the parameter distributions, truncated to a key's range. */
#include "distribution.h"

#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

const char *const spsim_dist_kind_key[SPSIM_N_DIST_KINDS] = {
    "fixed", "beta", "gamma", "lognormal", "normal", "uniform", "triangular", "pert"};

/* A PERT is a beta on [min, max] with shape 1 + 4 (mode - min) / (max - min) and
 * 1 + 4 (max - mode) / (max - min). */
static void pert_shapes(const spsim_dist *d, double *a, double *b)
{
    double range = d->p[2] - d->p[0];
    *a = 1 + 4 * (d->p[1] - d->p[0]) / range;
    *b = 1 + 4 * (d->p[2] - d->p[1]) / range;
}

static double triangular_cdf(const double *p, double x)
{
    if (x <= p[0]) return 0;
    if (x >= p[2]) return 1;
    if (x <= p[1]) return (x - p[0]) * (x - p[0]) / ((p[2] - p[0]) * (p[1] - p[0]));
    return 1 - (p[2] - x) * (p[2] - x) / ((p[2] - p[0]) * (p[2] - p[1]));
}

static double triangular_quantile(const double *p, double u)
{
    double split = (p[1] - p[0]) / (p[2] - p[0]);
    if (u <= split) return p[0] + sqrt(u * (p[2] - p[0]) * (p[1] - p[0]));
    return p[2] - sqrt((1 - u) * (p[2] - p[0]) * (p[2] - p[1]));
}

/* The untruncated CDF. */
static double cdf(const spsim_dist *d, double x)
{
    const double *p = d->p;
    double a, b;
    switch (d->kind) {
    case SPSIM_DIST_FIXED: return x < p[0] ? 0 : 1;
    case SPSIM_DIST_BETA: return x <= 0 ? 0 : x >= 1 ? 1 : gsl_cdf_beta_P(x, p[0], p[1]);
    case SPSIM_DIST_GAMMA: return x <= 0 ? 0 : gsl_cdf_gamma_P(x, p[0], p[1]);
    case SPSIM_DIST_LOGNORMAL: return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, p[0], p[1]);
    case SPSIM_DIST_NORMAL: return gsl_cdf_gaussian_P(x - p[0], p[1]);
    case SPSIM_DIST_UNIFORM: return x <= p[0] ? 0 : x >= p[1] ? 1 : (x - p[0]) / (p[1] - p[0]);
    case SPSIM_DIST_TRIANGULAR: return triangular_cdf(p, x);
    case SPSIM_DIST_PERT:
        pert_shapes(d, &a, &b);
        if (x <= p[0]) return 0;
        if (x >= p[2]) return 1;
        return gsl_cdf_beta_P((x - p[0]) / (p[2] - p[0]), a, b);
    default: return 0;
    }
}

/* The untruncated quantile, 0 < u < 1. */
static double quantile(const spsim_dist *d, double u)
{
    const double *p = d->p;
    double a, b;
    switch (d->kind) {
    case SPSIM_DIST_FIXED: return p[0];
    case SPSIM_DIST_BETA: return gsl_cdf_beta_Pinv(u, p[0], p[1]);
    case SPSIM_DIST_GAMMA: return gsl_cdf_gamma_Pinv(u, p[0], p[1]);
    case SPSIM_DIST_LOGNORMAL: return gsl_cdf_lognormal_Pinv(u, p[0], p[1]);
    case SPSIM_DIST_NORMAL: return p[0] + gsl_cdf_gaussian_Pinv(u, p[1]);
    case SPSIM_DIST_UNIFORM: return p[0] + u * (p[1] - p[0]);
    case SPSIM_DIST_TRIANGULAR: return triangular_quantile(p, u);
    case SPSIM_DIST_PERT:
        pert_shapes(d, &a, &b);
        return p[0] + (p[2] - p[0]) * gsl_cdf_beta_Pinv(u, a, b);
    default: return p[0];
    }
}

double spsim_dist_untruncated_mean(const spsim_dist *d)
{
    const double *p = d->p;
    switch (d->kind) {
    case SPSIM_DIST_BETA: return p[0] / (p[0] + p[1]);
    case SPSIM_DIST_GAMMA: return p[0] * p[1];
    case SPSIM_DIST_LOGNORMAL: return exp(p[0] + p[1] * p[1] / 2);
    case SPSIM_DIST_UNIFORM: return (p[0] + p[1]) / 2;
    case SPSIM_DIST_TRIANGULAR: return (p[0] + p[1] + p[2]) / 3;
    case SPSIM_DIST_PERT: return (p[0] + 4 * p[1] + p[2]) / 6;
    default: return p[0]; /* fixed and normal */
    }
}

double spsim_dist_mass_cut(const spsim_dist *d)
{
    if (d->kind == SPSIM_DIST_FIXED) return 0;
    double below = cdf(d, d->lo);
    double above = 1 - cdf(d, d->hi);
    return below + above;
}

double spsim_dist_quantile(const spsim_dist *d, double u)
{
    if (d->kind == SPSIM_DIST_FIXED) return d->p[0];
    double f_lo = cdf(d, d->lo), f_hi = cdf(d, d->hi);
    double v = quantile(d, f_lo + u * (f_hi - f_lo));
    /* The inverse CDFs are exact only to rounding: keep the result inside the range. */
    return v < d->lo ? d->lo : v > d->hi ? d->hi : v;
}

static double quantile_at(double u, void *params)
{
    return spsim_dist_quantile(params, u);
}

/* The truncated mean is the integral of the truncated quantile over (0, 1); the adaptive
 * integrator copes with the steep ends of heavy tails. */
double spsim_dist_mean(const spsim_dist *d)
{
    if (spsim_dist_mass_cut(d) == 0) return spsim_dist_untruncated_mean(d);
    enum {
        WORKSPACE = 200
    };
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(WORKSPACE);
    if (!w) return spsim_dist_untruncated_mean(d);
    gsl_function f = {quantile_at, (void *)d};
    double mean = 0, error = 0;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_integration_qags(&f, 0, 1, 0, 1e-10, WORKSPACE, w, &mean, &error);
    gsl_set_error_handler(old);
    gsl_integration_workspace_free(w);
    return mean < d->lo ? d->lo : mean > d->hi ? d->hi : mean;
}
