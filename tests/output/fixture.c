#define _POSIX_C_SOURCE 200809L

#include "fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "economics/economics.h"
#include "results/series.h"

const double fixture_rep_offset[FIXTURE_REPS] = {0, 3, 12};

static const char *const arm_names[FIXTURE_ARMS] = {"blanket", "quilt"};
static const char *const locality_names[FIXTURE_LOCALITIES] = {"Mendip", "Sedgemoor"};

double fixture_series_base(int arm, int sid, int week, int loc)
{
    double base = 1000.0 * arm + 50.0 * sid + 10.0 * week + loc;
    return spsim_series_table[sid].is_count ? base : base + 0.25;
}

double fixture_series(int arm, int rep, int sid, int week, int loc)
{
    if (arm == FIXTURE_NAN_ARM && rep == FIXTURE_NAN_REP && sid == FIXTURE_NAN_SERIES &&
        week == FIXTURE_NAN_WEEK && loc == FIXTURE_NAN_LOC)
        return NAN;
    return fixture_series_base(arm, sid, week, loc) + fixture_rep_offset[rep];
}

/* Distinct for every (arm, breakdown, week, locality, category) of the fixture's sizes. */
double fixture_breakdown_base(int arm, int b, int week, int loc, int category)
{
    double base = 2000.0 * arm + 200.0 * b + 10.0 * week + 3.0 * loc + category;
    return spsim_breakdown_table[b].info.is_count ? base : base + 0.25;
}

bool fixture_is_nan_breakdown_cell(int arm, int b, int week, int loc, int category)
{
    return arm == FIXTURE_NAN_BREAKDOWN_ARM && b == FIXTURE_NAN_BREAKDOWN &&
           week == FIXTURE_NAN_BREAKDOWN_WEEK && loc == FIXTURE_NAN_BREAKDOWN_LOC &&
           category == FIXTURE_NAN_CATEGORY;
}

double fixture_breakdown(int arm, int rep, int b, int week, int loc, int category)
{
    if (rep == FIXTURE_NAN_REP && fixture_is_nan_breakdown_cell(arm, b, week, loc, category))
        return NAN;
    return fixture_breakdown_base(arm, b, week, loc, category) + fixture_rep_offset[rep];
}

/* Totals are large enough to show thousands separators; the cost in the millions. */
double fixture_total(int arm, int rep, int tid)
{
    double base = (tid + 1) * 1234.0 * (arm + 1);
    if (tid == SPSIM_TOTAL_LW_COST) base *= 1000;
    double v = base + 100 * fixture_rep_offset[rep];
    return spsim_total_table[tid].is_count ? v : v + 0.25;
}

double fixture_fy(int arm, int rep, int m, int year, int index)
{
    return 100000.0 * arm + 1000.0 * m + 100.0 * year + index + 0.25 + fixture_rep_offset[rep];
}

/* Bases and steps chosen to look like the figures they stand for. */
static const struct {
    double base, step;
} headline_shape[SPSIM_N_HEADLINES] = {
    [SPSIM_HEADLINE_PEOPLE_SUPPORTED] = {1000, 10},
    [SPSIM_HEADLINE_TOTAL_COST] = {2000000, 1000},
    [SPSIM_HEADLINE_COST_PER_PERSON] = {2000, 10},
    [SPSIM_HEADLINE_COST_PER_REFERRAL] = {1500, 10},
    [SPSIM_HEADLINE_SAVINGS] = {1000000, 1000},
    [SPSIM_HEADLINE_CASH_RELEASING_SAVINGS] = {10000, 100},
    [SPSIM_HEADLINE_NET_COST] = {1000000, 1000},
    [SPSIM_HEADLINE_RETURN_ON_INVESTMENT] = {-0.5, 0.01},
    [SPSIM_HEADLINE_WELLBYS] = {1500, 10},
    [SPSIM_HEADLINE_WELLBEING_VALUE] = {15000000, 1000},
    [SPSIM_HEADLINE_COST_PER_WELLBY] = {600, 10},
    [SPSIM_HEADLINE_NET_MONETARY_BENEFIT] = {20000000, 1000},
    /* Its parts sum to it: 21,000,000 of wellbeing less the net cost of 1,000,000 (per arm). */
    [SPSIM_HEADLINE_NMB_WELLBEING] = {21000000, 1000},
    [SPSIM_HEADLINE_NMB_MONEY] = {-1000000, 0},
    [SPSIM_HEADLINE_GP_APPOINTMENTS_FREED_PER_YEAR] = {3000, 10},
    [SPSIM_HEADLINE_MEASURED_GP_REDUCTION] = {0.28, 0.001},
    [SPSIM_HEADLINE_CAUSAL_GP_REDUCTION] = {0.08, 0.001},
    [SPSIM_HEADLINE_MEASURED_AE_REDUCTION] = {0.24, 0.001},
    [SPSIM_HEADLINE_CAUSAL_AE_REDUCTION] = {0.1, 0.001},
    [SPSIM_HEADLINE_MEASURED_ADMISSIONS_REDUCTION] = {0.06, 0.001},
    [SPSIM_HEADLINE_CAUSAL_ADMISSIONS_REDUCTION] = {0.07, 0.001},
    [SPSIM_HEADLINE_OUTCOME_PAYMENTS] = {50000, 100},
    /* The investors' figures of the quilt (the blanket has no bond: fixture_headline). */
    [SPSIM_HEADLINE_INVESTOR_CAPITAL_USED] = {50000, 1000},
    [SPSIM_HEADLINE_INVESTOR_PAYMENTS] = {60000, 1000},
    [SPSIM_HEADLINE_INVESTOR_RETURN] = {0.1, 0.01},
    [SPSIM_HEADLINE_INVESTOR_IRR] = {0.02, 0.001},
};

