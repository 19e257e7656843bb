/* Unit tests of the registry module: division-code rules (table-driven),
 * names and dates, opening, migration and refusal of newer schemas, unit
 * writes with their audit entries and history, transactions, the real
 * Huining division list, geometry, the point locator and API tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include <nettle/sha2.h>
#include <sqlite3.h>

#include "registry.h"
#include "reg_doorplates.h"
#include "reg_internal.h"


/* ---- helpers ------------------------------------------------------------ */

/* A fresh path in the temp dir (static buffer), with no file behind it. */
static const char *db_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir, name);
    char side[600];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return path;
}

/* Opens a new empty registry. */
static reg_db *new_db(const char *name)
{
    reg_db *db = NULL;
    reg_error err = {0};
    int rc = reg_open(db_path(name), REG_OPEN_CREATE, &db, &err);
    if (rc != REG_OK)
        print_error("reg_open: %s\n", err.message_en);
    assert_int_equal(rc, REG_OK);
    return db;
}

/* The integer the SQL query returns, through the connection's handle. */
static long long query_int(reg_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(reg_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}





/* The audit log as JSON, all of it (up to 1000). */
static json_t *audit_all(reg_db *db)
{
    json_t *list = NULL;
    reg_error err = {0};
    assert_int_equal(reg_audit_list(db, NULL, NULL, NULL, 0, 1000, &list, &err), REG_OK);
    return list;
}

/* The last audit entry (a new reference). */
static json_t *audit_last(reg_db *db)
{
    json_t *list = audit_all(db);
    assert_true(json_array_size(list) > 0);
    json_t *e = json_incref(json_array_get(list, json_array_size(list) - 1));
    json_decref(list);
    return e;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- division-code rules (pure) ----------------------------------------- */

typedef struct code_case {
    const char *code, *level, *parent;
    int status;
    const char *err_code; /* NULL when it passes */
} code_case;

static const code_case code_cases[] = {
    /* passing: every level at both ends of its suffix range */
    {"62", "province", NULL, REG_OK, NULL},
    {"62", "province", "", REG_OK, NULL},
    {"6204", "city", "62", REG_OK, NULL},
    {"6299", "city", "62", REG_OK, NULL},
    {"620422", "county", "6204", REG_OK, NULL},
    {"620401", "county", "6204", REG_OK, NULL},
    {"620422100", "town", "620422", REG_OK, NULL},
    {"620422199", "town", "620422", REG_OK, NULL},
    {"620422200", "township", "620422", REG_OK, NULL},
    {"620422399", "township", "620422", REG_OK, NULL},
    {"620422001", "subdistrict", "620422", REG_OK, NULL},
    {"620422099", "subdistrict", "620422", REG_OK, NULL},
    {"620422100001", "community", "620422100", REG_OK, NULL},
    {"620422100199", "community", "620422100", REG_OK, NULL},
    {"620422100200", "village", "620422100", REG_OK, NULL},
    {"620422202399", "village", "620422202", REG_OK, NULL},
    {"620422001200", "village", "620422001", REG_OK, NULL},
    /* code form */
    {NULL, "town", "620422", REG_EINVAL, "code_missing"},
    {"", "town", "620422", REG_EINVAL, "code_missing"},
    {"62042210a", "town", "620422", REG_EINVAL, "code_not_digits"},
    {" 620422100", "town", "620422", REG_EINVAL, "code_not_digits"},
    {"６２", "province", NULL, REG_EINVAL, "code_not_digits"},
    {"6204221", "town", "620422", REG_EINVAL, "code_length"},
    {"6204221000000", "village", "620422100", REG_EINVAL, "code_length"},
    {"620422", "town", "620422", REG_ERULE, "code_length_level"},
    {"620422100", "village", "620422100", REG_ERULE, "code_length_level"},
    {"6204", "province", NULL, REG_ERULE, "code_length_level"},
    /* suffix ranges */
    {"00", "province", NULL, REG_ERULE, "code_suffix_range"},
    {"6200", "city", "62", REG_ERULE, "code_suffix_range"},
    {"620400", "county", "6204", REG_ERULE, "code_suffix_range"},
    {"620422200", "town", "620422", REG_ERULE, "code_suffix_range"},
    {"620422099", "town", "620422", REG_ERULE, "code_suffix_range"},
    {"620422199", "township", "620422", REG_ERULE, "code_suffix_range"},
    {"620422400", "township", "620422", REG_ERULE, "code_suffix_range"},
    {"620422000", "subdistrict", "620422", REG_ERULE, "code_suffix_range"},
    {"620422100", "subdistrict", "620422", REG_ERULE, "code_suffix_range"},
    {"620422100000", "community", "620422100", REG_ERULE, "code_suffix_range"},
    {"620422100200", "community", "620422100", REG_ERULE, "code_suffix_range"},
    {"620422100199", "village", "620422100", REG_ERULE, "code_suffix_range"},
    {"620422100400", "village", "620422100", REG_ERULE, "code_suffix_range"},
    /* parent */
    {"62", "province", "6", REG_ERULE, "parent_not_allowed"},
    {"6204", "city", NULL, REG_EINVAL, "parent_required"},
    {"620422100", "town", "", REG_EINVAL, "parent_required"},
    {"620422100", "town", "62042x", REG_EINVAL, "code_not_digits"},
    {"620422100", "town", "6204", REG_ERULE, "parent_level"},
    {"620422100200", "village", "620422", REG_ERULE, "parent_level"},
    {"6204", "city", "6204", REG_ERULE, "parent_level"},
    {"620422100", "town", "620423", REG_ERULE, "code_prefix_mismatch"},
    {"620422100200", "village", "620422101", REG_ERULE, "code_prefix_mismatch"},
    {"6304", "city", "62", REG_ERULE, "code_prefix_mismatch"},
    /* level */
    {"620422100", "towns", "620422", REG_EINVAL, "bad_level"},
    {"620422100", NULL, "620422", REG_EINVAL, "bad_level"},
};

static void test_code_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof code_cases / sizeof code_cases[0]; i++) {
        const code_case *c = &code_cases[i];
        reg_unit_input in = {c->code, "某地", c->level, c->parent, NULL};
        reg_error err = {0};
        int rc = reg_unit_check_fields(&in, &err);
        if (rc != c->status || (c->err_code && strcmp(err.code, c->err_code) != 0))
            print_error("case %zu (%s %s %s): got %d %s, want %d %s\n", i,
                        c->code ? c->code : "NULL", c->level ? c->level : "NULL",
                        c->parent ? c->parent : "NULL", rc, err.code, c->status,
                        c->err_code ? c->err_code : "");
        assert_int_equal(rc, c->status);
        if (c->err_code) {
            assert_string_equal(err.code, c->err_code);
            assert_int_equal(err.status, c->status);
            assert_true(err.message_zh[0] && err.message_en[0] && err.field[0]);
        }
    }
}

static void test_levels_and_roles(void **state)
{
    (void)state;
    reg_level l;
    for (int i = 0; i < REG_LEVEL_COUNT; i++) {
        assert_non_null(reg_level_name((reg_level)i));
        assert_int_equal(reg_level_parse(reg_level_name((reg_level)i), &l), REG_OK);
        assert_int_equal(l, i);
    }
    assert_null(reg_level_name(REG_LEVEL_COUNT));
    assert_int_equal(reg_level_parse("Town", &l), REG_EINVAL);
    reg_role r;
    assert_int_equal(reg_role_parse("inspector", &r), REG_OK);
    assert_int_equal(r, REG_ROLE_INSPECTOR);
    assert_string_equal(reg_role_name(REG_ROLE_ADMIN), "admin");
    assert_int_equal(reg_role_parse("root", &r), REG_EINVAL);
    assert_null(reg_role_name((reg_role)7));
}

typedef struct name_case {
    const char *name;
    const char *normalised; /* NULL when refused */
    const char *err_code;
} name_case;

