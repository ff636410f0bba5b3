/* `spsim run --precision 0.15` on tests/cli/precision_two_arms.yaml: every headline of every arm
 * in the written file meets the criterion of engine/precision.h, recomputed here from the file's
 * per-replication values (/arms/<arm>/headlines/<name>) with GSL's t quantile, and with one
 * replication fewer at least one does not (the count is the first that meets it, not merely one
 * that does). The file's root records the precision and the widest headline, whose half-width
 * matches the one recomputed.
 *
 * The count is fixed by the scenario's seed, so the test is not flaky; the recomputation is the
 * same arithmetic in another order, so half-widths agree to 1e-9 of their value. It can fail: a
 * file holding the replications run beyond the count, a half-width from the normal quantile
 * instead of t, or targets not taken from the largest mean across the arms each break a check.
 * Usage: output_precision_file PATH_TO_SPSIM */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <hdf5.h>

#include "check.h"
#include "economics/economics.h"
#include "engine/precision.h"

enum {
    ARMS = 2,
    MAX_REPS = 1000
};
static const char *const arm_names[ARMS] = {"five", "four"};
static const double precision = 0.15;

static double root_double(hid_t f, const char *name)
{
    double v = NAN;
    if (H5Aexists(f, name) <= 0) return v;
    hid_t a = H5Aopen(f, name, H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
    return v;
}

static bool read_headline(hid_t f, int arm, int h, int reps, double *x)
{
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/headlines/%s", arm_names[arm],
             spsim_headline_table[h].name);
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    if (!CHECK(d >= 0, "%s exists", path)) return false;
    hid_t space = H5Dget_space(d);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, NULL);
    bool ok = CHECK(n == (hsize_t)reps, "%s holds %d replications", path, reps) &&
              H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0;
    H5Sclose(space);
    H5Dclose(d);
    return ok;
}

typedef struct {
    int m; /* replications with a number */
    double mean, half_width;
} interval;

/* The t-based 95 % half-width of the mean of x[0..n-1], NaNs left out. */
static interval describe(const double *x, int n)
{
    interval v = {0, NAN, NAN};
    double sum = 0.0, squares = 0.0;
    for (int r = 0; r < n; r++)
        if (!isnan(x[r])) sum += x[r], v.m++;
    if (v.m < 2) return v;
    v.mean = sum / v.m;
    for (int r = 0; r < n; r++)
        if (!isnan(x[r])) squares += (x[r] - v.mean) * (x[r] - v.mean);
    v.half_width = gsl_cdf_tdist_Pinv(0.975, v.m - 1) * sqrt(squares / (v.m - 1) / v.m);
    return v;
}

/* How many (arm, headline) miss their target over the first n replications; the largest
 * half-width / target goes to *widest. */
static int misses(double values[ARMS][SPSIM_N_HEADLINES][MAX_REPS], int n, double *widest)
{
    int missed = 0;
    *widest = 0.0;
    for (int h = 0; h < SPSIM_N_HEADLINES; h++) {
        if (h == SPSIM_HEADLINE_BREAK_EVEN_YEAR || h == SPSIM_HEADLINE_WELLBEING_VALUE) continue;
        interval v[ARMS];
        double scale = 0.0;
        for (int a = 0; a < ARMS; a++) {
            v[a] = describe(values[a][h], n);
            if (v[a].m >= 2) scale = fmax(scale, fabs(v[a].mean));
        }
        for (int a = 0; a < ARMS; a++) {
            if (v[a].m < 2) continue;
            double target = fmax(fmax(precision * fabs(v[a].mean), precision * 0.1 * scale),
                                 spsim_precision_resolution(h));
            if (v[a].half_width > target) missed++;
            *widest = fmax(*widest, v[a].half_width / target);
        }
    }
    return missed;
}

int main(int argc, char **argv)
{
    if (argc != 2) return fprintf(stderr, "usage: %s PATH_TO_SPSIM\n", argv[0]), 2;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* a missing dataset is a failed check, not a trace */
    char dir[] = "/tmp/spsim_precision_XXXXXX", out[64], command[1024];
    if (!mkdtemp(dir)) return perror("mkdtemp"), 1;
    snprintf(out, sizeof out, "%s/run.h5", dir);
    snprintf(command, sizeof command,
             "%s run tests/cli/precision_two_arms.yaml --precision %g -q -j 2 -o %s", argv[1],
             precision, out);
    CHECK(system(command) == 0, "%s", command);
    hid_t f = H5Fopen(out, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (!CHECK(f >= 0, "open %s", out)) return rmdir(dir), spsim_check_finish();
    int reps = (int)root_double(f, "replications");
    CHECK(reps > SPSIM_PRECISION_PILOT && reps <= MAX_REPS,
          "the run went beyond the pilot of %d (got %d)", SPSIM_PRECISION_PILOT, reps);
    CHECK(root_double(f, "precision") == precision, "root attribute precision");
    CHECK(root_double(f, "precision_replications") == reps, "root precision_replications");
    static double values[ARMS][SPSIM_N_HEADLINES][MAX_REPS];
    for (int a = 0; a < ARMS; a++)
        for (int h = 0; h < SPSIM_N_HEADLINES && reps <= MAX_REPS; h++)
            read_headline(f, a, h, reps, values[a][h]);
    double widest = 0.0, widest_before = 0.0;
    int missed = misses(values, reps, &widest);
    CHECK(missed == 0, "every headline meets its target at %d replications (%d miss)", reps,
          missed);
    CHECK(misses(values, reps - 1, &widest_before) > 0,
          "with %d replications at least one misses (the count is the first that meets all)",
          reps - 1);
    double recorded =
        root_double(f, "precision_widest_half_width") / root_double(f, "precision_widest_target");
    CHECK_NEAR(recorded, widest, 1e-9 * widest, "the widest half-width / target recorded");
    H5Fclose(f);
    remove(out);
    rmdir(dir);
    return spsim_check_finish();
}
