/* The HDF5 writer: the file read back with the HDF5 C API holds the documented layout, the exact
 * values, units and descriptions, the dimension scales (one per breakdown category, and those of
 * money), the summaries of series and breakdowns, the money by financial year, the headline
 * figures and the reductions, and the paired comparisons of the arms; failures leave no partial
 * file and never touch an existing one. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "check.h"
#include "economics/compare.h"
#include "fixture.h"
#include "economics/economics.h"
#include "io/h5write.h"
#include "results/series.h"
#include "results/statistics.h"

static const char *const arm_names[FIXTURE_ARMS] = {"blanket", "quilt"};

/* ---- reading back ---- */

/* A variable-length string attribute, or "" (and a failed check) when absent or not one. */
static void attr_string(hid_t obj, const char *where, const char *name, char *buf, size_t len)
{
    buf[0] = '\0';
    if (!CHECK(H5Aexists(obj, name) > 0, "%s has attribute %s", where, name)) return;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    if (CHECK(H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) > 0,
              "%s attribute %s is a variable-length string", where, name)) {
        char *text = NULL;
        if (CHECK(H5Aread(a, t, &text) >= 0, "read %s of %s", name, where))
            snprintf(buf, len, "%s", text);
        H5free_memory(text);
    }
    H5Tclose(t);
    H5Aclose(a);
}

static void check_attr_string(hid_t obj, const char *where, const char *name, const char *want)
{
    char got[512];
    attr_string(obj, where, name, got, sizeof got);
    CHECK(strcmp(got, want) == 0, "%s attribute %s is '%s', expected '%s'", where, name, got, want);
}

static double attr_number(hid_t obj, const char *name, hid_t want_type)
{
    double v = NAN;
    if (!CHECK(H5Aexists(obj, name) > 0, "root has attribute %s", name)) return v;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    CHECK(H5Tequal(t, want_type) > 0, "attribute %s has the documented type", name);
    H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    H5Tclose(t);
    H5Aclose(a);
    return v;
}

/* Opens dataset `path`, checking its rank, shape and type (integer of 4 or float of 8 bytes). */
static hid_t open_checked(hid_t f, const char *path, int rank, const hsize_t *dims, bool is_int)
{
    if (!CHECK(H5Lexists(f, path, H5P_DEFAULT) > 0, "dataset %s exists", path)) return -1;
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    hid_t space = H5Dget_space(d);
    hsize_t got[4] = {0};
    int got_rank = H5Sget_simple_extent_dims(space, got, NULL);
    bool same = got_rank == rank;
    for (int i = 0; same && i < rank; i++) same = got[i] == dims[i];
    CHECK(same, "%s has the documented shape", path);
    hid_t t = H5Dget_type(d);
    if (is_int)
        CHECK(H5Tequal(t, H5T_STD_I32LE) > 0, "%s is a 32-bit integer", path);
    else
        CHECK(H5Tequal(t, H5T_IEEE_F64LE) > 0, "%s is a 64-bit float", path);
    H5Tclose(t);
    H5Sclose(space);
    return d;
}

static void check_meta(hid_t d, const char *path, const spsim_series_info *info)
{
    check_attr_string(d, path, "units", info->units);
    check_attr_string(d, path, "description", info->description);
}

/* The path of the copy of dimension scale `name` in the group of dataset `path`: each group
 * carries the scales its datasets use, so netCDF readers label them (docs/output.md). */
static void local_scale_path(char *out, size_t len, const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path) : 0;
    snprintf(out, len, "%.*s/%s", dir, path, name[0] == '/' ? name + 1 : name);
}

static void check_scales(hid_t f, hid_t d, const char *path, int rank, const char *const *dims)
{
    for (int i = 0; i < rank; i++) {
        char scale_path[256];
        local_scale_path(scale_path, sizeof scale_path, path, dims[i]);
        hid_t s = H5Dopen2(f, scale_path, H5P_DEFAULT);
        CHECK(s >= 0 && H5DSis_attached(d, s, (unsigned)i) > 0,
              "dimension %d of %s has scale %s attached", i, path, scale_path);
        if (s >= 0) H5Dclose(s);
    }
}

/* Chunked one replication (or statistic) at a time, (1, dims[1], ...), shuffled and deflated. */
static void check_chunking(hid_t d, const char *path, int rank, const hsize_t *dims)
{
    hid_t dcpl = H5Dget_create_plist(d);
    hsize_t chunk[4] = {0};
    bool same = H5Pget_chunk(dcpl, rank, chunk) == rank && chunk[0] == 1;
    for (int i = 1; same && i < rank; i++) same = chunk[i] == dims[i];
    CHECK(same, "%s is chunked one slice of its first dimension at a time", path);
    CHECK(H5Pget_nfilters(dcpl) == 2, "%s has the shuffle and deflate filters", path);
    H5Pclose(dcpl);
}

static double *read_all(hid_t d, size_t n)
{
    double *x = malloc(n * sizeof *x);
    if (!CHECK(x && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0,
               "dataset read")) {
        free(x);
        return NULL;
    }
    return x;
}

static bool same_value(double got, double want)
{
    return isnan(want) ? isnan(got) : got == want;
}

/* ---- the layout ---- */

