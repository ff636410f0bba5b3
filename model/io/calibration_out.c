/* The report, the fitted fragment and the particles of a calibration. */
#define _POSIX_C_SOURCE 200809L /* rename after a complete write; getpid */
#include "calibration_out.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "economics/quantities.h"
#include "io/output.h"
#include "scenario/registry.h"
#include "scenario/uncertainty.h"

/* ---- the report ---- */

/* The registry's unit of a dotted scenario key: an arm's or locality's override, and a part of a
 * key's value (a service's PERT mode, say), have the unit of the key they belong to. */
static const char *key_unit(const char *dotted)
{
    char path[256];
    const char *p = dotted;
    if (!strncmp(p, "arms.", 5) && strchr(p + 5, '.')) p = strchr(p + 5, '.') + 1;
    if (!strncmp(p, "localities.", 11) && strchr(p + 11, '.')) {
        const char *rest = strchr(p + 11, '.') + 1;
        if (!strncmp(rest, "link_workers.", 13) || !strncmp(rest, "builders.", 9))
            p = rest;
        else {
            snprintf(path, sizeof path, "localities.NAME.%s", rest);
            p = path;
        }
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", p);
    for (char *end; buf[0];) {
        char *bracket = strchr(buf, '[');
        if (bracket) *bracket = '\0';
        const spsim_reg_entry *e = spsim_registry_find(buf);
        if (e) return e->unit;
        if (!(end = strrchr(buf, '.'))) break;
        *end = '\0';
    }
    return "-";
}

/* The prior as written ("uniform(min 0.5, max 1)", "beta(mean 0.89, sd 0.03)"), without the
 * word "prior" a calibration marker's text ends with. */
static void prior_text(const spsim_uncertain_key *u, char *buf, size_t len)
{
    snprintf(buf, len, "%s", u->written);
    size_t n = strlen(buf);
    if (n > 6 && !strcmp(buf + n - 6, " prior")) buf[n - 6] = '\0';
}

static double effective_sample_size(const spsim_abc_result *r)
{
    double sum2 = 0.0;
    for (int i = 0; i < r->n_particles; i++) sum2 += r->weight[i] * r->weight[i];
    return sum2 > 0.0 ? 1.0 / sum2 : 0.0;
}

static void print_header(const spsim_calibration *c, const spsim_scenario *s, FILE *out)
{
    const spsim_abc_result *r = c->abc;
    const spsim_abc_generation *last = &r->generations[r->n_generations - 1];
    fprintf(out,
            "Calibration of %s to %s: %d particles, %d replication(s) per simulation, seed %llu\n"
            "  %d generation(s), %lld simulations; stopped because %s\n"
            "  final tolerance %.4g (root mean square of (simulated - target) / sd), "
            "effective sample size %.0f of %d particles\n",
            s->path, c->targets->path, r->n_particles, c->options.replications, c->options.seed,
            r->n_generations, r->simulations, r->stopped, last->tolerance, effective_sample_size(r),
            r->n_particles);
}

static void print_targets(const spsim_calibration *c, FILE *out)
{
    fprintf(out, "\nFit per target (simulated: mean and 90 %% interval over the posterior's "
                 "particles; within: the mean lies in the target's 95 %% interval)\n");
    fprintf(out, "  %-28s %11s %25s %11s %25s  %-6s  %s\n", "target", "value", "95 % interval",
            "simulated", "90 % interval", "within", "unit");
    for (int i = 0; i < c->targets->n; i++) {
        const spsim_target *g = &c->targets->items[i];
        const spsim_target_fit *f = &c->fits[i];
        char target_range[64], sim_range[64];
        snprintf(target_range, sizeof target_range, "%.4g to %.4g", g->low, g->high);
        snprintf(sim_range, sizeof sim_range, "%.4g to %.4g", f->p5, f->p95);
        fprintf(out, "  %-28s %11.4g %25s %11.4g %25s  %-6s  %s\n", g->name, g->value, target_range,
                f->mean, sim_range, f->within ? "yes" : "no",
                spsim_quantity_table[g->quantity].unit);
    }
}

static void print_keys(const spsim_calibration *c, const spsim_scenario *s, FILE *out)
{
    fprintf(out, "\nPosterior of each fitted key (over the weighted particles)\n");
    fprintf(out, "  %-40s %10s %10s %10s %10s %10s  %s\n", "key", "mean", "sd", "5 %", "50 %",
            "95 %", "unit; prior");
    for (int k = 0; k < c->n_keys; k++) {
        const spsim_fitted_key *f = &c->keys[k];
        const spsim_uncertain_key *u = &s->uncertain[f->uncertain];
        char prior[256];
        prior_text(u, prior, sizeof prior);
        fprintf(out, "  %-40s %10.4g %10.4g %10.4g %10.4g %10.4g  %s; %s\n", u->key, f->mean, f->sd,
                f->p5, f->p50, f->p95, key_unit(u->key), prior);
    }
}

void spsim_calibration_print(const spsim_calibration *c, const spsim_scenario *s, FILE *out)
{
    print_header(c, s, out);
    print_targets(c, out);
    print_keys(c, s, out);
}

/* ---- the fitted fragment ---- */

spsim_fitted_dist spsim_fitted_dist_of(const spsim_fitted_key *k, double lo, double hi)
{
    spsim_fitted_dist d = {"normal", k->mean, k->sd};
    if (!(k->sd > 0.0)) return (spsim_fitted_dist){"fixed", k->mean, 0.0};
    if (lo >= 0.0 && hi <= 1.0 && k->mean > 0.0 && k->mean < 1.0) {
        d.dist = "beta";
        d.sd = fmin(k->sd, 0.99 * sqrt(k->mean * (1.0 - k->mean)));
    } else if (lo >= 0.0 && k->mean > 0.0) {
        d.dist = "gamma";
    }
    return d;
}

/* Text as a double-quoted YAML scalar. */
static void put_quoted(FILE *f, const char *text)
{
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\') fputc('\\', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

/* Which targets a key was fitted to, as its source says (short enough for a source). */
static void fitted_source(const spsim_calibration *c, char *buf, size_t len)
{
    int used = snprintf(buf, len, "calibrated to %s:", c->targets->path);
    for (int i = 0; i < c->targets->n && used > 0 && (size_t)used < len; i++)
        used += snprintf(buf + used, len - used, "%s %s", i ? "," : "", c->targets->items[i].name);
    if (used < 0 || (size_t)used >= len)
        snprintf(buf, len, "calibrated to the %d targets of %.200s", c->targets->n,
                 c->targets->path);
}

/* Components shared by two dotted keys, counted from the first. */
static int shared_components(const char *a, const char *b)
{
    int shared = 0;
    for (size_t i = 0;; i++) {
        if (a[i] != b[i]) return shared;
        if (a[i] == '\0') return shared;
        if (a[i] == '.') shared++;
    }
}

static void put_fitted_value(FILE *f, const spsim_calibration *c, const spsim_scenario *s, int k)
{
    const spsim_fitted_key *fk = &c->keys[k];
    const spsim_uncertain_key *u = &s->uncertain[fk->uncertain];
    spsim_fitted_dist d = spsim_fitted_dist_of(fk, u->dist.lo, u->dist.hi);
    char source[256], note[256], prior[256]; /* a source or note holds at most 255 characters */
    fitted_source(c, source, sizeof source);
    prior_text(u, prior, sizeof prior);
    snprintf(note, sizeof note,
             "posterior mean %.6g, sd %.6g, 90 %% interval %.6g to %.6g (%.60s); prior %.80s",
             fk->mean, fk->sd, fk->p5, fk->p95, key_unit(u->key), prior);
    if (!strcmp(d.dist, "fixed"))
        fprintf(f, "{dist: fixed, value: %.9g, source: ", d.mean);
    else
        fprintf(f, "{dist: %s, mean: %.9g, sd: %.9g, source: ", d.dist, d.mean, d.sd);
    put_quoted(f, source);
    fputs(", note: ", f);
    put_quoted(f, note);
    fputs("}\n", f);
}

/* The fitted keys as nested mappings, in key order. */
static void put_keys(FILE *f, const spsim_calibration *c, const spsim_scenario *s, int *order)
{
    const char *previous = "";
    for (int i = 0; i < c->n_keys; i++) {
        const char *key = s->uncertain[c->keys[order[i]].uncertain].key;
        int shared = shared_components(previous, key), level = 0;
        const char *p = key;
        for (const char *dot; (dot = strchr(p, '.')); p = dot + 1, level++)
            if (level >= shared) fprintf(f, "%*s%.*s:\n", 2 * level, "", (int)(dot - p), p);
        fprintf(f, "%*s%s: ", 2 * level, "", p);
        put_fitted_value(f, c, s, order[i]);
        previous = key;
    }
}

/* The fitted keys in the order of their dotted paths, so keys sharing a prefix are written
 * under one mapping (an insertion sort: there are few keys). */
static int key_order(const spsim_calibration *c, const spsim_scenario *s, int *order, char *err,
                     size_t errlen)
{
    for (int i = 0; i < c->n_keys; i++) {
        const char *key = s->uncertain[c->keys[i].uncertain].key;
        if (strchr(key, '[')) {
            snprintf(err, errlen,
                     "cannot write %s into a fragment: it is a step of an fte plan (a list); "
                     "give the fitted value by hand",
                     key);
            return -1;
        }
        int j = i;
        for (; j > 0 && strcmp(s->uncertain[c->keys[order[j - 1]].uncertain].key, key) > 0; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    return 0;
}

static void put_fragment(FILE *f, const spsim_calibration *c, const spsim_scenario *s, int *order)
{
    fprintf(f,
            "# Keys of the scenario %s\n# fitted to the targets of %s\n"
            "# by spsim calibrate (ABC-SMC: %d particles, %d replication(s) per simulation, seed "
            "%llu,\n# %d generation(s), final tolerance %.4g). Each key is a distribution fitted "
            "by moments\n# to its posterior; include this file in a scenario (include: [FILE]) "
            "to run with them.\n",
            s->path, c->targets->path, c->abc->n_particles, c->options.replications,
            c->options.seed, c->abc->n_generations,
            c->abc->generations[c->abc->n_generations - 1].tolerance);
    put_keys(f, c, s, order);
}

/* Writes through `put` to a temporary file beside `path`, renamed over it once complete. */
static int write_whole(const char *path, char *err, size_t errlen,
                       void (*put)(FILE *, const void *), const void *what)
{
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) return snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno)), -1;
    errno = 0;
    put(f, what);
    bool failed = fflush(f) != 0 || ferror(f) != 0;
    int reason = errno ? errno : EIO;
    if (fclose(f) != 0 && !failed) {
        failed = true;
        reason = errno;
    }
    if (failed) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(reason));
        remove(tmp);
        return -1;
    }
    return spsim_output_commit(tmp, path, err, errlen);
}

