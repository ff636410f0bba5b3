/* Resolved values as text, formatted from the stored parameters (so formula allocations,
 * clamped fte plans and computed groups_at_start appear as the engine will use them). Rows of
 * need_activity, of tables and PERTs by service, and funding streams get a key each:
 * "community.need_activity.loneliness", "outcomes.causal_effect.gp",
 * "localities.L.funding.S.kind" (only the keys the stream's kind takes). */
#include "resolved_list.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "values.h"

/* Appends with snprintf; stops quietly at the end of the buffer (the text then ends in "..."). */
static size_t append(char *out, size_t len, size_t used, const char *text)
{
    if (used >= len) return used;
    return used + (size_t)snprintf(out + used, len - used, "%s", text);
}

/* "{key: value, ...}" */
static void format_numbers(const char *const *keys, int n_keys, const double *values, char *out,
                           size_t len)
{
    size_t used = append(out, len, 0, "{");
    for (int k = 0; k < n_keys; k++) {
        char item[96];
        snprintf(item, sizeof item, "%s%s: %.10g", k ? ", " : "", keys[k], values[k]);
        used = append(out, len, used, item);
    }
    used = append(out, len, used, "}");
    if (used >= len && len > 4) strcpy(out + len - 4, "...");
}

static void format_keyed(const spsim_reg_entry *e, const double *values, char *out, size_t len)
{
    format_numbers(e->keys, e->n_keys, values, out, len);
}

/* An fte plan as [[from_week, fte], ...]. */
static void format_plan(const spsim_staff_plan *plan, char *out, size_t len)
{
    size_t used = append(out, len, 0, "[");
    for (int i = 0; i < plan->n_steps; i++) {
        char item[64];
        snprintf(item, sizeof item, "%s[%.6g, %.6g]", i ? ", " : "", plan->steps[i].from_week,
                 plan->steps[i].fte);
        used = append(out, len, used, item);
    }
    used = append(out, len, used, "]");
    if (used >= len && len > 4) strcpy(out + len - 4, "...");
}

static void format_stored(const spsim_reg_entry *e, const char *base, char *out, size_t len)
{
    const void *at = base + e->offset;
    switch (e->type) {
    case SPSIM_REG_NAME:
    case SPSIM_REG_TEXT: snprintf(out, len, "%s", (const char *)at); break;
    case SPSIM_REG_INTEGER:
        if (e->size == sizeof(unsigned long long))
            snprintf(out, len, "%llu", *(const unsigned long long *)at);
        else
            snprintf(out, len, "%d", *(const int *)at);
        break;
    case SPSIM_REG_NUMBER: snprintf(out, len, "%.10g", *(const double *)at); break;
    case SPSIM_REG_BOOL: snprintf(out, len, "%s", *(const bool *)at ? "true" : "false"); break;
    case SPSIM_REG_ENUM: snprintf(out, len, "%s", e->keys[*(const int *)at]); break;
    case SPSIM_REG_SHARES:
    case SPSIM_REG_COUNTS:
    case SPSIM_REG_POPULATION:
    case SPSIM_REG_SERVICE_NUMBERS: format_keyed(e, at, out, len); break;
    case SPSIM_REG_FTE_PLAN: format_plan((const spsim_staff_plan *)base, out, len); break;
    case SPSIM_REG_SHARES_BY_NEED: /* row by row: fill_need_rows */
    case SPSIM_REG_SERVICE_TABLE:  /* service by service: fill_service_rows */
    case SPSIM_REG_NAME_LIST:      /* names from indices: fill_localities */
    case SPSIM_REG_SERVICE_PERT:
    case SPSIM_REG_DATE:
    case SPSIM_REG_NAMED_MAP:
    case SPSIM_REG_MAPPING:
    case SPSIM_REG_INCLUDE:
    case SPSIM_REG_CORRELATIONS: out[0] = '\0'; break;
    }
}

static int streams_taking(const spsim_reg_entry *e, const spsim_arm_params *arm)
{
    int n = 0;
    for (int l = 0; l < arm->n_localities; l++)
        for (int f = 0; f < arm->localities[l].n_funding; f++)
            n += spsim_registry_kind_takes(e, arm->localities[l].funding[f].kind);
    return n;
}

static bool is_locality_key(const spsim_reg_entry *e)
{
    return strncmp(e->path, "localities.NAME.", 16) == 0;
}

static int entries_for(const spsim_reg_entry *e, const spsim_arm_params *arm,
                       const spsim_delivery_plan *plan)
{
    switch (e->target) {
    case SPSIM_TARGET_SCENARIO: return 1;
    case SPSIM_TARGET_DELIVERY_MODEL: return plan->n_models;
    case SPSIM_TARGET_DELIVERY_CHOICE: return is_locality_key(e) ? arm->n_localities : 1;
    case SPSIM_TARGET_ARM:
        if (e->type == SPSIM_REG_SERVICE_TABLE || e->type == SPSIM_REG_SERVICE_PERT)
            return SPSIM_N_SERVICES;
        return e->type == SPSIM_REG_SHARES_BY_NEED ? SPSIM_N_NEEDS : 1;
    case SPSIM_TARGET_LOCALITY:
    case SPSIM_TARGET_LINK_WORKERS:
    case SPSIM_TARGET_BUILDERS: return arm->n_localities;
    case SPSIM_TARGET_FUNDING: return streams_taking(e, arm);
    case SPSIM_TARGET_NONE: break;
    }
    return 0;
}

