/* Cross-key commissioning rules (see validate_commissioning.h). */
#include "validate_commissioning.h"

#include <stdio.h>
#include <string.h>

#include "diagnostics.h"
#include "registry.h"
#include "values.h"

enum {
    PATH_LEN = 256,
    NAMES_LEN = 400
};

static const spsim_ynode *mapping(const spsim_ynode *node)
{
    return node && node->kind == SPSIM_YNODE_MAPPING ? node : NULL;
}

/* True when pair i of `map` repeats an earlier key (reported already as a duplicate). */
static bool repeated(const spsim_ynode *map, int i)
{
    const char *key = map->pairs[i].key->text;
    for (int j = 0; j < i; j++) {
        const char *earlier = map->pairs[j].key->text;
        if (key && earlier && strcmp(earlier, key) == 0) return true;
    }
    return false;
}

/* "a, b, c": the valid names among the keys of a mapping but `except`, for "(allowed: ...)". */
static void names_of(const spsim_ynode *map, const char *except, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; map && i < map->n && used < len; i++) {
        const char *name = map->pairs[i].key->text;
        bool listed = !repeated(map, i) && spsim_value_is_name(name) &&
                      (!except || strcmp(name, except) != 0);
        if (listed)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
    }
}

/* A scalar that passed the check of single values as a name; NULL otherwise. */
static const spsim_ynode *valid_name(const spsim_ynode *node)
{
    return node && node->kind == SPSIM_YNODE_SCALAR && spsim_value_is_name(node->text) ? node
                                                                                       : NULL;
}

/* ---- delivery models and neighbours ---- */

typedef struct {
    spsim_diagnostics *d;
    const spsim_ynode *models;     /* `delivery_models`, or NULL */
    const spsim_ynode *localities; /* the base scenario's `localities` */
} names_check;

static void check_model_name(const names_check *c, const spsim_ynode *value, const char *shown)
{
    if (!valid_name(value) || spsim_ynode_get(c->models, value->text)) return;
    char names[NAMES_LEN];
    names_of(c->models, NULL, names, sizeof names);
    if (names[0])
        spsim_diag_error(c->d, value->line, value->column,
                         "'%s' is '%s', which is not in "
                         "'delivery_models' (allowed: %s)",
                         shown, value->text, names);
    else
        spsim_diag_error(c->d, value->line, value->column,
                         "'%s' is '%s', but "
                         "'delivery_models' defines none (allowed: a name under "
                         "'delivery_models')",
                         shown, value->text);
}

static void check_neighbours(const names_check *c, const char *locality, const spsim_ynode *list,
                             const char *shown)
{
    if (!list || list->kind != SPSIM_YNODE_SEQUENCE) return;
    char others[NAMES_LEN];
    names_of(c->localities, locality, others, sizeof others);
    for (int i = 0; i < list->n; i++) {
        const spsim_ynode *item = valid_name(list->items[i]);
        if (!item) continue;
        if (strcmp(item->text, locality) == 0)
            spsim_diag_error(c->d, item->line, item->column,
                             "'%s' lists '%s', the locality "
                             "itself (allowed: other localities: %s)",
                             shown, item->text, others);
        else if (!spsim_ynode_get(c->localities, item->text))
            spsim_diag_error(c->d, item->line, item->column,
                             "'%s' lists '%s', which is not in "
                             "'localities' (allowed: %s)",
                             shown, item->text, others);
    }
}

/* The delivery_model and neighbours of every locality of one layer; `prefix` is "" for the
 * base scenario, "arms.A." for an arm (whose localities must be the base's, checked before). */
