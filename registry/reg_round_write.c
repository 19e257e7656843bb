/*
 * reg_round_write.c: joint-inspection rounds (B1: every line once in five
 * years; the coming one is the fifth).  A round is opened with its lines,
 * teams and both sides' representatives, and closed when its joint report
 * is signed; records for a closed round are refused.  Each change is one
 * write with its audit entry (entity "inspection_round").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_bound_internal.h"

#define ROUND_NAME_MAX 100
#define ROUND_TEAM_MAX 100

/* See reg_bound_internal.h. */
int reg_round_load(reg_db *db, int number, reg_round_row *row, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT status, start_date, end_date FROM inspection_rounds"
                             " WHERE number = ?1", &st, err);
    if (rc != REG_OK)
        return rc;
    int step = sqlite3_bind_int(st, 1, number) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_DONE) {
        rc = reg_error_set(err, REG_ENOTFOUND, "round_not_found", "round", "没有该联检轮次",
                           "no inspection round has this number");
    } else if (step != SQLITE_ROW) {
        rc = reg_error_sqlite(db, err);
    } else {
        const char *status = (const char *)sqlite3_column_text(st, 0);
        const char *start = (const char *)sqlite3_column_text(st, 1);
        const char *end = (const char *)sqlite3_column_text(st, 2);
        row->closed = status && strcmp(status, "closed") == 0;
        snprintf(row->start_date, sizeof row->start_date, "%s", start ? start : "");
        snprintf(row->end_date, sizeof row->end_date, "%s", end ? end : "");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Checks the texts of a round line and writes them (insert or update). */
int reg_round_line_write(reg_db *db, int round, const reg_round_line *rl, reg_error *err)
{
    sqlite3_int64 line_id = 0;
    char *team = NULL, *left = NULL, *right = NULL;
    int rc = reg_line_lookup(db, rl->line, &line_id, NULL, err);
    if (rc == REG_OK)
        rc = reg_text_normalize(rl->team, "team", ROUND_TEAM_MAX, 0, 0, &team, err);
    if (rc == REG_OK)
        rc = reg_text_normalize(rl->left_rep, "left_rep", REG_NAME_MAX_CHARS, 0, 0, &left, err);
    if (rc == REG_OK)
        rc = reg_text_normalize(rl->right_rep, "right_rep", REG_NAME_MAX_CHARS, 0, 0, &right,
                                err);
    sqlite3_stmt *st = NULL;
    if (rc == REG_OK)
        rc = reg_prepare(db, "INSERT INTO round_lines (round, line_id, team, left_rep, right_rep)"
                             " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (round, line_id) DO UPDATE"
                             " SET team = ?3, left_rep = ?4, right_rep = ?5", &st, err);
    if (rc == REG_OK) {
        if (sqlite3_bind_int(st, 1, round) || sqlite3_bind_int64(st, 2, line_id) ||
            reg_bind_text(st, 3, team) || reg_bind_text(st, 4, left) || reg_bind_text(st, 5, right))
            rc = reg_error_sqlite(db, err);
        else
            rc = reg_step_done(db, st, err);
    }
    sqlite3_finalize(st);
    free(team);
    free(left);
    free(right);
    return rc;
}

/* duplicate_line when two of the n lines have the same number. */
static int lines_distinct(const reg_round_line *lines, size_t n, reg_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!lines[i].line)
            return reg_error_set(err, REG_EINVAL, "line_not_found", "lines",
                                 "缺少界线编号", "a round line has no number");
        for (size_t j = 0; j < i; j++)
            if (strcmp(lines[i].line, lines[j].line) == 0)
                return reg_error_set(err, REG_EINVAL, "duplicate_line", "lines",
                                     "同一界线列出两次", "a line is listed twice");
    }
    return REG_OK;
}

/* Puts every registered line in the round, without teams. */
static int round_all_lines(reg_db *db, int number, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "INSERT INTO round_lines (round, line_id)"
                             " SELECT ?1, id FROM boundary_lines ORDER BY number", &st, err);
    if (rc != REG_OK)
        return rc;
    rc = sqlite3_bind_int(st, 1, number) ? reg_error_sqlite(db, err) : reg_step_done(db, st, err);
    sqlite3_finalize(st);
    return rc;
}

/* The round as JSON for the audit log. */
static int round_audit(reg_db *db, const char *actor, const char *action, int number,
                       json_t *before, reg_error *err)
{
    json_t *after = NULL;
    char id[16];
    snprintf(id, sizeof id, "%d", number);
    int rc = reg_round_get(db, number, &after, err);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, action, "inspection_round", id, before, after, err);
    json_decref(after);
    return rc;
}