/* The scenario text is a scalar string dataset, out of the way of the attributes ncdump -h shows. */
static void check_scenario_text(hid_t f, const char *want)
{
    CHECK(H5Aexists(f, "scenario_text") == 0, "scenario_text is no longer a root attribute");
    hid_t d = H5Lexists(f, "/scenario_text", H5P_DEFAULT) > 0
                  ? H5Dopen2(f, "/scenario_text", H5P_DEFAULT)
                  : -1;
    if (!CHECK(d >= 0, "/scenario_text exists")) return;
    hid_t t = H5Dget_type(d);
    char *text = NULL;
    CHECK(H5Tis_variable_str(t) > 0 && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) >= 0 &&
              text && strcmp(text, want) == 0,
          "/scenario_text holds the scenario file");
    H5free_memory(text);
    H5Tclose(t);
    H5Dclose(d);
}

static void check_root(hid_t f, const output_fixture *fx)
{
    check_attr_string(f, "/", "title", "spsim results for scenario fixture");
    check_attr_string(f, "/", "scenario_name", "fixture");
    check_attr_string(f, "/", "scenario_path", "tests/output/fixture.yaml");
    check_attr_string(f, "/", "Conventions", "CF-1.10");
    check_scenario_text(f, fx->scenario->text);
    check_attr_string(f, "/", "spsim_version", SPSIM_VERSION);
    check_attr_string(f, "/", "start_date", "2025-04-01");
    check_attr_string(f, "/", "arms", "blanket,quilt");
    char created[64];
    attr_string(f, "/", "created", created, sizeof created);
    regex_t iso;
    regcomp(&iso, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", REG_EXTENDED);
    CHECK(regexec(&iso, created, 0, NULL, 0) == 0, "created '%s' is ISO 8601 UTC", created);
    regfree(&iso);
    CHECK(attr_number(f, "replications", H5T_STD_I32LE) == FIXTURE_REPS, "replications");
    CHECK(attr_number(f, "weeks", H5T_STD_I32LE) == FIXTURE_WEEKS, "weeks");
    CHECK(attr_number(f, "horizon_years", H5T_IEEE_F64LE) == 0.1, "horizon_years");
    uint64_t seed = 0;
    attr_number(f, "seed", H5T_STD_U64LE);
    hid_t a = H5Aopen(f, "seed", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_UINT64, &seed);
    H5Aclose(a);
    CHECK(seed == FIXTURE_SEED, "seed %llu read back exactly", (unsigned long long)seed);
}

/* 0, step, 2 x step, ... */
static void check_index_scale(hid_t f, const char *path, hsize_t n, double step)
{
    hid_t d = open_checked(f, path, 1, &n, true);
    if (d < 0) return;
    CHECK(H5DSis_scale(d) > 0, "%s is a dimension scale", path);
    double *x = read_all(d, n);
    for (hsize_t i = 0; x && i < n; i++) CHECK(x[i] == (double)i * step, "%s[%d]", path, (int)i);
    free(x);
    H5Dclose(d);
}

static void check_name_scale(hid_t f, const char *path, int n, const char *const *names)
{
    if (!CHECK(H5Lexists(f, path, H5P_DEFAULT) > 0, "scale %s exists", path)) return;
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    CHECK(H5DSis_scale(d) > 0, "%s is a dimension scale", path);
    hid_t space = H5Dget_space(d);
    CHECK(H5Sget_simple_extent_npoints(space) == n, "%s has %d entries", path, n);
    hid_t t = H5Dget_type(d);
    char *got[16] = {0};
    if (CHECK(n <= 16 && H5Tis_variable_str(t) > 0 &&
                  H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0,
              "%s reads as variable-length strings", path))
        for (int i = 0; i < n; i++)
            CHECK(got[i] && strcmp(got[i], names[i]) == 0, "%s[%d] is %s", path, i, names[i]);
    H5Dvlen_reclaim(t, space, H5P_DEFAULT, got);
    H5Tclose(t);
    H5Sclose(space);
    H5Dclose(d);
}

static void check_scale_datasets(hid_t f)
{
    const char *const localities[] = {"Mendip", "Sedgemoor"};
    check_index_scale(f, "/replication", FIXTURE_REPS, 1);
    check_index_scale(f, "/week", FIXTURE_WEEKS, 7); /* each week's first day */
    hid_t week = H5Dopen2(f, "/week", H5P_DEFAULT);
    check_attr_string(week, "/week", "units", "days since 2025-04-01");
    check_attr_string(week, "/week", "calendar", "proleptic_gregorian");
    check_attr_string(week, "/week", "description",
                      "the first day of each week simulated, in days since start_date: week k "
                      "begins on day 7 k");
    check_attr_string(week, "/week", "start_date", "2025-04-01");
    H5Dclose(week);
    check_name_scale(f, "/locality", FIXTURE_LOCALITIES, localities);
    check_name_scale(f, "/statistic", SPSIM_N_STATS, spsim_stat_name);
    for (int c = 0; c < SPSIM_N_CATEGORIES; c++) {
        const spsim_category_info *info = &spsim_category_table[c];
        char path[64];
        snprintf(path, sizeof path, "/%s", info->name);
        check_name_scale(f, path, info->n, info->keys);
    }
}

/* Financial years as April years with what they mean; money views, cost categories and services
 * by name, from the tables. */
static void check_money_scales(hid_t f)
{
    const char *const labels[FIXTURE_YEARS] = {"2025/26", "2026/27"};
    check_name_scale(f, "/financial_year", FIXTURE_YEARS, labels);
    hid_t fy = H5Dopen2(f, "/financial_year", H5P_DEFAULT);
    check_attr_string(fy, "/financial_year", "description",
                      "financial year, 1 April to 31 March: 2025/26 runs from 1 April 2025 to 31 "
                      "March 2026");
    H5Dclose(fy);
    hsize_t n = FIXTURE_YEARS;
    hid_t d = open_checked(f, "/financial_year_start", 1, &n, true);
    if (d >= 0) {
        double *x = read_all(d, FIXTURE_YEARS);
        CHECK(x && x[0] == 2025 && x[1] == 2026, "/financial_year_start holds 2025 and 2026");
        free(x);
        check_attr_string(d, "/financial_year_start", "units", "year");
        H5Dclose(d);
    }
    const char *categories[SPSIM_N_COST_CATEGORIES];
    for (int c = 0; c < SPSIM_N_COST_CATEGORIES; c++)
        categories[c] = spsim_cost_category_table[c].name;
    check_name_scale(f, "/money_view", SPSIM_N_MONEY_VIEWS, spsim_money_view_key);
    check_name_scale(f, "/cost_category", SPSIM_N_COST_CATEGORIES, categories);
    check_name_scale(f, "/service", SPSIM_N_SERVICES, spsim_service_key);
    const char *const spelled[] = {"nominal", "real", "discounted"};
    for (int v = 0; v < SPSIM_N_MONEY_VIEWS; v++)
        CHECK(strcmp(spsim_money_view_key[v], spelled[v]) == 0, "money view %d is %s", v,
              spelled[v]);
}

/* The category scales hold the scenario spellings: the first and last of each, written out. */
static void check_category_spellings(hid_t f)
{
    const char *const want[][3] = {{"/source", "gp", "self_referral"},
                                   {"/activity", "arts_creative", "learning_volunteering"},
                                   {"/funding", "commissioned", "personal_health_budgets"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        hid_t d =
            H5Lexists(f, want[i][0], H5P_DEFAULT) > 0 ? H5Dopen2(f, want[i][0], H5P_DEFAULT) : -1;
        if (!CHECK(d >= 0, "scale %s exists", want[i][0])) continue;
        hid_t t = H5Dget_type(d), space = H5Dget_space(d);
        hssize_t n = H5Sget_simple_extent_npoints(space);
        char *got[16] = {0};
        if (CHECK(n >= 2 && n <= 16 && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0,
                  "read %s", want[i][0]))
            CHECK(got[0] && got[n - 1] && strcmp(got[0], want[i][1]) == 0 &&
                      strcmp(got[n - 1], want[i][2]) == 0,
                  "%s runs from %s to %s", want[i][0], want[i][1], want[i][2]);
        H5Dvlen_reclaim(t, space, H5P_DEFAULT, got);
        H5Sclose(space);
        H5Tclose(t);
        H5Dclose(d);
    }
}

static void check_series(hid_t f, int arm, int sid)
{
    const spsim_series_info *info = &spsim_series_table[sid];
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/series/%s", arm_names[arm], info->name);
    hsize_t dims[3] = {FIXTURE_REPS, FIXTURE_WEEKS, FIXTURE_LOCALITIES};
    hid_t d = open_checked(f, path, 3, dims, info->is_count);
    if (d < 0) return;
    check_meta(d, path, info);
    const char *const scales[] = {"replication", "week", "locality"};
    check_scales(f, d, path, 3, scales);
    check_chunking(d, path, 3, dims);
    double *x = read_all(d, FIXTURE_REPS * FIXTURE_WEEKS * FIXTURE_LOCALITIES);
    int wrong = 0;
    for (int r = 0; x && r < FIXTURE_REPS; r++)
        for (int w = 0; w < FIXTURE_WEEKS; w++)
            for (int l = 0; l < FIXTURE_LOCALITIES; l++)
                wrong += !same_value(x[(r * FIXTURE_WEEKS + w) * FIXTURE_LOCALITIES + l],
                                     fixture_series(arm, r, sid, w, l));
    CHECK(x && wrong == 0, "%s holds the values written (%d wrong)", path, wrong);
    free(x);
    H5Dclose(d);
}

static int category_size(int b)
{
    return spsim_category_table[spsim_breakdown_table[b].category].n;
}

static void check_breakdown(hid_t f, int arm, int b)
{
    const spsim_breakdown_info *bd = &spsim_breakdown_table[b];
    int n = category_size(b);
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/series/%s", arm_names[arm], bd->info.name);
    hsize_t dims[4] = {FIXTURE_REPS, FIXTURE_WEEKS, FIXTURE_LOCALITIES, (hsize_t)n};
    hid_t d = open_checked(f, path, 4, dims, bd->info.is_count);
    if (d < 0) return;
    check_meta(d, path, &bd->info);
    const char *const scales[] = {"replication", "week", "locality",
                                  spsim_category_table[bd->category].name};
    check_scales(f, d, path, 4, scales);
    check_chunking(d, path, 4, dims);
    double *x = read_all(d, (size_t)(FIXTURE_REPS * FIXTURE_WEEKS * FIXTURE_LOCALITIES * n));
    int wrong = 0;
    for (int r = 0; x && r < FIXTURE_REPS; r++)
        for (int w = 0; w < FIXTURE_WEEKS; w++)
            for (int l = 0; l < FIXTURE_LOCALITIES; l++)
                for (int c = 0; c < n; c++)
                    wrong +=
                        !same_value(x[((r * FIXTURE_WEEKS + w) * FIXTURE_LOCALITIES + l) * n + c],
                                    fixture_breakdown(arm, r, b, w, l, c));
    CHECK(x && wrong == 0, "%s holds the values written (%d wrong)", path, wrong);
    free(x);
    H5Dclose(d);
}

/* Hand-computed statistics of base + {0, 3, 12}: mean 5, sd sqrt(39); GSL quantiles at
 * f (n - 1) = 0.1, 0.5, 1, 1.5, 1.9 between the sorted values. With the NaN cell, base + {0, 12}:
 * mean 6, sd sqrt(72), quantiles at 0.05, 0.25, 0.5, 0.75, 0.95 of the way from 0 to 12. */
static const double three_values[SPSIM_N_STATS] = {5, 6.2449979983983983, 0.3, 1.5, 3, 7.5, 11.1};
static const double two_values[SPSIM_N_STATS] = {6, 8.4852813742385702, 0.6, 3, 6, 9, 11.4};

/* Statistic k of a cell whose value without the offset is `base`. */
static double expected_stat(int k, double base, bool nan_cell)
{
    double offset = nan_cell ? two_values[k] : three_values[k];
    return k == SPSIM_STAT_SD ? offset : base + offset;
}

static void check_summary(hid_t f, int arm, int sid)
{
    const spsim_series_info *info = &spsim_series_table[sid];
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/summary/%s", arm_names[arm], info->name);
    hsize_t dims[3] = {SPSIM_N_STATS, FIXTURE_WEEKS, FIXTURE_LOCALITIES};
    hid_t d = open_checked(f, path, 3, dims, false);
    if (d < 0) return;
    check_meta(d, path, info);
    const char *const scales[] = {"statistic", "week", "locality"};
    check_scales(f, d, path, 3, scales);
    check_chunking(d, path, 3, dims);
    double *x = read_all(d, SPSIM_N_STATS * FIXTURE_WEEKS * FIXTURE_LOCALITIES);
    int wrong = 0;
    for (int k = 0; x && k < SPSIM_N_STATS; k++)
        for (int w = 0; w < FIXTURE_WEEKS; w++)
            for (int l = 0; l < FIXTURE_LOCALITIES; l++) {
                bool nan_cell = arm == FIXTURE_NAN_ARM && sid == FIXTURE_NAN_SERIES &&
                                w == FIXTURE_NAN_WEEK && l == FIXTURE_NAN_LOC;
                double want = expected_stat(k, fixture_series_base(arm, sid, w, l), nan_cell);
                double got = x[(k * FIXTURE_WEEKS + w) * FIXTURE_LOCALITIES + l];
                wrong += !(fabs(got - want) <= 1e-9);
            }
    CHECK(x && wrong == 0, "%s holds the hand-computed statistics (%d wrong)", path, wrong);
    free(x);
    H5Dclose(d);
}

static void check_breakdown_summary(hid_t f, int arm, int b)
{
    const spsim_breakdown_info *bd = &spsim_breakdown_table[b];
    int n = category_size(b);
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/summary/%s", arm_names[arm], bd->info.name);
    hsize_t dims[4] = {SPSIM_N_STATS, FIXTURE_WEEKS, FIXTURE_LOCALITIES, (hsize_t)n};
    hid_t d = open_checked(f, path, 4, dims, false);
    if (d < 0) return;
    check_meta(d, path, &bd->info);
    const char *const scales[] = {"statistic", "week", "locality",
                                  spsim_category_table[bd->category].name};
    check_scales(f, d, path, 4, scales);
    check_chunking(d, path, 4, dims);
    double *x = read_all(d, (size_t)(SPSIM_N_STATS * FIXTURE_WEEKS * FIXTURE_LOCALITIES * n));
    int wrong = 0;
    for (int k = 0; x && k < SPSIM_N_STATS; k++)
        for (int w = 0; w < FIXTURE_WEEKS; w++)
            for (int l = 0; l < FIXTURE_LOCALITIES; l++)
                for (int c = 0; c < n; c++) {
                    double want = expected_stat(k, fixture_breakdown_base(arm, b, w, l, c),
                                                fixture_is_nan_breakdown_cell(arm, b, w, l, c));
                    double got = x[((k * FIXTURE_WEEKS + w) * FIXTURE_LOCALITIES + l) * n + c];
                    wrong += !(fabs(got - want) <= 1e-9);
                }
    CHECK(x && wrong == 0, "%s holds the hand-computed statistics (%d wrong)", path, wrong);
    free(x);
    H5Dclose(d);
}

static void check_total(hid_t f, int arm, int tid)
{
    const spsim_series_info *info = &spsim_total_table[tid];
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/totals/%s", arm_names[arm], info->name);
    hsize_t dims[1] = {FIXTURE_REPS};
    hid_t d = open_checked(f, path, 1, dims, info->is_count);
    if (d < 0) return;
    check_meta(d, path, info);
    const char *const scales[] = {"replication"};
    check_scales(f, d, path, 1, scales);
    double *x = read_all(d, FIXTURE_REPS);
    for (int r = 0; x && r < FIXTURE_REPS; r++)
        CHECK(x[r] == fixture_total(arm, r, tid), "%s[%d] is %g, expected %g", path, r, x[r],
              fixture_total(arm, r, tid));
    free(x);
    H5Dclose(d);
}

/* ---- money ---- */

static int fy_dims(int m, hsize_t first, hsize_t *dims, const char **scales, const char *name)
{
    return fixture_fy_shape(m, first, name, FIXTURE_YEARS, dims, scales);
}

static void check_fy_measure(hid_t f, int arm, int m)
{
    const spsim_series_info *info = &spsim_fy_measure_table[m].info;
    int per_year = spsim_fy_measure_per_year(m);
    for (int summary = 0; summary < 2; summary++) {
        char path[256];
        snprintf(path, sizeof path, "/arms/%s/%s/%s", arm_names[arm],
                 summary ? "financial_years_summary" : "financial_years", info->name);
        hsize_t dims[4];
        const char *scales[4];
        int rank = fy_dims(m, summary ? SPSIM_N_STATS : FIXTURE_REPS, dims, scales,
                           summary ? "statistic" : "replication");
        hid_t d = open_checked(f, path, rank, dims, false);
        if (d < 0) continue;
        check_meta(d, path, info);
        check_scales(f, d, path, rank, scales);
        size_t cells = (size_t)FIXTURE_YEARS * (size_t)per_year;
        double *x = read_all(d, (size_t)dims[0] * cells);
        int wrong = 0;
        for (int k = 0; x && k < (int)dims[0]; k++)
            for (int y = 0; y < FIXTURE_YEARS; y++)
                for (int i = 0; i < per_year; i++) {
                    double got = x[k * cells + (size_t)(y * per_year + i)];
                    double want = summary ? expected_stat(k, fixture_fy(arm, 0, m, y, i), false)
                                          : fixture_fy(arm, k, m, y, i);
                    wrong += !(fabs(got - want) <= 1e-9);
                }
        CHECK(x && wrong == 0, "%s holds the values expected (%d wrong)", path, wrong);
        free(x);
        H5Dclose(d);
    }
}

/* Headlines and their summaries (statistics of the three replications, NaNs left out). */
static void check_headline(hid_t f, int arm, int h)
{
    const spsim_series_info *info = &spsim_headline_table[h];
    double values[FIXTURE_REPS], scratch[FIXTURE_REPS], st[SPSIM_N_STATS];
    for (int r = 0; r < FIXTURE_REPS; r++) values[r] = fixture_headline(arm, r, h);
    spsim_describe(values, FIXTURE_REPS, scratch, st);
    for (int summary = 0; summary < 2; summary++) {
        char path[256];
        snprintf(path, sizeof path, "/arms/%s/%s/%s", arm_names[arm],
                 summary ? "headlines_summary" : "headlines", info->name);
        hsize_t n = summary ? SPSIM_N_STATS : FIXTURE_REPS;
        hid_t d = open_checked(f, path, 1, &n, !summary && info->is_count);
        if (d < 0) continue;
        check_meta(d, path, info);
        const char *scales[1] = {summary ? "statistic" : "replication"};
        check_scales(f, d, path, 1, scales);
        double *x = read_all(d, n);
        int wrong = 0;
        for (hsize_t i = 0; x && i < n; i++)
            wrong += !same_value(x[i], summary ? st[i] : values[i]);
        CHECK(x && wrong == 0, "%s holds the values expected (%d wrong)", path, wrong);
        free(x);
        H5Dclose(d);
    }
}

static void check_reduction(hid_t f, int arm, int m)
{
    const spsim_series_info *info = &spsim_reduction_table[m];
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/reductions/%s", arm_names[arm], info->name);
    hsize_t dims[3] = {FIXTURE_REPS, FIXTURE_LOCALITIES, SPSIM_N_SERVICES};
    hid_t d = open_checked(f, path, 3, dims, info->is_count);
    if (d < 0) return;
    check_meta(d, path, info);
    const char *const scales[] = {"replication", "locality", "service"};
    check_scales(f, d, path, 3, scales);
    double *x = read_all(d, FIXTURE_REPS * FIXTURE_LOCALITIES * SPSIM_N_SERVICES);
    int wrong = 0;
    for (int r = 0; x && r < FIXTURE_REPS; r++)
        for (int l = 0; l < FIXTURE_LOCALITIES; l++)
            for (int s = 0; s < SPSIM_N_SERVICES; s++)
                wrong += x[(r * FIXTURE_LOCALITIES + l) * SPSIM_N_SERVICES + s] !=
                         fixture_reduction(arm, r, m, l, s);
    CHECK(x && wrong == 0, "%s holds the values written (%d wrong)", path, wrong);
    free(x);
    H5Dclose(d);
}

static void check_money(hid_t f, int arm)
{
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) check_fy_measure(f, arm, m);
    for (int h = 0; h < SPSIM_N_HEADLINES; h++) check_headline(f, arm, h);
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++) check_reduction(f, arm, m);
}

