/*
 * reg_name_rules.c: the naming rules of DOMAIN.md, one function per rule
 * id.  Each appends findings to errors (they block a proposal) or warnings
 * (a reviewer acknowledges each before approval):
 *
 *   {rule, code, severity, key, message_zh, message_en, acknowledgeable,
 *    ...details}
 *
 * key identifies the finding across re-checks ("N3:n3_homophone:12") so an
 * acknowledgement recorded against it keeps applying.
 */
#include <stdio.h>
#include <string.h>

#include <unicode/uscript.h>

#include "reg_place_internal.h"

/* Appends a new finding to arr; extra (stolen, may be NULL) adds members.
 * 0, or -1 when memory runs out. */
static int add_finding(json_t *arr, const char *rule, const char *code, int error,
                       const char *key, const char *zh, const char *en, int ackable,
                       json_t *extra)
{
    json_t *f = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "rule", rule, "code", code,
                          "severity", error ? "error" : "warning", "key", key, "message_zh", zh,
                          "message_en", en, "acknowledgeable", ackable);
    if (!f || (extra && json_object_update(f, extra) != 0) || json_array_append_new(arr, f)) {
        json_decref(extra);
        return -1;
    }
    json_decref(extra);
    return 0;
}

/* The UTF-8 text of one code point into out (8 bytes). */
static void char_text(uint32_t cp, char out[8])
{
    if (rp_utf8_encode(&cp, 1, out, 8) != 0)
        out[0] = '\0';
}

/* See reg_place_internal.h.  N1 (Art. 9): only characters of 通用规范汉字表;
 * anything that is not a Chinese character is an error too (the name is
 * NFKC-normalised before, so full-width letters count as letters). */
int reg_name_rules_n1(const rp_subject *s, json_t *errors, json_t *warnings)
{
    (void)warnings;
    json_t *foreign = json_array();
    int rc = foreign ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < s->nm->n; i++) {
        uint32_t c = s->nm->cps[i];
        UErrorCode st = U_ZERO_ERROR;
        char ch[8], key[64];
        char_text(c, ch);
        if (uscript_getScript((UChar32)c, &st) != USCRIPT_HAN) {
            rc = json_array_append_new(foreign, json_string(ch));
        } else if (!rp_hanzi_find(s->r, c)) {
            snprintf(key, sizeof key, "N1:n1_rare_char:%s", ch);
            rc = add_finding(errors, "N1", "n1_rare_char", 1, key,
                             "含有《通用规范汉字表》以外的字（生僻字或不规范字）",
                             "contains a character outside the 8,105 standard characters "
                             "(a rare or non-standard character)",
                             0, json_pack("{s:s, s:I}", "char", ch, "position", (json_int_t)i));
        }
    }
    if (rc == 0 && json_array_size(foreign) > 0)
        return add_finding(errors, "N1", "n1_non_chinese", 1, "N1:n1_non_chinese",
                           "标准地名只能使用规范汉字，不能含有字母、数字、空格或符号",
                           "a standard name may only use standard Chinese characters: no "
                           "letters, digits, spaces or symbols",
                           0, json_pack("{s:o}", "chars", foreign));
    json_decref(foreign);
    return rc;
}

/* See reg_place_internal.h.  N2 (Art. 9, 实施办法 Art. 3-4): a word of the
 * configured list in the 专名 is an error the reviewer may acknowledge by
 * recording that the name has no specific link to it. */
int reg_name_rules_n2(const rp_subject *s, json_t *errors, json_t *warnings)
{
    (void)warnings;
    for (size_t i = 0; i < s->r->nn2; i++) {
        const rp_n2word *w = &s->r->n2[i];
        if (!strstr(s->nm->specific, w->word))
            continue;
        char key[160];
        snprintf(key, sizeof key, "N2:n2_listed_word:%s", w->word);
        if (add_finding(errors, "N2", "n2_listed_word", 1, key,
                        "专名含有领导人姓名、外国地名或企业名称、商标等词语；"
                        "如确无特定联系，须由审核人记录",
                        "the specific part contains a leader's name, a foreign place name or "
                        "a company or brand word; a reviewer may record that there is no "
                        "specific link",
                        1, json_pack("{s:s, s:s, s:s}", "word", w->word, "kind", w->kind,
                                     "note", w->note)))
            return -1;
    }
    return 0;
}

/* 1 if the comma-separated codes share the first len digits with any of
 * the subject's units. */
static int shares_unit(const rp_subject *s, const char *codes, size_t len)
{
    for (size_t i = 0; i < s->nunits; i++) {
        if (strlen(s->units[i]) < len)
            continue;
        for (const char *p = codes; *p;) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            if (n >= len && strncmp(p, s->units[i], len) == 0)
                return 1;
            p += n + (comma != NULL);
        }
    }
    return 0;
}

