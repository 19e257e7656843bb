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

/* The connection's geo context (same thread as the connection). */
geo_ctx *reg_geo(reg_db *db);

/* Opens an outer write transaction (BEGIN IMMEDIATE) so that several
 * registry writes commit or roll back together (imports).  Writes made
 * inside it use savepoints: a failed write undoes only itself. */
int reg_tx_begin(reg_db *db, reg_error *err);
int reg_tx_commit(reg_db *db, reg_error *err);
void reg_tx_rollback(reg_db *db);

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

/* ---- errors ------------------------------------------------------------ */

/* Fills err (when not NULL) with the status, stable code, field and the two
 * messages (copied, truncated to fit) and returns status. */
int reg_error_set(reg_error *err, int status, const char *code, const char *field,
                  const char *message_zh, const char *message_en);

#endif
