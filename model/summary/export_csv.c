/* The results file as tidy CSV, for spreadsheets and tools that do not read HDF5: one row per
 * arm, replication, period, locality and metric for the weekly series (weekly.csv), the
 * totals (totals.csv) and the per-locality totals (locality_totals.csv), a headline table (headlines.csv: statistics across replications) and a
 * data dictionary (dictionary.csv). Everything is read back from the file, names, units and
 * descriptions included, so the CSV says what the file says. Numbers are printed with 17
 * significant digits, which reads back as the same double; a NaN is an empty field. */
#define _POSIX_C_SOURCE 200809L

#include "export_csv.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "export_events.h"
#include "summary_print.h"
#include "../io/h5util.h"
#include "../io/output.h"

enum {
    NAME_MAX_LEN = 128,
    TEXT_MAX = 1024,
    DATE_LEN = 16,
    MAX_NAMES = 256
};

typedef struct {
    hid_t f;
    const char *path;
    size_t n_rep, n_weeks, n_loc;
    char **localities; /* n_loc names */
    char *dates;       /* each week's first day: DATE_LEN bytes a week */
    char horizon[2 * DATE_LEN];
    FILE *weekly, *totals, *local, *heads, *dict;
    char *err;
    size_t errlen;
} exporter;

/* ---- dates: days since 1970-01-01 and back (the proleptic Gregorian calendar) ---- */

static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char out[DATE_LEN])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    snprintf(out, DATE_LEN, "%04d-%02d-%02d", (int)((yoe + era * 400 + (m <= 2)) % 10000),
             (int)(m % 100), (int)(d % 100));
}

/* ---- CSV cells ---- */

void spsim_csv_put_text(FILE *out, const char *text)
{
    if (!strpbrk(text, ",\"\n\r")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *c = text; *c; c++) {
        if (*c == '"') fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

static void put_number(FILE *out, double v)
{
    if (!isnan(v)) fprintf(out, "%.17g", v);
}

/* ---- reading ---- */

static int read_strings(exporter *x, const char *name, size_t *n, char ***out)
{
    hid_t d = H5Lexists(x->f, name, H5P_DEFAULT) > 0 ? H5Dopen2(x->f, name, H5P_DEFAULT) : -1;
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hid_t type = spsim_h5_string_type();
    hssize_t count = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    char **raw = count < 0 ? NULL : calloc((size_t)count + 1, sizeof *raw);
    char **copy = count < 0 ? NULL : calloc((size_t)count + 1, sizeof *copy);
    int status =
        raw && copy && type >= 0 && H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) >= 0 ? 0
                                                                                              : -1;
    for (hssize_t i = 0; status == 0 && i < count; i++)
        if (!(copy[i] = strdup(raw[i] ? raw[i] : ""))) status = -1;
    if (raw && status == 0) H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw);
    free(raw);
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    if (d >= 0) H5Dclose(d);
    size_t size = count > 0 ? (size_t)count : 0;
    if (status < 0) {
        snprintf(x->err, x->errlen, "cannot read the names %s of %s", name, x->path);
        for (size_t i = 0; copy && i < size; i++) free(copy[i]);
        free(copy);
        copy = NULL;
        size = 0;
    }
    *n = size;
    *out = copy;
    return status;
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) free(s[i]);
    free(s);
}

