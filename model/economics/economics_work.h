/* Internals shared by the files of the economics module (economics.c: tables, views and the
 * order of the steps; costs.c; payments.c; savings.c; headlines.c). Not part of the program's
 * interface. */
#ifndef SPSIM_ECONOMICS_WORK_H
#define SPSIM_ECONOMICS_WORK_H

#include "calendar.h"
#include "economics.h"

/* Multipliers of one financial year, n = year - price_year, t = year - first year. */
typedef struct {
    double pay;                /* (1 + pay_award_per_year)^n: nominal pay */
    double prices;             /* (1 + inflation_per_year)^n: nominal of other prices */
    double discount;           /* (1 + discount_rate)^t */
    double wellbeing_discount; /* (1 + wellbeing_discount_rate)^t */
} spsim_year_factors;

typedef struct {
    const spsim_arm_params *arm;
    const spsim_economics_params *p;
    spsim_fy_calendar calendar;
    spsim_year_factors *factors; /* one per financial year */
    spsim_arm_results *r;
    struct spsim_economics *e;
    double provider_gbp;            /* provider costs of the week part being costed, nominal */
    double investor_capital_used;   /* social impact bond: capital spent so far, nominal GBP */
    double payments_not_caused_gbp; /* outcome payments for GP reductions support did not
                                          cause, nominal GBP */
} spsim_economics_work;

/* Sum of a weekly series over every week and locality. */
double spsim_economics_series_sum(const spsim_arm_results *r, spsim_series_id s);

/* Nominal costs by year and category; the weekly link_worker_cost and builder_cost series and
 * their totals. */
void spsim_economics_add_costs(spsim_economics_work *w);
/* Outcome payments by financial year (nominal, capped) into the contract_payments category.
 * Returns 0, or -1 when out of memory. */
int spsim_economics_add_payments(spsim_economics_work *w);
/* Activity avoided, GP time freed, nominal savings and undiscounted WELLBYs by year. */
void spsim_economics_add_savings(spsim_economics_work *w);
/* Headline figures from the yearly values (all views already filled). */
void spsim_economics_add_headlines(spsim_economics_work *w);

#endif
