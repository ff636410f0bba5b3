/* A minimal test harness: checks count failures and report file and line; main returns
 * spsim_check_finish(), which prints "N passed, N failed" and gives the exit status. */
#ifndef SPSIM_CHECK_H
#define SPSIM_CHECK_H

#include <stdbool.h>

bool spsim_check_(bool ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int spsim_check_finish(void);

/* CHECK(condition, "format", ...): records a pass or a failure with the message. */
#define CHECK(cond, ...) spsim_check_((cond), __FILE__, __LINE__, __VA_ARGS__)
/* CHECK_NEAR(actual, expected, tolerance, "what"): |actual - expected| <= tolerance. */
#define CHECK_NEAR(a, e, tol, what)                                                                \
    spsim_check_(fabs((double)(a) - (double)(e)) <= (tol), __FILE__, __LINE__,                     \
                 "%s: %.6g vs expected %.6g (tolerance %.3g)", (what), (double)(a), (double)(e),   \
                 (double)(tol))

#endif
