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
#include "locality_totals.h"
#include "person_events.h"

/* Series dimensioned (week, locality). Flows are counts within the week; levels are measured at
 * the end of the week unless the description says otherwise. */
typedef enum {
    SPSIM_SERIES_REFERRALS, /* all sources (by source: SPSIM_BREAKDOWN_REFERRALS_BY_SOURCE) */
    SPSIM_SERIES_DECLINED,
    SPSIM_SERIES_TAKEN_UP,
    SPSIM_SERIES_WAITING, /* level */
    SPSIM_SERIES_STARTED,
    SPSIM_SERIES_STARTED_WITHOUT_WAIT,
    SPSIM_SERIES_WAIT_MEAN,        /* weeks, of those starting this week (NaN if none) */
    SPSIM_SERIES_WAIT_P90,         /* weeks, of those starting this week (NaN if none) */
    SPSIM_SERIES_IN_SUPPORT,       /* level: caseload slots occupied */
    SPSIM_SERIES_SLOTS,            /* level: caseload slots available */
    SPSIM_SERIES_CASELOAD_PER_FTE, /* level: in support / FTE in post (NaN if no FTE) */
    SPSIM_SERIES_SLOT_UTILISATION, /* level: in support / slots (NaN if no slots) */
    SPSIM_SERIES_RENEGED,          /* dropped out while waiting */
    SPSIM_SERIES_DROPPED_OUT,      /* dropped out during support */
    SPSIM_SERIES_COMPLETED,
    SPSIM_SERIES_CONTACTS,       /* link-worker contacts made */
    SPSIM_SERIES_LW_FTE_FUNDED,  /* level */
    SPSIM_SERIES_LW_FTE_IN_POST, /* level */
    SPSIM_SERIES_LW_HIRES,
    SPSIM_SERIES_LW_LEAVERS,
    SPSIM_SERIES_LW_COST, /* GBP, pay + on-costs + management of FTE in post */
    /* Community activity (by activity type: the breakdowns below). */
    SPSIM_SERIES_CONNECTED,            /* people who took a place in a group (or bought one) */
    SPSIM_SERIES_NOT_PLACED_FIRST_TRY, /* found no free place of their type when agreed */
    SPSIM_SERIES_CONNECTION_FAILED,    /* offered a free place, never took it up */
    SPSIM_SERIES_GAVE_UP_WAITING_FOR_PLACE,
    SPSIM_SERIES_WAITING_FOR_PLACE, /* level */
    SPSIM_SERIES_DISPLACED,         /* lost their place when their group closed */
    SPSIM_SERIES_GROUPS,            /* level: open groups */
    SPSIM_SERIES_GROUPS_OPENED,
    SPSIM_SERIES_GROUPS_CLOSED,
    SPSIM_SERIES_GROUPS_FORMED, /* without commissioning (community.formation_per_10000_per_year) */
    SPSIM_SERIES_PLACES,        /* level: places in open groups */
    SPSIM_SERIES_PLACES_OCCUPIED,     /* level */
    SPSIM_SERIES_PLACES_BOUGHT,       /* level: places held through personal health budgets */
    SPSIM_SERIES_BUILDER_FTE_IN_POST, /* level */
    SPSIM_SERIES_BUILDER_TRUST_MEAN, /* level: FTE-weighted mean trust of builders in post, NaN if none */
    SPSIM_SERIES_BUILDER_COST,       /* GBP */
    SPSIM_SERIES_VCSE_SPEND,         /* GBP, all funding streams */
    SPSIM_SERIES_BUILDER_HIRES, /* builder posts filled */
    /* Outcomes: expected activity avoided, against the same people's counterfactual. */
    SPSIM_SERIES_GP_AVOIDED,         /* GP consultations */
    SPSIM_SERIES_AE_AVOIDED,         /* A&E attendances */
    SPSIM_SERIES_ADMISSIONS_AVOIDED, /* emergency admissions */
    SPSIM_SERIES_WELLBYS,            /* WELLBYs gained in the week (undiscounted) */
    /* Commissioning: pooled slots and what outcome payments are paid on. */
    SPSIM_SERIES_POOLED_STARTS,         /* people from a neighbouring locality starting here */
    SPSIM_SERIES_WELLBEING_IMPROVED,    /* people whose gain reached the contract's threshold */
    SPSIM_SERIES_GP_REDUCTION_VERIFIED, /* GP consultations fewer, year after vs the contract's
                                             baseline, of people who started support */
    SPSIM_SERIES_GP_REDUCTION_CAUSED,   /* the part of them support caused */
    /* The offer and the first contact (docs/model.md, sections 5 and 7). */
    SPSIM_SERIES_NOT_OFFERED,    /* referred where the arm has no link-worker service */
    SPSIM_SERIES_FIRST_CONTACTS, /* people attending their first link-worker contact */
    SPSIM_SERIES_NO_SHOWS,       /* people who never attended their first appointment */
    /* weeks from referral to first contact of those with first_contacts this week (NaN if
     * none): first_contacts is its weight when pooling weeks or localities */
    SPSIM_SERIES_FIRST_CONTACT_WAIT_MEAN,
    SPSIM_N_SERIES
} spsim_series_id;

