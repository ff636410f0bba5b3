/* The caveats of the verdict (summary_verdict.c), each worked out from the file rather than
 * said every time: how much of the best arm's lead rests on wellbeing valued in money, whether
 * the probabilities reflect chance alone, how coarse they are at the run's replications, what
 * a ratio against the reference means when an arm has fewer WELLBYs, whether the arms value a
 * WELLBY differently, whether a run to a precision reached it, and which keys marked as assumptions an arm's difference from the
 * reference rests on; then where the model is checked against published figures. */
#include "summary_print.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../io/h5util.h"

/* ---- keys marked as assumptions ---- */

/* One row of /arms/<arm>/parameters as read: the key, value, unit and source variables along
 * its `key` dimension (variable-length strings, allocated by HDF5). */
typedef struct {
    char *key, *value, *unit, *source;
} parameter_row;

enum {
    PARAMETER_COLUMNS = 4
};

static const char *const parameter_column[PARAMETER_COLUMNS] = {"key", "value", "unit", "source"};

typedef struct {
    parameter_row *rows;
    size_t n;
    char **column[PARAMETER_COLUMNS]; /* as read, kept to reclaim the strings */
    hid_t str, space[PARAMETER_COLUMNS];
} parameter_table;

static void free_table(parameter_table *t)
{
    for (int c = 0; c < PARAMETER_COLUMNS; c++) {
        if (t->column[c] && t->str >= 0 && t->space[c] >= 0)
            H5Dvlen_reclaim(t->str, t->space[c], H5P_DEFAULT, t->column[c]);
        free(t->column[c]);
        if (t->space[c] >= 0) H5Sclose(t->space[c]);
    }
    free(t->rows);
    if (t->str >= 0) H5Tclose(t->str);
}

/* Reads one column of `group` into t->column[c]; its length must be t->n once the first is read. */
static bool read_column(hid_t group, int c, parameter_table *t)
{
    hid_t d = H5Dopen2(group, parameter_column[c], H5P_DEFAULT);
    if (d < 0) return false;
    t->space[c] = H5Dget_space(d);
    hssize_t n = t->space[c] >= 0 ? H5Sget_simple_extent_npoints(t->space[c]) : -1;
    bool ok = n >= 0 && (c == 0 || (size_t)n == t->n);
    if (ok) {
        t->n = (size_t)n;
        t->column[c] = calloc(n > 0 ? (size_t)n : 1, sizeof(char *));
        ok = t->column[c] && H5Dread(d, t->str, H5S_ALL, H5S_ALL, H5P_DEFAULT, t->column[c]) >= 0;
        if (!ok) {
            free(t->column[c]);
            t->column[c] = NULL;
        }
    }
    H5Dclose(d);
    return ok;
}

static int read_table(hid_t f, const char *path, const char *arm, parameter_table *t, char *err,
                      size_t errlen)
{
    char name[512];
    snprintf(name, sizeof name, "/arms/%s/parameters", arm);
    *t = (parameter_table){.str = spsim_h5_string_type()};
    for (int c = 0; c < PARAMETER_COLUMNS; c++) t->space[c] = -1;
    hid_t g = H5Lexists(f, name, H5P_DEFAULT) > 0 ? H5Gopen2(f, name, H5P_DEFAULT) : -1;
    bool ok = g >= 0 && t->str >= 0;
    for (int c = 0; ok && c < PARAMETER_COLUMNS; c++) ok = read_column(g, c, t);
    if (g >= 0) H5Gclose(g);
    t->rows = ok ? calloc(t->n ? t->n : 1, sizeof *t->rows) : NULL;
    for (size_t k = 0; t->rows && k < t->n; k++)
        t->rows[k] =
            (parameter_row){t->column[0][k], t->column[1][k], t->column[2][k], t->column[3][k]};
    if (t->rows) return 0;
    free_table(t);
    *t = (parameter_table){.str = -1};
    for (int c = 0; c < PARAMETER_COLUMNS; c++) t->space[c] = -1;
    snprintf(err, errlen, "cannot read the parameters table %s of %s", name, path);
    return -1;
}

/* Whether the row is an assumption (its source starts "Assumption", the registry's mark) whose
 * value the reference does not share. */
static bool differing_assumption(const parameter_row *row, const parameter_table *reference)
{
    if (!row->source || strncmp(row->source, "Assumption", 10) != 0) return false;
    for (size_t k = 0; k < reference->n; k++)
        if (reference->rows[k].key && row->key && !strcmp(reference->rows[k].key, row->key))
            return !row->value || !reference->rows[k].value ||
                   strcmp(reference->rows[k].value, row->value) != 0;
    return true; /* a key the reference does not have at all */
}

