/* The money of each arm: datasets by financial year (replication, financial_year[, money_view]
 * [, cost_category | service]), the headline figures (replication), their summaries across
 * replications (statistic first), and the pre-post reductions (replication, locality, service).
 * Names, units and descriptions come from the economics and reduction tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "h5util.h"
#include "h5writer.h"
#include "../economics/economics.h"
#include "../results/statistics.h"

int spsim_h5w_check_money(const spsim_scenario *s, const spsim_run *run, char *err, size_t errlen)
{
    const struct spsim_economics *first = run->results[0][0].economics;
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++) {
            const struct spsim_economics *e = run->results[a][r].economics;
            if (!e) {
                snprintf(err, errlen,
                         "cannot write results: arm '%s' replication %d has no "
                         "money by financial year",
                         s->arms[a].name, r);
                return -1;
            }
            if (e->first_year != first->first_year || e->n_years != first->n_years ||
                e->n_years < 1) {
                snprintf(err, errlen,
                         "cannot write results: arm '%s' replication %d has %d "
                         "financial years from %d, arm '%s' replication 0 %d from %d",
                         s->arms[a].name, r, e->n_years, e->first_year, s->arms[0].name,
                         first->n_years, first->first_year);
                return -1;
            }
        }
    return 0;
}

/* ---- writing arrays ---- */

int spsim_h5w_write_values(spsim_h5_writer *w, hid_t group, const char *where,
                           const spsim_series_info *info, int rank, const hsize_t *dims,
                           const int *ids, const double *values)
{
    size_t n = 1;
    for (int i = 0; i < rank; i++) n *= dims[i];
    if (!info->is_count)
        return spsim_h5w_write_whole(w, group, where, info, rank, dims, ids, false, H5T_IEEE_F64LE,
                                     H5T_NATIVE_DOUBLE, values);
    int32_t *counts = calloc(n > 0 ? n : 1, sizeof *counts);
    if (!counts) {
        snprintf(w->err, w->errlen, "out of memory writing %s", where);
        return -1;
    }
    int status = 0;
    for (size_t i = 0; i < n && status == 0; i++)
        if (spsim_h5w_to_count(values[i], &counts[i]) < 0) {
            snprintf(w->err, w->errlen,
                     "cannot store %s: replication %zu holds %g, which is "
                     "not a count that fits a 32-bit integer",
                     where, i / (n / (size_t)dims[0]), values[i]);
            status = -1;
        }
    if (status == 0)
        status = spsim_h5w_write_whole(w, group, where, info, rank, dims, ids, false, H5T_STD_I32LE,
                                       H5T_NATIVE_INT32, counts);
    free(counts);
    return status;
}

int spsim_h5w_write_statistics(spsim_h5_writer *w, hid_t group, const char *where,
                               const spsim_series_info *info, int rank, const hsize_t *dims,
                               const int *ids, const double *values)
{
    size_t n_rep = (size_t)dims[0], cells = 1;
    for (int i = 1; i < rank; i++) cells *= dims[i];
    double *stats = malloc(SPSIM_N_STATS * cells * sizeof *stats);
    double *x = malloc(n_rep * sizeof *x), *scratch = malloc(n_rep * sizeof *scratch);
    int status = -1;
    if (!stats || !x || !scratch) {
        snprintf(w->err, w->errlen, "out of memory summarising %s", where);
    } else {
        for (size_t c = 0; c < cells; c++) {
            double st[SPSIM_N_STATS];
            for (size_t r = 0; r < n_rep; r++) x[r] = values[r * cells + c];
            spsim_describe(x, n_rep, scratch, st);
            for (int k = 0; k < SPSIM_N_STATS; k++) stats[k * cells + c] = st[k];
        }
        hsize_t sdims[4] = {SPSIM_N_STATS, 0, 0, 0};
        int sids[4] = {DIM_STATISTIC, 0, 0, 0};
        for (int i = 1; i < rank; i++) {
            sdims[i] = dims[i];
            sids[i] = ids[i];
        }
        spsim_series_info summary = *info;
        summary.is_count = false;
        status = spsim_h5w_write_whole(w, group, where, &summary, rank, sdims, sids, false,
                                       H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, stats);
    }
    free(scratch);
    free(x);
    free(stats);
    return status;
}

