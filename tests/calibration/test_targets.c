/* Target files: the shipped ones load; every kind of bad entry gives its exact message at its
 * line and column; a target is checked against the scenario's arms and horizon. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "scenario_text.h"
#include "economics/quantities.h"
#include "engine/targets.h"

/* Every diagnostic for `text`, printed as spsim prints them; *loaded says whether it loaded. */
static void diagnostics_text(const char *text, char *out, size_t len, bool *loaded)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "t.yaml");
    spsim_target_set *t = spsim_targets_parse(text, strlen(text), "t.yaml", &d);
    *loaded = t != NULL;
    spsim_test_diagnostics_text(&d, out, len);
    spsim_targets_free(t);
    spsim_diagnostics_free(&d);
}

static void expect(const char *what, const char *text, const char *expected)
{
    char got[8192];
    bool loaded;
    diagnostics_text(text, got, sizeof got, &loaded);
    CHECK(!loaded, "%s: refused", what);
    CHECK(expected && strcmp(got, expected) == 0, "%s:\n--- expected:\n%s--- got:\n%s", what,
          expected ? expected : "", got);
}

#define HEAD      "targets:\n  r:\n"
#define GOOD_BODY "    quantity: decline_share\n    value: 0.1\n    sd: 0.02\n    source: s\n"

static void test_good_file(void)
{
    char got[1024];
    bool loaded;
    diagnostics_text(HEAD GOOD_BODY "  w:\n    quantity: referrals_per_1000_per_year\n"
                                    "    value: 20\n    low: 10\n    high: 30\n"
                                    "    source: s\n    arm: quilt\n    years: [2, 3]\n",
                     got, sizeof got, &loaded);
    CHECK(loaded && got[0] == '\0', "a good file loads without diagnostics (got: %s)", got);
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "t.yaml");
    const char *text = HEAD GOOD_BODY "  w:\n    quantity: no_show_share\n    value: 0.15\n"
                                      "    low: 0.05\n    high: 0.35\n    source: s\n";
    spsim_target_set *t = spsim_targets_parse(text, strlen(text), "t.yaml", &d);
    if (CHECK(t && t->n == 2, "two targets read")) {
        CHECK(t->items[0].quantity == spsim_quantity_find("decline_share") &&
                  t->items[0].sd == 0.02 && t->items[0].first_year == 0,
              "the first target's quantity, sd and (whole-run) years");
        CHECK_NEAR(t->items[1].sd, 0.30 / (2 * 1.959963984540054), 1e-12,
                   "low..high read as a 95 % interval: sd = (high - low) / 3.92");
        CHECK(t->items[1].line == 7 && t->items[1].column == 3, "a target remembers its place");
    }
    spsim_targets_free(t);
    spsim_diagnostics_free(&d);
}

static void test_shipped_files(void)
{
    const char *files[] = {"calibration/evidence.yaml", "calibration/local_example.yaml"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        spsim_diagnostics d;
        spsim_diagnostics_init(&d, files[i]);
        spsim_target_set *t = spsim_targets_load(files[i], &d);
        CHECK(t != NULL && d.n == 0, "%s loads without diagnostics", files[i]);
        if (!t) spsim_diagnostics_print(&d, stderr);
        spsim_targets_free(t);
        spsim_diagnostics_free(&d);
    }
}

/* The published targets fit the default scenario: its arms and its ten-year horizon. */
static void test_evidence_fits_default_scenario(void)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "scenarios/somerset.yaml");
    spsim_scenario *s = spsim_scenario_load("scenarios/somerset.yaml", &d);
    spsim_diagnostics_free(&d);
    spsim_diagnostics_init(&d, "calibration/evidence.yaml");
    spsim_target_set *t = spsim_targets_load("calibration/evidence.yaml", &d);
    if (CHECK(s && t, "the default scenario and the evidence targets load"))
        CHECK(spsim_targets_check_scenario(t, s, &d) == 0,
              "calibration/evidence.yaml's arms and years fit scenarios/somerset.yaml");
    spsim_diagnostics_print(&d, stderr);
    spsim_targets_free(t);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

