/*
 * reg_dp_bulk.c: the bulk doorplate load (reg_doorplates_bulk_begin and
 * _end): the insert triggers of addresses dropped and made again, the
 * spatial index filled once, one audit entry for the whole load, the
 * page cache sized for it.  Everything inside the caller's transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

#define DP_BULK_CACHE_RATIO 10            /* page cache per byte loaded */
#define DP_BULK_CACHE_MIN_KIB 262144LL    /* 256 MiB */
#define DP_BULK_CACHE_MAX_KIB 4194304LL   /* 4 GiB */

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

/* See reg_dp_internal.h. */
void reg_dp_bulk_free(struct reg_dp_cache *c)
{
    dp_axes_free(c);
    dp_triggers_free(c);
    free(c->bulk_actor);
    free(c->bulk_source);
    c->bulk_actor = c->bulk_source = NULL;
    reg_dp_holders_free(c);
    c->free_code[0] = '\0';
    free(c->rows);
    c->rows = NULL;
    c->nrows = 0;
    free(c->serials);
    c->serials = NULL;
    c->nserials = c->serials_cap = 0;
}

/* Verifies the references of the load's rows, which SQLite did not check
 * in a transaction of reg_tx_begin_unchecked: every address's axis, unit
 * and parent, every plate's address.  REG_EIO ("bulk_reference") names
 * the first row that fails (a bug: the rows were checked one by one). */
