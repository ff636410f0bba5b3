/* The decision datasets of a real run: the default scenario cut to three years and ten
 * replications (the fewest EVPPI's straight line accepts), every arm valuing a WELLBY at 34,000
 * GBP, where the blanket and the quilt each win some replications (so the figures are not all 0
 * and 1). Written twice: as it is (chance alone, no EVPPI), and with three parameter columns
 * attached to the run and named, as the parameter draws will be. Each file must hold /decision
 * with units and dimension scales, and its acceptability, frontier and EVPI must agree with a
 * recomputation from the file's own per-replication WELLBYs and net cost (whose net monetary
 * benefit at 34,000 must be the file's headline net_monetary_benefit); EVPPI must agree with the
 * regression on the file's figures, be exactly 0 for a constant, at most EVPI for every key,
 * and equal EVPI for a key that is the quilt's own incremental net monetary benefit (knowing it
 * is knowing the answer: the do-nothing arm is never best at this price). */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "check.h"
#include "economics/decision.h"
#include "economics/economics.h"
#include "engine/runner.h"
#include "io/h5write.h"
#include "scenario/scenario.h"

enum {
    WEEKS = 156,
    REPS = 10,
    KEYS = 3,
    MAX_ARMS = 8
};
static const double price = 34000; /* GBP per WELLBY */
static const char *const key_names[KEYS] = {"quilt_advantage", "constant", "replication"};

/* A run's figures as the file holds them: per arm and replication. */
typedef struct {
    int n_arms;
    const char *arms[MAX_ARMS];
    double wellbys[REPS * MAX_ARMS], net_cost[REPS * MAX_ARMS]; /* [r * n_arms + a] */
} figures;

static double *read_all(hid_t f, const char *name, int rank, const hsize_t *dims)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (!CHECK(d >= 0, "%s exists", name)) return NULL;
    hid_t space = H5Dget_space(d);
    hsize_t got[2] = {0, 0};
    bool shape = H5Sget_simple_extent_ndims(space) == rank;
    H5Sget_simple_extent_dims(space, got, NULL);
    for (int i = 0; i < rank; i++) shape = shape && got[i] == dims[i];
    double *x = shape ? malloc((rank == 2 ? dims[0] * dims[1] : dims[0]) * sizeof *x) : NULL;
    CHECK(shape, "%s has the expected shape", name);
    if (x && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) < 0) {
        free(x);
        x = NULL;
    }
    H5Sclose(space);
    H5Dclose(d);
    return x;
}

static void attr_text(hid_t obj, const char *name, char *buf, size_t len)
{
    buf[0] = '\0';
    if (H5Aexists(obj, name) <= 0) return;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT), t = H5Aget_type(a);
    char *text = NULL;
    if (H5Tis_variable_str(t) > 0 && H5Aread(a, t, &text) >= 0) snprintf(buf, len, "%s", text);
    H5free_memory(text);
    H5Tclose(t);
    H5Aclose(a);
}

static double attr_number(hid_t f, const char *object, const char *name)
{
    double v = NAN;
    if (H5Aexists_by_name(f, object, name, H5P_DEFAULT) <= 0) return v;
    hid_t a = H5Aopen_by_name(f, object, name, H5P_DEFAULT, H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
    return v;
}

/* The path of the copy of dimension scale `name` in the group of dataset `path`: each group
 * carries the scales its datasets use, so netCDF readers label them (docs/output.md). */
static void local_scale_path(char *out, size_t len, const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path) : 0;
    snprintf(out, len, "%.*s/%s", dir, path, name[0] == '/' ? name + 1 : name);
}

/* Units and description present, and the dimension scales named. */
static void check_described(hid_t f, const char *name, const char *units, int rank,
                            const char *const *scales)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (!CHECK(d >= 0, "%s exists", name)) return;
    char text[1024];
    attr_text(d, "units", text, sizeof text);
    CHECK(strcmp(text, units) == 0, "%s units '%s', expected '%s'", name, text, units);
    attr_text(d, "description", text, sizeof text);
    CHECK(text[0] != '\0', "%s has a description", name);
    for (int i = 0; i < rank; i++) {
        char local[256];
        local_scale_path(local, sizeof local, name, scales[i]);
        hid_t scale = H5Dopen2(f, local, H5P_DEFAULT);
        CHECK(scale >= 0 && H5DSis_attached(d, scale, (unsigned)i) > 0,
              "%s dimension %d is the scale %s", name, i, local);
        if (scale >= 0) H5Dclose(scale);
    }
    H5Dclose(d);
}

