/* The `correlations` section: groups of uncertain keys drawn together through a Gaussian
 * copula, each group {keys: [..], rho: R} (every pair of its keys correlated R) or
 * {keys: [..], matrix: [[..], ..]} (a full correlation matrix). The groups join into one
 * matrix over every uncertain key (identity elsewhere), which must be positive definite; its
 * Cholesky factor is what spsim_uncertain_values applies. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "diagnostics.h"
#include "uncertainty_state.h"
#include "values.h"

static const char allowed_group[] =
    "{keys: [KEY, KEY, ..], rho: NUMBER} or {keys: [KEY, ..], matrix: [[NUMBER, ..], ..]}";

typedef struct {
    const spsim_uncertain_list *keys;
    spsim_diagnostics *d;
    double *m; /* n x n joint matrix */
    bool *set; /* pairs given by some group */
    int errors;
} joint;

static int key_index(const joint *j, const spsim_ynode *name)
{
    if (name->kind != SPSIM_YNODE_SCALAR) return -1;
    for (int k = 0; k < j->keys->n; k++)
        if (strcmp(j->keys->keys[k].key, name->text) == 0) return k;
    return -1;
}

static void group_error(joint *j, const spsim_ynode *at, const char *what)
{
    spsim_diag_error(j->d, at->line, at->column, "%s (allowed: %s)", what, allowed_group);
    j->errors++;
}

/* Indices of a group's keys; false after reporting a key that is not uncertain or repeats. */
static bool group_keys(joint *j, const spsim_ynode *list, int *idx)
{
    bool ok = true;
    for (int i = 0; i < list->n; i++) {
        const spsim_ynode *name = list->items[i];
        idx[i] = key_index(j, name);
        if (idx[i] < 0) {
            char got[96];
            spsim_value_describe(name, got, sizeof got);
            spsim_diag_error(j->d, name->line, name->column,
                             "%s in 'correlations' is not a key written as a distribution "
                             "(allowed: the dotted path of an uncertain key, e.g. "
                             "outcomes.causal_effect.gp.mode)",
                             got);
            j->errors++;
            ok = false;
            continue;
        }
        for (int p = 0; p < i; p++)
            if (idx[p] == idx[i]) {
                spsim_diag_error(j->d, name->line, name->column,
                                 "'%s' is listed twice in one correlated group (allowed: each "
                                 "key once)",
                                 name->text);
                j->errors++;
                ok = false;
            }
    }
    return ok;
}

/* Puts rho at (a, b) and (b, a); a pair given again with another value is an error. */
static void put(joint *j, int a, int b, double rho, const spsim_ynode *at)
{
    int n = j->keys->n;
    if (j->set[a * n + b] && j->m[a * n + b] != rho) {
        spsim_diag_error(j->d, at->line, at->column,
                         "the correlation of '%s' and '%s' is given twice, as %.15g and %.15g "
                         "(allowed: each pair once)",
                         j->keys->keys[a].key, j->keys->keys[b].key, j->m[a * n + b], rho);
        j->errors++;
        return;
    }
    j->m[a * n + b] = j->m[b * n + a] = rho;
    j->set[a * n + b] = j->set[b * n + a] = true;
}

static bool read_rho(joint *j, const spsim_ynode *node, double *rho)
{
    if (!spsim_value_number(node, rho) || !(*rho > -1 && *rho < 1)) {
        char got[96];
        spsim_value_describe(node, got, sizeof got);
        spsim_diag_error(j->d, node->line, node->column,
                         "correlation %s is not a number inside (-1, 1) (allowed: -1 < rho < 1)",
                         got);
        j->errors++;
        return false;
    }
    return true;
}

