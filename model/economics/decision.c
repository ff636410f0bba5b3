/* Net monetary benefit at any willingness to pay, the acceptability curve and frontier, EVPI,
 * and the whole decision over the grid of willingness to pay (EVPPI's regression is in
 * evppi.c). */
#include "decision.h"

#include <math.h>
#include <stdlib.h>

double spsim_net_monetary_benefit(double wtp_gbp_per_wellby, double wellbys, double net_cost_gbp)
{
    return wtp_gbp_per_wellby * wellbys - net_cost_gbp;
}

void spsim_incremental_nmb(const double *wellbys, const double *net_cost_gbp, int n_rep, int n_arms,
                           double wtp_gbp_per_wellby, double *nmb)
{
    for (long r = 0; r < n_rep; r++) {
        const double *w = wellbys + r * n_arms, *c = net_cost_gbp + r * n_arms;
        for (int a = 0; a < n_arms; a++)
            nmb[r * n_arms + a] =
                spsim_net_monetary_benefit(wtp_gbp_per_wellby, w[a] - w[0], c[a] - c[0]);
    }
}

int spsim_wtp_grid(double scenario_wtp_gbp_per_wellby, double *wtp, int *scenario_index)
{
    int n = 0;
    *scenario_index = -1;
    for (int step = 0; step * SPSIM_WTP_GRID_STEP_GBP <= SPSIM_WTP_GRID_MAX_GBP; step++) {
        double v = (double)step * SPSIM_WTP_GRID_STEP_GBP;
        if (*scenario_index < 0 && scenario_wtp_gbp_per_wellby <= v) {
            *scenario_index = n;
            if (scenario_wtp_gbp_per_wellby < v) wtp[n++] = scenario_wtp_gbp_per_wellby;
        }
        wtp[n++] = v;
    }
    if (*scenario_index < 0) { /* above the grid: last */
        *scenario_index = n;
        wtp[n++] = scenario_wtp_gbp_per_wellby;
    }
    return n;
}

/* The highest net monetary benefit of replication row `x`. */
static double best_of(const double *x, int n_arms)
{
    double best = x[0];
    for (int a = 1; a < n_arms; a++) best = fmax(best, x[a]);
    return best;
}

void spsim_acceptability(const double *nmb, int n_rep, int n_arms, double *share)
{
    for (int a = 0; a < n_arms; a++) share[a] = 0.0;
    for (long r = 0; r < n_rep; r++) {
        const double *x = nmb + r * n_arms;
        double best = best_of(x, n_arms);
        int tied = 0;
        for (int a = 0; a < n_arms; a++) tied += x[a] == best;
        for (int a = 0; a < n_arms; a++)
            if (x[a] == best) share[a] += 1.0 / tied;
    }
    for (int a = 0; a < n_arms; a++) share[a] = n_rep > 0 ? share[a] / n_rep : NAN;
}

/* Each arm's mean net monetary benefit over the replications, into mean[a]. Every arm's values
 * are summed in the same order, so an arm at least as good in every replication has a mean at
 * least as high (rounding is monotone), and EVPI is exactly 0 when one arm always wins. */
static void arm_means(const double *nmb, int n_rep, int n_arms, double *mean)
{
    for (int a = 0; a < n_arms; a++) {
        double sum = 0.0;
        for (long r = 0; r < n_rep; r++) sum += nmb[r * n_arms + a];
        mean[a] = sum / n_rep;
    }
}

int spsim_frontier_arm(const double *nmb, int n_rep, int n_arms)
{
    if (n_rep < 1 || n_arms < 1) return -1;
    double *mean = malloc((size_t)n_arms * sizeof *mean);
    if (!mean) return -1;
    arm_means(nmb, n_rep, n_arms, mean);
    int best = 0;
    for (int a = 1; a < n_arms; a++)
        if (mean[a] > mean[best]) best = a;
    free(mean);
    return best;
}

double spsim_evpi(const double *nmb, int n_rep, int n_arms)
{
    if (n_rep < 1 || n_arms < 1) return NAN;
    double *mean = malloc((size_t)n_arms * sizeof *mean);
    if (!mean) return NAN;
    arm_means(nmb, n_rep, n_arms, mean);
    double sum_best = 0.0;
    for (long r = 0; r < n_rep; r++) sum_best += best_of(nmb + r * n_arms, n_arms);
    double evpi = sum_best / n_rep - best_of(mean, n_arms);
    free(mean);
    return fmax(evpi, 0.0); /* never below 0 (Jensen); only rounding could take it there */
}