/* Each week's first day from /week (days since start_date) and the horizon as an interval. */
static int read_dates(exporter *x)
{
    char start[DATE_LEN];
    int y = 0, m = 0, d = 0;
    if (spsim_h5_get_string(x->f, "/", "start_date", start, sizeof start, x->err, x->errlen) < 0)
        return -1;
    if (sscanf(start, "%4d-%2d-%2d", &y, &m, &d) != 3) {
        snprintf(x->err, x->errlen, "%s: start_date '%s' is not YYYY-MM-DD", x->path, start);
        return -1;
    }
    double *days =
        spsim_summary_read_vector(x->f, x->path, "/week", &x->n_weeks, x->err, x->errlen);
    if (!days) return -1;
    char *dates = malloc((x->n_weeks + 1) * DATE_LEN);
    if (!dates) {
        snprintf(x->err, x->errlen, "out of memory reading %s", x->path);
        free(days);
        return -1;
    }
    long origin = days_from_civil(y, m, d);
    for (size_t w = 0; w < x->n_weeks; w++)
        civil_from_days(origin + (long)days[w], dates + w * DATE_LEN);
    if (x->n_weeks > 0) {
        char last[DATE_LEN];
        civil_from_days(origin + (long)days[x->n_weeks - 1] + 6, last);
        snprintf(x->horizon, sizeof x->horizon, "%s/%s", dates, last);
    }
    free(days);
    x->dates = dates;
    return 0;
}

/* The names of the datasets of group `group`, at most MAX_NAMES. */
typedef struct {
    char names[MAX_NAMES][NAME_MAX_LEN];
    int n;
} name_list;

static herr_t add_name(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    name_list *list = data;
    H5O_info_t oi;
    if (H5Oget_info_by_name(g, name, &oi, H5P_DEFAULT) < 0 || oi.type != H5O_TYPE_DATASET) return 0;
    if (list->n < MAX_NAMES) snprintf(list->names[list->n++], NAME_MAX_LEN, "%s", name);
    return 0;
}

static int list_datasets(exporter *x, const char *group, name_list *list)
{
    list->n = 0;
    hid_t g = H5Lexists(x->f, group, H5P_DEFAULT) > 0 ? H5Gopen2(x->f, group, H5P_DEFAULT) : -1;
    if (g < 0) {
        snprintf(x->err, x->errlen, "%s has no group %s", x->path, group);
        return -1;
    }
    herr_t status = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, add_name, list);
    H5Gclose(g);
    if (status < 0) snprintf(x->err, x->errlen, "cannot list group %s of %s", group, x->path);
    return status < 0 ? -1 : 0;
}

/* Units and description of dataset `name` ("" when absent). */
static void read_meta(exporter *x, const char *name, char units[TEXT_MAX], char desc[TEXT_MAX])
{
    hid_t d = H5Dopen2(x->f, name, H5P_DEFAULT);
    units[0] = desc[0] = '\0';
    char ignored[16];
    if (d < 0) return;
    if (H5Aexists(d, "units") > 0)
        spsim_h5_get_string(d, name, "units", units, TEXT_MAX, ignored, sizeof ignored);
    if (H5Aexists(d, "description") > 0)
        spsim_h5_get_string(d, name, "description", desc, TEXT_MAX, ignored, sizeof ignored);
    H5Dclose(d);
}

static void put_dictionary_row(exporter *x, const char *file, const char *column, const char *units,
                               const char *desc)
{
    spsim_csv_put_text(x->dict, file);
    fputc(',', x->dict);
    spsim_csv_put_text(x->dict, column);
    fputc(',', x->dict);
    spsim_csv_put_text(x->dict, units);
    fputc(',', x->dict);
    spsim_csv_put_text(x->dict, desc);
    fputc('\n', x->dict);
}

/* ---- the tables ---- */

static void put_row(FILE *out, const char *arm, size_t r, const char *period, const char *locality,
                    const char *metric, double v, const char *units)
{
    fprintf(out, "%s,%zu,%s,", arm, r, period);
    spsim_csv_put_text(out, locality);
    fprintf(out, ",%s,", metric);
    put_number(out, v);
    fputc(',', out);
    spsim_csv_put_text(out, units);
    fputc('\n', out);
}

/* One weekly series (replication, week, locality) of an arm; breakdowns, which have a category
 * dimension as well, are left to the HDF5 file. */
