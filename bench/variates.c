/* The random-variate bound of a run: the time needed to draw, and nothing else, exactly the
 * variates the run drew, kind by kind, with the model's generator (Philox streams,
 * engine/rng.h) and the model's samplers (the wrappers of processes/draws.h) at the scenario's
 * parameters. The engine can be no faster than this; bench/run.sh reports engine time / this.
 *
 *   bench_variates SCENARIO KIND=COUNT...
 *
 * The counts are those a build with -DSPSIM_COUNT_VARIATES=ON prints after a run ("spsim:
 * variates drawn: uniform=... gamma=..."). Parameters come from the scenario's first arm, as
 * the processes use them:
 *   exponential          mean 1 / (first locality's referral rate per week): arrival gaps;
 *   gamma                support.contact_interval_shape, mean support.contact_interval_weeks
 *                        (by inversion through the arm's quantile table, as the model draws it);
 *   gamma_inverse        the scheduling delay's table, mean 1;
 *   negative_binomial    contacts beyond the first: mean contacts_mean - 1, k contacts_dispersion
 *                        (by inversion through the support process's table);
 *   discrete             the three tables of a referred person in turn: source, age band (first
 *                        locality's population), need;
 *   weibull_inverse      reneging.median_weeks and reneging.shape;
 *   exponential_inverse  support.dropout_per_week x the first locality's drop-out ratio.
 * Approximations, none of which makes the bound larger: each kind is drawn in its own loop from
 * its own stream (the engine interleaves kinds and streams); the inverse transforms are applied
 * to an additive recurrence u += 0.618... mod 1 instead of uniforms already drawn (the engine
 * counts those as uniforms); the re-positioning of a stream at a person's sub-stream
 * (gsl_rng_set) is not a variate and is left out; beta and Poisson draws, which the pathway-only
 * benchmark makes few or none of, use the representative parameters below. */
#define _POSIX_C_SOURCE 199309L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/rng.h"
#include "processes/draws.h"
#include "processes/samplers.h"
#include "processes/support.h"
#include "scenario/scenario.h"

enum {
    DISCRETE_TABLES = 3
};

/* Representative parameters for kinds the core pathway does not draw in number. */
static const double beta_a = 2.0, beta_b = 5.0, poisson_mean = 3.0;

typedef struct {
    double exponential_mean;
    spsim_sampler_cache cache;
    spsim_samplers laws;                /* the arm's quantile tables */
    spsim_quantile_table beta;          /* beta(beta_a, beta_b) */
    spsim_quantile_table normal_square; /* the transients' normals (draws.h) */
    double gamma_mean;
    spsim_count_table extra_contacts; /* as the model's support process makes it */
    gsl_ran_discrete_t *tables[DISCRETE_TABLES];
    double weibull_median, weibull_shape;
    double dropout_hazard;
} sampler_params;

static int params_from_scenario(const spsim_scenario *s, sampler_params *sp)
{
    const spsim_arm_params *p = &s->arms[0];
    const spsim_locality *loc = &p->localities[0];
    double population = 0.0;
    for (int a = 0; a < SPSIM_N_AGE_BANDS; a++) population += loc->population[a];
    double rate_per_week =
        population / 1000.0 * p->referral.base_rate_per_1000_per_year *
        spsim_deprivation_factor(p->referral.deprivation_rate_ratio, loc->deprivation) /
        SPSIM_WEEKS_PER_YEAR;
    *sp = (sampler_params){
        .exponential_mean = rate_per_week > 0.0 ? 1.0 / rate_per_week : 1.0,
        .gamma_mean = p->support.contact_interval_weeks,
        .weibull_median = p->reneging.median_weeks,
        .weibull_shape = p->reneging.shape,
        .dropout_hazard = p->support.dropout_per_week * loc->dropout_ratio,
    };
    spsim_quantile_table_beta(&sp->beta, beta_a, beta_b);
    spsim_quantile_table_gamma(&sp->normal_square, 0.5);
    spsim_support_contacts_table(&p->support, &sp->extra_contacts);
    if (spsim_samplers_prepare(&sp->laws, &sp->cache, p) != 0) return -1;
    sp->tables[0] = gsl_ran_discrete_preproc(SPSIM_N_SOURCES, p->referral.source_share);
    sp->tables[1] = gsl_ran_discrete_preproc(SPSIM_N_AGE_BANDS, loc->population);
    sp->tables[2] = gsl_ran_discrete_preproc(SPSIM_N_NEEDS, p->referral.need_share);
    return sp->tables[0] && sp->tables[1] && sp->tables[2] ? 0 : -1;
}

