/*
 * A growable, capped text buffer for building plate SVGs, with fast
 * number formatting (no printf, no locale) and XML escaping.  One plate
 * costs a handful of appends per text and a few thousand small integers
 * for the QR path, so nothing here allocates per character or calls
 * snprintf.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qr_internal.h"

/* See qr_internal.h. */
int qr_sbuf_init(qr_sbuf *b, size_t initial, size_t max)
{
    memset(b, 0, sizeof *b);
    if (initial < 1)
        initial = 1;
    if (initial > max)
        initial = max;
    b->max = max;
    b->buf = malloc(initial);
    if (!b->buf || max == 0) {
        free(b->buf);
        b->buf = NULL;
        b->err = QR_ENOMEM;
        return QR_ENOMEM;
    }
    b->cap = initial;
    b->buf[0] = '\0';
    return QR_OK;
}

/* See qr_internal.h. */
void qr_sbuf_free(qr_sbuf *b)
{
    free(b->buf);
    memset(b, 0, sizeof *b);
}

/* See qr_internal.h.  Grows by doubling, never beyond b->max. */
char *qr_sbuf_reserve(qr_sbuf *b, size_t n)
{
    if (b->err)
        return NULL;
    if (n >= b->max || b->len > b->max - n - 1) {
        b->err = QR_ENOMEM;
        return NULL;
    }
    size_t need = b->len + n + 1;
    if (need > b->cap) {
        size_t cap = b->cap;
        while (cap < need)
            cap = cap > b->max / 2 ? b->max : cap * 2;
        char *nb = realloc(b->buf, cap);
        if (!nb) {
            b->err = QR_ENOMEM;
            return NULL;
        }
        b->buf = nb;
        b->cap = cap;
    }
    return b->buf + b->len;
}

/* See qr_internal.h. */
void qr_sbuf_commit(qr_sbuf *b, size_t n)
{
    b->len += n;
    b->buf[b->len] = '\0';
}

/* See qr_internal.h. */
void qr_sbuf_put(qr_sbuf *b, const char *s, size_t n)
{
    char *dst = qr_sbuf_reserve(b, n);
    if (!dst)
        return;
    memcpy(dst, s, n);
    qr_sbuf_commit(b, n);
}

/* Writes v in decimal at dst (room for 20 digits); returns the count.
 * Values below 2^32 (every plate coordinate) take 32-bit divisions. */
static size_t put_ull(char *dst, unsigned long long v)
{
    char tmp[24];
    size_t n = 0;
    while (v > 0xFFFFFFFFull) {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    }
    unsigned v32 = (unsigned)v;
    do {
        tmp[n++] = (char)('0' + v32 % 10);
        v32 /= 10;
    } while (v32);
    for (size_t i = 0; i < n; i++)
        dst[i] = tmp[n - 1 - i];
    return n;
}

/* See qr_internal.h. */
void qr_sbuf_uint(qr_sbuf *b, unsigned long v)
{
    char *dst = qr_sbuf_reserve(b, 24);
    if (dst)
        qr_sbuf_commit(b, put_ull(dst, v));
}

/* See qr_internal.h.  Rounds half away from zero at the last decimal. */
void qr_sbuf_num(qr_sbuf *b, double v, int decimals)
{
    static const unsigned long long pow10[] = { 1, 10, 100, 1000, 10000,
                                                100000, 1000000 };
    if (b->err)
        return;
    if (!isfinite(v) || v > QR_COORD_MAX || v < -QR_COORD_MAX
        || decimals < 0 || decimals > 6) {
        b->err = QR_EINVAL;
        return;
    }
    unsigned long long scale = pow10[decimals];
    int neg = v < 0;
    /* |v| <= 1e9 and scale <= 1e6: at most 1e15, exact in a double. */
    unsigned long long t = (unsigned long long)((neg ? -v : v)
                                                * (double)scale + 0.5);
    unsigned long long ip, fp;
    if (t <= 0xFFFFFFFFull) {
        unsigned t32 = (unsigned)t, s32 = (unsigned)scale;
        ip = t32 / s32;
        fp = t32 % s32;
    } else {
        ip = t / scale;
        fp = t % scale;
    }
    char *dst = qr_sbuf_reserve(b, 32);
    if (!dst)
        return;
    size_t n = 0;
    if (neg && t != 0)
        dst[n++] = '-';
    n += put_ull(dst + n, ip);
    if (fp) {
        int d = decimals;
        unsigned f32 = (unsigned)fp;    /* < 10^6 */
        while (f32 % 10 == 0) {
            f32 /= 10;
            d--;
        }
        dst[n++] = '.';
        for (int i = d - 1; i >= 0; i--) {
            dst[n + (size_t)i] = (char)('0' + f32 % 10);
            f32 /= 10;
        }
        n += (size_t)d;
    }
    qr_sbuf_commit(b, n);
}

/* See qr_internal.h.  Copies runs of plain bytes with one memcpy each. */
void qr_sbuf_xml(qr_sbuf *b, const char *s)
{
    const char *run = s;
    for (;; s++) {
        const char *ent;
        size_t elen;
        switch (*s) {
        case '&':  ent = "&amp;";  elen = 5; break;
        case '<':  ent = "&lt;";   elen = 4; break;
        case '>':  ent = "&gt;";   elen = 4; break;
        case '"':  ent = "&quot;"; elen = 6; break;
        case '\'': ent = "&apos;"; elen = 6; break;
        case '\0': qr_sbuf_put(b, run, (size_t)(s - run)); return;
        default:   continue;
        }
        qr_sbuf_put(b, run, (size_t)(s - run));
        qr_sbuf_put(b, ent, elen);
        run = s + 1;
    }
}
