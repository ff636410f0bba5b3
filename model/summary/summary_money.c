/* The money block of an arm in the headline table: its headline figures from
 * /arms/<arm>/headlines (the break-even year as financial years, the investors' figures only
 * where a social impact bond used capital), then the discounted cost of each financial year.
 * The rows are shared with the paired comparison (summary_compare.c), so both blocks list the
 * same figures in the same order. */
#include "summary_print.h"

#include <math.h>
#include <stdlib.h>

#include "../io/h5util.h"

/* Rows of the money block, from /arms/<arm>/headlines; the break-even year is shown apart, and
 * the investors' rows only where a social impact bond used capital. */
const spsim_summary_money_row spsim_summary_money_rows[] = {
    {SPSIM_HEADLINE_PEOPLE_SUPPORTED, "People supported (people)", SHOW_WHOLE},
    {SPSIM_HEADLINE_TOTAL_COST, "Total cost (GBP, discounted)", SHOW_WHOLE},
    {SPSIM_HEADLINE_OUTCOME_PAYMENTS, "of which outcome payments (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE, "payments for regression to the mean (%)",
     SHOW_PERCENT},
    {SPSIM_HEADLINE_COST_PER_PERSON, "Cost per person supported (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_COST_PER_REFERRAL, "Cost per referral (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_SAVINGS, "Savings (GBP, discounted)", SHOW_WHOLE},
    {SPSIM_HEADLINE_CASH_RELEASING_SAVINGS, "of which cash-releasing (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_NET_COST, "Net cost (GBP, discounted)", SHOW_WHOLE},
    {SPSIM_HEADLINE_RETURN_ON_INVESTMENT, "Return on investment (GBP per GBP)", SHOW_TWO_DECIMALS},
    {SPSIM_HEADLINE_BREAK_EVEN_YEAR, "Break-even financial year (median)", SHOW_WHOLE},
    {SPSIM_HEADLINE_WELLBYS, "WELLBYs (discounted)", SHOW_ONE_DECIMAL},
    {SPSIM_HEADLINE_COST_PER_WELLBY, "Net cost per WELLBY (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_NET_MONETARY_BENEFIT, "Net monetary benefit (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_NMB_WELLBEING, "of which wellbeing (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_NMB_MONEY, "of which money (GBP)", SHOW_WHOLE},
    {SPSIM_HEADLINE_GP_APPOINTMENTS_FREED_PER_YEAR, "GP appointments freed a year", SHOW_WHOLE},
    {SPSIM_HEADLINE_MEASURED_GP_REDUCTION, "GP use reduction, measured (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_CAUSAL_GP_REDUCTION, "GP use reduction, causal (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_MEASURED_AE_REDUCTION, "A&E use reduction, measured (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_CAUSAL_AE_REDUCTION, "A&E use reduction, causal (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION, "Admissions reduction, measured (%)",
     SHOW_PERCENT},
    {SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION, "Admissions reduction, causal (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_INVESTOR_CAPITAL_USED, "Investors' capital used (GBP, nominal)", SHOW_WHOLE},
    {SPSIM_HEADLINE_INVESTOR_PAYMENTS, "Investors paid (GBP, nominal)", SHOW_WHOLE},
    {SPSIM_HEADLINE_INVESTOR_RETURN, "Investors' return (GBP per GBP)", SHOW_TWO_DECIMALS},
    {SPSIM_HEADLINE_INVESTOR_IRR, "Investors' internal rate of return (%)", SHOW_PERCENT},
    {SPSIM_HEADLINE_INVESTOR_LOSS, "Investors lose money (% of runs)", SHOW_PERCENT},
};
const int spsim_summary_n_money_rows =
    (int)(sizeof spsim_summary_money_rows / sizeof spsim_summary_money_rows[0]);

bool spsim_summary_is_investor_row(int row)
{
    spsim_headline_id h = spsim_summary_money_rows[row].headline;
    return h >= SPSIM_HEADLINE_INVESTOR_CAPITAL_USED && h <= SPSIM_HEADLINE_INVESTOR_LOSS;
}

int spsim_summary_used_investors(hid_t f, const char *path, const char *arm, char *err,
                                 size_t errlen)
{
    char name[512];
    snprintf(name, sizeof name, "/arms/%s/headlines/%s", arm,
             spsim_headline_table[SPSIM_HEADLINE_INVESTOR_CAPITAL_USED].name);
    size_t n = 0;
    double *x = spsim_summary_read_vector(f, path, name, &n, err, errlen);
    if (!x) return -1;
    int used = 0;
    for (size_t i = 0; i < n; i++) used = used || x[i] > 0;
    free(x);
    return used;
}

int spsim_summary_read_willingness_to_pay(hid_t f, const char *path, const char *arm, double *gbp,
                                          char *err, size_t errlen)
{
    char name[512];
    snprintf(name, sizeof name, "/arms/%s/headlines/%s", arm,
             spsim_headline_table[SPSIM_HEADLINE_NET_MONETARY_BENEFIT].name);
    return spsim_h5_get_dataset_double(f, path, name, "willingness_to_pay_gbp_per_wellby", gbp, err,
                                       errlen);
}

/* The willingness to pay behind net monetary benefit, on a line of its own under it. */
static int print_willingness_to_pay(hid_t f, const char *path, const char *arm, FILE *out,
                                    char *err, size_t errlen)
{
    double wtp = NAN;
    if (spsim_summary_read_willingness_to_pay(f, path, arm, &wtp, err, errlen) < 0) return -1;
    char text[48];
    spsim_summary_format_number(wtp, SHOW_WHOLE, text, sizeof text);
    fprintf(out, "    (WELLBYs valued at a willingness to pay of %s GBP each)\n", text);
    return 0;
}

/* ---- the break-even year ---- */

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
    double *x = spsim_summary_read_vector(f, path, name, &n, err, errlen);
    if (!x) return -1;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i])) x[i] = INFINITY;
    qsort(x, n, sizeof *x, compare_doubles);
    const double levels[3] = {0.5, 0.05, 0.95};
    char text[3][24];
    for (int k = 0; k < 3; k++) {
        size_t rank = (size_t)ceil(levels[k] * (double)n);
        spsim_summary_format_financial_year(n > 0 ? x[rank > 0 ? rank - 1 : 0] : NAN, text[k],
                                            sizeof text[k]);
    }
    free(x);
    char interval[64];
    snprintf(interval, sizeof interval, "%s to %s", text[1], text[2]);
    fprintf(out, "  %-38s %14s   %s\n", label, text[0], interval);
    return 0;
}

/* ---- the block ---- */

static int print_money_row(hid_t f, const char *path, const char *arm, int row, FILE *out,
                           char *err, size_t errlen)
{
    const spsim_summary_money_row *m = &spsim_summary_money_rows[row];
    char name[512];
    snprintf(name, sizeof name, "/arms/%s/headlines/%s", arm,
             spsim_headline_table[m->headline].name);
    if (m->headline == SPSIM_HEADLINE_BREAK_EVEN_YEAR)
        return print_break_even(f, path, name, m->label, out, err, errlen);
    double st[SPSIM_N_STATS];
    if (spsim_summary_describe_dataset(f, path, name, st, err, errlen) < 0) return -1;
    spsim_summary_print_stats(out, m->label, st, m->style);
    if (m->headline == SPSIM_HEADLINE_NET_MONETARY_BENEFIT)
        return print_willingness_to_pay(f, path, arm, out, err, errlen);
    return 0;
}

/* Discounted total cost of each financial year, one row a year. */
static int print_cost_by_year(hid_t f, const char *path, const char *arm, FILE *out, char *err,
                              size_t errlen)
{
    size_t n_years = 0, n_rep = 0;
    double *years =
        spsim_summary_read_vector(f, path, "/financial_year_start", &n_years, err, errlen);
    double *cost =
        years ? spsim_summary_read_arm_cost_by_year(f, path, arm, n_years, &n_rep, err, errlen)
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
            spsim_summary_describe_year(cost, n_rep, n_years, y, scratch, st);
            snprintf(label, sizeof label, "  "); /* indented under the heading */
            spsim_summary_format_financial_year(years[y], label + 2, sizeof label - 2);
            spsim_summary_print_stats(out, label, st, SHOW_WHOLE);
        }
        status = 0;
    }
    free(scratch);
    free(cost);
    free(years);
    return status;
}

int spsim_summary_print_money(hid_t f, const char *path, const char *arm, FILE *out, char *err,
                              size_t errlen)
{
    int investors = spsim_summary_used_investors(f, path, arm, err, errlen);
    if (investors < 0) return -1;
    for (int row = 0; row < spsim_summary_n_money_rows; row++)
        if ((investors || !spsim_summary_is_investor_row(row)) &&
            print_money_row(f, path, arm, row, out, err, errlen) < 0)
            return -1;
    return print_cost_by_year(f, path, arm, out, err, errlen);
}
