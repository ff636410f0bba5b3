/* A run of a scenario with distributions: each replication draws its own parameter set, every
 * arm of the replication runs with it, the draws are reproducible and do not depend on the
 * number of threads, and they are written to /psa exactly as the run used them. Also: a
 * scenario resolved with its means is the scenario written with those numbers, and a fragment
 * included gives the run its values written in place give. Small scenarios (one locality, one
 * year, a few replications) with fixed seeds: every check is an exact equality. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "check.h"
#include "engine/runner.h"
#include "io/h5write.h"
#include "scenario/uncertainty.h"

#define FIXTURES "tests/uncertainty/fixtures/"

#define TOWN                                                                                       \
    "start_date: 2025-04-01\nreplications: 4\nhorizon_years: 1\nseed: 7\n"                         \
    "localities:\n  town:\n"                                                                       \
    "    population: {age_0_15: 1000, age_16_29: 1000, age_30_49: 1000, age_50_64: 1000,\n"        \
    "                 age_65_plus: 1000}\n"                                                        \
    "    deprivation: 0.1\n    rurality: 0.5\n"

/* Two arms with nothing between them but their names. */
static const char twins[] = "name: twins\n" TOWN "    link_workers:\n"
                            "      fte: {dist: uniform, min: 1.5, max: 2.5}\n"
                            "uptake:\n  probability: {dist: uniform, min: 0.5, max: 0.75}\n"
                            "support:\n  no_show_probability: {dist: uniform, min: 0.125, max: "
                            "0.25}\n"
                            "economics:\n  unit_cost_gbp: {gp: {dist: gamma, mean: 45, sd: 4.5}, "
                            "ae: 273, admissions: 2595}\n"
                            "arms:\n  a: {}\n  b: {}\n";

/* The same, with every distribution written as its mean. */
static const char means[] = "name: twins\n" TOWN "    link_workers:\n      fte: 2\n"
                            "uptake:\n  probability: 0.625\n"
                            "support:\n  no_show_probability: 0.1875\n"
                            "economics:\n  unit_cost_gbp: {gp: 45, ae: 273, admissions: 2595}\n"
                            "arms:\n  a: {}\n  b: {}\n";

static spsim_scenario *parse(const char *text)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "psa.yaml");
    spsim_scenario *s = spsim_scenario_parse(text, strlen(text), "psa.yaml", &d);
    if (!s) spsim_diagnostics_print(&d, stdout);
    spsim_diagnostics_free(&d);
    return s;
}

static spsim_scenario *load(const char *path)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, path);
    spsim_scenario *s = spsim_scenario_load(path, &d);
    if (!s) spsim_diagnostics_print(&d, stdout);
    spsim_diagnostics_free(&d);
    return s;
}

static spsim_run *run_with(const spsim_scenario *s, int threads)
{
    char err[512];
    spsim_run_options opt = {.threads = threads};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    CHECK(run != NULL, "the run fails: %s", err);
    return run;
}

/* Every total of every arm and replication, bit for bit. */
static bool same_totals(const spsim_run *x, const spsim_run *y)
{
    if (x->n_arms != y->n_arms || x->n_replications != y->n_replications) return false;
    for (int a = 0; a < x->n_arms; a++)
        for (int r = 0; r < x->n_replications; r++)
            if (memcmp(x->results[a][r].totals, y->results[a][r].totals,
                       sizeof x->results[a][r].totals) != 0)
                return false;
    return true;
}

static bool same_draws(const spsim_run *x, const spsim_run *y)
{
    size_t n = (size_t)x->n_replications * (size_t)x->n_psa_keys;
    return x->n_psa_keys == y->n_psa_keys && x->n_replications == y->n_replications &&
           memcmp(x->psa_values, y->psa_values, n * sizeof *x->psa_values) == 0;
}

