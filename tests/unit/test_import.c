/* Unit tests of the import module: the CSV reader and the units import's
 * all-or-nothing, rejects and idempotence rules on a real registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <iconv.h>

#include <cmocka.h>

#include "support.h"

#include "import.h"
#include "../../import/import_csv.h"


/* Writes text to a file in the test's temp dir; returns its path (static). */
static const char *write_file(const char *name, const char *text, size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

/* Counts units through the registry's list. */
static size_t count_units(reg_db *db)
{
    json_t *list = NULL;
    reg_error err = {0};
    assert_int_equal(reg_units_list(db, NULL, NULL, 1, &list, &err), REG_OK);
    size_t n = json_array_size(list);
    json_decref(list);
    return n;
}

static void test_csv_quotes_bom_crlf(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF" "a,b,c\r\n"
                               "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
                               "2,\"two\nlines\",z\n"
                               "3,,\n";
    const char *path = write_file("q.csv", text, sizeof text - 1);
    import_csv *r = NULL;
    char err[256];
    assert_int_equal(import_csv_open(path, &r, err, sizeof err), 0);
    char **f;
    size_t n;
    long line;
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(n, 3);
    assert_string_equal(f[0], "a"); /* BOM skipped */
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(line, 2);
    assert_string_equal(f[1], "x, y");
    assert_string_equal(f[2], "say \"hi\"");
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(line, 3);
    assert_string_equal(f[1], "two\nlines");
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(line, 5);
    assert_int_equal(n, 3);
    assert_string_equal(f[2], "");
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 0);
    import_csv_close(r);
}

static void test_csv_errors(void **state)
{
    (void)state;
    /* 会 in GBK is 0xBB 0xE1: not valid UTF-8. */
    static const char gbk[] = "code,name\n1,\xBB\xE1\n2,ok\n";
    const char *path = write_file("gbk.csv", gbk, sizeof gbk - 1);
    import_csv *r = NULL;
    char err[256];
    char **f;
    size_t n;
    long line;
    /* Read as UTF-8 by mistake: the row is reported, reading goes on. */
    assert_int_equal(import_csv_open_encoding(path, IMPORT_ENC_UTF8, &r, err, sizeof err), 0);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), -1);
    assert_non_null(strstr(err, "UTF-8"));
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_string_equal(f[1], "ok");
    import_csv_close(r);

    static const char open_quote[] = "a,b\n1,\"never closed\n";
    path = write_file("open.csv", open_quote, sizeof open_quote - 1);
    assert_int_equal(import_csv_open(path, &r, err, sizeof err), 0);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), -1);
    assert_non_null(strstr(err, "unterminated"));
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 0);
    import_csv_close(r);

    assert_int_not_equal(import_csv_open("/nonexistent/x.csv", &r, err, sizeof err), 0);
}

/* Converts UTF-8 text to GB18030 with iconv; returns a malloc'd buffer. */
static char *to_gb18030(const char *utf8, size_t *len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in_left = strlen(utf8), cap = in_left * 2 + 16, out_left = cap;
    char *out = malloc(cap), *op = out, *ip = (char *)utf8;
    assert_non_null(out);
    assert_int_not_equal(iconv(cd, &ip, &in_left, &op, &out_left), (size_t)-1);
    iconv_close(cd);
    *len = cap - out_left;
    return out;
}

static void test_csv_gbk_detected(void **state)
{
    (void)state;
    size_t len;
    char *gbk = to_gb18030("code,name\n1,会宁县\n2,\"郭城驿镇,逗号\"\n", &len);
    const char *path = write_file("gbk2.csv", gbk, len);
    free(gbk);
    import_csv *r = NULL;
    char err[256], **f;
    size_t n;
    long line;
    assert_int_equal(import_csv_open(path, &r, err, sizeof err), 0);
    assert_int_equal(import_csv_encoding(r), IMPORT_ENC_GB18030);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_string_equal(f[1], "会宁县");
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_string_equal(f[1], "郭城驿镇,逗号");
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 0);
    import_csv_close(r);

    /* A UTF-8 file with a BOM stays UTF-8. */
    static const char bom[] = "\xEF\xBB\xBF" "a\n会\n";
    path = write_file("bom.csv", bom, sizeof bom - 1);
    assert_int_equal(import_csv_open(path, &r, err, sizeof err), 0);
    assert_int_equal(import_csv_encoding(r), IMPORT_ENC_UTF8);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_string_equal(f[0], "a");
    import_csv_close(r);

    /* A byte sequence invalid in GB18030 too is reported on its row. */
    static const char bad[] = "a,b\n1,\x81\n2,ok\n";
    path = write_file("badgb.csv", bad, sizeof bad - 1);
    assert_int_equal(import_csv_open(path, &r, err, sizeof err), 0);
    assert_int_equal(import_csv_encoding(r), IMPORT_ENC_GB18030);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), -1);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_string_equal(f[1], "ok");
    import_csv_close(r);

    import_encoding e;
    assert_int_equal(import_encoding_parse("GBK", &e), 0);
    assert_int_equal(e, IMPORT_ENC_GB18030);
    assert_int_equal(import_encoding_parse("latin1", &e), -1);
}