/* ---- comparisons ---- */

static double attr_double(hid_t obj, const char *where, const char *name)
{
    double v = -1;
    if (!CHECK(H5Aexists(obj, name) > 0, "%s has attribute %s", where, name)) return v;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
    return v;
}

/* P(blanket better) in the fixture: every figure differs by -base in every replication, so the
 * blanket wins everywhere or nowhere; the break-even year 2026, 2027, never against never. */
static double expected_probability(spsim_headline_id h)
{
    switch (h) {
    case SPSIM_HEADLINE_TOTAL_COST: return 1;           /* 2,000,000 cheaper */
    case SPSIM_HEADLINE_WELLBYS: return 0;              /* 1,500 fewer */
    case SPSIM_HEADLINE_RETURN_ON_INVESTMENT: return 1; /* -0.5 beats -1.0 */
    case SPSIM_HEADLINE_BREAK_EVEN_YEAR: return 2.0 / 3;
    case SPSIM_HEADLINE_MEASURED_GP_REDUCTION: return NAN; /* no better direction */
    case SPSIM_HEADLINE_INVESTOR_RETURN: return NAN;       /* the blanket has none */
    default: return -1;                                    /* not checked */
    }
}

static void check_difference(hid_t f, const char *group, spsim_headline_id h)
{
    const spsim_series_info *info = &spsim_headline_table[h];
    char path[256], description[600];
    snprintf(description, sizeof description, "first arm minus second, per replication: %s",
             info->description);
    double values[FIXTURE_REPS], scratch[FIXTURE_REPS], st[SPSIM_N_STATS];
    for (int r = 0; r < FIXTURE_REPS; r++)
        values[r] = fixture_headline(0, r, h) - fixture_headline(1, r, h);
    spsim_describe(values, FIXTURE_REPS, scratch, st);
    for (int summary = 0; summary < 2; summary++) {
        snprintf(path, sizeof path, "%s/%s/%s", group, summary ? "headlines_summary" : "headlines",
                 info->name);
        hsize_t n = summary ? SPSIM_N_STATS : FIXTURE_REPS;
        hid_t d = open_checked(f, path, 1, &n, !summary && info->is_count);
        if (d < 0) continue;
        check_attr_string(d, path, "units", info->units);
        check_attr_string(d, path, "description", description);
        const char *scales[1] = {summary ? "statistic" : "replication"};
        check_scales(f, d, path, 1, scales);
        double *x = read_all(d, n);
        int wrong = 0;
        for (hsize_t i = 0; x && i < n; i++)
            wrong += !same_value(x[i], summary ? st[i] : values[i]);
        CHECK(x && wrong == 0, "%s holds blanket - quilt (%d wrong)", path, wrong);
        free(x);
        if (summary) {
            double want = expected_probability(h);
            double got = attr_double(d, path, "probability_first_better");
            if (want != -1)
                CHECK(same_value(got, want), "%s: P(blanket better) %g, expected %g", path, got,
                      want);
            check_attr_string(d, path, "better",
                              spsim_direction_key[spsim_headline_direction[h] + 1]);
        }
        H5Dclose(d);
    }
}

