/*
 * reg_round_read.c: inspection rounds as JSON, with the progress of each
 * line (markers, markers with a record in the round, records).
 */
#include "reg_bound_internal.h"

/* The columns of a round line with its progress in round ?1. */
#define ROUND_LINE_SQL                                                                     \
    "SELECT l.number, l.left_code, l.left_name, l.right_code, l.right_name, rl.team,"     \
    " rl.left_rep, rl.right_rep,"                                                          \
    " (SELECT count(*) FROM markers m WHERE m.line_id = l.id),"                            \
    " (SELECT count(DISTINCT r.marker_id) FROM inspection_records r"                       \
    "   JOIN markers m ON m.id = r.marker_id WHERE m.line_id = l.id AND r.round = ?1),"    \
    " (SELECT count(*) FROM inspection_records r"                                          \
    "   JOIN markers m ON m.id = r.marker_id WHERE m.line_id = l.id AND r.round = ?1)"     \
    " FROM round_lines rl JOIN boundary_lines l ON l.id = rl.line_id"                      \
    " WHERE rl.round = ?1 ORDER BY l.number"

/* One round line from a row of ROUND_LINE_SQL; NULL on failure. */
static json_t *round_line_json(sqlite3_stmt *st)
{
    json_t *o = json_object();
    json_t *left = json_object(), *right = json_object();
    if (!o || json_object_set_new(o, "left", left) || json_object_set_new(o, "right", right) ||
        reg_json_set_column(o, "number", st, 0) || reg_json_set_column(left, "code", st, 1) ||
        reg_json_set_column(left, "name", st, 2) || reg_json_set_column(right, "code", st, 3) ||
        reg_json_set_column(right, "name", st, 4) || reg_json_set_column(o, "team", st, 5) ||
        reg_json_set_column(o, "left_rep", st, 6) || reg_json_set_column(o, "right_rep", st, 7) ||
        json_object_set_new(o, "markers", json_integer(sqlite3_column_int64(st, 8))) ||
        json_object_set_new(o, "markers_inspected", json_integer(sqlite3_column_int64(st, 9))) ||
        json_object_set_new(o, "records", json_integer(sqlite3_column_int64(st, 10)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Sets round["lines"] and the totals markers, markers_inspected and
 * records. */
static int round_lines(reg_db *db, int number, json_t *round, reg_error *err)
{
    json_t *arr = json_array();
    if (!arr || json_object_set_new(round, "lines", arr))
        return reg_error_nomem(err);
    sqlite3_stmt *st;
    int rc = reg_prepare(db, ROUND_LINE_SQL, &st, err);
    if (rc != REG_OK)
        return rc;
    json_int_t markers = 0, inspected = 0, records = 0;
    int step = SQLITE_DONE;
    if (sqlite3_bind_int(st, 1, number))
        rc = reg_error_sqlite(db, err);
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *l = round_line_json(st);
        if (!l || json_array_append_new(arr, l))
            rc = reg_error_nomem(err);
        markers += sqlite3_column_int64(st, 8);
        inspected += sqlite3_column_int64(st, 9);
        records += sqlite3_column_int64(st, 10);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    if (rc == REG_OK && (json_object_set_new(round, "markers", json_integer(markers)) ||
                         json_object_set_new(round, "markers_inspected", json_integer(inspected)) ||
                         json_object_set_new(round, "records", json_integer(records))))
        rc = reg_error_nomem(err);
    return rc;
}

/* The plain columns of a round row (number, name, start_date, end_date,
 * status, closed_at) as a new object; NULL on failure. */
static json_t *round_row_json(sqlite3_stmt *st)
{
    json_t *o = json_object();
    if (!o || json_object_set_new(o, "number", json_integer(sqlite3_column_int(st, 0))) ||
        reg_json_set_column(o, "name", st, 1) || reg_json_set_column(o, "start_date", st, 2) ||
        reg_json_set_column(o, "end_date", st, 3) || reg_json_set_column(o, "status", st, 4) ||
        reg_json_set_column(o, "closed_at", st, 5)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* See reg_boundaries.h. */
int reg_round_get(reg_db *db, int number, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT number, name, start_date, end_date, status, closed_at"
                             " FROM inspection_rounds WHERE number = ?1", &st, err);
    if (rc != REG_OK)
        return rc;
    json_t *r = NULL;
    int step = sqlite3_bind_int(st, 1, number) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "round_not_found", "round", "没有该联检轮次",
                           "no inspection round has this number");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (!(r = round_row_json(st)))
        rc = reg_error_nomem(err);
    sqlite3_finalize(st);
    if (rc == REG_OK)
        rc = round_lines(db, number, r, err);
    if (rc != REG_OK) {
        json_decref(r);
        return rc;
    }
    *out = r;
    return REG_OK;
}

/* See reg_boundaries.h.  Each round carries the counts of its lines and
 * records. */
int reg_round_list(reg_db *db, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT number, name, start_date, end_date, status, closed_at,"
                             " (SELECT count(*) FROM round_lines l WHERE l.round = r.number),"
                             " (SELECT count(*) FROM inspection_records i"
                             "   WHERE i.round = r.number)"
                             " FROM inspection_rounds r ORDER BY number", &st, err);
    if (rc != REG_OK)
        return rc;
    json_t *list = json_array();
    int step = SQLITE_DONE;
    if (!list)
        rc = reg_error_nomem(err);
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *r = round_row_json(st);
        if (!r || json_array_append_new(list, r) ||
            json_object_set_new(r, "lines", json_integer(sqlite3_column_int64(st, 6))) ||
            json_object_set_new(r, "records", json_integer(sqlite3_column_int64(st, 7))))
            rc = reg_error_nomem(err);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    if (rc != REG_OK) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return REG_OK;
}
