/* Calibration targets: published figures (or a commissioner's own) with their uncertainty, each
 * matched to a simulated quantity (economics/quantities.h), read from a YAML file under
 * calibration/ (format: docs/calibration.md).
 *
 *     targets:
 *       NAME:
 *         quantity: referrals_per_1000_per_year   # one of spsim_quantity_table
 *         value: 22.5
 *         sd: 3.4                 # or low: and high:, read as a 95 % interval
 *         source: "Bu et al. 2025"
 *         arm: blanket            # optional: the scenario's first arm otherwise
 *         years: [6, 10]          # optional: years of the horizon, for quantities counted by week
 *
 * Every problem is reported with the file, line and column it is about, as scenario errors are. */
#ifndef SPSIM_TARGETS_H
#define SPSIM_TARGETS_H

#include <stdbool.h>

#include "../scenario/scenario.h"

/* A 95 % interval low..high is read as value +- 1.96 sd of a normal distribution. */
#define SPSIM_TARGET_Z95 1.959963984540054

typedef struct {
    char name[SPSIM_NAME_MAX];
    int quantity;     /* index into spsim_quantity_table */
    double value;     /* in the quantity's unit */
    double sd;        /* given, or (high - low) / (2 x 1.96) */
    double low, high; /* the 95 % interval: given, or value -+ 1.96 sd */
    bool interval_given;
    char source[256], note[256];
    char arm[SPSIM_NAME_MAX];  /* "" = the scenario's first arm */
    int first_year, last_year; /* years of the horizon, 1-based inclusive; 0 = the whole run */
    int line, column;          /* of the target's name */
    int arm_line, arm_column, years_line, years_column; /* for checks against the scenario */
} spsim_target;

typedef struct {
    char path[1024];
    int n;
    spsim_target *items;
} spsim_target_set;

/* Reads and checks the targets file at `path`: a new set, or NULL with every error in `diags`. */
spsim_target_set *spsim_targets_load(const char *path, spsim_diagnostics *diags);
/* Same, from text in memory (`path` is used in messages only). */
spsim_target_set *spsim_targets_parse(const char *text, size_t len, const char *path,
                                      spsim_diagnostics *diags);
void spsim_targets_free(spsim_target_set *t);

/* Checks each target against a scenario: its arm exists and its years lie within the horizon.
 * Adds errors to `diags` (about the targets file); returns the number of errors added. */
int spsim_targets_check_scenario(const spsim_target_set *t, const spsim_scenario *s,
                                 spsim_diagnostics *diags);

/* Index of the target's arm in `s` (its first arm when the target names none), or -1. */
int spsim_target_arm(const spsim_target *target, const spsim_scenario *s);

#endif
