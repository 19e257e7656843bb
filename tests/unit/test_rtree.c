/* Unit tests of the packed R*Tree fill (registry/reg_rtree_pack.c): the
 * tree SQLite's own rtreecheck() accepts, every point found by a window
 * query exactly as a scan finds it, trees of every depth, updates through
 * the rtree module afterwards, and refused input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

#include "reg_internal.h"

/* A deterministic pseudo-random number in [0, 1). */
static double next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (double)((*seed >> 8) & 0xFFFFFF) / 16777216.0;
}

/* Runs SQL expecting an integer result. */
static long long query_int(reg_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Asserts rtreecheck('rt') says ok. */
static void assert_tree_ok(reg_db *db)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT rtreecheck('rt')", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
}

/* A database with the table pts(id, x, y) of n points in the county's
 * range (every seventh a copy of the one before: plates share points)
 * and the empty R*Tree rt. */
static reg_db *points_db(const char *name, int n, unsigned seed)
{
    reg_db *db = test_new_db(name);
    assert_non_null(db);
    assert_int_equal(reg_exec(db, "CREATE TABLE pts (id INTEGER PRIMARY KEY, x REAL, y REAL)",
                              NULL), REG_OK);
    assert_int_equal(reg_exec(db, "CREATE VIRTUAL TABLE rt USING rtree(id, xmin, xmax, ymin,"
                                  " ymax)", NULL), REG_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->sql, "INSERT INTO pts (id, x, y) VALUES (?, ?, ?)",
                                        -1, &st, NULL), SQLITE_OK);
    double x = 0, y = 0;
    assert_int_equal(reg_exec(db, "BEGIN", NULL), REG_OK);
    for (int i = 1; i <= n; i++) {
        if (i % 7 != 0) {
            x = 104.5 + next_random(&seed);
            y = 35.2 + next_random(&seed);
        }
        sqlite3_bind_int(st, 1, i * 3); /* ids need not be dense */
        sqlite3_bind_double(st, 2, x);
        sqlite3_bind_double(st, 3, y);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    assert_int_equal(reg_exec(db, "COMMIT", NULL), REG_OK);
    return db;
}

/* Packs rt from the rows of sql in a transaction of its own (rolled back
 * on failure); returns the result. */
static int pack(reg_db *db, const char *sql)
{
    sqlite3_stmt *src;
    assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &src, NULL), SQLITE_OK);
    reg_error err = {0};
    assert_int_equal(reg_exec(db, "BEGIN", NULL), REG_OK);
    int rc = reg_rtree_pack(db, "rt", src, &err);
    sqlite3_finalize(src);
    assert_int_equal(reg_exec(db, rc == REG_OK ? "COMMIT" : "ROLLBACK", NULL), REG_OK);
    return rc;
}

/* Asserts that windows through the index find exactly the points a scan
 * finds, for count windows of random size. */
static void assert_windows_exact(reg_db *db, int count, unsigned seed)
{
    sqlite3_stmt *by_index, *by_scan;
    assert_int_equal(
        sqlite3_prepare_v2(db->sql,
                           "SELECT count(*) FROM rt JOIN pts ON pts.id = rt.id"
                           " WHERE rt.xmin <= ?2 AND rt.xmax >= ?1 AND rt.ymin <= ?4"
                           " AND rt.ymax >= ?3 AND pts.x BETWEEN ?1 AND ?2"
                           " AND pts.y BETWEEN ?3 AND ?4", -1, &by_index, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db->sql,
                                        "SELECT count(*) FROM pts WHERE x BETWEEN ?1 AND ?2"
                                        " AND y BETWEEN ?3 AND ?4", -1, &by_scan, NULL),
                     SQLITE_OK);
    long long found = 0;
    for (int i = 0; i < count; i++) {
        double x = 104.5 + next_random(&seed), y = 35.2 + next_random(&seed);
        double w = next_random(&seed) * 0.2, h = next_random(&seed) * 0.2;
        double box[4] = {x, x + w, y, y + h};
        for (int k = 0; k < 4; k++) {
            sqlite3_bind_double(by_index, k + 1, box[k]);
            sqlite3_bind_double(by_scan, k + 1, box[k]);
        }
        assert_int_equal(sqlite3_step(by_index), SQLITE_ROW);
        assert_int_equal(sqlite3_step(by_scan), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int64(by_index, 0), sqlite3_column_int64(by_scan, 0));
        found += sqlite3_column_int64(by_scan, 0);
        sqlite3_reset(by_index);
        sqlite3_reset(by_scan);
    }
    assert_true(found > 0);
    sqlite3_finalize(by_index);
    sqlite3_finalize(by_scan);
}

