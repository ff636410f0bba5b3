/* Reading one distribution as written in a scenario ({dist: beta, mean: .., sd: ..}, an
 * interval form, or a calibrate marker) into its kind and parameters, with every problem
 * reported at the node it is about. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diagnostics.h"
#include "uncertainty_state.h"
#include "values.h"

/* Every spelling a distribution mapping may hold; which of them a kind takes is below. */
enum {
    P_DIST,
    P_MEAN,
    P_SD,
    P_MIN,
    P_MODE,
    P_MAX,
    P_VALUE,
    P_LOW,
    P_HIGH,
    P_COVERAGE,
    P_SOURCE,
    P_NOTE,
    P_CALIBRATE,
    N_PARTS
};
static const char *const part_key[N_PARTS] = {"dist",   "mean",  "sd",       "min",  "mode",
                                              "max",    "value", "low",      "high", "coverage",
                                              "source", "note",  "calibrate"};

typedef struct {
    const spsim_ynode *node[N_PARTS];
    double v[N_PARTS];
    const char *key; /* the value's dotted path, for messages */
    spsim_diagnostics *d;
    int errors;
} dist_text;

/* The parameters each kind takes (bit per part), and how they read in messages. */
static unsigned kind_parts(spsim_dist_kind k, bool interval)
{
    switch (k) {
    case SPSIM_DIST_FIXED: return 1u << P_VALUE;
    case SPSIM_DIST_UNIFORM: return 1u << P_MIN | 1u << P_MAX;
    case SPSIM_DIST_TRIANGULAR:
    case SPSIM_DIST_PERT: return 1u << P_MIN | 1u << P_MODE | 1u << P_MAX;
    default:
        return interval ? 1u << P_LOW | 1u << P_HIGH | 1u << P_COVERAGE : 1u << P_MEAN | 1u << P_SD;
    }
}

static const char *kind_allowed(spsim_dist_kind k)
{
    switch (k) {
    case SPSIM_DIST_FIXED: return "value";
    case SPSIM_DIST_UNIFORM: return "min, max";
    case SPSIM_DIST_TRIANGULAR:
    case SPSIM_DIST_PERT: return "min, mode, max";
    default: return "mean, sd; or low, high, coverage";
    }
}

/* An error at `at`, counted. */
#define BAD(t, at, ...)                                                                            \
    do {                                                                                           \
        spsim_diag_error((t)->d, (at)->line, (at)->column, __VA_ARGS__);                           \
        (t)->errors++;                                                                             \
    } while (0)

/* Collects the parts, reporting unknown, repeated and non-numeric ones. */
static void collect_parts(dist_text *t, const spsim_ynode *map)
{
    for (int i = 0; i < map->n; i++) {
        const spsim_ynode *k = map->pairs[i].key, *v = map->pairs[i].value;
        int p = 0;
        while (p < N_PARTS && strcmp(part_key[p], k->text) != 0) p++;
        if (p == N_PARTS) {
            spsim_diag_error(t->d, k->line, k->column,
                             "unknown distribution parameter '%s' in '%s' (allowed: dist, mean, "
                             "sd, min, mode, max, value, low, high, coverage, source, note, "
                             "calibrate)",
                             k->text, t->key);
            t->errors++;
        } else if (t->node[p]) {
            spsim_diag_error(t->d, k->line, k->column,
                             "duplicate key '%s' in '%s', first given at line %d (allowed: each "
                             "key once)",
                             k->text, t->key, t->node[p]->line % SPSIM_DIAG_LINE_BASE);
            t->errors++;
        } else {
            t->node[p] = v;
            bool text = p == P_DIST || p == P_SOURCE || p == P_NOTE || p == P_CALIBRATE;
            if (!text && !spsim_value_number(v, &t->v[p])) {
                char got[96];
                spsim_value_describe(v, got, sizeof got);
                spsim_diag_error(t->d, v->line, v->column,
                                 "distribution parameter '%s' of '%s' is %s, not a number "
                                 "(allowed: a number)",
                                 k->text, t->key, got);
                t->errors++;
                t->node[p] = NULL;
                t->v[p] = NAN;
            }
        }
    }
}

