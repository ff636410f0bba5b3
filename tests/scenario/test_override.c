/* Overrides (scenario/override.h): a value set by key gives the scenario a file writing that
 * value gives, inserted where the file does not write the key, kept distributions where it does
 * not touch them, and every bad key or value is an error naming the key and what is allowed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario/override.h"
#include "scenario_text.h"

#define BASE_YAML                                                                                  \
    "name: unit\n"                                                                                 \
    "start_date: 2025-04-01\n"                                                                     \
    "localities:\n"                                                                                \
    "  town:\n"                                                                                    \
    "    population: {age_0_15: 8500, age_16_29: 8000, age_30_49: 12500, age_50_64: 9000,\n"       \
    "                 age_65_plus: 12000}\n"                                                       \
    "    deprivation: 0.2\n"                                                                       \
    "    rurality: 0.18\n"                                                                         \
    "    link_workers:\n"                                                                          \
    "      fte: 5\n"

#define ARMS_YAML                                                                                  \
    "arms:\n"                                                                                      \
    "  more:\n"                                                                                    \
    "    localities:\n"                                                                            \
    "      town:\n"                                                                                \
    "        link_workers: {fte: 6}\n"                                                             \
    "  same: {}\n"

static const char base_text[] = BASE_YAML ARMS_YAML;

/* Every resolved value of every arm is the same in both scenarios. */
static bool same_resolution(const spsim_scenario *a, const spsim_scenario *b)
{
    if (a->n_arms != b->n_arms) return false;
    for (int arm = 0; arm < a->n_arms; arm++) {
        if (a->n_resolved[arm] != b->n_resolved[arm]) return false;
        for (int i = 0; i < a->n_resolved[arm]; i++)
            if (strcmp(a->resolved[arm][i].key, b->resolved[arm][i].key) != 0 ||
                strcmp(a->resolved[arm][i].value, b->resolved[arm][i].value) != 0)
                return false;
        if (memcmp(&a->arms[arm], &b->arms[arm], sizeof a->arms[arm]) != 0) return false;
    }
    return true;
}

static spsim_scenario *override_one(const spsim_scenario *s, const char *key, const char *value,
                                    spsim_diagnostics *d)
{
    spsim_diagnostics_init(d, "unit.yaml");
    spsim_override o = {key, value};
    return spsim_scenario_with_overrides(s, &o, 1, d);
}

/* The override gives what a file writing the same value gives, whether it replaces a value the
 * file writes or inserts one the file leaves out. */
static void check_same_as_file(const spsim_scenario *base, const char *key, const char *value,
                               const char *written)
{
    spsim_diagnostics d, dw;
    spsim_scenario *over = override_one(base, key, value, &d);
    spsim_scenario *file = spsim_test_parse(written, &dw);
    if (CHECK(over && file, "%s=%s resolves (%s)", key, value, d.n ? d.items[0].message : ""))
        CHECK(same_resolution(over, file), "%s=%s resolves as a file writing it", key, value);
    spsim_scenario_free(over);
    spsim_scenario_free(file);
    spsim_diagnostics_free(&d);
    spsim_diagnostics_free(&dw);
}

static void check_values(const spsim_scenario *base)
{
    /* Replacing an arm's value, inserting a base value, inserting under an arm. */
    check_same_as_file(base, "arms.more.localities.town.link_workers.fte", "7.5",
                       BASE_YAML "arms:\n  more:\n    localities:\n      town:\n"
                                 "        link_workers: {fte: 7.5}\n  same: {}\n");
    check_same_as_file(base, "uptake.probability", "0.5",
                       BASE_YAML ARMS_YAML "uptake:\n  probability: 0.5\n");
    check_same_as_file(base, "arms.same.localities.town.link_workers.fte",
                       "[{from: 2025-04-01, fte: 2}, {from: 2026-04-01, fte: 4}]",
                       BASE_YAML "arms:\n  more:\n    localities:\n      town:\n"
                                 "        link_workers: {fte: 6}\n  same:\n    localities:\n"
                                 "      town:\n        link_workers:\n          fte:\n"
                                 "            - {from: 2025-04-01, fte: 2}\n"
                                 "            - {from: 2026-04-01, fte: 4}\n");
    /* The override changes the arm it names and nothing else. */
    spsim_diagnostics d;
    spsim_scenario *over = override_one(base, "arms.same.support.contacts_mean", "9", &d);
    if (CHECK(over != NULL, "an arm's support.contacts_mean can be overridden")) {
        CHECK(over->arms[1].support.contacts_mean == 9, "arm 'same' has 9 contacts");
        CHECK(over->arms[0].support.contacts_mean == base->arms[0].support.contacts_mean,
              "arm 'more' keeps its contacts");
        CHECK(over->seed == base->seed && over->replications == base->replications,
              "the seed and replications are kept");
    }
    /* Overriding the result again starts from the overridden tree. */
    spsim_diagnostics d2;
    spsim_scenario *twice = over ? override_one(over, "uptake.probability", "0.7", &d2) : NULL;
    if (CHECK(twice != NULL, "an overridden scenario can be overridden again")) {
        CHECK(twice->arms[1].support.contacts_mean == 9, "the first override stays");
        CHECK(fabs(twice->arms[1].uptake.probability - 0.7) < 1e-15, "the second applies");
        spsim_diagnostics_free(&d2);
    }
    spsim_scenario_free(twice);
    spsim_scenario_free(over);
    spsim_diagnostics_free(&d);
}

