/* Outcome payments by financial year: what an outcomes-based contract pays for the people it
 * verifies as supported, completing, improving in wellbeing and using their GP less (against the
 * contract's baseline), each week's counts split between financial years by its days, the year's
 * total capped. Contract prices are fixed in money of the day, so payments are nominal as they
 * stand. The part paid for GP reductions support did not cause is kept for the headlines. */
#include <math.h>
#include <stdlib.h>

#include "economics_work.h"

/* What the contract counts in one financial year (weeks split by their days). */
typedef struct {
    double started, completed, wellbeing_improved, gp_reduction, gp_caused;
} verified_outcomes;

static void count_outcomes(spsim_economics_work *w, verified_outcomes *by_year)
{
    spsim_arm_results *r = w->r;
    for (int week = 0; week < r->n_weeks; week++) {
        spsim_week_split split = spsim_fy_split_week(&w->calendar, week);
        for (int part = 0; part < split.n; part++) {
            verified_outcomes *y = &by_year[split.year_index[part]];
            double in_year = split.days[part] / 7.0;
            for (int l = 0; l < r->n_localities; l++) {
                y->started += *spsim_series_at(r, SPSIM_SERIES_FIRST_CONTACTS, week, l) * in_year;
                y->completed += *spsim_series_at(r, SPSIM_SERIES_COMPLETED, week, l) * in_year;
                y->wellbeing_improved +=
                    *spsim_series_at(r, SPSIM_SERIES_WELLBEING_IMPROVED, week, l) * in_year;
                y->gp_reduction +=
                    *spsim_series_at(r, SPSIM_SERIES_GP_REDUCTION_VERIFIED, week, l) * in_year;
                y->gp_caused +=
                    *spsim_series_at(r, SPSIM_SERIES_GP_REDUCTION_CAUSED, week, l) * in_year;
            }
        }
    }
}

/* The payment rule for one year's verified outcomes, before the cap. A year in which GP use
 * rose on balance earns nothing for GP use rather than a refund. */
static double payment_due(const spsim_outcome_payments *p, const verified_outcomes *y)
{
    return p->per_person_supported_gbp * y->started + p->per_completion_gbp * y->completed +
           p->per_wellbeing_improvement_gbp * y->wellbeing_improved +
           p->per_gp_consultation_reduced_gbp * fmax(0.0, y->gp_reduction);
}

/* What the year's GP payment rewards that support did not cause (regression to the mean, net
 * of the trend): the verified reduction beyond the caused one, both floored at 0 as paid. */
static double not_caused_due(const spsim_outcome_payments *p, const verified_outcomes *y)
{
    double paid_for = fmax(0.0, y->gp_reduction);
    double caused = fmax(0.0, fmin(paid_for, y->gp_caused));
    return p->per_gp_consultation_reduced_gbp * (paid_for - caused);
}

int spsim_economics_add_payments(spsim_economics_work *w)
{
    const spsim_outcome_payments *p = &w->arm->commissioning.payments;
    int n_years = w->e->n_years;
    verified_outcomes *by_year = calloc((size_t)(n_years > 0 ? n_years : 1), sizeof *by_year);
    if (!by_year) return -1;
    count_outcomes(w, by_year);
    w->payments_not_caused_gbp = 0.0;
    for (int y = 0; y < n_years; y++) {
        double due = payment_due(p, &by_year[y]), paid = due;
        if (p->cap_gbp_per_year > 0) paid = fmin(due, p->cap_gbp_per_year);
        *spsim_economics_at(w->e, SPSIM_FY_COSTS, y, SPSIM_MONEY_NOMINAL,
                            SPSIM_COST_CONTRACT_PAYMENTS) = paid;
        /* A binding cap scales every part of the year's payment alike. */
        if (due > 0.0) w->payments_not_caused_gbp += not_caused_due(p, &by_year[y]) * paid / due;
    }
    free(by_year);
    return 0;
}
