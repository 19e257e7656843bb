/* api_ogc_items.c: /ogc/collections/{id}/items and .../items/{featureId}.
 *
 * GeoJSON pages are written feature by feature into one capped buffer
 * (each feature's JSON is freed once written); HTML pages keep the page's
 * features without geometry and render them as a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_internal.h"

/* The state of one items response. */
typedef struct items_out {
    api_request *req;
    reg_db *db;
    const reg_collection *c;
    api_ogc_crs crs;
    int html;
    api_buf text;     /* GeoJSON: the response so far */
    json_t *features; /* HTML: the page's features */
    long returned;
    int buf_error;    /* API_BUF_OK, or why the text buffer failed */
} items_out;

/* Appends s to the response text, noting the first failure. */
static void put(items_out *o, const char *s, size_t len)
{
    if (o->buf_error == API_BUF_OK)
        o->buf_error = api_buf_add(&o->text, s, len);
}

/* The link to feature id of c as an HTML page, for the items table. */
static json_t *item_links(api_request *req, const reg_collection *c, const char *id,
                          const char *query, const char *rel, const char *type)
{
    api_buf path;
    api_buf_init(&path, API_OGC_URL_MAX);
    char head[128];
    snprintf(head, sizeof head, "/collections/%s/items/", c->id);
    json_t *link = NULL;
    if (api_buf_add(&path, head, strlen(head)) == API_BUF_OK &&
        api_ogc_encode(&path, id) == 0)
        link = api_ogc_link(req, api_buf_ptr(&path), query, rel, type, id);
    api_buf_free(&path);
    return link;
}

/* reg_feature_fn: writes one feature (GeoJSON) or keeps it (HTML).
 * Returns 1 to stop the read when memory or the cap runs out. */
static int items_feature(void *cls, const reg_feature *f)
{
    items_out *o = cls;
    json_t *j = api_ogc_feature_json(o->db, o->c, f, o->crs, !o->html);
    if (!j)
        return 1;
    if (o->html) {
        json_t *links = json_array();
        if (json_object_set_new(j, "links", links) != 0 ||
            json_array_append_new(links, item_links(o->req, o->c, f->id, "f=html", "item",
                                                    "text/html")) != 0 ||
            json_array_append_new(o->features, j) != 0)
            return 1;
        o->returned++;
        return 0;
    }
    char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(j);
    if (!text)
        return 1;
    if (o->returned > 0)
        put(o, ",", 1);
    put(o, text, strlen(text));
    free(text);
    o->returned++;
    return o->buf_error == API_BUF_OK ? 0 : 1;
}

/* reg_feature_fn for one feature: keeps it, with its geometry unless the
 * page is HTML, in o->features.  1 on failure. */
static int item_feature(void *cls, const reg_feature *f)
{
    items_out *o = cls;
    json_t *j = api_ogc_feature_json(o->db, o->c, f, o->crs, !o->html);
    return json_array_append_new(o->features, j) != 0;
}

/* Appends a link to the items page at offset (with the request's other
 * parameters) of type json or HTML to links.  0 or -1. */
static int page_link(items_out *o, json_t *links, long offset, const char *rel, int html)
{
    char path[128];
    snprintf(path, sizeof path, "/collections/%s/items", o->c->id);
    api_buf query;
    if (api_ogc_query(o->req, &query, offset, html ? "html" : "json") != 0)
        return -1;
    json_t *link = api_ogc_link(o->req, path, api_buf_ptr(&query), rel,
                                html ? "text/html" : "application/geo+json", NULL);
    api_buf_free(&query);
    return json_array_append_new(links, link);
}

/* The members that follow the features: numberMatched, numberReturned,
 * timeStamp, links (self, alternate, and collection, next and prev in both
 * media types), and for HTML the collection's title.  NULL on failure. */
static json_t *items_tail(items_out *o, const reg_feature_query *q, long matched)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *links = json_array();
    json_t *tail = json_pack("{s:I, s:I, s:s, s:o, s:s}", "numberMatched", (json_int_t)matched,
                             "numberReturned", (json_int_t)o->returned, "timeStamp", stamp,
                             "links", links, "title", o->c->title_zh);
    char path[128];
    snprintf(path, sizeof path, "/collections/%s", o->c->id);
    int rc = !tail || page_link(o, links, q->offset, "self", o->html) ||
             page_link(o, links, q->offset, "alternate", !o->html) ||
             json_array_append_new(links, api_ogc_link(o->req, path, "f=json", "collection",
                                                       "application/json", o->c->title_zh)) ||
             json_array_append_new(links, api_ogc_link(o->req, path, "f=html", "collection",
                                                       "text/html", o->c->title_zh));
    long prev = q->offset > q->limit ? q->offset - q->limit : 0;
    for (int html = 0; html < 2 && !rc; html++) {
        if (q->offset + o->returned < matched)
            rc = page_link(o, links, q->offset + q->limit, "next", html);
        if (!rc && q->offset > 0)
            rc = page_link(o, links, prev, "prev", html);
    }
    if (rc) {
        json_decref(tail);
        return NULL;
    }
    return tail;
}

/* Queues the GeoJSON page: the features written so far, then the tail's
 * members (tail stays the caller's) spliced in after them. */
