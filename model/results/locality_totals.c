/* The per-locality totals' names, units and descriptions (locality_totals.h). */
#include "series.h"

const spsim_series_info spsim_locality_total_table[SPSIM_N_LOCALITY_TOTALS] = {
    [SPSIM_LOCALITY_JOINED_QUEUE] = {"joined_queue", "people",
                                     "people of the locality who took up the offer and joined its "
                                     "queue for a slot, those who started at once included: the "
                                     "people wait_mean and wait_p90 are of",
                                     true},
    [SPSIM_LOCALITY_WAIT_MEAN] = {"wait_mean", "weeks",
                                  "mean wait from referral to the start of support of the "
                                  "locality's people who joined a queue: started, left while "
                                  "waiting, or still waiting at the horizon (wait so far); NaN "
                                  "when none",
                                  false},
    [SPSIM_LOCALITY_WAIT_P90] = {"wait_p90", "weeks",
                                 "90th percentile wait of the same people (zero waits exact, "
                                 "others to within 0.01 week, as totals/wait_p90); NaN when none",
                                 false},
    [SPSIM_LOCALITY_FIRST_CONTACTED] = {"first_contacted", "people",
                                        "people of the locality whose first link-worker contact "
                                        "came before the horizon: the people "
                                        "first_contact_wait_mean is of",
                                        true},
    [SPSIM_LOCALITY_FIRST_CONTACT_WAIT_MEAN] =
        {"first_contact_wait_mean", "weeks",
         "mean time from referral to the first link-worker contact of the locality's people who "
         "had one before the horizon (NaN when none)",
         false},
    [SPSIM_LOCALITY_TAKEN_UP] = {"taken_up", "people",
                                 "referrals of the locality that took up the offer (NaN when no "
                                 "referral of the locality was offered a service)",
                                 false},
    [SPSIM_LOCALITY_NEVER_CONNECTED] =
        {"never_connected", "people",
         "people of the locality who agreed an activity and never held a place because none came "
         "free (as totals/never_connected)",
         true},
};
