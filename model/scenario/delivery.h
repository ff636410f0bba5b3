/* Delivery models and commissioning, once every other key of an arm is resolved: the delivery
 * model each locality uses (its fit, take-up and drop-out ratios), neighbours as indices, the
 * number of contracts, and what do_nothing switches off.
 *
 * The models themselves are scenario-wide (`delivery_models`), so they live here rather than in
 * an arm's parameters; the registry stores their keys into spsim_delivery_model. */
#ifndef SPSIM_DELIVERY_H
#define SPSIM_DELIVERY_H

#include "params.h"

enum {
    SPSIM_MAX_DELIVERY_MODELS = 16
};

typedef struct {
    char name[SPSIM_NAME_MAX];
    char description[SPSIM_TEXT_MAX];
    double uptake_ratio;        /* multiplier on take-up probability */
    double dropout_ratio;       /* multiplier on the drop-out hazard */
    double fit_base;            /* fit at England's deprivation share and average VCSE assets */
    double fit_per_deprivation; /* fit per unit of deprivation share above 0.2 */
    double fit_per_vcse_assets; /* fit per unit of VCSE assets above the arm's average */
} spsim_delivery_model;

/* The scenario's delivery models and which one each locality of one arm uses. */
typedef struct {
    int n_models;
    spsim_delivery_model models[SPSIM_MAX_DELIVERY_MODELS];
    int arm_model;                            /* the arm's delivery_model; -1: none */
    int locality_model[SPSIM_MAX_LOCALITIES]; /* what each locality uses; -1: none */
} spsim_delivery_plan;

/* Deprivation share at which a delivery model's fit is its base (England's share). */
#define SPSIM_FIT_DEPRIVATION_REFERENCE 0.2

/* A locality's VCSE assets: its groups at start per 10,000 residents over the same figure for
 * all the arm's localities together; 1 when there are no groups anywhere. */
double spsim_vcse_assets(const spsim_arm_params *arm, int locality);

/* clamp(base + per_deprivation x (deprivation - 0.2) + per_vcse_assets x (assets - 1), 0, 1.5) */
double spsim_delivery_fit(const spsim_delivery_model *m, double deprivation, double assets);

/* Fit and ratios of every locality with a delivery model (`plan->locality_model`), contracts,
 * and do_nothing's switching off; neighbours are set by the resolver. */
void spsim_apply_commissioning(const spsim_delivery_plan *plan, spsim_arm_params *arm);

#endif
