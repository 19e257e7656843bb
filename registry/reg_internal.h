/*
 * reg_internal.h: what the registry's files share and nobody else sees
 * (the unit tests include it for the test hooks at the end).
 */
#ifndef DIMING_REG_INTERNAL_H
#define DIMING_REG_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>

#include "registry.h"

/* The schema version this build writes (see reg_schema.c). */
#define REG_SCHEMA_VERSION 3

#define REG_CODE_MAX 12       /* digits of the longest division code */
#define REG_NAME_MAX_CHARS 50 /* characters of a unit name after NFKC */
#define REG_NAME_BUF 256      /* bytes for a normalised name: 50 x 4 + NUL */
#define REG_DATE_BUF 11       /* "YYYY-MM-DD" + NUL */
#define REG_TIME_BUF 32       /* "YYYY-MM-DDTHH:MM:SS.mmmZ" + NUL */
#define REG_TOKEN_NAME_MAX 64

/* Prepared statements a connection keeps for its hot paths (reg_stmt.c). */
typedef enum reg_stmt_id {
    REG_STMT_REVISION,      /* the units revision counter in meta */
    REG_STMT_TOKEN_CHECK,   /* a token by its hash */
    REG_STMT_UNIT_ROW,      /* one unit's columns by code */
    REG_STMT_UNIT_GEOM,     /* one unit's geometry as WKB */
    REG_STMT_UNIT_CHAIN,    /* one unit's parents from the top */
    REG_STMT_UNIT_CHILDREN, /* current children counted per level */
    REG_STMT_UNIT_FORMER,   /* former names */
    REG_STMT_AUDIT_APPEND,  /* one audit entry */
    REG_STMT_COUNT
} reg_stmt_id;

/* One connection: SQLite handle, SpatiaLite cache, geo context, statement
 * cache and the point locator built from township polygons. */
struct reg_db {
    sqlite3 *sql;
    char *path;      /* the database file, as opened */
    void *spatialite;
    geo_ctx *geo;
    int readonly;
    sqlite3_stmt *stmts[REG_STMT_COUNT];
    geo_locator *locator;                    /* NULL when no polygon */
    char (*locator_codes)[REG_CODE_MAX + 1]; /* locator id i -> unit code */
    int locator_valid;                       /* 0: rebuild on next use */
    sqlite3_int64 locator_revision;          /* units revision it was built at */
    char locator_day[REG_DATE_BUF];          /* day it was built (validity) */
};

/* A unit's fields after checking and normalisation (reg_units_check.c). */
typedef struct reg_unit_fields {
    char code[REG_CODE_MAX + 1];
    char parent[REG_CODE_MAX + 1]; /* "" for a province */
    char name[REG_NAME_BUF];       /* NFKC, trimmed */
    reg_level level;
    char valid_from[REG_DATE_BUF];
} reg_unit_fields;

/* A write in progress: a transaction of its own or a savepoint. */
typedef struct reg_write {
    int outer; /* 1: began with BEGIN IMMEDIATE; 0: a savepoint */
} reg_write;

/* ---- errors (reg_error.c) ---------------------------------------------- */

/* reg_error_set with ": detail" appended to both messages (detail may be
 * NULL or "" for none).  Returns status. */
int reg_error_detail(reg_error *err, int status, const char *code, const char *field,
                     const char *message_zh, const char *message_en, const char *detail);

/* The connection's last SQLite failure as "storage_error" (REG_EIO) with
 * sqlite3_errmsg in the messages, or "out_of_memory" (REG_ENOMEM) when
 * SQLite ran out of memory.  Returns the status. */
int reg_error_sqlite(reg_db *db, reg_error *err);

/* "out_of_memory" (REG_ENOMEM).  Returns REG_ENOMEM. */
int reg_error_nomem(reg_error *err);

/* ---- statements (reg_stmt.c) ------------------------------------------- */

