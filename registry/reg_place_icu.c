/*
 * reg_place_icu.c: ICU's Han-Latin transliterator (ENGINEERING.md, ICU),
 * opened once per process (~0.2 s).  It serves two purposes:
 *  - at load, the default reading of each polyphone of the 8,105-character
 *    table: ICU's choice when it is one of the table's readings (it knows
 *    which reading is common: 行 xíng), else the table's first;
 *  - a reading for a character outside the table (a rare or traditional
 *    character, an N1 error, still romanised in a draft).
 * ICU also returns non-standard readings for some single-reading
 * characters (罗 luō, 甸 diān): the table is the authority for those.
 * The one transliterator is shared under a mutex: it is used rarely after
 * loading, so cloning it per connection would cost more than it saves.
 */
#include <pthread.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "reg_place_internal.h"

static pthread_mutex_t icu_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *icu_han_latin;

/* Transliterates one code point into out (RP_SYL_BUF bytes), lowercase
 * toned pinyin; "" on failure.  The caller holds icu_lock. */
static void icu_one(uint32_t cp, char *out)
{
    UChar buf[32];
    int32_t len = 0;
    UErrorCode st = U_ZERO_ERROR;
    out[0] = '\0';
    if (!icu_han_latin)
        return;
    U16_APPEND_UNSAFE(buf, len, (UChar32)cp);
    int32_t limit = len;
    utrans_transUChars(icu_han_latin, buf, &len, (int32_t)(sizeof buf / sizeof buf[0]), 0,
                       &limit, &st);
    int32_t n = 0;
    char tmp[RP_SYL_BUF];
    if (U_SUCCESS(st))
        u_strToUTF8(tmp, (int32_t)sizeof tmp, &n, buf, len, &st);
    if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING && rp_syllable_ok(tmp))
        memcpy(out, tmp, (size_t)n + 1);
}

/* Opens the transliterator if it is not open.  The caller holds icu_lock. */
static int icu_open(reg_error *err)
{
    if (icu_han_latin)
        return REG_OK;
    UChar id[16];
    UErrorCode st = U_ZERO_ERROR;
    u_uastrcpy(id, "Han-Latin");
    icu_han_latin = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st)) {
        icu_han_latin = NULL;
        return reg_error_detail(err, REG_EIO, "rules_unavailable", "", "无法打开汉字转写",
                                "cannot open ICU's Han-Latin transliterator", u_errorName(st));
    }
    return REG_OK;
}

/* 1 if reading is one of the comma-separated readings. */
static int among(const char *readings, const char *reading)
{
    size_t n = strlen(reading);
    for (const char *p = readings; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, reading, n) == 0)
            return 1;
        p += len + (comma != NULL);
    }
    return 0;
}

/* See reg_place_internal.h. */
int rp_icu_defaults(rp_rules *r, reg_error *err)
{
    pthread_mutex_lock(&icu_lock);
    int rc = icu_open(err);
    for (size_t i = 0; rc == REG_OK && i < r->nhanzi; i++) {
        rp_hanzi *h = &r->hanzi[i];
        if (!h->poly)
            continue;
        char icu[RP_SYL_BUF];
        icu_one(h->cp, icu);
        if (icu[0] && among(h->readings, icu))
            memcpy(h->dflt, icu, strlen(icu) + 1);
    }
    pthread_mutex_unlock(&icu_lock);
    return rc;
}

/* See reg_place_internal.h. */
void rp_icu_reading(uint32_t cp, char *out)
{
    pthread_mutex_lock(&icu_lock);
    icu_one(cp, out);
    pthread_mutex_unlock(&icu_lock);
}

/* See reg_place_internal.h. */
void rp_icu_free(void)
{
    pthread_mutex_lock(&icu_lock);
    if (icu_han_latin)
        utrans_close(icu_han_latin);
    icu_han_latin = NULL;
    pthread_mutex_unlock(&icu_lock);
}
