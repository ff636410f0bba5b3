/* Scenario-file spellings of the parameter enums, in enum order. */
#include "params.h"

const char *const spsim_age_band_key[SPSIM_N_AGE_BANDS] = {
    "age_0_15", "age_16_29", "age_30_49", "age_50_64", "age_65_plus",
};

const char *const spsim_source_key[SPSIM_N_SOURCES] = {
    "gp",   "other_primary_care", "pharmacy",      "hospital_discharge", "social_care",
    "vcse", "other_statutory",    "self_referral",
};

const char *const spsim_need_key[SPSIM_N_NEEDS] = {
    "loneliness",
    "low_mood",
    "long_term_condition",
    "practical",
};

const char *const spsim_activity_key[SPSIM_N_ACTIVITIES] = {
    "arts_creative", "physical_nature", "peer_support", "advice", "learning_volunteering",
};

const char *const spsim_funding_kind_key[SPSIM_N_FUNDING_KINDS] = {
    "commissioned",
    "small_grants",
    "micro_commissioning",
    "personal_health_budgets",
};

const char *const spsim_service_key[SPSIM_N_SERVICES] = {"gp", "ae", "admissions"};

const char *const spsim_commissioning_model_key[3] = {"blanket", "quilt", "do_nothing"};

const char *const spsim_gp_baseline_key[2] = {"comparison", "pre_post"};
