/*
 * reg_schema.c: the registry's schema as numbered migration steps, tracked
 * by PRAGMA user_version.
 *
 *  v1  spatial metadata (EPSG 4490, 4326, 4544), meta (units revision),
 *      units with a MULTIPOLYGON geometry (EPSG:4490) and its spatial
 *      index, unit_names (former names, N7).
 *  v2  api_tokens (SHA-256 only), audit_log.
 *  v3  places (standard place names, GEOMETRY EPSG:4490 with its spatial
 *      index), place_names (standard, former and alias names with their
 *      dates, N7), place_units, place_events (workflow history),
 *      place_documents (N5), place_acks (reviewers' acknowledgements),
 *      place_codes (sequence of place-name codes), the places revision.
 *  v4  doorplates (D1-D4): numbering_axes (the numbering rule of a street
 *      or village group of places), addresses with a POINT
 *      (EPSG:4490, spatial index; its lon, lat also as plain columns, read
 *      without parsing the geometry) and EPSG:4544 metres, plates with
 *      their D3 dates and replacement, plate_serials (codes never reused).
 *  v5  boundaries: boundary_lines (MULTILINESTRING, EPSG:4490), markers
 *      (POINT) with marker_refs (方位物), inspection_rounds with
 *      round_lines, inspection_records (append-only by trigger) and
 *      photos / record_photos (SHA-256 of files stored beside the
 *      database).
 *  v6  views of the feature collections (OGC API, export): place_features,
 *      street_features, doorplate_features.
 *  v7  spatial indexes of boundary_lines and markers, marker_features.
 *  v8  plate_batches (bulk doorplate loads).
 *  v9  numbering_axes.ordering: a village group numbered by distance from
 *      its seat or in the order the staff give (D2 rural).
 *
 * A new step is appended, never edited: databases in the field have run
 * the old ones.  All pending steps run in one BEGIN IMMEDIATE transaction.
 */
#include <stdio.h>

#include "reg_internal.h"

/* One statement of a step.  returns_one: a SELECT of a SpatiaLite function
 * that returns 1 on success and 0 on failure. */
typedef struct step_sql {
    const char *sql;
    int returns_one;
} step_sql;

typedef struct migration {
    int version;
    const char *what;
    const step_sql *sql; /* terminated by {NULL, 0} */
} migration;

/* InitSpatialMetadata's first argument asks it to open its own
 * transaction, which fails inside ours: 0 here, and ours keeps it fast
 * (0.01 s, against 7.6 s statement by statement). */
static const step_sql v1_sql[] = {
    {"SELECT InitSpatialMetadata(0, 'NONE')", 1},
    {"SELECT InsertEpsgSrid(4490)", 1},
    {"SELECT InsertEpsgSrid(4326)", 1},
    {"SELECT InsertEpsgSrid(4544)", 1},
    {"CREATE TABLE meta ("
     " key TEXT PRIMARY KEY NOT NULL,"
     " value INTEGER NOT NULL)",
     0},
    {"INSERT INTO meta (key, value) VALUES ('units_revision', 0)", 0},
    /* id is the rowid the spatial index refers to: an explicit INTEGER
     * PRIMARY KEY so that VACUUM cannot renumber it. */
    {"CREATE TABLE units ("
     " id INTEGER PRIMARY KEY,"
     " code TEXT NOT NULL UNIQUE CHECK (length(code) IN (2, 4, 6, 9, 12)"
     "   AND code NOT GLOB '*[^0-9]*'),"
     " name TEXT NOT NULL CHECK (name <> ''),"
     " level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'town',"
     "   'township', 'subdistrict', 'community', 'village')),"
     " parent_code TEXT REFERENCES units (code),"
     " valid_from TEXT NOT NULL,"
     " valid_to TEXT)",
     0},
    {"SELECT AddGeometryColumn('units', 'geom', 4490, 'MULTIPOLYGON', 'XY')", 1},
    {"SELECT CreateSpatialIndex('units', 'geom')", 1},
    {"CREATE INDEX units_parent ON units (parent_code)", 0},
    {"CREATE INDEX units_name ON units (name)", 0},
    {"CREATE TABLE unit_names ("
     " id INTEGER PRIMARY KEY,"
     " unit_code TEXT NOT NULL REFERENCES units (code),"
     " name TEXT NOT NULL,"
     " valid_from TEXT NOT NULL,"
     " valid_to TEXT NOT NULL)",
     0},
    {"CREATE INDEX unit_names_unit ON unit_names (unit_code)", 0},
    {NULL, 0},
};

