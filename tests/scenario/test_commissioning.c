/* The resolver on commissioning: each locality's fit from its delivery model worked by hand
 * (deprivation, the VCSE-assets ratio and the clamp at both ends), delivery models per arm and
 * per locality, contracts per commissioning model, what do_nothing switches off, neighbours as
 * indices, common random numbers, and the resolved values written for them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "scenario_text.h"
#include "scenario/delivery.h"
#include "scenario/scenario.h"

#define PEOPLE(n)                                                                                  \
    "{age_0_15: " #n ", age_16_29: " #n ", age_30_49: " #n ", age_50_64: " #n ", age_65_plus: " #n \
    "}"

/* Three places of 50,000, 5,000 and 45,000 residents with 15, 3 and 0 groups at start: 1.8 groups
 * per 10,000 residents over all, so VCSE assets are 3 / 1.8, 6 / 1.8 and 0. */
static const char scenario[] =
    "name: unit\n"
    "start_date: 2025-04-01\n"
    "delivery_models:\n"
    "  county:\n"
    "    description: one county-wide provider\n"
    "    uptake_ratio: 0.9\n"
    "    dropout_ratio: 1.2\n"
    "    fit: {base: 0.9, per_deprivation: -1.5, per_vcse_assets: 0.4}\n"
    "  local:\n"
    "    description: hosted by each place\n"
    "    fit: {base: 1.4, per_vcse_assets: 1}\n"
    "  strict:\n"
    "    description: suits only the least deprived places\n"
    "    fit: {base: 0.2, per_deprivation: -5}\n"
    "localities:\n"
    "  town:\n"
    "    population: " PEOPLE(
        10000) "\n"
               "    deprivation: 0.4\n"
               "    rurality: 0.1\n"
               "    fit: 0.8\n"
               "    groups_at_start: {advice: 10, peer_support: 5}\n"
               "    link_workers: {fte: 3}\n"
               "    neighbours: [village, city]\n"
               "    funding: {hub: {kind: commissioned, activity: advice, gbp_per_year: 9000}}\n"
               "  village:\n"
               "    population: " PEOPLE(
                   1000) "\n"
                         "    deprivation: 0.1\n"
                         "    rurality: 0.9\n"
                         "    delivery_model: local\n"
                         "    groups_at_start: {arts_creative: 3}\n"
                         "    builders: {fte: [{from: 2026-04-01, fte: 1}]}\n"
                         "  city:\n"
                         "    population: " PEOPLE(
                             9000) "\n"
                                   "    deprivation: 0.3\n"
                                   "    rurality: 0\n"
                                   "    groups_at_start: {}\n"
                                   "    neighbours: [town]\n"
                                   "economics: {setup_digital_gbp: 1000, evaluation_gbp_per_year: "
                                   "5000}\n"
                                   "commissioning:\n"
                                   "  pooling: true\n"
                                   "  payments: {per_completion_gbp: 300, "
                                   "wellbeing_improvement_points: 1.5,\n"
                                   "             cap_gbp_per_year: 90000}\n"
                                   "  social_impact_bond: true\n"
                                   "  investor_capital_gbp: 250000\n"
                                   "arms:\n"
                                   "  blanket:\n"
                                   "    delivery_model: county\n"
                                   "  quilt:\n"
                                   "    delivery_model: local\n"
                                   "    commissioning: {model: quilt}\n"
                                   "    localities:\n"
                                   "      city:\n"
                                   "        delivery_model: county\n"
                                   "        funding: {chest: {kind: small_grants, activity: "
                                   "peer_support, gbp_per_year: 60}}\n"
                                   "      village: {neighbours: [town]}\n"
                                   "  patchy:\n"
                                   "    commissioning: {model: quilt}\n"
                                   "    localities: {city: {delivery_model: strict}}\n"
                                   "  none:\n"
                                   "    commissioning: {model: do_nothing}\n";

static spsim_scenario *parse(const char *text, spsim_diagnostics *d)
{
    return spsim_test_parse(text, d);
}

static const spsim_resolved_value *resolved(const spsim_scenario *s, int arm, const char *key)
{
    return spsim_test_resolved(s, arm, key);
}

static bool resolved_is(const spsim_scenario *s, int arm, const char *key, const char *value)
{
    const spsim_resolved_value *v = resolved(s, arm, key);
    return CHECK(v && strcmp(v->value, value) == 0, "arm %d, %s: '%s', expected '%s'", arm, key,
                 v ? v->value : "(missing)", value);
}

static bool has_diag(const spsim_diagnostics *d, spsim_diag_severity sev, const char *text)
{
    for (int i = 0; i < d->n; i++)
        if (d->items[i].severity == sev && strcmp(d->items[i].message, text) == 0) return true;
    return false;
}