static void test_csv_write_quotes(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/w.csv", test_tmpdir);
    FILE *f = fopen(path, "wb");
    const char *row[] = {"plain", "a,b", "say \"x\"", "two\nlines"};
    assert_int_equal(import_csv_write(f, row, 4), 0);
    fclose(f);
    import_csv *r = NULL;
    char err[256], **got;
    size_t n;
    long line;
    assert_int_equal(import_csv_open(path, &r, err, sizeof err), 0);
    assert_int_equal(import_csv_next(r, &got, &n, &line, err, sizeof err), 1);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(got[i], row[i]);
    import_csv_close(r);
}

static const char good_units[] =
    "code,name,level,parent_code\n"
    "620422100,会师镇,town,620422\n" /* child before parents: order must not matter */
    "62,甘肃省,province,\n"
    "6204,白银市,city,62\n"
    "620422,会宁县,county,6204\n"
    "620422100001,东关社区居民委员会,community,620422100\n";

static void test_units_import_and_reimport(void **state)
{
    (void)state;
    reg_db *db = test_new_db("good.db");
    const char *path = write_file("good.csv", good_units, sizeof good_units - 1);
    FILE *report = tmpfile();
    import_options opt = {.actor = "test", .report = report};
    import_summary sum;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 0);
    assert_int_equal(sum.read, 5);
    assert_int_equal(sum.inserted, 5);
    assert_int_equal(count_units(db), 5);
    /* The same file again changes nothing. */
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 0);
    assert_int_equal(sum.inserted, 0);
    assert_int_equal(sum.updated, 0);
    assert_int_equal(sum.unchanged, 5);
    fclose(report);
    reg_close(db);
}

static void test_units_all_or_nothing(void **state)
{
    (void)state;
    static const char bad[] = "code,name,level,parent_code\n"
                              "62,甘肃省,province,\n"
                              "6204,白银市,city,62\n"
                              "620522,别县,county,6204\n"      /* prefix mismatch */
                              "6204,白银市,city,62\n"          /* duplicate in file */
                              "620422,会宁县,county\n";        /* missing field */
    reg_db *db = test_new_db("bad.db");
    const char *path = write_file("bad.csv", bad, sizeof bad - 1);
    char *text = NULL;
    size_t len = 0;
    FILE *report = open_memstream(&text, &len);
    import_options opt = {.actor = "test", .report = report};
    import_summary sum;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 1);
    fclose(report);
    assert_int_equal(sum.rejected, 3);
    assert_int_equal(count_units(db), 0); /* nothing written */
    assert_non_null(strstr(text, "line 4: column code: rule code_prefix_mismatch"));
    assert_non_null(strstr(text, "line 5: column code: rule duplicate_in_file"));
    assert_non_null(strstr(text, "line 6: rule field_count"));
    free(text);

    /* With --rejects the good rows are written and the bad ones kept. */
    char rejects[512];
    snprintf(rejects, sizeof rejects, "%s/rejects.csv", test_tmpdir);
    report = tmpfile();
    opt.report = report;
    opt.rejects_path = rejects;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 0);
    assert_int_equal(sum.inserted, 2);
    assert_int_equal(sum.rejected, 3);
    assert_int_equal(count_units(db), 2);
    fclose(report);
    import_csv *r = NULL;
    char err[256], **f;
    size_t n;
    long line;
    assert_int_equal(import_csv_open(rejects, &r, err, sizeof err), 0);
    assert_int_equal(import_csv_next(r, &f, &n, &line, err, sizeof err), 1);
    assert_int_equal(n, 7);
    assert_string_equal(f[4], "_line");
    int rows = 0, saw_prefix = 0;
    while (import_csv_next(r, &f, &n, &line, err, sizeof err) == 1) {
        rows++;
        if (strcmp(f[5], "code_prefix_mismatch") == 0 && strcmp(f[0], "620522") == 0)
            saw_prefix = 1;
    }
    assert_int_equal(rows, 3);
    assert_true(saw_prefix);
    import_csv_close(r);
    reg_close(db);
}

