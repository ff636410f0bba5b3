#include "person_events.h"

#include <stdlib.h>

_Static_assert(SPSIM_N_SERVICES == 3, "the service fields below name gp, ae and admissions");

#define FIELD(member, kind, units, description)                                                    \
    {                                                                                              \
#member, SPSIM_FIELD_##kind, offsetof(spsim_person_record, member), units, description,    \
            SPSIM_LABEL_NONE                                                                       \
    }
#define LABELLED(member, label, description)                                                       \
    {                                                                                              \
#member, SPSIM_FIELD_INT32, offsetof(spsim_person_record, member), "", description,        \
            SPSIM_LABEL_##label                                                                    \
    }
#define FLAG(member, description) FIELD(member, INT8, "1", description " (1 yes, 0 no)")
#define SERVICE(s, name, member, units, description)                                               \
    {                                                                                              \
        name, SPSIM_FIELD_FLOAT64,                                                                 \
            offsetof(spsim_person_record, use) + (s) * sizeof(spsim_service_use) +                 \
                offsetof(spsim_service_use, member),                                               \
            units, description, SPSIM_LABEL_NONE                                                   \
    }
#define SERVICE_FIELDS(s, prefix, what)                                                            \
    SERVICE(s, prefix "_use_before_per_year", before_per_year, what " per year",                   \
            "expected use in the 12 months before referral, as the pre-post study counts it"),     \
        SERVICE(s, prefix "_use_after_per_year", after_per_year, what " per year",                 \
                "expected use in the 12 months after referral, with support"),                     \
        SERVICE(s, prefix "_use_counterfactual_per_year", counterfactual_per_year,                 \
                what " per year",                                                                  \
                "expected use in the 12 months after referral had they not been supported"),       \
        SERVICE(s, prefix "_measured_change_per_year", measured_change_per_year, what " per year", \
                "measured change: after minus before (what a pre-post study sees)"),               \
        SERVICE(s, prefix "_causal_change_per_year", causal_change_per_year, what " per year",     \
                "causal change: after minus counterfactual (what support did)")

const spsim_person_field spsim_person_field_table[SPSIM_N_PERSON_FIELDS] = {
    FIELD(replication, INT32, "1", "the replication, 0 .. R-1"),
    LABELLED(locality, LOCALITY, "where the person lives and was referred"),
    FIELD(referral_number, INT32, "1",
          "the locality's referrals before this one in the replication (with the locality, the "
          "same person in every arm)"),
    FIELD(referred_at_weeks, FLOAT64, "weeks", "time of referral, weeks since the start"),
    FIELD(referral_week, INT32, "1", "the week of referral, 0 .. W-1 (as /week)"),
    FIELD(referral_day, INT32, "days", "the day of referral, days since the start date"),
    LABELLED(source, SOURCE, "who referred the person"),
    FIELD(snomed_finding, INT64, "1",
          "SNOMED CT finding on the offer: 871691000000100 social prescribing offered (taken "
          "up), 871711000000103 social prescribing declined, 0 none (no service to offer)"),
    FLAG(offered, "a link-worker service was there to offer"),
    FLAG(took_up, "took up the offer"),
    FLAG(declined, "declined the offer"),
    FIELD(wait_weeks, FLOAT64, "weeks",
          "referral to a caseload slot, to leaving the queue, or to the horizon when still "
          "waiting (as the total wait_mean counts it); NaN when the offer was not taken up"),
    FLAG(started, "given a caseload slot (as the series started)"),
    FIELD(started_at_weeks, FLOAT64, "weeks", "time given a caseload slot"),
    FLAG(reneged, "left the queue when patience ran out"),
    FLAG(waiting_at_horizon, "still waiting for a slot at the horizon"),
    FLAG(no_show, "never attended the first appointment"),
    FIELD(first_contact_at_weeks, FLOAT64, "weeks",
          "time of the first link-worker contact (NaN when none within the horizon)"),
    FIELD(first_contact_wait_weeks, FLOAT64, "weeks",
          "referral to the first contact, within the horizon (as first_contact_wait_mean)"),
    FIELD(contacts, INT32, "contacts",
          "link-worker contacts the episode makes before it ends or the person drops out "
          "(including any after the horizon)"),
    FLAG(completed, "completed the support episode within the horizon"),
    FLAG(dropped_out, "dropped out of the support episode within the horizon"),
    FLAG(in_support_at_horizon, "held a caseload slot at the horizon"),
    FIELD(support_ended_at_weeks, FLOAT64, "weeks",
          "time the episode ends (or the missed first appointment); may be after the horizon"),
    LABELLED(activity_agreed, ACTIVITY,
             "the community activity agreed with the link worker (-1, empty in CSV: none)"),
    FIELD(agreed_at_weeks, FLOAT64, "weeks", "time the activity was agreed"),
    FLAG(not_placed_first_try, "found no free place when the activity was agreed"),
    FLAG(connection_failed, "offered a free place, never took it up"),
    FLAG(bought_place, "bought a place with a personal health budget"),
    FLAG(joined, "held a place in community activity (connected)"),
    FLAG(never_connected, "agreed an activity and no place ever came free (unmet need)"),
    FIELD(joined_at_weeks, FLOAT64, "weeks", "time the person first held a place"),
    FLAG(outcomes_accounted,
         "their outcomes were reckoned (the arm simulates outcomes and the person took up)"),
    SERVICE_FIELDS(SPSIM_SERVICE_GP, "gp", "GP consultations"),
    SERVICE_FIELDS(SPSIM_SERVICE_AE, "ae", "A&E attendances"),
    SERVICE_FIELDS(SPSIM_SERVICE_ADMISSIONS, "admissions", "emergency admissions"),
    FIELD(wellbeing_gain_points, FLOAT64, "life-satisfaction points (0-10 scale)",
          "gain in wellbeing support gives them while engaged, before it fades"),
};

spsim_person_events *spsim_person_events_new(int capacity)
{
    spsim_person_events *log = calloc(1, sizeof *log);
    if (!log) return NULL;
    size_t n = (size_t)capacity;
    log->capacity = capacity;
    log->records = calloc(n, sizeof *log->records);
    log->priority = calloc(n, sizeof *log->priority);
    log->serial = calloc(n, sizeof *log->serial);
    log->heap = calloc(n, sizeof *log->heap);
    if (!log->records || !log->priority || !log->serial || !log->heap) {
        spsim_person_events_free(log);
        return NULL;
    }
    return log;
}

void spsim_person_events_free(spsim_person_events *log)
{
    if (!log) return;
    free(log->records);
    free(log->priority);
    free(log->serial);
    free(log->heap);
    free(log);
}

static int by_referral(const void *a, const void *b)
{
    const spsim_person_record *x = a, *y = b;
    if (x->referred_at_weeks != y->referred_at_weeks)
        return x->referred_at_weeks < y->referred_at_weeks ? -1 : 1;
    if (x->locality != y->locality) return x->locality < y->locality ? -1 : 1;
    return (x->referral_number > y->referral_number) - (x->referral_number < y->referral_number);
}

void spsim_person_events_sort(spsim_person_events *log)
{
    qsort(log->records, (size_t)log->n, sizeof *log->records, by_referral);
}
