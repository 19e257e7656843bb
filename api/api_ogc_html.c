/* api_ogc_html.c: writing HTML pages with a sticky error (see
 * api_internal.h).  Every text that comes from data is escaped. */
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* Appends len bytes unless an earlier write failed. */
static void put(api_html *h, const char *s, size_t len)
{
    if (h->err == API_BUF_OK)
        h->err = api_buf_add(&h->buf, s, len);
}

/* See api_internal.h. */
void api_html_raw(api_html *h, const char *s)
{
    put(h, s, strlen(s));
}

/* See api_internal.h. */
void api_html_text(api_html *h, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "&<>\"'");
        put(h, s, n);
        s += n;
        if (!*s)
            break;
        const char *esc = *s == '&'   ? "&amp;"
                          : *s == '<' ? "&lt;"
                          : *s == '>' ? "&gt;"
                          : *s == '"' ? "&quot;"
                                      : "&#39;";
        api_html_raw(h, esc);
        s++;
    }
}

/* See api_internal.h. */
void api_html_value(api_html *h, const json_t *v)
{
    if (json_is_string(v)) {
        api_html_text(h, json_string_value(v));
    } else if (v && !json_is_null(v)) {
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        if (!text && h->err == API_BUF_OK)
            h->err = API_BUF_ENOMEM;
        if (text)
            api_html_text(h, text);
        free(text);
    }
}

/* See api_internal.h. */
void api_html_link(api_html *h, const char *href, const char *text)
{
    api_html_raw(h, "<a href=\"");
    api_html_text(h, href);
    api_html_raw(h, "\">");
    api_html_text(h, text);
    api_html_raw(h, "</a>");
}

/* See api_internal.h. */
void api_html_begin(api_html *h, const char *title)
{
    api_buf_init(&h->buf, API_OGC_RESPONSE_MAX);
    h->err = API_BUF_OK;
    api_html_raw(h, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>");
    api_html_text(h, title);
    api_html_raw(h, " - diming 地名</title><style>"
                    "body{font-family:sans-serif;margin:1.5em;max-width:72em}"
                    "table{border-collapse:collapse}td,th{border:1px solid #bbb;"
                    "padding:.2em .5em;text-align:left;vertical-align:top}"
                    "th{background:#eef}</style></head>\n<body><header>diming 地名 · "
                    "OGC API - Features</header><main><h1>");
    api_html_text(h, title);
    api_html_raw(h, "</h1>\n");
}

/* See api_internal.h. */
void api_html_end(api_html *h)
{
    api_html_raw(h, "</main></body></html>\n");
}

/* See api_internal.h. */
void api_html_links(api_html *h, const json_t *doc)
{
    const json_t *links = json_object_get(doc, "links");
    size_t i;
    const json_t *link;
    api_html_raw(h, "<h2>链接 Links</h2><ul>\n");
    json_array_foreach(links, i, link) {
        const char *href = json_string_value(json_object_get(link, "href"));
        const char *title = json_string_value(json_object_get(link, "title"));
        const char *rel = json_string_value(json_object_get(link, "rel"));
        const char *type = json_string_value(json_object_get(link, "type"));
        if (!href)
            continue;
        api_html_raw(h, "<li>");
        api_html_link(h, href, title ? title : rel ? rel : href);
        api_html_raw(h, " <small>(");
        api_html_text(h, rel ? rel : "");
        api_html_raw(h, ", ");
        api_html_text(h, type ? type : "");
        api_html_raw(h, ")</small></li>\n");
    }
    api_html_raw(h, "</ul>\n");
}
