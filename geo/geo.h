/*
 * geo: coordinates and geometry for diming.
 *
 * What it promises:
 *  - Transforms between EPSG:4490 (CGCS2000 lon/lat, what the registry
 *    stores), EPSG:4326 (WGS 84, taken as equal to 4490 to well under a
 *    metre), EPSG:4544 (CGCS2000 3-degree Gauss-Kruger CM 105E, metres, E/N)
 *    and GCJ-02 (the published offset formula, with an iterative inverse).
 *    Axis order is always (lon, lat) or (E, N).  Geographic input outside
 *    lon -180..180 / lat -90..90 is refused with GEO_ERANGE.
 *  - GeoJSON geometry read and write (jansson), degrees printed to 7
 *    decimals (1 cm) and metres to 2, no more.
 *  - Validity checks with the reason (GEOSisValidDetail_r) and repair.
 *  - WKB in and out (the registry stores SpatiaLite geometries made from WKB).
 *  - A point locator: an STRtree of prepared polygons, built once.
 *
 * Threading: a geo_ctx holds one GEOS handle and one PROJ context with its
 * transforms.  It belongs to one thread.  A geo_locator is built with a
 * context and used only with that same context (prepared geometries are not
 * thread safe in GEOS 3.11).
 *
 * Errors: every function returns GEO_OK (0) or a negative geo_status and,
 * where it takes an err buffer, writes a one-line English reason there.
 */
#ifndef DIMING_GEO_H
#define DIMING_GEO_H

#include <stddef.h>
#include <geos_c.h>
#include <jansson.h>

typedef enum geo_status {
    GEO_OK = 0,
    GEO_EINVAL = -1,   /* bad argument or malformed input */
    GEO_ERANGE = -2,   /* coordinate out of range */
    GEO_EINVALID = -3, /* geometry not valid (reason in err) */
    GEO_ENOMEM = -4,
    GEO_EPROJ = -5,    /* PROJ failed */
    GEO_EGEOS = -6,    /* GEOS failed */
    GEO_ENOTFOUND = -7 /* locator: no polygon holds the point */
} geo_status;

typedef enum geo_crs {
    GEO_CRS_4490 = 0, /* CGCS2000 geographic, lon/lat degrees (storage) */
    GEO_CRS_4326,     /* WGS 84 lon/lat; also accepted as "CRS84" */
    GEO_CRS_4544,     /* CGCS2000 / 3-degree GK CM 105E, metres E/N */
    GEO_CRS_GCJ02     /* the obfuscated offset of Chinese web maps */
} geo_crs;

typedef struct geo_ctx geo_ctx;
typedef struct geo_locator geo_locator;

/* Length of the err buffers callers pass. */
#define GEO_ERRLEN 256

/* Creates a per-thread context (GEOS handle, PROJ context; the transforms
 * are made on their first use, and a transform PROJ cannot make fails
 * with GEO_EPROJ then).  Returns GEO_OK and sets *out, or GEO_ENOMEM. */
int geo_ctx_new(geo_ctx **out);

/* Frees a context; NULL is a no-op. */
void geo_ctx_free(geo_ctx *ctx);

/* The context's GEOS handle, for callers that use the GEOS C API directly. */
GEOSContextHandle_t geo_ctx_geos(geo_ctx *ctx);

/* Parses "EPSG:4490", "EPSG:4326", "CRS84", "EPSG:4544", "gcj02" (case
 * insensitive; the OGC URIs http://www.opengis.net/def/crs/EPSG/0/4490 and
 * .../OGC/1.3/CRS84 too, the URNs urn:ogc:def:crs:EPSG::4490 and
 * urn:ogc:def:crs:OGC:1.3:CRS84 of older GeoJSON, and "OGC:CRS84").
 * GEO_EINVAL if unknown or NULL. */
int geo_crs_parse(const char *text, geo_crs *out);

/* The canonical name of a CRS: "EPSG:4490", "EPSG:4326", "EPSG:4544", "gcj02";
 * NULL for a value outside the enum. */
const char *geo_crs_name(geo_crs crs);

/* Names the CRS that WKT text (a shapefile's .prj: OGC or ESRI WKT 1)
 * describes, by PROJ's identification against EPSG: GEO_OK and *out for
 * EPSG:4490, EPSG:4326 or EPSG:4544; GEO_ENOTFOUND for any other CRS,
 * GEO_EINVAL for text that is no CRS (reason in err). */