static int export_series(exporter *x, const char *arm, const char *name, bool first_arm)
{
    char path[3 * NAME_MAX_LEN], units[TEXT_MAX], desc[TEXT_MAX];
    snprintf(path, sizeof path, "/arms/%s/series/%s", arm, name);
    size_t n = 0;
    double *v = spsim_summary_read_vector(x->f, x->path, path, &n, x->err, x->errlen);
    if (!v) return -1;
    if (n == x->n_rep * x->n_weeks * x->n_loc) {
        read_meta(x, path, units, desc);
        if (first_arm) put_dictionary_row(x, "weekly.csv", name, units, desc);
        for (size_t r = 0; r < x->n_rep; r++)
            for (size_t w = 0; w < x->n_weeks; w++)
                for (size_t l = 0; l < x->n_loc; l++)
                    put_row(x->weekly, arm, r, x->dates + w * DATE_LEN, x->localities[l], name,
                            v[(r * x->n_weeks + w) * x->n_loc + l], units);
    }
    free(v);
    return 0;
}

static int export_total(exporter *x, const char *arm, const char *name, bool first_arm)
{
    char path[3 * NAME_MAX_LEN], units[TEXT_MAX], desc[TEXT_MAX];
    snprintf(path, sizeof path, "/arms/%s/totals/%s", arm, name);
    size_t n = 0;
    double *v = spsim_summary_read_vector(x->f, x->path, path, &n, x->err, x->errlen);
    if (!v) return -1;
    if (n != x->n_rep) {
        snprintf(x->err, x->errlen, "%s of %s has %zu values, not one per replication (%zu)", path,
                 x->path, n, x->n_rep);
        free(v);
        return -1;
    }
    read_meta(x, path, units, desc);
    if (first_arm) put_dictionary_row(x, "totals.csv", name, units, desc);
    for (size_t r = 0; r < n; r++) put_row(x->totals, arm, r, x->horizon, "all", name, v[r], units);
    free(v);
    return 0;
}

/* One per-locality total (replication, locality) of an arm: waits and connection figures. */
static int export_locality_total(exporter *x, const char *arm, const char *name, bool first_arm)
{
    char path[3 * NAME_MAX_LEN], units[TEXT_MAX], desc[TEXT_MAX];
    snprintf(path, sizeof path, "/arms/%s/locality_totals/%s", arm, name);
    size_t n = 0;
    double *v = spsim_summary_read_vector(x->f, x->path, path, &n, x->err, x->errlen);
    if (!v) return -1;
    if (n != x->n_rep * x->n_loc) {
        snprintf(x->err, x->errlen,
                 "%s of %s has %zu values, not one per replication and locality (%zu x %zu)", path,
                 x->path, n, x->n_rep, x->n_loc);
        free(v);
        return -1;
    }
    read_meta(x, path, units, desc);
    if (first_arm) put_dictionary_row(x, "locality_totals.csv", name, units, desc);
    for (size_t r = 0; r < x->n_rep; r++)
        for (size_t l = 0; l < x->n_loc; l++)
            put_row(x->local, arm, r, x->horizon, x->localities[l], name, v[r * x->n_loc + l],
                    units);
    free(v);
    return 0;
}

/* A headline's statistics across replications, one row: arm, metric, unit, mean .. p95. */
static int export_headline(exporter *x, const char *arm, const char *name, bool first_arm)
{
    char path[3 * NAME_MAX_LEN], units[TEXT_MAX], desc[TEXT_MAX];
    snprintf(path, sizeof path, "/arms/%s/headlines/%s", arm, name);
    double st[SPSIM_N_STATS];
    if (spsim_summary_describe_dataset(x->f, x->path, path, st, x->err, x->errlen) < 0) return -1;
    read_meta(x, path, units, desc);
    if (first_arm) put_dictionary_row(x, "headlines.csv", name, units, desc);
    fprintf(x->heads, "%s,%s,", arm, name);
    spsim_csv_put_text(x->heads, units);
    for (int s = 0; s < SPSIM_N_STATS; s++) {
        fputc(',', x->heads);
        put_number(x->heads, st[s]);
    }
    fputc('\n', x->heads);
    return 0;
}

