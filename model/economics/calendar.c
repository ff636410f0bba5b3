#include "calendar.h"

/* Days from 1970-01-01 by counting 400-year eras from 1 March 0000, so that the leap day is the
 * last day of each counted year (the well-known civil-date algorithm). */
long spsim_days_from_civil(int year, int month, int day)
{
    long y = month <= 2 ? year - 1 : year;
    long era = (y >= 0 ? y : y - 399) / 400;
    long year_of_era = y - era * 400;                                             /* 0..399 */
    long day_of_year = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1; /* 0..365 */
    long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

int spsim_financial_year_of_day(long day)
{
    /* Start from the calendar year of a lower bound and step forward over 1 Aprils. */
    int year = (int)(day / 366) + 1969;
    while (spsim_days_from_civil(year + 1, 4, 1) <= day) year++;
    while (spsim_days_from_civil(year, 4, 1) > day) year--;
    return year;
}

void spsim_fy_calendar_init(spsim_fy_calendar *c, int start_year, int start_month, int start_day,
                            int n_weeks)
{
    c->start_day = spsim_days_from_civil(start_year, start_month, start_day);
    c->first_year = spsim_financial_year_of_day(c->start_day);
    long last_day = c->start_day + 7L * (n_weeks > 0 ? n_weeks : 1) - 1;
    c->n_years = spsim_financial_year_of_day(last_day) - c->first_year + 1;
}

spsim_week_split spsim_fy_split_week(const spsim_fy_calendar *c, int week)
{
    long first = c->start_day + 7L * week;
    int year = spsim_financial_year_of_day(first);
    long next_april = spsim_days_from_civil(year + 1, 4, 1);
    spsim_week_split split = {.n = 1, .year_index = {year - c->first_year, 0}, .days = {7, 0}};
    if (next_april - first < 7) {
        split.n = 2;
        split.days[0] = (int)(next_april - first);
        split.year_index[1] = split.year_index[0] + 1;
        split.days[1] = 7 - split.days[0];
    }
    return split;
}
