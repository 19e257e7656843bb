/* api_reply.c: JSON and error responses, common headers, request ids.
 *
 * Every response carries X-Request-Id; the API's are JSON in UTF-8, the
 * OGC routes' also GeoJSON, OpenAPI JSON or HTML.  Every error is
 *   {"error":{"code":"...","message_zh":"...","message_en":"...","field":"..."}}
 * ("field" only when known) with the status of the error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_internal.h"

/* The api's errors whose messages never vary.  The others are made where
 * they happen, with details: bad_json (400, with the position),
 * unauthorized (401), forbidden (403, with the roles), bad_parameter,
 * bad_coordinate, unknown_field, bad_field_type, bad_geometry (400, with
 * the field) and body_too_large (413, with the cap).  Registry errors carry
 * their own code and text. */
typedef struct api_error_def {
    const char *code;
    unsigned status;
    const char *message_zh;
    const char *message_en;
} api_error_def;

static const api_error_def api_errors[] = {
    {"not_found", MHD_HTTP_NOT_FOUND, "没有这个地址", "No such path"},
    {"method_not_allowed", MHD_HTTP_METHOD_NOT_ALLOWED, "此地址不支持该请求方法",
     "This method is not allowed on this path"},
    {"body_not_object", MHD_HTTP_BAD_REQUEST, "请求体必须是 JSON 对象",
     "The body must be a JSON object"},
    {"bad_code", MHD_HTTP_BAD_REQUEST, "区划代码格式错误（应为 2、4、6、9 或 12 位数字）",
     "Malformed division code (2, 4, 6, 9 or 12 digits expected)"},
    {"unit_not_found", MHD_HTTP_NOT_FOUND, "没有这个行政区划", "No such administrative unit"},
    {"bad_level", MHD_HTTP_BAD_REQUEST, "未知的区划级别",
     "Unknown level (province, city, county, town, township, subdistrict, community, village)"},
    {"coordinate_out_of_range", MHD_HTTP_BAD_REQUEST, "坐标超出范围（经度 -180..180，纬度 -90..90）",
     "Coordinate out of range (lon -180..180, lat -90..90)"},
    {"bad_crs", MHD_HTTP_BAD_REQUEST, "不支持的坐标系（可用 gcj02、EPSG:4326、EPSG:4490）",
     "Unsupported CRS (use gcj02, EPSG:4326 or EPSG:4490)"},
    {"outside_registry", MHD_HTTP_NOT_FOUND, "该点不在任何已登记的乡级区划内",
     "No registered township-level unit holds this point"},
    {"empty_patch", MHD_HTTP_BAD_REQUEST, "没有要修改的字段", "The body changes nothing"},
    {"collection_not_found", MHD_HTTP_NOT_FOUND, "没有这个要素集合",
     "No such collection (see /ogc/collections)"},
    {"feature_not_found", MHD_HTTP_NOT_FOUND, "该要素集合中没有这个要素",
     "No feature with this id in the collection"},
    {"response_too_large", MHD_HTTP_BAD_REQUEST, "结果过大，请减小 limit 或缩小 bbox",
     "The response would be too large: use a smaller limit or bbox"},
    {"bad_id", MHD_HTTP_BAD_REQUEST, "地名编号应为正整数", "A place id is a positive integer"},
    {"bad_format", MHD_HTTP_BAD_REQUEST, "format 只能是 json 或 html",
     "format must be json or html"},
    {"internal_error", MHD_HTTP_INTERNAL_SERVER_ERROR, "服务器内部错误", "Internal server error"},
};

/* The table entry for code, or NULL. */
static const api_error_def *api_error_find(const char *code)
{
    for (size_t i = 0; i < sizeof api_errors / sizeof api_errors[0]; i++)
        if (strcmp(api_errors[i].code, code) == 0)
            return &api_errors[i];
    return NULL;
}

/* The HTTP status for a reg_status: REG_EINVAL 400, REG_ERULE 422,
 * REG_ENOTFOUND 404, REG_ECONFLICT 409, REG_EAUTH 401, REG_ETOOLARGE 413,
 * REG_EMEDIA 415, anything else 500. */
