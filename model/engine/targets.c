/* Reading calibration targets: YAML through the scenario reader's tree, every problem reported
 * at its line and column. */
#include "targets.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "economics/quantities.h"
#include "scenario/diagnostics.h"
#include "scenario/values.h"
#include "scenario/yaml_tree.h"

enum {
    MAX_TARGETS_BYTES = 4 << 20, /* far above any targets file; bounds a wrong file */
    MAX_TARGETS = 256
};

static const char target_keys[] = "quantity, value, sd, low, high, source, note, arm, years";

static char *read_whole_file(const char *path, size_t *len, spsim_diagnostics *diags)
{
    int err = 0;
    char *text = spsim_read_text_file(path, MAX_TARGETS_BYTES, len, &err);
    if (!text)
        spsim_diag_error(diags, 0, 0,
                         "cannot read the targets file: %s (allowed: a readable YAML file of "
                         "at most %d MiB)",
                         err == EFBIG    ? "too large"
                         : err == ENOMEM ? "out of memory"
                                         : strerror(err),
                         MAX_TARGETS_BYTES >> 20);
    return text;
}

spsim_target_set *spsim_targets_load(const char *path, spsim_diagnostics *diags)
{
    size_t len = 0;
    char *text = read_whole_file(path, &len, diags);
    if (!text) return NULL;
    spsim_target_set *t = spsim_targets_parse(text, len, path, diags);
    free(text);
    return t;
}

void spsim_targets_free(spsim_target_set *t)
{
    if (!t) return;
    free(t->items);
    free(t);
}

/* ---- one target ---- */

typedef struct {
    const spsim_ynode *quantity, *value, *sd, *low, *high, *source, *note, *arm, *years;
} target_nodes;

static const spsim_ynode **node_slot(target_nodes *n, const char *key)
{
    static const char *const keys[] = {"quantity", "value", "sd",  "low",  "high",
                                       "source",   "note",  "arm", "years"};
    const spsim_ynode **slots[] = {&n->quantity, &n->value, &n->sd,  &n->low,  &n->high,
                                   &n->source,   &n->note,  &n->arm, &n->years};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(key, keys[i])) return slots[i];
    return NULL;
}

/* The target's keys by name; an unknown or repeated key is an error. */
static int collect_nodes(const spsim_ynode *map, const char *name, target_nodes *n,
                         spsim_diagnostics *d)
{
    int errors = 0;
    memset(n, 0, sizeof *n);
    for (int i = 0; i < map->n; i++) {
        const spsim_ynode *key = map->pairs[i].key;
        const spsim_ynode **slot = node_slot(n, key->text);
        if (!slot) {
            spsim_diag_error(d, key->line, key->column,
                             "target '%s': unknown key '%s' (allowed: %s)", name, key->text,
                             target_keys);
            errors++;
        } else if (*slot) {
            spsim_diag_error(d, key->line, key->column,
                             "target '%s': key '%s' given twice (first at line %d)", name,
                             key->text, (*slot)->line);
            errors++;
        } else {
            *slot = map->pairs[i].value;
        }
    }
    return errors;
}

/* A number into *out; false (with an error) when the node is not one. */
static bool read_number(const spsim_ynode *node, const char *name, const char *key, double *out,
                        spsim_diagnostics *d)
{
    if (spsim_value_number(node, out) && isfinite(*out)) return true;
    char got[80];
    spsim_value_describe(node, got, sizeof got);
    spsim_diag_error(d, node->line, node->column, "target '%s': %s must be a number, got %s", name,
                     key, got);
    return false;
}

static bool read_text(const spsim_ynode *node, const char *name, const char *key, char *out,
                      size_t len, spsim_diagnostics *d)
{
    if (node->kind != SPSIM_YNODE_SCALAR || spsim_ynode_is_null(node) ||
        strlen(node->text) >= len) {
        char got[80];
        spsim_value_describe(node, got, sizeof got);
        spsim_diag_error(d, node->line, node->column,
                         "target '%s': %s must be text of 1 to %zu characters, got %s", name, key,
                         len - 1, got);
        return false;
    }
    snprintf(out, len, "%s", node->text);
    return true;
}

