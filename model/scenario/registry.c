/* The parameter registry's table (see registry.h) and the texts derived from it. */
#include "registry.h"

#include <stdio.h>
#include <string.h>

#include "delivery.h"
#include "params.h"
#include "diagnostics.h"
#include "scenario.h"

static const char *const allocation_key[] = {"per_place", "formula"};
_Static_assert(sizeof(spsim_fte_allocation) == sizeof(int), "allocation is stored as an int");
static const char *const capacity_key[] = {"caseload", "contact_time"};
_Static_assert(sizeof(spsim_capacity_basis) == sizeof(int), "capacity is stored as an int");

_Static_assert(sizeof(spsim_funding_kind) == sizeof(int), "a stream's kind is stored as an int");
_Static_assert(sizeof(spsim_activity) == sizeof(int), "a stream's activity is stored as an int");
_Static_assert(sizeof(spsim_commissioning_model) == sizeof(int),
               "a commissioning model is stored as an int");
_Static_assert(sizeof(spsim_gp_baseline) == sizeof(int), "a GP baseline is stored as an int");

/* Each macro gives target, offset, size and the funding kinds taking the key. */
#define ARM(member)                                                                                \
    SPSIM_TARGET_ARM, offsetof(spsim_arm_params, member), sizeof(((spsim_arm_params *)0)->member), 0
#define LOC(member)                                                                                \
    SPSIM_TARGET_LOCALITY, offsetof(spsim_locality, member),                                       \
        sizeof(((spsim_locality *)0)->member), 0
#define LW(member)                                                                                 \
    SPSIM_TARGET_LINK_WORKERS, offsetof(spsim_staff_plan, member),                                 \
        sizeof(((spsim_staff_plan *)0)->member), 0
#define BLD(member)                                                                                \
    SPSIM_TARGET_BUILDERS, offsetof(spsim_staff_plan, member),                                     \
        sizeof(((spsim_staff_plan *)0)->member), 0
#define FUND(member, kinds)                                                                        \
    SPSIM_TARGET_FUNDING, offsetof(spsim_funding_stream, member),                                  \
        sizeof(((spsim_funding_stream *)0)->member), (kinds)
#define SCN(member)                                                                                \
    SPSIM_TARGET_SCENARIO, offsetof(spsim_scenario, member),                                       \
        sizeof(((spsim_scenario *)0)->member), 0
#define DM(member)                                                                                 \
    SPSIM_TARGET_DELIVERY_MODEL, offsetof(spsim_delivery_model, member),                           \
        sizeof(((spsim_delivery_model *)0)->member), 0
#define CHOICE    SPSIM_TARGET_DELIVERY_CHOICE, 0, 0, 0
#define NO_TARGET SPSIM_TARGET_NONE, 0, 0, 0

#define KIND(k)    (1u << SPSIM_FUNDING_##k)
#define EVERY_KIND ((1u << SPSIM_N_FUNDING_KINDS) - 1)

/* Fields: path, type, unit, min, max, imin, imax, default, default note, description,
 * source, per locality, per arm, target (offset, size, funding kinds), keys, number of keys. */