unsigned api_reply_status_for(int status)
{
    switch (status) {
    case REG_EINVAL: return MHD_HTTP_BAD_REQUEST;
    case REG_ERULE: return MHD_HTTP_UNPROCESSABLE_CONTENT;
    case REG_ENOTFOUND: return MHD_HTTP_NOT_FOUND;
    case REG_ECONFLICT: return MHD_HTTP_CONFLICT;
    case REG_EAUTH: return MHD_HTTP_UNAUTHORIZED;
    case REG_ETOOLARGE: return MHD_HTTP_CONTENT_TOO_LARGE;
    case REG_EMEDIA: return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

/* 1 if s is 1..API_RID_MAX characters of [A-Za-z0-9-]. */
static int api_rid_sane(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (n >= API_RID_MAX ||
            !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return 0;
    }
    return n > 0;
}

/* splitmix64's finaliser: a bijection of 64-bit words that scatters bits. */
static uint64_t api_rid_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Sets req->rid: the client's X-Request-Id when sane, else 16 hex digits
 * made from the server's counter and random key (unique in the process). */
void api_reply_request_id(api_request *req)
{
    const char *given = api_request_header(req, "X-Request-Id");
    if (given && api_rid_sane(given)) {
        snprintf(req->rid, sizeof req->rid, "%s", given);
        return;
    }
    static const char hex[] = "0123456789abcdef";
    uint64_t n = atomic_fetch_add(&req->srv->rid_next, 1);
    uint64_t v = api_rid_mix(req->srv->rid_key + n * 0x9e3779b97f4a7c15ULL);
    for (int i = 15; i >= 0; i--, v >>= 4)
        req->rid[i] = hex[v & 15];
    req->rid[16] = '\0';
}

/* See api_internal.h. */
enum MHD_Result api_reply_queue_response(api_request *req, unsigned status,
                                         struct MHD_Response *resp, size_t len, const char *ctype,
                                         const char *cache, const char *h1, const char *v1,
                                         const char *h2, const char *v2)
{
    int ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype) == MHD_YES &&
             MHD_add_response_header(resp, "X-Request-Id", req->rid) == MHD_YES &&
             MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                                     cache ? cache : "no-store") == MHD_YES &&
             MHD_add_response_header(resp, MHD_HTTP_HEADER_X_CONTENT_TYPE_OPTIONS, "nosniff") ==
                 MHD_YES;
    if (ok && h1)
        ok = MHD_add_response_header(resp, h1, v1) == MHD_YES;
    if (ok && h2)
        ok = MHD_add_response_header(resp, h2, v2) == MHD_YES;
    if (ok && status == MHD_HTTP_UNAUTHORIZED)
        ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                     "Bearer realm=\"diming\"") == MHD_YES;
    if (ok && atomic_load(&req->srv->stopping))
        ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close") == MHD_YES;
    enum MHD_Result ret = MHD_NO;
    if (ok)
        ret = MHD_queue_response(req->conn, status, resp);
    else
        api_log_error(req->rid, "cannot set the response headers");
    MHD_destroy_response(resp);
    req->queued = 1;
    req->status = status;
    req->resp_bytes = strcmp(req->method, "HEAD") == 0 ? 0 : len; /* bytes sent */
    req->queue_result = ret;
    return ret;
}

/* Refuses a second response for a request (logged); MHD_NO. */
static enum MHD_Result api_reply_twice(api_request *req)
{
    api_log_error(req->rid, "second response for %s %s refused", req->method, req->path);
    return MHD_NO;
}

