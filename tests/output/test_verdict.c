/* The verdict `spsim summary` prints on one screen: its exact text for the output fixture, its
 * size for the default scenario (at most 40 lines of at most 100 columns), its ranking against
 * the file's own mean net monetary benefit, and the progress text of a run. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "check.h"
#include "fixture.h"
#include "engine/progress.h"
#include "engine/runner.h"
#include "io/h5write.h"
#include "scenario/scenario.h"
#include "summary/summary.h"

static char *verdict_of(const char *path)
{
    char *text = NULL, err[512] = "";
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    int status = spsim_summary_print_verdict(path, out, err, sizeof err);
    fclose(out);
    CHECK(status == 0, "verdict of %s: %s", path, err);
    return text;
}

/* The fixture (fixture.c; test_summary.c works out its figures): people supported
 * 1,000 x (arm + 1) + 5 steps, the mean of {0, 3, 12} steps; the blanket's headlines are the
 * quilt's halved, so the quilt has 1,500 more WELLBYs for 1,000,000 GBP more net cost in every
 * replication: 667 GBP per WELLBY (1,000,000 / 1,500) against the quilt means the blanket's
 * 1,000,000 GBP less buys 1,500 fewer WELLBYs (hence "(fewer)"). At the first arm's 20,000 GBP per
 * WELLBY the quilt leads by 29.0 million GBP (1,500 x 20,000 - 1,000,000), all of it and more from
 * wellbeing (103.4 %), and is best in all three replications. The arms' willingness to pay
 * differs (20,000 and 25,000), which the verdict says; the fixture has no /psa and no
 * assumption sources. */
static const char *const expected_body =
    "\nMeans over replications; money discounted, real terms\n"
    "                      supported  first wait    total cost      net cost    WELLBYs  vs the "
    "reference\n"
    "arm                    (people)     (weeks)         (GBP)         (GBP)  (WELLBYs)  (GBP per "
    "WELLBY)\n"
    "blanket                   1,050    26,414.2   2.0 million   1.0 million    1,550.0  667 "
    "(fewer)\n"
    "quilt                     2,050    52,328.2   4.0 million   2.0 million    3,050.0  "
    "reference\n"
    "Reference: the scenario's last arm, quilt (mean extra net cost / mean extra WELLBYs)\n"
    "\nArms\n"
    "  blanket: the blanket arm\n"
    "  quilt: the quilt arm\n"
    "\nRanked by mean net monetary benefit at 20,000 GBP per WELLBY\n"
    "    arm                    net monetary benefit   best in\n"
    "  1 quilt                      59.0 million GBP   100.0 % of replications\n"
    "  2 blanket                    30.0 million GBP   0.0 % of replications\n"
    "\nCaveats\n"
    "  - quilt leads blanket by 29.0 million GBP of net monetary benefit, and 103.4 % of that lead "
    "is\n"
    "    WELLBYs valued at 20,000 GBP each; in money alone (net cost) quilt is 1.0 million GBP "
    "behind.\n"
    "  - The shares of replications reflect chance alone: the scenario writes no value as a "
    "distribution\n"
    "    (the file has no /psa), so parameter uncertainty is not in them.\n"
    "  - 3 replications: each share moves in steps of 33.3 %; spsim run --precision runs until "
    "the\n"
    "    headlines are precise enough.\n"
    "  - The arms value a WELLBY differently; the ranking uses the first arm's willingness to "
    "pay.\n"
    "  - blanket has fewer WELLBYs than quilt for less net cost: its ratio is the GBP saved per "
    "WELLBY\n"
    "    given up.\n"
    "  - docs/validation.md sets every headline of the default scenario beside its published "
    "figure and\n"
    "    source (tools/update-validation.sh).\n";

static void test_fixture_verdict(const char *dir)
{
    output_fixture fx;
    char path[512], err[512] = "", want[8192];
    snprintf(path, sizeof path, "%s/run.h5", dir);
    if (!CHECK(output_fixture_make(&fx) == 0, "fixture") ||
        !CHECK(spsim_h5_write(path, fx.scenario, fx.run, err, sizeof err) == 0, "write: %s", err))
        return;
    char *text = verdict_of(path);
    snprintf(want, sizeof want,
             "Verdict for fixture: 3 replications, 0.1 years (5 weeks from 2025-04-01)\n"
             "File %s: seed 9007199254740993, spsim %s\n%s\n"
             "Every figure, with 90 %% intervals: spsim summary %s --full\n",
             path, SPSIM_VERSION, expected_body, path);
    CHECK(text && strcmp(text, want) == 0, "verdict:\n%s\nexpected:\n%s", text, want);
    free(text);
    remove(path);
    output_fixture_free(&fx);
}

/* The mean over replications of /arms/<arm>/headlines/net_monetary_benefit, read directly. */
static double file_mean_nmb(const char *path, const char *arm)
{
    char name[256];
    snprintf(name, sizeof name, "/arms/%s/headlines/net_monetary_benefit", arm);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = f < 0 ? -1 : H5Dopen2(f, name, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hssize_t n = space < 0 ? 0 : H5Sget_simple_extent_npoints(space);
    double *x = n > 0 ? malloc((size_t)n * sizeof *x) : NULL, sum = 0;
    bool ok = x && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0;
    for (hssize_t i = 0; ok && i < n; i++) sum += x[i];
    free(x);
    if (space >= 0) H5Sclose(space);
    if (d >= 0) H5Dclose(d);
    if (f >= 0) H5Fclose(f);
    return ok ? sum / (double)n : NAN;
}

/* Lines and the widest of them. */
static void measure(const char *text, int *lines, int *widest)
{
    *lines = 0;
    *widest = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        if ((int)n > *widest) *widest = (int)n;
        (*lines)++;
        p += n + (p[n] == '\n');
    }
}

