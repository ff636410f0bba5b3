/* Recruitment lag of link workers and builders (docs/model.md, sections 6 and 11): a post newly
 * funded or vacated at the tick of week w is filled at the tick of week w + L, with
 * L = recruitment_lag_weeks rounded up to whole weeks.
 *
 * The lag is deterministic in the model, so its distribution is a single point: the checks are
 * exact, with no standard error, and any change to L (a 10 % longer lag of 12 weeks is 14 whole
 * weeks) fails them.
 * - Process level (spsim_workforce): 400 posts with heavy attrition (a = 0.5), more posts funded
 *   in week 30, followed post by post for ten years: every vacancy, whenever it arises, lasts
 *   exactly L weeks (the distribution), so their mean is L; for lags of 12, 7.3 (8 whole weeks)
 *   and 0 (refilled within the week: no post is ever vacant at the end of a week).
 * - Whole run, from the output series: each week's hires are exactly the leavers of L weeks
 *   before, for link workers (lag 9) and builders (lag 5, leavers from their FTE in post and
 *   hires), and nobody is hired in between. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "processes/workforce.h"
#include "rate_check.h"
#include "../verification/queue_scenario.h"

enum {
    POSTS = 400,
    MORE_POSTS = 100,
    FUND_WEEK = 30,
    WEEKS = 522,
    MAX_LAG = 64
};

/* Vacancies seen, by how many weeks each lasted (the last bin: MAX_LAG or more). */
typedef struct {
    long by_weeks[MAX_LAG + 1];
    long n;
    double sum_weeks;
} vacancy_lengths;

typedef struct {
    bool filled;
    int started_week;
    int vacant_since;
} post_seen;

static void record_length(vacancy_lengths *v, int weeks)
{
    v->by_weeks[weeks < MAX_LAG ? weeks : MAX_LAG]++;
    v->n++;
    v->sum_weeks += weeks;
}

/* What happened to post i at the tick of `week`, told from its state before and after. */
static void follow_post(post_seen *seen, const spsim_post *now, int week, vacancy_lengths *v)
{
    if (seen->filled && now->filled && now->started_week != seen->started_week)
        record_length(v, 0); /* vacated and refilled at the same tick */
    else if (seen->filled && !now->filled)
        seen->vacant_since = week;
    else if (!seen->filled && now->filled)
        record_length(v, week - seen->vacant_since);
    seen->filled = now->filled;
    seen->started_week = now->started_week;
}

/* Follows every post for ten years; *ever_vacant counts week-ends with a vacant post. */
static vacancy_lengths simulate(double lag, long *ever_vacant)
{
    spsim_staff_plan plan = {.n_steps = 2,
                             .steps = {{0, POSTS}, {FUND_WEEK, POSTS + MORE_POSTS}},
                             .recruitment_lag_weeks = lag,
                             .attrition_per_year = 0.5,
                             .caseload_per_fte = 1,
                             .posts_filled_at_start = true};
    vacancy_lengths v = {0};
    post_seen seen[POSTS + MORE_POSTS];
    spsim_workforce w;
    gsl_rng *rng = rate_rng(303);
    *ever_vacant = 0;
    if (!CHECK(rng && spsim_workforce_init(&w, &plan) == 0, "workforce set up")) return v;
    for (int i = 0; i < w.n_posts; i++)
        seen[i] = (post_seen){.filled = true, .started_week = w.posts[i].started_week};
    for (int week = 1; week <= WEEKS; week++) {
        int known = w.n_posts;
        spsim_workforce_start_week(&w, week, rng);
        for (int i = known; i < w.n_posts; i++) /* newly funded: vacant from this tick */
            seen[i] = (post_seen){.filled = false, .vacant_since = week};
        for (int i = 0; i < w.n_posts; i++) follow_post(&seen[i], &w.posts[i], week, &v);
        *ever_vacant += lround(w.funded_fte - spsim_workforce_fte_in_post(&w)) > 0;
    }
    spsim_workforce_free(&w);
    gsl_rng_free(rng);
    return v;
}

