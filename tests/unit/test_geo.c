/*
 * test_geo.c: unit tests of the geo module (cmocka).
 *
 * Needs DIMING_DATA (the data/ directory: ctest sets it; by hand run
 * `DIMING_DATA=/work/main/data ./build/tests/test_geo`) for the township
 * polygons of 会宁县.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "geo.h"

/* ---------------------------------------------------------------- helpers */

/* Fails unless |a - b| <= tol (this cmocka has no assert_double_equal). */
#define assert_near(a, b, tol) assert_near_at((a), (b), (tol), #a, __FILE__, __LINE__)

/* The body of assert_near: reports both values on failure. */
static void assert_near_at(double a, double b, double tol, const char *what, const char *file,
                           int line)
{
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %s = %.12g, expected %.12g +- %g", file, line, what, a, b, tol);
}

/* Group setup: one context for every test, as one thread would have. */
static int setup_ctx(void **state)
{
    geo_ctx *ctx = NULL;

    if (geo_ctx_new(&ctx) != GEO_OK)
        return -1;
    *state = ctx;
    return 0;
}

/* Group teardown: frees the context. */
static int teardown_ctx(void **state)
{
    geo_ctx_free(*state);
    return 0;
}

/* A new geometry from WKT (the test fails on bad WKT). */
static GEOSGeometry *wkt(geo_ctx *ctx, const char *text)
{
    GEOSContextHandle_t h = geo_ctx_geos(ctx);
    GEOSWKTReader *rd = GEOSWKTReader_create_r(h);
    GEOSGeometry *g;

    assert_non_null(rd);
    g = GEOSWKTReader_read_r(h, rd, text);
    GEOSWKTReader_destroy_r(h, rd);
    assert_non_null(g);
    return g;
}

/* Great-circle distance in metres between two lon/lat points (haversine,
 * mean Earth radius): to measure round-trip errors independently of PROJ. */
static double haversine_m(double lon1, double lat1, double lon2, double lat2)
{
    const double r = 6371008.8, d2r = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * d2r, dlon = (lon2 - lon1) * d2r;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * d2r) * cos(lat2 * d2r) * sin(dlon / 2) * sin(dlon / 2);

    return 2.0 * r * asin(sqrt(a));
}

/* Parses JSON text (the test fails if jansson refuses it). */
static json_t *json(const char *text)
{
    json_error_t jerr;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);

    if (j == NULL)
        fail_msg("bad test JSON %s: %s", text, jerr.text);
    return j;
}

/* json_dumps with the flags geo's callers use; the caller frees. */
static char *dump(const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));

    assert_non_null(s);
    return s;
}

/* -------------------------------------------------------------- context */

/* geo_ctx_new / free / geos check their arguments. */
static void test_ctx_args(void **state)
{
    assert_int_equal(geo_ctx_new(NULL), GEO_EINVAL);
    geo_ctx_free(NULL);
    assert_null(geo_ctx_geos(NULL));
    assert_non_null(geo_ctx_geos(*state));
}

/* ------------------------------------------------------------------ crs */

/* Every accepted spelling, case-insensitively; unknown names refused. */
static void test_crs_parse(void **state)
{
    static const struct {
        const char *text;
        geo_crs crs;
    } ok[] = {
        {"EPSG:4490", GEO_CRS_4490},
        {"epsg:4490", GEO_CRS_4490},
        {"http://www.opengis.net/def/crs/EPSG/0/4490", GEO_CRS_4490},
        {"urn:ogc:def:crs:EPSG::4490", GEO_CRS_4490},
        {"EPSG:4326", GEO_CRS_4326},
        {"CRS84", GEO_CRS_4326},
        {"crs84", GEO_CRS_4326},
        {"OGC:CRS84", GEO_CRS_4326},
        {"http://www.opengis.net/def/crs/OGC/1.3/CRS84", GEO_CRS_4326},
        {"urn:ogc:def:crs:OGC:1.3:CRS84", GEO_CRS_4326},
        {"EPSG:4544", GEO_CRS_4544},
        {"http://www.opengis.net/def/crs/EPSG/0/4544", GEO_CRS_4544},
        {"gcj02", GEO_CRS_GCJ02},
        {"GCJ02", GEO_CRS_GCJ02},
    };
    static const char *bad[] = {"", "EPSG:3857", "EPSG:4490 ", "4490", "bd09", "gcj-02",
                                "EPSG:45440", "http://www.opengis.net/def/crs/EPSG/0/3857"};
    geo_crs crs;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        crs = (geo_crs)-1;
        assert_int_equal(geo_crs_parse(ok[i].text, &crs), GEO_OK);
        assert_int_equal(crs, ok[i].crs);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        crs = GEO_CRS_4544;
        assert_int_equal(geo_crs_parse(bad[i], &crs), GEO_EINVAL);
        assert_int_equal(crs, GEO_CRS_4544); /* untouched */
    }
    assert_int_equal(geo_crs_parse(NULL, &crs), GEO_EINVAL);
    assert_int_equal(geo_crs_parse("EPSG:4490", NULL), GEO_EINVAL);
}

/* Canonical names parse back to the same CRS; values outside the enum. */
static void test_crs_name(void **state)
{
    geo_crs all[] = {GEO_CRS_4490, GEO_CRS_4326, GEO_CRS_4544, GEO_CRS_GCJ02};
    geo_crs back;
    size_t i;

    (void)state;
    assert_string_equal(geo_crs_name(GEO_CRS_4490), "EPSG:4490");
    assert_string_equal(geo_crs_name(GEO_CRS_4326), "EPSG:4326");
    assert_string_equal(geo_crs_name(GEO_CRS_4544), "EPSG:4544");
    assert_string_equal(geo_crs_name(GEO_CRS_GCJ02), "gcj02");
    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        assert_int_equal(geo_crs_parse(geo_crs_name(all[i]), &back), GEO_OK);
        assert_int_equal(back, all[i]);
    }
    assert_null(geo_crs_name((geo_crs)99));
    assert_int_equal(geo_crs_is_geographic(GEO_CRS_4490), 1);
    assert_int_equal(geo_crs_is_geographic(GEO_CRS_4326), 1);
    assert_int_equal(geo_crs_is_geographic(GEO_CRS_GCJ02), 1);
    assert_int_equal(geo_crs_is_geographic(GEO_CRS_4544), 0);
    assert_int_equal(geo_crs_is_geographic((geo_crs)99), GEO_EINVAL);
}

/* .prj texts are named by PROJ's identification: the OGC WKT SpatiaLite
 * writes, the ESRI WKT of ArcGIS and GDAL; other CRSs and text that is no
 * CRS are refused. */
