/* Validated, resolved parameters: everything one arm of a scenario needs to be simulated.
 *
 * The scenario layer fills these from YAML (defaults applied, units converted where the name
 * says so, every value checked against the registry); the engine only ever reads them. One
 * spsim_arm_params is a complete, self-contained parameter set: arms never share mutable state. */
#ifndef SPSIM_PARAMS_H
#define SPSIM_PARAMS_H

#include <stdbool.h>
#include "distribution.h"

enum {
    SPSIM_NAME_MAX = 64, /* bytes, including the terminating NUL */
    SPSIM_TEXT_MAX = 512,
    SPSIM_MAX_LOCALITIES = 64,
    SPSIM_MAX_ARMS = 16,
    SPSIM_MAX_FTE_STEPS = 32,
    SPSIM_MAX_FUNDING_STREAMS = 16, /* per locality */
    /* The most replications of a run, whether from the replications key, -r or
     * --max-replications: one limit, so a count the scenario refuses is refused on the command
     * line too. */
    SPSIM_MAX_REPLICATIONS = 100000,
};

/* Weeks per year used for every per-year to per-week conversion (365.25 / 7). */
#define SPSIM_WEEKS_PER_YEAR (365.25 / 7.0)

typedef enum {
    SPSIM_AGE_0_15,
    SPSIM_AGE_16_29,
    SPSIM_AGE_30_49,
    SPSIM_AGE_50_64,
    SPSIM_AGE_65_PLUS,
    SPSIM_N_AGE_BANDS
} spsim_age_band;

typedef enum {
    SPSIM_SOURCE_GP,
    SPSIM_SOURCE_OTHER_PRIMARY_CARE,
    SPSIM_SOURCE_PHARMACY,
    SPSIM_SOURCE_HOSPITAL_DISCHARGE,
    SPSIM_SOURCE_SOCIAL_CARE,
    SPSIM_SOURCE_VCSE,
    SPSIM_SOURCE_OTHER_STATUTORY,
    SPSIM_SOURCE_SELF_REFERRAL,
    SPSIM_N_SOURCES
} spsim_referral_source;

typedef enum {
    SPSIM_NEED_LONELINESS,
    SPSIM_NEED_LOW_MOOD,
    SPSIM_NEED_LONG_TERM_CONDITION,
    SPSIM_NEED_PRACTICAL,
    SPSIM_N_NEEDS
} spsim_need;

/* Types of community activity run by the VCSE sector. */
typedef enum {
    SPSIM_ACTIVITY_ARTS_CREATIVE,
    SPSIM_ACTIVITY_PHYSICAL_NATURE,
    SPSIM_ACTIVITY_PEER_SUPPORT,
    SPSIM_ACTIVITY_ADVICE,
    SPSIM_ACTIVITY_LEARNING_VOLUNTEERING,
    SPSIM_N_ACTIVITIES
} spsim_activity;

/* Ways money reaches the VCSE sector. */
typedef enum {
    SPSIM_FUNDING_COMMISSIONED,
    SPSIM_FUNDING_SMALL_GRANTS,
    SPSIM_FUNDING_MICRO_COMMISSIONING,
    SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS,
    SPSIM_N_FUNDING_KINDS
} spsim_funding_kind;

/* Health-service use that social prescribing may change. */
typedef enum {
    SPSIM_SERVICE_GP,
    SPSIM_SERVICE_AE,
    SPSIM_SERVICE_ADMISSIONS,
    SPSIM_N_SERVICES
} spsim_service;

/* Scenario-file spellings of the enums above, in enum order (defined in params.c). */
extern const char *const spsim_age_band_key[SPSIM_N_AGE_BANDS]; /* "age_0_15", ... */
extern const char *const spsim_source_key[SPSIM_N_SOURCES];     /* "gp", ... "self_referral" */
extern const char *const spsim_need_key[SPSIM_N_NEEDS];         /* "loneliness", ... */
/* "arts_creative", "physical_nature", "peer_support", "advice", "learning_volunteering" */
extern const char *const spsim_activity_key[SPSIM_N_ACTIVITIES];
/* "commissioned", "small_grants", "micro_commissioning", "personal_health_budgets" */
extern const char *const spsim_funding_kind_key[SPSIM_N_FUNDING_KINDS];
/* "gp", "ae", "admissions" */
extern const char *const spsim_service_key[SPSIM_N_SERVICES];

