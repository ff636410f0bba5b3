/* What makes the output file read the same in every netCDF tool, not only in h5py.
 *
 * netCDF-4 lets a group use the dimensions of its parents, but xarray (both its h5netcdf and
 * netcdf4 engines) only labels a group's variables with coordinate variables of that same group.
 * So each group that uses a dimension gets its own copy of the root group's dimension scale,
 * made the first time one of its datasets is attached to it, and its datasets are attached to
 * that copy. CF readers also look for `long_name`; every dataset written with a description
 * gets it from there once the file is complete. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- copies of the root scales ----
 *
 * Made by hand rather than with H5Ocopy: in HDF5 1.10 a write that fails inside H5Ocopy (a full
 * disk) crashes the library instead of returning an error. */

/* The whole of dataset or attribute `obj`'s values, read in its own type (the caller frees the
 * buffer with free_values); NULL on failure. */
static void *read_values(hid_t obj, bool attribute, hid_t type, hid_t space)
{
    hssize_t n = H5Sget_simple_extent_npoints(space);
    size_t size = H5Tget_size(type);
    void *buf = n >= 0 && size > 0 ? calloc(n > 0 ? (size_t)n : 1, size) : NULL;
    herr_t read = !buf        ? -1
                  : attribute ? H5Aread(obj, type, buf)
                              : H5Dread(obj, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    if (buf && read < 0) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

/* Frees values read by read_values, and the strings HDF5 allocated for variable-length text. */
static void free_values(void *buf, hid_t type, hid_t space)
{
    if (!buf) return;
    if (H5Tdetect_class(type, H5T_VLEN) > 0 || H5Tis_variable_str(type) > 0)
        H5Dvlen_reclaim(type, space, H5P_DEFAULT, buf);
    free(buf);
}

/* Copies attribute `name` of a root scale to its copy (data: the copy's id); the marks of a
 * dimension scale are the copy's own (H5DSset_scale) and its attachments are not copied. */
static herr_t copy_attribute(hid_t src, const char *name, const H5A_info_t *info, void *data)
{
    (void)info;
    static const char *const own[] = {"CLASS", "NAME", "REFERENCE_LIST", "DIMENSION_LIST"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (strcmp(name, own[i]) == 0) return 0;
    hid_t dst = *(const hid_t *)data;
    hid_t a = H5Aopen(src, name, H5P_DEFAULT);
    hid_t type = a < 0 ? -1 : H5Aget_type(a);
    hid_t space = a < 0 ? -1 : H5Aget_space(a);
    void *buf = type < 0 || space < 0 ? NULL : read_values(a, true, type, space);
    hid_t b = buf ? H5Acreate2(dst, name, type, space, H5P_DEFAULT, H5P_DEFAULT) : -1;
    herr_t status = b >= 0 && H5Awrite(b, type, buf) >= 0 ? 0 : -1;
    if (b >= 0 && H5Aclose(b) < 0) status = -1;
    free_values(buf, type, space);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (a >= 0) H5Aclose(a);
    return status;
}

/* Writes the root scale `dim` again as dataset `dst`, a dimension scale of the same name with
 * the same values and attributes. */
static int write_scale_copy(spsim_h5_writer *w, int dim, const char *dst)
{
    hid_t src = w->scale[dim];
    hid_t type = H5Dget_type(src), space = H5Dget_space(src);
    hid_t dcpl = spsim_h5_untimed_props(H5P_DATASET_CREATE);
    void *buf = type < 0 || space < 0 ? NULL : read_values(src, false, type, space);
    hid_t d = buf && dcpl >= 0
                  ? H5Dcreate2(w->file, dst, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)
                  : -1;
    int status = d >= 0 && H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0 &&
                         H5DSset_scale(d, spsim_h5w_dim_name(dim)) >= 0 &&
                         H5Aiterate2(src, H5_INDEX_NAME, H5_ITER_INC, NULL, copy_attribute, &d) >= 0
                     ? 0
                     : -1;
    if (d >= 0 && H5Dclose(d) < 0) status = -1;
    free_values(buf, type, space);
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    return status;
}

/* The copy of the root scale `dim` in `group`, made now unless it is there already. */
static hid_t copy_scale(spsim_h5_writer *w, const char *group, int dim)
{
    const char *name = spsim_h5w_dim_name(dim);
    char src[WHERE_MAX], dst[2 * WHERE_MAX];
    snprintf(src, sizeof src, "/%s", name);
    snprintf(dst, sizeof dst, "%s/%s", group, name);
    htri_t there = H5Lexists(w->file, dst, H5P_DEFAULT);
    if (there <= 0 && write_scale_copy(w, dim, dst) < 0) {
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
