/* The HDF5 output writer: one self-describing file per run (layout in docs/output.md). This file
 * writes the file itself, its root group and dimension scales, and each arm's totals and
 * parameters; h5weekly.c writes the weekly series, breakdowns and summaries.
 *
 * Every dataset is laid out along dimensions that are HDF5 dimension scales in the root group, so
 * netCDF tools (ncdump, xarray's h5netcdf engine) read the file as well as h5py does. Dataset
 * names, units, descriptions and category labels come from the series, breakdown, category and
 * totals tables, never from this file. */
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
#include "h5writer.h"
#include "output.h"
#include "../economics/economics.h"
#include "../results/series.h"
#include "../results/statistics.h"

static const char *const fixed_dim_name[N_FIXED_DIMS] = {"replication", "week", "locality",
                                                         "statistic"};
static const char *const money_dim_name[N_DIMS - DIM_FINANCIAL_YEAR] = {
    "financial_year",     "money_view", "cost_category", "service",
    "wtp_gbp_per_wellby", "arm",        "psa_key"};

const char *spsim_h5w_dim_name(int dim)
{
    if (dim < N_FIXED_DIMS) return fixed_dim_name[dim];
    if (dim < DIM_FINANCIAL_YEAR) return spsim_category_table[dim - N_FIXED_DIMS].name;
    return money_dim_name[dim - DIM_FINANCIAL_YEAR];
}

void spsim_h5w_arm_path(char where[WHERE_MAX], const char *arm, const char *group, const char *name)
{
    if (!group)
        snprintf(where, WHERE_MAX, "/arms/%.63s", arm);
    else if (!name)
        snprintf(where, WHERE_MAX, "/arms/%.63s/%.31s", arm, group);
    else
        snprintf(where, WHERE_MAX, "/arms/%.63s/%.31s/%.63s", arm, group, name);
}

/* ---- checks before anything is written ---- */

int spsim_h5w_check_inputs(const spsim_scenario *s, const spsim_run *run, char *err, size_t errlen)
{
    if (run->n_arms != s->n_arms || run->n_arms < 1) {
        snprintf(err, errlen, "cannot write results: the run has %d arms, the scenario %d",
                 run->n_arms, s->n_arms);
        return -1;
    }
    if (run->n_replications < 1 || run->n_weeks < 1 || run->n_localities < 1 ||
        run->n_localities != s->arms[0].n_localities) {
        snprintf(err, errlen,
                 "cannot write results: the run has %d replications, %d weeks and "
                 "%d localities (the scenario has %d localities)",
                 run->n_replications, run->n_weeks, run->n_localities, s->arms[0].n_localities);
        return -1;
    }
    for (int a = 0; a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++) {
            const spsim_arm_results *res = &run->results[a][r];
            if (res->n_weeks != run->n_weeks || res->n_localities != run->n_localities) {
                snprintf(err, errlen,
                         "cannot write results: arm '%s' replication %d has %d "
                         "weeks and %d localities, the run %d and %d",
                         s->arms[a].name, r, res->n_weeks, res->n_localities, run->n_weeks,
                         run->n_localities);
                return -1;
            }
        }
    return spsim_h5w_check_money(s, run, err, errlen);
}

/* HDF5 says little about why a create failed; a missing directory is the usual reason. */
int spsim_h5w_check_directory(const char *path, char *err, size_t errlen)
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

/* Chunked datasets get the shuffle and deflate (level 1) filters: cheap to write, and counts
 * compress well. */
