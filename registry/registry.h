/*
 * registry: diming's domain and its storage.  The only module that speaks SQL.
 *
 * What it promises:
 *  - A SpatiaLite file database in WAL mode with foreign keys on, a busy
 *    timeout, spatial metadata for EPSG 4490, 4326 and 4544, and a schema
 *    versioned by PRAGMA user_version.  An older database is migrated in one
 *    transaction when opened; a newer one is refused (REG_ENEWER).
 *  - Every write is one transaction (BEGIN IMMEDIATE, or a savepoint inside
 *    a transaction the caller opened with reg_tx_begin) and appends to the
 *    audit log in that same transaction.  Nothing is half-applied.
 *  - Every statement is prepared with bound parameters.
 *  - Administrative units validated by the division-code rules of DOMAIN.md.
 *  - API tokens: only the SHA-256 of a token is stored.
 *
 * Threading: a reg_db is one SQLite connection with its own geo_ctx; use it
 * from one thread only.  Open one per thread.
 *
 * Errors: functions return REG_OK (0) or a negative reg_status and fill the
 * reg_error the caller passes (which may be NULL) with a stable code and a
 * message in Chinese and in English.
 */
#ifndef DIMING_REGISTRY_H
#define DIMING_REGISTRY_H

#include <stddef.h>
#include <jansson.h>
#include "geo.h"

typedef enum reg_status {
    REG_OK = 0,
    REG_EINVAL = -1,    /* malformed input (HTTP 400) */
    REG_ERULE = -2,     /* well-formed input that breaks a domain rule (422) */
    REG_ENOTFOUND = -3, /* no such record (404) */
    REG_ECONFLICT = -4, /* conflicts with what is stored (409) */
    REG_EAUTH = -5,     /* unknown or revoked token (401) */
    REG_ENEWER = -6,    /* database written by a newer diming */
    REG_EIO = -7,       /* SQLite or file error (500) */
    REG_ENOMEM = -8,
    REG_ETOOLARGE = -9, /* an uploaded file over its cap (413) */
    REG_EMEDIA = -10    /* an uploaded file of the wrong kind (415) */
} reg_status;

typedef struct reg_error {
    int status;           /* the reg_status returned */
    char code[48];        /* stable machine code, e.g. "code_prefix_mismatch" */
    char field[48];       /* the offending field, or "" */
    char message_zh[320];
    char message_en[320];
} reg_error;

typedef struct reg_db reg_db;

/* ---- opening ---------------------------------------------------------- */

/* Once per process, before any reg_open, and reg_shutdown once at exit. */
void reg_global_init(void);
void reg_global_shutdown(void);

#define REG_OPEN_CREATE 1   /* create the file and an empty registry if missing */
#define REG_OPEN_READONLY 2 /* open without write access (no migration) */

/* Opens (and migrates) a registry.  Without REG_OPEN_CREATE a missing file
 * is REG_ENOTFOUND.  Returns REG_ENEWER for a database of a newer schema. */
int reg_open(const char *path, int flags, reg_db **out, reg_error *err);

/* Closes the connection and frees everything; NULL is a no-op. */
void reg_close(reg_db *db);

/* The schema version this build writes. */
int reg_schema_version(void);

/* Reads the schema version of the open database into *version: a query
 * that proves the connection answers (health checks). */
int reg_db_version(reg_db *db, int *version, reg_error *err);

/* The connection's geo context (same thread as the connection). */
geo_ctx *reg_geo(reg_db *db);

/* Opens an outer write transaction (BEGIN IMMEDIATE) so that several
 * registry writes commit or roll back together (imports).  Writes made
 * inside it use savepoints: a failed write undoes only itself. */
int reg_tx_begin(reg_db *db, reg_error *err);
int reg_tx_commit(reg_db *db, reg_error *err);
void reg_tx_rollback(reg_db *db);

/* As reg_tx_begin, for a bulk load that checks the references of what it
 * writes itself and verifies them all before its commit
 * (reg_doorplates_bulk_end): SQLite does not enforce foreign keys in it
 * (each insert would look every reference up and journal its pages for a
 * statement rollback).  Enforcement is back when it commits or rolls
 * back. */
int reg_tx_begin_unchecked(reg_db *db, reg_error *err);

/* ---- administrative units -------------------------------------------- */

typedef enum reg_level {
    REG_LEVEL_PROVINCE = 0, /* 2-digit code */
    REG_LEVEL_CITY,         /* 4 */
    REG_LEVEL_COUNTY,       /* 6 */
    REG_LEVEL_TOWN,         /* 9, 镇 100-199 */
    REG_LEVEL_TOWNSHIP,     /* 9, 乡 200-399 */
    REG_LEVEL_SUBDISTRICT,  /* 9, 街道 001-099 */
    REG_LEVEL_COMMUNITY,    /* 12, 居委会 001-199 */
    REG_LEVEL_VILLAGE,      /* 12, 村委会 200-399 */
    REG_LEVEL_COUNT
} reg_level;

