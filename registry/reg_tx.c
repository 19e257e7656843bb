/*
 * reg_tx.c: transactions.  A write runs as BEGIN IMMEDIATE ... COMMIT on
 * its own, or as SAVEPOINT ... RELEASE inside a transaction the caller
 * opened with reg_tx_begin, so that a failed write never leaves a trace
 * and an import can group many writes.
 */
#include <stdatomic.h>

#include "reg_internal.h"

/* Counts the transactions this process committed (see reg_write_epoch). */
static atomic_ulong write_epoch;

/* See reg_internal.h. */
unsigned long reg_write_epoch(void)
{
    return atomic_load(&write_epoch);
}

/* Refuses writes on a read-only connection. */
static int read_only_error(reg_error *err)
{
    return reg_error_set(err, REG_EIO, "read_only", "", "数据库以只读方式打开",
                         "the registry was opened read-only");
}

/* Sets back what a bulk load changed for its transaction once it is over:
 * foreign-key enforcement after reg_tx_begin_unchecked (the pragma works
 * outside transactions only), the CHECK constraints and the page cache
 * (kept until the commit, so that the load's pages reach the WAL only
 * then; reg_dp_bulk.c). */
static void checks_back(reg_db *db)
{
    if (!sqlite3_get_autocommit(db->sql))
        return;
    if (db->fk_unchecked &&
        sqlite3_exec(db->sql, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK)
        db->fk_unchecked = 0;
    if (db->bulk_pragmas &&
        sqlite3_exec(db->sql, "PRAGMA cache_size = -2000; PRAGMA ignore_check_constraints = OFF",
                     NULL, NULL, NULL) == SQLITE_OK)
        db->bulk_pragmas = 0;
}

/* Undoes the open transaction, quietly (nothing to report if it is gone:
 * SQLite rolls back by itself after some errors). */
static void rollback_all(reg_db *db)
{
    if (!sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    checks_back(db);
    reg_locate_invalidate(db);
    reg_place_cache_invalidate(db);
    reg_dp_chain_invalidate(db);
}

/* See registry.h.  REG_ECONFLICT ("tx_open") if a transaction is open. */
int reg_tx_begin(reg_db *db, reg_error *err)
{
    if (!db)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (db->readonly)
        return read_only_error(err);
    if (!sqlite3_get_autocommit(db->sql))
        return reg_error_set(err, REG_ECONFLICT, "tx_open", "", "事务已经开始",
                             "a transaction is already open");
    return reg_exec(db, "BEGIN IMMEDIATE", err);
}

/* See registry.h.  REG_ECONFLICT ("tx_none") without an open transaction;
 * a failed COMMIT rolls everything back and returns REG_EIO. */
int reg_tx_commit(reg_db *db, reg_error *err)
{
    if (!db)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (sqlite3_get_autocommit(db->sql))
        return reg_error_set(err, REG_ECONFLICT, "tx_none", "", "没有进行中的事务",
                             "no transaction is open");
    int rc = reg_exec(db, "COMMIT", err);
    if (rc != REG_OK)
        rollback_all(db);
    else
        atomic_fetch_add(&write_epoch, 1);
    checks_back(db);
    return rc;
}

/* See registry.h. */
int reg_tx_begin_unchecked(reg_db *db, reg_error *err)
{
    if (db && !db->readonly && sqlite3_get_autocommit(db->sql)) {
        int rc = reg_exec(db, "PRAGMA foreign_keys = OFF", err);
        if (rc != REG_OK)
            return rc;
        db->fk_unchecked = 1;
    }
    int rc = reg_tx_begin(db, err);
    if (rc != REG_OK && db)
        checks_back(db);
    return rc;
}

/* See registry.h.  No-op without an open transaction or for NULL. */
void reg_tx_rollback(reg_db *db)
{
    if (db)
        rollback_all(db);
}

/* Runs the cached SAVEPOINT or RELEASE statement of a nested write (an
 * import makes one a row: parsing it each time costs more than the row's
 * inserts). */
static int savepoint_step(reg_db *db, reg_stmt_id id, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_stmt(db, id, &st, err);
    if (rc == REG_OK)
        rc = reg_step_done(db, st, err);
    return rc;
}

/* See reg_internal.h. */
int reg_write_begin(reg_db *db, reg_write *w, reg_error *err)
{
    if (db->readonly)
        return read_only_error(err);
    w->outer = sqlite3_get_autocommit(db->sql) != 0;
    return w->outer ? reg_exec(db, "BEGIN IMMEDIATE", err)
                    : savepoint_step(db, REG_STMT_SAVEPOINT, err);
}

/* See reg_internal.h. */
int reg_write_end(reg_db *db, reg_write *w, int rc, reg_error *err)
{
    if (rc == REG_OK) {
        rc = w->outer ? reg_exec(db, "COMMIT", err) : savepoint_step(db, REG_STMT_RELEASE, err);
        if (rc == REG_OK && w->outer)
            atomic_fetch_add(&write_epoch, 1);
        if (rc == REG_OK)
            return REG_OK;
    }
    if (w->outer) {
        rollback_all(db);
    } else if (!sqlite3_get_autocommit(db->sql)) {
        /* The caller's transaction survives; only this write is undone. */
        sqlite3_exec(db->sql, "ROLLBACK TO reg_write", NULL, NULL, NULL);
        sqlite3_exec(db->sql, "RELEASE reg_write", NULL, NULL, NULL);
        reg_locate_invalidate(db);
        reg_place_cache_invalidate(db);
        reg_dp_chain_invalidate(db);
    }
    return rc;
}

/* See reg_internal.h. */
int reg_read_begin(reg_db *db, int *opened, reg_error *err)
{
    *opened = 0;
    if (!sqlite3_get_autocommit(db->sql))
        return REG_OK;
    int rc = reg_exec(db, "BEGIN", err);
    if (rc == REG_OK)
        *opened = 1;
    return rc;
}

/* See reg_internal.h. */
void reg_read_end(reg_db *db, int opened)
{
    if (opened && !sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
}

/* See registry.h: the public face of reg_read_begin. */
int reg_snapshot_begin(reg_db *db, int *opened, reg_error *err)
{
    if (!db || !opened)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    return reg_read_begin(db, opened, err);
}

/* See registry.h: the public face of reg_read_end; NULL db is a no-op. */
void reg_snapshot_end(reg_db *db, int opened)
{
    if (db)
        reg_read_end(db, opened);
}
