/*
 * reg_dp_stmt.c: the doorplate files' cached statements (one set per
 * connection, prepared on first use) and the connection's doorplate
 * state.  The place register's table `places` is read here for the names
 * and lines of streets and village groups.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

#define DP_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

static const char *const dp_sql[REG_DP_STMT_COUNT] = {
    [REG_DP_AXIS_USED] = "SELECT EXISTS (SELECT 1 FROM addresses WHERE axis_id = ?1"
                         " AND id <= ?2)",
    [REG_DP_AXIS_FIND] = "SELECT p.id FROM numbering_axes n JOIN places p ON p.id = n.place_id"
                         " WHERE p.name = ?1 AND n.unit_code = ?2"
                         " AND (?3 IS NULL OR p.category = ?3) AND p.status <> 'cancelled'"
                         " ORDER BY p.id LIMIT 2",
    [REG_DP_VIEW] = REG_DP_VIEW_SELECT " WHERE p.code = ?1",
    [REG_DP_AXIS] = "SELECT p.name, p.pinyin, p.category, p.status, AsBinary(p.geom), n.kind,"
                    " n.unit_code, n.reversed, n.odd_left, n.spacing_m, n.ordering"
                    " FROM places p LEFT JOIN numbering_axes n ON n.place_id = p.id"
                    " WHERE p.id = ?1",
    [REG_DP_AXIS_INSERT] = "INSERT INTO numbering_axes (place_id, kind, unit_code, updated_at)"
                           " VALUES (?1, ?2, ?3, " DP_NOW ")",
    [REG_DP_SERIAL_NEXT] = "INSERT INTO plate_serials (township_code, last) VALUES (?1, 1)"
                           " ON CONFLICT (township_code) DO UPDATE SET last = last + 1"
                           " RETURNING last",
    [REG_DP_SERIAL_BUMP] = "INSERT INTO plate_serials (township_code, last) VALUES (?1, ?2)"
                           " ON CONFLICT (township_code) DO UPDATE"
                           " SET last = max(last, excluded.last)",
    [REG_DP_CODE_EXISTS] = "SELECT id FROM plates WHERE code = ?1",
    [REG_DP_HOLDER] =
        "SELECT a.id, p.code, a.unit_code, a.x, a.y, a.lon, a.lat"
        " FROM addresses a LEFT JOIN plates p ON p.address_id = a.id AND p.state <> 'retired'"
        " WHERE a.axis_id = ?1 AND a.num_main = ?2 AND a.num_sub = ?3 AND a.active = 1"
        " AND a.building IS ?5 AND a.entrance IS ?6 AND a.room IS ?7 AND a.kind = ?4"
        " ORDER BY a.id LIMIT 1",
    [REG_DP_AXIS_DOORS] =
        "SELECT a.id, a.num_main, a.num_sub, a.x, a.y,"
        " (SELECT p.code FROM plates p WHERE p.address_id = a.id AND p.state <> 'retired'"
        "  ORDER BY p.id DESC LIMIT 1)"
        " FROM addresses a WHERE a.axis_id = ?1 AND (a.num_main, a.num_sub) >= (?2, ?3)"
        " AND a.kind = 'door' AND a.active = 1 ORDER BY a.id",
    [REG_DP_UNIT] = "SELECT level, parent_code, valid_to FROM units WHERE code = ?1",
    /* The entry reg_audit_append would write, its JSON made by SQLite (a
     * jansson object and its dump cost more than the row's inserts);
     * json_patch leaves survey_warning out when ?14 is NULL. */
    [REG_DP_AUDIT_CREATE] =
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)"
        " VALUES (" DP_NOW ", ?1, 'create', 'plate', ?2, NULL, json_patch(json_object("
        "'code', ?2, 'kind', ?3, 'street', ?4, 'number', ?5, 'building', ?6, 'entrance', ?7,"
        " 'room', ?8, 'unit', ?9, 'lon', ?10, 'lat', ?11, 'state', ?12, 'state_date', ?13),"
        " json_object('survey_warning', ?14)))",
};

/* See reg_dp_internal.h. */
struct reg_dp_cache *reg_dp_cache_get(reg_db *db)
{
    if (!db->dp)
        db->dp = calloc(1, sizeof *db->dp);
    return db->dp;
}

/* See reg_dp_internal.h. */
int reg_dp_stmt(reg_db *db, reg_dp_stmt_id id, sqlite3_stmt **out, reg_error *err)
{
    *out = NULL;
    struct reg_dp_cache *c = reg_dp_cache_get(db);
    if (!c)
        return reg_error_nomem(err);
    sqlite3_stmt *st = c->stmts[id];
    if (!st) {
        if (sqlite3_prepare_v3(db->sql, dp_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
            SQLITE_OK)
            return reg_error_sqlite(db, err);
        c->stmts[id] = st;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    *out = st;
    return REG_OK;
}

/* See reg_internal.h. */
void reg_dp_free(reg_db *db)
{
    if (!db || !db->dp)
        return;
    for (int i = 0; i < REG_DP_STMT_COUNT; i++)
        sqlite3_finalize(db->dp->stmts[i]);
    for (int i = 0; i < REG_DP_ROWS_SIZES; i++) {
        sqlite3_finalize(db->dp->rows_address[i]);
        sqlite3_finalize(db->dp->rows_plate[i]);
    }
    reg_dp_bulk_free(db->dp);
    reg_dp_chain_free(db->dp);
    free(db->dp);
    db->dp = NULL;
}

/* See reg_dp_internal.h. */
int reg_dp_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
    return reg_bind_text(st, i, s && s[0] ? s : NULL);
}

/* See reg_dp_internal.h. */
void reg_dp_col_text(char *dst, size_t size, sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    size_t n = s ? strlen(s) : 0;
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s ? s : "", n);
    dst[n] = '\0';
}
