#include "series.h"

#include <stdlib.h>

const spsim_series_info spsim_series_table[SPSIM_N_SERIES] = {
    [SPSIM_SERIES_REFERRALS] = {"referrals", "people",
        "referrals received in the week, all sources", true},
    [SPSIM_SERIES_DECLINED] = {"declined", "people",
        "referrals that declined the offer of social prescribing in the week (SNOMED CT 871711000000103)", true},
    [SPSIM_SERIES_TAKEN_UP] = {"taken_up", "people",
        "referrals that took up the offer in the week and joined the locality's queue", true},
    [SPSIM_SERIES_WAITING] = {"waiting", "people",
        "people waiting for a link-worker caseload slot at the end of the week", true},
    [SPSIM_SERIES_STARTED] = {"started", "people",
        "people who started a support episode in the week", true},
    [SPSIM_SERIES_STARTED_WITHOUT_WAIT] = {"started_without_wait", "people",
        "people who started support in the week the moment they took up the offer (zero wait)", true},
    [SPSIM_SERIES_WAIT_MEAN] = {"wait_mean", "weeks",
        "mean wait of the people who started support in the week (NaN when nobody started)", false},
    [SPSIM_SERIES_WAIT_P90] = {"wait_p90", "weeks",
        "90th percentile wait of the people who started support in the week (NaN when nobody started)", false},
    [SPSIM_SERIES_IN_SUPPORT] = {"in_support", "people",
        "people in a support episode (caseload slots occupied) at the end of the week", true},
    [SPSIM_SERIES_SLOTS] = {"slots", "slots",
        "caseload slots available at the end of the week: FTE in post, ramped for training, x caseload per FTE", true},
    [SPSIM_SERIES_CASELOAD_PER_FTE] = {"caseload_per_fte", "people per FTE",
        "people in support per link-worker FTE in post at the end of the week (NaN when none in post)", false},
    [SPSIM_SERIES_SLOT_UTILISATION] = {"slot_utilisation", "1",
        "occupied slots / available slots at the end of the week (NaN when no slots); above 1 after capacity falls", false},
    [SPSIM_SERIES_RENEGED] = {"dropped_out_waiting", "people",
        "people who left the queue in the week before a slot came free (reneging)", true},
    [SPSIM_SERIES_DROPPED_OUT] = {"dropped_out_support", "people",
        "people who left a support episode early in the week", true},
    [SPSIM_SERIES_COMPLETED] = {"completed", "people",
        "people who completed their support episode in the week", true},
    [SPSIM_SERIES_CONTACTS] = {"contacts", "contacts",
        "link-worker contacts made in the week", true},
    [SPSIM_SERIES_LW_FTE_FUNDED] = {"link_worker_fte_funded", "FTE",
        "link-worker FTE funded by the plan at the end of the week", false},
    [SPSIM_SERIES_LW_FTE_IN_POST] = {"link_worker_fte_in_post", "FTE",
        "link-worker FTE in post (funded and filled) at the end of the week", false},
    [SPSIM_SERIES_LW_HIRES] = {"link_worker_hires", "posts",
        "link-worker posts filled in the week", true},
    [SPSIM_SERIES_LW_LEAVERS] = {"link_worker_leavers", "posts",
        "link-worker posts vacated by attrition in the week", true},
    [SPSIM_SERIES_LW_COST] = {"link_worker_cost", "GBP",
        "link-worker pay, on-costs and management for the FTE in post during the week, nominal", false},
};

const spsim_series_info spsim_total_table[SPSIM_N_TOTALS] = {
    [SPSIM_TOTAL_REFERRALS] = {"referrals", "people", "referrals over the horizon", true},
    [SPSIM_TOTAL_TAKEN_UP] = {"taken_up", "people", "referrals that took up the offer", true},
    [SPSIM_TOTAL_WAIT_MEAN] = {"wait_mean", "weeks",
        "mean wait of everyone who joined a queue: started, left while waiting, or still waiting at the horizon (wait so far)", false},
    [SPSIM_TOTAL_WAIT_P90] = {"wait_p90", "weeks",
        "90th percentile wait of the same people (streaming P-square estimate)", false},
    [SPSIM_TOTAL_CASELOAD_PER_FTE] = {"caseload_per_fte", "people per FTE",
        "mean over weeks and localities with FTE in post of people in support per FTE", false},
    [SPSIM_TOTAL_COMPLETED] = {"completed", "people", "support episodes completed", true},
    [SPSIM_TOTAL_DROPPED_OUT] = {"dropped_out", "people",
        "people who left while waiting or during support", true},
    [SPSIM_TOTAL_WAITING_AT_HORIZON] = {"waiting_at_horizon", "people",
        "people still waiting at the horizon (their waits are censored)", true},
    [SPSIM_TOTAL_CENSORED_WAIT_MEAN] = {"censored_wait_mean", "weeks",
        "mean wait so far of the people still waiting at the horizon (NaN when none)", false},
    [SPSIM_TOTAL_LW_COST] = {"link_worker_cost", "GBP", "link-worker cost over the horizon, nominal", false},
    [SPSIM_TOTAL_PATHWAYS] = {"pathways", "people", "referral pathways simulated", true},
    [SPSIM_TOTAL_EVENTS] = {"events", "events", "events processed by the engine", true},
};

int spsim_arm_results_init(spsim_arm_results *r, int n_weeks, int n_localities)
{
    *r = (spsim_arm_results){.n_weeks = n_weeks, .n_localities = n_localities};
    size_t cells = (size_t)n_weeks * (size_t)n_localities;
    for (int s = 0; s < SPSIM_N_SERIES; s++) {
        r->series[s] = calloc(cells, sizeof(double));
        if (!r->series[s]) goto fail;
    }
    r->referrals_by_source = calloc(cells * SPSIM_N_SOURCES, sizeof(double));
    if (!r->referrals_by_source) goto fail;
    return 0;
fail:
    spsim_arm_results_free(r);
    return -1;
}

void spsim_arm_results_free(spsim_arm_results *r)
{
    for (int s = 0; s < SPSIM_N_SERIES; s++) {
        free(r->series[s]);
        r->series[s] = NULL;
    }
    free(r->referrals_by_source);
    r->referrals_by_source = NULL;
}
