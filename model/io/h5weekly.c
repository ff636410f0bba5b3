/* The weekly datasets of each arm: every series (replication, week, locality) and every
 * breakdown (replication, week, locality, category) of the results tables, and their summaries
 * across replications. Names, units, descriptions and categories come from the tables. */
#include <stdio.h>
#include <stdlib.h>

#include "h5writer.h"
#include "../results/statistics.h"

/* A weekly dataset of an arm: a series (week, locality) or a breakdown (week, locality,
 * category); the file adds a leading replication dimension, its summary a statistic one. */
typedef struct {
    const spsim_series_info *info;
    int series;       /* index in the series table, or -1 */
    int breakdown;    /* index in the breakdown table, or -1 */
    int category_dim; /* the category's dimension, or -1 for a series */
    long per_cell;    /* values per (week, locality) cell: 1, or the category's size */
} weekly;

static weekly series_dataset(int sid)
{
    return (weekly){&spsim_series_table[sid], sid, -1, -1, 1};
}

static weekly breakdown_dataset(int b)
{
    spsim_category_id c = spsim_breakdown_table[b].category;
    return (weekly){&spsim_breakdown_table[b].info, -1, b, N_FIXED_DIMS + (int)c,
                    spsim_category_table[c].n};
}

static int weekly_rank(const weekly *ds)
{
    return ds->category_dim < 0 ? 3 : 4;
}

/* The dataset's values in replication r: [(week * L + locality) * per_cell + category]. */
static const double *weekly_values(const spsim_h5_writer *w, const weekly *ds, int arm, int r)
{
    const spsim_arm_results *res = &w->run->results[arm][r];
    return ds->breakdown >= 0 ? res->breakdowns[ds->breakdown] : res->series[ds->series];
}

/* Weekly datasets in file order: every series of the series table, then every breakdown. */
enum {
    N_WEEKLY = SPSIM_N_SERIES + SPSIM_N_BREAKDOWNS
};

static weekly weekly_dataset(int i)
{
    return i < SPSIM_N_SERIES ? series_dataset(i) : breakdown_dataset(i - SPSIM_N_SERIES);
}

static int count_error(spsim_h5_writer *w, const char *where, const weekly *ds, double v, int rep,
                       long index)
{
    long cell = index / ds->per_cell, week = cell / (long)w->n_loc, loc = cell % (long)w->n_loc;
    char category[96] = "";
    if (ds->category_dim >= 0) {
        const spsim_category_info *c = &spsim_category_table[ds->category_dim - N_FIXED_DIMS];
        snprintf(category, sizeof category, ", %s %s", c->name, c->keys[index % ds->per_cell]);
    }
    snprintf(w->err, w->errlen,
             "cannot store %s: replication %d, week %ld, locality %s%s holds "
             "%g, which is not a count that fits a 32-bit integer",
             where, rep, week, w->s->arms[0].localities[loc].name, category, v);
    return -1;
}

/* ---- the series group ---- */

/* Writes replication r of a weekly dataset into its chunk (1, W, L[, n]); counts go through the
 * count buffer, other values straight from the results. */
