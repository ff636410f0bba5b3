/* One value checked against its registry entry: its type, its range and, for numbers, a
 * value that looks like a slip of units (warned about, never refused). Mappings and lists of
 * numbers are checked by validate_numbers.c and validate_lists.c; spsim_check_leaf sends each
 * type to its check. */
#include "validate_check.h"

#include <stdio.h>
#include <string.h>

/* A value that looks like a slip of units: warned about, never refused. */
typedef struct {
    const char *path;
    double above, below; /* warn when above < value < below */
    const char *looks_like, *expected;
} unit_slip;

static const unit_slip unit_slips[] = {
    {"referral.base_rate_per_1000_per_year", 0, 2, "a weekly rate",
     "a yearly rate; England's is about 22.5"},
    {"link_workers.attrition_per_year", 0, 0.01, "a weekly probability",
     "a yearly probability, e.g. 0.15"},
    {"builders.attrition_per_year", 0, 0.01, "a weekly probability",
     "a yearly probability, e.g. 0.15"},
    {"community.closure_per_year", 0, 0.01, "a weekly probability",
     "a yearly probability, e.g. 0.15"},
    {"support.dropout_per_week", 0.5, 1.0 + 1e-9, "a yearly or per-episode probability",
     "a weekly hazard, e.g. 0.02"},
    {"uptake.wait_sensitivity_per_week", 0.5, 1.0 + 1e-9, "a yearly sensitivity",
     "a weekly sensitivity, e.g. 0.02"},
};

/* ---- messages ---- */

static const char *type_noun(spsim_reg_type type)
{
    static const char *const nouns[] = {
        [SPSIM_REG_NAME] = "a name",
        [SPSIM_REG_TEXT] = "text",
        [SPSIM_REG_INTEGER] = "an integer",
        [SPSIM_REG_NUMBER] = "a number",
        [SPSIM_REG_BOOL] = "true or false",
        [SPSIM_REG_DATE] = "a date",
        [SPSIM_REG_ENUM] = "an allowed choice",
        [SPSIM_REG_SHARES] = "a mapping",
        [SPSIM_REG_SHARES_BY_NEED] = "a mapping",
        [SPSIM_REG_COUNTS] = "a mapping",
        [SPSIM_REG_POPULATION] = "a mapping",
        [SPSIM_REG_FTE_PLAN] = "an fte plan",
        [SPSIM_REG_NAMED_MAP] = "a mapping",
        [SPSIM_REG_MAPPING] = "a mapping",
        [SPSIM_REG_NAME_LIST] = "a list",
        [SPSIM_REG_SERVICE_NUMBERS] = "a mapping",
        [SPSIM_REG_SERVICE_TABLE] = "a mapping",
        [SPSIM_REG_SERVICE_PERT] = "a mapping",
        [SPSIM_REG_INCLUDE] = "a path",
        [SPSIM_REG_CORRELATIONS] = "a list",
    };
    return nouns[type];
}

void spsim_check_wrong_type(checker *ck, const spsim_ynode *node, const char *shown,
                            const char *noun, const char *allowed)
{
    char got[96];
    spsim_value_describe(node, got, sizeof got);
    if (spsim_value_quoted_but_plain(node))
        spsim_diag_error(ck->d, node->line, node->column,
                         "wrong type for '%s': %s is quoted, so it is text, not %s (allowed: %s, "
                         "written without quotes)",
                         shown, got, noun, allowed);
    else
        spsim_diag_error(ck->d, node->line, node->column,
                         "wrong type for '%s': %s is not %s "
                         "(allowed: %s)",
                         shown, got, noun, allowed);
}

void spsim_check_wrong_entry_type(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                                  const char *shown)
{
    char allowed[384];
    spsim_registry_allowed_text(e, allowed, sizeof allowed);
    spsim_check_wrong_type(ck, node, shown, type_noun(e->type), allowed);
}

static void out_of_range(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                         const char *shown)
{
    char allowed[384];
    spsim_registry_allowed_text(e, allowed, sizeof allowed);
    spsim_diag_error(ck->d, node->line, node->column, "'%s' is %s, out of range (allowed: %s)",
                     shown, node->text, allowed);
}

/* ---- checks by type ---- */

static void check_unit_slip(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                            const char *shown, double v)
{
    for (size_t i = 0; i < sizeof unit_slips / sizeof unit_slips[0]; i++) {
        const unit_slip *u = &unit_slips[i];
        if (strcmp(u->path, e->path) == 0 && v > u->above && v < u->below)
            spsim_diag_warning(ck->d, node->line, node->column,
                               "'%s' is %s %s, which looks like "
                               "%s (expected: %s)",
                               shown, node->text, e->unit, u->looks_like, u->expected);
    }
}

