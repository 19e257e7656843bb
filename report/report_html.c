/*
 * report_html.c: the report as one HTML page for A4 paper: the round and
 * its summary for the joint report, then a page per line with its map,
 * findings, marker register and coordinates table, then the findings of
 * no single line, and places for both sides' signatures.
 */
#include <string.h>
#include <time.h>

#include "report_internal.h"

static const char page_style[] =
    "@page{size:A4;margin:14mm}"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\","
    "sans-serif;font-size:9.5pt;color:#111;max-width:190mm;margin:auto}"
    "h1{font-size:16pt;margin:0 0 2mm}h2{font-size:13pt;border-bottom:0.4mm solid #1a237e;"
    "padding-bottom:1mm}h3{font-size:11pt;margin:4mm 0 1mm}"
    "section.line{page-break-before:always}"
    "table{border-collapse:collapse;width:100%;margin:2mm 0;page-break-inside:auto}"
    "td{overflow-wrap:anywhere}table.findings{table-layout:fixed}"
    "table.findings th:nth-child(1){width:7mm}table.findings th:nth-child(2){width:30mm}"
    "table.findings th:nth-child(3){width:10mm}table.findings th:nth-child(4){width:27mm}"
    "table.findings th:nth-child(5){width:48mm}"
    "tr{page-break-inside:avoid}th,td{border:0.25mm solid #777;padding:0.8mm 1.2mm;"
    "text-align:left;vertical-align:top}th{background:#eceff1}td.num{text-align:right}"
    "code{font-size:8pt}tr.sev-error td:first-child{color:#b71c1c;font-weight:bold}"
    "svg{width:100%;height:auto;border:0.25mm solid #999}"
    ".meta td:first-child{width:28mm;background:#f5f5f5}"
    ".legend span{display:inline-block;margin-right:4mm}"
    ".legend i{display:inline-block;width:3mm;height:3mm;border-radius:50%;"
    "border:0.2mm solid #000;margin-right:1mm;vertical-align:middle}"
    ".sign td{height:16mm}";

/* A two-column row of the metadata table (value escaped). */
static void meta_row(FILE *f, const char *label, const char *value)
{
    fprintf(f, "<tr><td>%s</td><td>", label);
    report_html_text(f, value);
    fputs("</td></tr>\n", f);
}

/* A table of counts {code: n} with Chinese names. */
static void counts_table(FILE *f, const char *title, const json_t *counts, int findings)
{
    fprintf(f, "<h3>%s</h3><table><thead><tr><th>项目</th><th>代码</th><th>数量</th></tr>"
               "</thead><tbody>\n", title);
    const char *key;
    json_t *n;
    int any = 0;
    json_object_foreach((json_t *)counts, key, n) {
        fputs("<tr><td>", f);
        report_html_text(f, findings ? report_finding_title(key) : report_word_zh(key));
        fputs("</td><td><code>", f);
        report_html_text(f, key);
        fprintf(f, "</code></td><td class=\"num\">%lld</td></tr>\n",
                (long long)json_integer_value(n));
        any = 1;
    }
    if (!any)
        fputs("<tr><td colspan=\"3\">无</td></tr>\n", f);
    fputs("</tbody></table>\n", f);
}

/* The head of the page: title, round, options of the checks, summary. */
static void page_head(FILE *f, const json_t *report)
{
    const json_t *round = json_object_get(report, "round");
    const json_t *checks = json_object_get(report, "checks");
    const json_t *opts = json_object_get(checks, "options");
    const json_t *sum = json_object_get(report, "summary");
    char buf[128], when[64] = "";
    time_t now = time(NULL) + 8 * 3600;
    struct tm tm;
    if (strftime(when, sizeof when, "%Y-%m-%d %H:%M（北京时间）", gmtime_r(&now, &tm)) == 0)
        when[0] = '\0';
    fputs("<h1>", f);
    if (json_is_object(round))
        fprintf(f, "第%lld轮行政区域界线联合检查报告", (long long)json_integer_value(
                                                             json_object_get(round, "number")));
    else
        fputs("行政区域界线内业检查报告", f);
    fputs("</h1>\n<table class=\"meta\"><tbody>\n", f);
    if (json_is_object(round)) {
        meta_row(f, "轮次名称", report_str(round, "name"));
        snprintf(buf, sizeof buf, "%s 至 %s", report_str(round, "start_date"),
                 json_is_string(json_object_get(round, "end_date"))
                     ? report_str(round, "end_date") : "（未定）");
        meta_row(f, "起止日期", buf);
        meta_row(f, "状态", strcmp(report_str(round, "status"), "closed") == 0 ? "已结束" : "进行中");
    }
    snprintf(buf, sizeof buf, "%g 米（B7）；最小面积 %g 平方米；缝隙宽度 %g 米；截至 %s",
             json_number_value(json_object_get(opts, "tolerance_m")),
             json_number_value(json_object_get(opts, "min_area_m2")),
             json_number_value(json_object_get(opts, "gap_width_m")), report_str(opts, "as_of"));
    meta_row(f, "检查限差", buf);
    snprintf(buf, sizeof buf, "界线 %lld 条，界桩 %lld 个（已检查 %lld 个），单位 %lld 个；用时 %g 秒",
             (long long)json_integer_value(json_object_get(checks, "lines_checked")),
             (long long)json_integer_value(json_object_get(sum, "markers")),
             (long long)json_integer_value(json_object_get(sum, "markers_inspected")),
             (long long)json_integer_value(json_object_get(checks, "units_checked")),
             json_number_value(json_object_get(checks, "elapsed_s")));
    meta_row(f, "检查范围", buf);
    meta_row(f, "生成时间", when);
    fputs("</tbody></table>\n", f);
    counts_table(f, "界桩状况（本轮最新记录）", json_object_get(sum, "by_condition"), 0);
    counts_table(f, "处理措施", json_object_get(sum, "by_action"), 0);
    counts_table(f, "检查发现", json_object_get(checks, "counts"), 1);
    fputs("<h3>引用的照片（SHA-256）</h3><p>", f);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(sum, "photos"), i, p) {
        fputs(i ? "<br><code>" : "<code>", f);
        report_html_text(f, json_string_value(p));
        fputs("</code>", f);
    }
    fputs(json_array_size(json_object_get(sum, "photos")) ? "</p>\n" : "无</p>\n", f);
}

