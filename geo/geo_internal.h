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
    PJ *to_4544;          /* EPSG:4490 -> EPSG:4544, (lon, lat) -> (E, N) */
    PJ *to_4326;          /* EPSG:4490 -> EPSG:4326, (lon, lat) -> (lon, lat) */
    char msg[GEO_ERRLEN];
};

/* Formats a one-line reason into err (at most errlen bytes, always
 * terminated).  err NULL or errlen 0 writes nothing. */
void geo_err_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 1 if lon and lat are finite and within -180..180 / -90..90, else 0. */
int geo_lonlat_ok(double lon, double lat);

/* 1 if crs is one of the geo_crs values, else 0. */
int geo_crs_valid(geo_crs crs);

/* The SRID a geometry in crs carries: its EPSG code, 0 for gcj02 (which has
 * none).  crs must be valid. */
int geo_crs_srid(geo_crs crs);

#endif
