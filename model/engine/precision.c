/* Running to a precision: the criterion, the estimate of replications needed and the rounds (see
 * precision.h). */
#include "precision.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#include "economics/economics.h"

bool spsim_precision_assessed(int headline)
{
    return headline != SPSIM_HEADLINE_BREAK_EVEN_YEAR && headline != SPSIM_HEADLINE_WELLBEING_VALUE;
}

/* The finest step the summary prints each headline in: whole units (people, GBP, consultations)
 * unless listed here. */
double spsim_precision_resolution(int headline)
{
    switch (headline) {
    case SPSIM_HEADLINE_RETURN_ON_INVESTMENT:
    case SPSIM_HEADLINE_INVESTOR_RETURN: return 0.01; /* GBP per GBP, two decimals */
    case SPSIM_HEADLINE_WELLBYS: return 0.1;          /* WELLBY, one decimal */
    case SPSIM_HEADLINE_MEASURED_GP_REDUCTION:
    case SPSIM_HEADLINE_CAUSAL_GP_REDUCTION:
    case SPSIM_HEADLINE_MEASURED_AE_REDUCTION:
    case SPSIM_HEADLINE_CAUSAL_AE_REDUCTION:
    case SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION:
    case SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION:
    case SPSIM_HEADLINE_INVESTOR_IRR:
    case SPSIM_HEADLINE_INVESTOR_LOSS:
    case SPSIM_HEADLINE_PAYMENTS_REGRESSION_SHARE: return 0.001; /* shares, 0.1 % printed */
    default: return 1.0;
    }
}

double spsim_precision_target(int headline, double precision, double mean, double scale)
{
    double relative = precision * fabs(mean);
    double near_zero = precision * SPSIM_PRECISION_NEAR_ZERO_SHARE * scale;
    return fmax(fmax(relative, near_zero), spsim_precision_resolution(headline));
}

static double headline_of(const spsim_run *run, int arm, int rep, int headline)
{
    return run->results[arm][rep].economics->headlines[headline];
}

/* Mean and sd of one headline of one arm over the first n replications, NaNs left out. */
static void describe(const spsim_run *run, int n, spsim_headline_precision *h)
{
    double sum = 0.0, squares = 0.0;
    int m = 0;
    for (int r = 0; r < n; r++) {
        double x = headline_of(run, h->arm, r, h->headline);
        if (isnan(x)) continue;
        sum += x;
        m++;
    }
    h->n_finite = m;
    h->assessed = m >= 2 && spsim_precision_assessed(h->headline);
    if (!h->assessed) return;
    h->mean = sum / m;
    for (int r = 0; r < n; r++) {
        double x = headline_of(run, h->arm, r, h->headline);
        if (!isnan(x)) squares += (x - h->mean) * (x - h->mean);
    }
    h->sd = sqrt(squares / (m - 1));
    h->half_width = gsl_cdf_tdist_Pinv(0.975, m - 1) * h->sd / sqrt(m);
}

/* Replications that would bring h within its target if its sd stayed as observed: (t sd /
 * target)^2 replications with a number, scaled up by the share of replications without one. */
static double replications_needed(const spsim_headline_precision *h, int n)
{
    double per_finite = h->half_width * sqrt(h->n_finite) / h->target;
    return ceil(per_finite * per_finite * n / h->n_finite);
}

bool spsim_precision_assess(const spsim_run *run, int n, double precision,
                            spsim_headline_precision *widest, int *needed)
{
    spsim_headline_precision all[SPSIM_MAX_ARMS][SPSIM_N_HEADLINES];
    double scale[SPSIM_N_HEADLINES] = {0};
    for (int a = 0; a < run->n_arms; a++)
        for (int h = 0; h < SPSIM_N_HEADLINES; h++) {
            all[a][h] = (spsim_headline_precision){.arm = a, .headline = h};
            describe(run, n, &all[a][h]);
            if (all[a][h].assessed) scale[h] = fmax(scale[h], fabs(all[a][h].mean));
        }
    bool met = true;
    double most = 0.0;
    *needed = n;
    *widest = all[0][0];
    for (int a = 0; a < run->n_arms; a++)
        for (int h = 0; h < SPSIM_N_HEADLINES; h++) {
            spsim_headline_precision *x = &all[a][h];
            if (!x->assessed) continue;
            x->target = spsim_precision_target(h, precision, x->mean, scale[h]);
            met = met && x->half_width <= x->target;
            if (x->half_width / x->target > most) {
                most = x->half_width / x->target;
                *widest = *x;
            }
            double need = replications_needed(x, n);
            if (need > *needed) *needed = need > 1e9 ? 1000000000 : (int)need;
        }
    return met;
}