static void check_process(double lag)
{
    long ever_vacant;
    vacancy_lengths v = simulate(lag, &ever_vacant);
    int whole = (int)ceil(lag);
    printf("lag %.1f: %ld vacancies filled, mean %.4f weeks, %ld of them in %d weeks\n", lag, v.n,
           v.n ? v.sum_weeks / v.n : NAN, v.by_weeks[whole], whole);
    CHECK(v.n > 1000, "lag %.1f: over 1,000 vacancies filled (%ld)", lag, v.n);
    CHECK(v.by_weeks[whole] == v.n, "lag %.1f: every vacancy lasts exactly %d weeks (%ld of %ld)",
          lag, whole, v.by_weeks[whole], v.n);
    CHECK_NEAR(v.sum_weeks / v.n, whole, 1e-12, "mean weeks from a vacancy to the post filled");
    if (whole == 0)
        CHECK(ever_vacant == 0, "lag 0: no post is vacant at the end of any week (%ld weeks)",
              ever_vacant);
}

/* Twenty years of 500 link-worker posts (lag 9) and 300 builder posts (lag 5), a = 0.3. */
static spsim_scenario *lag_scenario(void)
{
    spsim_scenario *s = queue_scenario(1.0, 1, 1.0, 1044, 1);
    spsim_locality *l = &s->arms[0].localities[0];
    l->link_workers = (spsim_staff_plan){.n_steps = 1,
                                         .steps = {{0, 500}},
                                         .recruitment_lag_weeks = 9,
                                         .attrition_per_year = 0.3,
                                         .caseload_per_fte = 1,
                                         .posts_filled_at_start = true};
    l->builders = (spsim_staff_plan){.n_steps = 1,
                                     .steps = {{0, 300}},
                                     .recruitment_lag_weeks = 5,
                                     .attrition_per_year = 0.3,
                                     .posts_filled_at_start = true};
    return s;
}

/* hires[w] == leavers[w - lag] for every week from the lag on, and no hires before it. */
static void check_hires_follow_leavers(const double *hires, const double *leavers, int weeks,
                                       int lag, const char *who)
{
    int wrong = 0;
    double total = 0;
    for (int w = 1; w < weeks; w++) {
        double expected = w >= lag ? leavers[w - lag] : 0.0;
        wrong += hires[w] != expected;
        total += hires[w];
    }
    printf("%s: %.0f hires, each %d weeks after a leaver\n", who, total, lag);
    CHECK(total > 1000, "%s: over 1,000 hires (%.0f)", who, total);
    CHECK(wrong == 0,
          "%s: each week's hires are the leavers of %d weeks before (%d weeks "
          "differ)",
          who, lag, wrong);
}

static void check_run(void)
{
    spsim_scenario *s = lag_scenario();
    spsim_run *r = rate_run(s);
    double *series = r ? calloc(4 * (size_t)r->n_weeks, sizeof *series) : NULL;
    if (!r || !CHECK(series != NULL, "memory for the series")) {
        spsim_run_free(r);
        free(s);
        return;
    }
    int n = r->n_weeks;
    double *lw_hires = series, *lw_leavers = series + n, *b_hires = series + 2 * n,
           *b_leavers = series + 3 * n;
    for (int w = 0; w < n; w++) {
        lw_hires[w] = rate_at(r, 0, SPSIM_SERIES_LW_HIRES, w);
        lw_leavers[w] = rate_at(r, 0, SPSIM_SERIES_LW_LEAVERS, w);
        b_hires[w] = rate_at(r, 0, SPSIM_SERIES_BUILDER_HIRES, w);
        if (w > 0)
            b_leavers[w] = rate_at(r, 0, SPSIM_SERIES_BUILDER_FTE_IN_POST, w - 1) -
                           rate_at(r, 0, SPSIM_SERIES_BUILDER_FTE_IN_POST, w) + b_hires[w];
    }
    const spsim_locality *l = &s->arms[0].localities[0];
    check_hires_follow_leavers(lw_hires, lw_leavers, n, (int)l->link_workers.recruitment_lag_weeks,
                               "link workers (run)");
    check_hires_follow_leavers(b_hires, b_leavers, n, (int)l->builders.recruitment_lag_weeks,
                               "builders (run)");
    free(series);
    spsim_run_free(r);
    free(s);
}

int main(void)
{
    check_process(12.0);
    check_process(7.3);
    check_process(0.0);
    check_run();
    return spsim_check_finish();
}
