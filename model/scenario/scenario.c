/* Loading a scenario: read the file, parse the YAML, check it, resolve it. */
#include "scenario.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "resolve.h"
#include "uncertainty.h"
#include "uncertainty_state.h"
#include "validate.h"
#include "yaml_tree.h"

enum {
    MAX_SCENARIO_BYTES = 16 << 20
}; /* far above any real scenario; bounds a wrong file */

/* Reads the whole file; NULL with an error diagnostic when it cannot. */
static char *read_file(const char *path, size_t *len, spsim_diagnostics *diags)
{
    int err = 0;
    char *text = spsim_read_text_file(path, MAX_SCENARIO_BYTES, len, &err);
    if (text) return text;
    if (err == EFBIG)
        spsim_diag_error(diags, 0, 0,
                         "the scenario file is larger than %d MiB (allowed: a "
                         "YAML scenario file)",
                         MAX_SCENARIO_BYTES >> 20);
    else
        spsim_diag_error(diags, 0, 0,
                         "cannot read the scenario file: %s (allowed: a readable "
                         "YAML file)",
                         err == ENOMEM ? "out of memory" : strerror(err));
    return NULL;
}

spsim_scenario *spsim_scenario_load(const char *path, spsim_diagnostics *diags)
{
    size_t len = 0;
    char *text = read_file(path, &len, diags);
    if (!text) return NULL;
    spsim_scenario *s = spsim_scenario_parse(text, len, path, diags);
    free(text);
    return s;
}

static spsim_scenario *scenario_new(const char *text, size_t len, const char *path)
{
    spsim_scenario *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->text = malloc(len + 1);
    if (!s->text) {
        free(s);
        return NULL;
    }
    memcpy(s->text, text, len);
    s->text[len] = '\0';
    snprintf(s->path, sizeof s->path, "%s", path);
    return s;
}

/* Each key's file and own line, and a warning where truncation cuts off more than 1 % of a
 * distribution (its draws then differ from the distribution as written). */
static void place_keys(spsim_uncertain_list *keys, spsim_diagnostics *diags)
{
    for (int k = 0; k < keys->n; k++) {
        spsim_uncertain_key *u = &keys->keys[k];
        double cut = spsim_dist_mass_cut(&u->dist);
        if (cut > 0.01)
            spsim_diag_warning(diags, u->line, u->column,
                               "%.1f %% of the distribution of '%s' lies outside its allowed "
                               "range %.15g..%.15g and is cut off (draws are truncated to the "
                               "range)",
                               100 * cut, u->key, u->dist.lo, u->dist.hi);
        int line;
        snprintf(u->file, sizeof u->file, "%s", spsim_diagnostics_file_of(diags, u->line, &line));
        u->line = line;
    }
}

/* Includes merged, distributions found and replaced by their means, correlations read: what
 * comes before the ordinary checks. Returns the number of errors (or -1: out of memory). */
static int prepare(spsim_ynode *root, const char *path, spsim_diagnostics *diags,
                   spsim_uncertain_list *keys, double **chol, char **included)
{
    int errors = spsim_include_merge(root, path, diags, included);
    if (errors != 0) return errors;
    spsim_ynode *correlations = spsim_ynode_take(root, "correlations");
    errors = spsim_uncertainty_scan(root, diags, keys);
    if (errors == 0) errors = spsim_uncertainty_correlations(correlations, keys, diags, chol);
    spsim_ynode_free(correlations);
    if (errors == 0) place_keys(keys, diags);
    return errors;
}

/* The checked tree at the keys' (truncated) means, resolved; the tree is kept for drawing. */
static spsim_scenario *resolve_at_means(spsim_ynode *root, const char *text, size_t len,
                                        const char *path, spsim_uncertain_list *keys, double *chol,
                                        spsim_diagnostics *diags)
{
    spsim_scenario *s = scenario_new(text, len, path);
    struct spsim_uncertainty_state *st = calloc(1, sizeof *st);
    double *means = calloc((size_t)keys->n + 1, sizeof *means);
    if (s) {
        s->n_uncertain = keys->n;
        s->uncertain = keys->keys;
        keys->keys = NULL;
    }
    if (!s || !st || !means) {
        spsim_diag_error(diags, 0, 0, "out of memory while reading the scenario");
        free(means);
        free(st);
        free(chol);
        spsim_scenario_free(s);
        spsim_ynode_free(root);
        return NULL;
    }
    *st = (struct spsim_uncertainty_state){root, keys->route, keys->share, chol};
    keys->route = NULL;
    keys->share = NULL;
    s->uncertainty_state = st;
    spsim_uncertain_means(s, means);
    int failed = spsim_uncertainty_write(root, st->route, st->share, s->n_uncertain, means);
    free(means);
    if (failed) spsim_diag_error(diags, 0, 0, "out of memory while reading the scenario");
    if (failed || spsim_scenario_resolve(root, s, diags) != 0) {
        spsim_scenario_free(s);
        return NULL;
    }
    return s;
}

/* The included fragments' texts after the scenario's own, so the output holds everything the
 * scenario was read from. Returns -1 when memory runs out. */