static void record_widest(spsim_run *run, const spsim_headline_precision *w)
{
    run->precision.widest_arm = w->arm;
    run->precision.widest_headline = w->headline;
    run->precision.widest_half_width = w->half_width;
    run->precision.widest_target = w->target;
    run->precision.widest_mean = w->mean;
}

/* The first count in [from, the run's count] at which every headline is met, or 0. */
static int first_count_met(const spsim_run *run, int from, double precision)
{
    spsim_headline_precision widest;
    int needed;
    for (int n = from; n <= run->n_replications; n++)
        if (spsim_precision_assess(run, n, precision, &widest, &needed)) return n;
    return 0;
}

void spsim_precision_print_headline(FILE *out, const spsim_scenario *s, int arm, int headline,
                                    double half_width, double target, double mean)
{
    const spsim_series_info *info = &spsim_headline_table[headline];
    const char *units = strcmp(info->units, "1") ? info->units : "(a share)";
    fprintf(out, "%s %s, half-width %.4g %s against %.4g %s allowed (mean %.4g %s)",
            s->arms[arm].name, info->name, half_width, units, target, units, mean, units);
}

static void report_round(FILE *out, const spsim_scenario *s, const spsim_run *run,
                         const spsim_headline_precision *w, int needed)
{
    if (!out) return;
    fprintf(out, "spsim: precision round %d: %d replications; widest: ", run->precision.rounds,
            run->n_replications);
    spsim_precision_print_headline(out, s, w->arm, w->headline, w->half_width, w->target, w->mean);
    if (needed > run->n_replications)
        fprintf(out, "; about %d needed\n", needed);
    else
        fputc('\n', out);
}

/* Runs rounds until a count meets every target or the cap is run, from where `run` stands: the
 * round in flight first, when it is not done (a resumed run). Returns 0 (with run->stopped when
 * the stop flag ended a round) or -1. */
static int run_rounds(spsim_run *run, const spsim_scenario *s, const spsim_run_options *opt,
                      const spsim_precision_options *p, char *err, size_t errlen)
{
    if (run->replications_done < run->n_replications) {
        if (spsim_run_continue(s, opt, run, run->replications_done, err, errlen) != 0) return -1;
        if (run->stopped) return 0;
    }
    for (;;) {
        run->precision.rounds++;
        int met_at = first_count_met(run, run->precision.assessed_through + 1, p->precision);
        if (met_at > 0) spsim_run_truncate(run, met_at); /* the replications beyond are dropped */
        spsim_headline_precision widest;
        int needed;
        run->precision.met =
            spsim_precision_assess(run, run->n_replications, p->precision, &widest, &needed);
        record_widest(run, &widest);
        report_round(p->progress, s, run, &widest, run->precision.met ? 0 : needed);
        if (run->precision.met || run->n_replications >= p->max_replications) return 0;
        int next = needed > p->max_replications ? p->max_replications : needed;
        if (next <= run->n_replications) next = run->n_replications + 1;
        run->precision.assessed_through = run->n_replications;
        run->precision.replications_run = next;
        if (spsim_run_extend(run, s, opt, next, err, errlen) != 0) return -1;
        if (run->stopped) return 0;
    }
}

spsim_run *spsim_precision_prepare(const spsim_scenario *s, const spsim_precision_options *p)
{
    spsim_run *run = spsim_run_prepare(s, p->pilot);
    if (!run) return NULL;
    run->precision = (spsim_run_precision){.asked = p->precision,
                                           .max_replications = p->max_replications,
                                           .replications_run = p->pilot,
                                           .pilot = p->pilot,
                                           .assessed_through = p->pilot - 1};
    return run;
}

int spsim_precision_continue(spsim_run *run, const spsim_scenario *s, const spsim_run_options *opt,
                             const spsim_precision_options *p, char *err, size_t errlen)
{
    return run_rounds(run, s, opt, p, err, errlen);
}
