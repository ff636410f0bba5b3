/* Paired comparisons of two arms on a synthetic case of 2 arms x 4 replications: differences
 * replication by replication, P(first better) in the direction of each figure (ties not better,
 * NaN left out, a break-even year never reached counted as later than any), the refusal of
 * arms over different financial years, and the incremental ratios per replication and of the
 * mean differences. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "economics/compare.h"

enum {
    REPS = 4,
    YEARS = 2
};

typedef struct {
    spsim_arm_results arms[2][REPS];
} two_arms;

/* Total cost: first arm 100, 200, 300, 400; second 150, 150, 300, 350: differences -50, 50, 0,
 * 50; the first is cheaper only in replication 0 (the tie is not better): P = 1/4.
 * WELLBYs: first 10, NaN, 30, 40; second 5, 20, 35, 30: P = 2/3 over the three with both.
 * Break-even year: first 2026, never, 2027, never; second never, 2026, 2028, never: first
 * better in 0 and 2, worse in 1, tied in 3 (never and never): P = 2/4.
 * Discounted total cost of year y: first 1000 r + y, second 10 r: difference 990 r + y. */
static const double cost[2][REPS] = {{100, 200, 300, 400}, {150, 150, 300, 350}};
static const double wellbys[2][REPS] = {{10, NAN, 30, 40}, {5, 20, 35, 30}};
static const double break_even[2][REPS] = {{2026, NAN, 2027, NAN}, {NAN, 2026, 2028, NAN}};

static int make(two_arms *x, int second_first_year)
{
    *x = (two_arms){0};
    for (int a = 0; a < 2; a++)
        for (int r = 0; r < REPS; r++) {
            struct spsim_economics *e =
                spsim_economics_alloc(a == 1 ? second_first_year : 2025, YEARS);
            if (!e) return -1;
            x->arms[a][r].economics = e;
            e->headlines[SPSIM_HEADLINE_TOTAL_COST] = cost[a][r];
            e->headlines[SPSIM_HEADLINE_WELLBYS] = wellbys[a][r];
            e->headlines[SPSIM_HEADLINE_BREAK_EVEN_YEAR] = break_even[a][r];
            e->headlines[SPSIM_HEADLINE_MEASURED_GP_REDUCTION] = 0.1 * (a + 1);
            for (int y = 0; y < YEARS; y++)
                *spsim_economics_at(e, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_DISCOUNTED, 0) =
                    a == 0 ? 1000.0 * r + y : 10.0 * r;
        }
    return 0;
}

static void release(two_arms *x)
{
    for (int a = 0; a < 2; a++)
        for (int r = 0; r < REPS; r++) spsim_economics_free(x->arms[a][r].economics);
}

static void test_differences(void)
{
    two_arms x;
    spsim_comparison c;
    if (!CHECK(make(&x, 2025) == 0, "synthetic arms") ||
        !CHECK(spsim_compare_arms(x.arms[0], x.arms[1], REPS, &c) == 0, "compared")) {
        release(&x);
        return;
    }
    const double cost_difference[REPS] = {-50, 50, 0, 50};
    int wrong = 0;
    for (int r = 0; r < REPS; r++) {
        wrong +=
            c.headlines[r * SPSIM_N_HEADLINES + SPSIM_HEADLINE_TOTAL_COST] != cost_difference[r];
        for (int y = 0; y < YEARS; y++)
            wrong += c.total_cost_by_year[r * YEARS + y] != 990.0 * r + y;
    }
    CHECK(wrong == 0, "differences first - second, by replication and year (%d wrong)", wrong);
    CHECK(isnan(c.headlines[1 * SPSIM_N_HEADLINES + SPSIM_HEADLINE_WELLBYS]),
          "a NaN on either side leaves a NaN difference");
    CHECK(c.headlines[0 * SPSIM_N_HEADLINES + SPSIM_HEADLINE_WELLBYS] == 5, "WELLBYs 10 - 5");
    CHECK(c.n_years == YEARS && c.first_year == 2025, "the arms' financial years");
    CHECK_NEAR(c.probability_first_better[SPSIM_HEADLINE_TOTAL_COST], 0.25, 1e-15,
               "cost: lower is better, a tie is not");
    CHECK_NEAR(c.probability_first_better[SPSIM_HEADLINE_WELLBYS], 2.0 / 3, 1e-15,
               "WELLBYs: higher is better, the NaN replication left out");
    CHECK_NEAR(c.probability_first_better[SPSIM_HEADLINE_BREAK_EVEN_YEAR], 0.5, 1e-15,
               "break-even: earlier is better, never is later than any year");
    CHECK(isnan(c.probability_first_better[SPSIM_HEADLINE_MEASURED_GP_REDUCTION]),
          "a measured reduction is neither better nor worse: NaN");
    CHECK(c.probability_first_better[SPSIM_HEADLINE_PEOPLE_SUPPORTED] == 0,
          "all equal (no one supported in either): never better");
    spsim_comparison_free(&c);
    release(&x);
}

