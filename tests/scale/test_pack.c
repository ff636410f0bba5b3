/* A replication's results survive packing into one array of doubles and unpacking (what MPI
 * ranks send to the writing rank): every value, NaN included, comes back bit for bit, and the
 * packed size counts every double of every buffer. So do its figures alone (what ranks share
 * when they need a replication's figures but not its series), into results that hold no weekly
 * series, and its money, which a rank without the series cannot reckon again. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "economics/economics_pack.h"
#include "results/pack.h"

static size_t buffer_doubles(int weeks, int localities)
{
    size_t cells = (size_t)weeks * (size_t)localities, n = 0;
    n += SPSIM_N_SERIES * cells;
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++)
        n += cells * (size_t)spsim_category_table[spsim_breakdown_table[b].category].n;
    n += SPSIM_N_REDUCTION_MEASURES * (size_t)localities * SPSIM_N_SERVICES;
    n += SPSIM_N_LOCALITY_TOTALS * (size_t)localities;
    return n;
}

/* A distinct value for the k-th double filled, with a NaN now and then (the series use NaN for
 * "no one started this week"). */
static double value(size_t k)
{
    return k % 97 == 0 ? NAN : 0.5 + (double)k * 1.25;
}

static size_t fill(spsim_arm_results *r)
{
    size_t k = 0, cells = (size_t)r->n_weeks * (size_t)r->n_localities;
    for (int s = 0; s < SPSIM_N_SERIES; s++)
        for (size_t i = 0; i < cells; i++) r->series[s][i] = value(k++);
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        size_t n = cells * (size_t)spsim_category_table[spsim_breakdown_table[b].category].n;
        for (size_t i = 0; i < n; i++) r->breakdowns[b][i] = value(k++);
    }
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++)
        for (size_t i = 0; i < (size_t)r->n_localities * SPSIM_N_SERVICES; i++)
            r->reductions[m][i] = value(k++);
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++)
        for (int l = 0; l < r->n_localities; l++) r->locality_totals[t][l] = value(k++);
    for (int t = 0; t < SPSIM_N_TOTALS; t++) r->totals[t] = value(k++);
    r->engine_peak_bytes = 123456789;
    r->engine_peak_people = 4990;
    return k;
}

static bool same_bits(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

/* The figures: every reduction, per-locality total, total and peak, into results whose weekly
 * series were released (they stay NULL: nothing is written there). */
static void check_figures(const spsim_arm_results *sent, int weeks, int localities)
{
    spsim_arm_results got;
    CHECK(spsim_arm_results_init(&got, weeks, localities) == 0, "allocate the figures' receiver");
    spsim_arm_results_release_weekly(&got);
    size_t n = spsim_arm_figures_packed_size(localities);
    size_t weekly = buffer_doubles(weeks, localities) -
                    SPSIM_N_REDUCTION_MEASURES * (size_t)localities * SPSIM_N_SERVICES -
                    SPSIM_N_LOCALITY_TOTALS * (size_t)localities;
    CHECK(n + weekly == spsim_arm_results_packed_size(weeks, localities),
          "the figures (%zu doubles) are the packed form less its weekly series", n);
    double *packed = malloc(n * sizeof *packed);
    spsim_arm_figures_pack(sent, packed);
    spsim_arm_figures_unpack(&got, packed);
    bool same = same_bits(sent->totals, got.totals, SPSIM_N_TOTALS);
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++)
        same &= same_bits(sent->reductions[m], got.reductions[m],
                          (size_t)localities * SPSIM_N_SERVICES);
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++)
        same &= same_bits(sent->locality_totals[t], got.locality_totals[t], (size_t)localities);
    CHECK(same, "every reduction, per-locality total and total comes back bit for bit");
    CHECK(got.engine_peak_bytes == sent->engine_peak_bytes &&
              got.engine_peak_people == sent->engine_peak_people,
          "the engine's peaks come back with the figures");
    CHECK(got.series[0] == NULL && got.breakdowns[0] == NULL, "no weekly series is made");
    free(packed);
    spsim_arm_results_free(&got);
}