hid_t spsim_h5w_create_dataset(spsim_h5_writer *w, hid_t loc, const char *name, const char *where,
                               hid_t type, int rank, const hsize_t *dims, const hsize_t *chunk)
{
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = spsim_h5_untimed_props(H5P_DATASET_CREATE);
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

int spsim_h5w_attach_scales(spsim_h5_writer *w, hid_t d, const char *where, int rank,
                            const int *dims)
{
    for (int i = 0; i < rank; i++) {
        hid_t scale = spsim_h5w_local_scale(w, d, dims[i], where);
        if (scale < 0) return -1;
        if (H5DSattach_scale(d, scale, (unsigned)i) < 0) {
            snprintf(w->err, w->errlen, "cannot attach dimension scale '%s' to %s",
                     spsim_h5w_dim_name(dims[i]), where);
            return -1;
        }
    }
    return 0;
}

int spsim_h5w_put_meta(spsim_h5_writer *w, hid_t d, const char *where,
                       const spsim_series_info *info)
{
    if (spsim_h5_put_string(d, where, "units", info->units, w->err, w->errlen) < 0) return -1;
    return spsim_h5_put_string(d, where, "description", info->description, w->err, w->errlen);
}

/* Chunks, when chunked, are one slice of the first dimension: one replication or statistic. */
int spsim_h5w_write_whole(spsim_h5_writer *w, hid_t loc, const char *where,
                          const spsim_series_info *info, int rank, const hsize_t *dims,
                          const int *dim_ids, bool chunked, hid_t ftype, hid_t mtype,
                          const void *data)
{
    hsize_t chunk[4];
    for (int i = 0; i < rank; i++) chunk[i] = i == 0 ? 1 : dims[i];
    hid_t d = spsim_h5w_create_dataset(w, loc, info->name, where, ftype, rank, dims,
                                       chunked ? chunk : NULL);
    if (d < 0) return -1;
    int status = -1;
    if (H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
    else if (spsim_h5w_put_meta(w, d, where, info) == 0 &&
             spsim_h5w_attach_scales(w, d, where, rank, dim_ids) == 0)
        status = 0;
    if (H5Dclose(d) < 0 && status == 0) {
        snprintf(w->err, w->errlen, "cannot close dataset %s", where);
        status = -1;
    }
    return status;
}

/* ---- counts ---- */

int spsim_h5w_to_count(double v, int32_t *out)
{
    if (!(v >= INT32_MIN && v <= INT32_MAX)) return -1; /* also rejects NaN */
    *out = (int32_t)lround(v);
    return 0;
}

/* ---- one arm ---- */

hid_t spsim_h5w_create_group(spsim_h5_writer *w, hid_t loc, const char *name, const char *where)
{
    hid_t g = spsim_h5_create_group(loc, name);
    if (g < 0) snprintf(w->err, w->errlen, "cannot create group %s", where);
    return g;
}

hid_t spsim_h5w_group(spsim_h5_writer *w, hid_t loc, const char *name, const char *where)
{
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return spsim_h5w_create_group(w, loc, name, where);
    hid_t g = H5Gopen2(loc, name, H5P_DEFAULT);
    if (g < 0) snprintf(w->err, w->errlen, "cannot open group %s", where);
    return g;
}

static int write_total(spsim_h5_writer *w, hid_t group, int arm, int tid, const char *arm_name)
{
    const spsim_series_info *info = &spsim_total_table[tid];
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "totals", info->name);
    double *as_double = w->per_rep;
    int32_t *as_count = w->per_rep;
    for (int r = 0; r < (int)w->n_rep; r++) {
        double v = w->run->results[arm][r].totals[tid];
        if (!info->is_count)
            as_double[r] = v;
        else if (spsim_h5w_to_count(v, &as_count[r]) < 0) {
            snprintf(w->err, w->errlen,
                     "cannot store %s: replication %d holds %g, which is not "
                     "a count that fits a 32-bit integer",
                     where, r, v);
            return -1;
        }
    }
    hsize_t dims[1] = {w->n_rep};
    int ids[1] = {DIM_REPLICATION};
    return spsim_h5w_write_whole(w, group, where, info, 1, dims, ids, false,
                                 info->is_count ? H5T_STD_I32LE : H5T_IEEE_F64LE,
                                 info->is_count ? H5T_NATIVE_INT32 : H5T_NATIVE_DOUBLE, w->per_rep);
}

/* The parameters of an arm as four string variables along their own dimension `key` (the key
 * itself is its dimension scale): netCDF has no type for a table's rows. */
static const char *const parameter_column[4] = {"key", "value", "unit", "source"};
static const char *const parameter_description[4] = {
    "the dotted scenario key", "the value the arm ran with, as text",
    "the unit of the value (the registry's)", "the source the registry gives for the key"};

static int write_parameter_column(spsim_h5_writer *w, hid_t g, hid_t key_scale, int c, hsize_t n,
                                  const char *const *texts)
{
    char where[WHERE_MAX];
    snprintf(where, sizeof where, "parameters/%s", parameter_column[c]);
    hid_t str = spsim_h5_string_type();
    hid_t d =
        str < 0 ? -1 : spsim_h5w_create_dataset(w, g, parameter_column[c], where, str, 1, &n, NULL);
    int status = d < 0 ? -1 : 0;
    if (status == 0 && n > 0 && H5Dwrite(d, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts) < 0) {
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
        status = -1;
    }
    if (status == 0)
        status = spsim_h5_put_string(d, where, "description", parameter_description[c], w->err,
                                     w->errlen);
    if (status == 0 && c == 0 && H5DSset_scale(d, "key") < 0) {
        snprintf(w->err, w->errlen, "cannot make %s a dimension scale", where);
        status = -1;
    }
    if (status == 0 && c > 0 && H5DSattach_scale(d, key_scale, 0) < 0) {
        snprintf(w->err, w->errlen, "cannot attach dimension scale 'key' to %s", where);
        status = -1;
    }
    if (d >= 0) H5Dclose(d);
    if (str >= 0) H5Tclose(str);
    return status;
}

static int write_parameter_columns(spsim_h5_writer *w, hid_t g, int arm, const char **texts)
{
    int n = w->s->n_resolved[arm];
    int status = 0;
    hid_t key_scale = -1;
    for (int c = 0; c < 4 && status == 0; c++) {
        for (int i = 0; i < n; i++) {
            const spsim_resolved_value *v = &w->s->resolved[arm][i];
            const char *text[4] = {v->key, v->value, v->unit, v->source};
            texts[i] = text[c] ? text[c] : "";
        }
        status = write_parameter_column(w, g, key_scale, c, (hsize_t)n, texts);
        if (status == 0 && c == 0 && (key_scale = H5Dopen2(g, "key", H5P_DEFAULT)) < 0) {
            snprintf(w->err, w->errlen, "cannot open parameters/key");
            status = -1;
        }
    }
    if (key_scale >= 0) H5Dclose(key_scale);
    return status;
}

static int write_parameters(spsim_h5_writer *w, hid_t arm_group, int arm, const char *arm_name)
{
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, "parameters", NULL);
    int n = w->s->n_resolved[arm];
    const char **texts = calloc(n > 0 ? (size_t)n : 1, sizeof *texts);
    hid_t g = texts ? spsim_h5w_create_group(w, arm_group, "parameters", where) : -1;
    if (!texts) snprintf(w->err, w->errlen, "out of memory writing %s", where);
    int status = g < 0 ? -1 : write_parameter_columns(w, g, arm, texts);
    if (g >= 0) H5Gclose(g);
    free((void *)texts);
    return status;
}

