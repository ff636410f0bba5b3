/* The decision between arms: the group /decision with the acceptability curve (wtp x arm), the
 * frontier arm and EVPI at each willingness to pay of the grid, and, when the run drew
 * parameters and names them, EVPPI of each parameter at the scenario's willingness to pay.
 * Computed by economics/decision.h from each arm's discounted WELLBYs and net cost per
 * replication, the figures the headline net monetary benefit is made of. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "h5util.h"
#include "h5writer.h"
#include "../economics/decision.h"
#include "../economics/economics.h"

static const spsim_series_info ceac_info = {
    "ceac", "share of replications",
    "cost-effectiveness acceptability curve: at each willingness to pay, the share of "
    "replications in which the arm has the highest net monetary benefit (arms tied for the "
    "highest share that replication evenly); each row sums to 1",
    false};
static const spsim_series_info frontier_info = {
    "frontier_arm", "arm",
    "cost-effectiveness frontier: at each willingness to pay, the arm with the highest mean net "
    "monetary benefit (the first in scenario order on a tie)",
    false};
static const spsim_series_info evpi_info = {
    "evpi_gbp", "GBP",
    "expected value of perfect information on the choice of arm: mean over replications of the "
    "best arm's net monetary benefit minus the best arm's mean, discounted, over the horizon, for "
    "the whole population modelled; without parameter distributions, the value of removing "
    "chance, not of further evidence",
    false};
static const spsim_series_info evppi_info = {
    "evppi_gbp", "GBP",
    "expected value of partial perfect information on each uncertain key alone, at the "
    "scenario's willingness to pay, by regression of each arm's net monetary benefit relative to "
    "the first on the key (Strong, Oakley and Brennan 2014); at most EVPI; NaN with too few "
    "replications for the regression",
    false};
static const spsim_series_info degree_info = {
    "evppi_basis_degree", "1",
    "polynomial degree of the regression behind each EVPPI, chosen by generalised "
    "cross-validation (0: the key never varied, or too few replications)",
    true};
static const spsim_series_info capped_info = {
    "evppi_capped", "1",
    "1 where the regression's estimate of EVPPI exceeded EVPI and was cut to it, 0 otherwise",
    true};

/* Each arm's discounted WELLBYs and net cost, [r * n_arms + a]. */
static void gather(const spsim_h5_writer *w, double *wellbys, double *net_cost)
{
    int arms = w->run->n_arms;
    for (int r = 0; r < w->run->n_replications; r++)
        for (int a = 0; a < arms; a++) {
            const double *h = w->run->results[a][r].economics->headlines;
            wellbys[(long)r * arms + a] = h[SPSIM_HEADLINE_WELLBYS];
            net_cost[(long)r * arms + a] = h[SPSIM_HEADLINE_NET_COST];
        }
}

/* The decision's willingness to pay: the first arm's; *agree says whether every arm has it. */
static double decision_wtp(const spsim_scenario *s, bool *agree)
{
    double wtp = s->arms[0].economics.willingness_to_pay_per_wellby_gbp;
    *agree = true;
    for (int a = 1; a < s->n_arms; a++)
        *agree = *agree && s->arms[a].economics.willingness_to_pay_per_wellby_gbp == wtp;
    return wtp;
}

static int write_grid_scales(spsim_h5_writer *w, const spsim_decision *d)
{
    const char *arms[SPSIM_MAX_ARMS];
    for (int a = 0; a < w->s->n_arms; a++) arms[a] = w->s->arms[a].name;
    const char *where = "/wtp_gbp_per_wellby";
    if (spsim_h5w_write_scale(w, DIM_WTP, (hsize_t)d->n_wtp, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                              d->wtp) < 0 ||
        spsim_h5_put_string(w->scale[DIM_WTP], where, "units", "GBP per WELLBY", w->err,
                            w->errlen) < 0 ||
        spsim_h5_put_string(w->scale[DIM_WTP], where, "description",
                            "willingness to pay for a WELLBY, at price_year prices: 0 to 50,000 "
                            "in steps of 500, with the scenario's own value in order",
                            w->err, w->errlen) < 0)
        return -1;
    return spsim_h5w_write_name_scale(w, DIM_ARM, (hsize_t)w->s->n_arms, arms);
}

