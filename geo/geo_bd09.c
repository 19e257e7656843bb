/*
 * geo_bd09.c: BD-09, the offset Baidu Maps adds on top of GCJ-02, by the
 * published formula (a small rotation and scaling about the origin plus
 * a shift), for links that open a point in Baidu Maps.
 */
#include <math.h>

#include "geo_internal.h"

#define GEO_BD09_X_PI (3.14159265358979323846 * 3000.0 / 180.0)

/* See geo.h. */
int geo_bd09_encode(double gcj_lon, double gcj_lat, double *out_lon, double *out_lat)
{
    if (!out_lon || !out_lat)
        return GEO_EINVAL;
    if (!geo_lonlat_ok(gcj_lon, gcj_lat))
        return GEO_ERANGE;
    double x = gcj_lon, y = gcj_lat;
    double z = sqrt(x * x + y * y) + 0.00002 * sin(y * GEO_BD09_X_PI);
    double theta = atan2(y, x) + 0.000003 * cos(x * GEO_BD09_X_PI);
    *out_lon = z * cos(theta) + 0.0065;
    *out_lat = z * sin(theta) + 0.006;
    return GEO_OK;
}