static int read_quantity(const target_nodes *n, spsim_target *t, const spsim_ynode *where,
                         spsim_diagnostics *d)
{
    if (!n->quantity) {
        char names[1024];
        spsim_quantity_names(names, sizeof names);
        spsim_diag_error(d, where->line, where->column,
                         "target '%s': missing quantity (allowed: %s)", t->name, names);
        return 1;
    }
    t->quantity =
        n->quantity->kind == SPSIM_YNODE_SCALAR ? spsim_quantity_find(n->quantity->text) : -1;
    if (t->quantity >= 0) return 0;
    char names[1024], got[80];
    spsim_quantity_names(names, sizeof names);
    spsim_value_describe(n->quantity, got, sizeof got);
    spsim_diag_error(d, n->quantity->line, n->quantity->column,
                     "target '%s': unknown quantity %s (allowed: %s)", t->name, got, names);
    return 1;
}

/* sd, or low and high read as a 95 % interval; exactly one of the two ways. */
static int read_uncertainty(const target_nodes *n, spsim_target *t, const spsim_ynode *where,
                            spsim_diagnostics *d)
{
    if (n->sd && (n->low || n->high)) {
        const spsim_ynode *second = n->low ? n->low : n->high;
        spsim_diag_error(d, second->line, second->column,
                         "target '%s': give sd or low and high, not both", t->name);
        return 1;
    }
    if (n->sd) {
        if (!read_number(n->sd, t->name, "sd", &t->sd, d)) return 1;
        if (t->sd <= 0.0) {
            spsim_diag_error(d, n->sd->line, n->sd->column,
                             "target '%s': sd must be above 0, got %s", t->name, n->sd->text);
            return 1;
        }
        t->low = t->value - SPSIM_TARGET_Z95 * t->sd;
        t->high = t->value + SPSIM_TARGET_Z95 * t->sd;
        return 0;
    }
    if (!n->low && !n->high) {
        spsim_diag_error(d, where->line, where->column,
                         "target '%s': missing uncertainty (allowed: sd, or low and high as a "
                         "95 %% interval)",
                         t->name);
        return 1;
    }
    if (!n->low || !n->high) {
        const spsim_ynode *one = n->low ? n->low : n->high;
        spsim_diag_error(d, one->line, one->column, "target '%s': %s needs %s (a 95 %% interval)",
                         t->name, n->low ? "low" : "high", n->low ? "high" : "low");
        return 1;
    }
    if (!read_number(n->low, t->name, "low", &t->low, d) ||
        !read_number(n->high, t->name, "high", &t->high, d))
        return 1;
    if (!(t->low < t->high) || t->value < t->low || t->value > t->high) {
        spsim_diag_error(d, n->low->line, n->low->column,
                         "target '%s': low %g and high %g must satisfy low < high and "
                         "low <= value (%g) <= high",
                         t->name, t->low, t->high, t->value);
        return 1;
    }
    t->sd = (t->high - t->low) / (2.0 * SPSIM_TARGET_Z95);
    t->interval_given = true;
    return 0;
}

