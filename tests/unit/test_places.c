/* Unit tests of the register of place names (registry/reg_places.h):
 * romanisation by N9 with polyphones and apostrophes, the rules N1-N4,
 * N8 and N9 with names that pass and fail, every transition of the
 * workflow allowed and refused, names as of a date, search and
 * autocomplete by Chinese, pinyin, initials and former names, overdue
 * filings, announcements, streets, bad input that writes nothing, and the
 * import of existing names.  Runs on a registry of 会宁县's real units and
 * township polygons (DIMING_DATA). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include <sqlite3.h>

#include "import.h"
#include "reg_internal.h"
#include "reg_place_internal.h"
#include "reg_places.h"

static char base_db[512];

/* ---- fixtures ------------------------------------------------------------ */

/* The data directory. */
static const char *data_dir(void)
{
    const char *d = getenv("DIMING_DATA");
    return d && *d ? d : "data";
}

/* Copies the base registry to a fresh file and opens it. */
static reg_db *open_copy(const char *name)
{
    char path[512], cmd[4096];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir, name);
    snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm' && cp '%s' '%s'", path, path, path,
             base_db, path);
    assert_int_equal(system(cmd), 0);
    reg_db *db = NULL;
    reg_error err = {0};
    assert_int_equal(reg_open(path, 0, &db, &err), REG_OK);
    return db;
}



/* Lines and points well inside 会师镇 (the county seat). */
#define LINE_A "LINESTRING(105.0530 35.6790, 105.0535 35.6905)"
#define LINE_B "LINESTRING(105.0440 35.6880, 105.0620 35.6885)"
#define LINE_C "LINESTRING(105.0450 35.6980, 105.0610 35.6985)"
#define LINE_D "LINESTRING(105.0480 35.6850, 105.0485 35.6990)"
#define POINT_A "POINT(105.0720 35.7080)"
#define BUILTUP "POLYGON((105.032 35.674, 105.078 35.674, 105.078 35.714, 105.032 35.714, " \
                "105.032 35.674))"
/* A line in 郭城驿镇 (620422101), north of the county seat. */
#define LINE_GCY "LINESTRING(104.810 36.287, 104.815 36.287)"

/* Registers an existing name in use; returns its id. */
static long long existing(reg_db *db, const char *name, const char *category,
                          const char *geometry_wkt, const char *unit)
{
    GEOSGeometry *g = geometry_wkt ? test_wkt(db, geometry_wkt) : NULL;
    reg_place_existing in = {.place = {.name = name, .category = category, .unit = unit,
                                       .geometry = g, .protected_flag = -1},
                             .valid_from = "2000-01-01"};
    long long id = 0;
    reg_error err = {0};
    int rc = reg_place_register(db, "tester", &in, &id, NULL, &err);
    if (rc != REG_OK)
        print_error("register %s: %s %s\n", name, err.code, err.message_en);
    assert_int_equal(rc, REG_OK);
    if (g)
        test_free_geom(db, g);
    return id;
}

/* Creates a draft street with a location; returns its id. */
static long long draft(reg_db *db, const char *name, const char *category, const char *line)
{
    GEOSGeometry *g = test_wkt(db, line);
    reg_place_input in = {.name = name, .category = category, .geometry = g,
                          .location = "东起甲路，西至乙路", .protected_flag = -1};
    long long id = 0;
    reg_error err = {0};
    json_t *detail = NULL;
    int rc = reg_place_create(db, "tester", &in, 0, NULL, 0, &id, &detail, &err);
    if (rc != REG_OK)
        print_error("create %s: %s %s\n", name, err.code, err.message_en);
    assert_int_equal(rc, REG_OK);
    json_decref(detail);
    test_free_geom(db, g);
    return id;
}

/* The findings of a candidate (a new reference). */
static json_t *check(reg_db *db, const char *name, const char *category, const char *unit)
{
    reg_place_candidate c = {.name = name, .category = category, .unit = unit};
    json_t *out = NULL;
    reg_error err = {0};
    int rc = reg_place_check(db, &c, &out, &err);
    if (rc != REG_OK)
        print_error("check %s: %s %s\n", name, err.code, err.message_en);
    assert_int_equal(rc, REG_OK);
    return out;
}

/* The number of findings with code in list ("errors" or "warnings"). */
static int count_code(const json_t *findings, const char *list, const char *code)
{
    int n = 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(findings, list), i, f) {
        if (strcmp(json_string_value(json_object_get(f, "code")), code) == 0)
            n++;
    }
    return n;
}

/* The key of the first finding with code in list. */
static const char *key_of(const json_t *findings, const char *list, const char *code)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(findings, list), i, f) {
        if (strcmp(json_string_value(json_object_get(f, "code")), code) == 0)
            return json_string_value(json_object_get(f, "key"));
    }
    fail_msg("no finding %s in %s", code, list);
    return NULL;
}

/* A text digest of every place table, to prove a refused write left none. */
static char *digest(reg_db *db)
{
    static const char *const sql[] = {
        "SELECT group_concat(id || code || name || status || coalesce(hex(geom), ''), '|')"
        " FROM places",
        "SELECT group_concat(place_id || name || kind, '|') FROM place_names",
        "SELECT group_concat(place_id || unit_code, '|') FROM place_units",
        "SELECT count(*) FROM place_events", "SELECT count(*) FROM place_documents",
        "SELECT count(*) FROM place_acks", "SELECT count(*) FROM audit_log",
        "SELECT value FROM meta WHERE key = 'places_revision'",
    };
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    assert_non_null(out);
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(reg_sqlite(db), sql[i], -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        const char *t = (const char *)sqlite3_column_text(st, 0);
        len += (size_t)snprintf(out + len, cap - len, "%s#", t ? t : "");
        sqlite3_finalize(st);
        assert_true(len < cap);
    }
    return out;
}

/* A transition with the common members; *detail set on refusal. */
static int act(reg_db *db, long long id, const char *action, const char *authority,
               const char *date, const reg_place_doc *docs, size_t ndocs,
               const reg_place_ack *acks, size_t nacks, json_t **detail, reg_error *err)
{
    reg_place_action a = {.action = action, .authority = authority, .date = date, .docs = docs,
                          .ndocs = ndocs, .acks = acks, .nacks = nacks};
    return reg_place_transition(db, "reviewer", id, &a, detail, err);
}

static const reg_place_doc three_docs[] = {
    {"evaluation", "会民发〔2024〕1号", "综合评估报告", "2024-01-10"},
    {"expert_review", "专家论证会纪要 2024-01-15", NULL, "2024-01-15"},
    {"consultation", "https://example.gov.cn/zqyj/2024-01", "征求意见公告", NULL},
};

/* The status of a place. */
static const char *status_of(reg_db *db, long long id, char *buf)
{
    json_t *p = NULL;
    reg_error err = {0};
    assert_int_equal(reg_place_get(db, id, NULL, 0, &p, &err), REG_OK);
    snprintf(buf, 32, "%s", json_string_value(json_object_get(p, "status")));
    json_decref(p);
    return buf;
}

/* ---- romanisation (N9) ----------------------------------------------------- */

typedef struct py_case {
    const char *name, *category, *standard, *toned;
} py_case;