typedef int (*export_fn)(exporter *, const char *, const char *, bool);

static int export_group(exporter *x, const char *arm, const char *group, export_fn fn,
                        bool first_arm)
{
    char path[2 * NAME_MAX_LEN];
    snprintf(path, sizeof path, "/arms/%s/%s", arm, group);
    name_list *list = malloc(sizeof *list);
    if (!list) return snprintf(x->err, x->errlen, "out of memory"), -1;
    int status = list_datasets(x, path, list);
    for (int i = 0; i < list->n && status == 0; i++) {
        /* the group's copies of the dimension scales are coordinates, not results */
        char full[3 * NAME_MAX_LEN];
        snprintf(full, sizeof full, "%s/%s", path, list->names[i]);
        hid_t ds = H5Dopen2(x->f, full, H5P_DEFAULT);
        bool is_scale = ds >= 0 && H5DSis_scale(ds) > 0;
        if (ds >= 0) H5Dclose(ds);
        if (!is_scale) status = fn(x, arm, list->names[i], first_arm);
    }
    free(list);
    return status;
}

/* ---- the files ---- */

/* Every table the export writes, in the order they are put in place. */
static const char *const table_names[] = {"weekly.csv",    "totals.csv",     "locality_totals.csv",
                                          "headlines.csv", "dictionary.csv", "events.csv"};

void spsim_csv_temp_path(const char *dir, const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s.tmp.%ld", dir, name, (long)getpid());
}

static FILE *open_csv(exporter *x, const char *dir, const char *name, const char *header)
{
    char path[2048];
    spsim_csv_temp_path(dir, name, path, sizeof path);
    FILE *out = fopen(path, "w");
    if (!out)
        snprintf(x->err, x->errlen, "cannot write %s/%s: %s", dir, name, strerror(errno));
    else
        fprintf(out, "%s\n", header);
    return out;
}

/* The columns of each table, as the dictionary's first rows. */
static void put_columns(exporter *x)
{
    static const char *const rows[][4] = {
        {"weekly.csv, totals.csv, locality_totals.csv", "arm", "",
         "the arm, as named in the scenario"},
        {"weekly.csv, totals.csv, locality_totals.csv", "replication", "1",
         "the replication, 0 .. R-1"},
        {"weekly.csv", "period", "date",
         "the first day of the week, YYYY-MM-DD (a week is 7 days from it)"},
        {"totals.csv, locality_totals.csv", "period", "date interval",
         "the whole horizon, FIRST_DAY/LAST_DAY (ISO 8601)"},
        {"weekly.csv, locality_totals.csv", "locality", "",
         "the locality, as named in the scenario"},
        {"totals.csv", "locality", "", "all: totals are over every locality"},
        {"weekly.csv, totals.csv, locality_totals.csv, headlines.csv", "metric", "",
         "the quantity: its unit and meaning are the dictionary's rows of that name"},
        {"weekly.csv, totals.csv, locality_totals.csv", "value", "the row's unit",
         "the value; empty when it does not exist (NaN)"},
        {"weekly.csv, totals.csv, locality_totals.csv, headlines.csv", "unit", "",
         "the unit of the value"},
        {"headlines.csv", "mean, sd, p5, p25, p50, p75, p95", "the row's unit",
         "statistics of the headline across replications (p5: 5th percentile)"}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        put_dictionary_row(x, rows[i][0], rows[i][1], rows[i][2], rows[i][3]);
}

static int open_all(exporter *x, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(x->err, x->errlen, "cannot write CSV to %s: not a directory", dir);
        return -1;
    }
    char heads[256] = "arm,metric,unit";
    for (int s = 0; s < SPSIM_N_STATS; s++) {
        strcat(heads, ",");
        strcat(heads, spsim_stat_name[s]);
    }
    static const char rows[] = "arm,replication,period,locality,metric,value,unit";
    if (!(x->weekly = open_csv(x, dir, "weekly.csv", rows)) ||
        !(x->totals = open_csv(x, dir, "totals.csv", rows)) ||
        !(x->local = open_csv(x, dir, "locality_totals.csv", rows)) ||
        !(x->heads = open_csv(x, dir, "headlines.csv", heads)) ||
        !(x->dict = open_csv(x, dir, "dictionary.csv", "file,column,unit,description")))
        return -1;
    put_columns(x);
    return 0;
}

