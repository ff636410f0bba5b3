#include "episode_tables.h"

#include <math.h>

const spsim_quantile_table *interval_table(const spsim_support_params *p)
{
    static spsim_quantile_table t;
    if (!spsim_quantile_table_is(&t, SPSIM_LAW_GAMMA, p->contact_interval_shape, 0.0))
        spsim_quantile_table_gamma(&t, p->contact_interval_shape);
    return &t;
}

const spsim_count_table *contacts_table(const spsim_support_params *p)
{
    static spsim_count_table t;
    static double mean = NAN, dispersion = NAN;
    if (p->contacts_mean != mean || p->contacts_dispersion != dispersion) {
        spsim_support_contacts_table(p, &t);
        mean = p->contacts_mean;
        dispersion = p->contacts_dispersion;
    }
    return &t;
}