static void check_localities(const names_check *c, const spsim_ynode *localities,
                             const char *prefix)
{
    for (int l = 0; localities && l < localities->n; l++) {
        const spsim_ypair *p = &localities->pairs[l];
        if (repeated(localities, l) || !valid_name(p->key) ||
            !spsim_ynode_get(c->localities, p->key->text))
            continue;
        char shown[PATH_LEN];
        snprintf(shown, sizeof shown, "%slocalities.%s.delivery_model", prefix, p->key->text);
        check_model_name(c, spsim_ynode_get(mapping(p->value), "delivery_model"), shown);
        snprintf(shown, sizeof shown, "%slocalities.%s.neighbours", prefix, p->key->text);
        check_neighbours(c, p->key->text, spsim_ynode_get(mapping(p->value), "neighbours"), shown);
    }
}

static void check_names(const spsim_ynode *root, spsim_diagnostics *diags)
{
    names_check c = {diags, mapping(spsim_ynode_get(root, "delivery_models")),
                     mapping(spsim_ynode_get(root, "localities"))};
    check_model_name(&c, spsim_ynode_get(root, "delivery_model"), "delivery_model");
    check_localities(&c, c.localities, "");
    const spsim_ynode *arms = mapping(spsim_ynode_get(root, "arms"));
    for (int a = 0; arms && a < arms->n; a++) {
        const spsim_ynode *arm = mapping(arms->pairs[a].value);
        if (repeated(arms, a) || !arm) continue;
        char prefix[PATH_LEN], shown[PATH_LEN + 32];
        snprintf(prefix, sizeof prefix, "arms.%s.", arms->pairs[a].key->text);
        snprintf(shown, sizeof shown, "%sdelivery_model", prefix);
        check_model_name(&c, spsim_ynode_get(arm, "delivery_model"), shown);
        check_localities(&c, mapping(spsim_ynode_get(arm, "localities")), prefix);
    }
}

/* ---- social impact bonds ---- */

typedef struct {
    bool bond;
    double capital;
    const spsim_ynode *bond_node, *capital_node; /* written in the layer last read, or NULL */
} bond_view;

/* Reads the layer's values over `v`; false when one it writes is invalid (reported before). */
static bool read_bond(const spsim_ynode *layer, bond_view *v)
{
    const spsim_reg_entry *capital = spsim_registry_find("commissioning.investor_capital_gbp");
    v->bond_node = spsim_ynode_find(layer, "commissioning.social_impact_bond");
    v->capital_node = spsim_ynode_find(layer, "commissioning.investor_capital_gbp");
    if (v->bond_node && !spsim_value_bool(v->bond_node, &v->bond)) return false;
    return !v->capital_node || (spsim_value_number(v->capital_node, &v->capital) &&
                                v->capital >= capital->min && v->capital <= capital->max);
}

static void report_bond(spsim_diagnostics *d, const bond_view *v, const char *prefix)
{
    const spsim_ynode *at = v->bond_node ? v->bond_node : v->capital_node;
    spsim_diag_error(d, at->line, at->column,
                     "'%scommissioning.social_impact_bond' is true but "
                     "'%scommissioning.investor_capital_gbp' is %.15g (allowed: a social impact "
                     "bond with investor capital above 0)",
                     v->bond_node ? prefix : "", v->capital_node ? prefix : "", v->capital);
}

static void check_bonds(const spsim_ynode *root, spsim_diagnostics *diags)
{
    bond_view base = {false, 0, NULL, NULL};
    if (!read_bond(root, &base)) return;
    if (base.bond && base.capital <= 0) {
        report_bond(diags, &base, "");
        return;
    }
    const spsim_ynode *arms = mapping(spsim_ynode_get(root, "arms"));
    for (int a = 0; arms && a < arms->n; a++) {
        bond_view merged = base;
        char prefix[PATH_LEN];
        snprintf(prefix, sizeof prefix, "arms.%s.", arms->pairs[a].key->text);
        if (!repeated(arms, a) && read_bond(mapping(arms->pairs[a].value), &merged) &&
            (merged.bond_node || merged.capital_node) && merged.bond && merged.capital <= 0)
            report_bond(diags, &merged, prefix);
    }
}

void spsim_validate_commissioning(const spsim_ynode *root, spsim_diagnostics *diags)
{
    check_names(root, diags);
    check_bonds(root, diags);
}
