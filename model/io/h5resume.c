/* What resuming a partial file needs beyond its weekly series: each replication's totals,
 * reductions, engine peaks, headlines, money by financial year and parameter draws, exactly as
 * the run held them (float64 holds every double, and the counts of bytes and people exactly), as
 * one row per replication of /resume_state. Only partial files have it; the file written once
 * the run is resumed and finished is that of an uninterrupted run.
 *
 * A row: for each arm in scenario order, totals | reductions (measure-major) | per-locality totals
 * (total-major) | engine peak bytes, people | headlines | each money measure by financial year;
 * then the run's parameter draws. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "h5util.h"
#include "h5write.h"
#include "h5writer.h"
#include "../economics/economics.h"

static long arm_values(int n_localities, int n_years)
{
    long n = SPSIM_N_TOTALS + (long)SPSIM_N_REDUCTION_MEASURES * n_localities * SPSIM_N_SERVICES +
             (long)SPSIM_N_LOCALITY_TOTALS * n_localities + 2 + SPSIM_N_HEADLINES;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++)
        n += (long)n_years * spsim_fy_measure_per_year((spsim_fy_measure)m);
    return n;
}

static long row_values(const spsim_run *run, int n_years)
{
    return (long)run->n_arms * arm_values(run->n_localities, n_years) + run->n_psa_keys;
}

/* Copies n doubles between the row and the run: out of the run when `pack`, into it otherwise. */
static double *move(double *row, double *value, long n, bool pack)
{
    if (pack)
        memcpy(row, value, (size_t)n * sizeof *row);
    else
        memcpy(value, row, (size_t)n * sizeof *row);
    return row + n;
}

static void move_arm(double *row, spsim_arm_results *r, int n_localities, bool pack)
{
    long per_measure = (long)n_localities * SPSIM_N_SERVICES;
    row = move(row, r->totals, SPSIM_N_TOTALS, pack);
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++)
        row = move(row, r->reductions[m], per_measure, pack);
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++)
        row = move(row, r->locality_totals[t], n_localities, pack);
    double peaks[2] = {(double)r->engine_peak_bytes, (double)r->engine_peak_people};
    row = move(row, peaks, 2, pack);
    r->engine_peak_bytes = (size_t)peaks[0];
    r->engine_peak_people = (size_t)peaks[1];
    struct spsim_economics *e = r->economics;
    row = move(row, e->headlines, SPSIM_N_HEADLINES, pack);
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++)
        row = move(row, e->fy[m], (long)e->n_years * spsim_fy_measure_per_year((spsim_fy_measure)m),
                   pack);
}

static void move_row(double *row, spsim_run *run, int rep, int n_years, bool pack)
{
    long per_arm = arm_values(run->n_localities, n_years);
    for (int a = 0; a < run->n_arms; a++)
        move_arm(row + a * per_arm, &run->results[a][rep], run->n_localities, pack);
    if (run->n_psa_keys > 0)
        move(row + run->n_arms * per_arm, run->psa_values + (size_t)rep * (size_t)run->n_psa_keys,
             run->n_psa_keys, pack);
}

/* One row of the (replication, value) dataset `d`. */
static int row_io(hid_t d, int rep, long n, double *row, bool write)
{
    hsize_t start[2] = {(hsize_t)rep, 0}, count[2] = {1, (hsize_t)n};
    hid_t space = H5Dget_space(d), mem = H5Screate_simple(2, count, NULL);
    int status = space >= 0 && mem >= 0 &&
                         H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL) >= 0
                     ? 0
                     : -1;
    if (status == 0)
        status = (write ? H5Dwrite(d, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, row)
                        : H5Dread(d, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, row)) < 0
                     ? -1
                     : 0;
    if (mem >= 0) H5Sclose(mem);
    if (space >= 0) H5Sclose(space);
    return status;
}