/* The discounted total cost of each year differs by -100,000 (fixture_fy) in every replication;
 * its summary is (statistic, financial_year). */
static void check_cost_differences(hid_t f, const char *group)
{
    char path[256];
    const char *scales[2] = {"replication", "financial_year"};
    for (int summary = 0; summary < 2; summary++) {
        snprintf(path, sizeof path, "%s/total_cost_by_year%s", group, summary ? "_summary" : "");
        hsize_t dims[2] = {summary ? SPSIM_N_STATS : FIXTURE_REPS, FIXTURE_YEARS};
        hid_t d = open_checked(f, path, 2, dims, false);
        if (d < 0) continue;
        if (summary) scales[0] = "statistic";
        check_scales(f, d, path, 2, scales);
        check_attr_string(d, path, "units", "GBP");
        double *x = read_all(d, dims[0] * dims[1]);
        int wrong = 0;
        for (hsize_t i = 0; x && i < dims[0] * dims[1]; i++) {
            int k = (int)(i / FIXTURE_YEARS), y = (int)(i % FIXTURE_YEARS);
            double want =
                fixture_fy(0, summary ? 0 : k, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_DISCOUNTED) -
                fixture_fy(1, summary ? 0 : k, SPSIM_FY_TOTAL_COST, y, SPSIM_MONEY_DISCOUNTED);
            if (summary && k == SPSIM_STAT_SD) want = 0;
            wrong += x[i] != want;
        }
        CHECK(x && wrong == 0, "%s holds -100,000 a year (%d wrong)", path, wrong);
        free(x);
        H5Dclose(d);
    }
}