static void test_names_nfkc(void **state)
{
    (void)state;
    char fifty[256] = "", fiftyone[256];
    for (int i = 0; i < 50; i++)
        strcat(fifty, "镇");
    snprintf(fiftyone, sizeof fiftyone, "%s镇", fifty);
    const name_case cases[] = {
        {"会师镇", "会师镇", NULL},
        {"ＡＢＣ１２３村", "ABC123村", NULL},           /* full-width letters and digits */
        {"\xE3\x80\x80会师镇 ", "会师镇", NULL},        /* ideographic space trimmed */
        {"会师　南路", "会师 南路", NULL},              /* inner U+3000 becomes a space */
        {"㍿", "株式会社", NULL},                       /* compatibility expansion */
        {fifty, fifty, NULL},
        {fiftyone, NULL, "name_too_long"},
        {"", NULL, "name_empty"},
        {NULL, NULL, "name_empty"},
        {"  \xE3\x80\x80 ", NULL, "name_empty"},
        {"会师\x01镇", NULL, "name_control_char"},
        {"会师\x7F镇", NULL, "name_control_char"},
        {"会师\xC2\x85镇", NULL, "name_control_char"}, /* U+0085 NEL */
        {"\xE4\xBC", NULL, "name_bad_utf8"},
        {"\xED\xA0\x80", NULL, "name_bad_utf8"}, /* encoded surrogate */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[REG_NAME_BUF];
        reg_error err = {0};
        int rc = reg_name_normalize(cases[i].name, "name", out, sizeof out, &err);
        if (cases[i].normalised) {
            if (rc != REG_OK)
                print_error("name case %zu: %s\n", i, err.code);
            assert_int_equal(rc, REG_OK);
            assert_string_equal(out, cases[i].normalised);
        } else {
            assert_int_equal(rc, REG_EINVAL);
            assert_string_equal(err.code, cases[i].err_code);
            assert_string_equal(err.field, "name");
        }
    }
    /* Through the public check as well. */
    reg_unit_input in = {"620422100", "", "town", "620422", NULL};
    reg_error err = {0};
    assert_int_equal(reg_unit_check_fields(&in, &err), REG_EINVAL);
    assert_string_equal(err.code, "name_empty");
}

static void test_dates(void **state)
{
    (void)state;
    const char *good[] = {"2024-02-29", "2000-02-29", "2023-12-31", "1949-10-01", "0001-01-01"};
    const char *bad[] = {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
                         "2024-1-01",  "2024-01-1",  "2024/01/01", "2024-01-01x", "",
                         "0000-01-01", "２０２４-01-01", "2024-01-01T00:00", " 2024-01-01"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(reg_date_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(reg_date_valid(bad[i]));
        reg_unit_input in = {"620422100", "会师镇", "town", "620422", bad[i]};
        reg_error err = {0};
        assert_int_equal(reg_unit_check_fields(&in, &err), REG_EINVAL);
        assert_string_equal(err.code, "bad_date");
        assert_string_equal(err.field, "valid_from");
    }
    char today[REG_DATE_BUF];
    reg_today(today);
    assert_true(reg_date_valid(today));

    char out[REG_TIME_BUF];
    assert_true(reg_time_normalize("2024-05-01", out));
    assert_string_equal(out, "2024-05-01T00:00:00.000Z");
    assert_true(reg_time_normalize("2024-05-01T10:20:30Z", out));
    assert_string_equal(out, "2024-05-01T10:20:30.000Z");
    assert_true(reg_time_normalize("2024-05-01T10:20:30.5Z", out));
    assert_string_equal(out, "2024-05-01T10:20:30.500Z");
    assert_true(reg_time_normalize("2024-05-01T06:00+08:00", out));
    assert_string_equal(out, "2024-04-30T22:00:00.000Z");
    assert_true(reg_time_normalize("2024-12-31T23:30:00.123-01:00", out));
    assert_string_equal(out, "2025-01-01T00:30:00.123Z");
    assert_false(reg_time_normalize("2024-05-01T10:20:30", out)); /* no zone */
    assert_false(reg_time_normalize("2024-05-01T24:00Z", out));
    assert_false(reg_time_normalize("2024-05-01 10:20Z", out));
    assert_false(reg_time_normalize("2024-05-01T10:20:30.Z", out));
}

static void test_error_set_truncates(void **state)
{
    (void)state;
    reg_error err;
    char long_zh[1200] = "";
    for (int i = 0; i < 300; i++)
        strcat(long_zh, "界");
    assert_int_equal(reg_error_set(&err, REG_ERULE, "a_very_long_code_that_goes_beyond_the_field_size_ok",
                                   "field", long_zh, "en"),
                     REG_ERULE);
    assert_int_equal(err.status, REG_ERULE);
    assert_int_equal(strlen(err.code), sizeof err.code - 1);
    assert_true(strlen(err.message_zh) < sizeof err.message_zh);
    assert_int_equal(strlen(err.message_zh) % 3, 0); /* whole characters only */
    json_t *s = json_string(err.message_zh);         /* valid UTF-8 */
    assert_non_null(s);
    json_decref(s);
    assert_int_equal(reg_error_set(NULL, REG_EIO, "x", NULL, NULL, NULL), REG_EIO);
    assert_int_equal(reg_error_set(&err, REG_EIO, NULL, NULL, NULL, NULL), REG_EIO);
    assert_string_equal(err.code, "");
}

/* ---- opening, schema, migration ---------------------------------------- */

static void test_open_init(void **state)
{
    (void)state;
    const char *path = db_path("init.db");
    char saved[512];
    snprintf(saved, sizeof saved, "%s", path);
    reg_db *db = NULL;
    reg_error err = {0};
    assert_int_equal(reg_open(saved, 0, &db, &err), REG_ENOTFOUND);
    assert_null(db);
    assert_string_equal(err.code, "db_not_found");

    /* Its time is measured by bench/locate, not asserted here. */
    assert_int_equal(reg_open(saved, REG_OPEN_CREATE, &db, &err), REG_OK);
    assert_int_equal(reg_schema_version(), REG_SCHEMA_VERSION);
    assert_int_equal(query_int(db, "PRAGMA user_version"), REG_SCHEMA_VERSION);
    assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM spatial_ref_sys"
                                   " WHERE srid IN (4490, 4326, 4544)"), 3);
    assert_int_equal(query_int(db, "SELECT count(*) FROM geometry_columns"
                                   " WHERE f_table_name = 'units' AND srid = 4490"
                                   " AND spatial_index_enabled = 1"), 1);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(reg_sqlite(db), "PRAGMA journal_mode", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_non_null(reg_geo(db));
    reg_close(db);
    assert_int_equal(reg_open("/nonexistent-dir/x.db", REG_OPEN_CREATE, &db, &err), REG_EIO);
    assert_string_equal(err.code, "storage_error");
    assert_non_null(strstr(err.message_en, "storage error: "));
    assert_null(db);

    /* Reopening an up-to-date file: no CREATE needed, read-only too. */
    assert_int_equal(reg_open(saved, 0, &db, &err), REG_OK);
    reg_close(db);
    assert_int_equal(reg_open(saved, REG_OPEN_READONLY, &db, &err), REG_OK);
    reg_unit_input in = {"62", "甘肃省", "province", NULL, NULL};
    assert_int_equal(reg_unit_create(db, "tester", &in, &err), REG_EIO);
    assert_string_equal(err.code, "read_only");
    assert_int_equal(reg_tx_begin(db, &err), REG_EIO);
    reg_close(db);
    reg_close(NULL);
}

