/* Reading a scenario: YAML file -> checked -> spsim_scenario (resolved parameters per arm).
 *
 * Errors and warnings are collected, never printed here and never fatal to the process: the caller
 * decides what to show. Every diagnostic carries the file, line and column it is about. */
#ifndef SPSIM_SCENARIO_H
#define SPSIM_SCENARIO_H

#include <stdio.h>
#include "params.h"

typedef enum {
    SPSIM_DIAG_ERROR,
    SPSIM_DIAG_WARNING
} spsim_diag_severity;

typedef struct {
    spsim_diag_severity severity;
    int line, column;  /* 1-based; 0 when the problem is about the whole file */
    int file;          /* 0: the scenario file (path); k: included fragment files[k - 1] */
    int found;         /* how many diagnostics came before it: keeps sorting stable */
    char message[512]; /* "what is wrong (what is allowed)" */
} spsim_diag;

enum {
    SPSIM_DIAG_MAX_FILES = 16, /* included fragments a scenario may read */
    /* Diagnostics shown (and kept): the first ones in file order. Every problem is still
     * counted; the rest are summed up in one line ("and N more errors"), so that a file of a
     * million mistakes costs neither a million messages nor the memory to hold them. */
    SPSIM_DIAG_MAX_SHOWN = 50,
};

typedef struct {
    char path[1024];
    int n, cap;
    spsim_diag *items; /* at most SPSIM_DIAG_MAX_SHOWN once sorted (in file order) */
    int found;         /* diagnostics added, kept or not */
    int errors;        /* errors added, kept or not */
    int dropped_errors, dropped_warnings;   /* found but not kept: after the first ones shown */
    int n_files;                            /* included fragments read so far */
    char files[SPSIM_DIAG_MAX_FILES][1024]; /* their paths, as named in messages */
} spsim_diagnostics;

void spsim_diagnostics_init(spsim_diagnostics *d, const char *path);
void spsim_diagnostics_free(spsim_diagnostics *d);
int spsim_diagnostics_errors(const spsim_diagnostics *d);
/* Prints the diagnostics kept, in file order (the scenario file, then each included fragment),
 * as "FILE:LINE:COLUMN: error: MESSAGE" or "FILE:LINE:COLUMN: warning: MESSAGE", one a line,
 * then, when more were found than SPSIM_DIAG_MAX_SHOWN, "FILE: and N more errors" (and
 * warnings). */
void spsim_diagnostics_print(const spsim_diagnostics *d, FILE *out);

/* Reads, validates and resolves the scenario at `path`. Returns a new scenario, or NULL when any
 * error was found (all of them are in `diags`; warnings may be present either way). */
spsim_scenario *spsim_scenario_load(const char *path, spsim_diagnostics *diags);
/* Same, printing every diagnostic to `out` (the command line's and the benchmarks' way). */
spsim_scenario *spsim_scenario_load_reporting(const char *path, FILE *out);
/* Same, from text in memory (`path` is used in messages only). */
spsim_scenario *spsim_scenario_parse(const char *text, size_t len, const char *path,
                                     spsim_diagnostics *diags);
void spsim_scenario_free(spsim_scenario *s);

/* Keeps only the named arms (comma-separated list, in the order given). Returns 0, or -1 with a
 * message in `err` naming the unknown arm and the arms that exist. */
int spsim_scenario_select_arms(spsim_scenario *s, const char *comma_list, char *err, size_t errlen);

/* Writes the key-by-key reference of the scenario format (Markdown) from the registry. */
void spsim_registry_write_markdown(FILE *out);
/* The same reference for a terminal, wrapped to `width` columns (at least 40). */
void spsim_registry_write_text(FILE *out, int width);
/* A JSON Schema (draft 2020-12) of the scenario format, from the registry: types, ranges, units,
 * defaults, descriptions and choices of every key (docs/scenario.schema.json). */
void spsim_registry_write_json_schema(FILE *out);

#endif
