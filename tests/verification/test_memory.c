/* Memory follows the number of people in the system at once, not the horizon or the number
 * ever referred: the engine's peak state is compared across runs that differ only in horizon
 * (10x longer: same peak, within a factor 1.5 for buffer doubling) and only in scale (10x the
 * referrals and slots: peak grows, but by no more than about 10x, within a factor 2.5). */
#include <stdio.h>

#include "check.h"
#include "engine/runner.h"
#include "queue_scenario.h"

static double peak_bytes(double arrivals_per_week, int slots, int n_weeks)
{
    spsim_scenario *s = queue_scenario(arrivals_per_week, slots, 4.0, n_weeks, 2);
    s->arms[0].reneging = (spsim_reneging_params){.enabled = true, .median_weeks = 4, .shape = 1.5};
    char err[256];
    spsim_run_options opt = {0};
    spsim_run *run = spsim_run_scenario(s, &opt, err, sizeof err);
    double peak = 0;
    if (CHECK(run != NULL, "run failed: %s", err)) {
        for (int r = 0; r < run->n_replications; r++)
            if (run->results[0][r].engine_peak_bytes > peak)
                peak = (double)run->results[0][r].engine_peak_bytes;
        spsim_run_free(run);
    }
    free(s);
    return peak;
}

int main(void)
{
    double base = peak_bytes(50.0, 200, 500);
    double long_run = peak_bytes(50.0, 200, 5000);
    double scaled = peak_bytes(500.0, 2000, 500);
    printf("engine peak: %.0f bytes (500 weeks), %.0f (5,000 weeks), %.0f (10x scale)\n", base,
           long_run, scaled);
    CHECK(long_run <= 1.5 * base, "10x the horizon keeps the peak (%.0f vs %.0f bytes)", long_run,
          base);
    CHECK(scaled >= 4.0 * base && scaled <= 25.0 * base,
          "10x the people at once gives about 10x the peak (%.0f vs %.0f bytes)", scaled, base);
    return spsim_check_finish();
}
