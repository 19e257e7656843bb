/* api_ogc_links.c: absolute links of the OGC routes.  Clients such as
 * GDAL resolve "/..." links against the landing page, not the host, so
 * every href is a full URL. */
#include <stdio.h>
#include <string.h>

#include "api_internal.h"

/* 1 if host is a sane Host header: 1-255 bytes of letters, digits and
 * ".-:[]" (a name or address with an optional port). */
static int host_sane(const char *host)
{
    size_t n = strlen(host);
    return n > 0 && n <= 255 &&
           strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
               n;
}

/* Appends a NUL-terminated string; 0 or -1. */
static int add(api_buf *b, const char *s)
{
    return api_buf_add(b, s, strlen(s)) == API_BUF_OK ? 0 : -1;
}

/* See api_internal.h. */
int api_ogc_url(const api_request *req, api_buf *out, const char *path, const char *query)
{
    api_buf_init(out, API_OGC_URL_MAX);
    const char *host = api_request_header(req, MHD_HTTP_HEADER_HOST);
    int rc;
    if (req->srv->base_url) {
        rc = add(out, req->srv->base_url);
    } else if (host && host_sane(host)) {
        rc = add(out, "http://") || add(out, host);
    } else {
        char bound[48];
        snprintf(bound, sizeof bound, "http://127.0.0.1:%u", (unsigned)req->srv->port);
        rc = add(out, bound);
    }
    rc = rc || add(out, "/ogc") || add(out, path);
    if (!rc && query && query[0])
        rc = add(out, "?") || add(out, query);
    if (rc)
        api_buf_free(out);
    return rc ? -1 : 0;
}

/* See api_internal.h. */
json_t *api_ogc_link(const api_request *req, const char *path, const char *query,
                     const char *rel, const char *type, const char *title)
{
    api_buf url;
    if (api_ogc_url(req, &url, path, query) != 0)
        return NULL;
    json_t *link = json_pack("{s:s, s:s, s:s}", "href", api_buf_ptr(&url), "rel", rel, "type",
                             type);
    api_buf_free(&url);
    if (link && title && json_object_set_new(link, "title", json_string(title)) != 0) {
        json_decref(link);
        return NULL;
    }
    return link;
}

/* See api_internal.h: every byte but unreserved characters and ",:/"
 * becomes %XX. */
int api_ogc_encode(api_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
        int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr("-._~,:/", *p);
        if (api_buf_add(b, plain ? (const char *)p : esc, plain ? 1 : 3) != API_BUF_OK)
            return -1;
    }
    return 0;
}

/* A query being written; failed once an append has failed. */
typedef struct query_out {
    api_buf *b;
    int failed;
} query_out;

/* MHD_KeyValueIterator: appends "key=value&" for every parameter but f
 * and offset; stops on failure. */
static enum MHD_Result add_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    query_out *q = cls;
    (void)kind;
    if (strcmp(key, "f") == 0 || strcmp(key, "offset") == 0)
        return MHD_YES;
    int rc = api_ogc_encode(q->b, key);
    if (!rc && value)
        rc = add(q->b, "=") || api_ogc_encode(q->b, value);
    q->failed = rc || add(q->b, "&");
    return q->failed ? MHD_NO : MHD_YES;
}

/* See api_internal.h. */
int api_ogc_query(const api_request *req, api_buf *out, long offset, const char *f)
{
    api_buf_init(out, API_OGC_URL_MAX);
    query_out q = {out, 0};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_param, &q);
    char tail[64];
    if (offset >= 0)
        snprintf(tail, sizeof tail, "offset=%ld&f=%s", offset, f);
    else
        snprintf(tail, sizeof tail, "f=%s", f);
    if (q.failed || add(out, tail) != 0) {
        api_buf_free(out);
        return -1;
    }
    return 0;
}
