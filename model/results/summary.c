#define _POSIX_C_SOURCE 200809L

/* Summaries across replications: the statistics stored in each file's summary groups, and the
 * headline table `spsim summary` prints from a file's totals. */
#include "summary.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <hdf5.h>

#include "series.h"
#include "../economics/economics.h"
#include "../io/h5util.h"

const char *const spsim_stat_name[SPSIM_N_STATS] = {
    [SPSIM_STAT_MEAN] = "mean", [SPSIM_STAT_SD] = "sd", [SPSIM_STAT_P5] = "p5",
    [SPSIM_STAT_P25] = "p25", [SPSIM_STAT_P50] = "p50", [SPSIM_STAT_P75] = "p75",
    [SPSIM_STAT_P95] = "p95",
};

/* Quantile levels of the percentile statistics (GSL's linear interpolation between order
 * statistics: the f-quantile of sorted x[0..n-1] is x[i] + d (x[i+1] - x[i]),
 * i + d = f (n - 1)). */
static const double stat_quantile[SPSIM_N_STATS] = {
    [SPSIM_STAT_P5] = 0.05, [SPSIM_STAT_P25] = 0.25, [SPSIM_STAT_P50] = 0.50,
    [SPSIM_STAT_P75] = 0.75, [SPSIM_STAT_P95] = 0.95,
};

/* From this many values on, each quantile's order statistics are found by GSL's selection
 * (quickselect) instead of one sort. Measured per cell of counts and of continuous values:
 * sorting (GSL's heapsort) is as fast or faster up to about 200 values, where ties are common;
 * beyond, selection wins (about twice as fast at 1,000 values). */
enum { SELECT_FROM = 200 };

/* The f-quantile by GSL's rule from x_(i) and x_(i+1), i + d = f (m - 1): the same expression
 * as gsl_stats_quantile_from_sorted_data, so both ways give the same bits. */
static double interpolate(double lower, double upper, double d)
{
    return (1 - d) * lower + d * upper;
}

static void quantiles_by_sorting(double *x, size_t m, double out[SPSIM_N_STATS])
{
    gsl_sort(x, 1, m);
    for (int k = SPSIM_STAT_P5; k <= SPSIM_STAT_P95; k++)
        out[k] = gsl_stats_quantile_from_sorted_data(x, 1, m, stat_quantile[k]);
}

/* x_(i+1) once x_(i) = `lower` is known: `lower` again while ties last, else the least value
 * above it. Needs no order in x, so it does not depend on how selection left the array. */
static double next_order_statistic(const double *x, size_t m, size_t i, double lower)
{
    size_t not_above = 0;
    double above = INFINITY;
    for (size_t j = 0; j < m; j++) {
        if (x[j] <= lower)
            not_above++;
        else if (x[j] < above)
            above = x[j];
    }
    return i + 1 < not_above ? lower : above;
}

static void quantiles_by_selection(double *x, size_t m, double out[SPSIM_N_STATS])
{
    for (int k = SPSIM_STAT_P5; k <= SPSIM_STAT_P95; k++) {
        double index = stat_quantile[k] * (double)(m - 1);
        size_t i = (size_t)index;
        double lower = gsl_stats_select(x, 1, m, i);
        out[k] = i == m - 1 ? lower
                            : interpolate(lower, next_order_statistic(x, m, i, lower),
                                          index - (double)i);
    }
}

