/* Cross-key rules on merged values (see validate_merged.h). The base scenario is checked as it
 * stands; each arm only where it writes something, and only where the base itself passed, so a
 * problem of the base is not repeated once per arm. */
#include "validate_merged.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "registry.h"
#include "values.h"

enum {
    PATH_LEN = 256,
    MESSAGE_LEN = 512,
    KEYS_LEN = 256
};

/* One funding stream as an arm sees it: the arm's keys over the base stream's. */
typedef struct {
    spsim_diagnostics *d;
    const spsim_ynode *base, *arm; /* the stream's mappings, or NULL */
    bool in_arm;
    const spsim_ynode *at;        /* the stream's name, where whole-stream problems go */
    char shown[PATH_LEN];         /* "localities.L.funding.S", or with "arms.A." before it */
    const spsim_date *start_date; /* the scenario's, NULL when it is not a valid date */
    bool quiet;                   /* only count problems (a base stream seen from an arm) */
    int problems;
} stream_view;

static const spsim_ypair *pair_in(const spsim_ynode *map, const char *key)
{
    for (int i = 0; map && map->kind == SPSIM_YNODE_MAPPING && i < map->n; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0) return &map->pairs[i];
    return NULL;
}

/* True when pair i repeats an earlier key (reported already as a duplicate). */
static bool repeated(const spsim_ynode *map, int i)
{
    for (int j = 0; j < i; j++)
        if (strcmp(map->pairs[j].key->text, map->pairs[i].key->text) == 0) return true;
    return false;
}

static const spsim_reg_entry *stream_entry(const char *leaf)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "localities.NAME.funding.NAME.%s", leaf);
    return spsim_registry_find(path);
}

/* ---- funding streams ---- */

__attribute__((format(printf, 3, 4))) static void problem(stream_view *v, const spsim_ynode *at,
                                                          const char *fmt, ...)
{
    v->problems++;
    if (v->quiet) return;
    char message[MESSAGE_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    spsim_diag_error(v->d, at->line, at->column, "%s", message);
}

/* The key as merged: the arm's if it writes it, else the base stream's. */
static const spsim_ypair *stream_pair(const stream_view *v, const char *leaf)
{
    const spsim_ypair *p = pair_in(v->arm, leaf);
    return p ? p : pair_in(v->base, leaf);
}

/* Where a problem with `node` (part of pair p) is shown: at the node when the layer being
 * checked wrote it, else at the arm's stream (the base's line would not point at the arm). */
static const spsim_ynode *place_of(const stream_view *v, const spsim_ypair *p,
                                   const spsim_ynode *node)
{
    return !v->in_arm || pair_in(v->arm, p->key->text) == p ? node : v->at;
}

static void missing_key(stream_view *v, const char *leaf, const char *for_kind)
{
    char allowed[KEYS_LEN];
    spsim_registry_allowed_text(stream_entry(leaf), allowed, sizeof allowed);
    problem(v, v->at, "missing required key '%s' in '%s'%s%s%s (allowed: %s)", leaf, v->shown,
            for_kind ? " for a " : "", for_kind ? for_kind : "", for_kind ? " stream" : "",
            allowed);
}

/* The stream's kind, or -1 when it has none (reported) or an invalid one (reported before). */
static int stream_kind(stream_view *v)
{
    const spsim_ypair *p = stream_pair(v, "kind");
    if (!p) {
        missing_key(v, "kind", NULL);
        return -1;
    }
    for (int k = 0; p->value->kind == SPSIM_YNODE_SCALAR && k < SPSIM_N_FUNDING_KINDS; k++)
        if (strcmp(p->value->text, spsim_funding_kind_key[k]) == 0) return k;
    v->problems++;
    return -1;
}

static void check_kind_keys(stream_view *v, int kind)
{
    const char *name = spsim_funding_kind_key[kind];
    char allowed[KEYS_LEN];
    spsim_registry_kind_keys(kind, allowed, sizeof allowed);
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        const char *leaf = spsim_registry_stream_leaf(e);
        const spsim_ypair *p = leaf ? stream_pair(v, leaf) : NULL;
        if (p && !spsim_registry_kind_takes(e, kind))
            problem(v, place_of(v, p, p->key),
                    "'%s' does not apply to a %s stream in '%s' "
                    "(allowed for %s: %s)",
                    leaf, name, v->shown, name, allowed);
    }
    if (!stream_pair(v, "activity") && spsim_registry_kind_takes(stream_entry("activity"), kind))
        missing_key(v, "activity", name);
}

/* The value of a date key, false when it is absent or not a valid date (reported before). */
static bool stream_date(const stream_view *v, const char *leaf, spsim_date *out,
                        const spsim_ypair **pair)
{
    *pair = stream_pair(v, leaf);
    return *pair && spsim_value_date((*pair)->value, out) && spsim_date_in_range(*out);
}

