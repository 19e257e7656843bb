/*
 * reg_dp_number.c: door numbers (D2) as staff write them and as the
 * registry stores them: a main number and an optional sub-number (12-1),
 * the sub-number given to a building added between two numbers.
 */
#include <stdio.h>
#include <string.h>

#include "reg_doorplates.h"
#include "reg_internal.h"

#define NUMBER_SEP_ZHI "\xE4\xB9\x8B" /* 之, as in 12之1 */
#define NUMBER_SUFFIX_HAO "\xE5\x8F\xB7" /* 号 */

/* The bad_number error naming field. */
static int bad_number(const char *field, reg_error *err)
{
    return reg_error_set(err, REG_EINVAL, "bad_number", field,
                         "门牌号格式错误（应为 1-99999 的整数，可带 1-999 的支号，如 12 或 12-1）",
                         "malformed door number (1-99999, optionally with a sub-number "
                         "1-999: 12 or 12-1)");
}

/* Reads the decimal digits at *p (no leading zero, at most max) into *v
 * and advances *p.  0, or -1 if there are none or the value is too big. */
static int read_part(const char **p, long max, long *v)
{
    const char *s = *p;
    if (*s < '1' || *s > '9')
        return -1;
    long x = 0;
    while (*s >= '0' && *s <= '9') {
        x = x * 10 + (*s - '0');
        if (x > max)
            return -1;
        s++;
    }
    *v = x;
    *p = s;
    return 0;
}

/* See reg_doorplates.h. */
int reg_number_parse(const char *text, const char *field, reg_number *out, reg_error *err)
{
    char norm[REG_NAME_BUF];
    if (!out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (!text || reg_name_normalize(text, field, norm, sizeof norm, err) != REG_OK)
        return bad_number(field, err);
    size_t n = strlen(norm);
    size_t hao = sizeof NUMBER_SUFFIX_HAO - 1;
    if (n > hao && strcmp(norm + n - hao, NUMBER_SUFFIX_HAO) == 0)
        norm[n - hao] = '\0';
    const char *p = norm;
    long main = 0, sub = 0;
    if (read_part(&p, REG_NUMBER_MAIN_MAX, &main) != 0)
        return bad_number(field, err);
    if (*p == '-' || strncmp(p, NUMBER_SEP_ZHI, sizeof NUMBER_SEP_ZHI - 1) == 0) {
        p += *p == '-' ? 1 : sizeof NUMBER_SEP_ZHI - 1;
        if (read_part(&p, REG_NUMBER_SUB_MAX, &sub) != 0)
            return bad_number(field, err);
    }
    if (*p)
        return bad_number(field, err);
    out->main = main;
    out->sub = (int)sub;
    return REG_OK;
}

/* See reg_doorplates.h. */
int reg_number_format(reg_number n, char *out, size_t outlen)
{
    if (!out || n.main < 1 || n.main > REG_NUMBER_MAIN_MAX || n.sub < 0 ||
        n.sub > REG_NUMBER_SUB_MAX)
        return REG_EINVAL;
    int w = n.sub ? snprintf(out, outlen, "%ld-%d", n.main, n.sub)
                  : snprintf(out, outlen, "%ld", n.main);
    return w > 0 && (size_t)w < outlen ? REG_OK : REG_EINVAL;
}

/* See reg_doorplates.h. */
int reg_number_cmp(reg_number a, reg_number b)
{
    if (a.main != b.main)
        return a.main < b.main ? -1 : 1;
    return (a.sub > b.sub) - (a.sub < b.sub);
}
