/* Paired comparisons of arms: for every two arms, first before second in scenario order, the
 * group /comparisons/<first>_minus_<second> with the differences of the headline figures
 * (replication) and their summaries (statistic, with the probability that the first arm is
 * better), the difference in discounted total cost of each financial year, and the incremental
 * ratios (what the first arm's extra cost buys). */
#include <stdio.h>
#include <stdlib.h>

#include "h5util.h"
#include "h5writer.h"
#include "../economics/compare.h"
#include "../results/statistics.h"

enum {
    DESCRIPTION_MAX = 512
};

/* "/comparisons/PAIR/GROUP/NAME" (NULL group or name: shorter), for messages. */
static void pair_path(char where[WHERE_MAX], const char *pair, const char *group, const char *name)
{
    if (!group)
        snprintf(where, WHERE_MAX, "/comparisons/%.135s", pair);
    else if (!name)
        snprintf(where, WHERE_MAX, "/comparisons/%.135s/%.24s", pair, group);
    else
        snprintf(where, WHERE_MAX, "/comparisons/%.100s/%.24s/%.40s", pair, group, name);
}

/* The headline's row as a difference: same name and units, its description prefixed. */
static spsim_series_info difference_info(const spsim_series_info *info,
                                         char description[DESCRIPTION_MAX])
{
    snprintf(description, DESCRIPTION_MAX, "first arm minus second, per replication: %s",
             info->description);
    spsim_series_info d = *info;
    d.description = description;
    return d;
}

/* Attributes of a headline summary: which way is better and P(first better). */
static int put_better(spsim_h5_writer *w, hid_t group, const char *name, const char *where,
                      spsim_headline_id h, double probability)
{
    hid_t d = H5Dopen2(group, name, H5P_DEFAULT);
    if (d < 0) {
        snprintf(w->err, w->errlen, "cannot open dataset %s", where);
        return -1;
    }
    int status = spsim_h5_put_string(d, where, "better",
                                     spsim_direction_key[spsim_headline_direction[h] + 1], w->err,
                                     w->errlen);
    if (status == 0)
        status = spsim_h5_put_double(d, where, "probability_first_better", probability, w->err,
                                     w->errlen);
    H5Dclose(d);
    return status;
}

static int write_headline(spsim_h5_writer *w, hid_t values, hid_t summary, const char *pair,
                          const spsim_comparison *c, spsim_headline_id h)
{
    char description[DESCRIPTION_MAX], where[WHERE_MAX];
    spsim_series_info info = difference_info(&spsim_headline_table[h], description);
    double *x = w->per_rep; /* R doubles, free for use here */
    for (int r = 0; r < c->n_replications; r++) x[r] = c->headlines[r * SPSIM_N_HEADLINES + h];
    hsize_t dims[1] = {w->n_rep};
    int ids[1] = {DIM_REPLICATION};
    pair_path(where, pair, "headlines", info.name);
    if (spsim_h5w_write_values(w, values, where, &info, 1, dims, ids, x) < 0) return -1;
    pair_path(where, pair, "headlines_summary", info.name);
    if (spsim_h5w_write_statistics(w, summary, where, &info, 1, dims, ids, x) < 0) return -1;
    return put_better(w, summary, info.name, where, h, c->probability_first_better[h]);
}

static const spsim_series_info cost_by_year_info = {
    "total_cost_by_year", "GBP",
    "first arm minus second, per replication: cost in the financial year, all categories, "
    "real terms, discounted",
    false};
static const spsim_series_info cost_by_year_summary_info = {
    "total_cost_by_year_summary", "GBP",
    "first arm minus second, statistics across replications: cost in the financial "
    "year, all categories, real terms, discounted",
    false};

static int write_cost_by_year(spsim_h5_writer *w, hid_t g, const char *pair,
                              const spsim_comparison *c)
{
    char where[WHERE_MAX];
    hsize_t dims[2] = {w->n_rep, (hsize_t)c->n_years};
    int ids[2] = {DIM_REPLICATION, DIM_FINANCIAL_YEAR};
    pair_path(where, pair, cost_by_year_info.name, NULL);
    if (spsim_h5w_write_values(w, g, where, &cost_by_year_info, 2, dims, ids,
                               c->total_cost_by_year) < 0)
        return -1;
    pair_path(where, pair, cost_by_year_summary_info.name, NULL);
    return spsim_h5w_write_statistics(w, g, where, &cost_by_year_summary_info, 2, dims, ids,
                                      c->total_cost_by_year);
}

/* The attributes of an incremental ratio's summary: the ratio of the mean differences and
 * whether the denominator's difference kept its sign in every replication. */
