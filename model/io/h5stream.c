/* The life of a results file written as the run goes: opened (with the store of every
 * replication's weekly series) before the simulation, fed each replication as it is done,
 * finished (summaries, totals, money, decision) once the run is, and renamed into place.
 *
 * Memory: the stream holds one replication's largest weekly dataset as counts and, while it
 * finishes, one summary and a read-back block (h5weekly.c); never a whole run's series. */
#define _POSIX_C_SOURCE 200809L

#include "h5write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "h5util.h"
#include "h5writer.h"
#include "output.h"
#include "../results/statistics.h"

enum {
    PATH_MAX_BYTES = 1100
};

struct spsim_h5_stream {
    spsim_h5_writer w;
    spsim_keep keep;
    int planned;
    hid_t scratch; /* the scratch file holding the store, or -1 (--keep all) */
    spsim_h5_error_printing saved;
    int sys_errno; /* the system's reason for the first failing HDF5 call (disk full...), or 0 */
    char path[PATH_MAX_BYTES], tmp_path[PATH_MAX_BYTES], scratch_path[PATH_MAX_BYTES];
    char keep_text[32];
};

/* ---- --keep ---- */

int spsim_keep_parse(const char *text, spsim_keep *out)
{
    if (strcmp(text, "all") == 0) return *out = (spsim_keep){SPSIM_KEEP_ALL, 0}, 0;
    if (strcmp(text, "summaries") == 0) return *out = (spsim_keep){SPSIM_KEEP_SUMMARIES, 0}, 0;
    if (strncmp(text, "sample:", 7) != 0) return -1;
    char *end;
    errno = 0;
    long n = strtol(text + 7, &end, 10);
    if (errno || end == text + 7 || *end || n < 1 || n > 1000000) return -1;
    *out = (spsim_keep){SPSIM_KEEP_SAMPLE, (int)n};
    return 0;
}

void spsim_keep_format(spsim_keep keep, char *buf, size_t len)
{
    if (keep.mode == SPSIM_KEEP_SAMPLE)
        snprintf(buf, len, "sample:%d", keep.sample);
    else
        snprintf(buf, len, "%s", keep.mode == SPSIM_KEEP_ALL ? "all" : "summaries");
}

int spsim_keep_series(spsim_keep keep, int replications)
{
    if (keep.mode == SPSIM_KEEP_ALL) return replications;
    if (keep.mode == SPSIM_KEEP_SUMMARIES) return 0;
    return keep.sample < replications ? keep.sample : replications;
}

/* ---- the stream ---- */

const char *spsim_h5_stream_temp_path(const spsim_h5_stream *st, int which)
{
    return which == 0 ? st->tmp_path : st->scratch_path;
}

static size_t largest_dataset_values(const spsim_h5_writer *w)
{
    return (size_t)(w->n_weeks * w->n_loc) * (size_t)spsim_h5w_largest_per_cell();
}

/* Closes the store's datasets and both files; 0, or -1 when a close failed (disk full). */
static int close_all(spsim_h5_stream *st)
{
    spsim_h5_writer *w = &st->w;
    int status = 0;
    for (int i = 0; w->store && i < spsim_h5w_store_size(w->s->n_arms); i++)
        if (w->store[i] >= 0 && H5Dclose(w->store[i]) < 0) status = -1;
    for (int i = 0; w->store && i < spsim_h5w_store_size(w->s->n_arms); i++) w->store[i] = -1;
    if (st->scratch >= 0 && H5Fclose(st->scratch) < 0) status = -1;
    st->scratch = -1;
    if (w->file >= 0 && H5Fclose(w->file) < 0) status = -1;
    w->file = -1;
    return status;
}

static void free_stream(spsim_h5_stream *st)
{
    spsim_h5_restore(&st->saved);
    free(st->w.store);
    free(st->w.store_written);
    free(st->w.counts);
    free(st->w.per_rep);
    free(st->w.stats);
    free(st);
}

void spsim_h5_stream_abandon(spsim_h5_stream *st)
{
    if (!st) return;
    close_all(st);
    remove(st->tmp_path);
    if (st->scratch_path[0]) remove(st->scratch_path);
    free_stream(st);
}

