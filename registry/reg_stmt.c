/*
 * reg_stmt.c: preparing, caching and stepping SQL statements.  Every
 * statement takes its values as bound parameters.
 */
#include <stdlib.h>
#include <string.h>

#include "reg_internal.h"

/* "Current" below means valid_to IS NULL OR valid_to > today (?2): the
 * validity interval [valid_from, valid_to) is half-open. */
static const char *const stmt_sql[REG_STMT_COUNT] = {
    [REG_STMT_REVISION] = "SELECT value FROM meta WHERE key = 'units_revision'",
    [REG_STMT_TOKEN_CHECK] = "SELECT name, role, revoked_at FROM api_tokens WHERE sha256 = ?1",
    [REG_STMT_UNIT_ROW] = "SELECT code, name, level, parent_code, valid_from, valid_to, "
                          "geom IS NOT NULL FROM units WHERE code = ?1",
    [REG_STMT_UNIT_GEOM] = "SELECT AsBinary(geom) FROM units WHERE code = ?1",
    [REG_STMT_UNIT_EXISTS] = "SELECT 1 FROM units WHERE code = ?1",
    [REG_STMT_UNIT_CHAIN] =
        "WITH RECURSIVE up(code, name, level, parent_code, depth) AS ("
        " SELECT p.code, p.name, p.level, p.parent_code, 1 FROM units u"
        " JOIN units p ON p.code = u.parent_code WHERE u.code = ?1"
        " UNION ALL"
        " SELECT p.code, p.name, p.level, p.parent_code, up.depth + 1 FROM up"
        " JOIN units p ON p.code = up.parent_code WHERE up.depth < 8)"
        " SELECT code, name, level FROM up ORDER BY depth DESC",
    [REG_STMT_UNIT_CHILDREN] = "SELECT level, count(*) FROM units WHERE parent_code = ?1"
                               " AND (valid_to IS NULL OR valid_to > ?2)"
                               " GROUP BY level ORDER BY level",
    [REG_STMT_UNIT_FORMER] = "SELECT name, valid_from, valid_to FROM unit_names"
                             " WHERE unit_code = ?1 ORDER BY valid_to, id",
    [REG_STMT_AUDIT_APPEND] =
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)"
        " VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6)",
    [REG_STMT_SAVEPOINT] = "SAVEPOINT reg_write",
    [REG_STMT_RELEASE] = "RELEASE reg_write",
};

/* See reg_internal.h. */
int reg_stmt(reg_db *db, reg_stmt_id id, sqlite3_stmt **out, reg_error *err)
{
    sqlite3_stmt *st = db->stmts[id];
    *out = NULL;
    if (!st) {
        if (sqlite3_prepare_v3(db->sql, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
                               NULL) != SQLITE_OK)
            return reg_error_sqlite(db, err);
        db->stmts[id] = st;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    *out = st;
    return REG_OK;
}

/* See reg_internal.h. */
void reg_stmts_finalize(reg_db *db)
{
    for (int i = 0; i < REG_STMT_COUNT; i++) {
        sqlite3_finalize(db->stmts[i]);
        db->stmts[i] = NULL;
    }
}

/* See reg_internal.h. */
int reg_prepare(reg_db *db, const char *sql, sqlite3_stmt **out, reg_error *err)
{
    *out = NULL;
    if (sqlite3_prepare_v2(db->sql, sql, -1, out, NULL) != SQLITE_OK) {
        sqlite3_finalize(*out);
        *out = NULL;
        return reg_error_sqlite(db, err);
    }
    return REG_OK;
}

/* See reg_internal.h. */
int reg_exec(reg_db *db, const char *sql, reg_error *err)
{
    if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
        return reg_error_sqlite(db, err);
    return REG_OK;
}

/* See reg_internal.h. */
int reg_step_done(reg_db *db, sqlite3_stmt *st, reg_error *err)
{
    int rc = sqlite3_step(st);
    int status = rc == SQLITE_DONE ? REG_OK : reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return status;
}

/* See reg_internal.h. */
int reg_column_copy(char *dst, size_t size, sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    size_t n = s ? strlen(s) : 0;
    if (n >= size)
        return -1;
    memcpy(dst, s ? s : "", n + 1);
    return 0;
}

/* See reg_internal.h. */
int reg_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
    if (!text)
        return sqlite3_bind_null(st, idx);
    return sqlite3_bind_text(st, idx, text, -1, SQLITE_STATIC);
}

/* See reg_internal.h. */
char *reg_sql_values(const char *head, int cols, int rows)
{
    size_t len = strlen(head), size = len + (size_t)rows * (2 * (size_t)cols + 2) + 1;
    char *sql = malloc(size), *p = sql;
    if (!sql)
        return NULL;
    memcpy(p, head, len);
    p += len;
    for (int r = 0; r < rows; r++) {
        *p++ = r ? ',' : ' ';
        *p++ = '(';
        for (int c = 0; c < cols; c++) {
            *p++ = '?';
            *p++ = c + 1 < cols ? ',' : ')';
        }
    }
    *p = '\0';
    return sql;
}
