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
#define DP_BULK_CACHE_RATIO 10            /* page cache per byte loaded */
#define DP_BULK_CACHE_MIN_KIB 262144LL    /* 256 MiB */
#define DP_BULK_CACHE_MAX_KIB 4194304LL   /* 4 GiB */

static const char *const dp_sql[REG_DP_STMT_COUNT] = {
    [REG_DP_VIEW] = REG_DP_VIEW_SELECT " WHERE p.code = ?1",
    [REG_DP_AXIS] = "SELECT p.name, p.pinyin, p.category, p.status, AsBinary(p.geom), n.kind,"
                    " n.unit_code, n.reversed, n.odd_left, n.spacing_m"
                    " FROM places p LEFT JOIN numbering_axes n ON n.place_id = p.id"
                    " WHERE p.id = ?1",
    [REG_DP_AXIS_INSERT] = "INSERT INTO numbering_axes (place_id, kind, unit_code, updated_at)"
                           " VALUES (?1, ?2, ?3, " DP_NOW ")",
    [REG_DP_ADDR_INSERT] =
        "INSERT INTO addresses (kind, parent_id, axis_id, num_main, num_sub, building, entrance,"
        " room, unit_code, x, y, valid_from, created_at, lon, lat, geom)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, " DP_NOW ", ?13, ?14,"
        " MakePoint(?13, ?14, 4490))",
    [REG_DP_PLATE_INSERT] =
        "INSERT INTO plates (code, address_id, state, collected_on, compiled_on, entered_on,"
        " produced_on, active_on, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " DP_NOW ")",
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

/* Frees the cached axes of a bulk load. */
static void dp_axes_free(struct reg_dp_cache *c)
{
    for (size_t i = 0; i < c->naxes; i++)
        free(c->axes[i].xy);
    free(c->axes);
    c->axes = NULL;
    c->naxes = c->axes_cap = 0;
}

/* Frees the saved SQL of the triggers a bulk load dropped. */
static void dp_triggers_free(struct reg_dp_cache *c)
{
    for (int i = 0; i < REG_DP_DEFERRED_TRIGGERS; i++) {
        sqlite3_free(c->triggers[i]);
        c->triggers[i] = NULL;
    }
}

/* See reg_internal.h. */
void reg_dp_free(reg_db *db)
{
    if (!db || !db->dp)
        return;
    for (int i = 0; i < REG_DP_STMT_COUNT; i++)
        sqlite3_finalize(db->dp->stmts[i]);
    dp_axes_free(db->dp);
    reg_dp_chain_free(db->dp);
    dp_triggers_free(db->dp);
    free(db->dp);
    db->dp = NULL;
}

/* Saves the SQL of the deferred triggers of addresses into c and drops
 * them (see REG_DP_DEFERRED_TRIGGERS). */
static int triggers_drop(reg_db *db, struct reg_dp_cache *c, reg_error *err)
{
    static const char *const names[REG_DP_DEFERRED_TRIGGERS] = {
        "ggi_addresses_geom", "tmi_addresses_geom", "gii_addresses_geom"};
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT max(id) FROM addresses", &st, err);
    if (rc == REG_OK && sqlite3_step(st) != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    c->bulk_after = rc == REG_OK ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc == REG_OK)
        rc = reg_prepare(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                             " AND tbl_name = 'addresses' AND name = ?1", &st, err);
    for (int i = 0; rc == REG_OK && i < REG_DP_DEFERRED_TRIGGERS; i++) {
        sqlite3_reset(st);
        if (reg_bind_text(st, 1, names[i]) != SQLITE_OK)
            rc = reg_error_sqlite(db, err);
        else if (sqlite3_step(st) == SQLITE_ROW) {
            if (!(c->triggers[i] = sqlite3_mprintf("%s", sqlite3_column_text(st, 0))))
                rc = reg_error_nomem(err);
        }
    }
    sqlite3_finalize(st);
    for (int i = 0; rc == REG_OK && i < REG_DP_DEFERRED_TRIGGERS; i++) {
        char *sql = c->triggers[i] ? sqlite3_mprintf("DROP TRIGGER \"%w\"", names[i]) : NULL;
        if (c->triggers[i])
            rc = sql ? reg_exec(db, sql, err) : reg_error_nomem(err);
        sqlite3_free(sql);
    }
    return rc;
}

/* The index of the load's rows: the whole R*Tree packed again from every
 * address (reg_rtree_pack) when the load added at least a quarter of
 * what it held, else the new rows' boxes inserted one by one.  An
 * address's geometry is always MakePoint(lon, lat): its box is lon, lat. */
static int spatial_index_fill(reg_db *db, struct reg_dp_cache *c, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT (SELECT count(*) FROM idx_addresses_geom_rowid),"
                             " (SELECT count(*) FROM addresses WHERE id > ?1)", &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, c->bulk_after);
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    int pack = rc == REG_OK && sqlite3_column_int64(st, 1) * 4 >= sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != REG_OK)
        return rc;
    if (pack)
        rc = reg_prepare(db, "SELECT id, lon, lon, lat, lat FROM addresses"
                             " WHERE geom IS NOT NULL", &st, err);
    else
        rc = reg_prepare(db, "INSERT INTO idx_addresses_geom (pkid, xmin, xmax, ymin, ymax)"
                             " SELECT id, lon, lon, lat, lat FROM addresses"
                             " WHERE id > ?1 AND geom IS NOT NULL", &st, err);
    if (rc != REG_OK)
        return rc;
    if (pack) {
        rc = reg_rtree_pack(db, "idx_addresses_geom", st, err);
    } else {
        sqlite3_bind_int64(st, 1, c->bulk_after);
        rc = reg_step_done(db, st, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Makes the dropped triggers again and does for the load's rows what
 * they would have done: the insert time, and the spatial index. */
static int triggers_restore(reg_db *db, struct reg_dp_cache *c, reg_error *err)
{
    int rc = REG_OK;
    for (int i = 0; rc == REG_OK && i < REG_DP_DEFERRED_TRIGGERS; i++)
        if (c->triggers[i])
            rc = reg_exec(db, c->triggers[i], err);
    if (rc == REG_OK && c->triggers[1])
        rc = reg_exec(db, "UPDATE geometry_columns_time SET last_insert = " DP_NOW
                          " WHERE f_table_name = 'addresses' AND f_geometry_column = 'geom'",
                      err);
    if (rc == REG_OK && c->triggers[2])
        rc = spatial_index_fill(db, c, err);
    return rc;
}

/* See reg_doorplates.h.  The insert triggers of addresses go
 * (REG_DP_DEFERRED_TRIGGERS): ENGINEERING.md measured ~170k rows/s
 * without the spatial index against ~20k with it.  The CHECK constraints
 * are off: every value is checked in C first (fields_make, the code's
 * check character), and each IN list of a CHECK costs a temporary b-tree
 * a row.  All of it inside the caller's transaction: a rollback, or a
 * killed process, leaves the schema as it was. */
int reg_doorplates_bulk_begin(reg_db *db, long input_bytes, reg_error *err)
{
    if (!db)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    struct reg_dp_cache *c = reg_dp_cache_get(db);
    if (!c)
        return reg_error_nomem(err);
    if (sqlite3_get_autocommit(db->sql))
        return reg_error_set(err, REG_ECONFLICT, "tx_none", "", "没有进行中的事务",
                             "no transaction is open");
    if (c->bulk)
        return REG_OK;
    /* The page cache keeps the load's pages out of the WAL until the
     * commit: the default 2 MiB spills them every few rows, and once
     * spilled every page read searches the growing WAL.  A CSV row of
     * ~100 bytes makes ~800 bytes of registry (address, plate, audit
     * entry, their indexes): ten times the file, 256 MiB to 4 GiB. */
    long long kib = (long long)(input_bytes > 0 ? input_bytes : 0) / 1024 * DP_BULK_CACHE_RATIO;
    if (kib < DP_BULK_CACHE_MIN_KIB)
        kib = DP_BULK_CACHE_MIN_KIB;
    if (kib > DP_BULK_CACHE_MAX_KIB)
        kib = DP_BULK_CACHE_MAX_KIB;
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%lld", kib);
    int rc = reg_exec(db, pragma, err);
    if (rc == REG_OK)
        rc = reg_exec(db, "PRAGMA ignore_check_constraints = ON", err);
    c->bulk = 1; /* even on failure: bulk_end undoes the above */
    if (rc == REG_OK)
        rc = triggers_drop(db, c, err);
    return rc;
}

/* See reg_doorplates.h. */
int reg_doorplates_bulk_end(reg_db *db, reg_error *err)
{
    if (!db || !db->dp || !db->dp->bulk)
        return REG_OK;
    struct reg_dp_cache *c = db->dp;
    c->bulk = 0;
    c->unit[0] = '\0';
    dp_axes_free(c);
    reg_exec(db, "PRAGMA cache_size = -2000", NULL);
    reg_exec(db, "PRAGMA ignore_check_constraints = OFF", NULL);
    int rc = REG_OK;
    if (!sqlite3_get_autocommit(db->sql)) /* else rolled back: nothing was dropped */
        rc = triggers_restore(db, c, err);
    dp_triggers_free(c);
    return rc;
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
