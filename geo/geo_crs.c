/*
 * geo_crs.c: the four coordinate reference systems by name.
 */
#include <strings.h>

#include "geo_internal.h"

/* Every accepted spelling and the CRS it names; compared case-insensitively. */
static const struct {
    const char *text;
    geo_crs crs;
} geo_crs_names[] = {
    {"EPSG:4490", GEO_CRS_4490},
    {"http://www.opengis.net/def/crs/EPSG/0/4490", GEO_CRS_4490},
    {"urn:ogc:def:crs:EPSG::4490", GEO_CRS_4490},
    {"EPSG:4326", GEO_CRS_4326},
    {"http://www.opengis.net/def/crs/EPSG/0/4326", GEO_CRS_4326},
    {"urn:ogc:def:crs:EPSG::4326", GEO_CRS_4326},
    {"CRS84", GEO_CRS_4326},
    {"OGC:CRS84", GEO_CRS_4326},
    {"http://www.opengis.net/def/crs/OGC/1.3/CRS84", GEO_CRS_4326},
    {"urn:ogc:def:crs:OGC:1.3:CRS84", GEO_CRS_4326},
    {"EPSG:4544", GEO_CRS_4544},
    {"http://www.opengis.net/def/crs/EPSG/0/4544", GEO_CRS_4544},
    {"urn:ogc:def:crs:EPSG::4544", GEO_CRS_4544},
    {"gcj02", GEO_CRS_GCJ02},
};

/* Parses a CRS name (see geo.h for the list).  GEO_EINVAL if text or out is
 * NULL or the name is unknown; *out is untouched then. */
int geo_crs_parse(const char *text, geo_crs *out)
{
    size_t i;

    if (text == NULL || out == NULL)
        return GEO_EINVAL;
    for (i = 0; i < sizeof geo_crs_names / sizeof geo_crs_names[0]; i++) {
        if (strcasecmp(text, geo_crs_names[i].text) == 0) {
            *out = geo_crs_names[i].crs;
            return GEO_OK;
        }
    }
    return GEO_EINVAL;
}

/* 1 if crs is one of the enum's values. */
int geo_crs_valid(geo_crs crs)
{
    return crs == GEO_CRS_4490 || crs == GEO_CRS_4326 || crs == GEO_CRS_4544 ||
           crs == GEO_CRS_GCJ02;
}

/* The canonical name of crs (a static string), NULL outside the enum. */
const char *geo_crs_name(geo_crs crs)
{
    switch (crs) {
    case GEO_CRS_4490: return "EPSG:4490";
    case GEO_CRS_4326: return "EPSG:4326";
    case GEO_CRS_4544: return "EPSG:4544";
    case GEO_CRS_GCJ02: return "gcj02";
    }
    return NULL;
}

/* 1 for lon/lat degrees, 0 for metres, GEO_EINVAL outside the enum. */
int geo_crs_is_geographic(geo_crs crs)
{
    if (!geo_crs_valid(crs))
        return GEO_EINVAL;
    return crs != GEO_CRS_4544;
}

/* The SRID of geometries in crs: the EPSG code, 0 for gcj02 (it has none).
 * crs must be valid (callers check with geo_crs_valid first). */
int geo_crs_srid(geo_crs crs)
{
    switch (crs) {
    case GEO_CRS_4490: return 4490;
    case GEO_CRS_4326: return 4326;
    case GEO_CRS_4544: return 4544;
    case GEO_CRS_GCJ02: return 0;
    }
    return 0;
}