/* Money of three financial years: every measure by year and every headline. */
static void check_money(void)
{
    struct spsim_economics *sent = spsim_economics_alloc(2025, 3);
    CHECK(sent != NULL, "allocate the money");
    size_t k = 0, values = 0;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) {
        size_t n = 3 * (size_t)spsim_fy_measure_per_year(m);
        for (size_t i = 0; i < n; i++) sent->fy[m][i] = value(k++);
        values += n;
    }
    for (int h = 0; h < SPSIM_N_HEADLINES; h++) sent->headlines[h] = value(k++);
    double *packed = malloc((values + SPSIM_N_HEADLINES + 2) * sizeof *packed);
    spsim_economics_pack(sent, packed);
    struct spsim_economics *got = spsim_economics_unpack(packed);
    CHECK(got && got->first_year == 2025 && got->n_years == 3,
          "the financial years come back (first %d, %d years)", got ? got->first_year : 0,
          got ? got->n_years : 0);
    bool same = got != NULL;
    for (int m = 0; same && m < SPSIM_N_FY_MEASURES; m++)
        same = same_bits(sent->fy[m], got->fy[m], 3 * (size_t)spsim_fy_measure_per_year(m));
    CHECK(same, "every measure by financial year comes back bit for bit");
    CHECK(got && same_bits(sent->headlines, got->headlines, SPSIM_N_HEADLINES),
          "every headline comes back bit for bit");
    free(packed);
    spsim_economics_free(sent);
    spsim_economics_free(got);
}

int main(void)
{
    const int weeks = 9, localities = 3;
    spsim_arm_results sent, received;
    CHECK(spsim_arm_results_init(&sent, weeks, localities) == 0, "allocate the sent results");
    CHECK(spsim_arm_results_init(&received, weeks, localities) == 0, "allocate the received");
    size_t filled = fill(&sent);
    size_t n = spsim_arm_results_packed_size(weeks, localities);
    CHECK(n == buffer_doubles(weeks, localities) + SPSIM_N_TOTALS + 2,
          "packed size %zu counts every buffer, the totals and the two peaks", n);
    CHECK(filled + 2 == n, "every double filled is packed (%zu + 2 peaks vs %zu)", filled, n);
    double *packed = malloc(n * sizeof *packed);
    spsim_arm_results_pack(&sent, packed);
    spsim_arm_results_unpack(&received, packed);
    size_t cells = (size_t)weeks * localities;
    bool series_ok = true, breakdowns_ok = true, reductions_ok = true;
    for (int s = 0; s < SPSIM_N_SERIES; s++)
        series_ok &= same_bits(sent.series[s], received.series[s], cells);
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++)
        breakdowns_ok &=
            same_bits(sent.breakdowns[b], received.breakdowns[b],
                      cells * (size_t)spsim_category_table[spsim_breakdown_table[b].category].n);
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++)
        reductions_ok &= same_bits(sent.reductions[m], received.reductions[m],
                                   (size_t)localities * SPSIM_N_SERVICES);
    CHECK(series_ok, "every weekly series comes back bit for bit");
    CHECK(breakdowns_ok, "every breakdown comes back bit for bit");
    CHECK(reductions_ok, "every reduction measure comes back bit for bit");
    bool locality_ok = true;
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++)
        locality_ok &=
            same_bits(sent.locality_totals[t], received.locality_totals[t], (size_t)localities);
    CHECK(locality_ok, "every per-locality total comes back bit for bit");
    CHECK(same_bits(sent.totals, received.totals, SPSIM_N_TOTALS), "the totals come back");
    CHECK(received.engine_peak_bytes == 123456789 && received.engine_peak_people == 4990,
          "the engine's peaks come back (%zu bytes, %zu people)", received.engine_peak_bytes,
          received.engine_peak_people);
    free(packed);
    check_figures(&sent, weeks, localities);
    check_money();
    spsim_arm_results_free(&sent);
    spsim_arm_results_free(&received);
    return spsim_check_finish();
}
