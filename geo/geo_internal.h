/*
 * geo_internal.h: what the geo module's files share and nobody else sees.
 */
#ifndef DIMING_GEO_INTERNAL_H
#define DIMING_GEO_INTERNAL_H

#include <stddef.h>
#include <proj.h>

#include "geo.h"

/* A per-thread context.  msg holds the last GEOS or PROJ message. */
struct geo_ctx {
    GEOSContextHandle_t geos;
    PJ_CONTEXT *pj;
    PJ *to_4544;          /* EPSG:4490 -> EPSG:4544, (lon, lat) -> (E, N);
                             made on first use (geo_ctx_to) */
    PJ *to_4326;          /* EPSG:4490 -> EPSG:4326, (lon, lat) -> (lon, lat);
                             made on first use */
    char msg[GEO_ERRLEN];
};

/* Formats a one-line reason into err (at most errlen bytes, always
 * terminated).  err NULL or errlen 0 writes nothing. */
void geo_err_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The transform EPSG:4490 -> crs (GEO_CRS_4544 or GEO_CRS_4326) of ctx,
 * made on its first use (PROJ takes ~50 ms a transform to build, which
 * most connections and commands never need); NULL if PROJ cannot make
 * it. */
PJ *geo_ctx_to(geo_ctx *ctx, geo_crs crs);

/* 1 if lon and lat are finite and within -180..180 / -90..90, else 0. */
int geo_lonlat_ok(double lon, double lat);

/* 1 if crs is one of the geo_crs values, else 0. */
int geo_crs_valid(geo_crs crs);

/* The SRID a geometry in crs carries: its EPSG code, 0 for gcj02 (which has
 * none).  crs must be valid. */
int geo_crs_srid(geo_crs crs);

/* A growing array of geometries the array owns (geo_parts.c). */
typedef struct geo_parts {
    GEOSGeometry **g;
    size_t n, cap;
} geo_parts;

/* Appends clones of every non-empty part of g of dimension dim (2:
 * polygons, 1: line strings, 0: points), descending into Multi* types and
 * collections.  GEO_OK, GEO_ENOMEM or GEO_EGEOS. */
int geo_parts_flatten(GEOSContextHandle_t h, const GEOSGeometry *g, int dim, geo_parts *parts);

/* Appends g to parts, taking it (freed on failure too).  GEO_OK or
 * GEO_ENOMEM. */
int geo_parts_push(GEOSContextHandle_t h, geo_parts *parts, GEOSGeometry *g);

/* Frees every part and the array; the struct is left empty. */
void geo_parts_free(GEOSContextHandle_t h, geo_parts *parts);

/* Makes a new collection of GEOS type type (GEOS_MULTIPOLYGON, ...) from
 * the parts, which it takes (parts is left empty, also on failure).  An
 * empty parts gives an empty collection.  NULL on failure. */
GEOSGeometry *geo_parts_collect(GEOSContextHandle_t h, geo_parts *parts, int type);

/* A point inside the non-empty geometry g (GEOSPointOnSurface_r) into
 * (*x, *y).  GEO_OK or GEO_EGEOS. */
int geo_inside_point(GEOSContextHandle_t h, const GEOSGeometry *g, double *x, double *y);

#endif
