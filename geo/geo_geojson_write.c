/*
 * geo_geojson_write.c: GEOS geometries to GeoJSON geometry objects, with
 * coordinates rounded so that json_dumps(..., JSON_REAL_PRECISION(15))
 * prints no more decimals than asked (105.1234568, not 105.12345678900001).
 */
#include <math.h>

#include "geo_internal.h"

/* Decimals accepted; 15 significant digits is all a double holds anyway. */
#define GEO_GEOJSON_MAX_DECIMALS 15

/* The writer's state. */
struct geo_wr {
    GEOSContextHandle_t h;
    double scale; /* 10^decimals; 0: no rounding (GEO_GEOJSON_EXACT) */
};

/* v rounded to the writer's decimals, as a new JSON real; NULL if v is not
 * finite or out of memory.  (Beyond 2^53 / scale v is already whole.) */
static json_t *geo_wr_number(const struct geo_wr *w, double v)
{
    if (w->scale == 0)
        return json_real(v + 0.0);
    return json_real(round(v * w->scale) / w->scale + 0.0); /* + 0.0: no "-0.0" */
}

/* The coordinates of a sequence as an array of [x, y] positions. */
static json_t *geo_wr_seq(const struct geo_wr *w, const GEOSCoordSequence *seq)
{
    json_t *arr = json_array();
    unsigned int n, i;
    double x, y;

    if (arr == NULL || !GEOSCoordSeq_getSize_r(w->h, seq, &n))
        goto fail;
    for (i = 0; i < n; i++) {
        json_t *pos = json_array();

        if (pos == NULL || json_array_append_new(arr, pos) != 0)
            goto fail;
        if (!GEOSCoordSeq_getXY_r(w->h, seq, i, &x, &y) ||
            json_array_append_new(pos, geo_wr_number(w, x)) != 0 ||
            json_array_append_new(pos, geo_wr_number(w, y)) != 0)
            goto fail;
    }
    return arr;
fail:
    json_decref(arr);
    return NULL;
}

/* The coordinates of a Point, LineString or LinearRing: a position for a
 * point ([] if empty), an array of positions otherwise. */
static json_t *geo_wr_simple(const struct geo_wr *w, const GEOSGeometry *g, int is_point)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(w->h, g);
    json_t *arr, *first;

    if (seq == NULL)
        return NULL;
    arr = geo_wr_seq(w, seq);
    if (arr == NULL || !is_point)
        return arr;
    if (json_array_size(arr) == 0)
        return arr;
    first = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    return first;
}

/* The coordinates of a Polygon: exterior ring then holes; [] if empty. */
static json_t *geo_wr_polygon(const struct geo_wr *w, const GEOSGeometry *g)
{
    json_t *arr = json_array();
    int n, i;

    if (arr == NULL)
        return NULL;
    if (GEOSisEmpty_r(w->h, g) == 1)
        return arr;
    n = GEOSGetNumInteriorRings_r(w->h, g);
    if (n < 0)
        goto fail;
    for (i = -1; i < n; i++) {
        const GEOSGeometry *ring = i < 0 ? GEOSGetExteriorRing_r(w->h, g)
                                         : GEOSGetInteriorRingN_r(w->h, g, i);

        if (ring == NULL || json_array_append_new(arr, geo_wr_simple(w, ring, 0)) != 0)
            goto fail;
    }
    return arr;
fail:
    json_decref(arr);
    return NULL;
}

static json_t *geo_wr_geometry(const struct geo_wr *w, const GEOSGeometry *g);

/* The coordinates of a Multi* (members' coordinates in an array), or, for a
 * GeometryCollection (as_objects), its members as geometry objects. */
static json_t *geo_wr_members(const struct geo_wr *w, const GEOSGeometry *g, int as_objects)
{
    json_t *arr = json_array();
    int n, i;

    n = GEOSGetNumGeometries_r(w->h, g);
    if (arr == NULL || n < 0)
        goto fail;
    if (GEOSisEmpty_r(w->h, g) == 1)
        return arr;
    for (i = 0; i < n; i++) {
        const GEOSGeometry *m = GEOSGetGeometryN_r(w->h, g, i);
        json_t *j = NULL;

        if (m != NULL && as_objects)
            j = geo_wr_geometry(w, m);
        else if (m != NULL && GEOSGeomTypeId_r(w->h, m) == GEOS_POLYGON)
            j = geo_wr_polygon(w, m);
        else if (m != NULL)
            j = geo_wr_simple(w, m, GEOSGeomTypeId_r(w->h, m) == GEOS_POINT);
        if (json_array_append_new(arr, j) != 0)
            goto fail;
    }
    return arr;
fail:
    json_decref(arr);
    return NULL;
}

/* One geometry as a GeoJSON object {"type", "coordinates" | "geometries"}.
 * A LinearRing is written as a LineString. */
static json_t *geo_wr_geometry(const struct geo_wr *w, const GEOSGeometry *g)
{
    const char *type, *key = "coordinates";
    json_t *body, *obj;

    switch (GEOSGeomTypeId_r(w->h, g)) {
    case GEOS_POINT:
        type = "Point";
        body = geo_wr_simple(w, g, 1);
        break;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
        type = "LineString";
        body = geo_wr_simple(w, g, 0);
        break;
    case GEOS_POLYGON:
        type = "Polygon";
        body = geo_wr_polygon(w, g);
        break;
    case GEOS_MULTIPOINT:
        type = "MultiPoint";
        body = geo_wr_members(w, g, 0);
        break;
    case GEOS_MULTILINESTRING:
        type = "MultiLineString";
        body = geo_wr_members(w, g, 0);
        break;
    case GEOS_MULTIPOLYGON:
        type = "MultiPolygon";
        body = geo_wr_members(w, g, 0);
        break;
    case GEOS_GEOMETRYCOLLECTION:
        type = "GeometryCollection";
        key = "geometries";
        body = geo_wr_members(w, g, 1);
        break;
    default:
        return NULL;
    }
    if (body == NULL)
        return NULL;
    obj = json_object();
    if (obj == NULL || json_object_set_new(obj, "type", json_string(type)) != 0) {
        json_decref(obj);
        json_decref(body);
        return NULL;
    }
    if (json_object_set_new(obj, key, body) != 0) { /* takes body, also on failure */
        json_decref(obj);
        return NULL;
    }
    return obj;
}

/* Writes g as a new GeoJSON geometry object (the caller json_decref's it),
 * every coordinate rounded to decimals (0..15; 7 for degrees, 2 for
 * metres), or kept as it is with GEO_GEOJSON_EXACT.  Empty geometries get
 * empty coordinate arrays.  NULL for NULL arguments, decimals out of
 * range, non-finite coordinates, an unknown geometry type or out of
 * memory. */
json_t *geo_geojson_write(geo_ctx *ctx, const GEOSGeometry *g, int decimals)
{
    struct geo_wr w;

    if (ctx == NULL || g == NULL || decimals < GEO_GEOJSON_EXACT ||
        decimals > GEO_GEOJSON_MAX_DECIMALS)
        return NULL;
    w.h = ctx->geos;
    w.scale = decimals == GEO_GEOJSON_EXACT ? 0 : pow(10.0, decimals);
    return geo_wr_geometry(&w, g);
}
