/* ABC-SMC over normal scores (the algorithm is described in abc_smc.h and docs/calibration.md). */
#include "abc_smc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>

#include "engine/ranks.h"
#include "engine/rng.h"
#include "processes/draws.h"

enum {
    SLOT_ATTEMPTS_PER_MIN_ACCEPTANCE = 20 /* a slot gives up after 20 / min_acceptance proposals */
};

/* One generation's particles. */
typedef struct {
    int n, d, m;
    double *z, *theta, *stats, *distance, *weight;
    long long *proposals; /* per slot */
} population;

static void population_free(population *p)
{
    free(p->z);
    free(p->theta);
    free(p->stats);
    free(p->distance);
    free(p->weight);
    free(p->proposals);
    memset(p, 0, sizeof *p);
}

static int population_alloc(population *p, int n, int d, int m)
{
    *p = (population){.n = n, .d = d, .m = m};
    p->z = calloc((size_t)n * d, sizeof *p->z);
    p->theta = calloc((size_t)n * d, sizeof *p->theta);
    p->stats = calloc((size_t)n * m, sizeof *p->stats);
    p->distance = calloc((size_t)n, sizeof *p->distance);
    p->weight = calloc((size_t)n, sizeof *p->weight);
    p->proposals = calloc((size_t)n, sizeof *p->proposals);
    if (p->z && p->theta && p->stats && p->distance && p->weight && p->proposals) return 0;
    population_free(p);
    return -1;
}

double spsim_abc_distance(const double *stats, const double *target, const double *sd, int n)
{
    double sum = 0.0;
    for (int s = 0; s < n; s++) {
        double e = (stats[s] - target[s]) / sd[s];
        if (!isfinite(e)) return INFINITY;
        sum += e * e;
    }
    return n > 0 ? sqrt(sum / n) : 0.0;
}

unsigned long long spsim_abc_simulation_seed(unsigned long long seed, int generation, int particle,
                                             long long attempt)
{
    unsigned long long h = spsim_mix64(seed);
    h = spsim_mix64(h ^ (unsigned long long)generation);
    h = spsim_mix64(h ^ (unsigned long long)particle);
    return spsim_mix64(h ^ (unsigned long long)attempt);
}

/* ---- the kernel: Gaussian with twice the weighted covariance of the scores ---- */

typedef struct {
    int d;
    double *chol; /* lower triangle of 2 x covariance, d x d, row-major */
} kernel;

/* In-place Cholesky factor of a small symmetric matrix; false when it is not positive
 * definite. */
static bool cholesky(double *a, int d)
{
    for (int j = 0; j < d; j++) {
        double s = a[j * d + j];
        for (int k = 0; k < j; k++) s -= a[j * d + k] * a[j * d + k];
        if (!(s > 0.0)) return false;
        a[j * d + j] = sqrt(s);
        for (int i = j + 1; i < d; i++) {
            double t = a[i * d + j];
            for (int k = 0; k < j; k++) t -= a[i * d + k] * a[j * d + k];
            a[i * d + j] = t / a[j * d + j];
        }
        for (int k = j + 1; k < d; k++) a[j * d + k] = 0.0;
    }
    return true;
}

static void weighted_covariance(const population *p, double *cov)
{
    int d = p->d;
    double mean[64] = {0};
    for (int i = 0; i < p->n; i++)
        for (int k = 0; k < d; k++) mean[k] += p->weight[i] * p->z[i * d + k];
    memset(cov, 0, (size_t)d * d * sizeof *cov);
    for (int i = 0; i < p->n; i++)
        for (int k = 0; k < d; k++)
            for (int l = 0; l < d; l++)
                cov[k * d + l] +=
                    p->weight[i] * (p->z[i * d + k] - mean[k]) * (p->z[i * d + l] - mean[l]);
}

/* Twice the covariance, factored; a particle cloud collapsed onto a line or a point gets a
 * small ridge on the diagonal so the kernel can still move it. */
