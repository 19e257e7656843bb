/* api_static.c: serves the web console's files from memory: GET and HEAD,
 * ETag with If-None-Match (304), gzip when the client accepts it.  A path
 * is only ever looked up in the table made at start, so no request can
 * name a file outside the web directory. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_internal.h"

/* The console's pages may load scripts, styles and data only from diming
 * itself; images (the optional base-map tiles) may come from elsewhere. */
#define API_STATIC_CSP                                                                        \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "               \
    "img-src 'self' data: blob: http: https:; connect-src 'self'; object-src 'none'; "        \
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/* Compares a path with a file, for bsearch. */
static int api_static_key_cmp(const void *key, const void *file)
{
    return strcmp(key, ((const api_static_file *)file)->path);
}

/* See api_internal.h. */
const api_static_file *api_static_find(const api_static *st, const char *path)
{
    if (!st || !path || path[0] != '/' || st->count == 0)
        return NULL;
    if (strcmp(path, "/") == 0)
        path = "/index.html";
    return bsearch(path, st->files, st->count, sizeof *st->files, api_static_key_cmp);
}

/* Advances past spaces and tabs. */
static const char *api_static_skip_ws(const char *p)
{
    return p + strspn(p, " \t");
}

/* 1 if the Accept-Encoding value ae lists gzip (or x-gzip) with a q that
 * is not 0 (RFC 9110 12.5.3); NULL accepts nothing. */
static int api_static_accepts_gzip(const char *ae)
{
    const char *p = ae;
    while (p && *p) {
        p = api_static_skip_ws(p);
        size_t tok = strcspn(p, ";, \t");
        int is_gzip = (tok == 4 && strncasecmp(p, "gzip", 4) == 0) ||
                      (tok == 6 && strncasecmp(p, "x-gzip", 6) == 0);
        const char *end = p + strcspn(p, ",");
        if (is_gzip) {
            const char *q = p + tok;
            double qv = 1.0;
            while (q < end && (q = memchr(q, ';', (size_t)(end - q))) != NULL) {
                q = api_static_skip_ws(q + 1);
                if ((q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
                    qv = strtod(q + 2, NULL);
            }
            return qv > 0.0;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* 1 if the If-None-Match value inm is "*" or lists etag (weak comparison:
 * a W/ prefix is ignored); NULL matches nothing. */
static int api_static_etag_matches(const char *inm, const char *etag)
{
    size_t elen = strlen(etag);
    const char *p = inm;
    while (p && *p) {
        p = api_static_skip_ws(p);
        if (*p == '*')
            return 1;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        size_t n = strcspn(p, ", \t");
        if (n == elen && strncmp(p, etag, n) == 0)
            return 1;
        p += n;
        p = api_static_skip_ws(p);
        if (*p == ',')
            p++;
        else if (*p)
            return 0; /* not a list of entity tags */
    }
    return 0;
}

/* GET (and HEAD) of a console file: 200 with the file (gzip'd when the
 * client accepts it and gzip pays), or 304 when If-None-Match names the
 * representation's ETag.  Every answer carries ETag, Cache-Control and,
 * for files with a gzip variant, Vary: Accept-Encoding; HTML pages also
 * carry the Content-Security-Policy.  404 not_found when the file is not
 * in the table. */
enum MHD_Result api_static_get(api_request *req, reg_db *db)
{
    (void)db;
    const api_static_file *f = api_static_find(req->srv->web, req->path);
    if (!f)
        return api_reply_error(req, "not_found", NULL);
    int gz = f->gz && api_static_accepts_gzip(api_request_header(req, "Accept-Encoding"));
    const char *etag = gz ? f->gz_etag : f->etag;
    int not_modified =
        api_static_etag_matches(api_request_header(req, "If-None-Match"), etag);
    size_t len = not_modified ? 0 : gz ? f->gz_len : f->len;
    void *data = not_modified ? NULL : gz ? f->gz : f->data;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, data, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    int ok = !gz || not_modified ||
             MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip") == MHD_YES;
    if (ok && strncmp(f->type, "text/html", 9) == 0)
        ok = MHD_add_response_header(resp, "Content-Security-Policy", API_STATIC_CSP) ==
                 MHD_YES &&
             MHD_add_response_header(resp, "Referrer-Policy", "no-referrer") == MHD_YES;
    if (!ok) {
        MHD_destroy_response(resp);
        return api_reply_internal(req, "cannot set the headers of %s", f->path);
    }
    return api_reply_queue_response(req, not_modified ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK, resp,
                                    len, f->type, f->cache, MHD_HTTP_HEADER_ETAG, etag,
                                    f->gz ? MHD_HTTP_HEADER_VARY : NULL, "Accept-Encoding");
}