int spsim_verdict_find_assumptions(hid_t f, const char *path, const char *const *names, int n_arms,
                                   spsim_verdict_assumptions *found, char *err, size_t errlen)
{
    memset(found, 0, sizeof *found);
    if (n_arms < 2) return 0;
    parameter_table reference;
    if (read_table(f, path, names[n_arms - 1], &reference, err, errlen) < 0) return -1;
    int status = 0;
    for (int a = 0; a + 1 < n_arms && status == 0; a++) {
        parameter_table arm;
        status = read_table(f, path, names[a], &arm, err, errlen);
        for (size_t k = 0; status == 0 && k < arm.n; k++) {
            if (!differing_assumption(&arm.rows[k], &reference)) continue;
            if (found->count[a] < SPSIM_VERDICT_NAMED_KEYS)
                snprintf(found->named[a][found->count[a]], sizeof found->named[a][0], "%s",
                         arm.rows[k].key);
            found->count[a]++;
        }
        if (status == 0) free_table(&arm);
    }
    free_table(&reference);
    return status;
}

/* ---- the caveats ---- */

static void caveat(FILE *out, const char *text)
{
    spsim_verdict_wrap(out, "  - ", "    ", text);
}

/* When more than half the best arm's lead over the runner-up is WELLBYs valued in money. */
static void wellbeing_caveat(FILE *out, const spsim_verdict_context *c)
{
    if (!c->has_decision || c->n_arms < 2) return;
    const spsim_verdict_arm *best = &c->arms[c->order[0]], *next = &c->arms[c->order[1]];
    double lead = best->nmb - next->nmb, wellbeing = c->wtp * (best->wellbys - next->wellbys);
    if (!(lead > 0) || !(wellbeing > 0.5 * lead)) return;
    char gbp[48], wtp[48], share[48], money[48], text[1024];
    spsim_verdict_format_money(lead, gbp, sizeof gbp);
    spsim_summary_format_number(c->wtp, SHOW_WHOLE, wtp, sizeof wtp);
    spsim_summary_format_number(wellbeing / lead, SHOW_PERCENT, share, sizeof share);
    spsim_verdict_format_money(fabs(lead - wellbeing), money, sizeof money);
    snprintf(text, sizeof text,
             "%s leads %s by %s GBP of net monetary benefit, and %s %% of that lead is WELLBYs "
             "valued at %s GBP each; in money alone (net cost) %s is %s GBP %s.",
             best->name, next->name, gbp, share, wtp, best->name, money,
             lead - wellbeing >= 0 ? "ahead" : "behind");
    caveat(out, text);
}

static void uncertainty_caveats(FILE *out, const spsim_verdict_context *c)
{
    if (c->precision[0]) caveat(out, c->precision);
    if (!c->has_decision) return; /* one arm: no shares of replications to qualify */
    if (!c->has_psa)
        caveat(out, "The shares of replications reflect chance alone: the scenario writes no value "
                    "as a distribution (the file has no /psa), so parameter uncertainty is not "
                    "in them.");
    /* below 100 replications a share moves in steps of more than 1 percentage point */
    if (c->replications > 0 && c->replications < 100) {
        char step[48], text[256];
        spsim_summary_format_number(1 / c->replications, SHOW_PERCENT, step, sizeof step);
        snprintf(text, sizeof text,
                 "%.0f replication%s: each share moves in steps of %s %%; spsim run --precision "
                 "runs until the headlines are precise enough.",
                 c->replications, c->replications == 1 ? "" : "s", step);
        caveat(out, text);
    }
    if (!(c->arms_share_wtp > 0))
        caveat(out, "The arms value a WELLBY differently; the ranking uses the first arm's "
                    "willingness to pay.");
}

/* Per arm: a ratio against the reference with fewer WELLBYs, and the assumptions it rests on. */
static void arm_caveats(FILE *out, const spsim_verdict_context *c)
{
    const char *reference = c->arms[c->n_arms - 1].name;
    for (int a = 0; a + 1 < c->n_arms; a++) {
        const spsim_verdict_arm *m = &c->arms[a];
        char text[1024];
        if (m->d_wellbys < 0 && m->d_net_cost < 0) {
            snprintf(text, sizeof text,
                     "%s has fewer WELLBYs than %s for less net cost: its ratio is the GBP saved "
                     "per WELLBY given up.",
                     m->name, reference);
            caveat(out, text);
        }
        int n = c->assumptions->count[a];
        if (n == 0) continue;
        int o = snprintf(text, sizeof text,
                         "%s differs from %s in %d key(s) marked as assumptions, e.g.", m->name,
                         reference, n);
        for (int k = 0; k < n && k < SPSIM_VERDICT_NAMED_KEYS && o < (int)sizeof text; k++)
            o += snprintf(text + o, sizeof text - (size_t)o, "%s %s", k ? "," : "",
                          c->assumptions->named[a][k]);
        if (o < (int)sizeof text)
            snprintf(text + o, sizeof text - (size_t)o, "; all in /arms/%s/parameters.", m->name);
        caveat(out, text);
    }
}

void spsim_verdict_print_caveats(FILE *out, const spsim_verdict_context *c)
{
    fprintf(out, "\nCaveats\n");
    wellbeing_caveat(out, c);
    uncertainty_caveats(out, c);
    arm_caveats(out, c);
    caveat(out, "docs/validation.md sets every headline of the default scenario beside its "
                "published figure and source (tools/update-validation.sh).");
}