static enum MHD_Result items_reply_json(items_out *o, json_t *tail)
{
    json_object_del(tail, "title");
    char *text = json_dumps(tail, JSON_COMPACT);
    if (!text)
        return api_reply_internal(o->req, "out of memory");
    put(o, "],", 2);
    put(o, text + 1, strlen(text + 1));
    free(text);
    if (o->buf_error != API_BUF_OK)
        return api_reply_error(o->req, o->buf_error == API_BUF_ETOOBIG ? "response_too_large"
                                                                       : "internal_error",
                               NULL);
    char crs[96];
    snprintf(crs, sizeof crs, "<%s>", api_ogc_crs_uri(o->crs));
    return api_reply_buf(o->req, MHD_HTTP_OK, &o->text, API_CTYPE_GEOJSON, "Content-Crs", crs);
}

/* Reads the items parameters into q (and the dates into from, to), the
 * format into *html and the CRS into *crs.  0, or -1 after a 400. */
static int items_params(api_request *req, const reg_collection *c, reg_feature_query *q,
                        char from[11], char to[11], int *html, api_ogc_crs *crs)
{
    if (api_ogc_only_params(req, c, 1) != 0 || api_ogc_format(req, html) != 0 ||
        api_ogc_crs_param(req, "crs", crs) != 0 || api_ogc_paging(req, q) != 0 ||
        api_ogc_bbox_param(req, q) != 0 || api_ogc_datetime_param(req, from, to, q) != 0)
        return -1;
    api_ogc_filter_params(req, c, q);
    q->count = 1;
    return 0;
}

/* GET /ogc/collections/{collectionId}/items: a FeatureCollection page
 * with bbox, bbox-crs, crs, limit, offset, datetime and property filters.
 * 404 collection_not_found; 400 bad_* and unknown_parameter; 400
 * response_too_large past API_OGC_RESPONSE_MAX. */
enum MHD_Result api_ogc_items(api_request *req, reg_db *db)
{
    const reg_collection *c = api_ogc_find(req);
    reg_feature_query q = {0};
    char from[11] = "", to[11] = "";
    items_out o = {.req = req, .db = db, .c = c};
    if (!c || items_params(req, c, &q, from, to, &o.html, &o.crs) != 0)
        return req->queue_result;
    static const char head[] = "{\"type\":\"FeatureCollection\",\"features\":[";
    api_buf_init(&o.text, API_OGC_RESPONSE_MAX);
    if (o.html)
        o.features = json_array();
    else
        put(&o, head, sizeof head - 1);
    long matched = 0;
    reg_error err = {0};
    int rc = (o.html && !o.features) ? 1 : reg_features_read(db, c, &q, items_feature, &o,
                                                             &matched, &err);
    json_t *tail = rc == REG_OK ? items_tail(&o, &q, matched) : NULL;
    enum MHD_Result ret;
    if (rc < 0)
        ret = api_reply_reg_error(req, &err);
    else if (o.buf_error == API_BUF_ETOOBIG)
        ret = api_reply_error(req, "response_too_large", NULL);
    else if (!tail)
        ret = api_reply_internal(req, "out of memory writing features");
    else if (!o.html)
        ret = items_reply_json(&o, tail);
    else if (json_object_set_new(tail, "type", json_string("FeatureCollection")) != 0 ||
             json_object_set(tail, "features", o.features) != 0)
        ret = api_reply_internal(req, "out of memory");
    else
        ret = api_ogc_reply(req, json_incref(tail), 1, API_CTYPE_HTML, api_ogc_page_items, NULL);
    json_decref(tail);
    json_decref(o.features);
    api_buf_free(&o.text);
    return ret;
}

/* GET /ogc/collections/{collectionId}/items/{featureId}: one Feature with
 * its links, in the crs asked.  404 collection_not_found or
 * feature_not_found. */
enum MHD_Result api_ogc_item(api_request *req, reg_db *db)
{
    const reg_collection *c = api_ogc_find(req);
    int html;
    api_ogc_crs crs;
    if (!c || api_ogc_only_params(req, c, 0) != 0 || api_ogc_format(req, &html) != 0 ||
        api_ogc_crs_param(req, "crs", &crs) != 0)
        return req->queue_result;
    if (strlen(req->param2) > REG_FEATURE_ID_MAX)
        return api_reply_error(req, "feature_not_found", "featureId");
    items_out o = {.req = req, .db = db, .c = c, .crs = crs, .html = html};
    o.features = json_array();
    reg_feature_query q = {.id = req->param2, .limit = 1};
    reg_error err = {0};
    int rc = o.features ? reg_features_read(db, c, &q, item_feature, &o, NULL, &err) : 1;
    json_t *feature = json_incref(json_array_get(o.features, 0));
    json_decref(o.features);
    if (rc < 0)
        return api_reply_reg_error(req, &err);
    if (rc > 0 && !feature)
        return api_reply_internal(req, "out of memory");
    if (!feature)
        return api_reply_error(req, "feature_not_found", "featureId");
    char path[128];
    snprintf(path, sizeof path, "/collections/%s", c->id);
    json_t *links = json_array();
    if (json_object_set_new(feature, "links", links) != 0 ||
        json_array_append_new(links, item_links(req, c, req->param2, "f=json", "self",
                                                "application/geo+json")) != 0 ||
        json_array_append_new(links, item_links(req, c, req->param2, "f=html", "alternate",
                                                "text/html")) != 0 ||
        json_array_append_new(links, api_ogc_link(req, path, "f=json", "collection",
                                                  "application/json", c->title_zh)) != 0) {
        json_decref(feature);
        return api_reply_internal(req, "out of memory");
    }
    return api_ogc_reply(req, feature, html, API_CTYPE_GEOJSON, api_ogc_page_item,
                         html ? NULL : api_ogc_crs_uri(crs));
}