static void set_value(spsim_resolved_value *v, const spsim_reg_entry *e, const char *key)
{
    snprintf(v->key, sizeof v->key, "%s", key);
    v->unit = e->unit;
    v->source = e->source;
}

static void fill_need_rows(const spsim_reg_entry *e, const spsim_arm_params *arm,
                           spsim_resolved_value *v)
{
    const double(*rows)[SPSIM_N_ACTIVITIES] =
        (const double(*)[SPSIM_N_ACTIVITIES])((const char *)arm + e->offset);
    for (int n = 0; n < SPSIM_N_NEEDS; n++, v++) {
        char key[sizeof v->key];
        snprintf(key, sizeof key, "%s.%s", e->path, spsim_need_key[n]);
        set_value(v, e, key);
        format_keyed(e, rows[n], v->value, sizeof v->value);
    }
}

/* A table's row or a PERT per service: "outcomes.causal_effect.gp" = "{min: 0, mode: 0.15,
 * max: 0.4}". */
static void fill_service_rows(const spsim_reg_entry *e, const spsim_arm_params *arm,
                              spsim_resolved_value *v)
{
    const char *at = (const char *)arm + e->offset;
    for (int sv = 0; sv < SPSIM_N_SERVICES; sv++, v++) {
        char key[sizeof v->key];
        snprintf(key, sizeof key, "%s.%s", e->path, spsim_service_key[sv]);
        set_value(v, e, key);
        if (e->type == SPSIM_REG_SERVICE_TABLE) {
            format_keyed(e, (const double *)at + sv * e->n_keys, v->value, sizeof v->value);
            continue;
        }
        const spsim_pert *p = (const spsim_pert *)at + sv;
        const double parts[3] = {p->min, p->mode, p->max};
        format_numbers(spsim_pert_key, 3, parts, v->value, sizeof v->value);
    }
}

