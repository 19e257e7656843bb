/* api_ogc_feature.c: a registry feature as a GeoJSON Feature. */
#include "api_internal.h"

/* Swaps the first two numbers of every position under coords (a GeoJSON
 * coordinates array at any depth): lon/lat becomes lat/lon. */
static void swap_axes(json_t *coords)
{
    json_t *first = json_array_get(coords, 0);
    if (json_is_number(first)) {
        json_t *second = json_array_get(coords, 1);
        json_incref(first);
        json_array_set(coords, 0, second);
        json_array_set_new(coords, 1, first);
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(coords, i, v)
        swap_axes(v);
}

/* The GeoJSON geometry of WKB in crs: a new object, or NULL on failure. */
static json_t *geometry_json(reg_db *db, const unsigned char *wkb, size_t len, api_ogc_crs crs)
{
    geo_ctx *geo = reg_geo(db);
    GEOSGeometry *g = NULL;
    if (geo_wkb_read(geo, wkb, len, &g) != GEO_OK)
        return NULL;
    json_t *j = geo_geojson_write(geo, g, 7);
    GEOSGeom_destroy_r(geo_ctx_geos(geo), g);
    if (j && crs == API_OGC_CRS_4490)
        swap_axes(json_object_get(j, "coordinates"));
    return j;
}

/* See api_internal.h.  A feature without geometry has "geometry": null. */
json_t *api_ogc_feature_json(reg_db *db, const reg_collection *c, const reg_feature *f,
                             api_ogc_crs crs, int with_geometry)
{
    json_t *props = reg_feature_properties(c, f);
    json_t *feature = props ? json_pack("{s:s, s:s, s:o}", "type", "Feature", "id", f->id,
                                        "properties", props)
                            : NULL;
    if (!feature || !with_geometry)
        return feature;
    json_t *geom = f->wkb ? geometry_json(db, f->wkb, f->wkb_len, crs) : json_null();
    if (json_object_set_new(feature, "geometry", geom) != 0) {
        json_decref(feature);
        return NULL;
    }
    return feature;
}