static int write_totals(spsim_h5_writer *w, hid_t group, int arm, const char *arm_name)
{
    int status = 0;
    for (int tid = 0; tid < SPSIM_N_TOTALS && status == 0; tid++)
        status = write_total(w, group, arm, tid, arm_name);
    return status;
}

/* Creates the group `name` in the arm's group and fills it with `fill`. */
static int write_arm_group(spsim_h5_writer *w, hid_t arm_group, int arm, const char *arm_name,
                           const char *name,
                           int (*fill)(spsim_h5_writer *, hid_t, int, const char *))
{
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, name, NULL);
    hid_t g = spsim_h5w_group(w, arm_group, name, where);
    if (g < 0) return -1;
    int status = fill(w, g, arm, arm_name);
    H5Gclose(g);
    return status < 0 ? -1 : 0;
}

/* Writes the series, summary, totals and locality_totals groups, the money and the parameters of one arm into
 * the open arm group. */
static int write_arm_contents(spsim_h5_writer *w, hid_t arm_group, int arm, const char *arm_name)
{
    bool series = w->store_is_output || w->n_kept > 0;
    if ((series &&
         write_arm_group(w, arm_group, arm, arm_name, "series", spsim_h5w_write_weekly) < 0) ||
        write_arm_group(w, arm_group, arm, arm_name, "summary", spsim_h5w_write_weekly_summaries) <
            0 ||
        write_arm_group(w, arm_group, arm, arm_name, "totals", write_totals) < 0 ||
        write_arm_group(w, arm_group, arm, arm_name, "locality_totals",
                        spsim_h5w_write_locality_totals) < 0 ||
        spsim_h5w_write_money(w, arm_group, arm, arm_name) < 0 ||
        spsim_h5w_write_events(w, arm_group, arm, arm_name) < 0)
        return -1;
    return write_parameters(w, arm_group, arm, arm_name);
}

