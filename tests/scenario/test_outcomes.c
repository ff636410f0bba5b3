/* The resolver on outcomes and economics: every default exactly, tables and PERTs by service
 * replaced whole by a scenario or an arm, each locality's fit per arm, and the resolved values
 * written for them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "scenario_text.h"
#include "scenario/scenario.h"

#define TOWN                                                                                       \
    "  town:\n"                                                                                    \
    "    population: {age_0_15: 8500, age_16_29: 8000, age_30_49: 12500,\n"                        \
    "                 age_50_64: 9000, age_65_plus: 12000}\n"                                      \
    "    deprivation: 0.2\n"                                                                       \
    "    rurality: 0.18\n"

/* One locality "town"; `extra` follows it (more of town's keys, other localities, sections). */
static spsim_scenario *parse_with(const char *extra, spsim_diagnostics *d)
{
    char text[4096];
    snprintf(text, sizeof text, "name: unit\nstart_date: 2025-04-01\nlocalities:\n" TOWN "%s",
             extra);
    return spsim_test_parse(text, d);
}

static const char *resolved(const spsim_scenario *s, int arm, const char *key)
{
    const spsim_resolved_value *v = spsim_test_resolved(s, arm, key);
    return v ? v->value : "(missing)";
}

static void check_pert(const spsim_pert *p, double min, double mode, double max, const char *what)
{
    CHECK(p->min == min && p->mode == mode && p->max == max,
          "%s: PERT %g, %g, %g, expected %g, %g, %g", what, p->min, p->mode, p->max, min, mode,
          max);
}

static void test_outcome_defaults(const spsim_outcome_params *o)
{
    static const double base_rate[SPSIM_N_SERVICES][SPSIM_N_AGE_BANDS] = {
        {3, 4, 5, 6, 8}, {0.35, 0.35, 0.3, 0.35, 0.5}, {0.05, 0.05, 0.07, 0.1, 0.25}};
    static const double need_ratio[SPSIM_N_SERVICES][SPSIM_N_NEEDS] = {
        {1.2, 1.3, 1.5, 1.1}, {1.1, 1.3, 1.4, 1.1}, {1.1, 1.2, 1.6, 1.0}};
    static const double frequent[] = {3, 2.5, 2}, dispersion[] = {2, 1, 0.5};
    for (int sv = 0; sv < SPSIM_N_SERVICES; sv++) {
        for (int a = 0; a < SPSIM_N_AGE_BANDS; a++)
            CHECK(o->base_rate_per_year[sv][a] == base_rate[sv][a], "base rate %s %s: %g",
                  spsim_service_key[sv], spsim_age_band_key[a], o->base_rate_per_year[sv][a]);
        for (int n = 0; n < SPSIM_N_NEEDS; n++)
            CHECK(o->need_ratio[sv][n] == need_ratio[sv][n], "need ratio %s %s: %g",
                  spsim_service_key[sv], spsim_need_key[n], o->need_ratio[sv][n]);
        CHECK(o->frequent_attender_ratio[sv] == frequent[sv], "frequent_attender_ratio %s",
              spsim_service_key[sv]);
        CHECK(o->dispersion[sv] == dispersion[sv], "dispersion %s", spsim_service_key[sv]);
        CHECK(o->trend_per_year[sv] == 0.02, "trend_per_year %s", spsim_service_key[sv]);
    }
    CHECK(o->transient_sd[SPSIM_SERVICE_GP] == 0.5 && o->transient_sd[SPSIM_SERVICE_AE] == 0.5 &&
              o->transient_sd[SPSIM_SERVICE_ADMISSIONS] == 0.45,
          "transient_sd by service");
    CHECK(o->transient_persistence[SPSIM_SERVICE_GP] == 0.25 &&
              o->transient_persistence[SPSIM_SERVICE_AE] == 0.3 &&
              o->transient_persistence[SPSIM_SERVICE_ADMISSIONS] == 0.3,
          "transient_persistence by service");
    static const double selection[SPSIM_N_SOURCES] = {1, 1, 1, 1, 0.5, 0, 0.5, 0};
    for (int src = 0; src < SPSIM_N_SOURCES; src++)
        CHECK(o->referral_selection[src] == selection[src], "referral_selection %s: %g",
              spsim_source_key[src], o->referral_selection[src]);
    CHECK(o->frequent_attender_selection == 1.75, "frequent_attender_selection");
    CHECK(o->effects, "effects on by default");
    check_pert(&o->causal_effect[SPSIM_SERVICE_GP], 0, 0.15, 0.40, "gp");
    check_pert(&o->causal_effect[SPSIM_SERVICE_AE], 0, 0.10, 0.27, "ae");
    check_pert(&o->causal_effect[SPSIM_SERVICE_ADMISSIONS], 0, 0.07, 0.36, "admissions");
    CHECK(o->engaged_contacts == 3, "engaged_contacts");
    CHECK(o->dropout_effect_ratio == 0.5, "dropout_effect_ratio");
    CHECK(o->unmet_need_effect_ratio == 0.5, "unmet_need_effect_ratio");
    CHECK(o->effect_half_life_years == 1.7, "effect_half_life_years");
    CHECK(o->wellbeing_gain_mean == 0.048, "wellbeing_gain_mean");
    CHECK(o->wellbeing_gain_shape == 2, "wellbeing_gain_shape");
    CHECK(o->wellbeing_half_life_years == 1.7, "wellbeing_half_life_years");
}

