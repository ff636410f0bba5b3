/* Financial years: dates to day numbers, the financial year of a day, the years a horizon
 * touches, and a week spanning 1 April split by its days, checked against a calendar by hand. */
#include <math.h>

#include "check.h"
#include "economics/calendar.h"
#include "synthetic.h"

static void test_day_numbers(void)
{
    /* 1 March 2000: 30 years of 365 days, 7 leap days (1972..1996), then January and February
     * 2000, a leap year: 31 + 29 days. */
    CHECK(spsim_days_from_civil(1970, 1, 1) == 0, "1970-01-01 is day 0");
    CHECK(spsim_days_from_civil(2000, 3, 1) == 30 * 365 + 7 + 60, "2000-03-01 is day 11017");
    CHECK(spsim_days_from_civil(2026, 3, 28) == 20540, "2026-03-28 is day 20540");
    CHECK(spsim_days_from_civil(1900, 1, 1) == -25567, "1900-01-01 is day -25567");
    /* 2028 is a leap year: 1 March is 60 days after 1 January. */
    CHECK(spsim_days_from_civil(2028, 3, 1) - spsim_days_from_civil(2028, 1, 1) == 60,
          "29 February 2028 exists");
}

static void test_financial_year_of_day(void)
{
    CHECK(spsim_financial_year_of_day(spsim_days_from_civil(2026, 3, 31)) == 2025,
          "31 March 2026 is in 2025/26");
    CHECK(spsim_financial_year_of_day(spsim_days_from_civil(2026, 4, 1)) == 2026,
          "1 April 2026 is in 2026/27");
    CHECK(spsim_financial_year_of_day(spsim_days_from_civil(2026, 1, 1)) == 2025,
          "1 January 2026 is in 2025/26");
    CHECK(spsim_financial_year_of_day(spsim_days_from_civil(1969, 12, 31)) == 1969,
          "31 December 1969 is in 1969/70");
}

/* 2025-04-01 plus 522 weeks: the last day simulated is 2035-04-02 (10 years are 3,652 days with
 * the leap days of 2028 and 2032; 522 x 7 = 3,654), so the run touches 2025/26 to 2035/36. */
static void test_years_touched(void)
{
    spsim_fy_calendar c;
    spsim_fy_calendar_init(&c, 2025, 4, 1, 522);
    CHECK(c.first_year == 2025 && c.n_years == 11,
          "522 weeks from 2025-04-01 touch 11 years "
          "from 2025 (got %d from %d)",
          c.n_years, c.first_year);
    spsim_fy_calendar_init(&c, 2025, 4, 1, 521);
    CHECK(c.n_years == 10, "521 weeks end on 2035-03-26 and touch 10 years (got %d)", c.n_years);
    spsim_fy_calendar_init(&c, 2026, 1, 15, 4);
    CHECK(c.first_year == 2025 && c.n_years == 1, "a January start is in the year before");
}

static void check_split(int y, int m, int d, int week, int days_before, const char *what)
{
    spsim_fy_calendar c;
    spsim_fy_calendar_init(&c, y, m, d, week + 1);
    spsim_week_split split = spsim_fy_split_week(&c, week);
    if (days_before == 7)
        CHECK(split.n == 1 && split.days[0] == 7, "%s: one year", what);
    else
        CHECK(split.n == 2 && split.days[0] == days_before && split.days[1] == 7 - days_before &&
                  split.year_index[1] == split.year_index[0] + 1,
              "%s: %d days before 1 April, %d after (got %d parts, %d and %d)", what, days_before,
              7 - days_before, split.n, split.days[0], split.days[1]);
}

static void test_week_split(void)
{
    check_split(2026, 3, 28, 0, 4, "28 March 2026 to 3 April"); /* 28, 29, 30, 31 March */
    check_split(2025, 4, 1, 52, 1, "week 52 from 2025-04-01 (31 March 2026)");
    check_split(2028, 3, 27, 0, 5, "27 March 2028 (a leap year)"); /* 27..31 March */
    check_split(2026, 3, 25, 0, 7, "25 to 31 March 2026");
    check_split(2026, 3, 26, 1, 7, "2 to 8 April 2026");
}

/* The same split carries money: 700 GBP of VCSE spend in the week of 28 March 2026 is 400 in
 * 2025/26 and 300 in 2026/27; evaluation of 700 a week (36,525 a year), priced at 2025/26 with
 * 10 % inflation, is 400 and 300 x 1.1 = 330 nominal. */
static void test_money_split_by_days(void)
{
    synthetic x;
    if (!CHECK(synthetic_make(&x, 2026, 3, 28, 1, 1) == 0, "synthetic results")) return;
    *synthetic_series(&x, SPSIM_SERIES_VCSE_SPEND, 0, 0) = 700;
    spsim_economics_params *p = synthetic_money(&x);
    p->price_year = 2025;
    p->inflation_per_year = 0.10;
    p->evaluation_gbp_per_year = 36525;
    struct spsim_economics *e = synthetic_compute(&x);
    if (e && CHECK(e->first_year == 2025 && e->n_years == 2, "two financial years")) {
        const int nominal = SPSIM_MONEY_NOMINAL;
        CHECK_NEAR(*spsim_economics_at(e, SPSIM_FY_COSTS, 0, nominal, SPSIM_COST_VCSE_FUNDING), 400,
                   1e-9, "VCSE spend in 2025/26");
        CHECK_NEAR(*spsim_economics_at(e, SPSIM_FY_COSTS, 1, nominal, SPSIM_COST_VCSE_FUNDING), 300,
                   1e-9, "VCSE spend in 2026/27");
        CHECK_NEAR(*spsim_economics_at(e, SPSIM_FY_COSTS, 0, nominal, SPSIM_COST_EVALUATION), 400,
                   1e-9, "evaluation in 2025/26");
        CHECK_NEAR(*spsim_economics_at(e, SPSIM_FY_COSTS, 1, nominal, SPSIM_COST_EVALUATION), 330,
                   1e-9, "evaluation in 2026/27, after a year's inflation");
    }
    synthetic_free(&x);
}

int main(void)
{
    test_day_numbers();
    test_financial_year_of_day();
    test_years_touched();
    test_week_split();
    test_money_split_by_days();
    return spsim_check_finish();
}