/* See api_internal.h. */
enum MHD_Result api_reply_full(api_request *req, unsigned status, const char *ctype, char *body,
                               size_t len, const char *cache, const char *h1, const char *v1,
                               const char *h2, const char *v2)
{
    if (req->queued) {
        free(body);
        return api_reply_twice(req);
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    return api_reply_queue_response(req, status, resp, len, ctype, cache, h1, v1, h2, v2);
}

/* api_reply_full with no-store caching and at most one extra header. */
static enum MHD_Result api_reply_queue(api_request *req, unsigned status, char *text, size_t len,
                                       const char *ctype, const char *hname, const char *hvalue)
{
    return api_reply_full(req, status, ctype, text, len, NULL, hname, hvalue, NULL, NULL);
}

/* See api_internal.h. */
enum MHD_Result api_reply_body(api_request *req, unsigned status, const char *ctype, char *data,
                               size_t len, const char *hname, const char *hvalue)
{
    return api_reply_queue(req, status, data, len, ctype, hname, hvalue);
}

/* See api_internal.h. */
enum MHD_Result api_reply_file(api_request *req, int fd, size_t len, const char *ctype,
                               const char *cache, const char *hname, const char *hvalue)
{
    if (req->queued) {
        close(fd);
        return api_reply_twice(req);
    }
    struct MHD_Response *resp = MHD_create_response_from_fd(len, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    return api_reply_queue_response(req, MHD_HTTP_OK, resp, len, ctype, cache, hname, hvalue,
                                    NULL, NULL);
}

/* Queues body as compact JSON (reals to 15 significant digits, UTF-8 as
 * is) of media type ctype.  Steals the reference to body.  NULL body or a
 * failed dump closes the connection (MHD_NO). */
enum MHD_Result api_reply_json_as(api_request *req, unsigned status, json_t *body,
                                  const char *ctype, const char *hname, const char *hvalue)
{
    if (!body)
        return MHD_NO;
    char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(body);
    if (!text)
        return MHD_NO;
    return api_reply_queue(req, status, text, strlen(text), ctype, hname, hvalue);
}

/* api_reply_json_as with application/json. */
enum MHD_Result api_reply_json(api_request *req, unsigned status, json_t *body,
                               const char *hname, const char *hvalue)
{
    return api_reply_json_as(req, status, body, API_CTYPE_JSON, hname, hvalue);
}

/* Queues the bytes of body (taken: body is left empty) as ctype with
 * status and an optional extra header.  An empty body is sent as such. */
enum MHD_Result api_reply_buf(api_request *req, unsigned status, api_buf *body,
                              const char *ctype, const char *hname, const char *hvalue)
{
    size_t len = api_buf_len(body);
    char *text = body->data ? body->data : strdup("");
    body->data = NULL;
    api_buf_free(body);
    if (!text)
        return MHD_NO;
    return api_reply_queue(req, status, text, len, ctype, hname, hvalue);
}

/* Queues JSON text made elsewhere (len bytes, malloc'd; the call takes it). */
enum MHD_Result api_reply_json_text(api_request *req, unsigned status, char *json, size_t len)
{
    return api_reply_queue(req, status, json, len, API_CTYPE_JSON, NULL, NULL);
}

/* Queues a page of HTML (len bytes, malloc'd; the call takes it). */
enum MHD_Result api_reply_html(api_request *req, unsigned status, char *html, size_t len)
{
    return api_reply_queue(req, status, html, len, API_CTYPE_HTML, NULL, NULL);
}

/* The length of the valid UTF-8 sequence at p (1-4), or 0 if the bytes
 * there are not one (bad lead, bad continuation, overlong, surrogate,
 * beyond U+10FFFF). */
static size_t api_utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
    if (n == 0 || p[0] > 0xf4)
        return 0;
    unsigned long cp = p[0] & (0x3f >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3f);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return n;
}

/* A new JSON string of s, with every byte that is not part of valid UTF-8
 * (a message cut in the middle of a character, an echo of bad input)
 * replaced by '?'.  NULL when memory runs out. */
static json_t *api_reply_string(const char *s)
{
    size_t len = strlen(s);
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = api_utf8_seq(p + i);
        if (n == 0) {
            copy[i++] = '?';
        } else {
            memcpy(copy + i, s + i, n);
            i += n;
        }
    }
    copy[len] = '\0';
    json_t *j = json_string(copy);
    free(copy);
    return j;
}

