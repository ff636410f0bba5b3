/* The handlers of SIGINT and SIGTERM: only async-signal-safe calls (write, unlink, _exit). The
 * state is the process's, not the model's: one run per process owns it. */
#define _POSIX_C_SOURCE 200809L
#include "interrupt.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum {
    PATH_BYTES = 1200
};

static volatile sig_atomic_t stop_flag, stop_signal;
static char temp_paths[SPSIM_INTERRUPT_MAX_PATHS][PATH_BYTES];
static int n_temp_paths;
static struct sigaction saved_int, saved_term, saved_usr1;

static void say(const char *text)
{
    ssize_t ignored = write(STDERR_FILENO, text, strlen(text));
    (void)ignored;
}

static void on_signal(int sig)
{
    if (stop_flag) {
        for (int i = 0; i < n_temp_paths; i++)
            if (temp_paths[i][0]) unlink(temp_paths[i]);
        say("\nspsim: interrupted again: stopped at once, nothing written (an earlier file under "
            "the output name is untouched)\n");
        _exit(128 + sig);
    }
    stop_flag = 1;
    stop_signal = sig;
    say("\nspsim: interrupted: finishing the replications in flight, then writing a partial file "
        "(interrupt again to stop at once and write nothing)\n");
}

int spsim_interrupt_install(const char *const *paths, int n_paths)
{
    n_temp_paths = 0;
    for (int i = 0; i < n_paths && i < SPSIM_INTERRUPT_MAX_PATHS; i++)
        snprintf(temp_paths[n_temp_paths++], PATH_BYTES, "%s", paths[i] ? paths[i] : "");
    stop_flag = 0;
    stop_signal = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART; /* a write in progress goes on rather than failing with EINTR */
    sigemptyset(&sa.sa_mask);
    /* A SIGINT ignored already (a background job of a shell without job control, nohup) stays
     * ignored: the keyboard's interrupt was not meant for this process. */
    if (sigaction(SIGINT, NULL, &saved_int) != 0) return -1;
    if (saved_int.sa_handler != SIG_IGN && sigaction(SIGINT, &sa, NULL) != 0) return -1;
    if (sigaction(SIGTERM, &sa, &saved_term) != 0) return sigaction(SIGINT, &saved_int, NULL), -1;
    /* SIGUSR1 too: OpenMPI's mpirun passes it to every rank at once, whereas it answers SIGINT
     * and SIGTERM itself, sending each rank SIGTERM and then SIGKILL a second later
     * (docs/scaling.md). */
    if (sigaction(SIGUSR1, &sa, &saved_usr1) != 0) {
        sigaction(SIGINT, &saved_int, NULL);
        sigaction(SIGTERM, &saved_term, NULL);
        return -1;
    }
    return 0;
}

void spsim_interrupt_uninstall(void)
{
    sigaction(SIGINT, &saved_int, NULL);
    sigaction(SIGTERM, &saved_term, NULL);
    sigaction(SIGUSR1, &saved_usr1, NULL);
    n_temp_paths = 0;
}

const volatile sig_atomic_t *spsim_interrupt_flag(void)
{
    return &stop_flag;
}

int spsim_interrupt_signal(void)
{
    return (int)stop_signal;
}
