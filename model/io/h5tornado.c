/* One-way sensitivity in the results file: /psa/tornado (docs/output.md). Its dimensions are
 * its own dimension scales, /psa/tornado/key, bound and comparison, so netCDF readers see
 * incremental_net_monetary_benefit as (key, bound, comparison). An interrupted tornado's partial
 * file has instead the finished variants' figures, for --resume (docs/output.md, "Partial
 * files"). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5_hl.h>

#include "h5util.h"
#include "h5write.h"
#include "h5writer.h"
#include "../engine/tornado.h"
#include "../scenario/params.h"

enum {
    SCALE_KEY,
    SCALE_BOUND,
    SCALE_COMPARISON,
    N_SCALES
};
static const char *const scale_name[N_SCALES] = {"key", "bound", "comparison"};
static const char key_units[] = "each key's own unit (docs/scenarios.md)";

typedef struct {
    spsim_h5_writer *w;
    hid_t group;
    hid_t scale[N_SCALES];
    const spsim_tornado *t;
} tornado_writer;

static void where_of(char where[WHERE_MAX], const char *name)
{
    snprintf(where, WHERE_MAX, "/psa/tornado/%.100s", name);
}

/* A 1-D string dataset; left open in *out when out is given (a dimension scale), otherwise a
 * variable along the key scale (netCDF readers refuse a dataset without dimensions). */
static int write_strings(tornado_writer *tw, const char *name, hsize_t n, const char **text,
                         const char *description, hid_t *out)
{
    char where[WHERE_MAX];
    where_of(where, name);
    hid_t type = spsim_h5_string_type();
    hid_t d =
        type >= 0 ? spsim_h5w_create_dataset(tw->w, tw->group, name, where, type, 1, &n, NULL) : -1;
    int status = d >= 0 ? 0 : -1;
    if (status == 0 && H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0) {
        snprintf(tw->w->err, tw->w->errlen, "cannot write dataset %s", where);
        status = -1;
    }
    if (status == 0)
        status =
            spsim_h5_put_string(d, where, "description", description, tw->w->err, tw->w->errlen);
    if (type >= 0) H5Tclose(type);
    if (status == 0 && out) return *out = d, 0;
    if (status == 0 && H5DSattach_scale(d, tw->scale[SCALE_KEY], 0) < 0) {
        snprintf(tw->w->err, tw->w->errlen, "cannot attach dimension scale 'key' to %s", where);
        status = -1;
    }
    if (d >= 0) H5Dclose(d);
    return status;
}

static int make_scale(tornado_writer *tw, int s)
{
    if (H5DSset_scale(tw->scale[s], scale_name[s]) < 0) {
        snprintf(tw->w->err, tw->w->errlen, "cannot make /psa/tornado/%s a dimension scale",
                 scale_name[s]);
        return -1;
    }
    return 0;
}

/* A float64 dataset over the scales `dims` (SCALE_ ids), with units and a description. */
static int write_numbers(tornado_writer *tw, const char *name, int rank, const int *dims,
                         const double *x, const char *units, const char *description)
{
    char where[WHERE_MAX];
    where_of(where, name);
    hsize_t size[3];
    for (int i = 0; i < rank; i++) {
        hsize_t n[N_SCALES] = {(hsize_t)tw->t->n_keys, SPSIM_TORNADO_N_BOUNDS,
                               (hsize_t)tw->t->n_compared};
        size[i] = n[dims[i]];
    }
    hid_t d =
        spsim_h5w_create_dataset(tw->w, tw->group, name, where, H5T_IEEE_F64LE, rank, size, NULL);
    if (d < 0) return -1;
    int status = 0;
    if (H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0) {
        snprintf(tw->w->err, tw->w->errlen, "cannot write dataset %s", where);
        status = -1;
    }
    if (status == 0)
        status = spsim_h5_put_string(d, where, "units", units, tw->w->err, tw->w->errlen);
    if (status == 0)
        status =
            spsim_h5_put_string(d, where, "description", description, tw->w->err, tw->w->errlen);
    for (int i = 0; status == 0 && i < rank; i++)
        if (H5DSattach_scale(d, tw->scale[dims[i]], (unsigned)i) < 0) {
            snprintf(tw->w->err, tw->w->errlen, "cannot attach /psa/tornado/%s to %s",
                     scale_name[dims[i]], where);
            status = -1;
        }
    H5Dclose(d);
    return status;
}