static const spsim_reg_entry registry[] = {
    {"name", SPSIM_REG_NAME, "-", 0, 0, 1, 63, NULL, NULL,
     "Short name of the scenario, used in output file names.", "-", false, false, SCN(name), NULL,
     0},
    {"description", SPSIM_REG_TEXT, "-", 0, 0, 0, 0, "\"\"", NULL,
     "What the scenario is for, in a sentence or two.", "-", false, false, SCN(description), NULL,
     0},
    {"seed", SPSIM_REG_INTEGER, "-", 0, 0, 0, 9223372036854775807LL, "1", NULL,
     "Seed of every random stream; with the same seed and program version the output is "
     "bit-identical.",
     "-", false, false, SCN(seed), NULL, 0},
    {"common_random_numbers", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "true", NULL,
     "Every arm draws the same random numbers for the same people and events, so differences "
     "between arms come from the arms, not from chance (false: each arm draws its own, only to "
     "show what common random numbers are worth).",
     "-", false, false, SPSIM_TARGET_SCENARIO, 0, 0, 0, NULL, 0},
    {"replications", SPSIM_REG_INTEGER, "-", 0, 0, 1, SPSIM_MAX_REPLICATIONS, "100", NULL,
     "Number of stochastic replications of every arm.", "-", false, false, SCN(replications), NULL,
     0},
    {"horizon_years", SPSIM_REG_NUMBER, "years", 0.1, 50, 0, 0, "10", NULL,
     "Length of the simulated period; the number of weeks is round(horizon_years x 365.25 / 7).",
     "Kimberlee & Beardmore 2018 [S6]: about 10 years to develop universal county-wide social "
     "prescribing",
     false, false, SCN(horizon_years), NULL, 0},
    {"start_date", SPSIM_REG_DATE, "-", 0, 0, 0, 0, NULL, NULL,
     "Date of week 0; fte plan dates are counted from it.", "-", false, false,
     SPSIM_TARGET_SCENARIO, 0, 0, 0, NULL, 0},
    {"delivery_model", SPSIM_REG_NAME, "-", 0, 0, 0, 0, NULL,
     "none: each locality's `fit`, and take-up and drop-out as they are",
     "The delivery model (a name under delivery_models) of every locality of the arm; a "
     "locality's own delivery_model wins. Set it in an arm to compare delivery models.",
     "-", false, true, CHOICE, NULL, 0},
    {"localities", SPSIM_REG_NAMED_MAP, "-", 0, 0, 1, 64, NULL, NULL,
     "The places simulated, by name (names as for `name`); each has its own population, "
     "referrals and link-worker caseload.",
     "-", false, true, NO_TARGET, NULL, 0},
    {"localities.NAME.population", SPSIM_REG_POPULATION, "persons", 0, 10000000, 0, 0, NULL, NULL,
     "Residents by age band (e.g. from ONS mid-year estimates); all five bands are "
     "required and their sum must be above 0; an arm replaces the whole mapping.",
     "-", false, true, LOC(population), spsim_age_band_key, SPSIM_N_AGE_BANDS},
    {"localities.NAME.deprivation", SPSIM_REG_NUMBER,
     "share of residents in England's most deprived 20 % of LSOAs", 0, 1, 0, 0, NULL, NULL,
     "Deprivation of the locality; scales its referral rate (see referral.deprivation_rate_ratio).",
     "English Indices of Deprivation (IMD) 2019", false, true, LOC(deprivation), NULL, 0},
    {"localities.NAME.rurality", SPSIM_REG_NUMBER, "share of residents in rural areas", 0, 1, 0, 0,
     NULL, NULL, "Rurality of the locality.", "Census 2021 rural-urban classification", false, true,
     LOC(rurality), NULL, 0},
    {"localities.NAME.fit", SPSIM_REG_NUMBER, "multiplier on effects", 0, 1.5, 0, 0, "1", NULL,
     "Fit of the arm's delivery model to this place: multiplies every effect of support here "
     "(on service use and on wellbeing) and, up to 1, take-up; 1 is a neutral fit. Only for a "
     "locality with no delivery model: with one, fit is computed from it and this key is "
     "ignored (with a warning).",
     "Assumption: a neutral fit", false, true, LOC(fit), NULL, 0},
    {"localities.NAME.delivery_model", SPSIM_REG_NAME, "-", 0, 0, 0, 0, NULL,
     "the arm's delivery_model",
     "This locality's delivery model (a name under delivery_models), over the arm's "
     "delivery_model.",
     "-", false, true, CHOICE, NULL, 0},
    {"localities.NAME.neighbours", SPSIM_REG_NAME_LIST, "-", 0, 0, 0, 63, "[]", NULL,
     "Localities this one shares caseload slots with when the arm pools them "
     "(commissioning.pooling): its free slots take their waiting people, and its people start "
     "in their free slots. Each must be another locality of the scenario, listed once; the "
     "relation need not be mutual.",
     "-", false, true, LOC(neighbours), NULL, 0},
    {"localities.NAME.link_workers", SPSIM_REG_MAPPING, "-", 0, 0, 0, 0, "{}", NULL,
     "This locality's own values of the link_workers keys marked per locality; each overrides "
     "the scenario-level value for this locality only.",
     "-", false, true, NO_TARGET, NULL, 0},
    {"localities.NAME.groups_at_start", SPSIM_REG_COUNTS, "groups", 0, 100000, 0, 0, NULL,
     "community.groups_per_10000_population x population / 10,000, rounded to the nearest "
     "group",
     "VCSE groups of each type of activity open to referred people at week 0; activities left "
     "out have none; an arm replaces the whole mapping.",
     "-", false, true, LOC(groups_at_start), spsim_activity_key, SPSIM_N_ACTIVITIES},
    {"localities.NAME.builders", SPSIM_REG_MAPPING, "-", 0, 0, 0, 0, "{}", NULL,
     "This locality's own values of the builders keys marked per locality; each overrides "
     "the scenario-level value for this locality only.",
     "-", false, true, NO_TARGET, NULL, 0},

    {"referral.base_rate_per_1000_per_year", SPSIM_REG_NUMBER,
     "referrals per 1,000 residents per year", 0, 1000, 0, 0, "22.5", NULL,
     "Mature referral rate of a locality at England's deprivation share (0.2).",
     "derived: Bu et al. 2025 (1.3 million referrals in 2023) / ONS mid-2023 population "
     "of England",
     false, true, ARM(referral.base_rate_per_1000_per_year), NULL, 0},
    {"referral.source_shares", SPSIM_REG_SHARES, "share", 0, 1, 0, 0,
     "{gp: 0.60, other_primary_care: 0.10, pharmacy: 0.02, hospital_discharge: 0.05, "
     "social_care: 0.06, vcse: 0.07, other_statutory: 0.04, self_referral: 0.06}",
     NULL,
     "Share of referrals from each source; sources not listed get 0; an arm replaces the whole "
     "mapping.",
     "Assumption", false, true, ARM(referral.source_share), spsim_source_key, SPSIM_N_SOURCES},
    {"referral.deprivation_rate_ratio", SPSIM_REG_NUMBER, "ratio", 0.1, 10, 0, 0, "1.5", NULL,
     "Referral rate of a wholly deprived locality relative to a locality with no deprivation; "
     "the factor (1 + (ratio - 1) x deprivation) / (1 + (ratio - 1) x 0.2) multiplies the rate.",
     "Assumption; Bu et al. 2025: 42 % of social-prescribing patients live in more deprived areas",
     false, true, ARM(referral.deprivation_rate_ratio), NULL, 0},
    {"referral.maturity_start_fraction", SPSIM_REG_NUMBER, "share of mature rate", 0, 1, 0, 0,
     "0.5", NULL, "Referral rate in week 0 as a share of the mature rate.", "Assumption", false,
     true, ARM(referral.maturity_start_fraction), NULL, 0},
    {"referral.maturity_years", SPSIM_REG_NUMBER, "years", 0, 20, 0, 0, "2", NULL,
     "Time constant of the referral rate's approach to maturity, as referrers learn of the "
     "scheme.",
     "Assumption; Kimberlee & Beardmore 2018: about 10 years for universal county-wide social "
     "prescribing",
     false, true, ARM(referral.maturity_years), NULL, 0},
    {"referral.need_shares", SPSIM_REG_SHARES, "share", 0, 1, 0, 0,
     "{loneliness: 0.30, low_mood: 0.30, long_term_condition: 0.25, practical: 0.15}", NULL,
     "Share of referred people by primary need; needs not listed get 0; an arm replaces the "
     "whole mapping.",
     "Assumption", false, true, ARM(referral.need_share), spsim_need_key, SPSIM_N_NEEDS},
    {"referral.frequent_attender_share", SPSIM_REG_NUMBER, "share", 0, 1, 0, 0, "0.10", NULL,
     "Share of referred people who attend their GP frequently.", "Assumption", false, true,
     ARM(referral.frequent_attender_share), NULL, 0},

    {"uptake.probability", SPSIM_REG_NUMBER, "probability", 0, 1, 0, 0, "0.89", NULL,
     "Probability that a referral (other than a self-referral) is taken up when there is no "
     "wait.",
     "Bu et al. 2025: 10.6-12 % of referrals declined in 2023", false, true,
     ARM(uptake.probability), NULL, 0},
    {"uptake.self_referral_probability", SPSIM_REG_NUMBER, "probability", 0, 1, 0, 0, "0.95", NULL,
     "Probability that a self-referral is taken up when there is no wait.",
     "Assumption: self-referrals are taken to take up more than other referrals", false, true,
     ARM(uptake.self_referral_probability), NULL, 0},
    {"uptake.wait_sensitivity_per_week", SPSIM_REG_NUMBER, "per week", 0, 1, 0, 0, "0.02", NULL,
     "Take-up falls with the expected wait: probability x exp(-sensitivity x expected wait in "
     "weeks).",
     "Assumption", false, true, ARM(uptake.wait_sensitivity_per_week), NULL, 0},

    {"link_workers.allocation", SPSIM_REG_ENUM, "-", 0, 0, 0, 0, "per_place", NULL,
     "per_place: each locality's fte plan is used; formula: every locality gets "
     "fte_per_10000_population x its population / 10,000 from week 0 and any fte given is "
     "ignored.",
     "-", false, true, ARM(allocation), allocation_key, 2},
    {"link_workers.fte_per_10000_population", SPSIM_REG_NUMBER, "FTE per 10,000 residents", 0, 100,
     0, 0, "1.0", NULL, "Link-worker FTE per 10,000 residents under allocation: formula.",
     "derived: Somerset needs 52-64 FTE for 571,600 residents at 200-250 people per FTE a year "
     "[S1][S2][S3]",
     false, true, ARM(fte_per_10000_population), NULL, 0},
    {"link_workers.fte", SPSIM_REG_FTE_PLAN, "FTE", 0, 1000, 1, 31, "0", NULL,
     "Funded link-worker FTE: a number from week 0, or a list of {from: DATE, fte: NUMBER} "
     "steps with strictly increasing dates (FTE is 0 before the first step; steps dated "
     "before start_date count from week 0).",
     "-", true, true, LW(steps), NULL, 0},
    {"link_workers.recruitment_lag_weeks", SPSIM_REG_NUMBER, "weeks", 0, 104, 0, 0, "12", NULL,
     "Time from a post falling vacant (or being funded) to a new starter.", "Assumption", true,
     true, LW(recruitment_lag_weeks), NULL, 0},
    {"link_workers.attrition_per_year", SPSIM_REG_NUMBER, "probability per year", 0, 1, 0, 0,
     "0.15", NULL, "Yearly probability that a filled post is vacated.", "Assumption", true, true,
     LW(attrition_per_year), NULL, 0},
    {"link_workers.training_ramp_weeks", SPSIM_REG_NUMBER, "weeks", 0, 104, 0, 0, "8", NULL,
     "Weeks for a new starter to reach a full caseload (0: at once).", "Assumption", true, true,
     LW(training_ramp_weeks), NULL, 0},
    {"link_workers.capacity", SPSIM_REG_ENUM, "-", 0, 0, 0, 0, "contact_time", NULL,
     "How caseload slots are counted. contact_time: from a link worker's time, the direct hours "
     "of a week (hours_per_fte_year / 52.18 / (1 + indirect_hours_per_direct_hour)) over the "
     "contact time a person in support takes a week (minutes_per_contact every "
     "support.contact_interval_weeks); caseload: caseload_per_fte slots per FTE, given "
     "directly (as the queueing checks do).",
     "-", true, true, LW(capacity), capacity_key, 2},
    {"link_workers.hours_per_fte_year", SPSIM_REG_NUMBER, "hours per FTE per year", 100, 3000, 0, 0,
     "1574", NULL, "Working hours of one full-time link worker a year (capacity: contact_time).",
     "PSSRU Unit Costs 2024, Table 8.2.1: 1,574 hours a year, Band 5 community professional", true,
     true, LW(hours_per_fte_year), NULL, 0},
    {"link_workers.indirect_hours_per_direct_hour", SPSIM_REG_NUMBER, "hours per contact hour", 0,
     10, 0, 0, "0.91", NULL,
     "Hours spent away from people (travel, notes, liaison with services) for each hour of "
     "contact (capacity: contact_time).",
     "PSSRU Unit Costs 2024, section 8.1 note H: direct to indirect time 1:0.91 for community "
     "staff (Shearer 2019)",
     true, true, LW(indirect_hours_per_direct_hour), NULL, 0},
    {"link_workers.minutes_per_contact", SPSIM_REG_NUMBER, "minutes", 1, 480, 0, 0, "40", NULL,
     "Length of one contact with a person in support (capacity: contact_time).",
     "Elston et al. 2019 (via Griffiths et al. 2022): a 30-40 minute conversation; the upper "
     "end, as first contacts and home visits run longer (assumption)",
     true, true, LW(minutes_per_contact), NULL, 0},
    {"link_workers.rural_travel_minutes_per_contact", SPSIM_REG_NUMBER, "minutes per contact", 0,
     240, 0, 0, "20", NULL,
     "Extra link-worker travel for one contact with a rural resident, averaged over home visits, "
     "community venues and calls (capacity: contact_time). A locality adds (rurality - "
     "reference_rural_share) x this to every contact, so a rural place gets fewer slots per FTE "
     "and an urban one more.",
     "Assumption: about 40 minutes' extra round trip for the half of contacts met in person", true,
     true, LW(rural_travel_minutes_per_contact), NULL, 0},
    {"link_workers.rural_travel_miles_per_contact", SPSIM_REG_NUMBER, "miles per contact", 0, 200,
     0, 0, "5", NULL,
     "Extra miles driven for one contact with a rural resident, averaged over all contacts; "
     "costed as (rurality - reference_rural_share) x contacts x this x mileage_gbp_per_mile.",
     "Assumption: about 10 miles' extra round trip for the half of contacts met in person", true,
     true, LW(rural_travel_miles_per_contact), NULL, 0},
    {"link_workers.reference_rural_share", SPSIM_REG_NUMBER, "share of residents in rural areas", 0,
     1, 0, 0, "0.18", NULL,
     "The rural share that the national time and cost figures reflect: the indirect-time ratio "
     "and the non-staff costs already include the travel of a nationally typical caseload.",
     "England 18 % rural (Census 2011, via Somerset Intelligence); that the national figures "
     "reflect it is an assumption",
     false, true, LW(reference_rural_share), NULL, 0},
    {"link_workers.mileage_gbp_per_mile", SPSIM_REG_NUMBER, "GBP per mile", 0, 10, 0, 0, "0.45",
     NULL, "Paid per business mile driven by a link worker (rural travel).",
     "HMRC approved mileage allowance payments: 45p a mile for the first 10,000 business miles",
     false, true, LW(mileage_gbp_per_mile), NULL, 0},
    {"link_workers.caseload_per_fte", SPSIM_REG_NUMBER, "people at once per FTE", 1, 500, 0, 0,
     "50", NULL,
     "Active caseload slots per FTE, people supported at the same time, when capacity is "
     "caseload (contact_time derives them instead).",
     "derived: NHS England 200-250 people per year x 12-week episodes / 52", true, true,
     LW(caseload_per_fte), NULL, 0},
    {"link_workers.posts_filled_at_start", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "true", NULL,
     "Posts funded at week 0 are already filled (false: they are recruited after the lag).", "-",
     true, true, LW(posts_filled_at_start), NULL, 0},

    {"support.contacts_mean", SPSIM_REG_NUMBER, "contacts", 1, 100, 0, 0, "6", NULL,
     "Mean contacts in a support episode (contacts = 1 + negative binomial).",
     "NHS England link worker reference guide [S3]: 6-12 contacts; the lower end", false, true,
     ARM(support.contacts_mean), NULL, 0},
    {"support.contacts_dispersion", SPSIM_REG_NUMBER, "negative-binomial k", 0.01, 1000, 0, 0,
     "0.8", NULL, "Over-dispersion of contacts per episode (larger: less over-dispersed).",
     "derived: chosen so that about 45 % of referrals are seen 3 or more times (Mercer et al. "
     "2019), with take-up, no-shows and drop-out, keeping the mean of 6 contacts; City & "
     "Hackney's 34 % seen only once also points to strong over-dispersion (Bertotti & Hutt)",
     false, true, ARM(support.contacts_dispersion), NULL, 0},
    {"support.contact_interval_weeks", SPSIM_REG_NUMBER, "weeks", 0.01, 52, 0, 0, "2", NULL,
     "Mean time from one contact to the next (or to the end of the episode).",
     "Assumption; gives 12-week episodes: NHS England and Elston et al., up to 12 weeks", false,
     true, ARM(support.contact_interval_weeks), NULL, 0},
    {"support.contact_interval_shape", SPSIM_REG_NUMBER, "gamma shape", 0.1, 100, 0, 0, "2", NULL,
     "Gamma shape of each interval between contacts (1: exponential).", "Assumption", false, true,
     ARM(support.contact_interval_shape), NULL, 0},
    {"support.dropout_per_week", SPSIM_REG_NUMBER, "hazard per week", 0, 1, 0, 0, "0.02", NULL,
     "Hazard of leaving support before the episode ends.", "Assumption", false, true,
     ARM(support.dropout_per_week), NULL, 0},
    {"support.first_contact_delay_weeks", SPSIM_REG_NUMBER, "weeks", 0, 52, 0, 0, "1", NULL,
     "Mean scheduling delay from a free slot to the first appointment (gamma): the link worker "
     "makes contact and books a time; the slot is held meanwhile (0: the first contact is at "
     "once, the plain queue of the queueing checks).",
     "Assumption: about a week to reach the person and book a first appointment; no published "
     "figure was found",
     false, true, ARM(support.first_contact_delay_weeks), NULL, 0},
    {"support.first_contact_delay_shape", SPSIM_REG_NUMBER, "gamma shape", 0.1, 100, 0, 0, "2",
     NULL, "Gamma shape of the scheduling delay (1: exponential).",
     "Assumption: less variable than exponential", false, true,
     ARM(support.first_contact_delay_shape), NULL, 0},
    {"support.no_show_probability", SPSIM_REG_NUMBER, "probability", 0, 1, 0, 0, "0.15", NULL,
     "Probability that a person given a first appointment never attends it (did not attend); "
     "the slot is freed at the appointment and the person leaves.",
     "City & Hackney 11 % did not attend (Bertotti & Hutt); Gloucestershire 19 % non-uptake "
     "(Kimberlee 2016); 0.15 between them",
     false, true, ARM(support.no_show_probability), NULL, 0},

    {"reneging.enabled", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "true", NULL,
     "Whether waiting people may give up before a slot frees.", "-", false, true,
     ARM(reneging.enabled), NULL, 0},
    {"reneging.median_weeks", SPSIM_REG_NUMBER, "weeks", 0.1, 520, 0, 0, "12", NULL,
     "Median patience of a waiting person (Weibull).", "Assumption", false, true,
     ARM(reneging.median_weeks), NULL, 0},
    {"reneging.shape", SPSIM_REG_NUMBER, "Weibull shape", 0.1, 10, 0, 0, "1.5", NULL,
     "Weibull shape of patience; above 1 the hazard of giving up rises with the wait.",
     "Assumption", false, true, ARM(reneging.shape), NULL, 0},

    {"pay.salary_gbp_per_fte_year", SPSIM_REG_NUMBER, "GBP per FTE per year", 0, 200000, 0, 0,
     "30142", NULL, "Basic pay of a link worker, at price_year prices.",
     "PSSRU Unit Costs 2024 [S10], Table 8.2.1: Band 5 community-based professional, salary "
     "30,142 (2023/24)",
     false, true, ARM(pay.salary_gbp_per_fte_year), NULL, 0},
    {"pay.on_cost_fraction", SPSIM_REG_NUMBER, "fraction of salary", 0, 1, 0, 0, "0.317464", NULL,
     "Employer on-costs (national insurance, pension) as a fraction of salary.",
     "derived: PSSRU Unit Costs 2024 [S10], Table 8.2.1: on-costs 9,569 / salary 30,142", false,
     true, ARM(pay.on_cost_fraction), NULL, 0},
    {"pay.management_gbp_per_fte_year", SPSIM_REG_NUMBER, "GBP per FTE per year", 0, 50000, 0, 0,
     "8855", NULL,
     "Management, administration and estates overheads per link-worker FTE (scaled by "
     "commissioning.management_scale).",
     "PSSRU Unit Costs 2024 [S10], Table 8.2.1: management, administration and estates 8,855 "
     "(2023/24)",
     false, true, ARM(pay.management_gbp_per_fte_year), NULL, 0},
    {"pay.non_staff_capital_gbp_per_fte_year", SPSIM_REG_NUMBER, "GBP per FTE per year", 0, 100000,
     0, 0, "21294", NULL,
     "Non-staff costs (travel, office, IT, training) and capital (premises, equipment) per "
     "link-worker FTE; with salary, on-costs and management the full economic cost.",
     "derived: PSSRU Unit Costs 2024 [S10], Table 8.2.1: non-staff 13,605 + capital 7,689 "
     "(2023/24); full cost 69,860 a year",
     false, true, ARM(pay.non_staff_capital_gbp_per_fte_year), NULL, 0},

    {"community.need_activity", SPSIM_REG_SHARES_BY_NEED, "share", 0, 1, 0, 0,
     "{loneliness: {arts_creative: 0.25, physical_nature: 0.20, peer_support: 0.35, advice: 0, "
     "learning_volunteering: 0.20}, low_mood: {arts_creative: 0.25, physical_nature: 0.30, "
     "peer_support: 0.25, advice: 0.05, learning_volunteering: 0.15}, long_term_condition: "
     "{arts_creative: 0.10, physical_nature: 0.40, peer_support: 0.35, advice: 0.05, "
     "learning_volunteering: 0.10}, practical: {arts_creative: 0, physical_nature: 0, "
     "peer_support: 0.10, advice: 0.80, learning_volunteering: 0.10}}",
     NULL,
     "Share of connections to each type of activity, by the person's primary need. Each need's "
     "row sums to 1 and activities left out of a row get 0; a need left out keeps its row from "
     "the base scenario (in an arm) or the default.",
     "Assumption", false, true, ARM(community.need_activity), spsim_activity_key,
     SPSIM_N_ACTIVITIES},
    {"community.enabled", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "true", NULL,
     "Whether connection to community activity is simulated (false: people see link workers "
     "only, nobody seeks a place and groups are not simulated; for pathway-only studies and the "
     "engine benchmark).",
     "-", false, true, ARM(community.enabled), NULL, 0},
    {"community.agreement_contact", SPSIM_REG_INTEGER, "contact number", 0, 0, 1, 20, "2", NULL,
     "The contact of the support episode at which the person and the link worker agree which "
     "activity to join (1: the first contact).",
     "Assumption", false, true, ARM(community.agreement_contact), NULL, 0},
    {"community.place_weeks_mean", SPSIM_REG_NUMBER, "weeks", 0.1, 520, 0, 0, "26", NULL,
     "Mean time a connected person holds a place in an activity (gamma).", "Assumption", false,
     true, ARM(community.place_weeks_mean), NULL, 0},
    {"community.place_weeks_shape", SPSIM_REG_NUMBER, "gamma shape", 0.1, 100, 0, 0, "2", NULL,
     "Gamma shape of the time a place is held (1: exponential).", "Assumption", false, true,
     ARM(community.place_weeks_shape), NULL, 0},
    {"community.place_wait_weeks", SPSIM_REG_NUMBER, "weeks", 0, 104, 0, 0, "8", NULL,
     "Longest a person waits for a free place in the agreed activity before the connection "
     "fails (their need is then recorded as unmet).",
     "Assumption", false, true, ARM(community.place_wait_weeks), NULL, 0},
    {"community.connection_failure_probability", SPSIM_REG_NUMBER, "probability", 0, 1, 0, 0,
     "0.20", NULL, "Probability that a free place, once offered, is never taken up.", "Assumption",
     false, true, ARM(community.connection_failure_probability), NULL, 0},
    {"community.group_size", SPSIM_REG_INTEGER, "places per group open to referred people", 0, 0, 1,
     100, "4", NULL, "Places each group keeps open to referred people.", "Assumption", false, true,
     ARM(community.group_size), NULL, 0},
    {"community.groups_per_10000_population", SPSIM_REG_COUNTS, "groups per 10,000 residents", 0,
     100, 0, 0,
     "{arts_creative: 3, physical_nature: 3, peer_support: 3, advice: 3, "
     "learning_volunteering: 3}",
     NULL,
     "Groups of each type of activity per 10,000 residents, used for a locality's "
     "groups_at_start when it gives none; activities left out have none.",
     "Assumption", false, true, ARM(community.groups_per_10000_population), spsim_activity_key,
     SPSIM_N_ACTIVITIES},
    {"community.closure_per_year", SPSIM_REG_NUMBER, "probability per year", 0, 1, 0, 0, "0.15",
     NULL, "Yearly probability that a group with neither funding nor builder support closes.",
     "Assumption", false, true, ARM(community.closure_per_year), NULL, 0},
    {"community.funded_closure_ratio", SPSIM_REG_NUMBER, "multiplier", 0, 1, 0, 0, "0.25", NULL,
     "Closure hazard of a group while a funding stream pays for it, as a multiple of "
     "closure_per_year.",
     "Assumption", false, true, ARM(community.funded_closure_ratio), NULL, 0},
    {"community.formation_per_10000_per_year", SPSIM_REG_NUMBER,
     "groups per 10,000 residents per year", 0, 100, 0, 0, "2.4", NULL,
     "Groups that form each year without commissioning (residents starting their own), per "
     "10,000 residents; their types follow groups_per_10000_population.",
     "Assumption: no count of VCSE group births and deaths was found; set so that, with "
     "nothing commissioned, births about balance closures (15 groups per 10,000 x hazard "
     "0.1625 a year = 2.44)",
     false, true, ARM(community.formation_per_10000_per_year), NULL, 0},
    {"community.unmet_need_memory_weeks", SPSIM_REG_NUMBER, "weeks", 1, 520, 0, 0, "13", NULL,
     "How long recorded unmet need (people not placed at the first try) guides where builders "
     "start new groups.",
     "Assumption", false, true, ARM(community.unmet_need_memory_weeks), NULL, 0},

    {"builders.fte", SPSIM_REG_FTE_PLAN, "FTE", 0, 1000, 1, 31, "0", NULL,
     "Funded community-builder FTE, written as link_workers.fte: a number from week 0, or a "
     "list of {from: DATE, fte: NUMBER} steps with strictly increasing dates.",
     "-", true, true, BLD(steps), NULL, 0},
    {"builders.recruitment_lag_weeks", SPSIM_REG_NUMBER, "weeks", 0, 104, 0, 0, "12", NULL,
     "Time from a builder post falling vacant (or being funded) to a new starter.", "Assumption",
     true, true, BLD(recruitment_lag_weeks), NULL, 0},
    {"builders.attrition_per_year", SPSIM_REG_NUMBER, "probability per year", 0, 1, 0, 0, "0.15",
     NULL,
     "Yearly probability that a filled builder post is vacated (its trust is "
     "lost with it).",
     "Assumption", true, true, BLD(attrition_per_year), NULL, 0},
    {"builders.posts_filled_at_start", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "true", NULL,
     "Builder posts funded at week 0 are already filled (false: they are recruited after the "
     "lag).",
     "-", true, true, BLD(posts_filled_at_start), NULL, 0},
    {"builders.trusted_at_start", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "false", NULL,
     "Builders in post at week 0 are already known and trusted in their neighbourhood "
     "(false: their trust starts at 0).",
     "Assumption: builders new to the neighbourhood", false, true, ARM(builders.trusted_at_start),
     NULL, 0},
    {"builders.trust_midpoint_weeks", SPSIM_REG_NUMBER, "weeks", 1, 520, 0, 0, "52", NULL,
     "Time in post at which a builder's trust reaches 50 % (logistic curve).",
     "Assumption: logistic, 50 % at 12 months and 90 % at 24 months; Kimberlee & Beardmore "
     "2018 [S6]: about 2 years to be known and trusted",
     false, true, ARM(builders.trust_midpoint_weeks), NULL, 0},
    {"builders.trust_90_weeks", SPSIM_REG_NUMBER, "weeks", 1, 1040, 0, 0, "104", NULL,
     "Time in post at which a builder's trust reaches 90 %; must be after "
     "trust_midpoint_weeks.",
     "Assumption: logistic, 50 % at 12 months and 90 % at 24 months; Kimberlee & Beardmore "
     "2018 [S6]: about 2 years to be known and trusted",
     false, true, ARM(builders.trust_90_weeks), NULL, 0},
    {"builders.groups_per_trusted_fte_per_year", SPSIM_REG_NUMBER, "groups per FTE per year", 0,
     1000, 0, 0, "8", NULL,
     "New groups a fully trusted builder FTE starts in a year where unmet need is recorded.",
     "Assumption, informed by Community Catalysts in Somerset [S22]: 362 new micro-enterprises "
     "in 4 years",
     false, true, ARM(builders.groups_per_trusted_fte_per_year), NULL, 0},
    {"builders.groups_supported_per_fte", SPSIM_REG_NUMBER, "groups", 0, 10000, 0, 0, "40", NULL,
     "Groups one fully trusted builder FTE can support.",
     "Assumption; Community Catalysts [S22]: one catalyst can support up to about 200 "
     "enterprises",
     false, true, ARM(builders.groups_supported_per_fte), NULL, 0},
    {"builders.closure_reduction", SPSIM_REG_NUMBER, "share", 0, 1, 0, 0, "0.6", NULL,
     "Cut in a group's closure hazard from builder support: hazard x (1 - reduction x share "
     "of groups supported).",
     "Assumption", false, true, ARM(builders.closure_reduction), NULL, 0},
    {"builders.access_gain", SPSIM_REG_NUMBER, "share", 0, 1, 0, 0, "0.5", NULL,
     "Cut in connection failures from trusted builders: failure probability x (1 - gain x "
     "mean trust).",
     "Assumption", false, true, ARM(builders.access_gain), NULL, 0},
    {"builders.salary_gbp_per_fte_year", SPSIM_REG_NUMBER, "GBP per FTE per year", 0, 200000, 0, 0,
     "22651", NULL, "Basic pay of a community builder.",
     "PSSRU Unit Costs 2024 [S10], Table 10.6.1: support and outreach worker, as a proxy for a "
     "community builder",
     false, true, ARM(builders.pay.salary_gbp_per_fte_year), NULL, 0},
    {"builders.on_cost_fraction", SPSIM_REG_NUMBER, "fraction of salary", 0, 1, 0, 0, "0.298397",
     NULL, "Employer on-costs of a builder as a fraction of salary.",
     "derived: PSSRU Unit Costs 2024 [S10], Table 10.6.1: on-costs 6,759 / salary 22,651", false,
     true, ARM(builders.pay.on_cost_fraction), NULL, 0},
    {"builders.overhead_gbp_per_fte_year", SPSIM_REG_NUMBER, "GBP per FTE per year", 0, 100000, 0,
     0, "18778", NULL, "Overheads (management, premises, capital) per builder FTE.",
     "derived: PSSRU Unit Costs 2024 [S10], Table 10.6.1: direct 8,529 + indirect 4,706 + "
     "capital 5,543",
     false, true, ARM(builders.pay.management_gbp_per_fte_year), NULL, 0},

    {"localities.NAME.funding", SPSIM_REG_NAMED_MAP, "-", 0, 0, 0, 16, "{}", NULL,
     "Money into the VCSE sector in this locality, by stream name (names as for `name`). An "
     "arm may override a stream's keys or add streams of its own.",
     "-", false, true, NO_TARGET, NULL, 0},
    {"localities.NAME.funding.NAME.kind", SPSIM_REG_ENUM, "-", 0, 0, 0, 0, NULL, NULL,
     "How the money reaches the VCSE sector; decides which other keys the stream takes.", "-",
     false, true, FUND(kind, EVERY_KIND), spsim_funding_kind_key, SPSIM_N_FUNDING_KINDS},
    {"localities.NAME.funding.NAME.activity", SPSIM_REG_ENUM, "-", 0, 0, 0, 0, NULL,
     "required, except for personal_health_budgets",
     "Type of activity whose places the stream creates or keeps open.", "-", false, true,
     FUND(activity, EVERY_KIND & ~KIND(PERSONAL_HEALTH_BUDGETS)), spsim_activity_key,
     SPSIM_N_ACTIVITIES},
    {"localities.NAME.funding.NAME.start", SPSIM_REG_DATE, "-", 0, 0, 0, 0, NULL,
     "the scenario's start_date",
     "First day of the stream; a date before start_date counts from week 0.", "-", false, true,
     FUND(start_week, EVERY_KIND), NULL, 0},
    {"localities.NAME.funding.NAME.end", SPSIM_REG_DATE, "-", 0, 0, 0, 0, NULL,
     "the end of the horizon (open-ended)",
     "Day the stream stops (must be after its start); the places it paid for then decay.", "-",
     false, true, FUND(end_week, EVERY_KIND), NULL, 0},
    {"localities.NAME.funding.NAME.gbp_per_year", SPSIM_REG_NUMBER, "GBP per year", 0, 100000000, 0,
     0, NULL, NULL,
     "Money the stream spends a year while it runs (personal health budgets: at most this).", "-",
     false, true, FUND(gbp_per_year, EVERY_KIND), NULL, 0},
    {"localities.NAME.funding.NAME.cost_per_place_per_year", SPSIM_REG_NUMBER,
     "GBP per place per year", 1, 1000000, 0, 0, "450", NULL,
     "Cost of holding one place open for a year in a commissioned organisation.",
     "derived: Thriving Communities Fund [S20], about 225 GBP per person engaged, x 2 people a "
     "place serves a year (Assumption)",
     false, true, FUND(cost_per_place_per_year, KIND(COMMISSIONED)), NULL, 0},
    {"localities.NAME.funding.NAME.grant_gbp", SPSIM_REG_NUMBER, "GBP", 1, 10000000, 0, 0,
     "{small_grants: 6000, micro_commissioning: 10000}", NULL,
     "One grant (the default depends on the kind): small grants fund one group for a year; "
     "micro-commissioning pays a start-up "
     "grant plus development support for one new group.",
     "derived: North-East London community chest [S21], about 6,100 GBP on average (small "
     "grants); Assumption (micro-commissioning)",
     false, true, FUND(grant_gbp, KIND(SMALL_GRANTS) | KIND(MICRO_COMMISSIONING)), NULL, 0},
    {"localities.NAME.funding.NAME.first_year_survival", SPSIM_REG_NUMBER, "probability", 0, 1, 0,
     0, "0.6", NULL, "Probability that a micro-commissioned new group lasts its first year.",
     "Assumption", false, true, FUND(first_year_survival, KIND(MICRO_COMMISSIONING)), NULL, 0},
    {"localities.NAME.funding.NAME.share_buying", SPSIM_REG_NUMBER, "share", 0, 1, 0, 0, "0.1",
     NULL, "Share of people finding no free place who buy one with a personal health budget.",
     "Assumption", false, true, FUND(share_buying, KIND(PERSONAL_HEALTH_BUDGETS)), NULL, 0},
    {"localities.NAME.funding.NAME.cost_per_place_week", SPSIM_REG_NUMBER, "GBP per week", 0, 10000,
     0, 0, "20", NULL,
     "Cost of one place bought with a personal health budget, per week "
     "it is held.",
     "Assumption: no average personal health budget for social-prescribing use was found "
     "[S25]",
     false, true, FUND(cost_per_place_week, KIND(PERSONAL_HEALTH_BUDGETS)), NULL, 0},

    {"outcomes.base_rate_per_year", SPSIM_REG_SERVICE_TABLE, "events per person per year", 0, 100,
     0, 0,
     "{gp: {age_0_15: 3, age_16_29: 4, age_30_49: 5, age_50_64: 6, age_65_plus: 8}, "
     "ae: {age_0_15: 0.35, age_16_29: 0.35, age_30_49: 0.3, age_50_64: 0.35, age_65_plus: 0.5}, "
     "admissions: {age_0_15: 0.05, age_16_29: 0.05, age_30_49: 0.07, age_50_64: 0.1, "
     "age_65_plus: 0.25}}",
     NULL,
     "Usual yearly rate of GP consultations, A&E attendances and emergency admissions of a "
     "referred person by age band, before need, frequent attendance and individual variation. "
     "Every service and age band must be given; an arm replaces the whole mapping.",
     "Assumption, anchored on: GP and nurse consultations 5.16 per person-year, highest at 85+ "
     "(Hobbs et al. 2016; 13.8 at 85-89, QResearch); A&E 22.0 million attendances / 57.7 "
     "million people = 0.38 a year (derived: National Cost Collection 2023/24, ONS [S2]); "
     "emergency admissions 5.8 million / 57.7 million = 0.10 a year (derived: NAO 2018, ONS "
     "[S2])",
     false, true, ARM(outcomes.base_rate_per_year), spsim_age_band_key, SPSIM_N_AGE_BANDS},
    {"outcomes.need_ratio", SPSIM_REG_SERVICE_TABLE, "ratio", 0.1, 10, 0, 0,
     "{gp: {loneliness: 1.2, low_mood: 1.3, long_term_condition: 1.5, practical: 1.1}, "
     "ae: {loneliness: 1.1, low_mood: 1.3, long_term_condition: 1.4, practical: 1.1}, "
     "admissions: {loneliness: 1.1, low_mood: 1.2, long_term_condition: 1.6, practical: 1.0}}",
     NULL,
     "Multiplier on the usual rate by the person's primary need. Every service and need must "
     "be given; an arm replaces the whole mapping.",
     "Assumption; multimorbidity accounts for 52.9 % of GP consultations (Cassell et al. 2018)",
     false, true, ARM(outcomes.need_ratio), spsim_need_key, SPSIM_N_NEEDS},
    {"outcomes.frequent_attender_ratio", SPSIM_REG_SERVICE_NUMBERS, "ratio", 1, 20, 0, 0,
     "{gp: 3, ae: 2.5, admissions: 2}", NULL,
     "Multiplier on the usual rate of a frequent attender (see "
     "referral.frequent_attender_share). Every service must be given.",
     "Assumption; the top 10 % of GP attenders consult about 5 times as often as others (BMJ "
     "Open c.2022 [S8])",
     false, true, ARM(outcomes.frequent_attender_ratio), spsim_service_key, SPSIM_N_SERVICES},
    {"outcomes.dispersion", SPSIM_REG_SERVICE_NUMBERS, "gamma shape", 0.05, 100, 0, 0,
     "{gp: 2, ae: 1, admissions: 0.5}", NULL,
     "Gamma shape of the individual variation in usual rates (mean 1; smaller: more varied). "
     "Every service must be given.",
     "Assumption", false, true, ARM(outcomes.dispersion), spsim_service_key, SPSIM_N_SERVICES},
    {"outcomes.trend_per_year", SPSIM_REG_SERVICE_NUMBERS, "per year", -0.2, 0.2, 0, 0,
     "{gp: 0.02, ae: 0.02, admissions: 0.02}", NULL,
     "Secular growth of every usual rate, per year from the start date (negative: a fall). "
     "Every service must be given.",
     "Assumption; GP consultations grew more than 15 % from 2010/11 to 2014/15 (Baird et al. "
     "2016); the age-standardised rate fell 2 % a year 2014-19 (BJGP 2024)",
     false, true, ARM(outcomes.trend_per_year), spsim_service_key, SPSIM_N_SERVICES},
    {"outcomes.transient_sd", SPSIM_REG_SERVICE_NUMBERS, "SD of log yearly use", 0, 3, 0, 0,
     "{gp: 0.5, ae: 0.5, admissions: 0.45}", NULL,
     "Standard deviation of the transient part of a person's log yearly use (illness, crises): "
     "a year's use is the usual rate times exp(z), z normal with mean -sd^2 / 2 and this SD. "
     "Referral picks people while it is high, so use falls back afterwards whatever support "
     "does (0: no regression to the mean). Every service must be given.",
     "Assumption, calibrated with the selection keys: the measured pre-post fall in GP use "
     "averages about 28 % and in A&E attendances about 24 % (Polley et al. 2017) with the "
     "causal defaults; admissions inside the published 6-36 %",
     false, true, ARM(outcomes.transient_sd), spsim_service_key, SPSIM_N_SERVICES},
    {"outcomes.transient_persistence", SPSIM_REG_SERVICE_NUMBERS, "correlation", 0, 0.99, 0, 0,
     "{gp: 0.25, ae: 0.3, admissions: 0.3}", NULL,
     "Correlation of the transient part of log use between one year and the next: the share "
     "of a peak still there a year later. Every service must be given.",
     "Assumption: most of a peak has passed within a year", false, true,
     ARM(outcomes.transient_persistence), spsim_service_key, SPSIM_N_SERVICES},
    {"outcomes.referral_selection", SPSIM_REG_COUNTS, "power of recent use", 0, 5, 0, 0,
     "{gp: 1, other_primary_care: 1, pharmacy: 1, hospital_discharge: 1, social_care: 0.5, "
     "vcse: 0, other_statutory: 0.5, self_referral: 0}",
     NULL,
     "How strongly each referral source refers people while their recent use is high: the "
     "chance of referral is taken as proportional to recent use to this power (1: referred at "
     "a visit, so in proportion to how often they come; 0: whatever their use). Sources left "
     "out have 0; an arm replaces the whole mapping.",
     "Assumption: GP, primary-care, pharmacy and hospital referrals are made when people "
     "come; social care and other statutory services see people partly for other reasons; "
     "the VCSE and self-referrers not for their use",
     false, true, ARM(outcomes.referral_selection), spsim_source_key, SPSIM_N_SOURCES},
    {"outcomes.frequent_attender_selection", SPSIM_REG_NUMBER, "power of recent use", 0, 10, 0, 0,
     "1.75", NULL,
     "Added to a frequent attender's referral_selection: frequent attenders are identified by "
     "their use in the last year, so they are referred at a peak more surely than others.",
     "derived, assumption: frequent attenders as the top decile of attenders (BMJ Open c.2022 "
     "[S8]); the top decile of a normal lies 1.755 SDs above its mean on average, and "
     "selecting the top decile of log use (SD about 1) tilts the transient about as use to the "
     "power 1.75 does",
     false, true, ARM(outcomes.frequent_attender_selection), NULL, 0},
    {"outcomes.enabled", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "true", NULL,
     "Whether outcomes are accounted at all (false: no service use, wellbeing or pre-post "
     "comparison is simulated and every outcome series is 0; for pathway-only studies and the "
     "engine benchmark).",
     "-", false, true, ARM(outcomes.enabled), NULL, 0},
    {"outcomes.effects", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "true", NULL,
     "Whether support changes service use and wellbeing at all (false: for verification runs, "
     "where every measured change comes from regression to the mean and trend).",
     "-", false, true, ARM(outcomes.effects), NULL, 0},
    {"outcomes.causal_effect", SPSIM_REG_SERVICE_PERT, "fraction of use", 0, 1, 0, 0,
     "{gp: {min: 0, mode: 0.15, max: 0.40}, ae: {min: 0, mode: 0.10, max: 0.27}, "
     "admissions: {min: 0, mode: 0.07, max: 0.36}}",
     NULL,
     "Individual fractional reduction in each service's use for a fully engaged person, drawn "
     "from a PERT distribution. Every service must be given, each with min <= mode <= max and "
     "min < max; an arm replaces the whole mapping.",
     "Assumption, from published figures: GP use 28 % lower (2-70 %) in uncontrolled studies "
     "(Polley et al. 2017), so discounted; Gloucestershire 21 % [S23]; City and Hackney no "
     "effect once regression to the mean is allowed for (Carnes et al. 2017); A&E 24 % (8-27 "
     "%, Polley et al. 2017); admissions 6-36 %",
     false, true, ARM(outcomes.causal_effect), NULL, 0},
    {"outcomes.engaged_contacts", SPSIM_REG_NUMBER, "contacts", 1, 50, 0, 0, "3", NULL,
     "Contacts at which a person counts as fully engaged; fewer contacts give proportionally "
     "less of the effect.",
     "Mercer et al. 2019 [S18]: benefits only among those seen 3 or more times", false, true,
     ARM(outcomes.engaged_contacts), NULL, 0},
    {"outcomes.dropout_effect_ratio", SPSIM_REG_NUMBER, "ratio", 0, 1, 0, 0, "0.5", NULL,
     "Effect multiplier for a person who dropped out of support early.", "Assumption", false, true,
     ARM(outcomes.dropout_effect_ratio), NULL, 0},
    {"outcomes.unmet_need_effect_ratio", SPSIM_REG_NUMBER, "ratio", 0, 1, 0, 0, "0.5", NULL,
     "Effect multiplier for a person never connected to an activity (no free place).",
     "Assumption: no free place means a smaller effect", false, true,
     ARM(outcomes.unmet_need_effect_ratio), NULL, 0},
    {"outcomes.effect_half_life_years", SPSIM_REG_NUMBER, "years", 0.05, 50, 0, 0, "1.7", NULL,
     "Half-life of the effect on service use once engagement ends.",
     "derived: benefits declining 33 % a year in the Rotherham decline scenario (Dayson & "
     "Bashir 2014; PSSRU Unit Costs 2024 [S10] p.55): ln 2 / -ln(1 - 0.33) = 1.7 years",
     false, true, ARM(outcomes.effect_half_life_years), NULL, 0},
    {"outcomes.wellbeing_gain_mean", SPSIM_REG_NUMBER, "life-satisfaction points (0-10)", 0, 10, 0,
     0, "0.048", NULL, "Mean gain in ONS4 life satisfaction (0-10) of an engaged person.",
     "derived: Mercer et al. 2019 [S18], the one controlled estimate: EQ-5D-5L +0.008 (-0.028 to "
     "0.045) at 9 months, intention to treat, x 6 WELLBYs per QALY (HM Treasury 2021 [S31]) = "
     "0.048; no ONS4 figure for social prescribing was found. Upper scenario 0.18: Munford et "
     "al. 2020 [S30], +0.030 QALY a year, observational",
     false, true, ARM(outcomes.wellbeing_gain_mean), NULL, 0},
    {"outcomes.wellbeing_gain_shape", SPSIM_REG_NUMBER, "gamma shape", 0.1, 100, 0, 0, "2", NULL,
     "Gamma shape of the individual wellbeing gain (its mean is wellbeing_gain_mean).",
     "Assumption: shape 2, as in the suggested Gamma(2, 0.09)", false, true,
     ARM(outcomes.wellbeing_gain_shape), NULL, 0},
    {"outcomes.wellbeing_half_life_years", SPSIM_REG_NUMBER, "years", 0.05, 50, 0, 0, "1.7", NULL,
     "Half-life of the wellbeing gain once engagement ends.",
     "Assumption: as the effect on service use (the Rotherham decline scenario [S29]); no study "
     "follows wellbeing after support ends beyond 9 months",
     false, true, ARM(outcomes.wellbeing_half_life_years), NULL, 0},

    {"economics.price_year", SPSIM_REG_INTEGER, "financial year starting April of", 0, 0, 2000,
     2100, "2023", NULL,
     "Financial year of every price (2023: 2023/24), and the base of real terms and "
     "discounting; the WELLBY value is uprated to it.",
     "PSSRU Unit Costs 2024 [S10] and National Cost Collection 2023/24 [S36]: the price year of "
     "the default staff and unit costs",
     false, true, ARM(economics.price_year), NULL, 0},
    {"economics.discount_rate", SPSIM_REG_NUMBER, "per year", 0, 0.2, 0, 0, "0.035", NULL,
     "Discount rate of costs and savings.", "HM Treasury Green Book; NICE reference case", false,
     true, ARM(economics.discount_rate), NULL, 0},
    {"economics.wellbeing_discount_rate", SPSIM_REG_NUMBER, "per year", 0, 0.2, 0, 0, "0.015", NULL,
     "Discount rate of WELLBYs.", "HM Treasury Green Book: 1.5 % for health and life values", false,
     true, ARM(economics.wellbeing_discount_rate), NULL, 0},
    {"economics.inflation_per_year", SPSIM_REG_NUMBER, "per year", -0.1, 0.5, 0, 0, "0.02", NULL,
     "General inflation (GDP deflator), which turns money of later years into price_year "
     "prices.",
     "Assumption (GDP deflator)", false, true, ARM(economics.inflation_per_year), NULL, 0},
    {"economics.pay_award_per_year", SPSIM_REG_NUMBER, "per year", -0.1, 0.5, 0, 0, "0.03", NULL,
     "Pay award of link workers and builders, each 1 April.",
     "Assumption; NHS cost inflation 2.1-7.3 % a year 2019/20-2023/24 (PSSRU Unit Costs 2024 "
     "[S10], Table 12.1.1)",
     false, true, ARM(economics.pay_award_per_year), NULL, 0},
    {"economics.recruitment_gbp_per_hire", SPSIM_REG_NUMBER, "GBP", 0, 100000, 0, 0, "3000", NULL,
     "Cost of recruiting one link worker or builder.", "Assumption", false, true,
     ARM(economics.recruitment_gbp_per_hire), NULL, 0},
    {"economics.training_gbp_per_hire", SPSIM_REG_NUMBER, "GBP", 0, 100000, 0, 0, "2000", NULL,
     "Cost of training one new link worker or builder.", "Assumption", false, true,
     ARM(economics.training_gbp_per_hire), NULL, 0},
    {"economics.setup_procurement_gbp", SPSIM_REG_NUMBER, "GBP", 0, 10000000, 0, 0, "50000", NULL,
     "One-off cost of procuring the scheme, spread evenly over setup_weeks.", "Assumption", false,
     true, ARM(economics.setup_procurement_gbp), NULL, 0},
    {"economics.setup_digital_gbp", SPSIM_REG_NUMBER, "GBP", 0, 10000000, 0, 0, "30000", NULL,
     "One-off cost of digital systems (referral and records), spread evenly over setup_weeks.",
     "Assumption", false, true, ARM(economics.setup_digital_gbp), NULL, 0},
    {"economics.setup_directory_gbp", SPSIM_REG_NUMBER, "GBP", 0, 10000000, 0, 0, "20000", NULL,
     "One-off cost of mapping local activity into a directory, spread evenly over "
     "setup_weeks.",
     "Assumption; mapping Mendip's offer took about a year (Hartnoll 2019 [S15])", false, true,
     ARM(economics.setup_directory_gbp), NULL, 0},
    {"economics.setup_weeks", SPSIM_REG_NUMBER, "weeks", 1, 260, 0, 0, "26", NULL,
     "Set-up period from week 0 over which the one-off costs fall evenly.", "Assumption", false,
     true, ARM(economics.setup_weeks), NULL, 0},
    {"economics.evaluation_gbp_per_year", SPSIM_REG_NUMBER, "GBP per year", 0, 10000000, 0, 0,
     "20000", NULL, "Yearly cost of evaluating the scheme.", "Assumption", false, true,
     ARM(economics.evaluation_gbp_per_year), NULL, 0},
    {"economics.unit_cost_gbp", SPSIM_REG_SERVICE_NUMBERS, "GBP per event", 0, 1000000, 0, 0,
     "{gp: 45, ae: 273, admissions: 2595}", NULL,
     "Cost of one GP consultation, A&E attendance and emergency admission. Every service must "
     "be given.",
     "PSSRU Unit Costs 2024 [S10], Table 9.4.2: a 10-minute GP consultation including "
     "qualifications and direct care staff; National Cost Collection 2023/24: A&E weighted mean "
     "(PSSRU 2024 Table 6.1.1); derived: National Cost Collection 2023/24 non-elective "
     "admissions, activity-weighted, (23.24 + 5.03) billion GBP / (4.53 + 6.37) million "
     "episodes",
     false, true, ARM(economics.unit_cost_gbp), spsim_service_key, SPSIM_N_SERVICES},
    {"economics.gp_minutes_per_consultation", SPSIM_REG_NUMBER, "minutes", 1, 60, 0, 0, "10", NULL,
     "GP time per consultation, to turn consultations avoided into GP hours.",
     "PSSRU Unit Costs 2024 [S10], Table 9.4.2: a 10-minute consultation", false, true,
     ARM(economics.gp_minutes_per_consultation), NULL, 0},
    {"economics.gp_hours_per_fte_year", SPSIM_REG_NUMBER, "hours", 100, 3000, 0, 0, "1575", NULL,
     "Consulting hours in one GP FTE year, to turn GP hours freed into FTE.", "Assumption", false,
     true, ARM(economics.gp_hours_per_fte_year), NULL, 0},
    {"economics.gp_cost_gbp_per_fte_year", SPSIM_REG_NUMBER, "GBP per year", 0, 2000000, 0, 0,
     "425250", NULL, "Cost of one GP FTE year: what a post left unfilled releases.",
     "derived: 1,575 hours x 6 consultations an hour x 45 GBP, consistent with the unit cost",
     false, true, ARM(economics.gp_cost_gbp_per_fte_year), NULL, 0},
    {"economics.gp_posts_not_filled_share", SPSIM_REG_NUMBER, "share", 0, 1, 0, 0, "0", NULL,
     "Share of whole GP FTE freed that commissioners leave unfilled, releasing cash.",
     "Assumption: cash is released only when commissioners actually leave whole posts "
     "unfilled",
     false, true, ARM(economics.gp_posts_not_filled_share), NULL, 0},
    {"economics.decommissioned_share", SPSIM_REG_SERVICE_NUMBERS, "share", 0, 1, 0, 0,
     "{gp: 0, ae: 0, admissions: 0}", NULL,
     "Share of each service's avoided activity that is actually decommissioned, releasing "
     "cash. Every service must be given.",
     "Assumption", false, true, ARM(economics.decommissioned_share), spsim_service_key,
     SPSIM_N_SERVICES},
    {"economics.wellby_value_gbp", SPSIM_REG_NUMBER, "GBP", 0, 1000000, 0, 0, "13000", NULL,
     "Value of one WELLBY (one point of life satisfaction, 0-10, for one person for a year) at "
     "wellby_value_price_year prices; uprated to price_year by wellby_uprating_per_year.",
     "HM Treasury Wellbeing Guidance for Appraisal 2021 [S31]: 13,000 GBP in 2019 prices and "
     "values (range 10,000-16,000)",
     false, true, ARM(economics.wellby_value_gbp), NULL, 0},
    {"economics.wellby_value_price_year", SPSIM_REG_INTEGER, "year", 0, 0, 2000, 2100, "2019", NULL,
     "Price base of wellby_value_gbp.",
     "HM Treasury Wellbeing Guidance for Appraisal 2021 [S31]: 2019 prices", false, true,
     ARM(economics.wellby_value_price_year), NULL, 0},
    {"economics.wellby_uprating_per_year", SPSIM_REG_NUMBER, "per year", -0.1, 0.5, 0, 0,
     "0.042416", NULL,
     "Yearly growth of the WELLBY value from its price base to price_year: value at price_year "
     "= wellby_value_gbp x (1 + growth)^(price_year - wellby_value_price_year).",
     "derived: the Treasury value uprated to about 15,300-15,400 in 2023 prices (GDP deflator "
     "and growth in real GDP per head; Measure-Up, BiGGAR Economics [S31]): (15,350 / "
     "13,000)^(1/4) - 1",
     false, true, ARM(economics.wellby_uprating_per_year), NULL, 0},
    {"economics.willingness_to_pay_per_wellby_gbp", SPSIM_REG_NUMBER, "GBP per WELLBY", 0, 1000000,
     0, 0, "15350", NULL,
     "What commissioners would pay for a WELLBY, at price_year prices: the threshold behind net "
     "monetary benefit.",
     "Assumption: the WELLBY value uprated to 2023/24, 13,000 x 1.042416^4 (set it anew when "
     "price_year changes)",
     false, true, ARM(economics.willingness_to_pay_per_wellby_gbp), NULL, 0},

    {"delivery_models", SPSIM_REG_NAMED_MAP, "-", 0, 0, 0, 16, "{}", NULL,
     "Ways of delivering social prescribing, by name (names as for `name`): how they change "
     "take-up and drop-out, and how well they fit a place given its deprivation and VCSE "
     "assets. An arm or a locality chooses one with delivery_model.",
     "-", false, false, NO_TARGET, NULL, 0},
    {"delivery_models.NAME.description", SPSIM_REG_TEXT, "-", 0, 0, 0, 0, NULL, NULL,
     "What the delivery model is: who hosts the link workers, how they work.", "-", false, false,
     DM(description), NULL, 0},
    {"delivery_models.NAME.uptake_ratio", SPSIM_REG_NUMBER, "multiplier on take-up probability", 0,
     2, 0, 0, "1", NULL,
     "Take-up under this model relative to the uptake keys (the probability is capped at 1).",
     "Assumption", false, false, DM(uptake_ratio), NULL, 0},
    {"delivery_models.NAME.dropout_ratio", SPSIM_REG_NUMBER, "multiplier on the drop-out hazard", 0,
     5, 0, 0, "1", NULL, "Drop-out hazard under this model relative to support.dropout_per_week.",
     "Assumption", false, false, DM(dropout_ratio), NULL, 0},
    {"delivery_models.NAME.fit.base", SPSIM_REG_NUMBER, "fit", 0, 1.5, 0, 0, "1", NULL,
     "Fit of the model to a place at England's deprivation share (0.2) with average VCSE "
     "assets. A locality's fit is clamp(base + per_deprivation x (deprivation - 0.2) + "
     "per_vcse_assets x (assets - 1), 0, 1.5), where assets are its groups at start per "
     "10,000 residents over the same figure for all the arm's localities together.",
     "Assumption", false, false, DM(fit_base), NULL, 0},
    {"delivery_models.NAME.fit.per_deprivation", SPSIM_REG_NUMBER,
     "fit per unit of deprivation share above 0.2", -10, 10, 0, 0, "0", NULL,
     "Change in fit with deprivation (negative: the model suits deprived places less).",
     "Assumption", false, false, DM(fit_per_deprivation), NULL, 0},
    {"delivery_models.NAME.fit.per_vcse_assets", SPSIM_REG_NUMBER,
     "fit per unit of VCSE assets above the average", -10, 10, 0, 0, "0", NULL,
     "Change in fit with the place's VCSE assets relative to the arm's average (positive: the "
     "model leans on local groups).",
     "Assumption", false, false, DM(fit_per_vcse_assets), NULL, 0},

    {"commissioning.model", SPSIM_REG_ENUM, "-", 0, 0, 0, 0, "blanket", NULL,
     "blanket: one county-wide contract with one provider; quilt: one contract per locality "
     "that commissions link workers, builders or funding, with a coordination layer; "
     "do_nothing: the counterfactual, the same people referred but nothing commissioned (no "
     "link workers, builders, funding streams, set-up, evaluation or payments).",
     "-", false, true, ARM(commissioning.model), spsim_commissioning_model_key, 3},
    {"commissioning.procurement_gbp_per_contract", SPSIM_REG_NUMBER, "GBP per contract", 0,
     10000000, 0, 0, "40000", NULL,
     "One-off cost of procuring one contract, in the set-up "
     "period.",
     "Assumption", false, true, ARM(commissioning.procurement_gbp_per_contract), NULL, 0},
    {"commissioning.contract_management_gbp_per_contract_year", SPSIM_REG_NUMBER,
     "GBP per contract per year", 0, 10000000, 0, 0, "15000", NULL,
     "Yearly cost to the commissioner of managing one contract.", "Assumption", false, true,
     ARM(commissioning.contract_management_gbp_per_contract_year), NULL, 0},
    {"commissioning.coordination_gbp_per_year", SPSIM_REG_NUMBER, "GBP per year", 0, 10000000, 0, 0,
     "60000", NULL,
     "Yearly cost of coordinating a quilt (quilt only): a shared framework, central training "
     "and support, shared data.",
     "Assumption", false, true, ARM(commissioning.coordination_gbp_per_year), NULL, 0},
    {"commissioning.management_scale", SPSIM_REG_NUMBER, "multiplier", 0, 2, 0, 0, "1", NULL,
     "Multiplier on link-worker management per FTE (pay.management_gbp_per_fte_year).",
     "Assumption: a county-wide provider may manage for less per FTE", false, true,
     ARM(commissioning.management_scale), NULL, 0},
    {"commissioning.pooling", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "false", NULL,
     "Localities share caseload slots with their neighbours (localities.NAME.neighbours).", "-",
     false, true, ARM(commissioning.pooling), NULL, 0},
    {"commissioning.travel_gbp_per_pooled_episode", SPSIM_REG_NUMBER, "GBP", 0, 10000, 0, 0, "25",
     NULL, "Extra travel cost of one support episode in a neighbour's slot.", "Assumption", false,
     true, ARM(commissioning.travel_gbp_per_pooled_episode), NULL, 0},
    {"commissioning.pooled_travel_minutes_per_contact", SPSIM_REG_NUMBER, "minutes per contact", 0,
     240, 0, 0, "30", NULL,
     "Extra link-worker travel for one contact with someone served from a neighbouring "
     "locality's slot: a pooled person holds 1 + this / minutes per contact of the serving "
     "locality's slots, so pooling lends less capacity than it seems to.",
     "Assumption: about an hour's extra round trip across a district boundary for the half of "
     "contacts met in person",
     false, true, ARM(commissioning.pooled_travel_minutes_per_contact), NULL, 0},
    {"commissioning.payments.per_person_supported_gbp", SPSIM_REG_NUMBER, "GBP", 0, 1000000, 0, 0,
     "0", NULL, "Outcome payment per person who starts support.", "-", false, true,
     ARM(commissioning.payments.per_person_supported_gbp), NULL, 0},
    {"commissioning.payments.per_completion_gbp", SPSIM_REG_NUMBER, "GBP", 0, 1000000, 0, 0, "0",
     NULL, "Outcome payment per completed support episode.", "-", false, true,
     ARM(commissioning.payments.per_completion_gbp), NULL, 0},
    {"commissioning.payments.per_wellbeing_improvement_gbp", SPSIM_REG_NUMBER, "GBP", 0, 1000000, 0,
     0, "0", NULL,
     "Outcome payment per person whose life satisfaction rises by at least "
     "wellbeing_improvement_points.",
     "-", false, true, ARM(commissioning.payments.per_wellbeing_improvement_gbp), NULL, 0},
    {"commissioning.payments.wellbeing_improvement_points", SPSIM_REG_NUMBER,
     "life-satisfaction points", 0, 10, 0, 0, "1", NULL,
     "Rise in life satisfaction (0-10) that counts as a wellbeing improvement.", "Assumption",
     false, true, ARM(commissioning.payments.wellbeing_improvement_points), NULL, 0},
    {"commissioning.payments.per_gp_consultation_reduced_gbp", SPSIM_REG_NUMBER, "GBP", 0, 10000, 0,
     0, "0", NULL,
     "Outcome payment per GP consultation fewer in the year after referral than the baseline "
     "(gp_baseline), for people who started support.",
     "-", false, true, ARM(commissioning.payments.per_gp_consultation_reduced_gbp), NULL, 0},
    {"commissioning.payments.gp_baseline", SPSIM_REG_ENUM, "-", 0, 0, 0, 0, "comparison", NULL,
     "What a GP reduction is measured against: comparison, a matched comparison group's use "
     "over the same year (the counterfactual, so only what support caused is paid for); "
     "pre_post, the same people's year before referral (regression to the mean and trend "
     "are paid for too).",
     "Ways to Wellness (Newcastle), an outcomes-based social impact bond, reports its results "
     "against a matched comparison group (NASP [S42]); pre-post falls include regression to "
     "the mean (Carnes et al. 2017 [S28])",
     false, true, ARM(commissioning.payments.gp_baseline), spsim_gp_baseline_key, 2},
    {"commissioning.payments.cap_gbp_per_year", SPSIM_REG_NUMBER, "GBP per financial year", 0,
     1000000000, 0, 0, "0", NULL,
     "Most paid in outcome payments in a financial year (0: no "
     "cap).",
     "-", false, true, ARM(commissioning.payments.cap_gbp_per_year), NULL, 0},
    {"commissioning.social_impact_bond", SPSIM_REG_BOOL, "-", 0, 0, 0, 0, "false", NULL,
     "Investors pre-finance the provider and are repaid from the outcome payments; needs "
     "investor_capital_gbp above 0.",
     "-", false, true, ARM(commissioning.social_impact_bond), NULL, 0},
    {"commissioning.investor_capital_gbp", SPSIM_REG_NUMBER, "GBP", 0, 1000000000, 0, 0, "0", NULL,
     "Capital investors put into a social impact bond.", "-", false, true,
     ARM(commissioning.investor_capital_gbp), NULL, 0},

    {"arms", SPSIM_REG_NAMED_MAP, "-", 0, 0, 1, 16, NULL, "one arm named `base` with no overrides",
     "The commissioning options simulated side by side, by name (names as for `name`); each "
     "overrides base values (see above).",
     "-", false, false, NO_TARGET, NULL, 0},
    {"arms.NAME.description", SPSIM_REG_TEXT, "-", 0, 0, 0, 0, "\"\"", NULL,
     "What the arm stands for.", "-", false, true, ARM(description), NULL, 0},
    {"include", SPSIM_REG_INCLUDE, "-", 0, 0, 0, 0, NULL, "none",
     "YAML fragments merged into the scenario by key, in the order listed; a relative path is "
     "read from the including file's folder. Mappings merge key by key; any other value (and "
     "a distribution) in a fragment replaces the one written in the including file, because "
     "fragments hold generated plans and fitted values meant to override. A fragment may "
     "include others.",
     "-", false, false, NO_TARGET, NULL, 0},
    {"correlations", SPSIM_REG_CORRELATIONS, "-", 0, 0, 0, 0, NULL, "none",
     "Groups of uncertain keys (values written as distributions, named by their dotted path) "
     "drawn together through a Gaussian copula: `rho` correlates every pair of a group's keys, "
     "`matrix` gives a full correlation matrix in the order of `keys`.",
     "-", false, false, NO_TARGET, NULL, 0},
};

