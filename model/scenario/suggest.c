/* Edit distance behind "did you mean" suggestions for misspelt keys, commands and values. */
#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int min3(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

int spsim_edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    enum {
        MAX = 64
    }; /* longer keys are never close to a known one */
    if (na >= MAX || nb >= MAX) return (int)(na > nb ? na : nb);
    int d[MAX][MAX];
    for (size_t i = 0; i <= na; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    }
    return d[na][nb];
}

int spsim_suggest_closest(const char *word, const char *const *names, int n)
{
    int best = -1, best_dist = 3; /* more than 2 edits is a different word, not a slip */
    for (int i = 0; i < n; i++) {
        int dist = spsim_edit_distance(word, names[i]);
        if (dist == 0) return -1;
        if (dist < best_dist && dist < (int)strlen(word)) {
            best = i;
            best_dist = dist;
        }
    }
    return best;
}

void spsim_suggest_text(const char *word, const char *const *names, int n, char *buf, size_t len)
{
    int s = spsim_suggest_closest(word, names, n);
    if (s < 0)
        snprintf(buf, len, "%s", "");
    else
        snprintf(buf, len, "; did you mean '%s'?", names[s]);
}
