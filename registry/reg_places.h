/*
 * reg_places.h: the register of standard place names (地名), the legal
 * naming workflow of 《地名管理条例》 and the naming rules N1-N9 of
 * DOMAIN.md.  Part of the registry module: the only code with SQL.
 *
 * What it promises:
 *  - A place has a place-name code, a standard name split into 专名
 *    (specific) and 通名 (generic), its romanisation by N9 (standard and
 *    toned forms, generated from the 8,105-character table, a polyphone
 *    table and a staff override), a category of the census classes, an
 *    optional geometry of any type in EPSG:4490 inside the county, the
 *    units it lies in (computed from the geometry, crossing allowed),
 *    descriptive fields and dated former names and aliases (N7).
 *  - Every write is one transaction (or a savepoint inside an import) with
 *    a place event (who, when, action, status before and after, changes)
 *    and an audit entry.  Refused input writes nothing.
 *  - The workflow draft -> proposed -> under_review -> approved -> filed /
 *    announced -> in_use, and from in_use rename (back to approved with the
 *    new name, the old kept as former) or cancel; anything else is
 *    REG_ECONFLICT ("transition_not_allowed") with the allowed actions.
 *  - Rule findings (N1-N4, N9) come back as errors (they block a proposal)
 *    and warnings (a reviewer acknowledges each before approval; the
 *    acknowledgement is recorded).
 *  - Search and autocomplete by Chinese prefix and substring, full pinyin
 *    and initials, and former names, from an in-memory index that each
 *    connection rebuilds when places or units change.
 *
 * The rule tables (the .tsv files of data/places/ and data/hanzi/tongyong_guifan_8105.tsv)
 * are read once per process from $DIMING_DATA, else from the data directory
 * of the source tree the binary was built from.
 *
 * Threading: as registry.h; the rule tables are shared read-only.
 */
#ifndef DIMING_REG_PLACES_H
#define DIMING_REG_PLACES_H

#include <stddef.h>
#include <jansson.h>

#include "registry.h"

#define REG_PLACE_NAME_MAX 20 /* characters of a standard place name (NFKC) */

/* What a place is made of, as written by staff or an import.  Strings are
 * the caller's and may be NULL (absent).  The name is either name (split by
 * the N4 table) or specific + generic; generic may also accompany name to
 * say where the 通名 starts. */
typedef struct reg_place_input {
    const char *name;            /* full standard name */
    const char *specific;        /* 专名 */
    const char *generic;         /* 通名 */
    const char *category;        /* "0801", "交通运输设施/街路巷" or "街路巷" */
    const char *unit;            /* division code of the unit it lies in, when no geometry */
    const GEOSGeometry *geometry; /* EPSG:4490 (or 4326); NULL for none */
    const char *pinyin_override; /* toned readings, one syllable per character */
    const char *meaning;         /* 含义 */
    const char *origin;          /* 由来 */
    const char *history;         /* 历史沿革 */
    const char *description;     /* 地理实体描述 */
    const char *location;        /* 位置描述 (announcement, N6) */
    const char *sources;         /* 资料来源 */
    int protected_flag;          /* N8 protection list: -1 unset, 0, 1 */
} reg_place_input;

/* A document of N5, recorded at review (or with a rename). */
typedef struct reg_place_doc {
    const char *kind;      /* evaluation (综合评估), expert_review (专家论证),
                            * consultation (征求意见) */
    const char *reference; /* file number, URL or attachment reference */
    const char *title;     /* may be NULL */
    const char *date;      /* YYYY-MM-DD, may be NULL */
} reg_place_doc;

/* A reviewer's acknowledgement of a finding, by the finding's key. */
typedef struct reg_place_ack {
    const char *key;  /* as in the finding: "N3:n3_homophone:12" */
    const char *note; /* what the reviewer concluded (N2: "no specific link") */
} reg_place_ack;

/* A workflow transition (POST /api/v1/places/{id}/transitions). */
typedef struct reg_place_action {
    const char *action;    /* propose|review|approve|file|announce|rename|cancel */
    const char *date;      /* approve/rename: approval date; file, announce,
                            * cancel: the day it happened; NULL = today */
    const char *authority; /* approve, rename, cancel: the approving body */
    const char *note;      /* reason or remark, may be NULL */
    const reg_place_doc *docs; /* review, rename */
    size_t ndocs;
    const reg_place_ack *acks; /* propose, review, approve, rename */
    size_t nacks;
    const reg_place_input *rename; /* rename: the new name (name or specific +
                                    * generic, pinyin_override) */
    const char *protection_plan;   /* rename of a protected name (N8) */
} reg_place_action;

