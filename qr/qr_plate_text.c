/*
 * Plate texts: checking that a text can go into the SVG as it is (valid
 * UTF-8, no control characters) and estimating how wide it will print,
 * without fonts: the plate is drawn with fonts named, not measured, so
 * the layout budgets each character by class and errs on the wide side.
 */
#include <string.h>

#include "qr_internal.h"

/* Decodes one UTF-8 character at s (s[0] != 0).  Returns its length
 * (1-4) and the code point in *cp, or 0 if the bytes are not a shortest
 * form of a scalar value up to U+10FFFF. */
static int utf8_next(const unsigned char *s, unsigned long *cp)
{
    unsigned long c = s[0];
    int n;
    unsigned long min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2; c &= 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; c &= 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; c &= 0x07; min = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)   /* also stops at the NUL */
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* See qr_internal.h. */
int qr_text_ok(const char *s, size_t max)
{
    if (!s)
        return 0;
    size_t len = strnlen(s, max + 1);
    if (len > max)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long cp;
        int n = utf8_next(p, &cp);
        if (n == 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)
            || cp == 0xFFFE || cp == 0xFFFF)
            return 0;
        p += n;
    }
    return 1;
}

/* 1 if cp prints as a full-width (1 em) character: CJK radicals and
 * symbols, kana, bopomofo, hangul, CJK ideographs (all planes), CJK
 * compatibility, vertical and small forms, full-width forms. */
static int is_wide(unsigned long cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Advances of printable ASCII (0x20-0x7E) in hundredths of an em: those
 * of DejaVu Sans Bold, the widest font the plate names and the one a
 * Linux renderer falls back to (measured with rsvg-convert), rounded up.
 * Arial is about 15% narrower; the CJK fonts' digits are 0.59 em. */
static const unsigned char ascii_em100[95] = {
    35, 46, 52, 84, 70, 100, 87, 30, 46, 46, 52, 84, 38, 42, 38, 37, /*  -/ */
    70, 70, 70, 70, 70, 70, 70, 70, 70, 70,                         /* 0-9 */
    40, 40, 84, 84, 84, 58, 100,                                    /* :-@ */
    78, 77, 74, 83, 69, 69, 83, 84, 38, 38, 78, 64, 100,            /* A-M */
    84, 86, 74, 86, 77, 69, 70, 82, 78, 111, 78, 73, 73,            /* N-Z */
    46, 37, 46, 84, 50, 50,                                         /* [-` */
    68, 72, 60, 72, 68, 44, 72, 72, 35, 35, 67, 35, 105,            /* a-m */
    72, 70, 72, 72, 50, 60, 48, 72, 66, 93, 66, 66, 59,             /* n-z */
    72, 37, 72, 84,                                                 /* {-~ */
};

/* Estimated advance of one character in em (see qr_text_em). */
static double char_em(unsigned long cp, int cjk_font)
{
    if (cjk_font && cp >= '0' && cp <= '9')
        return 0.6;
    if (cp >= 0x20 && cp <= 0x7E)
        return ascii_em100[cp - 0x20] / 100.0;
    return is_wide(cp) ? 1.0 : 0.72;
}

/* See qr_internal.h.  Invalid bytes count as one 1 em character each. */
double qr_text_em(const char *s, int cjk_font)
{
    double em = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        unsigned long cp;
        int n = utf8_next(p, &cp);
        if (n == 0) {
            em += 1.0;
            p++;
            continue;
        }
        em += char_em(cp, cjk_font);
        p += n;
    }
    return em;
}