typedef enum {
    SPSIM_ALLOCATION_PER_PLACE,
    SPSIM_ALLOCATION_FORMULA
} spsim_fte_allocation;

/* How link-worker capacity is given. Caseload (0, so a plan built in code keeps the plain
 * slots-per-FTE queue of the verification tests): caseload_per_fte slots per FTE. Contact time:
 * slots follow the hours a link worker has for contacts (docs/model.md, "Link-worker capacity"). */
typedef enum {
    SPSIM_CAPACITY_CASELOAD,
    SPSIM_CAPACITY_CONTACT_TIME
} spsim_capacity_basis;

/* Funded staff FTE (link workers or builders) from a week onwards (a step function; first step starts at week 0). */
typedef struct {
    double from_week; /* weeks since the scenario start date */
    double fte;       /* funded full-time equivalents from then on */
} spsim_fte_step;

typedef struct {
    int n_steps;
    spsim_fte_step steps[SPSIM_MAX_FTE_STEPS]; /* sorted by from_week, steps[0].from_week == 0 */
    double recruitment_lag_weeks;              /* vacancy to start, weeks */
    double attrition_per_year;  /* yearly probability that a filled post is vacated */
    double training_ramp_weeks; /* weeks for a new starter to reach full caseload (0 = at once) */
    double caseload_per_fte;    /* active caseload slots (people at once) per FTE */
    bool posts_filled_at_start; /* posts funded at week 0 are already filled */
    spsim_capacity_basis capacity;         /* slots from caseload_per_fte or from contact time */
    double hours_per_fte_year;             /* contact time: working hours of one FTE a year */
    double indirect_hours_per_direct_hour; /* contact time: hours not face to face per contact
                                              hour (travel, notes, liaison) */
    double minutes_per_contact;            /* contact time: length of one contact, minutes */
    /* Travel beyond what the national indirect-time ratio and non-staff costs already hold: a
     * locality's rural share above (below) reference_rural_share adds (saves) this much per
     * contact, in proportion. */
    double rural_travel_minutes_per_contact; /* minutes per contact with a rural resident */
    double rural_travel_miles_per_contact;   /* miles per contact with a rural resident */
    double reference_rural_share;            /* rural share the national figures reflect */
    double mileage_gbp_per_mile;             /* paid per business mile */
} spsim_staff_plan; /* link workers use every field; builders ignore caseload and capacity */

/* Money into the VCSE sector in one locality, over [start_week, end_week). Spend accrues evenly
 * at gbp_per_year while the stream runs (personal health budgets: as places are bought, up to it). */
typedef struct {
    char name[SPSIM_NAME_MAX];
    spsim_funding_kind kind;
    spsim_activity activity;     /* type of places created (not personal health budgets) */
    double start_week, end_week; /* weeks since the scenario start, fractional */
    double gbp_per_year;
    double cost_per_place_per_year; /* commissioned: GBP to hold one place open for a year */
    double grant_gbp;               /* small grants: one grant (one group funded for a year);
                                         micro-commissioning: start-up grant plus development
                                         support for one new group */
    double first_year_survival;     /* micro-commissioning: probability a new group lasts a year */
    double share_buying;            /* personal health budgets: share of people finding no free
                                         place who buy one */
    double cost_per_place_week;     /* personal health budgets: GBP per week a place is held */
} spsim_funding_stream;

