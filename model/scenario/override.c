/* Overrides: values set into a copy of a scenario's checked tree, which is then checked and
 * resolved by the same code as a file (spsim_scenario_with_values), so no value can reach a run
 * that a scenario file could not give. */
#include "override.h"

#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "uncertainty.h"
#include "uncertainty_state.h"
#include "values.h"

enum {
    MAX_SEGMENTS = SPSIM_ROUTE_MAX,
    SEGMENT_MAX = SPSIM_NAME_MAX
};

/* Keys an override may not set: what every variant of a sweep or a search must share (the
 * streams and their number, so that variants meet the same people), and what is read and
 * removed before the checks. */
static const char *const fixed_keys[] = {"seed", "replications", "common_random_numbers", "include",
                                         "correlations"};

typedef struct {
    char seg[MAX_SEGMENTS][SEGMENT_MAX];
    int n;
} key_path;

static int split_key(const char *key, key_path *p, spsim_diagnostics *d)
{
    p->n = 0;
    const char *at = key;
    while (*at) {
        const char *dot = strchr(at, '.');
        size_t len = dot ? (size_t)(dot - at) : strlen(at);
        if (len == 0 || len >= SEGMENT_MAX || p->n == MAX_SEGMENTS) {
            spsim_diag_error(d, 0, 0,
                             "'%s' is not a key (allowed: a dotted path of at most %d names of "
                             "1..%d characters, as written in a scenario, e.g. "
                             "localities.NAME.link_workers.fte)",
                             key, MAX_SEGMENTS, SEGMENT_MAX - 1);
            return -1;
        }
        memcpy(p->seg[p->n], at, len);
        p->seg[p->n++][len] = '\0';
        at = dot ? dot + 1 : at + len;
        if (dot && !*at) p->n = MAX_SEGMENTS + 1; /* a trailing dot */
    }
    if (p->n == 0 || p->n > MAX_SEGMENTS) {
        spsim_diag_error(d, 0, 0,
                         "'%s' is not a key (allowed: a dotted path of names, e.g. "
                         "localities.NAME.link_workers.fte)",
                         key);
        return -1;
    }
    for (size_t i = 0; i < sizeof fixed_keys / sizeof *fixed_keys; i++)
        if (p->n == 1 && strcmp(p->seg[0], fixed_keys[i]) == 0) {
            spsim_diag_error(d, 0, 0,
                             "'%s' cannot be overridden (allowed: any key but seed, replications, "
                             "common_random_numbers, include and correlations, which every "
                             "variant shares; spsim run --seed and -r set the first two)",
                             key);
            return -1;
        }
    return 0;
}

/* "a, b, c": the names of a mapping's keys, for messages. */
static void names_of(const spsim_ynode *map, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; map && map->kind == SPSIM_YNODE_MAPPING && i < map->n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                                 map->pairs[i].key->text);
}

/* A locality or arm named in the key must be one the scenario has: an override changes values,
 * it does not add places or arms. */
static int check_names(const spsim_ynode *root, const key_path *p, const char *key,
                       spsim_diagnostics *d)
{
    const spsim_ynode *localities = spsim_ynode_get(root, "localities");
    const spsim_ynode *arms = spsim_ynode_get(root, "arms");
    for (int i = 0; i + 1 < p->n; i++) {
        bool locality = strcmp(p->seg[i], "localities") == 0 && (i == 0 || i == 2);
        bool arm = i == 0 && strcmp(p->seg[i], "arms") == 0;
        if (locality && i == 2 && strcmp(p->seg[0], "arms") != 0) locality = false;
        const spsim_ynode *names = locality ? localities : arm ? arms : NULL;
        if (!names || spsim_ynode_get(names, p->seg[i + 1])) continue;
        char have[768];
        names_of(names, have, sizeof have);
        spsim_diag_error(d, 0, 0, "'%s': the scenario has no %s '%s' (allowed: %s)", key,
                         locality ? "locality" : "arm", p->seg[i + 1], have);
        return -1;
    }
    return 0;
}

static spsim_ynode *new_node(spsim_ynode_kind kind, const char *text)
{
    spsim_ynode *node = calloc(1, sizeof *node);
    if (!node) return NULL;
    node->kind = kind;
    node->plain = true;
    node->text = malloc(strlen(text) + 1);
    if (!node->text) {
        free(node);
        return NULL;
    }
    strcpy(node->text, text);
    return node;
}

/* Appends key: value to a mapping (at the end, so every route into the tree stays valid). */
static int append_pair(spsim_ynode *map, const char *key, spsim_ynode *value)
{
    spsim_ynode *k = new_node(SPSIM_YNODE_SCALAR, key);
    spsim_ypair *grown = k ? realloc(map->pairs, (size_t)(map->n + 1) * sizeof *grown) : NULL;
    if (!grown) {
        spsim_ynode_free(k);
        return -1;
    }
    map->pairs = grown;
    map->pairs[map->n++] = (spsim_ypair){k, value};
    return 0;
}

static int pair_index(const spsim_ynode *map, const char *key)
{
    for (int i = 0; i < map->n; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0) return i;
    return -1;
}