static void check_dates(stream_view *v)
{
    const spsim_ypair *end_pair, *start_pair;
    spsim_date end, start;
    if (!stream_date(v, "end", &end, &end_pair)) return;
    bool from_scenario = !stream_pair(v, "start");
    if (from_scenario && v->start_date)
        start = *v->start_date;
    else if (from_scenario || !stream_date(v, "start", &start, &start_pair))
        return;
    if (spsim_date_days(end) > spsim_date_days(start)) return;
    problem(v, place_of(v, end_pair, end_pair->value),
            "'%s.end' is %s, not after its start, "
            "%04d-%02d-%02d%s (allowed: an end after the start)",
            v->shown, end_pair->value->text, start.year, start.month, start.day,
            from_scenario ? ", the scenario's start_date" : "");
}

static void check_stream(stream_view *v)
{
    int kind = stream_kind(v);
    if (!stream_pair(v, "gbp_per_year")) missing_key(v, "gbp_per_year", NULL);
    if (kind >= 0) check_kind_keys(v, kind);
    check_dates(v);
}

/* ---- where streams are ---- */

static const spsim_ynode *base_stream(const spsim_ynode *root, const char *locality,
                                      const char *stream)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "localities.%s.funding.%s", locality, stream);
    return spsim_ynode_find(root, path);
}

/* The base scenario's streams of one locality. */
static void check_base_locality(const spsim_ynode *locality, const spsim_ynode *name,
                                stream_view *proto)
{
    const spsim_ynode *funding = spsim_ynode_get(locality, "funding");
    for (int i = 0; funding && funding->kind == SPSIM_YNODE_MAPPING && i < funding->n; i++) {
        const spsim_ypair *p = &funding->pairs[i];
        if (repeated(funding, i) || !spsim_value_is_name(p->key->text) ||
            (p->value->kind != SPSIM_YNODE_MAPPING && !spsim_ynode_is_null(p->value)))
            continue; /* reported by the checker of single values */
        stream_view v = *proto;
        v.base = p->value;
        v.at = p->key;
        snprintf(v.shown, sizeof v.shown, "localities.%s.funding.%s", name->text, p->key->text);
        check_stream(&v);
    }
}

/* Streams an arm adds to a locality, beyond those of the base scenario. */
static void check_stream_count(const stream_view *proto, const spsim_ynode *funding_key,
                               const spsim_ynode *funding, const spsim_ynode *base_funding,
                               const char *arm, const char *locality)
{
    int base_n = base_funding && base_funding->kind == SPSIM_YNODE_MAPPING ? base_funding->n : 0;
    int added = 0;
    for (int i = 0; i < funding->n; i++)
        if (!repeated(funding, i) && !spsim_ynode_get(base_funding, funding->pairs[i].key->text))
            added++;
    if (added > 0 && base_n + added > SPSIM_MAX_FUNDING_STREAMS)
        spsim_diag_error(proto->d, funding_key->line, funding_key->column,
                         "'arms.%s.localities.%s"
                         ".funding' adds %d streams to the %d of the base scenario, %d in all "
                         "(allowed: 0..%d funding streams per locality)",
                         arm, locality, added, base_n, base_n + added, SPSIM_MAX_FUNDING_STREAMS);
}

/* One arm's streams in one locality, each merged over the base stream of the same name. */
static void check_arm_locality(const spsim_ynode *root, const char *arm, const spsim_ynode *name,
                               const spsim_ynode *locality, const stream_view *proto)
{
    const spsim_ypair *funding = pair_in(locality, "funding");
    if (!funding || funding->value->kind != SPSIM_YNODE_MAPPING) return;
    char path[PATH_LEN];
    snprintf(path, sizeof path, "localities.%s.funding", name->text);
    check_stream_count(proto, funding->key, funding->value, spsim_ynode_find(root, path), arm,
                       name->text);
    for (int i = 0; i < funding->value->n; i++) {
        const spsim_ypair *p = &funding->value->pairs[i];
        if (repeated(funding->value, i) || !spsim_value_is_name(p->key->text) ||
            (p->value->kind != SPSIM_YNODE_MAPPING && !spsim_ynode_is_null(p->value)))
            continue;
        stream_view base = *proto;
        base.base = base_stream(root, name->text, p->key->text);
        base.quiet = true;
        if (base.base) {
            if (base.base->kind != SPSIM_YNODE_MAPPING && !spsim_ynode_is_null(base.base)) continue;
            check_stream(&base);
            if (base.problems > 0) continue; /* reported for the base scenario */
        }
        stream_view v = *proto;
        v.base = base.base;
        v.arm = p->value;
        v.in_arm = true;
        v.at = p->key;
        snprintf(v.shown, sizeof v.shown, "arms.%s.localities.%s.funding.%s", arm, name->text,
                 p->key->text);
        check_stream(&v);
    }
}

