/* api_ogc_collections.c: /ogc/collections and /ogc/collections/{id}, each
 * collection described from its descriptor and its data (extent). */
#include <stdio.h>
#include <string.h>

#include "api_internal.h"

/* See api_internal.h. */
const reg_collection *api_ogc_find(api_request *req)
{
    const reg_collection *c =
        reg_collection_find(req->srv->collections, req->srv->ncollections, req->param);
    if (!c)
        api_reply_error(req, "collection_not_found", "collectionId");
    return c;
}

/* Appends to links the link to path (json) and its HTML alternate, with
 * rels rel_json and rel_html.  0 or -1. */
static int link_pair(api_request *req, json_t *links, const char *path, const char *rel_json,
                     const char *json_type, const char *rel_html, const char *title)
{
    return json_array_append_new(links, api_ogc_link(req, path, "f=json", rel_json, json_type,
                                                     title)) ||
           json_array_append_new(links, api_ogc_link(req, path, "f=html", rel_html,
                                                     "text/html", title));
}

/* "YYYY-MM-DDT00:00:00+08:00" for a date of the registry (a day in China),
 * or JSON null for "". */
static json_t *interval_end(const char *date)
{
    char t[40];
    if (!date[0])
        return json_null();
    snprintf(t, sizeof t, "%sT00:00:00+08:00", date);
    return json_string(t);
}

/* Sets doc["extent"] from the data: the spatial bbox in CRS84 when some
 * feature has a geometry, the temporal interval when c has time.  0 or -1. */
static int add_extent(json_t *doc, const reg_collection *c, const reg_extent *e)
{
    json_t *extent = json_object();
    if (json_object_set_new(doc, "extent", extent) != 0)
        return -1;
    if (e->has_bbox &&
        json_object_set_new(extent, "spatial",
                            json_pack("{s:[[f,f,f,f]], s:s}", "bbox", e->bbox[0], e->bbox[1],
                                      e->bbox[2], e->bbox[3], "crs", API_OGC_CRS84)) != 0)
        return -1;
    if (c->time_start &&
        json_object_set_new(extent, "temporal",
                            json_pack("{s:[[o,o]], s:s}", "interval", interval_end(e->time_min),
                                      interval_end(e->time_max), "trs",
                                      "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian")) !=
            0)
        return -1;
    return 0;
}

/* See api_internal.h. */
json_t *api_ogc_collection_json(api_request *req, reg_db *db, const reg_collection *c,
                                reg_error *err)
{
    reg_extent e;
    if (reg_collection_extent(db, c, &e, err) != REG_OK)
        return NULL;
    char description[256];
    snprintf(description, sizeof description, "%s (%s): %ld features", c->title_en,
             c->title_zh, e.count);
    char path[128], items[160];
    snprintf(path, sizeof path, "/collections/%s", c->id);
    snprintf(items, sizeof items, "%s/items", path);
    json_t *links = json_array();
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:[s,s], s:s, s:o}", "id", c->id, "title",
                            c->title_zh, "description", description, "itemType", "feature",
                            "crs", API_OGC_CRS84, API_OGC_CRS4490, "storageCrs",
                            API_OGC_CRS4490, "links", links);
    if (!doc || add_extent(doc, c, &e) != 0 ||
        link_pair(req, links, path, "self", "application/json", "alternate", c->title_zh) ||
        link_pair(req, links, items, "items", "application/geo+json", "items", c->title_zh)) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* GET /ogc/collections: every collection with its links and extent. */
enum MHD_Result api_ogc_collections(api_request *req, reg_db *db)
{
    int html;
    if (api_ogc_only_params(req, NULL, 0) != 0 || api_ogc_format(req, &html) != 0)
        return req->queue_result;
    json_t *list = json_array();
    json_t *links = json_array();
    json_t *doc = json_pack("{s:o, s:o}", "collections", list, "links", links);
    if (!doc || link_pair(req, links, "/collections", "self", "application/json", "alternate",
                          "要素集合 Collections")) {
        json_decref(doc);
        return api_reply_internal(req, "out of memory");
    }
    int opened = 0;
    reg_error err = {0};
    if (reg_snapshot_begin(db, &opened, &err) != REG_OK) {
        json_decref(doc);
        return api_reply_reg_error(req, &err);
    }
    for (size_t i = 0; i < req->srv->ncollections; i++) {
        json_t *c = api_ogc_collection_json(req, db, req->srv->collections[i], &err);
        if (!c || json_array_append_new(list, c) != 0) {
            reg_snapshot_end(db, opened);
            json_decref(doc);
            return err.code[0] ? api_reply_reg_error(req, &err)
                               : api_reply_internal(req, "out of memory");
        }
    }
    reg_snapshot_end(db, opened);
    return api_ogc_reply(req, doc, html, API_CTYPE_JSON, api_ogc_page_collections, NULL);
}

/* GET /ogc/collections/{collectionId}: 404 collection_not_found. */
enum MHD_Result api_ogc_collection(api_request *req, reg_db *db)
{
    int html;
    const reg_collection *c = api_ogc_find(req);
    if (!c || api_ogc_only_params(req, NULL, 0) != 0 || api_ogc_format(req, &html) != 0)
        return req->queue_result;
    reg_error err = {0};
    json_t *doc = api_ogc_collection_json(req, db, c, &err);
    if (!doc)
        return err.code[0] ? api_reply_reg_error(req, &err)
                           : api_reply_internal(req, "out of memory");
    return api_ogc_reply(req, doc, html, API_CTYPE_JSON, api_ogc_page_collection, NULL);
}
