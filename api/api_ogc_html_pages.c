/* api_ogc_html_pages.c: the HTML page of each OGC resource, made from the
 * JSON document the route would answer (conformance class "html"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

/* The href of the first link of obj with this rel and media type (type
 * matched as a prefix), or NULL. */
static const char *link_href(const json_t *obj, const char *rel, const char *type)
{
    size_t i;
    const json_t *link;
    json_array_foreach(json_object_get(obj, "links"), i, link) {
        const char *r = json_string_value(json_object_get(link, "rel"));
        const char *t = json_string_value(json_object_get(link, "type"));
        if (r && t && strcmp(r, rel) == 0 && strncmp(t, type, strlen(type)) == 0)
            return json_string_value(json_object_get(link, "href"));
    }
    return NULL;
}

/* The string member key of obj, or "". */
static const char *str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* A paragraph with the escaped text, when there is text. */
static void paragraph(api_html *h, const char *text)
{
    if (!text[0])
        return;
    api_html_raw(h, "<p>");
    api_html_text(h, text);
    api_html_raw(h, "</p>\n");
}

/* A table row <tr><th>key</th><td>value</td></tr>. */
static void row(api_html *h, const char *key, const json_t *value)
{
    api_html_raw(h, "<tr><th>");
    api_html_text(h, key);
    api_html_raw(h, "</th><td>");
    api_html_value(h, value);
    api_html_raw(h, "</td></tr>\n");
}

/* See api_internal.h: title, description, links. */
void api_ogc_page_landing(api_html *h, const json_t *doc)
{
    api_html_begin(h, str(doc, "title"));
    paragraph(h, str(doc, "description"));
    api_html_links(h, doc);
    api_html_end(h);
}

/* See api_internal.h: the conformance classes, one a line. */
void api_ogc_page_conformance(api_html *h, const json_t *doc)
{
    api_html_begin(h, "符合性声明 Conformance");
    api_html_raw(h, "<ul>\n");
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(doc, "conformsTo"), i, c) {
        api_html_raw(h, "<li>");
        api_html_link(h, json_string_value(c), json_string_value(c));
        api_html_raw(h, "</li>\n");
    }
    api_html_raw(h, "</ul>\n");
    api_html_links(h, doc);
    api_html_end(h);
}

/* See api_internal.h: doc["document"], the OpenAPI document, indented as
 * text, then doc["links"]. */
void api_ogc_page_api(api_html *h, const json_t *doc)
{
    api_html_begin(h, "API 定义 API definition (OpenAPI 3.0)");
    char *text = json_dumps(json_object_get(doc, "document"),
                            JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    api_html_raw(h, "<pre>");
    if (text)
        api_html_text(h, text);
    else if (h->err == API_BUF_OK)
        h->err = API_BUF_ENOMEM;
    api_html_raw(h, "</pre>\n");
    free(text);
    api_html_links(h, doc);
    api_html_end(h);
}

/* A link to the first link of obj with rel and type, labelled text. */
static void cell_link(api_html *h, const json_t *obj, const char *rel, const char *type,
                      const char *text)
{
    const char *href = link_href(obj, rel, type);
    if (href)
        api_html_link(h, href, text);
    else
        api_html_text(h, text);
}

/* See api_internal.h: a table of the collections. */
void api_ogc_page_collections(api_html *h, const json_t *doc)
{
    api_html_begin(h, "要素集合 Collections");
    api_html_raw(h, "<table><tr><th>id</th><th>名称 Title</th><th>说明 Description</th>"
                    "<th>要素 Items</th></tr>\n");
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(doc, "collections"), i, c) {
        api_html_raw(h, "<tr><td>");
        cell_link(h, c, "alternate", "text/html", str(c, "id"));
        api_html_raw(h, "</td><td>");
        api_html_text(h, str(c, "title"));
        api_html_raw(h, "</td><td>");
        api_html_text(h, str(c, "description"));
        api_html_raw(h, "</td><td>");
        cell_link(h, c, "items", "text/html", "浏览 browse");
        api_html_raw(h, "</td></tr>\n");
    }
    api_html_raw(h, "</table>\n");
    api_html_links(h, doc);
    api_html_end(h);
}

/* See api_internal.h: the collection's description, extent and CRSs. */
void api_ogc_page_collection(api_html *h, const json_t *doc)
{
    api_html_begin(h, str(doc, "title"));
    paragraph(h, str(doc, "description"));
    api_html_raw(h, "<table>\n");
    row(h, "id", json_object_get(doc, "id"));
    row(h, "bbox (CRS84)", json_object_get(json_object_get(json_object_get(doc, "extent"),
                                                           "spatial"),
                                           "bbox"));
    row(h, "interval", json_object_get(json_object_get(json_object_get(doc, "extent"),
                                                       "temporal"),
                                       "interval"));
    row(h, "crs", json_object_get(doc, "crs"));
    row(h, "storageCrs", json_object_get(doc, "storageCrs"));
    api_html_raw(h, "</table>\n<p>");
    cell_link(h, doc, "items", "text/html", "浏览要素 Browse the features");
    api_html_raw(h, "</p>\n");
    api_html_links(h, doc);
    api_html_end(h);
}

/* See api_internal.h: a table of the page's features, one a row, with
 * the columns of the first feature's properties. */
void api_ogc_page_items(api_html *h, const json_t *doc)
{
    api_html_begin(h, str(doc, "title"));
    const json_t *features = json_object_get(doc, "features");
    const json_t *first = json_object_get(json_array_get(features, 0), "properties");
    char counts[96];
    snprintf(counts, sizeof counts, "%lld / %lld",
             (long long)json_integer_value(json_object_get(doc, "numberReturned")),
             (long long)json_integer_value(json_object_get(doc, "numberMatched")));
    api_html_raw(h, "<p>本页 / 共 Returned / matched: ");
    api_html_text(h, counts);
    api_html_raw(h, "</p>\n<table><tr><th>id</th>");
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)first, key, v) {
        api_html_raw(h, "<th>");
        api_html_text(h, key);
        api_html_raw(h, "</th>");
    }
    api_html_raw(h, "</tr>\n");
    size_t i;
    const json_t *f;
    json_array_foreach(features, i, f) {
        api_html_raw(h, "<tr><td>");
        cell_link(h, f, "item", "text/html", str(f, "id"));
        api_html_raw(h, "</td>");
        json_object_foreach((json_t *)first, key, v) {
            api_html_raw(h, "<td>");
            api_html_value(h, json_object_get(json_object_get(f, "properties"), key));
            api_html_raw(h, "</td>");
        }
        api_html_raw(h, "</tr>\n");
    }
    api_html_raw(h, "</table>\n<p>");
    if (link_href(doc, "prev", "text/html")) {
        cell_link(h, doc, "prev", "text/html", "« 上一页 previous");
        api_html_raw(h, " ");
    }
    if (link_href(doc, "next", "text/html"))
        cell_link(h, doc, "next", "text/html", "下一页 next »");
    api_html_raw(h, "</p>\n");
    api_html_links(h, doc);
    api_html_end(h);
}

/* See api_internal.h: the feature's properties. */
void api_ogc_page_item(api_html *h, const json_t *doc)
{
    api_html_begin(h, str(doc, "id"));
    api_html_raw(h, "<table>\n");
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)json_object_get(doc, "properties"), key, v)
        row(h, key, v);
    api_html_raw(h, "</table>\n");
    api_html_links(h, doc);
    api_html_end(h);
}
