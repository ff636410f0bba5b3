/* Financial years (1 April to 31 March, named by the April's year) and how the simulated weeks
 * fall into them. A week that spans 1 April is split by its days in each year. */
#ifndef SPSIM_CALENDAR_H
#define SPSIM_CALENDAR_H

typedef struct {
    long start_day; /* the start date as days since 1970-01-01 (proleptic Gregorian) */
    int first_year; /* financial year of the start date */
    int n_years;    /* financial years touched by the n_weeks x 7 days simulated */
} spsim_fy_calendar;

/* The days of one week in each financial year it touches (one or two). */
typedef struct {
    int n;
    int year_index[2]; /* 0 = first_year */
    int days[2];       /* days[0] + days[1] = 7 */
} spsim_week_split;

/* Days since 1970-01-01 of a date (month 1..12, day 1..31). */
long spsim_days_from_civil(int year, int month, int day);
/* The financial year (April year) the day falls in. */
int spsim_financial_year_of_day(long day);

void spsim_fy_calendar_init(spsim_fy_calendar *c, int start_year, int start_month, int start_day,
                            int n_weeks);
spsim_week_split spsim_fy_split_week(const spsim_fy_calendar *c, int week);

#endif