/* "province", "city", "county", "town", "township", "subdistrict",
 * "community", "village"; NULL for an out-of-range value. */
const char *reg_level_name(reg_level level);
int reg_level_parse(const char *text, reg_level *out);

/* A unit as written.  Strings are the caller's; geometry is optional. */
typedef struct reg_unit_input {
    const char *code;
    const char *name;
    const char *level;       /* text as in reg_level_name */
    const char *parent_code; /* NULL or "" only for a province */
    const char *valid_from;  /* YYYY-MM-DD or NULL (today) */
} reg_unit_input;

/* Checks a unit's fields and division code by the rules of DOMAIN.md
 * without touching the database: code digits and length per level, the
 * suffix range per level, the code starting with the parent's code, a
 * non-empty name of at most 50 characters (after NFKC), dates.  */
int reg_unit_check_fields(const reg_unit_input *in, reg_error *err);

/* Creates a unit (parent must exist and be current, code never used).
 * The audit entry is "create".  REG_ECONFLICT if the code exists. */
int reg_unit_create(reg_db *db, const char *actor, const reg_unit_input *in, reg_error *err);

/* Inserts or updates by code: a new code is created; an existing unit whose
 * name differs is renamed as of today, the old name kept in the unit's
 * history (its level and parent follow from the code by the division-code
 * rules, so they cannot differ); an identical row changes nothing and
 * writes no audit entry.  *outcome is set to 'i', 'u' or '=' when not
 * NULL. */
int reg_unit_upsert(reg_db *db, const char *actor, const reg_unit_input *in,
                    char *outcome, reg_error *err);

/* A division change to an existing unit.  Each non-NULL member is applied:
 * a new name (the old kept in history, valid until the change date), a new
 * end of validity (valid_to, YYYY-MM-DD), a new polygon.  Validity
 * intervals are half-open: a unit is current while valid_to is NULL or
 * after today (the date in China, UTC+8). */
typedef struct reg_unit_patch {
    const char *name;
    const char *valid_to;
    const char *change_date;     /* YYYY-MM-DD the change takes effect; NULL = today */
    const GEOSGeometry *geometry; /* Polygon/MultiPolygon in EPSG:4490, valid */
    int clear_geometry;           /* 1 to make the geometry empty */
} reg_unit_patch;

int reg_unit_update(reg_db *db, const char *actor, const char *code,
                    const reg_unit_patch *patch, reg_error *err);

/* Sets a unit's polygon (validated; must be polygonal, EPSG:4490).  A
 * polygon identical to the stored one changes nothing and writes no audit
 * entry.  *outcome is set to 'u' or '=' when not NULL. */
int reg_unit_set_geometry(reg_db *db, const char *actor, const char *code,
                          const GEOSGeometry *geometry, char *outcome, reg_error *err);

/* Finds a current unit's code by its exact current name (NFKC) among units
 * of the given level or level group: a level name, "township_level" (town,
 * township, subdistrict) or "village_level" (community, village); NULL for
 * any.  REG_ENOTFOUND, or REG_ECONFLICT when the name is not unique.
 * code_out must hold 13 bytes. */
int reg_unit_find_by_name(reg_db *db, const char *name, const char *level,
                          char *code_out, reg_error *err);

/* The unit as JSON: code, name, level, parent_code, valid_from, valid_to,
 * chain (parents from the top, each code/name/level), children ({total,
 * by_level: {level: count}} of current children), former_names (name,
 * valid_from, valid_to), has_geometry, and geometry (GeoJSON, EPSG:4490,
 * null when none) when with_geometry.  New reference. */
int reg_unit_get(reg_db *db, const char *code, int with_geometry, json_t **out, reg_error *err);

/* Lists units as a JSON array of {code, name, level, parent_code,
 * valid_from, valid_to, has_geometry}, by code.  parent and level (a level
 * or level group as for reg_unit_find_by_name) filter when not NULL.
 * include_retired 0 hides units that are not current (valid_to today or
 * earlier). */
int reg_units_list(reg_db *db, const char *parent, const char *level,
                   int include_retired, json_t **out, reg_error *err);

/* Finds the township-level unit (town, township or subdistrict) whose
 * polygon holds (lon, lat) in EPSG:4490, using a locator the connection
 * builds on first use and rebuilds when units change.  On success *out is
 * the unit as reg_unit_get gives it without geometry.  REG_ENOTFOUND when
 * no polygon holds the point, REG_EINVAL when out of range. */
int reg_locate(reg_db *db, double lon, double lat, json_t **out, reg_error *err);