static int kernel_from(const population *p, kernel *k)
{
    int d = p->d;
    k->d = d;
    k->chol = malloc((size_t)d * d * sizeof *k->chol);
    double *cov = malloc((size_t)d * d * sizeof *cov);
    if (!k->chol || !cov) {
        free(cov);
        return -1;
    }
    weighted_covariance(p, cov);
    double scale = 0.0;
    for (int j = 0; j < d; j++) scale = fmax(scale, cov[j * d + j]);
    double ridge = scale > 0.0 ? 1e-10 * scale : 1e-6;
    for (int attempt = 0; attempt < 20; attempt++) {
        for (int j = 0; j < d * d; j++) k->chol[j] = 2.0 * cov[j];
        if (attempt > 0)
            for (int j = 0; j < d; j++) k->chol[j * d + j] += ridge;
        if (cholesky(k->chol, d)) break;
        ridge *= 10.0;
    }
    free(cov);
    return 0;
}

/* Squared Mahalanobis distance of x - y under the kernel: |L^-1 (x - y)|^2. */
static double mahalanobis2(const kernel *k, const double *x, const double *y)
{
    double v[64], sum = 0.0;
    for (int i = 0; i < k->d; i++) {
        double t = x[i] - y[i];
        for (int j = 0; j < i; j++) t -= k->chol[i * k->d + j] * v[j];
        v[i] = t / k->chol[i * k->d + i];
        sum += v[i] * v[i];
    }
    return sum;
}

/* ---- proposals ---- */

/* Index of the particle whose cumulative weight first exceeds u (weights summing to 1). */
static int choose_parent(const population *prev, double u)
{
    double cumulative = 0.0;
    for (int j = 0; j < prev->n; j++) {
        cumulative += prev->weight[j];
        if (u < cumulative) return j;
    }
    return prev->n - 1;
}

static void propose(const spsim_abc_options *o, const population *prev, const kernel *k, gsl_rng *g,
                    double *z)
{
    int d = o->n_params;
    if (!prev) {
        for (int i = 0; i < d; i++) z[i] = spsim_draw_standard_normal(g);
        return;
    }
    const double *parent = &prev->z[choose_parent(prev, spsim_draw_uniform(g)) * d];
    double e[64];
    for (int i = 0; i < d; i++) e[i] = spsim_draw_standard_normal(g);
    for (int i = 0; i < d; i++) {
        z[i] = parent[i];
        for (int j = 0; j <= i; j++) z[i] += k->chol[i * d + j] * e[j];
    }
}

typedef struct {
    const spsim_abc_options *o;
    const population *prev; /* NULL in generation 0 */
    const kernel *k;
    int generation;
    double tolerance;
    long long max_attempts;
} generation_plan;

/* Fills slot i of `next`: 0 accepted, 1 gave up (too many proposals), -1 failed. */
static int fill_slot(const generation_plan *plan, population *next, int i, char *err, size_t len)
{
    const spsim_abc_options *o = plan->o;
    double *z = &next->z[i * o->n_params], *theta = &next->theta[i * o->n_params];
    double *stats = &next->stats[i * o->n_stats];
    for (long long a = 0; a < plan->max_attempts; a++) {
        gsl_rng *g = spsim_stream_alloc(o->seed, plan->generation, SPSIM_STREAM_CALIBRATION,
                                        spsim_substream(i, (uint32_t)a));
        if (!g) return snprintf(err, len, "out of memory during calibration"), -1;
        propose(o, plan->prev, plan->k, g, z);
        gsl_rng_free(g);
        o->values(z, theta, o->ctx);
        unsigned long long seed = spsim_abc_simulation_seed(o->seed, plan->generation, i, a);
        next->proposals[i] = a + 1;
        if (o->simulate(theta, seed, stats, o->ctx, err, len) != 0) return -1;
        next->distance[i] = spsim_abc_distance(stats, o->target, o->target_sd, o->n_stats);
        if (next->distance[i] <= plan->tolerance) return 0;
    }
    return 1;
}

