/* SIGINT, SIGTERM and SIGUSR1 during a streamed run (docs/reliability.md, "Interrupt and
 * resume"; SIGUSR1 is the one OpenMPI's mpirun passes to every rank, docs/scaling.md).
 *
 * The first signal sets the stop flag the runner reads before each replication: no new ones
 * start, those in flight finish, and the run writes a partial file it can be resumed from. A
 * second signal removes the temporary files at once and exits with status 128 + the signal, so
 * nothing half-written is left under any name. */
#ifndef SPSIM_CLI_INTERRUPT_H
#define SPSIM_CLI_INTERRUPT_H

#include <signal.h>

enum {
    SPSIM_INTERRUPT_MAX_PATHS = 2
};

/* Installs the handlers; `paths` (up to SPSIM_INTERRUPT_MAX_PATHS, copied) are the temporary
 * files a second signal removes. 0, or -1 when sigaction failed. */
int spsim_interrupt_install(const char *const *paths, int n_paths);
/* Puts back the handlers found at install (the run is written: nothing left to remove). */
void spsim_interrupt_uninstall(void);
/* The flag for spsim_run_options.stop, and the signal that set it (0: none). */
const volatile sig_atomic_t *spsim_interrupt_flag(void);
int spsim_interrupt_signal(void);

#endif