/* The incremental ratios of the fixture: net cost -1,000,000 over WELLBYs -1,500 and real cost
 * -2 x 100,000 (fixture_fy) over people -1,000 in every replication, so each replication and
 * the ratio of the mean differences are 666.67 and 200, with the denominator's sign kept. */
static void check_incremental(hid_t f, const char *group)
{
    const double want[SPSIM_N_INCREMENTAL] = {
        [SPSIM_INCREMENTAL_NET_COST_PER_WELLBY] = 1000000.0 / 1500,
        [SPSIM_INCREMENTAL_COST_PER_PERSON_SUPPORTED] = 200000.0 / 1000};
    for (int k = 0; k < SPSIM_N_INCREMENTAL; k++) {
        const spsim_series_info *info = &spsim_incremental_table[k].info;
        char path[256];
        snprintf(path, sizeof path, "%s/%s", group, info->name);
        hsize_t n = FIXTURE_REPS;
        hid_t d = open_checked(f, path, 1, &n, false);
        if (d < 0) continue;
        check_attr_string(d, path, "units", info->units);
        double *x = read_all(d, n);
        int wrong = 0;
        for (hsize_t i = 0; x && i < n; i++) wrong += fabs(x[i] - want[k]) > 1e-9;
        CHECK(x && wrong == 0, "%s holds %g in every replication (%d wrong)", path, want[k], wrong);
        free(x);
        H5Dclose(d);
        snprintf(path, sizeof path, "%s/%s_summary", group, info->name);
        n = SPSIM_N_STATS;
        d = open_checked(f, path, 1, &n, false);
        if (d < 0) continue;
        CHECK(fabs(attr_double(d, path, "ratio_of_mean_differences") - want[k]) < 1e-9,
              "%s: ratio of the mean differences %g", path, want[k]);
        CHECK(attr_double(d, path, "denominator_keeps_sign") == 1, "%s: sign kept", path);
        H5Dclose(d);
    }
}