static void test_crs_from_wkt(void **state)
{
    static const struct {
        const char *wkt;
        geo_crs want;
    } ok[] = {
        {"GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\","
         "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
         "UNIT[\"Degree\",0.0174532925199433]]",
         GEO_CRS_4490},
        {"GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
         "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]",
         GEO_CRS_4326},
        {"PROJCS[\"CGCS2000_3_Degree_GK_CM_105E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_"
         "System_2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,"
         "298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
         "PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
         "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],"
         "PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],"
         "UNIT[\"Meter\",1.0]]",
         GEO_CRS_4544},
        {"GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\","
         "SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],"
         "AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
         "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],"
         "AUTHORITY[\"EPSG\",\"4490\"]]",
         GEO_CRS_4490},
    };
    geo_crs got;
    char err[GEO_ERRLEN];

    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        got = (geo_crs)99;
        assert_int_equal(geo_crs_from_wkt(*state, ok[i].wkt, &got, err, sizeof err), GEO_OK);
        assert_int_equal(got, ok[i].want);
    }
    assert_int_equal(geo_crs_from_wkt(*state,
                                      "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\","
                                      "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\","
                                      "SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
                                      "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\","
                                      "0.0174532925199433]],PROJECTION[\"Mercator_Auxiliary_"
                                      "Sphere\"],PARAMETER[\"False_Easting\",0.0],"
                                      "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_"
                                      "Meridian\",0.0],PARAMETER[\"Standard_Parallel_1\",0.0],"
                                      "PARAMETER[\"Auxiliary_Sphere_Type\",0.0],"
                                      "UNIT[\"Meter\",1.0]]",
                                      &got, err, sizeof err),
                     GEO_ENOTFOUND);
    assert_non_null(strstr(err, "is not EPSG:4490"));
    assert_int_equal(geo_crs_from_wkt(*state, "not a CRS", &got, err, sizeof err), GEO_EINVAL);
    assert_int_equal(geo_crs_from_wkt(*state, NULL, &got, err, sizeof err), GEO_EINVAL);
    assert_int_equal(geo_crs_from_wkt(NULL, ok[0].wkt, &got, err, sizeof err), GEO_EINVAL);
}

/* ------------------------------------------------------------ transform */

/* Reference values from PROJ's own command-line tool (proj-bin 9.1.1):
 *   printf "35.7 105.05\n36.0 105.0\n35.4 104.5\n36.5 105.6\n" |
 *       cs2cs -d 4 EPSG:4490 EPSG:4544
 * which prints (EPSG axis order: lat lon in, N E out)
 *   3952256.9555 504525.1971 / 3985542.6703 500000.0000 /
 *   3919085.4063 454578.9575 / 4041191.9148 553754.9503 */
static const struct {
    double lon, lat, e, n;
} ref_4544[] = {
    {105.05, 35.7, 504525.1971, 3952256.9555},
    {105.0, 36.0, 500000.0000, 3985542.6703},
    {104.5, 35.4, 454578.9575, 3919085.4063},
    {105.6, 36.5, 553754.9503, 4041191.9148},
};

/* 4490 -> 4544 matches cs2cs to 1 mm; 4544 -> 4490 comes back to 1e-9 deg. */
static void test_transform_4544_reference(void **state)
{
    size_t i;

    for (i = 0; i < sizeof ref_4544 / sizeof ref_4544[0]; i++) {
        double x = ref_4544[i].lon, y = ref_4544[i].lat;

        assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4544, &x, &y), GEO_OK);
        assert_near(x, ref_4544[i].e, 0.001);
        assert_near(y, ref_4544[i].n, 0.001);
        assert_int_equal(geo_transform_point(*state, GEO_CRS_4544, GEO_CRS_4490, &x, &y), GEO_OK);
        assert_near(x, ref_4544[i].lon, 1e-9);
        assert_near(y, ref_4544[i].lat, 1e-9);
        /* EPSG:4326 is taken as 4490: the same metres. */
        x = ref_4544[i].lon;
        y = ref_4544[i].lat;
        assert_int_equal(geo_transform_point(*state, GEO_CRS_4326, GEO_CRS_4544, &x, &y), GEO_OK);
        assert_near(x, ref_4544[i].e, 0.001);
        assert_near(y, ref_4544[i].n, 0.001);
    }
}

/* A point on the central meridian 105E has false easting E = 500000 exactly. */
static void test_transform_central_meridian(void **state)
{
    double lats[] = {35.4, 35.9, 36.5};
    size_t i;

    for (i = 0; i < sizeof lats / sizeof lats[0]; i++) {
        double x = 105.0, y = lats[i];

        assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4544, &x, &y), GEO_OK);
        assert_near(x, 500000.0, 1e-6);
        assert_true(y > 3900000.0 && y < 4100000.0);
    }
}

/* 4490 <-> 4326 is the identity; 4490 -> 4490 leaves the point alone. */
static void test_transform_4326_identity(void **state)
{
    double x = 105.123456789, y = 35.987654321;

    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4326, &x, &y), GEO_OK);
    assert_near(x, 105.123456789, 1e-12);
    assert_near(y, 35.987654321, 1e-12);
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4326, GEO_CRS_4490, &x, &y), GEO_OK);
    assert_near(x, 105.123456789, 1e-12);
    assert_near(y, 35.987654321, 1e-12);
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4490, &x, &y), GEO_OK);
    assert_true(x == 105.123456789 && y == 35.987654321);
}

/* lon=200, lat=95 and non-finite input are refused (PROJ itself would not);
 * the point is untouched; bad arguments are GEO_EINVAL. */
static void test_transform_range(void **state)
{
    static const struct {
        geo_crs from;
        double x, y;
    } bad[] = {
        {GEO_CRS_4490, 200.0, 35.0}, {GEO_CRS_4490, 105.0, 95.0}, {GEO_CRS_4490, -180.5, 0.0},
        {GEO_CRS_4490, 0.0, -90.5},  {GEO_CRS_4326, 200.0, 35.0}, {GEO_CRS_GCJ02, 105.0, 95.0},
        {GEO_CRS_4490, NAN, 35.0},   {GEO_CRS_4490, 105.0, INFINITY},
        {GEO_CRS_4544, NAN, 3952256.0}, {GEO_CRS_4544, 500000.0, -INFINITY},
    };
    size_t i;
    double x, y;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        x = bad[i].x;
        y = bad[i].y;
        assert_int_equal(geo_transform_point(*state, bad[i].from, GEO_CRS_4544, &x, &y),
                         GEO_ERANGE);
        assert_memory_equal(&x, &bad[i].x, sizeof x);
        assert_memory_equal(&y, &bad[i].y, sizeof y);
    }
    x = 180.0;
    y = -90.0;
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4326, &x, &y), GEO_OK);
    x = 105.0;
    y = 35.0;
    assert_int_equal(geo_transform_point(NULL, GEO_CRS_4490, GEO_CRS_4544, &x, &y), GEO_EINVAL);
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4544, NULL, &y),
                     GEO_EINVAL);
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4544, &x, NULL),
                     GEO_EINVAL);
    assert_int_equal(geo_transform_point(*state, (geo_crs)99, GEO_CRS_4544, &x, &y), GEO_EINVAL);
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, (geo_crs)-1, &x, &y), GEO_EINVAL);
}

