/*
 * reg_boundaries.h: administrative boundary lines, their markers (界桩) and
 * the joint inspections of them (DOMAIN.md B1-B7).
 *
 * What it promises:
 *  - Boundary lines with the two units on either side (code and name as
 *    text: the far side of a county-level line may be a unit of another
 *    county the registry does not hold), the agreed line (LineString or
 *    MultiLineString, EPSG:4490), the agreement (协议书) reference, the
 *    description of the course (走向说明) and the last joint check (B1).
 *  - Markers with ids of rule B5 (line number, three-digit sequence, type Q
 *    single, A/B pair, C/D/E triple), registered position, reference
 *    objects (方位物: name, bearing, distance), material, year set and the
 *    current condition (B3).
 *  - Inspection rounds (B1) with their lines, teams and both sides'
 *    representatives; inspection records that are never changed (a
 *    correction is a new record pointing at the one it corrects),
 *    idempotent on a client-supplied id; photos stored by SHA-256 in a
 *    directory beside the database (DBPATH.photos/ab/abcdef...).
 *  - Inside-work checks (内业检查), every distance and area measured in
 *    EPSG:4544, each finding with a stable code, measured values, the
 *    tolerance it broke and where it is.
 *  - Every write is one transaction with its audit entry, as registry.h.
 *
 * Threading and errors: as registry.h.
 */
#ifndef DIMING_REG_BOUNDARIES_H
#define DIMING_REG_BOUNDARIES_H

#include <stddef.h>
#include <jansson.h>

#include "registry.h"

/* ---- vocabulary -------------------------------------------------------- */

/* Marker conditions of rule B3. */
typedef enum reg_condition {
    REG_COND_INTACT = 0,     /* 完好 */
    REG_COND_FADED,          /* 字迹模糊 */
    REG_COND_DAMAGED,        /* 损坏 */
    REG_COND_DISPLACED,      /* 移位 */
    REG_COND_LOST,           /* 丢失 */
    REG_COND_REFS_INCOMPLETE, /* 方位物不齐 */
    REG_COND_COUNT
} reg_condition;

/* What the team did to a marker. */
typedef enum reg_action {
    REG_ACTION_NONE = 0, /* 无 */
    REG_ACTION_REPAINTED, /* 重新描字 */
    REG_ACTION_REPAIRED,  /* 维修 */
    REG_ACTION_REPLACED,  /* 更换 */
    REG_ACTION_RESET,     /* 按登记坐标复位 */
    REG_ACTION_COUNT
} reg_action;

/* The stored English word ("intact", "faded", "damaged", "displaced",
 * "lost", "refs_incomplete"), or NULL out of range. */
const char *reg_condition_name(reg_condition c);
/* The Chinese term of B3, or NULL out of range. */
const char *reg_condition_zh(reg_condition c);
/* Parses the English word or the Chinese term.  REG_OK or REG_EINVAL. */
int reg_condition_parse(const char *text, reg_condition *out);

/* "none", "repainted", "repaired", "replaced", "reset"; NULL out of range. */
const char *reg_action_name(reg_action a);
const char *reg_action_zh(reg_action a);
int reg_action_parse(const char *text, reg_action *out);

/* 1 if the action needs both sides present (B4: repair, replace, reset). */
int reg_action_needs_parties(reg_action a);

/* B7: the default displacement tolerance in metres. */
#define REG_TOLERANCE_DEFAULT_M 1.0
/* An observed position farther than this from the registered one is not a
 * displaced marker but a wrong record (another marker, a typing or GNSS
 * error): refused. */
#define REG_OBSERVED_MAX_M 1000.0
/* Stated GNSS accuracy accepted, in metres (0 < accuracy <= this). */
#define REG_ACCURACY_MAX_M 100.0
/* A photo's size cap in bytes. */
#define REG_PHOTO_MAX ((size_t)10 << 20)
/* Photos per record. */
#define REG_PHOTOS_PER_RECORD 8
/* B1: a line is due when its last joint check is this many years old. */
#define REG_CHECK_INTERVAL_YEARS 5

/* ---- boundary lines ----------------------------------------------------- */

/* A line as written.  Strings are the caller's.  number: 1-24 characters
 * of [0-9A-Za-z-].  level: "township" (both sides township-level units of
 * the registry) or "county".  A side whose code the registry holds takes
 * the registry's current name when its name is NULL; a side it does not
 * hold needs its name.  Dates are YYYY-MM-DD. */
