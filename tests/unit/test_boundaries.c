/* Unit tests of boundary lines, markers, rounds, records and the inside-
 * work checks.  Synthetic units are squares laid out in EPSG:4544 metres
 * (near 105E 35.8N) with known overlaps, gaps and deviations:
 *
 *   C = [0,2000] x [1000,2000]                 D = [2002,3000] x [0,2000]
 *   A = [0,1000] x [0,1000] less the notch     B = [995,2000] x [0,1000]
 *       [400,600] x [900,1000]
 *
 *   A and B overlap by 5 x 1000 = 5000 m2; the notch of A under C is an
 *   enclosed gap of 200 x 100 = 20000 m2; the strip [2000,2002] x [0,2000]
 *   between B, C and D is a gap of 4000 m2 open at both ends.
 *
 * Lines: 100102 (A|C) drawn straight along y = 1000, 100 m from the shared
 * edge where the notch is; 101102 (B|C) drawn along y = 1003, 5.83 m
 * (sqrt 34) from the shared edge's west end (995, 1000); 102103 (C|D) and
 * 101103 (B|D) between units that do not touch.  Every finding of the
 * checks is asserted with its measured value; then the real township
 * polygons of Huining are derived into lines, given markers and checked. */
#include <math.h>
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

#include "geo_topology.h"
#include "import.h"
#include "reg_boundaries.h"
#include "reg_internal.h"

#define E0 500000.0
#define N0 3960000.0


/* ---- helpers ------------------------------------------------------------ */

/* The integer a query returns. */
static long long query_int(reg_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(reg_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* GEOS callback: moves local metres to EPSG:4544. */
static int shift(double *x, double *y, void *unused)
{
    (void)unused;
    *x += E0;
    *y += N0;
    return 1;
}

/* A geometry in EPSG:4490 from WKT in local metres. */
static GEOSGeometry *local(reg_db *db, const char *wkt)
{
    GEOSContextHandle_t h = geo_ctx_geos(reg_geo(db));
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, wkt);
    GEOSWKTReader_destroy_r(h, r);
    assert_non_null(g);
    GEOSGeometry *m = GEOSGeom_transformXY_r(h, g, shift, NULL);
    GEOSGeom_destroy_r(h, g);
    assert_non_null(m);
    GEOSSetSRID_r(h, m, 4544);
    GEOSGeometry *out = NULL;
    assert_int_equal(geo_transform_geom(reg_geo(db), GEO_CRS_4544, GEO_CRS_4490, m, &out), GEO_OK);
    GEOSGeom_destroy_r(h, m);
    return out;
}

/* Local metres to lon/lat. */
static void lonlat(reg_db *db, double x, double y, double *lon, double *lat)
{
    *lon = x + E0;
    *lat = y + N0;
    assert_int_equal(geo_transform_point(reg_geo(db), GEO_CRS_4544, GEO_CRS_4490, lon, lat),
                     GEO_OK);
}

static void free_geom(reg_db *db, GEOSGeometry *g)
{
    GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(db)), g);
}

/* Creates a unit, asserting success. */
static void unit(reg_db *db, const char *code, const char *name, const char *level,
                 const char *parent, const char *wkt)
{
    reg_unit_input in = {code, name, level, parent, "2020-01-01"};
    reg_error err = {0};
    assert_int_equal(reg_unit_create(db, "tester", &in, &err), REG_OK);
    if (wkt) {
        GEOSGeometry *g = local(db, wkt);
        assert_int_equal(reg_unit_set_geometry(db, "tester", code, g, NULL, &err), REG_OK);
        free_geom(db, g);
    }
}

/* Registers a line from local WKT. */
static void line(reg_db *db, const char *number, const char *left, const char *right,
                 const char *wkt, const char *last_check)
{
    GEOSGeometry *g = local(db, wkt);
    reg_line_input in = {.number = number, .level = "township", .left_code = left,
                         .right_code = right, .last_joint_check = last_check, .geometry = g};
    reg_error err = {0};
    int rc = reg_boundary_upsert(db, "tester", &in, NULL, &err);
    if (rc != REG_OK)
        print_error("line %s: %s %s\n", number, err.code, err.message_en);
    assert_int_equal(rc, REG_OK);
    free_geom(db, g);
}

/* Registers a marker at local (x, y). */
static void marker(reg_db *db, const char *id, double x, double y)
{
    reg_marker_ref refs[] = {{"电线杆", 45.5, 32.25}, {"独立树", 300, 80}};
    reg_marker_input in = {.id = id, .material = "花岗岩", .year_set = 1999, .refs = refs,
                           .nrefs = 2};
    lonlat(db, x, y, &in.lon, &in.lat);
    reg_error err = {0};
    int rc = reg_marker_upsert(db, "tester", &in, NULL, &err);
    if (rc != REG_OK)
        print_error("marker %s: %s %s\n", id, err.code, err.message_en);
    assert_int_equal(rc, REG_OK);
}