int spsim_registry_count(void)
{
    return (int)(sizeof registry / sizeof registry[0]);
}

const spsim_reg_entry *spsim_registry_at(int i)
{
    return i >= 0 && i < spsim_registry_count() ? &registry[i] : NULL;
}

const spsim_reg_entry *spsim_registry_find(const char *path)
{
    for (int i = 0; i < spsim_registry_count(); i++)
        if (strcmp(registry[i].path, path) == 0) return &registry[i];
    return NULL;
}

bool spsim_registry_is_section(const char *prefix)
{
    size_t n = strlen(prefix);
    for (int i = 0; i < spsim_registry_count(); i++)
        if (strncmp(registry[i].path, prefix, n) == 0 && registry[i].path[n] == '.') return true;
    return false;
}

const char *spsim_registry_type_name(spsim_reg_type type)
{
    static const char *const names[] = {
        [SPSIM_REG_NAME] = "name",
        [SPSIM_REG_TEXT] = "string",
        [SPSIM_REG_INTEGER] = "integer",
        [SPSIM_REG_NUMBER] = "number",
        [SPSIM_REG_BOOL] = "bool",
        [SPSIM_REG_DATE] = "date",
        [SPSIM_REG_ENUM] = "enum",
        [SPSIM_REG_SHARES] = "shares",
        [SPSIM_REG_SHARES_BY_NEED] = "shares by need",
        [SPSIM_REG_COUNTS] = "numbers by key",
        [SPSIM_REG_POPULATION] = "population",
        [SPSIM_REG_FTE_PLAN] = "fte plan",
        [SPSIM_REG_NAMED_MAP] = "mapping name -> mapping",
        [SPSIM_REG_NAME_LIST] = "list of locality names",
        [SPSIM_REG_MAPPING] = "mapping",
        [SPSIM_REG_SERVICE_NUMBERS] = "numbers by service",
        [SPSIM_REG_SERVICE_TABLE] = "table by service",
        [SPSIM_REG_SERVICE_PERT] = "PERT by service",
        [SPSIM_REG_INCLUDE] = "path or list of paths",
        [SPSIM_REG_CORRELATIONS] = "list of correlated groups",
    };
    return names[type];
}