typedef struct reg_line_input {
    const char *number;
    const char *level;
    const char *left_code, *left_name;
    const char *right_code, *right_name;
    const char *agreement;        /* 协议书 reference, may be NULL */
    const char *description;      /* 走向说明, may be NULL */
    const char *last_joint_check; /* may be NULL */
    const GEOSGeometry *geometry; /* LineString/MultiLineString, EPSG:4490 */
} reg_line_input;

/* Inserts a line or updates the line with that number.  An identical line
 * changes nothing and writes no audit entry.  *outcome is 'i', 'u' or '='
 * when not NULL.  Errors: line_number_invalid, line_level_invalid,
 * side_code_invalid, side_name_missing, sides_equal, geometry_* (400),
 * side_unknown for a township-level side the registry does not hold (422). */
int reg_boundary_upsert(reg_db *db, const char *actor, const reg_line_input *in,
                        char *outcome, reg_error *err);

/* A line as JSON: id, number, level, left/right {code, name, held},
 * agreement, description, last_joint_check, due (B1, as of today),
 * length_m, geometry (GeoJSON, EPSG:4490), markers (each as in
 * reg_marker_get without records), marker_count.  REG_ENOTFOUND
 * (line_not_found). */
int reg_boundary_get(reg_db *db, const char *number, json_t **out, reg_error *err);

/* Every line as a JSON array, by number, each as reg_boundary_get gives it
 * without geometry and markers. */
int reg_boundary_list(reg_db *db, json_t **out, reg_error *err);

typedef struct reg_derive_summary {
    long pairs;    /* pairs of polygons that share an edge */
    long inserted, updated, unchanged;
    double seconds;
} reg_derive_summary;

/* Builds the boundary lines between neighbouring current units of a level
 * group ("township": town, township and subdistrict) from the shared edges
 * of their polygons, per parent: number the two units' three-digit suffixes
 * (lower code first, e.g. "100101"), oriented by B5 (west to east, or north
 * to south), left and right as they lie along it.  Existing lines of those
 * numbers are updated; running it again changes nothing.  One transaction.
 * REG_EINVAL (derive_level) for another level. */
int reg_boundary_derive(reg_db *db, const char *actor, const char *level,
                        reg_derive_summary *sum, reg_error *err);

/* ---- markers -------------------------------------------------------------- */

/* One reference object (方位物): bearing from the marker to it, clockwise
 * from grid north, in [0, 360); distance in metres. */
typedef struct reg_marker_ref {
    const char *name;
    double bearing_deg;
    double distance_m;
} reg_marker_ref;

/* A marker as written.  id: B5 form (the line's number, three digits 001-
 * 999, one of Q A B C D E); the line is the one whose number the id starts
 * with.  lon/lat in EPSG:4490.  year_set 0 when unknown.  condition as
 * reg_condition_parse takes (NULL: intact). */
typedef struct reg_marker_input {
    const char *id;
    double lon, lat;
    const char *material;
    int year_set;
    const char *condition;
    const reg_marker_ref *refs;
    size_t nrefs;
} reg_marker_input;

/* Inserts or updates a marker by id (*outcome 'i', 'u' or '=').  Errors:
 * marker_id_invalid, coordinate_out_of_range, bad_condition, bad_year,
 * ref_invalid (400), line_not_found (404) for an id whose line number is
 * not registered. */
int reg_marker_upsert(reg_db *db, const char *actor, const reg_marker_input *in,
                      char *outcome, reg_error *err);

/* A marker as JSON: id, line (number), seq, type, lon, lat (EPSG:4490),
 * x, y (EPSG:4544 metres), material, year_set, condition {code, zh}, refs
 * [{name, bearing_deg, distance_m}], and with_records: records (every
 * inspection record of it, newest first, as reg_inspection_get).
 * REG_ENOTFOUND (marker_not_found). */
int reg_marker_get(reg_db *db, const char *id, int with_records, json_t **out, reg_error *err);

typedef struct reg_synth_options {
    unsigned long seed;
    double spacing_m; /* mean distance between markers along a line; >= 10 */
} reg_synth_options;

typedef struct reg_synth_summary {
    long lines, markers, inserted, updated, unchanged;
    long by_condition[REG_COND_COUNT];
} reg_synth_summary;

