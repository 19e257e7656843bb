/* api_router.c: the route table and dispatch. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* Every route: method, path pattern, handler, least role, body cap, and
 * whether it also takes multipart/form-data (photos).  A path
 * may appear with several methods; a known path with another method is
 * answered 405 with the methods listed in Allow. */
static const api_route api_routes[] = {
    {"GET", "/healthz", api_health_get, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/units", api_units_list, API_PUBLIC, 0, 0},
    {"POST", "/api/v1/units", api_units_create, REG_ROLE_ADMIN, API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/units/{code}", api_units_get, API_PUBLIC, 0, 0},
    {"PATCH", "/api/v1/units/{code}", api_units_patch, REG_ROLE_ADMIN, API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/locate", api_locate_get, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/audit", api_audit_list, REG_ROLE_ADMIN, 0, 0},
    {"GET", "/api/v1/whoami", api_whoami_get, REG_ROLE_STAFF, 0, 0},
    {"GET", "/ogc", api_ogc_landing, API_PUBLIC, 0, 0},
    {"GET", "/ogc/", api_ogc_landing, API_PUBLIC, 0, 0},
    {"GET", "/ogc/conformance", api_ogc_conformance, API_PUBLIC, 0, 0},
    {"GET", "/ogc/api", api_ogc_openapi, API_PUBLIC, 0, 0},
    {"GET", "/ogc/collections", api_ogc_collections, API_PUBLIC, 0, 0},
    {"GET", "/ogc/collections/{collectionId}", api_ogc_collection, API_PUBLIC, 0, 0},
    {"GET", "/ogc/collections/{collectionId}/items", api_ogc_items, API_PUBLIC, 0, 0},
    {"GET", "/ogc/collections/{collectionId}/items/{featureId}", api_ogc_item, API_PUBLIC, 0, 0},
    /* doorplates: the resolver residents scan (the upper-case path is the
     * one plates carry), then the fixed paths before {code} */
    {"GET", "/p/{code}", api_resolve, API_PUBLIC, 0, 0},
    {"GET", "/P/{code}", api_resolve, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/doorplates", api_doorplates_list, API_PUBLIC, 0, 0},
    {"POST", "/api/v1/doorplates", api_doorplates_create, REG_ROLE_STAFF, API_JSON_BODY_MAX, 0},
    {"POST", "/api/v1/doorplates/propose", api_doorplates_propose, REG_ROLE_STAFF,
     API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/doorplates/problems", api_doorplates_problems, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/doorplates/{code}", api_doorplates_get, API_PUBLIC, 0, 0},
    {"PATCH", "/api/v1/doorplates/{code}", api_doorplates_patch, REG_ROLE_STAFF,
     API_JSON_BODY_MAX, 0},
    {"POST", "/api/v1/doorplates/{code}/replacement", api_doorplates_replace, REG_ROLE_STAFF,
     API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/doorplates/{code}/qr.png", api_doorplates_qr_png, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/doorplates/{code}/qr.svg", api_doorplates_qr_svg, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/doorplates/{code}/plate.svg", api_doorplates_plate_svg, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/streets/{id}/numbering", api_numbering_get, API_PUBLIC, 0, 0},
    {"PUT", "/api/v1/streets/{id}/numbering", api_numbering_put, REG_ROLE_STAFF,
     API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/reverse", api_reverse_get, API_PUBLIC, 0, 0},
    /* place names: the fixed paths before /api/v1/places/{id} */
    {"GET", "/api/v1/places", api_places_search, API_PUBLIC, 0, 0},
    {"POST", "/api/v1/places", api_places_create, REG_ROLE_STAFF, API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/places/check", api_places_check, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/places/overdue", api_places_overdue, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/places/categories", api_places_categories, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/places/announcement", api_places_announcements, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/places/{id}", api_places_get, API_PUBLIC, 0, 0},
    {"PATCH", "/api/v1/places/{id}", api_places_patch, REG_ROLE_STAFF, API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/places/{id}/history", api_places_history, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/places/{id}/announcement", api_places_announcement, API_PUBLIC, 0, 0},
    {"POST", "/api/v1/places/{id}/transitions", api_places_transition, REG_ROLE_STAFF,
     API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/autocomplete", api_places_autocomplete, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/streets", api_streets_list, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/boundary-lines", api_lines_list, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/boundary-lines/{number}", api_lines_get, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/markers/{id}", api_markers_get, API_PUBLIC, 0, 0},
    {"POST", "/api/v1/markers/{id}/inspections", api_inspections_post, REG_ROLE_INSPECTOR,
     API_FORM_BODY_MAX, 1},
    {"GET", "/api/v1/photos/{sha256}", api_photos_get, API_PUBLIC, 0, 0},
    {"GET", "/api/v1/rounds", api_rounds_list, API_PUBLIC, 0, 0},
    {"POST", "/api/v1/rounds", api_rounds_create, REG_ROLE_ADMIN, API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/rounds/{n}", api_rounds_get, API_PUBLIC, 0, 0},
    {"PATCH", "/api/v1/rounds/{n}", api_rounds_patch, REG_ROLE_ADMIN, API_JSON_BODY_MAX, 0},
    {"GET", "/api/v1/rounds/{n}/report", api_rounds_report, REG_ROLE_STAFF, 0, 0},
    {"GET", "/api/v1/checks/boundaries", api_checks_get, REG_ROLE_STAFF, 0, 0},
};

/* The console's files: a path no route knows, found in the files loaded
 * at start (api_static.c), is answered by this route. */
static const api_route api_static_route = {"GET", "/*", api_static_get, API_PUBLIC, 0, 0};

#define API_ROUTE_COUNT (sizeof api_routes / sizeof api_routes[0])

/* Most {name} segments in one pattern. */
#define API_ROUTE_PARAMS 2

/* A path's {name} segments as found by api_route_match. */
typedef struct api_route_params {
    const char *at[API_ROUTE_PARAMS];
    size_t len[API_ROUTE_PARAMS];
    size_t n;
} api_route_params;

/* Each route's pattern: the length of its text before the first '{', and
 * whether that is the whole of it.  Every request tries the routes in
 * turn and most patterns share "/api/v1/": lengths reject most of them
 * without reading their text. */
typedef struct api_route_shape {
    size_t lit;
    int literal;
} api_route_shape;

static api_route_shape api_route_shapes[API_ROUTE_COUNT];
static pthread_once_t api_route_shapes_once = PTHREAD_ONCE_INIT;

/* Fills api_route_shapes (once, through api_route_shapes_once). */
static void api_route_shapes_make(void)
{
    for (size_t i = 0; i < API_ROUTE_COUNT; i++) {
        const char *brace = strchr(api_routes[i].pattern, '{');
        api_route_shapes[i].literal = brace == NULL;
        api_route_shapes[i].lit =
            brace ? (size_t)(brace - api_routes[i].pattern) : strlen(api_routes[i].pattern);
    }
}

/* 1 if path (len bytes) matches route i's pattern, where each "{name}" in
 * the pattern (at most API_ROUTE_PARAMS) matches one non-empty segment
 * (no '/'); the segments' starts and lengths go to *params in order. */
static int api_route_match(size_t i, const char *path, size_t len, api_route_params *params)
{
    const api_route_shape *shape = &api_route_shapes[i];
    const char *pattern = api_routes[i].pattern;
    params->n = 0;
    if (shape->literal)
        return len == shape->lit && memcmp(pattern, path, len) == 0;
    if (len <= shape->lit || memcmp(pattern, path, shape->lit) != 0)
        return 0;
    pattern += shape->lit;
    path += shape->lit;
    while (*pattern) {
        if (*pattern == '{') {
            const char *close = strchr(pattern, '}');
            size_t n = strcspn(path, "/");
            if (!close || n == 0 || params->n == API_ROUTE_PARAMS)
                return 0;
            params->at[params->n] = path;
            params->len[params->n++] = n;
            pattern = close + 1;
            path += n;
        } else if (*pattern++ != *path++) {
            return 0;
        }
    }
    return *path == '\0';
}

/* Writes into allow (allowlen bytes) the methods of every route matching
 * path, comma-separated, with HEAD after GET. */
static void api_route_allow(const char *path, char *allow, size_t allowlen)
{
    api_route_params params;
    size_t used = 0, len = strlen(path);
    allow[0] = '\0';
    for (size_t i = 0; i < API_ROUTE_COUNT; i++) {
        if (!api_route_match(i, path, len, &params))
            continue;
        int is_get = strcmp(api_routes[i].method, "GET") == 0;
        int n = snprintf(allow + used, allowlen - used, "%s%s%s", used ? ", " : "",
                         api_routes[i].method, is_get ? ", HEAD" : "");
        if (n < 0 || (size_t)n >= allowlen - used)
            break;
        used += (size_t)n;
    }
}

/* The length announced by Content-Length: 0 when absent, ULLONG_MAX when it
 * is not a plain decimal number (MHD has refused those already). */
static unsigned long long api_content_length(const api_request *req)
{
    const char *cl = api_request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl)
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(cl, &end, 10);
    if (errno || end == cl || *end || cl[0] == '-')
        return ULLONG_MAX;
    return v;
}

/* Queues 413 body_too_large naming the route's cap. */
static enum MHD_Result api_reply_too_large(api_request *req)
{
    char zh[128], en[128];
    size_t max = req->body.max;
    if (max == 0) {
        snprintf(zh, sizeof zh, "此请求不接受请求体");
        snprintf(en, sizeof en, "This request takes no body");
    } else {
        snprintf(zh, sizeof zh, "请求体过大（上限 %zu 字节）", max);
        snprintf(en, sizeof en, "The body is too large (at most %zu bytes)", max);
    }
    return api_reply_error_msg(req, MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large", NULL, zh, en);
}

/* Routes the request (404, 405), checks the token of a protected route
 * (401, 403) and refuses an announced body larger than the route takes
 * (413).  HEAD is routed as GET.  Returns 0 with req->route set, or -1
 * after queueing the answer. */
static int api_router_check(api_request *req)
{
    const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
    api_route_params params = {.n = 0}, p;
    int path_known = 0;
    const api_route *route = NULL;
    size_t len = strlen(req->path);
    pthread_once(&api_route_shapes_once, api_route_shapes_make);
    for (size_t i = 0; i < API_ROUTE_COUNT && !route; i++) {
        if (!api_route_match(i, req->path, len, &p))
            continue;
        path_known = 1;
        if (strcmp(api_routes[i].method, method) == 0) {
            route = &api_routes[i];
            params = p;
        }
    }
    if (!path_known && api_static_find(req->srv->web, req->path)) {
        path_known = 1;
        if (strcmp(method, "GET") == 0)
            route = &api_static_route;
    }
    if (!route) {
        if (!path_known) {
            api_reply_error(req, "not_found", NULL);
        } else {
            char allow[96];
            api_route_allow(req->path, allow, sizeof allow);
            if (!allow[0]) /* no route knows the path: a console file */
                snprintf(allow, sizeof allow, "GET, HEAD");
            api_reply_method_not_allowed(req, allow);
        }
        return -1;
    }
    if ((params.n > 0 && !(req->param = strndup(params.at[0], params.len[0]))) ||
        (params.n > 1 && !(req->param2 = strndup(params.at[1], params.len[1])))) {
        api_reply_internal(req, "out of memory");
        return -1;
    }
    req->route = route;
    int multipart = route->form && api_form_is_multipart(req);
    size_t cap = route->form && !multipart ? API_JSON_BODY_MAX : route->body_max;
    api_buf_init(&req->body, cap);
    if (route->role != API_PUBLIC) {
        reg_error err;
        reg_db *db = api_worker_db(req->srv, &err);
        if (!db) {
            api_reply_internal(req, "cannot open the registry: %s", err.message_en);
            return -1;
        }
        if (api_auth_require(req, db) != 0)
            return -1;
    }
    if (api_content_length(req) > cap) {
        api_reply_too_large(req);
        return -1;
    }
    if (multipart && !(req->form = api_form_new(req))) {
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_multipart", NULL,
                            "multipart/form-data 请求体格式错误（缺少 boundary？）",
                            "The multipart/form-data body cannot be read (no boundary?)");
        return -1;
    }
    return 0;
}

/* First call.  A request that announces a body (Content-Length above 0 or
 * Transfer-Encoding) is checked now, so that a refused upload is never
 * read; one without waits for the last call, where an answer keeps the
 * connection alive (MHD closes it after an answer given before the request
 * was complete). */
enum MHD_Result api_router_begin(api_request *req)
{
    int has_body = api_content_length(req) > 0 ||
                   api_request_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
    if (has_body && api_router_check(req) != 0)
        return req->queue_result;
    return MHD_YES;
}

/* Last call: checks a request that has not been (see api_router_begin),
 * refuses a body that passed the cap on the way (413) or could not be
 * stored (500), and runs the handler. */
enum MHD_Result api_router_finish(api_request *req)
{
    if (!req->route && api_router_check(req) != 0)
        return req->queue_result;
    if (req->body_error == API_BUF_ETOOBIG)
        return api_reply_too_large(req);
    if (req->form && api_form_check(req) != 0)
        return req->queue_result;
    if (req->body_error != API_BUF_OK)
        return api_reply_internal(req, "out of memory storing the body");
    reg_error err;
    reg_db *db = api_worker_db(req->srv, &err);
    if (!db)
        return api_reply_internal(req, "cannot open the registry: %s", err.message_en);
    return req->route->handler(req, db);
}