/* "a, b, c" from a list of spellings. */
static void join_keys(const char *const *keys, int n, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", keys[i]);
}

void spsim_registry_range_text(const spsim_reg_entry *e, char *buf, size_t len)
{
    char keys[256];
    join_keys(e->keys, e->n_keys, keys, sizeof keys);
    switch (e->type) {
    case SPSIM_REG_NAME: snprintf(buf, len, "1..63 characters of A-Z a-z 0-9 _ -"); break;
    case SPSIM_REG_TEXT: snprintf(buf, len, "up to %d characters", SPSIM_TEXT_MAX - 1); break;
    case SPSIM_REG_INTEGER:
    case SPSIM_REG_NAMED_MAP:
        snprintf(buf, len, "%lld..%lld%s", e->imin, e->imax,
                 e->type == SPSIM_REG_NAMED_MAP ? " entries" : "");
        break;
    case SPSIM_REG_NUMBER: snprintf(buf, len, "%.15g..%.15g", e->min, e->max); break;
    case SPSIM_REG_DATE: snprintf(buf, len, "2000-01-01..2100-12-31"); break;
    case SPSIM_REG_NAME_LIST:
        snprintf(buf, len, "%lld..%lld other localities, each once", e->imin, e->imax);
        break;
    case SPSIM_REG_ENUM: snprintf(buf, len, "%s", keys); break;
    case SPSIM_REG_SHARES:
        snprintf(buf, len, "each %.15g..%.15g, summing to 1", e->min, e->max);
        break;
    case SPSIM_REG_SHARES_BY_NEED:
        snprintf(buf, len, "each %.15g..%.15g, each need's row summing to 1", e->min, e->max);
        break;
    case SPSIM_REG_COUNTS: snprintf(buf, len, "each %.15g..%.15g", e->min, e->max); break;
    case SPSIM_REG_POPULATION:
        snprintf(buf, len, "each a whole number %.15g..%.15g, sum above 0", e->min, e->max);
        break;
    case SPSIM_REG_FTE_PLAN:
        snprintf(buf, len, "each fte %.15g..%.15g; %lld..%lld steps", e->min, e->max, e->imin,
                 e->imax);
        break;
    case SPSIM_REG_SERVICE_NUMBERS:
        snprintf(buf, len, "each %.15g..%.15g; every service", e->min, e->max);
        break;
    case SPSIM_REG_SERVICE_TABLE:
        snprintf(buf, len, "each %.15g..%.15g; every service and %s", e->min, e->max,
                 spsim_registry_column_noun(e));
        break;
    case SPSIM_REG_SERVICE_PERT:
        snprintf(buf, len, "each %.15g..%.15g, min <= mode <= max, min < max; every service",
                 e->min, e->max);
        break;
    case SPSIM_REG_INCLUDE:
        snprintf(buf, len, "at most %d levels deep, %d files", SPSIM_INCLUDE_LEVELS,
                 SPSIM_DIAG_MAX_FILES);
        break;
    case SPSIM_REG_CORRELATIONS:
        snprintf(buf, len, "each rho -1..1 (exclusive), jointly positive definite");
        break;
    case SPSIM_REG_BOOL:
    case SPSIM_REG_MAPPING: snprintf(buf, len, "-"); break;
    }
}

