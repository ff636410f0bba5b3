/* Exact messages, with line and column, for every problem a distribution, a correlated group
 * or an include can have; and the distributions that are accepted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario/scenario.h"

/* Every diagnostic for the file or text, printed as spsim validate prints them. */
static void print_diagnostics(spsim_diagnostics *d, spsim_scenario *s, char *out, size_t len)
{
    FILE *f = tmpfile();
    out[0] = '\0';
    if (f) {
        spsim_diagnostics_print(d, f);
        rewind(f);
        out[fread(out, 1, len - 1, f)] = '\0';
        fclose(f);
    }
    spsim_scenario_free(s);
    spsim_diagnostics_free(d);
}

#define HEAD                                                                                       \
    "name: a\n"                                                                                    \
    "start_date: 2025-04-01\n"                                                                     \
    "localities:\n"                                                                                \
    "  b: {population: {age_0_15: 1, age_16_29: 0, age_30_49: 0, age_50_64: 0, age_65_plus: 0},\n" \
    "      deprivation: 0, rurality: 0}\n"
/* HEAD is five lines, so the body below starts at line 6. */

static void expect_text(const char *what, const char *body, const char *expected)
{
    char text[4096], got[4096];
    snprintf(text, sizeof text, HEAD "%s", body);
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "t.yaml");
    spsim_scenario *s = spsim_scenario_parse(text, strlen(text), "t.yaml", &d);
    CHECK(s == NULL, "%s: refused", what);
    print_diagnostics(&d, s, got, sizeof got);
    CHECK(strcmp(got, expected) == 0, "%s:\n--- expected:\n%s--- got:\n%s", what, expected, got);
}

static void expect_file(const char *what, const char *path, const char *expected)
{
    char got[4096];
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, path);
    spsim_scenario *s = spsim_scenario_load(path, &d);
    CHECK(s == NULL, "%s: refused", what);
    print_diagnostics(&d, s, got, sizeof got);
    CHECK(strcmp(got, expected) == 0, "%s:\n--- expected:\n%s--- got:\n%s", what, expected, got);
}

