/* `spsim run` end to end: the file it writes for scenarios/minimal.yaml has the documented layout
 * (read with the HDF5 C API), every series and breakdown with its summary, adds up (referrals by
 * source sum to referrals, summaries match the series and breakdowns), the money by financial
 * year adds up (categories to the total; weekly link-worker cost to the totals and to the yearly
 * pay and management), and netCDF's ncdump reads it. Usage: output_run_layout PATH_TO_SPSIM */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "check.h"
#include "fixture.h"
#include "economics/economics.h"
#include "results/series.h"
#include "results/statistics.h"

enum {
    REPS = 2,
    WEEKS = 522,
    LOCALITIES = 1
}; /* minimal.yaml: 10 years, one locality */
/* 522 weeks from 2025-04-01 end on 2035-04-02: financial years 2025/26 to 2035/36. */
enum {
    FIRST_YEAR = 2025,
    YEARS = 11
};

static bool attr_text(hid_t obj, const char *name, char *buf, size_t len)
{
    buf[0] = '\0';
    if (H5Aexists(obj, name) <= 0) return false;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT), t = H5Aget_type(a);
    char *text = NULL;
    bool ok = H5Tis_variable_str(t) > 0 && H5Aread(a, t, &text) >= 0;
    if (ok) snprintf(buf, len, "%s", text);
    H5free_memory(text);
    H5Tclose(t);
    H5Aclose(a);
    return ok;
}

static double attr_value(hid_t obj, const char *name)
{
    double v = NAN;
    if (H5Aexists(obj, name) <= 0) return v;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
    return v;
}

/* Reads dataset `path` as doubles after checking its shape; NULL (and a failure) otherwise. */
static double *read_shaped(hid_t f, const char *path, int rank, const hsize_t *dims)
{
    if (!CHECK(H5Lexists(f, path, H5P_DEFAULT) > 0, "%s exists", path)) return NULL;
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT), space = H5Dget_space(d);
    hsize_t got[4] = {0};
    bool same = H5Sget_simple_extent_dims(space, got, NULL) == rank;
    size_t n = 1;
    for (int i = 0; i < rank; i++) {
        same = same && got[i] == dims[i];
        n *= dims[i];
    }
    double *x = NULL;
    if (CHECK(same, "%s has the documented shape", path)) {
        x = malloc(n * sizeof *x);
        if (!CHECK(x && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0,
                   "read %s", path)) {
            free(x);
            x = NULL;
        }
    }
    H5Sclose(space);
    H5Dclose(d);
    return x;
}

/* The path of the copy of dimension scale `name` in the group of dataset `path`: each group
 * carries the scales its datasets use, so netCDF readers label them (docs/output.md). */
static void local_scale_path(char *out, size_t len, const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path) : 0;
    snprintf(out, len, "%.*s/%s", dir, path, name[0] == '/' ? name + 1 : name);
}

static void check_described(hid_t f, const char *path, const spsim_series_info *info,
                            const char *const *scales, int rank)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    if (d < 0) return;
    char text[512];
    CHECK(attr_text(d, "units", text, sizeof text) && strcmp(text, info->units) == 0,
          "%s units '%s'", path, text);
    CHECK(attr_text(d, "description", text, sizeof text) && strcmp(text, info->description) == 0,
          "%s description", path);
    for (int i = 0; i < rank; i++) {
        char scale[256];
        local_scale_path(scale, sizeof scale, path, scales[i]);
        hid_t s = H5Dopen2(f, scale, H5P_DEFAULT);
        CHECK(s >= 0 && H5DSis_attached(d, s, (unsigned)i) > 0, "%s dimension %d is %s", path, i,
              scale);
        if (s >= 0) H5Dclose(s);
    }
    H5Dclose(d);
}

