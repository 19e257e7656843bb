/*
 * reg_line_read.c: reading boundary lines - one with its markers, the
 * list, and whether a line is due for joint inspection (B1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_bound_internal.h"

/* See reg_bound_internal.h.  The five years are counted by the calendar:
 * a line checked on 2020-06-01 is due after 2025-06-01. */
int reg_line_due(const char *last_check, const char *today)
{
    if (!last_check || strlen(last_check) != 10)
        return 1;
    int year = atoi(last_check);
    char limit[REG_DATE_BUF + 4];
    snprintf(limit, sizeof limit, "%04d%s", year + REG_CHECK_INTERVAL_YEARS, last_check + 4);
    return strcmp(today, limit) > 0;
}

/* Sets obj[key] to {code, name, held} from columns code_col, code_col + 1
 * and held_col. */
static int side_json(json_t *obj, const char *key, sqlite3_stmt *st, int code_col, int held_col)
{
    json_t *s = json_object();
    if (json_object_set_new(obj, key, s) || reg_json_set_column(s, "code", st, code_col) ||
        reg_json_set_column(s, "name", st, code_col + 1) ||
        json_object_set_new(s, "held", json_boolean(sqlite3_column_int(st, held_col))))
        return -1;
    return 0;
}

/* Sets line["length_m"] and, when with_geometry, line["geometry"] from
 * the WKB in column 11. */
static int line_geometry_json(reg_db *db, sqlite3_stmt *st, json_t *line, int with_geometry,
                              reg_error *err)
{
    GEOSGeometry *g = NULL, *m = NULL;
    double len = 0;
    int rc = reg_wkb_geom(db, sqlite3_column_blob(st, 11), sqlite3_column_bytes(st, 11), &g, err);
    if (rc == REG_OK)
        rc = reg_to_4544(db, g, &m, err);
    if (rc == REG_OK && geo_length(db->geo, m, &len) != GEO_OK)
        rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法计算界线长度",
                           "the line length cannot be measured");
    if (rc == REG_OK && json_object_set_new(line, "length_m", reg_json_real(len, 2)))
        rc = reg_error_nomem(err);
    if (rc == REG_OK && with_geometry) {
        json_t *gj = geo_geojson_write(db->geo, g, 7);
        if (!gj || json_object_set_new(line, "geometry", gj))
            rc = reg_error_nomem(err);
    }
    reg_geom_free(db, g);
    reg_geom_free(db, m);
    return rc;
}

/* See reg_bound_internal.h. */
int reg_line_row_json(reg_db *db, sqlite3_stmt *st, int with_geometry, json_t **out,
                      reg_error *err)
{
    char today[REG_DATE_BUF];
    reg_today(today);
    const char *last = (const char *)sqlite3_column_text(st, 9);
    json_t *l = json_object();
    *out = NULL;
    if (!l || json_object_set_new(l, "id", json_integer(sqlite3_column_int64(st, 0))) ||
        reg_json_set_column(l, "number", st, 1) || reg_json_set_column(l, "level", st, 2) ||
        side_json(l, "left", st, 3, 12) || side_json(l, "right", st, 5, 13) ||
        reg_json_set_column(l, "agreement", st, 7) || reg_json_set_column(l, "description", st, 8) ||
        reg_json_set_column(l, "last_joint_check", st, 9) ||
        json_object_set_new(l, "due", json_boolean(reg_line_due(last, today))) ||
        json_object_set_new(l, "marker_count", json_integer(sqlite3_column_int64(st, 10)))) {
        json_decref(l);
        return reg_error_nomem(err);
    }
    int rc = line_geometry_json(db, st, l, with_geometry, err);
    if (rc != REG_OK) {
        json_decref(l);
        return rc;
    }
    *out = l;
    return REG_OK;
}

/* See reg_bound_internal.h. */
int reg_line_lookup(reg_db *db, const char *number, sqlite3_int64 *id, GEOSGeometry **geom,
                    reg_error *err)
{
    if (geom)
        *geom = NULL;
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT id, AsBinary(geom) FROM boundary_lines WHERE number = ?1",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, number) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "line_not_found", "line", "没有该编号的界线",
                           "no boundary line has this number");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else {
        *id = sqlite3_column_int64(st, 0);
        if (geom)
            rc = reg_wkb_geom(db, sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1), geom,
                              err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* reg_row_json_fn: a marker with its reference objects. */
static int line_marker_row(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    int rc = reg_marker_row_json(db, st, out, err);
    if (rc == REG_OK)
        rc = reg_marker_add_refs(db, *out, err);
    return rc;
}

/* reg_row_json_fn: a line with its geometry. */
static int line_full_row(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    return reg_line_row_json(db, st, 1, out, err);
}

/* reg_row_json_fn: a line without its geometry. */
static int line_plain_row(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    return reg_line_row_json(db, st, 0, out, err);
}

/* Sets line["markers"] to the line's markers in sequence order, each with
 * its reference objects. */
static int line_markers(reg_db *db, json_t *line, reg_error *err)
{
    json_t *arr = json_array();
    if (!arr || json_object_set_new(line, "markers", arr))
        return reg_error_nomem(err);
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT " REG_MARKER_COLUMNS " FROM markers m"
                             " JOIN boundary_lines l ON l.id = m.line_id WHERE m.line_id = ?1"
                             " ORDER BY m.seq, m.type", &st, err);
    if (rc == REG_OK &&
        sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(line, "id"))) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    return reg_rows_json(db, st, rc, arr, line_marker_row, err);
}

/* See reg_boundaries.h. */
int reg_boundary_get(reg_db *db, const char *number, json_t **out, reg_error *err)
{
    if (!db || !number || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT " REG_LINE_COLUMNS " FROM boundary_lines l WHERE number = ?1",
                         &st, err);
    if (rc == REG_OK && reg_bind_text(st, 1, number) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    rc = reg_row_one(db, st, rc, line_full_row, out, "line_not_found", "line",
                     "没有该编号的界线", "no boundary line has this number", err);
    if (rc == REG_OK)
        rc = line_markers(db, *out, err);
    if (rc != REG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

/* See reg_boundaries.h. */
int reg_boundary_list(reg_db *db, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT " REG_LINE_COLUMNS " FROM boundary_lines l ORDER BY number",
                         &st, err);
    *out = json_array();
    rc = reg_rows_json(db, st, rc, *out, line_plain_row, err);
    if (rc != REG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