typedef struct {
    char name[SPSIM_NAME_MAX];
    double population[SPSIM_N_AGE_BANDS]; /* residents, persons */
    double deprivation;   /* share of residents in England's most deprived 20% of LSOAs, 0..1 */
    double rurality;      /* share of residents in rural areas, 0..1 */
    double fit;           /* fit of the arm's delivery model to this place: scales take-up (up to
                             1) and effects, 0..1.5 */
    double uptake_ratio;  /* delivery model: multiplier on take-up probability (capped at 1) */
    double dropout_ratio; /* delivery model: multiplier on the drop-out hazard */
    int n_neighbours;     /* localities whose queues may share this one's slots when pooling */
    int neighbours[SPSIM_MAX_LOCALITIES];
    spsim_staff_plan link_workers; /* resolved: formula already applied if chosen */
    spsim_staff_plan builders;
    double groups_at_start[SPSIM_N_ACTIVITIES]; /* VCSE groups open to referrals at week 0 */
    int n_funding;
    spsim_funding_stream funding[SPSIM_MAX_FUNDING_STREAMS];
} spsim_locality;

/* The locality's residents, every age band (persons). */
static inline double spsim_locality_population(const spsim_locality *loc)
{
    double n = 0.0;
    for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) n += loc->population[b];
    return n;
}

typedef struct {
    double base_rate_per_1000_per_year;   /* referrals per 1,000 residents per year, national */
    double source_share[SPSIM_N_SOURCES]; /* sums to 1 */
    double deprivation_rate_ratio;        /* rate in an all-deprived vs a no-deprived locality */
    double maturity_start_fraction;       /* share of the mature rate in week 0, 0..1 */
    double maturity_years;                /* time constant of the approach to maturity, years */
    double need_share[SPSIM_N_NEEDS];     /* sums to 1 */
    double frequent_attender_share;       /* share of referred people who attend frequently */
} spsim_referral_params;

/* Referral-rate multiplier for a locality's deprivation (share of residents in England's most
 * deprived 20 % of LSOAs), normalised to 1 at England's share, 0.2 by definition: the meaning
 * of referral.deprivation_rate_ratio, used by the referral process and the validator alike. */
static inline double spsim_deprivation_factor(double deprivation_rate_ratio, double deprivation)
{
    const double england_share = 0.2;
    return (1.0 + (deprivation_rate_ratio - 1.0) * deprivation) /
           (1.0 + (deprivation_rate_ratio - 1.0) * england_share);
}

typedef struct {
    double probability;               /* take-up probability with no wait, non-self referrals */
    double self_referral_probability; /* take-up probability with no wait, self-referrals */
    double wait_sensitivity_per_week; /* take-up x exp(-s x expected wait in weeks) */
} spsim_uptake_params;

typedef struct {
    double contacts_mean;          /* contacts per episode, >= 1; contacts = 1 + NB(mean - 1, k) */
    double contacts_dispersion;    /* negative-binomial k (larger = less over-dispersed) */
    double contact_interval_weeks; /* mean weeks from one contact to the next (or to the end) */
    double contact_interval_shape; /* gamma shape of each interval (1 = exponential) */
    double dropout_per_week;       /* hazard of leaving support early, per week */
    double first_contact_delay_weeks; /* mean weeks from a free slot to the first appointment
                                         (gamma; 0: the first contact is at once) */
    double first_contact_delay_shape; /* gamma shape of that delay */
    double no_show_probability;       /* a person given a first appointment never attends */
} spsim_support_params;

/* Minutes of link-worker time one contact takes in a locality whose residents are `rural_share`
 * rural: the contact itself, plus the rural travel beyond the reference mix (less, below it);
 * never under one minute. */
static inline double spsim_minutes_per_contact(const spsim_staff_plan *lw, double rural_share)
{
    double travel =
        (rural_share - lw->reference_rural_share) * lw->rural_travel_minutes_per_contact;
    double minutes = lw->minutes_per_contact + travel;
    return minutes > 1.0 ? minutes : 1.0;
}

/* Caseload slots one fully trained FTE provides in a locality `rural_share` rural. Contact time:
 * the direct (face-to-face) hours of a week, hours_per_fte_year / 52.18 / (1 + indirect per
 * direct hour), over the time a person in support takes a week, one contact (with its rural
 * travel) every contact interval. */