static const py_case py_cases[] = {
    /* 专名 and 通名 apart; a one-syllable modifier joins the 通名 */
    {"会师南路", "0801", "Huishi Nanlu", "Huìshī Nánlù"},
    {"会师北大街", "0801", "Huishi Beidajie", "Huìshī Běidàjiē"},
    {"东关街", "0801", "Dongguan Jie", "Dōngguān Jiē"},
    {"城南路", "0801", "Chengnan Lu", "Chéngnán Lù"},
    {"甘肃省", "0401", "Gansu Sheng", "Gānsù Shěng"},
    {"泰山", "0301", "Tai Shan", "Tài Shān"},
    /* apostrophes before a, o, e inside a word */
    {"西安路", "0801", "Xi'an Lu", "Xī'ān Lù"},
    {"天峨县", "0403", "Tian'e Xian", "Tiān'é Xiàn"},
    {"长安街", "0801", "Chang'an Jie", "Cháng'ān Jiē"},
    {"六安市", "0402", "Lu'an Shi", "Lù'ān Shì"},
    /* polyphones decided by the place-name table */
    {"会宁县", "0403", "Huining Xian", "Huìníng Xiàn"},
    {"厦门市", "0402", "Xiamen Shi", "Xiàmén Shì"},
    {"会宁大厦", "1101", "Huining Dasha", "Huìníng Dàshà"},
    {"重庆市", "0402", "Chongqing Shi", "Chóngqìng Shì"},
    {"翟家所镇", "0404", "Zhaijiasuo Zhen", "Zháijiāsuǒ Zhèn"},
    {"蔚县", "0403", "Yu Xian", "Yù Xiàn"},
    {"单县", "0403", "Shan Xian", "Shàn Xiàn"},
    {"会稽山", "0301", "Kuaiji Shan", "Kuàijī Shān"},
    /* village names one word; a 通名 of several words stays apart */
    {"李家湾", "0702", "Lijiawan", "Lǐjiāwān"},
    {"高家庄村", "0502", "Gaojiazhuangcun", "Gāojiāzhuāngcūn"},
    {"高家庄村民委员会", "0502", "Gaojiazhuang Cunmin Weiyuanhui",
     "Gāojiāzhuāng Cūnmín Wěiyuánhuì"},
    {"新添堡回族乡", "0404", "Xintianbao Huizu Xiang", "Xīntiānbǎo Huízú Xiāng"},
    /* ü kept in the spelling; single-reading characters from the table */
    {"吕梁路", "0801", "Lüliang Lu", "Lǚliáng Lù"},
    {"罗家甸村", "0502", "Luojiadiancun", "Luójiādiàncūn"},
};

