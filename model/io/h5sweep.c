/* The sweep file: dimension scales variant and replication in the root group, one coordinate
 * dataset per varied key (named by the key) along variant, and per arm the headlines and
 * totals as (variant, replication) datasets carrying the units and descriptions of their
 * tables. */
#define _POSIX_C_SOURCE 200809L

#include "h5sweep.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5util.h"
#include "output.h"
#include "../economics/economics.h"

typedef struct {
    const spsim_scenario *s;
    const spsim_sweep_grid *g;
    const spsim_sweep_results *r;
    hid_t file, variant, replication; /* the file and its two dimension scales */
    hsize_t n_var, n_rep;
    double *buf;           /* V x R values of one dataset */
    double *acceptability; /* [variant * arms + arm], or NULL: no distributions */
    char *err;
    size_t errlen;
} sweep_writer;

static int fail(sweep_writer *w, const char *what, const char *where)
{
    snprintf(w->err, w->errlen, "cannot %s %s", what, where);
    return -1;
}

/* A float64 dataset of `rank` (1 or 2) dimensions along variant[, replication]. */
static int write_dataset(sweep_writer *w, hid_t loc, const char *name, const char *where, int rank,
                         const char *units, const char *description)
{
    hsize_t dims[2] = {w->n_var, w->n_rep};
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t d = space < 0 ? -1 : spsim_h5_create_dataset(loc, name, H5T_IEEE_F64LE, space);
    int status = d < 0 ? fail(w, "create dataset", where) : 0;
    if (status == 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, w->buf) < 0)
        status = fail(w, "write dataset", where);
    if (status == 0 &&
        (spsim_h5_put_string(d, where, "units", units, w->err, w->errlen) < 0 ||
         spsim_h5_put_string(d, where, "description", description, w->err, w->errlen) < 0))
        status = -1;
    if (status == 0 && (H5DSattach_scale(d, w->variant, 0) < 0 ||
                        (rank == 2 && H5DSattach_scale(d, w->replication, 1) < 0)))
        status = fail(w, "attach the variant and replication scales to", where);
    if (d >= 0) H5Dclose(d);
    if (space >= 0) H5Sclose(space);
    return status;
}

static hid_t index_scale(sweep_writer *w, const char *name, hsize_t n)
{
    int32_t *index = malloc((size_t)n * sizeof *index);
    hid_t space = H5Screate_simple(1, &n, NULL), d = -1;
    if (index && space >= 0) {
        for (hsize_t i = 0; i < n; i++) index[i] = (int32_t)i;
        d = spsim_h5_create_dataset(w->file, name, H5T_STD_I32LE, space);
        if (d >= 0 && (H5Dwrite(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, index) < 0 ||
                       H5DSset_scale(d, name) < 0)) {
            H5Dclose(d);
            d = -1;
        }
    }
    if (space >= 0) H5Sclose(space);
    free(index);
    if (d < 0) fail(w, "write the dimension scale", name);
    return d;
}

static int write_root(sweep_writer *w)
{
    char arms[SPSIM_MAX_ARMS * (SPSIM_NAME_MAX + 1)] = "", keys[SPSIM_SWEEP_MAX_KEYS * 130] = "";
    for (int a = 0; a < w->s->n_arms; a++)
        snprintf(arms + strlen(arms), sizeof arms - strlen(arms), "%s%s", a ? "," : "",
                 w->s->arms[a].name);
    for (int k = 0; k < w->g->n_keys; k++)
        snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", k ? "," : "",
                 w->g->keys[k]);
    hid_t f = w->file;
    char *e = w->err;
    size_t n = w->errlen;
    if (spsim_h5_put_string(f, "/", "title", "spsim sweep", e, n) < 0 ||
        spsim_h5_put_string(f, "/", "scenario_name", w->s->name, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "scenario_path", w->s->path, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "scenario_text", w->s->text, e, n) < 0 ||
        spsim_h5_put_uint64(f, "/", "seed", w->s->seed, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "spsim_version", SPSIM_VERSION, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "replications", (int)w->n_rep, e, n) < 0 ||
        spsim_h5_put_int(f, "/", "variants", (int)w->n_var, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "arms", arms, e, n) < 0 ||
        spsim_h5_put_string(f, "/", "varied_keys", keys, e, n) < 0)
        return -1;
    w->variant = index_scale(w, "variant", w->n_var);
    w->replication = w->variant < 0 ? -1 : index_scale(w, "replication", w->n_rep);
    return w->replication < 0 ? -1 : 0;
}

/* /KEY (variant): the value each variant gives the key, in the key's registry unit. */
static int write_coordinates(sweep_writer *w)
{
    for (int k = 0; k < w->g->n_keys; k++) {
        for (hsize_t v = 0; v < w->n_var; v++) w->buf[v] = spsim_sweep_grid_value(w->g, (int)v, k);
        const char *unit = spsim_override_unit(w->g->keys[k]);
        char where[160];
        snprintf(where, sizeof where, "/%s", w->g->keys[k]);
        if (write_dataset(w, w->file, w->g->keys[k], where, 1, unit ? unit : "-",
                          "the value of this scenario key in each variant") != 0)
            return -1;
    }
    return 0;
}

/* One figure of one arm: `per` values a replication, figure `id` of them, from totals or
 * headlines. */
static int write_figure(sweep_writer *w, hid_t group, const char *where, int arm, bool headline,
                        int id)
{
    const spsim_series_info *info = headline ? &spsim_headline_table[id] : &spsim_total_table[id];
    for (hsize_t v = 0; v < w->n_var; v++) {
        const spsim_variant_figures *f = &w->r->figures[v];
        for (hsize_t rep = 0; rep < w->n_rep; rep++) {
            size_t at = (size_t)arm * w->n_rep + rep;
            w->buf[v * w->n_rep + rep] = headline ? f->headlines[at * SPSIM_N_HEADLINES + id]
                                                  : f->totals[at * SPSIM_N_TOTALS + id];
        }
    }
    char path[256];
    snprintf(path, sizeof path, "%s/%s", where, info->name);
    return write_dataset(w, group, info->name, path, 2, info->units, info->description);
}

