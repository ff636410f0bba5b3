/* Paired comparisons of two arms on a synthetic case of 2 arms x 4 replications: differences
 * replication by replication, P(first better) in the direction of each figure (ties not better,
 * NaN left out, a break-even year never reached counted as later than any), and the refusal of
 * arms over different financial years. */
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

int main(void)
{
    test_differences();
    test_reversed();
    test_different_years_refused();
    return spsim_check_finish();
}
