/*
 * reg_pinyin.c: romanisation of a standard name by N9 (《地名管理条例》
 * Art. 15; the 1984 spelling rules for Chinese place names):
 *  - the 专名 and the 通名 are written apart (Huishi Nanlu, Gansu Sheng); a
 *    one-syllable modifier joins the 通名 (南路 Nanlu); a 通名 of several
 *    words keeps them apart (回族乡 Huizu Xiang);
 *  - village names are one word (李家湾 Lijiawan, 高家庄村 Gaojiazhuangcun);
 *  - an apostrophe goes before a syllable that starts with a, o or e inside
 *    a word (西安 Xi'an, 天峨 Tian'e);
 *  - every word starts with a capital.
 * Readings, character by character: the staff override of the name; else
 * for the 通名 its reading in the generics table; else the longest context
 * of the polyphone table; else the 8,105-character table's one reading, or
 * for a polyphone its default (flagged for a reviewer); else ICU.
 */
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>

#include "reg_place_internal.h"

/* 1 if the context of row p occurs in cps[0..n) with its character at i. */
static int context_at(const rp_poly *p, const uint32_t *cps, size_t n, size_t i)
{
    if (i < p->at || i - p->at + p->ncontext > n)
        return 0;
    return memcmp(cps + i - p->at, p->context, p->ncontext * sizeof *cps) == 0;
}

/* The polyphone-table reading of cps[i] (longest context first), or NULL. */
static const char *table_reading(const rp_rules *r, const uint32_t *cps, size_t n, size_t i)
{
    size_t lo = 0, hi = r->npoly;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->poly[mid].cp < cps[i])
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < r->npoly && r->poly[lo].cp == cps[i]; lo++)
        if (context_at(&r->poly[lo], cps, n, i))
            return r->poly[lo].reading;
    return NULL;
}

/* Sets out->syl[i] (and out->poly[i]) for a character of the 专名, or of a
 * 通名 the table does not know. */
static void default_reading(const rp_rules *r, const rp_name *nm, size_t i, rp_pinyin *out)
{
    uint32_t c = nm->cps[i];
    const char *t = table_reading(r, nm->cps, nm->n, i);
    const rp_hanzi *h = t ? NULL : rp_hanzi_find(r, c);
    if (t) {
        memcpy(out->syl[i], t, strlen(t) + 1);
    } else if (h) {
        memcpy(out->syl[i], h->dflt, strlen(h->dflt) + 1);
        out->poly[i] = h->poly;
    } else if (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
        out->syl[i][0] = (char)(c | 0x20);
        out->syl[i][1] = '\0';
    } else if (c >= '0' && c <= '9') {
        out->syl[i][0] = (char)c;
        out->syl[i][1] = '\0';
    } else {
        rp_icu_reading(c, out->syl[i]);
    }
}

/* 1 if syl is an acceptable reading of cps[i] for a staff override: one
 * of the table's readings (or its neutral-tone form), a polyphone-table
 * reading of the character, or anything well formed for a character the
 * table does not have. */
static int reading_allowed(const rp_rules *r, uint32_t c, const char *syl)
{
    const rp_hanzi *h = rp_hanzi_find(r, c);
    if (!h)
        return 1;
    char buf[sizeof h->readings];
    memcpy(buf, h->readings, sizeof buf);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char plain[RP_SYL_BUF];
        rp_syllable_plain(t, plain, NULL);
        if (strcmp(t, syl) == 0 || strcmp(plain, syl) == 0)
            return 1;
    }
    for (size_t i = 0; i < r->npoly; i++)
        if (r->poly[i].cp == c && strcmp(r->poly[i].reading, syl) == 0)
            return 1;
    return 0;
}

/* pinyin_override_invalid with a detail. */
static int override_error(reg_error *err, const char *detail)
{
    return reg_error_detail(err, REG_EINVAL, "pinyin_override_invalid", "pinyin_override",
                            "读音应为每个字一个带声调的拼音音节，且为该字的读音",
                            "the override must give one toned syllable a character, each a "
                            "reading of its character", detail);
}