/* Sets *in to 1 if the entry's place is in the subject's N3 scope. */
static int in_scope(reg_db *db, const rp_subject *s, const rp_index *ix, const rp_entry *e,
                    int *in, reg_error *err)
{
    const char *codes = rp_ix_str(ix, e->units);
    rp_scope scope = s->r->cats[s->cat].n3_scope;
    *in = 1;
    if (scope == RP_SCOPE_REGISTRY || s->nunits == 0)
        return REG_OK;
    if (scope == RP_SCOPE_COUNTY) {
        *in = shares_unit(s, codes, 6);
        return REG_OK;
    }
    if (s->geometry) {
        GEOSGeometry *other = NULL;
        int any = 0, rc = rp_geom_read(db, e->place_id, &other, err);
        if (rc == REG_OK && other)
            rc = rp_geom_builtup(db, s->geometry, other, &any, in, err);
        if (other)
            GEOSGeom_destroy_r(geo_ctx_geos(db->geo), other);
        if (rc != REG_OK || (other && any))
            return rc;
    }
    *in = shares_unit(s, codes, 9);
    return REG_OK;
}

/* {id, code, name, status, area} of an entry's place. */
static json_t *place_ref(const rp_index *ix, const rp_entry *e)
{
    return json_pack("{s:{s:I, s:s, s:s, s:s, s:s}}", "place", "id", (json_int_t)e->place_id,
                     "code", rp_ix_str(ix, e->code), "name", rp_ix_str(ix, e->name), "status",
                     rp_status_names[e->status], "area", rp_ix_str(ix, e->area));
}

/* Appends the N3 finding for one entry that matched by name or sound. */
static int n3_finding(const rp_subject *s, const rp_index *ix, const rp_entry *e,
                      json_t *errors, json_t *warnings)
{
    char key[96];
    int same_name = strcmp(rp_ix_str(ix, e->name), s->nm->name) == 0;
    if (e->kind == RP_KIND_CURRENT && same_name) {
        snprintf(key, sizeof key, "N3:n3_duplicate:%lld", (long long)e->place_id);
        return add_finding(errors, "N3", "n3_duplicate", 1, key, "同一范围内已有同名地名",
                           "the same name is already used in the same scope", 0,
                           place_ref(ix, e));
    }
    if (e->kind == RP_KIND_CURRENT) {
        snprintf(key, sizeof key, "N3:n3_homophone:%lld", (long long)e->place_id);
        return add_finding(warnings, "N3", "n3_homophone", 0, key,
                           "同一范围内已有同音地名，应避免使用谐音字",
                           "a name that sounds the same is used in the same scope "
                           "(homophones are to be avoided)",
                           1, place_ref(ix, e));
    }
    if (!same_name)
        return 0;
    snprintf(key, sizeof key, "N3:n3_former_name:%lld", (long long)e->place_id);
    return add_finding(warnings, "N3", "n3_former_name", 0, key,
                       "该名称曾是同一范围内另一地名的名称（曾用名或别名）",
                       "the name is a former name or alias of a place in the same scope", 1,
                       place_ref(ix, e));
}

/* 1 if an entry can collide with the subject: not itself, past the draft
 * stage (a draft is not a name yet), of the same N3 group, and for
 * homophones a current name. */
static int comparable(const rp_subject *s, const rp_entry *e)
{
    return e->place_id != s->self_id && e->status != RP_ST_DRAFT &&
           strcmp(s->r->cats[e->category].n3_group, s->r->cats[s->cat].n3_group) == 0;
}

/* See reg_place_internal.h.  N3 (Art. 9): an exact duplicate within the
 * scope of the category is an error; a current name with the same plain
 * pinyin (汇宁路 against 会宁路) or a former name equal to it is a warning.
 * The scope: the registry (township names: the province as far as the
 * registry holds it), the county (village-level seats), or the built-up
 * area the place lies in (streets, buildings), else its township. */