static int write_arms(spsim_h5_writer *w)
{
    hid_t arms = spsim_h5w_group(w, w->file, "arms", "/arms");
    int status = arms < 0 ? -1 : 0;
    for (int a = 0; a < w->s->n_arms && status == 0; a++) {
        const spsim_arm_params *arm = &w->s->arms[a];
        char where[WHERE_MAX];
        spsim_h5w_arm_path(where, arm->name, NULL, NULL);
        hid_t g = spsim_h5w_group(w, arms, arm->name, where);
        status = g < 0 ? -1 : 0;
        if (status == 0)
            status =
                spsim_h5_put_string(g, where, "description", arm->description, w->err, w->errlen);
        if (status == 0) status = write_arm_contents(w, g, a, arm->name);
        if (g >= 0) H5Gclose(g);
    }
    if (arms >= 0) H5Gclose(arms);
    return status;
}

/* ---- the root group: attributes and dimension scales ---- */

/* What --precision asked for and reached; nothing for a run of a fixed count, so that such a
 * run's file is the same whichever way its count was chosen but for these attributes. */
static int write_precision_attributes(spsim_h5_writer *w)
{
    const spsim_run_precision *p = &w->run->precision;
    if (p->asked <= 0.0) return 0;
    char widest[2 * SPSIM_NAME_MAX + 64];
    snprintf(widest, sizeof widest, "%s/%s", w->s->arms[p->widest_arm].name,
             spsim_headline_table[p->widest_headline].name);
    hid_t f = w->file;
    char *e = w->err;
    size_t n = w->errlen;
    if (spsim_h5_put_double(f, "/", "precision", p->asked, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "precision_replications", w->run->n_replications, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "precision_met", p->met ? 1 : 0, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "precision_max_replications", p->max_replications, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "precision_widest", widest, e, n) < 0 ||
        spsim_h5_put_double(f, "/", "precision_widest_half_width", p->widest_half_width, e, n) <
            0 ||
        spsim_h5_put_double(f, "/", "precision_widest_target", p->widest_target, e, n) < 0)
        return -1;
    if (!w->partial) return 0;
    /* Where the stopping rule stands, for --resume (spsim_precision_continue). */
    if (spsim_h5_put_int(f, "/", "precision_pilot", p->pilot, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "precision_rounds", p->rounds, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "precision_round_target", p->replications_run, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "precision_assessed_through", p->assessed_through, e, n) < 0)
        return -1;
    return 0;
}