/* Places demonstration markers along every line: single markers (Q) on the
 * line and same-number pairs (A/B) 8 m either side of it, numbered by B5
 * from the west (north) end, with a seeded share of each condition of B3,
 * materials, years set and two or three reference objects.  The same seed
 * gives the same markers.  One transaction. */
int reg_marker_synth(reg_db *db, const char *actor, const reg_synth_options *opt,
                     reg_synth_summary *sum, reg_error *err);

/* ---- inspection rounds ------------------------------------------------ */

/* A line in a round: its number, the team, and the representatives of the
 * left and right sides. */
typedef struct reg_round_line {
    const char *line;
    const char *team, *left_rep, *right_rep;
} reg_round_line;

/* A round as created: number >= 1 (5 for the fifth round), dates, and its
 * lines; nlines 0 puts every registered line in it without a team. */
typedef struct reg_round_input {
    int number;
    const char *name;
    const char *start_date, *end_date; /* end may be NULL */
    const reg_round_line *lines;
    size_t nlines;
} reg_round_input;

/* Creates an open round.  Errors: round_number_invalid, bad_date,
 * date_order, duplicate_line (400/422), line_not_found (404),
 * round_exists (409). */
int reg_round_create(reg_db *db, const char *actor, const reg_round_input *in,
                     reg_error *err);

/* A change to a round: status "open"/"closed", name, end date, and lines
 * to add or whose team and representatives to set.  NULL members are
 * left as they are. */
typedef struct reg_round_patch {
    const char *status;
    const char *name;
    const char *end_date;
    const reg_round_line *lines;
    size_t nlines;
} reg_round_patch;

/* Applies a patch.  Lines cannot be added to a closed round (round_closed,
 * 409) unless the same patch reopens it.  Closing a round sets the last
 * joint check (B1) of each of its lines that has records in it to the
 * round's end date, or today.  round_not_found (404), bad_status,
 * patch_empty (400). */
int reg_round_update(reg_db *db, const char *actor, int number, const reg_round_patch *patch,
                     reg_error *err);

/* A round as JSON: number, name, start_date, end_date, status, closed_at,
 * lines [{number, left, right, team, left_rep, right_rep, markers,
 * markers_inspected, records}], records (count).  round_not_found. */
int reg_round_get(reg_db *db, int number, json_t **out, reg_error *err);

/* Every round as a JSON array of {number, name, start_date, end_date,
 * status, lines, records}. */
int reg_round_list(reg_db *db, json_t **out, reg_error *err);

typedef struct reg_round_synth_options {
    int number;             /* the round; created when it does not exist */
    unsigned long seed;
    const char *start_date; /* YYYY-MM-DD, for a new round */
    double share;           /* of the markers of a walked line recorded; (0, 1] */
} reg_round_synth_options;

typedef struct reg_round_synth_summary {
    long lines_inspected, records;
    long by_action[REG_ACTION_COUNT];
} reg_round_synth_summary;

/* Fills a demonstration round (reg_round_synth.c tells how): teams and
 * both sides' representatives for every line, and records for most
 * markers of most lines, made through reg_inspection_add with client ids
 * of their own, so that running it again adds nothing.  bad_share, and
 * the errors of reg_round_create and reg_inspection_add. */
int reg_round_synth(reg_db *db, const char *actor, const reg_round_synth_options *opt,
                    reg_round_synth_summary *sum, reg_error *err);

/* ---- inspection records ------------------------------------------------- */

/* A photo as received: bytes only; the type comes from its magic bytes. */
typedef struct reg_photo_input {
    const unsigned char *data;
    size_t len;
} reg_photo_input;

/* A record as written.  The observed position is as the GNSS gave it, in
 * crs (EPSG:4490, EPSG:4326 or gcj02); has_position 0 when there is none
 * (a lost marker).  accuracy_m is required with a position.  observed_at
 * is ISO 8601 with a zone (or a date).  corrects is the server id of the
 * record this one corrects (0 none), or corrects_client_id its client id. */
typedef struct reg_inspection_input {
    const char *client_id; /* 1-64 of [A-Za-z0-9._:-], or NULL */
    const char *marker;
    int round;
    const char *observed_at;
    const char *inspector;
    int has_position;
    double lon, lat;
    geo_crs crs;
    int has_accuracy;
    double accuracy_m;
    const char *condition;
    const char *action; /* NULL: none */
    const char *party_left, *party_right;
    const char *notes;
    long corrects;
    const char *corrects_client_id;
    const reg_photo_input *photos;
    size_t nphotos;
} reg_inspection_input;

