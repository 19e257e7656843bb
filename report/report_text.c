/*
 * report_text.c: words and escaping - HTML text, CSV fields, the Chinese
 * titles of finding codes, conditions and actions, colours.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_internal.h"

/* See report_internal.h. */
void report_html_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* See report_internal.h. */
void report_csv_record(FILE *f, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = fields[i] ? fields[i] : "";
        if (i)
            fputc(',', f);
        if (strpbrk(s, ",\"\r\n")) {
            fputc('"', f);
            for (; *s; s++) {
                if (*s == '"')
                    fputc('"', f);
                fputc(*s, f);
            }
            fputc('"', f);
        } else {
            fputs(s, f);
        }
    }
    fputs("\r\n", f);
}

/* A code and its Chinese words. */
typedef struct report_word {
    const char *code, *zh;
} report_word;

static const report_word finding_titles[] = {
    {"sibling_overlap", "相邻单位多边形重叠"},
    {"sibling_gap", "相邻单位之间的缝隙"},
    {"line_deviation", "界线偏离单位公共边界"},
    {"line_units_not_adjacent", "界线两侧单位不相邻"},
    {"line_unit_no_polygon", "界线一侧单位无多边形"},
    {"marker_off_line", "界桩偏离界线"},
    {"marker_group_off_line", "同号界桩未跨界线"},
    {"marker_group_incomplete", "同号界桩缺少成员"},
    {"marker_number_duplicate", "界桩编号重复"},
    {"marker_sequence_gap", "界桩序号缺号"},
    {"marker_sequence_order", "界桩序号顺序错误"},
    {"marker_numbering_direction", "界桩编号方向错误"},
    {"marker_displaced", "界桩移位"},
    {"marker_not_inspected", "界桩未检查"},
    {"line_not_inspected", "界线未检查"},
    {"line_due", "界线到期未联检"},
    {"repair_without_parties", "维修无双方人员"},
    {"repair_outstanding", "界桩待修复"},
};

static const report_word words[] = {
    {"intact", "完好"}, {"faded", "字迹模糊"}, {"damaged", "损坏"}, {"displaced", "移位"},
    {"lost", "丢失"}, {"refs_incomplete", "方位物不齐"}, {"not_inspected", "未检查"},
    {"none", "无"}, {"repainted", "重新描字"}, {"repaired", "维修"}, {"replaced", "更换"},
    {"reset", "复位"}, {"error", "错误"}, {"warning", "警告"},
};

/* The Chinese words of code in a table of n, or code. */
static const char *report_lookup(const report_word *t, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return t[i].zh;
    return code ? code : "";
}

/* See report_internal.h. */
const char *report_finding_title(const char *code)
{
    return report_lookup(finding_titles, sizeof finding_titles / sizeof finding_titles[0], code);
}

/* See report_internal.h. */
const char *report_word_zh(const char *code)
{
    return report_lookup(words, sizeof words / sizeof words[0], code);
}

/* See report_internal.h. */
const char *report_condition_colour(const char *code)
{
    static const report_word colours[] = {
        {"intact", "#2e7d32"}, {"faded", "#f9a825"}, {"damaged", "#ef6c00"},
        {"displaced", "#6a1b9a"}, {"lost", "#c62828"}, {"refs_incomplete", "#1565c0"},
    };
    const char *c = report_lookup(colours, sizeof colours / sizeof colours[0], code);
    return c[0] == '#' ? c : "#ffffff";
}

/* See report_internal.h. */
const char *report_str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* See report_internal.h. */
void report_value(const json_t *v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (json_is_string(v)) {
        snprintf(buf, size, "%s", json_string_value(v));
    } else if (v && !json_is_null(v)) {
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
        snprintf(buf, size, "%s", s ? s : "");
        free(s);
    }
}

/* See report_internal.h. */
int report_finding_on_line(const json_t *f, const json_t *line)
{
    const char *number = json_string_value(json_object_get(f, "line"));
    if (number)
        return strcmp(number, report_str(line, "number")) == 0;
    const char *left = report_str(json_object_get(line, "left"), "code");
    const char *right = report_str(json_object_get(line, "right"), "code");
    size_t i;
    json_t *u;
    int l = 0, r = 0;
    json_array_foreach(json_object_get(f, "units"), i, u) {
        l |= strcmp(json_string_value(u) ? json_string_value(u) : "", left) == 0;
        r |= strcmp(json_string_value(u) ? json_string_value(u) : "", right) == 0;
    }
    return l && r;
}

/* See report_internal.h. */
const char *report_marker_condition(const json_t *marker, int in_round)
{
    const json_t *latest = json_object_get(marker, "latest");
    if (json_is_object(latest))
        return report_str(json_object_get(latest, "condition"), "code");
    if (in_round)
        return "not_inspected";
    return report_str(json_object_get(marker, "condition"), "code");
}

/* See report_internal.h. */
void report_measured(const json_t *measured, char *buf, size_t size)
{
    const char *key;
    json_t *v;
    size_t used = 0;
    buf[0] = '\0';
    json_object_foreach((json_t *)measured, key, v) {
        char value[256];
        report_value(v, value, sizeof value);
        int n = snprintf(buf + used, size - used, "%s%s %s", used ? "; " : "", key, value);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

/* See report_internal.h. */
void report_cst_time(const char *utc, char *buf, size_t size)
{
    struct tm tm = {0};
    int n = 0;
    if (utc && sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                      &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6 && strchr(utc + n, 'Z')) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        time_t t = timegm(&tm) + 8 * 3600;
        gmtime_r(&t, &tm);
        strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
        return;
    }
    snprintf(buf, size, "%s", utc ? utc : "");
}