static void test_draws(const spsim_scenario *s)
{
    spsim_run *one = run_with(s, 1), *two = run_with(s, 2), *again = run_with(s, 2);
    if (!one || !two || !again) goto done;
    CHECK(one->n_psa_keys == 4, "one column per uncertain key (%d)", one->n_psa_keys);
    CHECK(same_draws(one, two) && same_totals(one, two), "-j 1 and -j 2: bit-identical");
    CHECK(same_draws(two, again) && same_totals(two, again), "two runs: bit-identical");
    int k = one->n_psa_keys;
    bool differ = true, in_range = true, arms_same = true;
    for (int r = 1; r < one->n_replications; r++)
        for (int j = 0; j < k; j++)
            differ &= one->psa_values[r * k + j] != one->psa_values[(r - 1) * k + j];
    for (int r = 0; r < one->n_replications; r++) {
        double fte = one->psa_values[r * k], uptake = one->psa_values[r * k + 1];
        in_range &= fte >= 1.5 && fte <= 2.5 && uptake >= 0.5 && uptake <= 0.75;
        /* the twin arms ran the same parameter set with the same streams */
        arms_same &= memcmp(one->results[0][r].totals, one->results[1][r].totals,
                            sizeof one->results[0][r].totals) == 0;
    }
    CHECK(differ, "every key's draw differs between consecutive replications");
    CHECK(in_range, "draws inside their distributions' ranges");
    CHECK(arms_same, "both arms of each replication ran the same parameter set");
    CHECK(one->results[0][0].totals[SPSIM_TOTAL_REFERRALS] > 0, "people are referred");
done:
    spsim_run_free(one);
    spsim_run_free(two);
    spsim_run_free(again);
}

/* with_values(means) is the scenario written with the means; the arm selection is kept. */
static void test_means(spsim_scenario *s)
{
    spsim_scenario *plain = parse(means);
    double values[8];
    spsim_uncertain_means(s, values);
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "psa.yaml");
    spsim_scenario *at_means = spsim_scenario_with_values(s, values, &d);
    spsim_diagnostics_free(&d);
    if (CHECK(plain && at_means, "both scenarios resolve")) {
        CHECK(at_means->n_uncertain == 0, "a scenario with values has no uncertain keys");
        CHECK(memcmp(plain->arms, at_means->arms, sizeof plain->arms) == 0,
              "resolved with the means, the arms are those of the means written out");
        CHECK(memcmp(s->arms, at_means->arms, sizeof s->arms) == 0, "and those of the plain load");
        spsim_run *x = run_with(plain, 2), *y = run_with(at_means, 2);
        CHECK(x && y && same_totals(x, y), "and they run the same");
        CHECK(y && y->n_psa_keys == 0 && !y->psa_values, "a run without distributions draws none");
        spsim_run_free(x);
        spsim_run_free(y);
    }
    spsim_scenario_free(at_means);
    char err[256];
    spsim_scenario *one_arm = parse(twins);
    if (CHECK(one_arm && spsim_scenario_select_arms(one_arm, "b", err, sizeof err) == 0,
              "arm b selected")) {
        spsim_diagnostics_init(&d, "psa.yaml");
        at_means = spsim_scenario_with_values(one_arm, values, &d);
        spsim_diagnostics_free(&d);
        CHECK(at_means && at_means->n_arms == 1 && strcmp(at_means->arms[0].name, "b") == 0,
              "the arm selection is kept");
        spsim_scenario_free(at_means);
    }
    spsim_scenario_free(one_arm);
    spsim_scenario_free(plain);
}

/* A value out of its key's range is refused. */
static void test_out_of_range(const spsim_scenario *s)
{
    double values[4] = {2, 1.5, 0.2, 45};
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "psa.yaml");
    spsim_scenario *t = spsim_scenario_with_values(s, values, &d);
    CHECK(!t && d.n > 0 && strstr(d.items[0].message, "'uptake.probability' is 1.5") != NULL,
          "take-up 1.5 is refused: %s", d.n ? d.items[0].message : "");
    spsim_scenario_free(t);
    spsim_diagnostics_free(&d);
}

/* /psa/draws holds run->psa_values, with the key of each column. */
static void test_written(const spsim_scenario *s)
{
    spsim_run *run = run_with(s, 2);
    char path[] = "/tmp/spsim-psa-XXXXXX", file[64], err[512];
    if (!run || !mkdtemp(path)) {
        spsim_run_free(run);
        return;
    }
    snprintf(file, sizeof file, "%s/psa.h5", path);
    if (CHECK(spsim_h5_write(file, s, run, err, sizeof err) == 0, "written: %s", err)) {
        hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
        hid_t d = H5Dopen2(f, "/psa/draws", H5P_DEFAULT);
        hid_t space = H5Dget_space(d);
        hsize_t dims[2] = {0, 0};
        H5Sget_simple_extent_dims(space, dims, NULL);
        CHECK(dims[0] == 4 && dims[1] == 4, "replication x key: %llu x %llu",
              (unsigned long long)dims[0], (unsigned long long)dims[1]);
        double got[16] = {0};
        H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, got);
        CHECK(memcmp(got, run->psa_values, sizeof got) == 0, "/psa/draws is what the run used");
        hid_t keys = H5Dopen2(f, "/psa/key", H5P_DEFAULT), str = H5Dget_type(keys);
        char *names[4] = {NULL};
        H5Dread(keys, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, names);
        CHECK(names[0] && strcmp(names[0], "localities.town.link_workers.fte") == 0 && names[3] &&
                  strcmp(names[3], "economics.unit_cost_gbp.gp") == 0,
              "the columns' keys: %s .. %s", names[0], names[3]);
        hid_t kspace = H5Dget_space(keys);
        H5Dvlen_reclaim(str, kspace, H5P_DEFAULT, names);
        H5Sclose(kspace);
        H5Tclose(str);
        H5Dclose(keys);
        H5Sclose(space);
        H5Dclose(d);
        H5Fclose(f);
        unlink(file);
    }
    rmdir(path);
    spsim_run_free(run);
}