/* The other way round, every preference reverses except ties. */
static void test_reversed(void)
{
    two_arms x;
    spsim_comparison c;
    if (make(&x, 2025) == 0 && spsim_compare_arms(x.arms[1], x.arms[0], REPS, &c) == 0) {
        CHECK_NEAR(c.probability_first_better[SPSIM_HEADLINE_TOTAL_COST], 0.5, 1e-15,
                   "second arm cheaper in two replications of four");
        CHECK_NEAR(c.probability_first_better[SPSIM_HEADLINE_WELLBYS], 1.0 / 3, 1e-15,
                   "second arm more WELLBYs in one of three");
        CHECK(c.headlines[SPSIM_HEADLINE_TOTAL_COST] == 50, "replication 0: 150 - 100");
        spsim_comparison_free(&c);
    } else {
        CHECK(false, "compared the other way round");
    }
    release(&x);
}

static void test_different_years_refused(void)
{
    two_arms x;
    spsim_comparison c;
    if (CHECK(make(&x, 2026) == 0, "synthetic arms"))
        CHECK(spsim_compare_arms(x.arms[0], x.arms[1], REPS, &c) == -1 && !c.headlines,
              "arms over different financial years are not compared");
    release(&x);
}

/* Incremental net cost per WELLBY. Net cost: first 1,000, 2,000, 3,000, 4,000, second 500
 * each; WELLBYs: first 10, 20, 30, 40, second 5, 10, 20, 20. Differences 500, 1,500, 2,500,
 * 3,500 over 5, 10, 10, 20: per replication 100, 150, 250, 175; the ratio of the mean
 * differences 8,000 / 45 = 177.8 (not the mean of the ratios, 168.75, nor the difference of the
 * arms' mean costs per WELLBY, 100 - 50 = 50). With the second arm's WELLBYs 20 in replication 1
 * and 50 in replication 3 the differences are 5, 0, 10, -10: replication 1 has no ratio, the
 * mean ratio is 8,000 / 5 = 1,600 and the denominator changes sign. Cost per person: real cost
 * of year 0, 1,000 (r + 1) against nothing, for 10 people against 0: 100 (r + 1). */
static int make_incremental(two_arms *x, const double second_wellbys[REPS])
{
    *x = (two_arms){0};
    for (int a = 0; a < 2; a++)
        for (int r = 0; r < REPS; r++) {
            struct spsim_economics *e = spsim_economics_alloc(2025, YEARS);
            if (!e) return -1;
            x->arms[a][r].economics = e;
            e->headlines[SPSIM_HEADLINE_NET_COST] = a == 0 ? 1000.0 * (r + 1) : 500.0;
            e->headlines[SPSIM_HEADLINE_WELLBYS] = a == 0 ? 10.0 * (r + 1) : second_wellbys[r];
            e->headlines[SPSIM_HEADLINE_PEOPLE_SUPPORTED] = a == 0 ? 10 : 0;
            *spsim_economics_at(e, SPSIM_FY_TOTAL_COST, 0, SPSIM_MONEY_REAL, 0) =
                a == 0 ? 1000.0 * (r + 1) : 0.0;
        }
    return 0;
}

static void test_incremental(void)
{
    const double wellbys_b[REPS] = {5, 10, 20, 20}, mixed_b[REPS] = {5, 20, 20, 50};
    const double per_rep[REPS] = {100, 150, 250, 175};
    const int k = SPSIM_INCREMENTAL_NET_COST_PER_WELLBY;
    two_arms x;
    spsim_comparison c;
    if (CHECK(make_incremental(&x, wellbys_b) == 0, "synthetic arms") &&
        CHECK(spsim_compare_arms(x.arms[0], x.arms[1], REPS, &c) == 0, "compared")) {
        int wrong = 0;
        for (int r = 0; r < REPS; r++)
            wrong += fabs(c.incremental[r * SPSIM_N_INCREMENTAL + k] - per_rep[r]) > 1e-12;
        CHECK(wrong == 0, "per replication: net cost difference / WELLBY difference (%d wrong)",
              wrong);
        CHECK_NEAR(c.incremental_of_means[k], 8000.0 / 45, 1e-12,
                   "ratio of the mean differences, 177.8");
        CHECK(c.denominator_keeps_sign[k], "WELLBYs higher in every replication");
        for (int r = 0; r < REPS; r++)
            CHECK_NEAR(c.incremental[r * SPSIM_N_INCREMENTAL +
                                     SPSIM_INCREMENTAL_COST_PER_PERSON_SUPPORTED],
                       100.0 * (r + 1), 1e-12, "real cost difference / people difference");
        spsim_comparison_free(&c);
    }
    release(&x);
    if (CHECK(make_incremental(&x, mixed_b) == 0, "synthetic arms") &&
        CHECK(spsim_compare_arms(x.arms[0], x.arms[1], REPS, &c) == 0, "compared")) {
        CHECK(isnan(c.incremental[1 * SPSIM_N_INCREMENTAL + k]), "equal WELLBYs: no ratio");
        CHECK_NEAR(c.incremental[3 * SPSIM_N_INCREMENTAL + k], -350, 1e-12, "fewer WELLBYs");
        CHECK_NEAR(c.incremental_of_means[k], 1600, 1e-12, "8,000 / 5");
        CHECK(!c.denominator_keeps_sign[k], "the WELLBY difference changes sign");
        spsim_comparison_free(&c);
    }
    release(&x);
}

int main(void)
{
    test_differences();
    test_reversed();
    test_different_years_refused();
    test_incremental();
    return spsim_check_finish();
}
