/* "Did you mean" suggestions: the edit distance behind them and the closest of a list of names.
 * In the lowest layer so that the scenario checks (misspelt keys) and the command line
 * (misspelt commands, options and choice values) suggest by the same rule. */
#ifndef SPSIM_SUGGEST_H
#define SPSIM_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance with adjacent transpositions counted as one edit. */
int spsim_edit_distance(const char *a, const char *b);

/* The index of the name closest to `word` within 2 edits (and fewer edits than `word` has
 * characters, so "x" suggests nothing), the first on a tie; -1 when none is that close or
 * `word` is one of the names exactly. */
int spsim_suggest_closest(const char *word, const char *const *names, int n);

/* "; did you mean 'NAME'?" for the closest name (as spsim_suggest_closest), or "" when none. */
void spsim_suggest_text(const char *word, const char *const *names, int n, char *buf, size_t len);

#endif
