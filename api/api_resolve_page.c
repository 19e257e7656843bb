/* api_resolve_page.c: the pages a resident sees after scanning a plate:
 * small, in Chinese, readable on a phone, and with no external resource
 * (no script, font, image or style sheet to fetch on a weak signal). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api_internal.h"

#define PAGE_MAX ((size_t)64 * 1024)

/* The style of every page: system fonts, the plate's sign blue. */
static const char page_head[] =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
    "<meta name=\"referrer\" content=\"no-referrer\"><title>";
static const char page_style[] =
    "</title><style>"
    "body{margin:0;font:16px/1.5 -apple-system,\"PingFang SC\",\"Noto Sans CJK SC\","
    "\"Microsoft YaHei\",sans-serif;background:#f4f6f9;color:#1d2733}"
    "main{max-width:36em;margin:0 auto;padding:1em}"
    ".plate{background:#0f4c9a;color:#fff;border-radius:.6em;padding:1em 1.2em}"
    ".plate h1{margin:.1em 0;font-size:1.9em;line-height:1.2}"
    ".k{margin:0;font-size:.85em;opacity:.85}.roman{margin:.2em 0 0;opacity:.9}"
    ".full{background:#fff;border-radius:.6em;padding:.8em 1.2em;margin:1em 0}"
    "dl{display:grid;grid-template-columns:auto 1fr;gap:.3em 1em;margin:0}dt{color:#5b6b7c}"
    "dd{margin:0}.warn{background:#fff4d6;border-left:.3em solid #d99a00;padding:.6em 1em;"
    "border-radius:.3em;margin:1em 0}.maps a{display:inline-block;margin:.3em .3em 0 0;"
    "padding:.5em .9em;border-radius:.4em;background:#fff;border:1px solid #c9d3de;"
    "color:#0f4c9a;text-decoration:none}footer{margin-top:1.5em;font-size:.8em;color:#6b7a89}"
    "</style></head><body><main>";
static const char page_foot[] =
    "<footer>会宁县民政局 地名管理 · 标准地址与门牌登记（diming）</footer></main></body></html>";

/* A page being written: the first failed append (the buffer then frees
 * itself) stops every later one. */
typedef struct page_buf {
    api_buf b;
    int bad;
} page_buf;

/* Appends n bytes unless a previous append failed. */
static void add(page_buf *b, const char *s, size_t n)
{
    if (!b->bad && api_buf_add(&b->b, s, n) != API_BUF_OK)
        b->bad = 1;
}

/* Appends raw text. */
static void raw(page_buf *b, const char *s)
{
    add(b, s, strlen(s));
}

/* Appends s with &, <, >, " and ' escaped for HTML text and attributes. */
static void esc(page_buf *b, const char *s)
{
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;"
                        : *p == '"' ? "&quot;" : *p == '\'' ? "&#39;" : NULL;
        if (!rep)
            continue;
        add(b, run, (size_t)(p - run));
        raw(b, rep);
        run = p + 1;
    }
    raw(b, run);
}

/* Appends a printf-formatted piece (numbers and fixed text only). */
static void fmt(page_buf *b, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void fmt(page_buf *b, const char *f, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, f);
    vsnprintf(tmp, sizeof tmp, f, ap);
    va_end(ap);
    raw(b, tmp);
}

/* The plate state in Chinese, for residents. */
static const char *state_zh(const char *state)
{
    static const char *const m[][2] = {{"collected", "已采集"}, {"compiled", "已编制"},
                                       {"entered", "已录入"},   {"produced", "已制作"},
                                       {"active", "在用"},      {"retired", "已停用"}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(state, m[i][0]) == 0)
            return m[i][1];
    return state;
}

/* Hands the page over: *len and the bytes, or NULL when it failed. */
static char *finish(page_buf *b, size_t *len)
{
    raw(b, page_foot);
    *len = b->bad ? 0 : b->b.len;
    return b->bad ? NULL : b->b.data; /* a failed buffer has freed itself */
}

/* See api_internal.h. */
char *api_page_plate(const reg_plate_view *v, const api_map_links *l, size_t *len)
{
    page_buf b = {.bad = 0};
    api_buf_init(&b.b, PAGE_MAX);
    raw(&b, page_head);
    esc(&b, v->short_form);
    raw(&b, " - 标准地址");
    raw(&b, page_style);
    raw(&b, "<div class=\"plate\"><p class=\"k\">");
    esc(&b, v->township);
    esc(&b, v->village_short);
    raw(&b, "</p><h1>");
    esc(&b, v->short_form);
    raw(&b, "</h1>");
    if (v->roman[0]) {
        raw(&b, "<p class=\"roman\" lang=\"zh-Latn-pinyin\">");
        esc(&b, v->roman);
        raw(&b, "</p>");
    }
    raw(&b, "</div>");
    if (strcmp(v->state, "retired") == 0)
        raw(&b, "<p class=\"warn\">该门牌已停用。地址信息仅供参考，请以现场新门牌为准。</p>");
    else if (!v->address_active)
        raw(&b, "<p class=\"warn\">该地址已注销。</p>");
    raw(&b, "<div class=\"full\"><dl><dt>标准地址</dt><dd>");
    esc(&b, v->full);
    if (v->roman_full[0]) {
        raw(&b, "</dd><dt>罗马字母拼写</dt><dd lang=\"zh-Latn-pinyin\">");
        esc(&b, v->roman_full);
    }
    raw(&b, "</dd><dt>乡镇</dt><dd>");
    esc(&b, v->township);
    raw(&b, "</dd><dt>村（社区）</dt><dd>");
    esc(&b, v->village_short);
    raw(&b, "</dd><dt>门牌状态</dt><dd>");
    raw(&b, state_zh(v->state));
    if (v->state_date[0]) {
        raw(&b, "（");
        esc(&b, v->state_date);
        raw(&b, "）");
    }
    raw(&b, "</dd><dt>门牌编码</dt><dd>");
    esc(&b, v->code);
    raw(&b, "</dd></dl></div><p class=\"maps\">在地图中查看：<br><a href=\"");
    esc(&b, l->amap);
    raw(&b, "\">高德地图</a><a href=\"");
    esc(&b, l->baidu);
    raw(&b, "\">百度地图</a><a href=\"");
    esc(&b, l->tencent);
    raw(&b, "\">腾讯地图</a><a href=\"");
    esc(&b, l->geo);
    raw(&b, "\">其他地图应用</a></p>");
    fmt(&b, "<p class=\"k\">坐标（CGCS2000）：%.6f, %.6f</p>", v->lon, v->lat);
    return finish(&b, len);
}

/* See api_internal.h. */
char *api_page_message(const char *title, const char *text, const char *code,
                       const char *link, const char *link_text, size_t *len)
{
    page_buf b = {.bad = 0};
    api_buf_init(&b.b, PAGE_MAX);
    raw(&b, page_head);
    esc(&b, title);
    raw(&b, page_style);
    raw(&b, "<div class=\"plate\"><h1>");
    esc(&b, title);
    raw(&b, "</h1></div><p class=\"warn\">");
    esc(&b, text);
    raw(&b, "</p>");
    if (code && code[0]) {
        raw(&b, "<div class=\"full\"><dl><dt>识读的编码</dt><dd>");
        esc(&b, code);
        raw(&b, "</dd></dl></div>");
    }
    if (link && link[0]) {
        raw(&b, "<p class=\"maps\"><a href=\"");
        esc(&b, link);
        raw(&b, "\">");
        esc(&b, link_text ? link_text : link);
        raw(&b, "</a></p>");
    }
    return finish(&b, len);
}
