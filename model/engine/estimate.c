/* The cost of a run before it starts (estimate.h). Memory is the process's peak: what the
 * process holds before any replication, the engine state of the replications running (people in
 * the system x bytes per person), the weekly series of the replications in flight (or of every
 * replication when the run is held whole), every replication's totals and money, and the
 * writer's buffers. Each part follows what the code allocates; the constants are measured
 * (docs/reliability.md, "Estimate before a run", has the check against measured peaks). */
#include "estimate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <omp.h>

#include "economics/economics.h"
#include "results/series.h"
#include "results/statistics.h"

/* The process before its first replication: executable, C library, GSL, libyaml, HDF5, the
 * OpenMP runtime and the scenario; measured as the peak RSS of `spsim run
 * scenarios/minimal.yaml -r 1 -j 1` (26 MB, of which the replication is under 1 MB), rounded. */
static const double process_base_bytes = 25e6;
/* What each thread adds besides its replication: its stack and its share of the allocator's
 * arenas (measured: -j 2 against -j 1 on the minimal scenario, about 1 MB). */
static const double per_thread_bytes = 1e6;
/* HDF5's chunk cache and the file's metadata while it is written (1 MB per open dataset by
 * default, a few datasets at once). */
static const double writer_cache_bytes = 4e6;
/* The summary's read-back block: at most 4 Mi doubles (model/io/h5weekly.c,
 * SUMMARY_BLOCK_VALUES). */
static const double summary_block_bytes = 8.0 * (4 << 20);

/* Values of one (week, locality) cell over every weekly series and breakdown, and the most of
 * any one dataset (a breakdown's categories). */
static double weekly_values_per_cell(double *largest)
{
    double values = SPSIM_N_SERIES;
    *largest = 1.0;
    for (int b = 0; b < SPSIM_N_BREAKDOWNS; b++) {
        double n = spsim_category_table[spsim_breakdown_table[b].category].n;
        values += n;
        if (n > *largest) *largest = n;
    }
    return values;
}

double spsim_estimate_weekly_bytes_per_arm(const spsim_scenario *s)
{
    double largest;
    return (double)s->n_weeks * s->arms[0].n_localities * weekly_values_per_cell(&largest) * 8.0;
}

/* Bytes one arm of one replication keeps once done: totals, reductions, per-locality totals,
 * headlines and money by financial year, and the results struct itself. */
static double totals_bytes_per_arm(const spsim_scenario *s)
{
    int n_years = (int)ceil(s->horizon_years) + 1;
    double values = SPSIM_N_TOTALS + SPSIM_N_HEADLINES +
                    (double)s->arms[0].n_localities *
                        (SPSIM_N_REDUCTION_MEASURES * SPSIM_N_SERVICES + SPSIM_N_LOCALITY_TOTALS);
    for (int m = 0; m < SPSIM_N_FY_MEASURES; m++)
        values += (double)n_years * spsim_fy_measure_per_year((spsim_fy_measure)m);
    /* one allocation per array, each with the allocator's 16 bytes */
    double arrays = SPSIM_N_REDUCTION_MEASURES + SPSIM_N_LOCALITY_TOTALS + SPSIM_N_FY_MEASURES + 2;
    return values * 8.0 + arrays * 16.0 + (double)sizeof(spsim_arm_results);
}

/* The most link-worker FTE the locality's plan funds at any time. */
static double most_fte(const spsim_staff_plan *plan)
{
    double fte = 0.0;
    for (int i = 0; i < plan->n_steps; i++)
        if (plan->steps[i].fte > fte) fte = plan->steps[i].fte;
    return fte;
}

/* Mean weeks a waiting person waits before giving up, at most the horizon: the integral of the
 * Weibull survival (of the given median and shape) over [0, horizon]; with reneging off, a
 * wait lasts to the horizon. */
static double mean_patience_weeks(const spsim_reneging_params *r, double horizon_weeks)
{
    if (!r->enabled || !(r->median_weeks > 0.0) || !(r->shape > 0.0)) return horizon_weeks;
    double scale = r->median_weeks / pow(log(2.0), 1.0 / r->shape);
    enum {
        STEPS = 256
    };
    double h = horizon_weeks / STEPS, sum = 0.0;
    for (int i = 0; i < STEPS; i++) {
        double t = (i + 0.5) * h; /* midpoint rule: close enough for an estimate */
        sum += exp(-pow(t / scale, r->shape)) * h;
    }
    return sum;
}