/* A value given on the command line has no place in a file: position 0 (messages then name the
 * key, not a line). */
static void unplace(spsim_ynode *node)
{
    if (!node) return;
    node->line = node->column = 0;
    for (int i = 0; i < node->n; i++) {
        if (node->kind == SPSIM_YNODE_MAPPING) {
            unplace(node->pairs[i].key);
            unplace(node->pairs[i].value);
        } else if (node->kind == SPSIM_YNODE_SEQUENCE) {
            unplace(node->items[i]);
        }
    }
}

static spsim_ynode *parse_value(const char *key, const char *text, spsim_diagnostics *d)
{
    spsim_diagnostics syntax;
    spsim_diagnostics_init(&syntax, "");
    bool ok = false;
    spsim_ynode *value = text ? spsim_yaml_parse(text, strlen(text), &syntax, &ok) : NULL;
    if (!ok || !value || spsim_ynode_is_null(value)) {
        spsim_diag_error(d, 0, 0, "'%s' is given %s (allowed: a YAML value, e.g. 12.5)", key,
                         !ok ? "a value that is not YAML" : "no value");
        spsim_ynode_free(value);
        value = NULL;
    }
    spsim_diagnostics_free(&syntax);
    unplace(value);
    return value;
}

/* Characters of the key before its segment i's dot: "a.b" of "a.b.c" for i = 2. */
static int prefix_length(const key_path *p, int i)
{
    int len = 0;
    for (int j = 0; j < i; j++) len += (int)strlen(p->seg[j]) + (j ? 1 : 0);
    return len;
}

/* Sets `value` at the key's path, creating mappings on the way; *route is where it now sits. */
static int set_value(spsim_ynode *root, const key_path *p, const char *key, spsim_ynode *value,
                     spsim_route *route, spsim_diagnostics *d)
{
    spsim_ynode *node = root;
    route->len = 0;
    for (int i = 0; i < p->n; i++) {
        if (node->kind != SPSIM_YNODE_MAPPING) {
            char got[96];
            spsim_value_describe(node, got, sizeof got);
            spsim_diag_error(d, 0, 0,
                             "'%s' cannot be set: '%.*s' holds %s, not a mapping of keys "
                             "(allowed: a path through mappings to a value)",
                             key, prefix_length(p, i), key, got);
            spsim_ynode_free(value);
            return -1;
        }
        int at = pair_index(node, p->seg[i]);
        bool last = i + 1 == p->n;
        if (at < 0) {
            spsim_ynode *child = last ? value : new_node(SPSIM_YNODE_MAPPING, "");
            if (!child || append_pair(node, p->seg[i], child) != 0) {
                spsim_ynode_free(child);
                if (!last) spsim_ynode_free(value);
                return spsim_diag_error(d, 0, 0, "out of memory setting '%s'", key), -1;
            }
            at = node->n - 1;
        } else if (last && node->pairs) {
            spsim_ynode_free(node->pairs[at].value);
            node->pairs[at].value = value;
        }
        if (!node->pairs) return spsim_diag_error(d, 0, 0, "out of memory setting '%s'", key), -1;
        route->step[route->len++] = at;
        node = node->pairs[at].value;
        if (!node && !last) return spsim_diag_error(d, 0, 0, "'%s' cannot be set", key), -1;
    }
    return 0;
}

static bool route_within(const spsim_route *inner, const spsim_route *outer)
{
    return inner->len >= outer->len &&
           memcmp(inner->step, outer->step, (size_t)outer->len * sizeof *outer->step) == 0;
}

/* Whether uncertain key k is correlated with another: a non-zero off-diagonal entry in its row
 * or column of the Cholesky factor (an uncorrelated key's row and column are those of the
 * identity, so dropping them leaves the factor of the other keys' correlations). */
static bool correlated(const double *chol, int n, int k)
{
    for (int j = 0; chol && j < n; j++)
        if (j != k && (chol[k * n + j] != 0.0 || chol[j * n + k] != 0.0)) return true;
    return false;
}

/* The Cholesky factor without the rows and columns of the dropped keys. */
static double *kept_factor(const double *chol, int n, const bool *drop, int m)
{
    double *out = malloc((size_t)m * (size_t)m * sizeof *out + 1);
    if (!out) return NULL;
    int r = 0;
    for (int i = 0; i < n; i++) {
        if (drop[i]) continue;
        int c = 0;
        for (int j = 0; j < n; j++)
            if (!drop[j]) out[r * m + c++] = chol[i * n + j];
        r++;
    }
    return out;
}

/* Marks the uncertain keys an override replaced; a correlated one is an error. */
static int mark_replaced(const spsim_scenario *s, const spsim_route *set, int n_set, bool *drop,
                         spsim_diagnostics *d)
{
    const struct spsim_uncertainty_state *st = s->uncertainty_state;
    for (int k = 0; k < s->n_uncertain; k++) {
        for (int j = 0; j < n_set && !drop[k]; j++) drop[k] = route_within(&st->route[k], &set[j]);
        if (drop[k] && correlated(st->chol, s->n_uncertain, k)) {
            spsim_diag_error(d, 0, 0,
                             "'%s' is written as a distribution correlated with other keys and "
                             "cannot be overridden (allowed: a key outside the scenario's "
                             "correlations)",
                             s->uncertain[k].key);
            return -1;
        }
    }
    return 0;
}

