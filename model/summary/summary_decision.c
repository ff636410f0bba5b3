/* The decision block of the headline table, from /decision: at the scenario's willingness to
 * pay, each arm's acceptability (the share of replications in which it has the highest net
 * monetary benefit), EVPI, and, when the file has EVPPI, the five parameters worth most to know.
 * A file without /decision (a run of one arm, or an older file) prints none of it. */
#include "summary_print.h"

#include <math.h>
#include <stdlib.h>

#include "../io/h5util.h"

enum {
    EVPPI_SHOWN = 5 /* parameters listed, largest EVPPI first */
};

/* The facts of /decision the block prints. */
typedef struct {
    double wtp, index, parameter_uncertainty, arms_share_wtp;
    double *ceac, *evpi;
    size_t n_ceac, n_evpi;
} decision_facts;

static int read_facts(hid_t f, const char *path, decision_facts *d, char *err, size_t errlen)
{
    hid_t g = H5Gopen2(f, "/decision", H5P_DEFAULT);
    if (g < 0) {
        snprintf(err, errlen, "cannot open group /decision of %s", path);
        return -1;
    }
    int status = spsim_h5_get_double(g, "/decision", "wtp_gbp_per_wellby", &d->wtp, err, errlen);
    if (status == 0)
        status = spsim_h5_get_double(g, "/decision", "scenario_wtp_index", &d->index, err, errlen);
    if (status == 0)
        status = spsim_h5_get_double(g, "/decision", "includes_parameter_uncertainty",
                                     &d->parameter_uncertainty, err, errlen);
    if (status == 0)
        status =
            spsim_h5_get_double(g, "/decision", "arms_share_wtp", &d->arms_share_wtp, err, errlen);
    H5Gclose(g);
    if (status == 0)
        d->ceac = spsim_summary_read_vector(f, path, "/decision/ceac", &d->n_ceac, err, errlen);
    if (d->ceac)
        d->evpi = spsim_summary_read_vector(f, path, "/decision/evpi_gbp", &d->n_evpi, err, errlen);
    return d->evpi ? 0 : -1;
}

/* The heading, one row per arm of acceptability at the scenario's point, and EVPI. */
static void print_acceptability(const decision_facts *d, size_t row, const char *const *arms,
                                int n_arms, FILE *out)
{
    char wtp[48], share[48], evpi[48];
    spsim_summary_format_number(d->wtp, SHOW_WHOLE, wtp, sizeof wtp);
    fprintf(out, "\nDecision between arms at %s GBP per WELLBY (%s)\n", wtp,
            d->parameter_uncertainty > 0 ? "parameter uncertainty and chance"
                                         : "chance alone: no parameter distributions");
    if (!(d->arms_share_wtp > 0))
        fprintf(out, "  (the first arm's willingness to pay: the arms' own differ)\n");
    fprintf(out, "  Arm with the highest net monetary benefit (%% of replications)\n");
    for (int a = 0; a < n_arms; a++) {
        spsim_summary_format_number(d->ceac[row * (size_t)n_arms + (size_t)a], SHOW_PERCENT, share,
                                    sizeof share);
        fprintf(out, "    %-36s %14s\n", arms[a], share);
    }
    spsim_summary_format_number(d->evpi[row], SHOW_WHOLE, evpi, sizeof evpi);
    fprintf(out, "  %-38s %14s\n", "Perfect information, EVPI (GBP)", evpi);
}

/* The names along /psa_key (variable-length strings, allocated by HDF5), NULL with a message
 * when unreadable; free with free_names. */
static char **read_names(hid_t f, const char *path, size_t n, char *err, size_t errlen)
{
    char **names = calloc(n > 0 ? n : 1, sizeof *names);
    hid_t d = H5Dopen2(f, "/psa_key", H5P_DEFAULT), str = spsim_h5_string_type();
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    bool ok = names && d >= 0 && str >= 0 && space >= 0 &&
              H5Sget_simple_extent_npoints(space) == (hssize_t)n &&
              H5Dread(d, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, names) >= 0;
    if (!ok) {
        snprintf(err, errlen, "cannot read the key names /psa_key of %s for /decision/evppi_gbp",
                 path);
        free(names);
        names = NULL;
    }
    if (space >= 0) H5Sclose(space);
    if (str >= 0) H5Tclose(str);
    if (d >= 0) H5Dclose(d);
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t k = 0; names && k < n; k++) H5free_memory(names[k]);
    free(names);
}

