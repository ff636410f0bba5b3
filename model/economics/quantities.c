/* The simulated quantities of calibration targets, each from one replication of one arm. */
#include "quantities.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "economics.h"

/* Sum of a weekly series over the window's weeks and every locality. */
static double window_sum(const spsim_arm_results *r, spsim_series_id s, spsim_week_window w)
{
    double sum = 0.0;
    for (int week = w.first_week; week < w.end_week; week++)
        for (int l = 0; l < r->n_localities; l++)
            sum += r->series[s][(long)week * r->n_localities + l];
    return sum;
}

static double ratio(double numerator, double denominator)
{
    return denominator > 0.0 ? numerator / denominator : NAN;
}

static double residents(const spsim_arm_params *arm)
{
    double sum = 0.0;
    for (int l = 0; l < arm->n_localities; l++)
        sum += spsim_locality_population(&arm->localities[l]);
    return sum;
}

/* Referrals offered a service: those referred where the arm has link workers. */
static double offered(const spsim_arm_results *r, spsim_week_window w)
{
    return window_sum(r, SPSIM_SERIES_REFERRALS, w) - window_sum(r, SPSIM_SERIES_NOT_OFFERED, w);
}

static double referrals_per_1000(const spsim_arm_results *r, const spsim_arm_params *arm,
                                 spsim_week_window w)
{
    double years = (w.end_week - w.first_week) / SPSIM_WEEKS_PER_YEAR;
    return ratio(window_sum(r, SPSIM_SERIES_REFERRALS, w) * 1000.0, residents(arm) * years);
}

static double decline_share(const spsim_arm_results *r, const spsim_arm_params *arm,
                            spsim_week_window w)
{
    (void)arm;
    return ratio(window_sum(r, SPSIM_SERIES_DECLINED, w), offered(r, w));
}

static double uptake_share(const spsim_arm_results *r, const spsim_arm_params *arm,
                           spsim_week_window w)
{
    (void)arm;
    return ratio(window_sum(r, SPSIM_SERIES_TAKEN_UP, w), offered(r, w));
}

static double no_show_share(const spsim_arm_results *r, const spsim_arm_params *arm,
                            spsim_week_window w)
{
    (void)arm;
    return ratio(window_sum(r, SPSIM_SERIES_NO_SHOWS, w), window_sum(r, SPSIM_SERIES_TAKEN_UP, w));
}

/* People supported are those who attended a first contact (as the headline counts them). */
static double contacts_per_person(const spsim_arm_results *r, const spsim_arm_params *arm,
                                  spsim_week_window w)
{
    (void)arm;
    return ratio(window_sum(r, SPSIM_SERIES_CONTACTS, w),
                 window_sum(r, SPSIM_SERIES_FIRST_CONTACTS, w));
}

static double weeks_in_support(const spsim_arm_results *r, const spsim_arm_params *arm,
                               spsim_week_window w)
{
    (void)arm;
    return ratio(window_sum(r, SPSIM_SERIES_IN_SUPPORT, w),
                 window_sum(r, SPSIM_SERIES_FIRST_CONTACTS, w));
}

static double people_per_fte_year(const spsim_arm_results *r, const spsim_arm_params *arm,
                                  spsim_week_window w)
{
    (void)arm;
    double fte_years = window_sum(r, SPSIM_SERIES_LW_FTE_IN_POST, w) / SPSIM_WEEKS_PER_YEAR;
    return ratio(window_sum(r, SPSIM_SERIES_FIRST_CONTACTS, w), fte_years);
}

/* Whole-run figures: the window is the whole horizon (spsim_quantity_info.by_years false). */
#define WHOLE_RUN_TOTAL(fn, total)                                                                 \
    static double fn(const spsim_arm_results *r, const spsim_arm_params *arm, spsim_week_window w) \
    {                                                                                              \
        (void)arm;                                                                                 \
        (void)w;                                                                                   \
        return r->totals[total];                                                                   \
    }
#define WHOLE_RUN_HEADLINE(fn, headline)                                                           \
    static double fn(const spsim_arm_results *r, const spsim_arm_params *arm, spsim_week_window w) \
    {                                                                                              \
        (void)arm;                                                                                 \
        (void)w;                                                                                   \
        return r->economics ? r->economics->headlines[headline] : NAN;                             \
    }

WHOLE_RUN_TOTAL(seen_3_or_more_share, SPSIM_TOTAL_SEEN_3_OR_MORE_SHARE)
WHOLE_RUN_TOTAL(first_contact_wait_mean, SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN)
WHOLE_RUN_TOTAL(first_contact_wait_p90, SPSIM_TOTAL_FIRST_CONTACT_WAIT_P90)
WHOLE_RUN_TOTAL(slot_wait_mean, SPSIM_TOTAL_WAIT_MEAN)
WHOLE_RUN_HEADLINE(measured_gp, SPSIM_HEADLINE_MEASURED_GP_REDUCTION)
WHOLE_RUN_HEADLINE(measured_ae, SPSIM_HEADLINE_MEASURED_AE_REDUCTION)
WHOLE_RUN_HEADLINE(measured_admissions, SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION)
WHOLE_RUN_HEADLINE(causal_gp, SPSIM_HEADLINE_CAUSAL_GP_REDUCTION)
WHOLE_RUN_HEADLINE(causal_ae, SPSIM_HEADLINE_CAUSAL_AE_REDUCTION)
WHOLE_RUN_HEADLINE(cost_per_referral, SPSIM_HEADLINE_COST_PER_REFERRAL)
WHOLE_RUN_HEADLINE(cost_per_person, SPSIM_HEADLINE_COST_PER_PERSON)

