/* docs/output.md names every dataset the writer takes from the series, breakdown and totals
 * tables, every breakdown with its category in one table row, every category dimension with all
 * its labels, every statistic and every fixed dimension, each in backticks, so the documented
 * layout cannot fall behind the tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "results/series.h"
#include "results/summary.h"

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
    const char *const layout[] = {"parameters", "replication", "week", "locality", "statistic"};
    for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++)
        check_named(doc, path, layout[i], "the dataset");
    free(doc);
    return spsim_check_finish();
}