/* years: N (one year) or [FIRST, LAST], whole years from 1, for quantities counted by week. */
static int read_years(const spsim_ynode *node, spsim_target *t, spsim_diagnostics *d)
{
    long long first = 0, last = 0;
    bool overflow = false, ok;
    if (node->kind == SPSIM_YNODE_SEQUENCE)
        ok = node->n == 2 && spsim_value_integer(node->items[0], &first, &overflow) &&
             spsim_value_integer(node->items[1], &last, &overflow);
    else
        ok = spsim_value_integer(node, &first, &overflow) && (last = first, true);
    if (!ok || overflow || first < 1 || last < first || last > 100) {
        spsim_diag_error(d, node->line, node->column,
                         "target '%s': years must be a year N or a list [FIRST, LAST] of whole "
                         "years of the horizon with 1 <= FIRST <= LAST",
                         t->name);
        return 1;
    }
    if (!spsim_quantity_table[t->quantity].by_years) {
        spsim_diag_error(d, node->line, node->column,
                         "target '%s': years cannot restrict %s, a figure of the whole run "
                         "(allowed only for quantities counted by week)",
                         t->name, spsim_quantity_table[t->quantity].name);
        return 1;
    }
    t->first_year = (int)first;
    t->last_year = (int)last;
    t->years_line = node->line;
    t->years_column = node->column;
    return 0;
}

static int read_arm(const spsim_ynode *node, spsim_target *t, spsim_diagnostics *d)
{
    if (node->kind == SPSIM_YNODE_SCALAR && spsim_value_is_name(node->text)) {
        snprintf(t->arm, sizeof t->arm, "%s", node->text);
        t->arm_line = node->line;
        t->arm_column = node->column;
        return 0;
    }
    char got[80];
    spsim_value_describe(node, got, sizeof got);
    spsim_diag_error(d, node->line, node->column,
                     "target '%s': arm must be an arm's name (1..63 characters of A-Z a-z 0-9 _ "
                     "-), got %s",
                     t->name, got);
    return 1;
}

static int read_target(const spsim_ynode *key, const spsim_ynode *map, spsim_target *t,
                       spsim_diagnostics *d)
{
    target_nodes n;
    int errors = collect_nodes(map, t->name, &n, d);
    errors += read_quantity(&n, t, key, d);
    if (!n.value) {
        spsim_diag_error(d, key->line, key->column,
                         "target '%s': missing value (allowed: a "
                         "number in the quantity's unit)",
                         t->name);
        return errors + 1;
    }
    if (!read_number(n.value, t->name, "value", &t->value, d)) return errors + 1;
    errors += read_uncertainty(&n, t, key, d);
    if (!n.source) {
        spsim_diag_error(d, key->line, key->column,
                         "target '%s': missing source (allowed: the "
                         "publication or local data the figure comes from)",
                         t->name);
        errors++;
    } else if (!read_text(n.source, t->name, "source", t->source, sizeof t->source, d)) {
        errors++;
    }
    if (n.note && !read_text(n.note, t->name, "note", t->note, sizeof t->note, d)) errors++;
    if (n.arm) errors += read_arm(n.arm, t, d);
    if (n.years && t->quantity >= 0) errors += read_years(n.years, t, d);
    return errors;
}

/* ---- the file ---- */

static int check_top_level(const spsim_ynode *root, const spsim_ynode **targets,
                           spsim_diagnostics *d)
{
    int errors = 0;
    *targets = NULL;
    for (int i = 0; i < root->n; i++) {
        const spsim_ynode *key = root->pairs[i].key;
        if (!strcmp(key->text, "targets"))
            *targets = root->pairs[i].value;
        else if (strcmp(key->text, "description") != 0) {
            spsim_diag_error(d, key->line, key->column,
                             "unknown key '%s' (allowed: description, targets)", key->text);
            errors++;
        }
    }
    if (!*targets || (*targets)->kind != SPSIM_YNODE_MAPPING || (*targets)->n == 0 ||
        (*targets)->n > MAX_TARGETS) {
        const spsim_ynode *at = *targets ? *targets : root;
        spsim_diag_error(d, at->line, at->column,
                         "targets must be a mapping of 1 to %d named targets", MAX_TARGETS);
        errors++;
    }
    return errors;
}