static void check_funding(const spsim_ynode *root, spsim_diagnostics *diags)
{
    spsim_date start;
    bool have_start =
        spsim_value_date(spsim_ynode_get(root, "start_date"), &start) && spsim_date_in_range(start);
    stream_view proto = {.d = diags, .start_date = have_start ? &start : NULL};
    const spsim_ynode *localities = spsim_ynode_get(root, "localities");
    for (int l = 0; localities && localities->kind == SPSIM_YNODE_MAPPING && l < localities->n; l++)
        if (!repeated(localities, l))
            check_base_locality(localities->pairs[l].value, localities->pairs[l].key, &proto);
    const spsim_ynode *arms = spsim_ynode_get(root, "arms");
    for (int a = 0; arms && arms->kind == SPSIM_YNODE_MAPPING && a < arms->n; a++) {
        const spsim_ynode *arm_localities = spsim_ynode_get(arms->pairs[a].value, "localities");
        if (repeated(arms, a) || !arm_localities || arm_localities->kind != SPSIM_YNODE_MAPPING)
            continue;
        for (int l = 0; l < arm_localities->n; l++) {
            const spsim_ypair *p = &arm_localities->pairs[l];
            if (!repeated(arm_localities, l) && spsim_ynode_get(localities, p->key->text))
                check_arm_locality(root, arms->pairs[a].key->text, p->key, p->value, &proto);
        }
    }
}

/* ---- the builders' trust curve ---- */

/* One trust value as a layer sees it; false when the layer's own value is not a valid number
 * (reported before). `node` is the value written in `layer`, or NULL. */
static bool trust_value(const spsim_ynode *layer, const char *leaf, double *v,
                        const spsim_ynode **node)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "builders.%s", leaf);
    const spsim_reg_entry *e = spsim_registry_find(path);
    *node = spsim_ynode_find(layer, path);
    if (!*node) return true;
    return spsim_value_number(*node, v) && *v >= e->min && *v <= e->max;
}

static double trust_default(const char *leaf)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "builders.%s", leaf);
    return strtod(spsim_registry_find(path)->default_yaml, NULL);
}

typedef struct {
    double midpoint, ninety;
    const spsim_ynode *midpoint_node, *ninety_node; /* written in this layer, or NULL */
    const char *midpoint_prefix, *ninety_prefix;    /* "arms.A." when the arm wrote it */
} trust_curve;

/* The base's curve (arm NULL) or an arm's merged over it; false when a value is invalid. */
static bool trust_curve_of(const spsim_ynode *root, const spsim_ynode *arm, const char *prefix,
                           trust_curve *c)
{
    c->midpoint = trust_default("trust_midpoint_weeks");
    c->ninety = trust_default("trust_90_weeks");
    c->midpoint_prefix = c->ninety_prefix = "";
    const spsim_ynode *node;
    if (!trust_value(root, "trust_midpoint_weeks", &c->midpoint, &node) ||
        !trust_value(root, "trust_90_weeks", &c->ninety, &c->ninety_node))
        return false;
    c->midpoint_node = node;
    if (!arm) return true;
    if (!trust_value(arm, "trust_midpoint_weeks", &c->midpoint, &c->midpoint_node) ||
        !trust_value(arm, "trust_90_weeks", &c->ninety, &c->ninety_node))
        return false;
    if (c->midpoint_node) c->midpoint_prefix = prefix;
    if (c->ninety_node) c->ninety_prefix = prefix;
    return true;
}

static void report_trust(spsim_diagnostics *d, const trust_curve *c)
{
    const spsim_ynode *at = c->ninety_node ? c->ninety_node : c->midpoint_node;
    spsim_diag_error(d, at->line, at->column,
                     "'%sbuilders.trust_90_weeks' is %.15g, not above "
                     "'%sbuilders.trust_midpoint_weeks', %.15g (allowed: a 90 %% point later "
                     "than the 50 %% point, up to 1040 weeks)",
                     c->ninety_prefix, c->ninety, c->midpoint_prefix, c->midpoint);
}

static void check_trust(const spsim_ynode *root, spsim_diagnostics *diags)
{
    trust_curve base;
    if (!trust_curve_of(root, NULL, "", &base)) return;
    if (base.ninety <= base.midpoint) {
        report_trust(diags, &base);
        return;
    }
    const spsim_ynode *arms = spsim_ynode_get(root, "arms");
    for (int a = 0; arms && arms->kind == SPSIM_YNODE_MAPPING && a < arms->n; a++) {
        char prefix[PATH_LEN];
        snprintf(prefix, sizeof prefix, "arms.%s.", arms->pairs[a].key->text);
        trust_curve merged;
        if (!repeated(arms, a) && trust_curve_of(root, arms->pairs[a].value, prefix, &merged) &&
            (merged.midpoint_node || merged.ninety_node) && merged.ninety <= merged.midpoint)
            report_trust(diags, &merged);
    }
}

void spsim_validate_merged(const spsim_ynode *root, spsim_diagnostics *diags)
{
    check_trust(root, diags);
    check_funding(root, diags);
}
