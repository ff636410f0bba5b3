/* The HDF5 output writer: one self-describing file per run (layout in docs/output.md).
 *
 * Every dataset is laid out along dimensions that are HDF5 dimension scales in the root group, so
 * netCDF tools (ncdump, xarray's h5netcdf engine) read the file as well as h5py does. Dataset
 * names, units and descriptions come from the series and totals tables, never from this file. */
#define _POSIX_C_SOURCE 200809L

#include "h5write.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5util.h"
#include "../results/series.h"
#include "../results/summary.h"

/* The dimensions of the file; each is a 1-D dimension-scale dataset in the root group. The fixed
 * ones come first, then one per breakdown category, named by the category table. */
typedef enum { DIM_REPLICATION, DIM_WEEK, DIM_LOCALITY, DIM_STATISTIC, N_FIXED_DIMS } fixed_dim;
enum { N_DIMS = N_FIXED_DIMS + SPSIM_N_CATEGORIES };
static const char *const fixed_dim_name[N_FIXED_DIMS] = {"replication", "week", "locality",
                                                         "statistic"};

static const char *dim_name(int dim)
{
    return dim < N_FIXED_DIMS ? fixed_dim_name[dim]
                              : spsim_category_table[dim - N_FIXED_DIMS].name;
}

enum { WHERE_MAX = 192 };   /* bytes for an object's path in messages */

/* "/arms/ARM/GROUP" or "/arms/ARM/GROUP/NAME" (NULL group: "/arms/ARM"), for messages. */
static void arm_path(char where[WHERE_MAX], const char *arm, const char *group, const char *name)
{
    if (!group)
        snprintf(where, WHERE_MAX, "/arms/%.63s", arm);
    else if (!name)
        snprintf(where, WHERE_MAX, "/arms/%.63s/%.15s", arm, group);
    else
        snprintf(where, WHERE_MAX, "/arms/%.63s/%.15s/%.63s", arm, group, name);
}

typedef struct {
    const spsim_scenario *s;
    const spsim_run *run;
    hid_t file;
    hid_t scale[N_DIMS];
    hsize_t n_rep, n_weeks, n_loc;   /* R, W, L */
    int32_t *counts;          /* one replication of the largest weekly dataset, as counts */
    void *per_rep;            /* R doubles: one total, reused (counts converted in place) */
    double *stats;            /* SPSIM_N_STATS x W x L x largest category: one summary, reused */
    const double **reps;      /* R pointers: one weekly dataset's values in each replication */
    char *err;
    size_t errlen;
} writer;

/* A weekly dataset of an arm: a series (week, locality) or a breakdown (week, locality,
 * category); the file adds a leading replication dimension, its summary a statistic one. */
typedef struct {
    const spsim_series_info *info;
    int series;         /* index in the series table, or -1 */
    int breakdown;      /* index in the breakdown table, or -1 */
    int category_dim;   /* the category's dimension, or -1 for a series */
    long per_cell;      /* values per (week, locality) cell: 1, or the category's size */
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
static const double *weekly_values(const writer *w, const weekly *ds, int arm, int r)
{
    const spsim_arm_results *res = &w->run->results[arm][r];
    return ds->breakdown >= 0 ? res->breakdowns[ds->breakdown] : res->series[ds->series];
}

/* Weekly datasets in file order: every series of the series table, then every breakdown. */
enum { N_WEEKLY = SPSIM_N_SERIES + SPSIM_N_BREAKDOWNS };

static weekly weekly_dataset(int i)
{
    return i < SPSIM_N_SERIES ? series_dataset(i) : breakdown_dataset(i - SPSIM_N_SERIES);
}

/* ---- checks before anything is written ---- */

static int check_inputs(const spsim_scenario *s, const spsim_run *run, char *err, size_t errlen)
{
    if (run->n_arms != s->n_arms || run->n_arms < 1) {
        snprintf(err, errlen, "cannot write results: the run has %d arms, the scenario %d",
                 run->n_arms, s->n_arms);
        return -1;
    }
    if (run->n_replications < 1 || run->n_weeks < 1 || run->n_localities < 1 ||
        run->n_localities != s->arms[0].n_localities) {
        snprintf(err, errlen, "cannot write results: the run has %d replications, %d weeks and "
                 "%d localities (the scenario has %d localities)", run->n_replications,
                 run->n_weeks, run->n_localities, s->arms[0].n_localities);
        return -1;
    }
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++) {
            const spsim_arm_results *res = &run->results[a][r];
            if (res->n_weeks != run->n_weeks || res->n_localities != run->n_localities) {
                snprintf(err, errlen, "cannot write results: arm '%s' replication %d has %d "
                         "weeks and %d localities, the run %d and %d", s->arms[a].name, r,
                         res->n_weeks, res->n_localities, run->n_weeks, run->n_localities);
                return -1;
            }
        }
    return 0;
}