typedef struct {
    const spsim_calibration *c;
    const spsim_scenario *s;
    int *order;
} writing;

static void put_fragment_from(FILE *f, const void *what)
{
    const writing *w = what;
    put_fragment(f, w->c, w->s, w->order);
}

int spsim_calibration_write_fragment(const spsim_calibration *c, const spsim_scenario *s,
                                     const char *path, char *err, size_t errlen)
{
    int *order = malloc((size_t)c->n_keys * sizeof *order);
    if (!order) return snprintf(err, errlen, "out of memory writing the fitted keys"), -1;
    int status = key_order(c, s, order, err, errlen);
    writing w = {c, s, order};
    if (status == 0) status = write_whole(path, err, errlen, put_fragment_from, &w);
    free(order);
    return status;
}

/* ---- the particles ---- */

static void put_particles(FILE *f, const void *what)
{
    const writing *w = what;
    const spsim_abc_result *r = w->c->abc;
    fputs("particle,weight,distance", f);
    for (int k = 0; k < w->c->n_keys; k++)
        fprintf(f, ",%s", w->s->uncertain[w->c->keys[k].uncertain].key);
    for (int i = 0; i < w->c->targets->n; i++) fprintf(f, ",%s", w->c->targets->items[i].name);
    fputc('\n', f);
    for (int p = 0; p < r->n_particles; p++) {
        fprintf(f, "%d,%.17g,%.17g", p, r->weight[p], r->distance[p]);
        for (int k = 0; k < r->n_params; k++) fprintf(f, ",%.17g", r->theta[p * r->n_params + k]);
        for (int i = 0; i < r->n_stats; i++) fprintf(f, ",%.17g", r->stats[p * r->n_stats + i]);
        fputc('\n', f);
    }
}

int spsim_calibration_write_particles(const spsim_calibration *c, const spsim_scenario *s,
                                      const char *path, char *err, size_t errlen)
{
    writing w = {c, s, NULL};
    return write_whole(path, err, errlen, put_particles, &w);
}