static inline double spsim_slots_per_fte(const spsim_staff_plan *lw, const spsim_support_params *s,
                                         double rural_share)
{
    if (lw->capacity == SPSIM_CAPACITY_CASELOAD) return lw->caseload_per_fte;
    double direct_hours_per_week =
        lw->hours_per_fte_year / SPSIM_WEEKS_PER_YEAR / (1.0 + lw->indirect_hours_per_direct_hour);
    double hours_per_person_week =
        spsim_minutes_per_contact(lw, rural_share) / 60.0 / s->contact_interval_weeks;
    return direct_hours_per_week / hours_per_person_week;
}

/* Mean weeks a person holds a caseload slot without drop-out: the scheduling delay, then (unless
 * they do not turn up) contacts_mean contacts each followed by an interval. */
static inline double spsim_mean_slot_weeks(const spsim_support_params *s)
{
    return s->first_contact_delay_weeks +
           (1.0 - s->no_show_probability) * s->contacts_mean * s->contact_interval_weeks;
}

typedef struct {
    bool enabled;
    double median_weeks; /* median patience of a waiting person, weeks (Weibull) */
    double shape;        /* Weibull shape; > 1 means the hazard rises with the wait */
} spsim_reneging_params;

typedef struct {
    double salary_gbp_per_fte_year;     /* basic pay, GBP per FTE per year */
    double on_cost_fraction;            /* employer on-costs as a fraction of salary */
    double management_gbp_per_fte_year; /* management, administration and estates (builders: all
                                           overheads), GBP per FTE per year */
    double non_staff_capital_gbp_per_fte_year; /* link workers: non-staff costs and capital, GBP
                                                  per FTE per year (builders: 0, in overheads) */
} spsim_pay_params;

/* Connection to community activity and the life of VCSE groups. */
typedef struct {
    bool enabled; /* false: no connection to activity, no groups */
    double need_activity[SPSIM_N_NEEDS][SPSIM_N_ACTIVITIES]; /* each row sums to 1 */
    int agreement_contact;    /* activities are agreed at this contact (1 = the first) */
    double place_weeks_mean;  /* weeks a connected person holds a place (gamma mean) */
    double place_weeks_shape; /* gamma shape of that duration */
    double place_wait_weeks;  /* longest wait for a free place before giving up */
    double connection_failure_probability; /* a free place is offered but never taken up */
    int group_size;                        /* places per group open to referred people */
    double groups_per_10000_population[SPSIM_N_ACTIVITIES]; /* for localities giving no
                                                                 groups_at_start */
    double closure_per_year;     /* yearly closure hazard of an unfunded, unsupported group */
    double funded_closure_ratio; /* closure hazard multiplier while a group is funded */
    double formation_per_10000_per_year; /* groups forming without commissioning, per 10,000
                                              residents a year */
    double unmet_need_memory_weeks;      /* recorded unmet need guides builders for this long */
} spsim_community_params;

/* What builders do, scaled by trust (0 when a post starts, towards 1 after about two years). */
typedef struct {
    double trust_midpoint_weeks; /* logistic trust curve: 50 % point before normalising */
    double trust_90_weeks;       /* logistic trust curve: 90 % point before normalising */
    bool trusted_at_start;       /* posts filled at week 0 are already fully trusted */
    double groups_per_trusted_fte_per_year; /* new groups where unmet need is recorded */
    double groups_supported_per_fte;        /* groups one fully trusted FTE can support */
    double closure_reduction;               /* closure hazard x (1 - reduction x supported share) */
    double access_gain;                     /* connection failure x (1 - gain x mean trust) */
    spsim_pay_params pay;                   /* management_gbp_per_fte_year holds overheads */
} spsim_builder_params;

/* A PERT distribution (a beta scaled to [min, max] with the given mode). */
typedef struct {
    double min, mode, max;
} spsim_pert;

