/* Summaries across replications: spsim_describe (NaNs ignored, GSL quantiles) and the headline
 * table that `spsim summary` prints from a file, with its error messages. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <hdf5.h>

#include "check.h"
#include "fixture.h"
#include "economics/economics.h"
#include "io/h5write.h"
#include "results/statistics.h"
#include "summary/summary.h"

static void check_stats(const double *got, const double *want, const char *what)
{
    for (int k = 0; k < SPSIM_N_STATS; k++) {
        char label[96];
        snprintf(label, sizeof label, "%s: %s", what, spsim_stat_name[k]);
        if (isnan(want[k]))
            CHECK(isnan(got[k]), "%s is NaN (got %g)", label, got[k]);
        else
            CHECK_NEAR(got[k], want[k], 1e-12, label);
    }
}

/* 1, 2, 4, 8 with NaNs among them: mean 3.75, sd sqrt(28.75 / 3); GSL quantiles at f x 3 between
 * the sorted values: 0.15 -> 1.15, 0.75 -> 1.75, 1.5 -> 3, 2.25 -> 5, 2.85 -> 7.4. */
static void test_describe_ignores_nans(void)
{
    double x[] = {NAN, 8, NAN, 1, 4, 2, NAN}, scratch[7], out[SPSIM_N_STATS];
    spsim_describe(x, 7, scratch, out);
    double want[SPSIM_N_STATS] = {3.75, sqrt(28.75 / 3), 1.15, 1.75, 3, 5, 7.4};
    check_stats(out, want, "1, 2, 4, 8 and three NaNs");
    CHECK(isnan(x[0]) && x[1] == 8 && x[3] == 1, "the input is left as it was");
}

static void test_describe_edge_cases(void)
{
    double none[] = {NAN, NAN}, one[] = {NAN, 2.5}, scratch[2], out[SPSIM_N_STATS];
    double all_nan[SPSIM_N_STATS] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    spsim_describe(none, 2, scratch, out);
    check_stats(out, all_nan, "only NaNs");
    spsim_describe(one, 2, scratch, out);
    double single[SPSIM_N_STATS] = {2.5, NAN, 2.5, 2.5, 2.5, 2.5, 2.5};
    check_stats(out, single, "one value (sd undefined)");
    double same[] = {7, NAN, 7, 7}, scratch4[4];
    spsim_describe(same, 4, scratch4, out);
    double constant[SPSIM_N_STATS] = {7, 0, 7, 7, 7, 7, 7};
    check_stats(out, constant, "three equal values and a NaN");
    spsim_describe(NULL, 0, scratch, out);
    check_stats(out, all_nan, "no values");
}

/* Quantiles of n values with ties (x mod `distinct`, in a scrambled order) exactly as GSL gives
 * them from the sorted values, both below and above the size where selection replaces the sort;
 * mean and sd as the plain formulas give them. */
static void check_against_sorted(size_t n, unsigned distinct)
{
    double *x = malloc(n * sizeof *x), *sorted = malloc(n * sizeof *sorted);
    double *scratch = malloc(n * sizeof *scratch), out[SPSIM_N_STATS];
    if (!CHECK(x && sorted && scratch, "memory for %zu values", n)) goto done;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        x[i] = sorted[i] = (double)((i * 7919u + 13u) % distinct) + (distinct > 100 ? 0.5 : 0);
        sum += x[i];
    }
    spsim_describe(x, n, scratch, out);
    gsl_sort(sorted, 1, n);
    const double f[] = {0.05, 0.25, 0.5, 0.75, 0.95};
    int differ = 0;
    for (int k = SPSIM_STAT_P5; k <= SPSIM_STAT_P95; k++)
        differ += out[k] != gsl_stats_quantile_from_sorted_data(sorted, 1, n, f[k - SPSIM_STAT_P5]);
    CHECK(differ == 0, "%zu values, %u distinct: quantiles are GSL's from sorted data (%d differ)",
          n, distinct, differ);
    double mean = sum / (double)n, squares = 0;
    for (size_t i = 0; i < n; i++) squares += (x[i] - mean) * (x[i] - mean);
    CHECK_NEAR(out[SPSIM_STAT_MEAN], mean, 1e-12 * fabs(mean), "mean");
    CHECK_NEAR(out[SPSIM_STAT_SD], sqrt(squares / (double)(n - 1)), 1e-9, "sd");
done:
    free(scratch);
    free(sorted);
    free(x);
}

