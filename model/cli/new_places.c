/* Reading the CSV of places for `spsim new`, with every problem reported where it is. */
#include "new_places.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "scenario/registry.h"
#include "scenario/suggest.h"
#include "scenario/yaml_tree.h"

enum {
    COL_NAME,
    COL_BAND0, /* the age bands, in spsim_age_band_key order */
    COL_DEPRIVATION = COL_BAND0 + SPSIM_N_AGE_BANDS,
    COL_RURALITY,
    N_COLUMNS,
    MAX_FIELDS = 64,
    MAX_BYTES = 16 << 20, /* a places file is small; more is not a places file */
    MAX_ERRORS = 50       /* enough to fix a file by; the rest would repeat them */
};

typedef struct {
    const char *path;
    FILE *out;
    int errors;
    int column_of[N_COLUMNS]; /* field index of each column, -1 when absent */
    int n_header;
} reader;

typedef struct {
    char *text[MAX_FIELDS];
    int column[MAX_FIELDS]; /* 1-based character column of each field */
    int n;
} fields;

__attribute__((format(printf, 4, 5))) static void error_at(reader *r, int line, int column,
                                                           const char *fmt, ...)
{
    if (++r->errors > MAX_ERRORS) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(r->out, "%s:%d:%d: error: ", r->path, line, column);
    vfprintf(r->out, fmt, ap);
    fputc('\n', r->out);
    va_end(ap);
}

static const char *column_name(int c)
{
    if (c == COL_NAME) return "name";
    if (c == COL_DEPRIVATION) return "deprivation";
    if (c == COL_RURALITY) return "rurality";
    return spsim_age_band_key[c - COL_BAND0];
}

/* Splits one line (modified in place) at commas; a field may be in double quotes. Leading and
 * trailing spaces are not part of a field. */
static void split_line(char *line, fields *f)
{
    f->n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        char *start = p;
        if (*p == '"') {
            start = ++p;
            while (*p && *p != '"') p++;
            if (*p) *p++ = '\0';
            while (*p && *p != ',') p++;
        } else {
            while (*p && *p != ',') p++;
        }
        char *end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\0')) end--;
        bool more = *p == ',';
        *end = '\0';
        if (f->n < MAX_FIELDS) {
            f->text[f->n] = start;
            f->column[f->n] = (int)(start - line) + 1 - (start > line && start[-1] == '"');
            f->n++;
        }
        if (!more) return;
        p++;
    }
}

static int read_header(reader *r, const fields *f, int line)
{
    static const char *names[N_COLUMNS];
    for (int c = 0; c < N_COLUMNS; c++) {
        names[c] = column_name(c);
        r->column_of[c] = -1;
    }
    int before = r->errors;
    r->n_header = f->n;
    for (int i = 0; i < f->n; i++) {
        int c = 0;
        while (c < N_COLUMNS && strcmp(f->text[i], names[c]) != 0) c++;
        if (c == N_COLUMNS) {
            char hint[96];
            spsim_suggest_text(f->text[i], names, N_COLUMNS, hint, sizeof hint);
            error_at(r, line, f->column[i],
                     "unknown column '%s'%s (allowed: name, age_0_15, age_16_29, age_30_49, "
                     "age_50_64, age_65_plus, deprivation, rurality)",
                     f->text[i], hint);
        } else if (r->column_of[c] >= 0) {
            error_at(r, line, f->column[i], "column '%s' is given twice (allowed: each once)",
                     f->text[i]);
        } else {
            r->column_of[c] = i;
        }
    }
    for (int c = 0; c < N_COLUMNS; c++)
        if (r->column_of[c] < 0)
            error_at(r, line, 1,
                     "missing column '%s' (allowed: a header row naming name, the five age "
                     "bands age_0_15 .. age_65_plus, deprivation and rurality)",
                     names[c]);
    return r->errors == before ? 0 : -1;
}

/* The number in column `c` within the registry's range for `key`, or an error at the field. */
static bool read_number(reader *r, const fields *f, int c, int line, const char *key, double *out)
{
    const spsim_reg_entry *e = spsim_registry_find(key);
    int field = r->column_of[c];
    const char *text = f->text[field];
    char allowed[200];
    if (e->type == SPSIM_REG_POPULATION) /* one band of the mapping */
        snprintf(allowed, sizeof allowed, "a number %.15g..%.15g, %s", e->min, e->max, e->unit);
    else
        spsim_registry_allowed_text(e, allowed, sizeof allowed);
    double v;
    if (!spsim_cli_parse_number(text, &v)) {
        error_at(r, line, f->column[field], "%s '%s' is not a number (allowed: %s)", column_name(c),
                 text, allowed);
        return false;
    }
    if (v < e->min || v > e->max) {
        error_at(r, line, f->column[field], "%s %.15g is out of range (allowed: %s)",
                 column_name(c), v, allowed);
        return false;
    }
    *out = v;
    return true;
}