/* ---- the groups ---- */

typedef struct {
    hid_t values, summary; /* open groups */
    const char *values_name, *summary_name;
} group_pair;

/* Shape of a measure by financial year: (replication, financial_year[, view][, split]). */
static int fy_shape(const spsim_h5_writer *w, spsim_fy_measure m, hsize_t *dims, int *ids)
{
    const spsim_fy_measure_info *info = &spsim_fy_measure_table[m];
    int rank = 0;
    dims[rank] = w->n_rep;
    ids[rank++] = DIM_REPLICATION;
    dims[rank] = (hsize_t)w->run->results[0][0].economics->n_years;
    ids[rank++] = DIM_FINANCIAL_YEAR;
    if (info->by_view) {
        dims[rank] = SPSIM_N_MONEY_VIEWS;
        ids[rank++] = DIM_MONEY_VIEW;
    }
    if (info->split != SPSIM_FY_WHOLE) {
        dims[rank] = (hsize_t)spsim_fy_split_size(info->split);
        ids[rank++] = info->split == SPSIM_FY_BY_SERVICE ? DIM_SERVICE : DIM_COST_CATEGORY;
    }
    return rank;
}

static int write_fy_measure(spsim_h5_writer *w, const group_pair *g, int arm, spsim_fy_measure m,
                            const char *arm_name)
{
    const spsim_series_info *info = &spsim_fy_measure_table[m].info;
    hsize_t dims[4];
    int ids[4];
    int rank = fy_shape(w, m, dims, ids);
    size_t per_rep =
        (size_t)w->run->results[0][0].economics->n_years * (size_t)spsim_fy_measure_per_year(m);
    double *values = calloc((size_t)w->n_rep * per_rep, sizeof *values);
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, g->values_name, info->name);
    if (!values) {
        snprintf(w->err, w->errlen, "out of memory writing %s", where);
        return -1;
    }
    for (hsize_t r = 0; r < w->n_rep; r++)
        for (size_t i = 0; i < per_rep; i++)
            values[r * per_rep + i] = w->run->results[arm][r].economics->fy[m][i];
    int status = spsim_h5w_write_values(w, g->values, where, info, rank, dims, ids, values);
    if (status == 0) {
        spsim_h5w_arm_path(where, arm_name, g->summary_name, info->name);
        status = spsim_h5w_write_statistics(w, g->summary, where, info, rank, dims, ids, values);
    }
    free(values);
    return status;
}

/* The price behind a money headline, as an attribute of its values, so that a reader (and the
 * summary) can say what WELLBYs were valued at: net monetary benefit's willingness to pay, the
 * wellbeing value's WELLBY value at the price year (both GBP per WELLBY). */
static int put_wellby_price(spsim_h5_writer *w, hid_t group, int arm, spsim_headline_id h,
                            const char *where)
{
    const spsim_economics_params *p = &w->s->arms[arm].economics;
    const char *attr = NULL;
    double value = NAN;
    if (h == SPSIM_HEADLINE_NET_MONETARY_BENEFIT || h == SPSIM_HEADLINE_NMB_WELLBEING) {
        attr = "willingness_to_pay_gbp_per_wellby";
        value = p->willingness_to_pay_per_wellby_gbp;
    } else if (h == SPSIM_HEADLINE_WELLBEING_VALUE) {
        attr = "wellby_value_gbp";
        value = spsim_wellby_value_at_price_year(p);
    }
    if (!attr) return 0;
    hid_t d = H5Dopen2(group, spsim_headline_table[h].name, H5P_DEFAULT);
    if (d < 0) {
        snprintf(w->err, w->errlen, "cannot open dataset %s", where);
        return -1;
    }
    int status = spsim_h5_put_double(d, where, attr, value, w->err, w->errlen);
    H5Dclose(d);
    return status;
}