/* gcj02 -> 4544 goes through 4490: decode then project. */
static void test_transform_gcj02_path(void **state)
{
    double glon, glat, x, y, wx = 105.05, wy = 35.7;

    assert_int_equal(geo_gcj02_encode(105.05, 35.7, &glon, &glat), GEO_OK);
    x = glon;
    y = glat;
    assert_int_equal(geo_transform_point(*state, GEO_CRS_GCJ02, GEO_CRS_4544, &x, &y), GEO_OK);
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4544, &wx, &wy), GEO_OK);
    assert_near(x, wx, 0.001);
    assert_near(y, wy, 0.001);
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4544, GEO_CRS_GCJ02, &x, &y), GEO_OK);
    assert_near(x, glon, 1e-9);
    assert_near(y, glat, 1e-9);
}

/* WKT of every geometry type around Huining (lon/lat), in WKB code order. */
static const char *const wkt_all[] = {
    "POINT (105.05 35.7)",
    "LINESTRING (105.0 35.6, 105.1 35.7, 105.2 35.65)",
    "POLYGON ((104.9 35.5, 105.2 35.5, 105.2 35.8, 104.9 35.8, 104.9 35.5),"
    " (105.0 35.6, 105.0 35.7, 105.1 35.7, 105.0 35.6))",
    "MULTIPOINT ((105.05 35.7), (104.6 36.1))",
    "MULTILINESTRING ((105.0 35.6, 105.1 35.7), (104.7 36.0, 104.8 36.2, 104.9 36.1))",
    "MULTIPOLYGON (((104.9 35.5, 105.2 35.5, 105.2 35.8, 104.9 35.5)),"
    " ((105.3 36.0, 105.5 36.0, 105.5 36.2, 105.3 36.0)))",
    "GEOMETRYCOLLECTION (POINT (105.05 35.7), LINESTRING (105.0 35.6, 105.1 35.7),"
    " POLYGON ((104.9 35.5, 105.2 35.5, 105.2 35.8, 104.9 35.5)),"
    " GEOMETRYCOLLECTION (POINT (104.6 36.1)))",
};

/* Every geometry type goes 4490 -> 4544 -> 4490 unchanged (1e-9 deg), keeps
 * its type and gets the target SRID; points match the point transform. */
static void test_transform_geom_all_types(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    size_t i;

    for (i = 0; i < sizeof wkt_all / sizeof wkt_all[0]; i++) {
        GEOSGeometry *g = wkt(*state, wkt_all[i]), *m = NULL, *back = NULL;

        assert_int_equal(geo_transform_geom(*state, GEO_CRS_4490, GEO_CRS_4544, g, &m), GEO_OK);
        assert_int_equal(GEOSGeomTypeId_r(h, m), GEOSGeomTypeId_r(h, g));
        assert_int_equal(GEOSGetSRID_r(h, m), 4544);
        assert_int_equal(GEOSGetNumCoordinates_r(h, m), GEOSGetNumCoordinates_r(h, g));
        assert_int_equal(geo_transform_geom(*state, GEO_CRS_4544, GEO_CRS_4490, m, &back),
                         GEO_OK);
        assert_int_equal(GEOSGetSRID_r(h, back), 4490);
        assert_int_equal(GEOSEqualsExact_r(h, g, back, 1e-9), 1);
        GEOSGeom_destroy_r(h, back);
        assert_int_equal(geo_transform_geom(*state, GEO_CRS_4490, GEO_CRS_GCJ02, g, &back),
                         GEO_OK);
        assert_int_equal(GEOSGetSRID_r(h, back), 0);
        GEOSGeom_destroy_r(h, back);
        GEOSGeom_destroy_r(h, m);
        GEOSGeom_destroy_r(h, g);
    }
}

/* A geometry with one point out of range is refused with GEO_ERANGE and no
 * output; bad arguments are GEO_EINVAL. */
static void test_transform_geom_errors(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    GEOSGeometry *g = wkt(*state, "LINESTRING (105 35, 200 35)");
    GEOSGeometry *out = (GEOSGeometry *)1;

    assert_int_equal(geo_transform_geom(*state, GEO_CRS_4490, GEO_CRS_4544, g, &out), GEO_ERANGE);
    assert_null(out);
    assert_int_equal(geo_transform_geom(NULL, GEO_CRS_4490, GEO_CRS_4544, g, &out), GEO_EINVAL);
    assert_int_equal(geo_transform_geom(*state, GEO_CRS_4490, GEO_CRS_4544, NULL, &out),
                     GEO_EINVAL);
    assert_int_equal(geo_transform_geom(*state, GEO_CRS_4490, GEO_CRS_4544, g, NULL),
                     GEO_EINVAL);
    assert_int_equal(geo_transform_geom(*state, (geo_crs)7, GEO_CRS_4544, g, &out), GEO_EINVAL);
    GEOSGeom_destroy_r(h, g);
}

/* ---------------------------------------------------------------- gcj02 */

/* Published test vectors of googollee/eviltransform (go/transform_test.go,
 * an independent implementation of the same formula): WGS 84 -> GCJ-02. */
static void test_gcj02_reference(void **state)
{
    static const struct {
        double wlat, wlon, glat, glon;
    } ref[] = {
        {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},   /* Shanghai */
        {22.543847, 113.912316, 22.540796131694766, 113.9171764808363},   /* Shenzhen */
        {39.911954, 116.377817, 39.91334545536069, 116.38404722455657},   /* Beijing */
    };
    size_t i;
    double lon, lat;

    (void)state;
    for (i = 0; i < sizeof ref / sizeof ref[0]; i++) {
        assert_int_equal(geo_gcj02_encode(ref[i].wlon, ref[i].wlat, &lon, &lat), GEO_OK);
        assert_near(lon, ref[i].glon, 1e-9);
        assert_near(lat, ref[i].glat, 1e-9);
        assert_int_equal(geo_gcj02_decode(ref[i].glon, ref[i].glat, &lon, &lat), GEO_OK);
        assert_true(haversine_m(lon, lat, ref[i].wlon, ref[i].wlat) < 0.01);
    }
}

/* encode then decode comes back within 1 cm: a grid over Huining
 * (104.5-105.6E, 35.4-36.5N), Beijing and Urumqi. */
