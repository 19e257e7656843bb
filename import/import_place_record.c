/* One record of a place-name import (a CSV row or a GeoJSON feature)
 * turned into what reg_place_register takes (see import_places.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_places.h"

const char *const import_place_columns[IP_COUNT] = {
    [IP_CODE] = "code",
    [IP_NAME] = "name",
    [IP_SPECIFIC] = "specific",
    [IP_GENERIC] = "generic",
    [IP_CATEGORY] = "category",
    [IP_UNIT] = "unit",
    [IP_VALID_FROM] = "valid_from",
    [IP_APPROVED_BY] = "approved_by",
    [IP_APPROVAL_DATE] = "approval_date",
    [IP_PINYIN_OVERRIDE] = "pinyin_override",
    [IP_MEANING] = "meaning",
    [IP_ORIGIN] = "origin",
    [IP_HISTORY] = "history",
    [IP_DESCRIPTION] = "description",
    [IP_LOCATION] = "location",
    [IP_SOURCES] = "sources",
    [IP_PROTECTED] = "protected",
    [IP_LON] = "lon",
    [IP_LAT] = "lat",
    [IP_WKT] = "wkt",
    [IP_NAMES] = "names",
};

/* See import_places.h. */
int import_place_column(const char *name)
{
    for (int i = 0; i < IP_COUNT; i++)
        if (strcasecmp(name, import_place_columns[i]) == 0)
            return i;
    return -1;
}

/* See import_places.h. */
void import_place_rec_free(reg_db *db, import_place_rec *r)
{
    if (r->geom)
        GEOSGeom_destroy_r(geo_ctx_geos(reg_geo(db)), r->geom);
    free(r->names_buf);
    memset(r, 0, sizeof *r);
}

