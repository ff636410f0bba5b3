/* docs/output.md names every dataset the writer takes from the series, breakdown, totals,
 * financial-year, headline and reduction tables (each headline in a row with its units, type and
 * better direction, each per-locality total with its units, type and description), the
 * comparison groups, every breakdown with its category and every
 * financial-year measure with its dimensions in one table row, every category dimension (and the
 * money dimensions) with all its labels, every cost category in a row, every statistic and every
 * fixed dimension and group, each in backticks, and the decision datasets with their
 * dimensions and attributes, so the documented layout cannot fall behind the tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "economics/compare.h"
#include "economics/economics.h"
#include "results/series.h"
#include "results/statistics.h"

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (cap - len < 4096) {
            char *bigger = realloc(text, cap + 65536);
            if (!bigger) break;
            text = bigger;
            cap += 65536;
        }
        got = fread(text + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0);
    fclose(f);
    if (text) text[len] = '\0';
    return text;
}

static void check_named(const char *doc, const char *path, const char *name, const char *what)
{
    char quoted[128];
    snprintf(quoted, sizeof quoted, "`%s`", name);
    CHECK(strstr(doc, quoted) != NULL, "%s names %s %s", path, what, quoted);
}

/* The breakdowns table has a row "| `name` | `category` |" for each breakdown. */
static void check_breakdowns(const char *doc, const char *path)
{
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        const spsim_breakdown_info *info = &spsim_breakdown_table[b];
        char row[160];
        snprintf(row, sizeof row, "| `%s` | `%s` |", info->info.name,
                 spsim_category_table[info->category].name);
        CHECK(strstr(doc, row) != NULL, "%s has the breakdown row '%s'", path, row);
    }
}

/* The dimension scales table has a row "| `category` | string | `key`, `key`, ... |". */
static void check_categories(const char *doc, const char *path)
{
    for (int c = 0; c < SPSIM_N_CATEGORIES; c++) {
        const spsim_category_info *info = &spsim_category_table[c];
        char row[1024];
        int o = snprintf(row, sizeof row, "| `%s` | string |", info->name);
        for (int k = 0; k < info->n && o < (int)sizeof row; k++)
            o += snprintf(row + o, sizeof row - (size_t)o, "%s `%s`", k ? "," : "", info->keys[k]);
        CHECK(strstr(doc, row) != NULL, "%s has the dimension row '%s'", path, row);
    }
}

/* A row "| `dimension` | string | `label`, `label`, ... |" of the dimension scales table. */
static void check_scale_row(const char *doc, const char *path, const char *dimension, int n,
                            const char *(*label)(int))
{
    char row[1024];
    int o = snprintf(row, sizeof row, "| `%s` | string |", dimension);
    for (int k = 0; k < n && o < (int)sizeof row; k++)
        o += snprintf(row + o, sizeof row - (size_t)o, "%s `%s`", k ? "," : "", label(k));
    CHECK(strstr(doc, row) != NULL, "%s has the dimension row '%s'", path, row);
}

static const char *money_view_label(int k)
{
    return spsim_money_view_key[k];
}

static const char *cost_category_label(int k)
{
    return spsim_cost_category_table[k].name;
}

static const char *service_label(int k)
{
    return spsim_service_key[k];
}

