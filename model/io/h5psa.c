/* The parameter draws of a run (/psa): one row per replication, one column per value written as
 * a distribution, with each column's key, distribution as written, source and note beside it.
 * /psa/key is a dimension scale, so netCDF readers see /psa/draws as (replication, key). Nothing
 * is written when the scenario has no distributions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5util.h"
#include "h5writer.h"

enum {
    PSA_TEXTS = 4
};

/* A string dataset along the key dimension. */
static int write_texts(spsim_h5_writer *w, hid_t g, hid_t key_scale, const char *name,
                       const char *description, const char *const *texts)
{
    char where[WHERE_MAX];
    snprintf(where, sizeof where, "/psa/%s", name);
    hsize_t n = (hsize_t)w->s->n_uncertain;
    hid_t str = spsim_h5_string_type();
    if (str < 0) {
        snprintf(w->err, w->errlen, "cannot make a string type for %s", where);
        return -1;
    }
    hid_t d = spsim_h5w_create_dataset(w, g, name, where, str, 1, &n, NULL);
    int status = d < 0 ? -1 : 0;
    if (status == 0 && H5Dwrite(d, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts) < 0) {
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
        status = -1;
    }
    if (status == 0 && key_scale >= 0 && H5DSattach_scale(d, key_scale, 0) < 0) {
        snprintf(w->err, w->errlen, "cannot attach dimension scale 'key' to %s", where);
        status = -1;
    }
    if (status == 0)
        status = spsim_h5_put_string(d, where, "description", description, w->err, w->errlen);
    if (d >= 0) H5Dclose(d);
    H5Tclose(str);
    return status;
}

/* /psa/draws: replication x key, float64, in each key's own unit. */
static int write_draws(spsim_h5_writer *w, hid_t g, hid_t key_scale)
{
    static const char where[] = "/psa/draws";
    hsize_t dims[2] = {w->n_rep, (hsize_t)w->s->n_uncertain};
    hid_t d = spsim_h5w_create_dataset(w, g, "draws", where, H5T_IEEE_F64LE, 2, dims, NULL);
    if (d < 0) return -1;
    int status = 0;
    if (H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, w->run->psa_values) < 0) {
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
        status = -1;
    } else if (H5DSattach_scale(d, spsim_h5w_local_scale(w, d, DIM_REPLICATION, where), 0) < 0 ||
               H5DSattach_scale(d, key_scale, 1) < 0) {
        snprintf(w->err, w->errlen, "cannot attach dimension scales to %s", where);
        status = -1;
    } else if (spsim_h5_put_string(d, where, "units", "each key's own unit (docs/scenarios.md)",
                                   w->err, w->errlen) < 0 ||
               spsim_h5_put_string(d, where, "description",
                                   "the value of each key written as a distribution that every "
                                   "arm of the replication ran with",
                                   w->err, w->errlen) < 0) {
        status = -1;
    }
    H5Dclose(d);
    return status;
}

static int write_columns(spsim_h5_writer *w, hid_t g, hid_t key_scale, const char **texts)
{
    int n = w->s->n_uncertain;
    const spsim_uncertain_key *u = w->s->uncertain;
    static const char *const name[PSA_TEXTS - 1] = {"distribution", "source", "note"};
    static const char *const description[PSA_TEXTS - 1] = {
        "each key's distribution as written in the scenario",
        "the published source given for each distribution (empty when none)",
        "the note given for each distribution (empty when none)"};
    for (int c = 0; c < PSA_TEXTS - 1; c++) {
        for (int k = 0; k < n; k++)
            texts[k] = c == 0 ? u[k].written : c == 1 ? u[k].source : u[k].note;
        if (write_texts(w, g, key_scale, name[c], description[c], texts) < 0) return -1;
    }
    return write_draws(w, g, key_scale);
}

int spsim_h5w_write_psa(spsim_h5_writer *w)
{
    int n = w->s->n_uncertain;
    if (n == 0 || !w->run->psa_values) return 0;
    const char **texts = malloc((size_t)n * sizeof *texts);
    hid_t g = texts ? spsim_h5w_create_group(w, w->file, "psa", "/psa") : -1;
    if (!texts) snprintf(w->err, w->errlen, "out of memory writing /psa");
    int status = g < 0 ? -1 : 0;
    for (int k = 0; k < n && status == 0; k++) texts[k] = w->s->uncertain[k].key;
    if (status == 0)
        status = write_texts(w, g, -1, "key",
                             "the dotted path of each value written as a distribution", texts);
    hid_t key_scale = status == 0 ? H5Dopen2(g, "key", H5P_DEFAULT) : -1;
    if (status == 0 && (key_scale < 0 || H5DSset_scale(key_scale, "key") < 0)) {
        snprintf(w->err, w->errlen, "cannot make /psa/key a dimension scale");
        status = -1;
    }
    if (status == 0) status = write_columns(w, g, key_scale, texts);
    if (key_scale >= 0) H5Dclose(key_scale);
    if (g >= 0) H5Gclose(g);
    free(texts);
    return status;
}
