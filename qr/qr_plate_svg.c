/*
 * A whole plate as SVG (D5, GB 17733 style), in millimetres.
 *
 * Layout (every length a fraction of the plate height H, so the three
 * sizes look alike; the QR square is the D5 side exactly):
 *
 *   +--------------------------------------------------------------+
 *   | +----------------------------------------------------------+ |
 *   | |        upper line (会师镇), small            +----------+ | |
 *   | |        STREET NAME (会师南路), large         |          | | |
 *   | |        PINYIN (HUISHI NANLU)                 |    QR    | | |
 *   | |   ------------------------------------       |          | | |
 *   | |                                              +----------+ | |
 *   | |              12 号   (very large)              code       | |
 *   | +----------------------------------------------------------+ |
 *   +--------------------------------------------------------------+
 *
 * Sign-blue rounded background; a white rounded border line inset from
 * the edge; all texts white and centred in the text area left of the QR;
 * the QR (white square with the 4-module quiet zone, black modules) on
 * the right, centred vertically together with the code under it.  The
 * kinds differ in the suffix of the number (号, 号楼, 单元, 室) and in the
 * weight of the name above it (large on a 门牌, smaller on the others);
 * with no name at all the number is centred in the whole text area.
 *
 * Texts are estimated, not measured (qr_text_em, which budgets the
 * widest font named): one that would not fit its width is condensed by a
 * horizontal scale transform down to 70%, then also made smaller, and
 * given textLength with lengthAdjust="spacingAndGlyphs" in its own
 * (scaled) units, so a renderer that measures glyphs fits it exactly and
 * one that ignores textLength (librsvg 2.54) still keeps it inside by the
 * estimate.  A condensed text is anchored at its start, half its
 * textLength left of the centre: librsvg 2.54 misplaces middle-anchored
 * text and tspans under a non-uniform scale.  The number (with its
 * suffix in a tspan) is only made smaller, never condensed.  The QR is
 * drawn last, so nothing can cover it.
 *
 * The QR path is written in integer module units inside a
 * translate/scale transform: a few thousand small integers, written
 * without printf, so a plate's SVG costs microseconds, not the ~100 us
 * of encoding its symbol.
 */
#include <stdlib.h>
#include <string.h>

#include "qr_internal.h"

#define PLATE_BLUE "#0F4C9A"
#define FONT_CJK "'Source Han Sans SC', 'Noto Sans CJK SC', SimHei, " \
                 "'Microsoft YaHei', sans-serif"
#define FONT_LATIN "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', " \
                   "sans-serif"

/* Widest QR symbol (version 40). */
#define QR_WIDTH_MAX 177

/* Hard cap of one document (a 256-byte URL at H is version 18 at most,
 * about 70 KB of path). */
#define PLATE_SVG_MAX (256u * 1024u)
/* First allocation: a typical medium plate is 6-9 KB. */
#define PLATE_SVG_INITIAL (16u * 1024u)

/* Narrowest horizontal scale before the font is made smaller. */
#define CONDENSE_MIN 0.7

/* Digit cap height (Source Han Sans / Noto Sans CJK: about 0.73 em). */
#define DIGIT_CAP 0.74

/* Largest number, as a fraction of the plate height. */
#define NUMBER_MAX_H 0.6

/* The number's suffix: its size relative to the number, its gap. */
#define SUFFIX_REL 0.36
#define SUFFIX_GAP_EM 0.06

/* Suffix printed after the number, per kind, and the endings that mean
 * the number already carries one (then nothing is added). */
static const char *const kind_suffix[] = {
    [QR_PLATE_DOOR] = "号", [QR_PLATE_BUILDING] = "号楼",
    [QR_PLATE_UNIT] = "单元", [QR_PLATE_ROOM] = "室",
};
static const char *const kind_endings[][4] = {
    [QR_PLATE_DOOR] = { "号", NULL },
    [QR_PLATE_BUILDING] = { "号楼", "栋", "幢", NULL },
    [QR_PLATE_UNIT] = { "单元", NULL },
    [QR_PLATE_ROOM] = { "室", "户", NULL },
};

/* How one text is drawn: font size, horizontal scale, and (adjust) the
 * textLength in the text's own units. */
typedef struct fitted {
    double size;
    double sx;
    int adjust;
    double length;
} fitted;

/* Fits a text of em ems at nominal size into avail: as is if it fits;
 * else, when condense is set, narrowed by a horizontal scale down to
 * CONDENSE_MIN and then also made smaller; else only made smaller. */
