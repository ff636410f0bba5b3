/* Packing one replication's money (economics_pack.h): its first financial year and count of
 * years, every measure by year in the table's order, then the headlines. */
#include "economics_pack.h"

#include <string.h>

#include "calendar.h"

enum {
    HEADER = 2 /* first_year, n_years: exact as doubles */
};

/* Doubles of every measure by financial year for n_years (at least one, as allocated). */
static size_t measures_size(int n_years)
{
    size_t n = 0;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++)
        n += (size_t)(n_years > 0 ? n_years : 1) * (size_t)spsim_fy_measure_per_year(m);
    return n;
}

size_t spsim_economics_packed_size(const spsim_scenario *s, int n_weeks)
{
    spsim_fy_calendar c;
    spsim_fy_calendar_init(&c, s->start_year, s->start_month, s->start_day, n_weeks);
    return HEADER + measures_size(c.n_years) + SPSIM_N_HEADLINES;
}

void spsim_economics_pack(const struct spsim_economics *e, double *out)
{
    out[0] = e->first_year;
    out[1] = e->n_years;
    out += HEADER;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) {
        size_t n = (size_t)(e->n_years > 0 ? e->n_years : 1) * (size_t)spsim_fy_measure_per_year(m);
        memcpy(out, e->fy[m], n * sizeof *out);
        out += n;
    }
    memcpy(out, e->headlines, sizeof e->headlines);
}

struct spsim_economics *spsim_economics_unpack(const double *in)
{
    struct spsim_economics *e = spsim_economics_alloc((int)in[0], (int)in[1]);
    if (!e) return NULL;
    in += HEADER;
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++) {
        size_t n = (size_t)(e->n_years > 0 ? e->n_years : 1) * (size_t)spsim_fy_measure_per_year(m);
        memcpy(e->fy[m], in, n * sizeof *in);
        in += n;
    }
    memcpy(e->headlines, in, sizeof e->headlines);
    return e;
}
