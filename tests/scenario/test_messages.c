/* Exact messages for the problems the `spsim validate` fixtures do not cover: empty files,
 * aliases, second documents, names, populations, fte plan steps, per-locality keys, arms,
 * community keys, builders, funding streams merged over arms, mappings by service, and delivery
 * models, neighbours and commissioning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario_text.h"
#include "scenario/scenario.h"

/* Every diagnostic for `text`, printed as spsim validate prints them. */
static void diagnostics_text(const char *text, char *out, size_t len, bool *resolved)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "t.yaml");
    spsim_scenario *s = spsim_scenario_parse(text, strlen(text), "t.yaml", &d);
    *resolved = s != NULL;
    spsim_test_diagnostics_text(&d, out, len);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void expect(const char *what, const char *text, const char *expected)
{
    char got[4096];
    bool resolved;
    diagnostics_text(text, got, sizeof got, &resolved);
    CHECK(!resolved, "%s: refused", what);
    CHECK(strcmp(got, expected) == 0, "%s:\n--- expected:\n%s--- got:\n%s", what, expected, got);
}

#define TOWN_START "name: a\nstart_date: 2025-04-01\nlocalities:\n"
#define ONE_TOWN                                                                                   \
    TOWN_START "  b: {population: {age_0_15: 1, age_16_29: 0, age_30_49: 0, "                      \
               "age_50_64: 0, age_65_plus: 0}, deprivation: 0, rurality: 0}\n"

#define ONE_LOCALITY_BODY                                                                          \
    "  b:\n    population: {age_0_15: 1, age_16_29: 0, "                                           \
    "age_30_49: 0, age_50_64: 0, age_65_plus: 0}\n    deprivation: 0\n    rurality: 0\n"
#define ONE_LOCALITY TOWN_START ONE_LOCALITY_BODY

/* An arm may add streams, up to 16 a locality with the base scenario's. */
static void test_streams_added_by_arm(void)
{
    char text[4096] =
        ONE_LOCALITY "    funding: {x: {kind: personal_health_budgets, gbp_per_year: 1}}\n"
                     "arms:\n"
                     "  d:\n"
                     "    localities:\n"
                     "      b:\n"
                     "        funding:\n";
    for (int i = 1; i <= 16; i++) {
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used,
                 "          y%d: {kind: "
                 "personal_health_budgets, gbp_per_year: 1}\n",
                 i);
    }
    expect("an arm adding streams", text,
           "t.yaml:13:9: error: 'arms.d.localities.b.funding' adds 16 streams to the 1 of the "
           "base scenario, 17 in all (allowed: 0..16 funding streams per locality)\n");
    char *last = strstr(text, "          y16:");
    *last = '\0';
    char got[4096];
    bool resolved;
    diagnostics_text(text, got, sizeof got, &resolved);
    CHECK(resolved && !strstr(got, "error"), "16 streams in all are accepted: %s", got);
}