static void check_comparisons(hid_t f)
{
    const char *group = "/comparisons/blanket_minus_quilt";
    hid_t g = H5Lexists(f, "/comparisons", H5P_DEFAULT) > 0 && H5Lexists(f, group, H5P_DEFAULT) > 0
                  ? H5Gopen2(f, group, H5P_DEFAULT)
                  : -1;
    if (!CHECK(g >= 0, "group %s exists", group)) return;
    check_attr_string(g, group, "first", "blanket");
    check_attr_string(g, group, "second", "quilt");
    H5Gclose(g);
    hid_t c = H5Gopen2(f, "/comparisons", H5P_DEFAULT);
    H5G_info_t info = {0};
    H5Gget_info(c, &info);
    CHECK(info.nlinks == 1, "two arms make one comparison (%d)", (int)info.nlinks);
    H5Gclose(c);
    for (int h = 0; h < SPSIM_N_HEADLINES; h++) check_difference(f, group, h);
    check_cost_differences(f, group);
    check_incremental(f, group);
}

/* Column `c` of an arm's parameters: a string variable along the dimension `key`. */
static void check_parameter_column(hid_t f, const output_fixture *fx, int arm, int c)
{
    static const char *const column[4] = {"key", "value", "unit", "source"};
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/parameters/%s", arm_names[arm], column[c]);
    if (!CHECK(H5Lexists(f, path, H5P_DEFAULT) > 0, "%s exists", path)) return;
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    hid_t t = H5Dget_type(d), space = H5Dget_space(d);
    int n = (int)H5Sget_simple_extent_npoints(space);
    CHECK(n == fx->scenario->n_resolved[arm], "%s has %d values", path, n);
    if (c == 0) CHECK(H5DSis_scale(d) > 0, "%s is the dimension scale key", path);
    char *got[8] = {0};
    if (CHECK(n <= 8 && H5Tis_variable_str(t) > 0 &&
                  H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0,
              "%s reads as strings", path))
        for (int i = 0; i < n; i++) {
            const spsim_resolved_value *v = &fx->scenario->resolved[arm][i];
            const char *want[4] = {v->key, v->value, v->unit, v->source ? v->source : ""};
            CHECK(got[i] && strcmp(got[i], want[c]) == 0, "%s[%d] is '%s'", path, i, want[c]);
        }
    H5Dvlen_reclaim(t, space, H5P_DEFAULT, got);
    H5Sclose(space);
    H5Tclose(t);
    H5Dclose(d);
}