static void test_gcj02_round_trip(void **state)
{
    static const double far[][2] = {{116.3975, 39.9087}, {87.6168, 43.8256}};
    double lon, lat, glon, glat, back_lon, back_lat, worst = 0.0, d;
    int i, j;

    (void)state;
    for (i = 0; i <= 11; i++) {
        for (j = 0; j <= 11; j++) {
            lon = 104.5 + 0.1 * i;
            lat = 35.4 + 0.1 * j;
            assert_int_equal(geo_gcj02_encode(lon, lat, &glon, &glat), GEO_OK);
            assert_int_equal(geo_gcj02_decode(glon, glat, &back_lon, &back_lat), GEO_OK);
            d = haversine_m(lon, lat, back_lon, back_lat);
            if (d > worst)
                worst = d;
        }
    }
    for (i = 0; i < 2; i++) {
        assert_int_equal(geo_gcj02_encode(far[i][0], far[i][1], &glon, &glat), GEO_OK);
        assert_true(haversine_m(far[i][0], far[i][1], glon, glat) > 50.0); /* really moved */
        assert_int_equal(geo_gcj02_decode(glon, glat, &back_lon, &back_lat), GEO_OK);
        d = haversine_m(far[i][0], far[i][1], back_lon, back_lat);
        if (d > worst)
            worst = d;
    }
    assert_true(worst < 0.01);
}

/* The GCJ-02 offset at Huining, measured in metres in EPSG:4544, is in the
 * 100-700 m range Chinese web maps are known for. */
static void test_gcj02_offset_huining(void **state)
{
    double lon = 105.05, lat = 35.7, glon, glat, e1, n1, e2, n2, off;

    assert_int_equal(geo_gcj02_encode(lon, lat, &glon, &glat), GEO_OK);
    e1 = lon;
    n1 = lat;
    e2 = glon;
    n2 = glat;
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4544, &e1, &n1), GEO_OK);
    assert_int_equal(geo_transform_point(*state, GEO_CRS_4490, GEO_CRS_4544, &e2, &n2), GEO_OK);
    off = hypot(e2 - e1, n2 - n1);
    assert_true(off > 100.0 && off < 700.0);
}

/* Just inside the rectangle's west edge the offset jumps and there may be no
 * exact inverse: decode still ends (capped) with a finite point nearby. */
static void test_gcj02_decode_edge(void **state)
{
    static const double pts[][2] = {{72.0045, 40.0}, {72.0041, 30.0}, {137.8346, 45.0},
                                    {100.0, 0.8295}, {120.0, 55.827}};
    double lon, lat;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        assert_int_equal(geo_gcj02_decode(pts[i][0], pts[i][1], &lon, &lat), GEO_OK);
        assert_true(isfinite(lon) && isfinite(lat));
        assert_true(haversine_m(lon, lat, pts[i][0], pts[i][1]) < 2000.0);
    }
}

/* Outside China (Paris) nothing moves; out-of-range input and NULL outputs
 * are refused. */
static void test_gcj02_outside_and_errors(void **state)
{
    double lon, lat;

    (void)state;
    assert_int_equal(geo_gcj02_encode(2.35, 48.85, &lon, &lat), GEO_OK);
    assert_true(lon == 2.35 && lat == 48.85);
    assert_int_equal(geo_gcj02_decode(2.35, 48.85, &lon, &lat), GEO_OK);
    assert_true(lon == 2.35 && lat == 48.85);
    assert_int_equal(geo_gcj02_encode(200.0, 35.0, &lon, &lat), GEO_ERANGE);
    assert_int_equal(geo_gcj02_encode(105.0, 95.0, &lon, &lat), GEO_ERANGE);
    assert_int_equal(geo_gcj02_decode(NAN, 35.0, &lon, &lat), GEO_ERANGE);
    assert_int_equal(geo_gcj02_encode(105.0, 35.0, NULL, &lat), GEO_EINVAL);
    assert_int_equal(geo_gcj02_decode(105.0, 35.0, &lon, NULL), GEO_EINVAL);
}

/* -------------------------------------------------------------- geojson */

/* Every geometry type: read, write with 7 decimals, and the JSON is equal
 * to the input; the geometry has SRID 4490 and the expected GEOS type. */
static void test_geojson_round_trip(void **state)
{
    static const struct {
        const char *text;
        int type;
    } cases[] = {
        {"{\"type\":\"Point\",\"coordinates\":[105.05,35.7]}", GEOS_POINT},
        {"{\"type\":\"LineString\",\"coordinates\":[[105.0,35.6],[105.1,35.7],[105.2,35.65]]}",
         GEOS_LINESTRING},
        {"{\"type\":\"Polygon\",\"coordinates\":[[[104.9,35.5],[105.2,35.5],[105.2,35.8],"
         "[104.9,35.8],[104.9,35.5]],[[105.0,35.6],[105.0,35.7],[105.1,35.7],[105.0,35.6]]]}",
         GEOS_POLYGON},
        {"{\"type\":\"MultiPoint\",\"coordinates\":[[105.05,35.7],[104.6,36.1]]}",
         GEOS_MULTIPOINT},
        {"{\"type\":\"MultiLineString\",\"coordinates\":[[[105.0,35.6],[105.1,35.7]],"
         "[[104.7,36.0],[104.8,36.2],[104.9,36.1]]]}",
         GEOS_MULTILINESTRING},
        {"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[104.9,35.5],[105.2,35.5],[105.2,35.8],"
         "[104.9,35.5]]],[[[105.3,36.0],[105.5,36.0],[105.5,36.2],[105.3,36.0]]]]}",
         GEOS_MULTIPOLYGON},
        {"{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":"
         "[105.05,35.7]},{\"type\":\"LineString\",\"coordinates\":[[105.0,35.6],[105.1,35.7]]},"
         "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Polygon\",\"coordinates\":"
         "[[[104.9,35.5],[105.2,35.5],[105.2,35.8],[104.9,35.5]]]}]}]}",
         GEOS_GEOMETRYCOLLECTION},
    };
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    char err[GEO_ERRLEN];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *in = json(cases[i].text), *out;
        GEOSGeometry *g = NULL;
        char *text;

        err[0] = '\0';
        assert_int_equal(geo_geojson_read(*state, in, &g, err, sizeof err), GEO_OK);
        assert_string_equal(err, "");
        assert_int_equal(GEOSGeomTypeId_r(h, g), cases[i].type);
        assert_int_equal(GEOSGetSRID_r(h, g), 4490);
        out = geo_geojson_write(*state, g, 7);
        assert_non_null(out);
        text = dump(out);
        if (!json_equal(in, out))
            fail_msg("round trip changed %s into %s", cases[i].text, text);
        free(text);
        json_decref(out);
        json_decref(in);
        GEOSGeom_destroy_r(h, g);
    }
}

