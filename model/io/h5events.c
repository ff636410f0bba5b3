/* /arms/<arm>/events: the pathways of the sampled people of every replication, in replication
 * order and, within one, in referral order; a dimension scale `person` numbers the rows so that
 * netCDF readers see a dimension. Nothing is written when the run kept no event log, so the file
 * of a run without --events is the file it always was. */
#include "h5events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hdf5_hl.h>

#include "h5util.h"
#include "h5writer.h"
#include "results/person_events.h"

static const char sampling_text[] =
    "the N referrals of each replication with the lowest priority, a hash of the person's "
    "locality, referral number and replication (bottom-N sampling: an even sample of the run, "
    "the same people in every arm, no random draws)";

static hid_t field_type(spsim_field_kind kind)
{
    switch (kind) {
    case SPSIM_FIELD_INT8: return H5T_NATIVE_INT8;
    case SPSIM_FIELD_INT32: return H5T_NATIVE_INT32;
    case SPSIM_FIELD_INT64: return H5T_NATIVE_INT64;
    case SPSIM_FIELD_FLOAT64: return H5T_NATIVE_DOUBLE;
    }
    return H5T_NATIVE_DOUBLE;
}

hid_t spsim_h5_person_record_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(spsim_person_record));
    for (int f = 0; t >= 0 && f < SPSIM_N_PERSON_FIELDS; f++) {
        const spsim_person_field *field = &spsim_person_field_table[f];
        if (H5Tinsert(t, field->name, field->offset, field_type(field->kind)) < 0) {
            H5Tclose(t);
            t = -1;
        }
    }
    return t;
}

/* An attribute holding one string per field of the table (`units` or `description`). */
static int put_field_strings(spsim_h5_writer *w, hid_t d, const char *where, const char *attr,
                             bool units)
{
    const char *values[SPSIM_N_PERSON_FIELDS];
    for (int f = 0; f < SPSIM_N_PERSON_FIELDS; f++)
        values[f] =
            units ? spsim_person_field_table[f].units : spsim_person_field_table[f].description;
    hsize_t n = SPSIM_N_PERSON_FIELDS;
    hid_t str = spsim_h5_string_type();
    hid_t space = H5Screate_simple(1, &n, NULL);
    hid_t a = str < 0 || space < 0 ? -1 : H5Acreate2(d, attr, str, space, H5P_DEFAULT, H5P_DEFAULT);
    int status = a >= 0 && H5Awrite(a, str, values) >= 0 ? 0 : -1;
    if (status < 0) snprintf(w->err, w->errlen, "cannot write attribute %s of %s", attr, where);
    if (a >= 0) H5Aclose(a);
    if (space >= 0) H5Sclose(space);
    if (str >= 0) H5Tclose(str);
    return status;
}

static int put_table_attributes(spsim_h5_writer *w, hid_t d, const char *where, int people)
{
    char *e = w->err;
    size_t n = w->errlen;
    const char *what = "the pathway of each sampled person in each replication: one row a person, "
                       "fields described by field_units and field_descriptions";
    if (spsim_h5_put_string(d, where, "long_name", "person-level event log", e, n) < 0 ||
        spsim_h5_put_string(d, where, "description", what, e, n) < 0 ||
        spsim_h5_put_int(d, where, "events_per_replication", people, e, n) < 0 ||
        spsim_h5_put_string(d, where, "sampling", sampling_text, e, n) < 0 ||
        put_field_strings(w, d, where, "field_units", true) < 0 ||
        put_field_strings(w, d, where, "field_descriptions", false) < 0)
        return -1;
    return 0;
}

/* Every replication's records of one arm, in replication order; NULL (message set) when out of
 * memory. */