static void check_parameters(hid_t f, const output_fixture *fx, int arm)
{
    for (int c = 0; c < 4; c++) check_parameter_column(f, fx, arm, c);
}

static void check_arm(hid_t f, const output_fixture *fx, int arm)
{
    char path[64], want[64];
    snprintf(path, sizeof path, "/arms/%s", arm_names[arm]);
    snprintf(want, sizeof want, "the %s arm", arm_names[arm]);
    hid_t g = H5Gopen2(f, path, H5P_DEFAULT);
    if (!CHECK(g >= 0, "group %s exists", path)) return;
    check_attr_string(g, path, "description", want);
    H5Gclose(g);
    for (int sid = 0; sid < SPSIM_N_SERIES; sid++) {
        check_series(f, arm, sid);
        check_summary(f, arm, sid);
    }
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        check_breakdown(f, arm, b);
        check_breakdown_summary(f, arm, b);
    }
    for (int tid = 0; tid < SPSIM_N_TOTALS; tid++) check_total(f, arm, tid);
    check_money(f, arm);
    check_parameters(f, fx, arm);
}

/* ---- files in a directory ---- */

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d) closedir(d);
    return n;
}

static void test_layout(const char *dir, output_fixture *fx)
{
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/run.h5", dir);
    int status = spsim_h5_write(path, fx->scenario, fx->run, err, sizeof err);
    if (!CHECK(status == 0, "write %s: %s", path, err)) return;
    CHECK(count_entries(dir) == 1, "only the output file is left in %s", dir);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (!CHECK(f >= 0, "open %s", path)) return;
    check_root(f, fx);
    check_scale_datasets(f);
    check_category_spellings(f);
    check_money_scales(f);
    for (int a = 0; a < FIXTURE_ARMS; a++) check_arm(f, fx, a);
    check_comparisons(f);
    H5Fclose(f);
    remove(path);
}

