#include "quantile_table.h"

#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

/* The tails' tables run in v from log(n / tail) = log 128, where the body ends, to 32 log 2. */
static const double tail_v0 = 4.852030263919617; /* log(1024 / 8) */
static const double tail_v1 = 22.18070977791825; /* 32 log 2 */

static double law_quantile(spsim_law law, double a, double b, double u)
{
    return law == SPSIM_LAW_GAMMA ? gsl_cdf_gamma_Pinv(u, a, 1.0 / a) : gsl_cdf_beta_Pinv(u, a, b);
}

static double law_density(spsim_law law, double a, double b, double x)
{
    return law == SPSIM_LAW_GAMMA ? gsl_ran_gamma_pdf(x, a, 1.0 / a) : gsl_ran_beta_pdf(x, a, b);
}

/* The lower tail of the law (a, b) in v = -log(u): y = log x, dy/dv = -u / (x f(x)). The beta's
 * upper tail is this of beta(b, a), as 1 - x there is a beta(b, a)'s lower quantile. */
static void tabulate_lower(spsim_quantile_tail *tail, spsim_law law, double a, double b)
{
    double step = (tail_v1 - tail_v0) / SPSIM_QUANTILE_TAIL_KNOTS;
    for (int j = 0; j <= SPSIM_QUANTILE_TAIL_KNOTS; j++) {
        double v = tail_v0 + j * step, u = exp(-v), x = law_quantile(law, a, b, u);
        tail->knot[j] = (spsim_quantile_knot){log(x), -u / (x * law_density(law, a, b, x))};
    }
}

/* The gamma's upper tail in v = -log(1 - u): y = x, dy/dv = (1 - u) / f(x). */
static void tabulate_gamma_upper(spsim_quantile_tail *tail, double shape)
{
    double step = (tail_v1 - tail_v0) / SPSIM_QUANTILE_TAIL_KNOTS;
    for (int j = 0; j <= SPSIM_QUANTILE_TAIL_KNOTS; j++) {
        double v = tail_v0 + j * step, q = exp(-v), x = gsl_cdf_gamma_Qinv(q, shape, 1.0 / shape);
        tail->knot[j] = (spsim_quantile_knot){x, q / gsl_ran_gamma_pdf(x, shape, 1.0 / shape)};
    }
}

/* The body: knots tail .. n - tail (the others bound no interpolated interval). */
static void tabulate_body(spsim_quantile_table *t)
{
    const int n = SPSIM_QUANTILE_KNOTS, tail = SPSIM_QUANTILE_TAIL_INTERVALS;
    for (int i = 0; i <= n; i++) {
        if (i < tail || i > n - tail) {
            t->knot[i] = (spsim_quantile_knot){NAN, NAN};
            continue;
        }
        double x = law_quantile(t->law, t->a, t->b, (double)i / n);
        t->knot[i] = (spsim_quantile_knot){x, 1.0 / law_density(t->law, t->a, t->b, x)};
    }
}

void spsim_quantile_table_gamma(spsim_quantile_table *t, double shape)
{
    t->law = SPSIM_LAW_GAMMA;
    t->a = shape;
    t->b = 0.0;
    t->tabulated = shape >= SPSIM_QUANTILE_MIN_GAMMA_SHAPE;
    if (!t->tabulated) return;
    tabulate_body(t);
    tabulate_lower(&t->lower, SPSIM_LAW_GAMMA, shape, 0.0);
    tabulate_gamma_upper(&t->upper, shape);
}

void spsim_quantile_table_beta(spsim_quantile_table *t, double a, double b)
{
    t->law = SPSIM_LAW_BETA;
    t->a = a;
    t->b = b;
    t->tabulated = a >= SPSIM_QUANTILE_MIN_BETA_SHAPE && b >= SPSIM_QUANTILE_MIN_BETA_SHAPE;
    if (!t->tabulated) return;
    tabulate_body(t);
    tabulate_lower(&t->lower, SPSIM_LAW_BETA, a, b);
    tabulate_lower(&t->upper, SPSIM_LAW_BETA, b, a);
}

bool spsim_quantile_table_is(const spsim_quantile_table *t, spsim_law law, double a, double b)
{
    return t->law == law && t->a == a && (law == SPSIM_LAW_GAMMA || t->b == b);
}

/* y at v by cubic Hermite in a tail's table; NAN beyond its end. */
static double tail_at(const spsim_quantile_tail *tail, double v)
{
    double step = (tail_v1 - tail_v0) / SPSIM_QUANTILE_TAIL_KNOTS, at = (v - tail_v0) / step;
    int j = (int)at;
    if (!(at >= 0.0) || j >= SPSIM_QUANTILE_TAIL_KNOTS) return NAN;
    return spsim_hermite(&tail->knot[j], at - j, step);
}

double spsim_quantile_outside(const spsim_quantile_table *t, double u)
{
    if (t->tabulated && u > 0.0) {
        bool upper = u > 0.5;
        /* 1 - u is exact above a half */
        double y = tail_at(upper ? &t->upper : &t->lower, upper ? -log(1.0 - u) : -log(u));
        if (!isnan(y)) {
            if (!upper) return exp(y);
            return t->law == SPSIM_LAW_GAMMA ? y : -expm1(y);
        }
    }
    return law_quantile(t->law, t->a, t->b, u);
}