static void test_describe_matches_sorted_quantiles(void)
{
    const size_t sizes[] = {2, 3, 20, 199, 200, 201, 1000, 4097};
    const unsigned distinct[] = {2, 5, 97, 100003};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t j = 0; j < sizeof distinct / sizeof distinct[0]; j++)
            check_against_sorted(sizes[i], distinct[j]);
}

static void test_stat_names(void)
{
    const char *want[SPSIM_N_STATS] = {"mean", "sd", "p5", "p25", "p50", "p75", "p95"};
    for (int k = 0; k < SPSIM_N_STATS; k++)
        CHECK(strcmp(spsim_stat_name[k], want[k]) == 0, "statistic %d is %s", k, want[k]);
}

static char *print_to_string(const char *path, int *status, char *err, size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    *status = spsim_summary_print(path, out, err, errlen);
    fclose(out);
    return text;
}

/* Fixture totals: (tid + 1) x 1234 x (arm + 1) (link-worker cost x 1000) + 100 x {0, 3, 12}
 * (+ 0.25 when not a count), so each row's mean is base + 500, p5 base + 30 and p95 base + 1110;
 * rows follow the table's order, not the totals'. The money block: each headline is
 * base x (arm + 1) + step x {0, 3, 12} (fixture.c), so the mean is base + 5 steps, p5 base + 0.3
 * steps and p95 base + 11.1 steps (return on investment -0.5 + 0.05 = -0.45, p5 -0.497, p95
 * -0.389); break-even years 2026, 2027 and never give a median of 2027/28, 2026/27 at 5 % and
 * none at 95 %; the discounted cost of year y is 1000 + 100 y + 2.25 (+ 100,000 in the quilt)
 * + {0, 3, 12}. Only the quilt has investors (their loss is 0, 0, 1: mean 33.3 %, p95 90 %).
 * The comparison: every difference blanket - quilt is -base in every replication (the
 * offsets cancel), and the blanket is better on every figure whose better direction agrees with
 * the sign of -base (lower costs, not fewer WELLBYs; a return of -0.5 beats -1.0); it breaks
 * even in 2 of 3 replications, the quilt never (0.67); measured reductions and capital used
 * have no better direction; only the quilt has investors, so the block has no investors' rows.
 * Cost per person and per WELLBY are compared as incremental ratios, not as differences of the
 * arms' ratios: net cost -1,000,000 / WELLBYs -1,500 = 667 per WELLBY (the difference of the
 * ratios would be -600); real undiscounted cost -2 x 100,000 (fixture_fy) / people -1,000 = 200
 * per person; neither has a better direction of its own (n/a). The arms value a WELLBY at 20,000
 * and 25,000, and each block says so under net monetary benefit, whose parts are its wellbeing
 * (21,000,000 x (arm + 1) + 1,000 steps) and money (-1,000,000 x (arm + 1)) parts.
 * The decision, at the first arm's 20,000 GBP per WELLBY: the quilt has 1,500 more WELLBYs for
 * 1,000,000 more net cost in every replication, 29,000,000 more net monetary benefit, so it is
 * best in all three and EVPI is 0. */
