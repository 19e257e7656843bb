/* api_request.c: per-request state, body accumulation, argument access. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* Makes the state of a new request: copies of method and path, start time,
 * request id; counts it in flight.  NULL when memory runs out. */
static api_request *api_request_new(api_server *srv, struct MHD_Connection *conn,
                                    const char *url, const char *method)
{
    api_request *req = calloc(1, sizeof *req);
    if (!req)
        return NULL;
    req->path = strdup(url ? url : "");
    if (!req->path) {
        free(req);
        return NULL;
    }
    req->srv = srv;
    req->conn = conn;
    const char *m = method ? method : "-";
    size_t n = strnlen(m, sizeof req->method - 1); /* cut to fit: it is for the log */
    memcpy(req->method, m, n);
    req->method[n] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &req->started);
    api_buf_init(&req->body, 0);
    req->role = REG_ROLE_STAFF;
    api_reply_request_id(req);
    atomic_fetch_add(&srv->in_flight, 1);
    return req;
}

/* Frees a request's state; NULL is a no-op. */
static void api_request_free(api_request *req)
{
    if (!req)
        return;
    api_buf_free(&req->body);
    api_form_free(req->form);
    free(req->param);
    free(req->param2);
    free(req->path);
    free(req);
}

/* MHD's access handler.  First call: makes the request state and routes it
 * (which may answer at once).  Calls with upload data: feed a multipart
 * body to its parser, or append to the body up to the route's cap, then
 * drop the rest (answered 413 at the end,
 * since MHD cannot queue a response during an upload).  Last call (no
 * data): runs the handler. */
enum MHD_Result api_request_access(void *cls, struct MHD_Connection *conn, const char *url,
                                   const char *method, const char *version,
                                   const char *upload_data, size_t *upload_data_size,
                                   void **con_cls)
{
    api_server *srv = cls;
    api_request *req = *con_cls;
    (void)version;
    if (!req) {
        req = api_request_new(srv, conn, url, method);
        if (!req)
            return MHD_NO;
        *con_cls = req;
        return api_router_begin(req);
    }
    if (*upload_data_size > 0) {
        if (req->form)
            api_form_feed(req->form, upload_data, *upload_data_size);
        else if (req->body_error == API_BUF_OK)
            req->body_error = api_buf_add(&req->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    return api_router_finish(req);
}

/* MHD's completion callback: writes the access-log line and frees the
 * request, whether it was answered or the client went away. */
void api_request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                           enum MHD_RequestTerminationCode toe)
{
    api_request *req = *con_cls;
    (void)cls;
    (void)conn;
    (void)toe;
    if (!req)
        return;
    *con_cls = NULL;
    api_log_access(req);
    atomic_fetch_sub(&req->srv->in_flight, 1);
    api_request_free(req);
}

/* The query argument name, NULL when absent (or given without a value). */
const char *api_request_arg(const api_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* The request header name (case-insensitive), NULL when absent. */
const char *api_request_header(const api_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* Reads an optional boolean query argument into *out. */
int api_arg_flag(api_request *req, const char *name, int dflt, int *out)
{
    const char *v = api_request_arg(req, name);
    if (!v) {
        *out = dflt;
        return 0;
    }
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
        *out = 1;
        return 0;
    }
    if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0) {
        *out = 0;
        return 0;
    }
    char en[160];
    snprintf(en, sizeof en, "Query parameter '%s' must be 1, true, 0 or false", name);
    api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_parameter", name,
                        "查询参数只能是 1、true、0 或 false", en);
    return -1;
}

/* Reads the optional query argument crs: gcj02, EPSG:4326 (or CRS84) or
 * EPSG:4490, the default.  Returns 0, or -1 after queueing 400 bad_crs
 * (unknown, or a projected CRS). */
int api_arg_crs(api_request *req, geo_crs *out)
{
    const char *text = api_request_arg(req, "crs");
    *out = GEO_CRS_4490;
    if (!text || (geo_crs_parse(text, out) == GEO_OK &&
                  (*out == GEO_CRS_4490 || *out == GEO_CRS_4326 || *out == GEO_CRS_GCJ02)))
        return 0;
    api_reply_error(req, "bad_crs", "crs");
    return -1;
}

/* Parses the accumulated body (JSON_REJECT_DUPLICATES, nothing after the
 * value) and requires an object. */
json_t *api_request_json_object(api_request *req)
{
    return api_json_object(req, api_buf_ptr(&req->body), api_buf_len(&req->body));
}

/* See api_internal.h. */
json_t *api_json_object(api_request *req, const char *text, size_t len)
{
    json_error_t je;
    char zh[160], en[320];
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        snprintf(zh, sizeof zh, "请求体不是有效的 JSON（第 %d 行第 %d 列）", je.line, je.column);
        snprintf(en, sizeof en, "The body is not valid JSON: %s (line %d, column %d)", je.text,
                 je.line, je.column);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_json", NULL, zh, en);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        api_reply_error(req, "body_not_object", NULL);
        return NULL;
    }
    return j;
}
