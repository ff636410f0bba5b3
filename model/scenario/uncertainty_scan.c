/* Finding the distributions of a scenario tree: every mapping with a `dist` or `calibrate` key
 * that stands where the registry expects a number is read (dist_read.c), recorded with its
 * dotted path, route, position and truncation bounds, and replaced by a plain scalar of its
 * mean, so that validation and resolution see an ordinary scenario. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "uncertainty_state.h"
#include "values.h"

enum {
    SEG_LEN = 72
};

typedef struct {
    spsim_diagnostics *d;
    spsim_uncertain_list *out;
    char seg[SPSIM_ROUTE_MAX][SEG_LEN];
    spsim_route route;
    int errors;
    bool out_of_memory;
} scan;

static bool is_distribution(const spsim_ynode *node)
{
    return node->kind == SPSIM_YNODE_MAPPING &&
           (spsim_ynode_get(node, "dist") || spsim_ynode_get(node, "calibrate"));
}

/* ---- from a value's path to its registry entry ---- */

static bool seg_is(const char *const *seg, int n, int i, const char *name)
{
    return i < n && strcmp(seg[i], name) == 0;
}

/* Writes the registry's spelling of seg[from..to) after `prefix`. */
static void reg_path(char *out, size_t len, const char *prefix, const char *const *seg, int from,
                     int to)
{
    size_t used = (size_t)snprintf(out, len, "%s", prefix);
    for (int i = from; i < to && used < len; i++)
        used += (size_t)snprintf(out + used, len - used, "%s%s", used ? "." : "", seg[i]);
}

const spsim_reg_entry *spsim_entry_of_path(const char *const *seg, int n, int *taken)
{
    int i = 0;
    char prefix[96] = "";
    if (seg_is(seg, n, 0, "arms") && n > 2) i = 2; /* an arm overrides the same keys */
    if (seg_is(seg, n, i, "localities") && n > i + 2) {
        i += 2;
        if (seg_is(seg, n, i, "funding") && n > i + 2) {
            snprintf(prefix, sizeof prefix, "localities.NAME.funding.NAME");
            i += 2;
        } else if (!seg_is(seg, n, i, "link_workers") && !seg_is(seg, n, i, "builders")) {
            snprintf(prefix, sizeof prefix, "localities.NAME"); /* else the section's own keys */
        }
    } else if (seg_is(seg, n, i, "delivery_models") && n > i + 2) {
        snprintf(prefix, sizeof prefix, "delivery_models.NAME");
        i += 2;
    }
    for (int to = n; to > i; to--) { /* the longest registry path; the rest is inside it */
        char path[256];
        reg_path(path, sizeof path, prefix, seg, i, to);
        const spsim_reg_entry *e = spsim_registry_find(path);
        if (e) {
            *taken = to;
            return e;
        }
    }
    return NULL;
}

/* Whether an entry holds a number `inner` segments below its own path. */
static bool takes_number(const spsim_reg_entry *e, const char *const *seg, int n, int taken)
{
    int inner = n - taken;
    switch (e->type) {
    case SPSIM_REG_NUMBER: return inner == 0;
    case SPSIM_REG_FTE_PLAN:
        return inner == 0 || (inner == 2 && seg[taken][0] == '[' && strcmp(seg[n - 1], "fte") == 0);
    case SPSIM_REG_SHARES:
    case SPSIM_REG_COUNTS:
    case SPSIM_REG_POPULATION:
    case SPSIM_REG_SERVICE_NUMBERS: return inner == 1;
    case SPSIM_REG_SHARES_BY_NEED:
    case SPSIM_REG_SERVICE_TABLE:
    case SPSIM_REG_SERVICE_PERT: return inner == 2;
    default: return false;
    }
}

/* ---- recording ---- */

static void dotted(const scan *sc, int n, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < len; i++)
        used += (size_t)snprintf(out + used, len - used, "%s%s",
                                 i && sc->seg[i][0] != '[' ? "." : "", sc->seg[i]);
}

static spsim_uncertain_key *list_add(scan *sc)
{
    spsim_uncertain_list *l = sc->out;
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 8;
        spsim_uncertain_key *keys = realloc(l->keys, (size_t)cap * sizeof *keys);
        if (keys) l->keys = keys;
        spsim_route *route = realloc(l->route, (size_t)cap * sizeof *route);
        if (route) l->route = route;
        bool *share = realloc(l->share, (size_t)cap * sizeof *share);
        if (share) l->share = share;
        if (!keys || !route || !share) return NULL;
        l->cap = cap;
    }
    memset(&l->keys[l->n], 0, sizeof l->keys[l->n]);
    return &l->keys[l->n++];
}

/* A PERT's part is also kept in order against the parts written as plain numbers: a mode
 * between min and max, a min below the mode, a max above it. */
