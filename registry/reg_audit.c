/*
 * reg_audit.c: the audit log.  Every registry write appends one entry in
 * its own transaction: when (UTC, milliseconds), who, what, which record,
 * and the record before and after as JSON (tokens without their secret).
 */
#include <stdlib.h>
#include <string.h>

#include "reg_internal.h"

#define AUDIT_ACTOR_MAX 128
#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 1000

/* See reg_internal.h. */
int reg_actor_check(const char *actor, reg_error *err)
{
    size_t n = actor ? strlen(actor) : 0;
    int ok = n > 0 && n <= AUDIT_ACTOR_MAX;
    for (size_t i = 0; ok && i < n; i++)
        if ((unsigned char)actor[i] < 0x20 || actor[i] == 0x7f)
            ok = 0;
    if (!ok)
        return reg_error_set(err, REG_EINVAL, "actor_invalid", "actor",
                             "操作人应为1至128字节且不含控制字符",
                             "the actor must be 1-128 bytes without control characters");
    return REG_OK;
}

/* See reg_internal.h. */
int reg_audit_append(reg_db *db, const char *actor, const char *action, const char *entity,
                     const char *entity_id, const json_t *before, const json_t *after,
                     reg_error *err)
{
    char *before_text = reg_json_dump(before);
    char *after_text = reg_json_dump(after);
    sqlite3_stmt *st = NULL;
    int rc;
    if ((before && !before_text) || (after && !after_text))
        rc = reg_error_nomem(err);
    else
        rc = reg_stmt(db, REG_STMT_AUDIT_APPEND, &st, err);
    if (rc == REG_OK) {
        if (reg_bind_text(st, 1, actor) != SQLITE_OK ||
            reg_bind_text(st, 2, action) != SQLITE_OK ||
            reg_bind_text(st, 3, entity) != SQLITE_OK ||
            reg_bind_text(st, 4, entity_id) != SQLITE_OK ||
            reg_bind_text(st, 5, before_text) != SQLITE_OK ||
            reg_bind_text(st, 6, after_text) != SQLITE_OK)
            rc = reg_error_sqlite(db, err);
        else
            rc = reg_step_done(db, st, err);
        sqlite3_clear_bindings(st);
    }
    free(before_text);
    free(after_text);
    return rc;
}

/* Sets obj[key] to the JSON parsed from a text column (null for NULL). */
static int set_json_column(json_t *obj, const char *key, sqlite3_stmt *st, int col)
{
    const char *text = (const char *)sqlite3_column_text(st, col);
    json_t *v = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : json_null();
    return v ? json_object_set_new(obj, key, v) : -1;
}

/* The entry of the current row as a new JSON object, NULL on failure. */
static json_t *entry_json(sqlite3_stmt *st)
{
    json_t *e = json_object();
    if (!e || json_object_set_new(e, "id", json_integer(sqlite3_column_int64(st, 0))) ||
        reg_json_set_column(e, "at", st, 1) || reg_json_set_column(e, "actor", st, 2) ||
        reg_json_set_column(e, "action", st, 3) || reg_json_set_column(e, "entity", st, 4) ||
        reg_json_set_column(e, "entity_id", st, 5) || set_json_column(e, "before", st, 6) ||
        set_json_column(e, "after", st, 7)) {
        json_decref(e);
        return NULL;
    }
    return e;
}

/* See registry.h.  limit <= 0 means 100; more than 1000 means 1000.  since
 * is normalised to UTC (a date is its midnight UTC; a zone offset is
 * applied); REG_EINVAL ("bad_time") if malformed. */
int reg_audit_list(reg_db *db, const char *entity, const char *entity_id, const char *since,
                   long after_id, int limit, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    char since_utc[REG_TIME_BUF];
    if (since && !reg_time_normalize(since, since_utc))
        return reg_error_set(err, REG_EINVAL, "bad_time", "since",
                             "时间格式应为ISO 8601日期或日期时间",
                             "since must be an ISO 8601 date or date-time");
    if (limit <= 0)
        limit = AUDIT_LIMIT_DEFAULT;
    if (limit > AUDIT_LIMIT_MAX)
        limit = AUDIT_LIMIT_MAX;

    /* Constant fragments only; the values are bound.  ?5 is always present,
     * so ?2..?4 may be bound even when their fragment is left out. */
    char sql[600] = "SELECT id, at, actor, action, entity, entity_id, before_json, after_json"
                    " FROM audit_log WHERE id > ?1";
    if (entity && entity_id && strcmp(entity, "plate") == 0)
        /* a plate of a bulk load: its batch's entry too (reg_dp_bulk.c) */
        strcat(sql, " AND ((entity = ?2 AND entity_id = ?3) OR id IN (SELECT b.audit_id"
                    " FROM plates p JOIN plate_batches b ON p.id BETWEEN b.first_plate_id"
                    " AND b.last_plate_id WHERE p.code = ?3))");
    else if (entity)
        strcat(sql, " AND entity = ?2");
    if (entity_id && !(entity && strcmp(entity, "plate") == 0))
        strcat(sql, " AND entity_id = ?3");
    if (since)
        strcat(sql, " AND at >= ?4");
    strcat(sql, " ORDER BY id LIMIT ?5");

    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    json_t *list = json_array();
    if (!list) {
        sqlite3_finalize(st);
        return reg_error_nomem(err);
    }
    if (sqlite3_bind_int64(st, 1, after_id > 0 ? after_id : 0) != SQLITE_OK ||
        reg_bind_text(st, 2, entity) != SQLITE_OK ||
        reg_bind_text(st, 3, entity_id) != SQLITE_OK ||
        reg_bind_text(st, 4, since ? since_utc : NULL) != SQLITE_OK ||
        sqlite3_bind_int(st, 5, limit) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *e = entry_json(st);
        if (!e || json_array_append_new(list, e))
            rc = reg_error_set(err, REG_EIO, "audit_corrupt", "", "审计记录无法读取",
                               "an audit entry cannot be read");
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