static void test_pinyin_n9(void **state)
{
    (void)state;
    char s[256], t[256];
    reg_error err = {0};
    for (size_t i = 0; i < sizeof py_cases / sizeof py_cases[0]; i++) {
        const py_case *c = &py_cases[i];
        int rc = reg_pinyin_name(c->name, NULL, c->category, NULL, s, t, &err);
        if (rc != REG_OK || strcmp(s, c->standard) != 0 || strcmp(t, c->toned) != 0)
            print_error("%s: got \"%s\" \"%s\" (%s), want \"%s\" \"%s\"\n", c->name, s, t,
                        err.code, c->standard, c->toned);
        assert_int_equal(rc, REG_OK);
        assert_string_equal(s, c->standard);
        assert_string_equal(t, c->toned);
    }
    /* the staff override decides a polyphone: 堡 as pù */
    assert_int_equal(reg_pinyin_name("新添堡回族乡", NULL, "0404", "xīn tiān pù huí zú xiāng", s,
                                     t, &err),
                     REG_OK);
    assert_string_equal(s, "Xintianpu Huizu Xiang");
    /* an explicit generic keeps the split where staff put it */
    assert_int_equal(reg_pinyin_name("会师南路", "南路", "0801", NULL, s, t, &err), REG_OK);
    assert_string_equal(s, "Huishi Nanlu");
    /* a reading that is not one of the character's, or a wrong count */
    assert_int_equal(reg_pinyin_name("新添堡回族乡", NULL, "0404", "xīn tiān kuài huí zú xiāng",
                                     s, t, &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "pinyin_override_invalid");
    assert_int_equal(reg_pinyin_name("会师南路", NULL, "0801", "huì shī nán", s, t, &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "pinyin_override_invalid");
    assert_int_equal(reg_pinyin_name("会师南路", NULL, "9999", NULL, s, t, &err), REG_EINVAL);
    assert_string_equal(err.code, "unknown_category");
}

static void test_rule_n9_polyphone(void **state)
{
    (void)state;
    reg_db *db = open_copy("n9.db");
    json_t *f = check(db, "新添堡回族乡", "0404", NULL);
    assert_int_equal(count_code(f, "warnings", "n9_polyphone"), 1);
    assert_string_equal(key_of(f, "warnings", "n9_polyphone"), "N9:n9_polyphone:2:堡");
    json_decref(f);
    /* 会 is a polyphone; the table decides it in 会师 */
    f = check(db, "会师南路", "0801", "620422100");
    assert_int_equal(count_code(f, "warnings", "n9_polyphone"), 0);
    json_decref(f);
    /* an override decides it too */
    reg_place_candidate c = {.name = "新添堡回族乡", .category = "0404",
                             .pinyin_override = "xīn tiān pù huí zú xiāng"};
    reg_error err = {0};
    assert_int_equal(reg_place_check(db, &c, &f, &err), REG_OK);
    assert_int_equal(count_code(f, "warnings", "n9_polyphone"), 0);
    assert_string_equal(json_string_value(json_object_get(f, "pinyin")), "Xintianpu Huizu Xiang");
    json_decref(f);
    reg_close(db);
}

/* ---- rules N1-N4, N8 --------------------------------------------------------- */

static void test_rule_n1(void **state)
{
    (void)state;
    reg_db *db = open_copy("n1.db");
    json_t *f = check(db, "西岩路", "0801", "620422100");
    assert_int_equal(json_array_size(json_object_get(f, "errors")), 0);
    json_decref(f);
    /* 窵 (in a real village name of the county) is outside the 8,105 */
    f = check(db, "窵岔村", "0502", "620422100");
    assert_int_equal(count_code(f, "errors", "n1_rare_char"), 1);
    assert_string_equal(key_of(f, "errors", "n1_rare_char"), "N1:n1_rare_char:窵");
    json_decref(f);
    /* traditional characters are not the standard ones */
    f = check(db, "會師南路", "0801", NULL);
    assert_int_equal(count_code(f, "errors", "n1_rare_char"), 2);
    json_decref(f);
    /* letters, digits and spaces; full-width ones are NFKC-normalised first */
    f = check(db, "会师Ａ路", "0801", NULL);
    assert_int_equal(count_code(f, "errors", "n1_non_chinese"), 1);
    json_t *chars = json_object_get(json_array_get(json_object_get(f, "errors"), 0), "chars");
    assert_string_equal(json_string_value(json_array_get(chars, 0)), "A");
    json_decref(f);
    f = check(db, "会师 2路", "0801", NULL);
    assert_int_equal(count_code(f, "errors", "n1_non_chinese"), 1);
    json_decref(f);
    reg_close(db);
}

static void test_rule_n2(void **state)
{
    (void)state;
    reg_db *db = open_copy("n2.db");
    json_t *f = check(db, "建设路", "0801", "620422100");
    assert_int_equal(count_code(f, "errors", "n2_listed_word"), 0);
    json_decref(f);
    static const char *const listed[] = {"万达路", "纽约大街", "碧桂园路"};
    for (size_t i = 0; i < 3; i++) {
        f = check(db, listed[i], "0801", "620422100");
        assert_int_equal(count_code(f, "errors", "n2_listed_word"), 1);
        json_t *e = json_array_get(json_object_get(f, "errors"), 0);
        assert_true(json_is_true(json_object_get(e, "acknowledgeable")));
        json_decref(f);
    }
    /* a company name as the whole 专名 */
    f = check(db, "恒大路", "0801", NULL);
    assert_int_equal(count_code(f, "errors", "n2_listed_word"), 1);
    json_decref(f);
    /* a proposal is refused until a reviewer records "no specific link" */
    long long id = draft(db, "万达路", "0801", LINE_A);
    json_t *detail = NULL;
    reg_error err = {0};
    assert_int_equal(act(db, id, "propose", NULL, NULL, NULL, 0, NULL, 0, &detail, &err),
                     REG_ERULE);
    assert_string_equal(err.code, "rule_errors");
    assert_int_equal(count_code(json_object_get(detail, "findings"), "errors", "n2_listed_word"),
                     1);
    json_decref(detail);
    reg_place_ack ack = {"N2:n2_listed_word:万达", "“万达”取万事通达之意，与企业无特定联系"};
    assert_int_equal(act(db, id, "propose", NULL, NULL, NULL, 0, &ack, 1, &detail, &err), REG_OK);
    reg_close(db);
}

static void test_rule_n3(void **state)
{
    (void)state;
    reg_db *db = open_copy("n3.db");
    existing(db, "会宁路", "0801", LINE_A, NULL);
    existing(db, "会宁县城", "0601", BUILTUP, NULL);
    /* exact duplicate in the same built-up area (会宁县城) */
    json_t *f = check(db, "会宁路", "0801", "620422100");
    assert_int_equal(count_code(f, "errors", "n3_duplicate"), 1);
    json_decref(f);
    /* a homophone (汇宁路 against 会宁路) is a warning */
    f = check(db, "汇宁路", "0801", "620422100");
    assert_int_equal(count_code(f, "errors", "n3_duplicate"), 0);
    assert_int_equal(count_code(f, "warnings", "n3_homophone"), 1);
    json_decref(f);
    /* the same name in another township is fine */
    f = check(db, "会宁路", "0801", "620422101");
    assert_int_equal(json_array_size(json_object_get(f, "errors")), 0);
    assert_int_equal(json_array_size(json_object_get(f, "warnings")), 0);
    json_decref(f);
    /* a draft with geometry in the built-up area, against the stored street */
    long long id = draft(db, "会宁路", "0801", LINE_B);
    json_t *detail = NULL;
    reg_error err = {0};
    assert_int_equal(act(db, id, "propose", NULL, NULL, NULL, 0, NULL, 0, &detail, &err),
                     REG_ERULE);
    assert_int_equal(count_code(json_object_get(detail, "findings"), "errors", "n3_duplicate"), 1);
    json_decref(detail);
    /* village-level seats: the county is the scope */
    existing(db, "李家湾村民委员会", "0502", NULL, "620422100200");
    f = check(db, "李家湾村民委员会", "0502", "620422101201");
    assert_int_equal(count_code(f, "errors", "n3_duplicate"), 1);
    json_decref(f);
    /* township names: the whole registry, whatever the unit */
    existing(db, "会师镇", "0404", NULL, "620422100");
    f = check(db, "会师镇", "0404", "620422101");
    assert_int_equal(count_code(f, "errors", "n3_duplicate"), 1);
    json_decref(f);
    /* another category's names do not collide (a mountain named like a street) */
    f = check(db, "会宁山", "0301", "620422100");
    assert_int_equal(count_code(f, "errors", "n3_duplicate"), 0);
    json_decref(f);
    reg_close(db);
}

static void test_rule_n4(void **state)
{
    (void)state;
    reg_db *db = open_copy("n4.db");
    json_t *f = check(db, "会师南路", "0801", NULL);
    assert_int_equal(json_array_size(json_object_get(f, "errors")), 0);
    assert_string_equal(json_string_value(json_object_get(f, "specific")), "会师");
    assert_string_equal(json_string_value(json_object_get(f, "generic")), "南路");
    json_decref(f);
    /* a village generic on a street */
    f = check(db, "会师村", "0801", NULL);
    assert_int_equal(count_code(f, "errors", "n4_generic_mismatch"), 1);
    json_decref(f);
    /* a river named like a mountain */
    f = check(db, "铁木山", "0201", NULL);
    assert_int_equal(count_code(f, "errors", "n4_generic_mismatch"), 1);
    json_decref(f);
    f = check(db, "祖厉河", "0201", NULL);
    assert_int_equal(json_array_size(json_object_get(f, "errors")), 0);
    json_decref(f);
    /* no 通名 at all */
    f = check(db, "会师", "0801", NULL);
    assert_int_equal(count_code(f, "errors", "n4_no_generic"), 1);
    json_decref(f);
    /* a place is not stored without one */
    GEOSGeometry *g = test_wkt(db, LINE_A);
    reg_place_input in = {.name = "会师", .category = "0801", .geometry = g, .protected_flag = -1};
    long long id;
    reg_error err = {0};
    char *before = digest(db);
    assert_int_equal(reg_place_create(db, "t", &in, 0, NULL, 0, &id, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "n4_no_generic");
    char *after = digest(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    test_free_geom(db, g);
    reg_close(db);
}

/* Brings a new draft through to in use; returns its id. */
static long long to_in_use(reg_db *db, const char *name, const char *line, const char *date)
{
    long long id = draft(db, name, "0801", line);
    reg_error err = {0};
    json_t *detail = NULL;
    assert_int_equal(act(db, id, "propose", NULL, NULL, NULL, 0, NULL, 0, &detail, &err), REG_OK);
    assert_int_equal(act(db, id, "review", NULL, NULL, three_docs, 3, NULL, 0, &detail, &err),
                     REG_OK);
    int rc = act(db, id, "approve", "会宁县人民政府", date, NULL, 0, NULL, 0, &detail, &err);
    if (rc != REG_OK)
        print_error("approve %s: %s\n", name, err.code);
    assert_int_equal(rc, REG_OK);
    assert_int_equal(act(db, id, "file", NULL, date, NULL, 0, NULL, 0, &detail, &err), REG_OK);
    assert_int_equal(act(db, id, "announce", NULL, date, NULL, 0, NULL, 0, &detail, &err), REG_OK);
    return id;
}

static void test_rule_n8(void **state)
{
    (void)state;
    reg_db *db = open_copy("n8.db");
    long long id = to_in_use(db, "东关街", LINE_B, "2020-03-01");
    reg_place_input prot = {.protected_flag = 1};
    reg_error err = {0};
    assert_int_equal(reg_place_update(db, "t", id, &prot, 0, &err), REG_OK);
    reg_place_input rename = {.name = "东城街", .protected_flag = -1};
    reg_place_action a = {.action = "rename", .authority = "会宁县人民政府", .date = "2024-05-01",
                          .docs = three_docs, .ndocs = 3, .rename = &rename};
    json_t *detail = NULL;
    char *before = digest(db);
    assert_int_equal(reg_place_transition(db, "r", id, &a, &detail, &err), REG_ERULE);
    assert_string_equal(err.code, "protection_plan_required");
    char *after = digest(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    a.protection_plan = "会民发〔2024〕9号 东关街地名文化遗产保护方案";
    assert_int_equal(reg_place_transition(db, "r", id, &a, &detail, &err), REG_OK);
    char st[32];
    assert_string_equal(status_of(db, id, st), "approved");
    reg_close(db);
}

/* ---- the workflow ------------------------------------------------------------- */

/* Asserts every action outside allowed is refused with 409 and the
 * allowed list, writing nothing. */
static void refused_except(reg_db *db, long long id, const char *const *allowed, size_t n)
{
    static const char *const all[] = {"propose", "review", "approve", "file",
                                      "announce", "rename", "cancel"};
    for (size_t i = 0; i < 7; i++) {
        int ok = 0;
        for (size_t k = 0; k < n; k++)
            ok |= strcmp(all[i], allowed[k]) == 0;
        if (ok)
            continue;
        json_t *detail = NULL;
        reg_error err = {0};
        char *before = digest(db);
        assert_int_equal(act(db, id, all[i], "会宁县人民政府", NULL, NULL, 0, NULL, 0, &detail,
                             &err),
                         REG_ECONFLICT);
        assert_string_equal(err.code, "transition_not_allowed");
        json_t *list = json_object_get(detail, "allowed");
        assert_int_equal(json_array_size(list), n);
        for (size_t k = 0; k < n; k++)
            assert_string_equal(json_string_value(json_array_get(list, k)), allowed[k]);
        char *after = digest(db);
        assert_string_equal(before, after);
        free(before);
        free(after);
        json_decref(detail);
    }
}

static void test_workflow(void **state)
{
    (void)state;
    reg_db *db = open_copy("flow.db");
    existing(db, "汇通路", "0801", LINE_D, NULL);
    long long id = draft(db, "会通路", "0801", LINE_B);
    char st[32];
    reg_error err = {0};
    json_t *detail = NULL;
    assert_string_equal(status_of(db, id, st), "draft");
    refused_except(db, id, (const char *const[]){"propose"}, 1);

    assert_int_equal(act(db, id, "propose", NULL, NULL, NULL, 0, NULL, 0, &detail, &err), REG_OK);
    assert_string_equal(status_of(db, id, st), "proposed");
    refused_except(db, id, (const char *const[]){"review"}, 1);

    /* review with two of the three documents */
    assert_int_equal(act(db, id, "review", NULL, NULL, three_docs, 2, NULL, 0, &detail, &err),
                     REG_OK);
    assert_string_equal(status_of(db, id, st), "under_review");
    refused_except(db, id, (const char *const[]){"review", "approve"}, 2);
    assert_int_equal(act(db, id, "approve", "会宁县人民政府", "2024-02-01", NULL, 0, NULL, 0,
                         &detail, &err),
                     REG_ERULE);
    assert_string_equal(err.code, "documents_missing");
    assert_string_equal(json_string_value(json_array_get(json_object_get(detail, "missing"), 0)),
                        "consultation");
    json_decref(detail);
    detail = NULL;
    assert_int_equal(act(db, id, "review", NULL, NULL, three_docs + 2, 1, NULL, 0, &detail, &err),
                     REG_OK);
    /* 会通路 sounds like 汇通路: the warning must be acknowledged */
    assert_int_equal(act(db, id, "approve", "会宁县人民政府", "2024-02-01", NULL, 0, NULL, 0,
                         &detail, &err),
                     REG_ERULE);
    assert_string_equal(err.code, "warnings_unacknowledged");
    json_t *findings = json_object_get(detail, "findings");
    /* 会 of 会通 is a polyphone the table leaves open (N9) */
    assert_int_equal(json_array_size(json_object_get(findings, "warnings")), 2);
    const char *key = key_of(findings, "warnings", "n3_homophone");
    reg_place_ack ack = {key, "两路相距较远，经论证不致混淆"};
    reg_place_ack both[] = {ack, {key_of(findings, "warnings", "n9_polyphone"), "读 huì"}};
    assert_int_equal(act(db, id, "approve", "会宁县人民政府", "2024-02-01", NULL, 0, &ack, 1, NULL,
                         &err),
                     REG_ERULE);
    assert_string_equal(err.code, "warnings_unacknowledged");
    /* no authority; a bad date; a date in the future */
    assert_int_equal(act(db, id, "approve", NULL, "2024-02-01", NULL, 0, &ack, 1, NULL, &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "authority_missing");
    assert_int_equal(act(db, id, "approve", "县政府", "2024-02-30", NULL, 0, &ack, 1, NULL, &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "bad_date");
    assert_int_equal(act(db, id, "approve", "县政府", "2999-01-01", NULL, 0, &ack, 1, NULL, &err),
                     REG_ERULE);
    assert_string_equal(err.code, "date_in_future");
    /* an unknown acknowledgement key */
    reg_place_ack bogus = {"N3:n3_homophone:999999", "x"};
    assert_int_equal(act(db, id, "approve", "县政府", "2024-02-01", NULL, 0, &bogus, 1, NULL, &err),
                     REG_ERULE);
    assert_string_equal(err.code, "ack_unknown");
    /* a refused approval recorded nothing: the reviewer records one
     * acknowledgement at review, the other with the approval */
    assert_int_equal(act(db, id, "review", NULL, NULL, NULL, 0, both, 1, NULL, &err), REG_OK);
    int rc = act(db, id, "approve", "会宁县人民政府", "2024-02-01", NULL, 0, both + 1, 1, NULL,
                 &err);
    if (rc != REG_OK)
        print_error("approve: %s %s\n", err.code, err.message_en);
    assert_int_equal(rc, REG_OK);
    json_decref(detail);
    assert_string_equal(status_of(db, id, st), "approved");
    refused_except(db, id, (const char *const[]){"file", "announce"}, 2);

    /* filing before the approval is refused */
    assert_int_equal(act(db, id, "file", NULL, "2024-01-15", NULL, 0, NULL, 0, NULL, &err),
                     REG_ERULE);
    assert_string_equal(err.code, "date_order");
    assert_int_equal(act(db, id, "announce", NULL, "2024-02-10", NULL, 0, NULL, 0, NULL, &err),
                     REG_OK);
    assert_string_equal(status_of(db, id, st), "announced");
    refused_except(db, id, (const char *const[]){"file"}, 1);
    assert_int_equal(act(db, id, "file", NULL, "2024-02-12", NULL, 0, NULL, 0, NULL, &err), REG_OK);
    assert_string_equal(status_of(db, id, st), "in_use");
    refused_except(db, id, (const char *const[]){"rename", "cancel"}, 2);

    /* the other order: file first, then announce */
    long long id2 = draft(db, "建设路", "0801", LINE_C);
    assert_int_equal(act(db, id2, "propose", NULL, NULL, NULL, 0, NULL, 0, NULL, &err), REG_OK);
    assert_int_equal(act(db, id2, "review", NULL, NULL, three_docs, 3, NULL, 0, NULL, &err),
                     REG_OK);
    assert_int_equal(act(db, id2, "approve", "县政府", "2024-03-01", NULL, 0, NULL, 0, NULL, &err),
                     REG_OK);
    assert_int_equal(act(db, id2, "file", NULL, "2024-03-05", NULL, 0, NULL, 0, NULL, &err),
                     REG_OK);
    assert_string_equal(status_of(db, id2, st), "filed");
    refused_except(db, id2, (const char *const[]){"announce"}, 1);
    assert_int_equal(act(db, id2, "announce", NULL, "2024-03-06", NULL, 0, NULL, 0, NULL, &err),
                     REG_OK);
    assert_string_equal(status_of(db, id2, st), "in_use");

    /* rename: back to approved with the new name, the old kept as former */
    reg_place_input rename = {.name = "会通南路", .protected_flag = -1};
    reg_place_action a = {.action = "rename", .authority = "会宁县人民政府", .date = "2024-06-01",
                          .docs = three_docs, .ndocs = 3, .rename = &rename};
    a.ndocs = 1;
    assert_int_equal(reg_place_transition(db, "r", id, &a, &detail, &err), REG_ERULE);
    assert_string_equal(err.code, "documents_missing");
    json_decref(detail);
    a.ndocs = 3;
    assert_int_equal(reg_place_transition(db, "r", id, &a, &detail, &err), REG_ERULE);
    assert_string_equal(err.code, "warnings_unacknowledged");
    char rkey[64];
    snprintf(rkey, sizeof rkey, "%s",
             key_of(json_object_get(detail, "findings"), "warnings", "n9_polyphone"));
    json_decref(detail);
    reg_place_ack rack = {rkey, "读 huì"};
    a.acks = &rack;
    a.nacks = 1;
    assert_int_equal(reg_place_transition(db, "r", id, &a, &detail, &err), REG_OK);
    json_t *p = NULL;
    assert_int_equal(reg_place_get(db, id, NULL, 0, &p, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(p, "name")), "会通南路");
    assert_string_equal(json_string_value(json_object_get(p, "status")), "approved");
    assert_string_equal(json_string_value(json_object_get(p, "pinyin")), "Huitong Nanlu");
    json_t *names = json_object_get(p, "names");
    assert_int_equal(json_array_size(names), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(names, 0), "kind")),
                        "former");
    assert_string_equal(json_string_value(json_object_get(json_array_get(names, 0), "name")),
                        "会通路");
    json_decref(p);
    /* cancel (销名) from in use */
    assert_int_equal(act(db, id2, "cancel", "会宁县人民政府", "2024-07-01", NULL, 0, NULL, 0, NULL,
                         &err),
                     REG_OK);
    assert_string_equal(status_of(db, id2, st), "cancelled");
    refused_except(db, id2, NULL, 0);

    /* every step is an event, and an audit entry */
    json_t *h = NULL;
    assert_int_equal(reg_place_history(db, id, &h, &err), REG_OK);
    static const char *const actions[] = {"create",  "propose",  "review", "review", "review",
                                          "approve", "announce", "file",   "rename"};
    assert_int_equal(json_array_size(h), 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(h, i), "action")),
                            actions[i]);
    json_t *ap = json_array_get(h, 5);
    assert_string_equal(json_string_value(json_object_get(ap, "from")), "under_review");
    assert_string_equal(json_string_value(json_object_get(ap, "to")), "approved");
    assert_non_null(json_object_get(json_object_get(ap, "changes"), "status"));
    assert_string_equal(json_string_value(json_object_get(json_object_get(ap, "detail"),
                                                          "authority")),
                        "会宁县人民政府");
    json_decref(h);
    json_t *audit = NULL;
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", id);
    assert_int_equal(reg_audit_list(db, "place", idtext, NULL, 0, 100, &audit, &err), REG_OK);
    assert_int_equal(json_array_size(audit), 9);
    json_decref(audit);
    /* an unknown action and an unknown place */
    assert_int_equal(act(db, id, "bless", NULL, NULL, NULL, 0, NULL, 0, NULL, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_action");
    assert_int_equal(act(db, 999999, "propose", NULL, NULL, NULL, 0, NULL, 0, NULL, &err),
                     REG_ENOTFOUND);
    reg_close(db);
}

static void test_draft_edits(void **state)
{
    (void)state;
    reg_db *db = open_copy("edit.db");
    long long id = draft(db, "会宁路", "0801", LINE_A);
    reg_error err = {0};
    reg_place_input patch = {.name = "会宁东路", .meaning = "在会宁路东", .protected_flag = -1};
    assert_int_equal(reg_place_update(db, "t", id, &patch, 0, &err), REG_OK);
    json_t *p = NULL;
    assert_int_equal(reg_place_get(db, id, NULL, 0, &p, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(p, "name")), "会宁东路");
    assert_string_equal(json_string_value(json_object_get(p, "generic")), "东路");
    assert_string_equal(json_string_value(json_object_get(p, "pinyin")), "Huining Donglu");
    assert_string_equal(json_string_value(json_object_get(p, "meaning")), "在会宁路东");
    assert_non_null(json_object_get(p, "findings"));
    json_decref(p);
    /* empty patch; a geometry of the wrong kind; after proposing, no rename */
    reg_place_input empty = {.protected_flag = -1};
    assert_int_equal(reg_place_update(db, "t", id, &empty, 0, &err), REG_EINVAL);
    assert_string_equal(err.code, "patch_empty");
    GEOSGeometry *pt = test_wkt(db, POINT_A);
    reg_place_input bad = {.geometry = pt, .protected_flag = -1};
    char *before = digest(db);
    assert_int_equal(reg_place_update(db, "t", id, &bad, 0, &err), REG_EINVAL);
    assert_string_equal(err.code, "geometry_kind");
    char *after = digest(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    test_free_geom(db, pt);
    assert_int_equal(act(db, id, "propose", NULL, NULL, NULL, 0, NULL, 0, NULL, &err), REG_OK);
    assert_int_equal(reg_place_update(db, "t", id, &patch, 0, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "not_draft");
    reg_place_input texts = {.history = "2024年新建", .protected_flag = -1};
    assert_int_equal(reg_place_update(db, "t", id, &texts, 0, &err), REG_OK);
    reg_close(db);
}

/* ---- bad input writes nothing ------------------------------------------------- */

static void test_bad_input(void **state)
{
    (void)state;
    reg_db *db = open_copy("bad.db");
    GEOSGeometry *line = test_wkt(db, LINE_A);
    GEOSGeometry *beijing = test_wkt(db, "LINESTRING(116.39 39.91, 116.40 39.91)");
    GEOSGeometry *bowtie = test_wkt(db, "POLYGON((105.04 35.68, 105.06 35.70, 105.06 35.68, "
                                   "105.04 35.70, 105.04 35.68))");
    GEOSGeometry *crossing = test_wkt(db, "LINESTRING(105.05 35.69, 104.00 35.69)");
    typedef struct bad {
        reg_place_input in;
        int status;
        const char *code;
    } bad;
    const bad cases[] = {
        {{.name = "会宁路", .category = "0899", .geometry = line}, REG_EINVAL, "unknown_category"},
        {{.name = "会宁路", .geometry = line}, REG_EINVAL, "unknown_category"},
        {{.specific = "", .generic = "路", .category = "0801", .geometry = line}, REG_EINVAL,
         "specific_empty"},
        {{.name = "路", .category = "0801", .geometry = line}, REG_EINVAL, "specific_empty"},
        {{.name = "会宁一二三四五六七八九十甲乙丙丁戊己庚辛路", .category = "0801", .geometry = line},
         REG_EINVAL, "name_too_long"},
        {{.name = "  ", .category = "0801", .geometry = line}, REG_EINVAL, "name_empty"},
        {{.name = "会宁路", .generic = "街", .category = "0801", .geometry = line}, REG_EINVAL,
         "generic_not_suffix"},
        {{.name = "会宁路", .category = "0801", .geometry = beijing}, REG_ERULE, "outside_county"},
        {{.name = "会宁路", .category = "0801", .geometry = crossing}, REG_ERULE, "outside_county"},
        {{.name = "会宁广场", .category = "0807", .geometry = bowtie}, REG_EINVAL,
         "geometry_invalid"},
        {{.name = "会宁路", .category = "0801"}, REG_EINVAL, "location_missing"},
        {{.name = "会宁路", .category = "0801", .unit = "620422999"}, REG_ERULE, "unit_unknown"},
        {{.name = "会宁路", .category = "0801", .geometry = line, .meaning = "a\x01"}, REG_EINVAL,
         "text_control_char"},
    };
    char *before = digest(db);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reg_place_input in = cases[i].in;
        in.protected_flag = -1;
        long long id = 0;
        reg_error err = {0};
        int rc = reg_place_create(db, "t", &in, 0, NULL, 0, &id, NULL, &err);
        if (rc != cases[i].status || strcmp(err.code, cases[i].code) != 0)
            print_error("case %zu: got %d %s, want %s\n", i, rc, err.code, cases[i].code);
        assert_int_equal(rc, cases[i].status);
        assert_string_equal(err.code, cases[i].code);
    }
    char *after = digest(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    test_free_geom(db, line);
    test_free_geom(db, beijing);
    test_free_geom(db, bowtie);
    test_free_geom(db, crossing);
    reg_close(db);
}

/* ---- history as of a date (N7) --------------------------------------------------- */

static void test_as_of(void **state)
{
    (void)state;
    reg_db *db = open_copy("asof.db");
    long long id = to_in_use(db, "长安路", LINE_A, "2020-01-01");
    reg_place_input rename = {.name = "会师南路", .protected_flag = -1};
    reg_place_action a = {.action = "rename", .authority = "会宁县人民政府", .date = "2023-05-01",
                          .docs = three_docs, .ndocs = 3, .rename = &rename};
    reg_error err = {0};
    assert_int_equal(reg_place_transition(db, "r", id, &a, NULL, &err), REG_OK);
    json_t *o = NULL;
    assert_int_equal(reg_place_get(db, id, "2021-06-30", 0, &o, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(o, "name")), "长安路");
    assert_string_equal(json_string_value(json_object_get(o, "pinyin")), "Chang'an Lu");
    assert_string_equal(json_string_value(json_object_get(o, "current_name")), "会师南路");
    json_decref(o);
    assert_int_equal(reg_place_get(db, id, "2023-05-01", 0, &o, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(o, "name")), "会师南路");
    assert_string_equal(json_string_value(json_object_get(o, "pinyin_toned")), "Huìshī Nánlù");
    json_decref(o);
    assert_int_equal(reg_place_get(db, id, "2023-04-30", 0, &o, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(o, "name")), "长安路");
    json_decref(o);
    assert_int_equal(reg_place_get(db, id, "2019-12-31", 0, &o, &err), REG_ENOTFOUND);
    assert_string_equal(err.code, "no_name_on_date");
    assert_int_equal(reg_place_get(db, id, "2021-13-01", 0, &o, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_date");
    /* a rename date before the current name's start is refused */
    reg_place_input again = {.name = "会师北路", .protected_flag = -1};
    a.rename = &again;
    a.date = "2022-01-01";
    /* (the place is approved after a rename; bring it to in use first) */
    assert_int_equal(act(db, id, "file", NULL, "2023-05-02", NULL, 0, NULL, 0, NULL, &err), REG_OK);
    assert_int_equal(act(db, id, "announce", NULL, "2023-05-02", NULL, 0, NULL, 0, NULL, &err),
                     REG_OK);
    assert_int_equal(reg_place_transition(db, "r", id, &a, NULL, &err), REG_ERULE);
    assert_string_equal(err.code, "date_order");
    reg_close(db);
}

/* ---- search and autocomplete ------------------------------------------------------ */

/* Writes the "name/match" of each object of list into out, joined by ','. */
static void join_matches(json_t *list, char *out, size_t size)
{
    out[0] = '\0';
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s/%s", i ? "," : "",
                 json_string_value(json_object_get(p, "name")),
                 json_string_value(json_object_get(p, "match")));
    }
}

/* The names of a search's places, in order, joined by ','. */
static void search_names(reg_db *db, const reg_place_query *q, char *out, size_t size,
                         json_t **last)
{
    json_t *r = NULL;
    reg_error err = {0};
    int rc = reg_place_search(db, q, &r, &err);
    if (rc != REG_OK)
        print_error("search: %s\n", err.code);
    assert_int_equal(rc, REG_OK);
    join_matches(json_object_get(r, "places"), out, size);
    if (last)
        *last = r;
    else
        json_decref(r);
}

static void test_search(void **state)
{
    (void)state;
    reg_db *db = open_copy("search.db");
    existing(db, "会师南路", "0801", LINE_A, NULL);
    existing(db, "会师北路", "0801", LINE_D, NULL);
    long long xiyan = existing(db, "西岩路", "0801", LINE_B, NULL);
    existing(db, "会宁大厦", "1101", POINT_A, NULL);
    existing(db, "会师路", "0801", LINE_GCY, NULL);
    long long renamed = to_in_use(db, "长安路", LINE_C, "2020-01-01");
    reg_place_input nn = {.name = "人民路", .protected_flag = -1};
    reg_place_action a = {.action = "rename", .authority = "县政府", .date = "2023-05-01",
                          .docs = three_docs, .ndocs = 3, .rename = &nn};
    reg_error err = {0};
    assert_int_equal(reg_place_transition(db, "r", renamed, &a, NULL, &err), REG_OK);
    draft(db, "会师新路", "0801", LINE_A);
    char got[1024];
    reg_place_query q = {.q = "会师路"};
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "会师路/exact");
    q.q = "会师";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "会师路/prefix,会师北路/prefix,会师南路/prefix");
    q.q = "南路";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "会师南路/substring");
    q.q = "huishinanlu";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "会师南路/pinyin");
    q.q = "Huishi Nanlu";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "会师南路/pinyin");
    q.q = "hsnl";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "会师南路/pinyin");
    q.q = "nanlu";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "会师南路/pinyin");
    /* former names are found and marked */
    q.q = "长安";
    json_t *r = NULL;
    search_names(db, &q, got, sizeof got, &r);
    assert_string_equal(got, "人民路/former");
    assert_string_equal(json_string_value(json_object_get(json_array_get(
                            json_object_get(r, "places"), 0), "matched_name")),
                        "长安路");
    json_decref(r);
    q.q = "changan";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "人民路/former");
    /* a cancelled name (销名) stays findable as a former name */
    assert_int_equal(act(db, xiyan, "cancel", "县政府", "2024-01-01", NULL, 0, NULL, 0, NULL, &err),
                     REG_OK);
    q.q = "西岩";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "西岩路/former");
    /* drafts only on request */
    q.q = "会师新";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "");
    q.status = "draft";
    search_names(db, &q, got, sizeof got, NULL);
    assert_string_equal(got, "会师新路/prefix");
    /* filters: unit, category, bbox, near */
    reg_place_query f = {.q = "会师", .unit = "620422101"};
    search_names(db, &f, got, sizeof got, NULL);
    assert_string_equal(got, "会师路/prefix");
    f = (reg_place_query){.category = "1101"};
    search_names(db, &f, got, sizeof got, NULL);
    assert_string_equal(got, "会宁大厦/exact");
    f = (reg_place_query){.category = "建筑物"};
    search_names(db, &f, got, sizeof got, NULL);
    assert_string_equal(got, "会宁大厦/exact");
    f = (reg_place_query){.has_bbox = 1, .bbox = {105.07, 35.70, 105.08, 35.71}};
    search_names(db, &f, got, sizeof got, NULL);
    assert_string_equal(got, "会宁大厦/exact");
    f = (reg_place_query){.has_near = 1, .near = {105.0720, 35.7070, 200}};
    search_names(db, &f, got, sizeof got, &r);
    assert_string_equal(got, "会宁大厦/exact");
    double d = json_real_value(json_object_get(json_array_get(json_object_get(r, "places"), 0),
                                               "distance_m"));
    assert_true(d > 100 && d < 120); /* 0.001 degree of latitude, ~111 m */
    json_decref(r);
    /* paging with the cursor covers every place once */
    f = (reg_place_query){.limit = 2};
    char all[1024] = "", page[1024];
    json_t *res = NULL;
    char cursor[512] = "";
    int pages = 0;
    do {
        f.cursor = cursor[0] ? cursor : NULL;
        search_names(db, &f, page, sizeof page, &res);
        const char *next = json_string_value(json_object_get(res, "next_cursor"));
        snprintf(cursor, sizeof cursor, "%s", next ? next : "");
        size_t used = strlen(all), n = strlen(page);
        assert_true(used + n + 2 < sizeof all);
        if (used && n)
            all[used++] = ',';
        memcpy(all + used, page, n + 1);
        json_decref(res);
        pages++;
    } while (cursor[0] && pages < 10);
    reg_place_query whole = {.limit = 100};
    search_names(db, &whole, page, sizeof page, NULL);
    assert_string_equal(all, page);
    assert_int_equal(pages, 3);
    /* bad queries */
    reg_place_query bad[] = {{.category = "山脉河流"}, {.status = "lost"}, {.unit = "62x"},
                             {.cursor = "zz"}, {.has_bbox = 1, .bbox = {106, 35, 105, 36}},
                             {.has_near = 1, .near = {105, 35.7, 0}}};
    static const char *const codes[] = {"unknown_category", "bad_status", "bad_code",
                                        "bad_cursor", "bad_bbox", "bad_near"};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(reg_place_search(db, &bad[i], &r, &err), REG_EINVAL);
        assert_string_equal(err.code, codes[i]);
    }
    reg_close(db);
}