static const step_sql v2_sql[] = {
    {"CREATE TABLE api_tokens ("
     " name TEXT PRIMARY KEY NOT NULL,"
     " role TEXT NOT NULL CHECK (role IN ('staff', 'inspector', 'admin')),"
     " sha256 BLOB NOT NULL UNIQUE CHECK (length(sha256) = 32),"
     " created_at TEXT NOT NULL,"
     " revoked_at TEXT)",
     0},
    {"CREATE TABLE audit_log ("
     " id INTEGER PRIMARY KEY AUTOINCREMENT,"
     " at TEXT NOT NULL,"
     " actor TEXT NOT NULL,"
     " action TEXT NOT NULL,"
     " entity TEXT NOT NULL,"
     " entity_id TEXT NOT NULL,"
     " before_json TEXT,"
     " after_json TEXT)",
     0},
    {"CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id)", 0},
    {"CREATE INDEX audit_log_at ON audit_log (at)", 0},
    {NULL, 0},
};

/* Place names (issue 3).  Self-contained: it only adds tables. */
static const step_sql v3_sql[] = {
    {"INSERT INTO meta (key, value) VALUES ('places_revision', 0)", 0},
    {"CREATE TABLE places ("
     " id INTEGER PRIMARY KEY,"
     " code TEXT NOT NULL UNIQUE CHECK (code <> ''),"
     " name TEXT NOT NULL CHECK (name <> ''),"
     " specific TEXT NOT NULL CHECK (specific <> ''),"
     " generic TEXT NOT NULL CHECK (generic <> ''),"
     " pinyin TEXT NOT NULL,"
     " pinyin_toned TEXT NOT NULL,"
     " pinyin_syllables TEXT NOT NULL,"
     " pinyin_override TEXT,"
     " category TEXT NOT NULL CHECK (length(category) = 4),"
     " status TEXT NOT NULL CHECK (status IN ('draft', 'proposed', 'under_review',"
     "   'approved', 'filed', 'announced', 'in_use', 'cancelled')),"
     " naming_round INTEGER NOT NULL DEFAULT 1,"
     " unit_code TEXT REFERENCES units (code),"
     " meaning TEXT, origin TEXT, history TEXT, description TEXT, location TEXT,"
     " sources TEXT,"
     " protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),"
     " approved_by TEXT, approval_date TEXT, filed_on TEXT, announced_on TEXT,"
     " valid_from TEXT, valid_to TEXT,"
     " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
     0},
    {"SELECT AddGeometryColumn('places', 'geom', 4490, 'GEOMETRY', 'XY')", 1},
    {"SELECT CreateSpatialIndex('places', 'geom')", 1},
    {"CREATE INDEX places_name ON places (name)", 0},
    {"CREATE INDEX places_status ON places (status, approval_date)", 0},
    {"CREATE TABLE place_names ("
     " id INTEGER PRIMARY KEY,"
     " place_id INTEGER NOT NULL REFERENCES places (id),"
     " kind TEXT NOT NULL CHECK (kind IN ('standard', 'alias')),"
     " name TEXT NOT NULL CHECK (name <> ''),"
     " pinyin TEXT NOT NULL,"
     " pinyin_toned TEXT NOT NULL,"
     " pinyin_syllables TEXT NOT NULL,"
     " valid_from TEXT,"
     " valid_to TEXT)",
     0},
    {"CREATE INDEX place_names_place ON place_names (place_id, valid_from)", 0},
    {"CREATE TABLE place_units ("
     " place_id INTEGER NOT NULL REFERENCES places (id),"
     " unit_code TEXT NOT NULL REFERENCES units (code),"
     " source TEXT NOT NULL CHECK (source IN ('geometry', 'declared')),"
     " PRIMARY KEY (place_id, unit_code))",
     0},
    {"CREATE INDEX place_units_unit ON place_units (unit_code)", 0},
    {"CREATE TABLE place_events ("
     " id INTEGER PRIMARY KEY AUTOINCREMENT,"
     " place_id INTEGER NOT NULL REFERENCES places (id),"
     " at TEXT NOT NULL,"
     " actor TEXT NOT NULL,"
     " action TEXT NOT NULL,"
     " from_status TEXT,"
     " to_status TEXT NOT NULL,"
     " changes_json TEXT,"
     " detail_json TEXT)",
     0},
    {"CREATE INDEX place_events_place ON place_events (place_id, id)", 0},
    {"CREATE TABLE place_documents ("
     " id INTEGER PRIMARY KEY,"
     " place_id INTEGER NOT NULL REFERENCES places (id),"
     " round INTEGER NOT NULL,"
     " kind TEXT NOT NULL CHECK (kind IN ('evaluation', 'expert_review', 'consultation')),"
     " reference TEXT NOT NULL CHECK (reference <> ''),"
     " title TEXT,"
     " dated TEXT,"
     " recorded_at TEXT NOT NULL,"
     " actor TEXT NOT NULL)",
     0},
    {"CREATE INDEX place_documents_place ON place_documents (place_id, round)", 0},
    {"CREATE TABLE place_acks ("
     " id INTEGER PRIMARY KEY,"
     " place_id INTEGER NOT NULL REFERENCES places (id),"
     " round INTEGER NOT NULL,"
     " finding_key TEXT NOT NULL,"
     " note TEXT NOT NULL,"
     " actor TEXT NOT NULL,"
     " at TEXT NOT NULL,"
     " UNIQUE (place_id, round, finding_key))",
     0},
    {"CREATE TABLE place_codes ("
     " prefix TEXT PRIMARY KEY NOT NULL,"
     " last INTEGER NOT NULL)",
     0},
    {NULL, 0},
};