int main(void)
{
    expect("empty file", "",
           "t.yaml: error: the file holds no scenario (allowed: a YAML mapping with at least "
           "name, start_date and localities)\n");
    expect("not a mapping", "- a\n- b\n",
           "t.yaml:1:1: error: wrong type for the top level: a list is not a mapping (allowed: a "
           "mapping of name, description, seed, common_random_numbers, replications, "
           "horizon_years, start_date, delivery_model, localities, referral, uptake, "
           "link_workers, support, reneging, pay, community, builders, outcomes, economics, "
           "delivery_models, commissioning, arms, include, correlations)\n");
    expect("alias", "name: &n x\nstart_date: *n\n",
           "t.yaml:2:13: error: YAML alias '*n' (allowed: values written out in full; anchors "
           "and aliases are not supported)\n");
    expect("two documents", "name: a\n---\nname: b\n",
           "t.yaml:2:1: error: a second YAML document (allowed: one document per scenario "
           "file)\n");
    expect("localities and fte steps",
           TOWN_START
           "  North Town: {population: {age_0_15: 1, age_16_29: 0, age_30_49: 0, age_50_64: 0, "
           "age_65_plus: 0}, deprivation: 0, rurality: 0}\n"
           "  b:\n"
           "    population: {age_0_15: 0, age_16_29: 0, age_30_49: 0, age_50_64: 0, "
           "age_65_plus: 0}\n"
           "    deprivation: 0\n"
           "    rurality: 0\n"
           "    link_workers:\n"
           "      allocation: formula\n"
           "      fte: [{from: 2025-01-01, fte: 1, to: 2026-01-01}, {fte: 2}, 5]\n"
           "arms: {}\n",
           "t.yaml:4:3: error: locality name 'North Town' is not a valid name (allowed: 1..63 "
           "characters of A-Z a-z 0-9 _ -)\n"
           "t.yaml:6:5: error: 'localities.b.population' sums to 0 persons (allowed: at least "
           "one resident)\n"
           "t.yaml:10:7: error: 'allocation' cannot be set per locality in "
           "'localities.b.link_workers' (allowed: fte, recruitment_lag_weeks, "
           "attrition_per_year, training_ramp_weeks, capacity, hours_per_fte_year, "
           "indirect_hours_per_direct_hour, minutes_per_contact, rural_travel_minutes_per_contact, "
           "rural_travel_miles_per_contact, caseload_per_fte, "
           "posts_filled_at_start)\n"
           "t.yaml:11:40: error: unknown key 'to' in 'localities.b.link_workers.fte step 1' "
           "(allowed: from, fte)\n"
           "t.yaml:11:57: error: missing required key 'from' in "
           "'localities.b.link_workers.fte step 2' (allowed: a date YYYY-MM-DD)\n"
           "t.yaml:11:67: error: wrong type for 'localities.b.link_workers.fte step 3': '5' is "
           "not a mapping (allowed: {from: YYYY-MM-DD, fte: NUMBER})\n"
           "t.yaml:12:1: error: 'arms' has 0 entries (allowed: 1..16 arms)\n");
    expect("arms",
           ONE_TOWN "arms:\n"
                    "  q: {referal: {}, localites: {}}\n"
                    "  q: {}\n",
           "t.yaml:6:7: error: unknown key 'referal' in 'arms.q'; did you mean 'referral'?\n"
           "t.yaml:6:20: error: unknown key 'localites' in 'arms.q'; did you mean "
           "'localities'?\n"
           "t.yaml:7:3: error: duplicate key 'q' in 'arms', first given at line 6 (allowed: each "
           "key once)\n");
    expect("ranges of dates, integers and mappings",
           "name: a\nstart_date: 1999-12-31\nseed: 9223372036854775808\nlocalities: 5\n"
           "referral: {source_shares: {gp: 1, vsce: 0}}\n",
           "t.yaml:2:13: error: 'start_date' is 1999-12-31, out of range (allowed: a date "
           "YYYY-MM-DD, 2000-01-01..2100-12-31)\n"
           "t.yaml:3:7: error: 'seed' is 9223372036854775808, out of range (allowed: an integer "
           "0..9223372036854775807)\n"
           "t.yaml:4:13: error: wrong type for 'localities': '5' is not a mapping (allowed: a "
           "mapping of 1..64 locality names to their keys)\n"
           "t.yaml:5:35: error: unknown key 'vsce' in 'referral.source_shares'; did you mean "
           "'vcse'?\n");
    expect("community, builders and streams",
           ONE_LOCALITY "    builders: {fte: 1, trusted_at_start: true}\n"
                        "    groups_at_start: {parks: 1}\n"
                        "    funding:\n"
                        "      x: {kind: small_grants, activity: advice}\n"
                        "      bad name: {kind: commissioned}\n"
                        "      x: {}\n"
                        "community:\n"
                        "  need_activity: {lonely: {advice: 1}, practical: 5}\n"
                        "builders: {trust_midpoint_weeks: 80, trust_90_weeks: 70}\n",
           "t.yaml:8:24: error: 'trusted_at_start' cannot be set per locality in "
           "'localities.b.builders' (allowed: fte, recruitment_lag_weeks, attrition_per_year, "
           "posts_filled_at_start)\n"
           "t.yaml:9:23: error: unknown key 'parks' in 'localities.b.groups_at_start' (allowed: "
           "arts_creative, physical_nature, peer_support, advice, learning_volunteering)\n"
           "t.yaml:11:7: error: missing required key 'gbp_per_year' in 'localities.b.funding.x' "
           "(allowed: a number 0..100000000, GBP per year)\n"
           "t.yaml:12:7: error: funding stream name 'bad name' is not a valid name (allowed: "
           "1..63 characters of A-Z a-z 0-9 _ -)\n"
           "t.yaml:13:7: error: duplicate key 'x' in 'localities.b.funding', first given at line "
           "11 (allowed: each key once)\n"
           "t.yaml:15:19: error: unknown key 'lonely' in 'community.need_activity'; did you mean "
           "'loneliness'?\n"
           "t.yaml:15:51: error: wrong type for 'community.need_activity.practical': '5' is not "
           "a mapping (allowed: a mapping of arts_creative, physical_nature, peer_support, "
           "advice, learning_volunteering to shares 0..1 summing to 1)\n"
           "t.yaml:16:54: error: 'builders.trust_90_weeks' is 70, not above "
           "'builders.trust_midpoint_weeks', 80 (allowed: a 90 % point later than the 50 % "
           "point, up to 1040 weeks)\n");
    expect("streams merged over an arm",
           ONE_LOCALITY
           "    funding:\n"
           "      x: {kind: small_grants, activity: advice, gbp_per_year: 10, grant_gbp: 100}\n"
           "arms:\n"
           "  c:\n"
           "    localities:\n"
           "      b:\n"
           "        funding:\n"
           "          x: {kind: commissioned, end: 2025-04-01}\n"
           "          y: {activity: advice}\n",
           "t.yaml:15:11: error: 'grant_gbp' does not apply to a commissioned stream in "
           "'arms.c.localities.b.funding.x' (allowed for commissioned: kind, activity, start, "
           "end, gbp_per_year, cost_per_place_per_year)\n"
           "t.yaml:15:40: error: 'arms.c.localities.b.funding.x.end' is 2025-04-01, not after "
           "its start, 2025-04-01, the scenario's start_date (allowed: an end after the start)\n"
           "t.yaml:16:11: error: missing required key 'kind' in 'arms.c.localities.b.funding.y' "
           "(allowed: one of commissioned, small_grants, micro_commissioning, "
           "personal_health_budgets)\n"
           "t.yaml:16:11: error: missing required key 'gbp_per_year' in "
           "'arms.c.localities.b.funding.y' (allowed: a number 0..100000000, GBP per year)\n");
    expect("outcomes and economics",
           ONE_TOWN "outcomes:\n"
                    "  causal_effect: 0.2\n"
                    "  dispersion: {gp: 2, ea: 1, admissions: 0.5}\n"
                    "  need_ratio: {gp: 1.2, ae: {}, admissions: {}}\n"
                    "  effects: maybe\n"
                    "economics: {price_year: 2024.5, unit_cost_gbp: {gp: 45, gp: 50, ae: 1, "
                    "admissions: 1}}\n"
                    "arms:\n"
                    "  a: {outcomes: {causal_effect: {gp: {min: 0, mod: 0.1, max: 0.2}}}}\n",
           "t.yaml:6:18: error: wrong type for 'outcomes.causal_effect': '0.2' is not a mapping "
           "(allowed: a mapping of every one of gp, ae, admissions to {min, mode, max}, numbers "
           "0..1, fraction of use, with min <= mode <= max and min < max)\n"
           "t.yaml:7:23: error: unknown key 'ea' in 'outcomes.dispersion'; did you mean 'ae'?\n"
           "t.yaml:8:20: error: wrong type for 'outcomes.need_ratio.gp': '1.2' is not a mapping "
           "(allowed: a mapping of every one of loneliness, low_mood, long_term_condition, "
           "practical to a number 0.1..10, ratio)\n"
           "t.yaml:8:25: error: missing required key 'loneliness' in 'outcomes.need_ratio.ae' "
           "(allowed: a number 0.1..10, ratio; when 'outcomes.need_ratio' is given, every "
           "service and need is required)\n"
           "t.yaml:8:25: error: missing required key 'low_mood' in 'outcomes.need_ratio.ae' "
           "(allowed: a number 0.1..10, ratio; when 'outcomes.need_ratio' is given, every "
           "service and need is required)\n"
           "t.yaml:8:25: error: missing required key 'long_term_condition' in "
           "'outcomes.need_ratio.ae' (allowed: a number 0.1..10, ratio; when "
           "'outcomes.need_ratio' is given, every service and need is required)\n"
           "t.yaml:8:25: error: missing required key 'practical' in 'outcomes.need_ratio.ae' "
           "(allowed: a number 0.1..10, ratio; when 'outcomes.need_ratio' is given, every "
           "service and need is required)\n"
           "t.yaml:8:33: error: missing required key 'loneliness' in "
           "'outcomes.need_ratio.admissions' (allowed: a number 0.1..10, ratio; when "
           "'outcomes.need_ratio' is given, every service and need is required)\n"
           "t.yaml:8:33: error: missing required key 'low_mood' in "
           "'outcomes.need_ratio.admissions' (allowed: a number 0.1..10, ratio; when "
           "'outcomes.need_ratio' is given, every service and need is required)\n"
           "t.yaml:8:33: error: missing required key 'long_term_condition' in "
           "'outcomes.need_ratio.admissions' (allowed: a number 0.1..10, ratio; when "
           "'outcomes.need_ratio' is given, every service and need is required)\n"
           "t.yaml:8:33: error: missing required key 'practical' in "
           "'outcomes.need_ratio.admissions' (allowed: a number 0.1..10, ratio; when "
           "'outcomes.need_ratio' is given, every service and need is required)\n"
           "t.yaml:9:12: error: wrong type for 'outcomes.effects': 'maybe' is not true or false "
           "(allowed: true or false)\n"
           "t.yaml:10:25: error: wrong type for 'economics.price_year': '2024.5' is not an "
           "integer (allowed: an integer 2000..2100)\n"
           "t.yaml:10:57: error: duplicate key 'gp' in 'economics.unit_cost_gbp', first given "
           "at line 10 (allowed: each key once)\n"
           "t.yaml:12:18: error: missing required key 'ae' in 'arms.a.outcomes.causal_effect' "
           "(allowed: {min, mode, max}, each a number 0..1, fraction of use; when "
           "'arms.a.outcomes.causal_effect' is given, every service and its min, mode and max "
           "are required)\n"
           "t.yaml:12:18: error: missing required key 'admissions' in "
           "'arms.a.outcomes.causal_effect' (allowed: {min, mode, max}, each a number 0..1, "
           "fraction of use; when 'arms.a.outcomes.causal_effect' is given, every service and "
           "its min, mode and max are required)\n"
           "t.yaml:12:47: error: unknown key 'mod' in 'arms.a.outcomes.causal_effect.gp'; did "
           "you mean 'mode'?\n");
    expect("delivery models, neighbours and commissioning",
           TOWN_START "  b:\n"
                      "    population: {age_0_15: 1, age_16_29: 0, age_30_49: 0, age_50_64: 0, "
                      "age_65_plus: 0}\n"
                      "    deprivation: 0\n"
                      "    rurality: 0\n"
                      "    neighbours: [c, c, {d: 1}]\n"
                      "    delivery_model: spoke\n"
                      "  c: {population: {age_0_15: 1, age_16_29: 0, age_30_49: 0, age_50_64: 0, "
                      "age_65_plus: 0}, deprivation: 0, rurality: 0, neighbours: b}\n"
                      "delivery_model: hub\n"
                      "delivery_models:\n"
                      "  hub: {fit: {base: 2, slope: 1}}\n"
                      "  bad name: {description: x}\n"
                      "commissioning:\n"
                      "  model: patchwork\n"
                      "  payments: {per_completion_gbp: -5}\n"
                      "arms:\n"
                      "  x:\n"
                      "    delivery_models: {}\n"
                      "    commissioning: {investor_capital_gbp: 0, social_impact_bond: true}\n",
           "t.yaml:8:21: error: 'localities.b.neighbours' lists 'c' twice (allowed: each "
           "locality once)\n"
           "t.yaml:8:24: error: wrong type for 'localities.b.neighbours item 3': a mapping is not "
           "a locality name (allowed: 1..63 characters of A-Z a-z 0-9 _ -)\n"
           "t.yaml:9:21: error: 'localities.b.delivery_model' is 'spoke', which is not in "
           "'delivery_models' (allowed: hub)\n"
           "t.yaml:10:133: error: wrong type for 'localities.c.neighbours': 'b' is not a list "
           "(allowed: a list of names of other localities, each once, e.g. [north, south])\n"
           "t.yaml:13:3: error: missing required key 'description' in 'delivery_models.hub' "
           "(allowed: up to 511 characters)\n"
           "t.yaml:13:21: error: 'delivery_models.hub.fit.base' is 2, out of range (allowed: a "
           "number 0..1.5, fit)\n"
           "t.yaml:13:24: error: unknown key 'slope' in 'delivery_models.hub.fit' (allowed: "
           "base, per_deprivation, per_vcse_assets)\n"
           "t.yaml:14:3: error: delivery model name 'bad name' is not a valid name (allowed: "
           "1..63 characters of A-Z a-z 0-9 _ -)\n"
           "t.yaml:16:10: error: wrong type for 'commissioning.model': 'patchwork' is not an "
           "allowed choice (allowed: one of blanket, quilt, do_nothing)\n"
           "t.yaml:17:34: error: 'commissioning.payments.per_completion_gbp' is -5, out of range "
           "(allowed: a number 0..1000000, GBP)\n"
           "t.yaml:20:5: error: 'delivery_models' cannot be set per arm (allowed in an arm: "
           "delivery_model, localities, referral, uptake, link_workers, support, reneging, pay, "
           "community, builders, outcomes, economics, commissioning, description)\n"
           "t.yaml:21:66: error: 'arms.x.commissioning.social_impact_bond' is true but "
           "'arms.x.commissioning.investor_capital_gbp' is 0 (allowed: a social impact bond "
           "with investor capital above 0)\n");
    expect("a delivery model when none is defined; an arm taking away the bond's capital",
           ONE_TOWN "commissioning: {social_impact_bond: true, investor_capital_gbp: 10}\n"
                    "arms:\n"
                    "  x:\n"
                    "    delivery_model: hub\n"
                    "    commissioning: {investor_capital_gbp: 0}\n",
           "t.yaml:8:21: error: 'arms.x.delivery_model' is 'hub', but 'delivery_models' defines "
           "none (allowed: a name under 'delivery_models')\n"
           "t.yaml:9:43: error: 'commissioning.social_impact_bond' is true but "
           "'arms.x.commissioning.investor_capital_gbp' is 0 (allowed: a social impact bond "
           "with investor capital above 0)\n");
    test_streams_added_by_arm();
    return spsim_check_finish();
}
