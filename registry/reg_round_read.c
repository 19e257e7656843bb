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

/* The round being read and the totals of its lines. */
typedef struct round_totals {
    json_t *lines;
    json_int_t markers, inspected, records;
} round_totals;

/* reg_row_fn: adds a round line and counts it. */
static int round_line_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    (void)db;
    round_totals *t = ctx;
    json_t *l = round_line_json(st);
    if (!l || json_array_append_new(t->lines, l))
        return reg_error_nomem(err);
    t->markers += sqlite3_column_int64(st, 8);
    t->inspected += sqlite3_column_int64(st, 9);
    t->records += sqlite3_column_int64(st, 10);
    return REG_OK;
}

/* Sets round["lines"] and the totals markers, markers_inspected and
 * records. */
static int round_lines(reg_db *db, int number, json_t *round, reg_error *err)
{
    round_totals t = {.lines = json_array()};
    if (!t.lines || json_object_set_new(round, "lines", t.lines))
        return reg_error_nomem(err);
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, ROUND_LINE_SQL, &st, err);
    if (rc == REG_OK && sqlite3_bind_int(st, 1, number))
        rc = reg_error_sqlite(db, err);
    rc = reg_rows_each(db, st, rc, round_line_row, &t, err);
    if (rc == REG_OK && (json_object_set_new(round, "markers", json_integer(t.markers)) ||
                         json_object_set_new(round, "markers_inspected", json_integer(t.inspected)) ||
                         json_object_set_new(round, "records", json_integer(t.records))))
        rc = reg_error_nomem(err);
    return rc;
}

/* reg_row_json_fn: the plain columns of a round row (number, name,
 * start_date, end_date, status, closed_at) as a new object. */
static int round_row_json(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    (void)db;
    json_t *o = json_object();
    if (!o || json_object_set_new(o, "number", json_integer(sqlite3_column_int(st, 0))) ||
        reg_json_set_column(o, "name", st, 1) || reg_json_set_column(o, "start_date", st, 2) ||
        reg_json_set_column(o, "end_date", st, 3) || reg_json_set_column(o, "status", st, 4) ||
        reg_json_set_column(o, "closed_at", st, 5)) {
        json_decref(o);
        return reg_error_nomem(err);
    }
    *out = o;
    return REG_OK;
}

/* reg_row_json_fn: a round of the list, with its counts of lines and
 * records. */
static int round_list_row(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    int rc = round_row_json(db, st, out, err);
    if (rc == REG_OK &&
        (json_object_set_new(*out, "lines", json_integer(sqlite3_column_int64(st, 6))) ||
         json_object_set_new(*out, "records", json_integer(sqlite3_column_int64(st, 7))))) {
        json_decref(*out);
        *out = NULL;
        rc = reg_error_nomem(err);
    }
    return rc;
}

/* See reg_boundaries.h. */
int reg_round_get(reg_db *db, int number, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT number, name, start_date, end_date, status, closed_at"
                             " FROM inspection_rounds WHERE number = ?1", &st, err);
    if (rc == REG_OK && sqlite3_bind_int(st, 1, number))
        rc = reg_error_sqlite(db, err);
    rc = reg_row_one(db, st, rc, round_row_json, out, "round_not_found", "round",
                     "没有该联检轮次", "no inspection round has this number", err);
    if (rc == REG_OK)
        rc = round_lines(db, number, *out, err);
    if (rc != REG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

/* See reg_boundaries.h.  Each round carries the counts of its lines and
 * records. */
int reg_round_list(reg_db *db, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT number, name, start_date, end_date, status, closed_at,"
                             " (SELECT count(*) FROM round_lines l WHERE l.round = r.number),"
                             " (SELECT count(*) FROM inspection_records i"
                             "   WHERE i.round = r.number)"
                             " FROM inspection_rounds r ORDER BY number", &st, err);
    *out = json_array();
    rc = reg_rows_json(db, st, rc, *out, round_list_row, err);
    if (rc != REG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
