/* One-way sensitivity (engine/tornado.h) on tests/cli/tornado_three_keys.yaml, where the
 * link-worker salary dominates by construction (the scenario's comment says why):
 *   - the salary's swing ranks first, in the figures and in the printed table, and is over ten
 *     times any other key's;
 *   - each key's low and high values are its 2.5 % and 97.5 % quantiles (uniforms here:
 *     min + 0.025 (max - min) and min + 0.975 (max - min), to 1e-12 of the value);
 *   - the base equals a plain run of the same scenario with every distribution replaced by its
 *     mean, written as a number: every replication's net monetary benefit, exactly;
 *   - the willingness to pay values WELLBYs and nothing else, so its high variant minus its low
 *     is (high - low) x the base's mean WELLBYs gained by the fifth FTE (common random numbers:
 *     the same people in every variant), to 1e-9 of the swing;
 *   - a scenario without distributions is refused with a clear message.
 * Fixed seed and 4 replications: deterministic, not flaky. It fails if the variants ran with
 * different seeds (the WTP identity breaks), if the quantiles were swapped or untruncated, or
 * if the base were resolved differently from the means. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario_text.h"
#include "economics/economics.h"
#include "engine/tornado.h"
#include "scenario/uncertainty.h"
#include "summary/summary_tornado.h"

static const char path[] = "tests/cli/tornado_three_keys.yaml";
enum {
    REPS = 4
};

static int key_index(const spsim_scenario *s, const char *key)
{
    for (int k = 0; k < s->n_uncertain; k++)
        if (strcmp(s->uncertain[k].key, key) == 0) return k;
    return -1;
}

/* The scenario text with every {dist: ...} mapping replaced by its key's mean (%.17g, which
 * reads back as the same double), in file order as the uncertain keys are. */
static char *means_text(const spsim_scenario *s)
{
    size_t len = strlen(s->text);
    char *out = malloc(len + 64 * (size_t)s->n_uncertain + 1), *o = out;
    const char *p = s->text;
    for (int k = 0; k < s->n_uncertain && out; k++) {
        const char *open = strstr(p, "{dist:"), *close = open ? strchr(open, '}') : NULL;
        if (!close) break;
        memcpy(o, p, (size_t)(open - p));
        o += open - p;
        o += sprintf(o, "%.17g", spsim_dist_mean(&s->uncertain[k].dist));
        p = close + 1;
    }
    if (out) strcpy(o, p);
    return out;
}

static void check_ranking(const spsim_scenario *s, const spsim_tornado *t)
{
    int salary = key_index(s, "pay.salary_gbp_per_fte_year");
    double top = spsim_tornado_swing(t, salary, 0);
    for (int k = 0; k < t->n_keys; k++)
        if (k != salary)
            CHECK(top > 10.0 * spsim_tornado_swing(t, k, 0),
                  "the salary's swing (%.0f GBP) is over ten times %s's (%.0f GBP)", top,
                  s->uncertain[k].key, spsim_tornado_swing(t, k, 0));
    char *table = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&table, &size);
    spsim_tornado_print(out, s, t);
    fclose(out);
    const char *header = strstr(table, "key (largest swing first)");
    const char *first = header ? strchr(header, '\n') : NULL;
    CHECK(first && strncmp(first + 1, "  pay.salary_gbp_per_fte_year ", 30) == 0,
          "the printed table's first row is the salary:\n%s", table);
    free(table);
}

static void check_quantiles(const spsim_scenario *s, const spsim_tornado *t)
{
    for (int k = 0; k < t->n_keys; k++) {
        const spsim_dist *d = &s->uncertain[k].dist;
        double lo = d->p[0], hi = d->p[1];
        CHECK(d->kind == SPSIM_DIST_UNIFORM, "%s is a uniform", s->uncertain[k].key);
        CHECK_NEAR(t->value[k * 2 + SPSIM_TORNADO_LOW], lo + 0.025 * (hi - lo), 1e-12 * fabs(hi),
                   "low value: the 2.5 % quantile");
        CHECK_NEAR(t->value[k * 2 + SPSIM_TORNADO_HIGH], lo + 0.975 * (hi - lo), 1e-12 * fabs(hi),
                   "high value: the 97.5 % quantile");
        CHECK(t->value[k * 2 + SPSIM_TORNADO_LOW] == spsim_dist_quantile(d, 0.025) &&
                  t->value[k * 2 + SPSIM_TORNADO_HIGH] == spsim_dist_quantile(d, 0.975),
              "%s: the values are the distribution's own quantiles", s->uncertain[k].key);
    }
}

