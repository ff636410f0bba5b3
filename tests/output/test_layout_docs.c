/* docs/output.md names every dataset the writer takes from the series and totals tables, every
 * statistic and every dimension, each in backticks, so the documented layout cannot fall behind
 * the tables. */
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
    const char *const layout[] = {"referrals_by_source", "parameters", "replication", "week",
                                  "locality", "source", "statistic"};
    for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++)
        check_named(doc, path, layout[i], "the dataset");
    free(doc);
    return spsim_check_finish();
}