static void test_missing_directory(const char *dir, output_fixture *fx)
{
    char missing[512], path[600], err[1024] = "", want[1400];
    snprintf(missing, sizeof missing, "%s/missing", dir);
    snprintf(path, sizeof path, "%s/run.h5", missing);
    CHECK(spsim_h5_write(path, fx->scenario, fx->run, err, sizeof err) == -1,
          "writing into a missing directory fails");
    snprintf(want, sizeof want, "cannot write %s: directory %s: No such file or directory", path,
             missing);
    CHECK(strcmp(err, want) == 0, "message '%s', expected '%s'", err, want);
    struct stat st;
    CHECK(stat(missing, &st) != 0 && count_entries(dir) == 0, "nothing was created");
}

/* A count that does not fit a 32-bit integer stops the write half-way through the file. */
static void test_failure_keeps_old_file(const char *dir, output_fixture *fx)
{
    char path[512], err[1024] = "", old[64] = "";
    snprintf(path, sizeof path, "%s/existing.h5", dir);
    FILE *f = fopen(path, "w");
    fputs("the previous results\n", f);
    fclose(f);
    double *cell = spsim_series_at(&fx->run->results[1][2], SPSIM_SERIES_COMPLETED, 3, 0);
    double kept = *cell;
    *cell = 1e12;
    CHECK(spsim_h5_write(path, fx->scenario, fx->run, err, sizeof err) == -1,
          "a count too large for the file fails the write");
    *cell = kept;
    CHECK(strcmp(err, "cannot store /arms/quilt/series/completed: replication 2, week 3, "
                      "locality Mendip holds 1e+12, which is not a count that fits a 32-bit "
                      "integer") == 0,
          "message: %s", err);
    f = fopen(path, "r");
    if (CHECK(f != NULL, "the old file is still there")) {
        CHECK(fgets(old, sizeof old, f) && strcmp(old, "the previous results\n") == 0,
              "the old file is untouched");
        fclose(f);
    }
    CHECK(count_entries(dir) == 1, "no temporary file is left beside it");
    remove(path);
}

/* A breakdown's message also names the category of the cell. */
static void test_breakdown_count_too_large(const char *dir, output_fixture *fx)
{
    char path[512], err[1024] = "";
    snprintf(path, sizeof path, "%s/breakdown.h5", dir);
    double *cell =
        spsim_breakdown_at(&fx->run->results[0][1], SPSIM_BREAKDOWN_CONNECTED_BY_ACTIVITY, 4, 1,
                           SPSIM_ACTIVITY_ADVICE);
    double kept = *cell;
    *cell = -3e9;
    CHECK(spsim_h5_write(path, fx->scenario, fx->run, err, sizeof err) == -1,
          "a breakdown count too large for the file fails the write");
    *cell = kept;
    CHECK(strcmp(err, "cannot store /arms/blanket/series/connected_by_activity: replication 1, "
                      "week 4, locality Sedgemoor, activity advice holds -3e+09, which is not a "
                      "count that fits a 32-bit integer") == 0,
          "message: %s", err);
    CHECK(count_entries(dir) == 0, "no file is left behind");
}

/* Results without money by financial year are refused before anything is written. */
static void test_missing_economics(const char *dir, output_fixture *fx)
{
    char path[512], err[1024] = "";
    snprintf(path, sizeof path, "%s/no_money.h5", dir);
    struct spsim_economics *kept = fx->run->results[1][1].economics;
    fx->run->results[1][1].economics = NULL;
    CHECK(spsim_h5_write(path, fx->scenario, fx->run, err, sizeof err) == -1,
          "results without economics are refused");
    fx->run->results[1][1].economics = kept;
    CHECK(strcmp(err, "cannot write results: arm 'quilt' replication 1 has no money by "
                      "financial year") == 0,
          "message: %s", err);
    CHECK(count_entries(dir) == 0, "no file is left behind");
}

int main(void)
{
    output_fixture fx;
    char dir[] = "/tmp/spsim-output-XXXXXX";
    if (!CHECK(output_fixture_make(&fx) == 0 && mkdtemp(dir), "set up"))
        return spsim_check_finish();
    test_layout(dir, &fx);
    test_missing_directory(dir, &fx);
    test_failure_keeps_old_file(dir, &fx);
    test_breakdown_count_too_large(dir, &fx);
    test_missing_economics(dir, &fx);
    rmdir(dir);
    output_fixture_free(&fx);
    return spsim_check_finish();
}
