/* The person-level event log (`spsim run --events N`): the pathway of a sample of the people
 * referred in one arm of one replication, one record per person (docs/output.md, "Event log").
 *
 * One table (spsim_person_field_table) names every field of a record with its type, unit and
 * description; the HDF5 writer, the CSV export and the docs test read the same table, so the file,
 * the CSV and the docs cannot disagree about what a field is. The processes fill the records
 * (processes/person_log.h); this header holds only the data. */
#ifndef SPSIM_PERSON_EVENTS_H
#define SPSIM_PERSON_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "../scenario/params.h"

/* SNOMED CT findings recorded with the offer of social prescribing. */
#define SPSIM_SNOMED_SOCIAL_PRESCRIBING_OFFERED  871691000000100LL
#define SPSIM_SNOMED_SOCIAL_PRESCRIBING_DECLINED 871711000000103LL

/* A person's expected use of one service in the 12 months before and after referral (people who
 * took up the offer and were referred at least a year before the horizon; NaN otherwise). */
typedef struct {
    double before_per_year;
    double after_per_year;           /* with support */
    double counterfactual_per_year;  /* had they not been supported */
    double measured_change_per_year; /* after - before: what a pre-post study sees */
    double causal_change_per_year;   /* after - counterfactual: what support did */
} spsim_service_use;

/* One person's pathway. Times are weeks since the start of the run; NaN where the event never
 * happened within the horizon; flags are 0 or 1. */
typedef struct {
    int32_t replication;
    int32_t locality;        /* index into /locality */
    int32_t referral_number; /* the locality's referrals before this one in the replication:
                                with the locality, the person's identity in every arm */
    double referred_at_weeks;
    int32_t referral_week; /* index into /week */
    int32_t referral_day;  /* days since the start date */
    int32_t source;        /* index into /source */
    int64_t snomed_finding;
    int8_t offered, took_up, declined;
    double wait_weeks; /* to a caseload slot, to leaving the queue, or to the horizon */
    int8_t started;    /* given a caseload slot */
    double started_at_weeks;
    int8_t reneged, waiting_at_horizon, no_show;
    double first_contact_at_weeks;
    double first_contact_wait_weeks;
    int32_t contacts;
    int8_t completed, dropped_out, in_support_at_horizon;
    double support_ended_at_weeks;
    int32_t activity_agreed; /* index into /activity, -1 when none was agreed */
    double agreed_at_weeks;
    int8_t not_placed_first_try, connection_failed, bought_place, joined, never_connected;
    double joined_at_weeks;
    int8_t outcomes_accounted;
    spsim_service_use use[SPSIM_N_SERVICES];
    double wellbeing_gain_points;
} spsim_person_record;

typedef enum {
    SPSIM_FIELD_INT8,
    SPSIM_FIELD_INT32,
    SPSIM_FIELD_INT64,
    SPSIM_FIELD_FLOAT64
} spsim_field_kind;

/* Fields whose value is an index into a dimension of the file, written as its label in CSV. */
typedef enum {
    SPSIM_LABEL_NONE,
    SPSIM_LABEL_LOCALITY,
    SPSIM_LABEL_SOURCE,
    SPSIM_LABEL_ACTIVITY
} spsim_field_label;

typedef struct {
    const char *name; /* member of the compound table, column of events.csv */
    spsim_field_kind kind;
    size_t offset; /* in spsim_person_record */
    const char *units;
    const char *description;
    spsim_field_label label;
} spsim_person_field;

enum {
    SPSIM_N_PERSON_FIELDS = 34 + 5 * SPSIM_N_SERVICES
};

extern const spsim_person_field spsim_person_field_table[SPSIM_N_PERSON_FIELDS];

/* The log of one arm in one replication: at most `capacity` records, and the sampler's working
 * state (processes/person_log.c). */
typedef struct {
    int capacity;    /* N: people kept */
    int n;           /* records held */
    int replication; /* set by the engine before the replication runs */
    spsim_person_record *records;
    uint64_t *priority; /* each record's sampling priority (the lowest N are kept) */
    uint32_t *serial;   /* each record's person serial: tells the person it belongs to */
    int *heap;          /* records by priority, the highest first (a binary max-heap) */
} spsim_person_events;

/* NULL when out of memory. */
spsim_person_events *spsim_person_events_new(int capacity);
void spsim_person_events_free(spsim_person_events *log);
/* Orders the records by referral time (the locality, then its referral number, on a tie). */
void spsim_person_events_sort(spsim_person_events *log);

#endif
