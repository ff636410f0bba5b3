/* Weekly result series of one arm in one replication, and what each series means.
 *
 * One table (spsim_series_info) names every series with its unit and description; the engine
 * fills the arrays, the HDF5 writer and the summaries read the same table, so the output file, the
 * docs and the code cannot disagree about what a series is. */
#ifndef SPSIM_SERIES_H
#define SPSIM_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include "../scenario/params.h"

/* Series dimensioned (week, locality). Flows are counts within the week; levels are measured at
 * the end of the week unless the description says otherwise. */
typedef enum {
    SPSIM_SERIES_REFERRALS,            /* all sources (by source: spsim_arm_results.referrals_by_source) */
    SPSIM_SERIES_DECLINED,
    SPSIM_SERIES_TAKEN_UP,
    SPSIM_SERIES_WAITING,              /* level */
    SPSIM_SERIES_STARTED,
    SPSIM_SERIES_STARTED_WITHOUT_WAIT,
    SPSIM_SERIES_WAIT_MEAN,            /* weeks, of those starting this week (NaN if none) */
    SPSIM_SERIES_WAIT_P90,             /* weeks, of those starting this week (NaN if none) */
    SPSIM_SERIES_IN_SUPPORT,           /* level: caseload slots occupied */
    SPSIM_SERIES_SLOTS,                /* level: caseload slots available */
    SPSIM_SERIES_CASELOAD_PER_FTE,     /* level: in support / FTE in post (NaN if no FTE) */
    SPSIM_SERIES_SLOT_UTILISATION,     /* level: in support / slots (NaN if no slots) */
    SPSIM_SERIES_RENEGED,              /* dropped out while waiting */
    SPSIM_SERIES_DROPPED_OUT,          /* dropped out during support */
    SPSIM_SERIES_COMPLETED,
    SPSIM_SERIES_CONTACTS,             /* link-worker contacts made */
    SPSIM_SERIES_LW_FTE_FUNDED,        /* level */
    SPSIM_SERIES_LW_FTE_IN_POST,       /* level */
    SPSIM_SERIES_LW_HIRES,
    SPSIM_SERIES_LW_LEAVERS,
    SPSIM_SERIES_LW_COST,              /* GBP, pay + on-costs + management of FTE in post */
    SPSIM_N_SERIES
} spsim_series_id;

typedef struct {
    const char *name;          /* dataset name in the output file */
    const char *units;         /* "people", "weeks", "GBP", "FTE", "1" ... */
    const char *description;
    bool is_count;             /* integer-valued; stored as a 32-bit integer */
} spsim_series_info;

extern const spsim_series_info spsim_series_table[SPSIM_N_SERIES];

/* Whole-run figures of one arm in one replication: the headline table. */
typedef enum {
    SPSIM_TOTAL_REFERRALS,
    SPSIM_TOTAL_TAKEN_UP,
    SPSIM_TOTAL_WAIT_MEAN,          /* weeks, of everyone who waited: starters, reneged, censored */
    SPSIM_TOTAL_WAIT_P90,           /* weeks, same population (streaming P-square estimate) */
    SPSIM_TOTAL_CASELOAD_PER_FTE,   /* people per FTE in post, mean over weeks with FTE in post */
    SPSIM_TOTAL_COMPLETED,
    SPSIM_TOTAL_DROPPED_OUT,        /* reneged while waiting + dropped out of support */
    SPSIM_TOTAL_WAITING_AT_HORIZON,
    SPSIM_TOTAL_CENSORED_WAIT_MEAN, /* weeks waited so far by those still waiting at the horizon */
    SPSIM_TOTAL_LW_COST,            /* GBP, nominal */
    SPSIM_TOTAL_PATHWAYS,           /* referral pathways simulated */
    SPSIM_TOTAL_EVENTS,             /* events processed */
    SPSIM_N_TOTALS
} spsim_total_id;

extern const spsim_series_info spsim_total_table[SPSIM_N_TOTALS];

typedef struct {
    int n_weeks, n_localities;
    double *series[SPSIM_N_SERIES];    /* each [week * n_localities + locality] */
    double *referrals_by_source;       /* [(week * n_localities + locality) * SPSIM_N_SOURCES + s] */
    double totals[SPSIM_N_TOTALS];
    size_t engine_peak_bytes;   /* engine state (people, events, queues) at its largest */
} spsim_arm_results;

int spsim_arm_results_init(spsim_arm_results *r, int n_weeks, int n_localities); /* 0 or -1 */
void spsim_arm_results_free(spsim_arm_results *r);

static inline double *spsim_series_at(spsim_arm_results *r, spsim_series_id s, int week, int loc)
{
    return &r->series[s][(long)week * r->n_localities + loc];
}

#endif