/* An altitude is accepted and dropped; integers are numbers too. */
static void test_geojson_read_altitude_integers(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    json_t *in = json("{\"type\":\"LineString\",\"coordinates\":[[105,35,1800.5],[106,36]]}");
    GEOSGeometry *g = NULL;
    const GEOSCoordSequence *seq;
    double x, y;

    assert_int_equal(geo_geojson_read(*state, in, &g, NULL, 0), GEO_OK);
    assert_int_equal(GEOSGeom_getCoordinateDimension_r(h, g), 2);
    seq = GEOSGeom_getCoordSeq_r(h, g);
    assert_non_null(seq);
    assert_int_equal(GEOSCoordSeq_getXY_r(h, seq, 0, &x, &y), 1);
    assert_true(x == 105.0 && y == 35.0);
    assert_int_equal(GEOSCoordSeq_getXY_r(h, seq, 1, &x, &y), 1);
    assert_true(x == 106.0 && y == 36.0);
    GEOSGeom_destroy_r(h, g);
    json_decref(in);
}

/* Malformed GeoJSON: each refused with GEO_EINVAL, no geometry, and a
 * reason that names the problem. */
static void test_geojson_malformed(void **state)
{
    static const struct {
        const char *text;
        const char *reason; /* a substring of err */
    } cases[] = {
        {"[105.0,35.0]", "not a JSON object"},
        {"{\"coordinates\":[105.0,35.0]}", "no string member \"type\""},
        {"{\"type\":7,\"coordinates\":[105.0,35.0]}", "no string member \"type\""},
        {"{\"type\":\"Feature\",\"geometry\":null}", "\"Feature\" is not a GeoJSON geometry type"},
        {"{\"type\":\"point\",\"coordinates\":[105.0,35.0]}", "not a GeoJSON geometry type"},
        {"{\"type\":\"Point\"}", "Point has no \"coordinates\""},
        {"{\"type\":\"Point\",\"coordinates\":\"105,35\"}", "position is not an array"},
        {"{\"type\":\"Point\",\"coordinates\":[105.0]}", "position has 1 elements"},
        {"{\"type\":\"Point\",\"coordinates\":[]}", "position has 0 elements"},
        {"{\"type\":\"Point\",\"coordinates\":[1.0,2.0,3.0,4.0]}", "position has 4 elements"},
        {"{\"type\":\"Point\",\"coordinates\":[105.0,\"35\"]}", "coordinate is not a number"},
        {"{\"type\":\"Point\",\"coordinates\":[105.0,null]}", "coordinate is not a number"},
        {"{\"type\":\"Point\",\"coordinates\":[[105.0,35.0]]}", "nesting error"},
        {"{\"type\":\"LineString\",\"coordinates\":[105.0,35.0]}", "nesting error"},
        {"{\"type\":\"LineString\",\"coordinates\":[[105.0,35.0]]}",
         "LineString has 1 position; at least 2 needed"},
        {"{\"type\":\"LineString\",\"coordinates\":[]}", "LineString has 0 positions"},
        {"{\"type\":\"LineString\",\"coordinates\":{\"a\":1}}", "LineString is not an array"},
        {"{\"type\":\"Polygon\",\"coordinates\":[]}", "Polygon has no rings"},
        {"{\"type\":\"Polygon\",\"coordinates\":[[[105.0,35.0],[106.0,35.0],[105.0,35.0]]]}",
         "linear ring has 3 positions; at least 4 needed"},
        {"{\"type\":\"Polygon\",\"coordinates\":[[[105.0,35.0],[106.0,35.0],[106.0,36.0],"
         "[105.0,36.0]]]}",
         "linear ring is not closed"},
        {"{\"type\":\"Polygon\",\"coordinates\":[[[105.0,35.0],[106.0,35.0],[106.0,36.0],"
         "[105.0,35.0]],[[105.1,35.1],[105.2,35.1],[105.1,35.1]]]}",
         "linear ring has 3 positions"},
        {"{\"type\":\"Polygon\",\"coordinates\":[[105.0,35.0],[106.0,35.0],[106.0,36.0],"
         "[105.0,35.0]]}",
         "nesting error"},
        {"{\"type\":\"MultiPoint\",\"coordinates\":[]}", "MultiPoint coordinates is empty"},
        {"{\"type\":\"MultiPoint\",\"coordinates\":[105.0,35.0]}", "nesting error"},
        {"{\"type\":\"MultiLineString\",\"coordinates\":[[[105.0,35.0]]]}",
         "LineString has 1 position"},
        {"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[105.0,35.0],[106.0,35.0],[106.0,36.0],"
         "[105.0,35.0]]],[]]}",
         "Polygon has no rings"},
        {"{\"type\":\"MultiPolygon\",\"coordinates\":\"x\"}",
         "MultiPolygon coordinates is not an array"},
        {"{\"type\":\"GeometryCollection\"}", "GeometryCollection \"geometries\" is not an array"},
        {"{\"type\":\"GeometryCollection\",\"geometries\":[]}", "is empty"},
        {"{\"type\":\"GeometryCollection\",\"geometries\":[[105.0,35.0]]}",
         "geometry is not a JSON object"},
        {"{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":"
         "[105.0,35.0]},{\"type\":\"LineString\",\"coordinates\":[[1.0,2.0]]}]}",
         "LineString has 1 position"},
        {"{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"GeometryCollection\","
         "\"geometries\":[{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":"
         "\"GeometryCollection\",\"geometries\":[{\"type\":\"GeometryCollection\",\"geometries\":"
         "[{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"GeometryCollection\","
         "\"geometries\":[{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":"
         "\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":"
         "[1.0,2.0]}]}]}]}]}]}]}]}]}]}",
         "nested deeper than 8 levels"},
    };
    char err[GEO_ERRLEN];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *in = json(cases[i].text);
        GEOSGeometry *g = (GEOSGeometry *)1;

        err[0] = '\0';
        assert_int_equal(geo_geojson_read(*state, in, &g, err, sizeof err), GEO_EINVAL);
        assert_null(g);
        if (strstr(err, cases[i].reason) == NULL)
            fail_msg("case %zu %s: reason \"%s\" lacks \"%s\"", i, cases[i].text, err,
                     cases[i].reason);
        json_decref(in);
    }
}

/* NaN and infinity cannot reach geo through jansson (it refuses them when
 * parsing and building); NULL arguments are refused with a reason. */
static void test_geojson_read_args(void **state)
{
    json_error_t jerr;
    json_t *in = json("{\"type\":\"Point\",\"coordinates\":[105.0,35.0]}");
    GEOSGeometry *g = NULL;
    char err[GEO_ERRLEN] = "";

    assert_null(json_loads("[1e400, 35.0]", 0, &jerr));
    assert_null(json_loads("[NaN, 35.0]", 0, &jerr));
    assert_null(json_real(NAN));
    assert_null(json_real(INFINITY));
    assert_int_equal(geo_geojson_read(NULL, in, &g, err, sizeof err), GEO_EINVAL);
    assert_string_equal(err, "missing argument");
    assert_int_equal(geo_geojson_read(*state, NULL, &g, err, sizeof err), GEO_EINVAL);
    assert_int_equal(geo_geojson_read(*state, in, NULL, err, sizeof err), GEO_EINVAL);
    json_decref(in);
}