static void test_newer_refused(void **state)
{
    (void)state;
    reg_db *db = new_db("newer.db");
    reg_close(db);
    char saved[512];
    snprintf(saved, sizeof saved, "%s/newer.db", test_tmpdir);
    reg_error err = {0};
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open(saved, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    db = NULL;
    assert_int_equal(reg_open(saved, 0, &db, &err), REG_ENEWER);
    assert_null(db);
    assert_string_equal(err.code, "schema_newer");
    char want[128];
    snprintf(want, sizeof want,
             "database schema version 99 is newer than this diming (%d); upgrade diming",
             REG_SCHEMA_VERSION);
    assert_string_equal(err.message_en, want);
    assert_non_null(strstr(err.message_zh, "99"));
    assert_int_equal(reg_open(saved, REG_OPEN_READONLY, &db, &err), REG_ENEWER);
}

static void test_not_registry(void **state)
{
    (void)state;
    const char *path = db_path("other.db");
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    reg_db *db = NULL;
    reg_error err = {0};
    assert_int_equal(reg_open(path, REG_OPEN_CREATE, &db, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "not_registry");
    assert_null(db);
}

static void test_migrate_v1_to_v2(void **state)
{
    (void)state;
    const char *p = db_path("v1.db");
    char path[512];
    snprintf(path, sizeof path, "%s", p);
    reg_db *db = NULL;
    reg_error err = {0};
    assert_int_equal(reg_open_at_version(path, REG_SCHEMA_VERSION + 1, &db, &err), REG_EINVAL);
    assert_int_equal(reg_open_at_version(path, 1, &db, &err), REG_OK);
    assert_int_equal(query_int(db, "PRAGMA user_version"), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                   " ('api_tokens', 'audit_log')"), 0);
    /* A v1 database with data, written as v1 diming did (no audit log). */
    assert_int_equal(sqlite3_exec(reg_sqlite(db),
                                  "INSERT INTO units (code, name, level, parent_code, valid_from)"
                                  " VALUES ('62', '甘肃省', 'province', NULL, '2020-01-01'),"
                                  " ('6204', '白银市', 'city', '62', '2020-01-01');"
                                  "INSERT INTO unit_names (unit_code, name, valid_from, valid_to)"
                                  " VALUES ('6204', '白银地区', '1985-01-01', '2020-01-01');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    reg_close(db);
    /* Read-only cannot migrate. */
    assert_int_equal(reg_open(path, REG_OPEN_READONLY, &db, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "schema_outdated");

    db = NULL;
    assert_int_equal(reg_open(path, 0, &db, &err), REG_OK);
    assert_int_equal(query_int(db, "PRAGMA user_version"), REG_SCHEMA_VERSION);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), 0);
    json_t *u = NULL;
    assert_int_equal(reg_unit_get(db, "6204", 0, &u, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(u, "name")), "白银市");
    json_t *former = json_object_get(u, "former_names");
    assert_int_equal(json_array_size(former), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(former, 0), "name")),
                        "白银地区");
    json_decref(u);
    /* v2 works: a write with its audit entry, a token. */
    test_unit_create(db, "620422", "会宁县", "county", "6204");
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), 1);
    char token[64];
    assert_int_equal(reg_token_create(db, "tester", "migrated", REG_ROLE_STAFF, token,
                                      sizeof token, &err),
                     REG_OK);
    reg_close(db);
}

/* reg_feature_fn: counts the features and notes the last one's refs. */
static int count_markers(void *cls, const reg_feature *f)
{
    long *n = cls;
    (*n)++;
    assert_non_null(f->wkb);
    assert_string_equal(f->values[7].s, "水塔/45.5/120.0;路口/300.0/80.25");
    return 0;
}

/* reg_feature_fn: counts the features. */
static int count_features(void *cls, const reg_feature *f)
{
    (void)f;
    (*(long *)cls)++;
    return 0;
}

/* Makes file name at schema version, where absent (a query that must
 * count 0 there) is absent, writes sql into it as that version's diming
 * did, and opens it again: migrated to the current version. */
static reg_db *migrated(const char *name, int version, const char *absent, const char *sql)
{
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(name));
    reg_db *db = NULL;
    reg_error err = {0};
    assert_int_equal(reg_open_at_version(path, version, &db, &err), REG_OK);
    assert_int_equal(query_int(db, absent), 0);
    char *msg = NULL;
    if (sqlite3_exec(reg_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("v%d data: %s", version, msg ? msg : "?");
    reg_close(db);
    db = NULL;
    assert_int_equal(reg_open(path, 0, &db, &err), REG_OK);
    assert_int_equal(query_int(db, "PRAGMA user_version"), REG_SCHEMA_VERSION);
    return db;
}

/* A v6 file with a line, a marker and its reference objects migrates to
 * v7: the spatial indexes hold the rows already there, marker_features
 * lists the marker with its line number and refs in order, and the
 * boundary-lines and markers collections answer bbox queries. */
static void test_migrate_v6_to_v7(void **state)
{
    (void)state;
    reg_error err = {0};
    reg_db *db = migrated(
        "v6.db", 6, "SELECT count(*) FROM sqlite_master WHERE name = 'marker_features'",
        "INSERT INTO boundary_lines (id, number, level, left_code, left_name,"
        " right_code, right_name, last_joint_check, geom) VALUES (1, '100107',"
        " 'township', '620422107', '柴家门镇', '620422100', '会师镇', '2024-05-01',"
        " GeomFromText('MULTILINESTRING((105.0 35.7, 105.1 35.7))', 4490));"
        "INSERT INTO markers (id, line_id, seq, type, material, year_set,"
        " condition, geom) VALUES ('100107001Q', 1, 1, 'Q', '钢筋混凝土', 2001,"
        " 'intact', GeomFromText('POINT(105.05 35.7)', 4490));"
        "INSERT INTO marker_refs VALUES ('100107001Q', 2, '路口', 300.0, 80.25),"
        " ('100107001Q', 1, '水塔', 45.5, 120.0);");
    assert_int_equal(query_int(db, "SELECT count(*) FROM SpatialIndex WHERE f_table_name ="
                                   " 'boundary_lines' AND search_frame ="
                                   " BuildMbr(105.04, 35.69, 105.06, 35.71)"), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM marker_features WHERE line = '100107'"
                                   " AND seq = 1 AND year_set = 2001"), 1);
    size_t n = 0;
    const reg_collection *const *list = reg_collections(&n);
    const reg_collection *markers = reg_collection_find(list, n, "markers");
    const reg_collection *lines = reg_collection_find(list, n, "boundary-lines");
    assert_non_null(markers);
    assert_non_null(lines);
    assert_int_equal(reg_collection_check(markers, &err), REG_OK);
    assert_int_equal(reg_collection_check(lines, &err), REG_OK);
    reg_feature_query q = {.has_bbox = 1, .bbox = {105.04, 35.69, 105.06, 35.71}, .limit = -1};
    long seen = 0, matched = 0;
    assert_int_equal(reg_features_read(db, markers, &q, count_markers, &seen, NULL, &err),
                     REG_OK);
    assert_int_equal(seen, 1);
    q.count = 1;
    q.bbox[0] = 105.09;
    q.bbox[2] = 105.2;
    seen = 0;
    assert_int_equal(reg_features_read(db, lines, &q, count_features, &seen, &matched, &err),
                     REG_OK);
    assert_int_equal(matched, 1);
    assert_int_equal(seen, 1);
    q.time_from = "2024-06-01";
    assert_int_equal(reg_features_read(db, lines, &q, count_features, &seen, &matched, &err),
                     REG_OK);
    assert_int_equal(matched, 0);
    reg_close(db);
}

/* A v8 file with a numbered street and a numbered village group migrates
 * to v9: both rows get the order 'distance' (what numbering was until
 * then), the group can then be set to the staff's order (D2 rural), the
 * street cannot (by the registry, and by the table's CHECK). */
