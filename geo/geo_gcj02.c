/*
 * geo_gcj02.c: GCJ-02, the offset Chinese web maps (Amap, Tencent) publish.
 * The published formula: Krasovsky 1940 ellipsoid, polynomial and sine
 * terms in (lon - 105, lat - 35), applied only inside a rectangle around
 * China.  The inverse has no closed form: fixed-point iteration.
 */
#include <math.h>

#include "geo_internal.h"

#define GEO_GCJ02_A 6378245.0                  /* Krasovsky semi-major axis */
#define GEO_GCJ02_EE 0.00669342162296594323    /* Krasovsky eccentricity^2 */
#define GEO_GCJ02_PI 3.14159265358979323846
#define GEO_GCJ02_TOL 1e-9                     /* degrees, decode stop */
#define GEO_GCJ02_MAX_ITER 30                  /* decode cap; 3-5 are typical */

/* 1 if (lon, lat) lies outside the formula's rectangle (no offset there). */
static int geo_gcj02_outside(double lon, double lat)
{
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

/* The formula's latitude term for x = lon - 105, y = lat - 35. */
static double geo_gcj02_term_lat(double x, double y)
{
    const double pi = GEO_GCJ02_PI;
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));

    r += (20.0 * sin(6.0 * x * pi) + 20.0 * sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * sin(y * pi) + 40.0 * sin(y / 3.0 * pi)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * pi) + 320.0 * sin(y * pi / 30.0)) * 2.0 / 3.0;
    return r;
}

/* The formula's longitude term for x = lon - 105, y = lat - 35. */
static double geo_gcj02_term_lon(double x, double y)
{
    const double pi = GEO_GCJ02_PI;
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));

    r += (20.0 * sin(6.0 * x * pi) + 20.0 * sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * sin(x * pi) + 40.0 * sin(x / 3.0 * pi)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * pi) + 300.0 * sin(x / 30.0 * pi)) * 2.0 / 3.0;
    return r;
}

/* Encodes a point known to be in range: (lon, lat) -> GCJ-02. */
static void geo_gcj02_apply(double lon, double lat, double *out_lon, double *out_lat)
{
    const double pi = GEO_GCJ02_PI;
    double dlat, dlon, rad, magic, sq;

    if (geo_gcj02_outside(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    dlat = geo_gcj02_term_lat(lon - 105.0, lat - 35.0);
    dlon = geo_gcj02_term_lon(lon - 105.0, lat - 35.0);
    rad = lat / 180.0 * pi;
    magic = sin(rad);
    magic = 1.0 - GEO_GCJ02_EE * magic * magic;
    sq = sqrt(magic);
    dlat = (dlat * 180.0) / ((GEO_GCJ02_A * (1.0 - GEO_GCJ02_EE)) / (magic * sq) * pi);
    dlon = (dlon * 180.0) / (GEO_GCJ02_A / sq * cos(rad) * pi);
    *out_lon = lon + dlon;
    *out_lat = lat + dlat;
}

/* CGCS2000/WGS 84 (lon, lat) -> GCJ-02.  Outside the rectangle the point is
 * returned unchanged.  GEO_EINVAL for NULL outputs, GEO_ERANGE for input
 * outside lon -180..180 / lat -90..90 or not finite. */
int geo_gcj02_encode(double lon, double lat, double *out_lon, double *out_lat)
{
    if (out_lon == NULL || out_lat == NULL)
        return GEO_EINVAL;
    if (!geo_lonlat_ok(lon, lat))
        return GEO_ERANGE;
    geo_gcj02_apply(lon, lat, out_lon, out_lat);
    return GEO_OK;
}

/* GCJ-02 (lon, lat) -> CGCS2000/WGS 84 by fixed-point iteration
 * w <- w - (encode(w) - gcj) until the step is below 1e-9 degrees, at most
 * GEO_GCJ02_MAX_ITER steps (only at the rectangle's edge, where the offset
 * jumps, can the cap end it: the last estimate is returned).  Outside the
 * rectangle the point is returned unchanged.  Errors as geo_gcj02_encode. */
int geo_gcj02_decode(double lon, double lat, double *out_lon, double *out_lat)
{
    double wlon = lon, wlat = lat, elon, elat, dlon, dlat;
    int i;

    if (out_lon == NULL || out_lat == NULL)
        return GEO_EINVAL;
    if (!geo_lonlat_ok(lon, lat))
        return GEO_ERANGE;
    if (!geo_gcj02_outside(lon, lat)) {
        for (i = 0; i < GEO_GCJ02_MAX_ITER; i++) {
            geo_gcj02_apply(wlon, wlat, &elon, &elat);
            dlon = elon - lon;
            dlat = elat - lat;
            wlon -= dlon;
            wlat -= dlat;
            if (fabs(dlon) < GEO_GCJ02_TOL && fabs(dlat) < GEO_GCJ02_TOL)
                break;
        }
    }
    *out_lon = wlon;
    *out_lat = wlat;
    return GEO_OK;
}