static bool is_investor(int h)
{
    return h >= SPSIM_HEADLINE_INVESTOR_CAPITAL_USED && h <= SPSIM_HEADLINE_INVESTOR_LOSS;
}

double fixture_headline(int arm, int rep, int h)
{
    if (h == SPSIM_HEADLINE_BREAK_EVEN_YEAR) return arm == 0 && rep < 2 ? 2026 + rep : NAN;
    if (is_investor(h) && arm == 0) return h <= SPSIM_HEADLINE_INVESTOR_PAYMENTS ? 0 : NAN;
    if (h == SPSIM_HEADLINE_INVESTOR_LOSS) return rep == 2;
    return headline_shape[h].base * (arm + 1) + headline_shape[h].step * fixture_rep_offset[rep];
}

double fixture_reduction(int arm, int rep, int m, int loc, int service)
{
    double base = 100.0 * arm + 10.0 * m + 3.0 * loc + service + fixture_rep_offset[rep];
    return spsim_reduction_table[m].is_count ? base : base + 0.25;
}

static int fill_economics(spsim_arm_results *res, int a, int r)
{
    struct spsim_economics *e = spsim_economics_alloc(FIXTURE_FIRST_YEAR, FIXTURE_YEARS);
    if (!e) return -1;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) {
        int per_year = spsim_fy_measure_per_year(m);
        for (int y = 0; y < FIXTURE_YEARS; y++)
            for (int i = 0; i < per_year; i++)
                e->fy[m][y * per_year + i] = fixture_fy(a, r, m, y, i);
    }
    for (int h = 0; h < SPSIM_N_HEADLINES; h++) e->headlines[h] = fixture_headline(a, r, h);
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++)
        for (int l = 0; l < FIXTURE_LOCALITIES; l++)
            for (int s = 0; s < SPSIM_N_SERVICES; s++)
                *spsim_reduction_at(res, m, l, s) = fixture_reduction(a, r, m, l, s);
    res->economics = e;
    return 0;
}

static void fill_scenario(spsim_scenario *s)
{
    snprintf(s->name, sizeof s->name, "fixture");
    snprintf(s->description, sizeof s->description, "synthetic values for the output tests");
    snprintf(s->path, sizeof s->path, "tests/output/fixture.yaml");
    s->seed = FIXTURE_SEED;
    s->replications = FIXTURE_REPS;
    s->horizon_years = 0.1;
    s->n_weeks = FIXTURE_WEEKS;
    s->start_year = 2025;
    s->start_month = 4;
    s->start_day = 1;
    s->n_arms = FIXTURE_ARMS;
    for (int a = 0; a < FIXTURE_ARMS; a++) {
        spsim_arm_params *arm = &s->arms[a];
        snprintf(arm->name, sizeof arm->name, "%s", arm_names[a]);
        snprintf(arm->description, sizeof arm->description, "the %s arm", arm_names[a]);
        arm->n_localities = FIXTURE_LOCALITIES;
        arm->economics.willingness_to_pay_per_wellby_gbp = 20000 + 5000 * a;
        for (int l = 0; l < FIXTURE_LOCALITIES; l++)
            snprintf(arm->localities[l].name, sizeof arm->localities[l].name, "%s",
                     locality_names[l]);
    }
}