/* Inserts the checked round and its lines inside the caller's write. */
static int round_insert(reg_db *db, const char *actor, const reg_round_input *in,
                        const char *name, const char *end, reg_error *err)
{
    reg_round_row row;
    int rc = reg_round_load(db, in->number, &row, err);
    if (rc == REG_OK)
        return reg_error_set(err, REG_ECONFLICT, "round_exists", "number", "该联检轮次已存在",
                             "an inspection round with this number exists");
    if (rc != REG_ENOTFOUND)
        return rc;
    sqlite3_stmt *st;
    rc = reg_prepare(db, "INSERT INTO inspection_rounds (number, name, start_date, end_date,"
                         " status) VALUES (?1, ?2, ?3, ?4, 'open')", &st, err);
    if (rc != REG_OK)
        return rc;
    if (sqlite3_bind_int(st, 1, in->number) || reg_bind_text(st, 2, name) ||
        reg_bind_text(st, 3, in->start_date) || reg_bind_text(st, 4, end))
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    if (rc == REG_OK && in->nlines == 0)
        rc = round_all_lines(db, in->number, err);
    for (size_t i = 0; rc == REG_OK && i < in->nlines; i++)
        rc = reg_round_line_write(db, in->number, &in->lines[i], err);
    if (rc == REG_OK)
        rc = round_audit(db, actor, "create", in->number, NULL, err);
    return rc;
}

/* The date_order error for an end before the start. */
static int end_before_start(reg_error *err)
{
    return reg_error_set(err, REG_ERULE, "date_order", "end_date", "结束日期早于开始日期",
                         "the end date is before the start date");
}

/* See reg_boundaries.h. */
int reg_round_create(reg_db *db, const char *actor, const reg_round_input *in, reg_error *err)
{
    if (!db || !in || (in->nlines && !in->lines))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    char start[REG_DATE_BUF], end[REG_DATE_BUF] = "";
    char *name = NULL;
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK && in->number < 1)
        rc = reg_error_set(err, REG_EINVAL, "round_number_invalid", "number",
                           "联检轮次应为正整数", "the round number is a positive integer");
    if (rc == REG_OK && !in->start_date)
        rc = reg_error_set(err, REG_EINVAL, "bad_date", "start_date", "缺少开始日期",
                           "the start date is missing");
    if (rc == REG_OK)
        rc = reg_date_field(in->start_date, "start_date", start, err);
    if (rc == REG_OK && in->end_date)
        rc = reg_date_field(in->end_date, "end_date", end, err);
    if (rc == REG_OK && end[0] && strcmp(end, start) < 0)
        rc = end_before_start(err);
    if (rc == REG_OK)
        rc = lines_distinct(in->lines, in->nlines, err);
    if (rc == REG_OK)
        rc = reg_text_normalize(in->name, "name", ROUND_NAME_MAX, 0, 0, &name, err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK)
        rc = reg_write_end(db, &w, round_insert(db, actor, in, name, end[0] ? end : NULL, err),
                           err);
    free(name);
    return rc;
}

/* Runs an UPDATE of round ?1 with one text value ?2 (value NULL: the
 * statement has no ?2). */
static int round_set(reg_db *db, int number, const char *sql, const char *value, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    if (sqlite3_bind_int(st, 1, number) || (value && reg_bind_text(st, 2, value)))
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    return rc;
}

/* reg_row_json_fn: {number, last_joint_check} of a line. */
static int round_check_row(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err)
{
    (void)db;
    *out = json_pack("{s:s, s:s?}", "number", (const char *)sqlite3_column_text(st, 0),
                     "last_joint_check", (const char *)sqlite3_column_text(st, 1));
    return *out ? REG_OK : reg_error_nomem(err);
}

/* On closing: the lines of the round that have records were jointly
 * checked on the round's end date (today when it has none), which keeps
 * B1's clock; each change has its audit entry. */
