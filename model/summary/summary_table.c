/* The rows of the headline table: numbers as people read them (thousands separators, decimals,
 * percentages), financial years, a row of mean and 90 % interval, and an arm's block of
 * headline rows from its totals. */
#include "summary_print.h"

#include <math.h>
#include <string.h>

#include "../results/series.h"
#include "../io/h5util.h"

/* Rows of the headline table, in the order printed; units come from the totals table, so a
 * label and its unit cannot disagree with what the writer stored. */
static const struct {
    spsim_total_id total;
    const char *label;
    number_style style;
} headline_rows[] = {
    {SPSIM_TOTAL_REFERRALS, "Referrals", SHOW_WHOLE},
    {SPSIM_TOTAL_TAKEN_UP, "Taken up", SHOW_WHOLE},
    {SPSIM_TOTAL_WAIT_MEAN, "Mean wait", SHOW_ONE_DECIMAL},
    {SPSIM_TOTAL_WAIT_P90, "90th-percentile wait", SHOW_ONE_DECIMAL},
    {SPSIM_TOTAL_NOT_OFFERED, "Not offered: no link workers", SHOW_WHOLE},
    {SPSIM_TOTAL_NO_SHOW, "No-shows at first appointment", SHOW_WHOLE},
    {SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN, "First-contact wait, mean", SHOW_ONE_DECIMAL},
    {SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90, "First-contact wait, 90th pct", SHOW_ONE_DECIMAL},
    {SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE, "Seen 3 or more times", SHOW_TWO_DECIMALS},
    {SPSIM_TOTAL_CASELOAD_PER_FTE, "Mean caseload per FTE", SHOW_ONE_DECIMAL},
    {SPSIM_TOTAL_COMPLETED, "Completed", SHOW_WHOLE},
    {SPSIM_TOTAL_DROPPED_OUT, "Dropped out", SHOW_WHOLE},
    {SPSIM_TOTAL_CONNECTED, "Connected to activities", SHOW_WHOLE},
    {SPSIM_TOTAL_NEVER_CONNECTED, "Never connected: no place", SHOW_WHOLE},
    {SPSIM_TOTAL_PLACES_AT_END, "Places at the end", SHOW_WHOLE},
    {SPSIM_TOTAL_LW_COST, "Link-worker cost", SHOW_WHOLE},
    {SPSIM_TOTAL_VCSE_SPEND, "VCSE spend", SHOW_WHOLE},
    {SPSIM_TOTAL_BUILDER_COST, "Builder cost", SHOW_WHOLE},
};
enum {
    N_HEADLINE_ROWS = sizeof headline_rows / sizeof headline_rows[0]
};

/* ---- cells ---- */

void spsim_summary_format_number(double v, number_style style, char *buf, size_t len)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "%s", isnan(v) ? "n/a" : v > 0 ? "inf" : "-inf");
        return;
    }
    static const int decimals[] = {
        [SHOW_WHOLE] = 0, [SHOW_ONE_DECIMAL] = 1, [SHOW_TWO_DECIMALS] = 2, [SHOW_PERCENT] = 1};
    if (style == SHOW_PERCENT) v *= 100;
    char digits[48];
    snprintf(digits, sizeof digits, "%.*f", decimals[style], fabs(v));
    bool negative = v < 0 && strspn(digits, "0.") < strlen(digits); /* no "-0" */
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

void spsim_summary_format_financial_year(double year, char *buf, size_t len)
{
    if (!isfinite(year))
        snprintf(buf, len, "none");
    else
        snprintf(buf, len, "%d/%02d", (int)year, ((int)year + 1) % 100);
}

void spsim_summary_print_stats(FILE *out, const char *label, const double st[SPSIM_N_STATS],
                               number_style style)
{
    char mean[48], lo[48], hi[48], interval[120];
    spsim_summary_format_number(st[SPSIM_STAT_MEAN], style, mean, sizeof mean);
    spsim_summary_format_number(st[SPSIM_STAT_P5], style, lo, sizeof lo);
    spsim_summary_format_number(st[SPSIM_STAT_P95], style, hi, sizeof hi);
    snprintf(interval, sizeof interval, "%s to %s", lo, hi);
    fprintf(out, "  %-38s %14s   %s\n", label, mean, interval);
}

/* ---- an arm's headline rows ---- */

static int print_row(hid_t f, const char *path, const char *arm, int row, FILE *out, char *err,
                     size_t errlen)
{
    const spsim_series_info *info = &spsim_total_table[headline_rows[row].total];
    char name[512], label[128];
    snprintf(name, sizeof name, "/arms/%s/totals/%s", arm, info->name);
    double st[SPSIM_N_STATS];
    if (spsim_summary_describe_dataset(f, path, name, st, err, errlen) < 0) return -1;
    snprintf(label, sizeof label, "%s (%s)", headline_rows[row].label, info->units);
    spsim_summary_print_stats(out, label, st, headline_rows[row].style);
    return 0;
}

int spsim_summary_print_arm(hid_t f, const char *path, const char *arm, FILE *out, char *err,
                            size_t errlen)
{
    char group[512], description[512] = "";
    snprintf(group, sizeof group, "/arms/%s", arm);
    if (H5Lexists(f, "/arms", H5P_DEFAULT) <= 0 || H5Lexists(f, group, H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s has no group %s", path, group);
        return -1;
    }
    /* the description is optional: an arm without one is headed by its name alone */
    hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    if (g >= 0 && H5Aexists(g, "description") > 0)
        spsim_h5_get_string(g, group, "description", description, sizeof description, err, errlen);
    if (g >= 0) H5Gclose(g);
    fprintf(out, "\nArm %s%s%s\n", arm, description[0] ? ": " : "", description);
    fprintf(out, "  %-38s %14s   %s\n", "", "mean", "90% interval (p5 to p95)");
    for (int row = 0; row < N_HEADLINE_ROWS; row++)
        if (print_row(f, path, arm, row, out, err, errlen) < 0) return -1;
    return spsim_summary_print_money(f, path, arm, out, err, errlen);
}
