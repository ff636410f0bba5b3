#include "support.h"

#include <math.h>
#include <gsl/gsl_randist.h>

enum { SPSIM_MAX_CONTACTS = 1000 };   /* a cap far beyond any plausible episode */

double spsim_support_mean_length_weeks(const spsim_support_params *p)
{
    return p->contacts_mean * p->contact_interval_weeks;
}

static int draw_contacts(const spsim_support_params *p, gsl_rng *r)
{
    double extra_mean = p->contacts_mean - 1.0;
    if (extra_mean <= 0.0) return 1;
    double k = p->contacts_dispersion;
    unsigned extra = gsl_ran_negative_binomial(r, k / (k + extra_mean), k);
    return extra + 1 > SPSIM_MAX_CONTACTS ? SPSIM_MAX_CONTACTS : (int)extra + 1;
}

static void record_contact(double t, int horizon_weeks, double *contacts_by_week, int stride)
{
    if (t < horizon_weeks) contacts_by_week[(long)t * stride] += 1.0;
}

spsim_episode spsim_support_plan(const spsim_support_params *p, int agreement_contact,
                                 gsl_rng *episode_rng, unsigned long episode_key,
                                 double dropout_after_weeks, double start_weeks, int horizon_weeks,
                                 double *contacts_by_week, int stride)
{
    gsl_rng_set(episode_rng, episode_key);
    int contacts = draw_contacts(p, episode_rng);
    double shape = p->contact_interval_shape;
    double scale = p->contact_interval_weeks / shape;

    int agreement_index = (agreement_contact < contacts ? agreement_contact : contacts) - 1;
    spsim_episode e = {.completed = true, .agreement_after_weeks = INFINITY};
    double elapsed = 0.0;   /* weeks since the start of the episode */
    for (int c = 0; c < contacts; c++) {
        if (elapsed >= dropout_after_weeks) break;
        record_contact(start_weeks + elapsed, horizon_weeks, contacts_by_week, stride);
        if (c == agreement_index) e.agreement_after_weeks = elapsed;
        e.contacts_made++;
        elapsed += gsl_ran_gamma(episode_rng, shape, scale);
    }
    if (elapsed >= dropout_after_weeks) {
        e.completed = false;
        e.length_weeks = dropout_after_weeks;
    } else {
        e.length_weeks = elapsed;
    }
    return e;
}