static int write_replication(spsim_h5_writer *w, hid_t d, hid_t mem, hid_t file_space,
                             const weekly *ds, int arm, int r, const char *where)
{
    const double *src = weekly_values(w, ds, arm, r);
    long n = (long)(w->n_weeks * w->n_loc) * ds->per_cell;
    if (ds->info->is_count)
        for (long i = 0; i < n; i++)
            if (spsim_h5w_to_count(src[i], &w->counts[i]) < 0)
                return count_error(w, where, ds, src[i], r, i);
    hsize_t start[4] = {(hsize_t)r, 0, 0, 0};
    hsize_t count[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    if (H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        H5Dwrite(d, ds->info->is_count ? H5T_NATIVE_INT32 : H5T_NATIVE_DOUBLE, mem, file_space,
                 H5P_DEFAULT, ds->info->is_count ? (const void *)w->counts : src) < 0) {
        snprintf(w->err, w->errlen, "cannot write replication %d of dataset %s", r, where);
        return -1;
    }
    return 0;
}

static int write_replications(spsim_h5_writer *w, hid_t d, const weekly *ds, int arm,
                              const char *where)
{
    int rank = weekly_rank(ds);
    hsize_t count[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    hid_t mem = H5Screate_simple(rank, count, NULL);
    hid_t file_space = H5Dget_space(d);
    int status = mem >= 0 && file_space >= 0 ? 0 : -1;
    if (status < 0) snprintf(w->err, w->errlen, "cannot make dataspaces for %s", where);
    for (int r = 0; r < (int)w->n_rep && status == 0; r++)
        status = write_replication(w, d, mem, file_space, ds, arm, r, where);
    if (file_space >= 0) H5Sclose(file_space);
    if (mem >= 0) H5Sclose(mem);
    return status;
}

/* One weekly dataset (replication, week, locality[, category]), written a replication (one
 * chunk) at a time so no buffer of the whole dataset is needed. */
static int write_weekly(spsim_h5_writer *w, hid_t group, int arm, const weekly *ds,
                        const char *arm_name)
{
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "series", ds->info->name);
    int rank = weekly_rank(ds);
    hsize_t dims[4] = {w->n_rep, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    hsize_t chunk[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    int ids[4] = {DIM_REPLICATION, DIM_WEEK, DIM_LOCALITY, ds->category_dim};
    hid_t type = ds->info->is_count ? H5T_STD_I32LE : H5T_IEEE_F64LE;
    hid_t d = spsim_h5w_create_dataset(w, group, ds->info->name, where, type, rank, dims, chunk);
    if (d < 0) return -1;
    int status = write_replications(w, d, ds, arm, where);
    if (status == 0) status = spsim_h5w_put_meta(w, d, where, ds->info);
    if (status == 0) status = spsim_h5w_attach_scales(w, d, where, rank, ids);
    if (H5Dclose(d) < 0 && status == 0) {
        snprintf(w->err, w->errlen, "cannot close dataset %s", where);
        status = -1;
    }
    return status;
}

/* ---- the summary group ---- */

/* Statistics across replications of every cell of one weekly dataset, NaNs ignored. Cells are
 * independent, so they are shared among threads; each result depends only on its cell, so the
 * file does not depend on the thread count. */
static int summarise(spsim_h5_writer *w, int arm, const weekly *ds)
{
    long cells = (long)(w->n_weeks * w->n_loc) * ds->per_cell;
    int n_rep = (int)w->n_rep;
    for (int r = 0; r < n_rep; r++) w->reps[r] = weekly_values(w, ds, arm, r);
    int out_of_memory = 0;
#pragma omp parallel
    {
        double *x = malloc((size_t)n_rep * sizeof *x);
        double *scratch = malloc((size_t)n_rep * sizeof *scratch);
#pragma omp for schedule(static)
        for (long c = 0; c < cells; c++) {
            if (!x || !scratch) {
#pragma omp atomic write
                out_of_memory = 1;
                continue;
            }
            double st[SPSIM_N_STATS];
            for (int r = 0; r < n_rep; r++) x[r] = w->reps[r][c];
            spsim_describe(x, (size_t)n_rep, scratch, st);
            for (int k = 0; k < SPSIM_N_STATS; k++) w->stats[k * cells + c] = st[k];
        }
        free(scratch);
        free(x);
    }
    if (out_of_memory)
        snprintf(w->err, w->errlen, "out of memory summarising series '%s' of arm '%s'",
                 ds->info->name, w->s->arms[arm].name);
    return out_of_memory ? -1 : 0;
}

static int write_summary(spsim_h5_writer *w, hid_t group, int arm, const weekly *ds,
                         const char *arm_name)
{
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "summary", ds->info->name);
    if (summarise(w, arm, ds) < 0) return -1;
    hsize_t dims[4] = {SPSIM_N_STATS, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    int ids[4] = {DIM_STATISTIC, DIM_WEEK, DIM_LOCALITY, ds->category_dim};
    return spsim_h5w_write_whole(w, group, where, ds->info, weekly_rank(ds), dims, ids, true,
                                 H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, w->stats);
}

int spsim_h5w_write_weekly(spsim_h5_writer *w, hid_t group, int arm, const char *arm_name)
{
    int status = 0;
    for (int i = 0; i < N_WEEKLY && status == 0; i++) {
        weekly ds = weekly_dataset(i);
        status = write_weekly(w, group, arm, &ds, arm_name);
    }
    return status;
}

int spsim_h5w_write_weekly_summaries(spsim_h5_writer *w, hid_t group, int arm, const char *arm_name)
{
    int status = 0;
    for (int i = 0; i < N_WEEKLY && status == 0; i++) {
        weekly ds = weekly_dataset(i);
        status = write_summary(w, group, arm, &ds, arm_name);
    }
    return status;
}

/* The largest number of values per (week, locality) cell of any weekly dataset. */
long spsim_h5w_largest_per_cell(void)
{
    long n = 1;
    for (int i = 0; i < N_WEEKLY; i++) {
        weekly ds = weekly_dataset(i);
        if (ds.per_cell > n) n = ds.per_cell;
    }
    return n;
}
