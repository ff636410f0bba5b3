/* spsim allocate (engine/allocate.h): the split it returns never spends more than the budget,
 * its shares sum to 1, it is at least as good as putting the whole budget into any one kind of
 * spending (each corner run separately, with the same seed), running the reported split again
 * gives the reported net monetary benefit exactly, and 1 and 2 threads give the same answer.
 * Fixed seed and 2 replications: every comparison is exact, none statistical. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "economics/economics.h"
#include "engine/allocate.h"
#include "scenario_text.h"

static const char text[] = "name: allot\n"
                           "seed: 11\n"
                           "replications: 2\n"
                           "horizon_years: 3\n"
                           "start_date: 2025-04-01\n"
                           "localities:\n"
                           "  town:\n"
                           "    population: {age_0_15: 8500, age_16_29: 8000, age_30_49: 12500,\n"
                           "                 age_50_64: 9000, age_65_plus: 12000}\n"
                           "    deprivation: 0.2\n"
                           "    rurality: 0.18\n"
                           "    link_workers: {fte: 4}\n"
                           "    builders: {fte: 1}\n"
                           "    funding:\n"
                           "      grants: {kind: small_grants, activity: peer_support,\n"
                           "               gbp_per_year: 12000}\n";

static const double budget = 400000;

static double mean_nmb(const spsim_scenario *s, const spsim_override *o, int n)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_variant(s, o, n, &opt, &d, err, sizeof err);
    spsim_diagnostics_free(&d);
    if (!run) return NAN;
    double sum = 0;
    for (int r = 0; r < run->n_replications; r++)
        sum += run->results[0][r].economics->headlines[SPSIM_HEADLINE_NET_MONETARY_BENEFIT];
    double mean = sum / run->n_replications;
    spsim_run_free(run);
    return mean;
}

/* The split as overrides, as the search builds them. */
static double rerun(const spsim_scenario *s, const spsim_allocation_result *r)
{
    char lw[32], b[32], g[32];
    snprintf(lw, sizeof lw, "%.10g", r->lw_fte[0]);
    snprintf(b, sizeof b, "%.10g", r->builder_fte[0]);
    snprintf(g, sizeof g, "%.10g", floor(12000 * r->grant_scale));
    spsim_override o[3] = {{"arms.base.localities.town.link_workers.fte", lw},
                           {"arms.base.localities.town.builders.fte", b},
                           {"arms.base.localities.town.funding.grants.gbp_per_year", g}};
    return mean_nmb(s, o, 3);
}

/* The whole budget on one kind, the other two at nothing. */
static double corner(const spsim_scenario *s, int kind)
{
    double lw_cost = spsim_gbp_per_fte_year(&s->arms[0], false);
    double b_cost = spsim_gbp_per_fte_year(&s->arms[0], true);
    char lw[32], b[32], g[32];
    snprintf(lw, sizeof lw, "%.10g", kind == 0 ? floor(budget / lw_cost * 10 + 1e-9) / 10 : 0.0);
    snprintf(b, sizeof b, "%.10g", kind == 1 ? floor(budget / b_cost * 10 + 1e-9) / 10 : 0.0);
    snprintf(g, sizeof g, "%.10g", kind == 2 ? budget : 0.0);
    spsim_override o[3] = {{"arms.base.localities.town.link_workers.fte", lw},
                           {"arms.base.localities.town.builders.fte", b},
                           {"arms.base.localities.town.funding.grants.gbp_per_year", g}};
    return mean_nmb(s, o, 3);
}

static bool allocate(const spsim_scenario *s, int threads, spsim_allocation_result *r)
{
    spsim_allocation_request q = {.arm = 0,
                                  .budget_gbp_per_year = budget,
                                  .over = {true, true, true},
                                  .run = {.threads = threads}};
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, s->path);
    char err[512] = "";
    int status = spsim_allocate(s, &q, r, &d, err, sizeof err);
    if (status != 0) spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    return CHECK(status == 0, "allocation runs (%s)", err);
}

int main(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = spsim_test_parse(text, &d);
    spsim_diagnostics_free(&d);
    if (!CHECK(s != NULL, "the scenario parses")) return spsim_check_finish();
    spsim_allocation_result one, two;
    if (allocate(s, 1, &one) && allocate(s, 2, &two)) {
        double spent = one.gbp_per_year[0] + one.gbp_per_year[1] + one.gbp_per_year[2];
        printf("best split %.4f / %.4f / %.4f: %.0f GBP a year spent, net monetary benefit %.0f "
               "(%d splits)\n",
               one.share[0], one.share[1], one.share[2], spent, one.nmb_mean, one.evaluations);
        CHECK(spent <= budget, "the split spends %.0f, within the budget of %.0f", spent, budget);
        CHECK(fabs(one.share[0] + one.share[1] + one.share[2] - 1) < 1e-12, "shares sum to 1");
        for (int k = 0; k < SPSIM_N_SPEND; k++) {
            double c = corner(s, k);
            CHECK(one.nmb_mean >= c, "the best split (%.0f) is no worse than all on %s (%.0f)",
                  one.nmb_mean, spsim_spend_key[k], c);
        }
        double again = rerun(s, &one);
        CHECK(again == one.nmb_mean, "running the split again gives %.0f, as reported (%.0f)",
              again, one.nmb_mean);
        CHECK(memcmp(one.share, two.share, sizeof one.share) == 0 && one.nmb_mean == two.nmb_mean &&
                  one.evaluations == two.evaluations,
              "the same split at 1 and 2 threads");
        CHECK(one.beats_runner_up >= 0 && one.beats_runner_up <= 1,
              "the paired comparison with the runner-up is a share");
    }
    spsim_scenario_free(s);
    return spsim_check_finish();
}