void spsim_describe(const double *x, size_t n, double *scratch, double out[SPSIM_N_STATS])
{
    size_t m = 0;
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            scratch[m++] = x[i];
            lo = fmin(lo, x[i]);
            hi = fmax(hi, x[i]);
            sum += x[i];
        }
    for (int k = 0; k < SPSIM_N_STATS; k++) out[k] = NAN;
    if (m == 0) return;
    if (lo == hi) {   /* all equal (weeks with no hires, say): no sort needed, same answers */
        for (int k = 0; k < SPSIM_N_STATS; k++) out[k] = lo;
        out[SPSIM_STAT_SD] = m > 1 ? 0 : NAN;   /* the sample sd of one value is undefined */
        return;
    }
    /* Two plain passes rather than GSL's running mean and variance, which divide at every value
     * and cost a third of a cell's time; they agree with GSL's to rounding (about 1e-15). */
    double mean = sum / (double)m, squares = 0;
    for (size_t i = 0; i < m; i++) squares += (scratch[i] - mean) * (scratch[i] - mean);
    out[SPSIM_STAT_MEAN] = mean;
    out[SPSIM_STAT_SD] = sqrt(squares / (double)(m - 1));   /* sample sd; m >= 2 here */
    if (m < SELECT_FROM)
        quantiles_by_sorting(scratch, m, out);
    else
        quantiles_by_selection(scratch, m, out);
}

/* ---- the headline table ---- */

typedef enum { SHOW_WHOLE, SHOW_ONE_DECIMAL, SHOW_TWO_DECIMALS, SHOW_PERCENT } number_style;

/* Rows of the headline table, in the order printed; units come from the totals table. */
static const struct {
    spsim_total_id total;
    const char *label;
    number_style style;
} headline_rows[] = {
    {SPSIM_TOTAL_REFERRALS, "Referrals", SHOW_WHOLE},
    {SPSIM_TOTAL_TAKEN_UP, "Taken up", SHOW_WHOLE},
    {SPSIM_TOTAL_WAIT_MEAN, "Mean wait", SHOW_ONE_DECIMAL},
    {SPSIM_TOTAL_WAIT_P90, "90th-percentile wait", SHOW_ONE_DECIMAL},
    {SPSIM_TOTAL_CASELOAD_PER_FTE, "Mean caseload per FTE", SHOW_ONE_DECIMAL},
    {SPSIM_TOTAL_COMPLETED, "Completed", SHOW_WHOLE},
    {SPSIM_TOTAL_DROPPED_OUT, "Dropped out", SHOW_WHOLE},
    {SPSIM_TOTAL_CONNECTED, "Connected to activities", SHOW_WHOLE},
    {SPSIM_TOTAL_UNMET_NEED, "Unmet need: no free place", SHOW_WHOLE},
    {SPSIM_TOTAL_PLACES_AT_END, "Places at the end", SHOW_WHOLE},
    {SPSIM_TOTAL_LW_COST, "Link-worker cost", SHOW_WHOLE},
    {SPSIM_TOTAL_VCSE_SPEND, "VCSE spend", SHOW_WHOLE},
    {SPSIM_TOTAL_BUILDER_COST, "Builder cost", SHOW_WHOLE},
};
enum { N_HEADLINE_ROWS = sizeof headline_rows / sizeof headline_rows[0] };

/* Formats v for people: thousands separators, and no decimals, one or two decimal places, or a
 * fraction as a percentage with one. */
static void format_number(double v, number_style style, char *buf, size_t len)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "%s", isnan(v) ? "n/a" : v > 0 ? "inf" : "-inf");
        return;
    }
    static const int decimals[] = {[SHOW_WHOLE] = 0, [SHOW_ONE_DECIMAL] = 1,
                                   [SHOW_TWO_DECIMALS] = 2, [SHOW_PERCENT] = 1};
    if (style == SHOW_PERCENT) v *= 100;
    char digits[48];
    snprintf(digits, sizeof digits, "%.*f", decimals[style], fabs(v));
    bool negative = v < 0 && strspn(digits, "0.") < strlen(digits);   /* no "-0" */
    size_t whole = strcspn(digits, "."), o = 0;
    char grouped[64];
    if (negative) grouped[o++] = '-';
    for (size_t i = 0; i < whole; i++) {
        if (i > 0 && (whole - i) % 3 == 0) grouped[o++] = ',';
        grouped[o++] = digits[i];
    }
    snprintf(grouped + o, sizeof grouped - o, "%s", digits + whole);
    snprintf(buf, len, "%s", grouped);
}

