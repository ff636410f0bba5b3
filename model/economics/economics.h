/* Economics: money by financial year, savings and the headline figures of one arm in one
 * replication, computed from its weekly results once the engine has finished (docs/model.md,
 * costs). Money is computed here and nowhere else: this module also fills the weekly
 * link_worker_cost and builder_cost series and their totals.
 *
 * Rules:
 * - Financial year y runs 1 April y to 31 March y+1 and is named by y. Week w covers the 7 days
 *   from start_date + 7w; every weekly amount is split between financial years in proportion to
 *   its days in each. The years kept are every financial year the horizon touches.
 * - Prices are at economics.price_year. For financial year y, n = y - price_year. Pay (salary x
 *   (1 + on-costs)) is multiplied by (1 + pay_award_per_year)^n: a pay award every 1 April.
 *   Everything else the scenario prices (management allowance, builder overheads, recruitment,
 *   training, set-up, evaluation, unit costs of avoided activity, a GP's yearly cost) by
 *   (1 + inflation_per_year)^n. VCSE stream spend is nominal as the engine recorded it.
 * - Views: nominal; real = nominal / (1 + inflation_per_year)^n; discounted = real /
 *   (1 + discount_rate)^t with t = y - the first financial year of the run (year 0 is not
 *   discounted, as in the Green Book). WELLBYs are discounted at wellbeing_discount_rate.
 * - The WELLBY value is at its own price base and uprated to price_year
 *   (spsim_wellby_value_at_price_year); the willingness to pay is at price_year prices.
 * - Costs per person (supported, referred) divide real, undiscounted cost by undiscounted
 *   people: like by like.
 * - Cost categories: see spsim_cost_category. Their sum is the total cost, in every view.
 * - Commissioning (arm.commissioning): procurement (contracts x price per contract, over the
 *   set-up weeks), contract management (contracts x price per contract year), coordination
 *   (quilt only), travel (pooled episodes, and rural mileage beyond the reference rural share),
 *   all priced with inflation;
 *   the link-worker management allowance x management_scale. Outcome payments per financial
 *   year: the payment rule applied to the started, completed and wellbeing_improved series and
 *   to max(0, the year's gp_reduction_verified), each week split by days, capped at
 *   cap_gbp_per_year when the cap is above 0; nominal (contract prices). The part of each
 *   year's payment for GP reductions beyond gp_reduction_caused (scaled like the rest by a
 *   binding cap) is what rewards regression to the mean.
 * - Social impact bond: investors pay the provider's costs (link-worker pay and management,
 *   link-worker recruitment and training, procurement and contract management) week by week
 *   from the start until their capital is used up; what they paid is a negative cost to the
 *   commissioner (investor_financing), who pays the outcome payments. Investors' return =
 *   outcome payments / capital used - 1.
 * - Savings: avoided events x unit cost, all of it non-cash-releasing. Cash-releasing: GP,
 *   floor(GP FTE freed in the year x gp_posts_not_filled_share) whole posts x gp_cost per FTE
 *   year; A&E and admissions, avoided x unit cost x decommissioned_share. GP hours freed =
 *   avoided consultations x gp_minutes_per_consultation / 60; FTE = hours / gp_hours_per_fte_year.
 * - Headline figures: see spsim_headline_id. */
#ifndef SPSIM_ECONOMICS_H
#define SPSIM_ECONOMICS_H

#include <stdbool.h>

#include "../results/series.h"
#include "../scenario/params.h"

typedef enum {
    SPSIM_MONEY_NOMINAL,
    SPSIM_MONEY_REAL,
    SPSIM_MONEY_DISCOUNTED,
    SPSIM_N_MONEY_VIEWS
} spsim_money_view;

extern const char *const spsim_money_view_key[SPSIM_N_MONEY_VIEWS]; /* "nominal", ... */

