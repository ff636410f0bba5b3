#include "summary_tornado.h"

#include <stdbool.h>
#include <stdlib.h>

#include "summary_print.h"

/* Whether key a goes before key b: larger swing first, equal swings in file order. */
static bool before(const spsim_tornado *t, int c, int a, int b)
{
    double sa = spsim_tornado_swing(t, a, c), sb = spsim_tornado_swing(t, b, c);
    return sa != sb ? sa > sb : a < b;
}

/* keys[] sorted by swing for comparison c (insertion sort: a scenario has few uncertain keys). */
static void sort_by_swing(const spsim_tornado *t, int c, int *keys)
{
    for (int i = 0; i < t->n_keys; i++) {
        int k = i, j = i;
        for (; j > 0 && before(t, c, k, keys[j - 1]); j--) keys[j] = keys[j - 1];
        keys[j] = k;
    }
}

static void comparison_name(const spsim_scenario *s, const spsim_tornado *t, int c, char *buf,
                            size_t len)
{
    if (t->reference_arm >= 0)
        snprintf(buf, len, "%s against %s", s->arms[t->compared[c]].name,
                 s->arms[t->reference_arm].name);
    else
        snprintf(buf, len, "%s against no scheme", s->arms[t->compared[c]].name);
}

static void print_row(FILE *out, const spsim_scenario *s, const spsim_tornado *t, int k, int c)
{
    char low[32], high[32], at_low[32], at_high[32], swing[32];
    double inmb_low = t->inmb[(k * 2 + SPSIM_TORNADO_LOW) * t->n_compared + c];
    double inmb_high = t->inmb[(k * 2 + SPSIM_TORNADO_HIGH) * t->n_compared + c];
    snprintf(low, sizeof low, "%.4g", t->value[k * 2 + SPSIM_TORNADO_LOW]);
    snprintf(high, sizeof high, "%.4g", t->value[k * 2 + SPSIM_TORNADO_HIGH]);
    spsim_summary_format_number(inmb_low, SHOW_WHOLE, at_low, sizeof at_low);
    spsim_summary_format_number(inmb_high, SHOW_WHOLE, at_high, sizeof at_high);
    spsim_summary_format_number(spsim_tornado_swing(t, k, c), SHOW_WHOLE, swing, sizeof swing);
    fprintf(out, "  %-50s %11s %11s %16s %16s %16s\n", s->uncertain[k].key, low, high, at_low,
            at_high, swing);
}

void spsim_tornado_print(FILE *out, const spsim_scenario *s, const spsim_tornado *t)
{
    int *keys = malloc((size_t)t->n_keys * sizeof *keys);
    if (!keys) return;
    for (int c = 0; c < t->n_compared; c++) {
        char name[2 * SPSIM_NAME_MAX + 32], base[32];
        comparison_name(s, t, c, name, sizeof name);
        spsim_summary_format_number(t->base_inmb[c], SHOW_WHOLE, base, sizeof base);
        fprintf(out,
                "\nOne-way sensitivity: incremental net monetary benefit of %s (GBP, mean over "
                "%d replications; each key at its 2.5 %% and 97.5 %% quantile, every other at "
                "its mean)\n  base, every key at its mean: %s GBP\n",
                name, t->replications, base);
        fprintf(out, "  %-50s %11s %11s %16s %16s %16s\n", "key (largest swing first)", "low value",
                "high value", "INMB at low", "INMB at high", "swing");
        sort_by_swing(t, c, keys);
        for (int i = 0; i < t->n_keys; i++) print_row(out, s, t, keys[i], c);
    }
    free(keys);
}