/* Share of the referred who take up the offer with no wait (the largest it can be). */
static double uptake_share(const spsim_arm_params *p, const spsim_locality *loc)
{
    double self = p->referral.source_share[SPSIM_SOURCE_SELF_REFERRAL];
    double share =
        (1.0 - self) * p->uptake.probability + self * p->uptake.self_referral_probability;
    share *= loc->uptake_ratio > 0.0 ? loc->uptake_ratio : 1.0;
    return share < 1.0 ? share : 1.0;
}

/* Referrals a week once the scheme is mature (processes/referral.c). */
static double mature_rate_per_week(const spsim_arm_params *p, const spsim_locality *loc)
{
    return spsim_locality_population(loc) / 1000.0 * p->referral.base_rate_per_1000_per_year *
           spsim_deprivation_factor(p->referral.deprivation_rate_ratio, loc->deprivation) /
           SPSIM_WEEKS_PER_YEAR;
}

/* The share of the mature rate reached at week t: f0 + (1 - f0)(1 - exp(-t / tau)); the people
 * in the system peak at the end, where the rate is highest. */
static double maturity_at(const spsim_arm_params *p, double t_weeks)
{
    double tau = p->referral.maturity_years * SPSIM_WEEKS_PER_YEAR;
    double f0 = p->referral.maturity_start_fraction;
    return tau > 0.0 ? f0 + (1.0 - f0) * (1.0 - exp(-t_weeks / tau)) : 1.0;
}

/* People waiting when demand exceeds the slots: each waits about their patience, and the
 * longer the queue the fewer take up the offer (x exp(-sensitivity x expected wait), the wait
 * being queue x slot weeks / slots, processes/uptake.c). The balance of the two, by bisection:
 * queue = take-ups a week at that queue x patience. */
static double queue_at_balance(const spsim_arm_params *p, double up_per_week, double slot_weeks,
                               double slots, double horizon_weeks)
{
    double patience = mean_patience_weeks(&p->reneging, horizon_weeks);
    double weeks_per_place = slot_weeks / (slots > 1.0 ? slots : 1.0);
    double sensitivity = p->uptake.wait_sensitivity_per_week;
    double low = 0.0, high = up_per_week * patience;
    for (int i = 0; i < 60; i++) {
        double q = 0.5 * (low + high);
        double arriving = up_per_week * exp(-sensitivity * q * weeks_per_place);
        if (q > arriving * patience)
            high = q;
        else
            low = q;
    }
    return high;
}

/* People holding or waiting for a place in community activity: those connected after
 * completing support (completions x (1 - connection failure)) hold a place for its mean length,
 * at most the places there are (twice those open at the start, room for groups opened by
 * builders, funding and formation: an assumption); when the places are full, those connected
 * wait for one until they give up. */
static double people_in_community(const spsim_arm_params *p, const spsim_locality *loc,
                                  double completing_per_week)
{
    const spsim_community_params *c = &p->community;
    double connected_per_week = completing_per_week * (1.0 - c->connection_failure_probability);
    double demand = connected_per_week * c->place_weeks_mean;
    double places = 0.0;
    for (int a = 0; a < SPSIM_N_ACTIVITIES; a++) places += loc->groups_at_start[a] * c->group_size;
    double cap = 2.0 * places;
    if (places <= 0.0 || demand <= cap) return demand;
    return cap + connected_per_week * c->place_wait_weeks;
}

/* People of one locality at once: those in support (Little's law, at most the slots; drop-out
 * shortens a stay), those waiting (when demand exceeds the slots, the queue holds arrivals for
 * about their patience) and, with community activity, those who finished support waiting for
 * or holding a place. */