static void test_pack_many(void **state)
{
    (void)state;
    reg_db *db = points_db("many.db", 20000, 7);
    assert_int_equal(pack(db, "SELECT id, x, x, y, y FROM pts"), REG_OK);
    assert_tree_ok(db);
    assert_int_equal(query_int(db, "SELECT count(*) FROM rt"), 20000);
    /* 20,000 rows in nodes of 51 cells: 393 leaves, 8 nodes, the root */
    assert_int_equal(query_int(db, "SELECT rtreedepth(data) FROM rt_node WHERE nodeno = 1"), 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM rt_node"), 393 + 8 + 1);
    assert_windows_exact(db, 60, 11);
    /* the first point, whose float32 box must still hold its doubles */
    assert_int_equal(query_int(db, "SELECT count(*) FROM rt, pts WHERE pts.id = 3 AND rt.id = 3"
                                   " AND rt.xmin <= pts.x AND rt.xmax >= pts.x"
                                   " AND rt.ymin <= pts.y AND rt.ymax >= pts.y"), 1);
    reg_close(db);
}

static void test_pack_then_update(void **state)
{
    (void)state;
    reg_db *db = points_db("update.db", 3000, 9);
    assert_int_equal(pack(db, "SELECT id, x, x, y, y FROM pts WHERE id % 2 = 0"), REG_OK);
    assert_tree_ok(db);
    /* the rest through the rtree module itself, then deletes */
    assert_int_equal(reg_exec(db, "INSERT INTO rt SELECT id, x, x, y, y FROM pts"
                                  " WHERE id % 2 = 1", NULL), REG_OK);
    assert_int_equal(reg_exec(db, "DELETE FROM rt WHERE id % 5 = 0", NULL), REG_OK);
    assert_int_equal(reg_exec(db, "DELETE FROM pts WHERE id % 5 = 0", NULL), REG_OK);
    assert_tree_ok(db);
    assert_windows_exact(db, 40, 13);
    /* packing again replaces everything the tree held */
    assert_int_equal(pack(db, "SELECT id, x, x, y, y FROM pts WHERE id < 300"), REG_OK);
    assert_tree_ok(db);
    assert_int_equal(query_int(db, "SELECT count(*) FROM rt"),
                     query_int(db, "SELECT count(*) FROM pts WHERE id < 300"));
    reg_close(db);
}

static void test_pack_small_and_empty(void **state)
{
    (void)state;
    reg_db *db = points_db("small.db", 40, 5);
    assert_int_equal(pack(db, "SELECT id, x, x, y, y FROM pts"), REG_OK);
    assert_tree_ok(db);
    assert_int_equal(query_int(db, "SELECT rtreedepth(data) FROM rt_node WHERE nodeno = 1"), 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM rt"), 40);
    /* NULL boxes are left out; none left is an empty root */
    assert_int_equal(pack(db, "SELECT id, NULL, NULL, NULL, NULL FROM pts"), REG_OK);
    assert_tree_ok(db);
    assert_int_equal(query_int(db, "SELECT count(*) FROM rt"), 0);
    assert_int_equal(reg_exec(db, "INSERT INTO rt VALUES (1, 105, 105, 35, 35)", NULL), REG_OK);
    assert_tree_ok(db);
    assert_int_equal(query_int(db, "SELECT count(*) FROM rt"), 1);
    reg_close(db);
}

static void test_pack_refuses(void **state)
{
    (void)state;
    reg_db *db = points_db("bad.db", 100, 3);
    assert_int_equal(reg_exec(db, "INSERT INTO rt VALUES (1, 105, 105, 35, 35)", NULL), REG_OK);
    assert_int_equal(pack(db, "SELECT id, x + 1, x, y, y FROM pts"), REG_EINVAL);
    assert_int_equal(query_int(db, "SELECT count(*) FROM rt"), 1);
    sqlite3_stmt *src;
    assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT 1", -1, &src, NULL), SQLITE_OK);
    assert_int_equal(reg_rtree_pack(db, NULL, src, NULL), REG_EINVAL);
    assert_int_equal(reg_rtree_pack(NULL, "rt", src, NULL), REG_EINVAL);
    assert_int_equal(reg_rtree_pack(db, "rt", NULL, NULL), REG_EINVAL);
    sqlite3_finalize(src);
    reg_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_many),
        cmocka_unit_test(test_pack_then_update),
        cmocka_unit_test(test_pack_small_and_empty),
        cmocka_unit_test(test_pack_refuses),
    };
    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