static int round_close_lines(reg_db *db, const char *actor, int number, const char *end,
                             reg_error *err)
{
    char date[REG_DATE_BUF];
    if (end && end[0])
        snprintf(date, sizeof date, "%s", end);
    else
        reg_today(date);
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT l.number, l.last_joint_check FROM round_lines rl"
                             " JOIN boundary_lines l ON l.id = rl.line_id WHERE rl.round = ?1"
                             " AND (l.last_joint_check IS NULL OR l.last_joint_check < ?2)"
                             " AND EXISTS (SELECT 1 FROM inspection_records r JOIN markers m"
                             "   ON m.id = r.marker_id WHERE m.line_id = l.id AND r.round = ?1)"
                             " ORDER BY l.number", &st, err);
    if (rc == REG_OK && (sqlite3_bind_int(st, 1, number) || reg_bind_text(st, 2, date)))
        rc = reg_error_sqlite(db, err);
    json_t *lines = json_array();
    rc = reg_rows_json(db, st, rc, lines, round_check_row, err);
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        const char *line = json_string_value(json_object_get(l, "number"));
        json_t *after = json_pack("{s:s, s:i}", "last_joint_check", date, "round", number);
        if (rc == REG_OK)
            rc = reg_prepare(db, "UPDATE boundary_lines SET last_joint_check = ?2"
                                 " WHERE number = ?1", &st, err);
        if (rc == REG_OK) {
            rc = reg_bind_text(st, 1, line) || reg_bind_text(st, 2, date)
                     ? reg_error_sqlite(db, err)
                     : reg_step_done(db, st, err);
            sqlite3_finalize(st);
        }
        if (rc == REG_OK)
            rc = reg_audit_append(db, actor, "joint_check", "boundary_line", line, l, after, err);
        json_decref(after);
    }
    json_decref(lines);
    return rc;
}

/* Applies a checked patch inside the caller's write. */
static int round_apply(reg_db *db, const char *actor, int number, const reg_round_patch *p,
                       const char *name, const char *end, reg_error *err)
{
    reg_round_row row;
    json_t *before = NULL;
    int rc = reg_round_load(db, number, &row, err);
    int closing = p->status && strcmp(p->status, "closed") == 0;
    int reopening = p->status && strcmp(p->status, "open") == 0;
    if (rc == REG_OK && row.closed && p->nlines && !reopening)
        rc = reg_error_set(err, REG_ECONFLICT, "round_closed", "status", "该联检轮次已结束",
                           "the inspection round is closed");
    if (rc == REG_OK && end && strcmp(end, row.start_date) < 0)
        rc = end_before_start(err);
    if (rc == REG_OK)
        rc = reg_round_get(db, number, &before, err);
    if (rc == REG_OK && p->status && closing != row.closed)
        rc = round_set(db, number,
                       closing ? "UPDATE inspection_rounds SET status = 'closed',"
                                 " closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                                 " WHERE number = ?1"
                               : "UPDATE inspection_rounds SET status = 'open', closed_at = NULL"
                                 " WHERE number = ?1",
                       NULL, err);
    if (rc == REG_OK && name)
        rc = round_set(db, number, "UPDATE inspection_rounds SET name = ?2 WHERE number = ?1",
                       name, err);
    if (rc == REG_OK && end)
        rc = round_set(db, number, "UPDATE inspection_rounds SET end_date = ?2 WHERE number = ?1",
                       end, err);
    for (size_t i = 0; rc == REG_OK && i < p->nlines; i++)
        rc = reg_round_line_write(db, number, &p->lines[i], err);
    if (rc == REG_OK && closing && !row.closed)
        rc = round_close_lines(db, actor, number, end ? end : row.end_date, err);
    const char *action = p->status && closing != row.closed ? (closing ? "close" : "reopen")
                                                            : "update";
    if (rc == REG_OK)
        rc = round_audit(db, actor, action, number, before, err);
    json_decref(before);
    return rc;
}

/* See reg_boundaries.h. */
int reg_round_update(reg_db *db, const char *actor, int number, const reg_round_patch *p,
                     reg_error *err)
{
    if (!db || !p || (p->nlines && !p->lines))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    char end[REG_DATE_BUF] = "";
    char *name = NULL;
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK && !p->status && !p->name && !p->end_date && !p->nlines)
        rc = reg_error_set(err, REG_EINVAL, "patch_empty", "", "没有要修改的内容",
                           "the change asks for nothing");
    if (rc == REG_OK && p->status && strcmp(p->status, "open") && strcmp(p->status, "closed"))
        rc = reg_error_set(err, REG_EINVAL, "bad_status", "status", "状态应为 open 或 closed",
                           "the status is open or closed");
    if (rc == REG_OK && p->end_date)
        rc = reg_date_field(p->end_date, "end_date", end, err);
    if (rc == REG_OK)
        rc = lines_distinct(p->lines, p->nlines, err);
    if (rc == REG_OK && p->name)
        rc = reg_text_normalize(p->name, "name", ROUND_NAME_MAX, 0, 1, &name, err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK)
        rc = reg_write_end(db, &w,
                           round_apply(db, actor, number, p, name, end[0] ? end : NULL, err), err);
    free(name);
    return rc;
}
