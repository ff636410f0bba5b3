/* Reading one scalar of a scenario file as the registry's types: numbers, integers, booleans,
 * dates and names. Each reader returns false when the text is not of that type. */
#ifndef SPSIM_VALUES_H
#define SPSIM_VALUES_H

#include <stdbool.h>
#include "yaml_tree.h"

typedef struct {
    int year, month, day;
} spsim_date;

bool spsim_value_number(const spsim_ynode *node, double *out);
/* Integers may overflow: *overflow is set when the text is an integer outside long long. */
bool spsim_value_integer(const spsim_ynode *node, long long *out, bool *overflow);
bool spsim_value_bool(const spsim_ynode *node, bool *out);
/* A real calendar date written YYYY-MM-DD. */
bool spsim_value_date(const spsim_ynode *node, spsim_date *out);
/* A quoted scalar that, unquoted, would be a number, integer, boolean or date: such a value is
 * text and is refused wherever one of those is needed, with a message saying why. */
bool spsim_value_quoted_but_plain(const spsim_ynode *node);
/* 1..63 characters of [A-Za-z0-9_-]. */
bool spsim_value_is_name(const char *text);

/* Days since 1970-01-01 (proleptic Gregorian). */
long spsim_date_days(spsim_date date);
spsim_date spsim_date_from_days(long days); /* the inverse of spsim_date_days */
bool spsim_date_in_range(spsim_date date);  /* 2000-01-01..2100-12-31 */

/* How a node is shown in messages: 'text' for scalars, "a mapping", "a list". */
void spsim_value_describe(const spsim_ynode *node, char *buf, size_t len);

#endif