/* Parameters given that the kind does not take, and those it needs but lacks. */
static void check_parts(dist_text *t, const spsim_ynode *map, const char *kind_name,
                        spsim_dist_kind kind, unsigned want)
{
    for (int p = P_MEAN; p <= P_COVERAGE; p++) {
        if (t->node[p] && !(want & 1u << p)) {
            const spsim_ynode *k = t->node[p]; /* the key's own node, found below */
            for (int i = 0; i < map->n; i++)
                if (map->pairs[i].value == t->node[p]) k = map->pairs[i].key;
            spsim_diag_error(t->d, k->line, k->column,
                             "'%s' is not a parameter of a %s distribution in '%s' (allowed: "
                             "%s)",
                             part_key[p], kind_name, t->key, kind_allowed(kind));
            t->errors++;
        }
    }
    for (int p = P_MEAN; p <= P_HIGH; p++) /* coverage may be left out: 0.95 */
        if ((want & 1u << p) && !t->node[p] && !isnan(t->v[p])) {
            spsim_diag_error(t->d, map->line, map->column,
                             "a %s distribution in '%s' needs '%s' (allowed: %s)", kind_name,
                             t->key, part_key[p], kind_allowed(kind));
            t->errors++;
        }
}

static bool given(const dist_text *t, unsigned want)
{
    for (int p = P_MEAN; p <= P_HIGH; p++)
        if ((want & 1u << p) && !t->node[p]) return false;
    return true;
}

/* mean and sd -> parameters, with what makes them impossible. */
static void from_moments(dist_text *t, spsim_dist *d, const char *name)
{
    double m = t->v[P_MEAN], s = t->v[P_SD];
    if (s <= 0) {
        BAD(t, t->node[P_SD], "sd %.15g in '%s' is not positive (allowed: sd > 0)", s, t->key);
        /* fall through to the mean's checks as well */
    }
    bool positive = d->kind == SPSIM_DIST_GAMMA || d->kind == SPSIM_DIST_LOGNORMAL;
    if (d->kind == SPSIM_DIST_BETA && (m <= 0 || m >= 1)) {
        BAD(t, t->node[P_MEAN], "beta mean %.15g in '%s' is outside (0, 1) (allowed: 0 < mean < 1)",
            m, t->key);
        return;
    }
    if (positive && m <= 0) {
        BAD(t, t->node[P_MEAN], "%s mean %.15g in '%s' is not positive (allowed: mean > 0)", name,
            m, t->key);
        return;
    }
    if (s <= 0) return;
    if (d->kind == SPSIM_DIST_BETA && s * s >= m * (1 - m)) {
        BAD(t, t->node[P_SD],
            "beta sd %.15g in '%s' is too large for mean %.15g (allowed: sd^2 < mean x (1 - "
            "mean))",
            s, t->key, m);
        return;
    }
    double nu = m * (1 - m) / (s * s) - 1, sigma2 = log(1 + s * s / (m * m));
    switch (d->kind) {
    case SPSIM_DIST_BETA: d->p[0] = m * nu, d->p[1] = (1 - m) * nu; break;
    case SPSIM_DIST_GAMMA: d->p[0] = m * m / (s * s), d->p[1] = s * s / m; break;
    case SPSIM_DIST_LOGNORMAL: d->p[0] = log(m) - sigma2 / 2, d->p[1] = sqrt(sigma2); break;
    default: d->p[0] = m, d->p[1] = s; break;
    }
}