typedef enum {
    SPSIM_COST_LINK_WORKER_PAY, /* salary x (1 + on-costs) of FTE in post, pay awards */
    SPSIM_COST_BUILDER_PAY,
    SPSIM_COST_RECRUITMENT_TRAINING, /* link-worker and builder hires */
    SPSIM_COST_MANAGEMENT_OVERHEAD,  /* link-worker management x management_scale, builder
                                            overheads */
    SPSIM_COST_SETUP,                /* procurement, digital, directory: first setup_weeks */
    SPSIM_COST_PROCUREMENT,          /* contracts x procurement per contract: set-up weeks */
    SPSIM_COST_CONTRACT_MANAGEMENT,  /* contracts x management per contract year */
    SPSIM_COST_COORDINATION,         /* quilt only: shared framework, training, data */
    SPSIM_COST_TRAVEL,               /* pooled episodes and rural mileage */
    SPSIM_COST_VCSE_FUNDING,         /* the funding streams' spend */
    SPSIM_COST_CONTRACT_PAYMENTS,    /* outcome payments, capped each financial year */
    SPSIM_COST_INVESTOR_FINANCING,   /* social impact bond: provider costs investors paid
                                            (negative) */
    SPSIM_COST_EVALUATION,
    SPSIM_N_COST_CATEGORIES
} spsim_cost_category;

extern const spsim_series_info spsim_cost_category_table[SPSIM_N_COST_CATEGORIES];

/* What is kept by financial year; each may be split by money view and by a category. */
typedef enum {
    SPSIM_FY_COSTS,                  /* GBP, by view and cost category */
    SPSIM_FY_TOTAL_COST,             /* GBP, by view: the sum of the categories */
    SPSIM_FY_ACTIVITY_AVOIDED,       /* events, by service */
    SPSIM_FY_SAVINGS,                /* GBP, by view and service: non-cash-releasing */
    SPSIM_FY_CASH_RELEASING_SAVINGS, /* GBP, by view and service */
    SPSIM_FY_GP_HOURS_FREED,
    SPSIM_FY_GP_FTE_FREED,
    SPSIM_FY_GP_POSTS_RELEASED, /* whole posts not filled */
    SPSIM_FY_WELLBYS,           /* undiscounted */
    SPSIM_FY_WELLBYS_DISCOUNTED,
    SPSIM_N_FY_MEASURES
} spsim_fy_measure;

typedef enum {
    SPSIM_FY_WHOLE,
    SPSIM_FY_BY_COST_CATEGORY,
    SPSIM_FY_BY_SERVICE
} spsim_fy_split;

typedef struct {
    spsim_series_info info;
    bool by_view;         /* a money_view dimension after financial_year */
    spsim_fy_split split; /* a last dimension, or none */
} spsim_fy_measure_info;

extern const spsim_fy_measure_info spsim_fy_measure_table[SPSIM_N_FY_MEASURES];

/* Values of one measure per financial year: views x entries of its split. */
int spsim_fy_measure_per_year(spsim_fy_measure m);
/* Entries of a split (1 for SPSIM_FY_WHOLE). */
int spsim_fy_split_size(spsim_fy_split split);

typedef enum {
    SPSIM_HEADLINE_PEOPLE_SUPPORTED,
    SPSIM_HEADLINE_TOTAL_COST,
    SPSIM_HEADLINE_COST_PER_PERSON,
    SPSIM_HEADLINE_COST_PER_REFERRAL,
    SPSIM_HEADLINE_SAVINGS,
    SPSIM_HEADLINE_CASH_RELEASING_SAVINGS,
    SPSIM_HEADLINE_NET_COST,
    SPSIM_HEADLINE_RETURN_ON_INVESTMENT,
    SPSIM_HEADLINE_BREAK_EVEN_YEAR,
    SPSIM_HEADLINE_WELLBYS,
    SPSIM_HEADLINE_WELLBEING_VALUE,
    SPSIM_HEADLINE_COST_PER_WELLBY,
    SPSIM_HEADLINE_NET_MONETARY_BENEFIT,
    SPSIM_HEADLINE_NMB_WELLBEING, /* the parts of net monetary benefit, which they sum to */
    SPSIM_HEADLINE_NMB_MONEY,
    SPSIM_HEADLINE_GP_APPOINTMENTS_FREED_PER_YEAR,
    SPSIM_HEADLINE_MEASURED_GP_REDUCTION,
    SPSIM_HEADLINE_CAUSAL_GP_REDUCTION,
    SPSIM_HEADLINE_MEASURED_AE_REDUCTION,
    SPSIM_HEADLINE_CAUSAL_AE_REDUCTION,
    SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION,
    SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION,
    SPSIM_HEADLINE_OUTCOME_PAYMENTS,
    SPSIM_HEADLINE_INVESTOR_CAPITAL_USED,
    SPSIM_HEADLINE_INVESTOR_PAYMENTS,
    SPSIM_HEADLINE_INVESTOR_RETURN,
    SPSIM_HEADLINE_INVESTOR_IRR,
    SPSIM_HEADLINE_INVESTOR_LOSS,
    SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE, /* share of payments support did not earn */
    SPSIM_N_HEADLINES
} spsim_headline_id;