static void check_root(hid_t f)
{
    char text[4096];
    CHECK(attr_text(f, "scenario_name", text, sizeof text) && strcmp(text, "minimal") == 0,
          "scenario_name '%s'", text);
    CHECK(attr_text(f, "start_date", text, sizeof text) && strcmp(text, "2025-04-01") == 0,
          "start_date '%s'", text);
    CHECK(attr_text(f, "spsim_version", text, sizeof text) && strcmp(text, SPSIM_VERSION) == 0,
          "spsim_version '%s'", text);
    CHECK(attr_text(f, "Conventions", text, sizeof text) && strcmp(text, "CF-1.10") == 0,
          "Conventions '%s'", text);
    hid_t st = H5Lexists(f, "/scenario_text", H5P_DEFAULT) > 0
                   ? H5Dopen2(f, "/scenario_text", H5P_DEFAULT)
                   : -1;
    hid_t stt = st < 0 ? -1 : H5Dget_type(st);
    char *scenario = NULL;
    CHECK(stt >= 0 && H5Dread(st, stt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &scenario) >= 0 && scenario &&
              strstr(scenario, "name: minimal"),
          "the dataset /scenario_text holds the scenario file");
    H5free_memory(scenario);
    if (stt >= 0) H5Tclose(stt);
    if (st >= 0) H5Dclose(st);
    const char *const more[] = {"title", "scenario_path", "created", "arms"};
    for (int i = 0; i < 4; i++)
        CHECK(attr_text(f, more[i], text, sizeof text), "root attribute %s", more[i]);
    CHECK(attr_value(f, "replications") == REPS, "replications");
    CHECK(attr_value(f, "weeks") == WEEKS, "weeks");
    CHECK(attr_value(f, "horizon_years") == 10, "horizon_years");
    CHECK(!isnan(attr_value(f, "seed")), "seed");
    enum {
        N_SCALES = 4 + SPSIM_N_CATEGORIES + 4
    };
    const char *scales[N_SCALES] = {"replication", "week", "locality", "statistic"};
    hsize_t sizes[N_SCALES] = {REPS, WEEKS, LOCALITIES, SPSIM_N_STATS};
    for (int c = 0; c < SPSIM_N_CATEGORIES; c++) {
        scales[4 + c] = spsim_category_table[c].name;
        sizes[4 + c] = (hsize_t)spsim_category_table[c].n;
    }
    const char *const money[4] = {"financial_year", "money_view", "cost_category", "service"};
    const hsize_t money_sizes[4] = {YEARS, SPSIM_N_MONEY_VIEWS, SPSIM_N_COST_CATEGORIES,
                                    SPSIM_N_SERVICES};
    for (int i = 0; i < 4; i++) {
        scales[4 + SPSIM_N_CATEGORIES + i] = money[i];
        sizes[4 + SPSIM_N_CATEGORIES + i] = money_sizes[i];
    }
    hsize_t n_years = YEARS;
    double *years = read_shaped(f, "/financial_year_start", 1, &n_years);
    for (int y = 0; years && y < YEARS; y++)
        CHECK(years[y] == FIRST_YEAR + y, "financial year %d is %d", y, FIRST_YEAR + y);
    free(years);
    for (int i = 0; i < N_SCALES; i++) {
        char path[32];
        snprintf(path, sizeof path, "/%s", scales[i]);
        hid_t d = H5Lexists(f, path, H5P_DEFAULT) > 0 ? H5Dopen2(f, path, H5P_DEFAULT) : -1;
        hid_t space = d < 0 ? -1 : H5Dget_space(d);
        CHECK(d >= 0 && H5DSis_scale(d) > 0 &&
                  H5Sget_simple_extent_npoints(space) == (hssize_t)sizes[i],
              "%s is a dimension scale of %d entries", path, (int)sizes[i]);
        if (space >= 0) H5Sclose(space);
        if (d >= 0) H5Dclose(d);
    }
}

/* Summed over sources, referrals_by_source is referrals, cell by cell. */
static void check_sources_add_up(const double *by_source, const double *referrals)
{
    int wrong = 0;
    for (int c = 0; c < REPS * WEEKS * LOCALITIES; c++) {
        double sum = 0;
        for (int s = 0; s < SPSIM_N_SOURCES; s++) sum += by_source[c * SPSIM_N_SOURCES + s];
        wrong += sum != referrals[c];
    }
    CHECK(wrong == 0, "referrals_by_source sums to referrals (%d cells differ)", wrong);
}

/* A weekly dataset as the file holds it: a series, or a breakdown over `category`. */
typedef struct {
    const spsim_series_info *info;
    const char *category; /* NULL for a series */
    int per_cell;         /* 1, or the category's size */
} weekly;

static int weekly_rank(const weekly *ds)
{
    return ds->category ? 4 : 3;
}