enum {
    TOWN,
    VILLAGE,
    CITY
};
enum {
    BLANKET,
    QUILT,
    PATCHY,
    NONE
};

/* clamp(base + per_deprivation x (deprivation - 0.2) + per_vcse_assets x (assets - 1), 0, 1.5),
 * worked by hand. */
static void test_fit(const spsim_scenario *s)
{
    const spsim_locality *b = s->arms[BLANKET].localities;
    CHECK_NEAR(b[TOWN].fit, 0.9 - 1.5 * 0.2 + 0.4 * (3 / 1.8 - 1), 1e-12,
               "county in town: 0.9 - 0.3 + 0.2667 = 0.8667");
    CHECK_NEAR(b[CITY].fit, 0.9 - 1.5 * 0.1 + 0.4 * (0 - 1), 1e-12,
               "county in city, no groups: 0.9 - 0.15 - 0.4 = 0.35");
    CHECK_NEAR(b[TOWN].uptake_ratio, 0.9, 0, "county's take-up ratio");
    CHECK_NEAR(b[TOWN].dropout_ratio, 1.2, 0, "county's drop-out ratio");
    const spsim_locality *q = s->arms[QUILT].localities;
    CHECK_NEAR(q[VILLAGE].fit, 1.5, 0, "local in village: 1.4 + (6 / 1.8 - 1) = 3.73, clamped");
    CHECK_NEAR(q[TOWN].fit, 1.5, 0, "local in town: 1.4 + (3 / 1.8 - 1) = 2.07, clamped");
    CHECK_NEAR(q[CITY].fit, b[CITY].fit, 1e-12, "quilt's city chooses county too");
    CHECK_NEAR(q[VILLAGE].uptake_ratio, 1, 0, "local's ratios default to 1");
    CHECK_NEAR(q[VILLAGE].dropout_ratio, 1, 0, "local's drop-out ratio defaults to 1");
    const spsim_locality *p = s->arms[PATCHY].localities;
    CHECK(p[CITY].fit == 0, "strict in city: 0.2 - 5 x 0.1 = -0.3, clamped to 0, got %g",
          p[CITY].fit);
    CHECK(p[TOWN].fit == 0.8 && p[TOWN].uptake_ratio == 1 && p[TOWN].dropout_ratio == 1,
          "no delivery model: the locality's own fit and ratios 1");
}

static void test_choice(const spsim_scenario *s)
{
    const spsim_locality *b = s->arms[BLANKET].localities;
    CHECK_NEAR(b[VILLAGE].fit, 1.5, 0, "village keeps its own delivery model in blanket");
    resolved_is(s, BLANKET, "delivery_model", "county");
    resolved_is(s, BLANKET, "localities.town.delivery_model", "county");
    resolved_is(s, BLANKET, "localities.village.delivery_model", "local");
    resolved_is(s, QUILT, "localities.city.delivery_model", "county");
    resolved_is(s, PATCHY, "delivery_model", "");
    resolved_is(s, PATCHY, "localities.town.delivery_model", "");
    resolved_is(s, PATCHY, "localities.city.delivery_model", "strict");
    resolved_is(s, BLANKET, "delivery_models.county.fit.per_vcse_assets", "0.4");
    resolved_is(s, NONE, "delivery_models.strict.fit.per_deprivation", "-5");
    resolved_is(s, BLANKET, "delivery_models.local.description", "hosted by each place");
    resolved_is(s, BLANKET, "localities.town.fit", "0.8666666667");
    const spsim_resolved_value *computed = resolved(s, BLANKET, "localities.town.fit");
    const spsim_resolved_value *own = resolved(s, PATCHY, "localities.town.fit");
    CHECK(computed && strncmp(computed->source, "computed", 8) == 0,
          "a fit from a delivery model is marked as computed");
    CHECK(own && strncmp(own->source, "Assumption", 10) == 0 && strcmp(own->value, "0.8") == 0,
          "a fit from the `fit` key keeps the key's source");
}

