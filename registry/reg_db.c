/*
 * reg_db.c: process set-up, opening and closing a registry connection.
 *
 * Per connection (ENGINEERING.md, SpatiaLite): spatialite_alloc_connection,
 * sqlite3_open_v2 with SQLITE_OPEN_NOMUTEX, spatialite_init_ex; at close
 * sqlite3_close then spatialite_cleanup_ex.  WAL, foreign keys on, a busy
 * timeout of 5 s, temporary storage (savepoint journals) in memory, reads
 * through a memory map of up to 1 GiB.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>
#include <spatialite.h>

#include "reg_internal.h"

#define REG_BUSY_TIMEOUT_MS 5000

/* See registry.h.  Not thread safe: call it before any thread opens. */
void reg_global_init(void)
{
    sqlite3_initialize();
    spatialite_initialize();
}

/* See registry.h.  Call once at exit, after every reg_close. */
void reg_global_shutdown(void)
{
    reg_places_data_free();
    spatialite_shutdown();
}

/* See registry.h. */
int reg_schema_version(void)
{
    return REG_SCHEMA_VERSION;
}

/* See registry.h. */
geo_ctx *reg_geo(reg_db *db)
{
    return db ? db->geo : NULL;
}

/* See reg_internal.h. */
sqlite3 *reg_sqlite(reg_db *db)
{
    return db ? db->sql : NULL;
}

/* See registry.h. */
void reg_close(reg_db *db)
{
    if (!db)
        return;
    reg_locate_free(db);
    reg_dp_free(db);
    reg_place_cache_free(db);
    reg_stmts_finalize(db);
    reg_feature_stmts_finalize(db);
    if (db->sql && !sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db->sql);
    if (db->spatialite)
        spatialite_cleanup_ex(db->spatialite);
    geo_ctx_free(db->geo);
    free(db->path);
    free(db);
}

/* Sets the connection's pragmas: busy timeout, foreign keys, and WAL when
 * writable (a read-only connection keeps what the file has). */
static int set_pragmas(reg_db *db, reg_error *err)
{
    sqlite3_extended_result_codes(db->sql, 1);
    if (sqlite3_busy_timeout(db->sql, REG_BUSY_TIMEOUT_MS) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    int rc = reg_exec(db, "PRAGMA foreign_keys = ON", err);
    /* Savepoints (every write inside an import) journal in memory: in a
     * temporary file they cost ~30 writes a row of a big import. */
    if (rc == REG_OK)
        rc = reg_exec(db, "PRAGMA temp_store = MEMORY", err);
    /* Reads through a memory map: a page of a big registry (134,704
     * doorplates are ~100 MB) costs no pread and no copy into the cache. */
    if (rc == REG_OK)
        rc = reg_exec(db, "PRAGMA mmap_size = 1073741824", err);
    if (rc != REG_OK || db->readonly)
        return rc;
    sqlite3_stmt *st;
    if ((rc = reg_prepare(db, "PRAGMA journal_mode = WAL", &st, err)) != REG_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = reg_error_sqlite(db, err);
    } else {
        const char *mode = (const char *)sqlite3_column_text(st, 0);
        if (!mode || strcmp(mode, "wal") != 0)
            rc = reg_error_detail(err, REG_EIO, "storage_error", "",
                                  "无法启用WAL日志模式", "cannot switch to WAL journal mode",
                                  mode ? mode : "");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Opens path as a registry and brings its schema to version target.  See
 * reg_open for flags and errors. */
static int open_db(const char *path, int flags, int target, reg_db **out, reg_error *err)
{
    if (!out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    if (!path || !*path)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "path", "数据库路径为空",
                             "database path is empty");
    int readonly = (flags & REG_OPEN_READONLY) != 0;
    int create = (flags & REG_OPEN_CREATE) != 0 && !readonly;
    struct stat sb;
    if (!create && stat(path, &sb) != 0)
        return reg_error_detail(err, errno == ENOENT ? REG_ENOTFOUND : REG_EIO,
                                errno == ENOENT ? "db_not_found" : "storage_error", "path",
                                "无法打开数据库", "cannot open the database", path);

    reg_db *db = calloc(1, sizeof *db);
    if (!db)
        return reg_error_nomem(err);
    db->readonly = readonly;
    if (!(db->path = strdup(path))) {
        free(db);
        return reg_error_nomem(err);
    }
    int grc = geo_ctx_new(&db->geo);
    if (grc != GEO_OK) {
        free(db->path);
        free(db);
        return reg_error_set(err, grc == GEO_ENOMEM ? REG_ENOMEM : REG_EIO, "geo_init_failed",
                             "", "无法初始化坐标库", "cannot set up the geometry context");
    }
    db->spatialite = spatialite_alloc_connection();
    if (!db->spatialite) {
        reg_close(db);
        return reg_error_nomem(err);
    }
    int oflags = SQLITE_OPEN_NOMUTEX |
                 (readonly ? SQLITE_OPEN_READONLY
                           : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
    int rc;
    if (sqlite3_open_v2(path, &db->sql, oflags, NULL) != SQLITE_OK) {
        rc = db->sql ? reg_error_sqlite(db, err) : reg_error_nomem(err);
        reg_close(db);
        return rc;
    }
    spatialite_init_ex(db->sql, db->spatialite, 0);
    if ((rc = set_pragmas(db, err)) != REG_OK ||
        (rc = reg_schema_prepare(db, target, !readonly, err)) != REG_OK) {
        reg_close(db);
        return rc;
    }
    *out = db;
    return REG_OK;
}

/* See registry.h. */
int reg_open(const char *path, int flags, reg_db **out, reg_error *err)
{
    return open_db(path, flags, REG_SCHEMA_VERSION, out, err);
}

/* See reg_internal.h. */
int reg_open_at_version(const char *path, int version, reg_db **out, reg_error *err)
{
    struct stat sb;
    if (version < 1 || version > REG_SCHEMA_VERSION || !path || stat(path, &sb) == 0)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    return open_db(path, REG_OPEN_CREATE, version, out, err);
}

/* See registry.h. */
int reg_db_version(reg_db *db, int *version, reg_error *err)
{
    if (!db || !version)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "PRAGMA user_version", &st, err);
    if (rc != REG_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    else
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}