static void test_messages(void)
{
    char names[512], expected[4096];
    spsim_quantity_names(names, sizeof names);
    snprintf(expected, sizeof expected,
             "t.yaml:3:15: error: target 'r': unknown quantity 'declines' (allowed: %s)\n", names);
    expect("unknown quantity",
           HEAD "    quantity: declines\n    value: 0.1\n    sd: 0.02\n    source: s\n", expected);
    snprintf(expected, sizeof expected,
             "t.yaml:2:3: error: target 'r': missing quantity (allowed: %s)\n", names);
    expect("missing quantity", HEAD "    value: 0.1\n    sd: 0.02\n    source: s\n", expected);
    expect("missing value", HEAD "    quantity: decline_share\n    sd: 0.02\n    source: s\n",
           "t.yaml:2:3: error: target 'r': missing value (allowed: a number in the quantity's "
           "unit)\n");
    expect("value not a number",
           HEAD "    quantity: decline_share\n    value: ten\n    sd: 1\n    source: s\n",
           "t.yaml:4:12: error: target 'r': value must be a number, got 'ten'\n");
    expect("sd zero",
           HEAD "    quantity: decline_share\n    value: 0.1\n    sd: 0\n    source: s\n",
           "t.yaml:5:9: error: target 'r': sd must be above 0, got 0\n");
    expect("sd negative",
           HEAD "    quantity: decline_share\n    value: 0.1\n    sd: -0.5\n    source: s\n",
           "t.yaml:5:9: error: target 'r': sd must be above 0, got -0.5\n");
    expect("no uncertainty", HEAD "    quantity: decline_share\n    value: 0.1\n    source: s\n",
           "t.yaml:2:3: error: target 'r': missing uncertainty (allowed: sd, or low and high as "
           "a 95 % interval)\n");
    expect("sd and interval",
           HEAD "    quantity: decline_share\n    value: 0.1\n    sd: 1\n    low: 0\n"
                "    high: 1\n    source: s\n",
           "t.yaml:6:10: error: target 'r': give sd or low and high, not both\n");
    expect("low without high",
           HEAD "    quantity: decline_share\n    value: 0.1\n    low: 0\n    source: s\n",
           "t.yaml:5:10: error: target 'r': low needs high (a 95 % interval)\n");
    expect("value outside the interval",
           HEAD "    quantity: decline_share\n    value: 0.5\n    low: 0\n    high: 0.2\n"
                "    source: s\n",
           "t.yaml:5:10: error: target 'r': low 0 and high 0.2 must satisfy low < high and low "
           "<= value (0.5) <= high\n");
    expect("missing source", HEAD "    quantity: decline_share\n    value: 0.1\n    sd: 0.02\n",
           "t.yaml:2:3: error: target 'r': missing source (allowed: the publication or local "
           "data the figure comes from)\n");
    expect("unknown key", HEAD GOOD_BODY "    weight: 2\n",
           "t.yaml:7:5: error: target 'r': unknown key 'weight' (allowed: quantity, value, sd, "
           "low, high, source, note, arm, years)\n");
    expect("years on a whole-run figure",
           HEAD "    quantity: measured_gp_reduction\n    value: 0.28\n    sd: 0.1\n"
                "    source: s\n    years: [1, 2]\n",
           "t.yaml:7:12: error: target 'r': years cannot restrict measured_gp_reduction, a "
           "figure of the whole run (allowed only for quantities counted by week)\n");
    expect("years backwards", HEAD GOOD_BODY "    years: [3, 2]\n",
           "t.yaml:7:12: error: target 'r': years must be a year N or a list [FIRST, LAST] of "
           "whole years of the horizon with 1 <= FIRST <= LAST\n");
    expect("duplicate target", HEAD GOOD_BODY "  r:\n" GOOD_BODY,
           "t.yaml:7:3: error: target 'r' is given twice (first at line 2)\n");
    expect("no targets", "description: x\n",
           "t.yaml:1:1: error: targets must be a mapping of 1 to 256 named targets\n");
    expect("unknown top-level key", "target:\n  r: {}\n",
           "t.yaml:1:1: error: unknown key 'target' (allowed: description, targets)\n"
           "t.yaml:1:1: error: targets must be a mapping of 1 to 256 named targets\n");
    snprintf(expected, sizeof expected,
             "t.yaml:3:15: error: target 'r': unknown quantity 'nope' (allowed: %s)\n"
             "t.yaml:5:9: error: target 'r': sd must be above 0, got -1\n"
             "t.yaml:7:3: error: target 'q': missing quantity (allowed: %s)\n"
             "t.yaml:7:3: error: target 'q': missing source (allowed: the publication or local "
             "data the figure comes from)\n",
             names, names);
    expect("several errors, in file order",
           HEAD "    quantity: nope\n    value: 1\n    sd: -1\n    source: s\n"
                "  q:\n    value: 1\n    sd: 1\n",
           expected);
}

static void test_against_scenario(void)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "scenarios/minimal.yaml");
    spsim_scenario *s = spsim_scenario_load("scenarios/minimal.yaml", &d);
    spsim_diagnostics_free(&d);
    const char *text = HEAD GOOD_BODY "    arm: quilt\n  w:\n"
                                      "    quantity: referrals_per_1000_per_year\n"
                                      "    value: 20\n    sd: 3\n    source: s\n"
                                      "    years: [3, 11]\n";
    spsim_diagnostics_init(&d, "t.yaml");
    spsim_target_set *t = spsim_targets_parse(text, strlen(text), "t.yaml", &d);
    if (CHECK(s && t, "scenario and targets load")) {
        CHECK(spsim_targets_check_scenario(t, s, &d) == 2, "two problems against the scenario");
        char got[2048] = "";
        FILE *f = tmpfile();
        if (f) {
            spsim_diagnostics_print(&d, f);
            rewind(f);
            got[fread(got, 1, sizeof got - 1, f)] = '\0';
            fclose(f);
        }
        const char *expected =
            "t.yaml:7:10: error: target 'r': the scenario has no arm 'quilt' (arms: base)\n"
            "t.yaml:13:12: error: target 'w': year 11 is beyond the scenario's horizon of 10 "
            "years\n";
        CHECK(!strcmp(got, expected), "against the scenario:\n--- expected:\n%s--- got:\n%s",
              expected, got);
    }
    spsim_targets_free(t);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

int main(void)
{
    test_good_file();
    test_shipped_files();
    test_evidence_fits_default_scenario();
    test_messages();
    test_against_scenario();
    return spsim_check_finish();
}