/* "a number 0..1, share": the allowed text of one number of an entry (also inside mappings). */
void spsim_check_number_allowed(const spsim_reg_entry *e, char *buf, size_t len)
{
    bool has_unit = strcmp(e->unit, "-") != 0;
    snprintf(buf, len, "a number %.15g..%.15g%s%s", e->min, e->max, has_unit ? ", " : "",
             has_unit ? e->unit : "");
}

/* A number in [min, max]; returns false (after reporting) when it is not. */
bool spsim_check_number(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                        const char *shown, double *out)
{
    char allowed[256];
    spsim_check_number_allowed(e, allowed, sizeof allowed);
    double v;
    if (!spsim_value_number(node, &v)) {
        spsim_check_wrong_type(ck, node, shown, "a number", allowed);
        return false;
    }
    if (v < e->min || v > e->max) {
        spsim_diag_error(ck->d, node->line, node->column,
                         "'%s' is %s, out of range (allowed: "
                         "%s)",
                         shown, node->text, allowed);
        return false;
    }
    *out = v;
    return true;
}

static void check_integer(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                          const char *shown)
{
    long long v;
    bool overflow;
    if (!spsim_value_integer(node, &v, &overflow))
        spsim_check_wrong_entry_type(ck, e, node, shown);
    else if (overflow || v < e->imin || v > e->imax)
        out_of_range(ck, e, node, shown);
}

bool spsim_check_date(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                      const char *shown, spsim_date *out)
{
    if (!spsim_value_date(node, out)) {
        spsim_check_wrong_entry_type(ck, e, node, shown);
        return false;
    }
    if (!spsim_date_in_range(*out)) {
        out_of_range(ck, e, node, shown);
        return false;
    }
    return true;
}

static void check_text(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                       const char *shown)
{
    char allowed[160];
    spsim_registry_allowed_text(e, allowed, sizeof allowed);
    if (node->kind != SPSIM_YNODE_SCALAR) {
        spsim_check_wrong_entry_type(ck, e, node, shown);
    } else if (e->type == SPSIM_REG_NAME && !spsim_value_is_name(node->text)) {
        char got[96];
        spsim_value_describe(node, got, sizeof got);
        spsim_diag_error(ck->d, node->line, node->column,
                         "'%s' is %s, not a valid name "
                         "(allowed: %s)",
                         shown, got, allowed);
    } else if (e->type == SPSIM_REG_TEXT && strlen(node->text) >= SPSIM_TEXT_MAX) {
        spsim_diag_error(ck->d, node->line, node->column,
                         "'%s' is %zu characters long "
                         "(allowed: %s)",
                         shown, strlen(node->text), allowed);
    }
}

static void check_enum(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                       const char *shown)
{
    if (node->kind == SPSIM_YNODE_SCALAR)
        for (int i = 0; i < e->n_keys; i++)
            if (strcmp(node->text, e->keys[i]) == 0) return;
    spsim_check_wrong_entry_type(ck, e, node, shown);
}

void spsim_check_leaf(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                      const spsim_ynode *node, const char *shown)
{
    double v;
    spsim_date date;
    bool flag;
    switch (e->type) {
    case SPSIM_REG_NAME:
    case SPSIM_REG_TEXT: check_text(ck, e, node, shown); break;
    case SPSIM_REG_INTEGER: check_integer(ck, e, node, shown); break;
    case SPSIM_REG_NUMBER:
        if (spsim_check_number(ck, e, node, shown, &v)) check_unit_slip(ck, e, node, shown, v);
        break;
    case SPSIM_REG_BOOL:
        if (!spsim_value_bool(node, &flag)) spsim_check_wrong_entry_type(ck, e, node, shown);
        break;
    case SPSIM_REG_DATE: spsim_check_date(ck, e, node, shown, &date); break;
    case SPSIM_REG_ENUM: check_enum(ck, e, node, shown); break;
    case SPSIM_REG_SHARES:
    case SPSIM_REG_COUNTS: spsim_check_keyed_numbers(ck, e, key, node, shown, NULL); break;
    case SPSIM_REG_POPULATION: spsim_check_keyed_numbers(ck, e, key, node, shown, ""); break;
    case SPSIM_REG_SERVICE_NUMBERS: spsim_check_service_numbers(ck, e, key, node, shown); break;
    case SPSIM_REG_SERVICE_TABLE:
    case SPSIM_REG_SERVICE_PERT: spsim_check_service_rows(ck, e, key, node, shown); break;
    case SPSIM_REG_SHARES_BY_NEED: spsim_check_shares_by_need(ck, e, node, shown); break;
    case SPSIM_REG_FTE_PLAN: spsim_check_fte_plan(ck, e, node, shown); break;
    case SPSIM_REG_NAME_LIST: spsim_check_name_list(ck, e, node, shown); break;
    case SPSIM_REG_NAMED_MAP:
    case SPSIM_REG_MAPPING: break; /* checked as levels */
    case SPSIM_REG_INCLUDE:
    case SPSIM_REG_CORRELATIONS: break; /* read and removed before the checks */
    }
}