/* The uncertain keys of `s` that no override replaced, as the state and keys of `out`, whose
 * tree becomes `tree`. */
static int keep_uncertainty(const spsim_scenario *s, spsim_ynode *tree, const spsim_route *set,
                            int n_set, spsim_scenario *out, spsim_diagnostics *d)
{
    const struct spsim_uncertainty_state *st = s->uncertainty_state;
    int n = s->n_uncertain;
    struct spsim_uncertainty_state *kept = calloc(1, sizeof *kept);
    bool *drop = calloc((size_t)n + 1, sizeof *drop);
    out->uncertain = calloc((size_t)n + 1, sizeof *out->uncertain);
    if (kept) kept->route = calloc((size_t)n + 1, sizeof *kept->route);
    if (kept) kept->share = calloc((size_t)n + 1, sizeof *kept->share);
    if (!kept || !drop || !out->uncertain || !kept->route || !kept->share) {
        spsim_uncertainty_state_free(kept);
        spsim_ynode_free(tree);
        free(drop);
        return spsim_diag_error(d, 0, 0, "out of memory while overriding values"), -1;
    }
    kept->root = tree;
    out->uncertainty_state = kept;
    int failed = mark_replaced(s, set, n_set, drop, d), m = 0;
    for (int k = 0; k < n && !failed; k++) {
        if (drop[k]) continue;
        out->uncertain[m] = s->uncertain[k];
        kept->route[m] = st->route[k];
        kept->share[m++] = st->share[k];
    }
    out->n_uncertain = m;
    if (!failed && st->chol && !(kept->chol = kept_factor(st->chol, n, drop, m))) {
        spsim_diag_error(d, 0, 0, "out of memory while overriding values");
        failed = -1;
    }
    free(drop);
    return failed ? -1 : 0;
}

/* Resolves `tree` as spsim_scenario_with_values resolves drawn values: a stand-in for `s` whose
 * tree is the overridden one and which has no values left to draw. */
static spsim_scenario *resolve_tree(const spsim_scenario *s, spsim_ynode *tree,
                                    spsim_diagnostics *d)
{
    struct spsim_uncertainty_state stand_in_state = {.root = tree};
    spsim_scenario *stand_in = malloc(sizeof *stand_in);
    if (!stand_in) return spsim_diag_error(d, 0, 0, "out of memory"), NULL;
    memcpy(stand_in, s, sizeof *stand_in);
    stand_in->n_uncertain = 0;
    stand_in->uncertainty_state = &stand_in_state;
    spsim_scenario *out = spsim_scenario_with_values(stand_in, NULL, d);
    free(stand_in); /* a shallow copy: what it points to belongs to s */
    return out;
}

static int apply(spsim_ynode *tree, const spsim_override *o, spsim_route *route,
                 spsim_diagnostics *d)
{
    key_path p;
    if (split_key(o->key, &p, d) != 0 || check_names(tree, &p, o->key, d) != 0) return -1;
    spsim_ynode *value = parse_value(o->key, o->value, d);
    if (!value) return -1;
    return set_value(tree, &p, o->key, value, route, d);
}

spsim_scenario *spsim_scenario_with_overrides(const spsim_scenario *s, const spsim_override *o,
                                              int n, spsim_diagnostics *diags)
{
    const struct spsim_uncertainty_state *st = s->uncertainty_state;
    if (!st || !st->root) {
        spsim_diag_error(diags, 0, 0, "the scenario keeps no tree to override values in");
        return NULL;
    }
    spsim_ynode *tree = spsim_ynode_copy(st->root);
    spsim_route *set = calloc((size_t)n + 1, sizeof *set);
    int failed = !tree || !set;
    if (failed) spsim_diag_error(diags, 0, 0, "out of memory while overriding values");
    for (int i = 0; i < n && !failed; i++) failed = apply(tree, &o[i], &set[i], diags) != 0;
    spsim_scenario *out = failed ? NULL : resolve_tree(s, tree, diags);
    if (out && keep_uncertainty(s, tree, set, n, out, diags) != 0) {
        spsim_scenario_free(out);
        out = NULL;
    } else if (!out) {
        spsim_ynode_free(tree);
    }
    free(set);
    spsim_diagnostics_sort(diags);
    return out;
}

const char *spsim_override_unit(const char *key)
{
    spsim_diagnostics quiet;
    spsim_diagnostics_init(&quiet, "");
    key_path p;
    int split = split_key(key, &p, &quiet);
    spsim_diagnostics_free(&quiet);
    if (split != 0) return NULL;
    const char *seg[MAX_SEGMENTS];
    for (int i = 0; i < p.n; i++) seg[i] = p.seg[i];
    int taken = 0;
    const spsim_reg_entry *e = spsim_entry_of_path(seg, p.n, &taken);
    return e ? e->unit : NULL;
}
