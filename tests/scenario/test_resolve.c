/* The resolver on small scenarios held in memory: defaults, arm overrides, per-locality
 * link_workers and builders, fte plans, formula allocation, n_weeks, community activity, groups
 * at start, funding streams, resolved values and arm selection. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "scenario_text.h"
#include "scenario/scenario.h"

/* One locality "town" of 50,000 residents; `extra` is appended at the top level. */
static spsim_scenario *parse_with(const char *extra, spsim_diagnostics *d)
{
    char text[4096];
    snprintf(text, sizeof text,
             "name: unit\n"
             "start_date: 2025-04-01\n"
             "localities:\n"
             "  town:\n"
             "    population: {age_0_15: 8500, age_16_29: 8000, age_30_49: 12500,\n"
             "                 age_50_64: 9000, age_65_plus: 12000}\n"
             "    deprivation: 0.2\n"
             "    rurality: 0.18\n"
             "%s",
             extra);
    return spsim_test_parse(text, d);
}

static const spsim_resolved_value *resolved(const spsim_scenario *s, int arm, const char *key)
{
    return spsim_test_resolved(s, arm, key);
}

static bool has_diag(const spsim_diagnostics *d, spsim_diag_severity sev, const char *part)
{
    for (int i = 0; i < d->n; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].message, part)) return true;
    return false;
}