/* The synthetic county of the file's comment, with its lines and markers. */
static reg_db *synthetic(const char *name)
{
    reg_db *db = test_new_db(name);
    unit(db, "62", "甘肃省", "province", NULL, NULL);
    unit(db, "6204", "白银市", "city", "62", NULL);
    unit(db, "620422", "会宁县", "county", "6204", NULL);
    unit(db, "620422100", "甲镇", "town", "620422",
         "POLYGON((0 0,1000 0,1000 1000,600 1000,600 900,400 900,400 1000,0 1000,0 0))");
    unit(db, "620422101", "乙镇", "town", "620422", "POLYGON((995 0,2000 0,2000 1000,995 1000,995 0))");
    unit(db, "620422102", "丙镇", "town", "620422",
         "POLYGON((0 1000,2000 1000,2000 2000,0 2000,0 1000))");
    unit(db, "620422103", "丁镇", "town", "620422",
         "POLYGON((2002 0,3000 0,3000 2000,2002 2000,2002 0))");
    line(db, "100102", "620422100", "620422102", "LINESTRING(0 1000,1000 1000)", NULL);
    line(db, "101102", "620422101", "620422102", "LINESTRING(1000 1003,2000 1003)", "2024-06-01");
    line(db, "102103", "620422102", "620422103", "LINESTRING(2001 1000,2001 2000)", "2010-05-01");
    line(db, "101103", "620422101", "620422103", "LINESTRING(2001 0,2001 1000)", "2015-03-01");
    /* 100102: numbered east to west, against B5. */
    marker(db, "100102001Q", 900, 1000);
    marker(db, "100102002Q", 500, 1000);
    marker(db, "100102003Q", 100, 1000);
    /* 101102: one off the line, a duplicate number, a pair on one side,
     * a gap, a triple with one member, one out of order. */
    marker(db, "101102001Q", 1100, 1003);
    marker(db, "101102002Q", 1300, 1005.5);
    marker(db, "101102003A", 1500, 1013);
    marker(db, "101102003B", 1500, 993);
    marker(db, "101102003Q", 1520, 1003);
    marker(db, "101102005A", 1700, 1020);
    marker(db, "101102005B", 1700, 1010);
    marker(db, "101102006C", 1800, 1003);
    marker(db, "101102007Q", 1750, 1003);
    return db;
}

/* Runs the checks and returns the result (a new reference). */
static json_t *check(reg_db *db, int round, const char *line_number)
{
    reg_check_options opt = {.round = round, .line = line_number};
    json_t *out = NULL;
    reg_error err = {0};
    int rc = reg_check_boundaries(db, &opt, &out, &err);
    if (rc != REG_OK)
        print_error("check: %s %s\n", err.code, err.message_en);
    assert_int_equal(rc, REG_OK);
    return out;
}

/* The findings of code (about marker when not NULL) as a new array. */
static json_t *findings(json_t *result, const char *code, const char *marker_id)
{
    json_t *out = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(result, "findings"), i, f) {
        const char *m = json_string_value(json_object_get(f, "marker"));
        if (strcmp(json_string_value(json_object_get(f, "code")), code) == 0 &&
            (!marker_id || (m && strcmp(m, marker_id) == 0)))
            json_array_append(out, f);
    }
    return out;
}

/* The one finding of code about marker (asserted to be one). */
static json_t *one(json_t *result, const char *code, const char *marker_id)
{
    json_t *list = findings(result, code, marker_id);
    if (json_array_size(list) != 1)
        print_error("%s %s: %zu findings\n", code, marker_id ? marker_id : "",
                    json_array_size(list));
    assert_int_equal(json_array_size(list), 1);
    json_t *f = json_incref(json_array_get(list, 0));
    json_decref(list);
    return f;
}

