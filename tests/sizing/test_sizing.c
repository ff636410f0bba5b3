/* Sizing and sweeps (engine/sizing.h, engine/variants.h).
 *
 * - On an M/M/c queue written as a scenario (mmc.yaml: 8 referrals a week, episodes of mean 1
 *   week, 10 slots per FTE, so c = 10 x FTE), the FTE `spsim size` returns for a mean-wait
 *   target is the Erlang C answer for the same target within one step (0.1 FTE, one server).
 *   Each target is chosen so the Erlang C waits of the answer and of one server less lie well
 *   apart from it (at least 1.4 times the target or below 0.7 of it), and the confidence is
 *   0.5 (the median replication), so the check judges the mean wait, not the spread. With the
 *   fixed seed the result is deterministic; what could make it fail is a search that misses
 *   the boundary or a queue that no longer behaves as M/M/c.
 * - The FTE returned meets the targets and one step less does not, in the same replications.
 * - Two M/M/c localities side by side (two_mmc.yaml: north 16 referrals a week against 1 FTE,
 *   south 8 against 1.2), queues kept apart: each is sized on its own against its own waits,
 *   so they get different FTE, each the Erlang C answer for its own load within one step (20
 *   and 11 servers for a mean wait of 0.1 week: 19 and 10 servers give 0.125 and 0.20, 20 and
 *   11 give 0.064 and 0.082, all well apart from 0.1); for the mean wait and for a 90th
 *   percentile, each FTE meets its own locality's target and one step less does not, in the
 *   same replications. A county-wide measure would give both the same verdict and could not
 *   tell them apart. The same towns with pooled slots are sized together by the common scale.
 * - The same answer at 1 and 2 threads, bit for bit.
 * - A sweep's variants equal separate runs of the same overridden scenario, bit for bit.
 * - A sweep's acceptability compares every arm of every variant within each replication, at the
 *   willingness to pay it is given: on hand-made figures whose best option is known in each
 *   replication (a tie included), at two willingnesses to pay that change the winner. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "economics/economics.h"
#include "engine/sizing.h"
#include "engine/variants.h"

/* Erlang C: the probability an arrival waits, c servers, offered load a. */
static double erlang_c(int c, double a)
{
    double term = 1.0, sum = 1.0;
    for (int k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double last = term * a / c * c / (c - a);
    return last / (sum + last);
}

/* The fewest servers whose mean wait Wq = C(c, a) / (c mu - lambda) is at most the target. */
static int erlang_servers(double lambda, double mu, double target_weeks)
{
    int c = (int)floor(lambda / mu) + 1;
    while (erlang_c(c, lambda / mu) / (c * mu - lambda) > target_weeks) c++;
    return c;
}

static spsim_scenario *load(const char *path)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, path);
    spsim_scenario *s = spsim_scenario_load(path, &d);
    if (!s) spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    return s;
}

static spsim_sizing_request mean_wait_request(double target, int threads)
{
    spsim_sizing_request q = {.arm = 0,
                              .lever = SPSIM_LEVER_LINK_WORKERS,
                              .step = 0.1,
                              .confidence = 0.5,
                              .n_targets = 1,
                              .run = {.threads = threads}};
    q.targets[0] = (spsim_target){SPSIM_METRIC_WAIT_MEAN, false, target};
    return q;
}

static bool size(const spsim_scenario *s, const spsim_sizing_request *q, spsim_sizing_result *r)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    char err[512] = "";
    int status = spsim_size(s, q, r, &d, err, sizeof err);
    if (status != 0) spsim_diagnostics_print(&d, stderr); /* warnings about trial FTE are not */
    spsim_diagnostics_free(&d);
    return CHECK(status == 0, "sizing runs (%s)", err);
}

static double met_at(const spsim_scenario *s, const spsim_sizing_request *q, double fte)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    char err[512] = "";
    double share = NAN;
    if (spsim_size_evaluate(s, q, &fte, &share, &d, err, sizeof err) != 0) share = NAN;
    spsim_diagnostics_free(&d);
    return share;
}