/* The stored mean of each cell is the mean of its non-NaN replications. */
static void check_summary_mean(hid_t f, const char *arm, const weekly *ds, const double *values)
{
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/summary/%s", arm, ds->info->name);
    hsize_t dims[4] = {SPSIM_N_STATS, WEEKS, LOCALITIES, (hsize_t)ds->per_cell};
    double *stats = read_shaped(f, path, weekly_rank(ds), dims);
    if (!stats) return;
    const char *const scales[] = {"statistic", "week", "locality", ds->category};
    check_described(f, path, ds->info, scales, weekly_rank(ds));
    int cells = WEEKS * LOCALITIES * ds->per_cell, wrong = 0;
    for (int c = 0; c < cells; c++) {
        double sum = 0;
        int n = 0;
        for (int r = 0; r < REPS; r++) {
            double v = values[r * cells + c];
            if (!isnan(v)) {
                sum += v;
                n++;
            }
        }
        double mean = stats[SPSIM_STAT_MEAN * cells + c];
        wrong += n == 0 ? !isnan(mean) : !(fabs(mean - sum / n) <= 1e-9 * (1 + fabs(mean)));
    }
    CHECK(wrong == 0, "%s mean is the mean over replications (%d cells differ)", path, wrong);
    free(stats);
}

/* Reads and checks one weekly dataset and its summary; returns its values (caller frees). */
static double *check_weekly(hid_t f, const char *arm, const weekly *ds)
{
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/series/%s", arm, ds->info->name);
    hsize_t dims[4] = {REPS, WEEKS, LOCALITIES, (hsize_t)ds->per_cell};
    double *values = read_shaped(f, path, weekly_rank(ds), dims);
    if (!values) return NULL;
    const char *const scales[] = {"replication", "week", "locality", ds->category};
    check_described(f, path, ds->info, scales, weekly_rank(ds));
    check_summary_mean(f, arm, ds, values);
    return values;
}

/* ---- money ---- */

static int fy_shape(int m, hsize_t first, hsize_t *dims, const char **scales, const char *name)
{
    return fixture_fy_shape(m, first, name, YEARS, dims, scales);
}

/* Reads a measure by financial year and checks its summary's shape and description. */
static double *read_fy(hid_t f, const char *arm, int m)
{
    const spsim_series_info *info = &spsim_fy_measure_table[m].info;
    char path[256];
    hsize_t dims[4];
    const char *scales[4];
    snprintf(path, sizeof path, "/arms/%s/financial_years_summary/%s", arm, info->name);
    int rank = fy_shape(m, SPSIM_N_STATS, dims, scales, "statistic");
    double *stats = read_shaped(f, path, rank, dims);
    if (stats) check_described(f, path, info, scales, rank);
    free(stats);
    snprintf(path, sizeof path, "/arms/%s/financial_years/%s", arm, info->name);
    rank = fy_shape(m, REPS, dims, scales, "replication");
    double *x = read_shaped(f, path, rank, dims);
    if (x) check_described(f, path, info, scales, rank);
    return x;
}

static double sum_of(const double *x, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += x[i];
    return sum;
}

/* The categories add up to the total in every replication, year and view; the link-worker
 * cost of the totals is the sum of its weekly series and of the yearly pay and management
 * (minimal.yaml has no builders). */
static void check_costs(const double *costs, const double *total, const double *lw_weekly,
                        const double *lw_total)
{
    int wrong = 0;
    for (int i = 0; i < REPS * YEARS * SPSIM_N_MONEY_VIEWS; i++)
        wrong +=
            !(fabs(sum_of(costs + (size_t)i * SPSIM_N_COST_CATEGORIES, SPSIM_N_COST_CATEGORIES) -
                   total[i]) <= 1e-6 * (1 + total[i]));
    CHECK(wrong == 0, "cost categories add up to total_cost (%d differ)", wrong);
    for (int r = 0; r < REPS; r++) {
        double by_week = sum_of(lw_weekly + (size_t)r * WEEKS * LOCALITIES, WEEKS * LOCALITIES);
        double yearly = 0;
        for (int y = 0; y < YEARS; y++) {
            const double *nominal =
                costs + ((size_t)(r * YEARS + y) * SPSIM_N_MONEY_VIEWS + SPSIM_MONEY_NOMINAL) *
                            SPSIM_N_COST_CATEGORIES;
            yearly += nominal[SPSIM_COST_LINK_WORKER_PAY] + nominal[SPSIM_COST_MANAGEMENT_OVERHEAD];
        }
        CHECK(by_week > 0 && fabs(by_week - lw_total[r]) <= 1e-6 * by_week &&
                  fabs(yearly - by_week) <= 1e-6 * by_week,
              "replication %d: link-worker cost %.2f by week, %.2f total, %.2f by year", r, by_week,
              lw_total[r], yearly);
    }
}

