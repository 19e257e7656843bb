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
#define REG_SCHEMA_VERSION 9

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
    REG_STMT_UNIT_EXISTS,   /* a row when the unit code is in the register */
    REG_STMT_UNIT_CHAIN,    /* one unit's parents from the top */
    REG_STMT_UNIT_CHILDREN, /* current children counted per level */
    REG_STMT_UNIT_FORMER,   /* former names */
    REG_STMT_AUDIT_APPEND,  /* one audit entry */
    REG_STMT_SAVEPOINT,     /* a write inside the caller's transaction begins */
    REG_STMT_RELEASE,       /* ... and is kept */
    REG_STMT_COUNT
} reg_stmt_id;

/* A statement built from a collection descriptor for one query shape
 * (reg_feature_sql.c): which collection, which shape, the statement. */
#define REG_FEATURE_STMTS 16
typedef struct reg_feature_slot {
    const reg_collection *c;
    unsigned key;
    sqlite3_stmt *st;
} reg_feature_slot;

/* A collection's extent and unfiltered count as of one data version of
 * the database (reg_feature_read.c): computing them reads every row. */
#define REG_FEATURE_MEMOS 16
typedef struct reg_feature_memo {
    const struct reg_collection *c; /* NULL: a free slot */
    unsigned version;               /* SQLITE_FCNTL_DATA_VERSION they were read at */
    int has_extent, has_total;
    reg_extent extent;
    long total;
} reg_feature_memo;

/* One connection: SQLite handle, SpatiaLite cache, geo context, statement
 * cache and the point locator built from township polygons. */