static void test_migrate_v8_to_v9(void **state)
{
    (void)state;
    reg_error err = {0};
    reg_db *db = migrated(
        "v8.db", 8, "SELECT count(*) FROM pragma_table_info('numbering_axes') WHERE name ="
                    " 'ordering'",
        "INSERT INTO units (code, name, level, parent_code, valid_from) VALUES"
        " ('620422100', '会师镇', 'town', NULL, '2020-01-01'),"
        " ('620422100200', '东关村民委员会', 'village', '620422100', '2020-01-01');"
        "INSERT INTO places (id, code, name, specific, generic, pinyin, pinyin_toned,"
        " pinyin_syllables, category, status, created_at, updated_at, geom) VALUES"
        " (1, 'T1', '青年路', '青年', '路', 'Qingnian Lu', '', '', '0801', 'in_use',"
        " '2024-01-01', '2024-01-01',"
        " GeomFromText('LINESTRING(105.05 35.71, 105.06 35.71)', 4490)),"
        " (2, 'T2', '牛家屯', '牛家', '屯', 'Niujiatun', '', '', '0702', 'in_use',"
        " '2024-01-01', '2024-01-01', GeomFromText('POINT(105.05 35.70)', 4490));"
        "INSERT INTO numbering_axes (place_id, kind, unit_code, updated_at) VALUES"
        " (1, 'street', '620422100', '2024-01-01'),"
        " (2, 'group', '620422100200', '2024-01-01');");
    assert_int_equal(query_int(db, "SELECT count(*) FROM numbering_axes"
                                   " WHERE ordering = 'distance'"), 2);
    reg_numbering_rule r;
    assert_int_equal(reg_numbering_get(db, 2, &r, &err), REG_OK);
    assert_int_equal(r.order, REG_ORDER_DISTANCE);
    r.order = REG_ORDER_STAFF;
    assert_int_equal(reg_numbering_set(db, "tester", 2, &r, &err), REG_OK);
    assert_int_equal(reg_numbering_get(db, 2, &r, &err), REG_OK);
    assert_int_equal(r.order, REG_ORDER_STAFF);
    assert_int_equal(reg_numbering_get(db, 1, &r, &err), REG_OK);
    r.order = REG_ORDER_STAFF;
    assert_int_equal(reg_numbering_set(db, "tester", 1, &r, &err), REG_ERULE);
    assert_string_equal(err.code, "staff_order_group_only");
    assert_int_equal(sqlite3_exec(reg_sqlite(db), "UPDATE numbering_axes SET ordering = 'staff'"
                                                  " WHERE place_id = 1", NULL, NULL, NULL) & 0xff,
                     SQLITE_CONSTRAINT);
    assert_int_equal(sqlite3_exec(reg_sqlite(db), "UPDATE numbering_axes SET ordering = 'any'"
                                                  " WHERE place_id = 2", NULL, NULL, NULL) & 0xff,
                     SQLITE_CONSTRAINT);
    assert_int_equal(query_int(db, "SELECT count(*) FROM numbering_axes"
                                   " WHERE ordering = 'staff'"), 1);
    reg_close(db);
}

/* ---- units --------------------------------------------------------------- */

static void test_create_and_get(void **state)
{
    (void)state;
    reg_db *db = new_db("units.db");
    test_seed_units(db);
    json_t *u = NULL;
    reg_error err = {0};
    assert_int_equal(reg_unit_get(db, "620422100200", 1, &u, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(u, "code")), "620422100200");
    assert_string_equal(json_string_value(json_object_get(u, "level")), "village");
    assert_string_equal(json_string_value(json_object_get(u, "parent_code")), "620422100");
    assert_string_equal(json_string_value(json_object_get(u, "valid_from")), "2020-01-01");
    assert_true(json_is_null(json_object_get(u, "valid_to")));
    assert_true(json_is_false(json_object_get(u, "has_geometry")));
    assert_true(json_is_null(json_object_get(u, "geometry")));
    json_t *chain = json_object_get(u, "chain");
    assert_int_equal(json_array_size(chain), 4);
    const char *want[] = {"62", "6204", "620422", "620422100"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(chain, i), "code")),
                            want[i]);
    assert_string_equal(json_string_value(json_object_get(json_array_get(chain, 3), "name")),
                        "会师镇");
    json_decref(u);

    assert_int_equal(reg_unit_get(db, "620422", 0, &u, &err), REG_OK);
    json_t *children = json_object_get(u, "children");
    assert_int_equal(json_integer_value(json_object_get(children, "total")), 2);
    json_t *by_level = json_object_get(children, "by_level");
    assert_int_equal(json_integer_value(json_object_get(by_level, "town")), 1);
    assert_int_equal(json_integer_value(json_object_get(by_level, "township")), 1);
    assert_null(json_object_get(u, "geometry"));
    json_decref(u);

    assert_int_equal(reg_unit_get(db, "62", 0, &u, &err), REG_OK);
    assert_true(json_is_null(json_object_get(u, "parent_code")));
    assert_int_equal(json_array_size(json_object_get(u, "chain")), 0);
    json_decref(u);

    assert_int_equal(reg_unit_get(db, "620422999", 0, &u, &err), REG_ENOTFOUND);
    assert_string_equal(err.code, "unit_not_found");
    assert_null(u);

    /* A full-width name is stored NFKC. */
    test_unit_create(db, "620422100201", "南十里铺村（１组）", "village", "620422100");
    assert_int_equal(reg_unit_get(db, "620422100201", 0, &u, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(u, "name")), "南十里铺村(1组)");
    json_decref(u);

    json_t *list = NULL;
    assert_int_equal(reg_units_list(db, "620422100", NULL, 0, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "code")),
                        "620422100001");
    assert_non_null(json_object_get(json_array_get(list, 0), "has_geometry"));
    json_decref(list);
    assert_int_equal(reg_units_list(db, NULL, "village_level", 0, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 3);
    json_decref(list);
    assert_int_equal(reg_units_list(db, NULL, "township", 0, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);
    assert_int_equal(reg_units_list(db, NULL, "hamlet", 0, &list, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_level");

    char code[13];
    assert_int_equal(reg_unit_find_by_name(db, "会师镇", "township_level", code, &err), REG_OK);
    assert_string_equal(code, "620422100");
    assert_int_equal(reg_unit_find_by_name(db, "会师镇", "village", code, &err), REG_ENOTFOUND);
    assert_int_equal(reg_unit_find_by_name(db, "会师镇", NULL, code, &err), REG_OK);
    test_unit_create(db, "620422202200", "会师镇", "village", "620422202");
    assert_int_equal(reg_unit_find_by_name(db, "会师镇", NULL, code, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "name_ambiguous");
    reg_close(db);
}

static void test_create_db_rules(void **state)
{
    (void)state;
    reg_db *db = new_db("rules.db");
    test_seed_units(db);
    long long audits = query_int(db, "SELECT count(*) FROM audit_log");
    reg_error err = {0};
    reg_unit_input dup = {"620422100", "又一个镇", "town", "620422", NULL};
    assert_int_equal(reg_unit_create(db, "tester", &dup, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "duplicate_code");
    reg_unit_input orphan = {"620422101200", "某村", "village", "620422101", NULL};
    assert_int_equal(reg_unit_create(db, "tester", &orphan, &err), REG_ERULE);
    assert_string_equal(err.code, "parent_missing");
    assert_string_equal(err.field, "parent_code");
    reg_unit_input no_actor = {"620422101", "某镇", "town", "620422", NULL};
    assert_int_equal(reg_unit_create(db, "", &no_actor, &err), REG_EINVAL);
    assert_string_equal(err.code, "actor_invalid");
    assert_int_equal(reg_unit_create(db, NULL, &no_actor, &err), REG_EINVAL);
    /* A stored parent whose level does not fit (hand-edited data). */
    assert_int_equal(sqlite3_exec(reg_sqlite(db),
                                  "INSERT INTO units (code, name, level, parent_code, valid_from)"
                                  " VALUES ('620422150', '错级', 'county', '620422', '2020-01-01')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    reg_unit_input wrong = {"620422150200", "某村", "village", "620422150", NULL};
    assert_int_equal(reg_unit_create(db, "tester", &wrong, &err), REG_ERULE);
    assert_string_equal(err.code, "parent_level");
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits);
    reg_close(db);
}

static void test_upsert(void **state)
{
    (void)state;
    reg_db *db = new_db("upsert.db");
    test_seed_units(db);
    reg_error err = {0};
    char outcome = 0;
    reg_unit_input in = {"620422204", "党家岘乡", "township", "620422", NULL};
    assert_int_equal(reg_unit_upsert(db, "import", &in, &outcome, &err), REG_OK);
    assert_int_equal(outcome, 'i');
    json_t *e = audit_last(db);
    assert_string_equal(json_string_value(json_object_get(e, "action")), "create");
    json_decref(e);

    long long audits = query_int(db, "SELECT count(*) FROM audit_log");
    long long rev = query_int(db, "SELECT value FROM meta WHERE key = 'units_revision'");
    assert_int_equal(reg_unit_upsert(db, "import", &in, &outcome, &err), REG_OK);
    assert_int_equal(outcome, '=');
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits);
    assert_int_equal(query_int(db, "SELECT value FROM meta WHERE key = 'units_revision'"), rev);
    /* The same name in full width is the same name after NFKC. */
    reg_unit_input narrow = {"620422100201", "南十里铺村1组", "village", "620422100", NULL};
    assert_int_equal(reg_unit_upsert(db, "import", &narrow, &outcome, &err), REG_OK);
    assert_int_equal(outcome, 'i');
    reg_unit_input wide = {"620422100201", "南十里铺村１组", "village", "620422100", NULL};
    assert_int_equal(reg_unit_upsert(db, "import", &wide, &outcome, &err), REG_OK);
    assert_int_equal(outcome, '=');
    assert_int_equal(reg_unit_upsert(db, "import", &wide, NULL, &err), REG_OK);

    reg_unit_input renamed = {"620422204", "党家岘镇", "township", "620422", NULL};
    assert_int_equal(reg_unit_upsert(db, "import", &renamed, &outcome, &err), REG_OK);
    assert_int_equal(outcome, 'u');
    e = audit_last(db);
    assert_string_equal(json_string_value(json_object_get(e, "action")), "rename");
    assert_string_equal(json_string_value(json_object_get(e, "actor")), "import");
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "before"), "name")),
                        "党家岘乡");
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "after"), "name")),
                        "党家岘镇");
    json_decref(e);
    json_t *u = NULL;
    assert_int_equal(reg_unit_get(db, "620422204", 0, &u, &err), REG_OK);
    json_t *former = json_object_get(u, "former_names");
    assert_int_equal(json_array_size(former), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(former, 0), "name")),
                        "党家岘乡");
    char today[REG_DATE_BUF];
    reg_today(today);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(former, 0), "valid_to")), today);
    json_decref(u);

    reg_unit_input bad = {"620422204", "党家岘乡", "town", "620422", NULL};
    assert_int_equal(reg_unit_upsert(db, "import", &bad, &outcome, &err), REG_ERULE);
    assert_string_equal(err.code, "code_suffix_range");
    reg_close(db);
}