/* 7 decimals for degrees, 2 for metres: the dumped text has no more. */
static void test_geojson_write_decimals(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, 105.123456789, 35.987654321);
    GEOSGeometry *m = GEOSGeom_createPointFromXY_r(h, 504525.19712, 3952256.95551);
    GEOSGeometry *z = GEOSGeom_createPointFromXY_r(h, -0.00000001, 35.0);
    json_t *j;
    char *text;

    j = geo_geojson_write(*state, p, 7);
    text = dump(j);
    assert_string_equal(text, "{\"type\":\"Point\",\"coordinates\":[105.1234568,35.9876543]}");
    free(text);
    json_decref(j);

    j = geo_geojson_write(*state, m, 2);
    text = dump(j);
    assert_string_equal(text, "{\"type\":\"Point\",\"coordinates\":[504525.2,3952256.96]}");
    free(text);
    json_decref(j);

    j = geo_geojson_write(*state, z, 7); /* rounds to zero: no "-0.0" */
    text = dump(j);
    assert_string_equal(text, "{\"type\":\"Point\",\"coordinates\":[0.0,35.0]}");
    free(text);
    json_decref(j);

    /* GEO_GEOJSON_EXACT keeps every bit: 17 digits read back the same */
    j = geo_geojson_write(*state, p, GEO_GEOJSON_EXACT);
    text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(j);
    json_t *back = json_loads(text, 0, NULL);
    free(text);
    double x = 0, y = 0;
    assert_true(GEOSGeomGetX_r(h, p, &x) && GEOSGeomGetY_r(h, p, &y));
    json_t *c = json_object_get(back, "coordinates");
    assert_true(json_real_value(json_array_get(c, 0)) == x);
    assert_true(json_real_value(json_array_get(c, 1)) == y);
    json_decref(back);

    assert_null(geo_geojson_write(*state, p, GEO_GEOJSON_EXACT - 1));
    assert_null(geo_geojson_write(*state, p, 16));
    assert_null(geo_geojson_write(NULL, p, 7));
    assert_null(geo_geojson_write(*state, NULL, 7));
    GEOSGeom_destroy_r(h, p);
    GEOSGeom_destroy_r(h, m);
    GEOSGeom_destroy_r(h, z);
}

/* Empty geometries are written with empty coordinate arrays (and refused
 * when read back: a registry feature always has coordinates). */
static void test_geojson_write_empty(void **state)
{
    static const struct {
        const char *wkt, *json;
    } cases[] = {
        {"POINT EMPTY", "{\"type\":\"Point\",\"coordinates\":[]}"},
        {"LINESTRING EMPTY", "{\"type\":\"LineString\",\"coordinates\":[]}"},
        {"POLYGON EMPTY", "{\"type\":\"Polygon\",\"coordinates\":[]}"},
        {"MULTIPOLYGON EMPTY", "{\"type\":\"MultiPolygon\",\"coordinates\":[]}"},
        {"GEOMETRYCOLLECTION EMPTY", "{\"type\":\"GeometryCollection\",\"geometries\":[]}"},
    };
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        GEOSGeometry *g = wkt(*state, cases[i].wkt), *back = NULL;
        json_t *j = geo_geojson_write(*state, g, 7);
        char *text = dump(j);

        assert_string_equal(text, cases[i].json);
        assert_int_equal(geo_geojson_read(*state, j, &back, NULL, 0), GEO_EINVAL);
        free(text);
        json_decref(j);
        GEOSGeom_destroy_r(h, g);
    }
}

/* ------------------------------------------------------------- validity */

/* A bow-tie is invalid: the reason says Self-intersection and where. */
static void test_validate_bowtie(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    GEOSGeometry *bow = wkt(*state, "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))");
    GEOSGeometry *sq = wkt(*state, "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
    char err[GEO_ERRLEN] = "";

    assert_int_equal(geo_validate(*state, bow, err, sizeof err), GEO_EINVALID);
    assert_string_equal(err, "Self-intersection at (0.5 0.5)");
    err[0] = '\0';
    assert_int_equal(geo_validate(*state, sq, err, sizeof err), GEO_OK);
    assert_string_equal(err, "");
    assert_int_equal(geo_validate(*state, bow, NULL, 0), GEO_EINVALID);
    assert_int_equal(geo_validate(NULL, bow, err, sizeof err), GEO_EINVAL);
    assert_int_equal(geo_validate(*state, NULL, err, sizeof err), GEO_EINVAL);
    GEOSGeom_destroy_r(h, bow);
    GEOSGeom_destroy_r(h, sq);
}

/* make_valid turns the bow-tie into two triangles; to_multipolygon makes a
 * valid MultiPolygon of them with SRID 4490. */
static void test_make_valid_multipolygon(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    GEOSGeometry *bow = wkt(*state, "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))");
    GEOSGeometry *fixed = NULL, *mp = NULL;
    double area;

    GEOSSetSRID_r(h, bow, 4490);
    assert_int_equal(geo_make_valid(*state, bow, &fixed), GEO_OK);
    assert_int_equal(geo_validate(*state, fixed, NULL, 0), GEO_OK);
    assert_int_equal(GEOSGetSRID_r(h, fixed), 4490);
    assert_int_equal(geo_to_multipolygon(*state, fixed, &mp), GEO_OK);
    assert_int_equal(GEOSGeomTypeId_r(h, mp), GEOS_MULTIPOLYGON);
    assert_int_equal(GEOSGetNumGeometries_r(h, mp), 2);
    assert_int_equal(GEOSGetSRID_r(h, mp), 4490);
    assert_int_equal(GEOSArea_r(h, mp, &area), 1);
    assert_near(area, 0.5, 1e-12);
    GEOSGeom_destroy_r(h, mp);
    GEOSGeom_destroy_r(h, fixed);
    GEOSGeom_destroy_r(h, bow);
    assert_int_equal(geo_make_valid(NULL, bow, &fixed), GEO_EINVAL);
    assert_int_equal(geo_make_valid(*state, NULL, &fixed), GEO_EINVAL);
    assert_null(fixed);
}

/* A polygon with a dangling spike: make_valid keeps the spike as a line in
 * a GeometryCollection; to_multipolygon drops it. */
static void test_make_valid_drops_lines(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    GEOSGeometry *spike = wkt(*state, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0, -5 -5, 0 0))");
    GEOSGeometry *fixed = NULL, *mp = NULL;
    double area;

    assert_int_equal(geo_validate(*state, spike, NULL, 0), GEO_EINVALID);
    assert_int_equal(geo_make_valid(*state, spike, &fixed), GEO_OK);
    assert_int_equal(GEOSGeomTypeId_r(h, fixed), GEOS_GEOMETRYCOLLECTION);
    assert_int_equal(geo_to_multipolygon(*state, fixed, &mp), GEO_OK);
    assert_int_equal(GEOSGetNumGeometries_r(h, mp), 1);
    assert_int_equal(GEOSGetSRID_r(h, mp), 4490); /* input had none */
    assert_int_equal(GEOSArea_r(h, mp, &area), 1);
    assert_near(area, 100.0, 1e-9);
    GEOSGeom_destroy_r(h, mp);
    GEOSGeom_destroy_r(h, fixed);
    GEOSGeom_destroy_r(h, spike);
}

