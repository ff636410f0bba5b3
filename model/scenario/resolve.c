/* Resolution: each value comes from the first place that has it, in this order:
 *   arm's locality override > base locality value > arm's scenario-level value >
 *   base scenario-level value > registry default
 * (the locality steps only for locality keys and per-locality link_workers and builders keys).
 * This is the base scenario deep-merged with the arm's overrides; whole values (populations,
 * shares, fte plans, mappings by service) are replaced, never merged element by element;
 * need_activity is layered need by need, and funding streams key by key (an arm may also add
 * streams). Delivery models are scenario-wide; which one a locality uses is layered like its
 * other keys (arm's locality > base locality > arm's delivery_model > base delivery_model), and
 * is applied once everything else in the arm is resolved (delivery.h). */
#include "resolve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "delivery.h"
#include "diagnostics.h"
#include "registry.h"
#include "plausibility.h"
#include "resolved_list.h"
#include "values.h"

enum {
    PATH_LEN = 256
};

/* The registry defaults, read from their YAML text once per resolution. */
typedef struct {
    spsim_ynode **node; /* by registry index; NULL for required keys */
} defaults;

typedef struct {
    const spsim_ynode *root, *arm; /* arm: the arm's override mapping, or NULL */
    const defaults *defs;
    long start_days; /* start_date in days since 1970-01-01 */
    int n_weeks;     /* the horizon, where open-ended funding streams end */
} sources;

static int defaults_read(defaults *defs, spsim_diagnostics *diags)
{
    int n = spsim_registry_count();
    defs->node = calloc((size_t)n, sizeof *defs->node);
    if (!defs->node) return -1;
    for (int i = 0; i < n; i++) {
        const char *text = spsim_registry_at(i)->default_yaml;
        bool ok = true;
        if (text) defs->node[i] = spsim_yaml_parse(text, strlen(text), diags, &ok);
        if (!ok) return -1;
    }
    return 0;
}

static void defaults_free(defaults *defs)
{
    for (int i = 0; defs->node && i < spsim_registry_count(); i++) spsim_ynode_free(defs->node[i]);
    free(defs->node);
}

static const spsim_ynode *default_of(const sources *src, const spsim_reg_entry *e)
{
    return src->defs->node[e - spsim_registry_at(0)];
}

/* Arm first, then base. */
static const spsim_ynode *layered(const sources *src, const char *path)
{
    const spsim_ynode *node = src->arm ? spsim_ynode_find(src->arm, path) : NULL;
    return node ? node : spsim_ynode_find(src->root, path);
}

/* ---- storing one value ---- */

static void store_keyed_numbers(const spsim_reg_entry *e, const spsim_ynode *node, double *out)
{
    for (int k = 0; k < e->n_keys; k++) {
        const spsim_ynode *v = spsim_ynode_get(node, e->keys[k]);
        out[k] = 0; /* keys left out of a shares mapping have share 0 */
        if (v) spsim_value_number(v, &out[k]);
    }
}

/* Weeks since start_date; dates before the start (fte steps, funding streams) count from week 0. */
static double week_of(const sources *src, const spsim_ynode *date_node)
{
    spsim_date date = {2000, 1, 1};
    spsim_value_date(date_node, &date);
    double week = (double)(spsim_date_days(date) - src->start_days) / 7.0;
    return week > 0 ? week : 0;
}

static void store_fte_plan(const sources *src, const spsim_ynode *node, spsim_staff_plan *plan)
{
    double fte = 0;
    plan->n_steps = 0;
    if (node->kind == SPSIM_YNODE_SCALAR) {
        spsim_value_number(node, &fte);
        plan->steps[plan->n_steps++] = (spsim_fte_step){0, fte};
        return;
    }
    plan->steps[plan->n_steps++] = (spsim_fte_step){0, 0}; /* no FTE until the first step */
    for (int i = 0; i < node->n; i++) {
        const spsim_ynode *step = node->items[i];
        double week = week_of(src, spsim_ynode_get(step, "from"));
        spsim_value_number(spsim_ynode_get(step, "fte"), &fte);
        if (week <= 0)
            plan->n_steps = 0; /* a later step at or before the start replaces earlier ones */
        plan->steps[plan->n_steps++] = (spsim_fte_step){week, fte};
    }
}