/* Arm a gets a + 2 resolved rows: "uptake.probability" and friends. */
static int fill_resolved(spsim_scenario *s)
{
    for (int a = 0; a < FIXTURE_ARMS; a++) {
        int n = a + 2;
        s->resolved[a] = calloc((size_t)n, sizeof *s->resolved[a]);
        if (!s->resolved[a]) return -1;
        s->n_resolved[a] = n;
        for (int i = 0; i < n; i++) {
            spsim_resolved_value *v = &s->resolved[a][i];
            snprintf(v->key, sizeof v->key, "localities.%s.key_%d", locality_names[i % 2], i);
            snprintf(v->value, sizeof v->value, "%d.5", 10 * a + i);
            v->unit = i == 0 ? "weeks" : "probability";
            v->source = i == 1 ? NULL : "A";
        }
    }
    s->text = strdup("name: fixture\nstart_date: 2025-04-01\n");
    return s->text ? 0 : -1;
}

static void fill_results(spsim_arm_results *res, int a, int r)
{
    for (int sid = 0; sid < SPSIM_N_SERIES; sid++)
        for (int w = 0; w < FIXTURE_WEEKS; w++)
            for (int l = 0; l < FIXTURE_LOCALITIES; l++)
                *spsim_series_at(res, sid, w, l) = fixture_series(a, r, sid, w, l);
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        int n = spsim_category_table[spsim_breakdown_table[b].category].n;
        for (int w = 0; w < FIXTURE_WEEKS; w++)
            for (int l = 0; l < FIXTURE_LOCALITIES; l++)
                for (int c = 0; c < n; c++)
                    *spsim_breakdown_at(res, b, w, l, c) = fixture_breakdown(a, r, b, w, l, c);
    }
    for (int t = 0; t < SPSIM_N_TOTALS; t++) res->totals[t] = fixture_total(a, r, t);
}

static int fill_run(spsim_run *run)
{
    *run = (spsim_run){.n_arms = FIXTURE_ARMS,
                       .n_replications = FIXTURE_REPS,
                       .n_weeks = FIXTURE_WEEKS,
                       .n_localities = FIXTURE_LOCALITIES};
    run->results = calloc(FIXTURE_ARMS, sizeof *run->results);
    if (!run->results) return -1;
    for (int a = 0; a < FIXTURE_ARMS; a++) {
        run->results[a] = calloc(FIXTURE_REPS, sizeof *run->results[a]);
        if (!run->results[a]) return -1;
        for (int r = 0; r < FIXTURE_REPS; r++) {
            if (spsim_arm_results_init(&run->results[a][r], FIXTURE_WEEKS, FIXTURE_LOCALITIES))
                return -1;
            fill_results(&run->results[a][r], a, r);
            if (fill_economics(&run->results[a][r], a, r) < 0) return -1;
        }
    }
    return 0;
}

int output_fixture_make(output_fixture *fx)
{
    fx->scenario = calloc(1, sizeof *fx->scenario);
    fx->run = calloc(1, sizeof *fx->run);
    if (!fx->scenario || !fx->run) {
        output_fixture_free(fx);
        return -1;
    }
    fill_scenario(fx->scenario);
    if (fill_resolved(fx->scenario) < 0 || fill_run(fx->run) < 0) {
        output_fixture_free(fx);
        return -1;
    }
    return 0;
}

void output_fixture_free(output_fixture *fx)
{
    if (fx->run && fx->run->results) {
        for (int a = 0; a < FIXTURE_ARMS; a++) {
            if (!fx->run->results[a]) continue;
            for (int r = 0; r < FIXTURE_REPS; r++) {
                spsim_economics_free(fx->run->results[a][r].economics);
                spsim_arm_results_free(&fx->run->results[a][r]);
            }
            free(fx->run->results[a]);
        }
        free(fx->run->results);
        free(fx->run->psa_values);
    }
    if (fx->scenario) {
        for (int a = 0; a < FIXTURE_ARMS; a++) free(fx->scenario->resolved[a]);
        free(fx->scenario->text);
    }
    free(fx->run);
    free(fx->scenario);
    fx->run = NULL;
    fx->scenario = NULL;
}

int fixture_fy_shape(int measure, hsize_t first, const char *first_name, int years, hsize_t *dims,
                     const char **scales)
{
    const spsim_fy_measure_info *info = &spsim_fy_measure_table[measure];
    int rank = 0;
    scales[rank] = first_name;
    dims[rank++] = first;
    scales[rank] = "financial_year";
    dims[rank++] = (hsize_t)years;
    if (info->by_view) {
        scales[rank] = "money_view";
        dims[rank++] = SPSIM_N_MONEY_VIEWS;
    }
    if (info->split != SPSIM_FY_WHOLE) {
        scales[rank] = info->split == SPSIM_FY_BY_SERVICE ? "service" : "cost_category";
        dims[rank++] = (hsize_t)spsim_fy_split_size(info->split);
    }
    return rank;
}