/* to_multipolygon: Polygon and MultiPolygon are cast, the rest refused. */
static void test_to_multipolygon_types(void **state)
{
    static const struct {
        const char *wkt;
        int rc, parts;
    } cases[] = {
        {"POLYGON ((0 0, 1 0, 1 1, 0 0))", GEO_OK, 1},
        {"MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))", GEO_OK, 2},
        {"GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), POINT (3 3),"
         " MULTIPOLYGON (((5 5, 6 5, 6 6, 5 5))))",
         GEO_OK, 2},
        {"POINT (1 1)", GEO_EINVAL, 0},
        {"LINESTRING (0 0, 1 1)", GEO_EINVAL, 0},
        {"GEOMETRYCOLLECTION (LINESTRING (0 0, 1 1), POINT (3 3))", GEO_EINVAL, 0},
        {"GEOMETRYCOLLECTION (GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0))))", GEO_EINVAL,
         0},
        {"GEOMETRYCOLLECTION EMPTY", GEO_EINVAL, 0},
    };
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        GEOSGeometry *g = wkt(*state, cases[i].wkt), *mp = (GEOSGeometry *)1;

        GEOSSetSRID_r(h, g, 4544);
        assert_int_equal(geo_to_multipolygon(*state, g, &mp), cases[i].rc);
        if (cases[i].rc == GEO_OK) {
            assert_int_equal(GEOSGeomTypeId_r(h, mp), GEOS_MULTIPOLYGON);
            assert_int_equal(GEOSGetNumGeometries_r(h, mp), cases[i].parts);
            assert_int_equal(GEOSGetSRID_r(h, mp), 4544); /* kept */
            GEOSGeom_destroy_r(h, mp);
        } else {
            assert_null(mp);
        }
        GEOSGeom_destroy_r(h, g);
    }
}

/* ------------------------------------------------------------------ wkb */

/* Every type survives WKB exactly; output is 2D little-endian ISO. */
static void test_wkb_round_trip(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    size_t i;

    for (i = 0; i < sizeof wkt_all / sizeof wkt_all[0]; i++) {
        GEOSGeometry *g = wkt(*state, wkt_all[i]), *back = NULL;
        unsigned char *buf = NULL;
        size_t len = 0;

        assert_int_equal(geo_wkb_write(*state, g, &buf, &len), GEO_OK);
        assert_true(len > 5);
        assert_int_equal(buf[0], 1); /* NDR */
        assert_int_equal(buf[1], i + 1); /* ISO type code, 2D: wkt_all is in code order */
        assert_int_equal(geo_wkb_read(*state, buf, len, &back), GEO_OK);
        assert_int_equal(GEOSGetSRID_r(h, back), 4490);
        assert_int_equal(GEOSEqualsExact_r(h, g, back, 0.0), 1);
        free(buf);
        GEOSGeom_destroy_r(h, back);
        GEOSGeom_destroy_r(h, g);
    }
}

/* A 3D point is written 2D (21 bytes); garbage and bad arguments refused. */
static void test_wkb_errors(void **state)
{
    static const unsigned char junk[] = {0x01, 0x63, 0x00, 0x00, 0x00, 0x01, 0x02};
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    GEOSGeometry *g = wkt(*state, "POINT Z (105 35 1800)"), *back = (GEOSGeometry *)1;
    unsigned char *buf = NULL;
    size_t len = 0;

    assert_int_equal(geo_wkb_write(*state, g, &buf, &len), GEO_OK);
    assert_int_equal(len, 21);
    free(buf);
    assert_int_equal(geo_wkb_read(*state, junk, sizeof junk, &back), GEO_EINVAL);
    assert_null(back);
    assert_int_equal(geo_wkb_read(*state, junk, 0, &back), GEO_EINVAL);
    assert_int_equal(geo_wkb_read(*state, NULL, 5, &back), GEO_EINVAL);
    assert_int_equal(geo_wkb_read(NULL, junk, sizeof junk, &back), GEO_EINVAL);
    assert_int_equal(geo_wkb_write(*state, NULL, &buf, &len), GEO_EINVAL);
    assert_int_equal(geo_wkb_write(*state, g, NULL, &len), GEO_EINVAL);
    assert_int_equal(geo_wkb_write(*state, g, &buf, NULL), GEO_EINVAL);
    GEOSGeom_destroy_r(h, g);
}

/* -------------------------------------------------------------- locator */

#define TOWNSHIPS 28

/* Loads the 28 township polygons of 会宁县 from DIMING_DATA, converted from
 * GCJ-02 to EPSG:4490, into geoms[]; returns how many were read. */
static size_t load_townships(geo_ctx *ctx, GEOSGeometry **geoms)
{
    const char *dir = getenv("DIMING_DATA");
    char path[4096], err[GEO_ERRLEN];
    json_error_t jerr;
    json_t *fc, *features;
    size_t i, n;

    if (dir == NULL || dir[0] == '\0')
        fail_msg("DIMING_DATA is not set (export DIMING_DATA=/work/main/data)");
    snprintf(path, sizeof path, "%s/huining/townships.geojson", dir);
    fc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (fc == NULL)
        fail_msg("%s: %s", path, jerr.text);
    features = json_object_get(fc, "features");
    n = json_array_size(features);
    assert_int_equal(n, TOWNSHIPS);
    for (i = 0; i < n; i++) {
        GEOSGeometry *g = NULL;
        const json_t *geom = json_object_get(json_array_get(features, i), "geometry");

        if (geo_geojson_read(ctx, geom, &g, err, sizeof err) != GEO_OK)
            fail_msg("township %zu: %s", i, err);
        assert_int_equal(geo_transform_geom(ctx, GEO_CRS_GCJ02, GEO_CRS_4490, g, &geoms[i]),
                         GEO_OK);
        GEOSGeom_destroy_r(geo_ctx_geos(ctx), g);
    }
    json_decref(fc);
    return n;
}

/* The real townships: each polygon's interior point (GEOSPointOnSurface) is
 * found in that same polygon; points outside the county are not found. */