/* Each need's row from the first layer that gives it (arm, base, default). */
static void store_need_rows(const sources *src, const spsim_reg_entry *e, const char *path,
                            char *base)
{
    double(*rows)[SPSIM_N_ACTIVITIES] = (double(*)[SPSIM_N_ACTIVITIES])(base + e->offset);
    for (int n = 0; n < SPSIM_N_NEEDS; n++) {
        char row_path[PATH_LEN];
        snprintf(row_path, sizeof row_path, "%s.%s", path, spsim_need_key[n]);
        const spsim_ynode *row = layered(src, row_path);
        store_keyed_numbers(e, row ? row : spsim_ynode_get(default_of(src, e), spsim_need_key[n]),
                            rows[n]);
    }
}

/* SERVICE_TABLE and SERVICE_PERT: one row per service, every entry given (validated). */
static void store_service_rows(const spsim_reg_entry *e, const spsim_ynode *node, void *at)
{
    for (int sv = 0; sv < SPSIM_N_SERVICES; sv++) {
        const spsim_ynode *row = spsim_ynode_get(node, spsim_service_key[sv]);
        if (e->type == SPSIM_REG_SERVICE_TABLE) {
            store_keyed_numbers(e, row, (double *)at + sv * e->n_keys);
            continue;
        }
        spsim_pert *pert = (spsim_pert *)at + sv;
        double *parts[3] = {&pert->min, &pert->mode, &pert->max};
        for (int k = 0; k < 3; k++)
            spsim_value_number(spsim_ynode_get(row, spsim_pert_key[k]), parts[k]);
    }
}

static void store_value(const sources *src, const spsim_reg_entry *e, const spsim_ynode *node,
                        char *base)
{
    void *at = base + e->offset;
    long long integer = 0;
    bool overflow;
    switch (e->type) {
    case SPSIM_REG_NAME:
    case SPSIM_REG_TEXT:
        snprintf(at, e->size, "%s", spsim_ynode_is_null(node) ? "" : node->text);
        break;
    case SPSIM_REG_INTEGER:
        spsim_value_integer(node, &integer, &overflow);
        if (e->size == sizeof(unsigned long long))
            *(unsigned long long *)at = (unsigned long long)integer;
        else
            *(int *)at = (int)integer;
        break;
    case SPSIM_REG_NUMBER: spsim_value_number(node, at); break;
    case SPSIM_REG_BOOL: spsim_value_bool(node, at); break;
    case SPSIM_REG_ENUM:
        for (int k = 0; k < e->n_keys; k++)
            if (strcmp(node->text, e->keys[k]) == 0) *(int *)at = k;
        break;
    case SPSIM_REG_SHARES:
    case SPSIM_REG_COUNTS:
    case SPSIM_REG_POPULATION:
    case SPSIM_REG_SERVICE_NUMBERS: store_keyed_numbers(e, node, at); break;
    case SPSIM_REG_SERVICE_TABLE:
    case SPSIM_REG_SERVICE_PERT: store_service_rows(e, node, at); break;
    case SPSIM_REG_FTE_PLAN: store_fte_plan(src, node, (spsim_staff_plan *)base); break;
    case SPSIM_REG_SHARES_BY_NEED: /* layered row by row: store_need_rows */
    case SPSIM_REG_DATE:           /* start_date: resolve_scenario_keys; streams: resolve_stream */
    case SPSIM_REG_NAME_LIST:      /* neighbours become indices once every locality is known */
    case SPSIM_REG_NAMED_MAP:
    case SPSIM_REG_MAPPING:
    case SPSIM_REG_INCLUDE:
    case SPSIM_REG_CORRELATIONS: break;
    }
}

/* "localities.NAME.deprivation" with NAME replaced. */
static void concrete_path(char *out, const char *pattern, const char *name)
{
    const char *at = strstr(pattern, "NAME");
    if (at)
        snprintf(out, PATH_LEN, "%.*s%s%s", (int)(at - pattern), pattern, name, at + 4);
    else
        snprintf(out, PATH_LEN, "%s", pattern);
}

/* ---- one arm ---- */

/* A per-locality staff key (link_workers or builders): the locality's own, else the section's. */
static const spsim_ynode *staff_source(const sources *src, const spsim_reg_entry *e,
                                       const char *locality)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "localities.%s.%s", locality, e->path);
    const spsim_ynode *node = layered(src, path);
    return node ? node : layered(src, e->path);
}