/* The arms in the order the ranking lists them ("  1 quilt ..."); returns how many. */
static int ranked_arms(const char *text, char names[][64], int max)
{
    const char *p = strstr(text, "\nRanked by");
    int n = 0;
    for (p = p ? strchr(p + 1, '\n') : NULL; p && n < max; p = strchr(p + 1, '\n')) {
        int rank = 0;
        char name[64];
        if (sscanf(p + 1, " %d %63s", &rank, name) != 2) continue;
        if (rank != n + 1) break;
        snprintf(names[n++], sizeof names[0], "%s", name);
    }
    return n;
}

/* The default scenario at 4 replications: at most 40 lines of at most 100 columns, and the
 * ranking in the order of the file's mean net monetary benefit, arms far enough apart that the
 * order is not a tie (fixed seed, so the same figures every time). */
static void test_somerset_verdict(const char *dir)
{
    spsim_scenario *s = spsim_scenario_load_reporting("scenarios/somerset.yaml", stderr);
    if (!CHECK(s != NULL, "the default scenario loads")) return;
    char err[512] = "", path[600];
    spsim_run_options opt = {.threads = 2, .replications = 4};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    snprintf(path, sizeof path, "%s/somerset.h5", dir);
    if (CHECK(run != NULL, "run: %s", err) &&
        CHECK(spsim_h5_write(path, s, run, err, sizeof err) == 0, "write: %s", err)) {
        char *text = verdict_of(path), names[SPSIM_MAX_ARMS][64];
        int lines = 0, widest = 0, n = text ? ranked_arms(text, names, SPSIM_MAX_ARMS) : 0;
        if (text) measure(text, &lines, &widest);
        CHECK(lines <= 40, "the verdict has %d lines (at most 40):\n%s", lines, text);
        CHECK(widest <= 100, "its widest line has %d columns (at most 100)", widest);
        CHECK(n == s->n_arms, "the ranking lists all %d arms (got %d)", s->n_arms, n);
        for (int i = 1; i < n; i++) {
            double above = file_mean_nmb(path, names[i - 1]), below = file_mean_nmb(path, names[i]);
            CHECK(above > below + 1e5,
                  "%s (%.0f GBP) ranks above %s (%.0f GBP), apart by more "
                  "than 100,000 GBP",
                  names[i - 1], above, names[i], below);
        }
        free(text);
    }
    remove(path);
    spsim_run_free(run);
    spsim_scenario_free(s);
}

/* Off a terminal nothing until the last replication, then one line; on one, a bar redrawn in
 * place from the first, ending its line only at the last. */
static void test_progress_text(void)
{
    char text[256];
    spsim_progress_format(SPSIM_PROGRESS_LINE, 3, 8, 1.5, text, sizeof text);
    CHECK(strcmp(text, "") == 0, "no line before the end: '%s'", text);
    spsim_progress_format(SPSIM_PROGRESS_LINE, 8, 8, 2.0, text, sizeof text);
    CHECK(strcmp(text, "spsim: 8 replications done in 2.0 s (4.00 replications per s)\n") == 0,
          "the final line: '%s'", text);
    /* a national replication: one in 307.9 s is a time each, not "0.00 replications per s" */
    spsim_progress_format(SPSIM_PROGRESS_LINE, 1, 1, 307.9, text, sizeof text);
    CHECK(strcmp(text, "spsim: 1 replication done in 307.9 s (307.9 s each)\n") == 0,
          "the final line of a slow run: '%s'", text);
    spsim_progress_format(SPSIM_PROGRESS_NONE, 8, 8, 2.0, text, sizeof text);
    CHECK(strcmp(text, "") == 0, "nothing when quiet: '%s'", text);
    /* 2 of 8 in 1.5 s: 1.33 per s, 6 more at 0.75 s each */
    spsim_progress_format(SPSIM_PROGRESS_BAR, 2, 8, 1.5, text, sizeof text);
    CHECK(strcmp(text, "\rspsim: [######..................] 2/8 replications, 1.33 per s, about "
                       "4 s left   ") == 0,
          "the bar: '%s'", text);
    spsim_progress_format(SPSIM_PROGRESS_BAR, 8, 8, 2.0, text, sizeof text);
    CHECK(strcmp(text, "\rspsim: [########################] 8/8 replications, 4.00 per s, done "
                       "in 2.0 s   \n") == 0,
          "the last bar: '%s'", text);
}

int main(void)
{
    char dir[] = "/tmp/spsim-verdict-XXXXXX";
    test_progress_text();
    if (CHECK(mkdtemp(dir) != NULL, "temporary directory")) {
        test_fixture_verdict(dir);
        test_somerset_verdict(dir);
        rmdir(dir);
    }
    return spsim_check_finish();
}