/* A measured number of a finding. */
static double measured(json_t *f, const char *key)
{
    json_t *v = json_object_get(json_object_get(f, "measured"), key);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

/* The finding's location in local metres. */
static void where(json_t *f, double *x, double *y)
{
    json_t *loc = json_object_get(f, "location");
    *x = json_number_value(json_object_get(loc, "x")) - E0;
    *y = json_number_value(json_object_get(loc, "y")) - N0;
}

/* How many findings of code the result counts. */
static long long count(json_t *result, const char *code)
{
    return json_integer_value(json_object_get(json_object_get(result, "counts"), code));
}

/* ---- geo ------------------------------------------------------------------ */

/* Shared edge, orientation by B5, side, and distance along. */
static void test_geo_lines(void **state)
{
    (void)state;
    geo_ctx *ctx = NULL;
    assert_int_equal(geo_ctx_new(&ctx), GEO_OK);
    GEOSContextHandle_t h = geo_ctx_geos(ctx);
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *a = GEOSWKTReader_read_r(h, r, "POLYGON((0 0,10 0,10 10,0 10,0 0))");
    GEOSGeometry *b = GEOSWKTReader_read_r(h, r, "POLYGON((10 0,20 0,20 10,10 10,10 0))");
    GEOSGeometry *ns = GEOSWKTReader_read_r(h, r, "LINESTRING(5 0,5 100)");
    GEOSGeometry *edge = NULL, *o = NULL, *o2 = NULL;
    assert_int_equal(geo_shared_edge(ctx, a, b, &edge), GEO_OK);
    double len = 0, d = 0, along = 0, x, y;
    assert_int_equal(geo_length(ctx, edge, &len), GEO_OK);
    assert_true(fabs(len - 10) < 1e-9);
    /* A north-south line runs from its north end. */
    assert_int_equal(geo_line_orient(ctx, ns, &o), GEO_OK);
    assert_int_equal(geo_line_point_at(ctx, o, 0, &x, &y), GEO_OK);
    assert_true(fabs(y - 100) < 1e-9);
    /* The edge x = 10 oriented north to south has a on its right (west
     * of a southward line is its right). */
    assert_int_equal(geo_line_orient(ctx, edge, &o2), GEO_OK);
    int side = 0;
    assert_int_equal(geo_line_side(ctx, o2, a, &side), GEO_OK);
    assert_int_equal(side, -1);
    assert_int_equal(geo_line_side(ctx, o2, b, &side), GEO_OK);
    assert_int_equal(side, 1);
    assert_int_equal(geo_point_line(ctx, o, 8, 30, &d, &along), GEO_OK);
    assert_true(fabs(d - 3) < 1e-9 && fabs(along - 70) < 1e-9);
    /* Hausdorff: a line bent by 4 m in its middle. */
    GEOSGeometry *straight = GEOSWKTReader_read_r(h, r, "LINESTRING(0 0,100 0)");
    GEOSGeometry *bent = GEOSWKTReader_read_r(h, r, "LINESTRING(0 0,50 4,100 0)");
    assert_int_equal(geo_hausdorff(ctx, straight, bent, 1.0, &d, &x, &y), GEO_OK);
    assert_true(fabs(d - 4) < 1e-9 && fabs(x - 50) < 1e-9 && fabs(y - 4) < 1e-9);
    assert_int_equal(geo_hausdorff(ctx, straight, a, 1.0, &d, &x, &y), GEO_EINVAL);
    double xs[] = {50, 50}, ys[] = {5, -5}, spread = 0;
    assert_int_equal(geo_group_distance(ctx, straight, xs, ys, 2, &d, &spread), GEO_OK);
    assert_true(d == 0 && fabs(spread - 10) < 1e-9);
    GEOSGeometry *geoms[] = {straight, bent, a, b, ns, edge, o, o2};
    for (size_t i = 0; i < sizeof geoms / sizeof geoms[0]; i++)
        GEOSGeom_destroy_r(h, geoms[i]);
    GEOSWKTReader_destroy_r(h, r);
    geo_ctx_free(ctx);
}

/* ---- register --------------------------------------------------------------- */

/* Lines: upsert is idempotent, audited, validated; read back with markers. */
static void test_lines_register(void **state)
{
    (void)state;
    reg_db *db = synthetic("lines.db");
    reg_error err = {0};
    long long audits = query_int(db, "SELECT count(*) FROM audit_log");
    GEOSGeometry *g = local(db, "LINESTRING(0 1000,1000 1000)");
    reg_line_input in = {.number = "100102", .level = "township", .left_code = "620422100",
                         .right_code = "620422102", .geometry = g};
    char outcome = 0;
    assert_int_equal(reg_boundary_upsert(db, "tester", &in, &outcome, &err), REG_OK);
    assert_int_equal(outcome, '=');
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits);
    in.agreement = "会宁县乡镇界线协议书（2003）第1号";
    assert_int_equal(reg_boundary_upsert(db, "tester", &in, &outcome, &err), REG_OK);
    assert_int_equal(outcome, 'u');
    assert_int_equal(query_int(db, "SELECT count(*) FROM audit_log"), audits + 1);

    struct { reg_line_input in; int status; const char *code; } bad[] = {
        {{.number = "10 01", .level = "township", .left_code = "620422100",
          .right_code = "620422102", .geometry = g}, REG_EINVAL, "line_number_invalid"},
        {{.number = "9", .level = "village", .left_code = "620422100", .right_code = "620422102",
          .geometry = g}, REG_EINVAL, "line_level_invalid"},
        {{.number = "9", .level = "township", .left_code = "620422100", .right_code = "620422100",
          .geometry = g}, REG_EINVAL, "sides_equal"},
        {{.number = "9", .level = "township", .left_code = "620422100", .right_code = "620422199",
          .geometry = g}, REG_ERULE, "side_unknown"},
        {{.number = "9", .level = "county", .left_code = "620422", .right_code = "620423",
          .geometry = g}, REG_EINVAL, "side_name_missing"},
        {{.number = "9", .level = "township", .left_code = "620422100", .right_code = "620422102"},
         REG_EINVAL, "geometry_missing"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(reg_boundary_upsert(db, "tester", &bad[i].in, NULL, &err), bad[i].status);
        assert_string_equal(err.code, bad[i].code);
    }
    GEOSGeometry *poly = local(db, "POLYGON((0 0,1 0,1 1,0 0))");
    in.geometry = poly;
    assert_int_equal(reg_boundary_upsert(db, "tester", &in, NULL, &err), REG_EINVAL);
    assert_string_equal(err.code, "geometry_not_lineal");
    /* A county-level line toward a county the registry does not hold. */
    reg_line_input county = {.number = "6204226208", .level = "county", .left_code = "620422",
                             .right_code = "620826", .right_name = "静宁县", .geometry = g};
    assert_int_equal(reg_boundary_upsert(db, "tester", &county, &outcome, &err), REG_OK);
    json_t *l = NULL;
    assert_int_equal(reg_boundary_get(db, "6204226208", &l, &err), REG_OK);
    assert_true(json_is_true(json_object_get(json_object_get(l, "left"), "held")));
    assert_true(json_is_false(json_object_get(json_object_get(l, "right"), "held")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(l, "left"), "name")),
                        "会宁县");
    json_decref(l);

    assert_int_equal(reg_boundary_get(db, "101102", &l, &err), REG_OK);
    assert_int_equal(json_array_size(json_object_get(l, "markers")), 9);
    assert_true(fabs(json_number_value(json_object_get(l, "length_m")) - 1000) < 0.01);
    assert_true(json_is_false(json_object_get(l, "due")));
    json_decref(l);
    assert_int_equal(reg_boundary_get(db, "999", &l, &err), REG_ENOTFOUND);
    assert_string_equal(err.code, "line_not_found");
    json_t *list = NULL;
    assert_int_equal(reg_boundary_list(db, &list, &err), REG_OK);
    assert_int_equal(json_array_size(list), 5);
    json_decref(list);
    free_geom(db, g);
    free_geom(db, poly);
    reg_close(db);
}