static fitted fit_text(double em, double size, double avail, int condense)
{
    fitted f = { size, 1.0, 0, 0 };
    double w = em * size;
    if (w <= avail || w <= 0)
        return f;
    double r = avail / w;
    if (!condense) {
        f.size = size * r;
    } else if (r >= CONDENSE_MIN) {
        f.sx = r;
    } else {
        f.sx = CONDENSE_MIN;
        f.size = size * r / CONDENSE_MIN;
    }
    f.adjust = 1;
    f.length = avail / f.sx;
    return f;
}

/* Appends " name=\"v\"" with v at 2 decimals. */
static void attr_num(qr_sbuf *b, const char *name, size_t nlen, double v)
{
    qr_sbuf_put(b, name, nlen);
    qr_sbuf_num(b, v, 2);
    QR_SBUF_LIT(b, "\"");
}
#define ATTR(b, lit, v) attr_num((b), (lit), sizeof(lit) - 1, (v))

/* Appends a <text> centred on cx with its baseline at y: text s, then an
 * optional suffix in a <tspan> at suffix_size after a gap of gap units
 * (only with f.sx 1: librsvg 2.54 misplaces tspans and middle anchors
 * under a non-uniform scale).  A condensed text is therefore anchored at
 * its start, half its textLength left of cx, in its own scaled units.
 * extra holds further attributes (font family, weight) or "". */
static void put_text(qr_sbuf *b, double cx, double y, fitted f,
                     const char *extra, const char *s, const char *suffix,
                     double suffix_size, double gap)
{
    QR_SBUF_LIT(b, "<text transform=\"translate(");
    qr_sbuf_num(b, cx, 2);
    QR_SBUF_LIT(b, " ");
    qr_sbuf_num(b, y, 2);
    if (f.sx != 1.0) {
        QR_SBUF_LIT(b, ") scale(");
        qr_sbuf_num(b, f.sx, 4);
        QR_SBUF_LIT(b, " 1)\" text-anchor=\"start\"");
        ATTR(b, " x=\"", -f.length / 2);
    } else {
        QR_SBUF_LIT(b, ")\"");
    }
    ATTR(b, " font-size=\"", f.size);
    qr_sbuf_put(b, extra, strlen(extra));
    if (f.adjust) {
        ATTR(b, " textLength=\"", f.length);
        QR_SBUF_LIT(b, " lengthAdjust=\"spacingAndGlyphs\"");
    }
    QR_SBUF_LIT(b, ">");
    qr_sbuf_xml(b, s);
    if (suffix) {
        QR_SBUF_LIT(b, "<tspan");
        ATTR(b, " font-size=\"", suffix_size);
        ATTR(b, " dx=\"", gap);
        QR_SBUF_LIT(b, ">");
        qr_sbuf_xml(b, suffix);
        QR_SBUF_LIT(b, "</tspan>");
    }
    QR_SBUF_LIT(b, "</text>\n");
}

/* Two-digit pairs "00".."99" for put_small. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "68697071727374757677787980818283848586878889909192939495969798990";

/* Writes v (0-999) at dst; returns the count. */
static inline size_t put_small(char *dst, int v)
{
    if (v < 10) {
        dst[0] = (char)('0' + v);
        return 1;
    }
    if (v < 100) {
        memcpy(dst, digit_pairs + 2 * v, 2);
        return 2;
    }
    dst[0] = (char)('0' + v / 100);
    memcpy(dst + 1, digit_pairs + 2 * (v % 100), 2);
    return 3;
}

/* Appends the QR: the white square of side q at (x, y) and the black
 * modules as one path in module units, scaled to q / (width + 8).  Each
 * row with dark modules is one closed subpath, a square wave along its
 * top edge: "M x y" at the left of its first run, then for every run
 * "v1 h n v-1" (down, along its bottom, up) and "h gap" to the next run,
 * and "z" back along the top.  The wave's stretches along the top line
 * (the gaps) lie on the closing edge, so they enclose nothing: the
 * subpath fills exactly the row's runs under either fill rule.  That is
 * ~9 bytes a run where a rectangle a run ("M x y h n v1 h-n z") takes
 * ~14, so a medium plate fits in one 4 KB page (one page of tmpfs or
 * page cache a file instead of two).  The runs' edges are found without
 * branches (a row of random modules would otherwise mispredict at every
 * edge). */