/* Sets *out to the connection's cached statement id, prepared on first
 * use, reset and with bindings cleared.  REG_OK, or the SQLite failure.
 * The caller resets it (sqlite3_reset) when done so that no read stays
 * open. */
int reg_stmt(reg_db *db, reg_stmt_id id, sqlite3_stmt **out, reg_error *err);

/* Finalizes every cached statement (at close). */
void reg_stmts_finalize(reg_db *db);

/* Prepares sql (not cached) into *out; the caller finalizes it. */
int reg_prepare(reg_db *db, const char *sql, sqlite3_stmt **out, reg_error *err);

/* Runs constant SQL that has no parameters (schema, BEGIN, COMMIT). */
int reg_exec(reg_db *db, const char *sql, reg_error *err);

/* Steps st once more expecting SQLITE_DONE; then resets it.  REG_OK, or
 * the SQLite failure as reg_error_sqlite gives it. */
int reg_step_done(reg_db *db, sqlite3_stmt *st, reg_error *err);

/* Binds text at idx (NULL binds NULL); the text must outlive the step. */
int reg_bind_text(sqlite3_stmt *st, int idx, const char *text);

/* ---- schema (reg_schema.c) --------------------------------------------- */

/* Brings the open database to schema version target (<= the build's) in
 * one BEGIN IMMEDIATE transaction.  REG_ENEWER if the file is newer than
 * this build; REG_ECONFLICT ("not_registry") for a non-empty SQLite file
 * without a diming schema; with may_write 0 an older schema is refused
 * ("schema_outdated") instead of migrated. */
int reg_schema_prepare(reg_db *db, int target, int may_write, reg_error *err);

/* ---- transactions (reg_tx.c) ------------------------------------------- */

/* Starts a write: BEGIN IMMEDIATE when no transaction is open, otherwise a
 * savepoint inside the caller's.  REG_EIO ("read_only") on a read-only
 * connection. */
int reg_write_begin(reg_db *db, reg_write *w, reg_error *err);

/* Ends a write started with reg_write_begin: rc REG_OK commits (COMMIT or
 * RELEASE), anything else undoes it (ROLLBACK, or ROLLBACK TO + RELEASE).
 * Returns rc, or the commit's failure (after rolling back).  err keeps the
 * first error. */
int reg_write_end(reg_db *db, reg_write *w, int rc, reg_error *err);

/* ---- division codes, names, dates (reg_code.c, reg_name.c, reg_date.c) - */

/* 1 if a unit of level parent may be the parent of a unit of level child
 * (the level directly above), else 0. */
int reg_level_parent_ok(reg_level child, reg_level parent);

/* Parses a level filter: a level name, or the group "township_level"
 * (town, township, subdistrict) or "village_level" (community, village).
 * Sets *mask to bit (1 << level) for each level matched; REG_EINVAL
 * ("bad_level") otherwise. */
int reg_level_filter_parse(const char *text, unsigned *mask, reg_error *err);

/* Checks code (and parent, NULL or "" for none) against level by the
 * division-code rules; REG_OK or the first failure in err. */
int reg_code_check(const char *code, reg_level level, const char *parent, reg_error *err);

/* NFKC-normalises a name (ICU), trims white space, and checks it is not
 * empty, at most REG_NAME_MAX_CHARS characters and free of control
 * characters.  Writes the UTF-8 result to out (outlen >= REG_NAME_BUF).
 * Errors name the given field. */
int reg_name_normalize(const char *in, const char *field, char *out, size_t outlen,
                       reg_error *err);

/* 1 if s is exactly YYYY-MM-DD and a real calendar date, else 0. */
int reg_date_valid(const char *s);

/* Copies a date field into out (REG_DATE_BUF bytes): s if valid, today if
 * s is NULL; REG_EINVAL ("bad_date") naming field otherwise. */
int reg_date_field(const char *s, const char *field, char *out, reg_error *err);

/* Today's date in China Standard Time (UTC+8) into out (REG_DATE_BUF). */
void reg_today(char *out);