/* Stores a record and its photos.  With a client id already stored: the
 * same content gives that record again (*outcome '='), other content is
 * record_conflict (409).  Otherwise *outcome 'i'.  Errors, all before
 * anything is written: marker_not_found, round_not_found (404);
 * round_closed (409); line_not_in_round, parties_required (B4),
 * observed_too_far, time_outside_round, correction_mismatch,
 * already_corrected (422); bad_condition, bad_action, bad_accuracy,
 * accuracy_missing, coordinate_out_of_range, bad_time, client_id_invalid,
 * text_* (400); photo_not_image (415), photo_too_large (413),
 * too_many_photos (400).  The marker's current condition becomes what
 * was found, or intact after an action. */
int reg_inspection_add(reg_db *db, const char *actor, const reg_inspection_input *in,
                       long *id_out, char *outcome, reg_error *err);

/* A record as JSON: id, client_id, marker, line, round, observed_at,
 * inspector, observed {lon, lat, crs (as given), accuracy_m} or null,
 * position {lon, lat} (EPSG:4490) or null, distance_m from the registered
 * position, condition {code, zh}, action {code, zh}, parties {left, right},
 * notes, corrects, corrected_by, photos [{sha256, content_type, bytes}],
 * created_at, created_by.  record_not_found. */
int reg_inspection_get(reg_db *db, long id, json_t **out, reg_error *err);

/* Checks a photo: at most REG_PHOTO_MAX bytes (photo_too_large, 413) and
 * JPEG, PNG, WebP or HEIC/HEIF by its magic bytes (photo_not_image, 415).
 * *content_type is a static string ("image/jpeg", ...). */
int reg_photo_check(const unsigned char *data, size_t len, const char **content_type,
                    reg_error *err);

/* Finds a stored photo by its SHA-256 (64 lower-case hex digits): the file
 * path (path, pathlen bytes), content type (static) and size.
 * photo_not_found (404), bad_sha256 (400). */
int reg_photo_find(reg_db *db, const char *sha256, char *path, size_t pathlen,
                   const char **content_type, long long *bytes, reg_error *err);

/* ---- inside-work checks ----------------------------------------------- */

typedef struct reg_check_options {
    int round;            /* 0: no round (coverage checks left out) */
    const char *line;     /* a line number, or NULL for every line */
    double tolerance_m;   /* B7 and marker-on-line tolerance; 0 gives 1.0 */
    double min_area_m2;   /* smallest overlap or gap reported; 0 gives 1.0 */
    double gap_width_m;   /* closing width for slivers; 0 gives 5.0 */
} reg_check_options;

/* Runs every check (reg_check.c tells the codes) and sets *out to
 * {options, elapsed_s, lines_checked, markers_checked, units_checked,
 * counts {code: n}, hausdorff_m {line: metres, for every line compared with
 * its units' polygons}, findings [...]}.  A finding is {code, severity
 * (error, warning), line, marker, units [codes], measured {...}
 * (metres, square metres), tolerance_m, location {lon, lat} (EPSG:4490)
 * and {x, y} (EPSG:4544), geometry (GeoJSON, EPSG:4490, when it has an
 * extent), message_zh, message_en}.  round_not_found, line_not_found,
 * bad_tolerance. */
int reg_check_boundaries(reg_db *db, const reg_check_options *opt, json_t **out,
                         reg_error *err);

/* The data of a round's report, for one line or all of its lines: round
 * (as reg_round_get; null with round 0, which reports on every registered
 * line and the latest records of any round), lines [{line as reg_boundary_get with its markers,
 * each marker with "latest" (its latest record in the round, or null),
 * team, left_rep, right_rep}], checks (as reg_check_boundaries for the
 * round and line), summary {by_condition {code: n} (what the latest
 * record of each marker in the round found; "not_inspected" for markers
 * without one), by_action {code: n} (of those latest records),
 * records_counted, markers, markers_inspected, photos [sha256...] (of those
 * records)}.  round_not_found, line_not_in_round. */
int reg_round_report(reg_db *db, int round, const char *line, const reg_check_options *opt,
                     json_t **out, reg_error *err);

#endif