static void check_erlang(const spsim_scenario *s, double target)
{
    spsim_sizing_request q = mean_wait_request(target, 0);
    spsim_sizing_result r;
    if (!size(s, &q, &r)) return;
    int c = erlang_servers(8.0, 1.0, target);
    printf("mean wait <= %.3g weeks: size gives %.1f FTE (%d evaluations), Erlang C %d servers = "
           "%.1f FTE\n",
           target, r.fte[0], r.evaluations, c, c / 10.0);
    CHECK(r.found[0] && fabs(r.fte[0] - c / 10.0) <= 0.1 + 1e-9,
          "target %.3g: %.1f FTE is within one step of Erlang C's %.1f", target, r.fte[0],
          c / 10.0);
    /* The answer meets the target and one step less does not, in the same replications. */
    double at = met_at(s, &q, r.fte[0]), below = met_at(s, &q, r.fte[0] - q.step);
    CHECK(at >= q.confidence && at == r.met_share[0],
          "target %.3g: met in %.2f of replications at the answer (search said %.2f)", target, at,
          r.met_share[0]);
    CHECK(below < q.confidence && below == r.met_share_one_less[0],
          "target %.3g: met in %.2f at one step less, below %.2f (search said %.2f)", target, below,
          q.confidence, r.met_share_one_less[0]);
}

/* two_mmc.yaml with only `arm` kept. */
static spsim_scenario *two_towns(const char *arm)
{
    spsim_scenario *s = load("tests/sizing/two_mmc.yaml");
    char err[256] = "";
    if (s && spsim_scenario_select_arms(s, arm, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        spsim_scenario_free(s);
        s = NULL;
    }
    CHECK(s != NULL, "two_mmc.yaml loads with arm %s", arm);
    return s;
}

static void evaluate_both(const spsim_scenario *s, const spsim_sizing_request *q, const double *fte,
                          double *met)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    char err[512] = "";
    if (spsim_size_evaluate(s, q, fte, met, &d, err, sizeof err) != 0) met[0] = met[1] = NAN;
    spsim_diagnostics_free(&d);
}

/* Each locality's answer meets its own target and one step less does not, in the same
 * replications the search ran. */
static void check_each_boundary(const spsim_scenario *s, const spsim_sizing_request *q,
                                const spsim_sizing_result *r, const char *what)
{
    double fte[2] = {r->fte[0], r->fte[1]}, less[2] = {r->fte[0] - q->step, r->fte[1] - q->step};
    double met[2], below[2];
    evaluate_both(s, q, fte, met);
    evaluate_both(s, q, less, below);
    for (int l = 0; l < 2; l++) {
        const char *name = s->arms[0].localities[l].name;
        CHECK(met[l] >= q->confidence && met[l] == r->met_share[l],
              "%s: %s at %.1f FTE meets its own target in %.2f of replications (search said "
              "%.2f)",
              what, name, fte[l], met[l], r->met_share[l]);
        CHECK(below[l] < q->confidence && below[l] == r->met_share_one_less[l],
              "%s: %s at one step less (%.1f FTE) meets it in %.2f, below %.2f (search said %.2f)",
              what, name, less[l], below[l], q->confidence, r->met_share_one_less[l]);
    }
}

static void check_two_localities(void)
{
    spsim_scenario *s = two_towns("apart");
    if (!s) return;
    spsim_sizing_request q = mean_wait_request(0.1, 0);
    spsim_sizing_result r;
    if (size(s, &q, &r)) {
        printf("two towns, mean wait <= 0.1 week: north %.1f FTE, south %.1f FTE (%d "
               "evaluations); Erlang C 2.0 and 1.1\n",
               r.fte[0], r.fte[1], r.evaluations);
        CHECK(!r.common_scale, "queues kept apart: each locality sized on its own");
        CHECK(r.found[0] && fabs(r.fte[0] - 2.0) <= 0.1 + 1e-9,
              "north (16 a week): %.1f FTE is within one step of Erlang C's 2.0", r.fte[0]);
        CHECK(r.found[1] && fabs(r.fte[1] - 1.1) <= 0.1 + 1e-9,
              "south (8 a week): %.1f FTE is within one step of Erlang C's 1.1", r.fte[1]);
        check_each_boundary(s, &q, &r, "mean wait <= 0.1 week");
    }
    spsim_sizing_request p90 = q;
    p90.confidence = 0.9;
    p90.targets[0] = (spsim_target){SPSIM_METRIC_WAIT_P90, false, 0.25};
    if (size(s, &p90, &r)) {
        printf("two towns, 90th-percentile wait <= 0.25 week: north %.1f FTE, south %.1f FTE\n",
               r.fte[0], r.fte[1]);
        CHECK(r.found[0] && r.found[1] && r.fte[0] > r.fte[1] + 0.5,
              "90th percentile: the busier north needs more FTE (%.1f) than south (%.1f)", r.fte[0],
              r.fte[1]);
        check_each_boundary(s, &p90, &r, "90th-percentile wait <= 0.25 week");
    }
    spsim_scenario_free(s);
    s = two_towns("pooled");
    if (s && size(s, &q, &r)) {
        CHECK(r.common_scale && r.found[0] && r.found[1],
              "pooled slots: the towns sized together by the common scale (%.1f and %.1f FTE)",
              r.fte[0], r.fte[1]);
        double fte[2] = {r.fte[0], r.fte[1]}, met[2];
        evaluate_both(s, &q, fte, met);
        CHECK(met[0] >= q.confidence && met[1] >= q.confidence,
              "pooled: at the answer each town meets its own target (%.2f and %.2f)", met[0],
              met[1]);
    }
    spsim_scenario_free(s);
}