static void test_defaults(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("", &d);
    if (!CHECK(s != NULL, "minimal scenario resolves")) return;
    CHECK(d.n == 1 && has_diag(&d, SPSIM_DIAG_WARNING, "offered nothing"),
          "only the warning that nothing is offered (no link workers by default), got %d "
          "diagnostics",
          d.n);
    CHECK(strcmp(s->name, "unit") == 0 && s->description[0] == '\0', "name and description");
    CHECK(s->seed == 1 && s->replications == 100, "seed 1, replications 100");
    CHECK_NEAR(s->horizon_years, 10, 0, "horizon_years");
    CHECK(s->n_weeks == 522, "n_weeks = round(10 x 365.25 / 7) = 522, got %d", s->n_weeks);
    CHECK(s->start_year == 2025 && s->start_month == 4 && s->start_day == 1, "start date");
    CHECK(s->n_arms == 1 && strcmp(s->arms[0].name, "base") == 0, "one arm named base");
    const spsim_arm_params *a = &s->arms[0];
    CHECK(a->description[0] == '\0', "arm description empty");
    CHECK_NEAR(a->referral.base_rate_per_1000_per_year, 22.5, 0, "base rate");
    const double sources[] = {0.60, 0.10, 0.02, 0.05, 0.06, 0.07, 0.04, 0.06};
    for (int i = 0; i < SPSIM_N_SOURCES; i++)
        CHECK_NEAR(a->referral.source_share[i], sources[i], 0, spsim_source_key[i]);
    CHECK_NEAR(a->referral.deprivation_rate_ratio, 1.5, 0, "deprivation_rate_ratio");
    CHECK_NEAR(a->referral.maturity_start_fraction, 0.5, 0, "maturity_start_fraction");
    CHECK_NEAR(a->referral.maturity_years, 2, 0, "maturity_years");
    const double needs[] = {0.30, 0.30, 0.25, 0.15};
    for (int i = 0; i < SPSIM_N_NEEDS; i++)
        CHECK_NEAR(a->referral.need_share[i], needs[i], 0, spsim_need_key[i]);
    CHECK_NEAR(a->referral.frequent_attender_share, 0.10, 0, "frequent_attender_share");
    CHECK_NEAR(a->uptake.probability, 0.89, 0, "uptake.probability");
    CHECK_NEAR(a->uptake.self_referral_probability, 0.95, 0, "self_referral_probability");
    CHECK_NEAR(a->uptake.wait_sensitivity_per_week, 0.02, 0, "wait_sensitivity_per_week");
    CHECK(a->allocation == SPSIM_ALLOCATION_PER_PLACE, "allocation per_place");
    CHECK_NEAR(a->fte_per_10000_population, 1.0, 0, "fte_per_10000_population");
    const spsim_staff_plan *lw = &a->localities[0].link_workers;
    CHECK(lw->n_steps == 1 && lw->steps[0].from_week == 0 && lw->steps[0].fte == 0,
          "fte 0 from week 0");
    CHECK_NEAR(lw->recruitment_lag_weeks, 12, 0, "recruitment_lag_weeks");
    CHECK_NEAR(lw->attrition_per_year, 0.15, 0, "attrition_per_year");
    CHECK_NEAR(lw->training_ramp_weeks, 8, 0, "training_ramp_weeks");
    CHECK_NEAR(lw->caseload_per_fte, 50, 0, "caseload_per_fte");
    CHECK(lw->capacity == SPSIM_CAPACITY_CONTACT_TIME, "capacity from contact time");
    CHECK_NEAR(lw->hours_per_fte_year, 1574, 0, "hours_per_fte_year");
    CHECK_NEAR(lw->indirect_hours_per_direct_hour, 0.91, 0, "indirect_hours_per_direct_hour");
    CHECK_NEAR(lw->minutes_per_contact, 40, 0, "minutes_per_contact");
    /* 1,574 / 52.18 / 1.91 = 15.79 contact hours a week over 40 minutes every 2 weeks */
    CHECK_NEAR(spsim_slots_per_fte(lw, &a->support, 0.18), 47.38, 0.01, "slots per FTE from time");
    CHECK(lw->posts_filled_at_start, "posts_filled_at_start");
    CHECK_NEAR(a->support.contacts_mean, 6, 0, "contacts_mean");
    CHECK_NEAR(a->support.contacts_dispersion, 0.8, 0, "contacts_dispersion");
    CHECK_NEAR(a->support.contact_interval_weeks, 2, 0, "contact_interval_weeks");
    CHECK_NEAR(a->support.contact_interval_shape, 2, 0, "contact_interval_shape");
    CHECK_NEAR(a->support.dropout_per_week, 0.02, 0, "dropout_per_week");
    CHECK_NEAR(a->support.first_contact_delay_weeks, 1, 0, "first_contact_delay_weeks");
    CHECK_NEAR(a->support.first_contact_delay_shape, 2, 0, "first_contact_delay_shape");
    CHECK_NEAR(a->support.no_show_probability, 0.15, 0, "no_show_probability");
    CHECK(a->reneging.enabled, "reneging enabled");
    CHECK_NEAR(a->reneging.median_weeks, 12, 0, "reneging.median_weeks");
    CHECK_NEAR(a->reneging.shape, 1.5, 0, "reneging.shape");
    CHECK_NEAR(a->pay.salary_gbp_per_fte_year, 30142, 0, "salary");
    CHECK_NEAR(a->pay.on_cost_fraction, 0.317464, 0, "on_cost_fraction");
    CHECK_NEAR(a->pay.management_gbp_per_fte_year, 8855, 0, "management");
    CHECK_NEAR(a->pay.non_staff_capital_gbp_per_fte_year, 21294, 0, "non-staff and capital");
    CHECK(a->n_localities == 1 && strcmp(a->localities[0].name, "town") == 0, "one locality");
    CHECK_NEAR(a->localities[0].population[SPSIM_AGE_65_PLUS], 12000, 0, "age_65_plus");
    CHECK_NEAR(a->localities[0].deprivation, 0.2, 0, "deprivation");
    CHECK_NEAR(a->localities[0].rurality, 0.18, 0, "rurality");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_arm_overrides(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("link_workers: {fte: 5}\n"
                                   "uptake: {probability: 0.8}\n"
                                   "arms:\n"
                                   "  eager:\n"
                                   "    description: more take-up\n"
                                   "    uptake: {probability: 0.95}\n"
                                   "  plain: {}\n",
                                   &d);
    if (!CHECK(s != NULL, "scenario with two arms resolves")) return;
    CHECK(s->n_arms == 2 && strcmp(s->arms[0].name, "eager") == 0 &&
              strcmp(s->arms[1].name, "plain") == 0,
          "arms in file order");
    CHECK_NEAR(s->arms[0].uptake.probability, 0.95, 0, "the overriding arm");
    CHECK_NEAR(s->arms[1].uptake.probability, 0.8, 0, "the other arm keeps the base value");
    CHECK(strcmp(s->arms[0].description, "more take-up") == 0 && s->arms[1].description[0] == 0,
          "arm descriptions");
    CHECK_NEAR(s->arms[1].uptake.self_referral_probability, 0.95, 0, "defaults still apply");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* Precedence: arm locality > base locality > arm scenario-level > base scenario-level. */
static void test_per_locality(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with(
        VILLAGE_YAML "    link_workers: {caseload_per_fte: 30, fte: 0.5}\n"
                     "link_workers: {caseload_per_fte: 40, fte: 5}\n"
                     "arms:\n"
                     "  base: {}\n"
                     "  wide:\n"
                     "    link_workers: {caseload_per_fte: 60}\n"
                     "  small:\n"
                     "    localities:\n"
                     "      village: {link_workers: {caseload_per_fte: 20}, deprivation: 0.3}\n",
        &d);
    if (!CHECK(s != NULL, "scenario with a per-locality override resolves")) return;
    const spsim_arm_params *base = &s->arms[0], *wide = &s->arms[1], *small = &s->arms[2];
    CHECK_NEAR(base->localities[0].link_workers.caseload_per_fte, 40, 0, "town: scenario level");
    CHECK_NEAR(base->localities[1].link_workers.caseload_per_fte, 30, 0, "village: its own");
    CHECK_NEAR(base->localities[1].link_workers.steps[0].fte, 0.5, 0, "village: its own fte");
    CHECK_NEAR(base->localities[0].link_workers.steps[0].fte, 5, 0, "town: scenario-level fte");
    CHECK_NEAR(wide->localities[0].link_workers.caseload_per_fte, 60, 0, "town: arm level");
    CHECK_NEAR(wide->localities[1].link_workers.caseload_per_fte, 30, 0,
               "village: base locality value beats the arm's scenario-level value");
    CHECK_NEAR(small->localities[1].link_workers.caseload_per_fte, 20, 0, "village: arm locality");
    CHECK_NEAR(small->localities[1].deprivation, 0.3, 0, "arm overrides deprivation");
    CHECK_NEAR(small->localities[0].link_workers.caseload_per_fte, 40, 0, "town untouched");
    CHECK_NEAR(base->localities[1].link_workers.attrition_per_year, 0.15, 0, "default");

    const spsim_resolved_value *v =
        resolved(s, 2, "localities.village.link_workers.caseload_per_fte");
    CHECK(v && strcmp(v->value, "20") == 0 && strcmp(v->unit, "people at once per FTE") == 0,
          "resolved value of a per-locality key, with its unit");
    v = resolved(s, 0, "localities.town.population");
    CHECK(v && strcmp(v->value, "{age_0_15: 8500, age_16_29: 8000, age_30_49: 12500, "
                                "age_50_64: 9000, age_65_plus: 12000}") == 0,
          "resolved population: %s", v ? v->value : "(missing)");
    v = resolved(s, 0, "referral.need_shares");
    CHECK(v && strncmp(v->source, "Assumption", 10) == 0, "assumptions say so in the output");
    CHECK(resolved(s, 1, "arms.wide.description") && resolved(s, 1, "seed") &&
              !resolved(s, 1, "link_workers.caseload_per_fte"),
          "arm description and scenario keys listed; per-locality keys only per locality");
    /* 7 scenario keys; per locality 7 of its own, 14 link_workers and 4 builders keys; 28 link-
     * worker-era arm keys, 12 community keys with need_activity as 4 rows, 10 builders keys;
     * 19 outcomes keys with two tables and the PERT as 3 rows each, 22 economics keys; the
     * arm's delivery_model, 17 commissioning keys and the contracts computed. */
    CHECK(s->n_resolved[0] ==
              7 + 2 * (7 + 14 + 4) + 28 + (12 + 4) + 10 + (19 + 3 * 2) + 22 + 1 + 17 + 1,
          "every registry key resolved: %d", s->n_resolved[0]);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_fte_plan(void)
{
    spsim_diagnostics d;
    spsim_scenario *s =
        parse_with("link_workers:\n"
                   "  fte: [{from: 2025-01-01, fte: 2}, {from: 2025-03-01, fte: 2.5},\n"
                   "        {from: 2025-10-01, fte: 3}]\n"
                   "arms:\n"
                   "  early: {}\n"
                   "  late:\n"
                   "    link_workers: {fte: [{from: 2025-04-15, fte: 4}]}\n",
                   &d);
    if (!CHECK(s != NULL, "scenario with fte plans resolves")) return;
    const spsim_staff_plan *p = &s->arms[0].localities[0].link_workers;
    CHECK(p->n_steps == 2, "steps before the start collapse into week 0: %d steps", p->n_steps);
    CHECK(p->steps[0].from_week == 0 && p->steps[0].fte == 2.5, "the last step before the start");
    CHECK_NEAR(p->steps[1].from_week, 183.0 / 7.0, 1e-12, "2025-10-01 is 183 days on");
    CHECK_NEAR(p->steps[1].fte, 3, 0, "fte of the second step");
    p = &s->arms[1].localities[0].link_workers;
    CHECK(p->n_steps == 2 && p->steps[0].from_week == 0 && p->steps[0].fte == 0,
          "no FTE until a plan's first step");
    CHECK_NEAR(p->steps[1].from_week, 2, 1e-12, "2025-04-15 is week 2");
    const spsim_resolved_value *v = resolved(s, 1, "localities.town.link_workers.fte");
    CHECK(v && strcmp(v->value, "[[0, 0], [2, 4]]") == 0, "resolved plan: %s",
          v ? v->value : "(missing)");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_formula(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("link_workers: {allocation: formula, fte_per_10000_population: "
                                   "2.0}\n"
                                   "horizon_years: 1\n",
                                   &d);
    if (!CHECK(s != NULL, "formula scenario resolves")) return;
    const spsim_staff_plan *p = &s->arms[0].localities[0].link_workers;
    CHECK(p->n_steps == 1 && p->steps[0].from_week == 0, "one step from week 0");
    CHECK_NEAR(p->steps[0].fte, 10, 1e-12, "2 per 10,000 x 50,000 residents");
    CHECK(s->n_weeks == 52, "n_weeks for one year: %d", s->n_weeks);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);

    s = parse_with("    link_workers: {fte: 3}\n"
                   "link_workers: {allocation: formula}\n"
                   "horizon_years: 0.5\n",
                   &d);
    if (!CHECK(s != NULL, "formula with a per-locality fte resolves")) return;
    CHECK_NEAR(s->arms[0].localities[0].link_workers.steps[0].fte, 5, 1e-12,
               "the per-locality fte is ignored under formula");
    CHECK(has_diag(&d, SPSIM_DIAG_WARNING, "'localities.town.link_workers.fte' is ignored"),
          "and a warning says so");
    CHECK(s->n_weeks == 26, "n_weeks = round(0.5 x 365.25 / 7) = 26, got %d", s->n_weeks);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_community_defaults(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("", &d);
    if (!CHECK(s != NULL, "minimal scenario resolves")) return;
    const spsim_arm_params *a = &s->arms[0];
    const spsim_community_params *c = &a->community;
    static const double rows[SPSIM_N_NEEDS][SPSIM_N_ACTIVITIES] = {
        {0.25, 0.20, 0.35, 0, 0.20},
        {0.25, 0.30, 0.25, 0.05, 0.15},
        {0.10, 0.40, 0.35, 0.05, 0.10},
        {0, 0, 0.10, 0.80, 0.10},
    };
    for (int n = 0; n < SPSIM_N_NEEDS; n++)
        for (int k = 0; k < SPSIM_N_ACTIVITIES; k++)
            CHECK(c->need_activity[n][k] == rows[n][k], "need_activity %s %s: %g",
                  spsim_need_key[n], spsim_activity_key[k], c->need_activity[n][k]);
    CHECK(c->agreement_contact == 2, "agreement_contact 2, got %d", c->agreement_contact);
    CHECK_NEAR(c->place_weeks_mean, 26, 0, "place_weeks_mean");
    CHECK_NEAR(c->place_weeks_shape, 2, 0, "place_weeks_shape");
    CHECK_NEAR(c->place_wait_weeks, 8, 0, "place_wait_weeks");
    CHECK_NEAR(c->connection_failure_probability, 0.20, 0, "connection_failure_probability");
    CHECK(c->group_size == 4, "group_size 4, got %d", c->group_size);
    CHECK_NEAR(c->closure_per_year, 0.15, 0, "closure_per_year");
    CHECK_NEAR(c->funded_closure_ratio, 0.25, 0, "funded_closure_ratio");
    CHECK_NEAR(c->unmet_need_memory_weeks, 13, 0, "unmet_need_memory_weeks");
    CHECK_NEAR(c->formation_per_10000_per_year, 2.4, 0, "formation_per_10000_per_year");
    const spsim_locality *town = &a->localities[0];
    for (int k = 0; k < SPSIM_N_ACTIVITIES; k++) {
        CHECK_NEAR(c->groups_per_10000_population[k], 3, 0, "groups_per_10000_population");
        CHECK(town->groups_at_start[k] == 15, "3 per 10,000 x 50,000 residents: %s %g",
              spsim_activity_key[k], town->groups_at_start[k]);
    }
    const spsim_staff_plan *b = &town->builders;
    CHECK(b->n_steps == 1 && b->steps[0].from_week == 0 && b->steps[0].fte == 0,
          "no builders by default");
    CHECK_NEAR(b->recruitment_lag_weeks, 12, 0, "builders.recruitment_lag_weeks");
    CHECK_NEAR(b->attrition_per_year, 0.15, 0, "builders.attrition_per_year");
    CHECK(b->posts_filled_at_start, "builders.posts_filled_at_start");
    CHECK(b->training_ramp_weeks == 0 && b->caseload_per_fte == 0,
          "a builder plan has no training ramp and no caseload");
    const spsim_builder_params *bp = &a->builders;
    CHECK(!bp->trusted_at_start, "builders start untrusted");
    CHECK_NEAR(bp->trust_midpoint_weeks, 52, 0, "trust_midpoint_weeks");
    CHECK_NEAR(bp->trust_90_weeks, 104, 0, "trust_90_weeks");
    CHECK_NEAR(bp->groups_per_trusted_fte_per_year, 8, 0, "groups_per_trusted_fte_per_year");
    CHECK_NEAR(bp->groups_supported_per_fte, 40, 0, "groups_supported_per_fte");
    CHECK_NEAR(bp->closure_reduction, 0.6, 0, "closure_reduction");
    CHECK_NEAR(bp->access_gain, 0.5, 0, "access_gain");
    CHECK_NEAR(bp->pay.salary_gbp_per_fte_year, 22651, 0, "builder salary");
    CHECK_NEAR(bp->pay.on_cost_fraction, 0.298397, 0, "builder on-costs");
    CHECK_NEAR(bp->pay.management_gbp_per_fte_year, 18778, 0, "builder overheads");
    CHECK(town->n_funding == 0, "no funding streams by default");
    const spsim_resolved_value *v = resolved(s, 0, "localities.town.groups_at_start");
    CHECK(v &&
              strcmp(v->value, "{arts_creative: 15, physical_nature: 15, peer_support: 15, "
                               "advice: 15, learning_volunteering: 15}") == 0 &&
              strcmp(v->unit, "groups") == 0,
          "resolved groups at start: %s", v ? v->value : "(missing)");
    v = resolved(s, 0, "builders.overhead_gbp_per_fte_year");
    CHECK(v && strcmp(v->value, "18778") == 0 && strncmp(v->source, "derived: PSSRU", 14) == 0,
          "resolved builder overheads with their source");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* groups_at_start: the locality's own, else groups_per_10000_population x population / 10,000
 * rounded to the nearest group, from the arm's own rate. */
static void test_groups_at_start(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with(
        VILLAGE_YAML "    groups_at_start: {advice: 2, peer_support: 1}\n"
                     "community:\n"
                     "  groups_per_10000_population: {arts_creative: 1, physical_nature: 0.25,\n"
                     "                                peer_support: 0.35}\n"
                     "arms:\n"
                     "  base: {}\n"
                     "  rich:\n"
                     "    community: {groups_per_10000_population: {advice: 2}}\n"
                     "  few:\n"
                     "    localities: {village: {groups_at_start: {arts_creative: 7}}}\n",
        &d);
    if (!CHECK(s != NULL, "scenario with groups resolves")) return;
    const double *town = s->arms[0].localities[0].groups_at_start;
    CHECK_NEAR(town[SPSIM_ACTIVITY_ARTS_CREATIVE], 5, 0, "1 x 50,000 / 10,000");
    CHECK_NEAR(town[SPSIM_ACTIVITY_PHYSICAL_NATURE], 1, 0, "1.25 rounds down");
    CHECK_NEAR(town[SPSIM_ACTIVITY_PEER_SUPPORT], 2, 0, "1.75 rounds up");
    CHECK_NEAR(town[SPSIM_ACTIVITY_ADVICE], 0, 0, "activities left out of the rate have none");
    const double *village = s->arms[0].localities[1].groups_at_start;
    CHECK(village[SPSIM_ACTIVITY_ADVICE] == 2 && village[SPSIM_ACTIVITY_PEER_SUPPORT] == 1 &&
              village[SPSIM_ACTIVITY_ARTS_CREATIVE] == 0,
          "a locality's own groups are kept as given");
    town = s->arms[1].localities[0].groups_at_start;
    CHECK(town[SPSIM_ACTIVITY_ADVICE] == 10 && town[SPSIM_ACTIVITY_ARTS_CREATIVE] == 0,
          "an arm's own rate replaces the whole mapping");
    village = s->arms[2].localities[1].groups_at_start;
    CHECK(village[SPSIM_ACTIVITY_ARTS_CREATIVE] == 7 && village[SPSIM_ACTIVITY_ADVICE] == 0,
          "an arm's groups_at_start replaces the locality's whole mapping");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* need_activity is layered need by need: arm row > base row > default row. */
static void test_need_activity_rows(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("community:\n"
                                   "  need_activity:\n"
                                   "    practical: {advice: 0.9, peer_support: 0.1}\n"
                                   "arms:\n"
                                   "  lonely:\n"
                                   "    community:\n"
                                   "      need_activity: {loneliness: {peer_support: 1}}\n"
                                   "  plain: {}\n",
                                   &d);
    if (!CHECK(s != NULL, "scenario with need_activity rows resolves")) return;
    const double(*base)[SPSIM_N_ACTIVITIES] = s->arms[1].community.need_activity;
    const double(*arm)[SPSIM_N_ACTIVITIES] = s->arms[0].community.need_activity;
    const int practical = SPSIM_NEED_PRACTICAL, lonely = SPSIM_NEED_LONELINESS;
    CHECK(base[practical][SPSIM_ACTIVITY_ADVICE] == 0.9 &&
              base[practical][SPSIM_ACTIVITY_PEER_SUPPORT] == 0.1 &&
              base[practical][SPSIM_ACTIVITY_LEARNING_VOLUNTEERING] == 0,
          "a given row; activities left out of it are 0");
    CHECK(base[lonely][SPSIM_ACTIVITY_PEER_SUPPORT] == 0.35 &&
              base[lonely][SPSIM_ACTIVITY_ARTS_CREATIVE] == 0.25,
          "a need left out keeps its default");
    CHECK(arm[lonely][SPSIM_ACTIVITY_PEER_SUPPORT] == 1 &&
              arm[lonely][SPSIM_ACTIVITY_ARTS_CREATIVE] == 0,
          "the arm's own row");
    CHECK(arm[practical][SPSIM_ACTIVITY_ADVICE] == 0.9,
          "a row the arm leaves out comes from the base scenario, not the default");
    CHECK(arm[SPSIM_NEED_LOW_MOOD][SPSIM_ACTIVITY_PHYSICAL_NATURE] == 0.30,
          "and rows neither gives from the default");
    const spsim_resolved_value *v = resolved(s, 0, "community.need_activity.practical");
    CHECK(v &&
              strcmp(v->value, "{arts_creative: 0, physical_nature: 0, peer_support: 0.1, "
                               "advice: 0.9, learning_volunteering: 0}") == 0 &&
              strcmp(v->unit, "share") == 0,
          "resolved row: %s", v ? v->value : "(missing)");
    CHECK(resolved(s, 0, "community.need_activity.loneliness") &&
              !resolved(s, 0, "community.need_activity"),
          "one resolved value per need");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* Builders per locality follow the link workers' precedence. */
static void test_builders_per_locality(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with(
        VILLAGE_YAML "    builders: {fte: 0.5, recruitment_lag_weeks: 20}\n"
                     "builders: {fte: 2, attrition_per_year: 0.1, trusted_at_start: true}\n"
                     "arms:\n"
                     "  base: {}\n"
                     "  wide:\n"
                     "    builders: {fte: 3, recruitment_lag_weeks: 6}\n"
                     "  small:\n"
                     "    localities:\n"
                     "      village: {builders: {fte: [{from: 2025-10-01, fte: 1}]}}\n",
        &d);
    if (!CHECK(s != NULL, "scenario with per-locality builders resolves")) return;
    const spsim_arm_params *base = &s->arms[0], *wide = &s->arms[1], *small = &s->arms[2];
    CHECK_NEAR(base->localities[0].builders.steps[0].fte, 2, 0, "town: scenario-level fte");
    CHECK_NEAR(base->localities[1].builders.steps[0].fte, 0.5, 0, "village: its own fte");
    CHECK_NEAR(base->localities[0].builders.recruitment_lag_weeks, 12, 0, "town: default lag");
    CHECK_NEAR(base->localities[1].builders.recruitment_lag_weeks, 20, 0, "village: its own");
    CHECK_NEAR(wide->localities[0].builders.steps[0].fte, 3, 0, "town: arm level");
    CHECK_NEAR(wide->localities[0].builders.recruitment_lag_weeks, 6, 0, "town: arm level lag");
    CHECK_NEAR(wide->localities[1].builders.steps[0].fte, 0.5, 0,
               "village: base locality value beats the arm's scenario-level value");
    CHECK_NEAR(wide->localities[1].builders.recruitment_lag_weeks, 20, 0, "village lag kept");
    const spsim_staff_plan *p = &small->localities[1].builders;
    CHECK(p->n_steps == 2 && p->steps[0].fte == 0 && p->steps[1].fte == 1,
          "village: the arm's own plan");
    CHECK_NEAR(p->steps[1].from_week, 183.0 / 7.0, 1e-12, "2025-10-01 is 183 days on");
    CHECK_NEAR(small->localities[0].builders.steps[0].fte, 2, 0, "town untouched");
    CHECK_NEAR(base->localities[1].builders.attrition_per_year, 0.1, 0, "scenario-level attrition");
    CHECK(base->builders.trusted_at_start && wide->builders.trusted_at_start,
          "scenario-level builders keys apply to every arm");
    CHECK(base->localities[1].link_workers.recruitment_lag_weeks == 12 &&
              base->localities[0].link_workers.attrition_per_year == 0.15,
          "builders' values do not leak into link workers");
    const spsim_resolved_value *v = resolved(s, 2, "localities.village.builders.fte");
    CHECK(v && strcmp(v->value, "[[0, 0], [26.1429, 1]]") == 0 && strcmp(v->unit, "FTE") == 0,
          "resolved builder plan: %s", v ? v->value : "(missing)");
    v = resolved(s, 1, "localities.village.builders.recruitment_lag_weeks");
    CHECK(v && strcmp(v->value, "20") == 0, "resolved per-locality builder key");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static const spsim_funding_stream *stream(const spsim_locality *loc, const char *name)
{
    for (int f = 0; f < loc->n_funding; f++)
        if (strcmp(loc->funding[f].name, name) == 0) return &loc->funding[f];
    return NULL;
}

/* Dates become weeks since start_date (before it: week 0; no end: the horizon's end); keys a
 * kind does not take stay 0 and are not listed; grant_gbp's default depends on the kind. */
static void test_funding_streams(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with(
        "    funding:\n"
        "      hub: {kind: commissioned, activity: advice, gbp_per_year: 90000,\n"
        "            start: 2025-10-01, end: 2027-04-01}\n"
        "      chest: {kind: small_grants, activity: peer_support, gbp_per_year: 30000,\n"
        "              start: 2024-06-01}\n"
        "      seed: {kind: micro_commissioning, activity: arts_creative, gbp_per_year: 20000}\n"
        "      budgets: {kind: personal_health_budgets, gbp_per_year: 5000}\n"
        "horizon_years: 2\n",
        &d);
    if (!CHECK(s != NULL, "scenario with funding streams resolves")) return;
    const spsim_locality *town = &s->arms[0].localities[0];
    CHECK(s->n_weeks == 104, "n_weeks for two years: %d", s->n_weeks);
    CHECK(town->n_funding == 4 && strcmp(town->funding[0].name, "hub") == 0 &&
              strcmp(town->funding[3].name, "budgets") == 0,
          "four streams in file order");
    const spsim_funding_stream *hub = stream(town, "hub"), *chest = stream(town, "chest");
    const spsim_funding_stream *seed = stream(town, "seed"), *budgets = stream(town, "budgets");
    if (!CHECK(hub && chest && seed && budgets, "every stream by name")) return;
    CHECK(hub->kind == SPSIM_FUNDING_COMMISSIONED && hub->activity == SPSIM_ACTIVITY_ADVICE,
          "kind and activity");
    CHECK_NEAR(hub->start_week, 183.0 / 7.0, 1e-12, "2025-10-01 is 183 days on");
    CHECK_NEAR(hub->end_week, 730.0 / 7.0, 1e-12, "2027-04-01 is 730 days on");
    CHECK_NEAR(hub->gbp_per_year, 90000, 0, "gbp_per_year");
    CHECK_NEAR(hub->cost_per_place_per_year, 450, 0, "commissioned: default place cost");
    CHECK(hub->grant_gbp == 0 && hub->share_buying == 0 && hub->first_year_survival == 0,
          "keys a commissioned stream does not take stay 0");
    CHECK(chest->start_week == 0, "a start before start_date counts from week 0");
    CHECK(chest->end_week == 104, "an open-ended stream ends with the horizon");
    CHECK_NEAR(chest->grant_gbp, 6000, 0, "small grants: default grant");
    CHECK(chest->cost_per_place_per_year == 0, "small grants take no place cost");
    CHECK(seed->start_week == 0 && seed->end_week == 104, "no dates: the whole horizon");
    CHECK_NEAR(seed->grant_gbp, 10000, 0, "micro-commissioning: its own default grant");
    CHECK_NEAR(seed->first_year_survival, 0.6, 0, "micro-commissioning: first-year survival");
    CHECK(budgets->kind == SPSIM_FUNDING_PERSONAL_HEALTH_BUDGETS, "personal health budgets");
    CHECK_NEAR(budgets->share_buying, 0.1, 0, "share_buying");
    CHECK_NEAR(budgets->cost_per_place_week, 20, 0, "cost_per_place_week");
    CHECK(budgets->grant_gbp == 0, "personal health budgets take no grant");

    const spsim_resolved_value *v = resolved(s, 0, "localities.town.funding.hub.start");
    CHECK(v && strcmp(v->value, "2025-10-01") == 0, "resolved start: %s", v ? v->value : "-");
    v = resolved(s, 0, "localities.town.funding.chest.start");
    CHECK(v && strcmp(v->value, "2025-04-01") == 0, "resolved start as the engine uses it: %s",
          v ? v->value : "-");
    v = resolved(s, 0, "localities.town.funding.chest.end");
    CHECK(v && strcmp(v->value, "2027-03-30") == 0, "resolved end: 104 weeks on: %s",
          v ? v->value : "-");
    v = resolved(s, 0, "localities.town.funding.seed.grant_gbp");
    CHECK(v && strcmp(v->value, "10000") == 0 && strcmp(v->unit, "GBP") == 0,
          "resolved grant with its unit");
    v = resolved(s, 0, "localities.town.funding.budgets.kind");
    CHECK(v && strcmp(v->value, "personal_health_budgets") == 0, "resolved kind");
    CHECK(!resolved(s, 0, "localities.town.funding.hub.grant_gbp") &&
              !resolved(s, 0, "localities.town.funding.budgets.activity"),
          "keys a stream's kind does not take are not listed");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

/* An arm overrides stream keys one by one and may add streams after the base ones. */
static void test_arm_streams(void)
{
    spsim_diagnostics d;
    spsim_scenario *s =
        parse_with("    funding:\n"
                   "      chest: {kind: small_grants, activity: peer_support, gbp_per_year: "
                   "30000}\n" VILLAGE_YAML "arms:\n"
                   "  more:\n"
                   "    localities:\n"
                   "      town:\n"
                   "        funding:\n"
                   "          chest: {gbp_per_year: 60000, grant_gbp: 5000}\n"
                   "          hub: {kind: commissioned, activity: advice, gbp_per_year: 90000,\n"
                   "                end: 2026-04-01}\n"
                   "      village:\n"
                   "        funding: {walks: {kind: small_grants, activity: physical_nature,\n"
                   "                          gbp_per_year: 6000}}\n"
                   "  switch:\n"
                   "    localities: {town: {funding: {chest: {kind: micro_commissioning}}}}\n"
                   "  none: {}\n",
                   &d);
    if (!CHECK(s != NULL, "arms with funding streams resolve")) return;
    const spsim_locality *town = &s->arms[0].localities[0];
    if (!CHECK(town->n_funding == 2, "the arm adds a stream: %d", town->n_funding)) return;
    const spsim_funding_stream *chest = &town->funding[0], *hub = &town->funding[1];
    CHECK(strcmp(chest->name, "chest") == 0 && strcmp(hub->name, "hub") == 0,
          "base streams first, then the arm's own");
    CHECK(chest->gbp_per_year == 60000 && chest->grant_gbp == 5000 &&
              chest->activity == SPSIM_ACTIVITY_PEER_SUPPORT &&
              chest->kind == SPSIM_FUNDING_SMALL_GRANTS,
          "overridden keys from the arm, the rest from the base stream");
    CHECK(hub->kind == SPSIM_FUNDING_COMMISSIONED && hub->gbp_per_year == 90000,
          "the added stream");
    CHECK_NEAR(hub->end_week, 365.0 / 7.0, 1e-12, "2026-04-01 is 365 days on");
    const spsim_locality *village = &s->arms[0].localities[1];
    CHECK(village->n_funding == 1 && village->funding[0].activity == SPSIM_ACTIVITY_PHYSICAL_NATURE,
          "a stream added where the base scenario has none");
    const spsim_funding_stream *switched = &s->arms[1].localities[0].funding[0];
    CHECK(switched->kind == SPSIM_FUNDING_MICRO_COMMISSIONING && switched->grant_gbp == 10000 &&
              switched->first_year_survival == 0.6 && switched->gbp_per_year == 30000,
          "a changed kind takes that kind's defaults");
    const spsim_locality *plain = &s->arms[2].localities[0];
    CHECK(plain->n_funding == 1 && plain->funding[0].gbp_per_year == 30000 &&
              plain->funding[0].grant_gbp == 6000,
          "an arm without overrides has the base stream");
    CHECK(s->arms[2].localities[1].n_funding == 0, "streams stay with their arm");
    CHECK(resolved(s, 0, "localities.town.funding.hub.cost_per_place_per_year") &&
              resolved(s, 0, "localities.village.funding.walks.grant_gbp") &&
              !resolved(s, 2, "localities.town.funding.hub.kind"),
          "resolved values follow each arm's streams");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_select_arms(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("link_workers: {fte: 5}\n"
                                   "arms:\n"
                                   "  a: {uptake: {probability: 0.5}}\n"
                                   "  b: {}\n"
                                   "  c: {uptake: {probability: 0.7}}\n",
                                   &d);
    if (!CHECK(s != NULL, "three arms resolve")) return;
    char err[256] = "";
    CHECK(spsim_scenario_select_arms(s, "d", err, sizeof err) == -1 &&
              strcmp(err, "unknown arm 'd' (arms: a, b, c)") == 0,
          "unknown arm: %s", err);
    CHECK(spsim_scenario_select_arms(s, "a,,b", err, sizeof err) == -1 &&
              strcmp(err, "empty arm name in 'a,,b' (arms: a, b, c)") == 0,
          "empty name: %s", err);
    CHECK(spsim_scenario_select_arms(s, "a,a", err, sizeof err) == -1 &&
              strcmp(err, "arm 'a' is listed twice (arms: a, b, c)") == 0,
          "repeated: %s", err);
    CHECK(s->n_arms == 3, "a refused selection changes nothing");
    CHECK(spsim_scenario_select_arms(s, "c,a", err, sizeof err) == 0, "c,a selected");
    CHECK(s->n_arms == 2 && strcmp(s->arms[0].name, "c") == 0 && strcmp(s->arms[1].name, "a") == 0,
          "in the order given");
    CHECK_NEAR(s->arms[0].uptake.probability, 0.7, 0, "parameters move with their arm");
    CHECK(resolved(s, 0, "arms.c.description") && resolved(s, 1, "arms.a.description") &&
              s->resolved[2] == NULL,
          "resolved values move with their arm");
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_invalid(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("seed: -1\nreplications: 0\n", &d);
    CHECK(s == NULL, "an invalid scenario gives no parameters");
    CHECK(spsim_diagnostics_errors(&d) == 2, "both errors: %d", spsim_diagnostics_errors(&d));
    CHECK(d.n == 2 && d.items[0].line == 9 && d.items[1].line == 10, "in file order");
    spsim_diagnostics_free(&d);
}

int main(void)
{
    test_defaults();
    test_arm_overrides();
    test_per_locality();
    test_fte_plan();
    test_formula();
    test_community_defaults();
    test_groups_at_start();
    test_need_activity_rows();
    test_builders_per_locality();
    test_funding_streams();
    test_arm_streams();
    test_select_arms();
    test_invalid();
    return spsim_check_finish();
}
