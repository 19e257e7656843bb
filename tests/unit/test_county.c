/* Unit tests of the county coordinate rule every import applies
 * (registry/reg_county.c): the envelope from the registry's polygons or
 * the built-in one, points and geometries in each source CRS, outside the
 * county and swapped (lat, lon). */
#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

#include "reg_county.h"

/* 会师镇, the county seat, in EPSG:4490. */
#define SEAT_LON 105.0540
#define SEAT_LAT 35.6930

/* Checks one point of crs against the built-in envelope: want is "" for
 * accepted, else the rule code. */
static void check_point(reg_db *db, geo_crs crs, double x, double y, const char *want)
{
    reg_county_box box;
    reg_county_box_builtin(&box);
    reg_error err = {0};
    int rc = reg_county_point(reg_geo(db), &box, crs, &x, &y, "lon", &err);
    if (!want[0]) {
        assert_int_equal(rc, REG_OK);
        return;
    }
    assert_int_equal(rc, REG_EINVAL);
    assert_string_equal(err.code, want);
    assert_string_equal(err.field, "lon");
}

static void test_builtin_envelope(void **state)
{
    (void)state;
    reg_county_box box;
    reg_county_box_builtin(&box);
    assert_true(box.min_lon < SEAT_LON && SEAT_LON < box.max_lon);
    assert_true(box.min_lat < SEAT_LAT && SEAT_LAT < box.max_lat);
    assert_true(box.max_lon - box.min_lon > 0.9 && box.max_lon - box.min_lon < 1.2);
    assert_non_null(strstr(box.source, "会宁县"));
}

static void test_points_each_crs(void **state)
{
    (void)state;
    reg_db *db = test_new_db("points.db");
    check_point(db, GEO_CRS_4490, SEAT_LON, SEAT_LAT, "");
    check_point(db, GEO_CRS_4326, SEAT_LON, SEAT_LAT, "");
    check_point(db, GEO_CRS_GCJ02, 105.0595, 35.6920, "");
    /* 天安门 is far outside; so is 0, 0 */
    check_point(db, GEO_CRS_4490, 116.3913, 39.9075, "outside_county");
    check_point(db, GEO_CRS_4490, 0.0, 0.0, "outside_county");
    /* lat, lon: 105 is no latitude, and the swap lies inside */
    check_point(db, GEO_CRS_4490, SEAT_LAT, SEAT_LON, "swapped_coordinates");
    check_point(db, GEO_CRS_GCJ02, 35.6920, 105.0595, "swapped_coordinates");
    /* a latitude out of range that is no swap */
    check_point(db, GEO_CRS_4490, 20.0, 120.0, "coordinate_out_of_range");
    /* EPSG:4544 metres, E/N and swapped N/E */
    double e = SEAT_LON, n = SEAT_LAT;
    assert_int_equal(geo_transform_point(reg_geo(db), GEO_CRS_4490, GEO_CRS_4544, &e, &n), GEO_OK);
    check_point(db, GEO_CRS_4544, e, n, "");
    check_point(db, GEO_CRS_4544, n, e, "swapped_coordinates");
    reg_close(db);
}