/* ---- API tokens -------------------------------------------------------- */

/* Roles, in increasing order of what they may do beyond reading. */
typedef enum reg_role { REG_ROLE_STAFF = 0, REG_ROLE_INSPECTOR, REG_ROLE_ADMIN } reg_role;
const char *reg_role_name(reg_role role);
int reg_role_parse(const char *text, reg_role *out);

/* Creates a token: 32 random bytes from getrandom(), base64url without
 * padding (43 characters) written to token_out (at least 64 bytes).  Only
 * its SHA-256 is stored.  Names are 1-64 characters of [A-Za-z0-9._-],
 * unique forever (REG_ECONFLICT). */
int reg_token_create(reg_db *db, const char *actor, const char *name, reg_role role,
                     char *token_out, size_t token_len, reg_error *err);

/* Looks a presented token up: REG_OK with its name (name_out, 65 bytes)
 * and role, or REG_EAUTH if unknown or revoked. */
int reg_token_check(reg_db *db, const char *token, char *name_out, size_t name_len,
                    reg_role *role, reg_error *err);

/* JSON array of {name, role, created_at, revoked_at}. */
int reg_token_list(reg_db *db, json_t **out, reg_error *err);

/* Revokes a token by name (REG_ENOTFOUND, REG_ECONFLICT if already revoked). */
int reg_token_revoke(reg_db *db, const char *actor, const char *name, reg_error *err);

/* ---- audit log --------------------------------------------------------- */

/* Reads the audit log as a JSON array of {id, at, actor, action, entity,
 * entity_id, before, after}, oldest first.  Each filter may be NULL; since
 * is an ISO 8601 date or date-time; at most limit entries after after_id. */
int reg_audit_list(reg_db *db, const char *entity, const char *entity_id, const char *since,
                   long after_id, int limit, json_t **out, reg_error *err);

/* ---- feature collections (OGC API - Features, export) ----------------
 *
 * A kind of feature (units today; places, streets, doorplates, boundary
 * lines and markers as they are built) is served by the OGC API and
 * written by `diming export` from one descriptor: the table or view it
 * lives in and the columns to read.  The registry builds every statement
 * from the descriptor alone (identifiers checked to be plain names and
 * double-quoted) and binds every value; nothing from a request ever
 * becomes SQL text.  The built-in descriptors are listed in
 * reg_feature_collections.c: adding a kind is adding one there.
 */

#define REG_FEATURE_PROPS_MAX 24 /* properties of one collection, at most */
#define REG_FEATURE_ID_MAX 64    /* bytes of a feature id, at most */

typedef enum reg_prop_type {
    REG_PROP_TEXT = 0, /* UTF-8 text */
    REG_PROP_INTEGER,  /* 64-bit integer */
    REG_PROP_REAL,     /* double */
    REG_PROP_DATE      /* text YYYY-MM-DD */
} reg_prop_type;

/* One property: a column of the table, published under its own name. */
typedef struct reg_prop {
    const char *name;     /* column and property name: [A-Za-z_][A-Za-z0-9_]* */
    reg_prop_type type;
    const char *title_zh; /* label on HTML pages */
} reg_prop;

/* What the geometry column holds: decides the shapefile shape type and
 * whether CSV carries lon/lat columns. */
typedef enum reg_geom_type {
    REG_GEOM_POINT = 0, /* Point */
    REG_GEOM_LINE,      /* LineString or MultiLineString */
    REG_GEOM_POLYGON,   /* Polygon or MultiPolygon */
    REG_GEOM_ANY        /* any of them, mixed: no shapefile export */
} reg_geom_type;

typedef struct reg_collection {
    const char *id;          /* collection id and export KIND, e.g. "units" */
    const char *title_zh;
    const char *title_en;
    const char *table;       /* table or view the features come from */
    const char *id_column;   /* unique per feature (the featureId); also a property */
    const char *geom_column; /* EPSG:4490 geometry (lon/lat), may be NULL in a row */
    reg_geom_type geom_type;
    const char *index_table; /* table whose SpatiaLite index covers geom_column; NULL: table */
    const char *index_rowid; /* column of table holding index_table's ROWID; NULL: ROWID */
    const reg_prop *props;   /* the properties, in output order */
    size_t nprops;
    const char *time_start;  /* DATE column: validity begins (datetime filter); or NULL */
    const char *time_end;    /* DATE column: validity ends, exclusive, NULL value = open;
                                NULL here: a feature's time is the instant time_start */
    const char *unit_column; /* column holding a division code (--unit, unit filter); or NULL */
} reg_collection;

/* The built-in collections, in the order they are listed; *n is set. */
const reg_collection *const *reg_collections(size_t *n);

/* The collection of list (n entries) with this id, or NULL. */
const reg_collection *reg_collection_find(const reg_collection *const *list, size_t n,
                                          const char *id);