static int open_files(spsim_h5_stream *st)
{
    spsim_h5_writer *w = &st->w;
    size_t n_store = (size_t)spsim_h5w_store_size(w->s->n_arms);
    w->store = malloc(n_store * sizeof *w->store);
    w->store_written = calloc(n_store, sizeof *w->store_written);
    w->counts = malloc(largest_dataset_values(w) * sizeof *w->counts);
    if (!w->store || !w->store_written || !w->counts) {
        snprintf(w->err, w->errlen, "out of memory opening %s", st->path);
        return -1;
    }
    for (size_t i = 0; i < n_store; i++) w->store[i] = -1;
    w->file = spsim_h5w_create_file(w, st->tmp_path, st->path);
    if (w->file < 0) return -1;
    if (w->store_is_output) return spsim_h5w_store_create(w, w->file);
    st->scratch = spsim_h5w_create_file(w, st->scratch_path, st->path);
    if (st->scratch < 0) return -1;
    return spsim_h5w_store_create(w, st->scratch);
}

spsim_h5_stream *spsim_h5_stream_open(const char *path, const spsim_scenario *s, int replications,
                                      spsim_keep keep, char *err, size_t errlen)
{
    if (spsim_output_check(path, err, errlen) < 0) return NULL;
    if (replications < 1 || s->n_arms < 1 || s->n_weeks < 1) {
        snprintf(err, errlen, "cannot write %s: the run has no replications, arms or weeks", path);
        return NULL;
    }
    spsim_h5_stream *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory opening %s", path);
        return NULL;
    }
    st->keep = keep;
    st->planned = replications;
    st->scratch = -1;
    spsim_keep_format(keep, st->keep_text, sizeof st->keep_text);
    snprintf(st->path, sizeof st->path, "%s", path);
    snprintf(st->tmp_path, sizeof st->tmp_path, "%s.tmp.%ld", path, (long)getpid());
    if (keep.mode != SPSIM_KEEP_ALL)
        snprintf(st->scratch_path, sizeof st->scratch_path, "%s.series.%ld", path, (long)getpid());
    st->w = (spsim_h5_writer){.s = s,
                              .file = -1,
                              .n_rep = (hsize_t)replications,
                              .n_weeks = (hsize_t)s->n_weeks,
                              .n_loc = (hsize_t)s->arms[0].n_localities,
                              .store_is_output = keep.mode == SPSIM_KEEP_ALL,
                              .err = err,
                              .errlen = errlen};
    for (int d = 0; d < N_DIMS; d++) st->w.scale[d] = st->w.local[d] = -1;
    spsim_h5_quiet_recording(&st->saved, &st->sys_errno);
    if (open_files(st) < 0) {
        if (st->sys_errno) spsim_output_give_reason(path, st->sys_errno, err, errlen);
        spsim_h5_stream_abandon(st);
        return NULL;
    }
    return st;
}

int spsim_h5_stream_on_done(void *stream, const spsim_run *run, int replication, char *err,
                            size_t errlen)
{
    spsim_h5_stream *st = stream;
    st->w.run = run;
    st->w.err = err;
    st->w.errlen = errlen;
    /* HDF5's error printing is per thread, and the runner calls from any of its threads. */
    spsim_h5_error_printing saved;
    spsim_h5_quiet_recording(&saved, &st->sys_errno);
    int status = spsim_h5w_store_put(&st->w, replication);
    spsim_h5_restore(&saved);
    if (status != 0 && st->sys_errno)
        spsim_output_give_reason(st->path, st->sys_errno, err, errlen);
    return status;
}

int spsim_h5_stream_restore(spsim_h5_stream *st, const char *partial_path, spsim_run *run,
                            int completed, char *err, size_t errlen)
{
    st->w.err = err;
    st->w.errlen = errlen;
    hid_t f = H5Fopen(partial_path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        snprintf(err, errlen, "cannot open %s to resume it", partial_path);
        return -1;
    }
    int status = spsim_h5w_store_restore(&st->w, f, completed);
    if (status == 0) status = spsim_h5w_read_resume_state(f, st->w.s, run, completed, err, errlen);
    if (H5Fclose(f) < 0 && status == 0) {
        snprintf(err, errlen, "cannot close %s", partial_path);
        status = -1;
    }
    if (status == 0) run->replications_done = completed;
    return status;
}

static int alloc_summary_buffers(spsim_h5_writer *w)
{
    size_t values = largest_dataset_values(w);
    w->per_rep = malloc((size_t)w->n_rep * sizeof(double));
    w->stats = malloc((size_t)SPSIM_N_STATS * values * sizeof *w->stats);
    if (!w->per_rep || !w->stats) {
        snprintf(w->err, w->errlen, "out of memory: a summary of %zu values does not fit",
                 (size_t)SPSIM_N_STATS * values);
        return -1;
    }
    return 0;
}

