/* api_plate.c: what a printed plate shows (D5) and the URL its QR
 * carries (D4), for the API's plate images and the batch renderer. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "api.h"

/* 1 if base is only scheme://host[:port]: no path after the host. */
static int base_is_origin(const char *base)
{
    const char *p = strstr(base, "://");
    return p && !strchr(p + 3, '/');
}

/* See api.h. */
int api_plate_url(const char *base, const char *code, char *out, size_t outlen)
{
    if (!base || !code || !out)
        return -1;
    int upper = base_is_origin(base);
    int n = snprintf(out, outlen, "%s/%s/%s", base, upper ? "P" : "p", code);
    if (n < 0 || (size_t)n >= outlen)
        return -1;
    for (char *c = out; upper && *c; c++)
        *c = (char)toupper((unsigned char)*c);
    return 0;
}

/* Copies at most max bytes of s to out (cut at a UTF-8 character
 * boundary) and returns where the copy's NUL is. */
static char *put(char *out, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    return out + n;
}

/* See api.h.  The texts are cut to the plate's limits (QR_PLATE_*_MAX) at
 * character boundaries. */
int api_plate_make(const reg_plate_view *v, const char *url, qr_plate_size size, qr_level level,
                   qr_plate *p, char *buf, size_t buflen)
{
    if (!v || !url || !p || !buf || buflen < API_PLATE_TEXT_BUF)
        return -1;
    memset(p, 0, sizeof *p);
    if (qr_plate_kind_parse(v->kind, &p->kind) != QR_OK)
        return -1;
    char above[400];
    snprintf(above, sizeof above, "%s%s号", v->street, v->number);
    if (p->kind == QR_PLATE_UNIT || p->kind == QR_PLATE_ROOM)
        snprintf(above + strlen(above), sizeof above - strlen(above), "%s%s", v->building,
                 strstr(v->building, "楼") || strstr(v->building, "栋") ? "" : "号楼");
    if (p->kind == QR_PLATE_ROOM && v->entrance[0])
        snprintf(above + strlen(above), sizeof above - strlen(above), "%s%s", v->entrance,
                 strstr(v->entrance, "单元") ? "" : "单元");
    char *street = buf, *pinyin, *number, *upper;
    pinyin = put(street, p->kind == QR_PLATE_DOOR ? v->street : above, QR_PLATE_NAME_MAX) + 1;
    number = put(pinyin, p->kind == QR_PLATE_DOOR ? v->street_pinyin : "", QR_PLATE_NAME_MAX) + 1;
    upper = put(number, v->plate_line, QR_PLATE_NUMBER_MAX) + 1;
    char line[200];
    snprintf(line, sizeof line, "%s%s", v->township, v->village_short);
    put(upper, line, QR_PLATE_NAME_MAX);
    p->size = size;
    p->street = street;
    p->street_pinyin = pinyin[0] ? pinyin : NULL;
    p->number = number;
    p->upper_line = upper[0] ? upper : NULL;
    p->code = v->code;
    p->url = url;
    p->level = level;
    return 0;
}