void spsim_decision_free(spsim_decision *d)
{
    free(d->acceptability);
    free(d->frontier_arm);
    free(d->evpi_gbp);
    free(d->evppi);
    d->acceptability = NULL;
    d->frontier_arm = NULL;
    d->evpi_gbp = NULL;
    d->evppi = NULL;
}

/* The replications in which every arm's figures are numbers, copied to the front of w, c and
 * p (n_keys values each); returns how many. */
static int keep_numbers(const double *wellbys, const double *net_cost, const double *psa, int n_rep,
                        int n_arms, int n_keys, double *w, double *c, double *p)
{
    int kept = 0;
    for (long r = 0; r < n_rep; r++) {
        bool numbers = true;
        for (int a = 0; a < n_arms; a++)
            numbers =
                numbers && isfinite(wellbys[r * n_arms + a]) && isfinite(net_cost[r * n_arms + a]);
        if (!numbers) continue;
        for (int a = 0; a < n_arms; a++) {
            w[(long)kept * n_arms + a] = wellbys[r * n_arms + a];
            c[(long)kept * n_arms + a] = net_cost[r * n_arms + a];
        }
        for (int k = 0; psa && k < n_keys; k++) p[(long)kept * n_keys + k] = psa[r * n_keys + k];
        kept++;
    }
    return kept;
}

/* Acceptability, frontier and EVPI at every point of the grid; EVPPI of each parameter at the
 * scenario's point. nmb has room for the kept replications. */
static int analyse_grid(const double *w, const double *c, const double *p, double *nmb,
                        spsim_decision *d)
{
    int n = d->n_replications_used, arms = d->n_arms;
    for (int i = 0; i < d->n_wtp; i++) {
        spsim_incremental_nmb(w, c, n, arms, d->wtp[i], nmb);
        spsim_acceptability(nmb, n, arms, d->acceptability + (long)i * arms);
        d->frontier_arm[i] = spsim_frontier_arm(nmb, n, arms);
        d->evpi_gbp[i] = spsim_evpi(nmb, n, arms);
    }
    spsim_incremental_nmb(w, c, n, arms, d->wtp[d->scenario_index], nmb);
    for (int k = 0; k < d->n_keys; k++)
        if (spsim_evppi_regression(nmb, n, arms, p, d->n_keys, &k, 1,
                                   d->evpi_gbp[d->scenario_index], &d->evppi[k]) < 0)
            return -1;
    return 0;
}

int spsim_decision_analyse(const double *wellbys, const double *net_cost_gbp, int n_rep, int n_arms,
                           double scenario_wtp, const double *psa_values, int n_keys,
                           spsim_decision *out)
{
    *out = (spsim_decision){.n_arms = n_arms, .n_keys = psa_values ? n_keys : 0};
    out->n_wtp = spsim_wtp_grid(scenario_wtp, out->wtp, &out->scenario_index);
    size_t cells = (size_t)(n_rep > 0 ? n_rep : 1) * (size_t)n_arms;
    size_t draws = (size_t)(n_rep > 0 ? n_rep : 1) * (size_t)(out->n_keys > 0 ? out->n_keys : 1);
    /* zeroed: only the replications kept are filled, and only they are read */
    double *w = calloc(cells, sizeof *w), *c = calloc(cells, sizeof *c);
    double *nmb = calloc(cells, sizeof *nmb), *p = calloc(draws, sizeof *p);
    out->acceptability = malloc((size_t)out->n_wtp * (size_t)n_arms * sizeof *out->acceptability);
    out->frontier_arm = malloc((size_t)out->n_wtp * sizeof *out->frontier_arm);
    out->evpi_gbp = malloc((size_t)out->n_wtp * sizeof *out->evpi_gbp);
    out->evppi = calloc((size_t)(out->n_keys > 0 ? out->n_keys : 1), sizeof *out->evppi);
    int status = -1;
    if (w && c && nmb && p && out->acceptability && out->frontier_arm && out->evpi_gbp &&
        out->evppi) {
        out->n_replications_used =
            keep_numbers(wellbys, net_cost_gbp, psa_values, n_rep, n_arms, out->n_keys, w, c, p);
        status = analyse_grid(w, c, p, nmb, out);
    }
    free(w);
    free(c);
    free(nmb);
    free(p);
    if (status < 0) spsim_decision_free(out);
    return status;
}
