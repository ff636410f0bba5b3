/* The estimate before a run (engine/estimate.h), on the shipped scenarios:
 *   - the time estimate doubles, within 10 %, when the replications double and when every
 *     locality's population doubles (the pathways are proportional to both; a time that ignored
 *     either would not move);
 *   - a streamed run's memory grows with its replications only by their totals and the
 *     writer's read-back block (under a tenth of what holding their weekly series would add),
 *     while a run held whole grows by one replication's weekly series per replication;
 *   - the people in the system grow with the population (a queue that is held back by people
 *     giving up grows with the referrals) and the engine's bytes with the threads;
 *   - the machine's memory is MemAvailable or the cgroup's memory.max, whichever is smaller,
 *     read from files written here ("max" meaning no limit);
 *   - the printed form has its units.
 * Deterministic arithmetic: no randomness, no timing. The accuracy against measured peaks is
 * tests/robustness/estimate.sh. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine/estimate.h"
#include "scenario/scenario.h"

static spsim_scenario *load(const char *path)
{
    spsim_diagnostics d;
    spsim_diagnostics_init(&d, path);
    spsim_scenario *s = spsim_scenario_load(path, &d);
    spsim_diagnostics_free(&d);
    if (!s) fprintf(stderr, "cannot load %s\n", path);
    return s;
}

static spsim_run_estimate estimate(const spsim_scenario *s, spsim_run_shape shape)
{
    spsim_run_estimate e;
    spsim_estimate_run(s, &shape, &e);
    return e;
}

static void double_population(spsim_scenario *s)
{
    for (int a = 0; a < s->n_arms; a++)
        for (int l = 0; l < s->arms[a].n_localities; l++)
            for (int b = 0; b < SPSIM_N_AGE_BANDS; b++) s->arms[a].localities[l].population[b] *= 2;
}

static void check_time_scales(const char *path)
{
    spsim_scenario *s = load(path);
    if (!CHECK(s != NULL, "%s loads", path)) return;
    spsim_run_shape one = {.replications = 8, .threads = 2, .streamed = true};
    spsim_run_shape two = one;
    two.replications = 16;
    double t8 = estimate(s, one).seconds, t16 = estimate(s, two).seconds;
    CHECK(t8 > 0 && fabs(t16 / t8 - 2.0) <= 0.2, "%s: time x %.3f for twice the replications", path,
          t16 / t8);
    double p8 = estimate(s, one).pathways;
    double_population(s);
    double t8_big = estimate(s, one).seconds;
    CHECK(fabs(t8_big / t8 - 2.0) <= 0.2, "%s: time x %.3f for twice the population", path,
          t8_big / t8);
    CHECK(fabs(estimate(s, one).pathways / p8 - 2.0) <= 0.2, "%s: pathways double with population",
          path);
    spsim_scenario_free(s);
}

static void check_memory_shape(void)
{
    spsim_scenario *s = load("scenarios/somerset.yaml");
    if (!CHECK(s != NULL, "somerset loads")) return;
    double weekly = s->n_arms * spsim_estimate_weekly_bytes_per_arm(s);
    spsim_run_shape streamed = {.replications = 8, .threads = 2, .streamed = true};
    spsim_run_shape streamed64 = streamed;
    streamed64.replications = 64;
    double m8 = estimate(s, streamed).peak_bytes, m64 = estimate(s, streamed64).peak_bytes;
    CHECK(m64 >= m8 && m64 - m8 < 0.1 * 56 * weekly,
          "streamed: 64 replications add %.3g bytes to 8's (totals, the read-back block), under "
          "a tenth of 56 replications' weekly series (%.3g)",
          m64 - m8, 56 * weekly);
    CHECK(estimate(s, streamed).in_flight == 4, "streamed on 2 threads: 4 replications in flight");
    spsim_run_shape held = {.replications = 8, .threads = 2};
    spsim_run_shape held16 = held;
    held16.replications = 16;
    double h8 = estimate(s, held).weekly_bytes, h16 = estimate(s, held16).weekly_bytes;
    CHECK_NEAR(h16 - h8, 8 * weekly, 1.0, "held whole: 8 more replications' weekly series");
    spsim_run_shape one_thread = streamed;
    one_thread.threads = 1;
    CHECK_NEAR(estimate(s, streamed).engine_bytes, 2 * estimate(s, one_thread).engine_bytes, 1.0,
               "engine bytes: one replication's state per thread");
    double people = spsim_estimate_people(s, 0);
    CHECK(people > 1000 && people < 20000,
          "somerset's first arm: %.0f people (measured 4,994 in "
          "the largest arm)",
          people);
    spsim_scenario_free(s);

    spsim_scenario *big = load("tests/robustness/estimate_big.yaml");
    if (!CHECK(big != NULL, "estimate_big loads")) return;
    double queue = spsim_estimate_people(big, 0);
    CHECK(queue > 0.5 * 479481 && queue < 2 * 479481,
          "estimate_big: %.0f people against 479,481 measured", queue);
    double_population(big);
    CHECK(spsim_estimate_people(big, 0) > 1.8 * queue, "a queue held by patience grows with the "
                                                       "referrals");
    spsim_scenario_free(big);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) fputs(text, f), fclose(f);
}

static void check_machine_memory(void)
{
    char dir[] = "/tmp/spsim_estimate_XXXXXX";
    if (!CHECK(mkdtemp(dir) != NULL, "a scratch directory")) return;
    char meminfo[128], cgroup[128], none[128];
    snprintf(meminfo, sizeof meminfo, "%s/meminfo", dir);
    snprintf(cgroup, sizeof cgroup, "%s/memory.max", dir);
    snprintf(none, sizeof none, "%s/absent", dir);
    write_file(meminfo, "MemTotal:       24000000 kB\nMemFree:         1000 kB\n"
                        "MemAvailable:    2000000 kB\n");
    const char *source = NULL;
    CHECK_NEAR(spsim_memory_available(meminfo, none, &source), 2000000 * 1024.0, 0.5,
               "MemAvailable, no cgroup file");
    CHECK(source && strstr(source, "MemAvailable"), "the source says MemAvailable");
    write_file(cgroup, "max\n");
    CHECK_NEAR(spsim_memory_available(meminfo, cgroup, &source), 2000000 * 1024.0, 0.5,
               "a cgroup without a limit");
    write_file(cgroup, "1073741824\n");
    CHECK_NEAR(spsim_memory_available(meminfo, cgroup, &source), 1073741824.0, 0.5,
               "the cgroup's smaller limit");
    CHECK(source && strstr(source, "memory.max"), "the source says the cgroup");
    write_file(cgroup, "107374182400\n");
    CHECK_NEAR(spsim_memory_available(meminfo, cgroup, &source), 2000000 * 1024.0, 0.5,
               "a cgroup limit above MemAvailable");
    CHECK(spsim_memory_available(none, none, &source) < 0, "nothing readable: unknown");
    remove(meminfo);
    remove(cgroup);
    remove(dir);
}

static void check_format(void)
{
    char text[96];
    spsim_run_estimate e = {.peak_bytes = 120e6, .seconds = 15.2};
    spsim_estimate_format(&e, text, sizeof text);
    CHECK(strcmp(text, "about 120 MB of memory and 15 s") == 0, "format: '%s'", text);
    e = (spsim_run_estimate){.peak_bytes = 2.5e9, .seconds = 600};
    spsim_estimate_format(&e, text, sizeof text);
    CHECK(strcmp(text, "about 2.5 GB of memory and 10 min") == 0, "format: '%s'", text);
    e = (spsim_run_estimate){.peak_bytes = 2.06e12, .seconds = 9000};
    spsim_estimate_format(&e, text, sizeof text);
    CHECK(strcmp(text, "about 2.06 TB of memory and 2.5 h") == 0, "format: '%s'", text);
    e = (spsim_run_estimate){.peak_bytes = 900e3, .seconds = 0.2};
    spsim_estimate_format(&e, text, sizeof text);
    CHECK(strcmp(text, "about 900 kB of memory and under 1 s") == 0, "format: '%s'", text);
}

int main(void)
{
    check_time_scales("scenarios/minimal.yaml");
    check_time_scales("scenarios/somerset.yaml");
    check_memory_shape();
    check_machine_memory();
    check_format();
    return spsim_check_finish();
}