void spsim_registry_allowed_text(const spsim_reg_entry *e, char *buf, size_t len)
{
    char range[160], keys[256], services[64];
    spsim_registry_range_text(e, range, sizeof range);
    join_keys(e->keys, e->n_keys, keys, sizeof keys);
    join_keys(spsim_service_key, SPSIM_N_SERVICES, services, sizeof services);
    bool has_unit = strcmp(e->unit, "-") != 0;
    switch (e->type) {
    case SPSIM_REG_NAME:
    case SPSIM_REG_TEXT: snprintf(buf, len, "%s", range); break;
    case SPSIM_REG_INTEGER: snprintf(buf, len, "an integer %s", range); break;
    case SPSIM_REG_NUMBER:
        snprintf(buf, len, "a number %s%s%s", range, has_unit ? ", " : "", has_unit ? e->unit : "");
        break;
    case SPSIM_REG_BOOL: snprintf(buf, len, "true or false"); break;
    case SPSIM_REG_DATE: snprintf(buf, len, "a date YYYY-MM-DD, %s", range); break;
    case SPSIM_REG_ENUM: snprintf(buf, len, "one of %s", keys); break;
    case SPSIM_REG_SHARES:
        snprintf(buf, len, "a mapping of %s to shares %.15g..%.15g summing to 1", keys, e->min,
                 e->max);
        break;
    case SPSIM_REG_SHARES_BY_NEED:
        snprintf(buf, len,
                 "a mapping of needs to mappings of %s to shares %.15g..%.15g summing "
                 "to 1",
                 keys, e->min, e->max);
        break;
    case SPSIM_REG_COUNTS:
        snprintf(buf, len, "a mapping of %s to numbers %.15g..%.15g, %s", keys, e->min, e->max,
                 e->unit);
        break;
    case SPSIM_REG_POPULATION:
        snprintf(buf, len, "a mapping of %s to whole numbers of persons %.15g..%.15g", keys, e->min,
                 e->max);
        break;
    case SPSIM_REG_FTE_PLAN:
        snprintf(buf, len,
                 "a number %.15g..%.15g FTE, or a list of %lld..%lld {from: YYYY-MM-DD, "
                 "fte: NUMBER} steps with increasing dates",
                 e->min, e->max, e->imin, e->imax);
        break;
    case SPSIM_REG_NAMED_MAP:
        snprintf(buf, len, "a mapping of %lld..%lld %s names to their keys", e->imin, e->imax,
                 spsim_registry_named_noun(e));
        break;
    case SPSIM_REG_MAPPING: snprintf(buf, len, "a mapping of keys"); break;
    case SPSIM_REG_NAME_LIST:
        snprintf(buf, len,
                 "a list of names of other localities, each once, e.g. [north, "
                 "south]");
        break;
    case SPSIM_REG_SERVICE_NUMBERS:
        snprintf(buf, len, "a mapping of every one of %s to a number %.15g..%.15g, %s", services,
                 e->min, e->max, e->unit);
        break;
    case SPSIM_REG_SERVICE_TABLE:
        snprintf(buf, len,
                 "a mapping of every one of %s to a mapping of every one of %s to a "
                 "number %.15g..%.15g, %s",
                 services, keys, e->min, e->max, e->unit);
        break;
    case SPSIM_REG_SERVICE_PERT:
        snprintf(buf, len,
                 "a mapping of every one of %s to {min, mode, max}, numbers "
                 "%.15g..%.15g, %s, with min <= mode <= max and min < max",
                 services, e->min, e->max, e->unit);
        break;
    case SPSIM_REG_INCLUDE:
        snprintf(buf, len, "a path or a list of paths to YAML fragments, %s", range);
        break;
    case SPSIM_REG_CORRELATIONS:
        snprintf(buf, len,
                 "a list of {keys: [KEY, ..], rho: NUMBER} or {keys: [KEY, ..], matrix: [[..]]}, "
                 "%s",
                 range);
        break;
    }
}

