#include "series.h"

#include <stdlib.h>

const spsim_series_info spsim_series_table[SPSIM_N_SERIES] = {
    [SPSIM_SERIES_REFERRALS] = {"referrals", "people",
                                "referrals received in the week, all sources", true},
    [SPSIM_SERIES_DECLINED] = {"declined", "people",
                               "referrals that declined the offer of social prescribing in the "
                               "week (SNOMED CT 871711000000103)",
                               true},
    [SPSIM_SERIES_NOT_OFFERED] =
        {"not_offered", "people",
         "referrals in the week where the arm has no link-worker service (no FTE funded in the "
         "locality, nor in a neighbour sharing slots): nothing is offered, so nothing is taken "
         "up",
         true},
    [SPSIM_SERIES_TAKEN_UP] =
        {"taken_up", "people",
         "referrals that took up the offer in the week and joined the locality's queue", true},
    [SPSIM_SERIES_WAITING] =
        {"waiting", "people",
         "people waiting for a link-worker caseload slot at the end of the week", true},
    [SPSIM_SERIES_STARTED] =
        {"started", "people",
         "people given a link-worker caseload slot in the week (their first appointment follows; "
         "first_contacts counts those who attend it)",
         true},
    [SPSIM_SERIES_STARTED_WITHOUT_WAIT] =
        {"started_without_wait", "people",
         "people who started support in the week the moment they took up the offer (zero wait)",
         true},
    [SPSIM_SERIES_FIRST_CONTACTS] =
        {"first_contacts", "people",
         "people who attended their first link-worker contact in the week (support begins)", true},
    [SPSIM_SERIES_NO_SHOWS] = {"no_shows", "people",
                               "people given a slot whose first appointment fell in the week and "
                               "who never attended it (the slot is freed)",
                               true},
    [SPSIM_SERIES_FIRST_CONTACT_WAIT_MEAN] =
        {"first_contact_wait_mean", "weeks",
         "mean wait from referral to the first link-worker contact of the people whose first "
         "contact was in the week (NaN when nobody's was); weighted by first_contacts, the weeks "
         "and localities pool to totals/first_contact_wait_mean",
         false},
    [SPSIM_SERIES_WAIT_MEAN] =
        {"wait_mean", "weeks",
         "mean wait of the people who started support in the week (NaN when nobody started)",
         false},
    [SPSIM_SERIES_WAIT_P90] = {"wait_p90", "weeks",
                               "90th percentile wait of the people who started support in the week "
                               "(NaN when nobody started)",
                               false},
    [SPSIM_SERIES_IN_SUPPORT] =
        {"in_support", "people",
         "people living in the locality who hold a caseload slot at the end of the week, waiting "
         "for their first appointment or in a support episode (when slots are pooled, some hold "
         "a neighbouring locality's slot)",
         true},
    [SPSIM_SERIES_SLOTS] = {"slots", "slots",
                            "caseload slots available at the end of the week: FTE in post, ramped "
                            "for training, x slots per FTE (from contact time, or caseload per "
                            "FTE)",
                            true},
    [SPSIM_SERIES_CASELOAD_PER_FTE] = {"caseload_per_fte", "people per FTE",
                                       "caseload slots occupied per link-worker FTE in post at the "
                                       "end of the week (NaN when none in post)",
                                       false},
    [SPSIM_SERIES_SLOT_UTILISATION] = {"slot_utilisation", "1",
                                       "occupied slots / available slots at the end of the week "
                                       "(NaN when no slots); above 1 after capacity falls",
                                       false},
    [SPSIM_SERIES_RENEGED] =
        {"dropped_out_waiting", "people",
         "people who left the queue in the week before a slot came free (reneging)", true},
    [SPSIM_SERIES_DROPPED_OUT] = {"dropped_out_support", "people",
                                  "people who left a support episode early in the week", true},
    [SPSIM_SERIES_COMPLETED] = {"completed", "people",
                                "people who completed their support episode in the week", true},
    [SPSIM_SERIES_CONTACTS] = {"contacts", "contacts", "link-worker contacts made in the week",
                               true},
    [SPSIM_SERIES_LW_FTE_FUNDED] = {"link_worker_fte_funded", "FTE",
                                    "link-worker FTE funded by the plan at the end of the week",
                                    false},
    [SPSIM_SERIES_LW_FTE_IN_POST] =
        {"link_worker_fte_in_post", "FTE",
         "link-worker FTE in post (funded and filled) at the end of the week", false},
    [SPSIM_SERIES_LW_HIRES] = {"link_worker_hires", "posts", "link-worker posts filled in the week",
                               true},
    [SPSIM_SERIES_LW_LEAVERS] = {"link_worker_leavers", "posts",
                                 "link-worker posts vacated by attrition in the week", true},
    [SPSIM_SERIES_LW_COST] =
        {"link_worker_cost", "GBP",
         "link-worker pay, on-costs and management for the FTE in post during the week, nominal",
         false},
    [SPSIM_SERIES_CONNECTED] = {"connected", "people",
                                "people who took a place in a community activity in the week (in a "
                                "group, or bought with a personal health budget)",
                                true},
    [SPSIM_SERIES_NOT_PLACED_FIRST_TRY] =
        {"not_placed_first_try", "people",
         "people who found no free place of their agreed activity type in the week they agreed "
         "it (many take one later: unmet need is totals/never_connected)",
         true},
    [SPSIM_SERIES_CONNECTION_FAILED] =
        {"connection_failed", "people",
         "people offered a free place in the week who never took it up", true},
    [SPSIM_SERIES_GAVE_UP_WAITING_FOR_PLACE] =
        {"gave_up_waiting_for_place", "people",
         "people whose wait for a free place ran out in the week", true},
    [SPSIM_SERIES_WAITING_FOR_PLACE] =
        {"waiting_for_place", "people",
         "people who agreed an activity and are waiting for a free place in it at the end of the "
         "week",
         true},
    [SPSIM_SERIES_DISPLACED] =
        {"displaced", "people",
         "people who lost their place in the week because their group closed", true},
    [SPSIM_SERIES_GROUPS] = {"groups", "groups", "open VCSE groups at the end of the week", true},
    [SPSIM_SERIES_GROUPS_OPENED] = {"groups_opened", "groups",
                                    "groups opened in the week (by builders or funding)", true},
    [SPSIM_SERIES_GROUPS_CLOSED] = {"groups_closed", "groups", "groups closed in the week", true},
    [SPSIM_SERIES_GROUPS_FORMED] = {"groups_formed", "groups",
                                    "groups formed in the week without commissioning (residents "
                                    "starting their own; not counted in groups_opened)",
                                    true},
    [SPSIM_SERIES_PLACES] = {"places", "places",
                             "places open to referred people in open groups at the end of the week",
                             true},
    [SPSIM_SERIES_PLACES_OCCUPIED] =
        {"places_occupied", "places",
         "places in groups held by referred people at the end of the week", true},
    [SPSIM_SERIES_PLACES_BOUGHT] = {"places_bought", "places",
                                    "places held through personal health budgets at the end of the "
                                    "week (outside group capacity)",
                                    true},
    [SPSIM_SERIES_BUILDER_FTE_IN_POST] = {"builder_fte_in_post", "FTE",
                                          "builder FTE in post at the end of the week", false},
    [SPSIM_SERIES_BUILDER_TRUST_MEAN] = {"builder_trust_mean", "1",
                                         "FTE-weighted mean trust (0 to 1) of the builders in post "
                                         "at the end of the week (NaN when none)",
                                         false},
    [SPSIM_SERIES_BUILDER_COST] =
        {"builder_cost", "GBP",
         "builder pay, on-costs and overheads for the FTE in post during the week, nominal", false},
    [SPSIM_SERIES_VCSE_SPEND] = {"vcse_spend", "GBP",
                                 "spend of all VCSE funding streams in the week, nominal", false},
    [SPSIM_SERIES_BUILDER_HIRES] = {"builder_hires", "posts", "builder posts filled in the week",
                                    true},
    [SPSIM_SERIES_GP_AVOIDED] = {"gp_consultations_avoided", "consultations",
                                 "GP consultations avoided in the week: expected use without "
                                 "support minus with it, over everyone referred",
                                 false},
    [SPSIM_SERIES_AE_AVOIDED] =
        {"ae_attendances_avoided", "attendances",
         "A&E attendances avoided in the week (expected, as for GP consultations)", false},
    [SPSIM_SERIES_ADMISSIONS_AVOIDED] =
        {"emergency_admissions_avoided", "admissions",
         "emergency admissions avoided in the week (expected, as for GP consultations)", false},
    [SPSIM_SERIES_WELLBYS] =
        {"wellbys", "WELLBY",
         "life-satisfaction points x years gained in the week by everyone referred, undiscounted",
         false},
    [SPSIM_SERIES_POOLED_STARTS] = {"pooled_starts", "people",
                                    "people from a neighbouring locality who started support in "
                                    "one of this locality's slots (pooling)",
                                    true},
    [SPSIM_SERIES_WELLBEING_IMPROVED] = {"wellbeing_improved", "people",
                                         "people whose support ended in the week with a "
                                         "life-satisfaction gain at least the contract's threshold",
                                         true},
    [SPSIM_SERIES_GP_REDUCTION_VERIFIED] =
        {"gp_reduction_verified", "consultations",
         "for people who started support and whose year after referral ended in the week: "
         "expected GP consultations of the contract's baseline (a comparison group's, or the "
         "year before referral) minus the year after, as the contract verifies them",
         false},
    [SPSIM_SERIES_GP_REDUCTION_CAUSED] =
        {"gp_reduction_caused", "consultations",
         "for the same people: expected GP consultations in the year after referral without "
         "support minus with it (the part of gp_reduction_verified support caused)",
         false},
};

