/* api_ogc_openapi.c: /ogc/api, the OpenAPI 3.0 definition of the OGC
 * routes (conformance class "oas30"), made from the routes and the
 * collection descriptors: each collection's items path lists its
 * properties as query parameters, which is how clients such as GDAL learn
 * which attribute filters the server evaluates. */
#include <stdio.h>

#include "api_internal.h"

/* {"$ref": "#/components/NAME"}. */
static json_t *ref(const char *name)
{
    char r[96];
    snprintf(r, sizeof r, "#/components/%s", name);
    return json_pack("{s:s}", "$ref", r);
}

/* A query parameter with a schema of type type and a description. */
static json_t *query_param(const char *name, const char *type, const char *description)
{
    return json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", name, "in", "query", "required",
                     0, "description", description, "schema", "type", type);
}

/* The shared parameters, schemas and responses. */
static json_t *components(void)
{
    json_t *crs_enum = json_pack("[s,s]", API_OGC_CRS84, API_OGC_CRS4490);
    json_t *params = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "f",
        json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:[s,s]}}", "name", "f", "in", "query",
                  "required", 0, "description", "json (the default) or html", "schema", "type",
                  "string", "enum", "json", "html"),
        "bbox",
        json_pack("{s:s, s:s, s:b, s:s, s:b, s:s, s:{s:s, s:i, s:i, s:{s:s}}}", "name", "bbox",
                  "in", "query", "required", 0, "style", "form", "explode", 0, "description",
                  "min x, min y, max x, max y (or 6 numbers with heights) in the axis order of "
                  "bbox-crs: lon,lat for CRS84, lat,lon for EPSG:4490",
                  "schema", "type", "array", "minItems", 4, "maxItems", 6, "items", "type",
                  "number"),
        "bbox-crs",
        json_pack("{s:s, s:s, s:b, s:{s:s, s:O, s:s}}", "name", "bbox-crs", "in", "query",
                  "required", 0, "schema", "type", "string", "enum", crs_enum, "default",
                  API_OGC_CRS84),
        "crs",
        json_pack("{s:s, s:s, s:b, s:{s:s, s:O, s:s}}", "name", "crs", "in", "query",
                  "required", 0, "schema", "type", "string", "enum", crs_enum, "default",
                  API_OGC_CRS84),
        "limit",
        json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:i, s:i, s:i}}", "name", "limit", "in",
                  "query", "required", 0, "description",
                  "features per page; above the maximum the maximum is used", "schema", "type",
                  "integer", "minimum", 1, "maximum", API_OGC_LIMIT_MAX, "default",
                  API_OGC_LIMIT_DEFAULT),
        "offset",
        json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:i, s:i}}", "name", "offset", "in", "query",
                  "required", 0, "description", "matching features skipped (next links set it)",
                  "schema", "type", "integer", "minimum", 0, "default", 0),
        "datetime",
        query_param("datetime", "string",
                    "an instant or an interval a/b (.. for an open end), RFC 3339; features "
                    "valid at that time"));
    json_decref(crs_enum);
    json_t *error = json_pack(
        "{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}}}", "type", "object",
        "properties", "error", "type", "object", "properties", "code", "type", "string",
        "message_zh", "type", "string", "message_en", "type", "string", "field", "type",
        "string");
    json_t *responses = json_pack(
        "{s:{s:s, s:{s:{s:o}}}, s:{s:s, s:{s:{s:o}}}}", "BadRequest", "description",
        "bad parameter", "content", "application/json", "schema", ref("schemas/error"),
        "NotFound", "description", "no such resource", "content", "application/json",
        "schema", ref("schemas/error"));
    return json_pack("{s:o, s:{s:o}, s:o}", "parameters", params, "schemas", "error", error,
                     "responses", responses);
}

/* A GET operation: summary, parameters (stolen), a 200 of media type
 * ctype and the 400/404 responses. */
static json_t *get_op(const char *id, const char *summary, json_t *parameters, const char *ctype)
{
    return json_pack("{s:{s:s, s:s, s:o, s:{s:{s:s, s:{s:{s:{s:s}}}, s:o, s:o}}}}", "get",
                     "operationId", id, "summary", summary, "parameters", parameters,
                     "responses", "200", "description", "the resource", "content", ctype,
                     "schema", "type", "object", "400", ref("responses/BadRequest"), "404",
                     ref("responses/NotFound"));
}

/* The items parameters of collection c: the shared ones, datetime where c
 * has time, and one per property (integer, number or string). */