/* The legend of marker colours. */
static void legend(FILE *f)
{
    static const char *const conds[] = {"intact", "faded", "damaged", "displaced",
                                        "lost", "refs_incomplete", "not_inspected"};
    fputs("<p class=\"legend\">", f);
    for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++)
        fprintf(f, "<span><i style=\"background:%s\"></i>%s</span>",
                report_condition_colour(conds[i]), report_word_zh(conds[i]));
    fputs("<span style=\"color:#c62828\">◯ 编号：检查发现</span></p>\n", f);
}

/* One line's section. */
static int line_section(FILE *f, geo_ctx *geo, const json_t *report, const json_t *l)
{
    const json_t *checks = json_object_get(report, "checks");
    int in_round = json_is_object(json_object_get(report, "round"));
    const json_t *left = json_object_get(l, "left"), *right = json_object_get(l, "right");
    char buf[256];
    fputs("<section class=\"line\"><h2>界线 ", f);
    report_html_text(f, report_str(l, "number"));
    fputs("：", f);
    report_html_text(f, report_str(left, "name"));
    fputs(" — ", f);
    report_html_text(f, report_str(right, "name"));
    fputs("</h2>\n<table class=\"meta\"><tbody>\n", f);
    snprintf(buf, sizeof buf, "左侧 %s %s；右侧 %s %s（沿编号方向）", report_str(left, "code"),
             report_str(left, "name"), report_str(right, "code"), report_str(right, "name"));
    meta_row(f, "两侧单位", buf);
    snprintf(buf, sizeof buf, "%.0f 米；界桩 %lld 个", json_number_value(json_object_get(l, "length_m")),
             (long long)json_integer_value(json_object_get(l, "marker_count")));
    meta_row(f, "长度", buf);
    meta_row(f, "协议书", report_str(l, "agreement"));
    meta_row(f, "上次联检", json_is_string(json_object_get(l, "last_joint_check"))
                                ? report_str(l, "last_joint_check") : "无记录");
    if (in_round) {
        meta_row(f, "联检组", report_str(l, "team"));
        snprintf(buf, sizeof buf, "%s（左侧）；%s（右侧）", report_str(l, "left_rep"),
                 report_str(l, "right_rep"));
        meta_row(f, "双方代表", buf);
    }
    meta_row(f, "走向说明", report_str(l, "description"));
    fputs("</tbody></table>\n", f);
    legend(f);
    if (report_svg_line(f, geo, l, json_object_get(checks, "findings"), in_round) != 0)
        return -1;
    fputs("<h3>检查发现</h3>\n", f);
    report_html_findings(f, checks, l, NULL);
    fputs("<h3>界桩登记表</h3>\n", f);
    report_html_register(f, l);
    fputs("<h3>界桩成果表</h3>\n", f);
    report_html_coordinates(f, l);
    fputs("</section>\n", f);
    return 0;
}

/* See report.h. */
int report_html(FILE *f, geo_ctx *geo, const json_t *report)
{
    const json_t *lines = json_object_get(report, "lines");
    if (!f || !geo || !json_is_array(lines) || !json_is_object(json_object_get(report, "checks")))
        return -1;
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
               "<title>界线联检报告</title><style>%s</style></head><body>\n", page_style);
    page_head(f, report);
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l)
        if (line_section(f, geo, report, l) != 0)
            return -1;
    fputs("<section class=\"line\"><h2>其他检查发现（不属于单条界线）</h2>\n", f);
    report_html_findings(f, json_object_get(report, "checks"), NULL, lines);
    fputs("<h3>签字</h3><table class=\"sign\"><tbody><tr><td>左侧代表</td><td></td>"
          "<td>右侧代表</td><td></td></tr><tr><td>日期</td><td></td><td>日期</td><td></td>"
          "</tr></tbody></table></section>\n</body></html>\n", f);
    return ferror(f) ? -1 : 0;
}