const char *const spsim_pert_key[3] = {"min", "mode", "max"};

const char *spsim_registry_column_noun(const spsim_reg_entry *e)
{
    if (e->keys == spsim_age_band_key) return "age band";
    return e->keys == spsim_need_key ? "need" : "key";
}

bool spsim_registry_is_assumption(const spsim_reg_entry *e)
{
    return strncmp(e->source, "Assumption", 10) == 0;
}

const char *spsim_registry_named_noun(const spsim_reg_entry *e)
{
    if (strcmp(e->path, "arms") == 0) return "arm";
    if (strcmp(e->path, "delivery_models") == 0) return "delivery model";
    return strcmp(e->path, "localities") == 0 ? "locality" : "funding stream";
}

const char *spsim_registry_named_plural(const spsim_reg_entry *e)
{
    if (strcmp(e->path, "arms") == 0) return "arms";
    if (strcmp(e->path, "delivery_models") == 0) return "delivery models";
    return strcmp(e->path, "localities") == 0 ? "localities" : "funding streams";
}

const char *spsim_registry_stream_leaf(const spsim_reg_entry *e)
{
    static const char prefix[] = "localities.NAME.funding.NAME.";
    return strncmp(e->path, prefix, sizeof prefix - 1) == 0 ? e->path + sizeof prefix - 1 : NULL;
}

bool spsim_registry_kind_takes(const spsim_reg_entry *e, int kind)
{
    return e->target == SPSIM_TARGET_FUNDING && (e->funding_kinds & (1u << kind)) != 0;
}

void spsim_registry_kind_keys(int kind, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < spsim_registry_count() && used < len; i++)
        if (spsim_registry_kind_takes(&registry[i], kind))
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
                                     spsim_registry_stream_leaf(&registry[i]));
}