int spsim_h5w_write_resume_state(spsim_h5_writer *w)
{
    static const char where[] = "/resume_state";
    const struct spsim_economics *e = w->run->results[0][0].economics;
    spsim_run *run = (spsim_run *)w->run; /* only read: move_row packs out of it */
    long n = row_values(run, e->n_years);
    hsize_t dims[2] = {w->n_rep, (hsize_t)n};
    double *row = malloc((size_t)n * sizeof *row);
    hid_t d = row ? spsim_h5w_create_dataset(w, w->file, "resume_state", where, H5T_IEEE_F64LE, 2,
                                             dims, NULL)
                  : -1;
    if (!row) snprintf(w->err, w->errlen, "out of memory writing %s", where);
    int status = d < 0 ? -1 : 0;
    for (int r = 0; r < (int)w->n_rep && status == 0; r++) {
        move_row(row, run, r, e->n_years, true);
        if (row_io(d, r, n, row, true) < 0) {
            snprintf(w->err, w->errlen, "cannot write replication %d of %s", r, where);
            status = -1;
        }
    }
    if (status == 0)
        status = spsim_h5_put_string(d, where, "description",
                                     "what --resume needs of each replication done (totals, "
                                     "reductions, money, parameter draws); partial files only",
                                     w->err, w->errlen);
    if (status == 0)
        status = spsim_h5_put_int(d, where, "first_year", e->first_year, w->err, w->errlen);
    if (status == 0) status = spsim_h5_put_int(d, where, "n_years", e->n_years, w->err, w->errlen);
    if (d >= 0) H5Dclose(d);
    free(row);
    return status;
}

/* Room for the results of replication rep kept beyond the weekly series. */
static int alloc_replication(spsim_run *run, int rep, int first_year, int n_years)
{
    for (int a = 0; a < run->n_arms; a++) {
        spsim_arm_results *r = &run->results[a][rep];
        if (spsim_arm_results_init(r, run->n_weeks, run->n_localities) != 0) return -1;
        spsim_arm_results_release_weekly(r);
        r->economics = spsim_economics_alloc(first_year, n_years);
        if (!r->economics) return -1;
    }
    return 0;
}

static int read_rows(hid_t d, spsim_run *run, int completed, int first_year, int n_years, char *err,
                     size_t errlen)
{
    long n = row_values(run, n_years);
    hid_t space = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    int rank = space < 0 ? -1 : H5Sget_simple_extent_dims(space, dims, NULL);
    if (space >= 0) H5Sclose(space);
    if (rank != 2 || dims[0] < (hsize_t)completed || dims[1] != (hsize_t)n) {
        snprintf(err, errlen,
                 "cannot resume: /resume_state does not hold %d replications of %ld values "
                 "(the run's arms, localities and uncertain keys)",
                 completed, n);
        return -1;
    }
    double *row = malloc((size_t)n * sizeof *row);
    int status = row ? 0 : -1;
    if (!row) snprintf(err, errlen, "out of memory resuming");
    for (int r = 0; r < completed && status == 0; r++) {
        if (alloc_replication(run, r, first_year, n_years) != 0) {
            snprintf(err, errlen, "out of memory resuming replication %d", r);
            status = -1;
        } else if (row_io(d, r, n, row, false) < 0) {
            snprintf(err, errlen, "cannot read replication %d of /resume_state", r);
            status = -1;
        } else {
            move_row(row, run, r, n_years, false);
        }
    }
    free(row);
    return status;
}

int spsim_h5w_read_resume_state(hid_t partial, const spsim_scenario *s, spsim_run *run,
                                int completed, char *err, size_t errlen)
{
    (void)s;
    hid_t d = H5Dopen2(partial, "/resume_state", H5P_DEFAULT);
    if (d < 0) {
        snprintf(err, errlen, "cannot resume: the file has no /resume_state");
        return -1;
    }
    double first_year = 0.0, n_years = 0.0;
    int status = spsim_h5_get_double(d, "/resume_state", "first_year", &first_year, err, errlen);
    if (status == 0)
        status = spsim_h5_get_double(d, "/resume_state", "n_years", &n_years, err, errlen);
    if (status == 0)
        status = read_rows(d, run, completed, (int)first_year, (int)n_years, err, errlen);
    H5Dclose(d);
    return status;
}

/* ---- what a partial file says of itself ---- */

/* The scalar string dataset /scenario_text, malloc'd. */
static char *read_text(hid_t f, const char *path, char *err, size_t errlen)
{
    hid_t d = H5Dopen2(f, "/scenario_text", H5P_DEFAULT);
    hid_t str = spsim_h5_string_type();
    char *value = NULL, *copy = NULL;
    if (d >= 0 && str >= 0 && H5Dread(d, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) >= 0 && value)
        copy = strdup(value);
    if (!copy) snprintf(err, errlen, "cannot read /scenario_text of %s", path);
    if (value) H5free_memory(value);
    if (str >= 0) H5Tclose(str);
    if (d >= 0) H5Dclose(d);
    return copy;
}

