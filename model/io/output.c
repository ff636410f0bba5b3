#define _DEFAULT_SOURCE /* flock */

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- checks ---- */

static void directory_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/* 0 when dir is a directory this process can create files in, else the reason (an errno). */
static int unwritable_directory(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) return errno;
    if (!S_ISDIR(st.st_mode)) return ENOTDIR;
    return access(dir, W_OK | X_OK) != 0 ? errno : 0;
}

int spsim_output_check(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (path[0] == '\0' || path[strlen(path) - 1] == '/' ||
        (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        snprintf(err, errlen, "cannot write %s: %s (a results file needs a file name)", path,
                 strerror(EISDIR));
        return -1;
    }
    if (strlen(path) + 16 > SPSIM_OUTPUT_PATH_MAX) {
        snprintf(err, errlen, "cannot write %s: %s (at most %d bytes)", path,
                 strerror(ENAMETOOLONG), SPSIM_OUTPUT_PATH_MAX - 16);
        return -1;
    }
    char dir[SPSIM_OUTPUT_PATH_MAX];
    directory_of(path, dir, sizeof dir);
    int reason = unwritable_directory(dir);
    if (reason) {
        snprintf(err, errlen, "cannot write %s: directory %s: %s", path, dir, strerror(reason));
        return -1;
    }
    return 0;
}

/* ---- one writer per output ---- */

/* The process id the holder of the lock wrote into it, or 0 when it cannot be read. */
static long holder_of(int fd)
{
    char text[32] = "";
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    if (n <= 0) return 0;
    text[n] = '\0';
    long pid = strtol(text, NULL, 10);
    return pid > 0 ? pid : 0;
}

static int refuse_busy(const char *path, const char *lock_path, int fd, char *err, size_t errlen)
{
    long pid = holder_of(fd);
    char who[48] = "another process";
    if (pid) snprintf(who, sizeof who, "another process (pid %ld)", pid);
    snprintf(err, errlen,
             "cannot write %s: %s is writing it now (it holds %s); wait for it to finish or "
             "choose another output",
             path, who, lock_path);
    return -1;
}

/* Opens and locks PATH.lock; the file locked must still be the one at that path, since a
 * releasing holder removes it (then the lock is taken again on the new file). */
static int lock_file(const char *path, spsim_output_lock *lock, char *err, size_t errlen)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = open(lock->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            snprintf(err, errlen, "cannot write %s: cannot create %s: %s", path, lock->lock_path,
                     strerror(errno));
            return -1;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            int status =
                e == EWOULDBLOCK ? refuse_busy(path, lock->lock_path, fd, err, errlen) : -1;
            if (e != EWOULDBLOCK)
                snprintf(err, errlen, "cannot write %s: cannot lock %s: %s", path, lock->lock_path,
                         strerror(e));
            close(fd);
            return status;
        }
        struct stat held, there;
        if (fstat(fd, &held) == 0 && stat(lock->lock_path, &there) == 0 &&
            held.st_ino == there.st_ino && held.st_dev == there.st_dev) {
            lock->fd = fd;
            return 0;
        }
        close(fd); /* removed by its holder meanwhile: take the new one */
    }
    snprintf(err, errlen, "cannot write %s: %s keeps being replaced", path, lock->lock_path);
    return -1;
}

/* This process's id in the lock: names the holder to a refused writer, and writing it proves the
 * disk takes data. */
static int put_holder(const char *path, spsim_output_lock *lock, char *err, size_t errlen)
{
    char text[32];
    int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
    errno = 0;
    if (ftruncate(lock->fd, 0) != 0 || pwrite(lock->fd, text, (size_t)n, 0) != n ||
        fsync(lock->fd) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
        return -1;
    }
    return 0;
}

int spsim_output_claim(const char *path, spsim_output_lock *lock, char *err, size_t errlen)
{
    lock->fd = -1;
    lock->lock_path[0] = '\0';
    if (spsim_output_check(path, err, errlen) < 0) return -1;
    snprintf(lock->lock_path, sizeof lock->lock_path, "%s.lock", path);
    if (lock_file(path, lock, err, errlen) < 0) return -1;
    if (put_holder(path, lock, err, errlen) < 0) {
        spsim_output_release(lock);
        return -1;
    }
    return 0;
}

int spsim_output_claim_directory(const char *dir, spsim_output_lock *lock, char *err, size_t errlen)
{
    lock->fd = -1;
    lock->lock_path[0] = '\0';
    int reason =
        strlen(dir) + 16 > SPSIM_OUTPUT_PATH_MAX ? ENAMETOOLONG : unwritable_directory(dir);
    if (reason) {
        snprintf(err, errlen, "cannot write %s: %s", dir, strerror(reason));
        return -1;
    }
    snprintf(lock->lock_path, sizeof lock->lock_path, "%s/%s", dir, SPSIM_OUTPUT_DIRECTORY_LOCK);
    if (lock_file(dir, lock, err, errlen) < 0) return -1;
    if (put_holder(dir, lock, err, errlen) < 0) {
        spsim_output_release(lock);
        return -1;
    }
    return 0;
}

void spsim_output_release(spsim_output_lock *lock)
{
    if (lock->fd < 0) return;
    unlink(lock->lock_path); /* while still locked, so no one else's lock is removed */
    close(lock->fd);
    lock->fd = -1;
}

/* ---- the finished file ---- */

static int flush_to_disk(const char *tmp_path)
{
    int fd = open(tmp_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int status = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return status;
}

int spsim_output_commit(const char *tmp_path, const char *path, char *err, size_t errlen)
{
    if (flush_to_disk(tmp_path) != 0 || rename(tmp_path, path) != 0) {
        snprintf(err, errlen, "cannot write %s: %s (putting %s in its place)", path,
                 strerror(errno), tmp_path);
        remove(tmp_path);
        return -1;
    }
    return 0;
}

void spsim_output_give_reason(const char *path, int sys_errno, char *err, size_t errlen)
{
    char what[1024];
    snprintf(what, sizeof what, "%s", err);
    snprintf(err, errlen, "cannot write %s: %s (%s)", path, strerror(sys_errno), what);
}

/* ---- the creation time ---- */

static const long long latest_epoch = 253402300799LL; /* 9999-12-31T23:59:59Z */

/* SOURCE_DATE_EPOCH as seconds: 1 when set and valid, 0 when unset, -1 when malformed. */
static int source_date_epoch(long long *seconds)
{
    const char *text = getenv("SOURCE_DATE_EPOCH");
    if (!text) return 0;
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || errno || *end || v > latest_epoch) return -1;
    *seconds = v;
    return 1;
}

int spsim_output_check_created(char *err, size_t errlen)
{
    long long seconds;
    if (source_date_epoch(&seconds) >= 0) return 0;
    snprintf(err, errlen,
             "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, from 0 to "
             "%lld, got '%s'",
             latest_epoch, getenv("SOURCE_DATE_EPOCH"));
    return -1;
}

void spsim_output_created(char *buf, size_t len)
{
    long long seconds;
    time_t when = source_date_epoch(&seconds) > 0 ? (time_t)seconds : time(NULL);
    struct tm utc;
    if (!gmtime_r(&when, &utc) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &utc))
        snprintf(buf, len, "unknown");
}
