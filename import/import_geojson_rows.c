/*
 * import_geojson_rows.c: a GeoJSON FeatureCollection as rows for the
 * importers that read tables (units, streets, doorplates): the
 * properties as columns, the geometry as the run's x/y or WKT cells, each
 * feature going through the same row checks as a CSV row (see
 * import_internal.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_export_internal.h"
#include "import_internal.h"

#define GJ_COLUMNS_MAX (IMPORT_CSV_FIELDS_MAX - 2)

/* The property names of every feature, in the order first seen, into
 * names (GJ_COLUMNS_MAX; the strings are the document's).  The count, or
 * -1 when there are too many. */
static long property_names(json_t *features, const char **names)
{
    size_t n = 0, i;
    json_t *f;
    json_array_foreach(features, i, f) {
        const char *key;
        json_t *v;
        json_object_foreach(json_object_get(f, "properties"), key, v) {
            size_t k = 0;
            while (k < n && strcmp(names[k], key) != 0)
                k++;
            if (k < n)
                continue;
            if (n == GJ_COLUMNS_MAX)
                return -1;
            names[n++] = key;
        }
    }
    return (long)n;
}

/* A property value as a cell: text as it is, numbers with every digit,
 * true/false, "" for null; other JSON compact in *dumped (to free). */
static const char *cell(json_t *v, char *buf, char **dumped)
{
    if (!v || json_is_null(v))
        return "";
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, 64, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        import_export_number(json_real_value(v), buf, 64);
        return buf;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? "true" : "false";
    *dumped = json_dumps(v, JSON_COMPACT);
    return *dumped ? *dumped : "";
}

/* Writes one feature as a row.  A geometry that cannot be read or written
 * as the cells want goes in as its GeoJSON text, for the row checks to
 * refuse.  0 or -1. */
static int write_feature(import_cells *c, json_t *feature, const char **names, size_t n,
                         FILE *out)
{
    const char *fields[GJ_COLUMNS_MAX + 2];
    char bufs[GJ_COLUMNS_MAX][64], xy[2][64];
    char *dumped[GJ_COLUMNS_MAX + 1] = {NULL};
    json_t *props = json_object_get(feature, "properties");
    for (size_t i = 0; i < n; i++)
        fields[i] = cell(json_object_get(props, names[i]), bufs[i], &dumped[i]);
    json_t *geometry = json_object_get(feature, "geometry");
    GEOSGeometry *g = NULL;
    char *wkt = NULL;
    int ncells = json_is_object(geometry) &&
                         geo_geojson_read(c->geo, geometry, &g, NULL, 0) != GEO_OK
                     ? -1
                     : import_cells_geometry(c, g, fields + n, xy, &wkt);
    if (ncells < 0) {
        const char *none[2];
        ncells = (int)import_cells_names(c, none);
        dumped[n] = json_dumps(geometry, JSON_COMPACT);
        for (int k = 0; k < ncells; k++)
            fields[n + (size_t)k] = dumped[n] ? dumped[n] : "";
    }
    int rc = import_csv_write(out, fields, n + (size_t)ncells);
    GEOSContextHandle_t h = geo_ctx_geos(c->geo);
    if (g)
        GEOSGeom_destroy_r(h, g);
    if (wkt)
        GEOSFree_r(h, wkt);
    for (size_t i = 0; i <= n; i++)
        free(dumped[i]);
    return rc;
}

/* See import_internal.h. */
int import_geojson_rows(import_run *run, import_csv **out)
{
    if (!run || !out || !run->shape)
        return -1;
    json_t *doc = NULL;
    int rc = import_load_features(run, &doc);
    if (rc != 0)
        return rc;
    json_t *features = json_object_get(doc, "features");
    const char *names[GJ_COLUMNS_MAX + 2];
    long n = property_names(features, names);
    import_cells c;
    FILE *rows = NULL;
    if (n < 0) {
        fprintf(run->report, "%s: more than %d properties\n", run->path, GJ_COLUMNS_MAX);
        rc = 1;
    } else if (import_cells_begin(&c, run->shape) != 0 || !(rows = tmpfile())) {
        fprintf(run->report, "%s: out of memory or no temporary file\n", run->path);
        rc = -1;
    }
    if (rc == 0 &&
        import_csv_write(rows, names, (size_t)n + import_cells_names(&c, names + n)) != 0)
        rc = -1;
    size_t i;
    json_t *f;
    json_array_foreach(features, i, f) {
        if (rc == 0 && write_feature(&c, f, names, (size_t)n, rows) != 0)
            rc = -1;
    }
    if (rc == 0)
        rc = import_cells_open(run, rows, out);
    else if (rows)
        fclose(rows);
    if (n >= 0)
        import_cells_end(&c);
    json_decref(doc);
    return rc;
}
