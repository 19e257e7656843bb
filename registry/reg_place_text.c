/*
 * reg_place_text.c: code points in and out of UTF-8, and pinyin syllables
 * with and without their tone marks.
 */
#include <string.h>

#include "reg_place_internal.h"

/* Decodes the UTF-8 sequence at p into *cp; its length, or 0 if it is not
 * valid (overlong forms, surrogates and values above U+10FFFF are not). */
static size_t utf8_step(const unsigned char *p, uint32_t *cp)
{
    uint32_t c = *p;
    size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (len == 0 || c > 0xf4)
        return 0;
    if (len > 1)
        c &= 0x3fu >> (len - 1);
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3fu);
    }
    if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
        (len == 4 && (c < 0x10000 || c > 0x10ffff)))
        return 0;
    *cp = c;
    return len;
}

/* See reg_place_internal.h. */
long rp_utf8_decode(const char *s, uint32_t *cps, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        uint32_t c;
        size_t len = utf8_step(p, &c);
        if (len == 0 || n == max)
            return -1;
        cps[n++] = c;
        p += len;
    }
    return (long)n;
}

/* See reg_place_internal.h. */
int rp_utf8_encode(const uint32_t *cps, size_t n, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        unsigned char b[4];
        size_t len;
        if (c < 0x80) {
            b[0] = (unsigned char)c;
            len = 1;
        } else if (c < 0x800) {
            b[0] = (unsigned char)(0xc0 | c >> 6);
            b[1] = (unsigned char)(0x80 | (c & 0x3f));
            len = 2;
        } else if (c < 0x10000) {
            b[0] = (unsigned char)(0xe0 | c >> 12);
            b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
            b[2] = (unsigned char)(0x80 | (c & 0x3f));
            len = 3;
        } else {
            b[0] = (unsigned char)(0xf0 | c >> 18);
            b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
            b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
            b[3] = (unsigned char)(0x80 | (c & 0x3f));
            len = 4;
        }
        if (o + len >= outlen)
            return -1;
        memcpy(out + o, b, len);
        o += len;
    }
    if (o >= outlen)
        return -1;
    out[o] = '\0';
    return 0;
}

/* A tone-marked letter of pinyin and its bare letter. */
typedef struct tone_mark {
    const char *marked;
    char base;  /* ASCII letter */
    int umlaut; /* 1 for the ü vowels: plain form keeps ü */
} tone_mark;

static const tone_mark tone_marks[] = {
    {"ā", 'a', 0}, {"á", 'a', 0}, {"ǎ", 'a', 0}, {"à", 'a', 0}, {"ē", 'e', 0}, {"é", 'e', 0},
    {"ě", 'e', 0}, {"è", 'e', 0}, {"ê", 'e', 0}, {"ế", 'e', 0}, {"ề", 'e', 0}, {"ī", 'i', 0},
    {"í", 'i', 0}, {"ǐ", 'i', 0}, {"ì", 'i', 0}, {"ō", 'o', 0}, {"ó", 'o', 0}, {"ǒ", 'o', 0},
    {"ò", 'o', 0}, {"ū", 'u', 0}, {"ú", 'u', 0}, {"ǔ", 'u', 0}, {"ù", 'u', 0}, {"ǖ", 'u', 1},
    {"ǘ", 'u', 1}, {"ǚ", 'u', 1}, {"ǜ", 'u', 1}, {"ü", 'u', 1}, {"ń", 'n', 0}, {"ň", 'n', 0},
    {"ǹ", 'n', 0}, {"ḿ", 'm', 0},
};

/* The tone mark starting at s, or NULL. */
static const tone_mark *tone_mark_at(const char *s)
{
    for (size_t i = 0; i < sizeof tone_marks / sizeof tone_marks[0]; i++) {
        size_t n = strlen(tone_marks[i].marked);
        if (strncmp(s, tone_marks[i].marked, n) == 0)
            return &tone_marks[i];
    }
    return NULL;
}

/* 1 if s starts with a combining tone mark (U+0300, U+0301, U+0304,
 * U+030C), which the table uses after ê and m. */
static int combining_at(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return p[0] == 0xcc && (p[1] == 0x80 || p[1] == 0x81 || p[1] == 0x84 || p[1] == 0x8c);
}

/* See reg_place_internal.h.  Output is cut at RP_SYL_BUF - 1 bytes. */
void rp_syllable_plain(const char *toned, char *plain, char *ascii)
{
    size_t p = 0, a = 0;
    const char *s = toned;
    while (*s) {
        const tone_mark *t = tone_mark_at(s);
        if (t) {
            if (t->umlaut && plain && p + 2 < RP_SYL_BUF) {
                memcpy(plain + p, "ü", 2);
                p += 2;
            } else if (!t->umlaut && plain && p + 1 < RP_SYL_BUF) {
                plain[p++] = t->base;
            }
            if (ascii && a + 1 < RP_SYL_BUF)
                ascii[a++] = t->base;
            s += strlen(t->marked);
        } else if (combining_at(s)) {
            s += 2;
        } else {
            if (plain && p + 1 < RP_SYL_BUF)
                plain[p++] = *s;
            if (ascii && a + 1 < RP_SYL_BUF)
                ascii[a++] = *s;
            s++;
        }
    }
    if (plain)
        plain[p] = '\0';
    if (ascii)
        ascii[a] = '\0';
}

/* See reg_place_internal.h. */
int rp_syllable_ok(const char *s)
{
    size_t letters = 0;
    if (!s || strlen(s) >= RP_SYL_BUF)
        return 0;
    while (*s) {
        const tone_mark *t = tone_mark_at(s);
        if (t) {
            s += strlen(t->marked);
        } else if (combining_at(s) && letters > 0) {
            s += 2;
            continue;
        } else if (*s >= 'a' && *s <= 'z') {
            s++;
        } else {
            return 0;
        }
        letters++;
    }
    return letters >= 1 && letters <= 6;
}

/* See reg_place_internal.h. */
int rp_code_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= REG_CODE_MAX && strspn(s, "0123456789") == n;
}

/* See reg_place_internal.h. */
int rp_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c;
        size_t len = utf8_step(p, &c);
        if (len == 0)
            return 0;
        p += len;
    }
    return 1;
}