static const char *const expected_table =
    "\nArm blanket: the blanket arm\n"
    "                                                   mean   90% interval (p5 to p95)\n"
    "  Referrals (people)                              1,734   1,264 to 2,344\n"
    "  Taken up (people)                               2,968   2,498 to 3,578\n"
    "  Mean wait (weeks)                             4,202.2   3,732.2 to 4,812.2\n"
    "  90th-percentile wait (weeks)                  5,436.2   4,966.2 to 6,046.2\n"
    "  Not offered: no link workers (people)          23,946   23,476 to 24,556\n"
    "  No-shows at first appointment (people)         25,180   24,710 to 25,790\n"
    "  First-contact wait, mean (weeks)             26,414.2   25,944.2 to 27,024.2\n"
    "  First-contact wait, 90th pct (weeks)         27,648.2   27,178.2 to 28,258.2\n"
    "  Seen 3 or more times (share)                30,116.25   29,646.25 to 30,726.25\n"
    "  Mean caseload per FTE (people per FTE)        6,670.2   6,200.2 to 7,280.2\n"
    "  Completed (people)                              7,904   7,434 to 8,514\n"
    "  Dropped out (people)                            9,138   8,668 to 9,748\n"
    "  Connected to activities (people)               14,074   13,604 to 14,684\n"
    "  Never connected: no place (people)             22,712   22,242 to 23,322\n"
    "  Places at the end (places)                     16,542   16,072 to 17,152\n"
    "  Link-worker cost (GBP)                     12,340,500   12,340,030 to 12,341,110\n"
    "  VCSE spend (GBP)                               17,776   17,306 to 18,386\n"
    "  Builder cost (GBP)                             19,010   18,540 to 19,620\n"
    "  People supported (people)                       1,050   1,003 to 1,111\n"
    "  Total cost (GBP, discounted)                2,005,000   2,000,300 to 2,011,100\n"
    "  of which outcome payments (GBP)                50,500   50,030 to 51,110\n"
    "  payments for regression to the mean (%)            0.0   0.0 to 0.0\n"
    "  Cost per person supported (GBP)                 2,050   2,003 to 2,111\n"
    "  Cost per referral (GBP)                         1,550   1,503 to 1,611\n"
    "  Savings (GBP, discounted)                   1,005,000   1,000,300 to 1,011,100\n"
    "  of which cash-releasing (GBP)                  10,500   10,030 to 11,110\n"
    "  Net cost (GBP, discounted)                  1,005,000   1,000,300 to 1,011,100\n"
    "  Return on investment (GBP per GBP)              -0.45   -0.50 to -0.39\n"
    "  Break-even financial year (median)            2027/28   2026/27 to none\n"
    "  WELLBYs (discounted)                          1,550.0   1,503.0 to 1,611.0\n"
    "  Net cost per WELLBY (GBP)                         650   603 to 711\n"
    "  Net monetary benefit (GBP)                 20,005,000   20,000,300 to 20,011,100\n"
    "    (WELLBYs valued at a willingness to pay of 20,000 GBP each)\n"
    "  of which wellbeing (GBP)                   21,005,000   21,000,300 to 21,011,100\n"
    "  of which money (GBP)                       -1,000,000   -1,000,000 to -1,000,000\n"
    "  GP appointments freed a year                    3,050   3,003 to 3,111\n"
    "  GP use reduction, measured (%)                   28.5   28.0 to 29.1\n"
    "  GP use reduction, causal (%)                      8.5   8.0 to 9.1\n"
    "  A&E use reduction, measured (%)                  24.5   24.0 to 25.1\n"
    "  A&E use reduction, causal (%)                    10.5   10.0 to 11.1\n"
    "  Admissions reduction, measured (%)                6.5   6.0 to 7.1\n"
    "  Admissions reduction, causal (%)                  7.5   7.0 to 8.1\n"
    "  Cost by financial year (GBP, real terms, discounted)\n"
    "    2025/26                                       1,007   1,003 to 1,013\n"
    "    2026/27                                       1,107   1,103 to 1,113\n"
    "\nArm quilt: the quilt arm\n"
    "                                                   mean   90% interval (p5 to p95)\n"
    "  Referrals (people)                              2,968   2,498 to 3,578\n"
    "  Taken up (people)                               5,436   4,966 to 6,046\n"
    "  Mean wait (weeks)                             7,904.2   7,434.2 to 8,514.2\n"
    "  90th-percentile wait (weeks)                 10,372.2   9,902.2 to 10,982.2\n"
    "  Not offered: no link workers (people)          47,392   46,922 to 48,002\n"
    "  No-shows at first appointment (people)         49,860   49,390 to 50,470\n"
    "  First-contact wait, mean (weeks)             52,328.2   51,858.2 to 52,938.2\n"
    "  First-contact wait, 90th pct (weeks)         54,796.2   54,326.2 to 55,406.2\n"
    "  Seen 3 or more times (share)                59,732.25   59,262.25 to 60,342.25\n"
    "  Mean caseload per FTE (people per FTE)       12,840.2   12,370.2 to 13,450.2\n"
    "  Completed (people)                             15,308   14,838 to 15,918\n"
    "  Dropped out (people)                           17,776   17,306 to 18,386\n"
    "  Connected to activities (people)               27,648   27,178 to 28,258\n"
    "  Never connected: no place (people)             44,924   44,454 to 45,534\n"
    "  Places at the end (places)                     32,584   32,114 to 33,194\n"
    "  Link-worker cost (GBP)                     24,680,500   24,680,030 to 24,681,110\n"
    "  VCSE spend (GBP)                               35,052   34,582 to 35,662\n"
    "  Builder cost (GBP)                             37,520   37,050 to 38,130\n"
    "  People supported (people)                       2,050   2,003 to 2,111\n"
    "  Total cost (GBP, discounted)                4,005,000   4,000,300 to 4,011,100\n"
    "  of which outcome payments (GBP)               100,500   100,030 to 101,110\n"
    "  payments for regression to the mean (%)            0.0   0.0 to 0.0\n"
    "  Cost per person supported (GBP)                 4,050   4,003 to 4,111\n"
    "  Cost per referral (GBP)                         3,050   3,003 to 3,111\n"
    "  Savings (GBP, discounted)                   2,005,000   2,000,300 to 2,011,100\n"
    "  of which cash-releasing (GBP)                  20,500   20,030 to 21,110\n"
    "  Net cost (GBP, discounted)                  2,005,000   2,000,300 to 2,011,100\n"
    "  Return on investment (GBP per GBP)              -0.95   -1.00 to -0.89\n"
    "  Break-even financial year (median)               none   none to none\n"
    "  WELLBYs (discounted)                          3,050.0   3,003.0 to 3,111.0\n"
    "  Net cost per WELLBY (GBP)                       1,250   1,203 to 1,311\n"
    "  Net monetary benefit (GBP)                 40,005,000   40,000,300 to 40,011,100\n"
    "    (WELLBYs valued at a willingness to pay of 25,000 GBP each)\n"
    "  of which wellbeing (GBP)                   42,005,000   42,000,300 to 42,011,100\n"
    "  of which money (GBP)                       -2,000,000   -2,000,000 to -2,000,000\n"
    "  GP appointments freed a year                    6,050   6,003 to 6,111\n"
    "  GP use reduction, measured (%)                   56.5   56.0 to 57.1\n"
    "  GP use reduction, causal (%)                     16.5   16.0 to 17.1\n"
    "  A&E use reduction, measured (%)                  48.5   48.0 to 49.1\n"
    "  A&E use reduction, causal (%)                    20.5   20.0 to 21.1\n"
    "  Admissions reduction, measured (%)               12.5   12.0 to 13.1\n"
    "  Admissions reduction, causal (%)                 14.5   14.0 to 15.1\n"
    "  Investors' capital used (GBP, nominal)        105,000   100,300 to 111,100\n"
    "  Investors paid (GBP, nominal)                 125,000   120,300 to 131,100\n"
    "  Investors' return (GBP per GBP)                  0.25   0.20 to 0.31\n"
    "  Investors' internal rate of return (%)            4.5   4.0 to 5.1\n"
    "  Investors lose money (% of runs)                 33.3   0.0 to 90.0\n"
    "  Cost by financial year (GBP, real terms, discounted)\n"
    "    2025/26                                     101,007   101,003 to 101,013\n"
    "    2026/27                                     101,107   101,103 to 101,113\n"
    "\nblanket minus quilt, replication by replication\n"
    "                                                   mean   90% interval (p5 to p95)      "
    "   P(blanket better)\n"
    "  People supported (people)                      -1,000   -1,000 to -1,000              "
    "                0.00\n"
    "  Total cost (GBP, discounted)               -2,000,000   -2,000,000 to -2,000,000      "
    "                1.00\n"
    "  of which outcome payments (GBP)               -50,000   -50,000 to -50,000            "
    "                1.00\n"
    "  payments for regression to the mean (%)            0.0   0.0 to 0.0                    "
    "                0.00\n"
    "  Incremental cost per person (GBP)                 200   200 to 200                      "
    "               n/a\n"
    "  Cost per referral (GBP)                        -1,500   -1,500 to -1,500                "
    "              1.00\n"
    "  Savings (GBP, discounted)                  -1,000,000   -1,000,000 to -1,000,000      "
    "                0.00\n"
    "  of which cash-releasing (GBP)                 -10,000   -10,000 to -10,000            "
    "                0.00\n"
    "  Net cost (GBP, discounted)                 -1,000,000   -1,000,000 to -1,000,000      "
    "                1.00\n"
    "  Return on investment (GBP per GBP)               0.50   0.50 to 0.50                  "
    "                1.00\n"
    "  Break-even year (years)                           n/a   n/a to n/a                    "
    "                0.67\n"
    "  WELLBYs (discounted)                         -1,500.0   -1,500.0 to -1,500.0          "
    "                0.00\n"
    "  Incremental net cost per WELLBY (GBP)             667   667 to 667                      "
    "               n/a\n"
    "  Net monetary benefit (GBP)                -20,000,000   -20,000,000 to -20,000,000    "
    "                0.00\n"
    "    (WELLBYs valued at 20,000 GBP each in blanket, 25,000 in quilt)\n"
    "  of which wellbeing (GBP)                  -21,000,000   -21,000,000 to -21,000,000      "
    "              0.00\n"
    "  of which money (GBP)                        1,000,000   1,000,000 to 1,000,000          "
    "              1.00\n"
    "  GP appointments freed a year                   -3,000   -3,000 to -3,000              "
    "                0.00\n"
    "  GP use reduction, measured (%)                  -28.0   -28.0 to -28.0                "
    "                 n/a\n"
    "  GP use reduction, causal (%)                     -8.0   -8.0 to -8.0                  "
    "                0.00\n"
    "  A&E use reduction, measured (%)                 -24.0   -24.0 to -24.0                "
    "                 n/a\n"
    "  A&E use reduction, causal (%)                   -10.0   -10.0 to -10.0                "
    "                0.00\n"
    "  Admissions reduction, measured (%)               -6.0   -6.0 to -6.0                  "
    "                 n/a\n"
    "  Admissions reduction, causal (%)                 -7.0   -7.0 to -7.0                  "
    "                0.00\n"
    "  Cost by financial year (GBP, real terms, discounted): mean (p5 to p95)\n"
    "    year      blanket                              quilt                                "
    "difference\n"
    "    2025/26   1,007 (1,003 to 1,013)               101,007 (101,003 to 101,013)         "
    "-100,000 (-100,000 to -100,000)\n"
    "    2026/27   1,107 (1,103 to 1,113)               101,107 (101,103 to 101,113)         "
    "-100,000 (-100,000 to -100,000)\n"
    "\nDecision between arms at 20,000 GBP per WELLBY (chance alone: no parameter distributions)\n"
    "  (the first arm's willingness to pay: the arms' own differ)\n"
    "  Arm with the highest net monetary benefit (% of replications)\n"
    "    blanket                                         0.0\n"
    "    quilt                                         100.0\n"
    "  Perfect information, EVPI (GBP)                     0\n";