/* base.yaml with fragment.yaml included gives the run of inline.yaml. */
static void test_include(void)
{
    spsim_scenario *inc = load(FIXTURES "with_include.yaml"), *inl = load(FIXTURES "inline.yaml");
    if (!CHECK(inc && inl, "both load")) goto done;
    CHECK(inc->n_uncertain == 3 && inl->n_uncertain == 3, "three uncertain keys each");
    bool same_keys = true;
    for (int k = 0; k < 3 && inc->n_uncertain == 3; k++)
        same_keys &= strcmp(inc->uncertain[k].key, inl->uncertain[k].key) == 0 &&
                     memcmp(&inc->uncertain[k].dist, &inl->uncertain[k].dist,
                            sizeof inc->uncertain[k].dist) == 0;
    CHECK(same_keys, "the same keys and distributions");
    CHECK(strcmp(inc->uncertain[0].file, FIXTURES "fragment.yaml") == 0 &&
              inc->uncertain[0].line == 5,
          "a key remembers the fragment it is written in: %s:%d", inc->uncertain[0].file,
          inc->uncertain[0].line);
    CHECK(memcmp(inc->arms, inl->arms, sizeof inc->arms) == 0, "the same arms at the means");
    CHECK(strstr(inc->text, "include: [base.yaml, fragment.yaml]\n") == inc->text &&
              strstr(inc->text, "\n# ---- included file " FIXTURES "fragment.yaml ----\n# Values "
                                "that replace base.yaml's") != NULL,
          "the scenario's text holds the fragments it includes, each named");
    spsim_run *x = run_with(inc, 2), *y = run_with(inl, 2);
    CHECK(x && y && same_draws(x, y) && same_totals(x, y), "the same run");
    spsim_run_free(x);
    spsim_run_free(y);
done:
    spsim_scenario_free(inc);
    spsim_scenario_free(inl);
}

/* A drawn share is renormalised with its row: gp drawn at 0.9 where the others sum to 0.4
 * gives gp 0.9 / 1.3 and every share divided by 1.3. */
static void test_shares(void)
{
    static const char text[] =
        "name: shares\n" TOWN "referral:\n  source_shares: {gp: {dist: beta, mean: 0.6, sd: "
        "0.1}, other_primary_care: 0.1, pharmacy: 0.1, hospital_discharge: 0.05, social_care: "
        "0.05, vcse: 0.04, other_statutory: 0.03, self_referral: 0.03}\n";
    spsim_scenario *s = parse(text);
    if (!CHECK(s && s->n_uncertain == 1, "a share as a distribution loads")) {
        spsim_scenario_free(s);
        return;
    }
    double gp = 0.9;
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, "psa.yaml");
    spsim_scenario *t = spsim_scenario_with_values(s, &gp, &d);
    spsim_diagnostics_free(&d);
    if (CHECK(t != NULL, "a row summing to 1.3 is accepted once divided by its sum")) {
        const double *shares = t->arms[0].referral.source_share;
        double sum = 0;
        for (int k = 0; k < SPSIM_N_SOURCES; k++) sum += shares[k];
        CHECK_NEAR(sum, 1, 1e-12, "the drawn row sums to 1");
        CHECK_NEAR(shares[SPSIM_SOURCE_GP], 0.9 / 1.3, 1e-12, "gp share");
        CHECK_NEAR(shares[SPSIM_SOURCE_PHARMACY], 0.1 / 1.3, 1e-12, "a share written as a number");
    }
    spsim_scenario_free(t);
    spsim_scenario_free(s);
}

int main(void)
{
    spsim_scenario *s = parse(twins);
    if (CHECK(s != NULL && s->n_uncertain == 4, "the twins scenario has four uncertain keys")) {
        test_draws(s);
        test_means(s);
        test_out_of_range(s);
        test_written(s);
    }
    spsim_scenario_free(s);
    test_include();
    test_shares();
    return spsim_check_finish();
}
