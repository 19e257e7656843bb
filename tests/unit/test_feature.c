/* Unit tests of the registry's feature collections: descriptor checks, the
 * units collection (paging, bbox with the exact test, time, unit and
 * property filters, extent), and a second collection of points defined
 * here only, read from a table and through a view, to show that a kind
 * plugs in with a descriptor alone. */
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

#include "registry.h"
#include "reg_internal.h"


/* ---- helpers ------------------------------------------------------------ */

/* Sets a unit's polygon from WKT. */
static void set_polygon(reg_db *db, const char *code, const char *text)
{
    GEOSContextHandle_t h = geo_ctx_geos(reg_geo(db));
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, text);
    GEOSWKTReader_destroy_r(h, r);
    assert_non_null(g);
    GEOSSetSRID_r(h, g, 4490);
    reg_error err = {0};
    assert_int_equal(reg_unit_set_geometry(db, "tester", code, g, NULL, &err), REG_OK);
    GEOSGeom_destroy_r(h, g);
}

/* Seven units; two townships with polygons: 会师镇 a 0.1 degree square
 * at 105.0-105.1 / 35.6-35.7, 新添堡回族乡 an L whose notch is the square
 * 105.25-105.3 / 35.65-35.7. */
static void seed(reg_db *db)
{
    test_seed_units(db);
    set_polygon(db, "620422100",
                "POLYGON((105.0 35.6, 105.1 35.6, 105.1 35.7, 105.0 35.7, 105.0 35.6))");
    set_polygon(db, "620422202",
                "POLYGON((105.2 35.6, 105.3 35.6, 105.3 35.65, 105.25 35.65, 105.25 35.7,"
                " 105.2 35.7, 105.2 35.6))");
}

/* What a read collected: the ids in order. */
typedef struct seen {
    char ids[128][REG_FEATURE_ID_MAX];
    size_t n;
    size_t with_geometry;
    int stop_after; /* > 0: return 7 after this many features */
} seen;

/* reg_feature_fn that records the ids. */
static int collect(void *cls, const reg_feature *f)
{
    seen *s = cls;
    assert_true(s->n < 128);
    snprintf(s->ids[s->n++], REG_FEATURE_ID_MAX, "%s", f->id);
    if (f->wkb)
        s->with_geometry++;
    return s->stop_after > 0 && (int)s->n >= s->stop_after ? 7 : 0;
}

/* The properties of the one feature a read gives. */
typedef struct one_props {
    const reg_collection *c;
    json_t *props;
} one_props;

/* reg_feature_fn that keeps the properties of the one feature read. */
static int props_of(void *cls, const reg_feature *f)
{
    one_props *o = cls;
    assert_null(o->props);
    o->props = reg_feature_properties(o->c, f);
    return 0;
}

/* Reads c with q into s (cleared first); returns the status, *matched. */
static int read_into(reg_db *db, const reg_collection *c, const reg_feature_query *q, seen *s,
                     long *matched, reg_error *err)
{
    int stop = s->stop_after;
    memset(s, 0, sizeof *s);
    s->stop_after = stop;
    return reg_features_read(db, c, q, collect, s, matched, err);
}

/* The units collection. */
static const reg_collection *units(void)
{
    size_t n = 0;
    const reg_collection *const *list = reg_collections(&n);
    const reg_collection *c = reg_collection_find(list, n, "units");
    assert_non_null(c);
    return c;
}

/* ---- descriptors ---------------------------------------------------------- */