const spsim_series_info spsim_reduction_table[SPSIM_N_REDUCTION_MEASURES] = {
    [SPSIM_REDUCTION_PEOPLE] =
        {"people", "people",
         "people who took up the offer and were referred at least 12 months before the horizon",
         true},
    [SPSIM_REDUCTION_BEFORE] = {"use_before", "events",
                                "their use in the 12 months before referral, as counted "
                                "(consultations, attendances or admissions)",
                                true},
    [SPSIM_REDUCTION_AFTER] = {"use_after", "events",
                               "their use in the 12 months after referral, as counted", true},
    [SPSIM_REDUCTION_AFTER_EXPECTED] =
        {"use_after_expected", "events",
         "their expected use in the 12 months after referral, with support", false},
    [SPSIM_REDUCTION_COUNTERFACTUAL] =
        {"use_after_counterfactual", "events",
         "their expected use in the 12 months after referral had they not been supported", false},
};

const spsim_category_info spsim_category_table[SPSIM_N_CATEGORIES] = {
    [SPSIM_CATEGORY_SOURCE] = {"source", SPSIM_N_SOURCES, spsim_source_key},
    [SPSIM_CATEGORY_ACTIVITY] = {"activity", SPSIM_N_ACTIVITIES, spsim_activity_key},
    [SPSIM_CATEGORY_FUNDING] = {"funding", SPSIM_N_FUNDING_KINDS, spsim_funding_kind_key},
};