int reg_name_rules_n3(reg_db *db, const rp_subject *s, json_t *errors, json_t *warnings,
                      reg_error *err)
{
    rp_index *ix;
    int rc = rp_index_get(db, &ix, err);
    if (rc != REG_OK)
        return rc;
    char key[RP_PINYIN_BUF];
    if (rp_pinyin_query(s->py->syllables, key, sizeof key) != 0)
        key[0] = '\0';
    size_t lo, hi;
    for (int pass = 0; pass < 2; pass++) {
        int which = pass == 0 ? RP_SA_NAME_START : RP_SA_KEY_START;
        const char *text = pass == 0 ? s->nm->name : key;
        if (!*text)
            continue;
        rp_ix_range(ix, which, text, strlen(text) + 1, &lo, &hi);
        for (size_t k = lo; k < hi; k++) {
            const rp_entry *e = &ix->e[ix->sa[which][k].entry];
            int in = 0;
            if (!comparable(s, e) ||
                (pass == 1 && strcmp(rp_ix_str(ix, e->name), s->nm->name) == 0))
                continue;
            if ((rc = in_scope(db, s, ix, e, &in, err)) != REG_OK)
                return rc;
            if (in && n3_finding(s, ix, e, errors, warnings) != 0)
                return reg_error_nomem(err);
        }
    }
    return REG_OK;
}

/* See reg_place_internal.h.  N4 (Art. 9): the 通名 must be one the
 * category takes; a name without a 通名 of the table is an error. */
int reg_name_rules_n4(const rp_subject *s, json_t *errors, json_t *warnings)
{
    (void)warnings;
    if (s->nm->generic && s->nm->own_category)
        return 0;
    json_t *allowed = json_array();
    for (size_t i = 0; allowed && i < s->r->ngens; i++)
        if (s->r->gens[i].category == s->cat &&
            json_array_append_new(allowed, json_string(s->r->gens[i].text)) != 0) {
            json_decref(allowed);
            return -1;
        }
    if (!allowed)
        return -1;
    if (!s->nm->generic)
        return add_finding(errors, "N4", "n4_no_generic", 1, "N4:n4_no_generic",
                           "无法分出通名：地名应以表示地理实体类别的通名结尾",
                           "no generic part (通名) can be split off the name", 0,
                           json_pack("{s:o}", "allowed", allowed));
    return add_finding(errors, "N4", "n4_generic_mismatch", 1, "N4:n4_generic_mismatch",
                       "通名与地名类别不符", "the generic part (通名) does not fit the category",
                       0, json_pack("{s:s, s:o}", "generic", s->nm->generic->text, "allowed",
                                    allowed));
}

/* See reg_place_internal.h.  N8 (Art. 25). */
int reg_name_rules_n8(int is_protected, const char *plan, reg_error *err)
{
    if (!is_protected || (plan && *plan))
        return REG_OK;
    return reg_error_set(err, REG_ERULE, "protection_plan_required", "protection_plan",
                         "该地名列入地名文化遗产保护名录，更名须附保护方案",
                         "the name is on the protection list: renaming it needs a recorded "
                         "protection plan (N8)");
}

/* See reg_place_internal.h.  N9 (Art. 15): a polyphonic character whose
 * reading neither the polyphone table nor a staff override decided. */
int reg_name_rules_n9(const rp_subject *s, json_t *errors, json_t *warnings)
{
    (void)errors;
    for (size_t i = 0; i < s->nm->n; i++) {
        if (!s->py->poly[i])
            continue;
        const rp_hanzi *h = rp_hanzi_find(s->r, s->nm->cps[i]);
        char ch[8], key[64];
        char_text(s->nm->cps[i], ch);
        snprintf(key, sizeof key, "N9:n9_polyphone:%zu:%s", i, ch);
        if (add_finding(warnings, "N9", "n9_polyphone", 0, key,
                        "多音字：请审核人确认读音，或设置该地名的读音",
                        "a polyphonic character: a reviewer confirms its reading, or staff set "
                        "the name's reading (pinyin_override)",
                        1, json_pack("{s:s, s:I, s:s, s:s}", "char", ch, "position",
                                     (json_int_t)i, "reading", s->py->syl[i], "readings",
                                     h ? h->readings : "")))
            return -1;
    }
    return 0;
}

/* See reg_place_internal.h. */
int reg_name_rules_all(reg_db *db, const rp_subject *s, json_t **out, reg_error *err)
{
    json_t *errors = json_array(), *warnings = json_array();
    int rc = errors && warnings ? REG_OK : reg_error_nomem(err);
    if (rc == REG_OK &&
        (reg_name_rules_n1(s, errors, warnings) || reg_name_rules_n2(s, errors, warnings) ||
         reg_name_rules_n4(s, errors, warnings) || reg_name_rules_n9(s, errors, warnings)))
        rc = reg_error_nomem(err);
    if (rc == REG_OK)
        rc = reg_name_rules_n3(db, s, errors, warnings, err);
    if (rc == REG_OK && !(*out = json_pack("{s:o, s:o}", "errors", errors, "warnings", warnings)))
        return reg_error_nomem(err);
    if (rc != REG_OK) {
        json_decref(errors);
        json_decref(warnings);
    }
    return rc;
}