static void test_economics_defaults(const spsim_economics_params *e)
{
    CHECK(e->price_year == 2023, "price_year 2023, got %d", e->price_year);
    CHECK(e->discount_rate == 0.035, "discount_rate");
    CHECK(e->wellbeing_discount_rate == 0.015, "wellbeing_discount_rate");
    CHECK(e->inflation_per_year == 0.02, "inflation_per_year");
    CHECK(e->pay_award_per_year == 0.03, "pay_award_per_year");
    CHECK(e->recruitment_gbp_per_hire == 3000, "recruitment_gbp_per_hire");
    CHECK(e->training_gbp_per_hire == 2000, "training_gbp_per_hire");
    CHECK(e->setup_procurement_gbp == 50000, "setup_procurement_gbp");
    CHECK(e->setup_digital_gbp == 30000, "setup_digital_gbp");
    CHECK(e->setup_directory_gbp == 20000, "setup_directory_gbp");
    CHECK(e->setup_weeks == 26, "setup_weeks");
    CHECK(e->evaluation_gbp_per_year == 20000, "evaluation_gbp_per_year");
    CHECK(e->unit_cost_gbp[SPSIM_SERVICE_GP] == 45 && e->unit_cost_gbp[SPSIM_SERVICE_AE] == 273 &&
              e->unit_cost_gbp[SPSIM_SERVICE_ADMISSIONS] == 2595,
          "unit costs 45, 273, 2595");
    CHECK(e->gp_minutes_per_consultation == 10, "gp_minutes_per_consultation");
    CHECK(e->gp_hours_per_fte_year == 1575, "gp_hours_per_fte_year");
    CHECK(e->gp_cost_gbp_per_fte_year == 425250, "gp_cost_gbp_per_fte_year");
    CHECK(e->gp_cost_gbp_per_fte_year == e->gp_hours_per_fte_year *
                                             (60 / e->gp_minutes_per_consultation) *
                                             e->unit_cost_gbp[SPSIM_SERVICE_GP],
          "the GP FTE cost is consistent with the unit cost: hours x consultations an hour x 45");
    CHECK(e->gp_posts_not_filled_share == 0, "gp_posts_not_filled_share");
    for (int sv = 0; sv < SPSIM_N_SERVICES; sv++)
        CHECK(e->decommissioned_share[sv] == 0, "decommissioned_share %s", spsim_service_key[sv]);
    CHECK(e->wellby_value_gbp == 13000, "wellby_value_gbp");
    CHECK(e->wellby_value_price_year == 2019, "wellby_value_price_year");
    CHECK(e->wellby_uprating_per_year == 0.042416, "wellby_uprating_per_year");
    CHECK(e->willingness_to_pay_per_wellby_gbp == 15350, "willingness_to_pay_per_wellby_gbp");
}

