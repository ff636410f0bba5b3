/* The weekly datasets of each arm: every series (replication, week, locality) and every
 * breakdown (replication, week, locality, category) of the results tables, and their summaries
 * across replications. Names, units, descriptions and categories come from the tables.
 *
 * The series are streamed: each replication is written into its slot of the store (the
 * output's own datasets under --keep all, otherwise a scratch file beside it) as soon as it is
 * done, and the summaries are computed at the end by reading the store back a block of weeks
 * at a time, so memory does not grow with the number of replications. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5_hl.h>

#include "h5util.h"
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

/* ---- the store: every replication's series, written as each is done ---- */

static hid_t store_set(const spsim_h5_writer *w, int arm, int i)
{
    return w->store[arm * N_WEEKLY + i];
}

/* Whether every byte of values[0, bytes) is zero: a count of 0 or a value of +0.0, which an
 * unwritten chunk reads back as (the fill value); -0.0 and NaN are written. */
static bool all_zero_bytes(const void *values, size_t bytes)
{
    const unsigned char *b = values;
    unsigned char any = 0;
    for (size_t i = 0; i < bytes; i++) any |= b[i];
    return any == 0;
}

/* Writes replication r of a weekly dataset into its chunk (1, W, L[, n]); counts go through the
 * count buffer, other values straight from the results. A replication of zeros is left unwritten
 * once the dataset has a chunk: most series of a scheme without community activity or outcomes
 * are zero, and compressing them was most of the write's time. */