static int write_root_attributes(spsim_h5_writer *w)
{
    const spsim_scenario *s = w->s;
    char title[SPSIM_NAME_MAX + 64], start[16], created[32], arms[SPSIM_MAX_ARMS * SPSIM_NAME_MAX];
    snprintf(title, sizeof title, "spsim results for scenario %s", s->name);
    snprintf(start, sizeof start, "%04d-%02d-%02d", s->start_year % 10000, s->start_month % 100,
             s->start_day % 100);
    spsim_output_created(created, sizeof created);
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
        spsim_h5_put_string(f, "/", "Conventions", "CF-1.10", e, n) < 0 ||
        spsim_h5w_write_text(w, f, "scenario_text", "/scenario_text",
                             "the scenario file and every file it includes", s->text) < 0 ||
        spsim_h5_put_uint64(f, "/", "seed", (uint64_t)s->seed, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "spsim_version", SPSIM_VERSION, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "created", created, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "replications", (int)w->n_rep, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "weeks", (int)w->n_weeks, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "start_date", start, e, n) < 0 ||
        spsim_h5_put_double(f, "/", "horizon_years", s->horizon_years, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "arms", arms, e, n) < 0)
        return -1;
    return write_precision_attributes(w);
}

/* What CF readers show as each dimension's name. */
static const char *scale_long_name(int dim)
{
    static const char *const fixed[N_FIXED_DIMS] = {"replication (an independent run of every arm)",
                                                    "first day of the week simulated", "locality",
                                                    "statistic across replications"};
    static const char *const money[N_DIMS - DIM_FINANCIAL_YEAR] = {
        "financial year (1 April to 31 March)",
        "money view: nominal, real (price_year prices) or discounted",
        "cost category",
        "health service",
        "willingness to pay for a WELLBY",
        "arm",
        "uncertain scenario key"};
    static const char *const category[SPSIM_N_CATEGORIES] = {"referral source", "activity type",
                                                             "kind of VCSE funding"};
    if (dim < N_FIXED_DIMS) return fixed[dim];
    if (dim < DIM_FINANCIAL_YEAR) return category[dim - N_FIXED_DIMS];
    return money[dim - DIM_FINANCIAL_YEAR];
}

int spsim_h5w_write_scale(spsim_h5_writer *w, int dim, hsize_t size, hid_t ftype, hid_t mtype,
                          const void *data)
{
    const char *name = spsim_h5w_dim_name(dim);
    char where[64];
    snprintf(where, sizeof where, "/%s", name);
    hid_t d = spsim_h5w_create_dataset(w, w->file, name, where, ftype, 1, &size, NULL);
    if (d < 0) return -1;
    w->scale[dim] = d; /* kept open to attach to datasets; closed at the end */
    if (H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
        return -1;
    }
    if (H5DSset_scale(d, spsim_h5w_dim_name(dim)) < 0) {
        snprintf(w->err, w->errlen, "cannot make %s a dimension scale", where);
        return -1;
    }
    return spsim_h5_put_string(d, where, "long_name", scale_long_name(dim), w->err, w->errlen);
}

/* 0, step, 2 x step, ...: replications are numbered, weeks counted in days (CF has no weeks). */
static int write_index_scale(spsim_h5_writer *w, int dim, hsize_t size, int32_t step)
{
    int32_t *index = malloc(size * sizeof *index);
    if (!index) {
        snprintf(w->err, w->errlen, "out of memory writing /%s", spsim_h5w_dim_name(dim));
        return -1;
    }
    for (hsize_t i = 0; i < size; i++) index[i] = (int32_t)i * step;
    int status = spsim_h5w_write_scale(w, dim, size, H5T_STD_I32LE, H5T_NATIVE_INT32, index);
    free(index);
    return status;
}

int spsim_h5w_write_name_scale(spsim_h5_writer *w, int dim, hsize_t size, const char *const *names)
{
    hid_t str = spsim_h5_string_type();
    if (str < 0) {
        snprintf(w->err, w->errlen, "cannot make a string type for /%s", spsim_h5w_dim_name(dim));
        return -1;
    }
    int status = spsim_h5w_write_scale(w, dim, size, str, str, names);
    H5Tclose(str);
    return status;
}

/* Financial years labelled as they are spoken of ("2025/26"), and beside the labels their April
 * years as numbers (/financial_year_start), for arithmetic and for the summary. */