int geo_crs_from_wkt(geo_ctx *ctx, const char *wkt, geo_crs *out, char *err, size_t errlen);

/* 1 if the CRS has lon/lat degrees, 0 if metres, GEO_EINVAL outside the enum. */
int geo_crs_is_geographic(geo_crs crs);

/* Transforms one point in place from one CRS to another.  Geographic input
 * is range-checked (GEO_ERANGE).  GCJ-02 goes through 4490. */
int geo_transform_point(geo_ctx *ctx, geo_crs from, geo_crs to, double *x, double *y);

/* Returns in *out a new geometry with every coordinate of in transformed
 * and the SRID of to (0 for gcj02, which has no EPSG code).  The first
 * failing point's error is returned.  The caller frees *out with
 * GEOSGeom_destroy_r. */
int geo_transform_geom(geo_ctx *ctx, geo_crs from, geo_crs to,
                       const GEOSGeometry *in, GEOSGeometry **out);

/* GCJ-02 offset: CGCS2000/WGS 84 lon/lat to GCJ-02.  Outside mainland China
 * (the formula's rectangle test) the point is returned unchanged.  Never
 * fails on finite input within range; GEO_ERANGE otherwise. */
int geo_gcj02_encode(double lon, double lat, double *out_lon, double *out_lat);

/* Inverse of geo_gcj02_encode by iteration to 1e-9 degrees (capped; at the
 * rectangle's edge, where the offset jumps, the last estimate is returned).
 * Outside the rectangle the point is returned unchanged. */
int geo_gcj02_decode(double lon, double lat, double *out_lon, double *out_lat);

/* Reads a GeoJSON geometry object (Point, LineString, Polygon, Multi*,
 * GeometryCollection) into a new GEOS geometry with SRID 4490.  Checks
 * structure and coordinate counts, not validity: positions of 2 or 3 finite
 * numbers (a third is dropped), LineStrings of 2+ positions, closed rings of
 * 4+; empty geometries and collections nested more than 8 deep are refused.
 * Reason in err (NULL err allowed). */
int geo_geojson_read(geo_ctx *ctx, const json_t *geometry, GEOSGeometry **out,
                     char *err, size_t errlen);

/* decimals for geo_geojson_write: no rounding.  Dumped with
 * JSON_REAL_PRECISION(17), every coordinate reads back as the same double
 * (exports that must re-import unchanged). */
#define GEO_GEOJSON_EXACT (-1)

/* Writes a geometry as a new GeoJSON object.  decimals (0..15): 7 for
 * degrees, 2 for metres; coordinates are rounded so that json_dumps with
 * JSON_REAL_PRECISION(15) prints no more decimals; or GEO_GEOJSON_EXACT.
 * Empty geometries get empty coordinate arrays.  Returns NULL on failure
 * (bad argument, out of memory, unsupported type, non-finite coordinate). */
json_t *geo_geojson_write(geo_ctx *ctx, const GEOSGeometry *g, int decimals);

/* GEO_OK if valid, GEO_EINVALID with the reason and location in err. */
int geo_validate(geo_ctx *ctx, const GEOSGeometry *g, char *err, size_t errlen);

/* Repairs a geometry (GEOSMakeValid_r); *out is new, caller frees. */
int geo_make_valid(geo_ctx *ctx, const GEOSGeometry *g, GEOSGeometry **out);

/* Casts a Polygon or MultiPolygon (or a flat collection holding polygons,
 * as MakeValid may return; its points and lines are dropped) to a new
 * MultiPolygon with g's SRID (4490 if g has none).  GEO_EINVAL otherwise. */
int geo_to_multipolygon(geo_ctx *ctx, const GEOSGeometry *g, GEOSGeometry **out);

/* Reads ISO/OGC WKB (as SpatiaLite's AsBinary gives) into a new geometry
 * with SRID 4490 (WKB carries none).  GEO_EINVAL for bytes that are not WKB. */
int geo_wkb_read(geo_ctx *ctx, const unsigned char *wkb, size_t len, GEOSGeometry **out);

/* 1 if WKB a and b are the same shape listed in another order (ring
 * orientation and start, order of parts: equal after GEOSNormalize,
 * exactly); 0 if not, or if either is not WKB. */
int geo_wkb_same_shape(geo_ctx *ctx, const unsigned char *a, size_t alen,
                       const unsigned char *b, size_t blen);

