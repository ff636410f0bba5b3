/* The results file as one Excel workbook. The tables are the CSV export's (export_csv.c),
 * written to a temporary directory and read back, so the workbook and the CSV files cannot
 * disagree; each becomes a sheet, its numeric columns as numbers and its weeks as dates. The
 * workbook is written in libxlsxwriter's constant-memory mode (row by row, through temporary
 * files in the same directory), so a file of millions of rows does not need their memory. */
#define _POSIX_C_SOURCE 200809L

#include "export_xlsx.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "export_csv.h"
#include "../io/output.h"

enum {
    MAX_COLUMNS = 16,
    CELL_MAX = 4096,
    SHEET_ROWS = LXW_ROW_MAX - 1, /* data rows a sheet holds under its header */
    DIR_LEN = 2048,
    PATH_LEN = DIR_LEN + 512
};

/* The tables in the order a reader wants them: the headline figures first. */
static const char *const table_name[] = {"headlines", "totals", "locality_totals", "weekly",
                                         "dictionary"};
enum {
    N_TABLES = sizeof table_name / sizeof *table_name,
    DICTIONARY = N_TABLES - 1 /* the table that describes the others: all text, a wide column */
};

typedef struct {
    char *cell[MAX_COLUMNS];
    int n;
} csv_row;

/* Reads one CSV record (quoted fields may hold commas, quotes and line breaks) into `row`,
 * whose cells are `bufs` of CELL_MAX bytes (longer cells are cut). False at the end of the file. */
static bool read_record(FILE *in, csv_row *row, char bufs[MAX_COLUMNS][CELL_MAX])
{
    int c = getc(in);
    if (c == EOF) return false;
    row->n = 0;
    for (;;) {
        char *b = bufs[row->n < MAX_COLUMNS ? row->n : MAX_COLUMNS - 1];
        size_t used = 0;
        if (c == '"') {
            for (;;) {
                c = getc(in);
                if (c == EOF) break;
                if (c == '"' && (c = getc(in)) != '"') break; /* c: after the closing quote */
                if (used + 1 < CELL_MAX) b[used++] = (char)c;
            }
            while (c != EOF && c != ',' && c != '\n') c = getc(in);
        } else {
            while (c != EOF && c != ',' && c != '\n') {
                if (used + 1 < CELL_MAX) b[used++] = (char)c;
                c = getc(in);
            }
        }
        b[used] = '\0';
        if (row->n < MAX_COLUMNS) row->cell[row->n++] = b;
        if (c != ',') return true;
        c = getc(in);
    }
}

/* ---- the headers: each column's unit, from the dictionary ---- */

typedef struct {
    char label[N_TABLES][MAX_COLUMNS][256]; /* "value (unit: the unit column)" */
} header_units;

/* True when `item` is one of the comma-separated `list` ("weekly.csv, totals.csv"). */
static bool listed(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; (p = strstr(p, item)) != NULL; p += n) {
        bool starts = p == list || p[-1] == ' ' || p[-1] == ',';
        bool ends = p[n] == '\0' || p[n] == ',';
        if (starts && ends) return true;
    }
    return false;
}

/* Header label of column `name` of table `t`: the name, and its unit when the dictionary gives
 * one ("value" in the tidy tables is in the row's own unit, which its unit column names). */
static void header_label(FILE *dict, int t, const char *name, char *out, size_t len)
{
    static char bufs[MAX_COLUMNS][CELL_MAX];
    char file[64];
    snprintf(file, sizeof file, "%s.csv", table_name[t]);
    snprintf(out, len, "%s", name);
    if (!dict) return;
    rewind(dict);
    csv_row row;
    while (read_record(dict, &row, bufs)) {
        if (row.n < 3 || !listed(row.cell[0], file) || !listed(row.cell[1], name)) continue;
        const char *unit = row.cell[2];
        if (!strcmp(unit, "the row's unit"))
            snprintf(out, len, "%s (in the row's unit)", name);
        else if (*unit && strcmp(unit, "1") != 0)
            snprintf(out, len, "%s (%s)", name, unit);
        return;
    }
}

/* ---- cells ---- */

static bool is_numeric_column(const char *name)
{
    static const char *const numeric[] = {"replication", "value", "mean", "sd", "p5",
                                          "p25",         "p50",   "p75",  "p95"};
    for (size_t i = 0; i < sizeof numeric / sizeof *numeric; i++)
        if (!strcmp(name, numeric[i])) return true;
    return false;
}

static bool as_date(const char *text, lxw_datetime *dt)
{
    int y, m, d;
    char end;
    if (strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3) return false;
    *dt = (lxw_datetime){.year = y, .month = m, .day = d};
    return true;
}

typedef struct {
    lxw_workbook *wb;
    lxw_format *bold, *date;
    const char *dir; /* of the CSV files */
    char *err;
    size_t errlen;
} xlsx_writer;

static lxw_worksheet *add_sheet(xlsx_writer *x, int t, int part, char labels[][256], int n)
{
    char name[LXW_SHEETNAME_MAX + 1];
    if (part == 1)
        snprintf(name, sizeof name, "%s", table_name[t]);
    else
        snprintf(name, sizeof name, "%s (%d)", table_name[t], part);
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) return NULL;
    for (int c = 0; c < n; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t == DICTIONARY && c == 3 ? 60 : 18,
                             NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, labels[c], x->bold);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