/* A dated other name of a place, for imports of existing names. */
typedef struct reg_place_name_input {
    const char *name;
    const char *kind;       /* "former" or "alias" */
    const char *valid_from; /* YYYY-MM-DD or NULL (unknown) */
    const char *valid_to;   /* former: YYYY-MM-DD; alias: NULL while in use */
} reg_place_name_input;

/* An existing standard name, registered as in use (imports). */
typedef struct reg_place_existing {
    reg_place_input place;
    const char *code;          /* its place-name code, or NULL to assign one */
    const char *valid_from;    /* date the name took effect, or NULL */
    const char *approved_by;   /* may be NULL */
    const char *approval_date; /* may be NULL */
    const reg_place_name_input *names;
    size_t nnames;
} reg_place_existing;

/* A candidate name to check (GET /api/v1/places/check). */
typedef struct reg_place_candidate {
    const char *name;
    const char *generic;      /* optional explicit 通名 */
    const char *category;
    const char *unit;         /* optional: where it would lie (N3 scope) */
    const char *pinyin_override;
    long long exclude_id;     /* a place not to compare with (itself), or 0 */
} reg_place_candidate;

/* Search (GET /api/v1/places). */
typedef struct reg_place_query {
    const char *q;        /* Chinese, pinyin or initials; NULL or "" for all */
    const char *category; /* class or subclass (code or name) */
    const char *unit;     /* division code: places in it or below */
    const char *status;   /* one status */
    int has_bbox;
    double bbox[4];       /* min lon, min lat, max lon, max lat */
    int has_near;
    double near[3];       /* lon, lat, radius in metres */
    int limit;            /* 1-100; 0 = 20 */
    const char *cursor;   /* from a previous page's next_cursor */
} reg_place_query;

/* A street (交通运输设施/街路巷) for the doorplate register. */
typedef struct reg_street {
    long long id;
    char code[24];
    char name[96];
    char pinyin[192];       /* N9 standard form, "Huishi Nanlu" */
    char pinyin_toned[256]; /* "Huìshī Nánlù" */
    char status[16];
    GEOSGeometry *line;     /* LineString or MultiLineString, EPSG:4490, or
                             * NULL when none is recorded */
} reg_street;

/* ---- rule tables ------------------------------------------------------- */

/* Loads the rule tables if not loaded yet (first use does it anyway):
 * lets a program fail early, with the reason in err, when the data
 * directory is missing or a table is malformed. */
int reg_places_data_load(reg_error *err);

/* The categories as a JSON array of {code, class, subclass, geometry,
 * generics: [...]}.  New reference. */
int reg_place_categories(json_t **out, reg_error *err);

/* ---- writes (each one transaction with an event and an audit entry) ---- */

/* Creates a draft; with propose 1, proposes it in the same transaction
 * (the proposal's rule errors refuse both).  *id_out gets the new id;
 * *detail (may be NULL) gets {findings} when a proposal is refused, and
 * the draft's findings on success.  Errors: bad_argument, name_*,
 * specific_empty, unknown_category, geometry_*, outside_county (400/422),
 * rule_errors (422). */
int reg_place_create(reg_db *db, const char *actor, const reg_place_input *in, int propose,
                     const reg_place_ack *acks, size_t nacks, long long *id_out,
                     json_t **detail, reg_error *err);

/* Changes a draft: each non-NULL member of patch replaces the stored one
 * ("" clears a text field); clear_geometry removes the geometry.  Only the
 * descriptive fields (meaning, origin, history, description, location,
 * sources) and protected_flag may change after the draft stage
 * (not_draft, 409). */
int reg_place_update(reg_db *db, const char *actor, long long id,
                     const reg_place_input *patch, int clear_geometry, reg_error *err);

/* Applies a workflow transition.  On refusal *detail (may be NULL) gets
 * what the caller needs: {allowed: [actions]} (transition_not_allowed,
 * 409), {findings} (rule_errors, warnings_unacknowledged, 422), {missing:
 * [kinds]} (documents_missing, 422). */
