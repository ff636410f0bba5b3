/* Mappings of numbers by key: shares that sum to 1, counts, a population, numbers by service,
 * tables and PERTs by service, and shares by need. Each key is checked as a number, then what
 * joins them: the sum of shares, a population above zero, every key or service given, a PERT in
 * order. The sum and the order are checked only when every number they join was valid, so no
 * problem is reported twice. */
#include "validate_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What joins the valid numbers of a mapping: shares sum to 1, every key is given when
 * `required` says so, and a population has someone in it. Returns false when a key is missing. */
static bool check_joined_numbers(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                                 const spsim_ynode *node, const char *shown, const char *required,
                                 const bool *seen, double sum)
{
    bool shares = e->type == SPSIM_REG_SHARES || e->type == SPSIM_REG_SHARES_BY_NEED;
    if (shares && fabs(sum - 1.0) > 1e-6)
        spsim_diag_error(ck->d, key->line, key->column,
                         "'%s' sum to %.6g (allowed: shares "
                         "summing to 1, within 1e-6)",
                         shown, sum);
    if (!required) return true;
    bool all_given = true;
    char allowed[256];
    spsim_check_number_allowed(e, allowed, sizeof allowed);
    for (int k = 0; k < e->n_keys; k++)
        if (!seen[k]) {
            spsim_diag_error(ck->d, key->line, key->column,
                             "missing required key '%s' in '%s' "
                             "(allowed: %s%s%s)",
                             e->keys[k], shown, allowed, required[0] ? "; " : "", required);
            all_given = false;
        }
    if (e->type == SPSIM_REG_POPULATION && sum <= 0 && node->n > 0)
        spsim_diag_error(ck->d, key->line, key->column,
                         "'%s' sums to 0 persons (allowed: at "
                         "least one resident)",
                         shown);
    return all_given;
}

/* SHARES, COUNTS, POPULATION, SERVICE_NUMBERS and each row of SHARES_BY_NEED, SERVICE_TABLE and
 * SERVICE_PERT: a mapping of the entry's keys to numbers. `required` is NULL when keys may be
 * left out, else every key is required and it is the reason, added to the message ("" for
 * none). Returns true when every number is given and valid. */
/* A population counts persons, so each of its numbers is whole. */
static bool whole_if_persons(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                             const char *shown, double v)
{
    if (e->type != SPSIM_REG_POPULATION || v == floor(v)) return true;
    spsim_diag_error(ck->d, node->line, node->column,
                     "'%s' is %s, not a whole number of persons (allowed: a whole number "
                     "%.15g..%.15g, persons)",
                     shown, node->text, e->min, e->max);
    return false;
}

bool spsim_check_keyed_numbers(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                               const spsim_ynode *node, const char *shown, const char *required)
{
    if (node->kind != SPSIM_YNODE_MAPPING) {
        spsim_check_wrong_entry_type(ck, e, node, shown);
        return false;
    }
    const char *names[MAX_CHILDREN];
    size_t lens[MAX_CHILDREN];
    bool seen[MAX_CHILDREN] = {false}, all_valid = true;
    for (int i = 0; i < e->n_keys; i++) {
        names[i] = e->keys[i];
        lens[i] = strlen(e->keys[i]);
    }
    double sum = 0;
    int *repeats = spsim_check_duplicates(ck, node, shown);
    for (int i = 0; i < node->n; i++) {
        const spsim_ypair *p = &node->pairs[i];
        if (spsim_check_is_repeat(repeats, i)) continue;
        int k = 0;
        while (k < e->n_keys && strcmp(e->keys[k], p->key->text) != 0) k++;
        if (k == e->n_keys) {
            spsim_check_unknown_key(ck, p->key, shown, names, lens, e->n_keys);
            all_valid = false;
            continue;
        }
        seen[k] = true;
        char path[PATH_MAX_LEN];
        spsim_check_join_path(path, shown, p->key->text);
        double v;
        if (spsim_check_number(ck, e, p->value, path, &v) &&
            whole_if_persons(ck, e, p->value, path, v))
            sum += v;
        else
            all_valid = false;
    }
    free(repeats);
    if (!all_valid) return false; /* a sum over wrong values would only repeat the problem */
    return check_joined_numbers(ck, e, key, node, shown, required, seen, sum);
}

/* A PERT's min <= mode <= max and min < max; its three numbers are valid. The problem is shown
 * at the mode, or at the max when min and max are equal. */
static void check_pert_order(checker *ck, const spsim_ynode *node, const char *shown)
{
    static const char allowed[] = "min <= mode <= max and min < max";
    const spsim_ynode *part[3];
    double v[3];
    for (int k = 0; k < 3; k++) {
        part[k] = spsim_ynode_get(node, spsim_pert_key[k]);
        spsim_value_number(part[k], &v[k]);
    }
    if (v[1] < v[0])
        spsim_diag_error(ck->d, part[1]->line, part[1]->column,
                         "'%s' has mode %s below min %s "
                         "(allowed: %s)",
                         shown, part[1]->text, part[0]->text, allowed);
    else if (v[1] > v[2])
        spsim_diag_error(ck->d, part[1]->line, part[1]->column,
                         "'%s' has mode %s above max %s "
                         "(allowed: %s)",
                         shown, part[1]->text, part[2]->text, allowed);
    else if (v[0] == v[2])
        spsim_diag_error(ck->d, part[2]->line, part[2]->column,
                         "'%s' has min and max both %s "
                         "(allowed: %s)",
                         shown, part[2]->text, allowed);
}

/* Why every entry of a mapping by service is required, for messages: "when 'outcomes.dispersion'
 * is given, every service is required". */