/* "ARM_minus_REFERENCE" for each comparison (the arm alone with one arm). */
static int write_scales(tornado_writer *tw)
{
    const spsim_scenario *s = tw->w->s;
    const spsim_tornado *t = tw->t;
    const char **keys = calloc((size_t)t->n_keys, sizeof *keys);
    if (!keys) return snprintf(tw->w->err, tw->w->errlen, "out of memory writing /psa"), -1;
    for (int k = 0; k < t->n_keys; k++) keys[k] = s->uncertain[k].key;
    static const char *bounds[SPSIM_TORNADO_N_BOUNDS] = {"low", "high"};
    char names[SPSIM_MAX_ARMS][2 * SPSIM_NAME_MAX + 8];
    const char *compared[SPSIM_MAX_ARMS];
    for (int c = 0; c < t->n_compared; c++) {
        if (t->reference_arm >= 0)
            snprintf(names[c], sizeof names[c], "%s_minus_%s", s->arms[t->compared[c]].name,
                     s->arms[t->reference_arm].name);
        else
            snprintf(names[c], sizeof names[c], "%s", s->arms[t->compared[c]].name);
        compared[c] = names[c];
    }
    int status = write_strings(tw, "key", (hsize_t)t->n_keys, keys,
                               "the uncertain keys, dotted paths as written, in file order",
                               &tw->scale[SCALE_KEY]);
    if (status == 0)
        status = write_strings(tw, "bound", SPSIM_TORNADO_N_BOUNDS, bounds,
                               "low: the key at its 2.5 % quantile; high: at its 97.5 % quantile",
                               &tw->scale[SCALE_BOUND]);
    if (status == 0)
        status = write_strings(tw, "comparison", (hsize_t)t->n_compared, compared,
                               "each arm against the reference arm (the last arm), or the one "
                               "arm against no scheme",
                               &tw->scale[SCALE_COMPARISON]);
    for (int i = 0; status == 0 && i < N_SCALES; i++) status = make_scale(tw, i);
    for (int k = 0; status == 0 && k < t->n_keys; k++) keys[k] = s->uncertain[k].written;
    if (status == 0)
        status = write_strings(tw, "distribution", (hsize_t)t->n_keys, keys,
                               "each key's distribution as written in the scenario", NULL);
    free(keys);
    return status;
}

static int write_figures(tornado_writer *tw)
{
    const spsim_tornado *t = tw->t;
    double *swing = malloc((size_t)t->n_keys * t->n_compared * sizeof *swing);
    if (!swing) return snprintf(tw->w->err, tw->w->errlen, "out of memory writing /psa"), -1;
    for (int k = 0; k < t->n_keys; k++)
        for (int c = 0; c < t->n_compared; c++)
            swing[k * t->n_compared + c] = spsim_tornado_swing(t, k, c);
    const int key[1] = {SCALE_KEY}, key_bound[2] = {SCALE_KEY, SCALE_BOUND},
              all[3] = {SCALE_KEY, SCALE_BOUND, SCALE_COMPARISON},
              comparison[1] = {SCALE_COMPARISON}, key_comparison[2] = {SCALE_KEY, SCALE_COMPARISON};
    int status = write_numbers(tw, "mean_value", 1, key, t->mean_value, key_units,
                               "each key's mean: its value in the base and in the other keys' "
                               "variants");
    if (status == 0)
        status = write_numbers(tw, "value", 2, key_bound, t->value, key_units,
                               "the key's value in the variant: its 2.5 % (low) or 97.5 % (high) "
                               "quantile, truncated to the key's range");
    if (status == 0)
        status = write_numbers(tw, "incremental_net_monetary_benefit", 3, all, t->inmb, "GBP",
                               "mean over replications of the arm's net monetary benefit minus "
                               "the reference arm's, at the variant's willingness to pay per "
                               "WELLBY, with the key at this value and every other at its mean");
    if (status == 0)
        status =
            write_numbers(tw, "base_incremental_net_monetary_benefit", 1, comparison, t->base_inmb,
                          "GBP", "the same with every key at its mean (the base)");
    if (status == 0)
        status = write_numbers(tw, "swing", 2, key_comparison, swing, "GBP",
                               "|high - low| of incremental_net_monetary_benefit");
    free(swing);
    return status;
}