struct reg_db {
    sqlite3 *sql;
    char *path;      /* the database file, as opened */
    void *spatialite;
    geo_ctx *geo;
    int readonly;
    int fk_unchecked; /* a transaction of reg_tx_begin_unchecked is open */
    int bulk_pragmas; /* a bulk load set the page cache and CHECK pragmas:
                         the end of its transaction sets them back */
    int units_fixed;  /* a bulk load is open: it writes no unit, so the
                         locator needs no revision check a point */
    sqlite3_stmt *stmts[REG_STMT_COUNT];
    geo_locator *locator;                    /* NULL when no polygon */
    char (*locator_codes)[REG_CODE_MAX + 1]; /* locator id i -> unit code */
    int locator_valid;                       /* 0: rebuild on next use */
    sqlite3_int64 locator_revision;          /* units revision it was built at */
    char locator_day[REG_DATE_BUF];          /* day it was built (validity) */
    reg_feature_slot feature_stmts[REG_FEATURE_STMTS]; /* cache, filled in turn */
    unsigned feature_stmt_next;                        /* slot the next miss takes */
    reg_feature_memo feature_memo[REG_FEATURE_MEMOS];  /* extents and counts by version */
    struct reg_dp_cache *dp;                 /* doorplates: statements, bulk state */
    struct rp_cache *place_cache;            /* place names (reg_place_cache.c) */
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

/* Opens a read transaction when none is open, so that a read made of
 * several statements sees one snapshot and takes the WAL read lock once
 * instead of once a statement.  *opened tells reg_read_end whether to end
 * it.  Nested calls are no-ops. */
int reg_read_begin(reg_db *db, int *opened, reg_error *err);

/* The number of write transactions this process has committed so far
 * (every connection): a cache built from the database stays valid while
 * it does not move, as far as this process's writes go. */
unsigned long reg_write_epoch(void);

/* Ends the read transaction reg_read_begin opened (opened = 1). */
void reg_read_end(reg_db *db, int opened);

/* Finalizes every cached statement (at close). */
void reg_stmts_finalize(reg_db *db);

/* Prepares sql (not cached) into *out; the caller finalizes it. */
int reg_prepare(reg_db *db, const char *sql, sqlite3_stmt **out, reg_error *err);

/* Runs constant SQL that has no parameters (schema, BEGIN, COMMIT). */
int reg_exec(reg_db *db, const char *sql, reg_error *err);

/* Steps st once more expecting SQLITE_DONE; then resets it.  REG_OK, or
 * the SQLite failure as reg_error_sqlite gives it. */
int reg_step_done(reg_db *db, sqlite3_stmt *st, reg_error *err);

/* Copies the text of column col of st's current row into dst (size
 * bytes); "" for NULL.  0, or -1 if it does not fit. */
int reg_column_copy(char *dst, size_t size, sqlite3_stmt *st, int col);

/* A new string: head (an INSERT up to its VALUES) followed by rows groups
 * of cols "?" parameters, for an insert of many rows with one statement;
 * NULL without memory.  free() it. */
char *reg_sql_values(const char *head, int cols, int rows);

/* Binds text at idx (NULL binds NULL); the text must outlive the step. */
int reg_bind_text(sqlite3_stmt *st, int idx, const char *text);

/* ---- R*Tree bulk fill (reg_rtree_pack.c) ------------------------------- */

/* Replaces the whole content of the 2-D R*Tree virtual table rtree (a
 * name from the code, e.g. "idx_addresses_geom") by a Sort-Tile-Recursive
 * packed tree of the rows src yields (columns id, xmin, xmax, ymin, ymax;
 * rows with a NULL xmin are left out), in the caller's transaction.
 * src is stepped to its end, not reset or finalised.  REG_EINVAL for a
 * box whose min exceeds its max, REG_EIO if the tree's root is missing. */
int reg_rtree_pack(reg_db *db, const char *rtree, sqlite3_stmt *src, reg_error *err);

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

/* Writes the time now as "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC) into out
 * (REG_TIME_BUF bytes), as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ', 'now'). */
void reg_now(char *out);

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
 * reg_geom_to_wkb (byte for byte, as AsBinary gives it back) or the same
 * shape listed in another order (geo_wkb_same_shape: a shapefile's rings
 * turned clockwise), else 0. */
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

/* Reads the units revision from meta (bumped by every unit write). */
int reg_units_revision(reg_db *db, sqlite3_int64 *rev, reg_error *err);

/* Frees the locator (at close). */
void reg_locate_free(reg_db *db);

/* ---- feature queries (reg_feature_sql.c) ------------------------------ */

/* The shape of a feature statement: which clauses it has.  A filter on
 * property i sets bit REG_FQ_FILTER << i. */
enum {
    REG_FQ_ID = 1u << 0,     /* WHERE id = ? */
    REG_FQ_BBOX = 1u << 1,   /* rows from the spatial index's window */
    REG_FQ_FROM = 1u << 2,   /* time meets [from, ...] */
    REG_FQ_TO = 1u << 3,     /* time meets [..., to] */
    REG_FQ_UNIT = 1u << 4,   /* unit column starts with a code */
    REG_FQ_PAGE = 1u << 5,   /* LIMIT ? OFFSET ? */
    REG_FQ_COUNT = 1u << 6,  /* SELECT count(*) instead of the rows */
    REG_FQ_EXTENT = 1u << 7, /* the extent aggregates, no WHERE */
    REG_FQ_FILTER = 1u << 8
};

/* The shape of the query q on c (REG_FQ_COUNT and REG_FQ_PAGE not set). */
unsigned reg_feature_key(const reg_collection *c, const reg_feature_query *q);

/* Sets *out to the connection's statement for (c, key), built and prepared
 * on first use (c checked then), reset with bindings cleared.  A rows
 * statement yields: id, AsBinary(geometry), then each property; a count
 * statement one count; an extent statement count, min x, min y, max x,
 * max y, earliest time, latest time, open-ended count. */
int reg_feature_stmt(reg_db *db, const reg_collection *c, unsigned key, sqlite3_stmt **out,
                     reg_error *err);

/* Binds q's values to st, built for (c, key), in the order the builder
 * wrote the parameters.  REG_EINVAL (bad_filter, bad_unit) for values
 * that cannot match the column type; REG_EIO if SQLite refuses. */
int reg_feature_bind(reg_db *db, const reg_collection *c, unsigned key,
                     const reg_feature_query *q, sqlite3_stmt *st, reg_error *err);

/* Finalizes the cached feature statements (at close). */
void reg_feature_stmts_finalize(reg_db *db);
/* The code of the township-level unit whose polygon holds (lon, lat)
 * (EPSG:4490) into code_out (REG_CODE_MAX + 1 bytes), with the locator of
 * reg_locate but without reading the unit.  REG_ENOTFOUND
 * ("not_located"), REG_EINVAL ("coordinate_range"). */
int reg_locate_code(reg_db *db, double lon, double lat, char *code_out, reg_error *err);

/* ---- doorplates (reg_dp_*.c) -------------------------------------------- */

/* Frees the doorplate statements and caches of the connection (at close). */
void reg_dp_free(reg_db *db);

/* Drops the connection's cached unit chains (reg_dp_chain.c), after a
 * rollback: the revision they were read at may come back with other
 * units. */
void reg_dp_chain_invalidate(reg_db *db);
/* ---- place names (reg_place_cache.c) ----------------------------------- */

/* Frees the process's place-name rule tables (reg_global_shutdown). */
void reg_places_data_free(void);

/* Frees the connection's place-name cache (at close). */
void reg_place_cache_free(reg_db *db);

/* Drops the place-name index and unit polygons (after a rollback). */
void reg_place_cache_invalidate(reg_db *db);

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

/* Steps st (bound, not yet stepped) to its end and collects row_fn(st) of
 * every row into a new array in *out.  Leaves st for the caller to reset
 * or finalize.  On failure *out is NULL: out of memory (row_fn returned
 * NULL) or the SQLite error. */
int reg_json_rows(reg_db *db, sqlite3_stmt *st, json_t *(*row_fn)(sqlite3_stmt *st),
                  json_t **out, reg_error *err);

/* ---- test hooks (used by tests/unit/test_registry.c only) -------------- */

/* Creates a new registry at path with the schema only up to version
 * (1 <= version <= REG_SCHEMA_VERSION), so that migration can be tested.
 * The file must not exist.  Same ownership as reg_open. */
int reg_open_at_version(const char *path, int version, reg_db **out, reg_error *err);

/* The connection's SQLite handle, for tests that inspect tables directly. */
sqlite3 *reg_sqlite(reg_db *db);

#endif