static int write_headline(spsim_h5_writer *w, const group_pair *g, int arm, spsim_headline_id h,
                          const char *arm_name)
{
    const spsim_series_info *info = &spsim_headline_table[h];
    double *values = w->per_rep; /* R doubles, free for use here */
    for (hsize_t r = 0; r < w->n_rep; r++)
        values[r] = w->run->results[arm][r].economics->headlines[h];
    hsize_t dims[1] = {w->n_rep};
    int ids[1] = {DIM_REPLICATION};
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, g->values_name, info->name);
    if (spsim_h5w_write_values(w, g->values, where, info, 1, dims, ids, values) < 0 ||
        put_wellby_price(w, g->values, arm, h, where) < 0)
        return -1;
    spsim_h5w_arm_path(where, arm_name, g->summary_name, info->name);
    return spsim_h5w_write_statistics(w, g->summary, where, info, 1, dims, ids, values);
}

static int write_reduction(spsim_h5_writer *w, hid_t group, int arm, spsim_reduction_measure m,
                           const char *arm_name)
{
    const spsim_series_info *info = &spsim_reduction_table[m];
    size_t per_rep = (size_t)w->n_loc * SPSIM_N_SERVICES;
    double *values = calloc((size_t)w->n_rep * per_rep, sizeof *values);
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "reductions", info->name);
    if (!values) {
        snprintf(w->err, w->errlen, "out of memory writing %s", where);
        return -1;
    }
    for (hsize_t r = 0; r < w->n_rep; r++)
        for (size_t i = 0; i < per_rep; i++)
            values[r * per_rep + i] = w->run->results[arm][r].reductions[m][i];
    hsize_t dims[3] = {w->n_rep, w->n_loc, SPSIM_N_SERVICES};
    int ids[3] = {DIM_REPLICATION, DIM_LOCALITY, DIM_SERVICE};
    int status = spsim_h5w_write_values(w, group, where, info, 3, dims, ids, values);
    free(values);
    return status;
}

/* Opens the pair of groups (values and their summary) under the arm group. */
static int open_pair(spsim_h5_writer *w, hid_t arm_group, const char *arm_name, group_pair *g)
{
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, g->values_name, NULL);
    g->values = spsim_h5w_create_group(w, arm_group, g->values_name, where);
    if (g->values < 0) return -1;
    spsim_h5w_arm_path(where, arm_name, g->summary_name, NULL);
    g->summary = spsim_h5w_create_group(w, arm_group, g->summary_name, where);
    return g->summary < 0 ? -1 : 0;
}

static void close_pair(group_pair *g)
{
    if (g->values >= 0) H5Gclose(g->values);
    if (g->summary >= 0) H5Gclose(g->summary);
}

static int write_reductions(spsim_h5_writer *w, hid_t arm_group, int arm, const char *arm_name)
{
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "reductions", NULL);
    hid_t g = spsim_h5w_create_group(w, arm_group, "reductions", where);
    int status = g < 0 ? -1 : 0;
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES && status == 0; m++)
        status = write_reduction(w, g, arm, m, arm_name);
    if (g >= 0) H5Gclose(g);
    return status;
}

int spsim_h5w_write_money(spsim_h5_writer *w, hid_t arm_group, int arm, const char *arm_name)
{
    group_pair years = {-1, -1, "financial_years", "financial_years_summary"};
    int status = open_pair(w, arm_group, arm_name, &years);
    for (int m = 0; m < SPSIM_N_FY_MEASURES && status == 0; m++)
        status = write_fy_measure(w, &years, arm, m, arm_name);
    close_pair(&years);
    if (status < 0) return -1;

    group_pair headlines = {-1, -1, "headlines", "headlines_summary"};
    status = open_pair(w, arm_group, arm_name, &headlines);
    for (int h = 0; h < SPSIM_N_HEADLINES && status == 0; h++)
        status = write_headline(w, &headlines, arm, h, arm_name);
    close_pair(&headlines);
    if (status < 0) return -1;
    return write_reductions(w, arm_group, arm, arm_name);
}