static void test_builtin_descriptors(void **state)
{
    (void)state;
    size_t n = 0;
    const reg_collection *const *list = reg_collections(&n);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++) {
        reg_error err = {0};
        assert_int_equal(reg_collection_check(list[i], &err), REG_OK);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(list[i]->id, list[j]->id);
        assert_ptr_equal(reg_collection_find(list, n, list[i]->id), list[i]);
    }
    /* every built-in descriptor names columns that exist: its statements
     * prepare on a fresh registry */
    reg_db *db = test_new_db("builtin.db");
    for (size_t i = 0; i < n; i++) {
        reg_error err = {0};
        reg_extent e;
        seen s;
        reg_feature_query q = {.has_bbox = 1, .bbox = {104, 35, 106, 37}, .limit = 5, .count = 1};
        if (list[i]->time_start)
            q.time_from = q.time_to = "2024-01-01";
        long matched = -1;
        assert_int_equal(reg_collection_extent(db, list[i], &e, &err), REG_OK);
        assert_int_equal(read_into(db, list[i], &q, &s, &matched, &err), REG_OK);
        q.has_bbox = 0;
        assert_int_equal(read_into(db, list[i], &q, &s, &matched, &err), REG_OK);
        assert_int_equal(matched, 0);
    }
    reg_close(db);
    assert_null(reg_collection_find(list, n, "nope"));
    assert_null(reg_collection_find(list, n, NULL));
    assert_int_equal(reg_collection_prop(units(), "parent_code"), 3);
    assert_int_equal(reg_collection_prop(units(), "geom"), -1);
}

static const reg_prop good_props[] = {
    {"id", REG_PROP_INTEGER, "编号"},
    {"label", REG_PROP_TEXT, "名称"},
};