static void test_contracts(const spsim_scenario *s)
{
    CHECK(s->arms[BLANKET].commissioning.model == SPSIM_COMMISSIONING_BLANKET &&
              s->arms[BLANKET].commissioning.contracts == 1,
          "blanket: one contract");
    CHECK(s->arms[QUILT].commissioning.contracts == 3,
          "quilt: town's link workers, village's later builders, city's arm stream: 3, got %d",
          s->arms[QUILT].commissioning.contracts);
    CHECK(s->arms[PATCHY].commissioning.contracts == 2,
          "quilt with nothing commissioned in city: 2, got %d",
          s->arms[PATCHY].commissioning.contracts);
    CHECK(s->arms[NONE].commissioning.contracts == 0, "do_nothing: none");
    resolved_is(s, QUILT, "commissioning.model", "quilt");
    resolved_is(s, QUILT, "commissioning.contracts", "3");
    const spsim_resolved_value *v = resolved(s, QUILT, "commissioning.contracts");
    CHECK(v && strncmp(v->source, "computed", 8) == 0, "contracts are marked as computed");
    const spsim_commissioning_params *c = &s->arms[BLANKET].commissioning;
    CHECK(c->procurement_gbp_per_contract == 40000 &&
              c->contract_management_gbp_per_contract_year == 15000 &&
              c->coordination_gbp_per_year == 60000 && c->management_scale == 1 &&
              c->travel_gbp_per_pooled_episode == 25 && c->payments.per_person_supported_gbp == 0 &&
              c->payments.per_wellbeing_improvement_gbp == 0 &&
              c->payments.per_gp_consultation_reduced_gbp == 0,
          "commissioning defaults");
    CHECK(c->pooling && c->social_impact_bond && c->investor_capital_gbp == 250000 &&
              c->payments.per_completion_gbp == 300 && c->payments.cap_gbp_per_year == 90000,
          "the base scenario's commissioning keys");
}

static bool no_staff(const spsim_staff_plan *plan)
{
    return plan->n_steps == 1 && plan->steps[0].from_week == 0 && plan->steps[0].fte == 0;
}

/* The counterfactual keeps the people and the groups, and drops everything commissioned. */
static void test_do_nothing(const spsim_scenario *s)
{
    const spsim_arm_params *none = &s->arms[NONE], *blanket = &s->arms[BLANKET];
    for (int l = 0; l < none->n_localities; l++) {
        const spsim_locality *loc = &none->localities[l];
        CHECK(no_staff(&loc->link_workers) && no_staff(&loc->builders),
              "%s: no link workers or builders at any time", loc->name);
        CHECK(loc->n_funding == 0, "%s: no funding streams", loc->name);
        CHECK(memcmp(loc->groups_at_start, blanket->localities[l].groups_at_start,
                     sizeof loc->groups_at_start) == 0,
              "%s: the same groups", loc->name);
        CHECK(loc->population[0] == blanket->localities[l].population[0], "%s: the same people",
              loc->name);
    }
    CHECK(blanket->localities[TOWN].n_funding == 1 &&
              !no_staff(&blanket->localities[TOWN].link_workers),
          "the other arms keep theirs");
    const spsim_economics_params *e = &none->economics;
    CHECK(e->setup_procurement_gbp == 0 && e->setup_digital_gbp == 0 &&
              e->setup_directory_gbp == 0 && e->evaluation_gbp_per_year == 0,
          "no set-up or evaluation");
    CHECK(blanket->economics.setup_digital_gbp == 1000 &&
              blanket->economics.evaluation_gbp_per_year == 5000,
          "blanket keeps them");
    const spsim_commissioning_params *c = &none->commissioning;
    CHECK(c->payments.per_completion_gbp == 0 && c->payments.cap_gbp_per_year == 0,
          "no outcome payments");
    CHECK(c->payments.wellbeing_improvement_points == 1.5, "the threshold is not a payment");
    CHECK(!c->pooling && !c->social_impact_bond && c->investor_capital_gbp == 0,
          "no pooling and no social impact bond");
    CHECK(memcmp(&none->referral, &blanket->referral, sizeof none->referral) == 0 &&
              memcmp(&none->uptake, &blanket->uptake, sizeof none->uptake) == 0,
          "the same referrals and take-up");
    resolved_is(s, NONE, "commissioning.pooling", "false");
    resolved_is(s, NONE, "localities.town.link_workers.fte", "[[0, 0]]");
    CHECK(!resolved(s, NONE, "localities.town.funding.hub.kind") &&
              resolved(s, BLANKET, "localities.town.funding.hub.kind"),
          "the removed stream is not listed");
}

static void test_neighbours(const spsim_scenario *s)
{
    const spsim_locality *b = s->arms[BLANKET].localities, *q = s->arms[QUILT].localities;
    CHECK(b[TOWN].n_neighbours == 2 && b[TOWN].neighbours[0] == VILLAGE &&
              b[TOWN].neighbours[1] == CITY,
          "town's neighbours as indices, in the order listed");
    CHECK(b[CITY].n_neighbours == 1 && b[CITY].neighbours[0] == TOWN, "city's neighbour");
    CHECK(b[VILLAGE].n_neighbours == 0, "village lists none");
    CHECK(q[VILLAGE].n_neighbours == 1 && q[VILLAGE].neighbours[0] == TOWN,
          "an arm gives village a neighbour");
    resolved_is(s, BLANKET, "localities.town.neighbours", "[village, city]");
    resolved_is(s, BLANKET, "localities.village.neighbours", "[]");
    resolved_is(s, QUILT, "localities.village.neighbours", "[town]");
}