/* Attributes every reader of a decision dataset needs: the scenario's willingness to pay and
 * what the spread across replications reflects. */
static int put_context(spsim_h5_writer *w, hid_t obj, const char *where, const spsim_decision *d,
                       bool arms_agree)
{
    bool psa = w->run->n_psa_keys > 0;
    char *e = w->err;
    size_t n = w->errlen;
    if (spsim_h5_put_double(obj, where, "wtp_gbp_per_wellby", d->wtp[d->scenario_index], e, n) <
            0 ||
        spsim_h5_put_int(obj, where, "scenario_wtp_index", d->scenario_index, e, n) < 0 ||
        spsim_h5_put_int(obj, where, "arms_share_wtp", arms_agree ? 1 : 0, e, n) < 0 ||
        spsim_h5_put_int(obj, where, "includes_parameter_uncertainty", psa ? 1 : 0, e, n) < 0 ||
        spsim_h5_put_string(obj, where, "uncertainty",
                            psa ? "parameter uncertainty and chance" : "chance alone", e, n) < 0 ||
        spsim_h5_put_int(obj, where, "replications_used", d->n_replications_used, e, n) < 0)
        return -1;
    return 0;
}

/* Opens dataset `name` of `group` and puts a number attribute on it. */
static int put_number(spsim_h5_writer *w, hid_t group, const char *name, const char *attr,
                      double value)
{
    char where[WHERE_MAX];
    snprintf(where, sizeof where, "/decision/%s", name);
    hid_t d = H5Dopen2(group, name, H5P_DEFAULT);
    if (d < 0) {
        snprintf(w->err, w->errlen, "cannot open dataset %s", where);
        return -1;
    }
    int status = spsim_h5_put_double(d, where, attr, value, w->err, w->errlen);
    H5Dclose(d);
    return status;
}

static int write_frontier(spsim_h5_writer *w, hid_t g, const spsim_decision *d)
{
    const char *names[SPSIM_WTP_GRID_MAX_POINTS];
    for (int i = 0; i < d->n_wtp; i++) /* -1: no replication had numbers for every arm */
        names[i] = d->frontier_arm[i] >= 0 ? w->s->arms[d->frontier_arm[i]].name : "none";
    hid_t str = spsim_h5_string_type();
    if (str < 0) {
        snprintf(w->err, w->errlen, "cannot make a string type for /decision/frontier_arm");
        return -1;
    }
    hsize_t dims[1] = {(hsize_t)d->n_wtp};
    int ids[1] = {DIM_WTP};
    int status = spsim_h5w_write_whole(w, g, "/decision/frontier_arm", &frontier_info, 1, dims, ids,
                                       false, str, str, names);
    H5Tclose(str);
    return status;
}

/* The context attributes on the acceptability curve itself, so that the curve says what it
 * reflects wherever it is read. */
static int put_curve_context(spsim_h5_writer *w, hid_t g, const spsim_decision *d, bool arms_agree)
{
    hid_t c = H5Dopen2(g, ceac_info.name, H5P_DEFAULT);
    if (c < 0) {
        snprintf(w->err, w->errlen, "cannot open dataset /decision/ceac");
        return -1;
    }
    int status = put_context(w, c, "/decision/ceac", d, arms_agree);
    H5Dclose(c);
    return status;
}