static void test_bad_descriptors(void **state)
{
    (void)state;
    const reg_prop twice[] = {{"id", REG_PROP_TEXT, "a"}, {"id", REG_PROP_TEXT, "b"}};
    reg_collection base = {.id = "pts", .title_zh = "点", .title_en = "Points", .table = "t",
                           .id_column = "id", .geom_column = "g", .props = good_props,
                           .nprops = 2};
    reg_error err = {0};
    assert_int_equal(reg_collection_check(&base, &err), REG_OK);
    reg_collection c = base;
    c.table = "t\"; DROP TABLE units; --";
    assert_int_equal(reg_collection_check(&c, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_descriptor");
    c = base;
    c.id = "bad id";
    assert_int_equal(reg_collection_check(&c, &err), REG_EINVAL);
    c = base;
    c.id_column = "label2";
    assert_int_equal(reg_collection_check(&c, &err), REG_EINVAL);
    c = base;
    c.time_end = "until";
    assert_int_equal(reg_collection_check(&c, &err), REG_EINVAL);
    c = base;
    c.props = twice;
    assert_int_equal(reg_collection_check(&c, &err), REG_EINVAL);
    c = base;
    c.nprops = REG_FEATURE_PROPS_MAX + 1;
    assert_int_equal(reg_collection_check(&c, &err), REG_EINVAL);
    const reg_prop clash[] = {{"id", REG_PROP_TEXT, "a"}, {"limit", REG_PROP_INTEGER, "b"}};
    c = base;
    c.props = clash;
    assert_int_equal(reg_collection_check(&c, &err), REG_EINVAL);
    c = base;
    c.id = "boundary-lines";
    assert_int_equal(reg_collection_check(&c, &err), REG_OK);
}

/* ---- units ---------------------------------------------------------------- */

static void test_units_all_and_pages(void **state)
{
    (void)state;
    reg_db *db = test_new_db("units.db");
    seed(db);
    const reg_collection *c = units();
    reg_feature_query q = {.limit = -1, .count = 1};
    seen all, page;
    long matched = -1;
    reg_error err = {0};
    assert_int_equal(read_into(db, c, &q, &all, &matched, &err), REG_OK);
    assert_int_equal(matched, 7);
    assert_int_equal(all.n, 7);
    assert_int_equal(all.with_geometry, 2);
    for (size_t i = 1; i < all.n; i++)
        assert_true(strcmp(all.ids[i - 1], all.ids[i]) < 0);
    /* pages of 3 give every unit once, in order */
    size_t k = 0;
    for (long off = 0; off < 9; off += 3) {
        reg_feature_query p = {.limit = 3, .offset = off, .count = 1};
        assert_int_equal(read_into(db, c, &p, &page, &matched, &err), REG_OK);
        assert_int_equal(matched, 7);
        for (size_t i = 0; i < page.n; i++)
            assert_string_equal(page.ids[i], all.ids[k++]);
    }
    assert_int_equal(k, 7);
    /* a callback that stops: its value comes back */
    page.stop_after = 2;
    assert_int_equal(read_into(db, c, &q, &page, &matched, &err), 7);
    assert_int_equal(page.n, 2);
    page.stop_after = 0;
    /* bad paging */
    reg_feature_query bad = {.limit = -2};
    assert_int_equal(read_into(db, c, &bad, &page, NULL, &err), REG_EINVAL);
    reg_close(db);
}

static void test_units_bbox_exact(void **state)
{
    (void)state;
    reg_db *db = test_new_db("bbox.db");
    seed(db);
    const reg_collection *c = units();
    seen s;
    long matched = -1;
    reg_error err = {0};
    /* inside the L's notch: within its envelope, outside the polygon */
    reg_feature_query q = {.has_bbox = 1, .bbox = {105.26, 35.66, 105.29, 35.69}, .limit = -1,
                           .count = 1};
    assert_int_equal(read_into(db, c, &q, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 0);
    /* touching the L's arm */
    reg_feature_query q2 = {.has_bbox = 1, .bbox = {105.24, 35.66, 105.29, 35.69}, .limit = -1,
                            .count = 1};
    assert_int_equal(read_into(db, c, &q2, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 1);
    assert_string_equal(s.ids[0], "620422202");
    /* both, paged one at a time with the count of all */
    reg_feature_query q3 = {.has_bbox = 1, .bbox = {104.9, 35.5, 105.4, 35.8}, .limit = 1,
                            .offset = 1, .count = 1};
    assert_int_equal(read_into(db, c, &q3, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 2);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.ids[0], "620422202");
    /* a bbox and a property filter together */
    q3.offset = 0;
    q3.filters[2] = "town";
    assert_int_equal(read_into(db, c, &q3, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 1);
    assert_string_equal(s.ids[0], "620422100");
    /* a degenerate box on a corner still intersects */
    reg_feature_query q4 = {.has_bbox = 1, .bbox = {105.1, 35.7, 105.1, 35.7}, .limit = -1};
    assert_int_equal(read_into(db, c, &q4, &s, NULL, &err), REG_OK);
    assert_int_equal(s.n, 1);
    /* reversed and non-finite boxes */
    reg_feature_query q5 = {.has_bbox = 1, .bbox = {105.3, 35.6, 105.2, 35.7}, .limit = -1};
    assert_int_equal(read_into(db, c, &q5, &s, NULL, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_bbox");
    reg_close(db);
}

static void test_units_filters(void **state)
{
    (void)state;
    reg_db *db = test_new_db("filters.db");
    seed(db);
    const reg_collection *c = units();
    seen s;
    long matched = -1;
    reg_error err = {0};
    reg_feature_query q = {.limit = -1, .count = 1, .unit = "620422100"};
    assert_int_equal(read_into(db, c, &q, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 3);
    assert_string_equal(s.ids[0], "620422100");
    q.unit = "6204221";
    assert_int_equal(read_into(db, c, &q, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 3);
    q.unit = "62x";
    assert_int_equal(read_into(db, c, &q, &s, &matched, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_unit");
    reg_feature_query one = {.limit = -1, .id = "620422202"};
    assert_int_equal(read_into(db, c, &one, &s, NULL, &err), REG_OK);
    assert_int_equal(s.n, 1);
    one.id = "620422999";
    assert_int_equal(read_into(db, c, &one, &s, NULL, &err), REG_OK);
    assert_int_equal(s.n, 0);
    /* a filter value is data: quotes match nothing and break nothing */
    reg_feature_query f = {.limit = -1, .count = 1};
    f.filters[1] = "x' OR '1'='1";
    assert_int_equal(read_into(db, c, &f, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 0);
    /* retire the village at the end of 2024: time filters */
    reg_unit_patch patch = {.valid_to = "2025-01-01"};
    assert_int_equal(reg_unit_update(db, "tester", "620422100200", &patch, &err), REG_OK);
    reg_feature_query t = {.limit = -1, .count = 1, .time_from = "2025-06-01",
                           .time_to = "2025-06-01"};
    assert_int_equal(read_into(db, c, &t, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 6);
    t.time_from = t.time_to = "2024-12-31";
    assert_int_equal(read_into(db, c, &t, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 7);
    t.time_from = t.time_to = "2025-01-01"; /* valid_to is exclusive */
    assert_int_equal(read_into(db, c, &t, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 6);
    t.time_from = NULL;
    t.time_to = "2019-12-31";
    assert_int_equal(read_into(db, c, &t, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 0);
    reg_close(db);
}

static void test_units_extent_properties(void **state)
{
    (void)state;
    reg_db *db = test_new_db("extent.db");
    seed(db);
    const reg_collection *c = units();
    reg_extent e;
    reg_error err = {0};
    assert_int_equal(reg_collection_extent(db, c, &e, &err), REG_OK);
    assert_int_equal(e.count, 7);
    assert_true(e.has_bbox);
    assert_true(e.bbox[0] == 105.0 && e.bbox[1] == 35.6 && e.bbox[2] == 105.3 &&
                e.bbox[3] == 35.7);
    assert_string_equal(e.time_min, "2020-01-01");
    assert_string_equal(e.time_max, "");
    /* The extent and the unfiltered count are remembered for the data
     * version: a commit of this connection or of another one is seen. */
    reg_unit_input more = {.code = "620422102", .name = "太平店镇", .level = "town",
                           .parent_code = "620422", .valid_from = "2020-01-01"};
    assert_int_equal(reg_unit_create(db, "test", &more, &err), REG_OK);
    assert_int_equal(reg_collection_extent(db, c, &e, &err), REG_OK);
    assert_int_equal(e.count, 8);
    reg_db *other = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/extent.db", test_tmpdir);
    assert_int_equal(reg_open(path, 0, &other, &err), REG_OK);
    more.code = "620422103";
    more.name = "甘沟驿镇";
    assert_int_equal(reg_unit_create(other, "test", &more, &err), REG_OK);
    reg_close(other);
    assert_int_equal(reg_collection_extent(db, c, &e, &err), REG_OK);
    assert_int_equal(e.count, 9);
    reg_feature_query all = {.limit = 1, .count = 1};
    seen one;
    long matched = -1;
    assert_int_equal(read_into(db, c, &all, &one, &matched, &err), REG_OK);
    assert_int_equal(matched, 9);
    /* properties typed by the descriptor */
    reg_value v[6] = {{0, 0, 0, "620422100"}, {0, 0, 0, "会师镇"}, {0, 0, 0, "town"},
                      {0, 0, 0, "620422"},    {0, 0, 0, "2020-01-01"}, {1, 0, 0, NULL}};
    reg_feature f = {.id = "620422100", .values = v};
    json_t *p = reg_feature_properties(c, &f);
    assert_non_null(p);
    assert_string_equal(json_string_value(json_object_get(p, "name")), "会师镇");
    assert_true(json_is_null(json_object_get(p, "valid_to")));
    assert_int_equal(json_object_size(p), 6);
    json_decref(p);
    reg_close(db);
    /* an empty registry has no bbox */
    db = test_new_db("empty.db");
    assert_int_equal(reg_collection_extent(db, c, &e, &err), REG_OK);
    assert_int_equal(e.count, 0);
    assert_false(e.has_bbox);
    char *wkt = NULL;
    assert_int_equal(reg_srs_wkt(db, 4490, &wkt, &err), REG_OK);
    assert_non_null(strstr(wkt, "China"));
    free(wkt);
    assert_int_equal(reg_srs_wkt(db, 3857, &wkt, &err), REG_ENOTFOUND);
    reg_close(db);
}

/* ---- a collection defined here: points in a table and a view -------------- */

static const reg_prop point_props[] = {
    {"pid", REG_PROP_INTEGER, "编号"}, {"label", REG_PROP_TEXT, "名称"},
    {"n", REG_PROP_INTEGER, "序号"},   {"v", REG_PROP_REAL, "数值"},
    {"seen", REG_PROP_DATE, "日期"},   {"unit", REG_PROP_TEXT, "区划"},
};

static const reg_collection points = {
    .id = "test-points", .title_zh = "测试点", .title_en = "Test points",
    .table = "test_points", .id_column = "pid", .geom_column = "geom",
    .geom_type = REG_GEOM_POINT, .props = point_props, .nprops = 6,
    .time_start = "seen", .unit_column = "unit",
};

static const reg_collection points_view = {
    .id = "test-points-view", .title_zh = "测试点", .title_en = "Test points (view)",
    .table = "test_points_v", .id_column = "pid", .geom_column = "geom",
    .geom_type = REG_GEOM_POINT, .index_table = "test_points", .index_rowid = "pid",
    .props = point_props, .nprops = 6, .time_start = "seen", .unit_column = "unit",
};

/* Makes test_points: a 10 x 10 grid of points 0.01 degree apart from
 * (105, 35.5), pid 1-100, n = pid % 10, v = pid / 4, seen 2024-01-01 plus
 * pid % 3 days, unit 620422100 for even pids and 620422202 for odd. */
static void seed_points(reg_db *db)
{
    sqlite3 *s = reg_sqlite(db);
    assert_int_equal(sqlite3_exec(s,
                                  "CREATE TABLE test_points (pid INTEGER PRIMARY KEY,"
                                  " label TEXT, n INTEGER, v REAL, seen TEXT, unit TEXT);"
                                  "SELECT AddGeometryColumn('test_points', 'geom', 4490,"
                                  " 'POINT', 'XY');"
                                  "SELECT CreateSpatialIndex('test_points', 'geom');"
                                  "CREATE VIEW test_points_v AS SELECT * FROM test_points;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s,
                                        "INSERT INTO test_points VALUES (?1, 'p' || ?1,"
                                        " ?1 % 10, ?1 / 4.0, date('2024-01-01', '+' || (?1 % 3)"
                                        " || ' days'), CASE ?1 % 2 WHEN 0 THEN '620422100'"
                                        " ELSE '620422202' END, MakePoint(?2, ?3, 4490))",
                                        -1, &st, NULL),
                     SQLITE_OK);
    for (int i = 0; i < 100; i++) {
        sqlite3_bind_int(st, 1, i + 1);
        sqlite3_bind_double(st, 2, 105.0 + (i % 10) * 0.01);
        sqlite3_bind_double(st, 3, 35.5 + (i / 10) * 0.01);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
}

/* The points inside [x0, x1] x [y0, y1] counted by brute force over the
 * grid (pid i+1 at column i % 10, row i / 10). */
static long grid_count(double x0, double y0, double x1, double y1)
{
    long n = 0;
    for (int i = 0; i < 100; i++) {
        double x = 105.0 + (i % 10) * 0.01, y = 35.5 + (i / 10) * 0.01;
        n += x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }
    return n;
}

static void test_points_table_and_view(void **state)
{
    (void)state;
    reg_db *db = test_new_db("points.db");
    seed_points(db);
    const reg_collection *cs[2] = {&points, &points_view};
    for (int k = 0; k < 2; k++) {
        const reg_collection *c = cs[k];
        seen s;
        long matched = -1;
        reg_error err = {0};
        const double boxes[][4] = {{105.015, 35.515, 105.045, 35.555},
                                   {105.0, 35.5, 105.0, 35.5},
                                   {104.0, 35.0, 106.0, 36.0},
                                   {105.001, 35.501, 105.009, 35.509}};
        for (size_t b = 0; b < 4; b++) {
            reg_feature_query q = {.has_bbox = 1, .limit = 5, .count = 1};
            memcpy(q.bbox, boxes[b], sizeof q.bbox);
            assert_int_equal(read_into(db, c, &q, &s, &matched, &err), REG_OK);
            assert_int_equal(matched, grid_count(boxes[b][0], boxes[b][1], boxes[b][2],
                                                 boxes[b][3]));
            assert_int_equal((long)s.n, matched < 5 ? matched : 5);
        }
        /* typed filters: an integer, a real, a date, a unit */
        reg_feature_query f = {.limit = -1, .count = 1};
        f.filters[2] = "5";
        assert_int_equal(read_into(db, c, &f, &s, &matched, &err), REG_OK);
        assert_int_equal(matched, 10);
        f.filters[2] = "five";
        assert_int_equal(read_into(db, c, &f, &s, &matched, &err), REG_EINVAL);
        assert_string_equal(err.code, "bad_filter");
        f.filters[2] = NULL;
        f.filters[3] = "2.5";
        assert_int_equal(read_into(db, c, &f, &s, &matched, &err), REG_OK);
        assert_int_equal(matched, 1);
        assert_string_equal(s.ids[0], "10");
        f.filters[3] = NULL;
        f.unit = "620422202";
        assert_int_equal(read_into(db, c, &f, &s, &matched, &err), REG_OK);
        assert_int_equal(matched, 50);
        /* instants: seen within [from, to] */
        reg_feature_query t = {.limit = -1, .count = 1, .time_from = "2024-01-02",
                               .time_to = "2024-01-02"};
        assert_int_equal(read_into(db, c, &t, &s, &matched, &err), REG_OK);
        assert_int_equal(matched, 34);
        t.time_to = NULL;
        assert_int_equal(read_into(db, c, &t, &s, &matched, &err), REG_OK);
        assert_int_equal(matched, 67);
        reg_extent e;
        assert_int_equal(reg_collection_extent(db, c, &e, &err), REG_OK);
        assert_int_equal(e.count, 100);
        assert_string_equal(e.time_min, "2024-01-01");
        assert_string_equal(e.time_max, "2024-01-03");
    }
    reg_close(db);
}

/* ---- the built-in places, streets and doorplates ---------------------------- */

/* The built-in collection called id. */
static const reg_collection *builtin(const char *id)
{
    size_t n = 0;
    const reg_collection *const *list = reg_collections(&n);
    const reg_collection *c = reg_collection_find(list, n, id);
    assert_non_null(c);
    return c;
}

/* Runs SQL on db, failing the test with SQLite's message. */
static void exec_sql(reg_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(reg_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s in: %.200s", msg ? msg : "?", sql);
}

/* The units of seed() and a small register written straight into the
 * tables: three streets (0801, lines) numbered in 会师镇, a point place
 * and a polygon place; and the grid of test_points as 100 door addresses
 * (address i+1 at column i % 10, row i / 10 from (105, 35.5), 0.01 degree
 * apart) on street 1 + i % 3, number i + 1, in 620422100001 for even i and
 * 620422100200 for odd, each with plate 620422100000000000 + i + 1, the
 * plates of i % 4 = 0 retired, the others active. */
static void seed_register(reg_db *db)
{
    seed(db);
    exec_sql(db,
             "INSERT INTO places (id, code, name, specific, generic, pinyin, pinyin_toned,"
             " pinyin_syllables, category, status, unit_code, valid_from, created_at, updated_at,"
             " geom) VALUES"
             " (1, 'S1', '会师南路', '会师南', '路', 'x', 'x', 'x', '0801', 'in_use', '620422100',"
             "  '2020-01-01', '2024-01-01', '2024-01-01',"
             "  GeomFromText('LINESTRING(105.0 35.495, 105.1 35.495)', 4490)),"
             " (2, 'S2', '西岩路', '西岩', '路', 'x', 'x', 'x', '0801', 'in_use', '620422100',"
             "  '2020-01-01', '2024-01-01', '2024-01-01',"
             "  GeomFromText('LINESTRING(105.095 35.49, 105.095 35.6)', 4490)),"
             " (3, 'S3', '桃花路', '桃花', '路', 'x', 'x', 'x', '0801', 'in_use', '620422100',"
             "  '2022-05-01', '2024-01-01', '2024-01-01',"
             "  GeomFromText('LINESTRING(105.2 35.61, 105.25 35.66)', 4490)),"
             " (4, 'P4', '会宁县医院', '会宁县', '医院', 'x', 'x', 'x', '1201', 'in_use',"
             "  '620422100', '2020-01-01', '2024-01-01', '2024-01-01',"
             "  GeomFromText('POINT(105.05 35.65)', 4490)),"
             " (5, 'P5', '桃花山', '桃花', '山', 'x', 'x', 'x', '0101', 'draft', '620422202',"
             "  NULL, '2024-01-01', '2024-01-01', GeomFromText('POLYGON((105.2 35.6, 105.3 35.6,"
             "  105.3 35.65, 105.25 35.65, 105.25 35.7, 105.2 35.7, 105.2 35.6))', 4490));"
             "INSERT INTO numbering_axes (place_id, kind, unit_code, updated_at)"
             " SELECT id, 'street', '620422100', '2024-01-01' FROM places WHERE category = '0801';"
             "WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < 99)"
             " INSERT INTO addresses (id, kind, axis_id, num_main, unit_code, x, y, lon, lat,"
             " valid_from, created_at, geom) SELECT i + 1, 'door', 1 + i % 3, i + 1,"
             " CASE i % 2 WHEN 0 THEN '620422100001' ELSE '620422100200' END,"
             " 105.0 + (i % 10) * 0.01, 35.5 + (i / 10) * 0.01,"
             " 105.0 + (i % 10) * 0.01, 35.5 + (i / 10) * 0.01, '2024-01-01', '2024-01-01',"
             " MakePoint(105.0 + (i % 10) * 0.01, 35.5 + (i / 10) * 0.01, 4490) FROM g;"
             "INSERT INTO plates (id, code, address_id, state, active_on, retired_on, created_at)"
             " SELECT id, CAST(620422100000000000 + id AS TEXT), id,"
             " CASE (id - 1) % 4 WHEN 0 THEN 'retired' ELSE 'active' END, '2024-02-01',"
             " CASE (id - 1) % 4 WHEN 0 THEN '2024-03-01' END, '2024-01-01' FROM addresses;");
}

static void test_doorplates_collection(void **state)
{
    (void)state;
    reg_db *db = test_new_db("doorplates.db");
    seed_register(db);
    const reg_collection *c = builtin("doorplates");
    seen all, page;
    long matched = -1;
    reg_error err = {0};
    reg_feature_query q = {.limit = -1, .count = 1};
    assert_int_equal(read_into(db, c, &q, &all, &matched, &err), REG_OK);
    assert_int_equal(matched, 100);
    assert_int_equal(all.with_geometry, 100);
    /* pages of 7 give every plate once, in code order */
    size_t k = 0;
    for (long off = 0; off < 105; off += 7) {
        reg_feature_query p = {.limit = 7, .offset = off, .count = 1};
        assert_int_equal(read_into(db, c, &p, &page, &matched, &err), REG_OK);
        assert_int_equal(matched, 100);
        for (size_t i = 0; i < page.n; i++)
            assert_string_equal(page.ids[i], all.ids[k++]);
    }
    assert_int_equal(k, 100);
    /* bbox: exactly the grid points in the box, paged with the count */
    const double boxes[][4] = {{105.015, 35.515, 105.045, 35.555},
                               {105.0, 35.5, 105.0, 35.5},
                               {105.001, 35.501, 105.009, 35.509},
                               {105.03, 35.52, 105.06, 35.52}};
    for (size_t b = 0; b < 4; b++) {
        reg_feature_query bq = {.has_bbox = 1, .limit = 3, .count = 1};
        memcpy(bq.bbox, boxes[b], sizeof bq.bbox);
        assert_int_equal(read_into(db, c, &bq, &page, &matched, &err), REG_OK);
        assert_int_equal(matched, grid_count(boxes[b][0], boxes[b][1], boxes[b][2], boxes[b][3]));
        assert_int_equal((long)page.n, matched < 3 ? matched : 3);
    }
    /* property filters: the state, the street; the unit prefix */
    int state_i = reg_collection_prop(c, "state"), street_i = reg_collection_prop(c, "street");
    assert_true(state_i >= 0 && street_i >= 0);
    reg_feature_query f = {.limit = -1, .count = 1};
    f.filters[state_i] = "retired";
    assert_int_equal(read_into(db, c, &f, &page, &matched, &err), REG_OK);
    assert_int_equal(matched, 25);
    f.filters[street_i] = "西岩路";
    assert_int_equal(read_into(db, c, &f, &page, &matched, &err), REG_OK);
    assert_int_equal(matched, 8); /* i % 4 = 0 and i % 3 = 1: i = 4, 16, ..., 88 */
    reg_feature_query u = {.limit = -1, .count = 1, .unit = "620422100200"};
    assert_int_equal(read_into(db, c, &u, &page, &matched, &err), REG_OK);
    assert_int_equal(matched, 50);
    /* the record: the composed address and the state's date */
    one_props o = {c, NULL};
    reg_feature_query one = {.limit = -1, .id = "620422100000000002"};
    assert_int_equal(reg_features_read(db, c, &one, props_of, &o, NULL, &err), REG_OK);
    json_t *props = o.props;
    assert_non_null(props);
    assert_string_equal(json_string_value(json_object_get(props, "address")),
                        "甘肃省白银市会宁县会师镇高家庄村西岩路2号");
    assert_string_equal(json_string_value(json_object_get(props, "number")), "2");
    assert_string_equal(json_string_value(json_object_get(props, "street_unit")), "620422100");
    assert_string_equal(json_string_value(json_object_get(props, "state_date")), "2024-02-01");
    json_decref(props);
    reg_close(db);
}

static void test_places_and_streets(void **state)
{
    (void)state;
    reg_db *db = test_new_db("places.db");
    seed_register(db);
    const reg_collection *places = builtin("places"), *streets = builtin("streets");
    seen s, page;
    long matched = -1;
    reg_error err = {0};
    /* every place, points, lines and polygons together, paged */
    reg_feature_query q = {.limit = -1, .count = 1};
    assert_int_equal(read_into(db, places, &q, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 5);
    assert_int_equal(s.with_geometry, 5);
    reg_feature_query p = {.limit = 2, .offset = 4, .count = 1};
    assert_int_equal(read_into(db, places, &p, &page, &matched, &err), REG_OK);
    assert_int_equal(matched, 5);
    assert_int_equal(page.n, 1);
    assert_string_equal(page.ids[0], s.ids[4]);
    /* bbox exact: the L's notch is inside the polygon's envelope and the
     * diagonal street's, and meets neither */
    reg_feature_query b = {.has_bbox = 1, .bbox = {105.26, 35.66, 105.29, 35.69}, .limit = -1,
                           .count = 1};
    assert_int_equal(read_into(db, places, &b, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 0);
    reg_feature_query b2 = {.has_bbox = 1, .bbox = {105.2, 35.62, 105.215, 35.63}, .limit = -1,
                            .count = 1};
    assert_int_equal(read_into(db, places, &b2, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 2); /* S3 and P5 */
    assert_string_equal(s.ids[0], "P5");
    assert_string_equal(s.ids[1], "S3");
    /* property filter */
    reg_feature_query f = {.limit = -1, .count = 1};
    f.filters[reg_collection_prop(places, "category")] = "0801";
    assert_int_equal(read_into(db, places, &f, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 3);
    /* time: S3 is valid from 2022-05-01; P5 has no date */
    reg_feature_query t = {.limit = -1, .count = 1, .time_from = "2021-01-01",
                           .time_to = "2021-01-01"};
    assert_int_equal(read_into(db, places, &t, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 3);
    /* streets: only the 0801 places, with their numbering rule */
    assert_int_equal(read_into(db, streets, &q, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 3);
    assert_string_equal(s.ids[2], "S3");
    reg_feature_query sp = {.limit = 1, .offset = 1, .count = 1};
    assert_int_equal(read_into(db, streets, &sp, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 3);
    assert_string_equal(s.ids[0], "S2");
    reg_feature_query sb = {.has_bbox = 1, .bbox = {105.09, 35.55, 105.1, 35.56}, .limit = -1,
                            .count = 1};
    assert_int_equal(read_into(db, streets, &sb, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 1);
    assert_string_equal(s.ids[0], "S2");
    reg_feature_query sf = {.limit = -1, .count = 1};
    sf.filters[reg_collection_prop(streets, "name")] = "会师南路";
    assert_int_equal(read_into(db, streets, &sf, &s, &matched, &err), REG_OK);
    assert_int_equal(matched, 1);
    one_props o = {streets, NULL};
    reg_feature_query one = {.limit = -1, .id = "S1"};
    assert_int_equal(reg_features_read(db, streets, &one, props_of, &o, NULL, &err), REG_OK);
    json_t *props = o.props;
    assert_non_null(props);
    assert_string_equal(json_string_value(json_object_get(props, "odd_side")), "left");
    assert_string_equal(json_string_value(json_object_get(props, "direction")), "forward");
    assert_true(json_real_value(json_object_get(props, "spacing_m")) == 5.0);
    json_decref(props);
    reg_close(db);
}



int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_descriptors),
        cmocka_unit_test(test_bad_descriptors),
        cmocka_unit_test(test_units_all_and_pages),
        cmocka_unit_test(test_units_bbox_exact),
        cmocka_unit_test(test_units_filters),
        cmocka_unit_test(test_units_extent_properties),
        cmocka_unit_test(test_points_table_and_view),
        cmocka_unit_test(test_doorplates_collection),
        cmocka_unit_test(test_places_and_streets),
    };
    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