static void test_update_rename_retire(void **state)
{
    (void)state;
    reg_db *db = new_db("update.db");
    test_seed_units(db);
    reg_error err = {0};
    reg_unit_patch p = {.name = "新添镇", .change_date = "2021-06-01"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422202", &p, &err), REG_OK);
    reg_unit_patch p2 = {.name = "新添堡镇", .change_date = "2022-03-01"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422202", &p2, &err), REG_OK);
    json_t *u = NULL;
    assert_int_equal(reg_unit_get(db, "620422202", 0, &u, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(u, "name")), "新添堡镇");
    json_t *former = json_object_get(u, "former_names");
    assert_int_equal(json_array_size(former), 2);
    json_t *f0 = json_array_get(former, 0), *f1 = json_array_get(former, 1);
    assert_string_equal(json_string_value(json_object_get(f0, "name")), "新添堡回族乡");
    assert_string_equal(json_string_value(json_object_get(f0, "valid_from")), "2020-01-01");
    assert_string_equal(json_string_value(json_object_get(f0, "valid_to")), "2021-06-01");
    assert_string_equal(json_string_value(json_object_get(f1, "name")), "新添镇");
    assert_string_equal(json_string_value(json_object_get(f1, "valid_from")), "2021-06-01");
    assert_string_equal(json_string_value(json_object_get(f1, "valid_to")), "2022-03-01");
    json_decref(u);
    json_t *e = audit_last(db);
    assert_string_equal(json_string_value(json_object_get(e, "action")), "rename");
    assert_string_equal(json_string_value(json_object_get(e, "actor")), "clerk");
    assert_string_equal(json_string_value(json_object_get(e, "entity")), "unit");
    assert_string_equal(json_string_value(json_object_get(e, "entity_id")), "620422202");
    json_decref(e);

    /* A change date before the current name's start is refused. */
    reg_unit_patch early = {.name = "别名", .change_date = "2022-01-01"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422202", &early, &err), REG_ERULE);
    assert_string_equal(err.code, "date_order");
    reg_unit_patch bad_date = {.name = "别名", .change_date = "2022-02-30"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422202", &bad_date, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_date");
    reg_unit_patch empty = {0};
    assert_int_equal(reg_unit_update(db, "clerk", "620422202", &empty, &err), REG_EINVAL);
    assert_string_equal(err.code, "patch_empty");
    assert_int_equal(reg_unit_update(db, "clerk", "620422299", &p, &err), REG_ENOTFOUND);

    /* Same name: nothing written. */
    long long audits = query_int(db, "SELECT count(*) FROM audit_log");
    reg_unit_patch same = {.name = "新添堡镇"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422202", &same, &err), REG_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits);

    /* Retire the village and the township. */
    reg_unit_patch before_start = {.valid_to = "2019-12-31"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422100200", &before_start, &err),
                     REG_ERULE);
    assert_string_equal(err.code, "date_order");
    reg_unit_patch retire = {.valid_to = "2023-01-01"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422100200", &retire, &err), REG_OK);
    e = audit_last(db);
    assert_string_equal(json_string_value(json_object_get(e, "action")), "retire");
    assert_true(json_is_null(json_object_get(json_object_get(e, "before"), "valid_to")));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(e, "after"), "valid_to")),
        "2023-01-01");
    json_decref(e);
    assert_int_equal(reg_unit_update(db, "clerk", "620422202", &retire, &err), REG_OK);

    json_t *list = NULL;
    assert_int_equal(reg_units_list(db, "620422100", NULL, 0, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 1); /* the community only */
    json_decref(list);
    assert_int_equal(reg_units_list(db, "620422100", NULL, 1, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 2);
    json_decref(list);
    assert_int_equal(reg_unit_get(db, "620422100", 0, &u, &err), REG_OK);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(u, "children"), "total")), 1);
    json_decref(u);

    /* A retired parent takes no children; a retired code is never reused. */
    reg_unit_input child = {"620422202200", "某村", "village", "620422202", NULL};
    assert_int_equal(reg_unit_create(db, "clerk", &child, &err), REG_ERULE);
    assert_string_equal(err.code, "parent_retired");
    reg_unit_input reuse = {"620422100200", "新村", "village", "620422100", NULL};
    assert_int_equal(reg_unit_create(db, "clerk", &reuse, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "duplicate_code");
    char code[13];
    assert_int_equal(reg_unit_find_by_name(db, "高家庄村民委员会", NULL, code, &err),
                     REG_ENOTFOUND);
    reg_close(db);
}

static void test_geometry(void **state)
{
    (void)state;
    reg_db *db = new_db("geom.db");
    test_seed_units(db);
    reg_error err = {0};
    GEOSGeometry *sq = test_wkt(db, "POLYGON((105 35.5, 105.1 35.5, 105.1 35.6, 105 35.6, 105 35.5))");
    char outcome = 0;
    assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422100", sq, &outcome, &err),
                     REG_OK);
    assert_int_equal(outcome, 'u');
    /* The same polygon again (also as a MultiPolygon) writes nothing. */
    long long audits = query_int(db, "SELECT count(*) FROM audit_log");
    assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422100", sq, &outcome, &err),
                     REG_OK);
    assert_int_equal(outcome, '=');
    test_free_geom(db, sq);
    sq = test_wkt(db, "MULTIPOLYGON(((105 35.5, 105.1 35.5, 105.1 35.6, 105 35.6, 105 35.5)))");
    assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422100", sq, &outcome, &err),
                     REG_OK);
    assert_int_equal(outcome, '=');
    test_free_geom(db, sq);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits);
    json_t *u = NULL;
    assert_int_equal(reg_unit_get(db, "620422100", 1, &u, &err), REG_OK);
    assert_true(json_is_true(json_object_get(u, "has_geometry")));
    json_t *g = json_object_get(u, "geometry");
    assert_string_equal(json_string_value(json_object_get(g, "type")), "MultiPolygon");
    json_t *ring = json_array_get(json_array_get(json_object_get(g, "coordinates"), 0), 0);
    assert_int_equal(json_array_size(ring), 5);
    double x = json_number_value(json_array_get(json_array_get(ring, 0), 0));
    double y = json_number_value(json_array_get(json_array_get(ring, 0), 1));
    assert_true(x >= 105.0 - 1e-9 && x <= 105.1 + 1e-9 && y >= 35.5 - 1e-9 && y <= 35.6 + 1e-9);
    json_decref(u);
    assert_int_equal(query_int(db, "SELECT count(*) FROM idx_units_geom"), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units WHERE ROWID IN (SELECT ROWID"
                                   " FROM SpatialIndex WHERE f_table_name = 'units' AND"
                                   " search_frame = BuildMbr(105.04, 35.54, 105.06, 35.56))"),
                     1);

    json_t *e = audit_last(db);
    assert_string_equal(json_string_value(json_object_get(e, "action")), "set_geometry");
    assert_true(json_is_null(json_object_get(json_object_get(e, "before"), "geometry")));
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_object_get(e, "after"), "geometry"), "type")),
                        "MultiPolygon");
    json_decref(e);

    /* Refused geometries leave no trace. */
    audits = query_int(db, "SELECT count(*) FROM audit_log");
    struct {
        const char *wkt;
        int srid;
        const char *code;
    } bad[] = {
        {"POLYGON((105 35, 105.1 35.1, 105.1 35, 105 35.1, 105 35))", 4490, "geometry_invalid"},
        {"LINESTRING(105 35, 105.1 35.1)", 4490, "geometry_type"},
        {"POLYGON EMPTY", 4490, "geometry_empty"},
        {"POLYGON((500000 3900000, 501000 3900000, 501000 3901000, 500000 3900000))", 4544,
         "geometry_srid"},
        {"POLYGON((200 35, 201 35, 201 36, 200 35))", 4490, "geometry_range"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        GEOSGeometry *b = test_wkt(db, bad[i].wkt);
        GEOSSetSRID_r(geo_ctx_geos(reg_geo(db)), b, bad[i].srid);
        assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422202", b, NULL, &err),
                         REG_EINVAL);
        assert_string_equal(err.code, bad[i].code);
        assert_string_equal(err.field, "geometry");
        test_free_geom(db, b);
    }
    assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422202", NULL, NULL, &err),
                     REG_EINVAL);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units WHERE geom IS NOT NULL"), 1);

    /* Several kinds at once are one "update"; clearing is "set_geometry". */
    reg_unit_patch both = {.name = "会师镇新", .clear_geometry = 1};
    assert_int_equal(reg_unit_update(db, "surveyor", "620422100", &both, &err), REG_OK);
    e = audit_last(db);
    assert_string_equal(json_string_value(json_object_get(e, "action")), "update");
    json_decref(e);
    assert_int_equal(query_int(db, "SELECT count(*) FROM idx_units_geom"), 0);
    GEOSGeometry *sq2 = test_wkt(db, "POLYGON((105 35.5, 105.1 35.5, 105.1 35.6, 105 35.5))");
    reg_unit_patch conflict = {.geometry = sq2, .clear_geometry = 1};
    assert_int_equal(reg_unit_update(db, "surveyor", "620422100", &conflict, &err), REG_EINVAL);
    assert_string_equal(err.code, "geometry_conflict");
    test_free_geom(db, sq2);
    reg_close(db);
}