/* Markers: B5 ids, coordinates in both systems, refs, validation. */
static void test_markers_register(void **state)
{
    (void)state;
    reg_db *db = synthetic("markers.db");
    reg_error err = {0};
    json_t *m = NULL;
    assert_int_equal(reg_marker_get(db, "101102002Q", 0, &m, &err), REG_OK);
    assert_int_equal(json_integer_value(json_object_get(m, "seq")), 2);
    assert_string_equal(json_string_value(json_object_get(m, "type")), "Q");
    assert_true(fabs(json_number_value(json_object_get(m, "x")) - (E0 + 1300)) < 0.01);
    assert_true(fabs(json_number_value(json_object_get(m, "y")) - (N0 + 1005.5)) < 0.01);
    json_t *refs = json_object_get(m, "refs");
    assert_int_equal(json_array_size(refs), 2);
    assert_true(json_number_value(json_object_get(json_array_get(refs, 0), "bearing_deg")) == 45.5);
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "condition"), "zh")),
                        "完好");
    json_decref(m);

    reg_marker_input in = {.id = "101102002Q", .condition = "字迹模糊"};
    lonlat(db, 1300, 1005.5, &in.lon, &in.lat);
    char outcome = 0;
    assert_int_equal(reg_marker_upsert(db, "tester", &in, &outcome, &err), REG_OK);
    assert_int_equal(outcome, 'u');
    assert_int_equal(query_int(db, "SELECT count(*) FROM marker_refs WHERE marker_id = '101102002Q'"),
                     0);
    assert_int_equal(reg_marker_upsert(db, "tester", &in, &outcome, &err), REG_OK);
    assert_int_equal(outcome, '=');

    reg_marker_ref badref = {"树", 360, 10};
    struct { const char *id; const char *cond; int year; int nrefs; int status; const char *code; }
    bad[] = {
        {"101102", NULL, 0, 0, REG_EINVAL, "marker_id_invalid"},
        {"101102000Q", NULL, 0, 0, REG_EINVAL, "marker_id_invalid"},
        {"101102001X", NULL, 0, 0, REG_EINVAL, "marker_id_invalid"},
        {"777001Q", NULL, 0, 0, REG_ENOTFOUND, "line_not_found"},
        {"101102008Q", "broken", 0, 0, REG_EINVAL, "bad_condition"},
        {"101102008Q", NULL, 1850, 0, REG_EINVAL, "bad_year"},
        {"101102008Q", NULL, 0, 1, REG_EINVAL, "ref_invalid"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        reg_marker_input b = {.id = bad[i].id, .lon = in.lon, .lat = in.lat,
                              .condition = bad[i].cond, .year_set = bad[i].year,
                              .refs = &badref, .nrefs = (size_t)bad[i].nrefs};
        assert_int_equal(reg_marker_upsert(db, "tester", &b, NULL, &err), bad[i].status);
        assert_string_equal(err.code, bad[i].code);
    }
    reg_marker_input far = {.id = "101102008Q", .lon = 200, .lat = 35};
    assert_int_equal(reg_marker_upsert(db, "tester", &far, NULL, &err), REG_EINVAL);
    assert_string_equal(err.code, "coordinate_out_of_range");
    reg_close(db);
}

/* ---- checks on the synthetic county -------------------------------------------- */

/* Overlaps and gaps between siblings, with their areas and places. */
static void test_check_siblings(void **state)
{
    (void)state;
    reg_db *db = synthetic("siblings.db");
    json_t *r = check(db, 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(r, "units_checked")), 4);
    json_t *f = one(r, "sibling_overlap", NULL);
    double x, y;
    assert_true(fabs(measured(f, "area_m2") - 5000) < 0.5);
    where(f, &x, &y);
    assert_true(x > 994.9 && x < 1000.1 && y > 0 && y < 1000);
    json_t *units = json_object_get(f, "units");
    assert_string_equal(json_string_value(json_array_get(units, 0)), "620422100");
    assert_string_equal(json_string_value(json_array_get(units, 1)), "620422101");
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "geometry"), "type")),
                        "Polygon");
    json_decref(f);
    json_t *gaps = findings(r, "sibling_gap", NULL);
    assert_int_equal(json_array_size(gaps), 2);
    int enclosed_seen = 0, open_seen = 0;
    size_t i;
    json_array_foreach(gaps, i, f) {
        int enclosed = json_is_true(json_object_get(json_object_get(f, "measured"), "enclosed"));
        where(f, &x, &y);
        if (enclosed) {
            enclosed_seen++;
            assert_true(fabs(measured(f, "area_m2") - 20000) < 1);
            assert_true(x > 400 && x < 600 && y > 900 && y < 1000);
            assert_string_equal(json_string_value(json_object_get(f, "severity")), "error");
            assert_int_equal(json_array_size(json_object_get(f, "units")), 2);
        } else {
            open_seen++;
            assert_true(fabs(measured(f, "area_m2") - 4000) < 1);
            assert_true(fabs(measured(f, "mean_width_m") - 2) < 0.01);
            assert_true(x > 2000 && x < 2002);
            assert_string_equal(json_string_value(json_object_get(f, "severity")), "warning");
            assert_int_equal(json_array_size(json_object_get(f, "units")), 3);
        }
    }
    assert_int_equal(enclosed_seen, 1);
    assert_int_equal(open_seen, 1);
    json_decref(gaps);
    json_decref(r);
    /* A minimum area above the sliver's leaves only the notch. */
    reg_check_options opt = {.min_area_m2 = 10000};
    reg_error err = {0};
    assert_int_equal(reg_check_boundaries(db, &opt, &r, &err), REG_OK);
    assert_int_equal(count(r, "sibling_gap"), 1);
    assert_int_equal(count(r, "sibling_overlap"), 0);
    json_decref(r);
    /* With the county's polygon the strip is enclosed by it: both gaps are
     * errors, measured the same. */
    GEOSGeometry *county = local(db, "POLYGON((0 0,3000 0,3000 2000,0 2000,0 0))");
    assert_int_equal(reg_unit_set_geometry(db, "tester", "620422", county, NULL, &err), REG_OK);
    free_geom(db, county);
    r = check(db, 0, NULL);
    gaps = findings(r, "sibling_gap", NULL);
    assert_int_equal(json_array_size(gaps), 2);
    double total = 0;
    json_array_foreach(gaps, i, f) {
        assert_true(json_is_true(json_object_get(json_object_get(f, "measured"), "enclosed")));
        total += measured(f, "area_m2");
    }
    assert_true(fabs(total - 24000) < 1);
    json_decref(gaps);
    json_decref(r);
    reg_close(db);
}

/* Lines against their units' polygons (Hausdorff) and units that do not
 * touch. */
