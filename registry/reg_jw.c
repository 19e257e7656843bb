/* reg_jw.c: JSON text written directly (see reg_jw.h). */
#include <stdlib.h>
#include <string.h>

#include "reg_jw.h"

/* See reg_jw.h. */
void reg_jw_init(reg_jw *w, size_t max)
{
    if (!w)
        return;
    memset(w, 0, sizeof *w);
    w->max = max;
}

/* Room for n more bytes and the final NUL: a pointer to where they go,
 * or NULL (the writer failed: past the cap or out of memory). */
static char *jw_reserve(reg_jw *w, size_t n)
{
    if (w->failed)
        return NULL;
    if (w->len + n + 1 > w->cap) {
        size_t need = w->len + n + 1, cap = w->cap ? w->cap : 1024;
        while (cap < need)
            cap *= 2;
        if (cap > w->max)
            cap = w->max;
        char *p = need <= cap ? realloc(w->p, cap) : NULL;
        if (!p) {
            w->failed = 1;
            return NULL;
        }
        w->p = p;
        w->cap = cap;
    }
    return w->p + w->len;
}

/* See reg_jw.h. */
void reg_jw_raw(reg_jw *w, const char *s, size_t n)
{
    char *dst = w && s ? jw_reserve(w, n) : NULL;
    if (!dst)
        return;
    memcpy(dst, s, n);
    w->len += n;
}

/* Starts a value at the current level: in an object it must follow a
 * key; elsewhere a comma goes before every value but the first.  0, or
 * -1 (the writer failed) when a value is not allowed here. */
static int jw_value(reg_jw *w)
{
    if (!w || w->failed)
        return -1;
    int d = w->depth;
    if (w->kind[d] == '{') {
        if (!w->key[d]) {
            w->failed = 1;
            return -1;
        }
        w->key[d] = 0;
    } else if (w->count[d] > 0) {
        if (w->kind[d] == 0) { /* one value at the top */
            w->failed = 1;
            return -1;
        }
        reg_jw_raw(w, ",", 1);
    }
    w->count[d]++;
    return 0;
}

/* The bytes that end a run of a JSON string's plain bytes: the NUL, the
 * control characters, '"' and '\\'. */