/* Each measure by financial year has a row "| `name` | (replication, financial_year, ...) |". */
static void check_money(const char *doc, const char *path)
{
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) {
        const spsim_fy_measure_info *info = &spsim_fy_measure_table[m];
        char row[256];
        snprintf(row, sizeof row, "| `%s` | (replication, financial_year%s%s) |", info->info.name,
                 info->by_view ? ", money_view" : "",
                 info->split == SPSIM_FY_WHOLE        ? ""
                 : info->split == SPSIM_FY_BY_SERVICE ? ", service"
                                                      : ", cost_category");
        CHECK(strstr(doc, row) != NULL, "%s has the financial-year row '%s'", path, row);
    }
    for (int c = 0; c < SPSIM_N_COST_CATEGORIES; c++) {
        char row[128];
        snprintf(row, sizeof row, "| `%s` |", spsim_cost_category_table[c].name);
        CHECK(strstr(doc, row) != NULL, "%s has the cost category row '%s'", path, row);
    }
    for (int h = 0; h < SPSIM_N_HEADLINES; h++) {
        const spsim_series_info *info = &spsim_headline_table[h];
        char row[256];
        snprintf(row, sizeof row, "| `%s` | %s | %s | %s |", info->name, info->units,
                 info->is_count ? "int32" : "float64",
                 spsim_direction_key[spsim_headline_direction[h] + 1]);
        CHECK(strstr(doc, row) != NULL, "%s has the headline row '%s'", path, row);
    }
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++)
        check_named(doc, path, spsim_reduction_table[m].name, "the reduction measure");
    check_scale_row(doc, path, "money_view", SPSIM_N_MONEY_VIEWS, money_view_label);
    check_scale_row(doc, path, "cost_category", SPSIM_N_COST_CATEGORIES, cost_category_label);
    check_scale_row(doc, path, "service", SPSIM_N_SERVICES, service_label);
    CHECK(strstr(doc, "| `financial_year` | string |") != NULL,
          "%s has the dimension row of financial_year", path);
    const char *const groups[] = {"/arms/<arm>/financial_years/<name>",
                                  "/arms/<arm>/financial_years_summary/<name>",
                                  "/arms/<arm>/headlines/<name>",
                                  "/arms/<arm>/headlines_summary/<name>",
                                  "/arms/<arm>/reductions/<name>",
                                  "/comparisons/<first>_minus_<second>/headlines/<name>",
                                  "/comparisons/<first>_minus_<second>/headlines_summary/<name>",
                                  "/comparisons/<first>_minus_<second>/total_cost_by_year",
                                  "/comparisons/<first>_minus_<second>/total_cost_by_year_summary",
                                  "`probability_first_better`",
                                  "`ratio_of_mean_differences`",
                                  "`denominator_keeps_sign`",
                                  "`willingness_to_pay_gbp_per_wellby`",
                                  "/decision/ceac",
                                  "/decision/frontier_arm",
                                  "/decision/evpi_gbp",
                                  "/decision/evppi_gbp",
                                  "`evppi_basis_degree`",
                                  "`evppi_capped`",
                                  "| `wtp_gbp_per_wellby` | float64 |",
                                  "| `arm` | string |",
                                  "| `psa_key` | string |",
                                  "`includes_parameter_uncertainty`",
                                  "`evpi_at_scenario_wtp_gbp`",
                                  "`scenario_wtp_index`",
                                  "`arms_share_wtp`"};
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        CHECK(strstr(doc, groups[i]) != NULL, "%s shows %s in the layout", path, groups[i]);
    for (int k = 0; k < SPSIM_N_INCREMENTAL; k++)
        check_named(doc, path, spsim_incremental_table[k].info.name, "the incremental ratio");
}

/* The totals-by-locality table has a row "| `name` | units | type | description |" for each
 * per-locality total, and the layout names their group. */
static void check_locality_totals(const char *doc, const char *path)
{
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++) {
        const spsim_series_info *info = &spsim_locality_total_table[t];
        char row[1024];
        snprintf(row, sizeof row, "| `%s` | %s | %s | %s |", info->name, info->units,
                 info->is_count ? "int32" : "float64", info->description);
        CHECK(strstr(doc, row) != NULL, "%s has the per-locality total row '%s'", path, row);
    }
    CHECK(strstr(doc, "/arms/<arm>/locality_totals/<name>") != NULL,
          "%s shows /arms/<arm>/locality_totals/<name> in the layout", path);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "docs/output.md";
    char *doc = read_text(path);
    if (!CHECK(doc != NULL, "read %s", path)) return spsim_check_finish();
    for (int s = 0; s < SPSIM_N_SERIES; s++)
        check_named(doc, path, spsim_series_table[s].name, "the series");
    for (int t = 0; t < SPSIM_N_TOTALS; t++)
        check_named(doc, path, spsim_total_table[t].name, "the total");
    for (int k = 0; k < SPSIM_N_STATS; k++)
        check_named(doc, path, spsim_stat_name[k], "the statistic");
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++)
        check_named(doc, path, spsim_breakdown_table[b].info.name, "the breakdown");
    for (int c = 0; c < SPSIM_N_CATEGORIES; c++)
        check_named(doc, path, spsim_category_table[c].name, "the category");
    check_breakdowns(doc, path);
    check_categories(doc, path);
    check_money(doc, path);
    check_locality_totals(doc, path);
    const char *const layout[] = {"parameters", "replication", "week", "locality", "statistic"};
    for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++)
        check_named(doc, path, layout[i], "the dataset");
    free(doc);
    return spsim_check_finish();
}