/* ---- audit --------------------------------------------------------------- */

static void test_audit_list(void **state)
{
    (void)state;
    reg_db *db = new_db("audit.db");
    test_seed_units(db);
    reg_error err = {0};
    json_t *all = audit_all(db);
    assert_int_equal(json_array_size(all), 7); /* one per write */
    json_t *first = json_array_get(all, 0);
    assert_string_equal(json_string_value(json_object_get(first, "action")), "create");
    assert_string_equal(json_string_value(json_object_get(first, "actor")), "tester");
    assert_string_equal(json_string_value(json_object_get(first, "entity")), "unit");
    assert_string_equal(json_string_value(json_object_get(first, "entity_id")), "62");
    assert_true(json_is_null(json_object_get(first, "before")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(first, "after"), "name")),
                        "甘肃省");
    const char *at = json_string_value(json_object_get(first, "at"));
    assert_int_equal(strlen(at), 24); /* YYYY-MM-DDTHH:MM:SS.mmmZ */
    assert_int_equal(at[10], 'T');
    assert_int_equal(at[19], '.');
    assert_int_equal(at[23], 'Z');
    long second_id = (long)json_integer_value(json_object_get(json_array_get(all, 1), "id"));
    json_decref(all);

    json_t *list = NULL;
    assert_int_equal(reg_audit_list(db, "unit", "620422100", NULL, 0, 0, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 1);
    json_decref(list);
    assert_int_equal(reg_audit_list(db, "token", NULL, NULL, 0, 0, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    assert_int_equal(reg_audit_list(db, NULL, NULL, NULL, second_id, 2, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")),
                     second_id + 1);
    json_decref(list);
    assert_int_equal(reg_audit_list(db, NULL, NULL, "2000-01-01", 0, 5000, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 7);
    json_decref(list);
    assert_int_equal(reg_audit_list(db, NULL, NULL, "9999-01-01T00:00:00+08:00", 0, 10, &list,
                                    &err),
                     REG_OK);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    assert_int_equal(reg_audit_list(db, NULL, NULL, "yesterday", 0, 10, &list, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_time");
    assert_null(list);
    /* Bound, not spliced. */
    assert_int_equal(reg_audit_list(db, "unit' OR '1'='1", NULL, NULL, 0, 10, &list, &err),
                     REG_OK);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    reg_close(db);
}

/* ---- transactions -------------------------------------------------------- */

static void test_tx_failed_write_leaves_nothing(void **state)
{
    (void)state;
    reg_db *db = new_db("tx.db");
    test_seed_units(db);
    reg_error err = {0};
    long long units = query_int(db, "SELECT count(*) FROM units");
    long long audits = query_int(db, "SELECT count(*) FROM audit_log");
    long long rev = query_int(db, "SELECT value FROM meta WHERE key = 'units_revision'");

    /* Inside a transaction: the failed write undoes only itself. */
    assert_int_equal(reg_tx_begin(db, &err), REG_OK);
    assert_int_equal(reg_tx_begin(db, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "tx_open");
    test_unit_create(db, "620422204", "党家岘乡", "township", "620422");
    reg_unit_input bad = {"620422204200", "某村", "village", "620422205", NULL};
    assert_int_equal(reg_unit_create(db, "tester", &bad, &err), REG_ERULE);
    reg_unit_input orphan = {"620422205200", "某村", "village", "620422205", NULL};
    assert_int_equal(reg_unit_create(db, "tester", &orphan, &err), REG_ERULE);
    assert_string_equal(err.code, "parent_missing");
    GEOSGeometry *bow = test_wkt(db, "POLYGON((105 35, 105.1 35.1, 105.1 35, 105 35.1, 105 35))");
    assert_int_equal(reg_unit_set_geometry(db, "tester", "620422204", bow, NULL, &err), REG_EINVAL);
    test_free_geom(db, bow);
    test_unit_create(db, "620422204200", "某村", "village", "620422204");
    assert_int_equal(reg_tx_commit(db, &err), REG_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), units + 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits + 2);
    assert_int_equal(query_int(db, "SELECT value FROM meta WHERE key = 'units_revision'"),
                     rev + 2);
    assert_int_equal(reg_tx_commit(db, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "tx_none");

    /* A rolled-back transaction leaves nothing. */
    assert_int_equal(reg_tx_begin(db, &err), REG_OK);
    test_unit_create(db, "620422213", "八里湾乡", "township", "620422");
    reg_unit_patch p = {.name = "八里湾镇"};
    assert_int_equal(reg_unit_update(db, "tester", "620422213", &p, &err), REG_OK);
    reg_tx_rollback(db);
    reg_tx_rollback(db); /* no-op */
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), units + 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM unit_names"), 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits + 2);

    /* On its own, a failed write leaves nothing either. */
    assert_int_equal(reg_unit_create(db, "tester", &orphan, &err), REG_ERULE);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), units + 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits + 2);
    assert_int_equal(query_int(db, "SELECT value FROM meta WHERE key = 'units_revision'"),
                     rev + 2);
    reg_close(db);
}

/* Loads data/huining/admin_units.csv (code,name,level,parent_code; no
 * quoting in this file) with reg_unit_upsert in one transaction. */
static void test_load_huining(void **state)
{
    (void)state;
    const char *data = getenv("DIMING_DATA");
    if (!data)
        data = "data";
    char path[512];
    snprintf(path, sizeof path, "%s/huining/admin_units.csv", data);
    FILE *f = fopen(path, "r");
    if (!f)
        print_error("cannot open %s (set DIMING_DATA)\n", path);
    assert_non_null(f);
    reg_db *db = new_db("huining.db");
    reg_error err = {0};
    char line[512];
    int rows = 0;
    double t0 = now_s();
    assert_int_equal(reg_tx_begin(db, &err), REG_OK);
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[4] = {NULL, NULL, NULL, NULL};
        char *s = line;
        for (int i = 0; i < 4; i++) {
            fields[i] = s;
            char *comma = strchr(s, ',');
            if (!comma)
                break;
            *comma = '\0';
            s = comma + 1;
        }
        reg_unit_input in = {fields[0], fields[1], fields[2], fields[3], "2022-10-31"};
        char outcome = 0;
        int rc = reg_unit_upsert(db, "test-import", &in, &outcome, &err);
        if (rc != REG_OK)
            print_error("%s: %s %s\n", fields[0], err.code, err.message_en);
        assert_int_equal(rc, REG_OK);
        assert_int_equal(outcome, 'i');
        rows++;
    }
    fclose(f);
    assert_int_equal(reg_tx_commit(db, &err), REG_OK);
    print_message("  loaded %d units in %.3f s\n", rows, now_s() - t0);
    assert_int_equal(rows, 353);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 353);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units WHERE level IN"
                                   " ('town', 'township', 'subdistrict')"), 28);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units WHERE level IN"
                                   " ('community', 'village')"), 322);
    assert_int_equal(query_int(db, "SELECT count(*) FROM units WHERE level = 'community'"), 38);
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), 353);

    json_t *u = NULL;
    assert_int_equal(reg_unit_get(db, "620422", 0, &u, &err), REG_OK);
    json_t *children = json_object_get(u, "children");
    assert_int_equal(json_integer_value(json_object_get(children, "total")), 28);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(children, "by_level"),
                                                        "town")), 24);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(children, "by_level"),
                                                        "township")), 4);
    json_decref(u);
    json_t *list = NULL;
    assert_int_equal(reg_units_list(db, NULL, "village_level", 0, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 322);
    json_decref(list);
    char code[13];
    assert_int_equal(reg_unit_find_by_name(db, "八里湾乡", "township_level", code, &err), REG_OK);
    assert_string_equal(code, "620422213");
    /* A name used twice in the county (李家湾村民委员会). */
    assert_int_equal(reg_unit_find_by_name(db, "李家湾村民委员会", "village", code, &err),
                     REG_ECONFLICT);

    /* Loading again changes nothing. */
    long long audits = query_int(db, "SELECT count(*) FROM audit_log");
    char outcome = 0;
    reg_unit_input again = {"620422213", "八里湾乡", "township", "620422", NULL};
    assert_int_equal(reg_unit_upsert(db, "test-import", &again, &outcome, &err), REG_OK);
    assert_int_equal(outcome, '=');
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits);
    reg_close(db);
}