int reg_place_transition(reg_db *db, const char *actor, long long id,
                         const reg_place_action *a, json_t **detail, reg_error *err);

/* Registers an existing standard name as in use (imports), with its
 * former names and aliases.  Bad input is refused as by reg_place_create;
 * rule findings do not refuse it (ask reg_place_findings).  A place with
 * the same code, or else the same name, category and location, is left
 * as it is: *outcome (may be NULL) is 'i' for inserted, '=' for already
 * there.  duplicate_code (409) if the code belongs to another name. */
int reg_place_register(reg_db *db, const char *actor, const reg_place_existing *in,
                       long long *id_out, char *outcome, reg_error *err);

/* ---- reads ------------------------------------------------------------- */

/* The place as JSON (see README, API).  as_of (YYYY-MM-DD or NULL) answers
 * with the standard name and spelling valid on that day (no_name_on_date,
 * 404, if it had none).  with_geometry adds the GeoJSON geometry. */
int reg_place_get(reg_db *db, long long id, const char *as_of, int with_geometry,
                  json_t **out, reg_error *err);

/* The current rule findings of a place, with the acknowledgements of its
 * naming round: {errors, warnings}, each finding with "acknowledged":
 * {by, at, note} when a reviewer did. */
int reg_place_findings(reg_db *db, long long id, json_t **out, reg_error *err);

/* The place's events, oldest first: {id, at, actor, action, from, to,
 * changes, detail}. */
int reg_place_history(reg_db *db, long long id, json_t **out, reg_error *err);

/* Every rule finding for a candidate, writing nothing: {name, specific,
 * generic, pinyin, pinyin_toned, category, scope, errors, warnings}. */
int reg_place_check(reg_db *db, const reg_place_candidate *c, json_t **out, reg_error *err);

/* Search: {places: [...], next_cursor}.  Ranked exact, prefix, substring,
 * pinyin, former; without q by name (or by distance with near). */
int reg_place_search(reg_db *db, const reg_place_query *q, json_t **out, reg_error *err);

/* Up to limit (1-20) suggestions for what a person has typed: current
 * standard names (approved and later) and former names, ranked as search.
 * The answer is JSON text, {q, suggestions: [{id, name, pinyin, match,
 * category, area, status, former_name}]}, in *json (malloc'd, *len bytes):
 * the hot path skips building a tree of objects. */
int reg_place_autocomplete(reg_db *db, const char *q, int limit, char **json, size_t *len,
                           reg_error *err);

/* Places whose filing or announcement is late (N6: 15 days after
 * approval), as of today: [{id, name, approval_date, due, missing:
 * [file, announce], days_late}]. */
int reg_place_overdue(reg_db *db, json_t **out, reg_error *err);

/* The announcement (N6) of one or more approved names: {title, issuer,
 * date, places: [{id, name, pinyin, area, location, authority,
 * approval_date}]}.  not_approved (409) for a place not yet approved. */
int reg_place_announcement(reg_db *db, const long long *ids, size_t n, json_t **out,
                           reg_error *err);

/* Renders an announcement from reg_place_announcement as a printable A4
 * HTML page with no external resources.  *html is malloc'd. */
int reg_place_announcement_html(const json_t *announcement, char **html, size_t *len,
                                reg_error *err);

/* ---- streets (for the doorplate register) ----------------------------- */

/* Reads a street by place id: name, romanisation and line geometry (a new
 * GEOS geometry the caller frees with reg_street_clear).  not_a_street
 * (REG_ERULE) if the place is not of category 交通运输设施/街路巷. */
int reg_street_get(reg_db *db, long long id, reg_street *out, reg_error *err);

/* Frees what reg_street_get allocated in s; keeps the connection's GEOS
 * handle (db) for it. */
void reg_street_clear(reg_db *db, reg_street *s);

/* The streets in a unit (its code or any code below it), not cancelled:
 * [{id, code, name, pinyin, status}] by name. */
int reg_streets_list(reg_db *db, const char *unit, json_t **out, reg_error *err);

/* ---- romanisation ------------------------------------------------------ */

/* Romanises a standard name by N9 for a category (as reg_place_input):
 * *standard ("Huishi Nanlu") and *toned ("Huìshī Nánlù"), each at least
 * 256 bytes. */
int reg_pinyin_name(const char *name, const char *generic, const char *category,
                    const char *pinyin_override, char *standard, char *toned,
                    reg_error *err);

#endif