static double people_of_locality(const spsim_arm_params *p, int l, double horizon_weeks,
                                 double *waiting_out)
{
    *waiting_out = 0.0;
    const spsim_locality *loc = &p->localities[l];
    double fte = most_fte(&loc->link_workers);
    if (fte <= 0.0 && !p->commissioning.pooling) return 0.0; /* nothing offered: none kept */
    double referred_per_week = mature_rate_per_week(p, loc) * maturity_at(p, horizon_weeks);
    double up_per_week = referred_per_week * uptake_share(p, loc);
    const spsim_support_params *sp = &p->support;
    double slot_weeks = spsim_mean_slot_weeks(sp);
    double episode_weeks = sp->contacts_mean * sp->contact_interval_weeks;
    /* a stay cut short by the drop-out hazard h: about slot / (1 + h slot) */
    double stay_weeks = slot_weeks / (1.0 + sp->dropout_per_week * slot_weeks);
    double slots = fte * spsim_slots_per_fte(&loc->link_workers, sp, loc->rurality);
    double demand = up_per_week * stay_weeks;
    double in_support = demand < slots ? demand : slots;
    double waiting =
        demand > slots ? queue_at_balance(p, up_per_week, stay_weeks, slots, horizon_weeks) : 0.0;
    double placed = 0.0;
    if (p->community.enabled) {
        double starting_per_week = stay_weeks > 0.0 ? in_support / stay_weeks : 0.0;
        double completing = starting_per_week * (1.0 - sp->no_show_probability) *
                            exp(-sp->dropout_per_week * episode_weeks);
        placed = people_in_community(p, loc, completing);
    }
    double most = up_per_week * horizon_weeks; /* never more than have taken up */
    *waiting_out = waiting < most ? waiting : most;
    double people = in_support + waiting + placed;
    return people < most ? people : most;
}

/* People of arm a at once, and the engine's bytes for them. */
static double people_of_arm(const spsim_scenario *s, int a, double *bytes)
{
    double people = 0.0;
    *bytes = 0.0;
    for (int l = 0; l < s->arms[a].n_localities; l++) {
        double waiting, n = people_of_locality(&s->arms[a], l, s->n_weeks, &waiting);
        people += n;
        *bytes += waiting * SPSIM_ESTIMATE_BYTES_PER_WAITING +
                  (n - waiting) * SPSIM_ESTIMATE_BYTES_PER_PERSON;
    }
    return people;
}

double spsim_estimate_people(const spsim_scenario *s, int a)
{
    double bytes;
    return people_of_arm(s, a, &bytes);
}

/* Referral pathways of one arm in one replication: each locality's rate over the horizon,
 * following the maturity curve f0 + (1 - f0)(1 - exp(-t / tau)). */
static double pathways_per_arm(const spsim_arm_params *p, double weeks)
{
    double tau = p->referral.maturity_years * SPSIM_WEEKS_PER_YEAR;
    double f0 = p->referral.maturity_start_fraction;
    double mean_maturity = tau > 0.0 && weeks > 0.0
                               ? f0 + (1.0 - f0) * (1.0 - tau / weeks * (1.0 - exp(-weeks / tau)))
                               : 1.0;
    double n = 0.0;
    for (int l = 0; l < p->n_localities; l++)
        n += mature_rate_per_week(p, &p->localities[l]) * weeks;
    return n * mean_maturity;
}

/* Memory of the writer: one weekly summary (statistics x cells x the largest dataset's values)
 * and the read-back block (a block of weeks of every replication, at least one week), plus
 * HDF5's caches. */
static double writer_bytes(const spsim_scenario *s, double replications)
{
    double largest;
    weekly_values_per_cell(&largest);
    double cells = (double)s->n_weeks * s->arms[0].n_localities;
    double one_week = replications * s->arms[0].n_localities * largest * 8.0;
    double block = replications * cells * largest * 8.0;
    if (block > summary_block_bytes)
        block = summary_block_bytes > one_week ? summary_block_bytes : one_week;
    return SPSIM_N_STATS * cells * largest * 8.0 + block + writer_cache_bytes;
}