static void read_figures(hid_t f, const spsim_scenario *s, figures *x)
{
    x->n_arms = s->n_arms;
    hsize_t dims[1] = {REPS};
    for (int a = 0; a < s->n_arms; a++) {
        char name[256];
        x->arms[a] = s->arms[a].name;
        const spsim_headline_id read[3] = {SPSIM_HEADLINE_WELLBYS, SPSIM_HEADLINE_NET_COST,
                                           SPSIM_HEADLINE_NET_MONETARY_BENEFIT};
        double *v[3];
        for (int k = 0; k < 3; k++) {
            snprintf(name, sizeof name, "/arms/%s/headlines/%s", x->arms[a],
                     spsim_headline_table[read[k]].name);
            v[k] = read_all(f, name, 1, dims);
        }
        for (int r = 0; r < REPS && v[0] && v[1] && v[2]; r++) {
            x->wellbys[r * s->n_arms + a] = v[0][r];
            x->net_cost[r * s->n_arms + a] = v[1][r];
            CHECK_NEAR(price * v[0][r] - v[1][r], v[2][r], 1e-9 * fabs(v[2][r]) + 1e-6,
                       "34,000 x WELLBYs - net cost is the headline net monetary benefit");
        }
        for (int k = 0; k < 3; k++) free(v[k]);
    }
}

/* At willingness to pay `wtp`, recomputed from the file's figures with the plain formula: the
 * share in which each arm is best (ties split), EVPI and the frontier arm. */
static void recompute(const figures *x, double wtp, double *share, double *evpi, int *frontier)
{
    int n = x->n_arms;
    double mean[MAX_ARMS] = {0}, sum_best = 0;
    for (int a = 0; a < n; a++) share[a] = 0;
    for (int r = 0; r < REPS; r++) {
        double nmb[MAX_ARMS], best = -INFINITY;
        int tied = 0;
        for (int a = 0; a < n; a++) {
            nmb[a] = wtp * x->wellbys[r * n + a] - x->net_cost[r * n + a];
            mean[a] += nmb[a] / REPS;
            best = fmax(best, nmb[a]);
        }
        for (int a = 0; a < n; a++) tied += nmb[a] == best;
        for (int a = 0; a < n; a++) share[a] += nmb[a] == best ? 1.0 / tied / REPS : 0;
        sum_best += best;
    }
    *frontier = 0;
    for (int a = 1; a < n; a++)
        if (mean[a] > mean[*frontier]) *frontier = a;
    *evpi = sum_best / REPS - mean[*frontier];
}

/* A dataset of n variable-length strings, into names. */
static void read_names(hid_t f, const char *dataset, int n_wtp, char names[][64])
{
    hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    char **text = calloc((size_t)n_wtp, sizeof *text);
    if (d >= 0 && text && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) >= 0)
        for (int i = 0; i < n_wtp; i++) {
            snprintf(names[i], 64, "%s", text[i] ? text[i] : "");
            H5free_memory(text[i]);
        }
    free(text);
    H5Tclose(t);
    if (d >= 0) H5Dclose(d);
}

/* Every point of the grid against the recomputation; returns the largest EVPI of the grid. */
static double check_grid(hid_t f, const figures *x, const double *wtp, int n_wtp)
{
    hsize_t curve[2] = {(hsize_t)n_wtp, (hsize_t)x->n_arms}, line[1] = {(hsize_t)n_wtp};
    double *ceac = read_all(f, "/decision/ceac", 2, curve);
    double *evpi = read_all(f, "/decision/evpi_gbp", 1, line);
    char(*frontier)[64] = calloc((size_t)n_wtp, sizeof *frontier);
    double largest = 0;
    int differ = 0;
    if (ceac && evpi && frontier) {
        read_names(f, "/decision/frontier_arm", n_wtp, frontier);
        for (int i = 0; i < n_wtp; i++) {
            double share[MAX_ARMS], e;
            int best;
            recompute(x, wtp[i], share, &e, &best);
            for (int a = 0; a < x->n_arms; a++)
                differ += fabs(ceac[i * x->n_arms + a] - share[a]) > 1e-12;
            /* absolute against incremental figures: rounding of a few 1e-16 of 1e8 GBP */
            differ += fabs(evpi[i] - e) > 1e-3;
            differ += strcmp(frontier[i], x->arms[best]) != 0;
            largest = fmax(largest, evpi[i]);
        }
    }
    CHECK(differ == 0,
          "acceptability, EVPI and frontier agree with the recomputation at all %d "
          "points (%d differ)",
          n_wtp, differ);
    free(frontier);
    free(ceac);
    free(evpi);
    return largest;
}

