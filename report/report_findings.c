/*
 * report_findings.c: the findings of the inside-work checks as CSV, as
 * GeoJSON and as an HTML table, numbered as on the maps.
 */
#include <string.h>

#include "report_internal.h"

#define FINDING_TEXT 2048

/* See report.h.  A UTF-8 byte order mark first, so that spreadsheets read
 * the Chinese right. */
int report_findings_csv(FILE *f, const json_t *checks)
{
    const json_t *list = json_object_get(checks, "findings");
    if (!f || !json_is_array(list))
        return -1;
    static const char *const head[] = {"number", "code", "title", "severity", "line", "marker",
                                       "units", "measured", "tolerance_m", "lon", "lat", "x",
                                       "y", "message_zh", "message_en"};
    fputs("\xEF\xBB\xBF", f);
    report_csv_record(f, head, sizeof head / sizeof head[0]);
    size_t i;
    json_t *fd;
    json_array_foreach(list, i, fd) {
        const json_t *loc = json_object_get(fd, "location");
        char num[24], units[512], measured[FINDING_TEXT], tol[32], lon[32], lat[32], x[32],
            y[32];
        snprintf(num, sizeof num, "%zu", i + 1);
        report_value(json_object_get(fd, "units"), units, sizeof units);
        report_value(json_object_get(fd, "measured"), measured, sizeof measured);
        report_value(json_object_get(fd, "tolerance_m"), tol, sizeof tol);
        report_value(json_object_get(loc, "lon"), lon, sizeof lon);
        report_value(json_object_get(loc, "lat"), lat, sizeof lat);
        report_value(json_object_get(loc, "x"), x, sizeof x);
        report_value(json_object_get(loc, "y"), y, sizeof y);
        const char *code = report_str(fd, "code");
        const char *row[] = {num, code, report_finding_title(code), report_str(fd, "severity"),
                             report_str(fd, "line"), report_str(fd, "marker"), units, measured,
                             tol, lon, lat, x, y, report_str(fd, "message_zh"),
                             report_str(fd, "message_en")};
        report_csv_record(f, row, sizeof row / sizeof row[0]);
    }
    return ferror(f) ? -1 : 0;
}

/* One finding as a GeoJSON feature (a new reference), NULL on failure. */
static json_t *finding_feature(const json_t *fd, size_t number)
{
    json_t *props = json_deep_copy(fd);
    if (!props)
        return NULL;
    json_t *geom = json_incref(json_object_get(props, "geometry"));
    json_object_del(props, "geometry");
    if (!json_is_object(geom)) {
        json_decref(geom);
        const json_t *loc = json_object_get(fd, "location");
        geom = json_pack("{s:s, s:[O, O]}", "type", "Point", "coordinates",
                         json_object_get(loc, "lon"), json_object_get(loc, "lat"));
    }
    const char *code = report_str(fd, "code");
    json_object_set_new(props, "number", json_integer((json_int_t)number));
    json_object_set_new(props, "title", json_string(report_finding_title(code)));
    return json_pack("{s:s, s:o, s:o}", "type", "Feature", "geometry", geom, "properties", props);
}

/* See report.h. */
int report_findings_geojson(FILE *f, const json_t *checks)
{
    const json_t *list = json_object_get(checks, "findings");
    if (!f || !json_is_array(list))
        return -1;
    json_t *fc = json_pack("{s:s, s:[]}", "type", "FeatureCollection", "features");
    json_t *features = json_object_get(fc, "features");
    int rc = fc ? 0 : -1;
    size_t i;
    json_t *fd;
    json_array_foreach(list, i, fd) {
        if (rc == 0 && json_array_append_new(features, finding_feature(fd, i + 1)))
            rc = -1;
    }
    if (rc == 0 && json_dumpf(fc, f, JSON_COMPACT | JSON_REAL_PRECISION(15)) != 0)
        rc = -1;
    json_decref(fc);
    return rc == 0 && !ferror(f) ? 0 : -1;
}

/* 1 if finding fd belongs to some line of lines. */
static int finding_on_any(const json_t *fd, const json_t *lines)
{
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l)
        if (report_finding_on_line(fd, l))
            return 1;
    return 0;
}

/* See report_internal.h. */
void report_html_findings(FILE *f, const json_t *checks, const json_t *line,
                          const json_t *lines)
{
    fputs("<table class=\"findings\"><thead><tr><th>#</th><th>检查项</th><th>级别</th>"
          "<th>界桩</th><th>量测值</th><th>说明</th></tr></thead><tbody>\n", f);
    size_t i, shown = 0;
    json_t *fd;
    json_array_foreach(json_object_get(checks, "findings"), i, fd) {
        if (line ? !report_finding_on_line(fd, line) : finding_on_any(fd, lines))
            continue;
        char measured[FINDING_TEXT];
        report_measured(json_object_get(fd, "measured"), measured, sizeof measured);
        const char *sev = report_str(fd, "severity");
        fprintf(f, "<tr class=\"sev-%s\"><td class=\"num\">%zu</td><td>", sev, i + 1);
        report_html_text(f, report_finding_title(report_str(fd, "code")));
        fputs("<br><code>", f);
        report_html_text(f, report_str(fd, "code"));
        fputs("</code></td><td>", f);
        report_html_text(f, report_word_zh(sev));
        fputs("</td><td>", f);
        report_html_text(f, report_str(fd, "marker"));
        fputs("</td><td>", f);
        report_html_text(f, measured);
        fputs("</td><td>", f);
        report_html_text(f, report_str(fd, "message_zh"));
        fputs("</td></tr>\n", f);
        shown++;
    }
    if (!shown)
        fputs("<tr><td colspan=\"6\">无</td></tr>\n", f);
    fputs("</tbody></table>\n", f);
}
