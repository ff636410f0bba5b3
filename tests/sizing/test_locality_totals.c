/* The per-locality totals (results/locality_totals.h) against the county-wide ones.
 *
 * - two_places.yaml (a town with far too few link workers beside one with slots to spare, few
 *   community groups, people leaving the queue; one arm with slots kept apart, one pooled): in
 *   every arm and replication the per-locality counts (taken up, never connected) sum to the
 *   county totals exactly, and the per-locality mean waits weighted by their people
 *   (joined_queue, first_contacted) give the county-wide means to rounding (relative 1e-12:
 *   the same waits summed in another order). Everyone who takes up the offer joins their own
 *   locality's queue, so joined_queue equals taken_up locality by locality, pooled or not: a
 *   wait counted where the slot was, not where the person lives, would break it in the pooled
 *   arm, where people of the busy town start in the quiet town's slots.
 * - Pooling shortens the busy town's own waits and lengthens the quiet town's, in every
 *   replication (the queue is long enough in the busy town that chance cannot reverse it).
 * - In a one-locality scenario (minimal.yaml with 2 FTE, so people wait) every per-locality figure equals its county-wide
 *   total bit for bit: the same waits, the same bins, the same quantile rule.
 * - The file holds the figures in /arms/ARM/locality_totals, (replication, locality), as run. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "check.h"
#include "engine/runner.h"
#include "io/h5write.h"
#include "scenario/override.h"
#include "scenario/scenario.h"

static spsim_scenario *load(const char *path)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, path);
    spsim_scenario *s = spsim_scenario_load(path, &d);
    if (!s) spsim_diagnostics_print(&d, stderr);
    spsim_diagnostics_free(&d);
    return s;
}

static spsim_run *run_of(const spsim_scenario *s)
{
    spsim_run_options opt = {0};
    char err[512] = "";
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    CHECK(run != NULL, "%s runs (%s)", s->path, err);
    return run;
}

static double at(const spsim_arm_results *r, spsim_locality_total_id t, int l)
{
    return r->locality_totals[t][l];
}

static bool near_relative(double a, double b)
{
    return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

/* The county's mean from the localities' means, each weighted by its people. */
static double weighted_mean(const spsim_arm_results *r, spsim_locality_total_id mean,
                            spsim_locality_total_id people)
{
    double sum = 0, n = 0;
    for (int l = 0; l < r->n_localities; l++) {
        if (at(r, people, l) == 0) continue;
        sum += at(r, mean, l) * at(r, people, l);
        n += at(r, people, l);
    }
    return n > 0 ? sum / n : NAN;
}

static void check_adds_up(const spsim_arm_results *r, const char *arm, int rep)
{
    double taken_up = 0, never = 0;
    int own_queue = 0;
    for (int l = 0; l < r->n_localities; l++) {
        taken_up += at(r, SPSIM_LOCALITY_TAKEN_UP, l);
        never += at(r, SPSIM_LOCALITY_NEVER_CONNECTED, l);
        own_queue += at(r, SPSIM_LOCALITY_JOINED_QUEUE, l) == at(r, SPSIM_LOCALITY_TAKEN_UP, l);
    }
    const double *t = r->totals;
    CHECK(taken_up == t[SPSIM_TOTAL_TAKEN_UP] && never == t[SPSIM_TOTAL_NEVER_CONNECTED] &&
              never > 0,
          "%s, replication %d: taken up %g and never connected %g by locality sum to the "
          "county's %g and %g",
          arm, rep, taken_up, never, t[SPSIM_TOTAL_TAKEN_UP], t[SPSIM_TOTAL_NEVER_CONNECTED]);
    CHECK(own_queue == r->n_localities,
          "%s, replication %d: each locality's people joined its queue (joined_queue = taken_up)",
          arm, rep);
    double wait = weighted_mean(r, SPSIM_LOCALITY_WAIT_MEAN, SPSIM_LOCALITY_JOINED_QUEUE);
    double first =
        weighted_mean(r, SPSIM_LOCALITY_FIRST_CONTACT_WAIT_MEAN, SPSIM_LOCALITY_FIRST_CONTACTED);
    /* People do wait, so the weighted means check something; in the pooled arm the mean wait
     * is often under half a week (0.38 to 1.30 weeks in 40 replications), so no more is asked. */
    CHECK(near_relative(wait, t[SPSIM_TOTAL_WAIT_MEAN]) && t[SPSIM_TOTAL_WAIT_MEAN] > 0.0,
          "%s, replication %d: mean waits weighted by people give the county's %.15g weeks "
          "(%.15g)",
          arm, rep, t[SPSIM_TOTAL_WAIT_MEAN], wait);
    CHECK(near_relative(first, t[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN]),
          "%s, replication %d: first-contact waits weighted by people give the county's %.15g "
          "weeks (%.15g)",
          arm, rep, t[SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN], first);
}