/* low, high and coverage -> parameters. */
static void from_interval(dist_text *t, spsim_dist *d, const char *name)
{
    double lo = t->v[P_LOW], hi = t->v[P_HIGH];
    double c = t->node[P_COVERAGE] ? t->v[P_COVERAGE] : 0.95;
    if (t->node[P_COVERAGE] && (c <= 0 || c >= 1))
        BAD(t, t->node[P_COVERAGE],
            "coverage %.15g in '%s' is outside (0, 1) (allowed: 0 < coverage < 1, e.g. 0.95)", c,
            t->key);
    if (lo >= hi) {
        BAD(t, t->node[P_HIGH], "low %.15g is not below high %.15g in '%s' (allowed: low < high)",
            lo, hi, t->key);
        return;
    }
    if (d->kind == SPSIM_DIST_BETA && (lo <= 0 || hi >= 1)) {
        BAD(t, t->node[lo <= 0 ? P_LOW : P_HIGH],
            "a beta interval in '%s' must lie inside (0, 1), not [%.15g, %.15g] (allowed: "
            "0 < low < high < 1)",
            t->key, lo, hi);
        return;
    }
    if ((d->kind == SPSIM_DIST_GAMMA || d->kind == SPSIM_DIST_LOGNORMAL) && lo <= 0) {
        BAD(t, t->node[P_LOW],
            "a %s interval in '%s' must be above 0, not low %.15g (allowed: 0 < low < high)", name,
            t->key, lo);
        return;
    }
    if (c <= 0 || c >= 1) return;
    if (!spsim_dist_fit_interval(d->kind, lo, hi, c, d->p))
        BAD(t, t->node[P_LOW],
            "no %s distribution has its central %.15g interval at [%.15g, %.15g] in '%s' "
            "(allowed: an interval the kind can have)",
            name, c, lo, hi, t->key);
}

/* min, mode and max in order (mode only for triangular and PERT). */
static void from_range(dist_text *t, spsim_dist *d)
{
    double lo = t->v[P_MIN], hi = t->v[P_MAX];
    bool mode = d->kind != SPSIM_DIST_UNIFORM;
    double m = mode ? t->v[P_MODE] : lo;
    if (lo >= hi) {
        BAD(t, t->node[P_MAX], "min %.15g is not below max %.15g in '%s' (allowed: min < max)", lo,
            hi, t->key);
        return;
    }
    if (mode && (m < lo || m > hi)) {
        BAD(t, t->node[P_MODE],
            "mode %.15g in '%s' is outside [min %.15g, max %.15g] (allowed: min <= mode <= max)", m,
            t->key, lo, hi);
        return;
    }
    d->p[0] = lo;
    d->p[1] = mode ? m : hi;
    d->p[2] = hi;
}

static bool read_kind(dist_text *t, spsim_dist_kind *kind)
{
    const spsim_ynode *v = t->node[P_DIST];
    for (int k = 0; v && v->kind == SPSIM_YNODE_SCALAR && k < SPSIM_N_DIST_KINDS; k++)
        if (strcmp(v->text, spsim_dist_kind_key[k]) == 0) {
            *kind = (spsim_dist_kind)k;
            return true;
        }
    char got[96];
    spsim_value_describe(v, got, sizeof got);
    spsim_diag_error(t->d, v->line, v->column,
                     "unknown distribution %s in '%s' (allowed: fixed, beta, gamma, lognormal, "
                     "normal, uniform, triangular, pert)",
                     got, t->key);
    t->errors++;
    return false;
}

static void read_text(dist_text *t, int p, char *out, size_t len)
{
    const spsim_ynode *v = t->node[p];
    out[0] = '\0';
    if (!v) return;
    if (v->kind != SPSIM_YNODE_SCALAR || strlen(v->text) >= len) {
        char got[96];
        spsim_value_describe(v, got, sizeof got);
        spsim_diag_error(t->d, v->line, v->column,
                         "'%s' of '%s' is %s (allowed: text up to %zu characters)", part_key[p],
                         t->key, got, len - 1);
        t->errors++;
        return;
    }
    snprintf(out, len, "%s", v->text);
}

