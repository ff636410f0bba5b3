#include "h5util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* HDF5's file drivers put the system's error in a message of the error stack as
 * "..., errno = N, error message = '...'". */
static herr_t find_errno(unsigned n, const H5E_error2_t *e, void *data)
{
    (void)n;
    int *sys_errno = data;
    const char *at = e->desc ? strstr(e->desc, "errno = ") : NULL;
    int value = 0;
    if (*sys_errno == 0 && at && sscanf(at, "errno = %d", &value) == 1 && value > 0)
        *sys_errno = value;
    return 0;
}

static herr_t record_errno(hid_t stack, void *data)
{
    H5Ewalk2(stack, H5E_WALK_UPWARD, find_errno, data);
    return 0;
}

void spsim_h5_quiet(spsim_h5_error_printing *saved)
{
    saved->func = NULL;
    saved->client_data = NULL;
    H5Eget_auto2(H5E_DEFAULT, &saved->func, &saved->client_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void spsim_h5_restore(const spsim_h5_error_printing *saved)
{
    H5Eset_auto2(H5E_DEFAULT, saved->func, saved->client_data);
}

void spsim_h5_quiet_recording(spsim_h5_error_printing *saved, int *sys_errno)
{
    spsim_h5_quiet(saved);
    H5Eset_auto2(H5E_DEFAULT, record_errno, sys_errno);
}

void spsim_h5_no_cleanup_at_exit(void)
{
    H5dont_atexit();
}

hid_t spsim_h5_untimed_props(hid_t cls)
{
    hid_t p = H5Pcreate(cls);
    if (p >= 0 && H5Pset_obj_track_times(p, 0) < 0) {
        H5Pclose(p);
        return -1;
    }
    return p;
}

hid_t spsim_h5_create_group(hid_t loc, const char *name)
{
    hid_t gcpl = spsim_h5_untimed_props(H5P_GROUP_CREATE);
    hid_t g = gcpl < 0 ? -1 : H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (gcpl >= 0) H5Pclose(gcpl);
    return g;
}

hid_t spsim_h5_create_dataset(hid_t loc, const char *name, hid_t type, hid_t space)
{
    hid_t dcpl = spsim_h5_untimed_props(H5P_DATASET_CREATE);
    hid_t d = dcpl < 0 ? -1 : H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (dcpl >= 0) H5Pclose(dcpl);
    return d;
}

hid_t spsim_h5_string_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

/* Creates scalar attribute `attr` of file type `ftype` and writes `value` as `mtype`. */
static int put_scalar(hid_t obj, const char *where, const char *attr, hid_t ftype, hid_t mtype,
                      const void *value, char *err, size_t errlen)
{
    int status = -1;
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = space < 0 ? -1 : H5Acreate2(obj, attr, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0)
        snprintf(err, errlen, "cannot create attribute '%s' of %s", attr, where);
    else if (H5Awrite(a, mtype, value) < 0)
        snprintf(err, errlen, "cannot write attribute '%s' of %s", attr, where);
    else
        status = 0;
    if (a >= 0 && H5Aclose(a) < 0 && status == 0) {
        snprintf(err, errlen, "cannot close attribute '%s' of %s", attr, where);
        status = -1;
    }
    if (space >= 0) H5Sclose(space);
    return status;
}

int spsim_h5_put_string(hid_t obj, const char *where, const char *attr, const char *value,
                        char *err, size_t errlen)
{
    hid_t t = spsim_h5_string_type();
    if (t < 0) {
        snprintf(err, errlen, "cannot make a string type for attribute '%s' of %s", attr, where);
        return -1;
    }
    const char *text = value ? value : "";
    int status = put_scalar(obj, where, attr, t, t, &text, err, errlen);
    H5Tclose(t);
    return status;
}

int spsim_h5_put_int(hid_t obj, const char *where, const char *attr, int value, char *err,
                     size_t errlen)
{
    int32_t v = value;
    return put_scalar(obj, where, attr, H5T_STD_I32LE, H5T_NATIVE_INT32, &v, err, errlen);
}

int spsim_h5_put_uint64(hid_t obj, const char *where, const char *attr, uint64_t value, char *err,
                        size_t errlen)
{
    return put_scalar(obj, where, attr, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value, err, errlen);
}

int spsim_h5_put_double(hid_t obj, const char *where, const char *attr, double value, char *err,
                        size_t errlen)
{
    return put_scalar(obj, where, attr, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value, err, errlen);
}

/* Opens attribute `attr` of obj, or reports that it is missing. */
static hid_t open_attr(hid_t obj, const char *where, const char *attr, char *err, size_t errlen)
{
    if (H5Aexists(obj, attr) <= 0) {
        snprintf(err, errlen, "%s has no attribute '%s'", where, attr);
        return -1;
    }
    hid_t a = H5Aopen(obj, attr, H5P_DEFAULT);
    if (a < 0) snprintf(err, errlen, "cannot open attribute '%s' of %s", attr, where);
    return a;
}

static int read_vlen_string(hid_t a, hid_t ftype, char *buf, size_t len)
{
    hid_t mtype = H5Tcopy(ftype);
    char *text = NULL;
    int status = -1;
    if (mtype >= 0 && H5Aread(a, mtype, &text) >= 0) {
        snprintf(buf, len, "%s", text ? text : "");
        status = 0;
    }
    if (text) H5free_memory(text); /* allocated by the HDF5 library on read */
    if (mtype >= 0) H5Tclose(mtype);
    return status;
}

static int read_fixed_string(hid_t a, hid_t ftype, char *buf, size_t len)
{
    size_t size = H5Tget_size(ftype);
    char *text = calloc(size + 1, 1);
    int status = -1;
    if (text && H5Aread(a, ftype, text) >= 0) {
        snprintf(buf, len, "%s", text);
        status = 0;
    }
    free(text);
    return status;
}

int spsim_h5_get_string(hid_t obj, const char *where, const char *attr, char *buf, size_t len,
                        char *err, size_t errlen)
{
    hid_t a = open_attr(obj, where, attr, err, errlen);
    if (a < 0) return -1;
    int status = -1;
    hid_t ftype = H5Aget_type(a);
    if (ftype >= 0 && H5Tget_class(ftype) == H5T_STRING) {
        htri_t vlen = H5Tis_variable_str(ftype);
        status = vlen > 0    ? read_vlen_string(a, ftype, buf, len)
                 : vlen == 0 ? read_fixed_string(a, ftype, buf, len)
                             : -1;
        if (status < 0) snprintf(err, errlen, "cannot read attribute '%s' of %s", attr, where);
    } else {
        snprintf(err, errlen, "attribute '%s' of %s is not a string", attr, where);
    }
    if (ftype >= 0) H5Tclose(ftype);
    H5Aclose(a);
    return status;
}

/* Reads a numeric scalar attribute converted to `mtype`. */
static int get_number(hid_t obj, const char *where, const char *attr, hid_t mtype, void *value,
                      char *err, size_t errlen)
{
    hid_t a = open_attr(obj, where, attr, err, errlen);
    if (a < 0) return -1;
    int status = -1;
    hid_t ftype = H5Aget_type(a);
    H5T_class_t cls = ftype >= 0 ? H5Tget_class(ftype) : H5T_NO_CLASS;
    if (cls != H5T_INTEGER && cls != H5T_FLOAT)
        snprintf(err, errlen, "attribute '%s' of %s is not a number", attr, where);
    else if (H5Aread(a, mtype, value) < 0)
        snprintf(err, errlen, "cannot read attribute '%s' of %s", attr, where);
    else
        status = 0;
    if (ftype >= 0) H5Tclose(ftype);
    H5Aclose(a);
    return status;
}

int spsim_h5_get_double(hid_t obj, const char *where, const char *attr, double *value, char *err,
                        size_t errlen)
{
    return get_number(obj, where, attr, H5T_NATIVE_DOUBLE, value, err, errlen);
}

int spsim_h5_get_uint64(hid_t obj, const char *where, const char *attr, uint64_t *value, char *err,
                        size_t errlen)
{
    return get_number(obj, where, attr, H5T_NATIVE_UINT64, value, err, errlen);
}

int spsim_h5_get_dataset_double(hid_t f, const char *path, const char *dataset, const char *attr,
                                double *value, char *err, size_t errlen)
{
    if (H5Lexists(f, dataset, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no dataset %s", path, dataset);
        return -1;
    }
    hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    int status = d < 0 ? -1 : spsim_h5_get_double(d, dataset, attr, value, err, errlen);
    if (d >= 0) H5Dclose(d);
    return status;
}