/* The error object {code, message_zh, message_en, field}; field NULL or
 * "" is left out.  The texts may come from input or be cut short: they are
 * made valid UTF-8.  NULL when memory runs out. */
static json_t *api_error_object(const char *code, const char *field, const char *message_zh,
                                const char *message_en)
{
    json_t *e = json_object();
    if (!e || json_object_set_new(e, "code", api_reply_string(code)) != 0 ||
        json_object_set_new(e, "message_zh", api_reply_string(message_zh)) != 0 ||
        json_object_set_new(e, "message_en", api_reply_string(message_en)) != 0 ||
        (field && field[0] && json_object_set_new(e, "field", api_reply_string(field)) != 0)) {
        json_decref(e);
        return NULL;
    }
    return e;
}

/* Queues {"error":{...}} with status. */
enum MHD_Result api_reply_error_msg(api_request *req, unsigned status, const char *code,
                                    const char *field, const char *message_zh,
                                    const char *message_en)
{
    json_t *e = api_error_object(code, field, message_zh, message_en);
    if (!e)
        return MHD_NO;
    return api_reply_json(req, status, json_pack("{s:o}", "error", e), NULL, NULL);
}

/* Queues the table's error code (internal_error if code is unknown). */
enum MHD_Result api_reply_error(api_request *req, const char *code, const char *field)
{
    const api_error_def *d = api_error_find(code);
    if (!d) {
        api_log_error(req->rid, "unknown error code '%s'", code);
        d = api_error_find("internal_error");
    }
    return api_reply_error_msg(req, d->status, d->code, field, d->message_zh, d->message_en);
}

/* Logs the detail and queues a generic 500. */
enum MHD_Result api_reply_internal(api_request *req, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    api_log_error(req->rid, "%s %s: %s", req->method, req->path, msg);
    return api_reply_error(req, "internal_error", NULL);
}

/* Queues a registry error.  Client errors keep the registry's code, field
 * and messages; server errors (and an error without a code, which breaks
 * the registry's contract) are logged and answered generically. */
enum MHD_Result api_reply_reg_error(api_request *req, const reg_error *err)
{
    unsigned status = api_reply_status_for(err->status);
    if (status == MHD_HTTP_INTERNAL_SERVER_ERROR)
        return api_reply_internal(req, "registry: %d %s: %s (field %s)", err->status, err->code,
                                  err->message_en, err->field[0] ? err->field : "-");
    if (!err->code[0])
        return api_reply_internal(req, "registry: status %d without a code: %s", err->status,
                                  err->message_en);
    return api_reply_error_msg(req, status, err->code, err->field, err->message_zh,
                               err->message_en);
}

/* Queues a registry error as api_reply_reg_error does, with the members of
 * detail (an object, may be NULL; not taken) added to the error object for
 * a client error. */
enum MHD_Result api_reply_reg_error_detail(api_request *req, const reg_error *err,
                                           const json_t *detail)
{
    unsigned status = api_reply_status_for(err->status);
    if (!detail || status == MHD_HTTP_INTERNAL_SERVER_ERROR || !err->code[0])
        return api_reply_reg_error(req, err);
    json_t *e = api_error_object(err->code, err->field, err->message_zh, err->message_en);
    if (!e || json_object_update_missing(e, (json_t *)detail) != 0) {
        json_decref(e);
        return api_reply_internal(req, "out of memory");
    }
    return api_reply_json(req, status, json_pack("{s:o}", "error", e), NULL, NULL);
}

/* Queues 405 method_not_allowed with "Allow: allow". */
enum MHD_Result api_reply_method_not_allowed(api_request *req, const char *allow)
{
    const api_error_def *d = api_error_find("method_not_allowed");
    json_t *e = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", d->code, "message_zh",
                          d->message_zh, "message_en", d->message_en);
    return api_reply_json(req, d->status, e, MHD_HTTP_HEADER_ALLOW, allow);
}