static void check_headlines(hid_t f, const char *arm, const double *started)
{
    const char *const scales[] = {"replication"}, *const summary_scales[] = {"statistic"};
    for (int h = 0; h < SPSIM_N_HEADLINES; h++) {
        const spsim_series_info *info = &spsim_headline_table[h];
        char path[256];
        hsize_t dims[1] = {REPS}, stats[1] = {SPSIM_N_STATS};
        snprintf(path, sizeof path, "/arms/%s/headlines_summary/%s", arm, info->name);
        free(read_shaped(f, path, 1, stats));
        check_described(f, path, info, summary_scales, 1);
        snprintf(path, sizeof path, "/arms/%s/headlines/%s", arm, info->name);
        double *x = read_shaped(f, path, 1, dims);
        check_described(f, path, info, scales, 1);
        for (int r = 0; x && started && h == SPSIM_HEADLINE_PEOPLE_SUPPORTED && r < REPS; r++)
            CHECK(x[r] == sum_of(started + (size_t)r * WEEKS * LOCALITIES, WEEKS * LOCALITIES),
                  "people supported is the sum of first_contacts in replication %d", r);
        free(x);
    }
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++) {
        char path[256];
        hsize_t dims[3] = {REPS, LOCALITIES, SPSIM_N_SERVICES};
        const char *const reduction_scales[] = {"replication", "locality", "service"};
        snprintf(path, sizeof path, "/arms/%s/reductions/%s", arm, spsim_reduction_table[m].name);
        free(read_shaped(f, path, 3, dims));
        check_described(f, path, &spsim_reduction_table[m], reduction_scales, 3);
    }
}

static void check_money(hid_t f, const char *arm, const double *started, const double *lw_weekly)
{
    double *measures[SPSIM_N_FY_MEASURES];
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) measures[m] = read_fy(f, arm, m);
    char path[256];
    hsize_t dims[1] = {REPS};
    snprintf(path, sizeof path, "/arms/%s/totals/link_worker_cost", arm);
    double *lw_total = read_shaped(f, path, 1, dims);
    if (measures[SPSIM_FY_COSTS] && measures[SPSIM_FY_TOTAL_COST] && lw_weekly && lw_total)
        check_costs(measures[SPSIM_FY_COSTS], measures[SPSIM_FY_TOTAL_COST], lw_weekly, lw_total);
    free(lw_total);
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) free(measures[m]);
    check_headlines(f, arm, started);
}

static void check_arm(hid_t f, const char *arm)
{
    const char *const scales[] = {"replication"};
    double *referrals = NULL, *by_source = NULL, *started = NULL, *lw_cost = NULL;
    for (int sid = 0; sid < SPSIM_N_SERIES; sid++) {
        weekly ds = {&spsim_series_table[sid], NULL, 1};
        double *values = check_weekly(f, arm, &ds);
        if (sid == SPSIM_SERIES_REFERRALS)
            referrals = values;
        else if (sid == SPSIM_SERIES_FIRST_CONTACTS) /* people supported: they attended */
            started = values;
        else if (sid == SPSIM_SERIES_LW_COST)
            lw_cost = values;
        else
            free(values);
    }
    check_money(f, arm, started, lw_cost);
    free(started);
    free(lw_cost);
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        const spsim_category_info *c = &spsim_category_table[spsim_breakdown_table[b].category];
        weekly ds = {&spsim_breakdown_table[b].info, c->name, c->n};
        double *values = check_weekly(f, arm, &ds);
        if (b == SPSIM_BREAKDOWN_REFERRALS_BY_SOURCE)
            by_source = values;
        else
            free(values);
    }
    if (CHECK(referrals && by_source, "referrals and referrals_by_source read"))
        check_sources_add_up(by_source, referrals);
    free(referrals);
    free(by_source);
    for (int tid = 0; tid < SPSIM_N_TOTALS; tid++) {
        char path[256];
        snprintf(path, sizeof path, "/arms/%s/totals/%s", arm, spsim_total_table[tid].name);
        hsize_t dims[1] = {REPS};
        free(read_shaped(f, path, 1, dims));
        check_described(f, path, &spsim_total_table[tid], scales, 1);
    }
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/parameters", arm);
    static const char *const column[4] = {"key", "value", "unit", "source"};
    for (int c = 0; c < 4; c++) {
        char col[300];
        snprintf(col, sizeof col, "%s/%s", path, column[c]);
        hid_t d = H5Lexists(f, path, H5P_DEFAULT) > 0 && H5Lexists(f, col, H5P_DEFAULT) > 0
                      ? H5Dopen2(f, col, H5P_DEFAULT)
                      : -1;
        hid_t t = d < 0 ? -1 : H5Dget_type(d), space = d < 0 ? -1 : H5Dget_space(d);
        CHECK(d >= 0 && H5Tget_class(t) == H5T_STRING && H5Sget_simple_extent_npoints(space) > 0,
              "%s is a non-empty string variable", col);
        if (space >= 0) H5Sclose(space);
        if (t >= 0) H5Tclose(t);
        if (d >= 0) H5Dclose(d);
    }
}

