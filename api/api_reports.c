/* api_reports.c: the inside-work checks and the round's report (staff).
 *   GET /api/v1/checks/boundaries?round=&line=&tolerance_m=&min_area_m2=&gap_width_m=
 *   GET /api/v1/rounds/{n}/report?format=html|csv|geojson[&table=findings|register|
 *       coordinates][&line=NUMBER] and the same tolerances */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "report.h"

/* Reads line, tolerance_m, min_area_m2 and gap_width_m into opt.  0, or
 * -1 after queueing 400 bad_parameter. */
static int api_check_options(api_request *req, reg_check_options *opt)
{
    opt->line = api_request_arg(req, "line");
    return api_arg_double(req, "tolerance_m", 0.001, 1000, &opt->tolerance_m) ||
                   api_arg_double(req, "min_area_m2", 0.0001, 1e9, &opt->min_area_m2) ||
                   api_arg_double(req, "gap_width_m", 0.001, 1000, &opt->gap_width_m)
               ? -1
               : 0;
}

/* GET /api/v1/checks/boundaries: the findings as reg_check_boundaries
 * gives them.  400 bad_parameter; 404 round_not_found, line_not_found. */
enum MHD_Result api_checks_get(api_request *req, reg_db *db)
{
    reg_check_options opt = {0};
    long round = 0;
    if (api_arg_long(req, "round", 1, 100000, 0, &round) != 0 ||
        api_check_options(req, &opt) != 0)
        return req->queue_result;
    opt.round = (int)round;
    json_t *out = NULL;
    reg_error err;
    if (reg_check_boundaries(db, &opt, &out, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, out, NULL, NULL);
}

/* One way of writing the report: its format and table, content type, file
 * name and writer (html takes the geo context). */
typedef struct api_report_kind {
    const char *format, *table, *ctype, *name;
    int (*write)(FILE *, const json_t *);
    int by_checks; /* write takes report["checks"] */
} api_report_kind;

static const api_report_kind api_report_kinds[] = {
    {"html", NULL, "text/html; charset=utf-8", "report.html", NULL, 0},
    {"csv", "findings", "text/csv; charset=utf-8", "findings.csv", report_findings_csv, 1},
    {"csv", "register", "text/csv; charset=utf-8", "register.csv", report_register_csv, 0},
    {"csv", "coordinates", "text/csv; charset=utf-8", "coordinates.csv", report_coordinates_csv,
     0},
    {"geojson", NULL, "application/geo+json", "findings.geojson", report_findings_geojson, 1},
};

/* The kind asked for by format and table (table NULL: findings for CSV),
 * or NULL. */
static const api_report_kind *api_report_kind_find(const char *format, const char *table)
{
    if (!format)
        format = "html";
    if (!table && strcmp(format, "csv") == 0)
        table = "findings";
    for (size_t i = 0; i < sizeof api_report_kinds / sizeof api_report_kinds[0]; i++) {
        const api_report_kind *k = &api_report_kinds[i];
        if (strcmp(k->format, format) == 0 &&
            ((!k->table && !table) || (k->table && table && strcmp(k->table, table) == 0)))
            return k;
    }
    return NULL;
}

/* GET /api/v1/rounds/{n}/report: 200 with the page or file (Content-
 * Disposition names it).  400 bad_round, bad_parameter, bad_format; 404
 * round_not_found; 422 line_not_in_round. */
enum MHD_Result api_rounds_report(api_request *req, reg_db *db)
{
    int number;
    reg_check_options opt = {0};
    if (api_path_round(req, &number) != 0 || api_check_options(req, &opt) != 0)
        return req->queue_result;
    const api_report_kind *k =
        api_report_kind_find(api_request_arg(req, "format"), api_request_arg(req, "table"));
    if (!k)
        return api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_format", "format",
                                   "format 应为 html、csv 或 geojson（csv 可加 table=findings、"
                                   "register 或 coordinates）",
                                   "format is html, csv or geojson (csv takes table=findings, "
                                   "register or coordinates)");
    json_t *rep = NULL;
    reg_error err;
    if (reg_round_report(db, number, opt.line, &opt, &rep, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    int rc = !f ? -1
             : k->write ? k->write(f, k->by_checks ? json_object_get(rep, "checks") : rep)
                        : report_html(f, reg_geo(db), rep);
    if (f && fclose(f) != 0)
        rc = -1;
    json_decref(rep);
    if (rc != 0) {
        free(data);
        return api_reply_internal(req, "cannot write the report of round %d", number);
    }
    char disp[96];
    snprintf(disp, sizeof disp, "%s; filename=\"round%d-%s\"",
             strcmp(k->format, "html") == 0 ? "inline" : "attachment", number, k->name);
    return api_reply_body(req, MHD_HTTP_OK, k->ctype, data, len, "Content-Disposition", disp);
}