/* The layout and context of /decision; returns the grid (caller frees) and its index. */
static double *check_layout(hid_t f, const figures *x, bool psa, int *n_wtp, int *at)
{
    char text[128];
    hid_t g = H5Gopen2(f, "/decision", H5P_DEFAULT);
    if (!CHECK(g >= 0, "the file has /decision")) return NULL;
    attr_text(g, "uncertainty", text, sizeof text);
    CHECK(strcmp(text, psa ? "parameter uncertainty and chance" : "chance alone") == 0,
          "uncertainty '%s'", text);
    H5Gclose(g);
    CHECK(attr_number(f, "/decision/ceac", "includes_parameter_uncertainty") == (psa ? 1 : 0),
          "the curve says whether parameter uncertainty is in it");
    CHECK(attr_number(f, "/decision", "wtp_gbp_per_wellby") == price, "the scenario's price");
    CHECK(attr_number(f, "/decision", "replications_used") == REPS, "every replication used");
    *at = (int)attr_number(f, "/decision", "scenario_wtp_index");
    double grid[SPSIM_WTP_GRID_MAX_POINTS];
    int want_at;
    *n_wtp = spsim_wtp_grid(price, grid, &want_at);
    CHECK(*at == want_at, "the scenario's point is %d (file %d)", want_at, *at);
    hsize_t dims[1] = {(hsize_t)*n_wtp};
    double *wtp = read_all(f, "/wtp_gbp_per_wellby", 1, dims);
    for (int i = 0; wtp && i < *n_wtp; i++)
        CHECK(wtp[i] == grid[i], "grid point %d: %g", i, wtp[i]);
    char arms[MAX_ARMS][64] = {{0}};
    read_names(f, "/arm", x->n_arms, arms);
    for (int a = 0; a < x->n_arms; a++)
        CHECK(strcmp(arms[a], x->arms[a]) == 0, "arm %d is %s (file %s)", a, x->arms[a], arms[a]);
    const char *curve_scales[] = {"/wtp_gbp_per_wellby", "/arm"};
    check_described(f, "/wtp_gbp_per_wellby", "GBP per WELLBY", 0, NULL);
    check_described(f, "/decision/ceac", "share of replications", 2, curve_scales);
    check_described(f, "/decision/evpi_gbp", "GBP", 1, curve_scales);
    check_described(f, "/decision/frontier_arm", "arm", 1, curve_scales);
    return wtp;
}

/* EVPPI of each key against the regression on the file's own figures and the test's draws. */
static void check_evppi(hid_t f, const figures *x, const double *psa, double evpi)
{
    const char *key_scale[] = {"/psa_key"};
    check_described(f, "/decision/evppi_gbp", "GBP", 1, key_scale);
    hsize_t dims[1] = {KEYS};
    double *evppi = read_all(f, "/decision/evppi_gbp", 1, dims);
    double nmb[REPS * MAX_ARMS];
    spsim_incremental_nmb(x->wellbys, x->net_cost, REPS, x->n_arms, price, nmb);
    CHECK_NEAR(attr_number(f, "/decision/evppi_gbp", "evpi_gbp"), evpi, 1e-6 * evpi, "EVPI kept");
    for (int k = 0; evppi && k < KEYS; k++) {
        spsim_evppi_result want;
        spsim_evppi_regression(nmb, REPS, x->n_arms, psa, KEYS, &k, 1, evpi, &want);
        CHECK_NEAR(evppi[k], want.evppi_gbp, 1e-6 * evpi, key_names[k]);
        CHECK(evppi[k] <= evpi, "EVPPI of %s %g <= EVPI %g", key_names[k], evppi[k], evpi);
    }
    if (evppi) {
        CHECK(evppi[1] == 0.0, "a constant is worth nothing (got %g)", evppi[1]);
        CHECK_NEAR(evppi[0], evpi, 1e-6 * evpi, "knowing the quilt's advantage is knowing all");
    }
    free(evppi);
}

