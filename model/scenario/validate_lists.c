/* Sequences in a scenario: an fte plan (one number, or dated steps whose dates increase) and a
 * list of locality names. Whether the names are localities of the scenario is a commissioning
 * rule (validate_commissioning.c), checked after the walk, once every locality is known. */
#include "validate_check.h"
#include "ynode_repeats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One {from: DATE, fte: NUMBER} step; returns false when its date is unusable. */
static bool check_fte_step(checker *ck, const spsim_reg_entry *e, const spsim_ynode *step,
                           const char *shown, spsim_date *from)
{
    static const char *const step_keys[] = {"from", "fte"};
    static const size_t step_lens[] = {4, 3};
    if (step->kind != SPSIM_YNODE_MAPPING) {
        spsim_check_wrong_type(ck, step, shown, "a mapping", "{from: YYYY-MM-DD, fte: NUMBER}");
        return false;
    }
    const spsim_ynode *date = NULL, *fte = NULL;
    int *repeats = spsim_check_duplicates(ck, step, shown);
    for (int i = 0; i < step->n; i++) {
        const spsim_ypair *p = &step->pairs[i];
        if (spsim_check_is_repeat(repeats, i)) continue;
        if (strcmp(p->key->text, "from") == 0)
            date = p->value;
        else if (strcmp(p->key->text, "fte") == 0)
            fte = p->value;
        else
            spsim_check_unknown_key(ck, p->key, shown, step_keys, step_lens, 2);
    }
    free(repeats);
    for (int k = 0; k < 2; k++)
        if (!(k ? fte : date))
            spsim_diag_error(ck->d, step->line, step->column,
                             "missing required key '%s' in "
                             "'%s' (allowed: %s)",
                             step_keys[k], shown, k ? "a number of FTE" : "a date YYYY-MM-DD");
    double v;
    char fte_path[PATH_MAX_LEN + 16], from_path[PATH_MAX_LEN + 16];
    spsim_check_printf(fte_path, sizeof fte_path, "%s fte", shown);
    spsim_check_printf(from_path, sizeof from_path, "%s from", shown);
    if (fte) spsim_check_number(ck, e, fte, fte_path, &v);
    static const spsim_reg_entry date_entry = {.path = "from", .type = SPSIM_REG_DATE, .unit = "-"};
    return date && spsim_check_date(ck, &date_entry, date, from_path, from);
}

void spsim_check_fte_plan(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                          const char *shown)
{
    double v;
    if (node->kind == SPSIM_YNODE_SCALAR) {
        if (!spsim_value_number(node, &v))
            spsim_check_wrong_entry_type(ck, e, node, shown);
        else
            spsim_check_number(ck, e, node, shown, &v);
        return;
    }
    if (node->kind != SPSIM_YNODE_SEQUENCE) {
        spsim_check_wrong_entry_type(ck, e, node, shown);
        return;
    }
    if (node->n < e->imin || node->n > e->imax) {
        spsim_diag_error(ck->d, node->line, node->column,
                         "'%s' has %d steps (allowed: "
                         "%lld..%lld steps)",
                         shown, node->n, e->imin, e->imax);
        return;
    }
    spsim_date previous = {0, 0, 0};
    bool have_previous = false;
    for (int i = 0; i < node->n; i++) {
        char step[PATH_MAX_LEN + 16];
        spsim_check_printf(step, sizeof step, "%s step %d", shown, i + 1);
        spsim_date from;
        if (!check_fte_step(ck, e, node->items[i], step, &from)) {
            have_previous = false;
            continue;
        }
        if (have_previous && spsim_date_days(from) <= spsim_date_days(previous)) {
            const spsim_ynode *d = spsim_ynode_get(node->items[i], "from");
            spsim_diag_error(ck->d, d->line, d->column,
                             "'%s' date %s is not after the "
                             "step before, %04d-%02d-%02d (allowed: strictly increasing dates)",
                             step, d->text, previous.year, previous.month, previous.day);
        }
        previous = from;
        have_previous = true;
    }
}

/* A list of locality names, each a valid name and none twice. Whether they are localities of
 * the scenario, and not the one listing them, is checked with the commissioning rules. */
void spsim_check_name_list(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                           const char *shown)
{
    if (node->kind != SPSIM_YNODE_SEQUENCE) {
        spsim_check_wrong_entry_type(ck, e, node, shown);
        return;
    }
    int n = node->n;
    if (n > e->imax) { /* refused at its first item too many; the rest are not looked at */
        const spsim_ynode *excess = node->items[e->imax];
        spsim_diag_error(ck->d, excess->line, excess->column,
                         "'%s' has more than %lld items: item %lld is one too many (allowed: "
                         "%lld..%lld locality names)",
                         shown, e->imax, e->imax + 1, e->imin, e->imax);
        n = (int)e->imax;
        ck->over_limit = true;
    }
    int *repeats = spsim_ynode_repeats(node);
    for (int i = 0; i < n; i++) {
        const spsim_ynode *item = node->items[i];
        char item_path[PATH_MAX_LEN + 16];
        spsim_check_printf(item_path, sizeof item_path, "%s item %d", shown, i + 1);
        if (item->kind != SPSIM_YNODE_SCALAR || !spsim_value_is_name(item->text)) {
            spsim_check_wrong_type(ck, item, item_path, "a locality name",
                                   "1..63 characters of A-Z a-z 0-9 _ -");
            continue;
        }
        if (repeats && repeats[i] >= 0)
            spsim_diag_error(ck->d, item->line, item->column,
                             "'%s' lists '%s' twice (allowed: "
                             "each locality once)",
                             shown, item->text);
    }
    if (!repeats)
        spsim_diag_error(ck->d, node->line, node->column,
                         "out of memory while looking for names listed twice in '%s'", shown);
    free(repeats);
}