/* Importance weights of `next` against `prev` (generation 0: equal), normalised to 1. */
static void set_weights(population *next, const population *prev, const kernel *k)
{
    int n = next->n, d = next->d;
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        const double *z = &next->z[i * d];
        double log_prior = 0.0;
        for (int j = 0; j < d; j++) log_prior -= 0.5 * z[j] * z[j];
        if (!prev) {
            next->weight[i] = 0.0;
            continue;
        }
        /* log of the sum over prev of weight x kernel density, by log-sum-exp (the kernel's
         * normalising constant is the same for every particle and cancels). */
        double top = -INFINITY, sum = 0.0;
        for (int j = 0; j < prev->n; j++) {
            if (!(prev->weight[j] > 0.0)) continue;
            double term = log(prev->weight[j]) - 0.5 * mahalanobis2(k, z, &prev->z[j * d]);
            if (term > top) {
                sum = sum * exp(top - term) + 1.0;
                top = term;
            } else {
                sum += exp(term - top);
            }
        }
        next->weight[i] = log_prior - (top + log(sum)); /* log weight, for now */
    }
    double top = -INFINITY, total = 0.0;
    for (int i = 0; i < n; i++) top = fmax(top, next->weight[i]);
    for (int i = 0; i < n; i++) total += next->weight[i] = exp(next->weight[i] - top);
    for (int i = 0; i < n; i++) next->weight[i] /= total;
}

static int team_size(const spsim_abc_options *o)
{
    return o->threads > 0 ? o->threads : omp_get_max_threads();
}

/* A slot as it travels between ranks: its scores, values, statistics, distance, proposals
 * and fill_slot's status (every number exact in a double). */
static int slot_row_len(const population *p)
{
    return 2 * p->d + p->m + 3;
}

static void slot_to_row(const population *p, int i, int status, double *row)
{
    int d = p->d, m = p->m;
    memcpy(row, &p->z[i * d], (size_t)d * sizeof *row);
    memcpy(row + d, &p->theta[i * d], (size_t)d * sizeof *row);
    memcpy(row + 2 * d, &p->stats[i * m], (size_t)m * sizeof *row);
    row[2 * d + m] = p->distance[i];
    row[2 * d + m + 1] = (double)p->proposals[i];
    row[2 * d + m + 2] = status;
}

/* Slot i from its row; returns the status it had on its rank. */
static int slot_from_row(population *p, int i, const double *row)
{
    int d = p->d, m = p->m;
    memcpy(&p->z[i * d], row, (size_t)d * sizeof *row);
    memcpy(&p->theta[i * d], row + d, (size_t)d * sizeof *row);
    memcpy(&p->stats[i * m], row + 2 * d, (size_t)m * sizeof *row);
    p->distance[i] = row[2 * d + m];
    p->proposals[i] = (long long)row[2 * d + m + 1];
    return (int)row[2 * d + m + 2];
}

/* Under MPI (ranks.h) every rank fills its own slots, i mod ranks; then every slot goes to
 * every rank, so each holds the whole generation as one process would and takes the same next
 * step. Returns the worst status over every rank's slots (0, 1, or -1 with a message in err),
 * or -1 when the exchange failed. */
static int share_slots(population *next, const int *status, char *err, size_t len)
{
    int n = next->n, row_len = slot_row_len(next);
    double *rows = malloc((size_t)n * row_len * sizeof *rows);
    int worst = 0;
    if (!rows) return snprintf(err, len, "out of memory during calibration"), -1;
    for (int i = 0; i < n; i++)
        if (spsim_rank_of(i, 0) == spsim_rank())
            slot_to_row(next, i, status[i], rows + (size_t)i * row_len);
    if (spsim_ranks_share_rows(rows, n, row_len) != 0) {
        free(rows);
        return snprintf(err, len, "cannot share a generation's particles between ranks"), -1;
    }
    for (int i = 0; i < n; i++) {
        int s = slot_from_row(next, i, rows + (size_t)i * row_len);
        if (s < 0 && !err[0])
            snprintf(err, len, "a simulation failed on rank %d", spsim_rank_of(i, 0));
        if (s < 0) worst = -1;
        if (s > 0 && worst == 0) worst = 1;
    }
    free(rows);
    return worst;
}

