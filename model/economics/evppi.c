/* EVPPI by regression (Strong, Oakley and Brennan 2014, Med Decis Making 34:311): the expected
 * net monetary benefit of each arm given the parameters of interest is estimated by regressing
 * the arm's net monetary benefit, relative to the first arm, on those parameters over the
 * replications; EVPPI is the EVPI formula applied to the fitted values instead of the values.
 *
 * The basis is a polynomial in the standardised parameters (mean 0, sd 1, so powers up to 4 stay
 * well conditioned): degree 1 to 4 for one parameter; linear or full quadratic (every square and
 * product) for a group. Each basis with at most n / SPSIM_EVPPI_REPLICATIONS_PER_TERM terms is
 * fitted by least squares (GSL's truncated SVD, which also copes with a parameter taking few
 * distinct values) and the one with the lowest generalised cross-validation score, summed over
 * the arms, GCV = n RSS / (n - rank)^2, is kept: a higher degree only when it predicts better. */
#include "decision.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>

/* Singular values below this share of the largest are dropped: columns that are (nearly)
 * products of others, as powers of a parameter with two values are. */
static const double svd_tolerance = 1e-10;

/* The parameters of the group that vary, standardised, [r * m + j]; returns m (<= n_columns),
 * or -1 when a column is out of range. */
static int standardise(const double *params, int n, int n_keys, const int *columns, int n_columns,
                       double *z)
{
    int m = 0;
    for (int j = 0; j < n_columns; j++) {
        int k = columns[j];
        if (k < 0 || k >= n_keys) return -1;
        double sum = 0.0, squares = 0.0;
        for (long r = 0; r < n; r++) sum += params[r * n_keys + k];
        double mean = sum / n;
        for (long r = 0; r < n; r++) squares += pow(params[r * n_keys + k] - mean, 2);
        double sd = n > 1 ? sqrt(squares / (n - 1)) : 0.0;
        if (!(sd > 0.0) || !isfinite(sd)) continue; /* never varied: says nothing */
        for (long r = 0; r < n; r++) z[r * n_columns + m] = (params[r * n_keys + k] - mean) / sd;
        m++;
    }
    return m;
}

/* Terms of the basis of degree `degree` in m parameters, intercept included. */
static int basis_terms(int m, int degree)
{
    if (m == 1) return degree + 1;
    return degree == 1 ? 1 + m : 1 + m + m * (m + 1) / 2;
}

/* Row r of the design: 1, then z, z^2 .. z^degree (one parameter) or z_1 .. z_m and, for the
 * quadratic, z_i z_j for i <= j. */
static void fill_row(gsl_matrix *x, size_t r, const double *z, int m, int degree)
{
    size_t col = 0;
    gsl_matrix_set(x, r, col++, 1.0);
    if (m == 1) {
        for (int d = 1; d <= degree; d++) gsl_matrix_set(x, r, col++, pow(z[0], d));
        return;
    }
    for (int i = 0; i < m; i++) gsl_matrix_set(x, r, col++, z[i]);
    if (degree < 2) return;
    for (int i = 0; i < m; i++)
        for (int j = i; j < m; j++) gsl_matrix_set(x, r, col++, z[i] * z[j]);
}

typedef struct {
    gsl_matrix *x, *cov;
    gsl_vector *y, *c;
    gsl_multifit_linear_workspace *work;
} least_squares;

static void least_squares_free(least_squares *ls)
{
    if (ls->x) gsl_matrix_free(ls->x);
    if (ls->cov) gsl_matrix_free(ls->cov);
    if (ls->y) gsl_vector_free(ls->y);
    if (ls->c) gsl_vector_free(ls->c);
    if (ls->work) gsl_multifit_linear_free(ls->work);
}

static int least_squares_alloc(least_squares *ls, size_t n, size_t p)
{
    *ls = (least_squares){gsl_matrix_alloc(n, p), gsl_matrix_alloc(p, p), gsl_vector_alloc(n),
                          gsl_vector_alloc(p), gsl_multifit_linear_alloc(n, p)};
    if (ls->x && ls->cov && ls->y && ls->c && ls->work) return 0;
    least_squares_free(ls);
    return -1;
}

/* Fits every arm's net monetary benefit relative to the first on the basis of degree `degree`:
 * fitted[r * n_arms + a] (0 for the first arm) and the GCV score summed over the arms (infinite
 * when the fit leaves no degrees of freedom). Returns 0, or -1 when out of memory. */