/* Doorplates.  An axis is a place (places.id) that door numbers run
 * along: a street (a line) or a village group (its seat point).  Plates
 * and addresses are never deleted: a retired code stays, so it is never
 * reused (D4); the serial counters only grow. */
static const step_sql v4_sql[] = {
    {"CREATE TABLE numbering_axes ("
     " place_id INTEGER PRIMARY KEY REFERENCES places (id),"
     " kind TEXT NOT NULL CHECK (kind IN ('street', 'group')),"
     " unit_code TEXT NOT NULL REFERENCES units (code),"
     " reversed INTEGER NOT NULL DEFAULT 0 CHECK (reversed IN (0, 1)),"
     " odd_left INTEGER NOT NULL DEFAULT 1 CHECK (odd_left IN (0, 1)),"
     " spacing_m REAL NOT NULL DEFAULT 5 CHECK (spacing_m >= 1 AND spacing_m <= 100),"
     " updated_at TEXT NOT NULL)",
     0},
    {"CREATE INDEX numbering_axes_unit ON numbering_axes (unit_code)", 0},
    {"CREATE TABLE addresses ("
     " id INTEGER PRIMARY KEY,"
     " kind TEXT NOT NULL CHECK (kind IN ('door', 'building', 'unit', 'room')),"
     " parent_id INTEGER REFERENCES addresses (id),"
     " axis_id INTEGER NOT NULL REFERENCES numbering_axes (place_id),"
     " num_main INTEGER NOT NULL CHECK (num_main BETWEEN 1 AND 99999),"
     " num_sub INTEGER NOT NULL DEFAULT 0 CHECK (num_sub BETWEEN 0 AND 999),"
     " building TEXT, entrance TEXT, room TEXT,"
     " unit_code TEXT NOT NULL REFERENCES units (code),"
     " lon REAL NOT NULL, lat REAL NOT NULL,"
     " x REAL NOT NULL, y REAL NOT NULL,"
     " active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
     " valid_from TEXT NOT NULL, valid_to TEXT,"
     " created_at TEXT NOT NULL)",
     0},
    {"SELECT AddGeometryColumn('addresses', 'geom', 4490, 'POINT', 'XY')", 1},
    {"SELECT CreateSpatialIndex('addresses', 'geom')", 1},
    {"CREATE INDEX addresses_number ON addresses (axis_id, num_main, num_sub, building,"
     " entrance, room)", 0},
    {"CREATE INDEX addresses_unit ON addresses (unit_code)", 0},
    {"CREATE INDEX addresses_parent ON addresses (parent_id)", 0},
    {"CREATE TABLE plates ("
     " id INTEGER PRIMARY KEY,"
     " code TEXT NOT NULL UNIQUE CHECK (length(code) = 18),"
     " address_id INTEGER NOT NULL REFERENCES addresses (id),"
     " state TEXT NOT NULL CHECK (state IN ('collected', 'compiled', 'entered', 'produced',"
     "   'active', 'retired')),"
     " collected_on TEXT, compiled_on TEXT, entered_on TEXT, produced_on TEXT,"
     " active_on TEXT, retired_on TEXT,"
     " replaced_by INTEGER REFERENCES plates (id),"
     " created_at TEXT NOT NULL)",
     0},
    {"CREATE INDEX plates_address ON plates (address_id)", 0},
    {"CREATE INDEX plates_replaced_by ON plates (replaced_by)", 0},
    {"CREATE TABLE plate_serials ("
     " township_code TEXT PRIMARY KEY NOT NULL,"
     " last INTEGER NOT NULL)",
     0},
    {NULL, 0},
};