static void test_warnings(const spsim_diagnostics *d)
{
    CHECK(has_diag(d, SPSIM_DIAG_WARNING,
                   "arm 'blanket', locality 'town': 'localities.town.fit' "
                   "is ignored: delivery model 'county' gives the fit, "
                   "0.8667"),
          "a fit written for a locality with a delivery model is ignored, with a warning");
    CHECK(has_diag(d, SPSIM_DIAG_WARNING,
                   "arm 'quilt', locality 'town': 'localities.town.fit' "
                   "is ignored: delivery model 'local' gives the fit, "
                   "1.5"),
          "and in every arm that ignores it");
    for (int i = 0; i < d->n; i++) {
        const char *m = d->items[i].message;
        CHECK(!strstr(m, "arm 'none'"), "no warning for do_nothing: %s", m);
        CHECK(!strstr(m, "arm 'patchy', locality 'town': 'localities.town.fit'"),
              "no warning for a fit in use: %s", m);
    }
}

static void test_arms(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse(scenario, &d);
    if (!CHECK(s != NULL, "commissioning scenario resolves")) {
        spsim_diagnostics_print(&d, stdout);
        spsim_diagnostics_free(&d);
        return;
    }
    test_fit(s);
    test_choice(s);
    test_contracts(s);
    test_do_nothing(s);
    test_neighbours(s);
    test_warnings(&d);
    CHECK(!s->independent_arm_streams, "common random numbers by default");
    resolved_is(s, BLANKET, "common_random_numbers", "true");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

#define SMALL                                                                                      \
    "name: unit\nstart_date: 2025-04-01\nlocalities:\n"                                            \
    "  town: {population: " PEOPLE(10000) ", deprivation: 0.2, rurality: 0}\n"

static void test_independent_streams(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse(SMALL "common_random_numbers: false\n", &d);
    if (CHECK(s != NULL, "common_random_numbers: false resolves")) {
        CHECK(s->independent_arm_streams, "each arm its own streams");
        resolved_is(s, 0, "common_random_numbers", "false");
        CHECK(s->arms[0].commissioning.model == SPSIM_COMMISSIONING_BLANKET &&
                  s->arms[0].localities[0].fit == 1 && s->arms[0].localities[0].uptake_ratio == 1 &&
                  s->arms[0].localities[0].dropout_ratio == 1,
              "blanket by default; no delivery model: fit 1, ratios 1");
    }
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_pooling_warning(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse(SMALL "arms:\n  alone: {commissioning: {pooling: true}}\n", &d);
    CHECK(s != NULL && has_diag(&d, SPSIM_DIAG_WARNING,
                                "arm 'alone': "
                                "'arms.alone.commissioning.pooling' is true but no locality has "
                                "neighbours, so no slots are shared (expected: "
                                "localities.NAME.neighbours)"),
          "pooling with no neighbours anywhere is warned about");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* VCSE assets with no groups anywhere are average (1); the fit clamps at 0 and 1.5. */
static void test_fit_functions(void)
{
    static spsim_arm_params arm;
    arm.n_localities = 2;
    arm.localities[0].population[0] = 100;
    arm.localities[1].population[0] = 300;
    CHECK(spsim_vcse_assets(&arm, 0) == 1 && spsim_vcse_assets(&arm, 1) == 1,
          "no groups anywhere: assets 1");
    arm.localities[0].groups_at_start[SPSIM_ACTIVITY_ADVICE] = 1;
    arm.localities[1].groups_at_start[SPSIM_ACTIVITY_ARTS_CREATIVE] = 1;
    CHECK_NEAR(spsim_vcse_assets(&arm, 0), (1 / 100.0) / (2 / 400.0), 1e-12,
               "1 group for 100 against 2 for 400: 2");
    CHECK_NEAR(spsim_vcse_assets(&arm, 1), (1 / 300.0) / (2 / 400.0), 1e-12, "2 / 3");
    spsim_delivery_model m = {.fit_base = 1, .fit_per_deprivation = 2, .fit_per_vcse_assets = -1};
    CHECK_NEAR(spsim_delivery_fit(&m, 0.25, 1.2), 1 + 2 * 0.05 - 0.2, 1e-12,
               "1 + 2 x 0.05 - 1 x 0.2 = 0.9");
    CHECK(spsim_delivery_fit(&m, 0.3, 0.5) == 1.5, "1 + 0.2 + 0.5 = 1.7, clamped to 1.5");
    CHECK(spsim_delivery_fit(&m, 0.2, 1) == 1, "at the reference point: base");
    CHECK(spsim_delivery_fit(&m, 0.2, 3) == 0, "1 - 2 = -1, clamped to 0");
}

int main(void)
{
    test_arms();
    test_independent_streams();
    test_pooling_warning();
    test_fit_functions();
    return spsim_check_finish();
}
