/* Opening an import's file as rows: a CSV, a shapefile's records or a
 * GeoJSON file's features (see import_internal.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_internal.h"

/* See import_internal.h. */
int import_is_shp(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n > 4 && strcasecmp(path + n - 4, ".shp") == 0;
}

/* See import_internal.h. */
int import_open_rows(import_run *run, import_csv **out)
{
    if (!run || !out)
        return -1;
    *out = NULL;
    size_t len = strlen(run->path);
    if (run->shape && import_is_shp(run->path))
        return import_shp_open(run, out);
    if (run->shape && ((len > 8 && strcasecmp(run->path + len - 8, ".geojson") == 0) ||
                       (len > 5 && strcasecmp(run->path + len - 5, ".json") == 0)))
        return import_geojson_rows(run, out);
    import_encoding enc;
    if (import_encoding_parse(run->opt->encoding, &enc) != 0) {
        fprintf(run->report, "%s: unknown encoding %s (auto, utf-8, gbk, gb18030)\n", run->path,
                run->opt->encoding);
        return 1;
    }
    char err[256] = "";
    if (import_csv_open_encoding(run->path, enc, out, err, sizeof err) != 0) {
        fprintf(run->report, "%s: %s\n", run->path, err);
        return -1;
    }
    if (enc == IMPORT_ENC_AUTO && import_csv_encoding(*out) == IMPORT_ENC_GB18030)
        import_report_warning(run, 1, "not valid UTF-8: read as GB18030 (GBK)",
                              "非 UTF-8 编码，按 GB18030（GBK）读取");
    return 0;
}

/* The properties of a row: every column but skip (the geometry's), text
 * as it is, an empty value as null.  NULL when memory runs out. */
static json_t *row_properties(char **header, char **fields, size_t n, size_t skip)
{
    json_t *props = json_object();
    for (size_t i = 0; props && i < n; i++) {
        if (i == skip)
            continue;
        json_t *v = fields[i][0] ? json_string(fields[i]) : json_null();
        if (!v || json_object_set_new(props, header[i], v) != 0) {
            json_decref(props);
            return NULL;
        }
    }
    return props;
}

/* A GeoJSON geometry for WKT text (NULL when empty), or NULL after
 * setting *bad. */
static json_t *row_geometry(geo_ctx *geo, const char *wkt, int *bad)
{
    GEOSGeometry *g = NULL;
    if (!wkt[0])
        return json_null();
    if (geo_wkt_read(geo, wkt, &g, NULL, 0) != GEO_OK) {
        *bad = 1;
        return NULL;
    }
    json_t *out = geo_geojson_write(geo, g, GEO_GEOJSON_EXACT);
    GEOSGeom_destroy_r(geo_ctx_geos(geo), g);
    *bad = !out;
    return out;
}

/* Appends the rows of csv (after its header) to features, as features
 * whose geometry comes from column wkt.  0, or -1 (reported). */
static int rows_to_features(import_run *run, import_csv *csv, geo_ctx *geo, json_t *features)
{
    char **fields, **header = NULL, err[256] = "";
    size_t n, nheader = 0, skip = (size_t)-1;
    long line;
    int rc = import_csv_next(csv, &fields, &n, &line, err, sizeof err) == 1 ? 0 : -1;
    if (rc == 0 && !(header = calloc(n, sizeof *header)))
        rc = -1;
    if (rc != 0)
        fprintf(run->report, "%s: the records cannot be read\n", run->path);
    for (size_t i = 0; rc == 0 && i < n; i++, nheader++) {
        if (!(header[i] = strdup(fields[i])))
            rc = -1;
        else if (strcmp(fields[i], run->shape->wkt) == 0)
            skip = i;
    }
    int step;
    while (rc == 0 && (step = import_csv_next(csv, &fields, &n, &line, err, sizeof err)) != 0) {
        if (step < 0) {
            fprintf(run->report, "%s: record %ld: %s\n", run->path, line - 1, err);
            rc = -1;
            break;
        }
        int bad = 0;
        json_t *geometry = n == nheader ? row_geometry(geo, skip < n ? fields[skip] : "", &bad)
                                        : NULL;
        json_t *props = geometry ? row_properties(header, fields, n, skip) : NULL;
        json_t *f = props ? json_pack("{s:s, s:o, s:o}", "type", "Feature", "properties", props,
                                      "geometry", geometry)
                          : NULL;
        if (!f || json_array_append_new(features, f) != 0) {
            if (!props)
                json_decref(geometry);
            fprintf(run->report, "%s: record %ld: %s\n", run->path, line - 1,
                    bad ? "the geometry cannot be converted" : "cannot be read");
            rc = -1;
        }
    }
    for (size_t i = 0; i < nheader; i++)
        free(header[i]);
    free(header);
    return rc;
}

/* See import_internal.h. */
int import_load_features(import_run *run, json_t **out)
{
    if (!run || !out)
        return -1;
    *out = NULL;
    if (run->shape && run->shape->wkt && import_is_shp(run->path)) {
        import_csv *csv = NULL;
        int rc = import_shp_open(run, &csv);
        geo_ctx *geo = NULL;
        json_t *doc = rc == 0 ? json_pack("{s:s, s:[]}", "type", "FeatureCollection", "features")
                              : NULL;
        if (rc == 0 && (!doc || geo_ctx_new(&geo) != GEO_OK))
            rc = -1;
        if (rc == 0)
            rc = rows_to_features(run, csv, geo, json_object_get(doc, "features"));
        geo_ctx_free(geo);
        import_csv_close(csv);
        if (rc == 0)
            *out = doc;
        else
            json_decref(doc);
        return rc;
    }
    json_error_t jerr;
    json_t *doc = json_load_file(run->path, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        fprintf(run->report, "%s: line %d: not valid JSON: %s\n", run->path, jerr.line,
                jerr.text);
        return 1;
    }
    const char *type = json_string_value(json_object_get(doc, "type"));
    if (!type || strcmp(type, "FeatureCollection") != 0 ||
        !json_is_array(json_object_get(doc, "features"))) {
        fprintf(run->report, "%s: not a GeoJSON FeatureCollection\n", run->path);
        json_decref(doc);
        return 1;
    }
    *out = doc;
    return 0;
}
