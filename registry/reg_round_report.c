/*
 * reg_round_report.c: what a round's joint report (联检报告) is made of -
 * the round, each of its lines with its markers and the latest record of
 * each in the round, the checks of the round, and the summary the two
 * sides sign: counts by condition found and by action taken, and the
 * photos referenced.  Rendering is the report module's business.
 */
#include <stdio.h>

#include "reg_bound_internal.h"

/* The latest counting record of marker ?1 in round ?2 (any round when ?2
 * is NULL). */
#define REPORT_LATEST_SQL                                                                    \
    "SELECT r.id FROM inspection_records r WHERE r.marker_id = ?1"                          \
    " AND (?2 IS NULL OR r.round = ?2) AND"                                                 \
    " NOT EXISTS (SELECT 1 FROM inspection_records c WHERE c.corrects = r.id)"              \
    " ORDER BY r.observed_at DESC, r.id DESC LIMIT 1"

/* Adds 1 to obj[key]. */
static int report_count(json_t *obj, const char *key)
{
    json_t *n = json_object_get(obj, key);
    return json_object_set_new(obj, key, json_integer(n ? json_integer_value(n) + 1 : 1));
}

/* Sets each marker's "latest" (its latest record in the round, or null)
 * and counts conditions found, actions taken and photos. */
static int report_markers(reg_db *db, int round, json_t *markers, json_t *summary,
                          reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, REPORT_LATEST_SQL, &st, err);
    json_t *by_cond = json_object_get(summary, "by_condition");
    json_t *by_action = json_object_get(summary, "by_action");
    json_t *photos = json_object_get(summary, "photos");
    size_t i;
    json_t *m;
    json_array_foreach(markers, i, m) {
        if (rc != REG_OK)
            break;
        json_t *latest = NULL;
        int step = reg_bind_text(st, 1, json_string_value(json_object_get(m, "id"))) ||
                           (round ? sqlite3_bind_int(st, 2, round) : sqlite3_bind_null(st, 2))
                       ? SQLITE_ERROR
                       : sqlite3_step(st);
        if (step == SQLITE_ROW)
            rc = reg_inspection_get(db, (long)sqlite3_column_int64(st, 0), &latest, err);
        else if (step != SQLITE_DONE)
            rc = reg_error_sqlite(db, err);
        sqlite3_reset(st);
        const char *cond = latest ? json_string_value(json_object_get(
                                        json_object_get(latest, "condition"), "code"))
                                  : "not_inspected";
        const char *action = latest ? json_string_value(json_object_get(
                                          json_object_get(latest, "action"), "code"))
                                    : NULL;
        size_t k;
        json_t *p;
        json_array_foreach(json_object_get(latest, "photos"), k, p)
            if (json_array_append(photos, json_object_get(p, "sha256")))
                rc = reg_error_nomem(err);
        if (rc == REG_OK &&
            (json_object_set_new(m, "latest", latest ? latest : json_null()) ||
             report_count(by_cond, cond ? cond : "?") ||
             (action && report_count(by_action, action))))
            rc = reg_error_nomem(err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The report being filled. */
typedef struct report_fill {
    int round;
    json_t *lines, *summary;
} report_fill;

/* reg_row_fn: a line (number, team, left rep, right rep) with its
 * markers and their latest records. */
static int report_line_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    report_fill *r = ctx;
    json_t *l = NULL;
    int rc = reg_boundary_get(db, (const char *)sqlite3_column_text(st, 0), &l, err);
    if (rc == REG_OK &&
        (json_array_append_new(r->lines, l) || reg_json_set_column(l, "team", st, 1) ||
         reg_json_set_column(l, "left_rep", st, 2) || reg_json_set_column(l, "right_rep", st, 3)))
        rc = reg_error_nomem(err);
    if (rc == REG_OK)
        rc = report_markers(db, r->round, json_object_get(l, "markers"), r->summary, err);
    return rc;
}

/* Adds the round's line of the given number (or every one) with its
 * markers to lines. */
static int report_lines(reg_db *db, int round, const char *line, json_t *lines, json_t *summary,
                        reg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db,
                         round ? "SELECT l.number, rl.team, rl.left_rep, rl.right_rep"
                                 " FROM round_lines rl JOIN boundary_lines l ON l.id = rl.line_id"
                                 " WHERE rl.round = ?1 AND (?2 IS NULL OR l.number = ?2)"
                                 " ORDER BY l.number"
                               : "SELECT l.number, NULL, NULL, NULL FROM boundary_lines l"
                                 " WHERE ?1 IS NULL AND (?2 IS NULL OR l.number = ?2)"
                                 " ORDER BY l.number",
                         &st, err);
    if (rc == REG_OK && ((round ? sqlite3_bind_int(st, 1, round) : sqlite3_bind_null(st, 1)) ||
                         reg_bind_text(st, 2, line)))
        rc = reg_error_sqlite(db, err);
    report_fill r = {round, lines, summary};
    rc = reg_rows_each(db, st, rc, report_line_row, &r, err);
    if (rc == REG_OK && line && json_array_size(lines) == 0)
        rc = round ? reg_error_set(err, REG_ERULE, "line_not_in_round", "line",
                                   "该界线不在本轮联检范围内",
                                   "the line is not in this inspection round")
                   : reg_error_set(err, REG_ENOTFOUND, "line_not_found", "line",
                                   "没有该编号的界线", "no boundary line has this number");
    return rc;
}

/* Totals of the summary from the lines: markers and markers inspected. */
static int report_totals(json_t *lines, json_t *summary)
{
    json_int_t markers = 0, inspected = 0, records = 0;
    size_t i, k;
    json_t *l, *m;
    json_array_foreach(lines, i, l) {
        json_array_foreach(json_object_get(l, "markers"), k, m) {
            markers++;
            inspected += !json_is_null(json_object_get(m, "latest"));
        }
    }
    json_t *by_action = json_object_get(summary, "by_action");
    const char *key;
    json_t *n;
    json_object_foreach(by_action, key, n)
        records += json_integer_value(n);
    return json_object_set_new(summary, "markers", json_integer(markers)) ||
           json_object_set_new(summary, "markers_inspected", json_integer(inspected)) ||
           json_object_set_new(summary, "records_counted", json_integer(records));
}

/* See reg_boundaries.h.  by_action counts the latest counting record of
 * each marker (records_counted is their number). */
int reg_round_report(reg_db *db, int round, const char *line, const reg_check_options *opt,
                     json_t **out, reg_error *err)
{
    if (!db || !opt || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    json_t *r = NULL, *checks = NULL;
    int rc = round ? reg_round_get(db, round, &r, err) : REG_OK;
    json_t *lines = json_array();
    json_t *summary = json_pack("{s:{}, s:{}, s:[]}", "by_condition", "by_action", "photos");
    if (rc == REG_OK && (!lines || !summary))
        rc = reg_error_nomem(err);
    if (rc == REG_OK)
        rc = report_lines(db, round, line, lines, summary, err);
    reg_check_options o = *opt;
    o.round = round;
    o.line = line;
    if (rc == REG_OK)
        rc = reg_check_boundaries(db, &o, &checks, err);
    if (rc == REG_OK && report_totals(lines, summary))
        rc = reg_error_nomem(err);
    if (rc == REG_OK &&
        !(*out = json_pack("{s:O?, s:O, s:O, s:O}", "round", r, "lines", lines, "checks",
                           checks, "summary", summary)))
        rc = reg_error_nomem(err);
    json_decref(r);
    json_decref(lines);
    json_decref(checks);
    json_decref(summary);
    return rc;
}
