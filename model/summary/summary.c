#define _POSIX_C_SOURCE 200809L

/* The entry points of `spsim summary`: the verdict (summary_verdict.c) and, with --full, the
 * headline table from a file's totals: the file's facts, each arm's block, then every pair of
 * arms compared (summary_print.h). */
#include "summary.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <hdf5.h>

#include "summary_print.h"
#include "../io/h5util.h"

int spsim_summary_read_facts(hid_t f, const char *path, spsim_summary_facts *facts, char *err,
                             size_t errlen)
{
    char where[1100];
    snprintf(where, sizeof where, "%s", path);
    if (H5Aexists(f, "spsim_version") <= 0) {
        snprintf(err, errlen, "%s is not an spsim output file (no spsim_version attribute)", path);
        return -1;
    }
    if (spsim_h5_get_string(f, where, "spsim_version", facts->version, sizeof facts->version, err,
                            errlen) < 0 ||
        spsim_h5_get_string(f, where, "scenario_name", facts->scenario, sizeof facts->scenario, err,
                            errlen) < 0 ||
        spsim_h5_get_string(f, where, "start_date", facts->start_date, sizeof facts->start_date,
                            err, errlen) < 0 ||
        spsim_h5_get_string(f, where, "arms", facts->arms, sizeof facts->arms, err, errlen) < 0 ||
        spsim_h5_get_double(f, where, "replications", &facts->replications, err, errlen) < 0 ||
        spsim_h5_get_double(f, where, "weeks", &facts->weeks, err, errlen) < 0 ||
        spsim_h5_get_double(f, where, "horizon_years", &facts->horizon_years, err, errlen) < 0 ||
        spsim_h5_get_uint64(f, where, "seed", &facts->seed, err, errlen) < 0)
        return -1;
    return 0;
}

int spsim_summary_split_arms(char *list, const char *arms[SPSIM_MAX_ARMS])
{
    int n_arms = 0;
    char *save = NULL;
    for (char *arm = strtok_r(list, ",", &save); arm && n_arms < SPSIM_MAX_ARMS;
         arm = strtok_r(NULL, ",", &save))
        arms[n_arms++] = arm;
    return n_arms;
}

void spsim_summary_precision_text(hid_t f, char *buf, size_t len)
{
    buf[0] = '\0';
    if (H5Aexists(f, "precision") <= 0) return;
    char ignored[256], widest[256] = "";
    double asked = NAN, met = NAN, cap = NAN;
    spsim_h5_get_double(f, "/", "precision", &asked, ignored, sizeof ignored);
    spsim_h5_get_double(f, "/", "precision_met", &met, ignored, sizeof ignored);
    spsim_h5_get_double(f, "/", "precision_max_replications", &cap, ignored, sizeof ignored);
    spsim_h5_get_string(f, "/", "precision_widest", widest, sizeof widest, ignored, sizeof ignored);
    if (met == 1.0)
        snprintf(buf, len,
                 "Replications enough for precision %g: every headline's 95 %% confidence "
                 "interval within that share of its mean, or its floor (needed the most: %s)",
                 asked, widest);
    else
        snprintf(buf, len,
                 "Precision %g NOT reached: stopped at the cap of %.0f replications (still too "
                 "wide: %s)",
                 asked, cap, widest);
}

static void print_precision(hid_t f, FILE *out)
{
    char text[512];
    spsim_summary_precision_text(f, text, sizeof text);
    if (text[0]) fprintf(out, "%s\n", text);
}

/* Every arm's block first, then every pair of arms in the order the file lists them, then the
 * decision between them. */
static int print_file(hid_t f, const char *path, FILE *out, char *err, size_t errlen)
{
    spsim_summary_facts facts;
    if (spsim_summary_read_facts(f, path, &facts, err, errlen) < 0) return -1;
    fprintf(out, "Scenario %s: %.0f replications, horizon %g years (%.0f weeks from %s)\n",
            facts.scenario, facts.replications, facts.horizon_years, facts.weeks, facts.start_date);
    fprintf(out, "File %s: seed %llu, spsim %s\n", path, (unsigned long long)facts.seed,
            facts.version);
    print_precision(f, out);
    const char *arms[SPSIM_MAX_ARMS];
    int n_arms = spsim_summary_split_arms(facts.arms, arms);
    for (int a = 0; a < n_arms; a++)
        if (spsim_summary_print_arm(f, path, arms[a], out, err, errlen) < 0) return -1;
    for (int a = 0; a < n_arms; a++)
        for (int b = a + 1; b < n_arms; b++)
            if (spsim_summary_print_pair(f, path, arms[a], arms[b], out, err, errlen) < 0)
                return -1;
    return spsim_summary_print_decision(f, path, arms, n_arms, out, err, errlen);
}

/* Opens h5_path for reading, with the messages every summary shares, and prints it with `print`. */
static int print_with(int (*print)(hid_t, const char *, FILE *, char *, size_t),
                      const char *h5_path, FILE *out, char *err, size_t errlen)
{
    struct stat st;
    if (stat(h5_path, &st) != 0) {
        snprintf(err, errlen, "cannot open %s: no such file", h5_path);
        return -1;
    }
    spsim_h5_error_printing saved;
    spsim_h5_quiet(&saved);
    int status = -1;
    if (H5Fis_hdf5(h5_path) <= 0) {
        snprintf(err, errlen, "%s is not an spsim output file (not an HDF5 file)", h5_path);
    } else {
        hid_t f = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
        if (f < 0)
            snprintf(err, errlen, "cannot open %s as an HDF5 file", h5_path);
        else
            status = print(f, h5_path, out, err, errlen);
        if (f >= 0) H5Fclose(f);
    }
    spsim_h5_restore(&saved);
    return status;
}

int spsim_summary_print(const char *h5_path, FILE *out, char *err, size_t errlen)
{
    return print_with(print_file, h5_path, out, err, errlen);
}

int spsim_summary_print_verdict(const char *h5_path, FILE *out, char *err, size_t errlen)
{
    return print_with(spsim_summary_verdict, h5_path, out, err, errlen);
}
