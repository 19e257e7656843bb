/* api_places_body.c: reading place-name requests: the id in the path, a
 * place's members, acknowledgements and documents. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

#define API_ACKS_MAX 64
#define API_DOCS_MAX 16

/* See api_internal.h. */
int api_place_id(api_request *req, long long *id)
{
    const char *s = req->param;
    size_t n = s ? strlen(s) : 0;
    if (n > 0 && n <= 15 && strspn(s, "0123456789") == n && s[0] != '0') {
        *id = strtoll(s, NULL, 10);
        return 0;
    }
    api_reply_error(req, "bad_id", "id");
    return -1;
}

/* See api_internal.h. */
int api_place_input(api_request *req, reg_db *db, json_t *body, reg_place_input *in,
                    GEOSGeometry **geom, int *clear_geometry)
{
    static const char *const keys[] = {"name",     "specific",    "generic",     "category",
                                       "unit",     "pinyin_override", "meaning", "origin",
                                       "history",  "description", "location",    "sources"};
    const char **dst[] = {&in->name,    &in->specific,        &in->generic,  &in->category,
                          &in->unit,    &in->pinyin_override, &in->meaning,  &in->origin,
                          &in->history, &in->description,     &in->location, &in->sources};
    memset(in, 0, sizeof *in);
    *geom = NULL;
    *clear_geometry = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (api_body_string(req, body, keys[i], dst[i]) != 0)
            return -1;
    if (api_body_bool(req, body, "protected", &in->protected_flag) != 0)
        return -1;
    json_t *g = json_object_get(body, "geometry");
    if (g && json_is_null(g))
        *clear_geometry = 1;
    else if (g && api_body_geometry(req, db, g, geom) != 0)
        return -1;
    in->geometry = *geom;
    return 0;
}

/* Reads the string member key of item (an element of array name) into
 * *out; required 1 refuses its absence.  0, or -1 after queueing 400. */
static int item_string(api_request *req, json_t *item, const char *name, const char *key,
                       int required, const char **out)
{
    json_t *v = json_object_get(item, key);
    *out = json_string_value(v);
    if ((v && !json_is_string(v)) || (required && !v)) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "%.32s 的每一项须有字符串字段 %.32s", name, key);
        snprintf(en, sizeof en, "each item of %.32s needs a string member %.32s", name, key);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", name, zh, en);
        return -1;
    }
    return 0;
}

/* Checks that items is an array of objects with only the members keys. */
static int items_ok(api_request *req, json_t *items, const char *name, const char *const *keys)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        if (!json_is_object(item)) {
            char en[96];
            snprintf(en, sizeof en, "each item of %.32s must be an object", name);
            api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_field_type", name,
                                "数组的每一项必须是对象", en);
            return -1;
        }
        if (api_body_only(req, item, keys) != 0)
            return -1;
    }
    return 0;
}

/* See api_internal.h. */
int api_place_acks(api_request *req, json_t *body, reg_place_ack **acks, size_t *n)
{
    static const char *const keys[] = {"key", "note", NULL};
    json_t *arr;
    *acks = NULL;
    *n = 0;
    if (api_body_array(req, body, "acknowledgements", API_ACKS_MAX, &arr) != 0 ||
        (arr && items_ok(req, arr, "acknowledgements", keys) != 0))
        return -1;
    if (!arr || json_array_size(arr) == 0)
        return 0;
    *acks = calloc(json_array_size(arr), sizeof **acks);
    if (!*acks) {
        api_reply_internal(req, "out of memory");
        return -1;
    }
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) {
        if (item_string(req, item, "acknowledgements", "key", 1, &(*acks)[i].key) != 0 ||
            item_string(req, item, "acknowledgements", "note", 0, &(*acks)[i].note) != 0) {
            free(*acks);
            *acks = NULL;
            return -1;
        }
    }
    *n = json_array_size(arr);
    return 0;
}

/* See api_internal.h. */
int api_place_docs(api_request *req, json_t *body, reg_place_doc **docs, size_t *n)
{
    static const char *const keys[] = {"kind", "reference", "title", "date", NULL};
    json_t *arr;
    *docs = NULL;
    *n = 0;
    if (api_body_array(req, body, "documents", API_DOCS_MAX, &arr) != 0 ||
        (arr && items_ok(req, arr, "documents", keys) != 0))
        return -1;
    if (!arr || json_array_size(arr) == 0)
        return 0;
    *docs = calloc(json_array_size(arr), sizeof **docs);
    if (!*docs) {
        api_reply_internal(req, "out of memory");
        return -1;
    }
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) {
        reg_place_doc *d = &(*docs)[i];
        if (item_string(req, item, "documents", "kind", 1, &d->kind) != 0 ||
            item_string(req, item, "documents", "reference", 1, &d->reference) != 0 ||
            item_string(req, item, "documents", "title", 0, &d->title) != 0 ||
            item_string(req, item, "documents", "date", 0, &d->date) != 0) {
            free(*docs);
            *docs = NULL;
            return -1;
        }
    }
    *n = json_array_size(arr);
    return 0;
}

/* See api_internal.h. */
char *api_place_location(const api_request *req, long long id)
{
    const char *base = req->srv->base_url ? req->srv->base_url : "";
    size_t n = strlen(base) + sizeof "/api/v1/places/" + 24;
    char *loc = malloc(n);
    if (loc)
        snprintf(loc, n, "%s/api/v1/places/%lld", base, id);
    return loc;
}
