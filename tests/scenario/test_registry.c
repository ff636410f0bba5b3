/* The registry itself: complete entries, a reference that lists every key, the keys each kind
 * of funding stream takes, and the edit distance behind "did you mean". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario/registry.h"
#include "scenario/scenario.h"
#include "scenario/validate.h"

static void test_entries_complete(void)
{
    CHECK(spsim_registry_count() == 166, "166 keys, got %d", spsim_registry_count());
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        CHECK(e->description && strlen(e->description) > 10, "%s has a description", e->path);
        CHECK(e->unit && e->unit[0] && e->source && e->source[0], "%s has unit and source",
              e->path);
        CHECK(e->min <= e->max && e->imin <= e->imax, "%s has an ordered range", e->path);
        CHECK(spsim_registry_find(e->path) == e, "%s is found by its path, once", e->path);
        CHECK(!e->per_locality || strncmp(e->path, "link_workers.", 13) == 0 ||
                  strncmp(e->path, "builders.", 9) == 0,
              "%s: only link_workers and builders keys are per locality", e->path);
    }
    const char *fixed[] = {"name",         "description",   "seed",       "common_random_numbers",
                           "replications", "horizon_years", "start_date", "delivery_models",
                           "arms"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        CHECK(!spsim_registry_find(fixed[i])->per_arm, "%s cannot be set per arm", fixed[i]);
    CHECK(spsim_registry_is_section("referral") && !spsim_registry_is_section("referal"),
          "sections are recognised");
}

static char *reference_text(void)
{
    FILE *f = tmpfile();
    if (!f) return NULL;
    spsim_registry_write_markdown(f);
    long n = ftell(f);
    char *text = n > 0 ? malloc((size_t)n + 1) : NULL;
    rewind(f);
    if (text) {
        size_t got = fread(text, 1, (size_t)n, f);
        text[got] = '\0';
    }
    fclose(f);
    return text;
}

static void test_reference(void)
{
    char *text = reference_text();
    if (!CHECK(text != NULL, "reference written")) return;
    for (int i = 0; i < spsim_registry_count(); i++) {
        const spsim_reg_entry *e = spsim_registry_at(i);
        char cell[160];
        snprintf(cell, sizeof cell, "| `%s`", e->path);
        CHECK(strstr(text, cell) != NULL, "reference lists %s", e->path);
    }
    CHECK(strstr(text, "| `referral.base_rate_per_1000_per_year` | number | referrals per 1,000 "
                       "residents per year | 0..1000 | `22.5` |") != NULL,
          "a row carries type, unit, range and default");
    CHECK(strstr(text, "| `reneging.shape` | number | Weibull shape | 0.1..10 | `1.5` | Weibull "
                       "shape of patience; above 1 the hazard of giving up rises with the wait. "
                       "| **Assumption** |") != NULL,
          "assumptions are marked as such");
    CHECK(strstr(text, "`link_workers.caseload_per_fte` (per locality)") != NULL,
          "per-locality keys are marked");
    CHECK(strstr(text, "| `outcomes.causal_effect` | PERT by service | fraction of use | each "
                       "0..1, min <= mode <= max, min < max; every service |") != NULL &&
              strstr(text, "| `outcomes.need_ratio` | table by service | ratio | each 0.1..10; "
                           "every service and need |") != NULL,
          "mappings by service say that every service is required");
    free(text);
}

/* The keys each kind of funding stream takes (docs/scenarios.md has the same table). */
static void test_stream_kinds(void)
{
    static const char *const expected[SPSIM_N_FUNDING_KINDS] = {
        "kind, activity, start, end, gbp_per_year, cost_per_place_per_year",
        "kind, activity, start, end, gbp_per_year, grant_gbp",
        "kind, activity, start, end, gbp_per_year, grant_gbp, first_year_survival",
        "kind, start, end, gbp_per_year, share_buying, cost_per_place_week",
    };
    for (int k = 0; k < SPSIM_N_FUNDING_KINDS; k++) {
        char keys[256];
        spsim_registry_kind_keys(k, keys, sizeof keys);
        CHECK(strcmp(keys, expected[k]) == 0, "%s takes: %s", spsim_funding_kind_key[k], keys);
    }
    const spsim_reg_entry *grant = spsim_registry_find("localities.NAME.funding.NAME.grant_gbp");
    CHECK(grant && strcmp(spsim_registry_stream_leaf(grant), "grant_gbp") == 0 &&
              !spsim_registry_kind_takes(grant, SPSIM_FUNDING_COMMISSIONED) &&
              spsim_registry_kind_takes(grant, SPSIM_FUNDING_SMALL_GRANTS),
          "a stream key knows its kinds");
    CHECK(!spsim_registry_kind_takes(spsim_registry_find("community.group_size"), 0),
          "keys outside streams belong to no kind");
}

static void test_edit_distance(void)
{
    CHECK(spsim_edit_distance("horizon_year", "horizon_years") == 1, "one deletion");
    CHECK(spsim_edit_distance("seeed", "seed") == 1, "one insertion");
    CHECK(spsim_edit_distance("uptkae", "uptake") == 1, "a transposition is one edit");
    CHECK(spsim_edit_distance("kitten", "sitting") == 3, "kitten -> sitting");
    CHECK(spsim_edit_distance("", "pay") == 3, "from empty");
}

int main(void)
{
    test_entries_complete();
    test_reference();
    test_stream_kinds();
    test_edit_distance();
    return spsim_check_finish();
}