static int append_included(spsim_scenario *s, const char *included, spsim_diagnostics *diags)
{
    if (!s || !included) return 0;
    size_t own = strlen(s->text), more = strlen(included);
    char *text = realloc(s->text, own + more + 1);
    if (!text) {
        spsim_diag_error(diags, 0, 0, "out of memory while reading the scenario");
        return -1;
    }
    memcpy(text + own, included, more + 1);
    s->text = text;
    return 0;
}

spsim_scenario *spsim_scenario_parse(const char *text, size_t len, const char *path,
                                     spsim_diagnostics *diags)
{
    bool parsed;
    spsim_scenario *s = NULL;
    spsim_uncertain_list keys = {0};
    double *chol = NULL;
    char *included = NULL;
    spsim_ynode *root = spsim_yaml_parse(text, len, diags, &parsed);
    if (parsed && prepare(root, path, diags, &keys, &chol, &included) == 0 &&
        spsim_scenario_validate(root, diags) == 0) {
        s = resolve_at_means(root, text, len, path, &keys, chol, diags);
        root = NULL; /* kept by the scenario, or freed */
        chol = NULL;
        if (append_included(s, included, diags) != 0) {
            spsim_scenario_free(s);
            s = NULL;
        }
    }
    free(included);
    free(chol);
    spsim_uncertain_list_free(&keys);
    spsim_ynode_free(root);
    spsim_diagnostics_sort(diags);
    return s;
}

void spsim_scenario_free(spsim_scenario *s)
{
    if (!s) return;
    for (int a = 0; a < SPSIM_MAX_ARMS; a++) free(s->resolved[a]);
    free(s->uncertain);
    spsim_uncertainty_state_free(s->uncertainty_state);
    free(s->text);
    free(s);
}

/* ---- choosing arms ---- */

static int arm_index(const spsim_scenario *s, const char *name, size_t len)
{
    for (int a = 0; a < s->n_arms; a++)
        if (strlen(s->arms[a].name) == len && strncmp(s->arms[a].name, name, len) == 0) return a;
    return -1;
}

static void arm_names(const spsim_scenario *s, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int a = 0; a < s->n_arms && used < len; a++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", a ? ", " : "", s->arms[a].name);
}

/* Arm indices in the order listed; -1 with a message on an unknown, repeated or empty name. */
static int parse_arm_list(const spsim_scenario *s, const char *list, int *order, char *err,
                          size_t errlen)
{
    int n = 0;
    char names[SPSIM_MAX_ARMS * (SPSIM_NAME_MAX + 2)];
    arm_names(s, names, sizeof names);
    for (const char *p = list;; p++) {
        size_t len = strcspn(p, ",");
        int a = arm_index(s, p, len);
        if (len == 0) {
            snprintf(err, errlen, "empty arm name in '%s' (arms: %s)", list, names);
            return -1;
        }
        if (a < 0) {
            char given[SPSIM_NAME_MAX + 1], hint[SPSIM_NAME_MAX + 32];
            const char *arm[SPSIM_MAX_ARMS];
            for (int i = 0; i < s->n_arms; i++) arm[i] = s->arms[i].name;
            snprintf(given, sizeof given, "%.*s", (int)len, p);
            spsim_suggest_text(given, arm, s->n_arms, hint, sizeof hint);
            snprintf(err, errlen, "unknown arm '%.*s' (arms: %s)%s", (int)len, p, names, hint);
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (order[i] == a) {
                snprintf(err, errlen, "arm '%.*s' is listed twice (arms: %s)", (int)len, p, names);
                return -1;
            }
        }
        order[n++] = a;
        p += len;
        if (*p != ',') return n;
    }
}

int spsim_scenario_select_arms(spsim_scenario *s, const char *comma_list, char *err, size_t errlen)
{
    int order[SPSIM_MAX_ARMS];
    int n = parse_arm_list(s, comma_list, order, err, errlen);
    if (n < 0) return -1;
    spsim_arm_params *arms = malloc(sizeof s->arms);
    if (!arms) {
        snprintf(err, errlen, "out of memory while choosing arms");
        return -1;
    }
    spsim_resolved_value *resolved[SPSIM_MAX_ARMS] = {NULL};
    int n_resolved[SPSIM_MAX_ARMS] = {0};
    for (int i = 0; i < n; i++) {
        arms[i] = s->arms[order[i]];
        resolved[i] = s->resolved[order[i]];
        n_resolved[i] = s->n_resolved[order[i]];
        s->resolved[order[i]] = NULL; /* moved, so the loop below frees only dropped arms */
    }
    for (int a = 0; a < SPSIM_MAX_ARMS; a++) free(s->resolved[a]);
    memcpy(s->arms, arms, (size_t)n * sizeof *arms);
    memcpy(s->resolved, resolved, sizeof resolved);
    memcpy(s->n_resolved, n_resolved, sizeof n_resolved);
    s->n_arms = n;
    free(arms);
    return 0;
}

spsim_scenario *spsim_scenario_load_reporting(const char *path, FILE *out)
{
    spsim_diagnostics diags;
    spsim_diagnostics_init(&diags, path);
    spsim_scenario *s = spsim_scenario_load(path, &diags);
    spsim_diagnostics_print(&diags, out);
    spsim_diagnostics_free(&diags);
    return s;
}