/* The bytes of a SpatiaLite point geometry. */
#define GEO_SPLITE_POINT_LEN 60

/* Writes the point (x, y) with srid in SpatiaLite's BLOB-Geometry format,
 * byte for byte what MakePoint(x, y, srid) gives, into out
 * (GEO_SPLITE_POINT_LEN bytes).  GEO_EINVAL for NULL out or a NaN. */
int geo_splite_point(double x, double y, int srid, unsigned char *out);

/* Writes 2D ISO WKB (little-endian); *out is malloc'd, caller frees with free(). */
int geo_wkb_write(geo_ctx *ctx, const GEOSGeometry *g, unsigned char **out, size_t *len);

/* Reads WKT (as CSV files carry geometry) into a new geometry with SRID
 * 4490; empty geometries are refused.  Reason in err. */
int geo_wkt_read(geo_ctx *ctx, const char *wkt, GEOSGeometry **out, char *err, size_t errlen);

/* Builds a locator over n polygonal geometries.  Takes ownership of the
 * geometries in geoms (they are freed with the locator, also on failure,
 * unless ctx is NULL); the array itself stays the caller's.  ids[i] is
 * returned for a hit in geoms[i].  One query is run before returning so
 * that the tree is built. */
int geo_locator_new(geo_ctx *ctx, GEOSGeometry **geoms, const long *ids, size_t n,
                    geo_locator **out);

/* Finds the polygon holding (lon, lat) in the locator's CRS (4490).  A
 * point on a shared border goes to the polygon the tree visits first.
 * GEO_OK and *id, GEO_ENOTFOUND, or GEO_ERANGE. */
int geo_locator_find(geo_locator *loc, double lon, double lat, long *id);

/* Number of polygons in the locator. */
size_t geo_locator_size(const geo_locator *loc);

/* Frees a locator and its geometries; NULL is a no-op. */
void geo_locator_free(geo_locator *loc);

/* ---- lines: numbering along streets (D2) ---------------------------- */

/* Where a point lies relative to a polyline in a metric CRS (EPSG:4544). */
typedef struct geo_line_pos {
    double measure; /* metres along the line from its first vertex to the foot */
    double offset;  /* signed distance to the foot: > 0 left of the line's
                       direction (facing from the first vertex onwards),
                       < 0 right, 0 on the line */
    double foot_x, foot_y; /* the nearest point of the line */
    size_t segment;        /* the segment holding the foot (0-based) */
} geo_line_pos;

/* Length in metres of the polyline of n vertices xy[2i], xy[2i+1].
 * 0 for n < 2 or NULL; never negative. */
double geo_line_length(const double *xy, size_t n);

/* 1 if the polyline is closed (a loop: n >= 4 and the last vertex equals
 * the first within 1 mm), else 0. */
int geo_line_is_closed(const double *xy, size_t n);

/* Locates (px, py) on the polyline of n >= 2 vertices (metres): the foot
 * is the nearest point of the line (on a tie the first segment in line
 * order wins, so a point at a loop's start gets measure 0); the side is
 * the sign of the cross product of the line's direction at the foot and
 * the vector from the foot to the point.  When the foot is a vertex
 * between two segments (the outside of a bend, or a loop's start) the
 * direction is the bisector of the segment before and the one after (for
 * a loop the last segment comes before the first); at an open end it is
 * the end segment's.  Zero-length segments are skipped.  GEO_EINVAL for
 * NULLs, fewer than two distinct vertices or non-finite numbers. */
int geo_line_locate(const double *xy, size_t n, double px, double py, geo_line_pos *out);

/* Reads a LineString in EPSG:4490 into a new array of its n vertices in
 * EPSG:4544 metres (x0, y0, x1, y1, ...); the caller frees *xy.
 * GEO_EINVAL if g is not a LineString of 2+ vertices; transform errors
 * (GEO_ERANGE, GEO_EPROJ) as geo_transform_point; GEO_ENOMEM. */
int geo_line_to_4544(geo_ctx *ctx, const GEOSGeometry *g, double **xy, size_t *n);

/* BD-09 (Baidu's offset on top of GCJ-02): GCJ-02 lon/lat to BD-09 by the
 * published formula, for links that open Baidu Maps.  GEO_EINVAL for NULL
 * outputs, GEO_ERANGE for input out of range or not finite. */
int geo_bd09_encode(double gcj_lon, double gcj_lat, double *out_lon, double *out_lat);

#endif
