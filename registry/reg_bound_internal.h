/*
 * reg_bound_internal.h: what the registry's boundary files (reg_line_*,
 * reg_marker_*, reg_round_*, reg_insp_*, reg_photo_*, reg_check_*) share.
 */
#ifndef DIMING_REG_BOUND_INTERNAL_H
#define DIMING_REG_BOUND_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "geo_topology.h"
#include "reg_boundaries.h"
#include "reg_internal.h"

#define REG_LINE_NUMBER_MAX 24
#define REG_MARKER_ID_MAX (REG_LINE_NUMBER_MAX + 4) /* number + 3 digits + type */
#define REG_SHA256_HEX 65                          /* 64 hex digits + NUL */

/* ---- free text (reg_text.c) --------------------------------------------- */

/* NFKC-normalises free text, trims white space, refuses control
 * characters (newlines and tabs too unless multiline) and more than
 * max_chars characters.  *out is a malloc'd copy (caller frees), or NULL
 * when in is NULL or blank and !required.  Errors name the field:
 * text_required, text_too_long, text_bad_utf8, text_control_char (400). */
int reg_text_normalize(const char *in, const char *field, size_t max_chars, int multiline,
                       int required, char **out, reg_error *err);

/* ---- ids and numbers (reg_bound_vocab.c) -------------------------------- */

/* Checks a line number: 1-24 of [0-9A-Za-z-] (line_number_invalid). */
int reg_line_number_check(const char *number, reg_error *err);

/* Splits a B5 marker id into the line number (number, REG_LINE_NUMBER_MAX +
 * 1 bytes), sequence (1-999) and type letter.  marker_id_invalid. */
int reg_marker_id_parse(const char *id, char *number, int *seq, char *type, reg_error *err);

/* ---- walking rows (reg_rows.c) ------------------------------------------- */

/* What is done with one row of a statement. */
typedef int (*reg_row_fn)(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err);

/* Steps st (prepared and bound; may be NULL after a failed prepare, when
 * rc says why) to its end, calling fn for each row until it fails, then
 * finalizes st.  Returns rc when it is not REG_OK, fn's failure, the
 * SQLite failure, or REG_OK. */
int reg_rows_each(reg_db *db, sqlite3_stmt *st, int rc, reg_row_fn fn, void *ctx,
                  reg_error *err);

/* Makes one row's JSON object (a new reference in *out). */
typedef int (*reg_row_json_fn)(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err);

/* reg_rows_each appending what fn makes of each row to arr. */
int reg_rows_json(reg_db *db, sqlite3_stmt *st, int rc, json_t *arr, reg_row_json_fn fn,
                  reg_error *err);

/* Steps st (as reg_rows_each) for one row: *out is what fn makes of it,
 * or the not-found error (code, field, messages) when there is none. */
int reg_row_one(reg_db *db, sqlite3_stmt *st, int rc, reg_row_json_fn fn, json_t **out,
                const char *code, const char *field, const char *zh, const char *en,
                reg_error *err);

/* ---- the demonstration data's generator (reg_rng.c) -------------------- */

/* The next value of a splitmix64 generator of state *s. */
uint64_t reg_rng_next(uint64_t *s);

/* A uniform double in [0, 1). */
double reg_rng_unit(uint64_t *s);

/* A generator's state for one thing: the seed mixed with its text (a line
 * number, a marker id), so that each draws the same whatever else is. */
uint64_t reg_rng_state(unsigned long seed, const char *text);

/* ---- geometry helpers (reg_bound_geom.c) -------------------------------- */

/* Reads WKB (as AsBinary gives) into a new geometry, EPSG:4490.
 * geometry_corrupt (REG_EIO) when it cannot. */
int reg_wkb_geom(reg_db *db, const void *wkb, int len, GEOSGeometry **out, reg_error *err);

/* A new copy of g (EPSG:4490) in EPSG:4544 metres.  geometry_error. */
int reg_to_4544(reg_db *db, const GEOSGeometry *g, GEOSGeometry **out, reg_error *err);

/* Projects one point from EPSG:4490 to EPSG:4544 (coordinate_out_of_range). */
int reg_xy_4544(reg_db *db, double lon, double lat, double *x, double *y, reg_error *err);

/* Projects one point from EPSG:4544 back to EPSG:4490. */
int reg_xy_4490(reg_db *db, double x, double y, double *lon, double *lat, reg_error *err);

/* Frees a geometry made with the connection's handle; NULL is a no-op. */
void reg_geom_free(reg_db *db, GEOSGeometry *g);

/* A JSON real rounded to decimals places (7 for degrees, 2 for metres). */
json_t *reg_json_real(double v, int decimals);

/* ---- lines (reg_line_*.c) ---------------------------------------------- */

/* A line's id and geometry by number.  *geom (EPSG:4490, caller frees)
 * may be NULL when geom is NULL.  line_not_found (404). */
int reg_line_lookup(reg_db *db, const char *number, sqlite3_int64 *id, GEOSGeometry **geom,
                    reg_error *err);

/* The JSON of one line (reg_boundary_get without markers) from a row of
 * REG_LINE_COLUMNS with, in column 11, the geometry as WKB. */
#define REG_LINE_COLUMNS                                                                   \
    "l.id, l.number, l.level, l.left_code, l.left_name, l.right_code, l.right_name,"      \
    " l.agreement, l.description, l.last_joint_check,"                                     \
    " (SELECT count(*) FROM markers m WHERE m.line_id = l.id), AsBinary(l.geom),"          \
    " EXISTS (SELECT 1 FROM units u WHERE u.code = l.left_code),"                          \
    " EXISTS (SELECT 1 FROM units u WHERE u.code = l.right_code)"