static void resolve_locality(const sources *src, const char *name, spsim_locality *loc)
{
    snprintf(loc->name, sizeof loc->name, "%s", name);
    loc->uptake_ratio = 1.0; /* neutral until a delivery model says otherwise */
    loc->dropout_ratio = 1.0;
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        const spsim_ynode *node = NULL;
        char path[PATH_LEN];
        char *base = NULL;
        if (e->target == SPSIM_TARGET_LOCALITY) {
            concrete_path(path, e->path, name);
            node = layered(src, path);
            base = (char *)loc;
        } else if (e->target == SPSIM_TARGET_LINK_WORKERS) {
            node = staff_source(src, e, name);
            base = (char *)&loc->link_workers;
        } else if (e->target == SPSIM_TARGET_BUILDERS) {
            node = staff_source(src, e, name);
            base = (char *)&loc->builders;
        }
        if (!node && !default_of(src, e))
            continue; /* computed once the arm is known: groups_at_start */
        if (base) store_value(src, e, node ? node : default_of(src, e), base);
    }
}

static void apply_formula(spsim_arm_params *arm)
{
    if (arm->allocation != SPSIM_ALLOCATION_FORMULA) return;
    for (int l = 0; l < arm->n_localities; l++) {
        spsim_staff_plan *plan = &arm->localities[l].link_workers;
        plan->n_steps = 1;
        plan->steps[0] =
            (spsim_fte_step){0, arm->fte_per_10000_population *
                                    spsim_locality_population(&arm->localities[l]) / 10000.0};
    }
}

/* A locality giving no groups_at_start gets groups_per_10000_population x population / 10,000,
 * rounded to the nearest group. */
static void apply_group_defaults(const sources *src, spsim_arm_params *arm)
{
    for (int l = 0; l < arm->n_localities; l++) {
        spsim_locality *loc = &arm->localities[l];
        char path[PATH_LEN];
        snprintf(path, sizeof path, "localities.%s.groups_at_start", loc->name);
        if (layered(src, path)) continue;
        for (int a = 0; a < SPSIM_N_ACTIVITIES; a++)
            loc->groups_at_start[a] = round(arm->community.groups_per_10000_population[a] *
                                            spsim_locality_population(loc) / 10000.0);
    }
}

/* ---- funding streams ---- */

static const spsim_ynode *stream_node(const sources *src, const char *locality, const char *stream,
                                      const char *leaf)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "localities.%s.funding.%s.%s", locality, stream, leaf);
    return layered(src, path);
}

/* Keys a stream's kind does not take stay 0. A default that differs by kind is a mapping of kind
 * to value in the registry. Open-ended streams end with the horizon. */
static void resolve_stream(const sources *src, const char *locality, const char *name,
                           spsim_funding_stream *f)
{
    snprintf(f->name, sizeof f->name, "%s", name);
    const spsim_ynode *kind = stream_node(src, locality, name, "kind");
    for (int k = 0; k < SPSIM_N_FUNDING_KINDS; k++)
        if (strcmp(kind->text, spsim_funding_kind_key[k]) == 0) f->kind = (spsim_funding_kind)k;
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        const char *leaf = spsim_registry_stream_leaf(e);
        if (!spsim_registry_kind_takes(e, f->kind) || strcmp(leaf, "kind") == 0) continue;
        const spsim_ynode *node = stream_node(src, locality, name, leaf);
        const spsim_ynode *fallback = default_of(src, e);
        if (fallback && fallback->kind == SPSIM_YNODE_MAPPING)
            fallback = spsim_ynode_get(fallback, spsim_funding_kind_key[f->kind]);
        if (e->type == SPSIM_REG_DATE)
            *(double *)((char *)f + e->offset) = node                         ? week_of(src, node)
                                                 : strcmp(leaf, "start") == 0 ? 0
                                                                              : src->n_weeks;
        else
            store_value(src, e, node ? node : fallback, (char *)f);
    }
}

/* The base scenario's streams in file order, then those the arm adds. */
static void resolve_funding(const sources *src, spsim_locality *loc)
{
    char path[PATH_LEN];
    snprintf(path, sizeof path, "localities.%s.funding", loc->name);
    const spsim_ynode *layers[2] = {spsim_ynode_find(src->root, path),
                                    src->arm ? spsim_ynode_find(src->arm, path) : NULL};
    loc->n_funding = 0;
    for (int layer = 0; layer < 2; layer++) {
        const spsim_ynode *streams = layers[layer];
        for (int i = 0; streams && streams->kind == SPSIM_YNODE_MAPPING && i < streams->n; i++) {
            const char *name = streams->pairs[i].key->text;
            if ((layer == 1 && spsim_ynode_get(layers[0], name)) ||
                loc->n_funding == SPSIM_MAX_FUNDING_STREAMS)
                continue;
            resolve_stream(src, loc->name, name, &loc->funding[loc->n_funding++]);
        }
    }
}