/* What the summary needs from the root group. */
typedef struct {
    char scenario[128], version[32], start_date[16], arms[2048];
    double replications, weeks, horizon_years;
    uint64_t seed;
} file_facts;

static int read_facts(hid_t f, const char *path, file_facts *facts, char *err, size_t errlen)
{
    char where[1100];
    snprintf(where, sizeof where, "%s", path);
    if (H5Aexists(f, "spsim_version") <= 0) {
        snprintf(err, errlen, "%s is not an spsim output file (no spsim_version attribute)",
                 path);
        return -1;
    }
    if (spsim_h5_get_string(f, where, "spsim_version", facts->version, sizeof facts->version,
                            err, errlen) < 0 ||
        spsim_h5_get_string(f, where, "scenario_name", facts->scenario, sizeof facts->scenario,
                            err, errlen) < 0 ||
        spsim_h5_get_string(f, where, "start_date", facts->start_date,
                            sizeof facts->start_date, err, errlen) < 0 ||
        spsim_h5_get_string(f, where, "arms", facts->arms, sizeof facts->arms, err, errlen) < 0 ||
        spsim_h5_get_double(f, where, "replications", &facts->replications, err, errlen) < 0 ||
        spsim_h5_get_double(f, where, "weeks", &facts->weeks, err, errlen) < 0 ||
        spsim_h5_get_double(f, where, "horizon_years", &facts->horizon_years, err, errlen) < 0 ||
        spsim_h5_get_uint64(f, where, "seed", &facts->seed, err, errlen) < 0)
        return -1;
    return 0;
}