/* key=value must fail with exactly one error containing `expected`. */
static void check_error(const spsim_scenario *base, const char *key, const char *value,
                        const char *expected)
{
    spsim_diagnostics d;
    spsim_scenario *over = override_one(base, key, value, &d);
    CHECK(over == NULL, "%s=%s is refused", key, value);
    bool found = false;
    for (int i = 0; i < d.n; i++) found = found || strstr(d.items[i].message, expected) != NULL;
    CHECK(found && spsim_diagnostics_errors(&d) == 1, "%s=%s: the error says \"%s\" (got \"%s\")",
          key, value, expected, d.n ? d.items[0].message : "nothing");
    spsim_scenario_free(over);
    spsim_diagnostics_free(&d);
}

static void check_errors(const spsim_scenario *base)
{
    check_error(base, "uptake.probability", "1.5",
                "'uptake.probability' is 1.5, out of range (allowed: ");
    check_error(base, "localities.town.link_workers.fte", "-1",
                "'localities.town.link_workers.fte' is -1, out of range (allowed: ");
    check_error(base, "uptake.probabilty", "0.5", "unknown key 'probabilty'");
    check_error(base, "upteke.probability", "0.5", "unknown key 'upteke'");
    check_error(base, "localities.village.deprivation", "0.1",
                "'localities.village.deprivation': the scenario has no locality 'village' "
                "(allowed: town)");
    check_error(base, "arms.other.uptake.probability", "0.5",
                "'arms.other.uptake.probability': the scenario has no arm 'other' (allowed: "
                "more, same)");
    check_error(base, "seed", "3", "'seed' cannot be overridden");
    check_error(base, "replications", "3", "'replications' cannot be overridden");
    check_error(base, "localities.town.deprivation.low", "0.5",
                "'localities.town.deprivation.low' cannot be set: 'localities.town.deprivation' "
                "holds");
    check_error(base, "uptake.probability.low", "0.5",
                "wrong type for 'uptake.probability': a mapping is not a number");
    check_error(base, "uptake.probability", "", "'uptake.probability' is given no value");
    check_error(base, "uptake.probability", "[1, 2", "is given a value that is not YAML");
    check_error(base, "uptake..probability", "0.5", "'uptake..probability' is not a key");
    check_error(base, "uptake.probability", "lots", "'uptake.probability'");
}

/* Distributions the override does not touch stay, and one it replaces is no longer drawn. */
static void check_distributions(void)
{
    spsim_diagnostics d;
    spsim_scenario *psa = spsim_scenario_load("scenarios/somerset_psa.yaml", &d);
    spsim_diagnostics_free(&d);
    if (!CHECK(psa && psa->n_uncertain > 1, "somerset_psa.yaml loads with distributions")) return;
    spsim_scenario *kept =
        override_one(psa, "arms.quilt.localities.Mendip.link_workers.fte", "9", &d);
    if (CHECK(kept != NULL, "a plain value of a scenario with distributions can be overridden"))
        CHECK(kept->n_uncertain == psa->n_uncertain, "every distribution is kept (%d of %d)",
              kept->n_uncertain, psa->n_uncertain);
    spsim_diagnostics_free(&d);
    const char *first = psa->uncertain[0].key;
    spsim_scenario *dropped = override_one(psa, first, "0.5", &d);
    bool correlated_first = strstr(first, "causal_effect") != NULL;
    if (!correlated_first && CHECK(dropped != NULL, "the uncertain key %s can be fixed", first)) {
        CHECK(dropped->n_uncertain == psa->n_uncertain - 1, "%s is no longer drawn", first);
        for (int k = 0; k < dropped->n_uncertain; k++)
            CHECK(strcmp(dropped->uncertain[k].key, first) != 0, "%s is not among the drawn",
                  first);
    }
    spsim_diagnostics_free(&d);
    spsim_scenario *refused = override_one(psa, "outcomes.causal_effect.gp.mode", "0.1", &d);
    CHECK(refused == NULL && d.n == 1 && strstr(d.items[0].message, "correlated with other keys"),
          "a correlated distribution cannot be overridden");
    spsim_diagnostics_free(&d);
    spsim_scenario_free(refused);
    spsim_scenario_free(dropped);
    spsim_scenario_free(kept);
    spsim_scenario_free(psa);
}

int main(void)
{
    spsim_diagnostics d;
    spsim_scenario *base = spsim_test_parse(base_text, &d);
    if (!CHECK(base != NULL, "the base scenario parses")) return spsim_check_finish();
    check_values(base);
    check_errors(base);
    check_distributions();
    spsim_scenario_free(base);
    spsim_diagnostics_free(&d);
    return spsim_check_finish();
}