/* The stopping rule's state of a partial file of a run to a precision; nothing for a fixed
 * count (no precision attribute). */
static int read_precision_state(hid_t f, spsim_h5_partial *p, char *err, size_t errlen)
{
    if (H5Aexists_by_name(f, "/", "precision", H5P_DEFAULT) <= 0) return 0;
    static const char *const names[] = {"precision_pilot", "precision_max_replications",
                                        "precision_rounds", "precision_round_target",
                                        "precision_assessed_through"};
    int *fields[] = {&p->pilot, &p->max_replications, &p->rounds, &p->round_target,
                     &p->assessed_through};
    if (spsim_h5_get_double(f, "/", "precision", &p->precision, err, errlen) < 0) return -1;
    for (int i = 0; i < 5; i++) {
        double v = 0.0;
        if (spsim_h5_get_double(f, "/", names[i], &v, err, errlen) < 0) return -1;
        *fields[i] = (int)v;
    }
    return 0;
}

/* How far an interrupted --tornado got (h5tornado.c writes it); nothing for another run (no
 * tornado_variants attribute). */
static int read_tornado_state(hid_t f, spsim_h5_partial *p, char *err, size_t errlen)
{
    if (H5Aexists_by_name(f, "/", "tornado_variants", H5P_DEFAULT) <= 0) return 0;
    double variants = 0.0, done = 0.0;
    if (spsim_h5_get_double(f, "/", "tornado_variants", &variants, err, errlen) < 0 ||
        spsim_h5_get_double(f, "/", "tornado_variants_done", &done, err, errlen) < 0)
        return -1;
    p->tornado_variants = (int)variants;
    p->tornado_variants_done = (int)done;
    return 0;
}

static int read_partial_attributes(hid_t f, const char *path, spsim_h5_partial *p, char *err,
                                   size_t errlen)
{
    char status[32] = "";
    double completed = 0.0, planned = 0.0;
    uint64_t seed = 0;
    if (spsim_h5_get_string(f, "/", "status", status, sizeof status, err, errlen) < 0 ||
        strcmp(status, "partial") != 0) {
        snprintf(err, errlen,
                 "cannot resume %s: it is not a partial file (no root attribute status = "
                 "partial): it is finished already, or not written by spsim run",
                 path);
        return -1;
    }
    if (spsim_h5_get_double(f, "/", "replications_completed", &completed, err, errlen) < 0 ||
        spsim_h5_get_double(f, "/", "replications_planned", &planned, err, errlen) < 0 ||
        spsim_h5_get_uint64(f, "/", "seed", &seed, err, errlen) < 0 ||
        spsim_h5_get_string(f, "/", "keep", p->keep, sizeof p->keep, err, errlen) < 0 ||
        spsim_h5_get_string(f, "/", "arms", p->arms, sizeof p->arms, err, errlen) < 0)
        return -1;
    p->completed = (int)completed;
    p->planned = (int)planned;
    p->seed = (unsigned long long)seed;
    if (read_precision_state(f, p, err, errlen) < 0) return -1;
    return read_tornado_state(f, p, err, errlen);
}

int spsim_h5_read_partial(const char *path, spsim_h5_partial *p, char *err, size_t errlen)
{
    *p = (spsim_h5_partial){0};
    spsim_h5_error_printing saved;
    spsim_h5_quiet(&saved);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    int status = 0;
    if (f < 0) {
        snprintf(err, errlen, "cannot resume: cannot open %s as an HDF5 file", path);
        status = -1;
    }
    if (status == 0) status = read_partial_attributes(f, path, p, err, errlen);
    if (status == 0 && !(p->scenario_text = read_text(f, path, err, errlen))) status = -1;
    if (f >= 0) H5Fclose(f);
    spsim_h5_restore(&saved);
    if (status != 0) spsim_h5_partial_free(p);
    return status;
}

void spsim_h5_partial_free(spsim_h5_partial *p)
{
    free(p->scenario_text);
    p->scenario_text = NULL;
}