static void test_headline_table(const char *dir)
{
    output_fixture fx;
    char path[512], err[512] = "", want[16384];
    snprintf(path, sizeof path, "%s/run.h5", dir);
    if (!CHECK(output_fixture_make(&fx) == 0, "fixture") ||
        !CHECK(spsim_h5_write(path, fx.scenario, fx.run, err, sizeof err) == 0, "write: %s", err))
        return;
    int status;
    char *text = print_to_string(path, &status, err, sizeof err);
    CHECK(status == 0, "summary of %s: %s", path, err);
    snprintf(want, sizeof want,
             "Scenario fixture: 3 replications, horizon 0.1 years (5 weeks from 2025-04-01)\n"
             "File %s: seed 9007199254740993, spsim %s\n%s",
             path, SPSIM_VERSION, expected_table);
    CHECK(text && strcmp(text, want) == 0, "headline table:\n%s\nexpected:\n%s", text, want);
    free(text);
    remove(path);
    output_fixture_free(&fx);
}

/* The decision block alone: the text from its heading to the end of the table. */
static char *decision_block(const char *path, char *err, size_t errlen)
{
    int status;
    char *text = print_to_string(path, &status, err, errlen);
    CHECK(status == 0, "summary of %s: %s", path, err);
    char *block = text ? strstr(text, "\nDecision between arms") : NULL;
    char *copy = block ? strdup(block) : NULL;
    free(text);
    return copy;
}