/* Boundary lines, markers and joint inspections (DOMAIN.md B1-B7).  The
 * two sides of a line are kept as code and name text: the far side of a
 * county-level line is often a unit of another county that the registry
 * does not hold.  Conditions and actions are stored as stable English
 * words (reg_boundaries.h gives the Chinese). */
static const step_sql v5_sql[] = {
    {"CREATE TABLE boundary_lines ("
     " id INTEGER PRIMARY KEY,"
     " number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 24),"
     " level TEXT NOT NULL CHECK (level IN ('county', 'township')),"
     " left_code TEXT NOT NULL, left_name TEXT NOT NULL,"
     " right_code TEXT NOT NULL, right_name TEXT NOT NULL,"
     " agreement TEXT, description TEXT, last_joint_check TEXT,"
     " CHECK (left_code <> right_code))",
     0},
    {"SELECT AddGeometryColumn('boundary_lines', 'geom', 4490, 'MULTILINESTRING', 'XY', 1)", 1},
    {"CREATE INDEX boundary_lines_sides ON boundary_lines (left_code, right_code)", 0},
    {"CREATE TABLE markers ("
     " id TEXT PRIMARY KEY NOT NULL,"
     " line_id INTEGER NOT NULL REFERENCES boundary_lines (id),"
     " seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 999),"
     " type TEXT NOT NULL CHECK (type IN ('Q', 'A', 'B', 'C', 'D', 'E')),"
     " material TEXT, year_set INTEGER,"
     " condition TEXT NOT NULL CHECK (condition IN ('intact', 'faded', 'damaged',"
     "   'displaced', 'lost', 'refs_incomplete')),"
     " UNIQUE (line_id, seq, type))",
     0},
    {"SELECT AddGeometryColumn('markers', 'geom', 4490, 'POINT', 'XY', 1)", 1},
    {"CREATE TABLE marker_refs ("
     " marker_id TEXT NOT NULL REFERENCES markers (id),"
     " ord INTEGER NOT NULL,"
     " name TEXT NOT NULL,"
     " bearing_deg REAL NOT NULL CHECK (bearing_deg >= 0 AND bearing_deg < 360),"
     " distance_m REAL NOT NULL CHECK (distance_m >= 0),"
     " PRIMARY KEY (marker_id, ord))",
     0},
    {"CREATE TABLE inspection_rounds ("
     " number INTEGER PRIMARY KEY CHECK (number >= 1),"
     " name TEXT,"
     " start_date TEXT NOT NULL,"
     " end_date TEXT,"
     " status TEXT NOT NULL CHECK (status IN ('open', 'closed')),"
     " closed_at TEXT)",
     0},
    {"CREATE TABLE round_lines ("
     " round INTEGER NOT NULL REFERENCES inspection_rounds (number),"
     " line_id INTEGER NOT NULL REFERENCES boundary_lines (id),"
     " team TEXT, left_rep TEXT, right_rep TEXT,"
     " PRIMARY KEY (round, line_id))",
     0},
    {"CREATE TABLE inspection_records ("
     " id INTEGER PRIMARY KEY,"
     " client_id TEXT UNIQUE,"
     " fingerprint TEXT NOT NULL,"
     " marker_id TEXT NOT NULL REFERENCES markers (id),"
     " round INTEGER NOT NULL REFERENCES inspection_rounds (number),"
     " observed_at TEXT NOT NULL,"
     " inspector TEXT NOT NULL,"
     " given_lon REAL, given_lat REAL, given_crs TEXT,"
     " lon REAL, lat REAL, accuracy_m REAL,"
     " condition TEXT NOT NULL CHECK (condition IN ('intact', 'faded', 'damaged',"
     "   'displaced', 'lost', 'refs_incomplete')),"
     " action TEXT NOT NULL CHECK (action IN ('none', 'repainted', 'repaired', 'replaced',"
     "   'reset')),"
     " party_left TEXT, party_right TEXT, notes TEXT,"
     " corrects INTEGER UNIQUE REFERENCES inspection_records (id),"
     " created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
     " CHECK ((lon IS NULL) = (lat IS NULL)))",
     0},
    {"CREATE INDEX inspection_records_marker ON inspection_records (marker_id, round, observed_at)",
     0},
    {"CREATE INDEX inspection_records_round ON inspection_records (round)", 0},
    {"CREATE TRIGGER inspection_records_no_update BEFORE UPDATE ON inspection_records"
     " BEGIN SELECT RAISE(ABORT, 'inspection records are append-only'); END",
     0},
    {"CREATE TRIGGER inspection_records_no_delete BEFORE DELETE ON inspection_records"
     " BEGIN SELECT RAISE(ABORT, 'inspection records are append-only'); END",
     0},
    {"CREATE TABLE photos ("
     " sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),"
     " content_type TEXT NOT NULL,"
     " bytes INTEGER NOT NULL CHECK (bytes > 0),"
     " stored_at TEXT NOT NULL)",
     0},
    {"CREATE TABLE record_photos ("
     " record_id INTEGER NOT NULL REFERENCES inspection_records (id),"
     " ord INTEGER NOT NULL,"
     " sha256 TEXT NOT NULL REFERENCES photos (sha256),"
     " PRIMARY KEY (record_id, ord))",
     0},
    {"CREATE INDEX record_photos_sha ON record_photos (sha256)", 0},
    {NULL, 0},
};