static double nmb(const spsim_run *run, int arm, int rep)
{
    return run->results[arm][rep].economics->headlines[SPSIM_HEADLINE_NET_MONETARY_BENEFIT];
}

/* The base against a plain run of the scenario with the means written as numbers. */
static void check_base(const spsim_scenario *s, const spsim_tornado *t, const spsim_run *base)
{
    char *text = means_text(s);
    spsim_diagnostics d;
    spsim_scenario *plain_s = text ? spsim_test_parse(text, &d) : NULL;
    if (!CHECK(plain_s && plain_s->n_uncertain == 0, "the means scenario loads, with no "
                                                     "distributions"))
        return;
    spsim_run_options opt = {.threads = 2, .replications = REPS};
    char err[512];
    spsim_run *plain = spsim_run_scenario(plain_s, &opt, err, sizeof err);
    bool same = plain != NULL;
    for (int a = 0; same && a < s->n_arms; a++)
        for (int r = 0; r < REPS; r++) same = same && nmb(plain, a, r) == nmb(base, a, r);
    CHECK(same, "every replication's net monetary benefit in the base equals the plain run's");
    double sum = 0.0;
    for (int r = 0; plain && r < REPS; r++) sum += nmb(plain, 0, r) - nmb(plain, 1, r);
    CHECK(t->base_inmb[0] == sum / REPS, "base incremental NMB %.2f equals the plain run's %.2f",
          t->base_inmb[0], sum / REPS);
    spsim_run_free(plain);
    spsim_scenario_free(plain_s);
    spsim_diagnostics_free(&d);
    free(text);
}

/* The willingness to pay moves the incremental NMB by exactly its range times the WELLBYs. */
static void check_wtp_identity(const spsim_scenario *s, const spsim_tornado *t,
                               const spsim_run *base)
{
    int k = key_index(s, "economics.willingness_to_pay_per_wellby_gbp");
    double wellbys = 0.0;
    for (int r = 0; r < REPS; r++)
        wellbys += base->results[0][r].economics->headlines[SPSIM_HEADLINE_WELLBYS] -
                   base->results[1][r].economics->headlines[SPSIM_HEADLINE_WELLBYS];
    wellbys /= REPS;
    double range = t->value[k * 2 + SPSIM_TORNADO_HIGH] - t->value[k * 2 + SPSIM_TORNADO_LOW];
    double moved = t->inmb[(k * 2 + SPSIM_TORNADO_HIGH) * t->n_compared] -
                   t->inmb[(k * 2 + SPSIM_TORNADO_LOW) * t->n_compared];
    CHECK_NEAR(moved, range * wellbys, 1e-9 * fabs(range * wellbys) + 1e-6,
               "WTP high - low = range x WELLBYs gained (GBP)");
}

static void check_no_distributions(void)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "scenarios/minimal.yaml");
    spsim_scenario *s = spsim_scenario_load("scenarios/minimal.yaml", &d);
    char err[512] = "";
    spsim_run *base = NULL;
    spsim_run_options opt = {.replications = 2};
    CHECK(s && !spsim_tornado_run(s, &opt, NULL, NULL, &base, NULL, err, sizeof err) && !base,
          "a scenario without distributions has no tornado");
    CHECK(strcmp(err, "scenarios/minimal.yaml: --tornado needs values written as distributions "
                      "(e.g. {dist: beta, mean: 0.3, sd: 0.05}; docs/model.md, \"Parameter "
                      "uncertainty\"), and this scenario has none") == 0,
          "the message: %s", err);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

int main(void)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, path);
    spsim_scenario *s = spsim_scenario_load(path, &d);
    if (!CHECK(s && s->n_uncertain == 3 && s->n_arms == 2, "%s loads with 3 uncertain keys", path))
        return spsim_check_finish();
    spsim_run_options opt = {.threads = 2, .replications = REPS};
    spsim_run *base = NULL;
    char err[512];
    spsim_tornado *t = spsim_tornado_run(s, &opt, NULL, NULL, &base, NULL, err, sizeof err);
    if (CHECK(t && base, "the tornado runs: %s", t ? "" : err)) {
        CHECK(t->reference_arm == 1 && t->n_compared == 1 && t->compared[0] == 0,
              "five is compared with four, the last arm");
        check_ranking(s, t);
        check_quantiles(s, t);
        check_base(s, t, base);
        check_wtp_identity(s, t, base);
    }
    spsim_tornado_free(t);
    spsim_run_free(base);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
    check_no_distributions();
    return spsim_check_finish();
}
