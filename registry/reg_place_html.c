/*
 * reg_place_html.c: the announcement (公告, N6) as a printable page: A4,
 * self-contained (no scripts, fonts or images from elsewhere), every value
 * HTML-escaped.  One table row per name with the six fields of N6.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "reg_jw.h"
#include "reg_place_internal.h"

#define HTML_MAX ((size_t)4 << 20)

/* The page: reg_jw's growing buffer with its hard cap (overflow or a
 * failed allocation sticks), written raw. */
typedef reg_jw page;

/* Appends n bytes of s. */
static void put(page *pg, const char *s, size_t n)
{
    reg_jw_raw(pg, s, n);
}

/* Appends literal markup. */
static void raw(page *pg, const char *s)
{
    put(pg, s, strlen(s));
}

/* Appends text escaped for HTML (NULL as "—"); newlines become <br>. */
static void text(page *pg, const char *s)
{
    if (!s || !*s) {
        raw(pg, "—");
        return;
    }
    for (; *s; s++) {
        switch (*s) {
        case '&': raw(pg, "&amp;"); break;
        case '<': raw(pg, "&lt;"); break;
        case '>': raw(pg, "&gt;"); break;
        case '"': raw(pg, "&quot;"); break;
        case '\'': raw(pg, "&#39;"); break;
        case '\n': raw(pg, "<br>"); break;
        default: put(pg, s, 1);
        }
    }
}

/* The string member key of o, or NULL. */
static const char *member(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>";

static const char page_style[] =
    "</title>\n<style>\n"
    "@page { size: A4; margin: 20mm 18mm; }\n"
    "body { font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"SimSun\", serif;"
    " color: #000; background: #fff; max-width: 174mm; margin: 0 auto; line-height: 1.6; }\n"
    "h1 { text-align: center; font-size: 22pt; letter-spacing: 0.3em; margin: 0 0 4mm; }\n"
    "p.basis { text-indent: 2em; font-size: 12pt; }\n"
    "table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }\n"
    "th, td { border: 0.3mm solid #000; padding: 1.5mm 2mm; vertical-align: top; }\n"
    "th { background: #eee; font-weight: bold; }\n"
    "tr { page-break-inside: avoid; }\n"
    "th, td.nowrap { white-space: nowrap; }\n"
    ".pinyin { font-family: \"Noto Sans\", \"DejaVu Sans\", sans-serif; }\n"
    ".former { font-size: 9pt; color: #333; }\n"
    ".sign { margin-top: 12mm; text-align: right; font-size: 12pt; }\n"
    "@media print { th { background: #eee !important; -webkit-print-color-adjust: exact;"
    " print-color-adjust: exact; } }\n"
    "</style>\n</head>\n<body>\n";

/* Appends a YYYY-MM-DD date as written in official documents
 * (2024年3月10日); anything else as text. */
static void date_zh(page *pg, const char *d)
{
    int y, m, day;
    char buf[48];
    if (d && strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d", &y, &m, &day) == 3) {
        snprintf(buf, sizeof buf, "%d年%d月%d日", y, m, day);
        raw(pg, buf);
    } else {
        text(pg, d);
    }
}

/* One table row: the six fields of N6 (and the former name of a rename). */
static void row(page *pg, size_t i, const json_t *p)
{
    char num[80];
    snprintf(num, sizeof num, "<tr><td class=\"nowrap\">%zu</td><td class=\"nowrap\">", i + 1);
    raw(pg, num);
    text(pg, member(p, "name"));
    if (member(p, "former_name")) {
        raw(pg, "<div class=\"former\">原名：");
        text(pg, member(p, "former_name"));
        raw(pg, "</div>");
    }
    raw(pg, "</td><td class=\"pinyin\">");
    text(pg, member(p, "pinyin"));
    raw(pg, "</td><td>");
    text(pg, member(p, "category"));
    raw(pg, "</td><td>");
    text(pg, member(p, "area"));
    raw(pg, "</td><td>");
    text(pg, member(p, "location"));
    raw(pg, "</td><td>");
    text(pg, member(p, "authority"));
    raw(pg, "</td><td class=\"nowrap\">");
    date_zh(pg, member(p, "approval_date"));
    raw(pg, "</td></tr>\n");
}

/* See reg_places.h.  html_too_large (REG_ENOMEM) past 4 MiB. */
int reg_place_announcement_html(const json_t *a, char **html, size_t *len, reg_error *err)
{
    if (!a || !html || !len)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *html = NULL;
    *len = 0;
    page pg;
    reg_jw_init(&pg, HTML_MAX);
    raw(&pg, page_head);
    text(&pg, member(a, "title"));
    raw(&pg, page_style);
    raw(&pg, "<h1>");
    text(&pg, member(a, "title"));
    raw(&pg, "</h1>\n<p class=\"basis\">");
    text(&pg, member(a, "basis"));
    raw(&pg, "</p>\n<table>\n<thead><tr><th>序号</th><th>标准名称</th><th>罗马字母拼写</th>"
             "<th>类别</th><th>行政区域</th><th>位置描述</th><th>批准机关</th><th>批准时间</th>"
             "</tr></thead>\n<tbody>\n");
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(a, "places"), i, p) {
        row(&pg, i, p);
    }
    raw(&pg, "</tbody>\n</table>\n<div class=\"sign\"><div>");
    text(&pg, member(a, "issuer"));
    raw(&pg, "</div><div>");
    date_zh(&pg, member(a, "date"));
    raw(&pg, "</div></div>\n</body>\n</html>\n");
    if (!(*html = reg_jw_take(&pg, len)))
        return reg_error_set(err, REG_ENOMEM, "html_too_large", "", "公告页面过大",
                             "the announcement page is too large");
    return REG_OK;
}
