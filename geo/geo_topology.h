/*
 * geo_topology.h: measuring boundaries in metres.
 *
 * Every function here takes geometries already projected to EPSG:4544
 * (CGCS2000 / 3-degree Gauss-Kruger CM 105E, metres E/N; project with
 * geo_transform_geom) and returns lengths in metres, areas in square metres
 * and locations in the same E/N.  What they promise:
 *  - overlaps between sibling polygons: each polygonal piece of each
 *    pairwise intersection, with its area and a point inside it;
 *  - gaps between siblings: holes of their union, the parent polygon less
 *    the union (when a parent is given), and slivers narrower than a width
 *    found by closing the union (buffer +w then -w), each with its area, a
 *    point inside it and the siblings it touches;
 *  - the shared edge of two polygons, merged into as few lines as possible;
 *  - the Hausdorff distance of two lines with the point where it is reached;
 *  - a point's distance from a line and its position along it;
 *  - lines oriented by rule B5 (from the west end, or the north end for a
 *    line that runs more north-south than east-west) and the side of a
 *    line a polygon lies on.
 *
 * Threading: as geo.h, a geo_ctx and everything made with it belong to one
 * thread.  Errors: GEO_OK or a negative geo_status.
 */
#ifndef DIMING_GEO_TOPOLOGY_H
#define DIMING_GEO_TOPOLOGY_H

#include <stddef.h>

#include "geo.h"

/* One overlap: the polygonal piece geom (EPSG:4544, owned by the array)
 * where polygons a and b (indexes into the input, a < b) both lie. */
typedef struct geo_overlap {
    size_t a, b;
    double area_m2;
    double x, y; /* a point inside the piece */
    GEOSGeometry *geom;
} geo_overlap;

#define GEO_GAP_TOUCH_MAX 8

/* One gap: a polygonal piece no sibling covers.  touch lists the first
 * ntouch (at most GEO_GAP_TOUCH_MAX) siblings within the closing width of
 * it, by index; touching counts them all.  enclosed is 1 for a hole of the
 * union or a piece of the parent, 0 for a sliver open to the outside of the
 * union (which, without a parent polygon, may also be a notch of the
 * outline where two siblings meet it). */
typedef struct geo_gap {
    double area_m2;
    double width_m; /* twice the area over the perimeter: the mean width */
    double x, y;
    size_t touch[GEO_GAP_TOUCH_MAX];
    size_t ntouch, touching;
    int enclosed;
    GEOSGeometry *geom;
} geo_gap;

/* Finds every polygonal piece, of area min_area_m2 or more, of the pairwise
 * intersections of n polygons.  *out (NULL when none) and *nout are set;
 * free with geo_overlaps_free.  GEO_EINVAL for NULL arguments, a
 * non-polygonal input or a negative minimum. */
int geo_coverage_overlaps(geo_ctx *ctx, GEOSGeometry *const *polys, size_t n,
                          double min_area_m2, geo_overlap **out, size_t *nout);

/* Frees what geo_coverage_overlaps returned; NULL is a no-op. */
void geo_overlaps_free(geo_ctx *ctx, geo_overlap *list, size_t n);

/* Finds the gaps among n sibling polygons (see geo_gap) of area
 * min_area_m2 or more.  parent may be NULL.  Slivers open to the outside
 * are kept only when they touch two siblings or more.  width_m > 0 is the
 * closing width.  Free with geo_gaps_free. */
int geo_coverage_gaps(geo_ctx *ctx, GEOSGeometry *const *polys, size_t n,
                      const GEOSGeometry *parent, double width_m, double min_area_m2,
                      geo_gap **out, size_t *nout);

/* Frees what geo_coverage_gaps returned; NULL is a no-op. */
void geo_gaps_free(geo_ctx *ctx, geo_gap *list, size_t n);

/* The part of the boundaries of polygons a and b that they share (noded
 * on a 1 mm grid, so that edges coinciding to within it count as shared),
 * merged into a LineString or MultiLineString (*out, caller frees); an
 * empty geometry when they share no length (they may still touch at
 * points). */
int geo_shared_edge(geo_ctx *ctx, const GEOSGeometry *a, const GEOSGeometry *b,
                    GEOSGeometry **out);

/* The Hausdorff distance between two non-empty lineal geometries, exact
 * to within step_m / 2 (step_m > 0), and the point (on a or on b) farthest
 * from the other (a point of a when the distance is 0). */
int geo_hausdorff(geo_ctx *ctx, const GEOSGeometry *a, const GEOSGeometry *b, double step_m,
                  double *dist_m, double *x, double *y);

/* Distance of (x, y) from a lineal geometry, and the distance along it of
 * the nearest point, measured from its start through its parts in order
 * (along_m may be NULL). */
int geo_point_line(geo_ctx *ctx, const GEOSGeometry *line, double x, double y, double *dist_m,
                   double *along_m);

/* For the n (1..8) members of a same-number group of markers at (xs[i],
 * ys[i]): the distance from the line to their convex hull (0 when the line
 * passes between them) and their spread (the largest distance between two
 * members). */
int geo_group_distance(geo_ctx *ctx, const GEOSGeometry *line, const double *xs,
                       const double *ys, size_t n, double *dist_m, double *spread_m);

/* The point at distance along_m along a lineal geometry (clamped to its
 * ends), through its parts in order. */
int geo_line_point_at(geo_ctx *ctx, const GEOSGeometry *line, double along_m, double *x,
                      double *y);

/* Orients a lineal geometry by rule B5: if its ends are farther apart east-
 * west than north-south it runs west to east, otherwise north to south
 * (the extent of the whole geometry decides).  Parts are merged where they
 * meet (GEOSLineMerge), each turned to run that way, and ordered by where
 * they start.  *out is a new LineString (one part) or MultiLineString with
 * line's SRID, caller frees. */
int geo_line_orient(geo_ctx *ctx, const GEOSGeometry *line, GEOSGeometry **out);

/* Which side of a lineal geometry's longest segment the polygon poly lies
 * on: *side is +1 (left), -1 (right) or 0 (neither, at 0.05 m). */
int geo_line_side(geo_ctx *ctx, const GEOSGeometry *line, const GEOSGeometry *poly, int *side);

/* Casts a LineString or MultiLineString to a new MultiLineString with g's
 * SRID (4490 if it has none); empty parts are dropped.  GEO_EINVAL for
 * other types or when nothing is left. */
int geo_to_multilinestring(geo_ctx *ctx, const GEOSGeometry *g, GEOSGeometry **out);

/* Length of a lineal geometry in its units (metres in EPSG:4544). */
int geo_length(geo_ctx *ctx, const GEOSGeometry *g, double *len);

#endif
