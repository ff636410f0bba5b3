/* Scalar readers for scenario values. Numbers, booleans and dates must be plain (unquoted) YAML
 * scalars, so that a quoted "10" or "2025-04-01" is a string, as YAML itself says, wherever it
 * is written. */
#include "values.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool spsim_value_number(const spsim_ynode *node, double *out)
{
    if (!node || node->kind != SPSIM_YNODE_SCALAR || !node->plain || node->text[0] == '\0')
        return false;
    const char *t = node->text;
    /* strtod also reads hexadecimal, "inf" and "nan", which are not scenario numbers. */
    for (const char *c = t; *c; c++)
        if (!isdigit((unsigned char)*c) && !strchr("+-.eE", *c)) return false;
    char *end;
    errno = 0;
    double v = strtod(t, &end);
    if (*end != '\0' || end == t || !isfinite(v)) return false;
    *out = v;
    return true;
}

bool spsim_value_integer(const spsim_ynode *node, long long *out, bool *overflow)
{
    *overflow = false;
    if (!node || node->kind != SPSIM_YNODE_SCALAR || !node->plain) return false;
    const char *t = node->text;
    size_t i = (t[0] == '+' || t[0] == '-');
    if (!isdigit((unsigned char)t[i])) return false;
    for (const char *c = t + i; *c; c++)
        if (!isdigit((unsigned char)*c)) return false;
    errno = 0;
    long long v = strtoll(t, NULL, 10);
    *overflow = errno == ERANGE;
    *out = v;
    return true;
}

bool spsim_value_bool(const spsim_ynode *node, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE"}, *const no[] = {"false", "False",
                                                                              "FALSE"};
    if (!node || node->kind != SPSIM_YNODE_SCALAR || !node->plain) return false;
    for (int i = 0; i < 3; i++) {
        if (strcmp(node->text, yes[i]) == 0 || strcmp(node->text, no[i]) == 0) {
            *out = strcmp(node->text, yes[i]) == 0;
            return true;
        }
    }
    return false;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool spsim_value_date(const spsim_ynode *node, spsim_date *out)
{
    /* Plain, as numbers are: a quoted "2025-04-01" is text, as YAML itself says. */
    if (!node || node->kind != SPSIM_YNODE_SCALAR || !node->plain) return false;
    const char *t = node->text;
    if (strlen(t) != 10 || t[4] != '-' || t[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)t[i])) return false;
    spsim_date d = {atoi(t), atoi(t + 5), atoi(t + 8)};
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
        return false;
    *out = d;
    return true;
}

bool spsim_value_is_name(const char *text)
{
    size_t n = strlen(text);
    if (n < 1 || n > 63) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)text[i]) && text[i] != '_' && text[i] != '-') return false;
    return true;
}

long spsim_date_days(spsim_date date)
{
    /* Days from civil (H. Hinnant's algorithm): exact for every Gregorian date. */
    long y = date.year - (date.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (date.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + date.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

spsim_date spsim_date_from_days(long days)
{
    /* Civil from days (H. Hinnant's algorithm), the inverse of spsim_date_days. */
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    return (spsim_date){(int)(yoe + era * 400 + (month <= 2)), month, day};
}

bool spsim_date_in_range(spsim_date date)
{
    return date.year >= 2000 && date.year <= 2100;
}

void spsim_value_describe(const spsim_ynode *node, char *buf, size_t len)
{
    if (node->kind == SPSIM_YNODE_MAPPING)
        snprintf(buf, len, "a mapping");
    else if (node->kind == SPSIM_YNODE_SEQUENCE)
        snprintf(buf, len, "a list");
    else if (spsim_ynode_is_null(node))
        snprintf(buf, len, "an empty value");
    else
        snprintf(buf, len, "'%.60s%s'", node->text, strlen(node->text) > 60 ? "..." : "");
}

bool spsim_value_quoted_but_plain(const spsim_ynode *node)
{
    if (!node || node->kind != SPSIM_YNODE_SCALAR || node->plain) return false;
    spsim_ynode plain = *node;
    plain.plain = true;
    double number;
    long long integer;
    bool flag, overflow;
    spsim_date date;
    return spsim_value_number(&plain, &number) ||
           spsim_value_integer(&plain, &integer, &overflow) || spsim_value_bool(&plain, &flag) ||
           spsim_value_date(&plain, &date);
}