/* Puts every table written in its place when ok, else removes them all. Returns 0 or -1. */
static int put_in_place(exporter *x, const char *dir, bool ok)
{
    int status = ok ? 0 : -1;
    for (size_t i = 0; i < sizeof table_names / sizeof table_names[0]; i++) {
        char tmp[2048], path[2048];
        spsim_csv_temp_path(dir, table_names[i], tmp, sizeof tmp);
        snprintf(path, sizeof path, "%s/%s", dir, table_names[i]);
        if (access(tmp, F_OK) != 0) continue; /* not written (events.csv without a log) */
        if (status == 0)
            status = spsim_output_commit(tmp, path, x->err, x->errlen);
        else
            remove(tmp);
    }
    return status;
}

static int close_all(exporter *x, const char *dir, bool ok)
{
    FILE *files[] = {x->weekly, x->totals, x->local, x->heads, x->dict};
    int status = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (files[i] && (ferror(files[i]) | fclose(files[i])) != 0) status = -1;
    if (status < 0 && x->err[0] == '\0')
        snprintf(x->err, x->errlen, "cannot finish writing the CSV files in %s", dir);
    return put_in_place(x, dir, ok && status == 0) == 0 && status == 0 ? 0 : -1;
}

static int export_arms(exporter *x)
{
    char arms[4096];
    if (spsim_h5_get_string(x->f, "/", "arms", arms, sizeof arms, x->err, x->errlen) < 0) return -1;
    bool first = true;
    int status = 0;
    char *save = NULL;
    for (char *arm = strtok_r(arms, ",", &save); arm && status == 0;
         arm = strtok_r(NULL, ",", &save), first = false) {
        status = export_group(x, arm, "series", export_series, first);
        if (status == 0) status = export_group(x, arm, "totals", export_total, first);
        if (status == 0)
            status = export_group(x, arm, "locality_totals", export_locality_total, first);
        if (status == 0) status = export_group(x, arm, "headlines", export_headline, first);
    }
    return status;
}

int spsim_export_csv(const char *h5_path, const char *dir, char *err, size_t errlen)
{
    exporter x = {.path = h5_path, .err = err, .errlen = errlen};
    err[0] = '\0';
    spsim_h5_error_printing saved;
    spsim_h5_quiet(&saved);
    x.f = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
    int status = 0;
    if (x.f < 0) {
        snprintf(err, errlen, "cannot open %s as an HDF5 file", h5_path);
        status = -1;
    }
    if (status == 0) status = read_strings(&x, "/locality", &x.n_loc, &x.localities);
    if (status == 0) status = read_dates(&x);
    double *reps =
        status == 0 ? spsim_summary_read_vector(x.f, h5_path, "/replication", &x.n_rep, err, errlen)
                    : NULL;
    if (status == 0 && !reps) status = -1;
    free(reps);
    if (status == 0) status = open_all(&x, dir);
    if (status == 0) status = export_arms(&x);
    if (status == 0) status = spsim_export_events_csv(x.f, h5_path, dir, x.dict, err, errlen);
    if (close_all(&x, dir, status == 0) < 0) status = -1;
    free_strings(x.localities, x.n_loc);
    free(x.dates);
    if (x.f >= 0) H5Fclose(x.f);
    spsim_h5_restore(&saved);
    return status;
}