static void test_distribution_messages(void)
{
    expect_text("unknown dist", "uptake:\n  probability: {dist: gama, mean: 0.5, sd: 0.1}\n",
                "t.yaml:7:23: error: unknown distribution 'gama' in 'uptake.probability' "
                "(allowed: fixed, beta, gamma, lognormal, normal, uniform, triangular, pert)\n");
    expect_text("missing parameter", "uptake:\n  probability: {dist: beta, mean: 0.5}\n",
                "t.yaml:7:16: error: a beta distribution in 'uptake.probability' needs 'sd' "
                "(allowed: mean, sd; or low, high, coverage)\n");
    expect_text("extra parameter",
                "uptake:\n  probability: {dist: uniform, min: 0.1, max: 0.5, "
                "mode: 0.2}\n",
                "t.yaml:7:52: error: 'mode' is not a parameter of a uniform distribution in "
                "'uptake.probability' (allowed: min, max)\n");
    expect_text("unknown parameter",
                "uptake:\n  probability: {dist: beta, mean: 0.5, sd: 0.1, "
                "sigma: 1}\n",
                "t.yaml:7:49: error: unknown distribution parameter 'sigma' in "
                "'uptake.probability' (allowed: dist, mean, sd, min, mode, max, value, low, "
                "high, coverage, source, note, calibrate)\n");
    expect_text("beta mean", "uptake:\n  probability: {dist: beta, mean: 1.2, sd: 0.1}\n",
                "t.yaml:7:35: error: beta mean 1.2 in 'uptake.probability' is outside (0, 1) "
                "(allowed: 0 < mean < 1)\n");
    expect_text("beta sd", "uptake:\n  probability: {dist: beta, mean: 0.5, sd: 0.5}\n",
                "t.yaml:7:44: error: beta sd 0.5 in 'uptake.probability' is too large for mean "
                "0.5 (allowed: sd^2 < mean x (1 - mean))\n");
    expect_text("sd", "referral:\n  maturity_years: {dist: gamma, mean: 2, sd: 0}\n",
                "t.yaml:7:46: error: sd 0 in 'referral.maturity_years' is not positive "
                "(allowed: sd > 0)\n");
    expect_text("gamma mean", "referral:\n  maturity_years: {dist: gamma, mean: -1, sd: 1}\n",
                "t.yaml:7:39: error: gamma mean -1 in 'referral.maturity_years' is not positive "
                "(allowed: mean > 0)\n");
    expect_text("min max", "uptake:\n  probability: {dist: uniform, min: 0.5, max: 0.5}\n",
                "t.yaml:7:47: error: min 0.5 is not below max 0.5 in 'uptake.probability' "
                "(allowed: min < max)\n");
    expect_text("mode", "uptake:\n  probability: {dist: pert, min: 0.1, mode: 0.9, max: 0.5}\n",
                "t.yaml:7:45: error: mode 0.9 in 'uptake.probability' is outside [min 0.1, max "
                "0.5] (allowed: min <= mode <= max)\n");
    expect_text("coverage",
                "uptake:\n  probability: {dist: beta, low: 0.1, high: 0.5, "
                "coverage: 1}\n",
                "t.yaml:7:60: error: coverage 1 in 'uptake.probability' is outside (0, 1) "
                "(allowed: 0 < coverage < 1, e.g. 0.95)\n");
    expect_text("low high", "referral:\n  maturity_years: {dist: lognormal, low: 3, high: 2}\n",
                "t.yaml:7:51: error: low 3 is not below high 2 in 'referral.maturity_years' "
                "(allowed: low < high)\n");
    expect_text("beta interval", "uptake:\n  probability: {dist: beta, low: 0, high: 0.5}\n",
                "t.yaml:7:34: error: a beta interval in 'uptake.probability' must lie inside "
                "(0, 1), not [0, 0.5] (allowed: 0 < low < high < 1)\n");
    expect_text("not a number", "uptake:\n  probability: {dist: beta, mean: high, sd: 0.1}\n",
                "t.yaml:7:35: error: distribution parameter 'mean' of 'uptake.probability' is "
                "'high', not a number (allowed: a number)\n");
    expect_text("integer key", "community:\n  group_size: {dist: normal, mean: 10, sd: 2}\n",
                "t.yaml:7:15: error: 'community.group_size' is a whole number and takes no "
                "distribution (allowed: an integer 1..100; draws would need rounding, which the "
                "model does not do)\n");
    expect_text("not a number key", "community:\n  enabled: {dist: fixed, value: 1}\n",
                "t.yaml:7:12: error: 'community.enabled' is not a number and takes no "
                "distribution (allowed: true or false)\n");
    expect_text("mean out of range", "uptake:\n  probability: {dist: normal, mean: 1.5, sd: 0.1}\n",
                "t.yaml:7:16: warning: 100.0 % of the distribution of 'uptake.probability' lies "
                "outside its allowed range 0..1 and is cut off (draws are truncated to the "
                "range)\n"
                "t.yaml:7:16: error: 'uptake.probability' is 1.5, out of range (allowed: a "
                "number 0..1, probability)\n");
    expect_text("calibrate", "uptake:\n  probability: {calibrate: {min: 0.9, max: 0.1}}\n",
                "t.yaml:7:44: error: calibrate min 0.9 is not below max 0.1 in "
                "'uptake.probability' (allowed: min < max)\n");
    expect_text("calibrate flag",
                "uptake:\n  probability: {dist: beta, mean: 0.5, sd: 0.1, "
                "calibrate: maybe}\n",
                "t.yaml:7:60: error: calibrate in 'uptake.probability' is 'maybe' (allowed: true "
                "or false beside dist, or {min: NUMBER, max: NUMBER} without dist)\n");
}

#define TWO_KEYS                                                                                   \
    "uptake:\n  probability: {dist: beta, mean: 0.5, sd: 0.1}\n"                                   \
    "support:\n  no_show_probability: {dist: beta, mean: 0.2, sd: 0.05}\n"                         \
    "  dropout_per_week: {dist: uniform, min: 0.01, max: 0.03}\n"
/* TWO_KEYS (three keys, in fact) ends at line 10, so correlations start at line 11. */

static void test_correlation_messages(void)
{
    expect_text("not uncertain",
                TWO_KEYS "correlations:\n  - {keys: [uptake.probability, "
                         "referral.maturity_years], rho: 0.5}\n",
                "t.yaml:12:33: error: 'referral.maturity_years' in 'correlations' is not a key "
                "written as a distribution (allowed: the dotted path of an uncertain key, e.g. "
                "outcomes.causal_effect.gp.mode)\n");
    expect_text("rho",
                TWO_KEYS "correlations:\n  - {keys: [uptake.probability, "
                         "support.no_show_probability], rho: 1}\n",
                "t.yaml:12:68: error: correlation '1' is not a number inside (-1, 1) (allowed: "
                "-1 < rho < 1)\n");
    expect_text("not positive definite",
                TWO_KEYS "correlations:\n"
                         "  - {keys: [uptake.probability, support.no_show_probability], rho: 0.9}\n"
                         "  - {keys: [uptake.probability, support.dropout_per_week], rho: 0.9}\n"
                         "  - {keys: [support.no_show_probability, support.dropout_per_week], "
                         "rho: -0.9}\n",
                "t.yaml:12:3: error: the correlations are not positive definite, so no joint "
                "distribution has them (allowed: correlations that GSL's Cholesky decomposition "
                "accepts; lower some of them)\n");
    expect_text("matrix",
                TWO_KEYS "correlations:\n  - keys: [uptake.probability, "
                         "support.no_show_probability]\n"
                         "    matrix: [[1, 0.5], [0.4, 1]]\n",
                "t.yaml:13:25: error: a correlation matrix is not symmetric: 0.4 here, 0.5 "
                "across the diagonal (allowed: a symmetric matrix)\n");
    expect_text("group", TWO_KEYS "correlations:\n  - {keys: [uptake.probability], rho: 0.5}\n",
                "t.yaml:12:5: error: a correlated group needs 'keys' (two or more) and one of "
                "'rho' or 'matrix' (allowed: {keys: [KEY, KEY, ..], rho: NUMBER} or {keys: "
                "[KEY, ..], matrix: [[NUMBER, ..], ..]})\n");
}

