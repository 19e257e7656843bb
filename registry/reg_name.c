/*
 * reg_name.c: normalising and checking unit names.  Names are stored NFKC
 * normalised (ENGINEERING.md, ICU: full-width letters, digits and spaces
 * become ASCII), trimmed, non-empty, at most 50 characters, without
 * control characters.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "reg_internal.h"

#define NAME_IN_MAX 1024     /* bytes of input looked at, at most */
#define NAME_NFKC_MAX 4096   /* UTF-16 units after NFKC (it may expand) */

/* The name_too_long error for field. */
static int too_long(const char *field, reg_error *err)
{
    return reg_error_set(err, REG_EINVAL, "name_too_long", field, "名称不能超过50个字",
                         "a name has at most 50 characters");
}

/* See reg_internal.h. */
int reg_name_normalize(const char *in, const char *field, char *out, size_t outlen,
                       reg_error *err)
{
    if (!in || !*in)
        return reg_error_set(err, REG_EINVAL, "name_empty", field, "名称不能为空",
                             "the name is empty");
    size_t n = strlen(in);
    if (n > NAME_IN_MAX)
        return too_long(field, err);
    UChar src[NAME_IN_MAX + 1];
    UChar dst[NAME_NFKC_MAX];
    int32_t srclen = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(src, NAME_IN_MAX + 1, &srclen, in, (int32_t)n, &st);
    if (U_FAILURE(st))
        return reg_error_set(err, REG_EINVAL, "name_bad_utf8", field, "名称不是有效的UTF-8文本",
                             "the name is not valid UTF-8");
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
    int32_t len = U_SUCCESS(st) ? unorm2_normalize(nfkc, src, srclen, dst, NAME_NFKC_MAX, &st) : 0;
    if (st == U_BUFFER_OVERFLOW_ERROR)
        return too_long(field, err);
    if (U_FAILURE(st))
        return reg_error_detail(err, REG_EIO, "icu_error", field, "名称规范化失败",
                                "name normalisation failed", u_errorName(st));

    int32_t start = -1, end = 0, chars = 0;
    for (int32_t i = 0; i < len;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(dst, i, len, c);
        if (u_charType(c) == U_CONTROL_CHAR)
            return reg_error_set(err, REG_EINVAL, "name_control_char", field,
                                 "名称不能含有控制字符", "the name contains a control character");
        if (u_isUWhiteSpace(c))
            continue;
        if (start < 0)
            start = at;
        end = i;
    }
    if (start < 0)
        return reg_error_set(err, REG_EINVAL, "name_empty", field, "名称不能为空",
                             "the name is empty");
    chars = u_countChar32(dst + start, end - start);
    if (chars > REG_NAME_MAX_CHARS)
        return too_long(field, err);
    int32_t outn = 0;
    u_strToUTF8(out, (int32_t)outlen, &outn, dst + start, end - start, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
        return too_long(field, err);
    return REG_OK;
}