/* The suggestions for q as parsed JSON (a new reference), or NULL with
 * err set when refused. */
static json_t *autocomplete(reg_db *db, const char *q, reg_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (reg_place_autocomplete(db, q, 10, &text, &len, err) != REG_OK)
        return NULL;
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        print_error("not JSON: %s: %.200s\n", je.text, text);
    assert_non_null(j);
    free(text);
    return j;
}

/* The "name/match" of the first ten results of a search and of the
 * suggestions for q, each joined by ','. */
static void ranked_pair(reg_db *db, const char *q, char *search, char *suggest, size_t size)
{
    reg_place_query sq = {.q = q, .limit = 10};
    search_names(db, &sq, search, size, NULL);
    reg_error err = {0};
    json_t *r = autocomplete(db, q, &err);
    assert_non_null(r);
    join_matches(json_object_get(r, "suggestions"), suggest, size);
    json_decref(r);
}

/* The range of list which whose suffixes start with the len bytes of p,
 * found by reading every suffix's text. */
static void brute_range(const rp_index *ix, int which, const char *p, size_t len, size_t *lo,
                        size_t *hi)
{
    *lo = *hi = ix->nsa[which];
    for (size_t k = ix->nsa[which]; k-- > 0;) {
        int c = strncmp(rp_ix_str(ix, ix->sa[which][k].text), p, len);
        if (c >= 0)
            *lo = k;
        if (c > 0)
            *hi = k;
    }
}