static int write_financial_years(spsim_h5_writer *w, int first_year, hsize_t n_years)
{
    enum {
        LABEL = 16
    };
    char(*labels)[LABEL] = malloc(n_years * sizeof *labels);
    const char **names = malloc(n_years * sizeof *names);
    int32_t *years = malloc(n_years * sizeof *years);
    int status = labels && names && years ? 0 : -1;
    if (status < 0) snprintf(w->err, w->errlen, "out of memory writing /financial_year");
    for (hsize_t y = 0; y < n_years && status == 0; y++) {
        years[y] = first_year + (int32_t)y;
        snprintf(labels[y], LABEL, "%04d/%02d", (int)years[y] % 10000, (int)(years[y] + 1) % 100);
        names[y] = labels[y];
    }
    static const spsim_series_info start = {
        "financial_year_start", "year",
        "the calendar year of each financial year's 1 April: 2025 for 2025/26", false};
    hsize_t dims[1] = {n_years};
    int ids[1] = {DIM_FINANCIAL_YEAR};
    if (status == 0) status = spsim_h5w_write_name_scale(w, DIM_FINANCIAL_YEAR, n_years, names);
    if (status == 0)
        status = spsim_h5_put_string(w->scale[DIM_FINANCIAL_YEAR], "/financial_year", "description",
                                     "financial year, 1 April to 31 March: 2025/26 runs from 1 "
                                     "April 2025 to 31 March 2026",
                                     w->err, w->errlen);
    if (status == 0)
        status = spsim_h5w_write_whole(w, w->file, "/financial_year_start", &start, 1, dims, ids,
                                       false, H5T_STD_I32LE, H5T_NATIVE_INT32, years);
    free(labels);
    free((void *)names);
    free(years);
    return status;
}

/* The money views, cost categories and services as names. */
static int write_money_scales(spsim_h5_writer *w)
{
    const struct spsim_economics *e = w->run->results[0][0].economics;
    int status = write_financial_years(w, e->first_year, (hsize_t)e->n_years);
    const char *categories[SPSIM_N_COST_CATEGORIES];
    for (int c = 0; c < SPSIM_N_COST_CATEGORIES; c++)
        categories[c] = spsim_cost_category_table[c].name;
    if (status < 0 ||
        spsim_h5w_write_name_scale(w, DIM_MONEY_VIEW, SPSIM_N_MONEY_VIEWS, spsim_money_view_key) <
            0 ||
        spsim_h5w_write_name_scale(w, DIM_COST_CATEGORY, SPSIM_N_COST_CATEGORIES, categories) < 0 ||
        spsim_h5w_write_name_scale(w, DIM_SERVICE, SPSIM_N_SERVICES, spsim_service_key) < 0)
        return -1;
    return 0;
}

static int write_scales(spsim_h5_writer *w)
{
    const char *localities[SPSIM_MAX_LOCALITIES];
    for (hsize_t l = 0; l < w->n_loc; l++) localities[l] = w->s->arms[0].localities[l].name;
    char start[16];
    snprintf(start, sizeof start, "%04d-%02d-%02d", w->s->start_year % 10000,
             w->s->start_month % 100, w->s->start_day % 100);
    /* Weeks are counted in days since the start date, so CF readers (xarray, ncdump -t) show
     * each week's first day: CF calendars have no "weeks since". */
    char since[32];
    snprintf(since, sizeof since, "days since %s", start);
    hid_t week = -1;
    if (write_index_scale(w, DIM_REPLICATION, w->n_rep, 1) < 0 ||
        spsim_h5_put_string(w->scale[DIM_REPLICATION], "/replication", "units", "1", w->err,
                            w->errlen) < 0 ||
        write_index_scale(w, DIM_WEEK, w->n_weeks, 7) < 0 || (week = w->scale[DIM_WEEK]) < 0 ||
        spsim_h5_put_string(week, "/week", "units", since, w->err, w->errlen) < 0 ||
        spsim_h5_put_string(week, "/week", "calendar", "proleptic_gregorian", w->err, w->errlen) <
            0 ||
        spsim_h5_put_string(week, "/week", "description",
                            "the first day of each week simulated, in days since start_date: "
                            "week k begins on day 7 k",
                            w->err, w->errlen) < 0 ||
        spsim_h5_put_string(week, "/week", "start_date", start, w->err, w->errlen) < 0 ||
        spsim_h5w_write_name_scale(w, DIM_LOCALITY, w->n_loc, localities) < 0 ||
        spsim_h5w_write_name_scale(w, DIM_STATISTIC, SPSIM_N_STATS, spsim_stat_name) < 0)
        return -1;
    for (int c = 0; c < SPSIM_N_CATEGORIES; c++) {
        const spsim_category_info *info = &spsim_category_table[c];
        if (spsim_h5w_write_name_scale(w, N_FIXED_DIMS + c, (hsize_t)info->n, info->keys) < 0)
            return -1;
    }
    return write_money_scales(w);
}