static void pert_bounds(const spsim_ynode *row, const char *part, spsim_dist *d)
{
    double min, mode, max;
    bool has_min = spsim_value_number(spsim_ynode_get(row, "min"), &min);
    bool has_mode = spsim_value_number(spsim_ynode_get(row, "mode"), &mode);
    bool has_max = spsim_value_number(spsim_ynode_get(row, "max"), &max);
    if (strcmp(part, "mode") == 0) {
        if (has_min && min > d->lo) d->lo = min;
        if (has_max && max < d->hi) d->hi = max;
    } else if (strcmp(part, "min") == 0 && has_mode && mode < d->hi) {
        d->hi = mode;
    } else if (strcmp(part, "max") == 0 && has_mode && mode > d->lo) {
        d->lo = mode;
    }
}

static int replace_by_mean(spsim_ynode *node, double mean)
{
    char text[40];
    snprintf(text, sizeof text, "%.15g", mean); /* short, so range messages read well */
    char *copy = malloc(strlen(text) + 1);
    if (!copy) return -1;
    strcpy(copy, text);
    for (int i = 0; i < node->n; i++) {
        spsim_ynode_free(node->pairs[i].key);
        spsim_ynode_free(node->pairs[i].value);
    }
    free(node->pairs);
    free(node->text);
    node->pairs = NULL;
    node->n = 0;
    node->kind = SPSIM_YNODE_SCALAR;
    node->plain = true;
    node->text = copy;
    return 0;
}

static void refuse(scan *sc, const spsim_ynode *node, const spsim_reg_entry *e, const char *key)
{
    char allowed[384];
    spsim_registry_allowed_text(e, allowed, sizeof allowed);
    if (e->type == SPSIM_REG_INTEGER)
        spsim_diag_error(sc->d, node->line, node->column,
                         "'%s' is a whole number and takes no distribution (allowed: %s; draws "
                         "would need rounding, which the model does not do)",
                         key, allowed);
    else
        spsim_diag_error(sc->d, node->line, node->column,
                         "'%s' is not a number and takes no distribution (allowed: %s)", key,
                         allowed);
    sc->errors++;
}

/* A distribution at depth n below the root; `parent` holds it. */
static void record(scan *sc, spsim_ynode *node, const spsim_ynode *parent, int n)
{
    const char *seg[SPSIM_ROUTE_MAX];
    for (int i = 0; i < n; i++) seg[i] = sc->seg[i];
    char key[128];
    dotted(sc, n, key, sizeof key);
    int taken = 0;
    const spsim_reg_entry *e = spsim_entry_of_path(seg, n, &taken);
    if (!e) return; /* an unknown key: validation names it, with suggestions */
    if (!takes_number(e, seg, n, taken)) {
        refuse(sc, node, e, key);
        return;
    }
    spsim_uncertain_key k = {0};
    int errors = spsim_dist_read(node, key, sc->d, &k);
    sc->errors += errors;
    if (errors) return;
    snprintf(k.key, sizeof k.key, "%s", key);
    k.line = node->line;
    k.column = node->column;
    k.dist.lo = e->min;
    k.dist.hi = e->max;
    if (e->type == SPSIM_REG_SERVICE_PERT) pert_bounds(parent, seg[n - 1], &k.dist);
    spsim_uncertain_key *slot = list_add(sc);
    if (!slot || replace_by_mean(node, spsim_dist_untruncated_mean(&k.dist)) != 0) {
        sc->out_of_memory = true;
        return;
    }
    *slot = k;
    sc->out->route[sc->out->n - 1] = sc->route;
    sc->out->share[sc->out->n - 1] =
        e->type == SPSIM_REG_SHARES || e->type == SPSIM_REG_SHARES_BY_NEED;
}

static void walk(scan *sc, spsim_ynode *node, const spsim_ynode *parent, int depth)
{
    if (is_distribution(node) && depth > 0) {
        record(sc, node, parent, depth);
        return;
    }
    if (depth == SPSIM_ROUTE_MAX || node->kind == SPSIM_YNODE_SCALAR) return;
    for (int i = 0; i < node->n; i++) {
        bool map = node->kind == SPSIM_YNODE_MAPPING;
        if (map)
            snprintf(sc->seg[depth], SEG_LEN, "%s", node->pairs[i].key->text);
        else
            snprintf(sc->seg[depth], SEG_LEN, "[%d]", i);
        sc->route.step[depth] = i;
        sc->route.len = depth + 1;
        walk(sc, map ? node->pairs[i].value : node->items[i], node, depth + 1);
    }
}

int spsim_uncertainty_scan(spsim_ynode *root, spsim_diagnostics *diags, spsim_uncertain_list *out)
{
    scan sc = {.d = diags, .out = out};
    if (root) walk(&sc, root, NULL, 0);
    if (sc.out_of_memory) {
        spsim_diag_error(diags, 0, 0, "out of memory while reading the distributions");
        return -1;
    }
    return sc.errors;
}

void spsim_uncertain_list_free(spsim_uncertain_list *list)
{
    free(list->keys);
    free(list->route);
    free(list->share);
    memset(list, 0, sizeof *list);
}