/* Reads the 1-D dataset at `name` (any numeric type) as doubles; *n gets its length. */
static double *read_vector(hid_t f, const char *path, const char *name, size_t *n,
                           char *err, size_t errlen)
{
    if (H5Lexists(f, name, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no dataset %s", path, name);
        return NULL;
    }
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hssize_t count = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    double *x = count < 0 ? NULL : malloc((count > 0 ? (size_t)count : 1) * sizeof *x);
    if (!x || H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0) {
        snprintf(err, errlen, "cannot read dataset %s of %s", name, path);
        free(x);
        x = NULL;
    } else {
        *n = (size_t)count;
    }
    if (space >= 0) H5Sclose(space);
    if (d >= 0) H5Dclose(d);
    return x;
}

/* Statistics across replications of every value of the dataset `name`. */
static int describe_dataset(hid_t f, const char *path, const char *name,
                            double st[SPSIM_N_STATS], char *err, size_t errlen)
{
    size_t n = 0;
    double *x = read_vector(f, path, name, &n, err, errlen);
    if (!x) return -1;
    double *scratch = malloc((n > 0 ? n : 1) * sizeof *scratch);
    if (!scratch) {
        free(x);
        snprintf(err, errlen, "out of memory reading %s of %s", name, path);
        return -1;
    }
    spsim_describe(x, n, scratch, st);
    free(scratch);
    free(x);
    return 0;
}

static void print_stats(FILE *out, const char *label, const double st[SPSIM_N_STATS],
                        number_style style)
{
    char mean[48], lo[48], hi[48], interval[120];
    format_number(st[SPSIM_STAT_MEAN], style, mean, sizeof mean);
    format_number(st[SPSIM_STAT_P5], style, lo, sizeof lo);
    format_number(st[SPSIM_STAT_P95], style, hi, sizeof hi);
    snprintf(interval, sizeof interval, "%s to %s", lo, hi);
    fprintf(out, "  %-38s %14s   %s\n", label, mean, interval);
}

static int print_row(hid_t f, const char *path, const char *arm, int row, FILE *out,
                     char *err, size_t errlen)
{
    const spsim_series_info *info = &spsim_total_table[headline_rows[row].total];
    char name[512], label[128];
    snprintf(name, sizeof name, "/arms/%s/totals/%s", arm, info->name);
    double st[SPSIM_N_STATS];
    if (describe_dataset(f, path, name, st, err, errlen) < 0) return -1;
    snprintf(label, sizeof label, "%s (%s)", headline_rows[row].label, info->units);
    print_stats(out, label, st, headline_rows[row].style);
    return 0;
}

/* ---- the money of each arm ---- */

/* Rows of the money block, from /arms/<arm>/headlines; the break-even year is shown apart, and
 * the investors' rows only where a social impact bond used capital. */
static const struct {
    spsim_headline_id headline;
    const char *label;
    number_style style;
} money_rows[] = {
    {SPSIM_HEADLINE_PEOPLE_SUPPORTED, "People supported (people)", SHOW_WHOLE},
    {SPSIM_HEADLINE_TOTAL_COST, "Total cost (GBP, discounted)", SHOW_WHOLE},
    {SPSIM_HEADLINE_OUTCOME_PAYMENTS, "of which outcome payments (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_COST_PER_PERSON, "Cost per person supported (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_SAVINGS, "Savings (GBP, discounted)", SHOW_WHOLE},
    {SPSIM_HEADLINE_CASH_RELEASING_SAVINGS, "of which cash-releasing (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_NET_COST, "Net cost (GBP, discounted)", SHOW_WHOLE},
    {SPSIM_HEADLINE_RETURN_ON_INVESTMENT, "Return on investment (GBP per GBP)",
     SHOW_TWO_DECIMALS},
    {SPSIM_HEADLINE_BREAK_EVEN_YEAR, "Break-even financial year (median)", SHOW_WHOLE},
    {SPSIM_HEADLINE_WELLBYS, "WELLBYs (discounted)", SHOW_ONE_DECIMAL},
    {SPSIM_HEADLINE_COST_PER_WELLBY, "Net cost per WELLBY (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_NET_MONETARY_BENEFIT, "Net monetary benefit (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_GP_APPOINTMENTS_FREED_PER_YEAR, "GP appointments freed a year",
     SHOW_WHOLE},
    {SPSIM_HEADLINE_MEASURED_GP_REDUCTION, "GP use reduction, measured (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_CAUSAL_GP_REDUCTION, "GP use reduction, causal (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_MEASURED_AE_REDUCTION, "A&E use reduction, measured (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_CAUSAL_AE_REDUCTION, "A&E use reduction, causal (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION, "Admissions reduction, measured (%)",
     SHOW_PERCENT},
    {SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION, "Admissions reduction, causal (%)",
     SHOW_PERCENT},
    {SPSIM_HEADLINE_INVESTOR_CAPITAL_USED, "Investors' capital used (GBP, nominal)", SHOW_WHOLE},
    {SPSIM_HEADLINE_INVESTOR_PAYMENTS, "Investors paid (GBP, nominal)", SHOW_WHOLE},
    {SPSIM_HEADLINE_INVESTOR_RETURN, "Investors' return (GBP per GBP)", SHOW_TWO_DECIMALS},
    {SPSIM_HEADLINE_INVESTOR_IRR, "Investors' internal rate of return (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_INVESTOR_LOSS, "Investors lose money (% of runs)", SHOW_PERCENT},
};
enum { N_MONEY_ROWS = sizeof money_rows / sizeof money_rows[0] };

static bool is_investor_row(int row)
{
    return money_rows[row].headline >= SPSIM_HEADLINE_INVESTOR_CAPITAL_USED;
}

/* "2027/28", or "none" for a year never reached. */
static void format_financial_year(double year, char *buf, size_t len)
{
    if (!isfinite(year))
        snprintf(buf, len, "none");
    else
        snprintf(buf, len, "%d/%02d", (int)year, ((int)year + 1) % 100);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Break-even years, NaN meaning never: the median and the 5 % and 95 % points of their
 * distribution with "never" after every year. Each is a year some replication reached (the
 * f-point is the ceil(f n)-th smallest), so "none" means that share had not broken even. */
static int print_break_even(hid_t f, const char *path, const char *name, const char *label,
                            FILE *out, char *err, size_t errlen)
{
    size_t n = 0;
    double *x = read_vector(f, path, name, &n, err, errlen);
    if (!x) return -1;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i])) x[i] = INFINITY;
    qsort(x, n, sizeof *x, compare_doubles);
    const double levels[3] = {0.5, 0.05, 0.95};
    char text[3][24];
    for (int k = 0; k < 3; k++) {
        size_t rank = (size_t)ceil(levels[k] * (double)n);
        format_financial_year(n > 0 ? x[rank > 0 ? rank - 1 : 0] : NAN, text[k], sizeof text[k]);
    }
    free(x);
    char interval[64];
    snprintf(interval, sizeof interval, "%s to %s", text[1], text[2]);
    fprintf(out, "  %-38s %14s   %s\n", label, text[0], interval);
    return 0;
}

static int print_money_row(hid_t f, const char *path, const char *arm, int row, FILE *out,
                           char *err, size_t errlen)
{
    char name[512];
    snprintf(name, sizeof name, "/arms/%s/headlines/%s", arm,
             spsim_headline_table[money_rows[row].headline].name);
    if (money_rows[row].headline == SPSIM_HEADLINE_BREAK_EVEN_YEAR)
        return print_break_even(f, path, name, money_rows[row].label, out, err, errlen);
    double st[SPSIM_N_STATS];
    if (describe_dataset(f, path, name, st, err, errlen) < 0) return -1;
    print_stats(out, money_rows[row].label, st, money_rows[row].style);
    return 0;
}

/* Whether any replication of the arm had a social impact bond that used capital (1), none did
 * (0), or the file cannot say (-1, with a message). */
static int used_investors(hid_t f, const char *path, const char *arm, char *err, size_t errlen)
{
    char name[512];
    snprintf(name, sizeof name, "/arms/%s/headlines/%s", arm,
             spsim_headline_table[SPSIM_HEADLINE_INVESTOR_CAPITAL_USED].name);
    size_t n = 0;
    double *x = read_vector(f, path, name, &n, err, errlen);
    if (!x) return -1;
    int used = 0;
    for (size_t i = 0; i < n; i++) used = used || x[i] > 0;
    free(x);
    return used;
}

/* Values of one financial-year dataset in one view: (replication, financial_year, views) read
 * as an R x Y matrix of view `view`; NULL with a message when its shape is not that. */
static double *read_by_year(hid_t f, const char *path, const char *name, size_t n_years,
                            size_t views, size_t view, size_t *n_rep, char *err, size_t errlen)
{
    size_t n = 0;
    double *values = read_vector(f, path, name, &n, err, errlen);
    size_t per_rep = n_years * views;
    *n_rep = per_rep ? n / per_rep : 0;
    if (values && (*n_rep == 0 || n != *n_rep * per_rep)) {
        snprintf(err, errlen, "%s of %s does not have one value per replication and financial "
                 "year%s", name, path, views > 1 ? " and money view" : "");
        free(values);
        return NULL;
    }
    for (size_t i = 0; values && i < *n_rep * n_years; i++)
        values[i] = values[(i / n_years) * per_rep + (i % n_years) * views + view];
    return values;
}

/* Statistics across replications of year y of an R x Y matrix; `scratch` holds 2 R doubles. */
static void describe_year(const double *by_year, size_t n_rep, size_t n_years, size_t y,
                          double *scratch, double st[SPSIM_N_STATS])
{
    for (size_t r = 0; r < n_rep; r++) scratch[r] = by_year[r * n_years + y];
    spsim_describe(scratch, n_rep, scratch + n_rep, st);
}

static double *read_arm_cost_by_year(hid_t f, const char *path, const char *arm, size_t n_years,
                                     size_t *n_rep, char *err, size_t errlen)
{
    char name[512];
    snprintf(name, sizeof name, "/arms/%s/financial_years/total_cost", arm);
    return read_by_year(f, path, name, n_years, SPSIM_N_MONEY_VIEWS, SPSIM_MONEY_DISCOUNTED,
                        n_rep, err, errlen);
}

/* Discounted total cost of each financial year: /arms/<arm>/financial_years/total_cost is
 * (replication, financial_year, money_view). */
static int print_cost_by_year(hid_t f, const char *path, const char *arm, FILE *out,
                              char *err, size_t errlen)
{
    size_t n_years = 0, n_rep = 0;
    double *years = read_vector(f, path, "/financial_year", &n_years, err, errlen);
    double *cost = years ? read_arm_cost_by_year(f, path, arm, n_years, &n_rep, err, errlen)
                         : NULL;
    double *scratch = cost ? malloc(2 * n_rep * sizeof *scratch) : NULL;
    int status = -1;
    if (cost && !scratch) {
        snprintf(err, errlen, "out of memory reading the costs of %s", path);
    } else if (scratch) {
        fprintf(out, "  Cost by financial year (GBP, real terms, discounted)\n");
        for (size_t y = 0; y < n_years; y++) {
            double st[SPSIM_N_STATS];
            char label[32];
            describe_year(cost, n_rep, n_years, y, scratch, st);
            snprintf(label, sizeof label, "  ");
            format_financial_year(years[y], label + 2, sizeof label - 2);
            print_stats(out, label, st, SHOW_WHOLE);
        }
        status = 0;
    }
    free(scratch);
    free(cost);
    free(years);
    return status;
}

static int print_money(hid_t f, const char *path, const char *arm, FILE *out,
                       char *err, size_t errlen)
{
    int investors = used_investors(f, path, arm, err, errlen);
    if (investors < 0) return -1;
    for (int row = 0; row < N_MONEY_ROWS; row++)
        if ((investors || !is_investor_row(row)) &&
            print_money_row(f, path, arm, row, out, err, errlen) < 0)
            return -1;
    return print_cost_by_year(f, path, arm, out, err, errlen);
}

static int print_arm(hid_t f, const char *path, const char *arm, FILE *out,
                     char *err, size_t errlen)
{
    char group[512], description[512] = "";
    snprintf(group, sizeof group, "/arms/%s", arm);
    if (H5Lexists(f, "/arms", H5P_DEFAULT) <= 0 || H5Lexists(f, group, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no group %s", path, group);
        return -1;
    }
    hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    if (g >= 0 && H5Aexists(g, "description") > 0)
        spsim_h5_get_string(g, group, "description", description, sizeof description, err,
                            errlen);
    if (g >= 0) H5Gclose(g);
    fprintf(out, "\nArm %s%s%s\n", arm, description[0] ? ": " : "", description);
    fprintf(out, "  %-38s %14s   %s\n", "", "mean", "90% interval (p5 to p95)");
    for (int row = 0; row < N_HEADLINE_ROWS; row++)
        if (print_row(f, path, arm, row, out, err, errlen) < 0) return -1;
    return print_money(f, path, arm, out, err, errlen);
}

/* ---- paired comparisons of arms ---- */

/* Two arms compared: names, and their group /comparisons/<first>_minus_<second>. */
typedef struct {
    const char *first, *second;
    char group[300];
} arm_pair;

/* "mean (p5 to p95)" of one cell of the cost trajectory. */
static void format_cell(const double st[SPSIM_N_STATS], char *buf, size_t len)
{
    char mean[40], lo[40], hi[40];
    format_number(st[SPSIM_STAT_MEAN], SHOW_WHOLE, mean, sizeof mean);
    format_number(st[SPSIM_STAT_P5], SHOW_WHOLE, lo, sizeof lo);
    format_number(st[SPSIM_STAT_P95], SHOW_WHOLE, hi, sizeof hi);
    snprintf(buf, len, "%s (%s to %s)", mean, lo, hi);
}

/* One headline difference: its statistics across replications and P(first better), the
 * attribute of its summary. */
static int print_difference_row(hid_t f, const char *path, const arm_pair *p, int row,
                                int width, FILE *out, char *err, size_t errlen)
{
    const char *headline = spsim_headline_table[money_rows[row].headline].name;
    char name[512], summary[512], probability[24];
    snprintf(name, sizeof name, "%s/headlines/%s", p->group, headline);
    snprintf(summary, sizeof summary, "%s/headlines_summary/%s", p->group, headline);
    double st[SPSIM_N_STATS], better = NAN;
    if (describe_dataset(f, path, name, st, err, errlen) < 0) return -1;
    if (H5Lexists(f, summary, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no dataset %s", path, summary);
        return -1;
    }
    hid_t d = H5Dopen2(f, summary, H5P_DEFAULT);
    int status = d < 0 ? -1 : spsim_h5_get_double(d, summary, "probability_first_better",
                                                   &better, err, errlen);
    if (d >= 0) H5Dclose(d);
    if (status < 0) return -1;
    /* Break-even years differ by years: one decimal, not a financial year. */
    number_style style = money_rows[row].headline == SPSIM_HEADLINE_BREAK_EVEN_YEAR
                             ? SHOW_ONE_DECIMAL : money_rows[row].style;
    const char *label = money_rows[row].headline == SPSIM_HEADLINE_BREAK_EVEN_YEAR
                            ? "Break-even year (years)" : money_rows[row].label;
    char mean[48], lo[48], hi[48], interval[120];
    format_number(st[SPSIM_STAT_MEAN], style, mean, sizeof mean);
    format_number(st[SPSIM_STAT_P5], style, lo, sizeof lo);
    format_number(st[SPSIM_STAT_P95], style, hi, sizeof hi);
    snprintf(interval, sizeof interval, "%s to %s", lo, hi);
    format_number(better, SHOW_TWO_DECIMALS, probability, sizeof probability);
    fprintf(out, "  %-38s %14s   %-32s %*s\n", label, mean, interval, width, probability);
    return 0;
}

/* The cost trajectory: each financial year's discounted cost in both arms and their paired
 * difference, each as mean (p5 to p95). */
static int print_pair_costs(hid_t f, const char *path, const arm_pair *p, FILE *out,
                            char *err, size_t errlen)
{
    size_t n_years = 0, n_rep[3] = {0, 0, 0};
    double *years = read_vector(f, path, "/financial_year", &n_years, err, errlen);
    double *cost[3] = {NULL, NULL, NULL}, *scratch = NULL;
    char name[512];
    snprintf(name, sizeof name, "%s/total_cost_by_year", p->group);
    if (years) cost[0] = read_arm_cost_by_year(f, path, p->first, n_years, &n_rep[0], err, errlen);
    if (cost[0])
        cost[1] = read_arm_cost_by_year(f, path, p->second, n_years, &n_rep[1], err, errlen);
    if (cost[1]) cost[2] = read_by_year(f, path, name, n_years, 1, 0, &n_rep[2], err, errlen);
    int status = -1;
    if (cost[2] && (n_rep[1] != n_rep[0] || n_rep[2] != n_rep[0]))
        snprintf(err, errlen, "%s: arms %s and %s and their comparison have different numbers "
                 "of replications", path, p->first, p->second);
    else if (cost[2] && !(scratch = malloc(2 * n_rep[0] * sizeof *scratch)))
        snprintf(err, errlen, "out of memory reading the costs of %s", path);
    else if (scratch)
        status = 0;
    if (status == 0) {
        fprintf(out, "  Cost by financial year (GBP, real terms, discounted): mean (p5 to p95)\n");
        fprintf(out, "    %-9s %-36s %-36s %s\n", "year", p->first, p->second, "difference");
        for (size_t y = 0; y < n_years; y++) {
            char year[16], cell[3][144];
            format_financial_year(years[y], year, sizeof year);
            for (int k = 0; k < 3; k++) {
                double st[SPSIM_N_STATS];
                describe_year(cost[k], n_rep[0], n_years, y, scratch, st);
                format_cell(st, cell[k], sizeof cell[k]);
            }
            fprintf(out, "    %-9s %-36s %-36s %s\n", year, cell[0], cell[1], cell[2]);
        }
    }
    free(scratch);
    for (int k = 0; k < 3; k++) free(cost[k]);
    free(years);
    return status;
}

/* The investors' rows appear only when both arms had investors: against an arm without a bond
 * they say nothing the arm's own block does not. */
static int print_pair(hid_t f, const char *path, const arm_pair *p, FILE *out, char *err,
                      size_t errlen)
{
    int investors[2] = {used_investors(f, path, p->first, err, errlen),
                        used_investors(f, path, p->second, err, errlen)};
    if (investors[0] < 0 || investors[1] < 0) return -1;
    char better[96];
    snprintf(better, sizeof better, "P(%s better)", p->first);
    fprintf(out, "\n%s minus %s, replication by replication\n", p->first, p->second);
    fprintf(out, "  %-38s %14s   %-32s %s\n", "", "mean", "90% interval (p5 to p95)", better);
    int width = (int)strlen(better);   /* probabilities right-aligned under their heading */
    for (int row = 0; row < N_MONEY_ROWS; row++)
        if (((investors[0] && investors[1]) || !is_investor_row(row)) &&
            print_difference_row(f, path, p, row, width, out, err, errlen) < 0)
            return -1;
    return print_pair_costs(f, path, p, out, err, errlen);
}

/* ---- the file ---- */

static int print_file(hid_t f, const char *path, FILE *out, char *err, size_t errlen)
{
    file_facts facts;
    if (read_facts(f, path, &facts, err, errlen) < 0) return -1;
    fprintf(out, "Scenario %s: %.0f replications, horizon %g years (%.0f weeks from %s)\n",
            facts.scenario, facts.replications, facts.horizon_years, facts.weeks,
            facts.start_date);
    fprintf(out, "File %s: seed %llu, spsim %s\n", path, (unsigned long long)facts.seed,
            facts.version);
    const char *arms[SPSIM_MAX_ARMS];
    int n_arms = 0;
    char *save = NULL;
    for (char *arm = strtok_r(facts.arms, ",", &save); arm && n_arms < SPSIM_MAX_ARMS;
         arm = strtok_r(NULL, ",", &save))
        arms[n_arms++] = arm;
    for (int a = 0; a < n_arms; a++)
        if (print_arm(f, path, arms[a], out, err, errlen) < 0) return -1;
    for (int a = 0; a < n_arms; a++)
        for (int b = a + 1; b < n_arms; b++) {
            arm_pair p = {arms[a], arms[b], ""};
            snprintf(p.group, sizeof p.group, "/comparisons/%s_minus_%s", arms[a], arms[b]);
            if (print_pair(f, path, &p, out, err, errlen) < 0) return -1;
        }
    return 0;
}

int spsim_summary_print(const char *h5_path, FILE *out, char *err, size_t errlen)
{
    struct stat st;
    if (stat(h5_path, &st) != 0) {
        snprintf(err, errlen, "cannot open %s: no such file", h5_path);
        return -1;
    }
    spsim_h5_error_printing saved;
    spsim_h5_quiet(&saved);
    int status = -1;
    if (H5Fis_hdf5(h5_path) <= 0) {
        snprintf(err, errlen, "%s is not an spsim output file (not an HDF5 file)", h5_path);
    } else {
        hid_t f = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
        if (f < 0)
            snprintf(err, errlen, "cannot open %s as an HDF5 file", h5_path);
        else
            status = print_file(f, h5_path, out, err, errlen);
        if (f >= 0) H5Fclose(f);
    }
    spsim_h5_restore(&saved);
    return status;
}
