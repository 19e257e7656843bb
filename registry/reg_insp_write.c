/*
 * reg_insp_write.c: storing an inspection record.  Records are appended,
 * never changed (triggers refuse UPDATE and DELETE): a correction is a new
 * record naming the one it corrects, which then no longer counts.  A
 * record sent again with the same client id and the same content is the
 * same record (offline imports and retries are idempotent); with other
 * content it is a conflict.  Every check is made before anything is
 * written, photos included; the marker's current condition follows its
 * latest record that counts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reg_insp_internal.h"

#define INSP_FUTURE_SLACK_S 3600 /* clocks of field devices run a little fast */

/* The record stored under the client id, if any: *id 0 when none. */
static int insp_by_client_id(reg_db *db, const char *client_id, long *id, char *fp,
                             reg_error *err)
{
    *id = 0;
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT id, fingerprint FROM inspection_records WHERE client_id = ?1",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, client_id) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    if (step == SQLITE_ROW) {
        *id = (long)sqlite3_column_int64(st, 0);
        snprintf(fp, REG_SHA256_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
    } else if (step != SQLITE_DONE) {
        rc = reg_error_sqlite(db, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The marker's registered position and whether its line is in the round:
 * marker_not_found, line_not_in_round. */
static int insp_marker(reg_db *db, const insp_fields *f, double *lon, double *lat,
                       reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT X(m.geom), Y(m.geom), EXISTS (SELECT 1 FROM round_lines rl"
                             " WHERE rl.round = ?2 AND rl.line_id = m.line_id)"
                             " FROM markers m WHERE m.id = ?1", &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, f->marker) || sqlite3_bind_int(st, 2, f->round)
                   ? SQLITE_ERROR
                   : sqlite3_step(st);
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "marker_not_found", "marker", "没有该编号的界桩",
                           "no marker has this id");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (!sqlite3_column_int(st, 2))
        rc = reg_error_set(err, REG_ERULE, "line_not_in_round", "marker",
                           "该界桩所在界线不在本轮联检范围内",
                           "the marker's line is not in this inspection round");
    else {
        *lon = sqlite3_column_double(st, 0);
        *lat = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The date in China (UTC+8) of a normalised UTC time, and whether the time
 * is later than now plus the slack. */
static void insp_cst_date(const char *utc, char *date, int *future)
{
    struct tm tm = {0};
    sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
           &tm.tm_min, &tm.tm_sec);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    *future = t > time(NULL) + INSP_FUTURE_SLACK_S;
    t += 8 * 3600;
    gmtime_r(&t, &tm);
    strftime(date, REG_DATE_BUF, "%Y-%m-%d", &tm);
}

/* The round is open and the record's time lies within its dates and not in
 * the future: round_not_found, round_closed, time_outside_round. */
static int insp_round(reg_db *db, const insp_fields *f, reg_error *err)
{
    reg_round_row row;
    int rc = reg_round_load(db, f->round, &row, err);
    if (rc != REG_OK)
        return rc;
    if (row.closed)
        return reg_error_set(err, REG_ECONFLICT, "round_closed", "round",
                             "该联检轮次已结束，不再接受记录",
                             "the inspection round is closed and takes no more records");
    char date[REG_DATE_BUF];
    int future = 0;
    insp_cst_date(f->observed_at, date, &future);
    if (future || strcmp(date, row.start_date) < 0 || (row.end_date[0] && strcmp(date, row.end_date) > 0))
        return reg_error_set(err, REG_ERULE, "time_outside_round", "observed_at",
                             "检查时间不在本轮联检的起止日期内（或晚于现在）",
                             "observed_at is outside the round's dates (or in the future)");
    return REG_OK;
}

/* The observed position is near enough the registered one to be this
 * marker (REG_OBSERVED_MAX_M): observed_too_far with the distance. */
static int insp_distance(reg_db *db, const insp_fields *f, double reg_lon, double reg_lat,
                         reg_error *err)
{
    double x0, y0, x1, y1;
    int rc = reg_xy_4544(db, reg_lon, reg_lat, &x0, &y0, err);
    if (rc == REG_OK)
        rc = reg_xy_4544(db, f->lon, f->lat, &x1, &y1, err);
    if (rc != REG_OK)
        return rc;
    double d = hypot(x1 - x0, y1 - y0);
    if (d <= REG_OBSERVED_MAX_M)
        return REG_OK;
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "实测坐标距登记位置 %.0f 米，超过 %.0f 米：应是另一界桩或记录有误", d,
             REG_OBSERVED_MAX_M);
    snprintf(en, sizeof en, "the observed position is %.0f m from the registered one, more than "
             "%.0f m: another marker or a wrong record", d, REG_OBSERVED_MAX_M);
    return reg_error_set(err, REG_ERULE, "observed_too_far", "position", zh, en);
}

/* Resolves and checks what the record corrects: the same marker and
 * round, not corrected yet.  *target 0 when it corrects nothing. */
static int insp_corrects(reg_db *db, const insp_fields *f, long *target, reg_error *err)
{
    *target = 0;
    if (!f->corrects && !f->corrects_client_id[0])
        return REG_OK;
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT r.id, r.marker_id = ?3 AND r.round = ?4,"
                             " EXISTS (SELECT 1 FROM inspection_records c WHERE c.corrects = r.id)"
                             " FROM inspection_records r WHERE r.id = ?1 OR r.client_id = ?2",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int step = sqlite3_bind_int64(st, 1, f->corrects) ||
                       reg_bind_text(st, 2, f->corrects_client_id[0] ? f->corrects_client_id
                                                                     : NULL) ||
                       reg_bind_text(st, 3, f->marker) || sqlite3_bind_int(st, 4, f->round)
                   ? SQLITE_ERROR
                   : sqlite3_step(st);
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "record_not_found", "corrects",
                           "被更正的记录不存在", "the record to correct does not exist");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (!sqlite3_column_int(st, 1))
        rc = reg_error_set(err, REG_ERULE, "correction_mismatch", "corrects",
                           "更正记录须与原记录为同一界桩、同一轮次",
                           "a correction is for the same marker and round as the record");
    else if (sqlite3_column_int(st, 2))
        rc = reg_error_set(err, REG_ECONFLICT, "already_corrected", "corrects",
                           "该记录已被更正，请更正最新的记录",
                           "the record is already corrected; correct the latest one");
    else
        *target = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

/* Binds a double, or NULL when !present. */
static int bind_real(sqlite3_stmt *st, int idx, int present, double v)
{
    return present ? sqlite3_bind_double(st, idx, v) : sqlite3_bind_null(st, idx);
}

/* Inserts the record row; *id gets its id. */
static int insp_insert(reg_db *db, const char *actor, const insp_fields *f, long corrects,
                       long *id, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "INSERT INTO inspection_records (client_id, fingerprint, marker_id,"
                         " round, observed_at, inspector, given_lon, given_lat, given_crs, lon,"
                         " lat, accuracy_m, condition, action, party_left, party_right, notes,"
                         " corrects, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                         " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
                         " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?19)",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    int p = f->has_position;
    if (reg_bind_text(st, 1, f->client_id[0] ? f->client_id : NULL) ||
        reg_bind_text(st, 2, f->fingerprint) || reg_bind_text(st, 3, f->marker) ||
        sqlite3_bind_int(st, 4, f->round) || reg_bind_text(st, 5, f->observed_at) ||
        reg_bind_text(st, 6, f->inspector) || bind_real(st, 7, p, f->given_lon) ||
        bind_real(st, 8, p, f->given_lat) || reg_bind_text(st, 9, p ? geo_crs_name(f->crs) : NULL) ||
        bind_real(st, 10, p, f->lon) || bind_real(st, 11, p, f->lat) ||
        bind_real(st, 12, p, f->accuracy_m) ||
        reg_bind_text(st, 13, reg_condition_name(f->condition)) ||
        reg_bind_text(st, 14, reg_action_name(f->action)) || reg_bind_text(st, 15, f->party_left) ||
        reg_bind_text(st, 16, f->party_right) || reg_bind_text(st, 17, f->notes) ||
        (corrects ? sqlite3_bind_int64(st, 18, corrects) : sqlite3_bind_null(st, 18)) ||
        reg_bind_text(st, 19, actor))
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    *id = (long)sqlite3_last_insert_rowid(db->sql);
    return rc;
}

/* Stores the photos' files and rows and links them to record id. */
static int insp_photos(reg_db *db, const insp_fields *f, long id, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "INSERT INTO record_photos (record_id, ord, sha256)"
                             " VALUES (?1, ?2, ?3)", &st, err);
    for (size_t i = 0; rc == REG_OK && i < f->nphotos; i++) {
        char sha[REG_SHA256_HEX];
        rc = reg_photo_store(db, f->photos[i].data, f->photos[i].len, f->photos[i].content_type,
                             sha, err);
        if (rc != REG_OK)
            break;
        if (sqlite3_bind_int64(st, 1, id) || sqlite3_bind_int(st, 2, (int)i + 1) ||
            reg_bind_text(st, 3, sha))
            rc = reg_error_sqlite(db, err);
        else
            rc = reg_step_done(db, st, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Sets the marker's condition from its latest record that counts (not
 * corrected): what was found, or intact after an action. */
static int insp_marker_condition(reg_db *db, const char *marker, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT condition, action FROM inspection_records r"
                             " WHERE marker_id = ?1 AND NOT EXISTS (SELECT 1 FROM"
                             " inspection_records c WHERE c.corrects = r.id)"
                             " ORDER BY observed_at DESC, id DESC LIMIT 1", &st, err);
    if (rc != REG_OK)
        return rc;
    reg_condition c = REG_COND_INTACT;
    reg_action a = REG_ACTION_NONE;
    int step = reg_bind_text(st, 1, marker) ? SQLITE_ERROR : sqlite3_step(st);
    if (step == SQLITE_ROW &&
        (reg_condition_parse((const char *)sqlite3_column_text(st, 0), &c) != REG_OK ||
         reg_action_parse((const char *)sqlite3_column_text(st, 1), &a) != REG_OK))
        rc = reg_error_set(err, REG_EIO, "record_corrupt", "marker", "检查记录已损坏",
                           "a stored record is malformed");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    if (rc == REG_OK)
        rc = reg_marker_set_condition(db, marker, a == REG_ACTION_NONE ? c : REG_COND_INTACT, err);
    return rc;
}

/* Everything after the checks, inside the caller's write. */
static int insp_store(reg_db *db, const char *actor, const insp_fields *f, long *id,
                      char *outcome, reg_error *err)
{
    char fp[REG_SHA256_HEX] = "";
    int rc = REG_OK;
    *outcome = 'i';
    if (f->client_id[0]) {
        rc = insp_by_client_id(db, f->client_id, id, fp, err);
        if (rc == REG_OK && *id) {
            *outcome = '=';
            if (strcmp(fp, f->fingerprint) != 0)
                rc = reg_error_set(err, REG_ECONFLICT, "record_conflict", "client_id",
                                   "该记录编号已用于内容不同的另一条记录",
                                   "this client record id is already used by a record with "
                                   "other content");
            return rc;
        }
    }
    double reg_lon = 0, reg_lat = 0;
    long corrects = 0;
    json_t *after = NULL, *before = NULL;
    if (rc == REG_OK)
        rc = insp_round(db, f, err);
    if (rc == REG_OK)
        rc = insp_marker(db, f, &reg_lon, &reg_lat, err);
    if (rc == REG_OK && f->has_position)
        rc = insp_distance(db, f, reg_lon, reg_lat, err);
    if (rc == REG_OK)
        rc = insp_corrects(db, f, &corrects, err);
    if (rc == REG_OK)
        rc = reg_marker_get(db, f->marker, 0, &before, err);
    if (rc == REG_OK)
        rc = insp_insert(db, actor, f, corrects, id, err);
    if (rc == REG_OK)
        rc = insp_photos(db, f, *id, err);
    if (rc == REG_OK)
        rc = insp_marker_condition(db, f->marker, err);
    if (rc == REG_OK)
        rc = reg_inspection_get(db, *id, &after, err);
    char rid[24];
    snprintf(rid, sizeof rid, "%ld", *id);
    if (rc == REG_OK)
        rc = reg_audit_append(db, actor, corrects ? "correct" : "create", "inspection_record",
                              rid, NULL, after, err);
    json_decref(after);
    after = NULL;
    if (rc == REG_OK)
        rc = reg_marker_get(db, f->marker, 0, &after, err);
    if (rc == REG_OK && !json_equal(before, after))
        rc = reg_audit_append(db, actor, "condition", "marker", f->marker, before, after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* See reg_boundaries.h. */
int reg_inspection_add(reg_db *db, const char *actor, const reg_inspection_input *in,
                       long *id_out, char *outcome, reg_error *err)
{
    if (!db || !in)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    insp_fields f;
    memset(&f, 0, sizeof f);
    long id = 0;
    char result = 'i';
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = reg_insp_check(db, in, &f, err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK)
        rc = reg_write_end(db, &w, insp_store(db, actor, &f, &id, &result, err), err);
    reg_insp_fields_free(&f);
    if (rc == REG_OK) {
        if (id_out)
            *id_out = id;
        if (outcome)
            *outcome = result;
    }
    return rc;
}