/* rp_ix_range (four bytes held in each suffix, the arena read past them)
 * finds what a scan of every suffix finds, for prefixes of 1-9 bytes of
 * the index's own suffixes (cut inside a character too), with their NUL
 * (an exact match), and for a prefix found nowhere. */
static void check_ranges(reg_db *db)
{
    rp_index *ix = NULL;
    reg_error err = {0};
    assert_int_equal(rp_index_get(db, &ix, &err), REG_OK);
    size_t checked = 0;
    for (int which = 0; which < RP_SA_COUNT; which++) {
        for (size_t k = 0; k < ix->nsa[which]; k += 5) {
            const char *s = rp_ix_str(ix, ix->sa[which][k].text);
            assert_int_equal(ix->sa[which][k].len, strlen(s));
            size_t n = strlen(s);
            for (size_t len = 1; len <= n + 1 && len <= 9; len++) {
                size_t lo, hi, blo, bhi;
                rp_ix_range(ix, which, s, len, &lo, &hi);
                brute_range(ix, which, s, len, &blo, &bhi);
                assert_int_equal(lo, blo);
                assert_int_equal(hi, bhi);
                assert_true(lo <= k && k < hi);
                checked++;
            }
        }
        size_t lo, hi, blo, bhi;
        rp_ix_range(ix, which, "zzzzzq", 6, &lo, &hi);
        brute_range(ix, which, "zzzzzq", 6, &blo, &bhi);
        assert_int_equal(lo, hi);
        assert_int_equal(lo, blo);
        assert_int_equal(hi, bhi);
    }
    assert_true(checked > 1000);
}

