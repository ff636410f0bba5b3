/* events.csv: the event log as one table, one row per arm and sampled person, the columns the
 * fields of the compound table in their order after the arm; localities, sources and activities
 * by their names in the file, numbers with 17 significant digits, a NaN (or no activity) as an
 * empty field. Everything is read back from the file. */
#define _POSIX_C_SOURCE 200809L

#include "export_events.h"
#include "export_csv.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../io/h5events.h"
#include "../io/h5util.h"
#include "../results/person_events.h"

enum {
    ARMS_TEXT_MAX = 4096
};

typedef struct {
    char **names;
    size_t n;
} label_list;

typedef struct {
    hid_t f;
    const char *path;
    label_list labels[SPSIM_LABEL_ACTIVITY + 1]; /* by spsim_field_label */
    FILE *out;
    char *err;
    size_t errlen;
} events_export;

/* The names of a 1-D string dataset (a dimension scale), copied; -1 with a message. */
static int read_labels(events_export *x, const char *name, label_list *out)
{
    *out = (label_list){0};
    hid_t d = H5Lexists(x->f, name, H5P_DEFAULT) > 0 ? H5Dopen2(x->f, name, H5P_DEFAULT) : -1;
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hid_t type = spsim_h5_string_type();
    hssize_t count = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    char **raw = count < 0 ? NULL : calloc((size_t)count + 1, sizeof *raw);
    out->names = count < 0 ? NULL : calloc((size_t)count + 1, sizeof *out->names);
    int status =
        raw && out->names && type >= 0 && H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) >= 0
            ? 0
            : -1;
    for (hssize_t i = 0; status == 0 && i < count; i++, out->n++)
        if (!(out->names[i] = strdup(raw[i] ? raw[i] : ""))) status = -1;
    if (raw && status == 0) H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw);
    free(raw);
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    if (d >= 0) H5Dclose(d);
    if (status < 0) snprintf(x->err, x->errlen, "cannot read the names %s of %s", name, x->path);
    return status;
}

static void free_labels(label_list *l)
{
    for (size_t i = 0; l->names && i < l->n; i++) free(l->names[i]);
    free(l->names);
    *l = (label_list){0};
}

static void put_field(events_export *x, const spsim_person_record *r, const spsim_person_field *fd)
{
    const char *at = (const char *)r + fd->offset;
    int64_t v = 0;
    switch (fd->kind) {
    case SPSIM_FIELD_FLOAT64: {
        double d;
        memcpy(&d, at, sizeof d);
        if (!isnan(d)) fprintf(x->out, "%.17g", d);
        return;
    }
    case SPSIM_FIELD_INT8:       /* small signed numbers (flags, codes), never characters */
        v = *(const int8_t *)at; // NOLINT(bugprone-signed-char-misuse)
        break;
    case SPSIM_FIELD_INT32: {
        int32_t i;
        memcpy(&i, at, sizeof i);
        v = i;
        break;
    }
    case SPSIM_FIELD_INT64: memcpy(&v, at, sizeof v); break;
    }
    if (fd->label == SPSIM_LABEL_NONE) {
        fprintf(x->out, "%" PRId64, v);
        return;
    }
    const label_list *l = &x->labels[fd->label];
    if (v >= 0 && (size_t)v < l->n)
        spsim_csv_put_text(x->out, l->names[v]);
    else if (v >= 0)
        fprintf(x->out, "%" PRId64, v); /* not a label the file names */
}

static void put_rows(events_export *x, const char *arm, const spsim_person_record *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        spsim_csv_put_text(x->out, arm);
        for (int f = 0; f < SPSIM_N_PERSON_FIELDS; f++) {
            fputc(',', x->out);
            put_field(x, &rows[i], &spsim_person_field_table[f]);
        }
        fputc('\n', x->out);
    }
}

/* The table of one arm, read with the record type (HDF5 matches the fields by name). */
static int export_arm(events_export *x, const char *arm, const char *table)
{
    hid_t d = H5Dopen2(x->f, table, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hid_t type = spsim_h5_person_record_type();
    hssize_t n = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    spsim_person_record *rows = n < 0 ? NULL : malloc(((size_t)n + 1) * sizeof *rows);
    int status =
        rows && type >= 0 && H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) >= 0 ? 0 : -1;
    if (status == 0)
        put_rows(x, arm, rows, (size_t)n);
    else
        snprintf(x->err, x->errlen, "cannot read %s of %s", table, x->path);
    free(rows);
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    if (d >= 0) H5Dclose(d);
    return status;
}

static void put_dictionary(FILE *dict)
{
    fputs("events.csv,arm,,\"the arm, as named in the scenario\"\n", dict);
    for (int f = 0; f < SPSIM_N_PERSON_FIELDS; f++) {
        const spsim_person_field *fd = &spsim_person_field_table[f];
        fprintf(dict, "events.csv,%s,", fd->name);
        spsim_csv_put_text(dict, fd->label == SPSIM_LABEL_NONE ? fd->units : "");
        fputc(',', dict);
        spsim_csv_put_text(dict, fd->description);
        fputc('\n', dict);
    }
}

static FILE *open_events_csv(events_export *x, const char *dir)
{
    char file[2048];
    spsim_csv_temp_path(dir, "events.csv", file, sizeof file);
    FILE *out = fopen(file, "w");
    if (!out) {
        snprintf(x->err, x->errlen, "cannot write %s/events.csv", dir);
        return NULL;
    }
    fputs("arm", out);
    for (int f = 0; f < SPSIM_N_PERSON_FIELDS; f++)
        fprintf(out, ",%s", spsim_person_field_table[f].name);
    fputc('\n', out);
    return out;
}

static int export_arms(events_export *x, char *arms, const char *dir, FILE *dict)
{
    int status = 0;
    char *save = NULL;
    for (char *arm = strtok_r(arms, ",", &save); arm && status == 0;
         arm = strtok_r(NULL, ",", &save)) {
        char table[ARMS_TEXT_MAX + 32];
        snprintf(table, sizeof table, "/arms/%s/events", arm);
        if (H5Lexists(x->f, "/arms", H5P_DEFAULT) <= 0 || H5Lexists(x->f, table, H5P_DEFAULT) <= 0)
            continue;
        if (!x->out) {
            if (!(x->out = open_events_csv(x, dir))) return -1;
            put_dictionary(dict);
        }
        status = export_arm(x, arm, table);
    }
    return status;
}

int spsim_export_events_csv(hid_t f, const char *path, const char *dir, FILE *dictionary, char *err,
                            size_t errlen)
{
    events_export x = {.f = f, .path = path, .err = err, .errlen = errlen};
    char arms[ARMS_TEXT_MAX];
    if (spsim_h5_get_string(f, "/", "arms", arms, sizeof arms, err, errlen) < 0) return -1;
    int status = read_labels(&x, "/locality", &x.labels[SPSIM_LABEL_LOCALITY]);
    if (status == 0) status = read_labels(&x, "/source", &x.labels[SPSIM_LABEL_SOURCE]);
    if (status == 0) status = read_labels(&x, "/activity", &x.labels[SPSIM_LABEL_ACTIVITY]);
    if (status == 0) status = export_arms(&x, arms, dir, dictionary);
    if (x.out && (ferror(x.out) || fclose(x.out) != 0) && status == 0) {
        snprintf(err, errlen, "cannot finish writing %s/events.csv", dir);
        status = -1;
    }
    for (int l = 0; l <= SPSIM_LABEL_ACTIVITY; l++) free_labels(&x.labels[l]);
    return status;
}
