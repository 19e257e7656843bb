/*
 * geo_geojson_read.c: GeoJSON geometry objects (RFC 7946 section 3.1) to
 * GEOS.  Checks structure and counts and refuses what GEOS would silently
 * accept or choke on; validity (self-intersections ...) is geo_validate's.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_internal.h"

/* GeometryCollections nested deeper than this are refused (RFC 7946 says
 * to avoid nesting at all; the cap keeps the recursion bounded). */
#define GEO_GEOJSON_MAX_DEPTH 8

/* The reader's state: where failures go. */
struct geo_rd {
    geo_ctx *ctx;
    char *err;
    size_t errlen;
    int rc; /* GEO_OK until the first failure */
};

/* Records the first failure: rc and a formatted reason. */
static void geo_rd_fail(struct geo_rd *r, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Defined here, contract above: only the first failure is kept, so the
 * reason is the innermost one. */
static void geo_rd_fail(struct geo_rd *r, int rc, const char *fmt, ...)
{
    va_list ap;

    if (r->rc != GEO_OK)
        return;
    r->rc = rc;
    if (r->err == NULL || r->errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errlen, fmt, ap);
    va_end(ap);
}

/* Records a GEOS failure with the context's last message. */
static void geo_rd_geos_fail(struct geo_rd *r)
{
    geo_rd_fail(r, GEO_EGEOS, "%s", r->ctx->msg[0] ? r->ctx->msg : "GEOS failed");
}

/* Returns j if it is an array, else records "<what> is not an array". */
static const json_t *geo_rd_array(struct geo_rd *r, const json_t *j, const char *what)
{
    if (json_is_array(j))
        return j;
    geo_rd_fail(r, GEO_EINVAL, "%s is not an array%s", what,
                json_is_number(j) ? " (a number where an array belongs: nesting error)" : "");
    return NULL;
}

/* Reads a position: an array of 2 or 3 finite numbers (a third, the
 * altitude, is read and dropped: diming is 2D).  Element types are checked
 * before the count, so that an extra level of nesting is named as such. */
static int geo_rd_position(struct geo_rd *r, const json_t *j, double *x, double *y)
{
    size_t n, i;
    double v[3];

    if (geo_rd_array(r, j, "position") == NULL)
        return -1;
    n = json_array_size(j);
    for (i = 0; i < n; i++) {
        const json_t *c = json_array_get(j, i);

        if (!json_is_number(c)) {
            geo_rd_fail(r, GEO_EINVAL, "coordinate is not a number%s",
                        json_is_array(c) ? " (an array where a number belongs: nesting error)"
                                         : "");
            return -1;
        }
    }
    if (n < 2 || n > 3) {
        geo_rd_fail(r, GEO_EINVAL, "position has %zu elements; 2 or 3 numbers expected", n);
        return -1;
    }
    for (i = 0; i < n; i++) {
        v[i] = json_number_value(json_array_get(j, i));
        if (!isfinite(v[i])) {
            geo_rd_fail(r, GEO_EINVAL, "coordinate is not finite");
            return -1;
        }
    }
    *x = v[0];
    *y = v[1];
    return 0;
}

/* Reads an array of at least min positions into a new coordinate sequence.
 * what names the part in reasons.  ring: the first and last positions must
 * be equal. */
static GEOSCoordSequence *geo_rd_seq(struct geo_rd *r, const json_t *j, size_t min,
                                     int ring, const char *what)
{
    GEOSCoordSequence *seq;
    size_t n, i;
    double x = 0, y = 0, x0 = 0, y0 = 0;

    if (geo_rd_array(r, j, what) == NULL)
        return NULL;
    n = json_array_size(j);
    if (n > UINT_MAX) {
        geo_rd_fail(r, GEO_EINVAL, "%s has too many positions", what);
        return NULL;
    }
    seq = GEOSCoordSeq_create_r(r->ctx->geos, (unsigned)n, 2);
    if (seq == NULL) {
        geo_rd_geos_fail(r);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        if (geo_rd_position(r, json_array_get(j, i), &x, &y) != 0)
            goto fail;
        if (!GEOSCoordSeq_setXY_r(r->ctx->geos, seq, (unsigned)i, x, y)) {
            geo_rd_geos_fail(r);
            goto fail;
        }
        if (i == 0) {
            x0 = x;
            y0 = y;
        }
    }
    if (n < min) { /* counted after the positions: a nesting error is named first */
        geo_rd_fail(r, GEO_EINVAL, "%s has %zu position%s; at least %zu needed", what, n,
                    n == 1 ? "" : "s", min);
        goto fail;
    }
    if (ring && (x != x0 || y != y0)) {
        geo_rd_fail(r, GEO_EINVAL, "%s is not closed (first and last positions differ)", what);
        goto fail;
    }
    return seq;
fail:
    GEOSCoordSeq_destroy_r(r->ctx->geos, seq);
    return NULL;
}

/* Point coordinates: one position. */
static GEOSGeometry *geo_rd_point(struct geo_rd *r, const json_t *c)
{
    GEOSGeometry *g;
    double x, y;

    if (geo_rd_position(r, c, &x, &y) != 0)
        return NULL;
    g = GEOSGeom_createPointFromXY_r(r->ctx->geos, x, y);
    if (g == NULL)
        geo_rd_geos_fail(r);
    return g;
}

/* LineString coordinates: 2 or more positions. */
static GEOSGeometry *geo_rd_line(struct geo_rd *r, const json_t *c)
{
    GEOSCoordSequence *seq = geo_rd_seq(r, c, 2, 0, "LineString");
    GEOSGeometry *g;

    if (seq == NULL)
        return NULL;
    g = GEOSGeom_createLineString_r(r->ctx->geos, seq); /* takes seq */
    if (g == NULL)
        geo_rd_geos_fail(r);
    return g;
}

/* A linear ring: 4 or more positions, closed. */
static GEOSGeometry *geo_rd_ring(struct geo_rd *r, const json_t *c)
{
    GEOSCoordSequence *seq = geo_rd_seq(r, c, 4, 1, "linear ring");
    GEOSGeometry *g;

    if (seq == NULL)
        return NULL;
    g = GEOSGeom_createLinearRing_r(r->ctx->geos, seq); /* takes seq */
    if (g == NULL)
        geo_rd_geos_fail(r);
    return g;
}

/* Polygon coordinates: an exterior ring and any holes. */
static GEOSGeometry *geo_rd_polygon(struct geo_rd *r, const json_t *c)
{
    GEOSGeometry **rings;
    GEOSGeometry *g = NULL;
    size_t n, i;

    if (geo_rd_array(r, c, "Polygon coordinates") == NULL)
        return NULL;
    n = json_array_size(c);
    if (n == 0) {
        geo_rd_fail(r, GEO_EINVAL, "Polygon has no rings");
        return NULL;
    }
    if (n > UINT_MAX) {
        geo_rd_fail(r, GEO_EINVAL, "Polygon has too many rings");
        return NULL;
    }
    rings = calloc(n, sizeof *rings);
    if (rings == NULL) {
        geo_rd_fail(r, GEO_ENOMEM, "out of memory");
        return NULL;
    }
    for (i = 0; i < n; i++) {
        rings[i] = geo_rd_ring(r, json_array_get(c, i));
        if (rings[i] == NULL)
            break;
    }
    if (i == n) {
        /* GEOS takes the rings, also when it fails. */
        g = GEOSGeom_createPolygon_r(r->ctx->geos, rings[0], rings + 1, (unsigned)(n - 1));
        if (g == NULL)
            geo_rd_geos_fail(r);
    } else {
        while (i-- > 0)
            GEOSGeom_destroy_r(r->ctx->geos, rings[i]);
    }
    free(rings);
    return g;
}

/* Reads one geometry object (defined below; collections recurse). */
static GEOSGeometry *geo_rd_geometry(struct geo_rd *r, const json_t *j, int depth);

/* Reads the members of a Multi* (arr is its coordinates, each member read
 * with read_one) or of a GeometryCollection (read_one NULL: arr holds
 * geometry objects, read at depth + 1) and builds a collection of GEOS type
 * type.  what names the array in reasons.  Empty arrays are refused. */
static GEOSGeometry *geo_rd_collection(struct geo_rd *r, const json_t *arr, int type,
                                       const char *what, int depth,
                                       GEOSGeometry *(*read_one)(struct geo_rd *, const json_t *))
{
    GEOSGeometry **parts;
    GEOSGeometry *g = NULL;
    size_t n, i;

    if (geo_rd_array(r, arr, what) == NULL)
        return NULL;
    n = json_array_size(arr);
    if (n == 0) {
        geo_rd_fail(r, GEO_EINVAL, "%s is empty", what);
        return NULL;
    }
    if (n > UINT_MAX) {
        geo_rd_fail(r, GEO_EINVAL, "%s has too many members", what);
        return NULL;
    }
    parts = calloc(n, sizeof *parts);
    if (parts == NULL) {
        geo_rd_fail(r, GEO_ENOMEM, "out of memory");
        return NULL;
    }
    for (i = 0; i < n; i++) {
        const json_t *m = json_array_get(arr, i);

        parts[i] = read_one ? read_one(r, m) : geo_rd_geometry(r, m, depth + 1);
        if (parts[i] == NULL)
            break;
    }
    if (i == n) {
        /* GEOS takes the parts, also when it fails. */
        g = GEOSGeom_createCollection_r(r->ctx->geos, type, parts, (unsigned)n);
        if (g == NULL)
            geo_rd_geos_fail(r);
    } else {
        while (i-- > 0)
            GEOSGeom_destroy_r(r->ctx->geos, parts[i]);
    }
    free(parts);
    return g;
}

/* The types with "coordinates": the reader of one member and, for Multi*,
 * the GEOS collection type (-1 for a single geometry). */
static const struct {
    const char *name;
    const char *coords; /* how reasons name a Multi*'s coordinates */
    GEOSGeometry *(*read_one)(struct geo_rd *, const json_t *);
    int multi_type;
} geo_rd_kinds[] = {
    {"Point", NULL, geo_rd_point, -1},
    {"LineString", NULL, geo_rd_line, -1},
    {"Polygon", NULL, geo_rd_polygon, -1},
    {"MultiPoint", "MultiPoint coordinates", geo_rd_point, GEOS_MULTIPOINT},
    {"MultiLineString", "MultiLineString coordinates", geo_rd_line, GEOS_MULTILINESTRING},
    {"MultiPolygon", "MultiPolygon coordinates", geo_rd_polygon, GEOS_MULTIPOLYGON},
};

/* Reads one geometry object at GeometryCollection depth depth. */
static GEOSGeometry *geo_rd_geometry(struct geo_rd *r, const json_t *j, int depth)
{
    const json_t *c;
    const char *type;
    size_t i;

    if (!json_is_object(j)) {
        geo_rd_fail(r, GEO_EINVAL, "geometry is not a JSON object");
        return NULL;
    }
    type = json_string_value(json_object_get(j, "type"));
    if (type == NULL) {
        geo_rd_fail(r, GEO_EINVAL, "geometry has no string member \"type\"");
        return NULL;
    }
    if (strcmp(type, "GeometryCollection") == 0) {
        if (depth >= GEO_GEOJSON_MAX_DEPTH) {
            geo_rd_fail(r, GEO_EINVAL, "GeometryCollections nested deeper than %d levels",
                        GEO_GEOJSON_MAX_DEPTH);
            return NULL;
        }
        return geo_rd_collection(r, json_object_get(j, "geometries"), GEOS_GEOMETRYCOLLECTION,
                                 "GeometryCollection \"geometries\"", depth, NULL);
    }
    for (i = 0; i < sizeof geo_rd_kinds / sizeof geo_rd_kinds[0]; i++) {
        if (strcmp(type, geo_rd_kinds[i].name) != 0)
            continue;
        c = json_object_get(j, "coordinates");
        if (c == NULL) {
            geo_rd_fail(r, GEO_EINVAL, "%s has no \"coordinates\"", type);
            return NULL;
        }
        if (geo_rd_kinds[i].multi_type < 0)
            return geo_rd_kinds[i].read_one(r, c);
        return geo_rd_collection(r, c, geo_rd_kinds[i].multi_type, geo_rd_kinds[i].coords,
                                 depth, geo_rd_kinds[i].read_one);
    }
    geo_rd_fail(r, GEO_EINVAL, "\"%.40s\" is not a GeoJSON geometry type", type);
    return NULL;
}

/* Reads a GeoJSON geometry object into a new GEOS geometry with SRID 4490.
 * Refuses, with the reason in err: non-objects, unknown or missing types,
 * missing or non-array members, positions that are not 2 or 3 finite
 * numbers, wrong nesting, LineStrings under 2 positions, rings under 4
 * positions or not closed, empty geometries, collections nested deeper than
 * GEO_GEOJSON_MAX_DEPTH.  GEO_EINVAL for those and for NULL arguments,
 * GEO_ENOMEM / GEO_EGEOS when allocation or GEOS fails.  *out is NULL on
 * failure; the caller frees it with GEOSGeom_destroy_r. */
int geo_geojson_read(geo_ctx *ctx, const json_t *geometry, GEOSGeometry **out,
                     char *err, size_t errlen)
{
    struct geo_rd r = {ctx, err, errlen, GEO_OK};
    GEOSGeometry *g;

    if (out != NULL)
        *out = NULL;
    if (ctx == NULL || geometry == NULL || out == NULL) {
        geo_err_set(err, errlen, "missing argument");
        return GEO_EINVAL;
    }
    ctx->msg[0] = '\0';
    g = geo_rd_geometry(&r, geometry, 0);
    if (g == NULL)
        return r.rc != GEO_OK ? r.rc : GEO_EGEOS;
    GEOSSetSRID_r(ctx->geos, g, 4490);
    *out = g;
    return GEO_OK;
}
