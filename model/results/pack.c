#include "pack.h"

#include <string.h>

/* The buffers of an arm's results in their packed order, with their lengths in doubles; the
 * totals and the engine's peaks follow them. A buffer added to spsim_arm_results is added
 * here, or the MPI test (tests/scale/mpi.sh: ranks' output equals one process's) fails. */
typedef struct {
    double *data;
    size_t n;
} buffer;

enum {
    MAX_BUFFERS =
        SPSIM_N_SERIES + SPSIM_N_BREAKDOWNS + SPSIM_N_REDUCTION_MEASURES + SPSIM_N_LOCALITY_TOTALS
};

static int list_buffers(const spsim_arm_results *r, int n_weeks, int n_localities,
                        buffer out[MAX_BUFFERS])
{
    size_t cells = (size_t)n_weeks * (size_t)n_localities;
    int k = 0;
    for (int s = 0; s < SPSIM_N_SERIES; s++) out[k++] = (buffer){r ? r->series[s] : NULL, cells};
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        size_t n = (size_t)spsim_category_table[spsim_breakdown_table[b].category].n;
        out[k++] = (buffer){r ? r->breakdowns[b] : NULL, cells * n};
    }
    for (int m = 0; m < SPSIM_N_REDUCTION_MEASURES; m++)
        out[k++] = (buffer){r ? r->reductions[m] : NULL, (size_t)n_localities * SPSIM_N_SERVICES};
    for (int t = 0; t < SPSIM_N_LOCALITY_TOTALS; t++)
        out[k++] = (buffer){r ? r->locality_totals[t] : NULL, (size_t)n_localities};
    return k;
}

enum {
    N_PEAKS = 2
}; /* engine_peak_bytes, engine_peak_people: exact as doubles below 2^53 */

/* The figures are the buffers after the weekly series and breakdowns, then totals and peaks:
 * the whole packed form is the weekly buffers followed by the figures. */
enum {
    FIRST_FIGURE = SPSIM_N_SERIES + SPSIM_N_BREAKDOWNS
};

size_t spsim_arm_figures_packed_size(int n_localities)
{
    buffer b[MAX_BUFFERS];
    int n = list_buffers(NULL, 0, n_localities, b);
    size_t total = SPSIM_N_TOTALS + N_PEAKS;
    for (int i = FIRST_FIGURE; i < n; i++) total += b[i].n;
    return total;
}

void spsim_arm_figures_pack(const spsim_arm_results *r, double *out)
{
    buffer b[MAX_BUFFERS];
    int n = list_buffers(r, r->n_weeks, r->n_localities, b);
    for (int i = FIRST_FIGURE; i < n; i++) {
        memcpy(out, b[i].data, b[i].n * sizeof *out);
        out += b[i].n;
    }
    memcpy(out, r->totals, sizeof r->totals);
    out += SPSIM_N_TOTALS;
    out[0] = (double)r->engine_peak_bytes;
    out[1] = (double)r->engine_peak_people;
}

void spsim_arm_figures_unpack(spsim_arm_results *r, const double *in)
{
    buffer b[MAX_BUFFERS];
    int n = list_buffers(r, r->n_weeks, r->n_localities, b);
    for (int i = FIRST_FIGURE; i < n; i++) {
        memcpy(b[i].data, in, b[i].n * sizeof *in);
        in += b[i].n;
    }
    memcpy(r->totals, in, sizeof r->totals);
    in += SPSIM_N_TOTALS;
    r->engine_peak_bytes = (size_t)in[0];
    r->engine_peak_people = (size_t)in[1];
}

size_t spsim_arm_results_packed_size(int n_weeks, int n_localities)
{
    buffer b[MAX_BUFFERS];
    list_buffers(NULL, n_weeks, n_localities, b);
    size_t total = spsim_arm_figures_packed_size(n_localities);
    for (int i = 0; i < FIRST_FIGURE; i++) total += b[i].n;
    return total;
}

void spsim_arm_results_pack(const spsim_arm_results *r, double *out)
{
    buffer b[MAX_BUFFERS];
    list_buffers(r, r->n_weeks, r->n_localities, b);
    for (int i = 0; i < FIRST_FIGURE; i++) {
        memcpy(out, b[i].data, b[i].n * sizeof *out);
        out += b[i].n;
    }
    spsim_arm_figures_pack(r, out);
}

void spsim_arm_results_unpack(spsim_arm_results *r, const double *in)
{
    buffer b[MAX_BUFFERS];
    list_buffers(r, r->n_weeks, r->n_localities, b);
    for (int i = 0; i < FIRST_FIGURE; i++) {
        memcpy(b[i].data, in, b[i].n * sizeof *in);
        in += b[i].n;
    }
    spsim_arm_figures_unpack(r, in);
}