static void test_units_missing_column_and_dry_run(void **state)
{
    (void)state;
    static const char nocol[] = "code,name,level\n62,甘肃省,province\n";
    reg_db *db = test_new_db("nocol.db");
    const char *path = write_file("nocol.csv", nocol, sizeof nocol - 1);
    FILE *report = tmpfile();
    import_options opt = {.actor = "test", .report = report};
    import_summary sum;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 1);
    path = write_file("good2.csv", good_units, sizeof good_units - 1);
    opt.dry_run = 1;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 0);
    assert_int_equal(sum.inserted, 5);
    assert_int_equal(count_units(db), 0);
    fclose(report);
    reg_close(db);
}

/* The units import reads a GBK file like its UTF-8 twin. */
static void test_units_gbk(void **state)
{
    (void)state;
    size_t len;
    char *gbk = to_gb18030(good_units, &len);
    const char *path = write_file("units-gbk.csv", gbk, len);
    free(gbk);
    reg_db *db = test_new_db("gbk.db");
    char *text = NULL;
    size_t tlen = 0;
    FILE *report = open_memstream(&text, &tlen);
    import_options opt = {.actor = "test", .report = report};
    import_summary sum;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 0);
    assert_int_equal(sum.inserted, 5);
    json_t *unit = NULL;
    reg_error err = {0};
    assert_int_equal(reg_unit_get(db, "620422100", 0, &unit, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(unit, "name")), "会师镇");
    json_decref(unit);
    /* Forced to UTF-8 it is refused row by row, with the hint. */
    reg_close(db);
    db = test_new_db("gbk2.db");
    opt.encoding = "utf-8";
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 1);
    fclose(report);
    assert_non_null(strstr(text, "GB18030"));
    assert_non_null(strstr(text, "not valid UTF-8"));
    free(text);
    assert_int_equal(count_units(db), 0);
    reg_close(db);
}

/* --map names the file's own headings. */
static void test_units_column_map(void **state)
{
    (void)state;
    static const char census[] = "区划代码,名称,级别,上级代码,备注\n"
                                 "62,甘肃省,province,,省\n"
                                 "6204,白银市,city,62,市\n";
    static const char map[] = "column,source\ncode,区划代码\nname,名称\nlevel,级别\n"
                              "parent_code,上级代码\n";
    static const char partial[] = "column,source\ncode,区划代码\n";
    char path[512], map_path[512], partial_path[512];
    snprintf(path, sizeof path, "%s", write_file("census.csv", census, sizeof census - 1));
    snprintf(map_path, sizeof map_path, "%s", write_file("map.csv", map, sizeof map - 1));
    snprintf(partial_path, sizeof partial_path, "%s",
             write_file("partial.csv", partial, sizeof partial - 1));
    reg_db *db = test_new_db("map.db");
    char *text = NULL;
    size_t len = 0;
    FILE *report = open_memstream(&text, &len);
    import_options opt = {.actor = "test", .report = report, .map_path = partial_path};
    import_summary sum;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 1);
    opt.map_path = map_path;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 0);
    fclose(report);
    assert_non_null(strstr(text, "column name: rule missing_column"));
    free(text);
    assert_int_equal(sum.inserted, 2);
    assert_int_equal(count_units(db), 2);
    reg_close(db);
}

/* The real list: 353 units, every rule satisfied. */
static void test_units_real_list(void **state)
{
    (void)state;
    const char *data = getenv("DIMING_DATA");
    assert_non_null(data);
    char path[512];
    snprintf(path, sizeof path, "%s/huining/admin_units.csv", data);
    reg_db *db = test_new_db("real.db");
    import_options opt = {.actor = "test"};
    import_summary sum;
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 0);
    assert_int_equal(sum.inserted, 353);
    assert_int_equal(sum.rejected, 0);
    json_t *list = NULL;
    reg_error err = {0};
    assert_int_equal(reg_units_list(db, "620422", NULL, 0, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 28);
    json_decref(list);
    reg_close(db);
}



int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quotes_bom_crlf),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_csv_gbk_detected),
        cmocka_unit_test(test_csv_write_quotes),
        cmocka_unit_test(test_units_import_and_reimport),
        cmocka_unit_test(test_units_all_or_nothing),
        cmocka_unit_test(test_units_missing_column_and_dry_run),
        cmocka_unit_test(test_units_real_list),
        cmocka_unit_test(test_units_gbk),
        cmocka_unit_test(test_units_column_map),
    };
    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
