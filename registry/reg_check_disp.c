/*
 * reg_check_disp.c: displacement (B7).  For each marker, the latest
 * observed position that counts (its record not corrected; in the round
 * when one is given) is measured against the registered position in
 * EPSG:4544.  Beyond the tolerance the marker is displaced whatever the
 * inspector recorded (完好 included), unless that record reset it to the
 * registered position.  The finding says whether the distance is within
 * the stated GNSS accuracy, where the measurement cannot tell.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reg_bound_internal.h"

/* Markers with their latest counting observed position. */
#define DISP_SQL                                                                            \
    "SELECT m.id, l.number, X(m.geom), Y(m.geom), r.lon, r.lat, r.accuracy_m, r.condition," \
    " r.action, r.id, r.observed_at FROM markers m"                                         \
    " JOIN boundary_lines l ON l.id = m.line_id"                                            \
    " JOIN inspection_records r ON r.id = (SELECT r2.id FROM inspection_records r2"         \
    "   WHERE r2.marker_id = m.id AND r2.lon IS NOT NULL AND (?2 IS NULL OR r2.round = ?2)" \
    "   AND NOT EXISTS (SELECT 1 FROM inspection_records c WHERE c.corrects = r2.id)"       \
    "   ORDER BY r2.observed_at DESC, r2.id DESC LIMIT 1)"                                  \
    " WHERE ?1 IS NULL OR l.number = ?1 ORDER BY l.number, m.seq, m.type"

/* reg_row_fn: checks the marker of the row. */
static int disp_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    reg_findings *f = ctx;
    (void)db;
    double x0, y0, x1, y1;
    int rc = reg_xy_4544(f->db, sqlite3_column_double(st, 2), sqlite3_column_double(st, 3), &x0,
                         &y0, err);
    if (rc == REG_OK)
        rc = reg_xy_4544(f->db, sqlite3_column_double(st, 4), sqlite3_column_double(st, 5), &x1,
                         &y1, err);
    if (rc != REG_OK)
        return rc;
    const char *id = (const char *)sqlite3_column_text(st, 0);
    const char *cond_text = (const char *)sqlite3_column_text(st, 7);
    const char *action = (const char *)sqlite3_column_text(st, 8);
    double d = hypot(x1 - x0, y1 - y0), acc = sqlite3_column_double(st, 6);
    reg_condition cond = REG_COND_INTACT;
    reg_condition_parse(cond_text, &cond);
    if (!(d > f->tolerance_m) || (action && strcmp(action, "reset") == 0))
        return REG_OK;
    int within = d <= acc;
    char zh[500], en[500];
    snprintf(zh, sizeof zh, "界桩 %s 实测位置距登记位置 %.2f 米，超过限差 %.2f 米（记录状况：%s；"
             "标称精度 %.2f 米%s）", id, d, f->tolerance_m, reg_condition_zh(cond), acc,
             within ? "，位移在精度之内，宜复测" : "");
    snprintf(en, sizeof en, "marker %s was observed %.2f m from its registered position "
             "(tolerance %.2f m; recorded %s; stated accuracy %.2f m%s)", id, d, f->tolerance_m,
             reg_condition_name(cond), acc, within ? ", within the accuracy: measure again" : "");
    GEOSContextHandle_t h = geo_ctx_geos(f->db->geo);
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, 2, 2);
    GEOSGeometry *seg = NULL;
    if (cs && GEOSCoordSeq_setXY_r(h, cs, 0, x0, y0) && GEOSCoordSeq_setXY_r(h, cs, 1, x1, y1))
        seg = GEOSGeom_createLineString_r(h, cs);
    else if (cs)
        GEOSCoordSeq_destroy_r(h, cs);
    reg_finding w = {.code = "marker_displaced", .severity = "error",
                     .line = (const char *)sqlite3_column_text(st, 1), .marker = id,
                     .x = x1, .y = y1, .geom = seg, .message_zh = zh, .message_en = en};
    rc = seg ? reg_finding_add(f, &w,
                               json_pack("{s:o, s:o, s:b, s:s, s:I, s:s}", "distance_m",
                                         reg_json_real(d, 2), "accuracy_m",
                                         reg_json_real(acc, 2), "within_accuracy", within,
                                         "recorded_condition", reg_condition_name(cond),
                                         "record", (json_int_t)sqlite3_column_int64(st, 9),
                                         "observed_at", (const char *)sqlite3_column_text(st, 10)),
                               err)
             : reg_error_nomem(err);
    reg_geom_free(f->db, seg);
    return rc;
}

/* See reg_bound_internal.h. */
int reg_check_displacement(reg_findings *f, reg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(f->db, DISP_SQL, &st, err);
    if (rc == REG_OK && (reg_findings_bind_line(f, st, 1) ||
                         (f->round ? sqlite3_bind_int(st, 2, f->round) : sqlite3_bind_null(st, 2))))
        rc = reg_error_sqlite(f->db, err);
    return reg_rows_each(f->db, st, rc, disp_row, f, err);
}