/* Views the feature collections read (reg_feature_collections.c): the
 * joins of a kind in one place, so a descriptor names one table.  Each
 * carries the ROWID of the table whose spatial index covers its geometry.
 * place_features: every place name, its geometry of any type, the
 * columns named as `diming places import` reads them (unit).
 * street_features: the places of category 0801 (街路巷), with the unit,
 * side and spacing of their numbering rule when they have one (the
 * columns `diming import streets` reads).  doorplate_features: one row a
 * plate, with the address composed as reg_dp_compose does (province down
 * to room) and the columns `diming import doorplates` reads. */
static const step_sql v6_sql[] = {
    {"CREATE VIEW place_features AS SELECT"
     " p.id AS place_rowid, p.code AS code, p.name AS name, p.specific AS specific,"
     " p.generic AS generic, p.category AS category, p.status AS status,"
     " p.unit_code AS unit_code, p.pinyin AS pinyin, p.approved_by AS approved_by,"
     " p.approval_date AS approval_date, p.valid_from AS valid_from,"
     " p.valid_to AS valid_to, GeometryType(p.geom) AS geometry_type, p.geom AS geom"
     " FROM places p",
     0},
    {"CREATE VIEW street_features AS SELECT"
     " p.id AS place_rowid, p.code AS code, p.name AS name, 'street' AS kind,"
     " coalesce(ax.unit_code, p.unit_code) AS unit_code, p.status AS status,"
     " CASE ax.odd_left WHEN 1 THEN 'left' WHEN 0 THEN 'right' END AS odd_side,"
     " CASE ax.reversed WHEN 1 THEN 'reverse' WHEN 0 THEN 'forward' END AS direction,"
     " ax.spacing_m AS spacing_m, p.valid_from AS valid_from, p.valid_to AS valid_to,"
     " p.geom AS geom"
     " FROM places p LEFT JOIN numbering_axes ax ON ax.place_id = p.id"
     " WHERE p.category = '0801'",
     0},
    {"CREATE VIEW doorplate_features AS SELECT"
     " a.id AS address_rowid, p.code AS code, a.kind AS kind, s.name AS street,"
     " ax.unit_code AS street_unit,"
     " a.num_main || CASE WHEN a.num_sub > 0 THEN '-' || a.num_sub ELSE '' END AS number,"
     " a.building AS building, a.entrance AS entrance, a.room AS room,"
     " a.unit_code AS unit_code, p.state AS state,"
     " CASE p.state WHEN 'collected' THEN p.collected_on WHEN 'compiled' THEN p.compiled_on"
     "   WHEN 'entered' THEN p.entered_on WHEN 'produced' THEN p.produced_on"
     "   WHEN 'active' THEN p.active_on ELSE p.retired_on END AS state_date,"
     " coalesce(pr.name, '') || coalesce(ci.name, '') || coalesce(c.name, '')"
     " || coalesce(t.name, '')"
     " || CASE WHEN v.name LIKE '%社区居民委员会' THEN substr(v.name, 1, length(v.name) - 7)"
     "   || '社区' WHEN v.name LIKE '%居民委员会' THEN substr(v.name, 1, length(v.name) - 5)"
     "   || '社区' WHEN v.name LIKE '%村民委员会' THEN substr(v.name, 1, length(v.name) - 5)"
     "   || '村' ELSE v.name END"
     " || s.name || a.num_main || CASE WHEN a.num_sub > 0 THEN '-' || a.num_sub ELSE '' END"
     " || '号'"
     " || CASE WHEN coalesce(a.building, '') = '' THEN '' WHEN a.building LIKE '%号楼'"
     "   OR a.building LIKE '%栋' OR a.building LIKE '%幢' OR a.building LIKE '%座'"
     "   OR a.building LIKE '%楼' THEN a.building ELSE a.building || '号楼' END"
     " || CASE WHEN coalesce(a.entrance, '') = '' THEN '' WHEN a.entrance LIKE '%单元'"
     "   THEN a.entrance ELSE a.entrance || '单元' END"
     " || CASE WHEN coalesce(a.room, '') = '' THEN '' WHEN a.room LIKE '%室'"
     "   OR a.room LIKE '%户' THEN a.room ELSE a.room || '室' END AS address,"
     " a.valid_from AS valid_from, a.valid_to AS valid_to, a.geom AS geom"
     " FROM plates p JOIN addresses a ON a.id = p.address_id"
     " JOIN numbering_axes ax ON ax.place_id = a.axis_id"
     " JOIN places s ON s.id = a.axis_id"
     " JOIN units v ON v.code = a.unit_code"
     " LEFT JOIN units t ON t.code = v.parent_code"
     " LEFT JOIN units c ON c.code = t.parent_code"
     " LEFT JOIN units ci ON ci.code = c.parent_code"
     " LEFT JOIN units pr ON pr.code = ci.parent_code",
     0},
    {NULL, 0},
};