static void test_check_lines(void **state)
{
    (void)state;
    reg_db *db = synthetic("linecheck.db");
    json_t *r = check(db, 0, NULL);
    json_t *dev = findings(r, "line_deviation", NULL);
    assert_int_equal(json_array_size(dev), 2);
    json_t *hd = json_object_get(r, "hausdorff_m");
    assert_int_equal(json_object_size(hd), 2); /* the lines whose units touch */
    assert_true(fabs(json_number_value(json_object_get(hd, "101102")) - sqrt(34)) < 0.01);
    size_t i;
    json_t *f;
    double x, y;
    json_array_foreach(dev, i, f) {
        const char *number = json_string_value(json_object_get(f, "line"));
        where(f, &x, &y);
        if (strcmp(number, "100102") == 0) {
            assert_true(fabs(measured(f, "hausdorff_m") - 100) < 0.01);
            assert_true(fabs(x - 500) < 0.6 && fabs(y - 1000) < 0.01);
        } else {
            assert_string_equal(number, "101102");
            assert_true(fabs(measured(f, "hausdorff_m") - sqrt(34)) < 0.01);
            assert_true(fabs(x - 995) < 0.01 && fabs(y - 1000) < 0.01);
        }
    }
    json_decref(dev);
    json_t *na = findings(r, "line_units_not_adjacent", NULL);
    assert_int_equal(json_array_size(na), 2);
    json_decref(na);
    json_decref(r);
    /* A tolerance of 6 m passes 101102; one line only. */
    reg_check_options opt = {.tolerance_m = 6, .line = "101102"};
    reg_error err = {0};
    assert_int_equal(reg_check_boundaries(db, &opt, &r, &err), REG_OK);
    assert_int_equal(count(r, "line_deviation"), 0);
    assert_int_equal(json_integer_value(json_object_get(r, "lines_checked")), 1);
    json_decref(r);
    opt.line = "nope";
    assert_int_equal(reg_check_boundaries(db, &opt, &r, &err), REG_ENOTFOUND);
    assert_string_equal(err.code, "line_not_found");
    opt.line = NULL;
    opt.tolerance_m = -1;
    assert_int_equal(reg_check_boundaries(db, &opt, &r, &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_tolerance");
    reg_close(db);
}

/* Markers against their line, pairs and triples, and numbering (B5). */
static void test_check_markers(void **state)
{
    (void)state;
    reg_db *db = synthetic("markercheck.db");
    json_t *r = check(db, 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(r, "markers_checked")), 12);
    json_t *f = one(r, "marker_off_line", "101102002Q");
    assert_true(fabs(measured(f, "distance_m") - 2.5) < 0.01);
    json_decref(f);
    assert_int_equal(count(r, "marker_off_line"), 1);
    f = one(r, "marker_number_duplicate", "101102003");
    assert_true(measured(f, "seq") == 3);
    json_decref(f);
    f = one(r, "marker_group_off_line", "101102005AB");
    assert_true(fabs(measured(f, "distance_m") - 7) < 0.01);
    assert_true(fabs(measured(f, "spread_m") - 10) < 0.01);
    json_decref(f);
    assert_int_equal(count(r, "marker_group_off_line"), 1); /* 003 A/B straddle the line */
    f = one(r, "marker_sequence_gap", "101102004");
    assert_true(measured(f, "from") == 4 && measured(f, "to") == 4);
    json_decref(f);
    f = one(r, "marker_group_incomplete", "101102006CDE");
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "measured"), "missing")),
                        "DE");
    json_decref(f);
    f = one(r, "marker_sequence_order", "101102007");
    assert_true(fabs(measured(f, "along_m") - 750) < 0.01);
    assert_true(fabs(measured(f, "previous_along_m") - 800) < 0.01);
    json_decref(f);
    /* 100102 runs east to west as a whole: one direction finding, no
     * order findings. */
    f = one(r, "marker_numbering_direction", NULL);
    assert_string_equal(json_string_value(json_object_get(f, "line")), "100102");
    assert_true(measured(f, "inverted") == 2);
    json_decref(f);
    assert_int_equal(count(r, "marker_sequence_order"), 1);
    json_decref(r);
    reg_close(db);
}

/* Adds a record and asserts the outcome. */
static long record(reg_db *db, reg_inspection_input *in, int want, const char *code)
{
    reg_error err = {0};
    long id = 0;
    char outcome = 0;
    int rc = reg_inspection_add(db, "inspector-wang", in, &id, &outcome, &err);
    if (rc != want)
        print_error("record %s: %d %s %s\n", in->marker, rc, err.code, err.message_en);
    assert_int_equal(rc, want);
    if (code)
        assert_string_equal(err.code, code);
    return id;
}

/* A record input for marker seen at local (x, y) with accuracy. */
static reg_inspection_input obs(reg_db *db, const char *id, double x, double y, double acc,
                                const char *cond)
{
    reg_inspection_input in = {.marker = id, .round = 5,
                               .observed_at = "2026-05-10T09:30:00+08:00",
                               .inspector = "王建国", .has_position = 1, .crs = GEO_CRS_4490,
                               .has_accuracy = 1, .accuracy_m = acc, .condition = cond};
    lonlat(db, x, y, &in.lon, &in.lat);
    return in;
}

/* The synthetic county with round 5 over 100102, 101102 and 102103. */
static reg_db *with_round(const char *name)
{
    reg_db *db = synthetic(name);
    reg_round_line lines[] = {{"100102", "第一联检组", "甲镇 李明", "丙镇 赵刚"},
                              {"101102", "第二联检组", "乙镇 周强", "丙镇 赵刚"},
                              {"102103", NULL, NULL, NULL}};
    reg_round_input r = {.number = 5, .name = "第五次联检", .start_date = "2026-04-01",
                         .lines = lines, .nlines = 3};
    reg_error err = {0};
    assert_int_equal(reg_round_create(db, "admin", &r, &err), REG_OK);
    return db;
}

