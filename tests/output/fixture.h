/* A small synthetic scenario and run with known values, for the output tests: 2 arms, 3
 * replications, 5 weeks, 2 localities. Every value is a simple function of its indices, so a test
 * can say what any cell of the file must hold. */
#ifndef SPSIM_OUTPUT_FIXTURE_H
#define SPSIM_OUTPUT_FIXTURE_H

#include <stdbool.h>
#include <hdf5.h>

#include "engine/runner.h"
#include "scenario/params.h"

enum {
    FIXTURE_ARMS = 2,
    FIXTURE_REPS = 3,
    FIXTURE_WEEKS = 5,
    FIXTURE_LOCALITIES = 2
};

/* The one series cell left NaN: arm 0, replication 1, wait_mean, week 2, locality 1. */
enum {
    FIXTURE_NAN_ARM = 0,
    FIXTURE_NAN_REP = 1,
    FIXTURE_NAN_WEEK = 2,
    FIXTURE_NAN_LOC = 1
};
#define FIXTURE_NAN_SERIES SPSIM_SERIES_WAIT_MEAN
/* The one breakdown cell left NaN: arm 1, replication 1, VCSE spend by funding, week 3,
 * locality 0, the third kind of funding. */
enum {
    FIXTURE_NAN_BREAKDOWN_ARM = 1,
    FIXTURE_NAN_BREAKDOWN_WEEK = 3,
    FIXTURE_NAN_BREAKDOWN_LOC = 0,
    FIXTURE_NAN_CATEGORY = 2
};
#define FIXTURE_NAN_BREAKDOWN SPSIM_BREAKDOWN_SPEND_BY_FUNDING
#define FIXTURE_SEED          9007199254740993ULL /* 2^53 + 1: not exact as a double */

typedef struct {
    spsim_scenario *scenario;
    spsim_run *run;
} output_fixture;

/* Replication r adds fixture_rep_offset[r] = {0, 3, 12} to every value. */
extern const double fixture_rep_offset[FIXTURE_REPS];

/* Money: every arm and replication covers financial years 2025 and 2026. */
enum {
    FIXTURE_FIRST_YEAR = 2025,
    FIXTURE_YEARS = 2
};

int output_fixture_make(output_fixture *fx); /* 0, or -1 when out of memory */
void output_fixture_free(output_fixture *fx);

/* Value of series `sid` (NaN for the NaN cell) and its value without the replication offset. */
double fixture_series(int arm, int rep, int sid, int week, int loc);
double fixture_series_base(int arm, int sid, int week, int loc);
/* Value of breakdown `b` (NaN for its NaN cell), and without the replication offset. */
double fixture_breakdown(int arm, int rep, int b, int week, int loc, int category);
double fixture_breakdown_base(int arm, int b, int week, int loc, int category);
bool fixture_is_nan_breakdown_cell(int arm, int b, int week, int loc, int category);
double fixture_total(int arm, int rep, int tid);
/* Value `index` (view x entries + entry) of financial-year measure m in year index `year`. */
double fixture_fy(int arm, int rep, int m, int year, int index);
/* Headline h: base x (arm + 1) + step x the replication offset; the break-even year is 2026,
 * 2027 and never (NaN) in arm 0's replications and never in arm 1's. Only arm 1 has a social
 * impact bond: arm 0's capital used and investor payments are 0, its other investor figures
 * NaN; arm 1's investors lose money in replication 2 only. */
double fixture_headline(int arm, int rep, int h);
double fixture_reduction(int arm, int rep, int m, int loc, int service);

/* Documented shape of a measure by financial year in the file: (first, financial_year
 * [, money_view][, cost_category | service]), `first` being replication or statistic (named
 * `first_name`). Fills dims and scale names; returns the rank. */
int fixture_fy_shape(int measure, hsize_t first, const char *first_name, int years, hsize_t *dims,
                     const char **scales);

#endif
