/*
 * report_tables.c: the marker register (界桩登记表) and the marker
 * coordinates table (界桩成果表, EPSG:4490 degrees and EPSG:4544 metres)
 * as CSV and as HTML tables (B6).
 */
#include <string.h>

#include "report_internal.h"

/* The reference objects of a marker as "name 45.5° 32.25 m; ...". */
static void refs_text(const json_t *m, char *buf, size_t size)
{
    size_t i, used = 0;
    json_t *r;
    buf[0] = '\0';
    json_array_foreach(json_object_get(m, "refs"), i, r) {
        int n = snprintf(buf + used, size - used, "%s%s %g° %g m", i ? "; " : "",
                         report_str(r, "name"), json_number_value(json_object_get(r, "bearing_deg")),
                         json_number_value(json_object_get(r, "distance_m")));
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

/* The register fields of a marker (see report.h), written into bufs. */
static void register_fields(const json_t *line, const json_t *m, const char **out,
                            char bufs[4][512])
{
    const json_t *latest = json_object_get(m, "latest");
    report_cst_time(json_string_value(json_object_get(latest, "observed_at")), bufs[3],
                    sizeof bufs[3]);
    report_value(json_object_get(m, "year_set"), bufs[0], sizeof bufs[0]);
    report_value(json_object_get(latest, "distance_m"), bufs[1], sizeof bufs[1]);
    refs_text(m, bufs[2], sizeof bufs[2]);
    out[0] = report_str(line, "number");
    out[1] = report_str(m, "id");
    out[2] = report_str(m, "type");
    out[3] = report_str(m, "material");
    out[4] = bufs[0];
    out[5] = report_word_zh(report_str(json_object_get(m, "condition"), "code"));
    out[6] = json_is_object(latest)
                 ? report_word_zh(report_str(json_object_get(latest, "condition"), "code"))
                 : "";
    out[7] = json_is_object(latest)
                 ? report_word_zh(report_str(json_object_get(latest, "action"), "code"))
                 : "";
    out[8] = bufs[3];
    out[9] = report_str(latest, "inspector");
    out[10] = bufs[1];
    out[11] = bufs[2];
}

#define REGISTER_COLS 12
static const char *const register_head[REGISTER_COLS] = {
    "界线编号", "界桩编号", "类型", "材质", "埋设年份", "登记状况", "检查状况",
    "处理", "检查时间(北京时间)", "检查人", "实测偏差(米)", "方位物"};

/* The coordinates of a marker as text, into bufs. */
static void coordinate_fields(const json_t *line, const json_t *m, const char **out,
                              char bufs[4][512])
{
    static const char *const keys[4] = {"lon", "lat", "x", "y"};
    for (int i = 0; i < 4; i++)
        report_value(json_object_get(m, keys[i]), bufs[i], sizeof bufs[i]);
    out[0] = report_str(line, "number");
    out[1] = report_str(m, "id");
    out[2] = report_str(m, "type");
    for (int i = 0; i < 4; i++)
        out[3 + i] = bufs[i];
}

#define COORD_COLS 7
static const char *const coord_head[COORD_COLS] = {
    "界线编号", "界桩编号", "类型", "经度(EPSG:4490)", "纬度(EPSG:4490)",
    "X东(EPSG:4544,米)", "Y北(EPSG:4544,米)"};

/* Fills the n fields of a marker's row (bufs hold the text made). */
typedef void (*tables_fields_fn)(const json_t *line, const json_t *m, const char **out,
                                 char bufs[4][512]);

/* Writes a table of every marker of every line of report as CSV with the
 * header head (n columns, at most REGISTER_COLS). */
static int tables_csv(FILE *f, const json_t *report, const char *const *head, size_t n,
                      tables_fields_fn fields)
{
    if (!f || !json_is_array(json_object_get(report, "lines")))
        return -1;
    fputs("\xEF\xBB\xBF", f);
    report_csv_record(f, head, n);
    size_t i, k;
    json_t *l, *m;
    json_array_foreach(json_object_get(report, "lines"), i, l) {
        json_array_foreach(json_object_get(l, "markers"), k, m) {
            const char *row[REGISTER_COLS];
            char bufs[4][512];
            fields(l, m, row, bufs);
            report_csv_record(f, row, n);
        }
    }
    return ferror(f) ? -1 : 0;
}

/* See report.h. */
int report_register_csv(FILE *f, const json_t *report)
{
    return tables_csv(f, report, register_head, REGISTER_COLS, register_fields);
}

/* See report.h. */
int report_coordinates_csv(FILE *f, const json_t *report)
{
    return tables_csv(f, report, coord_head, COORD_COLS, coordinate_fields);
}

/* Writes an HTML table row of n cells (th when head). */
static void html_row(FILE *f, const char *const *cells, size_t n, int head, size_t first_num)
{
    fputs("<tr>", f);
    for (size_t i = 0; i < n; i++) {
        fputs(head ? "<th>" : i >= first_num ? "<td class=\"num\">" : "<td>", f);
        report_html_text(f, cells[i]);
        fputs(head ? "</th>" : "</td>", f);
    }
    fputs("</tr>\n", f);
}

/* Writes one line's markers as an HTML table of class cls with the
 * header head (n columns, the first - the line's number - left out: the
 * table stands under its line); columns from first_num are numbers. */
static void tables_html(FILE *f, const json_t *line, const char *cls, const char *const *head,
                        size_t n, tables_fields_fn fields, size_t first_num)
{
    fprintf(f, "<table class=\"%s\"><thead>", cls);
    html_row(f, head + 1, n - 1, 1, 0);
    fputs("</thead><tbody>\n", f);
    size_t k;
    json_t *m;
    json_array_foreach(json_object_get(line, "markers"), k, m) {
        const char *row[REGISTER_COLS];
        char bufs[4][512];
        fields(line, m, row, bufs);
        html_row(f, row + 1, n - 1, 0, first_num);
    }
    fputs("</tbody></table>\n", f);
}

/* See report_internal.h. */
void report_html_register(FILE *f, const json_t *line)
{
    tables_html(f, line, "register", register_head, REGISTER_COLS, register_fields,
                REGISTER_COLS);
}

/* See report_internal.h. */
void report_html_coordinates(FILE *f, const json_t *line)
{
    tables_html(f, line, "coords", coord_head, COORD_COLS, coordinate_fields, 2);
}
