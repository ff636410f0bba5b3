/* The golden run: the default scenario, cut to three years and four replications, with its fixed
 * seed. Every whole-run total, every headline figure and the sum of every weekly series, per arm
 * and summed over replications, must equal expected.txt exactly (printed with 17 significant
 * digits, so equal text means equal doubles).
 *
 * A restructure that moves code without changing the model keeps this green. A change that
 * alters the random draws or the model's arithmetic changes it: regenerate with
 *   build/tests/golden_run --write tests/golden/expected.txt
 * in its own commit, saying why the numbers moved and which distribution tests show that the
 * model itself did not. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "economics/economics.h"
#include "engine/runner.h"
#include "scenario/scenario.h"

enum {
    GOLDEN_WEEKS = 156,
    GOLDEN_REPLICATIONS = 4,
    MAX_LINES = 4096,
    LINE = 160
};

static char lines[MAX_LINES][LINE];
static int n_lines;

static void add_line(const char *arm, const char *what, const char *name, double value)
{
    if (n_lines < MAX_LINES)
        snprintf(lines[n_lines++], LINE, "%s %s %s %.17g", arm, what, name, value);
}

static double sum_series(const spsim_arm_results *r, int s)
{
    double total = 0.0;
    for (long i = 0; i < (long)r->n_weeks * r->n_localities; i++)
        if (!isnan(r->series[s][i])) total += r->series[s][i];
    return total;
}

static void collect(const spsim_scenario *s, const spsim_run *run)
{
    for (int a = 0; a < run->n_arms; a++) {
        const char *arm = s->arms[a].name;
        for (int t = 0; t < SPSIM_N_TOTALS; t++) {
            double v = 0.0;
            for (int r = 0; r < run->n_replications; r++) v += run->results[a][r].totals[t];
            add_line(arm, "total", spsim_total_table[t].name, v);
        }
        for (int h = 0; h < SPSIM_N_HEADLINES; h++) {
            double v = 0.0;
            for (int r = 0; r < run->n_replications; r++)
                v += run->results[a][r].economics->headlines[h];
            add_line(arm, "headline", spsim_headline_table[h].name, v);
        }
        for (int k = 0; k < SPSIM_N_SERIES; k++) {
            double v = 0.0;
            for (int r = 0; r < run->n_replications; r++) v += sum_series(&run->results[a][r], k);
            add_line(arm, "series", spsim_series_table[k].name, v);
        }
    }
}

static int write_expected(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) return 1;
    for (int i = 0; i < n_lines; i++) fprintf(f, "%s\n", lines[i]);
    return fclose(f) != 0;
}

static void compare_expected(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!CHECK(f != NULL, "cannot read %s", path)) return;
    char want[LINE];
    int i = 0, differ = 0;
    while (fgets(want, sizeof want, f)) {
        want[strcspn(want, "\n")] = '\0';
        if (i < n_lines && strcmp(want, lines[i]) != 0 && differ++ < 20)
            printf("  expected: %s\n  got:      %s\n", want, lines[i]);
        i++;
    }
    fclose(f);
    CHECK(i == n_lines, "%d golden figures expected, %d produced", i, n_lines);
    CHECK(differ == 0, "%d of %d golden figures differ from %s", differ, n_lines, path);
}

int main(int argc, char **argv)
{
    const char *expected = "tests/golden/expected.txt";
    bool writing = argc == 3 && strcmp(argv[1], "--write") == 0;
    if (writing) expected = argv[2];
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "scenarios/somerset.yaml");
    spsim_scenario *s = spsim_scenario_load("scenarios/somerset.yaml", &d);
    if (!CHECK(s != NULL, "the default scenario loads")) return spsim_check_finish();
    s->n_weeks = GOLDEN_WEEKS;
    s->replications = GOLDEN_REPLICATIONS;
    char err[256];
    spsim_run_options opt = {.threads = 2};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (!CHECK(run != NULL, "run failed: %s", err)) return spsim_check_finish();
    collect(s, run);
    spsim_run_free(run);
    spsim_scenario_free(s);
    spsim_diagnostics_free(&d);
    if (writing) return write_expected(expected);
    compare_expected(expected);
    return spsim_check_finish();
}
