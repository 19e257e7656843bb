/*
 * reg_text.c: free text fields (people's names, teams, notes, the course
 * of a line) normalised as unit names are (NFKC, trimmed, no control
 * characters) but of any length up to a field's cap, and, for notes and
 * descriptions, with line breaks and tabs kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "reg_bound_internal.h"

/* The text_too_long error for field with its cap. */
static int text_too_long(const char *field, size_t max_chars, reg_error *err)
{
    char zh[96], en[96];
    snprintf(zh, sizeof zh, "文本不能超过%zu个字", max_chars);
    snprintf(en, sizeof en, "the text has at most %zu characters", max_chars);
    return reg_error_set(err, REG_EINVAL, "text_too_long", field, zh, en);
}

/* 1 if c may stand in the text: not a control character, except line
 * breaks and tabs in multi-line text. */
static int text_char_ok(UChar32 c, int multiline)
{
    if (u_charType(c) != U_CONTROL_CHAR)
        return 1;
    return multiline && (c == '\n' || c == '\r' || c == '\t');
}

/* Converts len UTF-16 units at u to a malloc'd UTF-8 string in *out. */
static int text_to_utf8(const UChar *u, int32_t len, const char *field, char **out,
                        reg_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t need = 0;
    u_strToUTF8(NULL, 0, &need, u, len, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        return reg_error_set(err, REG_EINVAL, "text_bad_utf8", field, "文本不是有效的UTF-8",
                             "the text is not valid UTF-8");
    char *s = malloc((size_t)need + 1);
    if (!s)
        return reg_error_nomem(err);
    st = U_ZERO_ERROR;
    u_strToUTF8(s, need + 1, NULL, u, len, &st);
    if (U_FAILURE(st)) {
        free(s);
        return reg_error_set(err, REG_EINVAL, "text_bad_utf8", field, "文本不是有效的UTF-8",
                             "the text is not valid UTF-8");
    }
    *out = s;
    return REG_OK;
}

/* See reg_bound_internal.h.  Input longer than 4 bytes a character of the
 * cap is refused before it is converted. */
int reg_text_normalize(const char *in, const char *field, size_t max_chars, int multiline,
                       int required, char **out, reg_error *err)
{
    *out = NULL;
    size_t n = in ? strlen(in) : 0;
    if (n > max_chars * 4 + 64)
        return text_too_long(field, max_chars, err);
    UChar *src = malloc((n + 1) * sizeof *src);
    UChar *dst = malloc((n * 3 + 16) * sizeof *dst); /* NFKC expands at most 18x, rarely 3x */
    int rc = src && dst ? REG_OK : reg_error_nomem(err);
    int32_t srclen = 0, len = 0;
    UErrorCode st = U_ZERO_ERROR;
    if (rc == REG_OK && n) {
        u_strFromUTF8(src, (int32_t)n + 1, &srclen, in, (int32_t)n, &st);
        if (U_FAILURE(st))
            rc = reg_error_set(err, REG_EINVAL, "text_bad_utf8", field, "文本不是有效的UTF-8",
                               "the text is not valid UTF-8");
        const UNormalizer2 *nfkc = rc == REG_OK ? unorm2_getNFKCInstance(&st) : NULL;
        if (nfkc)
            len = unorm2_normalize(nfkc, src, srclen, dst, (int32_t)(n * 3 + 16), &st);
        if (rc == REG_OK && st == U_BUFFER_OVERFLOW_ERROR)
            rc = text_too_long(field, max_chars, err);
        else if (rc == REG_OK && U_FAILURE(st))
            rc = reg_error_detail(err, REG_EIO, "icu_error", field, "文本规范化失败",
                                  "text normalisation failed", u_errorName(st));
    }
    int32_t start = -1, end = 0;
    for (int32_t i = 0; rc == REG_OK && i < len;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(dst, i, len, c);
        if (!text_char_ok(c, multiline))
            rc = reg_error_set(err, REG_EINVAL, "text_control_char", field,
                               "文本不能含有控制字符", "the text contains a control character");
        else if (!u_isUWhiteSpace(c)) {
            if (start < 0)
                start = at;
            end = i;
        }
    }
    if (rc == REG_OK && start < 0 && required)
        rc = reg_error_set(err, REG_EINVAL, "text_required", field, "该项不能为空",
                           "this field is required");
    if (rc == REG_OK && start >= 0 && (size_t)u_countChar32(dst + start, end - start) > max_chars)
        rc = text_too_long(field, max_chars, err);
    if (rc == REG_OK && start >= 0)
        rc = text_to_utf8(dst + start, end - start, field, out, err);
    free(src);
    free(dst);
    return rc;
}
