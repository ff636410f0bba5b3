/* Where results go: an output path checked before the work that fills it, one writer per output
 * at a time, a finished file put in place whole, and the time a file says it was created.
 *
 * Every message is "cannot write PATH: REASON", the reason in the system's words (strerror). */
#ifndef SPSIM_OUTPUT_H
#define SPSIM_OUTPUT_H

#include <stddef.h>

enum {
    SPSIM_OUTPUT_PATH_MAX = 1100 /* bytes of an output path with its suffixes */
};

/* The advisory lock on an output, held from the check before a run until its file is in place:
 * an open, locked file PATH.lock holding the holder's process id. */
typedef struct {
    int fd; /* -1: not held */
    char lock_path[SPSIM_OUTPUT_PATH_MAX + 8];
} spsim_output_lock;

/* `path` can be written: it is not a directory, and its directory exists and is writable.
 * 0, or -1 with the reason in err. */
int spsim_output_check(const char *path, char *err, size_t errlen);

/* spsim_output_check, then PATH.lock created, locked and given this process's id: a real probe
 * of the directory (root passes any access check; a full disk refuses the id) and a refusal,
 * naming the other process, while another writer holds the same output. 0 with *lock held, or
 * -1 with the reason in err and nothing left behind. */
int spsim_output_claim(const char *path, spsim_output_lock *lock, char *err, size_t errlen);
/* The same for a directory that a command fills with several files (spsim export --csv DIR):
 * DIR exists, is a directory and can be written, and DIR/export.lock is created, locked and
 * given this process's id. 0 with *lock held, or -1 with the reason in err. */
#define SPSIM_OUTPUT_DIRECTORY_LOCK "export.lock"
int spsim_output_claim_directory(const char *dir, spsim_output_lock *lock, char *err,
                                 size_t errlen);
/* Removes and unlocks the lock file; nothing when the lock is not held. */
void spsim_output_release(spsim_output_lock *lock);

/* Puts the finished file `tmp_path` in place as `path`: flushed to the disk (a full disk or a
 * quota may show only then), then renamed over any earlier file. On failure the temporary file
 * is removed, the earlier file is untouched, and err gives the reason; 0 or -1. */
int spsim_output_commit(const char *tmp_path, const char *path, char *err, size_t errlen);

/* Rewrites err, which says what failed, as "cannot write PATH: REASON (WHAT FAILED)", REASON
 * being strerror(sys_errno). */
void spsim_output_give_reason(const char *path, int sys_errno, char *err, size_t errlen);

/* The creation time written into results files, ISO 8601 UTC: SOURCE_DATE_EPOCH (seconds since
 * 1970-01-01 UTC, the reproducible-builds convention) when set, so that two runs of the same
 * scenario and seed give the same bytes, otherwise now. */
void spsim_output_created(char *buf, size_t len);
/* 0 when SOURCE_DATE_EPOCH is unset or a whole number of seconds from 0 to 253402300799
 * (9999-12-31T23:59:59Z); otherwise -1 with a message, before any work is done. */
int spsim_output_check_created(char *err, size_t errlen);

#endif