/* ---- the file ---- */

hid_t spsim_h5w_create_file(spsim_h5_writer *w, const char *tmp_path, const char *path)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    hid_t fcpl = spsim_h5_untimed_props(H5P_FILE_CREATE); /* the root group's times */
    hid_t f = -1;
    /* Strong close: closing the file on an error path also closes anything left open.
     * Format 1.8: attributes larger than 64 KiB (a long scenario text) are allowed. */
    if (fapl < 0 || fcpl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18) < 0)
        snprintf(w->err, w->errlen, "cannot set up file access for %s", path);
    else if ((f = H5Fcreate(tmp_path, H5F_ACC_EXCL, fcpl, fapl)) < 0)
        snprintf(w->err, w->errlen, "cannot create %s (writing %s)", tmp_path, path);
    if (fcpl >= 0) H5Pclose(fcpl);
    if (fapl >= 0) H5Pclose(fapl);
    return f;
}

/* What the file holds when it is not every replication's series of a finished run: the --keep
 * asked for, and for a partial file what it holds of the run planned (resumed with --resume). */
static int write_keep_attributes(spsim_h5_writer *w)
{
    hid_t f = w->file;
    char *e = w->err;
    size_t n = w->errlen;
    if (w->keep_text && spsim_h5_put_string(f, "/", "keep", w->keep_text, e, n) < 0) return -1;
    if (w->keep_text &&
        spsim_h5_put_int(f, "/", "replications_with_series", (int)w->n_kept, e, n) < 0)
        return -1;
    if (!w->partial) return 0;
    if (spsim_h5_put_string(f, "/", "status", "partial", e, n) < 0 ||
        spsim_h5_put_int(f, "/", "replications_completed", (int)w->n_rep, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "replications_planned", w->replications_planned, e, n) < 0)
        return -1;
    return spsim_h5w_write_resume_state(w);
}

int spsim_h5w_write_contents(spsim_h5_writer *w)
{
    int status = write_root_attributes(w);
    if (status == 0) status = write_keep_attributes(w);
    if (status == 0) status = write_scales(w);
    if (status == 0) status = write_arms(w);
    if (status == 0) status = spsim_h5w_write_comparisons(w);
    if (status == 0) status = spsim_h5w_write_psa(w);
    if (status == 0) status = spsim_h5w_write_decision(w);
    if (status == 0 && w->run->tornado)
        status = w->partial ? spsim_h5w_write_tornado_resume_state(w) : spsim_h5w_write_tornado(w);
    spsim_h5w_close_local_scales(w);
    if (status == 0) status = spsim_h5w_add_long_names(w);
    for (int d = 0; d < N_DIMS; d++)
        if (w->scale[d] >= 0 && H5Dclose(w->scale[d]) < 0 && status == 0) {
            snprintf(w->err, w->errlen, "cannot close dataset /%s", spsim_h5w_dim_name(d));
            status = -1;
        }
    for (int d = 0; d < N_DIMS; d++) w->scale[d] = -1;
    return status;
}