/* Overwrites /decision/evppi_gbp of the file with `values`, so the listing can be checked
 * against chosen figures (the fixture's three replications are too few for the regression). */
static bool put_evppi(const char *path, const double *values)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t d = f < 0 ? -1 : H5Dopen2(f, "/decision/evppi_gbp", H5P_DEFAULT);
    bool ok = d >= 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0;
    if (d >= 0) H5Dclose(d);
    if (f >= 0) H5Fclose(f);
    return ok;
}

enum {
    FIXTURE_KEYS = 7
};

/* The fixture with the quilt's WELLBYs in replication 2 cut to the blanket's: there the quilt
 * only costs 1,000,000 more, so the blanket is best in 1 of 3 replications (33.3 %) and the
 * quilt in 2 (66.7 %); EVPI = (2 x 29,000,000 + 0) / 3 - (2 x 29,000,000 - 1,000,000) / 3 =
 * 333,333 GBP. Seven keys were drawn (key k in replication r: (k + 1) (r + 1), every key varying): with three
 * replications no regression fits, which the block says; then, with EVPPI set to 1,000, NaN,
 * 250,000, 5, 333,333.3, 100,000 and 20 GBP, it lists the five largest numbers, largest first,
 * each with its share of EVPI. */
static void test_decision_lines(const char *dir)
{
    static const char *const keys[FIXTURE_KEYS] = {"k.one",  "k.two", "k.three", "k.four",
                                                   "k.five", "k.six", "k.seven"};
    output_fixture fx;
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/decision.h5", dir);
    if (!CHECK(output_fixture_make(&fx) == 0, "fixture")) return;
    fx.run->results[1][2].economics->headlines[SPSIM_HEADLINE_WELLBYS] =
        fx.run->results[0][2].economics->headlines[SPSIM_HEADLINE_WELLBYS];
    fx.run->n_psa_keys = FIXTURE_KEYS;
    fx.run->psa_values = calloc(FIXTURE_REPS * FIXTURE_KEYS, sizeof *fx.run->psa_values);
    for (int i = 0; fx.run->psa_values && i < FIXTURE_REPS * FIXTURE_KEYS; i++)
        fx.run->psa_values[i] = (i % FIXTURE_KEYS + 1) * (i / FIXTURE_KEYS + 1);
    if (!CHECK(spsim_h5_write_psa(path, fx.scenario, fx.run, keys, err, sizeof err) == 0,
               "write: %s", err))
        goto done;
    const char *head =
        "\nDecision between arms at 20,000 GBP per WELLBY (parameter uncertainty and chance)\n"
        "  (the first arm's willingness to pay: the arms' own differ)\n"
        "  Arm with the highest net monetary benefit (% of replications)\n"
        "    blanket                                        33.3\n"
        "    quilt                                          66.7\n"
        "  Perfect information, EVPI (GBP)               333,333\n";
    char want[2048];
    snprintf(want, sizeof want, "%s%s", head,
             "  EVPPI: n/a (the regression needs at least 10 replications)\n");
    char *block = decision_block(path, err, sizeof err);
    CHECK(block && strcmp(block, want) == 0, "decision block:\n%s\nexpected:\n%s", block, want);
    free(block);
    const double evppi[FIXTURE_KEYS] = {1000, NAN, 250000, 5, 333333.3, 100000, 20};
    if (!CHECK(put_evppi(path, evppi), "EVPPI set in %s", path)) goto done;
    snprintf(want, sizeof want, "%s%s", head,
             "  Largest partial values, EVPPI (GBP; % of EVPI)\n"
             "    k.five                                      333,333   100.0\n"
             "    k.three                                     250,000   75.0\n"
             "    k.six                                       100,000   30.0\n"
             "    k.one                                         1,000   0.3\n"
             "    k.seven                                          20   0.0\n");
    block = decision_block(path, err, sizeof err);
    CHECK(block && strcmp(block, want) == 0, "decision block:\n%s\nexpected:\n%s", block, want);
    free(block);
done:
    remove(path);
    output_fixture_free(&fx);
}