/* Displacement (B7) and the coverage of a round. */
static void test_check_round(void **state)
{
    (void)state;
    reg_db *db = with_round("round.db");
    reg_inspection_input in = obs(db, "100102001Q", 901.5, 1000, 0.05, "完好");
    record(db, &in, REG_OK, NULL);
    in = obs(db, "100102002Q", 500.5, 1000, 0.05, "damaged");
    record(db, &in, REG_OK, NULL);
    in = obs(db, "100102003Q", 100, 1003, 5, "intact");
    record(db, &in, REG_OK, NULL);
    in = obs(db, "101102001Q", 1104, 1003, 0.02, "displaced");
    in.action = "reset";
    in.party_left = "乙镇 周强";
    in.party_right = "丙镇 赵刚";
    record(db, &in, REG_OK, NULL);
    /* A repair record without both sides, as an older system wrote it. */
    assert_int_equal(sqlite3_exec(reg_sqlite(db),
                                  "INSERT INTO inspection_records (fingerprint, marker_id, round,"
                                  " observed_at, inspector, condition, action, created_at,"
                                  " created_by) VALUES ('legacy', '101102007Q', 5,"
                                  " '2026-05-11T01:00:00.000Z', '旧系统', 'damaged', 'repaired',"
                                  " '2026-05-11T01:00:00.000Z', 'legacy')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    json_t *r = check(db, 5, NULL);
    json_t *f = one(r, "marker_displaced", "100102001Q");
    assert_true(fabs(measured(f, "distance_m") - 1.5) < 0.01);
    assert_string_equal(json_string_value(json_object_get(json_object_get(f, "measured"),
                                                          "recorded_condition")), "intact");
    assert_true(json_is_false(json_object_get(json_object_get(f, "measured"), "within_accuracy")));
    json_decref(f);
    f = one(r, "marker_displaced", "100102003Q");
    assert_true(fabs(measured(f, "distance_m") - 3) < 0.01);
    assert_true(json_is_true(json_object_get(json_object_get(f, "measured"), "within_accuracy")));
    json_decref(f);
    assert_int_equal(count(r, "marker_displaced"), 2); /* 002 at 0.5 m, 101102001Q reset */
    f = one(r, "repair_outstanding", "100102002Q");
    json_decref(f);
    f = one(r, "repair_without_parties", "101102007Q");
    json_decref(f);
    /* 101102 has records: its 7 markers without one are listed. */
    assert_int_equal(count(r, "marker_not_inspected"), 7);
    f = one(r, "line_not_inspected", NULL);
    assert_string_equal(json_string_value(json_object_get(f, "line")), "102103");
    json_decref(f);
    /* 101103 (2015) is due and not in the round; 102103 (2010) is in it. */
    f = one(r, "line_due", NULL);
    assert_string_equal(json_string_value(json_object_get(f, "line")), "101103");
    assert_string_equal(json_string_value(json_object_get(f, "severity")), "error");
    json_decref(f);
    json_decref(r);
    /* Without a round: every due line (100102 never checked, 102103 and
     * 101103), no coverage findings. */
    r = check(db, 0, NULL);
    assert_int_equal(count(r, "line_due"), 3);
    assert_int_equal(count(r, "marker_not_inspected"), 0);
    json_decref(r);
    reg_close(db);
}

/* ---- records ------------------------------------------------------------------ */

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                    'I', 'H', 'D', 'R'};

/* Every bad record is refused before anything is written. */
static void test_records_refused(void **state)
{
    (void)state;
    reg_db *db = with_round("refused.db");
    long long before = query_int(db, "SELECT count(*) FROM inspection_records") +
                       query_int(db, "SELECT count(*) FROM audit_log") +
                       query_int(db, "SELECT count(*) FROM photos");
    reg_inspection_input in = obs(db, "100102001Q", 900 + 50000, 1000, 0.05, "intact");
    record(db, &in, REG_ERULE, "observed_too_far");
    in = obs(db, "100102001Q", 900, 1000, NAN, "intact");
    record(db, &in, REG_EINVAL, "bad_accuracy");
    in = obs(db, "100102001Q", 900, 1000, 0.05, "intact");
    in.has_accuracy = 0;
    record(db, &in, REG_EINVAL, "accuracy_missing");
    in = obs(db, "100102001Q", 900, 1000, 0.05, "broken");
    record(db, &in, REG_EINVAL, "bad_condition");
    in = obs(db, "100102001Q", 900, 1000, 0.05, "damaged");
    in.action = "repaired";
    in.party_left = "甲镇 李明";
    record(db, &in, REG_ERULE, "parties_required");
    in = obs(db, "100102001Q", 900, 1000, 0.05, "intact");
    reg_photo_input text = {(const unsigned char *)"hello", 5};
    in.photos = &text;
    in.nphotos = 1;
    record(db, &in, REG_EMEDIA, "photo_not_image");
    reg_photo_input big = {png, REG_PHOTO_MAX + 1};
    in.photos = &big;
    record(db, &in, REG_ETOOLARGE, "photo_too_large");
    in = obs(db, "100102009Q", 900, 1000, 0.05, "intact");
    record(db, &in, REG_ENOTFOUND, "marker_not_found");
    in = obs(db, "101103001Q", 900, 1000, 0.05, "intact");
    in.round = 4;
    record(db, &in, REG_ENOTFOUND, "round_not_found");
    in = obs(db, "100102001Q", 900, 1000, 0.05, "intact");
    in.observed_at = "2026-03-01T09:00:00+08:00";
    record(db, &in, REG_ERULE, "time_outside_round");
    in.observed_at = "yesterday";
    record(db, &in, REG_EINVAL, "bad_time");
    in = obs(db, "100102001Q", 900, 1000, 0.05, "intact");
    in.has_position = 0;
    in.has_accuracy = 0;
    record(db, &in, REG_EINVAL, "position_required");
    assert_int_equal(query_int(db, "SELECT count(*) FROM inspection_records") +
                         query_int(db, "SELECT count(*) FROM audit_log") +
                         query_int(db, "SELECT count(*) FROM photos"),
                     before);
    /* A closed round takes no more records. */
    reg_round_patch close = {.status = "closed", .end_date = "2026-10-31"};
    reg_error err = {0};
    assert_int_equal(reg_round_update(db, "admin", 5, &close, &err), REG_OK);
    in = obs(db, "100102001Q", 900, 1000, 0.05, "intact");
    record(db, &in, REG_ECONFLICT, "round_closed");
    reg_close(db);
}

/* Idempotent client ids, corrections, photos, append-only records, the
 * marker's condition and closing a round. */
static void test_records_flow(void **state)
{
    (void)state;
    reg_db *db = with_round("flow.db");
    reg_photo_input photo = {png, sizeof png};
    reg_inspection_input in = obs(db, "100102002Q", 500.2, 1000, 0.03, "损坏");
    in.client_id = "tablet-7:0001";
    in.photos = &photo;
    in.nphotos = 1;
    long id = record(db, &in, REG_OK, NULL);
    reg_error err = {0};
    long again = 0;
    char outcome = 0;
    assert_int_equal(reg_inspection_add(db, "inspector-wang", &in, &again, &outcome, &err), REG_OK);
    assert_int_equal(again, id);
    assert_int_equal(outcome, '=');
    assert_int_equal(query_int(db, "SELECT count(*) FROM inspection_records"), 1);
    json_t *m = NULL;
    assert_int_equal(reg_marker_get(db, "100102002Q", 1, &m, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "condition"), "code")),
                        "damaged");
    json_t *rec = json_array_get(json_object_get(m, "records"), 0);
    assert_true(fabs(json_number_value(json_object_get(rec, "distance_m")) - 0.2) < 0.01);
    const char *sha = json_string_value(
        json_object_get(json_array_get(json_object_get(rec, "photos"), 0), "sha256"));
    char path[4096];
    const char *type = NULL;
    long long bytes = 0;
    assert_int_equal(reg_photo_find(db, sha, path, sizeof path, &type, &bytes, &err), REG_OK);
    assert_string_equal(type, "image/png");
    assert_int_equal(bytes, sizeof png);
    assert_int_equal(access(path, R_OK), 0);
    json_decref(m);
    assert_int_equal(reg_photo_find(db, "ab", path, sizeof path, &type, &bytes, &err), REG_EINVAL);
    assert_int_equal(reg_photo_find(db, "0000000000000000000000000000000000000000000000000000000000000000",
                                    path, sizeof path, &type, &bytes, &err), REG_ENOTFOUND);

    /* The same client id with other content is a conflict. */
    in.notes = "补记";
    record(db, &in, REG_ECONFLICT, "record_conflict");
    /* A correction: repaired with both sides; the marker is intact again. */
    reg_inspection_input fix = obs(db, "100102002Q", 500.2, 1000, 0.03, "damaged");
    fix.client_id = "tablet-7:0002";
    fix.corrects_client_id = "tablet-7:0001";
    fix.action = "repaired";
    fix.party_left = "甲镇 李明";
    fix.party_right = "丙镇 赵刚";
    long fixed = record(db, &fix, REG_OK, NULL);
    assert_int_equal(reg_marker_get(db, "100102002Q", 1, &m, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(m, "condition"), "code")),
                        "intact");
    rec = json_array_get(json_object_get(m, "records"), 1);
    assert_int_equal(json_integer_value(json_object_get(rec, "corrected_by")), fixed);
    json_decref(m);
    fix.client_id = "tablet-7:0003";
    record(db, &fix, REG_ECONFLICT, "already_corrected");
    reg_inspection_input other = obs(db, "100102001Q", 900, 1000, 0.03, "intact");
    other.corrects = fixed;
    record(db, &other, REG_ERULE, "correction_mismatch");
    /* Records are never changed. */
    assert_int_not_equal(sqlite3_exec(reg_sqlite(db), "UPDATE inspection_records SET notes = 'x'",
                                      NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(reg_sqlite(db), "DELETE FROM inspection_records", NULL,
                                      NULL, NULL), SQLITE_OK);
    /* A lost marker has no position. */
    reg_inspection_input lost = {.marker = "100102003Q", .round = 5,
                                 .observed_at = "2026-05-12T10:00:00Z", .inspector = "王建国",
                                 .condition = "丢失"};
    record(db, &lost, REG_OK, NULL);
    /* Closing sets the last joint check of the inspected line (B1). */
    reg_round_patch close = {.status = "closed", .end_date = "2026-10-31"};
    assert_int_equal(reg_round_update(db, "admin", 5, &close, &err), REG_OK);
    json_t *l = NULL;
    assert_int_equal(reg_boundary_get(db, "100102", &l, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(l, "last_joint_check")), "2026-10-31");
    json_decref(l);
    assert_int_equal(reg_boundary_get(db, "102103", &l, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(l, "last_joint_check")), "2010-05-01");
    json_decref(l);
    reg_round_patch add = {.lines = &(reg_round_line){"101103", NULL, NULL, NULL}, .nlines = 1};
    assert_int_equal(reg_round_update(db, "admin", 5, &add, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "round_closed");
    json_t *round = NULL;
    assert_int_equal(reg_round_get(db, 5, &round, &err), REG_OK);
    assert_string_equal(json_string_value(json_object_get(round, "status")), "closed");
    assert_int_equal(json_integer_value(json_object_get(round, "records")), 3);
    json_decref(round);
    reg_round_input dup = {.number = 5, .start_date = "2026-01-01"};
    assert_int_equal(reg_round_create(db, "admin", &dup, &err), REG_ECONFLICT);
    assert_string_equal(err.code, "round_exists");
    reg_close(db);
}

/* The report data of a round: latest records, counts and photos. */
static void test_round_report(void **state)
{
    (void)state;
    reg_db *db = with_round("report.db");
    reg_photo_input photo = {png, sizeof png};
    reg_inspection_input in = obs(db, "100102001Q", 900, 1000, 0.05, "faded");
    in.action = "repainted";
    in.photos = &photo;
    in.nphotos = 1;
    record(db, &in, REG_OK, NULL);
    in = obs(db, "100102002Q", 500, 1000, 0.05, "intact");
    record(db, &in, REG_OK, NULL);
    reg_check_options opt = {0};
    json_t *rep = NULL;
    reg_error err = {0};
    assert_int_equal(reg_round_report(db, 5, "100102", &opt, &rep, &err), REG_OK);
    json_t *sum = json_object_get(rep, "summary");
    assert_int_equal(json_integer_value(json_object_get(sum, "markers")), 3);
    assert_int_equal(json_integer_value(json_object_get(sum, "markers_inspected")), 2);
    json_t *by_cond = json_object_get(sum, "by_condition");
    assert_int_equal(json_integer_value(json_object_get(by_cond, "faded")), 1);
    assert_int_equal(json_integer_value(json_object_get(by_cond, "intact")), 1);
    assert_int_equal(json_integer_value(json_object_get(by_cond, "not_inspected")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(sum, "by_action"),
                                                        "repainted")), 1);
    assert_int_equal(json_array_size(json_object_get(sum, "photos")), 1);
    assert_int_equal(json_array_size(json_object_get(rep, "lines")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(rep, "lines"), 0),
                                                          "team")), "第一联检组");
    assert_true(json_is_array(json_object_get(json_object_get(rep, "checks"), "findings")));
    json_decref(rep);
    assert_int_equal(reg_round_report(db, 5, "101103", &opt, &rep, &err), REG_ERULE);
    assert_string_equal(err.code, "line_not_in_round");
    reg_close(db);
}