/* ---- locator --------------------------------------------------------------- */

static void test_locate(void **state)
{
    (void)state;
    reg_db *db = new_db("locate.db");
    test_seed_units(db);
    reg_error err = {0};
    json_t *u = NULL;
    assert_int_equal(reg_locate(db, 105.05, 35.55, &u, &err), REG_ENOTFOUND);
    assert_string_equal(err.code, "not_located");

    GEOSGeometry *sq = test_wkt(db, "POLYGON((105 35.5, 105.1 35.5, 105.1 35.6, 105 35.6, 105 35.5))");
    assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422202", sq, NULL, &err),
                     REG_OK);
    test_free_geom(db, sq);
    assert_int_equal(reg_locate(db, 105.05, 35.55, &u, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(u, "code")), "620422202");
    assert_string_equal(json_string_value(json_object_get(u, "name")), "新添堡回族乡");
    assert_int_equal(json_array_size(json_object_get(u, "chain")), 3);
    assert_null(json_object_get(u, "geometry"));
    json_decref(u);
    u = NULL;
    assert_int_equal(reg_locate(db, 105.2, 35.55, &u, &err), REG_ENOTFOUND);
    assert_null(u);
    assert_int_equal(reg_locate(db, 181, 35, &u, &err), REG_EINVAL);
    assert_string_equal(err.code, "coordinate_range");
    assert_int_equal(reg_locate(db, 105, -91, &u, &err), REG_EINVAL);

    /* The polygon moves east: the locator rebuilds. */
    GEOSGeometry *moved = test_wkt(db, "POLYGON((105.15 35.5, 105.25 35.5, 105.25 35.6, 105.15 35.6,"
                                  " 105.15 35.5))");
    assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422202", moved, NULL, &err),
                     REG_OK);
    test_free_geom(db, moved);
    assert_int_equal(reg_locate(db, 105.05, 35.55, &u, &err), REG_ENOTFOUND);
    assert_int_equal(reg_locate(db, 105.2, 35.55, &u, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(u, "code")), "620422202");
    json_decref(u);

    /* A second town next to it; villages' polygons are not used. */
    GEOSGeometry *west = test_wkt(db, "POLYGON((105 35.5, 105.15 35.5, 105.15 35.6, 105 35.6,"
                                 " 105 35.5))");
    assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422100", west, NULL, &err),
                     REG_OK);
    assert_int_equal(reg_unit_set_geometry(db, "surveyor", "620422100200", west, NULL, &err),
                     REG_OK);
    test_free_geom(db, west);
    assert_int_equal(reg_locate(db, 105.05, 35.55, &u, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(u, "code")), "620422100");
    json_decref(u);

    /* A rolled-back change does not leave a stale locator behind. */
    assert_int_equal(reg_tx_begin(db, &err), REG_OK);
    reg_unit_patch clear = {.clear_geometry = 1};
    assert_int_equal(reg_unit_update(db, "surveyor", "620422100", &clear, &err), REG_OK);
    assert_int_equal(reg_locate(db, 105.05, 35.55, &u, &err), REG_ENOTFOUND);
    reg_tx_rollback(db);
    /* Another write brings the revision back to the number the rolled-back
     * locator was built at. */
    reg_unit_patch rename = {.name = "高家庄村"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422100200", &rename, &err), REG_OK);
    assert_int_equal(reg_locate(db, 105.05, 35.55, &u, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(u, "code")), "620422100");
    json_decref(u);

    /* A second connection sees the first one's writes through the revision. */
    char path[512];
    snprintf(path, sizeof path, "%s/locate.db", test_tmpdir);
    reg_db *db2 = NULL;
    assert_int_equal(reg_open(path, 0, &db2, &err), REG_OK);
    assert_int_equal(reg_locate(db2, 105.05, 35.55, &u, &err), REG_OK);
    json_decref(u);

    /* Retired units leave the locator. */
    reg_unit_patch retire = {.valid_to = "2021-01-01"};
    assert_int_equal(reg_unit_update(db, "clerk", "620422100", &retire, &err), REG_OK);
    assert_int_equal(reg_locate(db, 105.05, 35.55, &u, &err), REG_ENOTFOUND);
    assert_int_equal(reg_locate(db2, 105.05, 35.55, &u, &err), REG_ENOTFOUND);
    assert_int_equal(reg_locate(db2, 105.2, 35.55, &u, &err), REG_OK);
    json_decref(u);
    reg_close(db2);
    reg_close(db);
}