const spsim_breakdown_info spsim_breakdown_table[SPSIM_N_BREAKDOWNS] = {
    [SPSIM_BREAKDOWN_REFERRALS_BY_SOURCE] = {{"referrals_by_source", "people",
                                              "referrals received in the week, by referral source",
                                              true},
                                             SPSIM_CATEGORY_SOURCE},
    [SPSIM_BREAKDOWN_PLACES_BY_ACTIVITY] =
        {{"places_by_activity", "places",
          "places open to referred people at the end of the week, by activity type", true},
         SPSIM_CATEGORY_ACTIVITY},
    [SPSIM_BREAKDOWN_OCCUPIED_BY_ACTIVITY] =
        {{"places_occupied_by_activity", "places",
          "places held by referred people at the end of the week, by activity type", true},
         SPSIM_CATEGORY_ACTIVITY},
    [SPSIM_BREAKDOWN_CONNECTED_BY_ACTIVITY] =
        {{"connected_by_activity", "people",
          "people who took a place in the week, by activity type", true},
         SPSIM_CATEGORY_ACTIVITY},
    [SPSIM_BREAKDOWN_NOT_PLACED_FIRST_TRY_BY_ACTIVITY] =
        {{"not_placed_first_try_by_activity", "people",
          "people who found no free place in the week they agreed an activity, by its type", true},
         SPSIM_CATEGORY_ACTIVITY},
    [SPSIM_BREAKDOWN_SPEND_BY_FUNDING] =
        {{"vcse_spend_by_funding", "GBP",
          "VCSE funding spent in the week, by kind of funding stream, nominal", false},
         SPSIM_CATEGORY_FUNDING},
};

