/* api_ogc_reply.c: answering an OGC resource as JSON or as an HTML page
 * made from the same document. */
#include <stdio.h>

#include "api_internal.h"

/* See api_internal.h.  A page that cannot be made for want of memory is
 * a 500.  page must begin with api_html_begin. */
enum MHD_Result api_ogc_reply(api_request *req, json_t *doc, int html, const char *ctype,
                              api_ogc_page_fn page, const char *content_crs)
{
    char crs[128];
    const char *hname = content_crs ? "Content-Crs" : NULL;
    if (content_crs)
        snprintf(crs, sizeof crs, "<%s>", content_crs);
    if (!doc)
        return api_reply_internal(req, "out of memory building the document");
    if (!html)
        return api_reply_json_as(req, MHD_HTTP_OK, doc, ctype, hname, crs);
    api_html h;
    page(&h, doc);
    json_decref(doc);
    if (h.err != API_BUF_OK) {
        api_buf_free(&h.buf);
        return h.err == API_BUF_ETOOBIG ? api_reply_error(req, "response_too_large", NULL)
                                        : api_reply_internal(req, "cannot render the HTML page");
    }
    return api_reply_buf(req, MHD_HTTP_OK, &h.buf, API_CTYPE_HTML, hname, crs);
}