/* Reads a staff override into out->syl. */
static int read_override(const rp_rules *r, const rp_name *nm, const char *override,
                         rp_pinyin *out, reg_error *err)
{
    char buf[RP_PINYIN_BUF * 2];
    size_t len = strlen(override);
    if (len >= sizeof buf)
        return override_error(err, "too long");
    for (size_t i = 0; i <= len; i++)
        buf[i] = (char)(override[i] >= 'A' && override[i] <= 'Z' ? override[i] | 0x20
                                                                  : override[i]);
    size_t n = 0;
    char *save = NULL;
    for (char *s = strtok_r(buf, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
        if (n == nm->n)
            return override_error(err, "more syllables than characters");
        if (!rp_syllable_ok(s) || !reading_allowed(r, nm->cps[n], s)) {
            char detail[96];
            char ch[8] = "";
            rp_utf8_encode(&nm->cps[n], 1, ch, sizeof ch);
            snprintf(detail, sizeof detail, "%s: %.40s", ch, s);
            return override_error(err, detail);
        }
        memcpy(out->syl[n++], s, strlen(s) + 1);
    }
    if (n != nm->n)
        return override_error(err, "fewer syllables than characters");
    return REG_OK;
}

/* Sets the reading of every character (see the file comment). */
static int readings(const rp_rules *r, const rp_name *nm, const char *override, rp_pinyin *out,
                    reg_error *err)
{
    if (override && *override)
        return read_override(r, nm, override, out, err);
    size_t g0 = nm->nspec;
    for (size_t i = 0; i < nm->n; i++) {
        const rp_modifier *m = nm->modifier && i == g0 ? rp_modifier_find(r, nm->cps[i]) : NULL;
        size_t gi = i - g0 - (size_t)nm->modifier;
        if (m)
            memcpy(out->syl[i], m->reading, strlen(m->reading) + 1);
        else if (i >= g0 && nm->generic && gi < nm->generic->n)
            memcpy(out->syl[i], nm->generic->syl[gi], strlen(nm->generic->syl[gi]) + 1);
        else
            default_reading(r, nm, i, out);
    }
    return REG_OK;
}

/* A string being built with a hard cap. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    int overflow;
} sbuf;

/* Appends n bytes of s. */
static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->overflow || b->len + n >= b->cap) {
        b->overflow = 1;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* Appends s with its first letter in upper case (ICU case mapping, so that
 * Ā and É work too). */
static void sb_add_capital(sbuf *b, const char *s)
{
    uint32_t c[RP_SYL_BUF];
    long n = rp_utf8_decode(s, c, RP_SYL_BUF);
    char up[RP_SYL_BUF * 2];
    if (n <= 0) {
        sb_add(b, s, strlen(s));
        return;
    }
    c[0] = (uint32_t)u_toupper((UChar32)c[0]);
    if (rp_utf8_encode(c, (size_t)n, up, sizeof up) == 0)
        sb_add(b, up, strlen(up));
    else
        b->overflow = 1;
}

/* 1 if a new word starts at character i (i > 0). */
static int word_starts(const rp_name *nm, int joined, size_t i)
{
    size_t g0 = nm->nspec;
    size_t gi = i - g0 - (size_t)nm->modifier;
    int multiword = 0;
    for (size_t k = 1; nm->generic && k < nm->generic->n; k++)
        multiword |= nm->generic->word_start[k];
    if (i == g0)
        return !joined || multiword;
    if (i > g0 && nm->generic && i > g0 + (size_t)nm->modifier && gi < nm->generic->n)
        return nm->generic->word_start[gi];
    return 0;
}

/* Writes the words into out->standard, ->toned and ->syllables. */
static int assemble(const rp_name *nm, int joined, rp_pinyin *out, reg_error *err)
{
    sbuf std = {out->standard, 0, sizeof out->standard, 0};
    sbuf ton = {out->toned, 0, sizeof out->toned, 0};
    sbuf syl = {out->syllables, 0, sizeof out->syllables, 0};
    out->standard[0] = out->toned[0] = out->syllables[0] = '\0';
    int at_word_start = 1;
    for (size_t i = 0; i < nm->n; i++) {
        const char *t = out->syl[i];
        char plain[RP_SYL_BUF], ascii[RP_SYL_BUF];
        if (!t[0])
            continue;
        rp_syllable_plain(t, plain, ascii);
        if (i > 0 && word_starts(nm, joined, i)) {
            sb_add(&std, " ", 1);
            sb_add(&ton, " ", 1);
            at_word_start = 1;
        }
        if (syl.len)
            sb_add(&syl, " ", 1);
        sb_add(&syl, ascii, strlen(ascii));
        if (at_word_start) {
            sb_add_capital(&std, plain);
            sb_add_capital(&ton, t);
            at_word_start = 0;
            continue;
        }
        if (ascii[0] == 'a' || ascii[0] == 'o' || ascii[0] == 'e') {
            sb_add(&std, "'", 1);
            sb_add(&ton, "'", 1);
        }
        sb_add(&std, plain, strlen(plain));
        sb_add(&ton, t, strlen(t));
    }
    if (std.overflow || ton.overflow || syl.overflow)
        return reg_error_set(err, REG_EINVAL, "name_too_long", "name", "地名拼写过长",
                             "the romanised name is too long");
    return REG_OK;
}

/* See reg_place_internal.h. */
int rp_pinyin_make(const rp_rules *r, const rp_name *nm, size_t cat, const char *override,
                   rp_pinyin *out, reg_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = readings(r, nm, override, out, err);
    if (rc == REG_OK)
        rc = assemble(nm, r->cats[cat].joined, out, err);
    return rc;
}

/* See reg_places.h. */
int reg_pinyin_name(const char *name, const char *generic, const char *category,
                    const char *pinyin_override, char *standard, char *toned, reg_error *err)
{
    if (!name || !category || !standard || !toned)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return err ? err->status : REG_EIO;
    long cat = rp_category_find(r, category);
    if (cat < 0)
        return reg_error_set(err, REG_EINVAL, "unknown_category", "category", "未知的地名类别",
                             "unknown place category");
    rp_name nm;
    rp_pinyin py;
    int rc = rp_name_split(r, (size_t)cat, name, NULL, generic, &nm, err);
    if (rc == REG_OK)
        rc = rp_pinyin_make(r, &nm, (size_t)cat, pinyin_override, &py, err);
    if (rc == REG_OK) {
        memcpy(standard, py.standard, strlen(py.standard) + 1);
        memcpy(toned, py.toned, strlen(py.toned) + 1);
    }
    return rc;
}