static int put_attributes(tornado_writer *tw)
{
    const spsim_tornado *t = tw->t;
    const spsim_scenario *s = tw->w->s;
    char *e = tw->w->err;
    size_t n = tw->w->errlen;
    const char *reference = t->reference_arm >= 0 ? s->arms[t->reference_arm].name : "none";
    if (spsim_h5_put_string(tw->group, "/psa/tornado", "description",
                            "one-way sensitivity: each uncertain key at its low and high value, "
                            "every other at its mean, same seed and replications",
                            e, n) < 0 ||
        spsim_h5_put_string(tw->group, "/psa/tornado", "reference_arm", reference, e, n) < 0 ||
        spsim_h5_put_int(tw->group, "/psa/tornado", "replications", t->replications, e, n) < 0 ||
        spsim_h5_put_double(tw->group, "/psa/tornado", "low_quantile", SPSIM_TORNADO_LOW_QUANTILE,
                            e, n) < 0 ||
        spsim_h5_put_double(tw->group, "/psa/tornado", "high_quantile", SPSIM_TORNADO_HIGH_QUANTILE,
                            e, n) < 0)
        return -1;
    return 0;
}

int spsim_h5w_write_tornado(spsim_h5_writer *w)
{
    tornado_writer tw = {.w = w, .group = -1, .t = w->run->tornado};
    for (int i = 0; i < N_SCALES; i++) tw.scale[i] = -1;
    /* /psa may already hold the run's parameter draws. */
    hid_t psa = H5Lexists(w->file, "psa", H5P_DEFAULT) > 0
                    ? H5Gopen2(w->file, "psa", H5P_DEFAULT)
                    : spsim_h5w_create_group(w, w->file, "psa", "/psa");
    if (psa < 0) return snprintf(w->err, w->errlen, "cannot open group /psa"), -1;
    tw.group = spsim_h5w_create_group(w, psa, "tornado", "/psa/tornado");
    int status = tw.group >= 0 ? put_attributes(&tw) : -1;
    if (status == 0) status = write_scales(&tw);
    if (status == 0) status = write_figures(&tw);
    for (int i = 0; i < N_SCALES; i++)
        if (tw.scale[i] >= 0) H5Dclose(tw.scale[i]);
    if (tw.group >= 0) H5Gclose(tw.group);
    H5Gclose(psa);
    return status;
}

/* ---- an interrupted tornado's partial file ---- */

/* /tornado_resume_state (variant, value): row v is variant v (key v / 2 at its low value for
 * even v, high for odd), its key's value then its inmb for each comparison, exactly as the run
 * held them. */
static const char resume_where[] = "/tornado_resume_state";

static long resume_row(const spsim_tornado *t)
{
    return 1 + t->n_compared;
}