static int put_incremental(spsim_h5_writer *w, hid_t g, const char *name, const char *where,
                           const spsim_comparison *c, int k)
{
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) {
        snprintf(w->err, w->errlen, "cannot open dataset %s", where);
        return -1;
    }
    int status = spsim_h5_put_double(d, where, "ratio_of_mean_differences",
                                     c->incremental_of_means[k], w->err, w->errlen);
    if (status == 0)
        status = spsim_h5_put_int(d, where, "denominator_keeps_sign",
                                  c->denominator_keeps_sign[k] ? 1 : 0, w->err, w->errlen);
    H5Dclose(d);
    return status;
}

/* Each incremental ratio per replication, and its statistics across replications with the
 * ratio of the mean differences. */
static int write_incremental(spsim_h5_writer *w, hid_t g, const char *pair,
                             const spsim_comparison *c, int k)
{
    const spsim_series_info *info = &spsim_incremental_table[k].info;
    char where[WHERE_MAX], name[96], description[DESCRIPTION_MAX];
    double *x = w->per_rep;
    for (int r = 0; r < c->n_replications; r++) x[r] = c->incremental[r * SPSIM_N_INCREMENTAL + k];
    hsize_t dims[1] = {w->n_rep};
    int ids[1] = {DIM_REPLICATION};
    pair_path(where, pair, info->name, NULL);
    if (spsim_h5w_write_values(w, g, where, info, 1, dims, ids, x) < 0) return -1;
    snprintf(name, sizeof name, "%s_summary", info->name);
    snprintf(description, sizeof description,
             "statistics across replications of the per-replication ratio; attribute "
             "ratio_of_mean_differences: mean numerator difference / mean denominator difference "
             "(%s)",
             info->units);
    spsim_series_info summary = {name, info->units, description, false};
    pair_path(where, pair, name, NULL);
    if (spsim_h5w_write_statistics(w, g, where, &summary, 1, dims, ids, x) < 0) return -1;
    return put_incremental(w, g, name, where, c, k);
}

static int write_headlines(spsim_h5_writer *w, hid_t g, const char *pair, const spsim_comparison *c)
{
    char where[WHERE_MAX];
    pair_path(where, pair, "headlines", NULL);
    hid_t values = spsim_h5w_create_group(w, g, "headlines", where);
    pair_path(where, pair, "headlines_summary", NULL);
    hid_t summary = values < 0 ? -1 : spsim_h5w_create_group(w, g, "headlines_summary", where);
    int status = summary < 0 ? -1 : 0;
    for (int h = 0; h < SPSIM_N_HEADLINES && status == 0; h++)
        status = write_headline(w, values, summary, pair, c, h);
    if (summary >= 0) H5Gclose(summary);
    if (values >= 0) H5Gclose(values);
    return status;
}

static int write_pair(spsim_h5_writer *w, hid_t comparisons, int first, int second)
{
    const char *a = w->s->arms[first].name, *b = w->s->arms[second].name;
    char pair[2 * SPSIM_NAME_MAX + 8], where[WHERE_MAX];
    snprintf(pair, sizeof pair, "%s_minus_%s", a, b);
    spsim_comparison c;
    if (spsim_compare_arms(w->run->results[first], w->run->results[second], w->run->n_replications,
                           &c) < 0) {
        snprintf(w->err, w->errlen, "cannot compare arms '%s' and '%s': out of memory", a, b);
        return -1;
    }
    pair_path(where, pair, NULL, NULL);
    hid_t g = spsim_h5w_create_group(w, comparisons, pair, where);
    int status = g < 0 ? -1 : 0;
    if (status == 0) status = spsim_h5_put_string(g, where, "first", a, w->err, w->errlen);
    if (status == 0) status = spsim_h5_put_string(g, where, "second", b, w->err, w->errlen);
    if (status == 0) status = write_headlines(w, g, pair, &c);
    if (status == 0) status = write_cost_by_year(w, g, pair, &c);
    for (int k = 0; k < SPSIM_N_INCREMENTAL && status == 0; k++)
        status = write_incremental(w, g, pair, &c, k);
    if (g >= 0) H5Gclose(g);
    spsim_comparison_free(&c);
    return status;
}

int spsim_h5w_write_comparisons(spsim_h5_writer *w)
{
    hid_t g = spsim_h5w_create_group(w, w->file, "comparisons", "/comparisons");
    int status = g < 0 ? -1 : 0;
    for (int a = 0; a < w->s->n_arms && status == 0; a++)
        for (int b = a + 1; b < w->s->n_arms && status == 0; b++) status = write_pair(w, g, a, b);
    if (g >= 0) H5Gclose(g);
    return status;
}