static int write_replication(spsim_h5_writer *w, hid_t d, hid_t mem, hid_t file_space,
                             const weekly *ds, int arm, int r, bool *written, const char *where)
{
    const double *src = weekly_values(w, ds, arm, r);
    if (!src) {
        snprintf(w->err, w->errlen, "cannot write replication %d of %s: its series are gone", r,
                 where);
        return -1;
    }
    long n = (long)(w->n_weeks * w->n_loc) * ds->per_cell;
    if (ds->info->is_count)
        for (long i = 0; i < n; i++)
            if (spsim_h5w_to_count(src[i], &w->counts[i]) < 0)
                return count_error(w, where, ds, src[i], r, i);
    const void *values = ds->info->is_count ? (const void *)w->counts : src;
    size_t bytes = (size_t)n * (ds->info->is_count ? sizeof *w->counts : sizeof *src);
    if (*written && all_zero_bytes(values, bytes)) return 0;
    hsize_t start[4] = {(hsize_t)r, 0, 0, 0};
    hsize_t count[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    if (H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        H5Dwrite(d, ds->info->is_count ? H5T_NATIVE_INT32 : H5T_NATIVE_DOUBLE, mem, file_space,
                 H5P_DEFAULT, values) < 0) {
        snprintf(w->err, w->errlen, "cannot write replication %d of dataset %s", r, where);
        return -1;
    }
    *written = true;
    return 0;
}

/* A store dataset (replication, week, locality[, category]) sized for the run, growable (a
 * partial file shrinks it to the replications done), one chunk per replication, and with no
 * chunk cache: each replication is compressed and written when it arrives, never held. */
static hid_t create_store_dataset(spsim_h5_writer *w, hid_t group, const weekly *ds,
                                  const char *where)
{
    int rank = weekly_rank(ds);
    hsize_t dims[4] = {w->n_rep, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    hsize_t max[4] = {H5S_UNLIMITED, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    hsize_t chunk[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    hid_t space = H5Screate_simple(rank, dims, max);
    hid_t dcpl = spsim_h5_untimed_props(H5P_DATASET_CREATE), dapl = H5Pcreate(H5P_DATASET_ACCESS);
    hid_t d = -1;
    if (space < 0 || dcpl < 0 || dapl < 0 || H5Pset_chunk(dcpl, rank, chunk) < 0 ||
        H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, 1) < 0 ||
        H5Pset_chunk_cache(dapl, 0, 0, 1.0) < 0)
        snprintf(w->err, w->errlen, "cannot set up the layout of %s", where);
    else if ((d = H5Dcreate2(group, ds->info->name,
                             ds->info->is_count ? H5T_STD_I32LE : H5T_IEEE_F64LE, space,
                             H5P_DEFAULT, dcpl, dapl)) < 0)
        snprintf(w->err, w->errlen, "cannot create dataset %s", where);
    if (dapl >= 0) H5Pclose(dapl);
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    return d;
}

static int create_arm_store(spsim_h5_writer *w, hid_t arms, int arm)
{
    const char *name = w->s->arms[arm].name;
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, name, NULL, NULL);
    hid_t g = spsim_h5w_group(w, arms, name, where);
    spsim_h5w_arm_path(where, name, "series", NULL);
    hid_t series = g < 0 ? -1 : spsim_h5w_group(w, g, "series", where);
    int status = series < 0 ? -1 : 0;
    for (int i = 0; i < N_WEEKLY && status == 0; i++) {
        weekly ds = weekly_dataset(i);
        spsim_h5w_arm_path(where, name, "series", ds.info->name);
        w->store[arm * N_WEEKLY + i] = create_store_dataset(w, series, &ds, where);
        if (w->store[arm * N_WEEKLY + i] < 0) status = -1;
    }
    if (series >= 0) H5Gclose(series);
    if (g >= 0) H5Gclose(g);
    return status;
}

int spsim_h5w_store_create(spsim_h5_writer *w, hid_t file)
{
    hid_t arms = spsim_h5w_group(w, file, "arms", "/arms");
    int status = arms < 0 ? -1 : 0;
    for (int a = 0; a < w->s->n_arms && status == 0; a++) status = create_arm_store(w, arms, a);
    if (arms >= 0) H5Gclose(arms);
    return status;
}

int spsim_h5w_store_size(int n_arms)
{
    return n_arms * N_WEEKLY;
}

int spsim_h5w_store_put(spsim_h5_writer *w, int rep)
{
    int status = 0;
    for (int a = 0; a < w->s->n_arms && status == 0; a++)
        for (int i = 0; i < N_WEEKLY && status == 0; i++) {
            weekly ds = weekly_dataset(i);
            char where[WHERE_MAX];
            spsim_h5w_arm_path(where, w->s->arms[a].name, "series", ds.info->name);
            hsize_t count[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds.per_cell};
            hid_t d = store_set(w, a, i);
            hid_t mem = H5Screate_simple(weekly_rank(&ds), count, NULL);
            hid_t file_space = H5Dget_space(d);
            if (mem < 0 || file_space < 0) {
                snprintf(w->err, w->errlen, "cannot make dataspaces for %s", where);
                status = -1;
            } else {
                status = write_replication(w, d, mem, file_space, &ds, a, rep,
                                           &w->store_written[a * N_WEEKLY + i], where);
            }
            if (file_space >= 0) H5Sclose(file_space);
            if (mem >= 0) H5Sclose(mem);
        }
    return status;
}

/* Copies replications [0, n) of weekly dataset `from` into `to`, one replication (one chunk) at
 * a time, in the native type of the file's (int32 or float64): the values are not touched. */
static int copy_replications(spsim_h5_writer *w, hid_t from, hid_t to, const weekly *ds, hsize_t n,
                             const char *where)
{
    hsize_t count[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    hid_t mtype = ds->info->is_count ? H5T_NATIVE_INT32 : H5T_NATIVE_DOUBLE;
    double *buf = malloc((size_t)(w->n_weeks * w->n_loc) * (size_t)ds->per_cell * sizeof *buf);
    hid_t mem = H5Screate_simple(weekly_rank(ds), count, NULL);
    hid_t src = H5Dget_space(from), dst = H5Dget_space(to);
    int status = buf && mem >= 0 && src >= 0 && dst >= 0 ? 0 : -1;
    if (status < 0) snprintf(w->err, w->errlen, "out of memory copying %s", where);
    for (hsize_t r = 0; r < n && status == 0; r++) {
        hsize_t start[4] = {r, 0, 0, 0};
        if (H5Sselect_hyperslab(src, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
            H5Sselect_hyperslab(dst, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
            H5Dread(from, mtype, mem, src, H5P_DEFAULT, buf) < 0 ||
            H5Dwrite(to, mtype, mem, dst, H5P_DEFAULT, buf) < 0) {
            snprintf(w->err, w->errlen, "cannot copy replication %llu of %s", (unsigned long long)r,
                     where);
            status = -1;
        }
    }
    if (dst >= 0) H5Sclose(dst);
    if (src >= 0) H5Sclose(src);
    if (mem >= 0) H5Sclose(mem);
    free(buf);
    return status;
}

/* The weekly dataset `where` of an earlier (partial) file, checked to hold `completed`
 * replications of this run's shape. */
static hid_t open_partial_dataset(spsim_h5_writer *w, hid_t file, const weekly *ds,
                                  const char *where, int completed)
{
    hid_t d = H5Dopen2(file, where, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hsize_t dims[4] = {0, 0, 0, 0};
    int rank = space < 0 ? -1 : H5Sget_simple_extent_dims(space, dims, NULL);
    if (space >= 0) H5Sclose(space);
    if (rank == weekly_rank(ds) && dims[0] >= (hsize_t)completed && dims[1] == w->n_weeks &&
        dims[2] == w->n_loc && (rank == 3 || dims[3] == (hsize_t)ds->per_cell))
        return d;
    snprintf(w->err, w->errlen,
             "cannot resume: %s is missing from the partial file or does not hold %d "
             "replications of %llu weeks and %llu localities",
             where, completed, (unsigned long long)w->n_weeks, (unsigned long long)w->n_loc);
    if (d >= 0) H5Dclose(d);
    return -1;
}

int spsim_h5w_store_restore(spsim_h5_writer *w, hid_t partial, int completed)
{
    int status = 0;
    for (int a = 0; a < w->s->n_arms && status == 0; a++)
        for (int i = 0; i < N_WEEKLY && status == 0; i++) {
            weekly ds = weekly_dataset(i);
            char where[WHERE_MAX];
            spsim_h5w_arm_path(where, w->s->arms[a].name, "series", ds.info->name);
            hid_t from = open_partial_dataset(w, partial, &ds, where, completed);
            status = from < 0 ? -1
                              : copy_replications(w, from, store_set(w, a, i), &ds,
                                                  (hsize_t)completed, where);
            if (status == 0 && completed > 0) w->store_written[a * N_WEEKLY + i] = true;
            if (from >= 0) H5Dclose(from);
        }
    return status;
}

/* ---- the series group ---- */

/* The series group's own replication scale when the file keeps only the first n_kept
 * replications' series (--keep sample:N): numbered 0 .. n_kept - 1, like the root's. */
static int sample_scale(spsim_h5_writer *w, hid_t group, const char *where)
{
    hsize_t n = w->n_kept;
    int32_t *index = malloc(n * sizeof *index);
    hid_t d =
        index ? spsim_h5w_create_dataset(w, group, "replication", where, H5T_STD_I32LE, 1, &n, NULL)
              : -1;
    if (!index) snprintf(w->err, w->errlen, "out of memory writing %s", where);
    int status = d < 0 ? -1 : 0;
    for (hsize_t i = 0; i < n && index; i++) index[i] = (int32_t)i;
    if (status == 0 && (H5Dwrite(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, index) < 0 ||
                        H5DSset_scale(d, "replication") < 0)) {
        snprintf(w->err, w->errlen, "cannot write dimension scale %s", where);
        status = -1;
    }
    if (status == 0)
        status = spsim_h5_put_string(d, where, "long_name",
                                     "replication (the first of the run, whose series are kept)",
                                     w->err, w->errlen);
    if (status == 0) status = spsim_h5_put_string(d, where, "units", "1", w->err, w->errlen);
    free(index);
    if (status < 0) {
        if (d >= 0) H5Dclose(d);
        return -1;
    }
    char group_path[WHERE_MAX];
    snprintf(group_path, sizeof group_path, "%s", where);
    *strrchr(group_path, '/') = '\0';
    spsim_h5w_close_local_scales(w);
    snprintf(w->local_group, sizeof w->local_group, "%s", group_path);
    w->local[DIM_REPLICATION] = d;
    return 0;
}

/* A weekly dataset of the output: the store's own, cut to the replications the file holds
 * (--keep all), or a new one the first n_kept replications are copied into from the scratch
 * store. Then its units, description and scales. */
static int write_weekly(spsim_h5_writer *w, hid_t group, int arm, int i, const char *arm_name)
{
    weekly ds = weekly_dataset(i);
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "series", ds.info->name);
    int rank = weekly_rank(&ds);
    hsize_t dims[4] = {w->n_kept, w->n_weeks, w->n_loc, (hsize_t)ds.per_cell};
    hsize_t chunk[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds.per_cell};
    int ids[4] = {DIM_REPLICATION, DIM_WEEK, DIM_LOCALITY, ds.category_dim};
    hid_t d = -1;
    int status = 0;
    if (w->store_is_output) {
        d = store_set(w, arm, i);
        if (H5Dset_extent(d, dims) < 0) {
            snprintf(w->err, w->errlen, "cannot size dataset %s", where);
            return -1;
        }
    } else {
        hid_t type = ds.info->is_count ? H5T_STD_I32LE : H5T_IEEE_F64LE;
        d = spsim_h5w_create_dataset(w, group, ds.info->name, where, type, rank, dims, chunk);
        if (d < 0) return -1;
        status = copy_replications(w, store_set(w, arm, i), d, &ds, w->n_kept, where);
    }
    if (status == 0) status = spsim_h5w_put_meta(w, d, where, ds.info);
    if (status == 0) status = spsim_h5w_attach_scales(w, d, where, rank, ids);
    if (!w->store_is_output && H5Dclose(d) < 0 && status == 0) {
        snprintf(w->err, w->errlen, "cannot close dataset %s", where);
        status = -1;
    }
    return status;
}

/* ---- the summary group ---- */

enum {
    /* Doubles read back at once to summarise a dataset (32 MB): a block of weeks of every
     * replication; a run too large for one week at a time still reads one week. */
    SUMMARY_BLOCK_VALUES = 4 << 20
};

/* Reads weeks [week, week + n) of every replication of the store dataset into `block`
 * ([replication][week][locality][category]). */
static int read_block(spsim_h5_writer *w, hid_t d, const weekly *ds, hsize_t week, hsize_t n,
                      double *block)
{
    hsize_t start[4] = {0, week, 0, 0};
    hsize_t count[4] = {w->n_rep, n, w->n_loc, (hsize_t)ds->per_cell};
    int rank = weekly_rank(ds);
    hid_t space = H5Dget_space(d), mem = H5Screate_simple(rank, count, NULL);
    int status = 0;
    if (space < 0 || mem < 0 ||
        H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        H5Dread(d, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, block) < 0) {
        snprintf(w->err, w->errlen, "cannot read back series '%s' to summarise it", ds->info->name);
        status = -1;
    }
    if (mem >= 0) H5Sclose(mem);
    if (space >= 0) H5Sclose(space);
    return status;
}

/* Statistics across replications of `n_cells` cells of one block, into the summary from cell
 * `offset` on, NaNs ignored. Cells are independent, so they are shared among threads; each
 * result depends only on its cell, so the file does not depend on the thread count. */
static int summarise_block(spsim_h5_writer *w, const double *block, long n_cells, long offset,
                           long cells)
{
    int n_rep = (int)w->n_rep;
    int out_of_memory = 0;
#pragma omp parallel
    {
        double *x = malloc((size_t)n_rep * sizeof *x);
        double *scratch = malloc((size_t)n_rep * sizeof *scratch);
#pragma omp for schedule(static)
        for (long c = 0; c < n_cells; c++) {
            if (!x || !scratch) {
#pragma omp atomic write
                out_of_memory = 1;
                continue;
            }
            double st[SPSIM_N_STATS];
            for (int r = 0; r < n_rep; r++) x[r] = block[(long)r * n_cells + c];
            spsim_describe(x, (size_t)n_rep, scratch, st);
            for (int k = 0; k < SPSIM_N_STATS; k++) w->stats[k * cells + offset + c] = st[k];
        }
        free(scratch);
        free(x);
    }
    return out_of_memory ? -1 : 0;
}

/* Statistics across replications of every cell of one weekly dataset, read back from the store
 * a block of weeks at a time: the values are those written (counts as the file's integers). */
static int summarise(spsim_h5_writer *w, int arm, int i, const weekly *ds)
{
    long per_week = (long)w->n_loc * ds->per_cell, cells = (long)w->n_weeks * per_week;
    hsize_t weeks = SUMMARY_BLOCK_VALUES / ((hsize_t)per_week * w->n_rep);
    if (weeks < 1) weeks = 1;
    if (weeks > w->n_weeks) weeks = w->n_weeks;
    double *block = malloc((size_t)(weeks * w->n_rep) * (size_t)per_week * sizeof *block);
    int out_of_memory = !block, status = block ? 0 : -1;
    for (hsize_t wk = 0; wk < w->n_weeks && status == 0; wk += weeks) {
        hsize_t n = wk + weeks <= w->n_weeks ? weeks : w->n_weeks - wk;
        status = read_block(w, store_set(w, arm, i), ds, wk, n, block);
        if (status == 0 &&
            summarise_block(w, block, (long)n * per_week, (long)wk * per_week, cells) < 0)
            out_of_memory = 1, status = -1;
    }
    if (out_of_memory)
        snprintf(w->err, w->errlen, "out of memory summarising series '%s' of arm '%s'",
                 ds->info->name, w->s->arms[arm].name);
    free(block);
    return status;
}

static int write_summary(spsim_h5_writer *w, hid_t group, int arm, int i, const char *arm_name)
{
    weekly ds = weekly_dataset(i);
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "summary", ds.info->name);
    if (summarise(w, arm, i, &ds) < 0) return -1;
    hsize_t dims[4] = {SPSIM_N_STATS, w->n_weeks, w->n_loc, (hsize_t)ds.per_cell};
    int ids[4] = {DIM_STATISTIC, DIM_WEEK, DIM_LOCALITY, ds.category_dim};
    return spsim_h5w_write_whole(w, group, where, ds.info, weekly_rank(&ds), dims, ids, true,
                                 H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, w->stats);
}

int spsim_h5w_write_weekly(spsim_h5_writer *w, hid_t group, int arm, const char *arm_name)
{
    int status = 0;
    if (!w->store_is_output && w->n_kept != w->n_rep) {
        char where[WHERE_MAX];
        spsim_h5w_arm_path(where, arm_name, "series", "replication");
        status = sample_scale(w, group, where);
    }
    for (int i = 0; i < N_WEEKLY && status == 0; i++)
        status = write_weekly(w, group, arm, i, arm_name);
    return status;
}

int spsim_h5w_write_weekly_summaries(spsim_h5_writer *w, hid_t group, int arm, const char *arm_name)
{
    int status = 0;
    for (int i = 0; i < N_WEEKLY && status == 0; i++)
        status = write_summary(w, group, arm, i, arm_name);
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