/* The index of the largest EVPPI not yet shown (NaN never), or -1. */
static long next_largest(const double *evppi, const bool *shown, size_t n)
{
    long best = -1;
    for (size_t k = 0; k < n; k++)
        if (!shown[k] && !isnan(evppi[k]) && (best < 0 || evppi[k] > evppi[best])) best = (long)k;
    return best;
}

/* EVPPI per key with its names, read whole before anything is printed. */
typedef struct {
    size_t n;
    double *gbp, minimum_replications;
    char **names;
} evppi_facts;

static int read_evppi(hid_t f, const char *path, evppi_facts *e, char *err, size_t errlen)
{
    if (H5Lexists(f, "/decision/evppi_gbp", H5P_DEFAULT) <= 0) return 0;
    e->gbp = spsim_summary_read_vector(f, path, "/decision/evppi_gbp", &e->n, err, errlen);
    if (e->gbp &&
        spsim_h5_get_dataset_double(f, path, "/decision/evppi_gbp", "minimum_replications",
                                    &e->minimum_replications, err, errlen) == 0)
        e->names = read_names(f, path, e->n, err, errlen);
    return e->names ? 0 : -1;
}

/* The five largest EVPPI with their share of EVPI, or why there are none. */
static void print_evppi(const evppi_facts *e, double evpi, FILE *out)
{
    bool *shown = calloc(e->n > 0 ? e->n : 1, sizeof *shown);
    if (!shown || !e->names) {
        free(shown);
        return;
    }
    long k = next_largest(e->gbp, shown, e->n);
    if (k < 0)
        fprintf(out, "  EVPPI: n/a (the regression needs at least %.0f replications)\n",
                e->minimum_replications);
    else
        fprintf(out, "  Largest partial values, EVPPI (GBP; %% of EVPI)\n");
    for (int i = 0; i < EVPPI_SHOWN && k >= 0; i++, k = next_largest(e->gbp, shown, e->n)) {
        char gbp[48], share[48];
        spsim_summary_format_number(e->gbp[k], SHOW_WHOLE, gbp, sizeof gbp);
        spsim_summary_format_number(evpi > 0 ? e->gbp[k] / evpi : NAN, SHOW_PERCENT, share,
                                    sizeof share);
        fprintf(out, "    %-36s %14s   %s\n", e->names[k], gbp, share);
        shown[k] = true;
    }
    free(shown);
}

/* Whether the ceac has one row per point of evpi_gbp and a column per arm, and the scenario's
 * row is one of them; a message otherwise. */
static bool shaped(const decision_facts *d, int n_arms, const char *path, char *err, size_t errlen)
{
    if (n_arms >= 1 && d->n_ceac == d->n_evpi * (size_t)n_arms && d->index >= 0 &&
        d->index < (double)d->n_evpi)
        return true;
    snprintf(err, errlen,
             "/decision/ceac of %s does not have one row per willingness to pay of "
             "/decision/evpi_gbp and one column per arm, or the scenario's row is missing",
             path);
    return false;
}

int spsim_summary_print_decision(hid_t f, const char *path, const char *const *arms, int n_arms,
                                 FILE *out, char *err, size_t errlen)
{
    if (H5Lexists(f, "/decision", H5P_DEFAULT) <= 0) return 0;
    decision_facts d = {.ceac = NULL, .evpi = NULL};
    evppi_facts e = {.gbp = NULL, .names = NULL};
    int status = read_facts(f, path, &d, err, errlen);
    if (status == 0 && !shaped(&d, n_arms, path, err, errlen)) status = -1;
    if (status == 0) status = read_evppi(f, path, &e, err, errlen);
    if (status == 0) {
        size_t row = (size_t)d.index;
        print_acceptability(&d, row, arms, n_arms, out);
        print_evppi(&e, d.evpi[row], out);
    }
    free_names(e.names, e.n);
    free(e.gbp);
    free(d.ceac);
    free(d.evpi);
    return status;
}