static double savings_per_pound(const spsim_arm_results *r, const spsim_arm_params *arm,
                                spsim_week_window w)
{
    (void)arm;
    (void)w;
    if (!r->economics) return NAN;
    const double *h = r->economics->headlines;
    return ratio(h[SPSIM_HEADLINE_SAVINGS], h[SPSIM_HEADLINE_TOTAL_COST]);
}

const spsim_quantity_info spsim_quantity_table[] = {
    {"referrals_per_1000_per_year", "referrals per 1,000 residents a year",
     "referrals of every source over the years, per 1,000 residents of the arm's localities",
     referrals_per_1000, true},
    {"decline_share", "share of referrals offered",
     "referrals declined, of those referred where the arm offers link workers", decline_share,
     true},
    {"uptake_share", "share of referrals offered",
     "referrals taken up, of those referred where the arm offers link workers", uptake_share, true},
    {"no_show_share", "share of referrals taken up",
     "people who never attended their first appointment, of those who took up the offer",
     no_show_share, true},
    {"contacts_per_person", "contacts per person supported",
     "link-worker contacts made, per person who attended a first contact", contacts_per_person,
     true},
    {"weeks_in_support", "weeks per person supported",
     "person-weeks holding a caseload slot, per person who attended a first contact",
     weeks_in_support, true},
    {"people_per_fte_year", "people supported per link-worker FTE a year",
     "people who attended a first contact, per FTE-year of link workers in post",
     people_per_fte_year, true},
    {"seen_3_or_more_share", "share of referrals offered",
     "people with 3 or more link-worker contacts, of the referrals offered a service",
     seen_3_or_more_share, false},
    {"first_contact_wait_mean", "weeks",
     "mean time from referral to the first contact, of those who attended one",
     first_contact_wait_mean, false},
    {"first_contact_wait_p90", "weeks", "90th percentile of the same waits", first_contact_wait_p90,
     false},
    {"slot_wait_mean", "weeks",
     "mean wait for a caseload slot of everyone who waited (started, gave up or still waiting)",
     slot_wait_mean, false},
    {"measured_gp_reduction", "share of GP use",
     "pre-post reduction in GP consultations of people taking up the offer (12 months before "
     "against 12 months after referral, as uncontrolled studies measure it)",
     measured_gp, false},
    {"measured_ae_reduction", "share of A&E use", "the same for A&E attendances", measured_ae,
     false},
    {"measured_admissions_reduction", "share of emergency admissions",
     "the same for emergency admissions", measured_admissions, false},
    {"causal_gp_reduction", "share of GP use",
     "reduction in GP consultations against the same people's counterfactual", causal_gp, false},
    {"causal_ae_reduction", "share of A&E use", "the same for A&E attendances", causal_ae, false},
    {"cost_per_referral", "GBP per person referred",
     "cost over the horizon (real terms, undiscounted) per person referred", cost_per_referral,
     false},
    {"cost_per_person_supported", "GBP per person supported",
     "cost over the horizon (real terms, undiscounted) per person who attended a first contact",
     cost_per_person, false},
    {"savings_per_pound", "GBP per GBP",
     "savings (discounted) per pound of cost (discounted) over the horizon", savings_per_pound,
     false},
};
const int spsim_n_quantities = (int)(sizeof spsim_quantity_table / sizeof spsim_quantity_table[0]);

int spsim_quantity_find(const char *name)
{
    for (int q = 0; q < spsim_n_quantities; q++)
        if (!strcmp(spsim_quantity_table[q].name, name)) return q;
    return -1;
}

void spsim_quantity_names(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int q = 0; q < spsim_n_quantities && used < len; q++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", q ? ", " : "",
                                 spsim_quantity_table[q].name);
}

spsim_week_window spsim_years_window(int first_year, int last_year, int n_weeks)
{
    if (first_year <= 0) return (spsim_week_window){0, n_weeks};
    int first = (int)lround((first_year - 1) * SPSIM_WEEKS_PER_YEAR);
    int end = (int)lround(last_year * SPSIM_WEEKS_PER_YEAR);
    if (first > n_weeks) first = n_weeks;
    if (end > n_weeks) end = n_weeks;
    return (spsim_week_window){first, end};
}

double spsim_quantity_mean(int q, const spsim_arm_results *reps, int n, const spsim_arm_params *arm,
                           spsim_week_window window)
{
    double sum = 0.0;
    int counted = 0;
    for (int r = 0; r < n; r++) {
        double v = spsim_quantity_table[q].value(&reps[r], arm, window);
        if (isnan(v)) continue;
        sum += v;
        counted++;
    }
    return counted ? sum / counted : NAN;
}