int reg_line_row_json(reg_db *db, sqlite3_stmt *st, int with_geometry, json_t **out,
                      reg_error *err);

/* 1 if a line last checked on date (YYYY-MM-DD, or NULL for never) is due
 * on day today (B1: more than five years before). */
int reg_line_due(const char *last_check, const char *today);

/* ---- township-level units by parent (reg_unit_groups.c) --------------- */

/* The current township-level units of one parent that have polygons,
 * projected to EPSG:4544, with the parent's polygon when it has one. */
typedef struct reg_unit_group {
    char parent[REG_CODE_MAX + 1];
    GEOSGeometry *parent_poly; /* EPSG:4544, or NULL */
    char (*codes)[REG_CODE_MAX + 1];
    char (*names)[REG_NAME_BUF];
    GEOSGeometry **polys; /* EPSG:4544 */
    size_t n, cap;
} reg_unit_group;

typedef int (*reg_unit_group_fn)(reg_db *db, reg_unit_group *g, void *ctx, reg_error *err);

/* Calls fn for each parent's group, in code order, until it fails. */
int reg_unit_groups(reg_db *db, reg_unit_group_fn fn, void *ctx, reg_error *err);

/* ---- markers (reg_marker_*.c) ------------------------------------------ */

/* Columns of a marker row for reg_marker_row_json. */
#define REG_MARKER_COLUMNS                                                                 \
    "m.id, l.number, m.seq, m.type, X(m.geom), Y(m.geom), m.material, m.year_set,"        \
    " m.condition"

/* The JSON of a marker (without refs and records) from a row of
 * REG_MARKER_COLUMNS starting at column 0. */
int reg_marker_row_json(reg_db *db, sqlite3_stmt *st, json_t **out, reg_error *err);

/* Sets marker["refs"] to its reference objects. */
int reg_marker_add_refs(reg_db *db, json_t *marker, reg_error *err);

/* Sets a marker's current condition inside the caller's write. */
int reg_marker_set_condition(reg_db *db, const char *id, reg_condition c, reg_error *err);

/* Writes a checked marker (upsert) inside the caller's write; used by
 * reg_marker_upsert and the synthesiser. */
int reg_marker_write(reg_db *db, const char *actor, const reg_marker_input *in, char *outcome,
                     reg_error *err);

/* ---- rounds (reg_round_*.c) -------------------------------------------- */

/* A round's status and dates.  round_not_found. */
typedef struct reg_round_row {
    int closed;
    char start_date[REG_DATE_BUF];
    char end_date[REG_DATE_BUF]; /* "" when open-ended */
} reg_round_row;
int reg_round_load(reg_db *db, int number, reg_round_row *row, reg_error *err);

/* Writes a checked round line (team and representatives) inside the
 * caller's write: inserts or updates. */
int reg_round_line_write(reg_db *db, int round, const reg_round_line *rl, reg_error *err);

/* ---- photos (reg_photo.c) ---------------------------------------------- */

/* Writes a checked photo to its content-addressed file (temp file, fsync,
 * rename) and its row in photos (once).  sha_hex gets the digest. */
int reg_photo_store(reg_db *db, const unsigned char *data, size_t len, const char *content_type,
                    char sha_hex[REG_SHA256_HEX], reg_error *err);

/* The SHA-256 of data as 64 lower-case hex digits. */
void reg_sha256_hex(const void *data, size_t len, char out[REG_SHA256_HEX]);

/* ---- checks (reg_check_*.c) --------------------------------------------- */

/* Findings as they are collected, with the options in force. */
typedef struct reg_findings {
    reg_db *db;
    json_t *list;   /* array of findings */
    json_t *counts; /* {code: n} */
    json_t *hausdorff; /* {line number: metres} of every line compared */
    double tolerance_m, min_area_m2, gap_width_m;
    int round;
    const char *line;
    char today[REG_DATE_BUF];
    long lines_checked, markers_checked, units_checked;
} reg_findings;

/* What one finding says.  Strings are the caller's; NULL members are left
 * out.  geom (EPSG:4544) may be NULL. */
typedef struct reg_finding {
    const char *code;
    const char *severity; /* "error" or "warning" */
    const char *line;
    const char *marker;
    const char *units[GEO_GAP_TOUCH_MAX];
    size_t nunits;
    double x, y; /* EPSG:4544 */
    const GEOSGeometry *geom;
    const char *message_zh, *message_en;
} reg_finding;

/* Appends a finding with the measured values (a new object the call
 * takes, may be NULL).  REG_OK or a failure. */
int reg_finding_add(reg_findings *f, const reg_finding *what, json_t *measured, reg_error *err);

/* The checks, each appending to f. */
int reg_check_siblings(reg_findings *f, reg_error *err);      /* overlaps, gaps */
int reg_check_lines(reg_findings *f, reg_error *err);         /* line against polygons */
int reg_check_markers(reg_findings *f, reg_error *err);       /* on line, pairs, numbering */
int reg_check_displacement(reg_findings *f, reg_error *err);  /* B7 */
int reg_check_coverage(reg_findings *f, reg_error *err);      /* B1; round coverage, B4 */

/* Binds the line filter of f to parameter idx (NULL binds NULL). */
int reg_findings_bind_line(reg_findings *f, sqlite3_stmt *st, int idx);

#endif
