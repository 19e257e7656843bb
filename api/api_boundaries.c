/* api_boundaries.c: boundary lines and markers.
 *   GET /api/v1/boundary-lines               every line (no geometry)
 *   GET /api/v1/boundary-lines/{number}      one line with geometry and markers
 *   GET /api/v1/markers/{id}                 one marker with its records */
#include "api_internal.h"

/* GET /api/v1/boundary-lines: {"lines":[...],"count":n}. */
enum MHD_Result api_lines_list(api_request *req, reg_db *db)
{
    json_t *lines = NULL;
    reg_error err;
    if (reg_boundary_list(db, &lines, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    json_int_t n = (json_int_t)json_array_size(lines);
    return api_reply_json(req, MHD_HTTP_OK, json_pack("{s:o, s:I}", "lines", lines, "count", n),
                          NULL, NULL);
}

/* GET /api/v1/boundary-lines/{number}: the line as reg_boundary_get gives
 * it (GeoJSON geometry, EPSG:4490; markers with both coordinates).  404
 * line_not_found. */
enum MHD_Result api_lines_get(api_request *req, reg_db *db)
{
    json_t *line = NULL;
    reg_error err;
    if (reg_boundary_get(db, req->param, &line, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, line, NULL, NULL);
}

/* GET /api/v1/markers/{id}: the marker with every record, newest first.
 * 404 marker_not_found. */
enum MHD_Result api_markers_get(api_request *req, reg_db *db)
{
    json_t *m = NULL;
    reg_error err;
    if (reg_marker_get(db, req->param, 1, &m, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    return api_reply_json(req, MHD_HTTP_OK, m, NULL, NULL);
}