/* Sets r's protected flag from text: 1/0, true/false, 是/否, or empty. */
static int protected_text(const char *s, int *out)
{
    if (!s || !*s) {
        *out = -1;
        return 0;
    }
    if (strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0 || strcmp(s, "是") == 0)
        *out = 1;
    else if (strcmp(s, "0") == 0 || strcasecmp(s, "false") == 0 || strcmp(s, "否") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

/* Splits the CSV names column "kind:name:from:to;..." into r->names. */
static int names_text(import_place_rec *r, const char *s, reg_error *err)
{
    if (!s || !*s)
        return REG_OK;
    if (!(r->names_buf = strdup(s)))
        return reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
    char *save = NULL;
    for (char *item = strtok_r(r->names_buf, ";", &save); item;
         item = strtok_r(NULL, ";", &save)) {
        char *parts[4] = {NULL, NULL, NULL, NULL};
        for (int k = 0; k < 4; k++) {
            parts[k] = item;
            char *colon = item ? strchr(item, ':') : NULL;
            if (colon)
                *colon = '\0';
            item = colon ? colon + 1 : NULL;
        }
        if (r->nnames == IP_NAMES_MAX || !parts[1] || item)
            return reg_error_set(err, REG_EINVAL, "bad_names", "names",
                                 "其他名称应写作 种类:名称:启用日期:停用日期，以分号分隔",
                                 "other names are kind:name:from:to, separated by ';'");
        reg_place_name_input *n = &r->names[r->nnames++];
        n->kind = parts[0];
        n->name = parts[1];
        n->valid_from = parts[2] && *parts[2] ? parts[2] : NULL;
        n->valid_to = parts[3] && *parts[3] ? parts[3] : NULL;
    }
    return REG_OK;
}

/* See import_places.h. */
int import_place_rec_csv(import_place_rec *r, const size_t *idx, char **fields, size_t n,
                         reg_error *err)
{
    for (int c = 0; c < IP_COUNT; c++) {
        const char *v = idx[c] != (size_t)-1 && idx[c] < n ? fields[idx[c]] : NULL;
        r->v[c] = v && *v ? v : NULL;
    }
    if (protected_text(r->v[IP_PROTECTED], &r->protected_flag) != 0)
        return reg_error_set(err, REG_EINVAL, "bad_protected", "protected",
                             "protected 应为 1/0、true/false 或 是/否",
                             "protected is 1/0, true/false or 是/否");
    return names_text(r, r->v[IP_NAMES], err);
}

/* Reads the "names" array of a feature into r->names. */
static int names_json(import_place_rec *r, json_t *arr, reg_error *err)
{
    if (!arr)
        return REG_OK;
    size_t i;
    json_t *item;
    if (!json_is_array(arr) || json_array_size(arr) > IP_NAMES_MAX)
        return reg_error_set(err, REG_EINVAL, "bad_names", "names",
                             "names 应为至多16个对象的数组",
                             "names is an array of at most 16 objects");
    json_array_foreach(arr, i, item) {
        reg_place_name_input *n = &r->names[r->nnames++];
        n->name = json_string_value(json_object_get(item, "name"));
        n->kind = json_string_value(json_object_get(item, "kind"));
        n->valid_from = json_string_value(json_object_get(item, "valid_from"));
        n->valid_to = json_string_value(json_object_get(item, "valid_to"));
        if (!json_is_object(item) || !n->name || !n->kind)
            return reg_error_set(err, REG_EINVAL, "bad_names", "names",
                                 "names 的每一项须有 name 和 kind",
                                 "each item of names needs a name and a kind");
    }
    return REG_OK;
}

/* See import_places.h. */
int import_place_rec_feature(import_place_rec *r, json_t *feature, reg_error *err)
{
    json_t *props = json_object_get(feature, "properties");
    if (!json_is_object(feature) || !json_is_object(props))
        return reg_error_set(err, REG_EINVAL, "bad_feature", "properties",
                             "要素或其属性不是对象", "the feature or its properties is not an object");
    const char *key;
    json_t *value;
    json_object_foreach(props, key, value) {
        int c = import_place_column(key);
        if (c < 0 || c == IP_LON || c == IP_LAT || c == IP_WKT) {
            char en[160];
            snprintf(en, sizeof en, "unknown property %.64s", key);
            return reg_error_set(err, REG_EINVAL, "unknown_field", key, "未知的属性", en);
        }
        if (c == IP_PROTECTED) {
            if (!json_is_boolean(value))
                return reg_error_set(err, REG_EINVAL, "bad_protected", "protected",
                                     "protected 应为 true 或 false", "protected is true or false");
            r->protected_flag = json_is_true(value);
        } else if (c != IP_NAMES && !json_is_string(value) && !json_is_null(value)) {
            return reg_error_set(err, REG_EINVAL, "bad_field_type", key, "属性应为字符串",
                                 "the property must be a string");
        }
        r->v[c] = json_string_value(value);
    }
    r->geometry_json = json_object_get(feature, "geometry");
    return names_json(r, json_object_get(props, "names"), err);
}

/* Reads r's geometry (GeoJSON, WKT, or lon and lat) in run->crs into r->geom
 * (EPSG:4490), under the county coordinate rule (import_geom). */
static int rec_geometry(import_run *run, reg_db *db, import_place_rec *r,
                        reg_error *err)
{
    geo_ctx *geo = reg_geo(db);
    GEOSContextHandle_t h = geo_ctx_geos(geo);
    char reason[GEO_ERRLEN] = "";
    GEOSGeometry *g = NULL;
    if (r->geometry_json && !json_is_null(r->geometry_json)) {
        if (geo_geojson_read(geo, r->geometry_json, &g, reason, sizeof reason) != GEO_OK) {
            char en[GEO_ERRLEN + 48];
            snprintf(en, sizeof en, "the geometry is not valid GeoJSON: %s", reason);
            return reg_error_set(err, REG_EINVAL, "bad_geometry", "geometry",
                                 "几何不是有效的 GeoJSON", en);
        }
    } else if (r->v[IP_WKT]) {
        GEOSWKTReader *rd = GEOSWKTReader_create_r(h);
        g = rd ? GEOSWKTReader_read_r(h, rd, r->v[IP_WKT]) : NULL;
        if (rd)
            GEOSWKTReader_destroy_r(h, rd);
        if (!g)
            return reg_error_set(err, REG_EINVAL, "bad_geometry", "wkt", "WKT 无法解析",
                                 "the WKT cannot be read");
    } else if (r->v[IP_LON] || r->v[IP_LAT]) {
        char *e1 = NULL, *e2 = NULL;
        double x = r->v[IP_LON] ? strtod(r->v[IP_LON], &e1) : 0;
        double y = r->v[IP_LAT] ? strtod(r->v[IP_LAT], &e2) : 0;
        if (!r->v[IP_LON] || !r->v[IP_LAT] || *e1 || *e2 ||
            !(g = GEOSGeom_createPointFromXY_r(h, x, y)))
            return reg_error_set(err, REG_EINVAL, "bad_coordinate", "lon",
                                 "lon 和 lat 应同时给出且为数字",
                                 "lon and lat must both be numbers");
    } else {
        return REG_OK;
    }
    const char *field = r->geometry_json && !json_is_null(r->geometry_json) ? "geometry"
                        : r->v[IP_WKT]                                     ? "wkt"
                                                                           : "lon";
    int rc = import_geom(run, db, run->crs, g, &r->geom, field, err);
    GEOSGeom_destroy_r(h, g);
    return rc;
}

/* See import_places.h. */
int import_place_rec_existing(import_run *run, reg_db *db, import_place_rec *r,
                              reg_place_existing *out, reg_error *err)
{
    int rc = rec_geometry(run, db, r, err);
    if (rc != REG_OK)
        return rc;
    memset(out, 0, sizeof *out);
    reg_place_input *p = &out->place;
    p->name = r->v[IP_NAME];
    p->specific = r->v[IP_SPECIFIC];
    p->generic = r->v[IP_GENERIC];
    p->category = r->v[IP_CATEGORY];
    p->unit = r->v[IP_UNIT];
    p->geometry = r->geom;
    p->pinyin_override = r->v[IP_PINYIN_OVERRIDE];
    p->meaning = r->v[IP_MEANING];
    p->origin = r->v[IP_ORIGIN];
    p->history = r->v[IP_HISTORY];
    p->description = r->v[IP_DESCRIPTION];
    p->location = r->v[IP_LOCATION];
    p->sources = r->v[IP_SOURCES];
    p->protected_flag = r->protected_flag;
    out->code = r->v[IP_CODE];
    out->valid_from = r->v[IP_VALID_FROM];
    out->approved_by = r->v[IP_APPROVED_BY];
    out->approval_date = r->v[IP_APPROVAL_DATE];
    out->names = r->names;
    out->nnames = r->nnames;
    return REG_OK;
}