/* HDF5 says little about why a create failed; a missing directory is the usual reason. */
static int check_directory(const char *path, char *err, size_t errlen)
{
    char dir[1024];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "cannot write %s: directory %s does not exist", path, dir);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "cannot write %s: %s is not a directory", path, dir);
        return -1;
    }
    return 0;
}

/* ---- datasets ---- */

/* Creates dataset `name` in `loc`; `chunk` NULL means contiguous, otherwise chunked with the
 * shuffle and deflate (level 1) filters: cheap to write, and counts compress well. */
static hid_t create_dataset(writer *w, hid_t loc, const char *name, const char *where, hid_t type,
                            int rank, const hsize_t *dims, const hsize_t *chunk)
{
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t d = -1;
    bool props_ok = space >= 0 && dcpl >= 0;
    if (props_ok && chunk)
        props_ok = H5Pset_chunk(dcpl, rank, chunk) >= 0 && H5Pset_shuffle(dcpl) >= 0 &&
                   H5Pset_deflate(dcpl, 1) >= 0;
    if (!props_ok)
        snprintf(w->err, w->errlen, "cannot set up the layout of %s", where);
    else if ((d = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0)
        snprintf(w->err, w->errlen, "cannot create dataset %s", where);
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    return d;
}

static int attach_scales(writer *w, hid_t d, const char *where, int rank, const int *dims)
{
    for (int i = 0; i < rank; i++)
        if (H5DSattach_scale(d, w->scale[dims[i]], (unsigned)i) < 0) {
            snprintf(w->err, w->errlen, "cannot attach dimension scale '%s' to %s",
                     dim_name(dims[i]), where);
            return -1;
        }
    return 0;
}

static int put_meta(writer *w, hid_t d, const char *where, const spsim_series_info *info)
{
    if (spsim_h5_put_string(d, where, "units", info->units, w->err, w->errlen) < 0) return -1;
    return spsim_h5_put_string(d, where, "description", info->description, w->err, w->errlen);
}

/* Writes `data` (memory type `mtype`) to the whole of a new dataset, with units, description and
 * dimension scales; closes it. */
static int write_whole(writer *w, hid_t loc, const char *where, const spsim_series_info *info,
                       int rank, const hsize_t *dims, const int *dim_ids, bool chunked,
                       hid_t ftype, hid_t mtype, const void *data)
{
    hsize_t chunk[4];
    for (int i = 0; i < rank; i++) chunk[i] = i == 0 ? 1 : dims[i];
    hid_t d = create_dataset(w, loc, info->name, where, ftype, rank, dims, chunked ? chunk : NULL);
    if (d < 0) return -1;
    int status = -1;
    if (H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
    else if (put_meta(w, d, where, info) == 0 && attach_scales(w, d, where, rank, dim_ids) == 0)
        status = 0;
    if (H5Dclose(d) < 0 && status == 0) {
        snprintf(w->err, w->errlen, "cannot close dataset %s", where);
        status = -1;
    }
    return status;
}

/* ---- counts ---- */

static int to_count(double v, int32_t *out)
{
    if (!(v >= INT32_MIN && v <= INT32_MAX)) return -1;   /* also rejects NaN */
    *out = (int32_t)lround(v);
    return 0;
}

static int count_error(writer *w, const char *where, const weekly *ds, double v, int rep,
                       long index)
{
    long cell = index / ds->per_cell, week = cell / (long)w->n_loc, loc = cell % (long)w->n_loc;
    char category[96] = "";
    if (ds->category_dim >= 0) {
        const spsim_category_info *c = &spsim_category_table[ds->category_dim - N_FIXED_DIMS];
        snprintf(category, sizeof category, ", %s %s", c->name, c->keys[index % ds->per_cell]);
    }
    snprintf(w->err, w->errlen, "cannot store %s: replication %d, week %ld, locality %s%s holds "
             "%g, which is not a count that fits a 32-bit integer", where, rep, week,
             w->s->arms[0].localities[loc].name, category, v);
    return -1;
}

/* ---- one arm ---- */

static hid_t create_group(writer *w, hid_t loc, const char *name, const char *where)
{
    hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) snprintf(w->err, w->errlen, "cannot create group %s", where);
    return g;
}

/* Writes replication r of a weekly dataset into its chunk (1, W, L[, n]); counts go through the
 * count buffer, other values straight from the results. */
static int write_replication(writer *w, hid_t d, hid_t mem, hid_t file_space, const weekly *ds,
                             int arm, int r, const char *where)
{
    const double *src = weekly_values(w, ds, arm, r);
    long n = (long)(w->n_weeks * w->n_loc) * ds->per_cell;
    if (ds->info->is_count)
        for (long i = 0; i < n; i++)
            if (to_count(src[i], &w->counts[i]) < 0)
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

static int write_replications(writer *w, hid_t d, const weekly *ds, int arm, const char *where)
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
static int write_weekly(writer *w, hid_t group, int arm, const weekly *ds, const char *arm_name)
{
    char where[WHERE_MAX];
    arm_path(where, arm_name, "series", ds->info->name);
    int rank = weekly_rank(ds);
    hsize_t dims[4] = {w->n_rep, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    hsize_t chunk[4] = {1, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    int ids[4] = {DIM_REPLICATION, DIM_WEEK, DIM_LOCALITY, ds->category_dim};
    hid_t d = create_dataset(w, group, ds->info->name, where,
                             ds->info->is_count ? H5T_STD_I32LE : H5T_IEEE_F64LE, rank, dims,
                             chunk);
    if (d < 0) return -1;
    int status = write_replications(w, d, ds, arm, where);
    if (status == 0) status = put_meta(w, d, where, ds->info);
    if (status == 0) status = attach_scales(w, d, where, rank, ids);
    if (H5Dclose(d) < 0 && status == 0) {
        snprintf(w->err, w->errlen, "cannot close dataset %s", where);
        status = -1;
    }
    return status;
}

/* Statistics across replications of every cell of one weekly dataset, NaNs ignored. Cells are
 * independent, so they are shared among threads; each result depends only on its cell, so the
 * file does not depend on the thread count. */
static int summarise(writer *w, int arm, const weekly *ds)
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

static int write_summary(writer *w, hid_t group, int arm, const weekly *ds, const char *arm_name)
{
    char where[WHERE_MAX];
    arm_path(where, arm_name, "summary", ds->info->name);
    if (summarise(w, arm, ds) < 0) return -1;
    hsize_t dims[4] = {SPSIM_N_STATS, w->n_weeks, w->n_loc, (hsize_t)ds->per_cell};
    int ids[4] = {DIM_STATISTIC, DIM_WEEK, DIM_LOCALITY, ds->category_dim};
    return write_whole(w, group, where, ds->info, weekly_rank(ds), dims, ids, true,
                       H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, w->stats);
}

static int write_total(writer *w, hid_t group, int arm, int tid, const char *arm_name)
{
    const spsim_series_info *info = &spsim_total_table[tid];
    char where[WHERE_MAX];
    arm_path(where, arm_name, "totals", info->name);
    double *as_double = w->per_rep;
    int32_t *as_count = w->per_rep;
    for (int r = 0; r < (int)w->n_rep; r++) {
        double v = w->run->results[arm][r].totals[tid];
        if (!info->is_count)
            as_double[r] = v;
        else if (to_count(v, &as_count[r]) < 0) {
            snprintf(w->err, w->errlen, "cannot store %s: replication %d holds %g, which is not "
                     "a count that fits a 32-bit integer", where, r, v);
            return -1;
        }
    }
    hsize_t dims[1] = {w->n_rep};
    int ids[1] = {DIM_REPLICATION};
    return write_whole(w, group, where, info, 1, dims, ids, false,
                       info->is_count ? H5T_STD_I32LE : H5T_IEEE_F64LE,
                       info->is_count ? H5T_NATIVE_INT32 : H5T_NATIVE_DOUBLE, w->per_rep);
}

/* One row of the parameters table as written (variable-length strings). */
typedef struct {
    const char *key, *value, *unit, *source;
} parameter_row;

static hid_t parameter_type(hid_t str)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(parameter_row));
    if (t < 0) return t;
    if (H5Tinsert(t, "key", HOFFSET(parameter_row, key), str) < 0 ||
        H5Tinsert(t, "value", HOFFSET(parameter_row, value), str) < 0 ||
        H5Tinsert(t, "unit", HOFFSET(parameter_row, unit), str) < 0 ||
        H5Tinsert(t, "source", HOFFSET(parameter_row, source), str) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

static int write_parameter_rows(writer *w, hid_t arm_group, const char *where, int n,
                                const parameter_row *rows)
{
    hid_t str = spsim_h5_string_type();
    hid_t type = str < 0 ? -1 : parameter_type(str);
    hsize_t dims[1] = {(hsize_t)n};
    int status = -1;
    if (type < 0) {
        snprintf(w->err, w->errlen, "cannot make the row type of %s", where);
    } else {
        hid_t d = create_dataset(w, arm_group, "parameters", where, type, 1, dims, NULL);
        if (d >= 0 && (n == 0 || H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) >= 0))
            status = 0;
        else if (d >= 0)
            snprintf(w->err, w->errlen, "cannot write dataset %s", where);
        if (d >= 0 && H5Dclose(d) < 0 && status == 0) {
            snprintf(w->err, w->errlen, "cannot close dataset %s", where);
            status = -1;
        }
    }
    if (type >= 0) H5Tclose(type);
    if (str >= 0) H5Tclose(str);
    return status;
}

static int write_parameters(writer *w, hid_t arm_group, int arm, const char *arm_name)
{
    char where[WHERE_MAX];
    arm_path(where, arm_name, "parameters", NULL);
    int n = w->s->n_resolved[arm];
    parameter_row *rows = calloc(n > 0 ? (size_t)n : 1, sizeof *rows);
    if (!rows) {
        snprintf(w->err, w->errlen, "out of memory writing %s", where);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const spsim_resolved_value *v = &w->s->resolved[arm][i];
        rows[i] = (parameter_row){v->key, v->value, v->unit ? v->unit : "",
                                  v->source ? v->source : ""};
    }
    int status = write_parameter_rows(w, arm_group, where, n, rows);
    free(rows);
    return status;
}

/* Writes the series, summary and totals groups of one arm into the open arm group. */
static int write_arm_contents(writer *w, hid_t arm_group, int arm, const char *arm_name)
{
    char where[WHERE_MAX];
    arm_path(where, arm_name, "series", NULL);
    hid_t g = create_group(w, arm_group, "series", where);
    int status = g < 0 ? -1 : 0;
    for (int i = 0; i < N_WEEKLY && status == 0; i++) {
        weekly ds = weekly_dataset(i);
        status = write_weekly(w, g, arm, &ds, arm_name);
    }
    if (g >= 0) H5Gclose(g);
    if (status < 0) return -1;

    arm_path(where, arm_name, "summary", NULL);
    g = create_group(w, arm_group, "summary", where);
    status = g < 0 ? -1 : 0;
    for (int i = 0; i < N_WEEKLY && status == 0; i++) {
        weekly ds = weekly_dataset(i);
        status = write_summary(w, g, arm, &ds, arm_name);
    }
    if (g >= 0) H5Gclose(g);
    if (status < 0) return -1;

    arm_path(where, arm_name, "totals", NULL);
    g = create_group(w, arm_group, "totals", where);
    status = g < 0 ? -1 : 0;
    for (int tid = 0; tid < SPSIM_N_TOTALS && status == 0; tid++)
        status = write_total(w, g, arm, tid, arm_name);
    if (g >= 0) H5Gclose(g);
    if (status < 0) return -1;
    return write_parameters(w, arm_group, arm, arm_name);
}

static int write_arms(writer *w)
{
    hid_t arms = create_group(w, w->file, "arms", "/arms");
    int status = arms < 0 ? -1 : 0;
    for (int a = 0; a < w->s->n_arms && status == 0; a++) {
        const spsim_arm_params *arm = &w->s->arms[a];
        char where[WHERE_MAX];
        arm_path(where, arm->name, NULL, NULL);
        hid_t g = create_group(w, arms, arm->name, where);
        status = g < 0 ? -1 : 0;
        if (status == 0)
            status = spsim_h5_put_string(g, where, "description", arm->description, w->err,
                                         w->errlen);
        if (status == 0) status = write_arm_contents(w, g, a, arm->name);
        if (g >= 0) H5Gclose(g);
    }
    if (arms >= 0) H5Gclose(arms);
    return status;
}

/* ---- the root group: attributes and dimension scales ---- */

static int write_root_attributes(writer *w)
{
    const spsim_scenario *s = w->s;
    char title[SPSIM_NAME_MAX + 64], start[16], created[32], arms[SPSIM_MAX_ARMS * SPSIM_NAME_MAX];
    snprintf(title, sizeof title, "spsim results for scenario %s", s->name);
    snprintf(start, sizeof start, "%04d-%02d-%02d", s->start_year % 10000, s->start_month % 100,
             s->start_day % 100);
    time_t now = time(NULL);
    struct tm utc;
    if (!gmtime_r(&now, &utc) || !strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &utc))
        snprintf(created, sizeof created, "unknown");
    arms[0] = '\0';
    for (int a = 0; a < s->n_arms; a++) {
        if (a > 0) strcat(arms, ",");
        strcat(arms, s->arms[a].name);
    }
    hid_t f = w->file;
    char *e = w->err;
    size_t n = w->errlen;
    if (spsim_h5_put_string(f, "/", "title", title, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "scenario_name", s->name, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "scenario_path", s->path, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "scenario_text", s->text, e, n) < 0 ||
        spsim_h5_put_uint64(f, "/", "seed", (uint64_t)s->seed, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "spsim_version", SPSIM_VERSION, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "created", created, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "replications", (int)w->n_rep, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "weeks", (int)w->n_weeks, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "start_date", start, e, n) < 0 ||
        spsim_h5_put_double(f, "/", "horizon_years", s->horizon_years, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "arms", arms, e, n) < 0)
        return -1;
    return 0;
}

/* Creates a 1-D dimension scale in the root group from `data` (memory type `mtype`). */
static int write_scale(writer *w, int dim, hsize_t size, hid_t ftype, hid_t mtype,
                       const void *data)
{
    char where[64];
    snprintf(where, sizeof where, "/%s", dim_name(dim));
    hid_t d = create_dataset(w, w->file, dim_name(dim), where, ftype, 1, &size, NULL);
    if (d < 0) return -1;
    w->scale[dim] = d;   /* kept open to attach to datasets; closed at the end */
    if (H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
        return -1;
    }
    if (H5DSset_scale(d, dim_name(dim)) < 0) {
        snprintf(w->err, w->errlen, "cannot make %s a dimension scale", where);
        return -1;
    }
    return 0;
}

static int write_index_scale(writer *w, int dim, hsize_t size)
{
    int32_t *index = malloc(size * sizeof *index);
    if (!index) {
        snprintf(w->err, w->errlen, "out of memory writing /%s", dim_name(dim));
        return -1;
    }
    for (hsize_t i = 0; i < size; i++) index[i] = (int32_t)i;
    int status = write_scale(w, dim, size, H5T_STD_I32LE, H5T_NATIVE_INT32, index);
    free(index);
    return status;
}

static int write_name_scale(writer *w, int dim, hsize_t size, const char *const *names)
{
    hid_t str = spsim_h5_string_type();
    if (str < 0) {
        snprintf(w->err, w->errlen, "cannot make a string type for /%s", dim_name(dim));
        return -1;
    }
    int status = write_scale(w, dim, size, str, str, names);
    H5Tclose(str);
    return status;
}

static int write_scales(writer *w)
{
    const char *localities[SPSIM_MAX_LOCALITIES];
    for (hsize_t l = 0; l < w->n_loc; l++) localities[l] = w->s->arms[0].localities[l].name;
    char start[16];
    snprintf(start, sizeof start, "%04d-%02d-%02d", w->s->start_year % 10000,
             w->s->start_month % 100, w->s->start_day % 100);
    /* Units are plain "weeks": CF readers (xarray) take "weeks since DATE" for a time axis and
     * refuse it, as CF calendars have no weeks; the date is its own attribute instead. */
    if (write_index_scale(w, DIM_REPLICATION, w->n_rep) < 0 ||
        write_index_scale(w, DIM_WEEK, w->n_weeks) < 0 ||
        spsim_h5_put_string(w->scale[DIM_WEEK], "/week", "units", "weeks", w->err,
                            w->errlen) < 0 ||
        spsim_h5_put_string(w->scale[DIM_WEEK], "/week", "description",
                            "weeks since start_date; week 0 is the first week simulated", w->err,
                            w->errlen) < 0 ||
        spsim_h5_put_string(w->scale[DIM_WEEK], "/week", "start_date", start, w->err,
                            w->errlen) < 0 ||
        write_name_scale(w, DIM_LOCALITY, w->n_loc, localities) < 0 ||
        write_name_scale(w, DIM_STATISTIC, SPSIM_N_STATS, spsim_stat_name) < 0)
        return -1;
    for (int c = 0; c < SPSIM_N_CATEGORIES; c++) {
        const spsim_category_info *info = &spsim_category_table[c];
        if (write_name_scale(w, N_FIXED_DIMS + c, (hsize_t)info->n, info->keys) < 0) return -1;
    }
    return 0;
}

/* ---- the file ---- */

static hid_t create_file(writer *w, const char *tmp_path, const char *path)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    hid_t f = -1;
    /* Strong close: closing the file on an error path also closes anything left open.
     * Format 1.8: attributes larger than 64 KiB (a long scenario text) are allowed. */
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18) < 0)
        snprintf(w->err, w->errlen, "cannot set up file access for %s", path);
    else if ((f = H5Fcreate(tmp_path, H5F_ACC_EXCL, H5P_DEFAULT, fapl)) < 0)
        snprintf(w->err, w->errlen, "cannot create %s (writing %s)", tmp_path, path);
    if (fapl >= 0) H5Pclose(fapl);
    return f;
}

