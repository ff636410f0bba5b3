/* Simulated quantities a calibration target can be matched to (docs/calibration.md).
 *
 * One table names every quantity with its unit, a description and the function that computes it
 * from one replication of one arm; spsim_quantity_mean averages it over replications. A quantity
 * counted week by week (by_years) can be restricted to whole years of the horizon; the others
 * are figures of the whole run (the pre-post reductions, the waits, the costs per person). The
 * target files, `spsim calibrate --help` and docs/calibration.md all read this table, so they
 * cannot disagree about what a quantity is. */
#ifndef SPSIM_QUANTITIES_H
#define SPSIM_QUANTITIES_H

#include <stdbool.h>

#include "../results/series.h"
#include "../scenario/params.h"

/* Weeks [first_week, end_week) of the horizon a by_years quantity is counted over. */
typedef struct {
    int first_week, end_week;
} spsim_week_window;

/* One replication's value of a quantity; NaN when it is undefined there (e.g. a share of
 * nobody). `arm` gives the populations; `r` must carry its economics. */
typedef double (*spsim_quantity_fn)(const spsim_arm_results *r, const spsim_arm_params *arm,
                                    spsim_week_window window);

typedef struct {
    const char *name; /* as written after `quantity:` in a target file */
    const char *unit;
    const char *description;
    spsim_quantity_fn value;
    bool by_years; /* may be restricted to years of the horizon */
} spsim_quantity_info;

extern const spsim_quantity_info spsim_quantity_table[];
extern const int spsim_n_quantities;

/* Index of the quantity called `name`, or -1. */
int spsim_quantity_find(const char *name);

/* Every quantity name, comma-separated, for messages that list what is allowed. */
void spsim_quantity_names(char *buf, size_t len);

/* Weeks of years first_year..last_year of the horizon (1-based, inclusive), clipped to n_weeks;
 * the whole horizon when first_year is 0. */
spsim_week_window spsim_years_window(int first_year, int last_year, int n_weeks);

/* Mean over `n` replications of quantity q (replications where it is NaN left out); NaN when it
 * is NaN in every one. */
double spsim_quantity_mean(int q, const spsim_arm_results *reps, int n, const spsim_arm_params *arm,
                           spsim_week_window window);

#endif