/* Autocomplete walks each range in rank order and stops early (blocks of
 * suffixes sorted by priority); on a register of 289 streets, some
 * renamed, its ten best are search's ten best for every kind of query. */
static void test_autocomplete_ranked(void **state)
{
    (void)state;
    reg_db *db = open_copy("acrank.db");
    static const char *const chars[] = {"安", "宁", "师", "川", "东", "西", "南", "北",
                                        "新", "通", "和", "平", "兴", "华", "民", "山", "河"};
    char name[64];
    long long first = 0;
    for (size_t i = 0; i < 17; i++)
        for (size_t j = 0; j < 17; j++) {
            snprintf(name, sizeof name, "%s%s%s", chars[i], chars[j], j % 3 ? "路" : "街");
            long long id = existing(db, name, "0801", LINE_A, NULL);
            if (!first)
                first = id;
        }
    reg_error err = {0};
    for (long long id = first; id < first + 20; id += 4) {
        static const char *const renamed[] = {"幸福路", "光明路", "胜利路", "人民路", "青石路"};
        snprintf(name, sizeof name, "%s", renamed[(id - first) / 4]);
        reg_place_input nn = {.name = name, .protected_flag = -1};
        reg_place_action a = {.action = "rename", .authority = "县政府", .date = "2023-05-01",
                              .docs = three_docs, .ndocs = 3, .rename = &nn};
        int rc = reg_place_transition(db, "r", id, &a, NULL, &err);
        if (rc != REG_OK)
            print_error("rename %lld: %s %s\n", id, err.code, err.message_en);
        assert_int_equal(rc, REG_OK);
    }
    static const char *const queries[] = {"安", "宁", "路", "街", "安宁", "an", "ning",
                                          "anning", "an ning", "a", "n", "h", "x", "hhl", "anh", "幸",
                                          "lu", "jie", "南北", "xingfu", "光", "gml"};
    char search[2048], suggest[2048];
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        ranked_pair(db, queries[i], search, suggest, sizeof search);
        if (strcmp(search, suggest) != 0)
            print_error("q=%s\n  search  %s\n  suggest %s\n", queries[i], search, suggest);
        assert_string_equal(search, suggest);
        if (!suggest[0])
            print_error("q=%s: nothing found\n", queries[i]);
        assert_true(strlen(suggest) > 0);
    }
    check_ranges(db);
    reg_close(db);
}

