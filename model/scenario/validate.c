/* Walks the scenario tree level by level; what each level may hold comes from the registry. */
#include "validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diagnostics.h"
#include "registry.h"
#include "validate_commissioning.h"
#include "validate_merged.h"
#include "values.h"

enum { MAX_CHILDREN = 64, PATH_MAX_LEN = 256 };

typedef struct {
    spsim_diagnostics *d;
    const spsim_ynode *base_localities;   /* the scenario's own `localities` mapping */
} checker;

/* One mapping level of the file and the registry keys it may hold. */
typedef struct {
    const char *reg_prefix;       /* "" (top or arm), "referral", "localities.NAME", ... */
    bool in_arm;                  /* overrides only: nothing required, some keys refused */
    bool per_locality_only;       /* a locality's link_workers or builders: reg_prefix is the
                                     section, "link_workers" or "builders" */
    bool stream;                  /* a funding stream: what it requires depends on its kind and
                                     is checked once the arm is merged (validate_merged.c) */
    const char *arm;              /* the arm's name, inside an arm */
    const spsim_ynode *owner;     /* the key that holds this mapping (NULL at the top) */
} level;

/* A value that looks like a slip of units: warned about, never refused. */
typedef struct {
    const char *path;
    double above, below;          /* warn when above < value < below */
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

static void check_mapping(checker *ck, const spsim_ynode *node, const char *shown, level lv);

/* snprintf for paths and message parts: a very long key is cut short, which is harmless. */
__attribute__((format(printf, 3, 4)))
static void text_printf(char *out, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, len, fmt, ap);
    va_end(ap);
}

/* ---- names of things, for messages ---- */

static void join_path(char *out, const char *a, const char *b)
{
    text_printf(out, PATH_MAX_LEN, "%s%s%s", a, a[0] ? "." : "", b);
}

static void where_text(const char *shown, char *buf, size_t len)
{
    if (shown[0])
        text_printf(buf, len, "in '%s'", shown);
    else
        snprintf(buf, len, "at the top level");
}

static const char *type_noun(spsim_reg_type type)
{
    static const char *const nouns[] = {
        [SPSIM_REG_NAME] = "a name", [SPSIM_REG_TEXT] = "text",
        [SPSIM_REG_INTEGER] = "an integer", [SPSIM_REG_NUMBER] = "a number",
        [SPSIM_REG_BOOL] = "true or false", [SPSIM_REG_DATE] = "a date",
        [SPSIM_REG_ENUM] = "an allowed choice", [SPSIM_REG_SHARES] = "a mapping",
        [SPSIM_REG_SHARES_BY_NEED] = "a mapping", [SPSIM_REG_COUNTS] = "a mapping",
        [SPSIM_REG_POPULATION] = "a mapping", [SPSIM_REG_FTE_PLAN] = "an fte plan",
        [SPSIM_REG_NAMED_MAP] = "a mapping", [SPSIM_REG_MAPPING] = "a mapping",
        [SPSIM_REG_NAME_LIST] = "a list",
        [SPSIM_REG_SERVICE_NUMBERS] = "a mapping", [SPSIM_REG_SERVICE_TABLE] = "a mapping",
        [SPSIM_REG_SERVICE_PERT] = "a mapping",
    };
    return nouns[type];
}

static void wrong_type(checker *ck, const spsim_ynode *node, const char *shown, const char *noun,
                       const char *allowed)
{
    char got[96];
    spsim_value_describe(node, got, sizeof got);
    spsim_diag_error(ck->d, node->line, node->column, "wrong type for '%s': %s is not %s "
                     "(allowed: %s)", shown, got, noun, allowed);
}

static void wrong_entry_type(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                             const char *shown)
{
    char allowed[384];
    spsim_registry_allowed_text(e, allowed, sizeof allowed);
    wrong_type(ck, node, shown, type_noun(e->type), allowed);
}

static void out_of_range(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                         const char *shown)
{
    char allowed[384];
    spsim_registry_allowed_text(e, allowed, sizeof allowed);
    spsim_diag_error(ck->d, node->line, node->column, "'%s' is %s, out of range (allowed: %s)",
                     shown, node->text, allowed);
}

/* ---- what a level may hold ---- */