int spsim_h5w_write_tornado_resume_state(spsim_h5_writer *w)
{
    const spsim_tornado *t = w->run->tornado;
    char *e = w->err;
    size_t n = w->errlen;
    if (spsim_h5_put_int(w->file, "/", "tornado_variants", t->n_keys * SPSIM_TORNADO_N_BOUNDS, e,
                         n) < 0 ||
        spsim_h5_put_int(w->file, "/", "tornado_variants_done", t->variants_done, e, n) < 0)
        return -1;
    if (t->variants_done == 0) return 0;
    long width = resume_row(t);
    double *rows = malloc((size_t)t->variants_done * (size_t)width * sizeof *rows);
    if (!rows) return snprintf(e, n, "out of memory writing %s", resume_where), -1;
    for (int v = 0; v < t->variants_done; v++) {
        rows[v * width] = t->value[v];
        memcpy(rows + v * width + 1, t->inmb + (size_t)v * t->n_compared,
               (size_t)t->n_compared * sizeof *rows);
    }
    hsize_t dims[2] = {(hsize_t)t->variants_done, (hsize_t)width};
    hid_t d = spsim_h5w_create_dataset(w, w->file, "tornado_resume_state", resume_where,
                                       H5T_IEEE_F64LE, 2, dims, NULL);
    int status = d >= 0 ? 0 : -1;
    if (status == 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0) {
        snprintf(e, n, "cannot write dataset %s", resume_where);
        status = -1;
    }
    if (status == 0)
        status = spsim_h5_put_string(d, resume_where, "description",
                                     "each finished variant of the tornado (key * 2 + bound): "
                                     "its key's value, then its incremental net monetary benefit "
                                     "(GBP) for each comparison; read back by --resume",
                                     e, n);
    if (d >= 0) H5Dclose(d);
    free(rows);
    return status;
}

/* Bit for bit (a value written and read back is the same double). */
static bool same_bits(double a, double b)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x == y;
}

/* Reads the rows into t, refusing a shape or a value that is not this tornado's. */
static int read_rows(hid_t d, const char *path, spsim_tornado *t, int variants_done, char *err,
                     size_t errlen)
{
    long width = resume_row(t);
    hid_t space = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    bool fits = space >= 0 && H5Sget_simple_extent_ndims(space) == 2 &&
                H5Sget_simple_extent_dims(space, dims, NULL) == 2 &&
                dims[0] == (hsize_t)variants_done && dims[1] == (hsize_t)width;
    if (space >= 0) H5Sclose(space);
    if (!fits)
        return snprintf(err, errlen,
                        "cannot resume %s: %s is not %d variants x %ld values, as its "
                        "tornado_variants_done and arms say",
                        path, resume_where, variants_done, width),
               -1;
    double *rows = malloc((size_t)variants_done * (size_t)width * sizeof *rows);
    int status =
        rows && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) >= 0 ? 0 : -1;
    if (status != 0) snprintf(err, errlen, "cannot read %s of %s", resume_where, path);
    for (int v = 0; status == 0 && v < variants_done; v++) {
        /* The values come from the scenario's distributions: another one means another
         * scenario or build, whose figures would not belong with this run's. */
        if (!same_bits(rows[v * width], t->value[v])) {
            snprintf(err, errlen,
                     "cannot resume %s: its variant %d has value %.17g where this scenario gives "
                     "%.17g",
                     path, v, rows[v * width], t->value[v]);
            status = -1;
        }
        memcpy(t->inmb + (size_t)v * t->n_compared, rows + v * width + 1,
               (size_t)t->n_compared * sizeof *rows);
    }
    free(rows);
    return status;
}

int spsim_h5_read_tornado_state(const char *path, spsim_tornado *t, int variants_done, char *err,
                                size_t errlen)
{
    if (variants_done < 0 || variants_done > t->n_keys * SPSIM_TORNADO_N_BOUNDS)
        return snprintf(err, errlen,
                        "cannot resume %s: it says %d tornado variants are done, of %d", path,
                        variants_done, t->n_keys * SPSIM_TORNADO_N_BOUNDS),
               -1;
    t->variants_done = 0;
    if (variants_done == 0) return 0;
    spsim_h5_error_printing saved;
    spsim_h5_quiet(&saved);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = f >= 0 ? H5Dopen2(f, resume_where, H5P_DEFAULT) : -1;
    int status = d >= 0 ? read_rows(d, path, t, variants_done, err, errlen) : -1;
    if (d < 0) snprintf(err, errlen, "cannot resume %s: it has no %s", path, resume_where);
    if (d >= 0) H5Dclose(d);
    if (f >= 0) H5Fclose(f);
    spsim_h5_restore(&saved);
    if (status == 0) t->variants_done = variants_done;
    return status;
}