/* v7: boundary lines and markers as feature collections.  Their tables
 * get the spatial index a bbox query needs (built from the rows already
 * there); marker_features adds each marker's line number and its
 * reference objects as the text `diming import markers` reads
 * ("name/bearing/distance;...", in order). */
static const step_sql v7_sql[] = {
    {"SELECT CreateSpatialIndex('boundary_lines', 'geom')", 1},
    {"SELECT CreateSpatialIndex('markers', 'geom')", 1},
    {"CREATE VIEW marker_features AS SELECT"
     " m.ROWID AS marker_rowid, m.id AS id, l.number AS line, m.seq AS seq, m.type AS type,"
     " m.material AS material, m.year_set AS year_set, m.condition AS condition,"
     " (SELECT group_concat(r.name || '/' || r.bearing_deg || '/' || r.distance_m, ';')"
     "  FROM (SELECT name, bearing_deg, distance_m FROM marker_refs"
     "        WHERE marker_id = m.id ORDER BY ord) r) AS refs,"
     " m.geom AS geom"
     " FROM markers m JOIN boundary_lines l ON l.id = m.line_id",
     0},
    {NULL, 0},
};

/* v8: bulk doorplate loads audited as one entry each (reg_dp_bulk.c):
 * the range of plate ids a load registered, and its audit entry. */