static void resolve_arm(const sources *src, const char *name, spsim_arm_params *arm)
{
    memset(arm, 0, sizeof *arm);
    snprintf(arm->name, sizeof arm->name, "%s", name);
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        if (e->target != SPSIM_TARGET_ARM) continue;
        const char *path = strncmp(e->path, "arms.NAME.", 10) == 0 ? e->path + 10 : e->path;
        const spsim_ynode *node = strcmp(path, e->path) != 0
                                      ? (src->arm ? spsim_ynode_find(src->arm, path) : NULL)
                                      : layered(src, path);
        if (e->type == SPSIM_REG_SHARES_BY_NEED)
            store_need_rows(src, e, path, (char *)arm);
        else
            store_value(src, e, node ? node : default_of(src, e), (char *)arm);
    }
    const spsim_ynode *localities = spsim_ynode_get(src->root, "localities");
    for (int l = 0; l < localities->n && l < SPSIM_MAX_LOCALITIES; l++) {
        resolve_locality(src, localities->pairs[l].key->text, &arm->localities[l]);
        resolve_funding(src, &arm->localities[l]);
    }
    arm->n_localities = localities->n;
    apply_formula(arm);
    apply_group_defaults(src, arm);
}

/* ---- delivery models, neighbours and commissioning ---- */

static int model_index(const spsim_delivery_plan *plan, const spsim_ynode *name)
{
    for (int m = 0; name && m < plan->n_models; m++)
        if (strcmp(plan->models[m].name, name->text) == 0) return m;
    return -1;
}

/* The scenario's delivery models in file order, each key from the model or its default. */
static void read_delivery_models(const sources *src, spsim_delivery_plan *plan)
{
    const spsim_ynode *models = spsim_ynode_get(src->root, "delivery_models");
    memset(plan, 0, sizeof *plan);
    for (int i = 0; models && models->kind == SPSIM_YNODE_MAPPING && i < models->n &&
                    plan->n_models < SPSIM_MAX_DELIVERY_MODELS;
         i++) {
        spsim_delivery_model *m = &plan->models[plan->n_models++];
        snprintf(m->name, sizeof m->name, "%s", models->pairs[i].key->text);
        for (int k = 0; k < spsim_registry_count(); k++) {
            const spsim_reg_entry *e = spsim_registry_at(k);
            if (e->target != SPSIM_TARGET_DELIVERY_MODEL) continue;
            char path[PATH_LEN];
            concrete_path(path, e->path, m->name);
            const spsim_ynode *node = spsim_ynode_find(src->root, path);
            store_value(src, e, node ? node : default_of(src, e), (char *)m);
        }
    }
}

/* Which delivery model the arm and each of its localities use (-1: none). */
static void choose_delivery_models(const sources *src, const spsim_arm_params *arm,
                                   spsim_delivery_plan *plan)
{
    plan->arm_model = model_index(plan, layered(src, "delivery_model"));
    for (int l = 0; l < arm->n_localities; l++) {
        char path[PATH_LEN];
        snprintf(path, sizeof path, "localities.%s.delivery_model", arm->localities[l].name);
        const spsim_ynode *own = layered(src, path);
        plan->locality_model[l] = own ? model_index(plan, own) : plan->arm_model;
    }
}

static int locality_index(const spsim_arm_params *arm, const char *name)
{
    for (int l = 0; l < arm->n_localities; l++)
        if (strcmp(arm->localities[l].name, name) == 0) return l;
    return -1;
}

/* Neighbours by name -> indices into the arm's localities (validated: each exists, once). */
static void resolve_neighbours(const sources *src, spsim_arm_params *arm)
{
    for (int l = 0; l < arm->n_localities; l++) {
        spsim_locality *loc = &arm->localities[l];
        char path[PATH_LEN];
        snprintf(path, sizeof path, "localities.%s.neighbours", loc->name);
        const spsim_ynode *list = layered(src, path);
        loc->n_neighbours = 0;
        for (int i = 0; list && list->kind == SPSIM_YNODE_SEQUENCE && i < list->n; i++) {
            int k = locality_index(arm, list->items[i]->text);
            if (k >= 0 && k != l && loc->n_neighbours < SPSIM_MAX_LOCALITIES)
                loc->neighbours[loc->n_neighbours++] = k;
        }
    }
}