/* Adds the first `len` characters of `name` unless already listed. */
static void add_name(const char **names, size_t *lens, int *n, const char *name, size_t len)
{
    for (int i = 0; i < *n; i++)
        if (lens[i] == len && strncmp(names[i], name, len) == 0)
            return;
    if (*n == MAX_CHILDREN)
        return;
    names[*n] = name;
    lens[(*n)++] = len;
}

/* The keys allowed at this level, in registry order. Names point into the registry's paths
 * and are only `lens[i]` long (the rest of the path follows). */
static int child_names(level lv, const char **names, size_t *lens)
{
    int n = 0;
    size_t plen = strlen(lv.reg_prefix);
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        const char *rest = e->path;
        if (lv.per_locality_only && !e->per_locality)
            continue;
        if (lv.in_arm && !e->per_arm)
            continue;
        if (lv.in_arm && plen == 0 && strncmp(rest, "arms.NAME.", 10) == 0)
            rest += 10;   /* an arm's own keys (its description) */
        else if (plen && (strncmp(rest, lv.reg_prefix, plen) != 0 || rest[plen] != '.'))
            continue;
        else if (plen)
            rest += plen + 1;
        else if (strncmp(rest, "arms.", 5) == 0)
            continue;     /* "arms" itself is listed; its inner keys belong to arms */
        add_name(names, lens, &n, rest, strcspn(rest, "."));
    }
    return n;
}

static void join_names(const char *const *names, const size_t *lens, int n, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%.*s", i ? ", " : "", (int)lens[i],
                                 names[i]);
}

static size_t common_prefix(const char *a, const char *b, size_t blen)
{
    size_t i = 0;
    while (i < blen && a[i] && a[i] == b[i])
        i++;
    return i;
}

/* The closest allowed key within edit distance 2, else the one sharing the longest prefix of
 * at least 5 characters; -1 when none is close. */
static int suggestion(const char *key, const char *const *names, const size_t *lens, int n)
{
    int best = -1, best_dist = 3;
    size_t best_prefix = 4;
    for (int i = 0; i < n; i++) {
        char name[PATH_MAX_LEN];
        text_printf(name, sizeof name, "%.*s", (int)lens[i], names[i]);
        int dist = spsim_edit_distance(key, name);
        if (dist < best_dist && dist < (int)strlen(key)) {
            best = i;
            best_dist = dist;
        }
    }
    if (best >= 0)
        return best;
    for (int i = 0; i < n; i++) {
        size_t p = common_prefix(key, names[i], lens[i]);
        if (p > best_prefix) {
            best = i;
            best_prefix = p;
        }
    }
    return best;
}

static void unknown_key(checker *ck, const spsim_ynode *key, const char *shown,
                        const char *const *names, const size_t *lens, int n)
{
    char where[PATH_MAX_LEN + 16], allowed[400];
    where_text(shown, where, sizeof where);
    int s = suggestion(key->text, names, lens, n);
    if (s >= 0) {
        spsim_diag_error(ck->d, key->line, key->column, "unknown key '%s' %s; did you mean "
                         "'%.*s'?", key->text, where, (int)lens[s], names[s]);
        return;
    }
    join_names(names, lens, n, allowed, sizeof allowed);
    spsim_diag_error(ck->d, key->line, key->column, "unknown key '%s' %s (allowed: %s)", key->text,
                     where, allowed);
}

/* Reports a key seen earlier in the same mapping; returns true when `i` repeats one. */
static bool duplicate_key(checker *ck, const spsim_ynode *map, int i, const char *shown)
{
    const spsim_ynode *key = map->pairs[i].key;
    for (int j = 0; j < i; j++) {
        if (strcmp(map->pairs[j].key->text, key->text) != 0)
            continue;
        char where[PATH_MAX_LEN + 16];
        where_text(shown, where, sizeof where);
        spsim_diag_error(ck->d, key->line, key->column, "duplicate key '%s' %s, first given at "
                         "line %d (allowed: each key once)", key->text, where,
                         map->pairs[j].key->line);
        return true;
    }
    return false;
}

/* ---- leaves ---- */

