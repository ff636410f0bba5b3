/* Small HDF5 helpers shared by the output writer and the summary reader.
 *
 * Every helper checks each HDF5 call it makes and, on failure, writes a message naming the object
 * and attribute into `err` and returns -1 (0 on success). Messages never depend on HDF5's own
 * error stack, which callers switch off with spsim_h5_quiet. */
#ifndef SPSIM_H5UTIL_H
#define SPSIM_H5UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <hdf5.h>

/* HDF5's automatic error printing, saved so it can be put back as the caller found it. */
typedef struct {
    H5E_auto2_t func;
    void *client_data;
} spsim_h5_error_printing;

void spsim_h5_quiet(spsim_h5_error_printing *saved);
void spsim_h5_restore(const spsim_h5_error_printing *saved);
/* As spsim_h5_quiet, but every failing HDF5 call also records in *sys_errno the first system
 * error (errno) HDF5's file driver met, so that a message can give the system's reason (no
 * space, no permission) rather than the dataset that happened to be written; *sys_errno is
 * left as it is when no system error was met. */
void spsim_h5_quiet_recording(spsim_h5_error_printing *saved, int *sys_errno);

/* Keeps HDF5 from cleaning up at the program's exit. After a close that failed (a full disk),
 * HDF5 1.10 keeps an identifier to a file it has already freed, and its clean-up at exit then
 * crashes; every file is closed by the program itself, so there is nothing left to clean up.
 * Must come before any other HDF5 call (the start of main). */
void spsim_h5_no_cleanup_at_exit(void);

/* A creation property list of class `cls` (H5P_DATASET_CREATE, H5P_GROUP_CREATE,
 * H5P_FILE_CREATE) that records no modification times, so that two runs of the same scenario
 * and seed give the same bytes; the caller closes it with H5Pclose. Negative on failure. */
hid_t spsim_h5_untimed_props(hid_t cls);

/* A group, or a contiguous dataset, that records no modification times (as every object spsim
 * writes): H5Gcreate2 / H5Dcreate2 with untimed creation properties. */
hid_t spsim_h5_create_group(hid_t loc, const char *name);
hid_t spsim_h5_create_dataset(hid_t loc, const char *name, hid_t type, hid_t space);

/* A variable-length UTF-8 string type (caller closes it with H5Tclose), or a negative id. */
hid_t spsim_h5_string_type(void);

/* Scalar attributes on `obj`; `where` names obj in messages (e.g. "/arms/blanket"). */
int spsim_h5_put_string(hid_t obj, const char *where, const char *attr, const char *value,
                        char *err, size_t errlen);
int spsim_h5_put_int(hid_t obj, const char *where, const char *attr, int value, char *err,
                     size_t errlen);
int spsim_h5_put_uint64(hid_t obj, const char *where, const char *attr, uint64_t value, char *err,
                        size_t errlen);
int spsim_h5_put_double(hid_t obj, const char *where, const char *attr, double value, char *err,
                        size_t errlen);

/* Reading scalar attributes back. Strings may be fixed or variable length; the text is cut to
 * fit `len` bytes. Numbers are converted by HDF5 to the requested native type. */
int spsim_h5_get_string(hid_t obj, const char *where, const char *attr, char *buf, size_t len,
                        char *err, size_t errlen);
int spsim_h5_get_double(hid_t obj, const char *where, const char *attr, double *value, char *err,
                        size_t errlen);
/* The number attribute `attr` of dataset `dataset` in file `f` (named `path` in messages);
 * -1 with a message when the dataset is missing or the attribute unreadable. */
int spsim_h5_get_dataset_double(hid_t f, const char *path, const char *dataset, const char *attr,
                                double *value, char *err, size_t errlen);
int spsim_h5_get_uint64(hid_t obj, const char *where, const char *attr, uint64_t *value, char *err,
                        size_t errlen);

#endif