static int read_targets(const spsim_ynode *targets, spsim_target_set *set, spsim_diagnostics *d)
{
    int errors = 0;
    for (int i = 0; i < targets->n; i++) {
        const spsim_ynode *key = targets->pairs[i].key, *value = targets->pairs[i].value;
        spsim_target *t = &set->items[set->n];
        *t = (spsim_target){.quantity = -1, .line = key->line, .column = key->column};
        snprintf(t->name, sizeof t->name, "%s", key->text);
        for (int j = 0; j < i; j++)
            if (!strcmp(targets->pairs[j].key->text, key->text)) {
                spsim_diag_error(d, key->line, key->column,
                                 "target '%s' is given twice (first at line %d)", key->text,
                                 targets->pairs[j].key->line);
                errors++;
            }
        if (!spsim_value_is_name(key->text) || value->kind != SPSIM_YNODE_MAPPING) {
            spsim_diag_error(d, key->line, key->column,
                             "target '%.63s' must be a name (1..63 characters of A-Z a-z 0-9 _ -) "
                             "with a mapping of %s",
                             key->text, target_keys);
            errors++;
            continue;
        }
        errors += read_target(key, value, t, d);
        set->n++;
    }
    return errors;
}

spsim_target_set *spsim_targets_parse(const char *text, size_t len, const char *path,
                                      spsim_diagnostics *diags)
{
    bool parsed;
    spsim_ynode *root = spsim_yaml_parse(text, len, diags, &parsed);
    spsim_target_set *set = NULL;
    const spsim_ynode *targets = NULL;
    int errors = !parsed;
    if (parsed && (!root || root->kind != SPSIM_YNODE_MAPPING)) {
        spsim_diag_error(diags, root ? root->line : 1, root ? root->column : 1,
                         "a targets file is a mapping with the key targets (and optionally "
                         "description)");
        errors++;
    } else if (parsed) {
        errors += check_top_level(root, &targets, diags);
    }
    if (!errors) {
        set = calloc(1, sizeof *set);
        if (set) set->items = calloc((size_t)targets->n, sizeof *set->items);
        if (!set || !set->items) {
            spsim_diag_error(diags, 0, 0, "out of memory while reading the targets");
            errors++;
        } else {
            snprintf(set->path, sizeof set->path, "%s", path);
            errors += read_targets(targets, set, diags);
        }
    }
    spsim_ynode_free(root);
    spsim_diagnostics_sort(diags);
    if (errors) {
        spsim_targets_free(set);
        return NULL;
    }
    return set;
}

/* ---- against a scenario ---- */

int spsim_target_arm(const spsim_target *target, const spsim_scenario *s)
{
    if (!target->arm[0]) return 0;
    for (int a = 0; a < s->n_arms; a++)
        if (!strcmp(s->arms[a].name, target->arm)) return a;
    return -1;
}

int spsim_targets_check_scenario(const spsim_target_set *t, const spsim_scenario *s,
                                 spsim_diagnostics *diags)
{
    int errors = 0;
    double horizon_years = s->horizon_years;
    for (int i = 0; i < t->n; i++) {
        const spsim_target *g = &t->items[i];
        if (spsim_target_arm(g, s) < 0) {
            char arms[SPSIM_MAX_ARMS * (SPSIM_NAME_MAX + 2)] = "";
            for (int a = 0; a < s->n_arms; a++)
                snprintf(arms + strlen(arms), sizeof arms - strlen(arms), "%s%s", a ? ", " : "",
                         s->arms[a].name);
            spsim_diag_error(diags, g->arm_line, g->arm_column,
                             "target '%s': the scenario has no arm '%s' (arms: %s)", g->name,
                             g->arm, arms);
            errors++;
        }
        if (g->first_year > 0 && g->last_year > horizon_years + 1e-9) {
            spsim_diag_error(diags, g->years_line, g->years_column,
                             "target '%s': year %d is beyond the scenario's horizon of %g years",
                             g->name, g->last_year, horizon_years);
            errors++;
        }
    }
    spsim_diagnostics_sort(diags);
    return errors;
}