#define FIXTURES "tests/uncertainty/fixtures/"

static void test_include_messages(void)
{
    expect_file("cycle", FIXTURES "cycle_a.yaml",
                FIXTURES "cycle_b.yaml:3:10: error: include cycle: 'cycle_a.yaml' is already "
                         "being read (allowed: fragments that do not include one another in a "
                         "cycle)\n");
    expect_file("missing", FIXTURES "missing.yaml",
                FIXTURES "missing.yaml:3:5: error: cannot read included file "
                         "'no_such_fragment.yaml': No such file or directory (allowed: a "
                         "readable YAML file; a relative path is read from the including file's "
                         "folder)\n");
    expect_file("in a fragment", FIXTURES "with_bad_fragment.yaml",
                FIXTURES "bad_fragment.yaml:2:35: error: beta mean 1.5 in 'uptake.probability' "
                         "is outside (0, 1) (allowed: 0 < mean < 1)\n");
    expect_file("duplicate in a fragment", FIXTURES "with_dup_fragment.yaml",
                FIXTURES "dup_fragment.yaml:5:1: error: duplicate key 'uptake' in an included "
                         "file, first given at line 1 (allowed: each key once)\n");
    expect_file("too deep", FIXTURES "deep_1.yaml",
                FIXTURES "deep_5.yaml:1:10: error: 'base.yaml' would be included 5 levels deep "
                         "(allowed: at most 4 levels of include)\n");
    expect_text("include type", "include: {a: 1}\n",
                "t.yaml:6:10: error: wrong type for 'include': a mapping is not a path (allowed: "
                "a path or a list of paths to YAML fragments)\n");
}

/* Accepted forms, with where each key was written. */
static void test_accepted(void)
{
    const char *ok = "name: a\nstart_date: 2025-04-01\nlocalities:\n"
                     "  b:\n"
                     "    population: {age_0_15: 1, age_16_29: 0, age_30_49: 0, age_50_64: 0,\n"
                     "                 age_65_plus: 0}\n"
                     "    deprivation: 0\n    rurality: 0\n"
                     "    link_workers:\n"
                     "      fte:\n"
                     "        - {from: 2025-04-01, fte: {dist: uniform, min: 1, max: 2}}\n"
                     "uptake:\n"
                     "  probability: {calibrate: {min: 0.5, max: 0.9}, source: fitted}\n"
                     "  self_referral_probability: {dist: beta, mean: 0.9, sd: 0.05, "
                     "calibrate: true, note: prior}\n";
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "ok.yaml");
    spsim_scenario *s = spsim_scenario_parse(ok, strlen(ok), "ok.yaml", &d);
    if (CHECK(s && s->n_uncertain == 3, "three uncertain keys")) {
        const spsim_uncertain_key *u = s->uncertain;
        CHECK(strcmp(u[0].key, "localities.b.link_workers.fte[0].fte") == 0 && u[0].line == 11 &&
                  u[0].column == 35 && !u[0].calibrate,
              "an fte step: %s at %d:%d", u[0].key, u[0].line, u[0].column);
        CHECK(strcmp(u[1].key, "uptake.probability") == 0 && u[1].calibrate &&
                  u[1].dist.kind == SPSIM_DIST_UNIFORM && u[1].dist.p[0] == 0.5 &&
                  u[1].dist.p[1] == 0.9 && strcmp(u[1].source, "fitted") == 0,
              "a calibrate marker is a uniform prior");
        CHECK(u[2].calibrate && u[2].dist.kind == SPSIM_DIST_BETA &&
                  strcmp(u[2].note, "prior") == 0,
              "a distribution marked for calibration is its prior");
        CHECK(s->arms[0].uptake.probability == 0.7, "resolved at the prior's mean (%.17g)",
              s->arms[0].uptake.probability);
    }
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
}

int main(void)
{
    test_distribution_messages();
    test_correlation_messages();
    test_include_messages();
    test_accepted();
    return spsim_check_finish();
}