static void check_unit_slip(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                            const char *shown, double v)
{
    for (size_t i = 0; i < sizeof unit_slips / sizeof unit_slips[0]; i++) {
        const unit_slip *u = &unit_slips[i];
        if (strcmp(u->path, e->path) == 0 && v > u->above && v < u->below)
            spsim_diag_warning(ck->d, node->line, node->column, "'%s' is %s %s, which looks like "
                               "%s (expected: %s)", shown, node->text, e->unit, u->looks_like,
                               u->expected);
    }
}

/* "a number 0..1, share": the allowed text of one number of an entry (also inside mappings). */
static void number_allowed(const spsim_reg_entry *e, char *buf, size_t len)
{
    bool has_unit = strcmp(e->unit, "-") != 0;
    snprintf(buf, len, "a number %.15g..%.15g%s%s", e->min, e->max, has_unit ? ", " : "",
             has_unit ? e->unit : "");
}

/* A number in [min, max]; returns false (after reporting) when it is not. */
static bool check_number(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                         const char *shown, double *out)
{
    char allowed[256];
    number_allowed(e, allowed, sizeof allowed);
    double v;
    if (!spsim_value_number(node, &v)) {
        wrong_type(ck, node, shown, "a number", allowed);
        return false;
    }
    if (v < e->min || v > e->max) {
        spsim_diag_error(ck->d, node->line, node->column, "'%s' is %s, out of range (allowed: "
                         "%s)", shown, node->text, allowed);
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
        wrong_entry_type(ck, e, node, shown);
    else if (overflow || v < e->imin || v > e->imax)
        out_of_range(ck, e, node, shown);
}

static bool check_date(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                       const char *shown, spsim_date *out)
{
    if (!spsim_value_date(node, out)) {
        wrong_entry_type(ck, e, node, shown);
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
        wrong_entry_type(ck, e, node, shown);
    } else if (e->type == SPSIM_REG_NAME && !spsim_value_is_name(node->text)) {
        char got[96];
        spsim_value_describe(node, got, sizeof got);
        spsim_diag_error(ck->d, node->line, node->column, "'%s' is %s, not a valid name "
                         "(allowed: %s)", shown, got, allowed);
    } else if (e->type == SPSIM_REG_TEXT && strlen(node->text) >= SPSIM_TEXT_MAX) {
        spsim_diag_error(ck->d, node->line, node->column, "'%s' is %zu characters long "
                         "(allowed: %s)", shown, strlen(node->text), allowed);
    }
}

static void check_enum(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                       const char *shown)
{
    if (node->kind == SPSIM_YNODE_SCALAR)
        for (int i = 0; i < e->n_keys; i++)
            if (strcmp(node->text, e->keys[i]) == 0)
                return;
    wrong_entry_type(ck, e, node, shown);
}

/* SHARES, COUNTS, POPULATION, SERVICE_NUMBERS and each row of SHARES_BY_NEED, SERVICE_TABLE and
 * SERVICE_PERT: a mapping of the entry's keys to numbers. `required` is NULL when keys may be
 * left out, else every key is required and it is the reason, added to the message ("" for
 * none). Returns true when every number is given and valid. */
static bool check_keyed_numbers(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                                const spsim_ynode *node, const char *shown, const char *required)
{
    if (node->kind != SPSIM_YNODE_MAPPING) {
        wrong_entry_type(ck, e, node, shown);
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
    for (int i = 0; i < node->n; i++) {
        const spsim_ypair *p = &node->pairs[i];
        if (duplicate_key(ck, node, i, shown))
            continue;
        int k = 0;
        while (k < e->n_keys && strcmp(e->keys[k], p->key->text) != 0)
            k++;
        if (k == e->n_keys) {
            unknown_key(ck, p->key, shown, names, lens, e->n_keys);
            all_valid = false;
            continue;
        }
        seen[k] = true;
        char path[PATH_MAX_LEN];
        join_path(path, shown, p->key->text);
        double v;
        if (check_number(ck, e, p->value, path, &v))
            sum += v;
        else
            all_valid = false;
    }
    if (!all_valid)
        return false;   /* a sum over wrong values would only repeat the problem */
    bool shares = e->type == SPSIM_REG_SHARES || e->type == SPSIM_REG_SHARES_BY_NEED;
    if (shares && fabs(sum - 1.0) > 1e-6)
        spsim_diag_error(ck->d, key->line, key->column, "'%s' sum to %.6g (allowed: shares "
                         "summing to 1, within 1e-6)", shown, sum);
    if (!required)
        return true;
    char allowed[256];
    number_allowed(e, allowed, sizeof allowed);
    for (int k = 0; k < e->n_keys; k++)
        if (!seen[k]) {
            spsim_diag_error(ck->d, key->line, key->column, "missing required key '%s' in '%s' "
                             "(allowed: %s%s%s)", e->keys[k], shown, allowed,
                             required[0] ? "; " : "", required);
            all_valid = false;
        }
    if (e->type == SPSIM_REG_POPULATION && sum <= 0 && node->n > 0)
        spsim_diag_error(ck->d, key->line, key->column, "'%s' sums to 0 persons (allowed: at "
                         "least one resident)", shown);
    return all_valid;
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
        spsim_diag_error(ck->d, part[1]->line, part[1]->column, "'%s' has mode %s below min %s "
                         "(allowed: %s)", shown, part[1]->text, part[0]->text, allowed);
    else if (v[1] > v[2])
        spsim_diag_error(ck->d, part[1]->line, part[1]->column, "'%s' has mode %s above max %s "
                         "(allowed: %s)", shown, part[1]->text, part[2]->text, allowed);
    else if (v[0] == v[2])
        spsim_diag_error(ck->d, part[2]->line, part[2]->column, "'%s' has min and max both %s "
                         "(allowed: %s)", shown, part[2]->text, allowed);
}

/* Why every entry of a mapping by service is required, for messages: "when 'outcomes.dispersion'
 * is given, every service is required". */
static void service_note(const spsim_reg_entry *e, const char *shown, char *buf, size_t len)
{
    char inner[64] = "";
    if (e->type == SPSIM_REG_SERVICE_TABLE)
        text_printf(inner, sizeof inner, " and %s", spsim_registry_column_noun(e));
    bool pert = e->type == SPSIM_REG_SERVICE_PERT;
    text_printf(buf, len, "when '%s' is given, every service%s %s required", shown,
                pert ? " and its min, mode and max" : inner, pert ? "are" : "is");
}

/* SERVICE_TABLE and SERVICE_PERT: every service mapped to a mapping of numbers, the table's
 * columns or a PERT's min, mode and max, each of them required. */
static void check_service_rows(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                               const spsim_ynode *node, const char *shown)
{
    if (node->kind != SPSIM_YNODE_MAPPING) {
        wrong_entry_type(ck, e, node, shown);
        return;
    }
    bool pert = e->type == SPSIM_REG_SERVICE_PERT;
    spsim_reg_entry row = *e;   /* the numbers of one service */
    row.type = SPSIM_REG_COUNTS;
    row.keys = pert ? spsim_pert_key : e->keys;
    row.n_keys = pert ? 3 : e->n_keys;
    char note[PATH_MAX_LEN + 96], numbers[128], keys[256] = "", allowed[384];
    service_note(e, shown, note, sizeof note);
    number_allowed(e, numbers, sizeof numbers);
    for (int k = 0; k < row.n_keys; k++)
        text_printf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", k ? ", " : "",
                    row.keys[k]);
    if (pert)
        text_printf(allowed, sizeof allowed, "{min, mode, max}, each %s", numbers);
    else
        text_printf(allowed, sizeof allowed, "a mapping of every one of %s to %s", keys, numbers);
    size_t lens[SPSIM_N_SERVICES];
    bool seen[SPSIM_N_SERVICES] = {false};
    for (int k = 0; k < SPSIM_N_SERVICES; k++)
        lens[k] = strlen(spsim_service_key[k]);
    for (int i = 0; i < node->n; i++) {
        const spsim_ypair *p = &node->pairs[i];
        if (duplicate_key(ck, node, i, shown))
            continue;
        int k = 0;
        while (k < SPSIM_N_SERVICES && strcmp(spsim_service_key[k], p->key->text) != 0)
            k++;
        if (k == SPSIM_N_SERVICES) {
            unknown_key(ck, p->key, shown, spsim_service_key, lens, SPSIM_N_SERVICES);
            continue;
        }
        seen[k] = true;
        char path[PATH_MAX_LEN];
        join_path(path, shown, p->key->text);
        if (p->value->kind != SPSIM_YNODE_MAPPING)
            wrong_type(ck, p->value, path, "a mapping", allowed);
        else if (check_keyed_numbers(ck, &row, p->key, p->value, path, note) && pert)
            check_pert_order(ck, p->value, path);
    }
    for (int k = 0; k < SPSIM_N_SERVICES; k++)
        if (!seen[k])
            spsim_diag_error(ck->d, key->line, key->column, "missing required key '%s' in '%s' "
                             "(allowed: %s; %s)", spsim_service_key[k], shown, allowed, note);
}

/* SHARES_BY_NEED: needs mapped to rows, each row a SHARES mapping of the entry's keys. */
static void check_shares_by_need(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                                 const char *shown)
{
    if (node->kind != SPSIM_YNODE_MAPPING) {
        wrong_entry_type(ck, e, node, shown);
        return;
    }
    size_t lens[SPSIM_N_NEEDS];
    for (int k = 0; k < SPSIM_N_NEEDS; k++)
        lens[k] = strlen(spsim_need_key[k]);
    for (int i = 0; i < node->n; i++) {
        const spsim_ypair *p = &node->pairs[i];
        if (duplicate_key(ck, node, i, shown))
            continue;
        int k = 0;
        while (k < SPSIM_N_NEEDS && strcmp(spsim_need_key[k], p->key->text) != 0)
            k++;
        if (k == SPSIM_N_NEEDS) {
            unknown_key(ck, p->key, shown, spsim_need_key, lens, SPSIM_N_NEEDS);
            continue;
        }
        char path[PATH_MAX_LEN];
        join_path(path, shown, p->key->text);
        if (p->value->kind == SPSIM_YNODE_MAPPING) {
            check_keyed_numbers(ck, e, p->key, p->value, path, NULL);
            continue;
        }
        static const spsim_reg_entry row = {
            .path = "", .type = SPSIM_REG_SHARES, .unit = "share", .min = 0, .max = 1,
            .keys = spsim_activity_key, .n_keys = SPSIM_N_ACTIVITIES};
        wrong_entry_type(ck, &row, p->value, path);
    }
}

/* One {from: DATE, fte: NUMBER} step; returns false when its date is unusable. */
static bool check_fte_step(checker *ck, const spsim_reg_entry *e, const spsim_ynode *step,
                           const char *shown, spsim_date *from)
{
    static const char *const step_keys[] = {"from", "fte"};
    static const size_t step_lens[] = {4, 3};
    if (step->kind != SPSIM_YNODE_MAPPING) {
        wrong_type(ck, step, shown, "a mapping", "{from: YYYY-MM-DD, fte: NUMBER}");
        return false;
    }
    const spsim_ynode *date = NULL, *fte = NULL;
    for (int i = 0; i < step->n; i++) {
        const spsim_ypair *p = &step->pairs[i];
        if (duplicate_key(ck, step, i, shown))
            continue;
        if (strcmp(p->key->text, "from") == 0)
            date = p->value;
        else if (strcmp(p->key->text, "fte") == 0)
            fte = p->value;
        else
            unknown_key(ck, p->key, shown, step_keys, step_lens, 2);
    }
    for (int k = 0; k < 2; k++)
        if (!(k ? fte : date))
            spsim_diag_error(ck->d, step->line, step->column, "missing required key '%s' in "
                             "'%s' (allowed: %s)", step_keys[k], shown,
                             k ? "a number of FTE" : "a date YYYY-MM-DD");
    double v;
    char fte_path[PATH_MAX_LEN + 16], from_path[PATH_MAX_LEN + 16];
    text_printf(fte_path, sizeof fte_path, "%s fte", shown);
    text_printf(from_path, sizeof from_path, "%s from", shown);
    if (fte)
        check_number(ck, e, fte, fte_path, &v);
    static const spsim_reg_entry date_entry = {.path = "from", .type = SPSIM_REG_DATE,
                                                 .unit = "-"};
    return date && check_date(ck, &date_entry, date, from_path, from);
}

static void check_fte_plan(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                           const char *shown)
{
    double v;
    if (node->kind == SPSIM_YNODE_SCALAR) {
        if (!spsim_value_number(node, &v))
            wrong_entry_type(ck, e, node, shown);
        else
            check_number(ck, e, node, shown, &v);
        return;
    }
    if (node->kind != SPSIM_YNODE_SEQUENCE) {
        wrong_entry_type(ck, e, node, shown);
        return;
    }
    if (node->n < e->imin || node->n > e->imax) {
        spsim_diag_error(ck->d, node->line, node->column, "'%s' has %d steps (allowed: "
                         "%lld..%lld steps)", shown, node->n, e->imin, e->imax);
        return;
    }
    spsim_date previous = {0, 0, 0};
    bool have_previous = false;
    for (int i = 0; i < node->n; i++) {
        char step[PATH_MAX_LEN + 16];
        text_printf(step, sizeof step, "%s step %d", shown, i + 1);
        spsim_date from;
        if (!check_fte_step(ck, e, node->items[i], step, &from)) {
            have_previous = false;
            continue;
        }
        if (have_previous && spsim_date_days(from) <= spsim_date_days(previous)) {
            const spsim_ynode *d = spsim_ynode_get(node->items[i], "from");
            spsim_diag_error(ck->d, d->line, d->column, "'%s' date %s is not after the "
                             "step before, %04d-%02d-%02d (allowed: strictly increasing dates)",
                             step, d->text, previous.year, previous.month, previous.day);
        }
        previous = from;
        have_previous = true;
    }
}

/* A list of locality names, each a valid name and none twice. Whether they are localities of
 * the scenario, and not the one listing them, is checked with the commissioning rules. */
static void check_name_list(checker *ck, const spsim_reg_entry *e, const spsim_ynode *node,
                            const char *shown)
{
    if (node->kind != SPSIM_YNODE_SEQUENCE) {
        wrong_entry_type(ck, e, node, shown);
        return;
    }
    for (int i = 0; i < node->n; i++) {
        const spsim_ynode *item = node->items[i];
        char item_path[PATH_MAX_LEN + 16];
        text_printf(item_path, sizeof item_path, "%s item %d", shown, i + 1);
        if (item->kind != SPSIM_YNODE_SCALAR || !spsim_value_is_name(item->text)) {
            wrong_type(ck, item, item_path, "a locality name",
                       "1..63 characters of A-Z a-z 0-9 _ -");
            continue;
        }
        for (int j = 0; j < i; j++) {
            if (node->items[j]->kind != SPSIM_YNODE_SCALAR ||
                strcmp(node->items[j]->text, item->text) != 0)
                continue;
            spsim_diag_error(ck->d, item->line, item->column, "'%s' lists '%s' twice (allowed: "
                             "each locality once)", shown, item->text);
            break;
        }
    }
}

static void check_leaf(checker *ck, const spsim_reg_entry *e, const spsim_ynode *key,
                       const spsim_ynode *node, const char *shown)
{
    double v;
    spsim_date date;
    bool flag;
    char note[PATH_MAX_LEN + 96];
    switch (e->type) {
    case SPSIM_REG_NAME:
    case SPSIM_REG_TEXT:
        check_text(ck, e, node, shown);
        break;
    case SPSIM_REG_INTEGER:
        check_integer(ck, e, node, shown);
        break;
    case SPSIM_REG_NUMBER:
        if (check_number(ck, e, node, shown, &v))
            check_unit_slip(ck, e, node, shown, v);
        break;
    case SPSIM_REG_BOOL:
        if (!spsim_value_bool(node, &flag))
            wrong_entry_type(ck, e, node, shown);
        break;
    case SPSIM_REG_DATE:
        check_date(ck, e, node, shown, &date);
        break;
    case SPSIM_REG_ENUM:
        check_enum(ck, e, node, shown);
        break;
    case SPSIM_REG_SHARES:
    case SPSIM_REG_COUNTS:
        check_keyed_numbers(ck, e, key, node, shown, NULL);
        break;
    case SPSIM_REG_POPULATION:
        check_keyed_numbers(ck, e, key, node, shown, "");
        break;
    case SPSIM_REG_SERVICE_NUMBERS:
        service_note(e, shown, note, sizeof note);
        check_keyed_numbers(ck, e, key, node, shown, note);
        break;
    case SPSIM_REG_SERVICE_TABLE:
    case SPSIM_REG_SERVICE_PERT:
        check_service_rows(ck, e, key, node, shown);
        break;
    case SPSIM_REG_SHARES_BY_NEED:
        check_shares_by_need(ck, e, node, shown);
        break;
    case SPSIM_REG_FTE_PLAN:
        check_fte_plan(ck, e, node, shown);
        break;
    case SPSIM_REG_NAME_LIST:
        check_name_list(ck, e, node, shown);
        break;
    case SPSIM_REG_NAMED_MAP:
    case SPSIM_REG_MAPPING:
        break;   /* checked as levels */
    }
}

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
    spsim_diag_error(ck->d, key->line, key->column, "arm '%s' overrides locality '%s', which is "
                     "not in 'localities' (allowed: %s)", arm, key->text, names);
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
    text_printf(inner_prefix, sizeof inner_prefix, "%s.NAME", e->path);
    if (!spsim_ynode_is_null(node) && node->kind != SPSIM_YNODE_MAPPING) {
        wrong_entry_type(ck, e, node, shown);
        return;
    }
    int n = node->kind == SPSIM_YNODE_MAPPING ? node->n : 0;
    if (!lv.in_arm && (n < e->imin || n > e->imax))
        spsim_diag_error(ck->d, key->line, key->column, "'%s' has %d entries (allowed: "
                         "%lld..%lld %s)", shown, n, e->imin, e->imax,
                         spsim_registry_named_plural(e));
    for (int i = 0; i < n; i++) {
        const spsim_ynode *name = node->pairs[i].key;
        char path[PATH_MAX_LEN];
        join_path(path, shown, name->text);
        if (duplicate_key(ck, node, i, shown))
            continue;
        if (!spsim_value_is_name(name->text)) {
            spsim_diag_error(ck->d, name->line, name->column, "%s name '%s' is not a valid name "
                             "(allowed: 1..63 characters of A-Z a-z 0-9 _ -)", noun, name->text);
            continue;
        }
        if (lv.in_arm && is_localities && !base_has_locality(ck, name->text)) {
            missing_locality(ck, name, lv.arm);
            continue;
        }
        /* an arm may add funding streams, so their names need not be in the base */
        level inner = {.reg_prefix = is_arms ? "" : inner_prefix, .in_arm = lv.in_arm || is_arms,
                       .stream = is_funding,
                       .arm = is_arms ? name->text : lv.arm, .owner = name};
        check_mapping(ck, node->pairs[i].value, path, inner);
    }
}

