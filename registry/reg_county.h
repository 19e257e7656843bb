/*
 * reg_county.h: the county's envelope and the coordinate rule of every
 * import.  After conversion to EPSG:4490 a coordinate must lie within the
 * envelope of the county plus REG_COUNTY_MARGIN_DEG; one that is outside
 * but would lie inside with its two values swapped is reported as
 * probably swapped (lat, lon).
 */
#ifndef DIMING_REG_COUNTY_H
#define DIMING_REG_COUNTY_H

#include "registry.h"

/* Degrees added on every side of the envelope: the township polygons are
 * approximate, and boundary lines and markers sit on the county's edge. */
#define REG_COUNTY_MARGIN_DEG 0.1

/* The county's envelope in EPSG:4490 (lon/lat), without the margin. */
typedef struct reg_county_box {
    double min_lon, min_lat, max_lon, max_lat;
    const char *source; /* static text: where the envelope comes from */
} reg_county_box;

/* The built-in envelope of 会宁县 (see reg_county.c for its source). */
void reg_county_box_builtin(reg_county_box *out);

/* The envelope of the registry's county polygon; else of its township-
 * level polygons (town, township, subdistrict); else the built-in one.
 * REG_OK, REG_EINVAL for NULL arguments, or the storage failure. */
int reg_county_box_get(reg_db *db, reg_county_box *out, reg_error *err);

/* Converts (*x, *y) from crs to EPSG:4490 in place and checks it against
 * box.  REG_OK; else REG_EINVAL with err->field = field and the code
 * swapped_coordinates (outside, but the two values swapped - before or
 * after conversion - lie inside), outside_county, or
 * coordinate_out_of_range (cannot be converted).  *x, *y change only on
 * success. */
int reg_county_point(geo_ctx *geo, const reg_county_box *box, geo_crs crs, double *x, double *y,
                     const char *field, reg_error *err);

/* Converts in from crs to EPSG:4490 into a new geometry *out (the
 * caller's, freed with GEOSGeom_destroy_r) and checks every coordinate
 * against box (through the geometry's envelope), with the codes of
 * reg_county_point.  *out is NULL on failure.  An empty geometry passes. */
int reg_county_geom(geo_ctx *geo, const reg_county_box *box, geo_crs crs, const GEOSGeometry *in,
                    GEOSGeometry **out, const char *field, reg_error *err);

#endif