static void service_note(const spsim_reg_entry *e, const char *shown, char *buf, size_t len)
{
    char inner[64] = "";
    if (e->type == SPSIM_REG_SERVICE_TABLE)
        spsim_check_printf(inner, sizeof inner, " and %s", spsim_registry_column_noun(e));
    bool pert = e->type == SPSIM_REG_SERVICE_PERT;
    spsim_check_printf(buf, len, "when '%s' is given, every service%s %s required", shown,
                       pert ? " and its min, mode and max" : inner, pert ? "are" : "is");
}

void spsim_check_service_numbers(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                                 const spsim_ynode *node, const char *shown)
{
    char note[PATH_MAX_LEN + 96];
    service_note(e, shown, note, sizeof note);
    spsim_check_keyed_numbers(ck, e, key, node, shown, note);
}

/* What one service's row may be, for messages: "{min, mode, max}, each a number ..." or "a
 * mapping of every one of <columns> to a number ...". */
static void service_row_allowed(const spsim_reg_entry *e, const spsim_reg_entry *row, char *buf,
                                size_t len)
{
    char numbers[128], keys[256] = "";
    spsim_check_number_allowed(e, numbers, sizeof numbers);
    for (int k = 0; k < row->n_keys; k++)
        spsim_check_printf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", k ? ", " : "",
                           row->keys[k]);
    if (e->type == SPSIM_REG_SERVICE_PERT)
        spsim_check_printf(buf, len, "{min, mode, max}, each %s", numbers);
    else
        spsim_check_printf(buf, len, "a mapping of every one of %s to %s", keys, numbers);
}

/* SERVICE_TABLE and SERVICE_PERT: every service mapped to a mapping of numbers, the table's
 * columns or a PERT's min, mode and max, each of them required. */
void spsim_check_service_rows(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                              const spsim_ynode *node, const char *shown)
{
    if (node->kind != SPSIM_YNODE_MAPPING) {
        spsim_check_wrong_entry_type(ck, e, node, shown);
        return;
    }
    bool pert = e->type == SPSIM_REG_SERVICE_PERT;
    spsim_reg_entry row = *e; /* the numbers of one service */
    row.type = SPSIM_REG_COUNTS;
    row.keys = pert ? spsim_pert_key : e->keys;
    row.n_keys = pert ? 3 : e->n_keys;
    char note[PATH_MAX_LEN + 96], allowed[384];
    service_note(e, shown, note, sizeof note);
    service_row_allowed(e, &row, allowed, sizeof allowed);
    size_t lens[SPSIM_N_SERVICES];
    bool seen[SPSIM_N_SERVICES] = {false};
    for (int k = 0; k < SPSIM_N_SERVICES; k++) lens[k] = strlen(spsim_service_key[k]);
    int *repeats = spsim_check_duplicates(ck, node, shown);
    for (int i = 0; i < node->n; i++) {
        const spsim_ypair *p = &node->pairs[i];
        if (spsim_check_is_repeat(repeats, i)) continue;
        int k = 0;
        while (k < SPSIM_N_SERVICES && strcmp(spsim_service_key[k], p->key->text) != 0) k++;
        if (k == SPSIM_N_SERVICES) {
            spsim_check_unknown_key(ck, p->key, shown, spsim_service_key, lens, SPSIM_N_SERVICES);
            continue;
        }
        seen[k] = true;
        char path[PATH_MAX_LEN];
        spsim_check_join_path(path, shown, p->key->text);
        if (p->value->kind != SPSIM_YNODE_MAPPING)
            spsim_check_wrong_type(ck, p->value, path, "a mapping", allowed);
        else if (spsim_check_keyed_numbers(ck, &row, p->key, p->value, path, note) && pert)
            check_pert_order(ck, p->value, path);
    }
    free(repeats);
    for (int k = 0; k < SPSIM_N_SERVICES; k++)
        if (!seen[k])
            spsim_diag_error(ck->d, key->line, key->column,
                             "missing required key '%s' in '%s' "
                             "(allowed: %s; %s)",
                             spsim_service_key[k], shown, allowed, note);
}

/* SHARES_BY_NEED: needs mapped to rows, each row a SHARES mapping of the entry's keys. */
void spsim_check_shares_by_need(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                                const char *shown)
{
    if (node->kind != SPSIM_YNODE_MAPPING) {
        spsim_check_wrong_entry_type(ck, e, node, shown);
        return;
    }
    size_t lens[SPSIM_N_NEEDS];
    for (int k = 0; k < SPSIM_N_NEEDS; k++) lens[k] = strlen(spsim_need_key[k]);
    int *repeats = spsim_check_duplicates(ck, node, shown);
    for (int i = 0; i < node->n; i++) {
        const spsim_ypair *p = &node->pairs[i];
        if (spsim_check_is_repeat(repeats, i)) continue;
        int k = 0;
        while (k < SPSIM_N_NEEDS && strcmp(spsim_need_key[k], p->key->text) != 0) k++;
        if (k == SPSIM_N_NEEDS) {
            spsim_check_unknown_key(ck, p->key, shown, spsim_need_key, lens, SPSIM_N_NEEDS);
            continue;
        }
        char path[PATH_MAX_LEN];
        spsim_check_join_path(path, shown, p->key->text);
        if (p->value->kind == SPSIM_YNODE_MAPPING) {
            spsim_check_keyed_numbers(ck, e, p->key, p->value, path, NULL);
            continue;
        }
        static const spsim_reg_entry row = {.path = "",
                                            .type = SPSIM_REG_SHARES,
                                            .unit = "share",
                                            .min = 0,
                                            .max = 1,
                                            .keys = spsim_activity_key,
                                            .n_keys = SPSIM_N_ACTIVITIES};
        spsim_check_wrong_entry_type(ck, &row, p->value, path);
    }
    free(repeats);
}