static int write_file(writer *w, const char *tmp_path, const char *path)
{
    w->file = create_file(w, tmp_path, path);
    if (w->file < 0) return -1;
    int status = write_root_attributes(w);
    if (status == 0) status = write_scales(w);
    if (status == 0) status = write_arms(w);
    for (int d = 0; d < N_DIMS; d++)
        if (w->scale[d] >= 0 && H5Dclose(w->scale[d]) < 0 && status == 0) {
            snprintf(w->err, w->errlen, "cannot close dataset /%s", dim_name(d));
            status = -1;
        }
    if (H5Fclose(w->file) < 0 && status == 0) {
        snprintf(w->err, w->errlen, "cannot close %s (writing %s)", tmp_path, path);
        status = -1;
    }
    return status;
}

/* The largest number of values per (week, locality) cell of any weekly dataset. */
static long largest_per_cell(void)
{
    long n = 1;
    for (int i = 0; i < N_WEEKLY; i++) {
        weekly ds = weekly_dataset(i);
        if (ds.per_cell > n) n = ds.per_cell;
    }
    return n;
}

static int alloc_buffers(writer *w)
{
    size_t values = (size_t)(w->n_weeks * w->n_loc) * (size_t)largest_per_cell();
    w->counts = malloc(values * sizeof *w->counts);
    w->per_rep = malloc((size_t)w->n_rep * sizeof(double));
    w->stats = malloc((size_t)SPSIM_N_STATS * values * sizeof *w->stats);
    w->reps = malloc((size_t)w->n_rep * sizeof *w->reps);
    if (!w->counts || !w->per_rep || !w->stats || !w->reps) {
        snprintf(w->err, w->errlen, "out of memory: a summary of %zu values does not fit",
                 (size_t)SPSIM_N_STATS * values);
        return -1;
    }
    return 0;
}