static int references_verify(reg_db *db, struct reg_dp_cache *c, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(
        db,
        "SELECT 'address ' || a.id FROM addresses a WHERE a.id > ?1"
        " AND (NOT EXISTS (SELECT 1 FROM numbering_axes n WHERE n.place_id = a.axis_id)"
        " OR NOT EXISTS (SELECT 1 FROM units u WHERE u.code = a.unit_code)"
        " OR (a.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM addresses p"
        " WHERE p.id = a.parent_id)))"
        " UNION ALL SELECT 'plate ' || p.code FROM plates p WHERE p.id > ?2"
        " AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.id = p.address_id)"
        " LIMIT 1",
        &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, c->bulk_after);
    sqlite3_bind_int64(st, 2, c->bulk_plates_after);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = reg_error_detail(err, REG_EIO, "bulk_reference", "",
                              "批量导入的记录引用了不存在的对象", "a row of the bulk load refers to"
                              " something that does not exist",
                              (const char *)sqlite3_column_text(st, 0));
    else if (step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* Runs sql, a constant query of one integer ("SELECT max(id) FROM ..."),
 * into *out (0 for NULL: an empty table). */
static int query_int(reg_db *db, const char *sql, sqlite3_int64 *out, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc == REG_OK && sqlite3_step(st) != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    *out = rc == REG_OK ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc;
}

/* Saves the SQL of the deferred triggers of addresses into c and drops
 * them (see REG_DP_DEFERRED_TRIGGERS). */
static int triggers_drop(reg_db *db, struct reg_dp_cache *c, reg_error *err)
{
    static const char *const names[REG_DP_DEFERRED_TRIGGERS] = {
        "ggi_addresses_geom", "tmi_addresses_geom", "gii_addresses_geom"};
    sqlite3_stmt *st;
    int rc = query_int(db, "SELECT max(id) FROM addresses", &c->bulk_after, err);
    c->next_address = c->bulk_after + 1;
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
    sqlite3_int64 held = 0, added = c->next_address - c->bulk_after - 1; /* the load's ids */
    int rc = query_int(db, "SELECT count(*) FROM idx_addresses_geom_rowid", &held, err);
    if (rc != REG_OK)
        return rc;
    int pack = added * 4 >= held;
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
        rc = reg_exec(db, "UPDATE geometry_columns_time SET last_insert ="
                          " strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                          " WHERE f_table_name = 'addresses' AND f_geometry_column = 'geom'",
                      err);
    if (rc == REG_OK && c->triggers[2])
        rc = spatial_index_fill(db, c, err);
    return rc;
}

/* The one audit entry of the load (action "import", entity "plate_batch",
 * the source as its id): who, when, the source, the number of plates and
 * their first and last ids and codes; plate_batches maps the id range to
 * it, so that a plate's audit trail finds it (reg_audit_list).  Nothing
 * when the load added no plate. */
static int batch_audit(reg_db *db, struct reg_dp_cache *c, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT count(*), min(id), max(id),"
                             " (SELECT code FROM plates WHERE id > ?1 ORDER BY id LIMIT 1),"
                             " (SELECT code FROM plates ORDER BY id DESC LIMIT 1)"
                             " FROM plates WHERE id > ?1", &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, c->bulk_plates_after);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = reg_error_sqlite(db, err);
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_int64 n = sqlite3_column_int64(st, 0), first = sqlite3_column_int64(st, 1),
                  last = sqlite3_column_int64(st, 2);
    json_t *after = n > 0 ? json_pack("{s:s, s:I, s:I, s:I, s:s, s:s}", "source", c->bulk_source,
                                      "plates", (json_int_t)n, "first_plate_id",
                                      (json_int_t)first, "last_plate_id", (json_int_t)last,
                                      "first_code", sqlite3_column_text(st, 3), "last_code",
                                      sqlite3_column_text(st, 4))
                          : NULL;
    sqlite3_finalize(st);
    if (n == 0)
        return REG_OK;
    if (!after)
        return reg_error_nomem(err);
    rc = reg_audit_append(db, c->bulk_actor, "import", "plate_batch", c->bulk_source, NULL,
                          after, err);
    json_decref(after);
    if (rc == REG_OK)
        rc = reg_prepare(db, "INSERT INTO plate_batches (audit_id, first_plate_id, last_plate_id)"
                             " VALUES (last_insert_rowid(), ?1, ?2)", &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_int64(st, 2, last);
    rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    return rc;
}

/* See reg_doorplates.h.  The insert triggers of addresses go
 * (REG_DP_DEFERRED_TRIGGERS): ENGINEERING.md measured ~170k rows/s
 * without the spatial index against ~20k with it.  The CHECK constraints
 * are off: every value is checked in C first (fields_make, the code's
 * check character), and each IN list of a CHECK costs a temporary b-tree
 * a row.  All of it inside the caller's transaction: a rollback, or a
 * killed process, leaves the schema as it was. */
int reg_doorplates_bulk_begin(reg_db *db, const char *actor, const char *source,
                              long input_bytes, reg_error *err)
{
    if (!db || !source || !source[0])
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    int rc = reg_actor_check(actor, err);
    if (rc != REG_OK)
        return rc;
    struct reg_dp_cache *c = reg_dp_cache_get(db);
    if (!c)
        return reg_error_nomem(err);
    if (sqlite3_get_autocommit(db->sql))
        return reg_error_set(err, REG_ECONFLICT, "tx_none", "", "没有进行中的事务",
                             "no transaction is open");
    if (c->bulk)
        return REG_OK;
    c->bulk = 1; /* even on failure: bulk_end undoes what was done */
    db->units_fixed = 1;
    if (!(c->bulk_actor = strdup(actor)) || !(c->bulk_source = strdup(source)))
        return reg_error_nomem(err);
    reg_now(c->bulk_now);
    reg_today(c->bulk_today);
    if ((rc = query_int(db, "SELECT max(id) FROM plates", &c->bulk_plates_after, err)) != REG_OK)
        return rc;
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
    db->bulk_pragmas = 1; /* undone when the transaction ends (reg_tx.c) */
    rc = reg_exec(db, pragma, err);
    if (rc == REG_OK)
        rc = reg_exec(db, "PRAGMA ignore_check_constraints = ON", err);
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
    db->units_fixed = 0;
    c->unit[0] = '\0';
    int rc = REG_OK;
    if (!sqlite3_get_autocommit(db->sql)) { /* else rolled back: nothing was dropped */
        rc = reg_dp_rows_flush(db, err);
        if (rc == REG_OK && db->fk_unchecked)
            rc = references_verify(db, c, err);
        if (rc == REG_OK)
            rc = triggers_restore(db, c, err);
        if (rc == REG_OK)
            rc = reg_plate_serials_flush(db, NULL, err);
        if (rc == REG_OK)
            rc = batch_audit(db, c, err);
    }
    reg_dp_bulk_free(c);
    return rc;
}