static int fit_basis(const double *nmb, int n, int n_arms, const double *z, int stride, int m,
                     int degree, double *fitted, double *gcv)
{
    int p = basis_terms(m, degree);
    least_squares ls;
    if (least_squares_alloc(&ls, (size_t)n, (size_t)p) < 0) return -1;
    for (long r = 0; r < n; r++) fill_row(ls.x, (size_t)r, z + r * stride, m, degree);
    *gcv = 0.0;
    for (long r = 0; r < n; r++) fitted[r * n_arms] = 0.0;
    for (int a = 1; a < n_arms; a++) {
        for (long r = 0; r < n; r++)
            gsl_vector_set(ls.y, (size_t)r, nmb[r * n_arms + a] - nmb[r * n_arms]);
        double rss = 0.0;
        size_t rank = 0;
        gsl_multifit_linear_tsvd(ls.x, ls.y, svd_tolerance, ls.c, ls.cov, &rss, &rank, ls.work);
        *gcv += (size_t)n > rank ? n * rss / pow((double)n - (double)rank, 2) : INFINITY;
        for (long r = 0; r < n; r++) {
            gsl_vector_const_view row = gsl_matrix_const_row(ls.x, (size_t)r);
            double g = 0.0;
            gsl_blas_ddot(&row.vector, ls.c, &g);
            fitted[r * n_arms + a] = g;
        }
    }
    least_squares_free(&ls);
    return 0;
}

/* Tries every basis small enough for n replications and keeps the fitted values of the lowest
 * GCV in *best (swapping buffers with *spare); *degree gets its degree, 0 when none fits. */
static int choose_basis(const double *nmb, int n, int n_arms, const double *z, int stride, int m,
                        double **best, double **spare, int *degree)
{
    double best_gcv = INFINITY;
    *degree = 0;
    for (int d = 1; d <= (m == 1 ? 4 : 2); d++) {
        if ((long)basis_terms(m, d) * SPSIM_EVPPI_REPLICATIONS_PER_TERM > n) break;
        double gcv;
        if (fit_basis(nmb, n, n_arms, z, stride, m, d, *spare, &gcv) < 0) return -1;
        if (gcv < best_gcv || *degree == 0) {
            double *t = *best;
            *best = *spare;
            *spare = t;
            best_gcv = gcv;
            *degree = d;
        }
    }
    return 0;
}

/* EVPPI from the chosen basis, or NaN when no basis fits n replications. */
static int regress(const double *nmb, int n, int n_arms, const double *z, int stride, int m,
                   spsim_evppi_result *out)
{
    size_t cells = (size_t)n * (size_t)n_arms;
    double *a = malloc(cells * sizeof *a), *b = malloc(cells * sizeof *b);
    int status = a && b ? choose_basis(nmb, n, n_arms, z, stride, m, &a, &b, &out->degree) : -1;
    if (status == 0 && out->degree > 0) {
        out->terms = basis_terms(m, out->degree);
        out->uncapped_gbp = spsim_evpi(a, n, n_arms); /* the EVPI formula on fitted values */
    }
    free(a);
    free(b);
    return status;
}

int spsim_evppi_regression(const double *nmb, int n_rep, int n_arms, const double *params,
                           int n_keys, const int *columns, int n_columns, double evpi,
                           spsim_evppi_result *out)
{
    *out = (spsim_evppi_result){.evppi_gbp = NAN, .uncapped_gbp = NAN, .terms = 0};
    if (n_columns < 1) return -1;
    double *z = malloc((size_t)(n_rep > 0 ? n_rep : 1) * (size_t)n_columns * sizeof *z);
    if (!z) return -1;
    int m = standardise(params, n_rep, n_keys, columns, n_columns, z);
    int status = m < 0 ? -1 : 0;
    if (status == 0 && (m == 0 || n_arms < 2)) { /* nothing to learn, or nothing to decide */
        *out = (spsim_evppi_result){.evppi_gbp = 0.0, .uncapped_gbp = 0.0, .terms = 1};
    } else if (status == 0) {
        status = regress(nmb, n_rep, n_arms, z, n_columns, m, out);
    }
    free(z);
    if (status == 0 && !isnan(out->uncapped_gbp)) {
        out->capped = out->uncapped_gbp > evpi;
        out->evppi_gbp = out->capped ? evpi : out->uncapped_gbp;
    }
    return status;
}
