/*
 * geo_range.c: the range check every geographic input goes through.
 * PROJ accepts lon=200 without complaint, so diming checks itself.
 */
#include <math.h>

#include "geo_internal.h"

/* 1 if lon is finite and in -180..180 and lat finite and in -90..90. */
int geo_lonlat_ok(double lon, double lat)
{
    return isfinite(lon) && isfinite(lat) && lon >= -180.0 && lon <= 180.0 &&
           lat >= -90.0 && lat <= 90.0;
}
