/*
 * reg_marker_read.c: markers as JSON - registered position in EPSG:4490
 * and in EPSG:4544 metres (the 界桩成果表 gives both), condition of B3,
 * reference objects, and the inspection records of the marker.
 */
#include <string.h>

#include "reg_bound_internal.h"
#include "reg_marker_internal.h"

/* See reg_marker_internal.h. */
int reg_marker_json_make(reg_db *db, const reg_marker_vals *v, json_t **out, reg_error *err)
{
    *out = NULL;
    double x = 0, y = 0;
    int rc = reg_xy_4544(db, v->lon, v->lat, &x, &y, err);
    if (rc != REG_OK)
        return rc;
    char type[2] = {v->type, '\0'};
    json_t *m = json_object();
    json_t *cond = json_pack("{s:s, s:s}", "code", reg_condition_name(v->condition), "zh",
                             reg_condition_zh(v->condition));
    if (!m || !cond || json_object_set_new(m, "id", json_string(v->id)) ||
        json_object_set_new(m, "line", json_string(v->line)) ||
        json_object_set_new(m, "seq", json_integer(v->seq)) ||
        json_object_set_new(m, "type", json_string(type)) ||
        json_object_set_new(m, "lon", reg_json_real(v->lon, 7)) ||
        json_object_set_new(m, "lat", reg_json_real(v->lat, 7)) ||
        json_object_set_new(m, "x", reg_json_real(x, 2)) ||
        json_object_set_new(m, "y", reg_json_real(y, 2)) ||
        json_object_set_new(m, "material", v->material ? json_string(v->material) : json_null()) ||
        json_object_set_new(m, "year_set", v->year_set ? json_integer(v->year_set) : json_null()) ||
        json_object_set_new(m, "condition", cond)) {
        json_decref(m);
        return reg_error_nomem(err);
    }
    *out = m;
    return REG_OK;
}

/* See reg_bound_internal.h. */
int reg_marker_row_json(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    reg_marker_vals v;
    const char *type = (const char *)sqlite3_column_text(st, 3);
    const char *cond = (const char *)sqlite3_column_text(st, 8);
    v.id = (const char *)sqlite3_column_text(st, 0);
    v.line = (const char *)sqlite3_column_text(st, 1);
    v.seq = sqlite3_column_int(st, 2);
    v.type = type ? type[0] : '?';
    v.lon = sqlite3_column_double(st, 4);
    v.lat = sqlite3_column_double(st, 5);
    v.material = (const char *)sqlite3_column_text(st, 6);
    v.year_set = sqlite3_column_int(st, 7);
    if (!v.id || !v.line || reg_condition_parse(cond, &v.condition) != REG_OK)
        return reg_error_set(err, REG_EIO, "marker_corrupt", "id", "界桩记录已损坏",
                             "the stored marker is malformed");
    return reg_marker_json_make(db, &v, out, err);
}

/* See reg_marker_internal.h. */
json_t *reg_marker_ref_json(const char *name, double bearing, double distance)
{
    return json_pack("{s:s, s:o, s:o}", "name", name, "bearing_deg", reg_json_real(bearing, 2),
                     "distance_m", reg_json_real(distance, 2));
}

/* reg_row_json_fn: a reference object (name, bearing, distance). */
static int marker_ref_row(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    (void)db;
    const char *name = (const char *)sqlite3_column_text(st, 0);
    *out = reg_marker_ref_json(name ? name : "", sqlite3_column_double(st, 1),
                               sqlite3_column_double(st, 2));
    return *out ? REG_OK : reg_error_nomem(err);
}

/* reg_row_json_fn: the record whose id is the row's first column. */
static int marker_record_row(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    return reg_inspection_get(db, (long)sqlite3_column_int64(st, 0), out, err);
}

/* Sets marker[key] to the rows of sql (bound to the marker's id) as fn
 * makes them. */
static int marker_rows(reg_db *db, json_t *marker, const char *key, const char *sql,
                       reg_row_json_fn fn, reg_error *err)
{
    json_t *arr = json_array();
    if (!arr || json_object_set_new(marker, key, arr))
        return reg_error_nomem(err);
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc == REG_OK &&
        reg_bind_text(st, 1, json_string_value(json_object_get(marker, "id"))) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    return reg_rows_json(db, st, rc, arr, fn, err);
}

/* See reg_bound_internal.h. */
int reg_marker_add_refs(reg_db *db, json_t *marker, reg_error *err)
{
    return marker_rows(db, marker, "refs",
                       "SELECT name, bearing_deg, distance_m FROM marker_refs"
                       " WHERE marker_id = ?1 ORDER BY ord",
                       marker_ref_row, err);
}

/* See reg_boundaries.h. */
int reg_marker_get(reg_db *db, const char *id, int with_records, json_t **out, reg_error *err)
{
    if (!db || !id || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT " REG_MARKER_COLUMNS " FROM markers m"
                             " JOIN boundary_lines l ON l.id = m.line_id WHERE m.id = ?1",
                         &st, err);
    if (rc == REG_OK && reg_bind_text(st, 1, id) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    rc = reg_row_one(db, st, rc, reg_marker_row_json, out, "marker_not_found", "marker",
                     "没有该编号的界桩", "no marker has this id", err);
    if (rc == REG_OK)
        rc = reg_marker_add_refs(db, *out, err);
    if (rc == REG_OK && with_records)
        rc = marker_rows(db, *out, "records",
                         "SELECT id FROM inspection_records WHERE marker_id = ?1"
                         " ORDER BY observed_at DESC, id DESC",
                         marker_record_row, err);
    if (rc != REG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