static void put_qr(qr_sbuf *b, const qr_symbol *sym, double x, double y,
                   double q)
{
    int w = sym->width;
    QR_SBUF_LIT(b, "<rect");
    ATTR(b, " x=\"", x);
    ATTR(b, " y=\"", y);
    ATTR(b, " width=\"", q);
    ATTR(b, " height=\"", q);
    QR_SBUF_LIT(b, " fill=\"#fff\"/>\n<path transform=\"translate(");
    qr_sbuf_num(b, x, 2);
    QR_SBUF_LIT(b, " ");
    qr_sbuf_num(b, y, 2);
    QR_SBUF_LIT(b, ") scale(");
    qr_sbuf_num(b, q / (w + 2 * QR_QUIET), 6);
    QR_SBUF_LIT(b, ")\" fill=\"#000\" shape-rendering=\"crispEdges\" d=\"");
    /* A row is at most "M181 180" and "z", and a run "v1h177v-1h177". */
    size_t row_max = 9 + 13 * ((size_t)w / 2 + 1);
    int edge[QR_WIDTH_MAX + 2];
    for (int r = 0; r < w; r++) {
        const unsigned char *row = sym->dark + (size_t)r * (size_t)w;
        int ne = 0, prev = 0;
        for (int c = 0; c < w; c++) {
            int d = row[c] != 0;
            edge[ne] = c;
            ne += d ^ prev;
            prev = d;
        }
        edge[ne] = w;
        ne += prev;
        if (ne == 0)
            continue;
        char *dst = qr_sbuf_reserve(b, row_max);
        if (!dst)
            return;
        size_t n = 0;
        dst[n++] = 'M';
        n += put_small(dst + n, edge[0] + QR_QUIET);
        dst[n++] = ' ';
        n += put_small(dst + n, r + QR_QUIET);
        for (int k = 0; k < ne; k += 2) {
            if (k > 0) {
                dst[n++] = 'h';
                n += put_small(dst + n, edge[k] - edge[k - 1]);
            }
            memcpy(dst + n, "v1h", 3);
            n += 3;
            n += put_small(dst + n, edge[k + 1] - edge[k]);
            memcpy(dst + n, "v-1", 3);
            n += 3;
        }
        dst[n++] = 'z';
        qr_sbuf_commit(b, n);
    }
    QR_SBUF_LIT(b, "\"/>\n");
}

/* 1 if s is a non-empty text. */
static int present(const char *s)
{
    return s && *s;
}

