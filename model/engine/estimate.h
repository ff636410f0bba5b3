/* What the runs of a command will cost before they start: the process's peak memory and the wall
 * time, from the scenario alone (docs/reliability.md, "Estimate before a run"), and the memory
 * the machine has for them. Pure functions of their inputs but for spsim_memory_available. */
#ifndef SPSIM_ESTIMATE_H
#define SPSIM_ESTIMATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../scenario/params.h"

/* How a command runs the scenario. */
typedef struct {
    int replications;    /* per run (0: the scenario's) */
    int threads;         /* 0: OpenMP's default */
    int runs;            /* runs the command makes in all (time only; 0: one) */
    int runs_at_once;    /* runs held together, each on its own thread (0: one) */
    bool run_per_thread; /* as many runs at once as threads (calibration's particles) */
    int held_runs;       /* runs one after another whose totals are held together (the
                         tornado's base and a variant; 0: one) */
    bool streamed;       /* each replication's weekly series written (or, for a tornado's
                         variant, dropped) and freed once done: spsim run of a fixed count, to a
                         precision (up to its cap) and --tornado, in one process or across
                         ranks; otherwise a run holds every replication's (a sweep's variant, a
                         sizing candidate) */
} spsim_run_shape;

typedef struct {
    double people_per_arm; /* most people in the system at once, one arm of one replication */
    double in_flight;      /* replications holding their weekly series at once */
    double process_bytes;  /* the process before any replication */
    double engine_bytes;   /* engine state of the replications running at once */
    double weekly_bytes;   /* weekly series and breakdowns held */
    double totals_bytes;   /* every replication's totals, reductions and money */
    double writer_bytes;   /* the writer's summary and read-back block */
    double peak_bytes;     /* the sum */
    double pathways;       /* referral pathways, every arm of every run */
    double seconds;        /* wall time of the simulation */
} spsim_run_estimate;

/* Engine state per person in the system, as `spsim run` reports it ("engine state at its
 * largest", bench/run.sh): 283 bytes for scenarios/somerset.yaml (1414152 bytes for 4994 people;
 * docs/performance.md gives 282), where people are in support or in community activity with
 * events on the calendar; 179 bytes for tests/robustness/estimate_big.yaml (17065592 bytes for
 * 95360 people), where nearly all wait in the queue with no event stored. Rounded up. */
#define SPSIM_ESTIMATE_BYTES_PER_PERSON  300.0
#define SPSIM_ESTIMATE_BYTES_PER_WAITING 200.0
/* CPU seconds per referral pathway of the full model (every process on): docs/performance.md,
 * "full default", 0.46 million pathways a second on one core. */
#define SPSIM_ESTIMATE_SECONDS_PER_PATHWAY 2.2e-6

/* The estimate of running `s` as `shape` says. */
void spsim_estimate_run(const spsim_scenario *s, const spsim_run_shape *shape,
                        spsim_run_estimate *e);
/* Bytes of the weekly series and breakdowns of one arm in one replication, as the engine holds
 * them (doubles). */
double spsim_estimate_weekly_bytes_per_arm(const spsim_scenario *s);
/* Most people in the system at once in arm `a` (waiting, in support, waiting for or holding a
 * place): Little's law on each locality's mature referral rate, bounded by its slots. */
double spsim_estimate_people(const spsim_scenario *s, int a);

/* "about 120 MB of memory and 15 s" */
void spsim_estimate_format(const spsim_run_estimate *e, char *buf, size_t len);
/* Bytes as "900 kB", "120 MB", "1.5 GB", "2.1 TB" (decimal units, 3 significant digits). */
void spsim_format_bytes(double bytes, char *buf, size_t len);

/* The memory available to this process in bytes: MemAvailable in `meminfo` (/proc/meminfo), or
 * the cgroup limit in `cgroup_max` (/sys/fs/cgroup/memory.max) when that is set and smaller.
 * *source says which ("MemAvailable in /proc/meminfo" ...). Returns -1 when neither can be read. */
double spsim_memory_available(const char *meminfo, const char *cgroup_max, const char **source);

#endif