/* Stream dates are shown as the dates the engine's weeks stand for. */
static void format_stream_date(const spsim_scenario *s, double week, char *out, size_t len)
{
    spsim_date start = {s->start_year, s->start_month, s->start_day};
    spsim_date d = spsim_date_from_days(spsim_date_days(start) + lround(week * 7.0));
    snprintf(out, len, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static void fill_streams(const spsim_scenario *s, const spsim_arm_params *arm,
                         const spsim_reg_entry *e, spsim_resolved_value *v)
{
    for (int l = 0; l < arm->n_localities; l++) {
        const spsim_locality *loc = &arm->localities[l];
        for (int f = 0; f < loc->n_funding; f++) {
            const spsim_funding_stream *stream = &loc->funding[f];
            if (!spsim_registry_kind_takes(e, stream->kind)) continue;
            char key[sizeof v->key];
            snprintf(key, sizeof key, "localities.%s.funding.%s.%s", loc->name, stream->name,
                     spsim_registry_stream_leaf(e));
            set_value(v, e, key);
            const char *base = (const char *)stream;
            if (e->type == SPSIM_REG_DATE)
                format_stream_date(s, *(const double *)(base + e->offset), v->value,
                                   sizeof v->value);
            else
                format_stored(e, base, v->value, sizeof v->value);
            v++;
        }
    }
}

static const char computed_fit_source[] =
    "computed from the locality's delivery model: clamp(fit.base + fit.per_deprivation x "
    "(deprivation - 0.2) + fit.per_vcse_assets x (VCSE assets - 1), 0, 1.5)";
static const char contracts_source[] =
    "computed: blanket 1; quilt one per locality with link workers, builders or funding "
    "streams; do_nothing 0";

/* Each delivery model's keys: "delivery_models.hub.fit.base". */
static void fill_models(const spsim_reg_entry *e, const spsim_delivery_plan *plan,
                        spsim_resolved_value *v)
{
    static const char prefix[] = "delivery_models.NAME.";
    for (int m = 0; m < plan->n_models; m++, v++) {
        char key[sizeof v->key];
        snprintf(key, sizeof key, "delivery_models.%s.%s", plan->models[m].name,
                 e->path + sizeof prefix - 1);
        set_value(v, e, key);
        format_stored(e, (const char *)&plan->models[m], v->value, sizeof v->value);
    }
}

static const char *model_name(const spsim_delivery_plan *plan, int model)
{
    return model >= 0 ? plan->models[model].name : ""; /* "": no delivery model */
}

/* "[north, south]" */
static void format_neighbours(const spsim_arm_params *arm, const spsim_locality *loc, char *out,
                              size_t len)
{
    size_t used = append(out, len, 0, "[");
    for (int i = 0; i < loc->n_neighbours; i++) {
        used = append(out, len, used, i ? ", " : "");
        used = append(out, len, used, arm->localities[loc->neighbours[i]].name);
    }
    used = append(out, len, used, "]");
    if (used >= len && len > 4) strcpy(out + len - 4, "...");
}

/* One row per locality: locality keys, link_workers and builders keys, delivery models chosen. */
static void fill_localities(const spsim_arm_params *arm, const spsim_delivery_plan *plan,
                            const spsim_reg_entry *e, spsim_resolved_value *v)
{
    for (int l = 0; l < arm->n_localities; l++, v++) {
        const spsim_locality *loc = &arm->localities[l];
        char key[sizeof v->key];
        bool lw = e->target == SPSIM_TARGET_LINK_WORKERS;
        bool staff = lw || e->target == SPSIM_TARGET_BUILDERS;
        const char *leaf = staff ? e->path : strrchr(e->path, '.') + 1;
        snprintf(key, sizeof key, "localities.%s.%s", loc->name, leaf);
        set_value(v, e, key);
        const char *base = lw      ? (const char *)&loc->link_workers
                           : staff ? (const char *)&loc->builders
                                   : (const char *)loc;
        if (e->target == SPSIM_TARGET_DELIVERY_CHOICE)
            snprintf(v->value, sizeof v->value, "%s", model_name(plan, plan->locality_model[l]));
        else if (e->type == SPSIM_REG_NAME_LIST)
            format_neighbours(arm, loc, v->value, sizeof v->value);
        else
            format_stored(e, base, v->value, sizeof v->value);
        if (strcmp(e->path, "localities.NAME.fit") == 0 && plan->locality_model[l] >= 0)
            v->source = computed_fit_source;
    }
}

static void fill_entry(const spsim_scenario *s, const spsim_arm_params *arm,
                       const spsim_delivery_plan *plan, const spsim_reg_entry *e,
                       spsim_resolved_value *v)
{
    if (e->target == SPSIM_TARGET_NONE)
        return; /* structure (localities, arms): its contents are listed key by key */
    if (e->target == SPSIM_TARGET_SCENARIO) {
        set_value(v, e, e->path);
        if (e->type == SPSIM_REG_DATE)
            snprintf(v->value, sizeof v->value, "%04d-%02d-%02d", s->start_year, s->start_month,
                     s->start_day);
        else if (e->size == 0) /* common_random_numbers, stored negated */
            snprintf(v->value, sizeof v->value, "%s",
                     s->independent_arm_streams ? "false" : "true");
        else
            format_stored(e, (const char *)s, v->value, sizeof v->value);
        return;
    }
    if (e->target == SPSIM_TARGET_DELIVERY_MODEL) {
        fill_models(e, plan, v);
        return;
    }
    if (e->target == SPSIM_TARGET_DELIVERY_CHOICE && !is_locality_key(e)) {
        set_value(v, e, e->path);
        snprintf(v->value, sizeof v->value, "%s", model_name(plan, plan->arm_model));
        return;
    }
    if (e->target == SPSIM_TARGET_ARM && e->type == SPSIM_REG_SHARES_BY_NEED) {
        fill_need_rows(e, arm, v);
        return;
    }
    if (e->type == SPSIM_REG_SERVICE_TABLE || e->type == SPSIM_REG_SERVICE_PERT) {
        fill_service_rows(e, arm, v);
        return;
    }
    if (e->target == SPSIM_TARGET_FUNDING) {
        fill_streams(s, arm, e, v);
        return;
    }
    if (e->target == SPSIM_TARGET_ARM) {
        char key[sizeof v->key];
        if (strncmp(e->path, "arms.NAME.", 10) == 0)
            snprintf(key, sizeof key, "arms.%s.%s", arm->name, e->path + 10);
        else
            snprintf(key, sizeof key, "%s", e->path);
        set_value(v, e, key);
        format_stored(e, (const char *)arm, v->value, sizeof v->value);
        return;
    }
    fill_localities(arm, plan, e, v);
}

/* commissioning.contracts: not a key, but what the commissioning model makes of the arm. */
static void fill_contracts(const spsim_arm_params *arm, spsim_resolved_value *v)
{
    snprintf(v->key, sizeof v->key, "commissioning.contracts");
    snprintf(v->value, sizeof v->value, "%d", arm->commissioning.contracts);
    v->unit = "contracts";
    v->source = contracts_source;
}

int spsim_resolved_list(spsim_scenario *s, int a, const spsim_delivery_plan *plan)
{
    const spsim_arm_params *arm = &s->arms[a];
    int n = 1; /* commissioning.contracts */
    for (int i = 0; i < spsim_registry_count(); i++)
        n += entries_for(spsim_registry_at(i), arm, plan);
    spsim_resolved_value *values = calloc((size_t)n, sizeof *values);
    if (!values) return -1;
    int at = 0;
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        fill_entry(s, arm, plan, e, &values[at]);
        at += entries_for(e, arm, plan);
        if (strcmp(e->path, "commissioning.model") == 0) fill_contracts(arm, &values[at++]);
    }
    free(s->resolved[a]);
    s->resolved[a] = values;
    s->n_resolved[a] = n;
    return 0;
}