static void test_locator_townships(void **state)
{
    GEOSContextHandle_t h = geo_ctx_geos(*state);
    GEOSGeometry *geoms[TOWNSHIPS];
    double px[TOWNSHIPS], py[TOWNSHIPS];
    long ids[TOWNSHIPS], id;
    geo_locator *loc = NULL;
    size_t i, n = load_townships(*state, geoms);

    for (i = 0; i < n; i++) {
        GEOSGeometry *p = GEOSPointOnSurface_r(h, geoms[i]);

        assert_non_null(p);
        assert_int_equal(GEOSGeomGetX_r(h, p, &px[i]), 1);
        assert_int_equal(GEOSGeomGetY_r(h, p, &py[i]), 1);
        GEOSGeom_destroy_r(h, p);
        ids[i] = 1000 + (long)i;
    }
    assert_int_equal(geo_locator_new(*state, geoms, ids, n, &loc), GEO_OK);
    assert_int_equal(geo_locator_size(loc), TOWNSHIPS);
    for (i = 0; i < n; i++) {
        id = -1;
        assert_int_equal(geo_locator_find(loc, px[i], py[i], &id), GEO_OK);
        if (id != ids[i])
            fail_msg("interior point (%.7f %.7f) of township %zu found in %ld", px[i], py[i], i,
                     id);
    }
    id = -1;
    assert_int_equal(geo_locator_find(loc, 104.0, 35.0, &id), GEO_ENOTFOUND);
    assert_int_equal(geo_locator_find(loc, 106.0, 36.0, &id), GEO_ENOTFOUND);
    assert_int_equal(id, -1);
    assert_int_equal(geo_locator_find(loc, 200.0, 36.0, &id), GEO_ERANGE);
    assert_int_equal(geo_locator_find(loc, 105.0, NAN, &id), GEO_ERANGE);
    assert_int_equal(geo_locator_find(loc, 105.0, 35.7, NULL), GEO_EINVAL);
    assert_int_equal(geo_locator_find(NULL, 105.0, 35.7, &id), GEO_EINVAL);
    geo_locator_free(loc);
}

/* Two squares sharing an edge: interiors go to their own square, a point on
 * the shared edge to one of them, a point outside to none. */
static void test_locator_shared_border(void **state)
{
    GEOSGeometry *geoms[2];
    long ids[2] = {7, 8}, id = 0;
    geo_locator *loc = NULL;

    geoms[0] = wkt(*state, "POLYGON ((105 35, 105.5 35, 105.5 35.5, 105 35.5, 105 35))");
    geoms[1] = wkt(*state, "MULTIPOLYGON (((105.5 35, 106 35, 106 35.5, 105.5 35.5, 105.5 35)))");
    assert_int_equal(geo_locator_new(*state, geoms, ids, 2, &loc), GEO_OK);
    assert_int_equal(geo_locator_find(loc, 105.2, 35.2, &id), GEO_OK);
    assert_int_equal(id, 7);
    assert_int_equal(geo_locator_find(loc, 105.8, 35.2, &id), GEO_OK);
    assert_int_equal(id, 8);
    assert_int_equal(geo_locator_find(loc, 105.5, 35.2, &id), GEO_OK);
    assert_true(id == 7 || id == 8);
    assert_int_equal(geo_locator_find(loc, 105.0, 35.0, &id), GEO_OK); /* corner: covered */
    assert_int_equal(id, 7);
    assert_int_equal(geo_locator_find(loc, 105.2, 35.6, &id), GEO_ENOTFOUND);
    geo_locator_free(loc);
}

/* Bad input is refused and the geometries are still freed (ASan checks);
 * an empty locator finds nothing. */
static void test_locator_args(void **state)
{
    GEOSGeometry *geoms[2];
    long ids[2] = {1, 2}, id;
    geo_locator *loc = (geo_locator *)1;

    geoms[0] = wkt(*state, "POLYGON ((0 0, 1 0, 1 1, 0 0))");
    geoms[1] = wkt(*state, "LINESTRING (0 0, 1 1)");
    assert_int_equal(geo_locator_new(*state, geoms, ids, 2, &loc), GEO_EINVAL);
    assert_null(loc);

    geoms[0] = wkt(*state, "POLYGON ((0 0, 1 0, 1 1, 0 0))");
    assert_int_equal(geo_locator_new(*state, geoms, NULL, 1, &loc), GEO_EINVAL);

    geoms[0] = wkt(*state, "POLYGON ((0 0, 1 0, 1 1, 0 0))");
    geoms[1] = NULL;
    assert_int_equal(geo_locator_new(*state, geoms, ids, 2, &loc), GEO_EINVAL);

    geoms[0] = wkt(*state, "POLYGON ((0 0, 1 0, 1 1, 0 0))");
    assert_int_equal(geo_locator_new(*state, geoms, ids, 1, NULL), GEO_EINVAL);

    assert_int_equal(geo_locator_new(*state, NULL, ids, 1, &loc), GEO_EINVAL);
    assert_int_equal(geo_locator_new(NULL, NULL, NULL, 0, &loc), GEO_EINVAL);

    assert_int_equal(geo_locator_new(*state, NULL, NULL, 0, &loc), GEO_OK);
    assert_int_equal(geo_locator_size(loc), 0);
    assert_int_equal(geo_locator_find(loc, 105.0, 35.0, &id), GEO_ENOTFOUND);
    geo_locator_free(loc);
    geo_locator_free(NULL);
    assert_int_equal(geo_locator_size(NULL), 0);
}

/* Runs every test with one shared context; exit status is the failures. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ctx_args),
        cmocka_unit_test(test_crs_parse),
        cmocka_unit_test(test_crs_name),
        cmocka_unit_test(test_transform_4544_reference),
        cmocka_unit_test(test_crs_from_wkt),
        cmocka_unit_test(test_transform_central_meridian),
        cmocka_unit_test(test_transform_4326_identity),
        cmocka_unit_test(test_transform_range),
        cmocka_unit_test(test_transform_gcj02_path),
        cmocka_unit_test(test_transform_geom_all_types),
        cmocka_unit_test(test_transform_geom_errors),
        cmocka_unit_test(test_gcj02_reference),
        cmocka_unit_test(test_gcj02_round_trip),
        cmocka_unit_test(test_gcj02_offset_huining),
        cmocka_unit_test(test_gcj02_decode_edge),
        cmocka_unit_test(test_gcj02_outside_and_errors),
        cmocka_unit_test(test_geojson_round_trip),
        cmocka_unit_test(test_geojson_read_altitude_integers),
        cmocka_unit_test(test_geojson_malformed),
        cmocka_unit_test(test_geojson_read_args),
        cmocka_unit_test(test_geojson_write_decimals),
        cmocka_unit_test(test_geojson_write_empty),
        cmocka_unit_test(test_validate_bowtie),
        cmocka_unit_test(test_make_valid_multipolygon),
        cmocka_unit_test(test_make_valid_drops_lines),
        cmocka_unit_test(test_to_multipolygon_types),
        cmocka_unit_test(test_wkb_round_trip),
        cmocka_unit_test(test_wkb_errors),
        cmocka_unit_test(test_locator_townships),
        cmocka_unit_test(test_locator_shared_border),
        cmocka_unit_test(test_locator_args),
    };

    return cmocka_run_group_tests(tests, setup_ctx, teardown_ctx);
}