static const step_sql v8_sql[] = {
    {"CREATE TABLE plate_batches ("
     " audit_id INTEGER PRIMARY KEY REFERENCES audit_log (id),"
     " first_plate_id INTEGER NOT NULL,"
     " last_plate_id INTEGER NOT NULL CHECK (last_plate_id >= first_plate_id))",
     0},
    {NULL, 0},
};

/* v9: the order a village group's numbers run in (D2 rural): 'distance'
 * from its seat (every existing row: what numbering did until now) or
 * 'staff', the order the staff give.  Streets are numbered along their
 * line: only a group may be 'staff'. */
static const step_sql v9_sql[] = {
    {"ALTER TABLE numbering_axes ADD COLUMN ordering TEXT NOT NULL DEFAULT 'distance'"
     " CHECK (ordering IN ('distance', 'staff') AND (ordering = 'distance' OR kind = 'group'))",
     0},
    {NULL, 0},
};

static const migration migrations[] = {
    {1, "spatial metadata, units, unit_names", v1_sql},
    {2, "api_tokens, audit_log", v2_sql},
    {3, "places, place_names, place_units, place_events, place_documents, place_acks",
     v3_sql},
    {4, "doorplates: numbering_axes, addresses, plates, plate_serials", v4_sql},
    {5, "boundary lines, markers, inspection rounds and records, photos", v5_sql},
    {6, "feature views: place_features, street_features, doorplate_features", v6_sql},
    {7, "boundary-lines and markers collections: spatial indexes, marker_features", v7_sql},
    {8, "plate_batches: one audit entry a bulk doorplate load", v8_sql},
    {9, "numbering_axes.ordering: a village group by distance or in the staff's order", v9_sql},
};

_Static_assert(sizeof migrations / sizeof migrations[0] == REG_SCHEMA_VERSION,
               "one migration step per schema version");

