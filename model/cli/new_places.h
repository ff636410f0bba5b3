/* The CSV of places `spsim new` reads: a header row naming the columns (name, the five age
 * bands, deprivation, rurality, in any order) and one row per locality. */
#ifndef SPSIM_CLI_NEW_PLACES_H
#define SPSIM_CLI_NEW_PLACES_H

#include <stdio.h>

#include "scenario/params.h"

typedef struct {
    char name[SPSIM_NAME_MAX];
    double population[SPSIM_N_AGE_BANDS]; /* persons */
    double deprivation;                   /* share in England's most deprived 20 % of LSOAs */
    double rurality;                      /* share of residents in rural areas */
    int line;                             /* of the CSV, for comments */
} spsim_place;

typedef struct {
    spsim_place *places;
    int n;
} spsim_place_list;

/* Reads and checks the places. Every problem is printed to `errors` as
 * "FILE:LINE:COLUMN: error: what is wrong (allowed: ...)"; returns the number of errors (0: the
 * list is complete and the caller frees it with spsim_places_free). */
int spsim_places_read(const char *path, spsim_place_list *list, FILE *errors);
void spsim_places_free(spsim_place_list *list);

#endif