static json_t *items_params(const reg_collection *c)
{
    json_t *p = json_pack("[o,o,o,o,o,o]", ref("parameters/f"), ref("parameters/bbox"),
                          ref("parameters/bbox-crs"), ref("parameters/crs"),
                          ref("parameters/limit"), ref("parameters/offset"));
    if (p && c->time_start && json_array_append_new(p, ref("parameters/datetime")) != 0) {
        json_decref(p);
        return NULL;
    }
    for (size_t i = 0; p && i < c->nprops; i++) {
        const reg_prop *prop = &c->props[i];
        const char *type = prop->type == REG_PROP_INTEGER ? "integer"
                           : prop->type == REG_PROP_REAL  ? "number"
                                                          : "string";
        char description[160];
        snprintf(description, sizeof description, "features whose %s (%s) equals this",
                 prop->name, prop->title_zh);
        if (json_array_append_new(p, query_param(prop->name, type, description)) != 0) {
            json_decref(p);
            return NULL;
        }
    }
    return p;
}

/* Adds the three paths of collection c to paths; 0 or -1. */
static int collection_paths(json_t *paths, const reg_collection *c)
{
    char path[160], id[96];
    snprintf(path, sizeof path, "/collections/%s", c->id);
    snprintf(id, sizeof id, "describe-%s", c->id);
    if (json_object_set_new(paths, path,
                            get_op(id, c->title_en, json_pack("[o]", ref("parameters/f")),
                                   "application/json")) != 0)
        return -1;
    snprintf(path, sizeof path, "/collections/%s/items", c->id);
    snprintf(id, sizeof id, "get-%s-items", c->id);
    if (json_object_set_new(paths, path,
                            get_op(id, c->title_en, items_params(c), "application/geo+json")))
        return -1;
    snprintf(path, sizeof path, "/collections/%s/items/{featureId}", c->id);
    snprintf(id, sizeof id, "get-%s-item", c->id);
    json_t *params = json_pack("[{s:s, s:s, s:b, s:{s:s}}, o, o]", "name", "featureId", "in",
                               "path", "required", 1, "schema", "type", "string",
                               ref("parameters/f"), ref("parameters/crs"));
    return json_object_set_new(paths, path,
                               get_op(id, c->title_en, params, "application/geo+json"));
}

/* GET /ogc/api: the OpenAPI 3.0 document (application/vnd.oai.openapi+json;
 * version=3.0), or it shown as HTML with links to the JSON and home. */
enum MHD_Result api_ogc_openapi(api_request *req, reg_db *db)
{
    int html;
    (void)db;
    if (api_ogc_only_params(req, NULL, 0) != 0 || api_ogc_format(req, &html) != 0)
        return req->queue_result;
    api_buf server;
    if (api_ogc_url(req, &server, "", NULL) != 0)
        return api_reply_internal(req, "out of memory");
    json_t *paths = json_pack(
        "{s:o, s:o, s:o, s:o}", "/",
        get_op("getLandingPage", "landing page", json_pack("[o]", ref("parameters/f")),
               "application/json"),
        "/conformance",
        get_op("getConformance", "conformance classes", json_pack("[o]", ref("parameters/f")),
               "application/json"),
        "/api",
        get_op("getApi", "this document", json_pack("[o]", ref("parameters/f")),
               API_CTYPE_OPENAPI),
        "/collections",
        get_op("getCollections", "the collections", json_pack("[o]", ref("parameters/f")),
               "application/json"));
    json_t *doc = json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:o}", "openapi", "3.0.3",
                            "info", "title", "diming 地名 OGC API - Features", "version",
                            "1.0.0", "description",
                            "OGC API - Features Part 1 (core, GeoJSON, HTML, OpenAPI 3.0) and "
                            "Part 2 (CRS by reference: CRS84, EPSG:4490)",
                            "servers", "url", api_buf_ptr(&server), "paths", paths,
                            "components", components());
    api_buf_free(&server);
    for (size_t i = 0; doc && i < req->srv->ncollections; i++) {
        if (collection_paths(paths, req->srv->collections[i]) != 0) {
            json_decref(doc);
            doc = NULL;
        }
    }
    if (doc && html) /* the page shows the document with links around it */
        doc = json_pack("{s:o, s:[o,o]}", "document", doc, "links",
                        api_ogc_link(req, "/api", "f=json", "alternate", API_CTYPE_OPENAPI,
                                     "OpenAPI 3.0 JSON"),
                        api_ogc_link(req, "/", "f=html", "start", "text/html", "首页 home"));
    return api_ogc_reply(req, doc, html, API_CTYPE_OPENAPI, api_ogc_page_api, NULL);
}