static void test_autocomplete(void **state)
{
    (void)state;
    reg_db *db = open_copy("ac.db");
    char name[64];
    static const char *const streets[] = {"会", "会师", "会宁", "会通", "会安", "会川", "会东",
                                          "会西", "会南", "会北", "会中", "会新"};
    for (size_t i = 0; i < 12; i++) {
        snprintf(name, sizeof name, "%s路", streets[i]);
        existing(db, name, "0801", LINE_A, NULL);
    }
    existing(db, "汇会路", "0801", LINE_B, NULL);
    reg_error err = {0};
    json_t *r = autocomplete(db, "会", &err);
    json_t *s = json_object_get(r, "suggestions");
    assert_int_equal(json_array_size(s), 10);
    /* prefixes before the substring, shorter names first */
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "name")), "会路");
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "match")),
                        "prefix");
    json_decref(r);
    r = autocomplete(db, "会路", &err);
    s = json_object_get(r, "suggestions");
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "match")),
                        "exact");
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 1), "name")),
                        "汇会路");
    json_decref(r);
    r = autocomplete(db, "hsl", &err);
    s = json_object_get(r, "suggestions");
    assert_int_equal(json_array_size(s), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "name")),
                        "会师路");
    json_decref(r);
    assert_null(autocomplete(db, "", &err));
    assert_string_equal(err.code, "bad_query");
    assert_null(autocomplete(db, "\xe4\xbc", &err)); /* cut in the middle of 会 */
    assert_string_equal(err.code, "bad_query");
    /* a former name is suggested as such, also when the name was
     * suggested (and its suggestion kept) before the rename */
    long long id = to_in_use(db, "长安路", LINE_C, "2020-01-01");
    r = autocomplete(db, "changan", &err);
    s = json_object_get(r, "suggestions");
    assert_int_equal(json_array_size(s), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "name")), "长安路");
    assert_null(json_object_get(json_array_get(s, 0), "former_name"));
    json_decref(r);
    reg_place_input nn = {.name = "人民路", .protected_flag = -1};
    reg_place_action a = {.action = "rename", .authority = "县政府", .date = "2023-05-01",
                          .docs = three_docs, .ndocs = 3, .rename = &nn};
    assert_int_equal(reg_place_transition(db, "r", id, &a, NULL, &err), REG_OK);
    r = autocomplete(db, "changan", &err);
    s = json_object_get(r, "suggestions");
    assert_int_equal(json_array_size(s), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "name")), "人民路");
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "former_name")),
                        "长安路");
    assert_string_equal(json_string_value(json_object_get(json_array_get(s, 0), "match")),
                        "former");
    json_decref(r);
    reg_close(db);
}

/* ---- N6: overdue filings and the announcement ------------------------------------------ */

