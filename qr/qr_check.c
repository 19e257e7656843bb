/*
 * Doorplate codes (D4): digits plus one ISO/IEC 7064 MOD 11-2 check
 * character, the system of the Chinese citizen ID number (GB 11643).
 * The check character itself comes from the iso7064 leaf, which the
 * registry uses too when it allocates codes (see iso7064.h for why it
 * detects every single-character error and adjacent transposition).
 */
#include <string.h>

#include "iso7064.h"
#include "qr.h"

/* Longest digit string that takes a check character (so codes are at
 * most 65 characters and fit, NUL included, in 66 bytes). */
#define QR_DIGITS_MAX 64
#define QR_CODE_BUF (QR_DIGITS_MAX + 2)

/* 1 if s[0..n) is all ASCII digits and 1 <= n <= QR_DIGITS_MAX. */
static int digits_ok(const char *s, size_t n)
{
    if (n < 1 || n > QR_DIGITS_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* See qr.h.  The length is measured with a bound, so an unterminated or
 * huge input is never read past QR_DIGITS_MAX + 1 bytes. */
int qr_check_char(const char *digits, char *out)
{
    if (!digits || !out)
        return QR_EINVAL;
    size_t n = strnlen(digits, QR_DIGITS_MAX + 1);
    if (!digits_ok(digits, n))
        return QR_EINVAL;
    return iso7064_mod11_2(digits, n, out) == 0 ? QR_OK : QR_EINVAL;
}

/* See qr.h. */
int qr_code_make(const char *digits, char *out, size_t outlen)
{
    if (!digits || !out)
        return QR_EINVAL;
    size_t n = strnlen(digits, QR_DIGITS_MAX + 1);
    if (!digits_ok(digits, n) || outlen < n + 2)
        return QR_EINVAL;
    if (iso7064_mod11_2(digits, n, &out[n]) != 0)
        return QR_EINVAL;
    memcpy(out, digits, n);
    out[n + 1] = '\0';
    return QR_OK;
}

/* One accepted input sequence and what it folds to ('\0': removed). */
typedef struct fold_rule {
    const char *bytes;
    unsigned char len;
    char to;
} fold_rule;

/* Multi-byte UTF-8 sequences qr_code_normalize accepts.  Full-width
 * digits U+FF10-FF19 are handled arithmetically (EF BC 90-99). */
static const fold_rule fold_rules[] = {
    { "\xE3\x80\x80", 3, '\0' },   /* U+3000 ideographic space */
    { "\xEF\xBC\x8D", 3, '\0' },   /* U+FF0D full-width hyphen-minus */
    { "\xE2\x80\x90", 3, '\0' },   /* U+2010 hyphen */
    { "\xE2\x80\x91", 3, '\0' },   /* U+2011 non-breaking hyphen */
    { "\xE2\x80\x92", 3, '\0' },   /* U+2012 figure dash */
    { "\xE2\x80\x93", 3, '\0' },   /* U+2013 en dash */
    { "\xE2\x80\x94", 3, '\0' },   /* U+2014 em dash */
    { "\xE2\x80\x95", 3, '\0' },   /* U+2015 horizontal bar */
    { "\xEF\xBC\xB8", 3, 'X' },    /* U+FF38 full-width X */
    { "\xEF\xBD\x98", 3, 'X' },    /* U+FF58 full-width x */
};

/* Reads one accepted character at *s.  Sets *to to the ASCII character it
 * folds to ('0'-'9', 'X') or '\0' if it is removed, and returns the number
 * of bytes consumed; 0 if s does not start with an accepted character
 * (which includes any malformed UTF-8). */
static size_t fold_one(const unsigned char *s, char *to)
{
    unsigned char c = s[0];
    if (c >= '0' && c <= '9') {
        *to = (char)c;
        return 1;
    }
    if (c == 'X' || c == 'x') {
        *to = 'X';
        return 1;
    }
    if (c == ' ' || c == '\t' || c == '-') {
        *to = '\0';
        return 1;
    }
    if (c == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
        *to = (char)('0' + (s[2] - 0x90));
        return 3;
    }
    for (size_t i = 0; i < sizeof fold_rules / sizeof fold_rules[0]; i++) {
        /* Byte by byte, stopping at the first mismatch: no rule byte is
         * NUL, so this never reads past the end of s. */
        size_t k = 0;
        while (k < fold_rules[i].len
               && s[k] == (unsigned char)fold_rules[i].bytes[k])
            k++;
        if (k == fold_rules[i].len) {
            *to = fold_rules[i].to;
            return k;
        }
    }
    return 0;
}

/* See qr.h.  out receives the folded code on QR_OK and QR_ECHECK (so a
 * caller can show what was read) and "" on QR_EINVAL; outlen below 66 is
 * QR_EINVAL.  Input is scanned to its NUL, but at most 65 characters are
 * kept: a longer code is QR_EINVAL without writing past out. */
int qr_code_normalize(const char *in, char *out, size_t outlen)
{
    if (!out || outlen < QR_CODE_BUF)
        return QR_EINVAL;
    out[0] = '\0';
    if (!in)
        return QR_EINVAL;

    char code[QR_CODE_BUF];
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)in;
    while (*s) {
        char to;
        size_t used = fold_one(s, &to);
        if (used == 0)
            return QR_EINVAL;
        s += used;
        if (to == '\0')
            continue;
        if (n == QR_DIGITS_MAX + 1)
            return QR_EINVAL;
        code[n++] = to;
    }
    if (n < 2 || !digits_ok(code, n - 1)
        || !((code[n - 1] >= '0' && code[n - 1] <= '9') || code[n - 1] == 'X'))
        return QR_EINVAL;

    memcpy(out, code, n);
    out[n] = '\0';
    char want = '\0';
    if (iso7064_mod11_2(code, n - 1, &want) != 0)
        return QR_EINVAL;
    return code[n - 1] == want ? QR_OK : QR_ECHECK;
}
