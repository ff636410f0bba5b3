/* A blanket and a quilt that deliver the same service (docs/commissioning.md): the same staffing
 * in every locality, a perfect fit everywhere (no delivery model, fit 1), no pooling and no
 * outcome payments. With common random numbers, every replication's simulated outcomes must be
 * identical between the two arms, bit for bit (every weekly series except money, every total
 * except money, every pre-post comparison), while their costs differ: the quilt pays for more
 * contracts and the coordination layer. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "economics/economics.h"
#include "engine/runner.h"
#include "scenario/scenario.h"

static const char scenario_text[] =
    "name: same_service\nstart_date: 2025-04-01\nseed: 7\nreplications: 4\nhorizon_years: 4\n"
    "localities:\n"
    "  north:\n"
    "    population: {age_0_15: 8000, age_16_29: 8000, age_30_49: 12000, age_50_64: 9000,"
    " age_65_plus: 10000}\n"
    "    deprivation: 0.3\n    rurality: 0.2\n    link_workers: {fte: 5}\n"
    "    builders: {fte: 1}\n"
    "  south:\n"
    "    population: {age_0_15: 6000, age_16_29: 6000, age_30_49: 9000, age_50_64: 8000,"
    " age_65_plus: 9000}\n"
    "    deprivation: 0.1\n    rurality: 0.6\n    link_workers: {fte: 4}\n"
    "arms:\n"
    "  blanket:\n    commissioning: {model: blanket}\n"
    "  quilt:\n    commissioning: {model: quilt}\n";

static bool is_money(spsim_series_id s)
{
    return s == SPSIM_SERIES_LW_COST || s == SPSIM_SERIES_BUILDER_COST;
}

static bool same_doubles(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

int main(void)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "same_service");
    spsim_scenario *s =
        spsim_scenario_parse(scenario_text, strlen(scenario_text), "same_service", &d);
    spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    if (!CHECK(s != NULL, "scenario is valid")) return spsim_check_finish();
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (!CHECK(run != NULL, "run failed: %s", err)) return spsim_check_finish();

    size_t cells = (size_t)run->n_weeks * run->n_localities;
    int differing_series = 0, differing_totals = 0, differing_reductions = 0;
    for (int r = 0; r < run->n_replications; r++) {
        spsim_arm_results *b = &run->results[0][r], *q = &run->results[1][r];
        for (int i = 0; i < SPSIM_N_SERIES; i++)
            if (!is_money((spsim_series_id)i) && !same_doubles(b->series[i], q->series[i], cells))
                differing_series++;
        for (int i = 0; i < SPSIM_N_BREAKDOWNS; i++) {
            size_t n = cells * (size_t)spsim_category_table[spsim_breakdown_table[i].category].n;
            if (i != SPSIM_BREAKDOWN_SPEND_BY_FUNDING &&
                !same_doubles(b->breakdowns[i], q->breakdowns[i], n))
                differing_series++;
        }
        for (int i = 0; i < SPSIM_N_TOTALS; i++)
            if (i != SPSIM_TOTAL_LW_COST && i != SPSIM_TOTAL_BUILDER_COST &&
                i != SPSIM_TOTAL_VCSE_SPEND && memcmp(&b->totals[i], &q->totals[i], sizeof(double)))
                differing_totals++;
        for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++)
            if (!same_doubles(b->reductions[m], q->reductions[m],
                              (size_t)run->n_localities * SPSIM_N_SERVICES))
                differing_reductions++;
        double cost_b = b->economics->headlines[SPSIM_HEADLINE_TOTAL_COST];
        double cost_q = q->economics->headlines[SPSIM_HEADLINE_TOTAL_COST];
        CHECK(cost_q > cost_b,
              "replication %d: the quilt costs more (%.0f vs %.0f GBP) for the "
              "same service: more contracts and the coordination layer",
              r, cost_q, cost_b);
        CHECK(b->economics->headlines[SPSIM_HEADLINE_WELLBYS] ==
                  q->economics->headlines[SPSIM_HEADLINE_WELLBYS],
              "replication %d: same WELLBYs", r);
    }
    CHECK(differing_series == 0, "weekly series identical between the arms (%d differ)",
          differing_series);
    CHECK(differing_totals == 0, "totals identical between the arms (%d differ)", differing_totals);
    CHECK(differing_reductions == 0, "pre-post comparisons identical (%d differ)",
          differing_reductions);
    spsim_run_free(run);
    spsim_scenario_free(s);
    return spsim_check_finish();
}