/* Normalises an ISO 8601 date or date-time (YYYY-MM-DD, or
 * YYYY-MM-DDTHH:MM[:SS[.fff]] followed by Z or +HH:MM/-HH:MM) to UTC
 * "YYYY-MM-DDTHH:MM:SS.mmmZ" in out (REG_TIME_BUF), comparable as text with
 * audit times.  A bare date is midnight UTC.  Returns 1 if valid, else 0. */
int reg_time_normalize(const char *in, char *out);

/* ---- units (reg_units_*.c) --------------------------------------------- */

/* Checks and normalises a unit input without the database. */
int reg_unit_fields_make(const reg_unit_input *in, reg_unit_fields *f, reg_error *err);

/* Checks a unit's parent in the database: it exists (parent_missing), is
 * of the level directly above (parent_level) and is current
 * (parent_retired).  A province passes with no parent. */
int reg_unit_parent_check(reg_db *db, const reg_unit_fields *f, reg_error *err);

/* Validates a geometry for storage (non-empty, polygonal, valid, SRID 4490,
 * 4326 or unset, lon/lat in range) and writes it as MultiPolygon WKB into
 * *wkb (malloc'd, caller frees).  REG_EINVAL with code geometry_* else. */
int reg_geom_to_wkb(reg_db *db, const GEOSGeometry *g, unsigned char **wkb, size_t *len,
                    reg_error *err);

/* Sets *same to 1 if the unit's stored geometry is exactly the WKB from
 * reg_geom_to_wkb (byte for byte, as AsBinary gives it back), else 0. */
int reg_geom_same(reg_db *db, const char *code, const unsigned char *wkb, size_t len,
                  int *same, reg_error *err);

/* Stores WKB from reg_geom_to_wkb as the unit's geometry (NULL clears it). */
int reg_geom_store(reg_db *db, const char *code, const unsigned char *wkb, size_t len,
                   reg_error *err);

/* The unit's geometry as new GeoJSON in *out (json null if none). */
int reg_geom_json(reg_db *db, const char *code, json_t **out, reg_error *err);

/* ---- locator (reg_locate.c) -------------------------------------------- */

/* Marks the locator stale (after a rollback that may have undone a units
 * revision the locator was built at). */
void reg_locate_invalidate(reg_db *db);

/* Frees the locator (at close). */
void reg_locate_free(reg_db *db);

/* ---- audit (reg_audit.c) ----------------------------------------------- */

/* Checks an actor: 1-128 bytes, no control characters.  REG_EINVAL
 * ("actor_invalid") otherwise. */
int reg_actor_check(const char *actor, reg_error *err);

/* Appends one audit entry in the current transaction: time now (UTC, ms),
 * actor, action, entity, entity_id, before and after (either may be NULL;
 * stored as compact JSON text). */
int reg_audit_append(reg_db *db, const char *actor, const char *action, const char *entity,
                     const char *entity_id, const json_t *before, const json_t *after,
                     reg_error *err);

/* ---- JSON (reg_json.c) ------------------------------------------------- */

/* Sets obj[key] to column col of the current row of st: a string, or null
 * for SQL NULL.  0, or -1 on failure (out of memory, invalid UTF-8). */
int reg_json_set_column(json_t *obj, const char *key, sqlite3_stmt *st, int col);

/* Compact JSON text of v (coordinates with 15 significant digits); NULL
 * for v NULL or on failure.  Caller frees with free(). */
char *reg_json_dump(const json_t *v);

/* ---- test hooks (used by tests/unit/test_registry.c only) -------------- */

/* Creates a new registry at path with the schema only up to version
 * (1 <= version <= REG_SCHEMA_VERSION), so that migration can be tested.
 * The file must not exist.  Same ownership as reg_open. */
int reg_open_at_version(const char *path, int version, reg_db **out, reg_error *err);

/* The connection's SQLite handle, for tests that inspect tables directly. */
sqlite3 *reg_sqlite(reg_db *db);

#endif