static void refused_in_arm(checker *ck, const spsim_ynode *key, level lv)
{
    const char *names[MAX_CHILDREN];
    size_t lens[MAX_CHILDREN];
    char allowed[400];
    join_names(names, lens, child_names(lv, names, lens), allowed, sizeof allowed);
    spsim_diag_error(ck->d, key->line, key->column, "'%s' cannot be set per arm (allowed in an "
                     "arm: %s)", key->text, allowed);
}

static void refused_per_locality(checker *ck, const spsim_ynode *key, const char *shown, level lv)
{
    const char *names[MAX_CHILDREN];
    size_t lens[MAX_CHILDREN];
    char allowed[400];
    join_names(names, lens, child_names(lv, names, lens), allowed, sizeof allowed);
    spsim_diag_error(ck->d, key->line, key->column, "'%s' cannot be set per locality in '%s' "
                     "(allowed: %s)", key->text, shown, allowed);
}

/* The registry entry a key names at this level, or NULL. */
static const spsim_reg_entry *entry_for(level lv, const char *key, char *reg_path)
{
    if (lv.in_arm && lv.reg_prefix[0] == '\0') {
        snprintf(reg_path, PATH_MAX_LEN, "arms.NAME.%s", key);
        const spsim_reg_entry *own = spsim_registry_find(reg_path);
        if (own)
            return own;
    }
    join_path(reg_path, lv.reg_prefix, key);
    return spsim_registry_find(reg_path);
}