static void test_point_converted_and_margin(void **state)
{
    (void)state;
    reg_db *db = test_new_db("margin.db");
    reg_county_box box;
    reg_county_box_builtin(&box);
    reg_error err = {0};
    double x = SEAT_LON, y = SEAT_LAT;
    assert_int_equal(geo_transform_point(reg_geo(db), GEO_CRS_4490, GEO_CRS_GCJ02, &x, &y), GEO_OK);
    assert_int_equal(reg_county_point(reg_geo(db), &box, GEO_CRS_GCJ02, &x, &y, "lon", &err),
                     REG_OK);
    assert_true(fabs(x - SEAT_LON) < 1e-7 && fabs(y - SEAT_LAT) < 1e-7);
    /* within the margin west of the envelope, then beyond it */
    x = box.min_lon - REG_COUNTY_MARGIN_DEG / 2, y = SEAT_LAT;
    assert_int_equal(reg_county_point(reg_geo(db), &box, GEO_CRS_4490, &x, &y, "x", &err), REG_OK);
    x = box.min_lon - REG_COUNTY_MARGIN_DEG * 1.5, y = SEAT_LAT;
    assert_int_equal(reg_county_point(reg_geo(db), &box, GEO_CRS_4490, &x, &y, "x", &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "outside_county");
    assert_non_null(strstr(err.message_en, "lies outside the county"));
    /* the refused point is left as it was */
    assert_true(x == box.min_lon - REG_COUNTY_MARGIN_DEG * 1.5);
    x = SEAT_LAT, y = SEAT_LON;
    assert_int_equal(reg_county_point(reg_geo(db), &box, GEO_CRS_4490, &x, &y, "x", &err),
                     REG_EINVAL);
    assert_non_null(strstr(err.message_en, "probably swapped (lat, lon)"));
    assert_int_equal(reg_county_point(NULL, &box, GEO_CRS_4490, &x, &y, "x", &err), REG_EINVAL);
    assert_string_equal(err.code, "bad_argument");
    reg_close(db);
}

/* Checks a WKT geometry of crs: want "" for accepted, else the code. */
static void check_geom(reg_db *db, geo_crs crs, const char *wkt, const char *want)
{
    reg_county_box box;
    reg_county_box_builtin(&box);
    GEOSGeometry *g = test_wkt(db, wkt), *out = NULL;
    reg_error err = {0};
    int rc = reg_county_geom(reg_geo(db), &box, crs, g, &out, "wkt", &err);
    test_free_geom(db, g);
    if (!want[0]) {
        assert_int_equal(rc, REG_OK);
        assert_non_null(out);
        test_free_geom(db, out);
        return;
    }
    assert_int_equal(rc, REG_EINVAL);
    assert_null(out);
    assert_string_equal(err.code, want);
    assert_string_equal(err.field, "wkt");
}

static void test_geometries(void **state)
{
    (void)state;
    reg_db *db = test_new_db("geoms.db");
    check_geom(db, GEO_CRS_4490, "LINESTRING(105.05 35.69, 105.06 35.70)", "");
    check_geom(db, GEO_CRS_GCJ02, "POLYGON((105.05 35.69, 105.06 35.69, 105.06 35.70, 105.05 35.69))",
               "");
    check_geom(db, GEO_CRS_4490, "LINESTRING EMPTY", "");
    /* one vertex in Beijing */
    check_geom(db, GEO_CRS_4490, "LINESTRING(105.05 35.69, 116.39 39.91)", "outside_county");
    /* every vertex swapped */
    check_geom(db, GEO_CRS_4490, "LINESTRING(35.69 105.05, 35.70 105.06)", "swapped_coordinates");
    check_geom(db, GEO_CRS_4490, "POINT(35.6930 105.0540)", "swapped_coordinates");
    reg_close(db);
}

static void test_envelope_from_registry(void **state)
{
    (void)state;
    reg_db *db = test_new_db("box.db");
    reg_county_box box;
    reg_error err = {0};
    assert_int_equal(reg_county_box_get(db, &box, &err), REG_OK);
    assert_non_null(strstr(box.source, "built-in"));
    test_seed_units(db);
    GEOSGeometry *town = test_wkt(db, "MULTIPOLYGON(((105.00 35.65, 105.10 35.65, 105.10 35.75,"
                                      " 105.00 35.75, 105.00 35.65)))");
    char outcome = 0;
    assert_int_equal(reg_unit_set_geometry(db, "tester", "620422100", town, &outcome, &err),
                     REG_OK);
    test_free_geom(db, town);
    assert_int_equal(reg_county_box_get(db, &box, &err), REG_OK);
    assert_string_equal(box.source, "the township polygons");
    assert_true(box.min_lon == 105.00 && box.max_lon == 105.10 && box.min_lat == 35.65 &&
                box.max_lat == 35.75);
    /* a point of the county far from this one township is now outside */
    double x = 104.60, y = 36.30;
    assert_int_equal(reg_county_point(reg_geo(db), &box, GEO_CRS_4490, &x, &y, "lon", &err),
                     REG_EINVAL);
    assert_string_equal(err.code, "outside_county");
    GEOSGeometry *county = test_wkt(db, "MULTIPOLYGON(((104.50 35.40, 105.50 35.40, 105.50 36.40,"
                                        " 104.50 36.40, 104.50 35.40)))");
    assert_int_equal(reg_unit_set_geometry(db, "tester", "620422", county, &outcome, &err), REG_OK);
    test_free_geom(db, county);
    assert_int_equal(reg_county_box_get(db, &box, &err), REG_OK);
    assert_string_equal(box.source, "the county polygon");
    assert_true(box.min_lon == 104.50 && box.max_lat == 36.40);
    assert_int_equal(reg_county_box_get(NULL, &box, &err), REG_EINVAL);
    reg_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_envelope),
        cmocka_unit_test(test_points_each_crs),
        cmocka_unit_test(test_point_converted_and_margin),
        cmocka_unit_test(test_geometries),
        cmocka_unit_test(test_envelope_from_registry),
    };
    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