static int write_curves(spsim_h5_writer *w, hid_t g, const spsim_decision *d, bool arms_agree)
{
    hsize_t dims[2] = {(hsize_t)d->n_wtp, (hsize_t)d->n_arms};
    int ids[2] = {DIM_WTP, DIM_ARM};
    if (spsim_h5w_write_whole(w, g, "/decision/ceac", &ceac_info, 2, dims, ids, false,
                              H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, d->acceptability) < 0 ||
        put_curve_context(w, g, d, arms_agree) < 0 ||
        spsim_h5w_write_whole(w, g, "/decision/evpi_gbp", &evpi_info, 1, dims, ids, false,
                              H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, d->evpi_gbp) < 0 ||
        put_number(w, g, evpi_info.name, "evpi_at_scenario_wtp_gbp",
                   d->evpi_gbp[d->scenario_index]) < 0)
        return -1;
    return write_frontier(w, g, d);
}

/* EVPPI per key with the degree chosen and whether it was capped, along a psa_key scale. */
static int write_evppi(spsim_h5_writer *w, hid_t g, const spsim_decision *d)
{
    int n = d->n_keys;
    double *values = malloc((size_t)n * 3 * sizeof *values);
    if (!values) {
        snprintf(w->err, w->errlen, "out of memory writing /decision/evppi_gbp");
        return -1;
    }
    for (int k = 0; k < n; k++) {
        values[k] = d->evppi[k].evppi_gbp;
        values[n + k] = d->evppi[k].degree;
        values[2 * n + k] = d->evppi[k].capped ? 1 : 0;
    }
    hsize_t dims[1] = {(hsize_t)n};
    int ids[1] = {DIM_PSA_KEY};
    int status = spsim_h5w_write_name_scale(w, DIM_PSA_KEY, dims[0], w->psa_key_names);
    if (status == 0)
        status =
            spsim_h5w_write_values(w, g, "/decision/evppi_gbp", &evppi_info, 1, dims, ids, values);
    if (status == 0)
        status = put_number(w, g, evppi_info.name, "evpi_gbp", d->evpi_gbp[d->scenario_index]);
    if (status == 0)
        status = put_number(w, g, evppi_info.name, "minimum_replications",
                            2.0 * SPSIM_EVPPI_REPLICATIONS_PER_TERM);
    if (status == 0)
        status = spsim_h5w_write_values(w, g, "/decision/evppi_basis_degree", &degree_info, 1, dims,
                                        ids, values + n);
    if (status == 0)
        status = spsim_h5w_write_values(w, g, "/decision/evppi_capped", &capped_info, 1, dims, ids,
                                        values + 2 * n);
    free(values);
    return status;
}

static int write_group(spsim_h5_writer *w, const spsim_decision *d, bool arms_agree)
{
    hid_t g = spsim_h5w_create_group(w, w->file, "decision", "/decision");
    if (g < 0) return -1;
    int status = put_context(w, g, "/decision", d, arms_agree);
    if (status == 0) status = write_curves(w, g, d, arms_agree);
    if (status == 0 && d->n_keys > 0 && w->psa_key_names) status = write_evppi(w, g, d);
    H5Gclose(g);
    return status;
}

int spsim_h5w_write_decision(spsim_h5_writer *w)
{
    const spsim_run *run = w->run;
    if (run->n_arms < 2) return 0; /* no choice to make */
    size_t cells = (size_t)run->n_replications * (size_t)run->n_arms;
    double *wellbys = malloc(cells * sizeof *wellbys), *net_cost = malloc(cells * sizeof *net_cost);
    bool agree;
    double wtp = decision_wtp(w->s, &agree);
    spsim_decision d = {0};
    int status = -1;
    if (wellbys && net_cost) {
        gather(w, wellbys, net_cost);
        status = spsim_decision_analyse(wellbys, net_cost, run->n_replications, run->n_arms, wtp,
                                        run->psa_values, run->n_psa_keys, &d);
    }
    free(wellbys);
    free(net_cost);
    if (status < 0) {
        snprintf(w->err, w->errlen, "out of memory analysing the decision between arms");
        return -1;
    }
    status = write_grid_scales(w, &d) == 0 && write_group(w, &d, agree) == 0 ? 0 : -1;
    spsim_decision_free(&d);
    return status;
}