static void check_pair(checker *ck, const spsim_ypair *p, const char *shown, level lv)
{
    char path[PATH_MAX_LEN], reg_path[PATH_MAX_LEN];
    join_path(path, shown, p->key->text);
    const spsim_reg_entry *e = entry_for(lv, p->key->text, reg_path);
    level inner = {.reg_prefix = reg_path, .in_arm = lv.in_arm, .arm = lv.arm, .owner = p->key};
    if (e && lv.per_locality_only && !e->per_locality) {
        refused_per_locality(ck, p->key, shown, lv);
    } else if (e && lv.in_arm && !e->per_arm) {
        refused_in_arm(ck, p->key, lv);
    } else if (e && e->type == SPSIM_REG_NAMED_MAP) {
        check_named_map(ck, e, p->key, p->value, path, lv);
    } else if (e && e->type == SPSIM_REG_MAPPING) {
        inner.reg_prefix = strrchr(e->path, '.') + 1;   /* "link_workers" or "builders" */
        inner.per_locality_only = true;
        check_mapping(ck, p->value, path, inner);
    } else if (e) {
        check_leaf(ck, e, p->key, p->value, path);
    } else if (!lv.per_locality_only && spsim_registry_is_section(reg_path) &&
               strcmp(reg_path, "arms.NAME") != 0) {
        check_mapping(ck, p->value, path, inner);
    } else {
        const char *names[MAX_CHILDREN];
        size_t lens[MAX_CHILDREN];
        unknown_key(ck, p->key, shown, names, lens, child_names(lv, names, lens));
    }
}