/* One arm: nothing to compare, but the group is there; nothing to decide, and no group. */
static void check_no_comparisons(hid_t f)
{
    hid_t g = H5Lexists(f, "/comparisons", H5P_DEFAULT) > 0
                  ? H5Gopen2(f, "/comparisons", H5P_DEFAULT)
                  : -1;
    H5G_info_t info = {0};
    if (CHECK(g >= 0, "/comparisons exists")) {
        H5Gget_info(g, &info);
        CHECK(info.nlinks == 0, "one arm: /comparisons is empty (%d)", (int)info.nlinks);
        H5Gclose(g);
    }
    /* nor a decision between arms, nor its scales */
    CHECK(H5Lexists(f, "/decision", H5P_DEFAULT) == 0, "one arm: no /decision");
    CHECK(H5Lexists(f, "/wtp_gbp_per_wellby", H5P_DEFAULT) == 0, "one arm: no willingness grid");
}

/* ncdump reads the file and sees the dimensions and a series with them. */
static void check_ncdump(const char *path)
{
    char command[1200], line[512];
    snprintf(command, sizeof command, "ncdump -h '%s' 2>&1", path);
    FILE *p = popen(command, "r");
    bool dims = false, series = false, breakdown = false, money = false;
    while (p && fgets(line, sizeof line, p)) {
        dims = dims || strstr(line, "week = 522 ;");
        series = series || strstr(line, "int referrals(replication, week, locality) ;");
        breakdown = breakdown || strstr(line, "double vcse_spend_by_funding(replication, week, "
                                              "locality, funding) ;");
        money = money || strstr(line, "double costs(replication, financial_year, money_view, "
                                      "cost_category) ;");
    }
    int status = p ? pclose(p) : -1;
    CHECK(status == 0, "ncdump -h %s succeeds (is netcdf-bin installed?)", path);
    CHECK(dims && series && breakdown,
          "ncdump shows the week dimension, the referrals series and a breakdown");
    CHECK(money, "ncdump shows the costs by financial year with their dimensions");
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/spsim-run-XXXXXX", path[512], command[2048];
    if (!CHECK(argc == 2 && mkdtemp(dir), "usage: output_run_layout SPSIM"))
        return spsim_check_finish();
    snprintf(path, sizeof path, "%s/minimal.h5", dir);
    snprintf(command, sizeof command, "'%s' run scenarios/minimal.yaml -r %d -o '%s' > /dev/null",
             argv[1], REPS, path);
    if (CHECK(system(command) == 0, "%s", command)) {
        hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
        if (CHECK(f >= 0, "open %s", path)) {
            check_root(f);
            char arms[1024];
            attr_text(f, "arms", arms, sizeof arms);
            char *save = NULL;
            for (char *arm = strtok_r(arms, ",", &save); arm; arm = strtok_r(NULL, ",", &save))
                check_arm(f, arm);
            check_no_comparisons(f);
            H5Fclose(f);
        }
        check_ncdump(path);
        remove(path);
    }
    rmdir(dir);
    return spsim_check_finish();
}