/* calibrate: true/false beside dist, or {min, max} alone (a uniform prior). */
static void read_calibrate(dist_text *t, spsim_uncertain_key *out)
{
    const spsim_ynode *v = t->node[P_CALIBRATE];
    if (!v) return;
    bool flag;
    if (t->node[P_DIST] && spsim_value_bool(v, &flag)) {
        out->calibrate = flag;
        return;
    }
    const spsim_ynode *lo = spsim_ynode_get(v, "min"), *hi = spsim_ynode_get(v, "max");
    double a, b;
    if (!t->node[P_DIST] && v->kind == SPSIM_YNODE_MAPPING && v->n == 2 &&
        spsim_value_number(lo, &a) && spsim_value_number(hi, &b)) {
        out->calibrate = true;
        out->dist.kind = SPSIM_DIST_UNIFORM;
        out->dist.p[0] = a;
        out->dist.p[1] = b;
        if (a >= b)
            BAD(t, hi, "calibrate min %.15g is not below max %.15g in '%s' (allowed: min < max)", a,
                b, t->key);
        return;
    }
    char got[96];
    spsim_value_describe(v, got, sizeof got);
    spsim_diag_error(t->d, v->line, v->column,
                     "calibrate in '%s' is %s (allowed: true or false beside dist, or {min: "
                     "NUMBER, max: NUMBER} without dist)",
                     t->key, got);
    t->errors++;
}

/* "beta(mean 0.89, sd 0.03)": the distribution as written, for the output. */
static void describe(const dist_text *t, const char *name, char *out, size_t len)
{
    size_t used = (size_t)snprintf(out, len, "%s(", name);
    bool first = true;
    for (int p = P_MEAN; p <= P_COVERAGE && used < len; p++) {
        if (!t->node[p]) continue;
        used += (size_t)snprintf(out + used, len - used, "%s%s %s", first ? "" : ", ", part_key[p],
                                 t->node[p]->text);
        first = false;
    }
    if (used < len) snprintf(out + used, len - used, ")");
}

int spsim_dist_read(const spsim_ynode *map, const char *key, spsim_diagnostics *diags,
                    spsim_uncertain_key *out)
{
    dist_text t = {.key = key, .d = diags};
    collect_parts(&t, map);
    read_text(&t, P_SOURCE, out->source, sizeof out->source);
    read_text(&t, P_NOTE, out->note, sizeof out->note);
    read_calibrate(&t, out);
    if (!t.node[P_DIST]) {
        if (!t.node[P_CALIBRATE]) return t.errors;
        snprintf(out->written, sizeof out->written, "uniform(min %s, max %s) prior",
                 spsim_ynode_get(t.node[P_CALIBRATE], "min")
                     ? spsim_ynode_get(t.node[P_CALIBRATE], "min")->text
                     : "?",
                 spsim_ynode_get(t.node[P_CALIBRATE], "max")
                     ? spsim_ynode_get(t.node[P_CALIBRATE], "max")->text
                     : "?");
        return t.errors;
    }
    spsim_dist_kind kind;
    if (!read_kind(&t, &kind)) return t.errors;
    const char *name = spsim_dist_kind_key[kind];
    bool interval = t.node[P_LOW] || t.node[P_HIGH] || t.node[P_COVERAGE];
    bool two_forms = kind_parts(kind, false) != kind_parts(kind, true);
    unsigned want = kind_parts(kind, two_forms && interval);
    int before = t.errors;
    check_parts(&t, map, name, kind, want);
    out->dist.kind = kind;
    describe(&t, name, out->written, sizeof out->written);
    if (t.errors > before || !given(&t, want)) return t.errors;
    if (kind == SPSIM_DIST_FIXED)
        out->dist.p[0] = t.v[P_VALUE];
    else if (kind == SPSIM_DIST_UNIFORM || kind == SPSIM_DIST_TRIANGULAR || kind == SPSIM_DIST_PERT)
        from_range(&t, &out->dist);
    else if (interval)
        from_interval(&t, &out->dist, name);
    else
        from_moments(&t, &out->dist, name);
    return t.errors;
}