void spsim_estimate_run(const spsim_scenario *s, const spsim_run_shape *shape,
                        spsim_run_estimate *e)
{
    double reps = shape->replications > 0 ? shape->replications : s->replications;
    double threads = shape->threads > 0 ? shape->threads : omp_get_max_threads();
    double runs = shape->runs > 0 ? shape->runs : 1;
    double at_once = shape->run_per_thread     ? threads
                     : shape->runs_at_once > 0 ? shape->runs_at_once
                                               : 1;
    double held = shape->held_runs > 0 ? shape->held_runs : 1;
    *e = (spsim_run_estimate){0};
    double most_people = 0.0, most_bytes = 0.0;
    for (int a = 0; a < s->n_arms; a++) {
        double bytes, people = people_of_arm(s, a, &bytes);
        if (people > most_people) most_people = people;
        if (bytes > most_bytes) most_bytes = bytes;
        e->pathways += pathways_per_arm(&s->arms[a], s->n_weeks);
    }
    e->people_per_arm = most_people;
    e->pathways *= reps * runs;
    /* replications running at once: one a thread (calibration: one a run, each on one thread) */
    double running = at_once > 1 ? at_once : (threads < reps ? threads : reps);
    /* A streamed run holds the series of those running and of early finishers waiting for the
     * replications before them (the writer takes them in index order: one a thread with
     * replications of about equal length); a run held whole holds them all. Across ranks each
     * rank is estimated alike, for its own threads: the writer takes the others' as they come,
     * one at a time, and the others hold the packed copies sent until the writer takes them,
     * one or two while it keeps up; a run to a precision and a tornado share only figures
     * between ranks, which every rank then holds (the totals below), never their series. */
    double in_flight = shape->streamed ? 2.0 * running : reps * at_once * held;
    if (in_flight > reps * at_once * held) in_flight = reps * at_once * held;
    e->in_flight = in_flight;
    e->process_bytes = process_base_bytes + per_thread_bytes * threads;
    e->engine_bytes = running * most_bytes;
    e->weekly_bytes = in_flight * s->n_arms * spsim_estimate_weekly_bytes_per_arm(s);
    double pairs = s->n_arms * (s->n_arms - 1) / 2.0;
    e->totals_bytes = (s->n_arms + pairs) * reps * at_once * held * totals_bytes_per_arm(s);
    e->writer_bytes = writer_bytes(s, reps);
    e->peak_bytes =
        e->process_bytes + e->engine_bytes + e->weekly_bytes + e->totals_bytes + e->writer_bytes;
    e->seconds = e->pathways * SPSIM_ESTIMATE_SECONDS_PER_PATHWAY / running;
}

void spsim_format_bytes(double bytes, char *buf, size_t len)
{
    if (bytes >= 1e12)
        snprintf(buf, len, "%.3g TB", bytes / 1e12);
    else if (bytes >= 1e9)
        snprintf(buf, len, "%.3g GB", bytes / 1e9);
    else if (bytes >= 1e6)
        snprintf(buf, len, "%.3g MB", bytes / 1e6);
    else
        snprintf(buf, len, "%.3g kB", bytes / 1e3);
}

static void format_seconds(double seconds, char *buf, size_t len)
{
    if (seconds < 1.0)
        snprintf(buf, len, "under 1 s");
    else if (seconds < 120.0)
        snprintf(buf, len, "%.0f s", seconds);
    else if (seconds < 7200.0)
        snprintf(buf, len, "%.0f min", seconds / 60.0);
    else
        snprintf(buf, len, "%.3g h", seconds / 3600.0);
}

void spsim_estimate_format(const spsim_run_estimate *e, char *buf, size_t len)
{
    char memory[32], time[32];
    spsim_format_bytes(e->peak_bytes, memory, sizeof memory);
    format_seconds(e->seconds, time, sizeof time);
    snprintf(buf, len, "about %s of memory and %s", memory, time);
}

/* The number after `key` in a /proc/meminfo-style file, in kB; -1 when absent. */
static double meminfo_kb(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1.0;
    char line[256];
    double kb = -1.0;
    size_t n = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':' && sscanf(line + n + 1, "%lf", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

/* The cgroup's memory.max in bytes; -1 when unreadable or "max" (no limit). */
static double cgroup_limit(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1.0;
    double bytes = -1.0;
    if (fscanf(f, "%lf", &bytes) != 1) bytes = -1.0;
    fclose(f);
    return bytes;
}

double spsim_memory_available(const char *meminfo, const char *cgroup_max, const char **source)
{
    double kb = meminfo_kb(meminfo, "MemAvailable");
    double available = kb >= 0.0 ? kb * 1024.0 : -1.0;
    *source = "MemAvailable in /proc/meminfo";
    double limit = cgroup_limit(cgroup_max);
    if (limit >= 0.0 && (available < 0.0 || limit < available)) {
        available = limit;
        *source = "the cgroup's limit, /sys/fs/cgroup/memory.max";
    }
    return available;
}