static void check_threads(const spsim_scenario *s)
{
    spsim_sizing_request one = mean_wait_request(0.12, 1), two = mean_wait_request(0.12, 2);
    spsim_sizing_result a, b;
    if (!size(s, &one, &a) || !size(s, &two, &b)) return;
    CHECK(a.fte[0] == b.fte[0] && a.met_share[0] == b.met_share[0] &&
              a.met_share_one_less[0] == b.met_share_one_less[0] && a.evaluations == b.evaluations,
          "the same answer at 1 and 2 threads (%.1f and %.1f FTE)", a.fte[0], b.fte[0]);
}

/* A step from a later date keeps the plan before it. */
static void check_from_value(const spsim_scenario *s)
{
    spsim_sizing_request q = mean_wait_request(0.12, 0);
    q.from_week = 365 / 7.0; /* 2026-04-01, 365 days after the start */
    char value[256];
    spsim_size_fte_value(s, &q, 0, 1.5, value, sizeof value);
    CHECK(strcmp(value, "[{from: 2025-04-01, fte: 1}, {from: 2026-04-01, fte: 1.5}]") == 0,
          "--from keeps the plan before the date: %s", value);
}

static bool same_figures(const spsim_variant_figures *a, const spsim_run *run)
{
    spsim_variant_figures b;
    if (spsim_variant_figures_take(run, &b) != 0) return false;
    size_t cells = (size_t)a->n_arms * (size_t)a->n_replications;
    bool same = a->n_arms == b.n_arms && a->n_replications == b.n_replications &&
                memcmp(a->totals, b.totals, cells * SPSIM_N_TOTALS * sizeof(double)) == 0 &&
                memcmp(a->headlines, b.headlines, cells * SPSIM_N_HEADLINES * sizeof(double)) == 0;
    spsim_variant_figures_free(&b);
    return same;
}

static void check_sweep(void)
{
    spsim_scenario *s = load("scenarios/minimal.yaml");
    if (!CHECK(s != NULL, "minimal.yaml loads")) return;
    spsim_sweep_grid g = {.n_keys = 2};
    snprintf(g.keys[0], sizeof g.keys[0], "localities.town.link_workers.fte");
    snprintf(g.keys[1], sizeof g.keys[1], "uptake.probability");
    double fte[] = {3, 4.5}, uptake[] = {0.8, 0.89};
    g.n_values[0] = g.n_values[1] = 2;
    g.values[0] = malloc(sizeof fte);
    g.values[1] = malloc(sizeof uptake);
    memcpy(g.values[0], fte, sizeof fte);
    memcpy(g.values[1], uptake, sizeof uptake);
    spsim_run_options opt = {.replications = 2};
    spsim_sweep_results r;
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    char err[512] = "";
    if (CHECK(spsim_sweep_run(s, &g, &opt, false, &r, &d, err, sizeof err) == 0, "sweep: %s",
              err)) {
        CHECK(r.n_variants == 4, "2 x 2 values give 4 variants");
        for (int v = 0; v < r.n_variants; v++) {
            char a[32], b[32];
            snprintf(a, sizeof a, "%.17g", spsim_sweep_grid_value(&g, v, 0));
            snprintf(b, sizeof b, "%.17g", spsim_sweep_grid_value(&g, v, 1));
            spsim_override o[2] = {{g.keys[0], a}, {g.keys[1], b}};
            spsim_scenario *alone = spsim_scenario_with_overrides(s, o, 2, &d);
            spsim_run *run = alone ? spsim_run_scenario(alone, &opt, err, sizeof err) : NULL;
            CHECK(run && same_figures(&r.figures[v], run),
                  "variant %d (fte %s, uptake %s) equals its own run bit for bit", v, a, b);
            spsim_run_free(run);
            spsim_scenario_free(alone);
        }
        CHECK(r.figures[0].totals[SPSIM_TOTAL_REFERRALS] ==
                  r.figures[3].totals[SPSIM_TOTAL_REFERRALS],
              "every variant meets the same referrals (common random numbers)");
        spsim_sweep_results_free(&r);
    }
    spsim_diagnostics_free(&d);
    spsim_sweep_grid_free(&g);
    spsim_scenario_free(s);
}

