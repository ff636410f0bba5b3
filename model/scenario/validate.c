/* Walks the scenario tree level by level; what each level may hold comes from the registry.
 * The checks of keys, values, mappings of numbers and lists are in their own files
 * (validate_check.h); the rules that join keys of an arm merged over the base run after the
 * walk (validate_merged.h, validate_commissioning.h). */
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate_check.h"
#include "validate_commissioning.h"
#include "validate_merged.h"

static void check_mapping(checker *ck, const spsim_ynode *node, const char *shown, level lv);

/* ---- levels ---- */

static bool base_has_locality(const checker *ck, const char *name)
{
    return spsim_ynode_get(ck->base_localities, name) != NULL;
}

static void missing_locality(checker *ck, const spsim_ynode *key, const char *arm)
{
    char names[400] = "";
    size_t used = 0;
    const spsim_ynode *base = ck->base_localities;
    for (int i = 0; base && base->kind == SPSIM_YNODE_MAPPING && i < base->n && used < sizeof names;
         i++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
                                 base->pairs[i].key->text);
    spsim_diag_error(ck->d, key->line, key->column,
                     "arm '%s' overrides locality '%s', which is "
                     "not in 'localities' (allowed: %s)",
                     arm, key->text, names);
}

/* `localities`, `arms`, `delivery_models` or a locality's `funding`: names mapped to mappings. */
static void check_named_map(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                            const spsim_ynode *node, const char *shown, level lv)
{
    bool is_arms = strcmp(e->path, "arms") == 0;
    bool is_localities = strcmp(e->path, "localities") == 0;
    bool is_funding = strcmp(e->path, "localities.NAME.funding") == 0;
    const char *noun = spsim_registry_named_noun(e);
    char inner_prefix[PATH_MAX_LEN];
    spsim_check_printf(inner_prefix, sizeof inner_prefix, "%s.NAME", e->path);
    if (!spsim_ynode_is_null(node) && node->kind != SPSIM_YNODE_MAPPING) {
        spsim_check_wrong_entry_type(ck, e, node, shown);
        return;
    }
    int n = node->kind == SPSIM_YNODE_MAPPING ? node->n : 0;
    if (n > e->imax) { /* refused at its first entry too many; the rest are not looked at */
        const spsim_ynode *excess = node->pairs[e->imax].key;
        spsim_diag_error(ck->d, excess->line, excess->column,
                         "'%s' has more than %lld entries: '%s' is one too many (allowed: "
                         "%lld..%lld %s)",
                         shown, e->imax, excess->text, lv.in_arm ? 0 : e->imin, e->imax,
                         spsim_registry_named_plural(e));
        n = (int)e->imax;
        ck->over_limit = true;
    } else if (!lv.in_arm && n < e->imin) {
        spsim_diag_error(ck->d, key->line, key->column,
                         "'%s' has %d entries (allowed: "
                         "%lld..%lld %s)",
                         shown, n, e->imin, e->imax, spsim_registry_named_plural(e));
    }
    int *repeats = spsim_check_duplicates(ck, node, shown);
    for (int i = 0; i < n; i++) {
        const spsim_ynode *name = node->pairs[i].key;
        char path[PATH_MAX_LEN];
        spsim_check_join_path(path, shown, name->text);
        if (spsim_check_is_repeat(repeats, i)) continue;
        if (!spsim_value_is_name(name->text)) {
            spsim_diag_error(ck->d, name->line, name->column,
                             "%s name '%s' is not a valid name "
                             "(allowed: 1..63 characters of A-Z a-z 0-9 _ -)",
                             noun, name->text);
            continue;
        }
        if (lv.in_arm && is_localities && !base_has_locality(ck, name->text)) {
            missing_locality(ck, name, lv.arm);
            continue;
        }
        /* an arm may add funding streams, so their names need not be in the base */
        level inner = {.reg_prefix = is_arms ? "" : inner_prefix,
                       .in_arm = lv.in_arm || is_arms,
                       .stream = is_funding,
                       .arm = is_arms ? name->text : lv.arm,
                       .owner = name};
        check_mapping(ck, node->pairs[i].value, path, inner);
    }
    free(repeats);
}

/* The keys allowed at this level, joined for a message: "a, b, c". */
static void allowed_keys(level lv, char *buf, size_t len)
{
    const char *names[MAX_CHILDREN];
    size_t lens[MAX_CHILDREN];
    spsim_check_join_names(names, lens, spsim_check_child_names(lv, names, lens), buf, len);
}

static void refused_in_arm(checker *ck, const spsim_ynode *key, level lv)
{
    char allowed[400];
    allowed_keys(lv, allowed, sizeof allowed);
    spsim_diag_error(ck->d, key->line, key->column,
                     "'%s' cannot be set per arm (allowed in an "
                     "arm: %s)",
                     key->text, allowed);
}

static void refused_per_locality(checker *ck, const spsim_ynode *key, const char *shown, level lv)
{
    char allowed[400];
    allowed_keys(lv, allowed, sizeof allowed);
    spsim_diag_error(ck->d, key->line, key->column,
                     "'%s' cannot be set per locality in '%s' "
                     "(allowed: %s)",
                     key->text, shown, allowed);
}