/* A `fit` written for a locality whose fit its delivery model gives. */
static void warn_ignored_fit(const sources *src, const spsim_arm_params *arm,
                             const spsim_delivery_plan *plan, spsim_diagnostics *diags)
{
    for (int l = 0; l < arm->n_localities; l++) {
        const spsim_locality *loc = &arm->localities[l];
        if (plan->locality_model[l] < 0) continue;
        char path[PATH_LEN];
        snprintf(path, sizeof path, "localities.%s.fit", loc->name);
        const spsim_ynode *in_arm = src->arm ? spsim_ynode_find(src->arm, path) : NULL;
        const spsim_ynode *fit = in_arm ? in_arm : spsim_ynode_find(src->root, path);
        if (fit)
            spsim_diag_warning(diags, fit->line, fit->column,
                               "arm '%s', locality '%s': "
                               "'%s%s%s%s' is ignored: delivery model '%s' gives the fit, %.4g",
                               arm->name, loc->name, in_arm ? "arms." : "", in_arm ? arm->name : "",
                               in_arm ? "." : "", path, plan->models[plan->locality_model[l]].name,
                               loc->fit);
    }
}

static void resolve_commissioning(const sources *src, spsim_delivery_plan *plan,
                                  spsim_arm_params *arm, spsim_diagnostics *diags)
{
    choose_delivery_models(src, arm, plan);
    resolve_neighbours(src, arm);
    spsim_apply_commissioning(plan, arm);
    warn_ignored_fit(src, arm, plan, diags);
}

/* ---- the scenario ---- */

/* common_random_numbers is stored negated, as independent_arm_streams. */
static void resolve_arm_streams(const sources *src, spsim_scenario *s)
{
    const spsim_reg_entry *e = spsim_registry_find("common_random_numbers");
    const spsim_ynode *node = spsim_ynode_get(src->root, e->path);
    bool common = true;
    spsim_value_bool(node ? node : default_of(src, e), &common);
    s->independent_arm_streams = !common;
}

static void resolve_scenario_keys(const sources *src, spsim_scenario *s)
{
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        if (e->target != SPSIM_TARGET_SCENARIO || e->size == 0)
            continue; /* start_date and common_random_numbers: below */
        const spsim_ynode *node = spsim_ynode_find(src->root, e->path);
        store_value(src, e, node ? node : default_of(src, e), (char *)s);
    }
    spsim_date start = {2000, 1, 1};
    spsim_value_date(spsim_ynode_get(src->root, "start_date"), &start);
    s->start_year = start.year;
    s->start_month = start.month;
    s->start_day = start.day;
    s->n_weeks = (int)lround(s->horizon_years * SPSIM_WEEKS_PER_YEAR);
    resolve_arm_streams(src, s);
}

int spsim_scenario_resolve(const spsim_ynode *root, spsim_scenario *s, spsim_diagnostics *diags)
{
    defaults defs = {NULL};
    if (defaults_read(&defs, diags) != 0) {
        defaults_free(&defs);
        spsim_diag_error(diags, 0, 0, "out of memory while resolving the scenario");
        return -1;
    }
    spsim_date start = {2000, 1, 1};
    spsim_value_date(spsim_ynode_get(root, "start_date"), &start);
    sources src = {root, NULL, &defs, spsim_date_days(start), 0};
    resolve_scenario_keys(&src, s);
    src.n_weeks = s->n_weeks;

    spsim_delivery_plan plan;
    read_delivery_models(&src, &plan);
    const spsim_ynode *arms = spsim_ynode_get(root, "arms");
    bool has_arms = arms && arms->kind == SPSIM_YNODE_MAPPING && arms->n > 0;
    s->n_arms = has_arms ? arms->n : 1;
    int status = 0;
    for (int a = 0; a < s->n_arms && a < SPSIM_MAX_ARMS; a++) {
        src.arm = has_arms ? arms->pairs[a].value : NULL;
        resolve_arm(&src, has_arms ? arms->pairs[a].key->text : "base", &s->arms[a]);
        resolve_commissioning(&src, &plan, &s->arms[a], diags);
        if (spsim_resolved_list(s, a, &plan) != 0) {
            spsim_diag_error(diags, 0, 0, "out of memory while resolving the scenario");
            status = -1;
            break;
        }
    }
    if (status == 0) spsim_resolve_warnings(root, s, diags);
    defaults_free(&defs);
    return status;
}