/* ---- tokens ---------------------------------------------------------------- */

/* 1 if needle occurs in the file at path. */
static int file_contains(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t cap = 1 << 20, n = 0, len = strlen(needle);
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    int found = 0;
    for (size_t i = 0; !found && i + len <= n; i++)
        found = memcmp(buf + i, needle, len) == 0;
    free(buf);
    return found;
}

static void test_tokens(void **state)
{
    (void)state;
    reg_db *db = new_db("tokens.db");
    char path[512];
    snprintf(path, sizeof path, "%s/tokens.db", test_tmpdir);
    reg_error err = {0};
    char token[64], small[16];
    assert_int_equal(reg_token_create(db, "admin", "field-team.1", REG_ROLE_INSPECTOR, small,
                                      sizeof small, &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "buffer_too_small");
    assert_int_equal(reg_token_create(db, "admin", "field-team.1", REG_ROLE_INSPECTOR, token,
                                      sizeof token, &err),
                     REG_OK);
    assert_int_equal(strlen(token), 43);
    for (const char *c = token; *c; c++)
        assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                               *c));
    char other[64];
    assert_int_equal(reg_token_create(db, "admin", "office_A", REG_ROLE_ADMIN, other,
                                      sizeof other, &err),
                     REG_OK);
    assert_string_not_equal(token, other);

    char name[65];
    reg_role role;
    assert_int_equal(reg_token_check(db, token, name, sizeof name, &role, &err), REG_OK);
    assert_string_equal(name, "field-team.1");
    assert_int_equal(role, REG_ROLE_INSPECTOR);
    assert_int_equal(reg_token_check(db, other, name, sizeof name, &role, &err), REG_OK);
    assert_string_equal(name, "office_A");
    assert_int_equal(role, REG_ROLE_ADMIN);
    char wrong[64];
    strcpy(wrong, token);
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    assert_int_equal(reg_token_check(db, wrong, name, sizeof name, &role, &err), REG_EAUTH);
    assert_string_equal(err.code, "token_invalid");
    assert_int_equal(reg_token_check(db, "short", name, sizeof name, &role, &err), REG_EAUTH);
    assert_int_equal(reg_token_check(db, NULL, name, sizeof name, &role, &err), REG_EAUTH);

    /* Only the SHA-256 is stored. */
    uint8_t digest[SHA256_DIGEST_SIZE];
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(token), (const uint8_t *)token);
    sha256_digest(&ctx, sizeof digest, digest);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(reg_sqlite(db),
                                        "SELECT sha256 FROM api_tokens WHERE name = 'field-team.1'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_bytes(st, 0), 32);
    assert_memory_equal(sqlite3_column_blob(st, 0), digest, 32);
    sqlite3_finalize(st);
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    assert_false(file_contains(path, token));
    assert_false(file_contains(wal, token));
    assert_true(file_contains(wal, "field-team.1") || file_contains(path, "field-team.1"));

    json_t *list = NULL;
    assert_int_equal(reg_token_list(db, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 2);
    json_t *t0 = json_array_get(list, 0);
    assert_string_equal(json_string_value(json_object_get(t0, "name")), "field-team.1");
    assert_string_equal(json_string_value(json_object_get(t0, "role")), "inspector");
    assert_non_null(json_string_value(json_object_get(t0, "created_at")));
    assert_true(json_is_null(json_object_get(t0, "revoked_at")));
    assert_int_equal(json_object_size(t0), 4);
    json_decref(list);

    /* Revoke: refused afterwards; the name is never given out again. */
    assert_int_equal(reg_token_revoke(db, "admin", "field-team.1", &err), REG_OK);
    assert_int_equal(reg_token_check(db, token, name, sizeof name, &role, &err), REG_EAUTH);
    assert_int_equal(reg_token_check(db, other, name, sizeof name, &role, &err), REG_OK);
    assert_int_equal(reg_token_revoke(db, "admin", "field-team.1", &err), REG_ECONFLICT);
    assert_string_equal(err.code, "token_revoked");
    assert_int_equal(reg_token_revoke(db, "admin", "nobody", &err), REG_ENOTFOUND);
    assert_string_equal(err.code, "token_not_found");
    assert_int_equal(reg_token_create(db, "admin", "field-team.1", REG_ROLE_STAFF, token,
                                      sizeof token, &err),
                     REG_ECONFLICT);
    assert_string_equal(err.code, "token_name_taken");
    const char *bad_names[] = {"", "has space", "名字", "a/b",
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        assert_int_equal(reg_token_create(db, "admin", bad_names[i], REG_ROLE_STAFF, token,
                                          sizeof token, &err),
                         REG_EINVAL);
        assert_string_equal(err.code, "token_name_invalid");
    }
    assert_int_equal(reg_token_create(db, "admin", "x", (reg_role)9, token, sizeof token, &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "bad_role");

    /* Audited, without secrets. */
    json_t *audit = NULL;
    assert_int_equal(reg_audit_list(db, "token", NULL, NULL, 0, 100, &audit, &err), REG_OK);
    assert_int_equal(json_array_size(audit), 3);
    json_t *created = json_array_get(audit, 0);
    assert_string_equal(json_string_value(json_object_get(created, "action")), "token_create");
    assert_string_equal(json_string_value(json_object_get(created, "actor")), "admin");
    assert_null(json_object_get(json_object_get(created, "after"), "sha256"));
    json_t *revoked = json_array_get(audit, 2);
    assert_string_equal(json_string_value(json_object_get(revoked, "action")), "token_revoke");
    assert_true(json_is_null(json_object_get(json_object_get(revoked, "before"), "revoked_at")));
    assert_true(json_is_string(json_object_get(json_object_get(revoked, "after"), "revoked_at")));
    json_decref(audit);
    reg_close(db);
    assert_false(file_contains(path, other));
    assert_false(file_contains(wal, other));
}

/* ---- main ---------------------------------------------------------------- */



int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_rules),
        cmocka_unit_test(test_levels_and_roles),
        cmocka_unit_test(test_names_nfkc),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_error_set_truncates),
        cmocka_unit_test(test_open_init),
        cmocka_unit_test(test_newer_refused),
        cmocka_unit_test(test_not_registry),
        cmocka_unit_test(test_migrate_v1_to_v2),
        cmocka_unit_test(test_migrate_v6_to_v7),
        cmocka_unit_test(test_migrate_v8_to_v9),
        cmocka_unit_test(test_create_and_get),
        cmocka_unit_test(test_create_db_rules),
        cmocka_unit_test(test_upsert),
        cmocka_unit_test(test_update_rename_retire),
        cmocka_unit_test(test_geometry),
        cmocka_unit_test(test_audit_list),
        cmocka_unit_test(test_tx_failed_write_leaves_nothing),
        cmocka_unit_test(test_load_huining),
        cmocka_unit_test(test_locate),
        cmocka_unit_test(test_tokens),
    };
    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
