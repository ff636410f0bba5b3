/* Delivery models, contracts and do_nothing on a resolved arm (see delivery.h). */
#include "delivery.h"

#include <math.h>
#include <string.h>

static const double fit_max = 1.5;

static double groups_total(const spsim_locality *loc)
{
    double total = 0;
    for (int k = 0; k < SPSIM_N_ACTIVITIES; k++) total += loc->groups_at_start[k];
    return total;
}

double spsim_vcse_assets(const spsim_arm_params *arm, int locality)
{
    double groups = 0, people = 0;
    for (int l = 0; l < arm->n_localities; l++) {
        groups += groups_total(&arm->localities[l]);
        people += spsim_locality_population(&arm->localities[l]);
    }
    const spsim_locality *loc = &arm->localities[locality];
    double own_people = spsim_locality_population(loc);
    if (groups <= 0 || people <= 0 || own_people <= 0)
        return 1.0; /* nothing to compare with: average assets */
    /* per 10,000 residents on both sides, so the 10,000 cancels */
    return (groups_total(loc) / own_people) / (groups / people);
}

double spsim_delivery_fit(const spsim_delivery_model *m, double deprivation, double assets)
{
    double fit = m->fit_base +
                 m->fit_per_deprivation * (deprivation - SPSIM_FIT_DEPRIVATION_REFERENCE) +
                 m->fit_per_vcse_assets * (assets - 1.0);
    return fmin(fmax(fit, 0.0), fit_max);
}

static void apply_delivery_models(const spsim_delivery_plan *plan, spsim_arm_params *arm)
{
    for (int l = 0; l < arm->n_localities; l++) {
        int model = plan->locality_model[l];
        if (model < 0) continue; /* fit from the `fit` key, ratios 1 */
        const spsim_delivery_model *m = &plan->models[model];
        spsim_locality *loc = &arm->localities[l];
        loc->fit = spsim_delivery_fit(m, loc->deprivation, spsim_vcse_assets(arm, l));
        loc->uptake_ratio = m->uptake_ratio;
        loc->dropout_ratio = m->dropout_ratio;
    }
}

static bool plan_has_staff(const spsim_staff_plan *plan)
{
    for (int i = 0; i < plan->n_steps; i++)
        if (plan->steps[i].fte > 0) return true;
    return false;
}

/* A quilt holds one contract per locality that commissions anything: link workers or builders
 * at any time, or a funding stream. */
static int quilt_contracts(const spsim_arm_params *arm)
{
    int n = 0;
    for (int l = 0; l < arm->n_localities; l++) {
        const spsim_locality *loc = &arm->localities[l];
        n += plan_has_staff(&loc->link_workers) || plan_has_staff(&loc->builders) ||
             loc->n_funding > 0;
    }
    return n;
}

static void no_staff(spsim_staff_plan *plan)
{
    plan->n_steps = 1;
    plan->steps[0] = (spsim_fte_step){0, 0};
}

/* The counterfactual: the same people are referred, but nothing is commissioned or paid for. */
static void switch_off(spsim_arm_params *arm)
{
    for (int l = 0; l < arm->n_localities; l++) {
        spsim_locality *loc = &arm->localities[l];
        no_staff(&loc->link_workers);
        no_staff(&loc->builders);
        loc->n_funding = 0;
        memset(loc->funding, 0, sizeof loc->funding);
    }
    spsim_economics_params *e = &arm->economics;
    e->setup_procurement_gbp = e->setup_digital_gbp = e->setup_directory_gbp = 0;
    e->evaluation_gbp_per_year = 0;
    spsim_commissioning_params *c = &arm->commissioning;
    double threshold = c->payments.wellbeing_improvement_points;
    memset(&c->payments, 0, sizeof c->payments);
    c->payments.wellbeing_improvement_points = threshold; /* a threshold, not a payment */
    c->pooling = false;
    c->social_impact_bond = false;
    c->investor_capital_gbp = 0;
}

void spsim_apply_commissioning(const spsim_delivery_plan *plan, spsim_arm_params *arm)
{
    apply_delivery_models(plan, arm);
    spsim_commissioning_params *c = &arm->commissioning;
    switch (c->model) {
    case SPSIM_COMMISSIONING_BLANKET: c->contracts = 1; break;
    case SPSIM_COMMISSIONING_QUILT: c->contracts = quilt_contracts(arm); break;
    case SPSIM_COMMISSIONING_DO_NOTHING:
        c->contracts = 0;
        switch_off(arm);
        break;
    }
}