static void test_defaults(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("", &d);
    if (!CHECK(s != NULL, "minimal scenario resolves")) return;
    test_outcome_defaults(&s->arms[0].outcomes);
    test_economics_defaults(&s->arms[0].economics);
    CHECK(s->arms[0].localities[0].fit == 1, "fit 1 by default");
    CHECK(strcmp(resolved(s, 0, "outcomes.base_rate_per_year.ae"),
                 "{age_0_15: 0.35, age_16_29: 0.35, age_30_49: 0.3, age_50_64: 0.35, "
                 "age_65_plus: 0.5}") == 0,
          "a table's row resolved: %s", resolved(s, 0, "outcomes.base_rate_per_year.ae"));
    CHECK(strcmp(resolved(s, 0, "outcomes.causal_effect.gp"), "{min: 0, mode: 0.15, max: 0.4}") ==
              0,
          "a PERT resolved: %s", resolved(s, 0, "outcomes.causal_effect.gp"));
    CHECK(strcmp(resolved(s, 0, "economics.unit_cost_gbp"),
                 "{gp: 45, ae: 273, admissions: 2595}") == 0,
          "numbers by service resolved: %s", resolved(s, 0, "economics.unit_cost_gbp"));
    CHECK(strcmp(resolved(s, 0, "outcomes.effects"), "true") == 0 &&
              strcmp(resolved(s, 0, "economics.price_year"), "2023") == 0 &&
              strcmp(resolved(s, 0, "localities.town.fit"), "1") == 0,
          "bool, integer and locality values resolved");
    CHECK(strcmp(resolved(s, 0, "outcomes.causal_effect"), "(missing)") == 0 &&
              strcmp(resolved(s, 0, "outcomes.need_ratio.admissions"), "(missing)") != 0,
          "tables and PERTs are listed service by service");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* A scenario's table, PERT or mapping by service replaces the default whole; an arm's replaces
 * the base scenario's whole; the rest of the section is layered key by key. */
static void test_nested_overrides(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with(
        "outcomes:\n"
        "  base_rate_per_year:\n"
        "    gp: {age_0_15: 1, age_16_29: 2, age_30_49: 3, age_50_64: 4, age_65_plus: 5}\n"
        "    ae: {age_0_15: 0.1, age_16_29: 0.2, age_30_49: 0.3, age_50_64: 0.4,\n"
        "         age_65_plus: 0.5}\n"
        "    admissions: {age_0_15: 0, age_16_29: 0, age_30_49: 0, age_50_64: 0,\n"
        "                 age_65_plus: 0.01}\n"
        "  causal_effect:\n"
        "    gp: {min: 0.05, mode: 0.2, max: 0.3}\n"
        "    ae: {min: 0, mode: 0, max: 0.1}\n"
        "    admissions: {min: 0.1, mode: 0.3, max: 0.3}\n"
        "  dispersion: {gp: 4, ae: 3, admissions: 2}\n"
        "economics:\n"
        "  unit_cost_gbp: {gp: 40, ae: 300, admissions: 3000}\n"
        "  discount_rate: 0.03\n"
        "arms:\n"
        "  base: {}\n"
        "  strong:\n"
        "    outcomes:\n"
        "      causal_effect:\n"
        "        gp: {min: 0.1, mode: 0.3, max: 0.5}\n"
        "        ae: {min: 0.1, mode: 0.2, max: 0.3}\n"
        "        admissions: {min: 0, mode: 0.1, max: 0.2}\n"
        "      transient_sd: {gp: 0, ae: 0, admissions: 0}\n"
        "      referral_selection: {gp: 2}\n"
        "      effects: false\n"
        "    economics:\n"
        "      decommissioned_share: {gp: 0, ae: 0.5, admissions: 0.25}\n"
        "      price_year: 2025\n",
        &d);
    if (!CHECK(s != NULL, "scenario with outcomes and economics resolves")) return;
    const spsim_outcome_params *base = &s->arms[0].outcomes, *strong = &s->arms[1].outcomes;
    CHECK(base->base_rate_per_year[SPSIM_SERVICE_GP][SPSIM_AGE_65_PLUS] == 5 &&
              base->base_rate_per_year[SPSIM_SERVICE_AE][SPSIM_AGE_0_15] == 0.1 &&
              base->base_rate_per_year[SPSIM_SERVICE_ADMISSIONS][SPSIM_AGE_50_64] == 0 &&
              base->base_rate_per_year[SPSIM_SERVICE_ADMISSIONS][SPSIM_AGE_65_PLUS] == 0.01,
          "the scenario's table, cell by cell in service and age-band order");
    check_pert(&base->causal_effect[SPSIM_SERVICE_GP], 0.05, 0.2, 0.3, "base gp");
    check_pert(&base->causal_effect[SPSIM_SERVICE_AE], 0, 0, 0.1, "mode at min is allowed");
    check_pert(&base->causal_effect[SPSIM_SERVICE_ADMISSIONS], 0.1, 0.3, 0.3,
               "mode at max is allowed");
    CHECK(base->dispersion[SPSIM_SERVICE_AE] == 3 && base->need_ratio[SPSIM_SERVICE_GP][0] == 1.2,
          "the scenario's mapping by service; keys it leaves out keep their defaults");
    check_pert(&strong->causal_effect[SPSIM_SERVICE_AE], 0.1, 0.2, 0.3, "the arm's own PERT");
    check_pert(&strong->causal_effect[SPSIM_SERVICE_ADMISSIONS], 0, 0.1, 0.2,
               "the arm replaces every service's PERT");
    CHECK(strong->base_rate_per_year[SPSIM_SERVICE_GP][SPSIM_AGE_0_15] == 1 &&
              strong->dispersion[SPSIM_SERVICE_GP] == 4,
          "keys the arm leaves out come from the base scenario");
    CHECK(!strong->effects && base->effects, "effects: false in one arm only");
    CHECK(strong->transient_sd[SPSIM_SERVICE_AE] == 0 &&
              base->transient_sd[SPSIM_SERVICE_AE] == 0.5,
          "transient_sd: 0 in one arm only");
    CHECK(strong->referral_selection[SPSIM_SOURCE_GP] == 2 &&
              strong->referral_selection[SPSIM_SOURCE_HOSPITAL_DISCHARGE] == 0 &&
              base->referral_selection[SPSIM_SOURCE_HOSPITAL_DISCHARGE] == 1,
          "an arm's referral_selection replaces the whole mapping; sources left out have 0");
    const spsim_economics_params *eb = &s->arms[0].economics, *es = &s->arms[1].economics;
    CHECK(eb->unit_cost_gbp[SPSIM_SERVICE_AE] == 300 && es->unit_cost_gbp[SPSIM_SERVICE_AE] == 300,
          "the scenario's unit costs in both arms");
    CHECK(eb->discount_rate == 0.03 && es->discount_rate == 0.03, "the scenario's discount rate");
    CHECK(es->decommissioned_share[SPSIM_SERVICE_AE] == 0.5 &&
              es->decommissioned_share[SPSIM_SERVICE_ADMISSIONS] == 0.25 &&
              eb->decommissioned_share[SPSIM_SERVICE_AE] == 0,
          "the arm's decommissioned shares");
    CHECK(es->price_year == 2025 && eb->price_year == 2023, "the arm's price year");
    CHECK(strcmp(resolved(s, 1, "outcomes.causal_effect.ae"), "{min: 0.1, mode: 0.2, max: 0.3}") ==
                  0 &&
              strcmp(resolved(s, 0, "outcomes.causal_effect.ae"), "{min: 0, mode: 0, max: 0.1}") ==
                  0,
          "each arm's PERT resolved");
    CHECK(strcmp(resolved(s, 1, "outcomes.effects"), "false") == 0 &&
              strcmp(resolved(s, 1, "economics.decommissioned_share"),
                     "{gp: 0, ae: 0.5, admissions: 0.25}") == 0,
          "each arm's values resolved");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* fit: the arm's locality > the base locality > the default, like deprivation. */
static void test_fit(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("    fit: 0.8\n" VILLAGE_YAML "arms:\n"
                                   "  blanket:\n"
                                   "    localities: {village: {fit: 0.6}}\n"
                                   "  quilt:\n"
                                   "    localities: {town: {fit: 1.2}, village: {fit: 1.5}}\n",
                                   &d);
    if (!CHECK(s != NULL, "scenario with fits resolves")) return;
    const spsim_arm_params *blanket = &s->arms[0], *quilt = &s->arms[1];
    CHECK(blanket->localities[0].fit == 0.8, "town: the base locality's fit");
    CHECK(blanket->localities[1].fit == 0.6, "village: the arm's fit");
    CHECK(quilt->localities[0].fit == 1.2 && quilt->localities[1].fit == 1.5,
          "another arm's own fits, up to 1.5");
    CHECK(strcmp(resolved(s, 0, "localities.village.fit"), "0.6") == 0 &&
              strcmp(resolved(s, 1, "localities.town.fit"), "1.2") == 0,
          "fit resolved per arm and locality");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

int main(void)
{
    test_defaults();
    test_nested_overrides();
    test_fit();
    return spsim_check_finish();
}