/* Runs this rank's slots of a generation in parallel; each slot's proposals are its own, so
 * neither the schedule nor the split across ranks can change them. 0, 1 when a slot gave up,
 * -1 on failure (message in err). */
static int run_generation(const generation_plan *plan, population *next, char *err, size_t len)
{
    int worst = 0; /* 0 all accepted, 1 a slot gave up, 2 a simulation failed */
    int *status = calloc((size_t)next->n, sizeof *status);
    if (!status) return snprintf(err, len, "out of memory during calibration"), -1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(team_size(plan->o)) reduction(max : worst)
    for (int i = 0; i < next->n; i++) {
        if (spsim_rank_of(i, 0) != spsim_rank()) continue; /* another rank fills it */
        char slot_err[512] = "";
        status[i] = fill_slot(plan, next, i, slot_err, sizeof slot_err);
        if (status[i] < 0) {
#pragma omp critical(spsim_abc_error)
            if (!err[0]) snprintf(err, len, "%s", slot_err);
            worst = 2;
        }
        if (status[i] > 0 && worst < 1) worst = 1;
    }
    /* Every rank takes part in the exchange, even one whose own slot failed, so none waits. */
    if (spsim_ranks() > 1) worst = share_slots(next, status, err, len);
    free(status);
    return worst == 2 ? -1 : worst;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of the previous distances (finite ones only when some are infinite): the next
 * tolerance before the floor applies; NaN when none is finite. */
static double distance_quantile(const population *p, double q)
{
    double *sorted = malloc((size_t)p->n * sizeof *sorted);
    if (!sorted) return NAN;
    int m = 0;
    for (int i = 0; i < p->n; i++)
        if (isfinite(p->distance[i])) sorted[m++] = p->distance[i];
    qsort(sorted, (size_t)m, sizeof *sorted, compare_doubles);
    double value = m ? sorted[(int)floor(q * (m - 1))] : NAN;
    free(sorted);
    return value;
}

static long long total_proposals(const population *p)
{
    long long sum = 0;
    for (int i = 0; i < p->n; i++) sum += p->proposals[i];
    return sum;
}

static int check_options(const spsim_abc_options *o, char *err, size_t len)
{
    const char *problem = NULL;
    if (o->n_params < 1 || o->n_params > 64)
        problem = "1 to 64 parameters";
    else if (o->n_stats < 1)
        problem = "at least one target";
    else if (o->particles < 2)
        problem = "at least 2 particles";
    else if (o->max_generations < 1 || o->max_generations > SPSIM_ABC_MAX_GENERATIONS)
        problem = "1 to 100 generations";
    else if (!(o->quantile > 0.0 && o->quantile < 1.0))
        problem = "a quantile between 0 and 1";
    else if (!(o->min_acceptance > 0.0 && o->min_acceptance < 1.0))
        problem = "a minimum acceptance between 0 and 1";
    else if (!(o->tolerance_floor >= 0.0))
        problem = "a tolerance floor of 0 or more";
    for (int s = 0; !problem && s < o->n_stats; s++)
        if (!(o->target_sd[s] > 0.0)) problem = "every target's sd above 0";
    if (problem) snprintf(err, len, "calibration needs %s", problem);
    return problem ? -1 : 0;
}

static spsim_abc_result *result_from(const population *p, spsim_abc_result *r)
{
    r->n_particles = p->n;
    r->n_params = p->d;
    r->n_stats = p->m;
    r->z = p->z;
    r->theta = p->theta;
    r->stats = p->stats;
    r->distance = p->distance;
    r->weight = p->weight;
    free(p->proposals);
    return r;
}

void spsim_abc_result_free(spsim_abc_result *r)
{
    if (!r) return;
    free(r->z);
    free(r->theta);
    free(r->stats);
    free(r->distance);
    free(r->weight);
    free(r);
}

static void report_generation(const spsim_abc_options *o, int t, const spsim_abc_generation *g)
{
    if (!o->progress) return;
    fprintf(o->progress,
            "spsim: calibrate: generation %d: tolerance %.4g, acceptance %.3f (%d particles of "
            "%lld proposals), %lld simulations so far, %.1f s\n",
            t, g->tolerance, g->acceptance, o->particles, g->proposals, g->simulations_so_far,
            g->seconds_so_far);
    fflush(o->progress);
}

/* Why to stop after generation t (NULL: go on). */
static const char *stop_reason(const spsim_abc_options *o, int t, const spsim_abc_generation *g,
                               char *buf, size_t len)
{
    if (t > 0 && g->tolerance <= o->tolerance_floor)
        snprintf(buf, len, "the tolerance reached its floor of %g", o->tolerance_floor);
    else if (t > 0 && g->acceptance < o->min_acceptance)
        snprintf(buf, len, "acceptance %.3f fell below %g", g->acceptance, o->min_acceptance);
    else if (t + 1 >= o->max_generations)
        snprintf(buf, len, "%d generations were run (the cap)", o->max_generations);
    else if (o->max_simulations > 0 && g->simulations_so_far >= o->max_simulations)
        snprintf(buf, len, "%lld simulations were run (the cap: %lld)", g->simulations_so_far,
                 o->max_simulations);
    else
        return NULL;
    return buf;
}

/* The next tolerance after `prev`; -1 when no previous simulation had a finite distance. */
static int next_tolerance(const spsim_abc_options *o, const population *prev, double *tolerance,
                          char *err, size_t len)
{
    double q = distance_quantile(prev, o->quantile);
    if (isnan(q)) {
        snprintf(err, len,
                 "no simulation gave every target's quantity a value (each needs "
                 "people in the arm and years it is counted over)");
        return -1;
    }
    *tolerance = fmax(o->tolerance_floor, q);
    return 0;
}

spsim_abc_result *spsim_abc_smc(const spsim_abc_options *o, char *err, size_t errlen)
{
    if (errlen > 0) err[0] = '\0';
    if (check_options(o, err, errlen) != 0) return NULL;
    spsim_abc_result *r = calloc(1, sizeof *r);
    population prev = {0}, next = {0};
    kernel k = {0};
    double started = omp_get_wtime();
    if (!r) return snprintf(err, errlen, "out of memory during calibration"), NULL;
    for (int t = 0;; t++) {
        double tolerance = INFINITY;
        if (t > 0 && next_tolerance(o, &prev, &tolerance, err, errlen) != 0) goto fail;
        free(k.chol);
        k.chol = NULL;
        if ((t > 0 && kernel_from(&prev, &k) != 0) ||
            population_alloc(&next, o->particles, o->n_params, o->n_stats) != 0) {
            snprintf(err, errlen, "out of memory during calibration");
            goto fail;
        }
        generation_plan plan = {
            o,         t ? &prev : NULL,
            &k,        t,
            tolerance, (long long)ceil(SLOT_ATTEMPTS_PER_MIN_ACCEPTANCE / o->min_acceptance)};
        int status = run_generation(&plan, &next, err, errlen);
        r->simulations += total_proposals(&next);
        if (status < 0) goto fail;
        if (status > 0) {
            snprintf(r->stopped, sizeof r->stopped,
                     "generation %d was abandoned: a particle needed more than %lld proposals "
                     "(acceptance below %g)",
                     t, plan.max_attempts, o->min_acceptance);
            population_free(&next);
            break;
        }
        set_weights(&next, t ? &prev : NULL, &k);
        spsim_abc_generation *g = &r->generations[r->n_generations++];
        *g = (spsim_abc_generation){tolerance, (double)o->particles / total_proposals(&next),
                                    total_proposals(&next), r->simulations,
                                    omp_get_wtime() - started};
        report_generation(o, t, g);
        population_free(&prev);
        prev = next;
        next = (population){0};
        if (stop_reason(o, t, g, r->stopped, sizeof r->stopped)) break;
    }
    free(k.chol);
    return result_from(&prev, r);
fail:
    free(k.chol);
    population_free(&prev);
    population_free(&next);
    free(r);
    return NULL;
}