static void check_file(const char *path, const spsim_scenario *s, const double *psa)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (!CHECK(f >= 0, "open %s", path)) return;
    figures x;
    read_figures(f, s, &x);
    int n_wtp = 0, at = 0;
    double *wtp = check_layout(f, &x, psa != NULL, &n_wtp, &at);
    if (wtp) {
        double largest = check_grid(f, &x, wtp, n_wtp);
        CHECK(largest > 0, "the grid has a point where the winner swaps (largest EVPI %g)",
              largest);
        double evpi = attr_number(f, "/decision/evpi_gbp", "evpi_at_scenario_wtp_gbp");
        CHECK(evpi > 0,
              "at 34,000 GBP per WELLBY the winner swaps (EVPI %g GBP); if a change to "
              "the model moved that, choose a price where it does",
              evpi);
        if (psa)
            check_evppi(f, &x, psa, evpi);
        else
            CHECK(H5Lexists(f, "/decision/evppi_gbp", H5P_DEFAULT) == 0, "no EVPPI, no draws");
    }
    free(wtp);
    H5Fclose(f);
}

/* Parameter columns: the quilt's net monetary benefit over the blanket's at 34,000, a constant,
 * and the replication's number. */
static double *parameters(const spsim_scenario *s, const spsim_run *run)
{
    int quilt = -1;
    for (int a = 0; a < s->n_arms; a++)
        if (strcmp(s->arms[a].name, "quilt") == 0) quilt = a;
    double *p = malloc(REPS * KEYS * sizeof *p);
    if (!CHECK(quilt > 0 && p, "the default scenario has a quilt after the blanket")) {
        free(p);
        return NULL;
    }
    for (int r = 0; r < REPS; r++) {
        const double *q = run->results[quilt][r].economics->headlines;
        const double *b = run->results[0][r].economics->headlines;
        p[r * KEYS] =
            spsim_net_monetary_benefit(price, q[SPSIM_HEADLINE_WELLBYS] - b[SPSIM_HEADLINE_WELLBYS],
                                       q[SPSIM_HEADLINE_NET_COST] - b[SPSIM_HEADLINE_NET_COST]);
        p[r * KEYS + 1] = 7.0;
        p[r * KEYS + 2] = r;
    }
    return p;
}

int main(void)
{
    spsim_scenario *s = spsim_scenario_load_reporting("scenarios/somerset.yaml", stderr);
    if (!CHECK(s != NULL && s->n_arms <= MAX_ARMS, "the default scenario loads"))
        return spsim_check_finish();
    s->n_weeks = WEEKS;
    s->replications = REPS;
    for (int a = 0; a < s->n_arms; a++)
        s->arms[a].economics.willingness_to_pay_per_wellby_gbp = price;
    char err[512] = "", dir[] = "/tmp/spsim-decision-XXXXXX", path[600];
    spsim_run_options opt = {.threads = 2};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    if (CHECK(run != NULL, "run: %s", err) && CHECK(mkdtemp(dir) != NULL, "temporary directory")) {
        snprintf(path, sizeof path, "%s/chance.h5", dir);
        if (CHECK(spsim_h5_write(path, s, run, err, sizeof err) == 0, "write: %s", err))
            check_file(path, s, NULL);
        remove(path);
        run->psa_values = parameters(s, run);
        run->n_psa_keys = run->psa_values ? KEYS : 0;
        snprintf(path, sizeof path, "%s/psa.h5", dir);
        if (run->psa_values &&
            CHECK(spsim_h5_write_psa(path, s, run, key_names, err, sizeof err) == 0, "write: %s",
                  err))
            check_file(path, s, run->psa_values);
        remove(path);
        rmdir(dir);
    }
    spsim_run_free(run);
    spsim_scenario_free(s);
    return spsim_check_finish();
}