/* The registry entry a key names at this level, or NULL. */
static const spsim_reg_entry *entry_for(level lv, const char *key, char *reg_path)
{
    if (lv.in_arm && lv.reg_prefix[0] == '\0') {
        snprintf(reg_path, PATH_MAX_LEN, "arms.NAME.%s", key);
        const spsim_reg_entry *own = spsim_registry_find(reg_path);
        if (own) return own;
    }
    spsim_check_join_path(reg_path, lv.reg_prefix, key);
    return spsim_registry_find(reg_path);
}

static void check_pair(checker *ck, const spsim_ypair *p, const char *shown, level lv)
{
    char path[PATH_MAX_LEN], reg_path[PATH_MAX_LEN];
    spsim_check_join_path(path, shown, p->key->text);
    const spsim_reg_entry *e = entry_for(lv, p->key->text, reg_path);
    level inner = {.reg_prefix = reg_path, .in_arm = lv.in_arm, .arm = lv.arm, .owner = p->key};
    if (e && lv.per_locality_only && !e->per_locality) {
        refused_per_locality(ck, p->key, shown, lv);
    } else if (e && lv.in_arm && !e->per_arm) {
        refused_in_arm(ck, p->key, lv);
    } else if (e && e->type == SPSIM_REG_NAMED_MAP) {
        check_named_map(ck, e, p->key, p->value, path, lv);
    } else if (e && e->type == SPSIM_REG_MAPPING) {
        inner.reg_prefix = strrchr(e->path, '.') + 1; /* "link_workers" or "builders" */
        inner.per_locality_only = true;
        check_mapping(ck, p->value, path, inner);
    } else if (e) {
        spsim_check_leaf(ck, e, p->key, p->value, path);
    } else if (!lv.per_locality_only && spsim_registry_is_section(reg_path) &&
               strcmp(reg_path, "arms.NAME") != 0) {
        check_mapping(ck, p->value, path, inner);
    } else if (!spsim_diag_shown(ck->d, p->key->line, p->key->column)) {
        /* counted only, past the messages shown: not worth listing what is allowed */
        spsim_diag_error(ck->d, p->key->line, p->key->column, "unknown key '%s'", p->key->text);
    } else {
        const char *names[MAX_CHILDREN];
        size_t lens[MAX_CHILDREN];
        int n = spsim_check_child_names(lv, names, lens);
        spsim_check_unknown_key(ck, p->key, shown, names, lens, n);
    }
}

static void check_required(checker *ck, const spsim_ynode *node, const char *shown, level lv)
{
    const spsim_ynode *at = lv.owner ? lv.owner : node;
    size_t plen = strlen(lv.reg_prefix);
    char where[PATH_MAX_LEN + 16], allowed[384];
    spsim_check_where(shown, where, sizeof where);
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        const char *leaf = e->path + plen + (plen > 0);
        if (e->default_yaml || e->default_note || strncmp(e->path, lv.reg_prefix, plen) != 0 ||
            (plen && e->path[plen] != '.') || strchr(leaf, '.'))
            continue;
        if (spsim_ynode_get(node, leaf)) continue;
        spsim_registry_allowed_text(e, allowed, sizeof allowed);
        spsim_diag_error(ck->d, at->line, at->column,
                         "missing required key '%s' %s (allowed: "
                         "%s)",
                         leaf, where, allowed);
    }
}

static void check_mapping(checker *ck, const spsim_ynode *node, const char *shown, level lv)
{
    static const spsim_ynode empty = {.kind = SPSIM_YNODE_MAPPING, .text = ""};
    if (spsim_ynode_is_null(node))
        node = &empty; /* "key:" with nothing after it: an empty mapping */
    if (node->kind != SPSIM_YNODE_MAPPING) {
        char allowed[400] = "a mapping of ";
        allowed_keys(lv, allowed + strlen(allowed), sizeof allowed - strlen(allowed));
        if (shown[0]) {
            spsim_check_wrong_type(ck, node, shown, "a mapping", allowed);
        } else {
            char got[96];
            spsim_value_describe(node, got, sizeof got);
            spsim_diag_error(ck->d, node->line, node->column,
                             "wrong type for the top level: %s "
                             "is not a mapping (allowed: %s)",
                             got, allowed);
        }
        return;
    }
    int *repeats = spsim_check_duplicates(ck, node, shown);
    for (int i = 0; i < node->n; i++)
        if (!spsim_check_is_repeat(repeats, i)) check_pair(ck, &node->pairs[i], shown, lv);
    free(repeats);
    if (!lv.in_arm && !lv.per_locality_only && !lv.stream) check_required(ck, node, shown, lv);
}

int spsim_scenario_validate(const spsim_ynode *root, spsim_diagnostics *diags)
{
    int before = spsim_diagnostics_errors(diags);
    if (!root) {
        spsim_diag_error(diags, 0, 0,
                         "the file holds no scenario (allowed: a YAML mapping with "
                         "at least name, start_date and localities)");
        return 1;
    }
    checker ck = {diags, spsim_ynode_get(root, "localities"), false};
    level top = {.reg_prefix = ""};
    check_mapping(&ck, root, "", top);
    /* The rules that join keys look at every locality, arm and list again: over its limit, a
     * list has been refused already, and those rules are left out so that their cost stays
     * bounded by the limits. */
    if (root->kind == SPSIM_YNODE_MAPPING && !ck.over_limit) {
        spsim_validate_merged(root, diags);
        spsim_validate_commissioning(root, diags);
    }
    return spsim_diagnostics_errors(diags) - before;
}