/* ---- the real township polygons -------------------------------------------------- */

/* Loads the real units and township polygons into a new registry. */
static reg_db *huining(const char *name)
{
    const char *data = getenv("DIMING_DATA");
    assert_non_null(data);
    reg_db *db = test_new_db(name);
    char path[4096];
    import_options opt = {.actor = "tester", .crs = "gcj02", .report = stderr};
    import_summary sum;
    FILE *devnull = fopen("/dev/null", "w");
    opt.report = devnull;
    snprintf(path, sizeof path, "%s/huining/admin_units.csv", data);
    assert_int_equal(import_units_csv(db, path, &opt, &sum), 0);
    snprintf(path, sizeof path, "%s/huining/townships.geojson", data);
    assert_int_equal(import_unit_boundaries(db, path, &opt, &sum), 0);
    fclose(devnull);
    return db;
}

/* Derives the 62 township lines, places markers, and checks the whole
 * county twice: it completes and finds the same things each time. */
static void test_real_townships(void **state)
{
    (void)state;
    reg_db *db = huining("huining.db");
    reg_derive_summary ds;
    reg_error err = {0};
    assert_int_equal(reg_boundary_derive(db, "tester", "township", &ds, &err), REG_OK);
    print_message("  derived %ld lines in %.2f s\n", ds.pairs, ds.seconds);
    assert_int_equal(ds.pairs, 62);
    assert_int_equal(ds.inserted, 62);
    assert_int_equal(reg_boundary_derive(db, "tester", "township", &ds, &err), REG_OK);
    assert_int_equal(ds.unchanged, 62);
    reg_synth_options so = {.seed = 7, .spacing_m = 3000};
    reg_synth_summary ss;
    assert_int_equal(reg_marker_synth(db, "tester", &so, &ss, &err), REG_OK);
    assert_int_equal(ss.lines, 62);
    assert_true(ss.markers > 100);
    long markers = ss.markers;
    assert_int_equal(reg_marker_synth(db, "tester", &so, &ss, &err), REG_OK);
    assert_int_equal(ss.unchanged, markers);
    json_t *a = check(db, 0, NULL), *b = check(db, 0, NULL);
    char *counts = json_dumps(json_object_get(a, "counts"), JSON_COMPACT);
    print_message("  whole-county check: %.2f s, %s\n",
                  json_number_value(json_object_get(a, "elapsed_s")), counts);
    free(counts);
    assert_int_equal(json_integer_value(json_object_get(a, "units_checked")), 28);
    assert_int_equal(json_integer_value(json_object_get(a, "lines_checked")), 62);
    assert_int_equal(json_integer_value(json_object_get(a, "markers_checked")), markers);
    assert_true(json_equal(json_object_get(a, "findings"), json_object_get(b, "findings")));
    /* Lines made from the polygons lie on them; synthetic markers are on
     * their lines, in order. */
    assert_int_equal(count(a, "sibling_overlap"), 0);
    assert_int_equal(count(a, "line_deviation"), 0);
    assert_int_equal(count(a, "line_units_not_adjacent"), 0);
    assert_int_equal(count(a, "marker_off_line"), 0);
    assert_int_equal(count(a, "marker_group_off_line"), 0);
    assert_int_equal(count(a, "marker_sequence_order"), 0);
    assert_int_equal(count(a, "line_due"), 62);
    json_t *hd = json_object_get(a, "hausdorff_m");
    assert_int_equal(json_object_size(hd), 62);
    const char *number;
    json_t *v;
    double worst = 0;
    json_object_foreach(hd, number, v)
        worst = fmax(worst, json_number_value(v));
    print_message("  largest Hausdorff distance line/shared edge: %.3f m\n", worst);
    assert_true(worst < 0.01);
    json_decref(a);
    json_decref(b);
    reg_close(db);
}

/* ---- main ---------------------------------------------------------------------- */



int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geo_lines),
        cmocka_unit_test(test_lines_register),
        cmocka_unit_test(test_markers_register),
        cmocka_unit_test(test_check_siblings),
        cmocka_unit_test(test_check_lines),
        cmocka_unit_test(test_check_markers),
        cmocka_unit_test(test_check_round),
        cmocka_unit_test(test_records_refused),
        cmocka_unit_test(test_records_flow),
        cmocka_unit_test(test_round_report),
        cmocka_unit_test(test_real_townships),
    };
    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
