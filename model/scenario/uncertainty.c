/* Drawn values -> a scenario: uniforms to values through the correlations and each key's
 * quantile, values written into a copy of the checked tree, and the copy resolved again. */
#include "uncertainty.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#include "diagnostics.h"
#include "resolve.h"
#include "uncertainty_state.h"
#include "validate.h"
#include "values.h"

/* Uniforms this close to 0 or 1 are moved in, so the normal quantile stays finite. */
#define U_EDGE 1e-300

static double clamp_u(double u)
{
    return u < U_EDGE ? U_EDGE : u > 1 - 1e-16 ? 1 - 1e-16 : u;
}

void spsim_uncertain_values(const spsim_scenario *s, const double *u, double *values)
{
    int n = s->n_uncertain;
    const double *chol = s->uncertainty_state ? s->uncertainty_state->chol : NULL;
    for (int k = 0; k < n; k++) {
        double uk = clamp_u(u[k]);
        bool grouped = false; /* a key in no group keeps its own uniform, bit for bit */
        for (int j = 0; chol && j < k; j++) grouped |= chol[k * n + j] != 0;
        if (grouped) { /* Gaussian copula: correlated normals from independent ones */
            double z = 0;
            for (int j = 0; j <= k; j++)
                z += chol[k * n + j] * gsl_cdf_ugaussian_Pinv(clamp_u(u[j]));
            uk = clamp_u(gsl_cdf_ugaussian_P(z));
        }
        values[k] = spsim_dist_quantile(&s->uncertain[k].dist, uk);
    }
}

void spsim_uncertain_means(const spsim_scenario *s, double *values)
{
    for (int k = 0; k < s->n_uncertain; k++) values[k] = spsim_dist_mean(&s->uncertain[k].dist);
}

spsim_ynode *spsim_route_node(spsim_ynode *root, const spsim_route *route)
{
    spsim_ynode *node = root;
    for (int i = 0; node && i < route->len; i++) {
        int at = route->step[i];
        if (at >= node->n) return NULL;
        if (node->kind == SPSIM_YNODE_MAPPING)
            node = node->pairs[at].value;
        else if (node->kind == SPSIM_YNODE_SEQUENCE)
            node = node->items[at];
        else
            return NULL;
    }
    return node;
}

static int set_scalar(spsim_ynode *node, double v)
{
    char text[40];
    snprintf(text, sizeof text, "%.17g", v); /* every bit of the double survives the text */
    char *copy = malloc(strlen(text) + 1);
    if (!copy) return -1;
    strcpy(copy, text);
    free(node->text);
    node->text = copy;
    node->plain = true;
    return 0;
}

/* Divides the numbers of a row of shares by their sum, so a drawn row sums to 1 again. */
static int renormalise(spsim_ynode *row)
{
    double sum = 0, v;
    for (int i = 0; i < row->n; i++)
        if (spsim_value_number(row->pairs[i].value, &v)) sum += v;
    if (sum <= 0) return 0; /* validation reports a row of zeros */
    for (int i = 0; i < row->n; i++)
        if (spsim_value_number(row->pairs[i].value, &v) &&
            set_scalar(row->pairs[i].value, v / sum) != 0)
            return -1;
    return 0;
}

int spsim_uncertainty_write(spsim_ynode *root, const spsim_route *route, const bool *share, int n,
                            const double *values)
{
    for (int k = 0; k < n; k++) {
        spsim_ynode *node = spsim_route_node(root, &route[k]);
        if (node && node->kind == SPSIM_YNODE_SCALAR && set_scalar(node, values[k]) != 0) return -1;
    }
    for (int k = 0; k < n; k++) { /* after every value is in, each row once (done twice: same) */
        if (!share[k]) continue;
        spsim_route row = route[k];
        row.len--;
        bool first = true;
        for (int j = 0; j < k && first; j++)
            first = !(share[j] && route[j].len == route[k].len &&
                      memcmp(route[j].step, row.step, (size_t)row.len * sizeof *row.step) == 0);
        spsim_ynode *parent = spsim_route_node(root, &row);
        if (first && parent && parent->kind == SPSIM_YNODE_MAPPING && renormalise(parent) != 0)
            return -1;
    }
    return 0;
}

/* "a,b,c": the arms of `s` in their order, to select them again. */
static void arm_list(const spsim_scenario *s, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int a = 0; a < s->n_arms && used < len; a++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", a ? "," : "", s->arms[a].name);
}

static spsim_scenario *scenario_shell(const spsim_scenario *s)
{
    spsim_scenario *out = calloc(1, sizeof *out);
    if (!out) return NULL;
    size_t len = s->text ? strlen(s->text) + 1 : 1;
    out->text = malloc(len);
    if (!out->text) {
        free(out);
        return NULL;
    }
    memcpy(out->text, s->text ? s->text : "", len);
    snprintf(out->path, sizeof out->path, "%s", s->path);
    return out;
}

spsim_scenario *spsim_scenario_with_values(const spsim_scenario *s, const double *values,
                                           spsim_diagnostics *diags)
{
    const struct spsim_uncertainty_state *st = s->uncertainty_state;
    if (!st) {
        spsim_diag_error(diags, 0, 0, "the scenario keeps no tree to resolve drawn values with");
        return NULL;
    }
    spsim_ynode *tree = spsim_ynode_copy(st->root);
    spsim_scenario *out = scenario_shell(s);
    bool failed = !tree || !out ||
                  spsim_uncertainty_write(tree, st->route, st->share, s->n_uncertain, values) != 0;
    if (failed) spsim_diag_error(diags, 0, 0, "out of memory while drawing a parameter set");
    /* The drawn values meet the same checks as values written in the file. */
    if (!failed) failed = spsim_scenario_validate(tree, diags) != 0;
    if (!failed) failed = spsim_scenario_resolve(tree, out, diags) != 0;
    if (!failed) { /* what a caller may have set after loading (spsim run --seed) */
        out->seed = s->seed;
        out->replications = s->replications;
        out->independent_arm_streams = s->independent_arm_streams;
    }
    char arms[SPSIM_MAX_ARMS * (SPSIM_NAME_MAX + 1)], err[512];
    arm_list(s, arms, sizeof arms);
    if (!failed && spsim_scenario_select_arms(out, arms, err, sizeof err) != 0) {
        spsim_diag_error(diags, 0, 0, "%s", err);
        failed = true;
    }
    spsim_ynode_free(tree);
    if (failed) {
        spsim_scenario_free(out);
        return NULL;
    }
    return out;
}

void spsim_uncertainty_state_free(struct spsim_uncertainty_state *st)
{
    if (!st) return;
    spsim_ynode_free(st->root);
    free(st->route);
    free(st->share);
    free(st->chol);
    free(st);
}