typedef struct {
    const char *name;  /* dataset name in the output file */
    const char *units; /* "people", "weeks", "GBP", "FTE", "1" ... */
    const char *description;
    bool is_count; /* integer-valued; stored as a 32-bit integer */
} spsim_series_info;

extern const spsim_series_info spsim_series_table[SPSIM_N_SERIES];

/* Whole-run figures of one arm in one replication: the headline table. Taken up, waits and
 * caseload are NaN where nothing was offered (an arm with no link workers). */
typedef enum {
    SPSIM_TOTAL_REFERRALS,
    SPSIM_TOTAL_TAKEN_UP,
    SPSIM_TOTAL_WAIT_MEAN,        /* weeks, of everyone who waited: starters, reneged, censored */
    SPSIM_TOTAL_WAIT_P90,         /* weeks, same population (streaming P-square estimate) */
    SPSIM_TOTAL_CASELOAD_PER_FTE, /* people per FTE in post, mean over weeks with FTE in post */
    SPSIM_TOTAL_COMPLETED,
    SPSIM_TOTAL_DROPPED_OUT, /* reneged while waiting + dropped out of support */
    SPSIM_TOTAL_WAITING_AT_HORIZON,
    SPSIM_TOTAL_CENSORED_WAIT_MEAN, /* weeks waited so far by those still waiting at the horizon */
    SPSIM_TOTAL_LW_COST,            /* GBP, nominal */
    SPSIM_TOTAL_CONNECTED,          /* people connected to community activity */
    SPSIM_TOTAL_NOT_PLACED_FIRST_TRY, /* people who found no free place when agreed */
    SPSIM_TOTAL_PLACES_AT_END,        /* places in open groups at the horizon */
    SPSIM_TOTAL_VCSE_SPEND,           /* GBP, nominal, all funding streams */
    SPSIM_TOTAL_BUILDER_COST,         /* GBP, nominal */
    SPSIM_TOTAL_PATHWAYS,             /* referral pathways simulated */
    SPSIM_TOTAL_EVENTS,               /* events processed */
    SPSIM_TOTAL_NEVER_CONNECTED, /* agreed an activity, no place ever came free (connection.h) */
    /* The offer and the first contact (docs/model.md, sections 5 and 7). */
    SPSIM_TOTAL_NOT_OFFERED,             /* referred where the arm has no link-worker service */
    SPSIM_TOTAL_NO_SHOW,                 /* given a first appointment, never attended */
    SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN, /* weeks from referral to first contact, attenders */
    SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90,  /* weeks, same people */
    SPSIM_TOTAL_SEEN_3_OR_MORE,          /* people with 3 or more link-worker contacts */
    SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE,    /* of the referrals offered a service */
    SPSIM_N_TOTALS
} spsim_total_id;

extern const spsim_series_info spsim_total_table[SPSIM_N_TOTALS];
/* Names, units and descriptions of the per-locality totals (locality_totals.h). */
extern const spsim_series_info spsim_locality_total_table[SPSIM_N_LOCALITY_TOTALS];

/* Series broken down by a category: dimensioned (week, locality, category). */
typedef enum {
    SPSIM_CATEGORY_SOURCE,
    SPSIM_CATEGORY_ACTIVITY,
    SPSIM_CATEGORY_FUNDING,
    SPSIM_N_CATEGORIES
} spsim_category_id;

