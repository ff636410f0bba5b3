#include "check.h"

#include <stdarg.h>
#include <stdio.h>

static int n_passed, n_failed; /* test-harness tallies, one test program per process */

bool spsim_check_(bool ok, const char *file, int line, const char *fmt, ...)
{
    if (ok) {
        n_passed++;
        return true;
    }
    n_failed++;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: FAILED: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return false;
}

int spsim_check_finish(void)
{
    printf("%d passed, %d failed\n", n_passed, n_failed);
    return n_failed == 0 && n_passed > 0 ? 0 : 1;
}