/* Health-service use of referred people and what support does to it (docs/model.md, outcomes). */
typedef struct {
    /* Counterfactual usual yearly rate of a referred person, by service and age band; times
     * need_ratio, times frequent_attender_ratio if a frequent attender, times a gamma
     * heterogeneity draw with mean 1 and shape `dispersion`. */
    double base_rate_per_year[SPSIM_N_SERVICES][SPSIM_N_AGE_BANDS];
    double need_ratio[SPSIM_N_SERVICES][SPSIM_N_NEEDS];
    double frequent_attender_ratio[SPSIM_N_SERVICES];
    double dispersion[SPSIM_N_SERVICES];
    double trend_per_year[SPSIM_N_SERVICES]; /* secular growth of every rate, per year */
    /* Regression to the mean from who is referred: a year's use is the usual rate times a
     * transient factor exp(z), z normal with mean -sd^2 / 2 (so its mean is 1) and SD
     * transient_sd, correlated transient_persistence from one year to the next; referral picks
     * people when recent use is high, weighting each by their use to the power
     * referral_selection[source] (+ frequent_attender_selection for a frequent attender). */
    double transient_sd[SPSIM_N_SERVICES];          /* of log yearly use (0: no regression) */
    double transient_persistence[SPSIM_N_SERVICES]; /* correlation of z in consecutive years */
    double referral_selection[SPSIM_N_SOURCES];     /* power of recent use in the referral */
    double frequent_attender_selection;             /* added for frequent attenders */
    bool enabled; /* false: no outcome accounting at all (pathway only) */
    bool effects; /* false: support changes nothing (for verification) */
    spsim_pert causal_effect[SPSIM_N_SERVICES]; /* individual fractional reduction, engaged */
    double engaged_contacts;        /* contacts for full engagement (fewer: proportionally less) */
    double dropout_effect_ratio;    /* effect multiplier for people who dropped out of support */
    double unmet_need_effect_ratio; /* effect multiplier for people never connected */
    double effect_half_life_years;  /* fade of the effect after engagement ends */
    double wellbeing_gain_mean;     /* ONS4 life-satisfaction points (0-10) gained while engaged */
    double wellbeing_gain_shape;    /* gamma shape of the individual gain */
    double wellbeing_half_life_years;
} spsim_outcome_params;

/* Money: prices, pay growth, discounting and the rules for savings (docs/model.md, costs). */
typedef struct {
    int price_year;                 /* financial year (its April's year) of all prices and
                                            the base of real terms and discounting */
    double discount_rate;           /* per year, costs and savings */
    double wellbeing_discount_rate; /* per year, WELLBYs */
    double inflation_per_year;      /* general prices (GDP deflator): nominal -> real */
    double pay_award_per_year;      /* link-worker and builder pay, each 1 April */
    double recruitment_gbp_per_hire;
    double training_gbp_per_hire;
    double setup_procurement_gbp; /* one-off, spread over the set-up period */
    double setup_digital_gbp;
    double setup_directory_gbp;
    double setup_weeks; /* set-up costs fall evenly over the first weeks */
    double evaluation_gbp_per_year;
    double unit_cost_gbp[SPSIM_N_SERVICES]; /* per consultation, attendance, admission */
    double gp_minutes_per_consultation;
    double gp_hours_per_fte_year;
    double gp_cost_gbp_per_fte_year;
    double gp_posts_not_filled_share; /* share of whole GP FTE freed that is not refilled */
    double decommissioned_share[SPSIM_N_SERVICES]; /* avoided activity actually decommissioned */
    double wellby_value_gbp;                       /* at wellby_value_price_year prices */
    int wellby_value_price_year;                   /* price base of wellby_value_gbp */
    double wellby_uprating_per_year;          /* growth of the WELLBY value a year to price_year */
    double willingness_to_pay_per_wellby_gbp; /* at price_year prices */
} spsim_economics_params;

typedef enum {
    SPSIM_COMMISSIONING_BLANKET,
    SPSIM_COMMISSIONING_QUILT,
    SPSIM_COMMISSIONING_DO_NOTHING
} spsim_commissioning_model;
/* "blanket", "quilt", "do_nothing" */
extern const char *const spsim_commissioning_model_key[3];

/* What a contract's GP reduction is measured against: a comparison group (the counterfactual)
 * or the same people's year before referral (pre-post, regression to the mean included). */
typedef enum {
    SPSIM_GP_BASELINE_COMPARISON,
    SPSIM_GP_BASELINE_PRE_POST
} spsim_gp_baseline;
/* "comparison", "pre_post" */
extern const char *const spsim_gp_baseline_key[2];

