#include "count_table.h"

#include <gsl/gsl_cdf.h>

/* The guide: entry j is the first k whose cdf exceeds j / GUIDE. A u in [j, j + 1) / GUIDE has
 * its quantile there or later, and the search from it ends within the interval's counts. */
static void make_guide(spsim_count_table *t)
{
    int k = 0;
    for (int j = 0; j < SPSIM_COUNT_TABLE_GUIDE; j++) {
        double at = (double)j / SPSIM_COUNT_TABLE_GUIDE;
        while (t->cdf[k] <= at) k++; /* ends: cdf[n - 1] = 1 > at */
        t->guide[j] = (uint16_t)k;
    }
}

void spsim_count_table_negative_binomial(spsim_count_table *t, double p, double n, int max_count)
{
    if (max_count > SPSIM_COUNT_TABLE_MAX - 1) max_count = SPSIM_COUNT_TABLE_MAX - 1;
    int k = 0;
    for (; k < max_count; k++) {
        t->cdf[k] = gsl_cdf_negative_binomial_P((unsigned)k, p, n);
        if (t->cdf[k] >= 1.0) break;
    }
    t->cdf[k] = 1.0; /* the rest of the mass: beyond double precision, or beyond the cap */
    t->n = k + 1;
    make_guide(t);
}