typedef struct {
    const char *name; /* dimension name in the output file */
    int n;
    const char *const *keys; /* scenario spellings, e.g. spsim_source_key */
} spsim_category_info;

extern const spsim_category_info spsim_category_table[SPSIM_N_CATEGORIES];

typedef enum {
    SPSIM_BREAKDOWN_REFERRALS_BY_SOURCE,
    SPSIM_BREAKDOWN_PLACES_BY_ACTIVITY,   /* level */
    SPSIM_BREAKDOWN_OCCUPIED_BY_ACTIVITY, /* level */
    SPSIM_BREAKDOWN_CONNECTED_BY_ACTIVITY,
    SPSIM_BREAKDOWN_NOT_PLACED_FIRST_TRY_BY_ACTIVITY,
    SPSIM_BREAKDOWN_SPEND_BY_FUNDING, /* GBP */
    SPSIM_N_BREAKDOWNS
} spsim_breakdown_id;

typedef struct {
    spsim_series_info info;
    spsim_category_id category;
} spsim_breakdown_info;

extern const spsim_breakdown_info spsim_breakdown_table[SPSIM_N_BREAKDOWNS];

/* Pre-post and counterfactual service use of people who took up the offer and were referred at
 * least a year before the horizon, per locality and service: the measured reduction is
 * 1 - after / before, the causal one 1 - after_expected / counterfactual. */
typedef enum {
    SPSIM_REDUCTION_PEOPLE,         /* people counted (same for every service) */
    SPSIM_REDUCTION_BEFORE,         /* use in the 12 months before referral, counted */
    SPSIM_REDUCTION_AFTER,          /* use in the 12 months after referral, counted */
    SPSIM_REDUCTION_AFTER_EXPECTED, /* expected use in those 12 months, with support */
    SPSIM_REDUCTION_COUNTERFACTUAL, /* expected use in those 12 months without support */
    SPSIM_N_REDUCTION_MEASURES
} spsim_reduction_measure;

extern const spsim_series_info spsim_reduction_table[SPSIM_N_REDUCTION_MEASURES];

struct spsim_economics; /* model/economics: money by financial year and headline figures */

typedef struct {
    int n_weeks, n_localities;
    double *series[SPSIM_N_SERIES]; /* each [week * n_localities + locality] */
    /* each [(week * n_localities + locality) * n + c], n from the breakdown's category */
    double *breakdowns[SPSIM_N_BREAKDOWNS];
    double totals[SPSIM_N_TOTALS];
    /* each [locality * SPSIM_N_SERVICES + service] */
    double *reductions[SPSIM_N_REDUCTION_MEASURES];
    double *locality_totals[SPSIM_N_LOCALITY_TOTALS]; /* each [locality] */
    struct spsim_economics *economics; /* filled after the replication; NULL until then */
    size_t engine_peak_bytes; /* engine buffers (people, events, queues, groups) at their largest */
    size_t engine_peak_people; /* most people in the system (waiting, supported, placed) at once */
    spsim_person_events *events; /* --events: the sampled people's pathways; NULL when off */
} spsim_arm_results;

int spsim_arm_results_init(spsim_arm_results *r, int n_weeks, int n_localities); /* 0 or -1 */
void spsim_arm_results_free(spsim_arm_results *r);
/* Frees the weekly series and breakdowns only (written to the file already), keeping the
 * totals, reductions and economics that summaries across replications need. */
void spsim_arm_results_release_weekly(spsim_arm_results *r);

static inline double *spsim_series_at(spsim_arm_results *r, spsim_series_id s, int week, int loc)
{
    return &r->series[s][(long)week * r->n_localities + loc];
}

static inline double *spsim_reduction_at(spsim_arm_results *r, spsim_reduction_measure m, int loc,
                                         spsim_service s)
{
    return &r->reductions[m][loc * SPSIM_N_SERVICES + s];
}

static inline double *spsim_locality_total_at(spsim_arm_results *r, spsim_locality_total_id t,
                                              int loc)
{
    return &r->locality_totals[t][loc];
}

static inline double *spsim_breakdown_at(spsim_arm_results *r, spsim_breakdown_id b, int week,
                                         int loc, int category)
{
    int n = spsim_category_table[spsim_breakdown_table[b].category].n;
    return &r->breakdowns[b][((long)week * r->n_localities + loc) * n + category];
}

#endif