/* 1 if s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Appends the whole document of the checked plate p with its symbol. */
static void put_plate(qr_sbuf *b, const qr_plate *p, const qr_symbol *sym)
{
    qr_plate_dims d;
    qr_plate_size_dims(p->size, &d);
    const double W = d.width_mm, H = d.height_mm, Q = d.qr_mm;

    const double radius = 0.05 * H;      /* outer corners */
    const double inset = 0.035 * H;      /* border line, centre of stroke */
    const double stroke = 0.012 * H;
    const double pad = 0.05 * H;         /* border line to content */
    const double top = inset + pad, bottom = H - inset - pad;

    /* The QR and the code under it, centred vertically, on the right. */
    const double fc = 0.045 * H;
    double block = Q + (present(p->code) ? 1.3 * fc : 0);
    double xq = W - inset - pad - Q, yq = (H - block) / 2;

    /* The text area, left of the QR. */
    const double tx0 = top, tx1 = xq - pad;
    const double tw = tx1 - tx0, tcx = (tx0 + tx1) / 2;

    QR_SBUF_LIT(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
    qr_sbuf_put(b, " width=\"", 8);
    qr_sbuf_uint(b, (unsigned long)d.width_mm);
    QR_SBUF_LIT(b, "mm\" height=\"");
    qr_sbuf_uint(b, (unsigned long)d.height_mm);
    QR_SBUF_LIT(b, "mm\" viewBox=\"0 0 ");
    qr_sbuf_uint(b, (unsigned long)d.width_mm);
    QR_SBUF_LIT(b, " ");
    qr_sbuf_uint(b, (unsigned long)d.height_mm);
    QR_SBUF_LIT(b, "\">\n<rect");
    ATTR(b, " width=\"", W);
    ATTR(b, " height=\"", H);
    ATTR(b, " rx=\"", radius);
    QR_SBUF_LIT(b, " fill=\"" PLATE_BLUE "\"/>\n<rect");
    ATTR(b, " x=\"", inset);
    ATTR(b, " y=\"", inset);
    ATTR(b, " width=\"", W - 2 * inset);
    ATTR(b, " height=\"", H - 2 * inset);
    ATTR(b, " rx=\"", radius - 0.6 * inset);
    QR_SBUF_LIT(b, " fill=\"none\" stroke=\"#fff\"");
    ATTR(b, " stroke-width=\"", stroke);
    QR_SBUF_LIT(b, "/>\n");

    QR_SBUF_LIT(b, "<g fill=\"#fff\" font-family=\"" FONT_CJK "\""
                " font-weight=\"bold\" text-anchor=\"middle\">\n");

    /* The code, centred under the QR. */
    if (present(p->code)) {
        fitted f = fit_text(qr_text_em(p->code, 0), fc, Q, 1);
        put_text(b, xq + Q / 2, yq + Q + 0.3 * fc + DIGIT_CAP * fc, f,
                 " font-family=\"" FONT_LATIN "\" font-weight=\"normal\"",
                 p->code, NULL, 0, 0);
    }

    /* The names above the number. */
    int door = p->kind == QR_PLATE_DOOR;
    double y = top;
    int lines = 0;
    if (present(p->upper_line)) {
        double s = 0.07 * H;
        put_text(b, tcx, y + 0.9 * s,
                 fit_text(qr_text_em(p->upper_line, 1), s, tw, 1),
                 " font-weight=\"normal\"", p->upper_line, NULL, 0, 0);
        y += 1.3 * s;
        lines++;
    }
    if (present(p->street)) {
        double s = (door ? 0.15 : 0.12) * H;
        put_text(b, tcx, y + 0.88 * s,
                 fit_text(qr_text_em(p->street, 1), s, tw, 1),
                 "", p->street, NULL, 0, 0);
        y += 1.12 * s;
        lines++;
    }
    if (present(p->street_pinyin)) {
        double s = (door ? 0.06 : 0.05) * H;
        put_text(b, tcx, y + 0.85 * s,
                 fit_text(qr_text_em(p->street_pinyin, 0), s, tw, 1),
                 " font-family=\"" FONT_LATIN "\"", p->street_pinyin,
                 NULL, 0, 0);
        y += 1.15 * s;
        lines++;
    }
    if (lines) {
        double ly = y + 0.025 * H;
        QR_SBUF_LIT(b, "<path");
        ATTR(b, " stroke-width=\"", 0.008 * H);
        QR_SBUF_LIT(b, " stroke=\"#fff\" d=\"M");
        qr_sbuf_num(b, tx0, 2);
        QR_SBUF_LIT(b, " ");
        qr_sbuf_num(b, ly, 2);
        QR_SBUF_LIT(b, "H");
        qr_sbuf_num(b, tx1, 2);
        QR_SBUF_LIT(b, "\"/>\n");
        y = ly + 0.06 * H;
    }

    /* The number, as large as its band allows, with its suffix. */
    const char *suffix = kind_suffix[p->kind];
    for (const char *const *e = kind_endings[p->kind]; *e; e++)
        if (ends_with(p->number, *e))
            suffix = NULL;
    double band = bottom - y;
    double size = band / (DIGIT_CAP + 0.04);
    if (size > NUMBER_MAX_H * H)
        size = NUMBER_MAX_H * H;
    double em = qr_text_em(p->number, 1)
        + (suffix ? SUFFIX_REL * qr_text_em(suffix, 1) + SUFFIX_GAP_EM : 0);
    fitted f = fit_text(em, size, tw, 0);
    /* Bottom-aligned when it fills its band, else centred in it. */
    double base = bottom - 0.04 * f.size;
    if ((DIGIT_CAP + 0.04) * f.size < band)
        base = (y + bottom + DIGIT_CAP * f.size) / 2;
    put_text(b, tcx, base, f, "", p->number, suffix, SUFFIX_REL * f.size,
             SUFFIX_GAP_EM * f.size);
    QR_SBUF_LIT(b, "</g>\n");

    /* Last, so that nothing can ever be drawn over the QR. */
    put_qr(b, sym, xq, yq, Q);
    QR_SBUF_LIT(b, "</svg>\n");
}

/* Draws the checked plate p with its symbol into a new buffer. */
static int build(const qr_plate *p, const qr_symbol *sym, char **out,
                 size_t *len)
{
    qr_sbuf b;
    if (qr_sbuf_init(&b, PLATE_SVG_INITIAL, PLATE_SVG_MAX) != QR_OK)
        return QR_ENOMEM;
    put_plate(&b, p, sym);
    if (b.err) {
        int rc = b.err;
        qr_sbuf_free(&b);
        return rc;
    }
    *out = b.buf;
    *len = b.len;
    return QR_OK;
}

/* See qr_internal.h. */
int qr_plate_svg_with(const qr_plate *p, const qr_symbol *sym, char **out,
                      size_t *len)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!out || !len || !qr_symbol_ok(sym) || qr_plate_check(p) != QR_OK)
        return QR_EINVAL;
    return build(p, sym, out, len);
}

/* See qr.h. */
int qr_plate_svg(const qr_plate *p, char **out, size_t *len)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!out || !len || qr_plate_check(p) != QR_OK)
        return QR_EINVAL;
    qr_symbol sym;
    int rc = qr_encode(p->url, p->level, &sym);
    if (rc == QR_OK)
        rc = build(p, &sym, out, len);
    qr_symbol_free(&sym);
    return rc;
}
