/*
 * reg_insp_read.c: an inspection record as JSON, with the distance of the
 * observed position from the registered one (EPSG:4544) and its photos.
 */
#include <math.h>

#include "reg_bound_internal.h"

/* Columns of a record with its marker's registered position and line. */
#define INSP_COLUMNS                                                                        \
    "r.id, r.client_id, r.marker_id, l.number, r.round, r.observed_at, r.inspector,"       \
    " r.given_lon, r.given_lat, r.given_crs, r.accuracy_m, r.lon, r.lat, r.condition,"      \
    " r.action, r.party_left, r.party_right, r.notes, r.corrects,"                          \
    " (SELECT c.id FROM inspection_records c WHERE c.corrects = r.id), r.created_at,"       \
    " r.created_by, X(m.geom), Y(m.geom)"

/* Sets rec["observed"], rec["position"] and rec["distance_m"]. */
static int insp_position_json(reg_db *db, sqlite3_stmt *st, json_t *rec, reg_error *err)
{
    if (sqlite3_column_type(st, 11) == SQLITE_NULL) {
        if (json_object_set_new(rec, "observed", json_null()) ||
            json_object_set_new(rec, "position", json_null()) ||
            json_object_set_new(rec, "distance_m", json_null()))
            return reg_error_nomem(err);
        return REG_OK;
    }
    double lon = sqlite3_column_double(st, 11), lat = sqlite3_column_double(st, 12);
    double x0, y0, x1, y1;
    int rc = reg_xy_4544(db, sqlite3_column_double(st, 22), sqlite3_column_double(st, 23), &x0,
                         &y0, err);
    if (rc == REG_OK)
        rc = reg_xy_4544(db, lon, lat, &x1, &y1, err);
    if (rc != REG_OK)
        return rc;
    json_t *obs = json_object();
    if (json_object_set_new(rec, "observed", obs) ||
        json_object_set_new(obs, "lon", json_real(sqlite3_column_double(st, 7))) ||
        json_object_set_new(obs, "lat", json_real(sqlite3_column_double(st, 8))) ||
        reg_json_set_column(obs, "crs", st, 9) ||
        json_object_set_new(obs, "accuracy_m", json_real(sqlite3_column_double(st, 10))) ||
        json_object_set_new(rec, "position",
                            json_pack("{s:o, s:o}", "lon", reg_json_real(lon, 7), "lat",
                                      reg_json_real(lat, 7))) ||
        json_object_set_new(rec, "distance_m", reg_json_real(hypot(x1 - x0, y1 - y0), 2)))
        return reg_error_nomem(err);
    return REG_OK;
}

/* Sets rec[key] to {code, zh} of a condition or action column. */
static int insp_word_json(json_t *rec, const char *key, const char *code, const char *zh)
{
    return json_object_set_new(rec, key, json_pack("{s:s?, s:s?}", "code", code, "zh", zh));
}

/* reg_row_json_fn: a photo {sha256, content_type, bytes}. */
static int insp_photo_row(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    (void)db;
    json_t *p = json_object();
    if (!p || reg_json_set_column(p, "sha256", st, 0) ||
        reg_json_set_column(p, "content_type", st, 1) ||
        json_object_set_new(p, "bytes", json_integer(sqlite3_column_int64(st, 2)))) {
        json_decref(p);
        return reg_error_nomem(err);
    }
    *out = p;
    return REG_OK;
}

/* Sets rec["photos"] to the record's photos in order. */
static int insp_photos_json(reg_db *db, long id, json_t *rec, reg_error *err)
{
    json_t *arr = json_array();
    if (!arr || json_object_set_new(rec, "photos", arr))
        return reg_error_nomem(err);
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT p.sha256, p.content_type, p.bytes FROM record_photos rp"
                             " JOIN photos p ON p.sha256 = rp.sha256 WHERE rp.record_id = ?1"
                             " ORDER BY rp.ord", &st, err);
    if (rc == REG_OK && sqlite3_bind_int64(st, 1, id))
        rc = reg_error_sqlite(db, err);
    return reg_rows_json(db, st, rc, arr, insp_photo_row, err);
}

/* Sets rec[key] to the integer of a column, or null. */
static int insp_int_column(json_t *rec, const char *key, sqlite3_stmt *st, int col)
{
    return json_object_set_new(rec, key, sqlite3_column_type(st, col) == SQLITE_NULL
                                             ? json_null()
                                             : json_integer(sqlite3_column_int64(st, col)));
}

/* The record of the current row as a new object. */
static int insp_row_json(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    reg_condition c;
    reg_action a;
    if (reg_condition_parse((const char *)sqlite3_column_text(st, 13), &c) != REG_OK ||
        reg_action_parse((const char *)sqlite3_column_text(st, 14), &a) != REG_OK)
        return reg_error_set(err, REG_EIO, "record_corrupt", "id", "检查记录已损坏",
                             "a stored record is malformed");
    json_t *r = json_object();
    json_t *parties = json_object();
    if (!r || !parties || json_object_set_new(r, "id", json_integer(sqlite3_column_int64(st, 0))) ||
        reg_json_set_column(r, "client_id", st, 1) || reg_json_set_column(r, "marker", st, 2) ||
        reg_json_set_column(r, "line", st, 3) ||
        json_object_set_new(r, "round", json_integer(sqlite3_column_int(st, 4))) ||
        reg_json_set_column(r, "observed_at", st, 5) || reg_json_set_column(r, "inspector", st, 6) ||
        insp_word_json(r, "condition", reg_condition_name(c), reg_condition_zh(c)) ||
        insp_word_json(r, "action", reg_action_name(a), reg_action_zh(a)) ||
        json_object_set(r, "parties", parties) || reg_json_set_column(parties, "left", st, 15) ||
        reg_json_set_column(parties, "right", st, 16) || reg_json_set_column(r, "notes", st, 17) ||
        insp_int_column(r, "corrects", st, 18) || insp_int_column(r, "corrected_by", st, 19) ||
        reg_json_set_column(r, "created_at", st, 20) ||
        reg_json_set_column(r, "created_by", st, 21)) {
        json_decref(r);
        json_decref(parties);
        return reg_error_nomem(err);
    }
    json_decref(parties);
    int rc = insp_position_json(db, st, r, err);
    if (rc == REG_OK)
        rc = insp_photos_json(db, (long)sqlite3_column_int64(st, 0), r, err);
    if (rc != REG_OK) {
        json_decref(r);
        return rc;
    }
    *out = r;
    return REG_OK;
}

/* See reg_boundaries.h. */
int reg_inspection_get(reg_db *db, long id, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT " INSP_COLUMNS " FROM inspection_records r"
                             " JOIN markers m ON m.id = r.marker_id"
                             " JOIN boundary_lines l ON l.id = m.line_id WHERE r.id = ?1",
                         &st, err);
    if (rc == REG_OK && sqlite3_bind_int64(st, 1, id))
        rc = reg_error_sqlite(db, err);
    return reg_row_one(db, st, rc, insp_row_json, out, "record_not_found", "id",
                       "没有该检查记录", "no inspection record has this id", err);
}
