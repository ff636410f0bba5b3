/* What makes the output file read the same in every netCDF tool, not only in h5py.
 *
 * netCDF-4 lets a group use the dimensions of its parents, but xarray (both its h5netcdf and
 * netcdf4 engines) only labels a group's variables with coordinate variables of that same group.
 * So each group that uses a dimension gets its own copy of the root group's dimension scale,
 * made the first time one of its datasets is attached to it, and its datasets are attached to
 * that copy. CF readers also look for `long_name`; every dataset written with a description
 * gets it from there once the file is complete. */
#include <stdio.h>
#include <string.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "h5util.h"
#include "h5writer.h"

void spsim_h5w_close_local_scales(spsim_h5_writer *w)
{
    for (int d = 0; d < N_DIMS; d++)
        if (w->local[d] >= 0) {
            H5Dclose(w->local[d]);
            w->local[d] = -1;
        }
    w->local_group[0] = '\0';
}

/* The path of the group holding dataset `d` ("" for the root group), or -1. */
static int group_of(hid_t d, char path[WHERE_MAX])
{
    ssize_t n = H5Iget_name(d, path, WHERE_MAX);
    if (n <= 0 || n >= WHERE_MAX) return -1;
    char *slash = strrchr(path, '/');
    if (!slash) return -1;
    *slash = '\0';
    return 0;
}

/* The copy of the root scale `dim` in `group`, made now unless it is there already. */
static hid_t copy_scale(spsim_h5_writer *w, const char *group, int dim)
{
    const char *name = spsim_h5w_dim_name(dim);
    char src[WHERE_MAX], dst[2 * WHERE_MAX];
    snprintf(src, sizeof src, "/%s", name);
    snprintf(dst, sizeof dst, "%s/%s", group, name);
    htri_t there = H5Lexists(w->file, dst, H5P_DEFAULT);
    if (there <= 0 && H5Ocopy(w->file, src, w->file, dst, H5P_DEFAULT, H5P_DEFAULT) < 0) {
        snprintf(w->err, w->errlen, "cannot copy dimension scale %s to %s", src, dst);
        return -1;
    }
    hid_t s = H5Dopen2(w->file, dst, H5P_DEFAULT);
    if (s < 0 || H5DSis_scale(s) <= 0) {
        /* A dataset of the dimension's name would hide the dimension from netCDF readers. */
        snprintf(w->err, w->errlen, "cannot use %s as dimension '%s': it is not a dimension scale",
                 dst, name);
        if (s >= 0) H5Dclose(s);
        return -1;
    }
    return s;
}

hid_t spsim_h5w_local_scale(spsim_h5_writer *w, hid_t d, int dim, const char *where)
{
    char group[WHERE_MAX];
    if (group_of(d, group) < 0) {
        snprintf(w->err, w->errlen, "cannot find the group of %s", where);
        return -1;
    }
    if (group[0] == '\0') return w->scale[dim];
    if (strcmp(group, w->local_group) != 0) {
        spsim_h5w_close_local_scales(w);
        snprintf(w->local_group, sizeof w->local_group, "%s", group);
    }
    if (w->local[dim] < 0) w->local[dim] = copy_scale(w, group, dim);
    return w->local[dim];
}

/* ---- long names ---- */

static herr_t add_long_name(hid_t obj, const char *name, const H5O_info_t *info, void *data)
{
    spsim_h5_writer *w = data;
    if (info->type != H5O_TYPE_DATASET) return 0;
    hid_t d = H5Oopen(obj, name, H5P_DEFAULT);
    if (d < 0) return 0;
    herr_t status = 0;
    if (H5Aexists(d, "long_name") == 0 && H5Aexists(d, "description") > 0) {
        char text[1024];
        status =
            spsim_h5_get_string(d, name, "description", text, sizeof text, w->err, w->errlen) < 0 ||
                    spsim_h5_put_string(d, name, "long_name", text, w->err, w->errlen) < 0
                ? -1
                : 0;
    }
    H5Oclose(d);
    return status;
}

int spsim_h5w_add_long_names(spsim_h5_writer *w)
{
    if (H5Ovisit2(w->file, H5_INDEX_NAME, H5_ITER_NATIVE, add_long_name, w, H5O_INFO_BASIC) < 0) {
        if (w->err[0] == '\0') snprintf(w->err, w->errlen, "cannot add long names to the file");
        return -1;
    }
    return 0;
}

/* ---- text as a dataset ---- */

int spsim_h5w_write_text(spsim_h5_writer *w, hid_t loc, const char *name, const char *where,
                         const char *description, const char *text)
{
    hid_t str = spsim_h5_string_type();
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t dcpl = spsim_h5_untimed_props(H5P_DATASET_CREATE);
    hid_t d = str < 0 || space < 0 || dcpl < 0
                  ? -1
                  : H5Dcreate2(loc, name, str, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (dcpl >= 0) H5Pclose(dcpl);
    const char *value = text ? text : "";
    int status = -1;
    if (d < 0)
        snprintf(w->err, w->errlen, "cannot create dataset %s", where);
    else if (H5Dwrite(d, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) < 0)
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
    else
        status = spsim_h5_put_string(d, where, "description", description, w->err, w->errlen);
    if (d >= 0) H5Dclose(d);
    if (space >= 0) H5Sclose(space);
    if (str >= 0) H5Tclose(str);
    return status;
}
