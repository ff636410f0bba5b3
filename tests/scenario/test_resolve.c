/* The resolver on small scenarios held in memory: defaults, arm overrides, per-locality
 * link_workers, fte plans, formula allocation, n_weeks, resolved values and arm selection. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
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
    spsim_diagnostics_init(d, "unit.yaml");
    return spsim_scenario_parse(text, strlen(text), "unit.yaml", d);
}

static const spsim_resolved_value *resolved(const spsim_scenario *s, int arm, const char *key)
{
    for (int i = 0; i < s->n_resolved[arm]; i++)
        if (strcmp(s->resolved[arm][i].key, key) == 0)
            return &s->resolved[arm][i];
    return NULL;
}

static bool has_diag(const spsim_diagnostics *d, spsim_diag_severity sev, const char *part)
{
    for (int i = 0; i < d->n; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].message, part))
            return true;
    return false;
}

static void test_defaults(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with("", &d);
    if (!CHECK(s != NULL, "minimal scenario resolves"))
        return;
    CHECK(d.n == 1 && has_diag(&d, SPSIM_DIAG_WARNING, "queue will grow"),
          "only the demand warning (no link workers by default), got %d diagnostics", d.n);
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
    CHECK(lw->posts_filled_at_start, "posts_filled_at_start");
    CHECK_NEAR(a->support.contacts_mean, 6, 0, "contacts_mean");
    CHECK_NEAR(a->support.contacts_dispersion, 4, 0, "contacts_dispersion");
    CHECK_NEAR(a->support.contact_interval_weeks, 2, 0, "contact_interval_weeks");
    CHECK_NEAR(a->support.contact_interval_shape, 2, 0, "contact_interval_shape");
    CHECK_NEAR(a->support.dropout_per_week, 0.02, 0, "dropout_per_week");
    CHECK(a->reneging.enabled, "reneging enabled");
    CHECK_NEAR(a->reneging.median_weeks, 12, 0, "reneging.median_weeks");
    CHECK_NEAR(a->reneging.shape, 1.5, 0, "reneging.shape");
    CHECK_NEAR(a->pay.salary_gbp_per_fte_year, 32324, 0, "salary");
    CHECK_NEAR(a->pay.on_cost_fraction, 0.317, 0, "on_cost_fraction");
    CHECK_NEAR(a->pay.management_gbp_per_fte_year, 2400, 0, "management");
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
    if (!CHECK(s != NULL, "scenario with two arms resolves"))
        return;
    CHECK(s->n_arms == 2 && strcmp(s->arms[0].name, "eager") == 0 &&
          strcmp(s->arms[1].name, "plain") == 0, "arms in file order");
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
        "  village:\n"
        "    population: {age_0_15: 850, age_16_29: 800, age_30_49: 1250, age_50_64: 900,\n"
        "                 age_65_plus: 1200}\n"
        "    deprivation: 0.1\n"
        "    rurality: 0.9\n"
        "    link_workers: {caseload_per_fte: 30, fte: 0.5}\n"
        "link_workers: {caseload_per_fte: 40, fte: 5}\n"
        "arms:\n"
        "  base: {}\n"
        "  wide:\n"
        "    link_workers: {caseload_per_fte: 60}\n"
        "  small:\n"
        "    localities:\n"
        "      village: {link_workers: {caseload_per_fte: 20}, deprivation: 0.3}\n",
        &d);
    if (!CHECK(s != NULL, "scenario with a per-locality override resolves"))
        return;
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
    /* 6 scenario keys; per locality 4 of its own, 6 link_workers and 4 builders keys; 24 link-
     * worker-era arm keys, 10 community keys with need_activity as 4 rows, 10 builders keys. */
    CHECK(s->n_resolved[0] == 6 + 2 * (4 + 6 + 4) + 24 + (10 + 4) + 10,
          "every registry key resolved: %d", s->n_resolved[0]);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_fte_plan(void)
{
    spsim_diagnostics d;
    spsim_scenario *s = parse_with(
        "link_workers:\n"
        "  fte: [{from: 2025-01-01, fte: 2}, {from: 2025-03-01, fte: 2.5},\n"
        "        {from: 2025-10-01, fte: 3}]\n"
        "arms:\n"
        "  early: {}\n"
        "  late:\n"
        "    link_workers: {fte: [{from: 2025-04-15, fte: 4}]}\n",
        &d);
    if (!CHECK(s != NULL, "scenario with fte plans resolves"))
        return;
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
    if (!CHECK(s != NULL, "formula scenario resolves"))
        return;
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
    if (!CHECK(s != NULL, "formula with a per-locality fte resolves"))
        return;
    CHECK_NEAR(s->arms[0].localities[0].link_workers.steps[0].fte, 5, 1e-12,
               "the per-locality fte is ignored under formula");
    CHECK(has_diag(&d, SPSIM_DIAG_WARNING, "'localities.town.link_workers.fte' is ignored"),
          "and a warning says so");
    CHECK(s->n_weeks == 26, "n_weeks = round(0.5 x 365.25 / 7) = 26, got %d", s->n_weeks);
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
    if (!CHECK(s != NULL, "three arms resolve"))
        return;
    char err[256] = "";
    CHECK(spsim_scenario_select_arms(s, "d", err, sizeof err) == -1 &&
          strcmp(err, "unknown arm 'd' (arms: a, b, c)") == 0, "unknown arm: %s", err);
    CHECK(spsim_scenario_select_arms(s, "a,,b", err, sizeof err) == -1 &&
          strcmp(err, "empty arm name in 'a,,b' (arms: a, b, c)") == 0, "empty name: %s", err);
    CHECK(spsim_scenario_select_arms(s, "a,a", err, sizeof err) == -1 &&
          strcmp(err, "arm 'a' is listed twice (arms: a, b, c)") == 0, "repeated: %s", err);
    CHECK(s->n_arms == 3, "a refused selection changes nothing");
    CHECK(spsim_scenario_select_arms(s, "c,a", err, sizeof err) == 0, "c,a selected");
    CHECK(s->n_arms == 2 && strcmp(s->arms[0].name, "c") == 0 &&
          strcmp(s->arms[1].name, "a") == 0, "in the order given");
    CHECK_NEAR(s->arms[0].uptake.probability, 0.7, 0, "parameters move with their arm");
    CHECK(resolved(s, 0, "arms.c.description") && resolved(s, 1, "arms.a.description") &&
          s->resolved[2] == NULL, "resolved values move with their arm");
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
    test_select_arms();
    test_invalid();
    return spsim_check_finish();
}