static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    return n >= 1 && n < SPSIM_NAME_MAX &&
           strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static void read_place(reader *r, const fields *f, int line, spsim_place_list *list)
{
    if (f->n != r->n_header) {
        error_at(r, line, 1, "%d fields, but the header has %d (allowed: one field per column)",
                 f->n, r->n_header);
        return;
    }
    spsim_place p = {.line = line};
    int name_field = r->column_of[COL_NAME];
    const char *name = f->text[name_field];
    bool ok = true;
    if (!valid_name(name)) {
        error_at(r, line, f->column[name_field],
                 "locality name '%s' is not a name (allowed: 1..63 characters of A-Z, a-z, 0-9, "
                 "'_' and '-')",
                 name);
        ok = false;
    }
    for (int i = 0; i < list->n && ok; i++)
        if (strcmp(list->places[i].name, name) == 0) {
            error_at(r, line, f->column[name_field],
                     "locality '%s' is given twice, first on line %d (allowed: each name once)",
                     name, list->places[i].line);
            ok = false;
        }
    snprintf(p.name, sizeof p.name, "%s", name);
    double total = 0.0;
    for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) {
        ok &=
            read_number(r, f, COL_BAND0 + b, line, "localities.NAME.population", &p.population[b]);
        total += p.population[b];
    }
    if (ok && total <= 0)
        error_at(r, line, f->column[r->column_of[COL_BAND0]],
                 "locality '%s' has no residents (allowed: age bands summing to more than 0)",
                 name);
    ok &= total > 0;
    ok &= read_number(r, f, COL_DEPRIVATION, line, "localities.NAME.deprivation", &p.deprivation);
    ok &= read_number(r, f, COL_RURALITY, line, "localities.NAME.rurality", &p.rurality);
    if (!ok) return;
    if (list->n == SPSIM_MAX_LOCALITIES) {
        error_at(r, line, 1, "more than %d localities (allowed: at most %d)", SPSIM_MAX_LOCALITIES,
                 SPSIM_MAX_LOCALITIES);
        return;
    }
    list->places[list->n++] = p;
}

/* A line with nothing but spaces, or a comment starting with '#'. */
static bool skipped(const char *line)
{
    line += strspn(line, " \t");
    return *line == '\0' || *line == '#';
}

static void read_lines(reader *r, char *text, spsim_place_list *list)
{
    bool header = true;
    int line = 0;
    for (char *p = text; p && *p;) {
        char *next = strchr(p, '\n');
        if (next) *next++ = '\0';
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r') p[n - 1] = '\0';
        line++;
        if (!skipped(p)) {
            fields f;
            split_line(p, &f);
            if (header) {
                if (read_header(r, &f, line) < 0) return; /* rows mean nothing without it */
                header = false;
            } else {
                read_place(r, &f, line, list);
            }
        }
        p = next;
    }
    if (header)
        error_at(r, line > 0 ? line : 1, 1,
                 "no header row (allowed: name,age_0_15,age_16_29,age_30_49,age_50_64,"
                 "age_65_plus,deprivation,rurality, then one row per locality)");
    else if (list->n == 0 && r->errors == 0)
        error_at(r, line, 1, "no localities (allowed: at least one row after the header)");
}

int spsim_places_read(const char *path, spsim_place_list *list, FILE *errors)
{
    reader r = {.path = path, .out = errors};
    *list = (spsim_place_list){0};
    size_t len = 0;
    int err = 0;
    char *text = spsim_read_text_file(path, MAX_BYTES, &len, &err);
    if (!text) {
        fprintf(errors, "%s: error: cannot read the places: %s (allowed: a readable CSV file)\n",
                path, strerror(err));
        return 1;
    }
    list->places = calloc(SPSIM_MAX_LOCALITIES, sizeof *list->places);
    if (!list->places) {
        free(text);
        fprintf(errors, "%s: error: out of memory\n", path);
        return 1;
    }
    if (strlen(text) != len)
        error_at(&r, 1, 1, "the file holds a NUL byte (allowed: a text CSV file)");
    else
        read_lines(&r, text, list);
    free(text);
    if (r.errors > MAX_ERRORS)
        fprintf(errors, "%s: %d more errors not shown\n", path, r.errors - MAX_ERRORS);
    if (r.errors) spsim_places_free(list);
    return r.errors;
}

void spsim_places_free(spsim_place_list *list)
{
    free(list->places);
    *list = (spsim_place_list){0};
}