static const unsigned char jw_stop[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1,
    [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
    [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1,
    [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, ['"'] = 1,  ['\\'] = 1};

/* Writes s as a JSON string, run by run: each run of plain bytes is found
 * with one table lookup a byte and copied with the escape that ends it
 * (room for both made at once). */
static void jw_string(reg_jw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    char *o = jw_reserve(w, 1);
    if (!o)
        return;
    *o = '"';
    w->len++;
    for (;;) {
        const char *p = s;
        while (!jw_stop[(unsigned char)*p])
            p++;
        size_t n = (size_t)(p - s);
        if (!(o = jw_reserve(w, n + 6)))
            return;
        memcpy(o, s, n);
        o += n;
        unsigned char c = (unsigned char)*p;
        if (!c) {
            *o++ = '"';
            w->len += n + 1;
            return;
        }
        *o++ = '\\';
        if (c < 0x20) {
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
        } else {
            *o++ = (char)c;
        }
        w->len = (size_t)(o - w->p);
        s = p + 1;
    }
}

/* See reg_jw.h. */
void reg_jw_raw_value(reg_jw *w, const char *s, size_t n)
{
    if (!s) {
        if (w)
            w->failed = 1;
        return;
    }
    if (jw_value(w) == 0)
        reg_jw_raw(w, s, n);
}

/* See reg_jw.h. */
void reg_jw_reserve(reg_jw *w, size_t n)
{
    if (w)
        jw_reserve(w, n);
}

/* See reg_jw.h. */
void reg_jw_open(reg_jw *w, char bracket)
{
    if (!w || w->failed)
        return;
    if (w->depth + 1 >= REG_JW_DEPTH || (bracket != '{' && bracket != '[')) {
        w->failed = 1;
        return;
    }
    if (jw_value(w) != 0)
        return;
    reg_jw_raw(w, &bracket, 1);
    int d = ++w->depth;
    w->kind[d] = bracket;
    w->count[d] = 0;
    w->key[d] = 0;
}

/* See reg_jw.h. */
void reg_jw_close(reg_jw *w, char bracket)
{
    if (!w || w->failed)
        return;
    int d = w->depth;
    if (d == 0 || w->key[d] || (bracket == '}') != (w->kind[d] == '{') ||
        (bracket != '}' && bracket != ']')) {
        w->failed = 1;
        return;
    }
    reg_jw_raw(w, &bracket, 1);
    w->depth--;
}

/* See reg_jw.h. */
void reg_jw_key(reg_jw *w, const char *key)
{
    if (!w || w->failed)
        return;
    int d = w->depth;
    if (!key || w->kind[d] != '{' || w->key[d]) {
        w->failed = 1;
        return;
    }
    if (w->count[d] > 0)
        reg_jw_raw(w, ",", 1);
    jw_string(w, key);
    reg_jw_raw(w, ":", 1);
    w->key[d] = 1;
}

/* See reg_jw.h. */
void reg_jw_str(reg_jw *w, const char *s)
{
    if (!s) {
        reg_jw_null(w);
        return;
    }
    if (jw_value(w) == 0)
        jw_string(w, s);
}

/* See reg_jw.h. */
void reg_jw_str_or_null(reg_jw *w, const char *s)
{
    reg_jw_str(w, s && s[0] ? s : NULL);
}

/* See reg_jw.h.  Digits without stdio: ids are in every answer. */
void reg_jw_int(reg_jw *w, long long v)
{
    char buf[24];
    size_t i = sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--i] = '-';
    if (jw_value(w) == 0)
        reg_jw_raw(w, buf + i, sizeof buf - i);
}

/* See reg_jw.h.  Integer arithmetic: printf of doubles was a tenth of the
 * resolver's JSON. */
void reg_jw_fixed(reg_jw *w, double v, int decimals)
{
    if (!(v > -1e9 && v < 1e9) || decimals < 1 || decimals > 9) { /* NaN fails too */
        reg_jw_null(w);
        return;
    }
    unsigned long long scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    unsigned long long t = (unsigned long long)((v < 0 ? -v : v) * (double)scale + 0.5);
    char rev[32];
    int n = 0, keep = 0;
    for (int i = 0; i < decimals; i++, t /= 10) {
        int d = (int)(t % 10);
        if (d || keep || i == decimals - 1) { /* trailing zeros dropped, one digit kept */
            rev[n++] = (char)('0' + d);
            keep = 1;
        }
    }
    rev[n++] = '.';
    do {
        rev[n++] = (char)('0' + t % 10);
        t /= 10;
    } while (t);
    if (v < 0)
        rev[n++] = '-';
    char buf[32];
    for (int i = 0; i < n; i++)
        buf[i] = rev[n - 1 - i];
    if (jw_value(w) == 0)
        reg_jw_raw(w, buf, (size_t)n);
}

/* See reg_jw.h. */
void reg_jw_bool(reg_jw *w, int v)
{
    if (jw_value(w) == 0)
        reg_jw_raw(w, v ? "true" : "false", v ? 4 : 5);
}

/* See reg_jw.h. */
void reg_jw_null(reg_jw *w)
{
    if (jw_value(w) == 0)
        reg_jw_raw(w, "null", 4);
}

/* See reg_jw.h. */
void reg_jw_kstr(reg_jw *w, const char *key, const char *s)
{
    reg_jw_key(w, key);
    reg_jw_str(w, s);
}

/* See reg_jw.h. */
void reg_jw_kint(reg_jw *w, const char *key, long long v)
{
    reg_jw_key(w, key);
    reg_jw_int(w, v);
}

/* See reg_jw.h. */
void reg_jw_kfixed(reg_jw *w, const char *key, double v, int decimals)
{
    reg_jw_key(w, key);
    reg_jw_fixed(w, v, decimals);
}

/* See reg_jw.h. */
char *reg_jw_finish(reg_jw *w, size_t *len)
{
    if (!w)
        return NULL;
    char *p = w->p;
    size_t n = w->len;
    int ok = !w->failed && w->depth == 0 && w->count[0] == 1 && p;
    if (ok)
        p[n] = '\0'; /* jw_reserve always leaves room for it */
    w->p = NULL;
    reg_jw_free(w);
    if (!ok) {
        free(p);
        return NULL;
    }
    if (len)
        *len = n;
    return p;
}

/* See reg_jw.h. */
char *reg_jw_take(reg_jw *w, size_t *len)
{
    if (!w)
        return NULL;
    char *p = w->failed ? NULL : jw_reserve(w, 0) ? w->p : NULL;
    size_t n = w->len;
    if (p)
        p[n] = '\0';
    else
        free(w->p);
    w->p = NULL;
    reg_jw_free(w);
    if (p && len)
        *len = n;
    return p;
}

/* See reg_jw.h. */
void reg_jw_free(reg_jw *w)
{
    if (!w)
        return;
    free(w->p);
    size_t max = w->max;
    reg_jw_init(w, max);
}