/* The file's contents, the files closed, the scratch file removed and the file renamed. */
static int finish(spsim_h5_stream *st)
{
    spsim_h5_writer *w = &st->w;
    int status = spsim_h5w_check_inputs(w->s, w->run, w->err, w->errlen);
    if (status == 0) status = alloc_summary_buffers(w);
    if (status == 0) status = spsim_h5w_write_contents(w);
    if (close_all(st) < 0 && status == 0) {
        snprintf(w->err, w->errlen, "cannot close %s (writing %s)", st->tmp_path, st->path);
        status = -1;
    }
    if (st->scratch_path[0]) remove(st->scratch_path);
    /* A full disk or a quota shows in HDF5's calls as a failed write: say so in the system's
     * words, and put the file in place only once it is flushed whole. */
    if (status != 0 && st->sys_errno)
        spsim_output_give_reason(st->path, st->sys_errno, w->err, w->errlen);
    if (status == 0) return spsim_output_commit(st->tmp_path, st->path, w->err, w->errlen);
    remove(st->tmp_path);
    return status;
}

static int finish_named(spsim_h5_stream *st, const spsim_run *run, bool partial,
                        const char *const *psa_key_names, char *err, size_t errlen)
{
    spsim_h5_writer *w = &st->w;
    w->run = run;
    w->err = err;
    w->errlen = errlen;
    w->psa_key_names = psa_key_names;
    w->n_rep = (hsize_t)run->n_replications;
    w->partial = partial;
    w->replications_planned = st->planned;
    /* A partial file keeps every series it has, whatever --keep asked: resuming needs them. */
    w->n_kept =
        (hsize_t)(partial ? run->n_replications : spsim_keep_series(st->keep, run->n_replications));
    w->keep_text = st->keep.mode == SPSIM_KEEP_ALL && !partial ? NULL : st->keep_text;
    int status = finish(st);
    free_stream(st);
    return status;
}

/* The run's parameter columns are the scenario's uncertain keys, in its order. */
static const char **scenario_key_names(const spsim_scenario *s, const spsim_run *run, bool *oom)
{
    int n = run->n_psa_keys > 0 && run->n_psa_keys == s->n_uncertain ? run->n_psa_keys : 0;
    *oom = false;
    if (!n) return NULL;
    const char **names = malloc((size_t)n * sizeof *names);
    if (!names) return *oom = true, NULL;
    for (int k = 0; k < n; k++) names[k] = s->uncertain[k].key;
    return names;
}

int spsim_h5_stream_finish(spsim_h5_stream *st, const spsim_run *run, bool partial, char *err,
                           size_t errlen)
{
    bool oom;
    const char **names = scenario_key_names(st->w.s, run, &oom);
    if (oom) {
        snprintf(err, errlen, "out of memory naming the uncertain keys");
        spsim_h5_stream_abandon(st);
        return -1;
    }
    int status = finish_named(st, run, partial, names, err, errlen);
    free((void *)names);
    return status;
}

/* ---- a run held in memory, written at once ---- */

static int write_whole_run(const char *path, const spsim_scenario *s, const spsim_run *run,
                           spsim_keep keep, const char *const *names, char *err, size_t errlen)
{
    if (spsim_h5w_check_inputs(s, run, err, errlen) < 0) return -1;
    spsim_h5_stream *st = spsim_h5_stream_open(path, s, run->n_replications, keep, err, errlen);
    if (!st) return -1;
    for (int r = 0; r < run->n_replications; r++)
        if (spsim_h5_stream_on_done(st, run, r, err, errlen) != 0) {
            spsim_h5_stream_abandon(st);
            return -1;
        }
    return finish_named(st, run, false, names, err, errlen);
}

int spsim_h5_write_psa(const char *path, const spsim_scenario *s, const spsim_run *run,
                       const char *const *psa_key_names, char *err, size_t errlen)
{
    spsim_keep all = {SPSIM_KEEP_ALL, 0};
    return write_whole_run(path, s, run, all, psa_key_names, err, errlen);
}

int spsim_h5_write_kept(const char *path, const spsim_scenario *s, const spsim_run *run,
                        spsim_keep keep, char *err, size_t errlen)
{
    bool oom;
    const char **names = scenario_key_names(s, run, &oom);
    if (oom) {
        snprintf(err, errlen, "out of memory naming the uncertain keys");
        return -1;
    }
    int status = write_whole_run(path, s, run, keep, names, err, errlen);
    free((void *)names);
    return status;
}

int spsim_h5_write(const char *path, const spsim_scenario *s, const spsim_run *run, char *err,
                   size_t errlen)
{
    spsim_keep all = {SPSIM_KEEP_ALL, 0};
    return spsim_h5_write_kept(path, s, run, all, err, errlen);
}