static void test_overdue_and_announcement(void **state)
{
    (void)state;
    reg_db *db = open_copy("n6.db");
    long long id = draft(db, "会师南路", "0801", LINE_A);
    reg_error err = {0};
    assert_int_equal(act(db, id, "propose", NULL, NULL, NULL, 0, NULL, 0, NULL, &err), REG_OK);
    assert_int_equal(act(db, id, "review", NULL, NULL, three_docs, 3, NULL, 0, NULL, &err), REG_OK);
    json_t *a = NULL;
    long long ids[] = {id};
    assert_int_equal(reg_place_announcement(db, ids, 1, &a, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "not_approved");
    assert_int_equal(act(db, id, "approve", "会宁县人民政府", "2024-01-02", NULL, 0, NULL, 0, NULL,
                         &err),
                     REG_OK);
    long long id2 = draft(db, "西岩路", "0801", LINE_B);
    assert_int_equal(act(db, id2, "propose", NULL, NULL, NULL, 0, NULL, 0, NULL, &err), REG_OK);
    assert_int_equal(act(db, id2, "review", NULL, NULL, three_docs, 3, NULL, 0, NULL, &err),
                     REG_OK);
    assert_int_equal(act(db, id2, "approve", "会宁县人民政府", "2024-01-02", NULL, 0, NULL, 0, NULL,
                         &err),
                     REG_OK);
    assert_int_equal(act(db, id2, "file", NULL, "2024-01-05", NULL, 0, NULL, 0, NULL, &err),
                     REG_OK);
    json_t *o = NULL;
    assert_int_equal(reg_place_overdue(db, &o, &err), REG_OK);
    json_t *late = json_object_get(o, "places");
    assert_int_equal(json_array_size(late), 2);
    json_t *first = json_array_get(late, 0);
    assert_string_equal(json_string_value(json_object_get(first, "due")), "2024-01-17");
    assert_true(json_integer_value(json_object_get(first, "days_late")) > 300);
    assert_int_equal(json_array_size(json_object_get(first, "missing")), 2);
    json_t *second = json_array_get(late, 1);
    assert_int_equal(json_array_size(json_object_get(second, "missing")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(second, "missing"), 0)),
                        "announce");
    json_decref(o);
    /* a batch announcement with the six fields of N6 */
    long long both[] = {id, id2};
    assert_int_equal(reg_place_announcement(db, both, 2, &a, &err), REG_OK);
    json_t *p = json_array_get(json_object_get(a, "places"), 0);
    assert_string_equal(json_string_value(json_object_get(p, "name")), "会师南路");
    assert_string_equal(json_string_value(json_object_get(p, "pinyin")), "Huishi Nanlu");
    assert_string_equal(json_string_value(json_object_get(p, "area")), "甘肃省白银市会宁县会师镇");
    assert_string_equal(json_string_value(json_object_get(p, "location")), "东起甲路，西至乙路");
    assert_string_equal(json_string_value(json_object_get(p, "authority")), "会宁县人民政府");
    assert_string_equal(json_string_value(json_object_get(p, "approval_date")), "2024-01-02");
    assert_string_equal(json_string_value(json_object_get(a, "issuer")), "会宁县民政局");
    char *html = NULL;
    size_t len = 0;
    assert_int_equal(reg_place_announcement_html(a, &html, &len, &err), REG_OK);
    assert_non_null(strstr(html, "@page { size: A4"));
    assert_non_null(strstr(html, "2024年1月2日"));
    assert_non_null(strstr(html, "Huishi Nanlu"));
    assert_non_null(strstr(html, "西岩路"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "http"));
    free(html);
    /* values are escaped */
    json_object_set_new(json_array_get(json_object_get(a, "places"), 0), "location",
                        json_string("<b>东起\"甲\"</b>"));
    assert_int_equal(reg_place_announcement_html(a, &html, &len, &err), REG_OK);
    assert_non_null(strstr(html, "&lt;b&gt;东起&quot;甲&quot;&lt;/b&gt;"));
    free(html);
    json_decref(a);
    long long dup[] = {id, id};
    assert_int_equal(reg_place_announcement(db, dup, 2, &a, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_ids");
    reg_close(db);
}

/* ---- streets for the doorplate register --------------------------------------------- */

static void test_streets(void **state)
{
    (void)state;
    reg_db *db = open_copy("streets.db");
    long long a = existing(db, "会师南路", "0801", LINE_A, NULL);
    existing(db, "西岩路", "0801", LINE_B, NULL);
    existing(db, "会师路", "0801", LINE_GCY, NULL);
    long long hill = existing(db, "桃花山", "0301", POINT_A, NULL);
    reg_street s;
    reg_error err = {0};
    assert_int_equal(reg_street_get(db, a, &s, &err), REG_OK);
    assert_string_equal(s.name, "会师南路");
    assert_string_equal(s.pinyin, "Huishi Nanlu");
    assert_string_equal(s.status, "in_use");
    assert_non_null(s.line);
    assert_int_equal(GEOSGeomTypeId_r(geo_ctx_geos(reg_geo(db)), s.line), GEOS_LINESTRING);
    reg_street_clear(db, &s);
    assert_int_equal(reg_street_get(db, hill, &s, &err), REG_ERULE);
    assert_string_equal(err.code, "not_a_street");
    json_t *list = NULL;
    assert_int_equal(reg_streets_list(db, "620422100", &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "name")),
                        "会师南路");
    json_decref(list);
    assert_int_equal(reg_streets_list(db, "620422", &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 3);
    json_decref(list);
    reg_close(db);
}

/* ---- importing existing names -------------------------------------------------------- */

static void test_import(void **state)
{
    (void)state;
    reg_db *db = open_copy("import.db");
    FILE *devnull = fopen("/dev/null", "w");
    import_options opt = {.actor = "tester", .report = devnull};
    import_summary sum;
    char path[512];
    snprintf(path, sizeof path, "%s/places/demo_units.csv", data_dir());
    assert_int_equal(import_places(db, path, &opt, &sum), 0);
    assert_int_equal(sum.inserted, 353);
    /* the real list has 窵 (N1), two 李家湾 (N3) and polyphones (N9) */
    assert_true(sum.warnings >= 3);
    snprintf(path, sizeof path, "%s/places/demo_huining.geojson", data_dir());
    assert_int_equal(import_places(db, path, &opt, &sum), 0);
    assert_true(sum.inserted >= 20);
    long inserted = sum.inserted;
    assert_int_equal(import_places(db, path, &opt, &sum), 0);
    assert_int_equal(sum.inserted, 0);
    assert_int_equal(sum.unchanged, inserted);
    /* the river crosses from 会师镇 into 柴家门镇 */
    json_t *r = NULL;
    reg_error err = {0};
    reg_place_query q = {.q = "祖厉河"};
    assert_int_equal(reg_place_search(db, &q, &r, &err), REG_OK);
    long long river = json_integer_value(json_object_get(json_array_get(json_object_get(r,
                                                                         "places"), 0), "id"));
    json_decref(r);
    json_t *p = NULL;
    assert_int_equal(reg_place_get(db, river, NULL, 0, &p, &err), REG_OK);
    assert_int_equal(json_array_size(json_object_get(p, "units")), 2);
    json_decref(p);
    /* a bad row refuses the whole file */
    snprintf(path, sizeof path, "%s/bad.csv", test_tmpdir);
    FILE *f = fopen(path, "w");
    fputs("name,category,lon,lat\n东风路,0801,105.05,35.69\n南山,0301,105.05,35.69\n"
          "北山,0301,116.39,39.91\n", f);
    fclose(f);
    char *before = digest(db);
    assert_int_equal(import_places(db, path, &opt, &sum), 1);
    assert_int_equal(sum.rejected, 2); /* a point street; a point outside the county */
    char *after = digest(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    fclose(devnull);
    reg_close(db);
}

/* ---- setup ---------------------------------------------------------------------------- */

/* Builds the base registry: 会宁县's units and township polygons. */
static int group_setup(void **state)
{
    if (test_group_setup(state) != 0)
        return -1;
    snprintf(base_db, sizeof base_db, "%s/base.db", test_tmpdir);
    reg_db *db = NULL;
    reg_error err = {0};
    if (reg_open(base_db, REG_OPEN_CREATE, &db, &err) != REG_OK)
        return -1;
    FILE *devnull = fopen("/dev/null", "w");
    import_options opt = {.actor = "setup", .report = devnull, .crs = "gcj02"};
    import_summary sum;
    char path[512];
    snprintf(path, sizeof path, "%s/huining/admin_units.csv", data_dir());
    int rc = import_units_csv(db, path, &opt, &sum);
    snprintf(path, sizeof path, "%s/huining/townships.geojson", data_dir());
    if (rc == 0)
        rc = import_unit_boundaries(db, path, &opt, &sum);
    fclose(devnull);
    reg_close(db);
    if (rc != 0)
        print_error("cannot build the base registry from %s (set DIMING_DATA)\n", data_dir());
    return rc == 0 && reg_places_data_load(&err) == REG_OK ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pinyin_n9),
        cmocka_unit_test(test_rule_n9_polyphone),
        cmocka_unit_test(test_rule_n1),
        cmocka_unit_test(test_rule_n2),
        cmocka_unit_test(test_rule_n3),
        cmocka_unit_test(test_rule_n4),
        cmocka_unit_test(test_rule_n8),
        cmocka_unit_test(test_workflow),
        cmocka_unit_test(test_draft_edits),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_as_of),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_autocomplete),
        cmocka_unit_test(test_autocomplete_ranked),
        cmocka_unit_test(test_overdue_and_announcement),
        cmocka_unit_test(test_streets),
        cmocka_unit_test(test_import),
    };
    return cmocka_run_group_tests(tests, group_setup, test_group_teardown);
}