const spsim_series_info spsim_total_table[SPSIM_N_TOTALS] = {
    [SPSIM_TOTAL_REFERRALS] = {"referrals", "people", "referrals over the horizon", true},
    [SPSIM_TOTAL_TAKEN_UP] = {"taken_up", "people",
                              "referrals that took up the offer (NaN when no referral was offered "
                              "a service: an arm with no link workers)",
                              false},
    [SPSIM_TOTAL_WAIT_MEAN] = {"wait_mean", "weeks",
                               "mean wait of everyone who joined a queue: started, left while "
                               "waiting, or still waiting at the horizon (wait so far)",
                               false},
    [SPSIM_TOTAL_WAIT_P90] =
        {"wait_p90", "weeks",
         "90th percentile wait of the same people (zero waits exact, others to within 0.01 week)",
         false},
    [SPSIM_TOTAL_CASELOAD_PER_FTE] =
        {"caseload_per_fte", "people per FTE",
         "mean over weeks and localities with FTE in post of people in support per FTE", false},
    [SPSIM_TOTAL_COMPLETED] = {"completed", "people", "support episodes completed", true},
    [SPSIM_TOTAL_DROPPED_OUT] = {"dropped_out", "people",
                                 "people who left while waiting or during support", true},
    [SPSIM_TOTAL_WAITING_AT_HORIZON] =
        {"waiting_at_horizon", "people",
         "people still waiting at the horizon (their waits are censored)", true},
    [SPSIM_TOTAL_CENSORED_WAIT_MEAN] =
        {"censored_wait_mean", "weeks",
         "mean wait so far of the people still waiting at the horizon (NaN when none)", false},
    [SPSIM_TOTAL_NOT_OFFERED] = {"not_offered", "people",
                                 "referrals where the arm had no link-worker service, so nothing "
                                 "was offered",
                                 true},
    [SPSIM_TOTAL_NO_SHOW] = {"no_show", "people",
                             "people who took up the offer, were given a first appointment and "
                             "never attended it",
                             true},
    [SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN] =
        {"first_contact_wait_mean", "weeks",
         "mean time from referral to the first link-worker contact of the people who had one "
         "before the horizon: the wait for a slot plus the scheduling delay (NaN when none)",
         false},
    [SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90] =
        {"first_contact_wait_p90", "weeks",
         "90th percentile of the same times (to within 0.01 week; NaN when none)", false},
    [SPSIM_TOTAL_SEEN_3_OR_MORE] = {"seen_3_or_more", "people",
                                    "people whose third link-worker contact came before the "
                                    "horizon (engaged, as Mercer et al. 2019 count it)",
                                    true},
    [SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE] =
        {"seen_3_or_more_share", "share",
         "seen_3_or_more / referrals offered a service (NaN when none was offered)", false},
    [SPSIM_TOTAL_LW_COST] = {"link_worker_cost", "GBP",
                             "link-worker cost over the horizon, nominal", false},
    [SPSIM_TOTAL_CONNECTED] = {"connected", "people",
                               "people connected to community activity over the horizon", true},
    [SPSIM_TOTAL_NOT_PLACED_FIRST_TRY] =
        {"not_placed_first_try", "people",
         "people who found no free place of their agreed activity type when they agreed it (many "
         "take one later)",
         true},
    [SPSIM_TOTAL_PLACES_AT_END] = {"places_at_end", "places",
                                   "places open to referred people in open groups at the horizon",
                                   true},
    [SPSIM_TOTAL_VCSE_SPEND] = {"vcse_spend", "GBP", "VCSE funding spent over the horizon, nominal",
                                false},
    [SPSIM_TOTAL_BUILDER_COST] = {"builder_cost", "GBP", "builder cost over the horizon, nominal",
                                  false},
    [SPSIM_TOTAL_PATHWAYS] = {"pathways", "people", "referral pathways simulated", true},
    [SPSIM_TOTAL_EVENTS] = {"events", "events", "events processed by the engine", true},
    [SPSIM_TOTAL_NEVER_CONNECTED] =
        {"never_connected", "people",
         "people who agreed an activity and never held a place because none came free: their "
         "wait for one ran out, or they were still waiting at the horizon (unmet need)",
         true},
};

int spsim_arm_results_init(spsim_arm_results *r, int n_weeks, int n_localities)
{
    *r = (spsim_arm_results){.n_weeks = n_weeks, .n_localities = n_localities};
    size_t cells = (size_t)n_weeks * (size_t)n_localities;
    for (int s = 0; s < SPSIM_N_SERIES; s++) {
        r->series[s] = calloc(cells, sizeof(double));
        if (!r->series[s]) goto fail;
    }
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        size_t n = (size_t)spsim_category_table[spsim_breakdown_table[b].category].n;
        r->breakdowns[b] = calloc(cells * n, sizeof(double));
        if (!r->breakdowns[b]) goto fail;
    }
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++) {
        r->reductions[m] = calloc((size_t)n_localities * SPSIM_N_SERVICES, sizeof(double));
        if (!r->reductions[m]) goto fail;
    }
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++) {
        r->locality_totals[t] = calloc((size_t)n_localities, sizeof(double));
        if (!r->locality_totals[t]) goto fail;
    }
    return 0;
fail:
    spsim_arm_results_free(r);
    return -1;
}

void spsim_arm_results_release_weekly(spsim_arm_results *r)
{
    for (int s = 0; s < SPSIM_N_SERIES; s++) {
        free(r->series[s]);
        r->series[s] = NULL;
    }
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        free(r->breakdowns[b]);
        r->breakdowns[b] = NULL;
    }
}

void spsim_arm_results_free(spsim_arm_results *r)
{
    spsim_arm_results_release_weekly(r);
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++) {
        free(r->reductions[m]);
        r->reductions[m] = NULL;
    }
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++) {
        free(r->locality_totals[t]);
        r->locality_totals[t] = NULL;
    }
    spsim_person_events_free(r->events);
    r->events = NULL;
}