static void read_matrix(joint *j, const spsim_ynode *mat, const int *idx, int n_keys)
{
    if (mat->kind != SPSIM_YNODE_SEQUENCE || mat->n != n_keys) {
        group_error(j, mat, "a correlation matrix needs one row per key");
        return;
    }
    for (int r = 0; r < n_keys; r++) {
        const spsim_ynode *row = mat->items[r];
        if (row->kind != SPSIM_YNODE_SEQUENCE || row->n != n_keys) {
            group_error(j, row, "a correlation matrix row needs one number per key");
            continue;
        }
        for (int c = 0; c < n_keys; c++) {
            const spsim_ynode *cell = row->items[c];
            double v, other;
            if (r == c) {
                if (!spsim_value_number(cell, &v) || v != 1) {
                    spsim_diag_error(j->d, cell->line, cell->column,
                                     "the diagonal of a correlation matrix is %s (allowed: 1)",
                                     cell->text);
                    j->errors++;
                }
                continue;
            }
            if (!read_rho(j, cell, &v) || c > r) continue;
            const spsim_ynode *mirror =
                mat->items[c]->kind == SPSIM_YNODE_SEQUENCE && mat->items[c]->n == n_keys
                    ? mat->items[c]->items[r]
                    : NULL;
            if (mirror && spsim_value_number(mirror, &other) && other != v) {
                spsim_diag_error(j->d, cell->line, cell->column,
                                 "a correlation matrix is not symmetric: %.15g here, %.15g "
                                 "across the diagonal (allowed: a symmetric matrix)",
                                 v, other);
                j->errors++;
                continue;
            }
            put(j, idx[r], idx[c], v, cell);
        }
    }
}

static void read_group(joint *j, const spsim_ynode *g)
{
    const spsim_ynode *list = spsim_ynode_get(g, "keys"), *rho = spsim_ynode_get(g, "rho"),
                      *mat = spsim_ynode_get(g, "matrix");
    if (g->kind != SPSIM_YNODE_MAPPING || !list || list->kind != SPSIM_YNODE_SEQUENCE ||
        list->n < 2 || (!rho) == (!mat) || g->n != 2) {
        group_error(j, g,
                    "a correlated group needs 'keys' (two or more) and one of 'rho' or "
                    "'matrix'");
        return;
    }
    int *idx = malloc((size_t)list->n * sizeof *idx);
    if (!idx) {
        j->errors++;
        return;
    }
    double r;
    if (group_keys(j, list, idx)) {
        if (mat)
            read_matrix(j, mat, idx, list->n);
        else if (read_rho(j, rho, &r))
            for (int a = 0; a < list->n; a++)
                for (int b = 0; b < a; b++) put(j, idx[a], idx[b], r, rho);
    }
    free(idx);
}

/* The lower Cholesky factor of j->m in place (upper part zeroed); false when not positive
 * definite. */
static bool cholesky(double *m, int n)
{
    gsl_matrix_view v = gsl_matrix_view_array(m, (size_t)n, (size_t)n);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int status = gsl_linalg_cholesky_decomp1(&v.matrix);
    gsl_set_error_handler(old);
    for (int r = 0; r < n; r++)
        for (int c = r + 1; c < n; c++) m[r * n + c] = 0;
    return status == GSL_SUCCESS;
}

int spsim_uncertainty_correlations(const spsim_ynode *node, const spsim_uncertain_list *keys,
                                   spsim_diagnostics *diags, double **chol)
{
    *chol = NULL;
    if (!node) return 0;
    joint j = {keys, diags, NULL, NULL, 0};
    if (node->kind != SPSIM_YNODE_SEQUENCE) {
        group_error(&j, node, "'correlations' is not a list of correlated groups");
        return j.errors;
    }
    int n = keys->n;
    j.m = calloc((size_t)(n ? n * n : 1), sizeof *j.m);
    j.set = calloc((size_t)(n ? n * n : 1), sizeof *j.set);
    if (!j.m || !j.set) {
        free(j.m);
        free(j.set);
        spsim_diag_error(diags, 0, 0, "out of memory while reading the correlations");
        return -1;
    }
    for (int k = 0; k < n; k++) j.m[k * n + k] = 1;
    for (int i = 0; i < node->n; i++) read_group(&j, node->items[i]);
    if (j.errors == 0 && n > 0 && !cholesky(j.m, n)) {
        spsim_diag_error(diags, node->line, node->column,
                         "the correlations are not positive definite, so no joint distribution "
                         "has them (allowed: correlations that GSL's Cholesky decomposition "
                         "accepts; lower some of them)");
        j.errors++;
    }
    free(j.set);
    if (j.errors) {
        free(j.m);
        return j.errors;
    }
    *chol = j.m;
    return 0;
}