static void write_cell(xlsx_writer *x, lxw_worksheet *ws, lxw_row_t r, int c, const char *text,
                       bool numeric)
{
    lxw_datetime dt;
    char *end;
    if (numeric) {
        double v = strtod(text, &end);
        if (*text && *end == '\0') worksheet_write_number(ws, r, (lxw_col_t)c, v, NULL);
        /* an empty numeric cell (NaN in the file) stays blank */
    } else if (as_date(text, &dt)) {
        worksheet_write_datetime(ws, r, (lxw_col_t)c, &dt, x->date);
    } else {
        worksheet_write_string(ws, r, (lxw_col_t)c, text, NULL);
    }
}

/* One table: a sheet (or more, for a table longer than a sheet). */
static int write_table(xlsx_writer *x, int t, FILE *dict)
{
    static char bufs[MAX_COLUMNS][CELL_MAX];
    static char labels[MAX_COLUMNS][256];
    char path[PATH_LEN];
    snprintf(path, sizeof path, "%s/%s.csv", x->dir, table_name[t]);
    FILE *in = fopen(path, "r");
    csv_row row;
    if (!in || !read_record(in, &row, bufs)) {
        snprintf(x->err, x->errlen, "cannot read the %s table back from %s", table_name[t], path);
        if (in) fclose(in);
        return -1;
    }
    int n = row.n;
    bool numeric[MAX_COLUMNS];
    for (int c = 0; c < n; c++) {
        numeric[c] = t != DICTIONARY && is_numeric_column(row.cell[c]);
        if (t == DICTIONARY)
            snprintf(labels[c], sizeof labels[c], "%s", row.cell[c]);
        else
            header_label(dict, t, row.cell[c], labels[c], sizeof labels[c]);
    }
    int part = 1;
    lxw_worksheet *ws = add_sheet(x, t, part, labels, n);
    lxw_row_t r = 0;
    while (ws && read_record(in, &row, bufs)) {
        if (r == SHEET_ROWS) {
            ws = add_sheet(x, t, ++part, labels, n);
            r = 0;
            if (!ws) break;
        }
        r++;
        for (int c = 0; c < row.n && c < n; c++) write_cell(x, ws, r, c, row.cell[c], numeric[c]);
    }
    bool failed = ferror(in) || !ws;
    fclose(in);
    if (failed) snprintf(x->err, x->errlen, "cannot write the %s sheet", table_name[t]);
    return failed ? -1 : 0;
}

/* ---- the workbook ---- */

/* Removes the temporary directory and everything in it (only files are put there). */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[PATH_LEN];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d) closedir(d);
    rmdir(dir);
}

static int write_workbook(xlsx_writer *x, const char *tmp_xlsx)
{
    lxw_workbook_options options = {
        .constant_memory = LXW_TRUE, .tmpdir = (char *)x->dir, .use_zip64 = LXW_TRUE};
    x->wb = workbook_new_opt(tmp_xlsx, &options);
    if (!x->wb) return snprintf(x->err, x->errlen, "cannot create %s", tmp_xlsx), -1;
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    x->date = workbook_add_format(x->wb);
    format_set_num_format(x->date, "yyyy-mm-dd");
    char path[PATH_LEN];
    snprintf(path, sizeof path, "%s/dictionary.csv", x->dir);
    FILE *dict = fopen(path, "r");
    int status = 0;
    for (int t = 0; t < N_TABLES && status == 0; t++) status = write_table(x, t, dict);
    if (dict) fclose(dict);
    lxw_error closed = workbook_close(x->wb);
    if (status == 0 && closed != LXW_NO_ERROR) {
        snprintf(x->err, x->errlen, "cannot write %s: %s", tmp_xlsx, lxw_strerror(closed));
        status = -1;
    }
    return status;
}

int spsim_export_xlsx(const char *h5_path, const char *xlsx_path, char *err, size_t errlen)
{
    char dir[DIR_LEN], tmp_xlsx[PATH_LEN];
    const char *slash = strrchr(xlsx_path, '/');
    /* beside the target, so the rename stays on one filesystem */
    snprintf(dir, sizeof dir, "%.*s.spsim-xlsx-XXXXXX", slash ? (int)(slash - xlsx_path + 1) : 0,
             xlsx_path);
    if (!mkdtemp(dir)) {
        snprintf(err, errlen, "cannot write %s: %s", xlsx_path, strerror(errno));
        return -1;
    }
    snprintf(tmp_xlsx, sizeof tmp_xlsx, "%s/workbook.xlsx", dir);
    xlsx_writer x = {.dir = dir, .err = err, .errlen = errlen};
    int status = spsim_export_csv(h5_path, dir, err, errlen);
    if (status == 0) status = write_workbook(&x, tmp_xlsx);
    /* flushed to the disk, then renamed over any earlier workbook (as results files are) */
    if (status == 0) status = spsim_output_commit(tmp_xlsx, xlsx_path, err, errlen);
    remove_dir(dir);
    return status;
}