static void check_error(const char *path, const char *want)
{
    int status;
    char err[1024] = "";
    char *text = print_to_string(path, &status, err, sizeof err);
    CHECK(status == -1, "summary of %s fails", path);
    CHECK(strcmp(err, want) == 0, "message '%s', expected '%s'", err, want);
    CHECK(text && text[0] == '\0', "nothing printed for %s", path);
    free(text);
}

static void test_errors(const char *dir)
{
    char path[512], want[1024];
    snprintf(path, sizeof path, "%s/absent.h5", dir);
    snprintf(want, sizeof want, "cannot open %s: no such file", path);
    check_error(path, want);

    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("not HDF5\n", f);
    fclose(f);
    snprintf(want, sizeof want, "%s is not an spsim output file (not an HDF5 file)", path);
    check_error(path, want);
    remove(path);

    snprintf(path, sizeof path, "%s/other.h5", dir);
    hid_t h5 = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(h5);
    snprintf(want, sizeof want, "%s is not an spsim output file (no spsim_version attribute)",
             path);
    check_error(path, want);
    remove(path);
}

int main(void)
{
    char dir[] = "/tmp/spsim-summary-XXXXXX";
    test_describe_ignores_nans();
    test_describe_edge_cases();
    test_describe_matches_sorted_quantiles();
    test_stat_names();
    if (CHECK(mkdtemp(dir) != NULL, "temporary directory")) {
        test_headline_table(dir);
        test_decision_lines(dir);
        test_errors(dir);
        rmdir(dir);
    }
    return spsim_check_finish();
}