static void free_buffers(writer *w)
{
    free(w->counts);
    free(w->per_rep);
    free(w->stats);
    free(w->reps);
}

int spsim_h5_write(const char *path, const spsim_scenario *s, const spsim_run *run,
                   char *err, size_t errlen)
{
    if (check_inputs(s, run, err, errlen) < 0 || check_directory(path, err, errlen) < 0)
        return -1;
    writer w = {.s = s, .run = run, .file = -1, .n_rep = (hsize_t)run->n_replications,
                .n_weeks = (hsize_t)run->n_weeks, .n_loc = (hsize_t)run->n_localities,
                .err = err, .errlen = errlen};
    for (int d = 0; d < N_DIMS; d++) w.scale[d] = -1;
    char tmp_path[1100];
    snprintf(tmp_path, sizeof tmp_path, "%s.tmp.%ld", path, (long)getpid());

    spsim_h5_error_printing saved;
    spsim_h5_quiet(&saved);
    int status = alloc_buffers(&w);
    if (status == 0) {
        status = write_file(&w, tmp_path, path);
        if (status < 0 && w.file >= 0) remove(tmp_path);
    }
    spsim_h5_restore(&saved);
    free_buffers(&w);
    if (status == 0 && rename(tmp_path, path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", tmp_path, path, strerror(errno));
        remove(tmp_path);
        status = -1;
    }
    return status;
}