static spsim_person_record *gather(spsim_h5_writer *w, int arm, hsize_t *rows)
{
    size_t n = 0;
    for (int rep = 0; rep < w->run->n_replications; rep++)
        n += (size_t)w->run->results[arm][rep].events->n;
    spsim_person_record *all = malloc((n ? n : 1) * sizeof *all);
    if (!all) {
        snprintf(w->err, w->errlen, "out of memory gathering %zu event-log rows", n);
        return NULL;
    }
    size_t at = 0;
    for (int rep = 0; rep < w->run->n_replications; rep++) {
        const spsim_person_events *log = w->run->results[arm][rep].events;
        memcpy(all + at, log->records, (size_t)log->n * sizeof *all);
        at += (size_t)log->n;
    }
    *rows = (hsize_t)n;
    return all;
}

/* The `person` scale of the arm group: the row numbers 0 .. rows-1. */
static hid_t write_row_scale(spsim_h5_writer *w, hid_t arm_group, const char *arm_name,
                             hsize_t rows)
{
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, NULL, "person");
    int32_t *index = malloc((rows ? rows : 1) * sizeof *index);
    hsize_t chunk = rows > 4096 ? 4096 : (rows ? rows : 1);
    hid_t s = index ? spsim_h5w_create_dataset(w, arm_group, "person", where, H5T_STD_I32LE, 1,
                                               &rows, &chunk)
                    : -1;
    for (hsize_t i = 0; index && i < rows; i++) index[i] = (int32_t)i;
    char *e = w->err;
    size_t n = w->errlen;
    if (s >= 0 &&
        (H5Dwrite(s, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, index) < 0 ||
         H5DSset_scale(s, "person") < 0 || spsim_h5_put_string(s, where, "units", "1", e, n) < 0 ||
         spsim_h5_put_string(s, where, "long_name",
                             "row of the event log: one sampled person in one "
                             "replication",
                             e, n) < 0)) {
        if (!e[0]) snprintf(e, n, "cannot write dataset %s", where);
        H5Dclose(s);
        s = -1;
    }
    if (!index) snprintf(e, n, "out of memory numbering the event log of %s", arm_name);
    free(index);
    return s;
}

static int write_table(spsim_h5_writer *w, hid_t arm_group, const char *arm_name,
                       const spsim_person_record *rows_data, hsize_t rows, int people)
{
    char where[WHERE_MAX];
    spsim_h5w_arm_path(where, arm_name, NULL, "events");
    hid_t type = spsim_h5_person_record_type();
    hid_t packed = type < 0 ? -1 : H5Tcopy(type); /* the file's: without the memory padding */
    if (packed >= 0 && H5Tpack(packed) < 0) {
        H5Tclose(packed);
        packed = -1;
    }
    hid_t scale = packed < 0 ? -1 : write_row_scale(w, arm_group, arm_name, rows);
    hsize_t chunk = rows > 4096 ? 4096 : (rows ? rows : 1);
    hid_t d = scale < 0 ? -1
                        : spsim_h5w_create_dataset(w, arm_group, "events", where, packed, 1, &rows,
                                                   &chunk);
    int status = d < 0 ? -1 : 0;
    if (status == 0 && (H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows_data) < 0 ||
                        H5DSattach_scale(d, scale, 0) < 0)) {
        snprintf(w->err, w->errlen, "cannot write dataset %s", where);
        status = -1;
    }
    if (status == 0) status = put_table_attributes(w, d, where, people);
    if (packed < 0) snprintf(w->err, w->errlen, "cannot build the type of %s", where);
    if (packed >= 0) H5Tclose(packed);
    if (d >= 0) H5Dclose(d);
    if (scale >= 0) H5Dclose(scale);
    if (type >= 0) H5Tclose(type);
    return status;
}

int spsim_h5w_write_events(spsim_h5_writer *w, hid_t arm_group, int arm, const char *arm_name)
{
    if (w->run->n_replications == 0 || !w->run->results[arm][0].events) return 0;
    hsize_t rows = 0;
    spsim_person_record *all = gather(w, arm, &rows);
    if (!all) return -1;
    int people = w->run->results[arm][0].events->capacity;
    int status = write_table(w, arm_group, arm_name, all, rows, people);
    free(all);
    return status;
}
