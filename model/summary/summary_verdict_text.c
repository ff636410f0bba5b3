/* The words and numbers of the verdict (summary_verdict.c): lines wrapped at 100 columns, money
 * as people read it, the incremental ratio against the reference with its dominance cases, and
 * the ranking of the arms. */
#include "summary_print.h"

#include <math.h>
#include <string.h>

void spsim_verdict_wrap(FILE *out, const char *first, const char *rest, const char *text)
{
    const char *indent = first;
    size_t column = 0;
    while (*text) {
        size_t word = strcspn(text, " ");
        if (word > 0) {
            if (column > 0 && column + 1 + word > SPSIM_VERDICT_COLUMNS) {
                fputc('\n', out);
                column = 0;
                indent = rest;
            }
            if (column == 0)
                column = (size_t)fprintf(out, "%s%.*s", indent, (int)word, text);
            else
                column += (size_t)fprintf(out, " %.*s", (int)word, text);
        }
        text += word;
        text += strspn(text, " ");
    }
    fputc('\n', out);
}

void spsim_verdict_format_money(double gbp, char *buf, size_t len)
{
    if (isfinite(gbp) && fabs(gbp) >= 1e6) {
        char millions[48];
        spsim_summary_format_number(gbp / 1e6, SHOW_ONE_DECIMAL, millions, sizeof millions);
        snprintf(buf, len, "%s million", millions);
    } else {
        spsim_summary_format_number(gbp, SHOW_WHOLE, buf, len);
    }
}

void spsim_verdict_format_incremental(const spsim_verdict_arm *a, char *buf, size_t len)
{
    double dw = a->d_wellbys, dc = a->d_net_cost;
    char ratio[48];
    spsim_summary_format_number(a->incremental, SHOW_WHOLE, ratio, sizeof ratio);
    if (!isfinite(dw) || !isfinite(dc) || dw == 0)
        snprintf(buf, len, "n/a");
    else if (dw > 0 && dc <= 0)
        snprintf(buf, len, "dominates");
    else if (dw < 0 && dc >= 0)
        snprintf(buf, len, "dominated");
    else if (dw < 0)
        snprintf(buf, len, "%s (fewer)", ratio);
    else
        snprintf(buf, len, "%s", ratio);
}

/* Whether arm x ranks above arm y: a higher net monetary benefit, a number above NaN. */
static bool above(const spsim_verdict_arm *x, const spsim_verdict_arm *y)
{
    if (isnan(x->nmb)) return false;
    return isnan(y->nmb) || x->nmb > y->nmb;
}

void spsim_verdict_rank(const spsim_verdict_arm *arms, int n_arms, int *order)
{
    /* insertion sort: stable, so ties keep file order, and there are at most 16 arms */
    for (int i = 0; i < n_arms; i++) {
        int j = i;
        for (; j > 0 && above(&arms[i], &arms[order[j - 1]]); j--) order[j] = order[j - 1];
        order[j] = i;
    }
}
