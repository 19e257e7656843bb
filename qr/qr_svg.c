/*
 * QR symbols as SVG: a white rectangle covering symbol and quiet zone,
 * and one black <path> made of one closed rectangle per horizontal run of
 * dark modules.  Every edge is written as an absolute coordinate
 * ("M x0 y0 H x1 V y1 H x0 z") computed from its module index, so two
 * runs sharing an edge print the same number and rounding to three
 * decimals can never open a hairline gap between rows.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qr_internal.h"

/* See qr_internal.h. */
int qr_fmt_num(double v, char out[QR_NUM_MAX])
{
    out[0] = '\0';
    if (!isfinite(v) || v > QR_COORD_MAX || v < -QR_COORD_MAX)
        return -1;
    /* |v| <= 1e9: at most "-1000000000.000", 15 characters. */
    int n = snprintf(out, QR_NUM_MAX, "%.3f", v);
    if (n < 0 || n >= QR_NUM_MAX) {
        out[0] = '\0';
        return -1;
    }
    while (out[n - 1] == '0')
        n--;
    if (out[n - 1] == '.')
        n--;
    out[n] = '\0';
    if (strcmp(out, "-0") == 0) {
        out[0] = '0';
        out[1] = '\0';
        n = 1;
    }
    return n;
}

/* A bounded writer: appends while text fits in cap bytes (NUL included)
 * and keeps counting the length it would need once it no longer does. */
typedef struct svg_buf {
    char *buf;
    size_t cap;
    size_t len;     /* length needed so far, NUL excluded */
    int bad;        /* a number was out of range (or vsnprintf failed) */
} svg_buf;

/* printf-style append to b; never writes past b->cap. */
__attribute__((format(printf, 2, 3)))
static void sb_printf(svg_buf *b, const char *fmt, ...)
{
    char *dst = NULL;
    size_t room = 0;
    if (b->len < b->cap) {
        dst = b->buf + b->len;
        room = b->cap - b->len;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->bad = 1;
        return;
    }
    b->len += (size_t)n;
}

/* Appends v formatted by qr_fmt_num, prefixed with the string pre. */
static void sb_num(svg_buf *b, const char *pre, double v)
{
    char num[QR_NUM_MAX];
    if (qr_fmt_num(v, num) < 0) {
        b->bad = 1;
        return;
    }
    sb_printf(b, "%s%s", pre, num);
}

/* Appends the white rectangle and the black path of sym, its quiet zone's
 * top-left corner at (x, y), module size m. */
static void svg_body(svg_buf *b, const qr_symbol *sym, double x, double y,
                     double m)
{
    double side = (sym->width + 2 * QR_QUIET) * m;
    sb_num(b, "<rect x=\"", x);
    sb_num(b, "\" y=\"", y);
    sb_num(b, "\" width=\"", side);
    sb_num(b, "\" height=\"", side);
    sb_printf(b, "\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
    for (int r = 0; r < sym->width; r++) {
        const unsigned char *row = sym->dark + (size_t)r * (size_t)sym->width;
        int c = 0;
        while (c < sym->width) {
            if (!row[c]) {
                c++;
                continue;
            }
            int start = c;
            while (c < sym->width && row[c])
                c++;
            double x0 = x + (start + QR_QUIET) * m;
            double x1 = x + (c + QR_QUIET) * m;
            sb_num(b, "M", x0);
            sb_num(b, " ", y + (r + QR_QUIET) * m);
            sb_num(b, "H", x1);
            sb_num(b, "V", y + (r + 1 + QR_QUIET) * m);
            sb_num(b, "H", x0);
            sb_printf(b, "z");
        }
    }
    sb_printf(b, "\"/>");
}

/* See qr.h.  Details: (x, y) is the top-left corner of the quiet zone, so
 * the drawing covers (width + 8) * module units square.  x, y and module
 * must be finite, module > 0, and every coordinate within +-1e9
 * (QR_EINVAL otherwise).  buf may be NULL only when cap is 0, to ask for
 * the size.  On QR_ENOMEM *len is the length needed (NUL excluded) and buf,
 * if cap > 0, holds "". */
int qr_svg_fragment(const qr_symbol *sym, double x, double y, double module,
                    char *buf, size_t cap, size_t *len)
{
    if (!qr_symbol_ok(sym) || !len || (!buf && cap > 0) || !isfinite(x)
        || !isfinite(y) || !isfinite(module) || !(module > 0))
        return QR_EINVAL;
    *len = 0;

    /* Coordinates beyond +-1e9 are caught as they are formatted. */
    svg_buf b = { buf, cap, 0, 0 };
    svg_body(&b, sym, x, y, module);
    if (b.bad) {
        if (cap > 0)
            buf[0] = '\0';
        return QR_EINVAL;
    }
    *len = b.len;
    if (b.len >= cap) {
        if (cap > 0)
            buf[0] = '\0';
        return QR_ENOMEM;
    }
    return QR_OK;
}

/* See qr.h.  Details: scale is 1..QR_SCALE_MAX (64); the document is
 * UTF-8 SVG 1.1 with xmlns, viewBox "0 0 W W" and width = height =
 * W * scale where W = width + 8, and shape-rendering="crispEdges".
 * QR_EINVAL for a bad symbol, scale or NULL outputs; QR_ENOMEM.  On
 * failure *out is NULL and *len 0. */
int qr_svg_doc(const qr_symbol *sym, int scale, char **out, size_t *len)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!qr_symbol_ok(sym) || scale < 1 || scale > QR_SCALE_MAX || !out || !len)
        return QR_EINVAL;
    size_t need = 0;
    /* With cap 0 the answer is QR_ENOMEM and the size needed. */
    int rc = qr_svg_fragment(sym, 0, 0, 1, NULL, 0, &need);
    if (rc != QR_ENOMEM)
        return rc;
    int w = sym->width + 2 * QR_QUIET;
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
        " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
        " shape-rendering=\"crispEdges\">";
    size_t cap = sizeof head + 4 * 12 + need + sizeof "</svg>\n";
    char *doc = malloc(cap);
    if (!doc)
        return QR_ENOMEM;
    int n = snprintf(doc, cap, head, w, w, w * scale, w * scale);
    size_t frag = 0;
    if (n < 0 || (size_t)n >= cap ||
        (rc = qr_svg_fragment(sym, 0, 0, 1, doc + n, cap - (size_t)n, &frag)) != QR_OK) {
        free(doc);
        return rc == QR_OK ? QR_ENOMEM : rc;
    }
    size_t used = (size_t)n + frag;
    memcpy(doc + used, "</svg>\n", sizeof "</svg>\n");
    *out = doc;
    *len = used + sizeof "</svg>\n" - 1;
    return QR_OK;
}

/* See qr.h.  The document of qr_svg_doc goes to a temporary file beside
 * path, renamed over path only when complete, so on failure path is
 * untouched.  QR_EINVAL also for a NULL or empty path; QR_EIO if writing
 * fails. */
int qr_write_svg(const qr_symbol *sym, int scale, const char *path)
{
    if (!path || !*path)
        return QR_EINVAL;
    char *doc = NULL;
    size_t len = 0;
    int rc = qr_svg_doc(sym, scale, &doc, &len);
    if (rc != QR_OK)
        return rc;
    qr_outfile out;
    rc = qr_outfile_open(&out, path);
    if (rc == QR_OK) {
        if (fwrite(doc, 1, len, out.fp) != len) {
            qr_outfile_abort(&out);
            rc = QR_EIO;
        } else {
            rc = qr_outfile_commit(&out);
        }
    }
    free(doc);
    return rc;
}