/* Reads the integer a one-row statement returns into *out. */
static int query_int(reg_db *db, const char *sql, sqlite3_int64 *out, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* Runs one statement of step m, checking a SpatiaLite function's 1. */
static int run_step_sql(reg_db *db, const migration *m, const step_sql *s, reg_error *err)
{
    if (!s->returns_one)
        return reg_exec(db, s->sql, err);
    sqlite3_int64 v = 0;
    int rc = query_int(db, s->sql, &v, err);
    if (rc == REG_OK && v != 1) {
        char detail[160];
        snprintf(detail, sizeof detail, "v%d (%s): %s", m->version, m->what, s->sql);
        rc = reg_error_detail(err, REG_EIO, "migration_failed", "", "数据库结构升级失败",
                              "schema migration failed", detail);
    }
    return rc;
}

/* Runs the steps after version from up to target and sets user_version;
 * the caller holds the transaction. */
static int apply_steps(reg_db *db, int from, int target, reg_error *err)
{
    for (int v = from + 1; v <= target; v++) {
        const migration *m = &migrations[v - 1];
        for (const step_sql *s = m->sql; s->sql; s++) {
            int rc = run_step_sql(db, m, s, err);
            if (rc != REG_OK)
                return rc;
        }
    }
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", target);
    return reg_exec(db, sql, err);
}

/* The REG_ENEWER error for a file at version. */
static int newer_error(reg_error *err, sqlite3_int64 version)
{
    char zh[160], en[160];
    snprintf(zh, sizeof zh, "数据库结构版本 %lld 比本程序支持的版本（%d）新；请升级 diming",
             (long long)version, REG_SCHEMA_VERSION);
    snprintf(en, sizeof en, "database schema version %lld is newer than this diming (%d); "
             "upgrade diming", (long long)version, REG_SCHEMA_VERSION);
    return reg_error_set(err, REG_ENEWER, "schema_newer", "", zh, en);
}

/* Checks a file's version against the build and the target: REG_ENEWER,
 * "not_registry" for a foreign non-empty file, or REG_OK. */
static int check_version(reg_db *db, sqlite3_int64 version, reg_error *err)
{
    if (version > REG_SCHEMA_VERSION)
        return newer_error(err, version);
    if (version < 0)
        return reg_error_set(err, REG_ECONFLICT, "not_registry", "path",
                             "该文件不是 diming 数据库", "the file is not a diming registry");
    if (version == 0) {
        sqlite3_int64 objects = 0;
        int rc = query_int(db, "SELECT count(*) FROM sqlite_master", &objects, err);
        if (rc != REG_OK)
            return rc;
        if (objects)
            return reg_error_set(err, REG_ECONFLICT, "not_registry", "path",
                                 "该文件不是 diming 数据库", "the file is not a diming registry");
    }
    return REG_OK;
}

/* See reg_internal.h. */
int reg_schema_prepare(reg_db *db, int target, int may_write, reg_error *err)
{
    sqlite3_int64 version = 0;
    int rc = query_int(db, "PRAGMA user_version", &version, err);
    if (rc == REG_OK)
        rc = check_version(db, version, err);
    if (rc != REG_OK || version >= target)
        return rc;
    if (!may_write) {
        char zh[160], en[160];
        snprintf(zh, sizeof zh, "数据库结构版本 %lld 较旧（当前 %d）；请以可写方式打开一次以升级",
                 (long long)version, target);
        snprintf(en, sizeof en, "database schema version %lld is older than %d; open it once "
                 "with write access to migrate it", (long long)version, target);
        return reg_error_set(err, REG_ECONFLICT, "schema_outdated", "", zh, en);
    }
    if ((rc = reg_exec(db, "BEGIN IMMEDIATE", err)) != REG_OK)
        return rc;
    /* Another connection may have migrated while we waited for the lock. */
    rc = query_int(db, "PRAGMA user_version", &version, err);
    if (rc == REG_OK)
        rc = check_version(db, version, err);
    if (rc == REG_OK && version < target)
        rc = apply_steps(db, (int)version, target, err);
    if (rc == REG_OK)
        rc = reg_exec(db, "COMMIT", err);
    if (rc != REG_OK && !sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