/* Draws n variates of `kind`; returns their sum, so that the compiler cannot drop the draws. */
static double draw_n(spsim_variate_kind kind, unsigned long long n, gsl_rng *g,
                     const sampler_params *sp)
{
    double sum = 0.0, u = 0.5;
    const double golden = 0.6180339887498949;
    for (unsigned long long i = 0; i < n; i++) {
        switch (kind) {
        case SPSIM_VARIATE_UNIFORM: sum += spsim_draw_uniform(g); break;
        case SPSIM_VARIATE_EXPONENTIAL:
            sum += spsim_draw_exponential(g, sp->exponential_mean);
            break;
        case SPSIM_VARIATE_GAMMA:
            sum += spsim_draw_gamma(g, sp->laws.contact_interval, sp->gamma_mean);
            break;
        case SPSIM_VARIATE_BETA: sum += spsim_draw_beta(g, &sp->beta); break;
        case SPSIM_VARIATE_POISSON: sum += spsim_draw_poisson(g, poisson_mean); break;
        case SPSIM_VARIATE_NEGATIVE_BINOMIAL:
            sum += spsim_draw_negative_binomial(g, &sp->extra_contacts);
            break;
        case SPSIM_VARIATE_DISCRETE:
            sum += (double)spsim_draw_discrete(g, sp->tables[i % DISCRETE_TABLES]);
            break;
        case SPSIM_VARIATE_WEIBULL_INVERSE:
            u = u + golden >= 1.0 ? u + golden - 1.0 : u + golden;
            sum += spsim_weibull_from_uniform(sp->weibull_median, sp->weibull_shape, u);
            break;
        case SPSIM_VARIATE_EXPONENTIAL_INVERSE:
            u = u + golden >= 1.0 ? u + golden - 1.0 : u + golden;
            sum += spsim_exponential_from_uniform(sp->dropout_hazard, u);
            break;
        case SPSIM_VARIATE_GAMMA_INVERSE: /* the scheduling delay's law (none in the core) */
            u = u + golden >= 1.0 ? u + golden - 1.0 : u + golden;
            sum += spsim_gamma_from_uniform(sp->laws.first_contact_delay, 1.0, u);
            break;
        case SPSIM_VARIATE_GAUSSIAN:
            sum += spsim_draw_normal_by_inversion(g, &sp->normal_square);
            break;
        case SPSIM_N_VARIATE_KINDS: break;
        }
    }
    return sum;
}

/* Wall time, or (on a loaded machine, the fairer measure) this process's CPU time. */
static double seconds_now(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* "name=count" into counts[kind]; false (with a message) when it is not one. */
static bool parse_count(const char *arg, unsigned long long *counts)
{
    const char *eq = strchr(arg, '=');
    for (int k = 0; eq && k < SPSIM_N_VARIATE_KINDS; k++) {
        size_t len = strlen(spsim_variate_name[k]);
        if ((size_t)(eq - arg) != len || strncmp(arg, spsim_variate_name[k], len) != 0) continue;
        char *end;
        errno = 0;
        counts[k] = strtoull(eq + 1, &end, 10);
        if (!errno && end != eq + 1 && !*end && eq[1] != '-') return true;
        break;
    }
    fprintf(stderr, "bench_variates: '%s' is not KIND=COUNT with a known kind (", arg);
    for (int k = 0; k < SPSIM_N_VARIATE_KINDS; k++)
        fprintf(stderr, "%s%s", k ? ", " : "", spsim_variate_name[k]);
    fprintf(stderr, ") and a whole number\n");
    return false;
}

/* Times each kind; prints one line per kind drawn (CPU time) and the total (wall and CPU). */
static int time_draws(const spsim_scenario *s, const unsigned long long *counts)
{
    sampler_params sp;
    int status = params_from_scenario(s, &sp);
    double total = 0.0, total_cpu = 0.0, sink = 0.0;
    unsigned long long drawn = 0;
    for (int k = 0; status == 0 && k < SPSIM_N_VARIATE_KINDS; k++) {
        if (counts[k] == 0) continue;
        gsl_rng *g = spsim_stream_alloc(s->seed, 0, SPSIM_STREAM_PERSONS, spsim_substream(k, 0));
        if (!g) {
            status = -1;
            break;
        }
        double t0 = seconds_now(CLOCK_MONOTONIC), c0 = seconds_now(CLOCK_PROCESS_CPUTIME_ID);
        sink += draw_n((spsim_variate_kind)k, counts[k], g, &sp);
        double c = seconds_now(CLOCK_PROCESS_CPUTIME_ID) - c0;
        total += seconds_now(CLOCK_MONOTONIC) - t0;
        total_cpu += c;
        gsl_rng_free(g);
        printf("%-20s %12llu variates %8.3f s of CPU time %7.1f ns each\n", spsim_variate_name[k],
               counts[k], c, 1e9 * c / (double)counts[k]);
        drawn += counts[k];
    }
    for (int i = 0; i < DISCRETE_TABLES; i++)
        if (sp.tables[i]) gsl_ran_discrete_free(sp.tables[i]);
    spsim_sampler_cache_free(&sp.cache);
    if (status != 0) return fprintf(stderr, "bench_variates: out of memory\n"), 1;
    printf("variates: %llu drawn in %.3f s (%.3f s of CPU time; checksum %.6g)\n", drawn, total,
           total_cpu, sink);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_variates SCENARIO KIND=COUNT...\n");
        return 2;
    }
    unsigned long long counts[SPSIM_N_VARIATE_KINDS] = {0};
    for (int i = 2; i < argc; i++)
        if (!parse_count(argv[i], counts)) return 2;
    spsim_scenario *s = spsim_scenario_load_reporting(argv[1], stderr);
    if (!s) return 1;
    int status = time_draws(s, counts);
    spsim_scenario_free(s);
    return status;
}