static void check_required(checker *ck, const spsim_ynode *node, const char *shown, level lv)
{
    const spsim_ynode *at = lv.owner ? lv.owner : node;
    size_t plen = strlen(lv.reg_prefix);
    char where[PATH_MAX_LEN + 16], allowed[384];
    where_text(shown, where, sizeof where);
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        const char *leaf = e->path + plen + (plen > 0);
        if (e->default_yaml || e->default_note || strncmp(e->path, lv.reg_prefix, plen) != 0 ||
            (plen && e->path[plen] != '.') || strchr(leaf, '.'))
            continue;
        if (spsim_ynode_get(node, leaf))
            continue;
        spsim_registry_allowed_text(e, allowed, sizeof allowed);
        spsim_diag_error(ck->d, at->line, at->column, "missing required key '%s' %s (allowed: "
                         "%s)", leaf, where, allowed);
    }
}

static void check_mapping(checker *ck, const spsim_ynode *node, const char *shown, level lv)
{
    static const spsim_ynode empty = {.kind = SPSIM_YNODE_MAPPING, .text = ""};
    if (spsim_ynode_is_null(node))
        node = &empty;   /* "key:" with nothing after it: an empty mapping */
    if (node->kind != SPSIM_YNODE_MAPPING) {
        const char *names[MAX_CHILDREN];
        size_t lens[MAX_CHILDREN];
        char allowed[400] = "a mapping of ";
        join_names(names, lens, child_names(lv, names, lens), allowed + strlen(allowed),
                   sizeof allowed - strlen(allowed));
        if (shown[0]) {
            wrong_type(ck, node, shown, "a mapping", allowed);
        } else {
            char got[96];
            spsim_value_describe(node, got, sizeof got);
            spsim_diag_error(ck->d, node->line, node->column, "wrong type for the top level: %s "
                             "is not a mapping (allowed: %s)", got, allowed);
        }
        return;
    }
    for (int i = 0; i < node->n; i++)
        if (!duplicate_key(ck, node, i, shown))
            check_pair(ck, &node->pairs[i], shown, lv);
    if (!lv.in_arm && !lv.per_locality_only && !lv.stream)
        check_required(ck, node, shown, lv);
}

int spsim_scenario_validate(const spsim_ynode *root, spsim_diagnostics *diags)
{
    int before = spsim_diagnostics_errors(diags);
    if (!root) {
        spsim_diag_error(diags, 0, 0, "the file holds no scenario (allowed: a YAML mapping with "
                         "at least name, start_date and localities)");
        return 1;
    }
    checker ck = {diags, spsim_ynode_get(root, "localities")};
    level top = {.reg_prefix = ""};
    check_mapping(&ck, root, "", top);
    if (root->kind == SPSIM_YNODE_MAPPING) {
        spsim_validate_merged(root, diags);
        spsim_validate_commissioning(root, diags);
    }
    return spsim_diagnostics_errors(diags) - before;
}
