/* The tables an episode is drawn from, as an arm makes them, for tests that plan episodes
 * directly (spsim_support_plan). Each is kept while its law holds, so a loop of episodes makes
 * it once. */
#ifndef SPSIM_TEST_EPISODE_TABLES_H
#define SPSIM_TEST_EPISODE_TABLES_H

#include "processes/support.h"

/* The contact intervals' table: the gamma of mean 1 and p's shape. */
const spsim_quantile_table *interval_table(const spsim_support_params *p);

/* The contacts beyond the first, as spsim_support_init makes it. */
const spsim_count_table *contacts_table(const spsim_support_params *p);

#endif