/* Option (v, a) of a hand-made sweep of 2 variants x 2 arms x 4 replications: its WELLBYs and
 * net cost (GBP) in replication rep. */
static void set_option(spsim_sweep_results *r, int v, int a, int rep, double wellbys,
                       double net_cost)
{
    double *h = r->figures[v].headlines + ((size_t)a * 4 + (size_t)rep) * SPSIM_N_HEADLINES;
    h[SPSIM_HEADLINE_WELLBYS] = wellbys;
    h[SPSIM_HEADLINE_NET_COST] = net_cost;
}

static void check_acceptability(void)
{
    spsim_variant_figures f[2];
    for (int v = 0; v < 2; v++) {
        f[v] = (spsim_variant_figures){.n_arms = 2, .n_replications = 4};
        f[v].headlines = calloc(2 * 4 * SPSIM_N_HEADLINES, sizeof(double));
        f[v].totals = calloc(2 * 4 * SPSIM_N_TOTALS, sizeof(double));
    }
    spsim_sweep_results r = {.n_variants = 2, .figures = f};
    /* Options in order (v0,a0) (v0,a1) (v1,a0) (v1,a1). At 0 GBP per WELLBY the cheapest wins:
     * (v1,a0) in replications 0-2, (v0,a1) in replication 3. At 10,000 GBP per WELLBY a WELLBY
     * outweighs 10,000 GBP: (v1,a1) wins replications 0 and 1, (v0,a0) replication 2, and
     * (v0,a0) and (v1,a1) tie in replication 3 (10 x 10,000 - 60,000 = 12 x 10,000 - 80,000). */
    double wellbys[4][4] = {{1, 2, 1, 30}, {1, 2, 1, 30}, {20, 2, 1, 3}, {10, 2, 1, 12}};
    double cost[4][4] = {{900, 800, 100, 2000},
                         {900, 800, 100, 2000},
                         {900, 800, 100, 2000},
                         {60000, 50, 70000, 80000}};
    for (int rep = 0; rep < 4; rep++)
        for (int o = 0; o < 4; o++)
            set_option(&r, o / 2, o % 2, rep, wellbys[rep][o], cost[rep][o]);
    double share[4];
    if (CHECK(spsim_sweep_acceptability(&r, 0.0, share) == 0, "acceptability at 0 GBP")) {
        double expect[4] = {0, 0.25, 0.75, 0};
        for (int o = 0; o < 4; o++)
            CHECK(fabs(share[o] - expect[o]) < 1e-15,
                  "at 0 GBP per WELLBY, option %d: %.17g, expected %g", o, share[o], expect[o]);
    }
    if (CHECK(spsim_sweep_acceptability(&r, 10000.0, share) == 0, "acceptability at 10,000")) {
        double expect[4] = {0.375, 0, 0, 0.625};
        for (int o = 0; o < 4; o++)
            CHECK(fabs(share[o] - expect[o]) < 1e-15,
                  "at 10,000 GBP per WELLBY, option %d: %.17g, expected %g", o, share[o],
                  expect[o]);
    }
    for (int v = 0; v < 2; v++) spsim_variant_figures_free(&f[v]);
}

int main(void)
{
    spsim_scenario *s = load("tests/sizing/mmc.yaml");
    if (!CHECK(s != NULL, "mmc.yaml loads")) return spsim_check_finish();
    CHECK_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12, "Erlang C(2, 1)");
    check_erlang(s, 0.5);  /* Erlang C: 10 servers (Wq 0.20); 9 give 0.65 */
    check_erlang(s, 0.12); /* 11 servers (Wq 0.082); 10 give 0.20 */
    check_erlang(s, 0.05); /* 12 servers (Wq 0.035); 11 give 0.082 */
    check_two_localities();
    check_threads(s);
    check_from_value(s);
    check_sweep();
    check_acceptability();
    spsim_scenario_free(s);
    return spsim_check_finish();
}