/* Payments per verified outcome under an outcomes-based contract (all 0: no such contract).
 * Only people who started support are paid for. */
typedef struct {
    double per_person_supported_gbp;        /* per person who starts support */
    double per_completion_gbp;              /* per completed support episode */
    double per_wellbeing_improvement_gbp;   /* per person whose life satisfaction rises by at
                                               least the threshold */
    double wellbeing_improvement_points;    /* the threshold, points on the 0-10 scale */
    double per_gp_consultation_reduced_gbp; /* per GP consultation fewer in the year after referral
                                               than the baseline */
    spsim_gp_baseline gp_baseline;
    double cap_gbp_per_year; /* most paid in a financial year (0: no cap) */
} spsim_outcome_payments;

/* How the arm is commissioned (docs/commissioning.md). */
typedef struct {
    spsim_commissioning_model model;
    int contracts;                       /* resolved: 1 blanket, one per locality quilt, 0 none */
    double procurement_gbp_per_contract; /* one-off, in the set-up period */
    double contract_management_gbp_per_contract_year;
    double coordination_gbp_per_year; /* quilt: shared framework, training and data */
    double management_scale;          /* multiplier on link-worker management (economies of
                                            scale in one county-wide provider) */
    bool pooling;                     /* neighbouring localities share caseload slots */
    double travel_gbp_per_pooled_episode;
    double pooled_travel_minutes_per_contact; /* link-worker travel per contact with someone
                                                 served across a boundary, minutes */
    spsim_outcome_payments payments;
    bool social_impact_bond; /* investors pre-finance the provider; paid by outcomes */
    double investor_capital_gbp;
} spsim_commissioning_params;

/* One arm, fully resolved. */
typedef struct {
    char name[SPSIM_NAME_MAX];
    char description[SPSIM_TEXT_MAX];
    int n_localities;
    spsim_locality localities[SPSIM_MAX_LOCALITIES];
    spsim_fte_allocation allocation;
    double fte_per_10000_population; /* used when allocation is formula */
    spsim_referral_params referral;
    spsim_uptake_params uptake;
    spsim_support_params support;
    spsim_reneging_params reneging;
    spsim_pay_params pay;
    spsim_community_params community;
    spsim_builder_params builders;
    spsim_outcome_params outcomes;
    spsim_economics_params economics;
    spsim_commissioning_params commissioning;
} spsim_arm_params;

/* One resolved scenario key of one arm, as stored in the output (value printed as text). */
typedef struct {
    char key[128]; /* dotted path, e.g. "localities.Mendip.link_workers.fte" */
    char value[256];
    const char *unit;   /* from the registry, static */
    const char *source; /* from the registry, static */
} spsim_resolved_value;

typedef struct {
    char name[SPSIM_NAME_MAX];
    char description[SPSIM_TEXT_MAX];
    unsigned long long seed;
    bool independent_arm_streams; /* arms draw from their own streams: no common random numbers
                                     (only to show what common random numbers are worth) */
    int replications;
    double horizon_years;
    int n_weeks; /* round(horizon_years x SPSIM_WEEKS_PER_YEAR) */
    int start_year, start_month, start_day;
    int n_arms;
    spsim_arm_params arms[SPSIM_MAX_ARMS];
    /* Resolved values per arm (registry-driven), for the output file. */
    int n_resolved[SPSIM_MAX_ARMS];
    spsim_resolved_value *resolved[SPSIM_MAX_ARMS]; /* owned; freed by spsim_scenario_free */
    char *text;                                     /* the scenario file's text, owned */
    char path[1024];
    /* Values written as distributions (uncertainty.h), in file order; the arms above are
     * resolved at their means. Owned; 0 and NULL when every value is a number. */
    int n_uncertain;
    spsim_uncertain_key *uncertain;
    /* What re-resolving with drawn values needs (the checked tree, where each uncertain value
     * sits in it, the correlations); private to the scenario layer, owned. */
    struct spsim_uncertainty_state *uncertainty_state;
} spsim_scenario;

#endif