/* Arm 0 keeps slots apart, arm 1 pools; locality 0 is busy, 1 quiet. */
static void check_pooling_moves_waits(const spsim_run *run)
{
    int busy_shorter = 0, quiet_longer = 0;
    for (int r = 0; r < run->n_replications; r++) {
        const spsim_arm_results *apart = &run->results[0][r], *pooled = &run->results[1][r];
        for (int m = SPSIM_LOCALITY_WAIT_MEAN; m <= SPSIM_LOCALITY_WAIT_P90; m++) {
            busy_shorter += at(pooled, (spsim_locality_total_id)m, 0) <
                            at(apart, (spsim_locality_total_id)m, 0);
            quiet_longer += at(pooled, (spsim_locality_total_id)m, 1) >
                            at(apart, (spsim_locality_total_id)m, 1);
        }
    }
    CHECK(busy_shorter == 2 * run->n_replications && quiet_longer == 2 * run->n_replications,
          "pooling shortens the busy town's mean and 90th-percentile waits (%d of %d) and "
          "lengthens the quiet town's (%d of %d)",
          busy_shorter, 2 * run->n_replications, quiet_longer, 2 * run->n_replications);
}

/* /arms/ARM/locality_totals/NAME as doubles, (replication, locality), or NULL. */
static double *read_dataset(hid_t f, const char *arm, const char *name, int n_rep, int n_loc)
{
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/locality_totals/%s", arm, name);
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    if (d < 0) return NULL;
    hid_t space = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    int rank = H5Sget_simple_extent_dims(space, dims, NULL);
    H5Sclose(space);
    double *x = NULL;
    if (rank == 2 && dims[0] == (hsize_t)n_rep && dims[1] == (hsize_t)n_loc) {
        x = malloc((size_t)n_rep * (size_t)n_loc * sizeof *x);
        if (x && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0) {
            free(x);
            x = NULL;
        }
    }
    H5Dclose(d);
    return x;
}

static bool same_value(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

static void check_file(const spsim_scenario *s, const spsim_run *run)
{
    char path[] = "/tmp/spsim_locality_totals_XXXXXX";
    int fd = mkstemp(path);
    if (!CHECK(fd >= 0, "a temporary file")) return;
    close(fd);
    char err[512] = "";
    if (CHECK(spsim_h5_write(path, s, run, err, sizeof err) == 0, "the run is written (%s)", err)) {
        hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
        for (int a = 0; a < run->n_arms && f >= 0; a++)
            for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++) {
                const char *name = spsim_locality_total_table[t].name;
                double *x =
                    read_dataset(f, s->arms[a].name, name, run->n_replications, run->n_localities);
                int same = 0;
                for (int r = 0; x && r < run->n_replications; r++)
                    for (int l = 0; l < run->n_localities; l++)
                        same += same_value(x[r * run->n_localities + l],
                                           run->results[a][r].locality_totals[t][l]);
                CHECK(same == run->n_replications * run->n_localities,
                      "/arms/%s/locality_totals/%s holds the run's figures (%d of %d)",
                      s->arms[a].name, name, same, run->n_replications * run->n_localities);
                free(x);
            }
        if (f >= 0) H5Fclose(f);
    }
    unlink(path);
}

static void check_two_places(void)
{
    spsim_scenario *s = load("tests/sizing/two_places.yaml");
    if (!CHECK(s != NULL && s->n_arms == 2, "two_places.yaml loads with two arms")) return;
    spsim_run *run = run_of(s);
    for (int a = 0; run && a < run->n_arms; a++)
        for (int r = 0; r < run->n_replications; r++)
            check_adds_up(&run->results[a][r], s->arms[a].name, r);
    if (run) check_pooling_moves_waits(run);
    if (run) check_file(s, run);
    spsim_run_free(run);
    spsim_scenario_free(s);
}

static void check_one_locality(void)
{
    spsim_scenario *base = load("scenarios/minimal.yaml");
    if (!CHECK(base != NULL, "minimal.yaml loads")) return;
    /* Too few link workers, so people wait and the 90th percentile is not 0. */
    spsim_override o = {"localities.town.link_workers.fte", "2"};
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, base->path);
    spsim_scenario *s = spsim_scenario_with_overrides(base, &o, 1, &d);
    spsim_diagnostics_free(&d);
    spsim_scenario_free(base);
    if (!CHECK(s != NULL, "minimal.yaml with 2 FTE")) return;
    spsim_run_options opt = {.replications = 4};
    char err[512] = "";
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    static const struct {
        spsim_locality_total_id local;
        spsim_total_id county;
    } pairs[] = {{SPSIM_LOCALITY_WAIT_MEAN, SPSIM_TOTAL_WAIT_MEAN},
                 {SPSIM_LOCALITY_WAIT_P90, SPSIM_TOTAL_WAIT_P90},
                 {SPSIM_LOCALITY_FIRST_CONTACT_WAIT_MEAN, SPSIM_TOTAL_FIRST_CONTACT_WAIT_MEAN},
                 {SPSIM_LOCALITY_TAKEN_UP, SPSIM_TOTAL_TAKEN_UP},
                 {SPSIM_LOCALITY_NEVER_CONNECTED, SPSIM_TOTAL_NEVER_CONNECTED}};
    int same = 0, positive_p90 = 0, n = 0;
    for (int r = 0; run && r < run->n_replications; r++) {
        const spsim_arm_results *x = &run->results[0][r];
        positive_p90 += x->totals[SPSIM_TOTAL_WAIT_P90] > 0;
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++, n++)
            same += x->locality_totals[pairs[i].local][0] == x->totals[pairs[i].county];
    }
    CHECK(run && same == n && positive_p90 > 0,
          "one locality: every per-locality figure is its county-wide total bit for bit (%d of "
          "%d; 90th percentile above 0 in %d replications)",
          same, n, positive_p90);
    spsim_run_free(run);
    spsim_scenario_free(s);
}

int main(void)
{
    check_two_places();
    check_one_locality();
    return spsim_check_finish();
}