/* Checks a descriptor: every identifier a plain name, the id column among
 * the properties, at most REG_FEATURE_PROPS_MAX properties, none named f,
 * bbox, crs, limit, offset or datetime (the OGC items parameters),
 * time_end only with time_start.  REG_EINVAL ("bad_descriptor", reason in
 * the messages). */
int reg_collection_check(const reg_collection *c, reg_error *err);

/* The index of the property called name in c, or -1. */
int reg_collection_prop(const reg_collection *c, const char *name);

/* What to read.  Every member left zero/NULL means "no restriction".  The
 * time filter keeps the features whose time meets the closed interval
 * [time_from, time_to] (either end NULL for open): with time_end in the
 * descriptor a feature's time is [time_start, time_end), else the instant
 * time_start.  unit keeps features whose unit column starts with that
 * division code (the unit and everything under it). */
typedef struct reg_feature_query {
    const char *id;        /* exactly this feature */
    int has_bbox;
    double bbox[4];        /* min lon, min lat, max lon, max lat, EPSG:4490 */
    const char *time_from; /* YYYY-MM-DD or NULL */
    const char *time_to;   /* YYYY-MM-DD or NULL */
    const char *unit;      /* 2-12 digits or NULL */
    const char *filters[REG_FEATURE_PROPS_MAX]; /* filters[i]: props[i] equals this text */
    long offset;           /* matching features skipped first */
    long limit;            /* most features passed to the callback; -1 for all */
    int count;             /* 1: count every match into *matched */
} reg_feature_query;

/* One value of a row; which member holds it follows the property type. */
typedef struct reg_value {
    int is_null;
    long long i;   /* REG_PROP_INTEGER */
    double r;      /* REG_PROP_REAL */
    const char *s; /* REG_PROP_TEXT, REG_PROP_DATE */
} reg_value;

/* A feature as the callback sees it; valid during the call only. */
typedef struct reg_feature {
    const char *id;
    const unsigned char *wkb; /* ISO WKB, EPSG:4490 lon/lat; NULL: no geometry */
    size_t wkb_len;
    const reg_value *values;  /* one per property of the collection */
} reg_feature;

/* Called once a feature; returns 0 to go on, anything else to stop. */
typedef int (*reg_feature_fn)(void *cls, const reg_feature *f);

/* Reads the features of c that match q, ordered by id, skipping offset and
 * passing at most limit to fn.  A bbox keeps the features whose geometry
 * intersects it (the spatial index first, then an exact GEOS test).  With
 * q->count, *matched is the number of all matching features.  Returns
 * REG_OK; fn's non-zero value unchanged when fn stopped the read (err is
 * then the caller's to fill); REG_EINVAL for a bad query (bad_filter: a
 * non-numeric value for a numeric property; bad_unit; no_time: a time
 * filter on a collection without dates; bad_descriptor); REG_EIO. */
int reg_features_read(reg_db *db, const reg_collection *c, const reg_feature_query *q,
                      reg_feature_fn fn, void *cls, long *matched, reg_error *err);

/* What a collection holds, computed from its rows. */
typedef struct reg_extent {
    long count;                     /* features */
    int has_bbox;                   /* 0 when no feature has a geometry */
    double bbox[4];                 /* min lon, min lat, max lon, max lat */
    char time_min[11];  /* earliest time_start (YYYY-MM-DD), "" if none */
    char time_max[11];  /* latest time end, "" if some feature is still valid or none */
} reg_extent;

/* Computes the extent of c (one pass over its rows). */
int reg_collection_extent(reg_db *db, const reg_collection *c, reg_extent *out,
                          reg_error *err);

/* The properties of a feature as a new JSON object, typed by the
 * descriptor (null for SQL NULL); NULL when memory runs out. */
json_t *reg_feature_properties(const reg_collection *c, const reg_feature *f);

/* Runs the reads between this call and reg_snapshot_end in one read
 * transaction, so that they see the same data (an export that reads
 * twice).  *opened says whether to end it; nested calls are no-ops. */
int reg_snapshot_begin(reg_db *db, int *opened, reg_error *err);
void reg_snapshot_end(reg_db *db, int opened);

/* The WKT SpatiaLite keeps for an EPSG code in spatial_ref_sys (for a
 * shapefile's .prj), as a new string (free()).  REG_ENOTFOUND if unknown. */
int reg_srs_wkt(reg_db *db, int srid, char **out, reg_error *err);

/* ---- errors ------------------------------------------------------------ */

/* Fills err (when not NULL) with the status, stable code, field and the two
 * messages (copied, truncated to fit) and returns status. */
int reg_error_set(reg_error *err, int status, const char *code, const char *field,
                  const char *message_zh, const char *message_en);

#endif