static int write_group(sweep_writer *w, hid_t arm_group, const char *arm_where, int arm,
                       bool headline)
{
    const char *name = headline ? "headlines" : "totals";
    char where[192];
    snprintf(where, sizeof where, "%s/%s", arm_where, name);
    hid_t g = spsim_h5_create_group(arm_group, name);
    if (g < 0) return fail(w, "create group", where);
    int n = headline ? SPSIM_N_HEADLINES : SPSIM_N_TOTALS, status = 0;
    for (int id = 0; id < n && status == 0; id++)
        status = write_figure(w, g, where, arm, headline, id);
    H5Gclose(g);
    return status;
}

/* /arms/ARM/acceptability (variant), with parameter distributions only (engine/variants.h). */
static int write_acceptability(sweep_writer *w, hid_t arm_group, const char *arm_where, int arm)
{
    if (!w->acceptability) return 0;
    for (hsize_t v = 0; v < w->n_var; v++)
        w->buf[v] = w->acceptability[v * (hsize_t)w->s->n_arms + (hsize_t)arm];
    char where[192], description[256];
    snprintf(where, sizeof where, "%s/acceptability", arm_where);
    snprintf(description, sizeof description,
             "share of replications in which this arm of the variant has the highest net "
             "monetary benefit of every arm of every variant, at %.17g GBP per WELLBY",
             w->s->arms[0].economics.willingness_to_pay_per_wellby_gbp);
    return write_dataset(w, arm_group, "acceptability", where, 1, "1", description);
}

static int write_arms(sweep_writer *w)
{
    hid_t arms = spsim_h5_create_group(w->file, "arms");
    if (arms < 0) return fail(w, "create group", "/arms");
    int status = 0;
    for (int a = 0; a < w->s->n_arms && status == 0; a++) {
        char where[96];
        snprintf(where, sizeof where, "/arms/%s", w->s->arms[a].name);
        hid_t g = spsim_h5_create_group(arms, w->s->arms[a].name);
        status = g < 0 ? fail(w, "create group", where) : 0;
        if (status == 0) status = write_group(w, g, where, a, true);
        if (status == 0) status = write_group(w, g, where, a, false);
        if (status == 0) status = write_acceptability(w, g, where, a);
        if (g >= 0) H5Gclose(g);
    }
    H5Gclose(arms);
    return status;
}

static int write_file(sweep_writer *w, const char *tmp_path, const char *path)
{
    hid_t fcpl = spsim_h5_untimed_props(H5P_FILE_CREATE); /* the root group's times */
    w->file = fcpl < 0 ? -1 : H5Fcreate(tmp_path, H5F_ACC_EXCL, fcpl, H5P_DEFAULT);
    if (fcpl >= 0) H5Pclose(fcpl);
    if (w->file < 0) {
        snprintf(w->err, w->errlen, "cannot create %s (writing %s)", tmp_path, path);
        return -1;
    }
    int status = write_root(w);
    if (status == 0) status = write_coordinates(w);
    if (status == 0) status = write_arms(w);
    if (w->variant >= 0) H5Dclose(w->variant);
    if (w->replication >= 0) H5Dclose(w->replication);
    if (H5Fclose(w->file) < 0 && status == 0) {
        snprintf(w->err, w->errlen, "cannot close %s (writing %s)", tmp_path, path);
        status = -1;
    }
    return status;
}

int spsim_h5_write_sweep(const char *path, const spsim_scenario *s, const spsim_sweep_grid *g,
                         const spsim_sweep_results *r, char *err, size_t errlen)
{
    if (r->n_variants < 1 || r->figures[0].n_arms != s->n_arms) {
        snprintf(err, errlen, "cannot write %s: the sweep has no results for the scenario's arms",
                 path);
        return -1;
    }
    sweep_writer w = {.s = s,
                      .g = g,
                      .r = r,
                      .variant = -1,
                      .replication = -1,
                      .n_var = (hsize_t)r->n_variants,
                      .n_rep = (hsize_t)r->figures[0].n_replications,
                      .err = err,
                      .errlen = errlen};
    w.buf = malloc((size_t)(w.n_var * w.n_rep) * sizeof *w.buf);
    bool acceptable = w.buf != NULL;
    if (acceptable && s->n_uncertain > 0) {
        w.acceptability = malloc((size_t)w.n_var * (size_t)s->n_arms * sizeof *w.acceptability);
        acceptable =
            w.acceptability &&
            spsim_sweep_acceptability(r, s->arms[0].economics.willingness_to_pay_per_wellby_gbp,
                                      w.acceptability) == 0;
    }
    if (!acceptable) {
        free(w.buf);
        free(w.acceptability);
        snprintf(err, errlen, "out of memory writing %s", path);
        return -1;
    }
    char tmp_path[1100];
    snprintf(tmp_path, sizeof tmp_path, "%s.tmp.%ld", path, (long)getpid());
    spsim_h5_error_printing saved;
    int sys_errno = 0;
    spsim_h5_quiet_recording(&saved, &sys_errno);
    int status = write_file(&w, tmp_path, path);
    spsim_h5_restore(&saved);
    free(w.buf);
    free(w.acceptability);
    if (status != 0) remove(tmp_path);
    if (status != 0 && sys_errno) spsim_output_give_reason(path, sys_errno, err, errlen);
    if (status == 0) status = spsim_output_commit(tmp_path, path, err, errlen);
    return status;
}