extern const spsim_series_info spsim_headline_table[SPSIM_N_HEADLINES];

/* Which way a headline figure is better, for comparing arms: higher (WELLBYs, savings, people
 * supported, returns), lower (costs, investors' loss) or neither (what is only measured, such
 * as the pre-post reductions, or what is neither gain nor loss, such as capital used). */
typedef enum {
    SPSIM_LOWER_IS_BETTER = -1,
    SPSIM_NEITHER_IS_BETTER = 0,
    SPSIM_HIGHER_IS_BETTER = 1
} spsim_direction;

extern const spsim_direction spsim_headline_direction[SPSIM_N_HEADLINES];
/* Spellings indexed by direction + 1: "lower", "neither", "higher". */
extern const char *const spsim_direction_key[3];

/* Money of one arm in one replication. */
struct spsim_economics {
    int first_year; /* April year of the first financial year the horizon touches */
    int n_years;
    /* each [(year * views + view) * entries + entry], views 1 when the measure has none */
    double *fy[SPSIM_N_FY_MEASURES];
    double headlines[SPSIM_N_HEADLINES];
};

/* Zeroed economics for n_years financial years from first_year, or NULL (out of memory). */
struct spsim_economics *spsim_economics_alloc(int first_year, int n_years);
void spsim_economics_free(struct spsim_economics *e);

/* The WELLBY value at the scenario's prices: wellby_value_gbp x (1 + wellby_uprating_per_year)
 * ^ (price_year - wellby_value_price_year), GBP per WELLBY. */
double spsim_wellby_value_at_price_year(const spsim_economics_params *p);

/* The yearly full cost of one funded FTE at price_year prices, as the costs charge it each week
 * (before pay awards and inflation): link workers, salary x (1 + on-costs) + management x the
 * arm's management_scale + non-staff costs and capital; builders, salary x (1 + on-costs) +
 * overheads. Recruitment and training per hire come on top, with turnover. GBP per FTE year. */
double spsim_gbp_per_fte_year(const spsim_arm_params *arm, bool builders);

/* Cost over the horizon, all categories, real terms, undiscounted (GBP): the numerator of the
 * costs per person. */
double spsim_economics_real_cost(struct spsim_economics *e);

/* Computes the economics of arm `arm` from its results `r` (allocating r->economics, replacing
 * any earlier one) and fills r's link_worker_cost and builder_cost series and totals.
 * Returns 0, or -1 when out of memory. */
int spsim_economics_compute(const spsim_scenario *s, int arm, spsim_arm_results *r);

/* One value: year index 0..n_years-1, view (0 when the measure has none), entry of its split. */
static inline double *spsim_economics_at(struct spsim_economics *e, spsim_fy_measure m, int year,
                                         int view, int entry)
{
    const spsim_fy_measure_info *info = &spsim_fy_measure_table[m];
    int views = info->by_view ? SPSIM_N_MONEY_VIEWS : 1;
    return &e->fy[m][((long)year * views + view) * spsim_fy_split_size(info->split) + entry];
}

#endif
