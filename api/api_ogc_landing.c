/* api_ogc_landing.c: the landing page /ogc/ and /ogc/conformance. */
#include "api_internal.h"

/* The conformance classes this server implements. */
static const char *const conformance[] = {
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
};

/* Appends a link to links; 0 or -1. */
static int add_link(api_request *req, json_t *links, const char *path, const char *query,
                    const char *rel, const char *type, const char *title)
{
    return json_array_append_new(links, api_ogc_link(req, path, query, rel, type, title));
}

/* GET /ogc and /ogc/: title, description and the links the standard asks
 * for (self, alternate, service-desc, service-doc, conformance, data). */
enum MHD_Result api_ogc_landing(api_request *req, reg_db *db)
{
    int html;
    (void)db;
    if (api_ogc_only_params(req, NULL, 0) != 0 || api_ogc_format(req, &html) != 0)
        return req->queue_result;
    json_t *links = json_array();
    json_t *doc = json_pack(
        "{s:s, s:s, s:o}", "title", "diming 地名 OGC API - Features", "description",
        "标准地名、门楼牌与行政区域界线登记 (standard place names, doorplates and "
        "administrative boundaries), CGCS2000",
        "links", links);
    if (!doc || add_link(req, links, "/", "f=json", "self", "application/json", "本页 this page") ||
        add_link(req, links, "/", "f=html", "alternate", "text/html", "本页 this page") ||
        add_link(req, links, "/api", NULL, "service-desc", API_CTYPE_OPENAPI,
                 "API 定义 API definition (OpenAPI 3.0)") ||
        add_link(req, links, "/api", "f=html", "service-doc", "text/html",
                 "API 文档 API documentation") ||
        add_link(req, links, "/conformance", "f=json", "conformance", "application/json",
                 "符合性声明 Conformance") ||
        add_link(req, links, "/collections", "f=json", "data", "application/json",
                 "要素集合 Collections")) {
        json_decref(doc);
        return api_reply_internal(req, "out of memory");
    }
    return api_ogc_reply(req, doc, html, API_CTYPE_JSON, api_ogc_page_landing, NULL);
}

/* GET /ogc/conformance: {"conformsTo": [...], "links": [...]}. */
enum MHD_Result api_ogc_conformance(api_request *req, reg_db *db)
{
    int html;
    (void)db;
    if (api_ogc_only_params(req, NULL, 0) != 0 || api_ogc_format(req, &html) != 0)
        return req->queue_result;
    json_t *classes = json_array();
    json_t *links = json_array();
    json_t *doc = json_pack("{s:o, s:o}", "conformsTo", classes, "links", links);
    int rc = !doc;
    for (size_t i = 0; !rc && i < sizeof conformance / sizeof conformance[0]; i++)
        rc = json_array_append_new(classes, json_string(conformance[i]));
    if (rc || add_link(req, links, "/conformance", "f=json", "self", "application/json", NULL) ||
        add_link(req, links, "/conformance", "f=html", "alternate", "text/html", NULL)) {
        json_decref(doc);
        return api_reply_internal(req, "out of memory");
    }
    return api_ogc_reply(req, doc, html, API_CTYPE_JSON, api_ogc_page_conformance, NULL);
}
