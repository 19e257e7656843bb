/*
 * reg_place_read.c: reading a place: the record with its units, names
 * (current, former, aliases with their dates; N7), N5 documents, geometry
 * and, before approval, its live rule findings; the name on a given date;
 * the events of its history.  Each read is one snapshot (reg_read_begin).
 */
#include <string.h>

#include "reg_place_internal.h"

/* The plain text columns of the place row, in SELECT order from 1. */
static const char *const place_cols[] = {
    "code",     "name",       "specific",    "generic",  "pinyin",       "pinyin_toned",
    "pinyin_override", "category", "status", "meaning",  "origin",       "history",
    "description", "location", "sources",    "approved_by", "approval_date", "filed_on",
    "announced_on", "valid_from", "valid_to", "created_at", "updated_at", NULL,
};

static const char place_sql[] =
    "SELECT id, code, name, specific, generic, pinyin, pinyin_toned, pinyin_override, category,"
    " status, meaning, origin, history, description, location, sources, approved_by,"
    " approval_date, filed_on, announced_on, valid_from, valid_to, created_at, updated_at,"
    " protected, naming_round FROM places WHERE id = ?1";

/* The category member: {code, class, subclass}. */
static json_t *category_json(const rp_rules *r, const char *code)
{
    long i = rp_category_find(r, code);
    if (i < 0)
        return json_pack("{s:s}", "code", code ? code : "");
    return json_pack("{s:s, s:s, s:s}", "code", r->cats[i].code, "class", r->cats[i].class_name,
                     "subclass", r->cats[i].subclass);
}

/* Reads the place row into a new object. */
static int place_row(reg_db *db, const rp_rules *r, long long id, json_t **out, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db, place_sql, &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    json_t *p = NULL;
    if (step == SQLITE_DONE) {
        rc = reg_error_set(err, REG_ENOTFOUND, "place_not_found", "id", "没有这个地名",
                           "no such place");
    } else if (step != SQLITE_ROW) {
        rc = reg_error_sqlite(db, err);
    } else {
        p = json_pack("{s:I, s:b, s:i}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                      "protected", sqlite3_column_int(st, 24), "naming_round",
                      sqlite3_column_int(st, 25));
        for (int i = 0; p && place_cols[i]; i++)
            if (reg_json_set_column(p, place_cols[i], st, i + 1)) {
                json_decref(p);
                p = NULL;
            }
        if (p && json_object_set_new(p, "category",
                                     category_json(r, (const char *)sqlite3_column_text(st, 8)))) {
            json_decref(p);
            p = NULL;
        }
        if (!p)
            rc = reg_error_nomem(err);
    }
    sqlite3_reset(st);
    *out = p;
    return rc;
}

/* Runs sql bound to the place id and sets obj[key] to an array of one
 * object per row, members named by cols (NULL-terminated; one per column
 * from 0). */
static int add_list(reg_db *db, const char *sql, long long id, const char *const *cols,
                    json_t *obj, const char *key, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db, sql, &st, err);
    if (rc != REG_OK)
        return rc;
    json_t *arr = json_array();
    if (!arr || json_object_set_new(obj, key, arr))
        rc = reg_error_nomem(err);
    sqlite3_bind_int64(st, 1, id);
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; o && cols[i]; i++)
            if (reg_json_set_column(o, cols[i], st, i)) {
                json_decref(o);
                o = NULL;
            }
        if (!o || json_array_append_new(arr, o))
            rc = reg_error_nomem(err);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* Adds units, names and documents. */
static int add_lists(reg_db *db, long long id, json_t *p, reg_error *err)
{
    static const char *const unit_cols[] = {"code", "name", "level", "source", NULL};
    static const char *const name_cols[] = {"kind",       "name",     "pinyin", "pinyin_toned",
                                            "valid_from", "valid_to", NULL};
    static const char *const doc_cols[] = {"round", "kind",        "reference", "title",
                                           "date",  "recorded_at", "recorded_by", NULL};
    int rc = add_list(db,
                      "SELECT pu.unit_code, u.name, u.level, pu.source FROM place_units pu"
                      " JOIN units u ON u.code = pu.unit_code WHERE pu.place_id = ?1"
                      " ORDER BY pu.unit_code",
                      id, unit_cols, p, "units", err);
    if (rc == REG_OK)
        rc = add_list(db,
                      "SELECT CASE WHEN n.kind = 'alias' THEN 'alias'"
                      "  WHEN n.valid_to IS NULL AND p.status <> 'cancelled' THEN 'current'"
                      "  ELSE 'former' END, n.name, n.pinyin, n.pinyin_toned, n.valid_from,"
                      " n.valid_to FROM place_names n JOIN places p ON p.id = n.place_id"
                      " WHERE n.place_id = ?1 ORDER BY coalesce(n.valid_from, ''), n.id",
                      id, name_cols, p, "names", err);
    if (rc == REG_OK)
        rc = add_list(db,
                      "SELECT CAST(round AS TEXT), kind, reference, title, dated, recorded_at,"
                      " actor FROM place_documents WHERE place_id = ?1 ORDER BY id",
                      id, doc_cols, p, "documents", err);
    return rc;
}

/* Sets p["geometry"] to the place's GeoJSON geometry or null. */
static int add_geometry(reg_db *db, long long id, json_t *p, reg_error *err)
{
    GEOSGeometry *g = NULL;
    int rc = rp_geom_read(db, id, &g, err);
    json_t *j = NULL;
    if (rc == REG_OK)
        j = g ? geo_geojson_write(db->geo, g, 7) : json_null();
    if (g)
        GEOSGeom_destroy_r(geo_ctx_geos(db->geo), g);
    if (rc == REG_OK && (!j || json_object_set_new(p, "geometry", j)))
        rc = reg_error_nomem(err);
    return rc;
}

/* The place as JSON inside the caller's snapshot; findings for a place
 * not yet approved when with_findings. */
static int place_json(reg_db *db, const rp_rules *r, long long id, int with_geometry,
                      int with_findings, json_t **out, reg_error *err)
{
    json_t *p = NULL;
    int rc = place_row(db, r, id, &p, err);
    if (rc == REG_OK)
        rc = add_lists(db, id, p, err);
    if (rc == REG_OK && with_geometry)
        rc = add_geometry(db, id, p, err);
    int status = rp_status_parse(json_string_value(json_object_get(p, "status")));
    if (rc == REG_OK && with_findings && status >= 0 && status < RP_ST_APPROVED) {
        rp_row row;
        json_t *f = NULL;
        rc = rp_row_load(db, id, &row, err);
        if (rc == REG_OK)
            rc = rp_findings(db, r, &row, &f, NULL, NULL, err);
        if (rc == REG_OK && json_object_set_new(p, "findings", f))
            rc = reg_error_nomem(err);
    }
    if (rc != REG_OK) {
        json_decref(p);
        return rc;
    }
    *out = p;
    return REG_OK;
}

/* The standard name valid on day (and the aliases then in use). */
static int name_on(reg_db *db, long long id, const char *day, json_t **out, reg_error *err)
{
    static const char *const cols[] = {"kind", "name", "pinyin", "pinyin_toned", "valid_from",
                                       "valid_to", NULL};
    json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)id, "as_of", day);
    sqlite3_stmt *st;
    int rc = o ? rp_cached(db,
                           "SELECT kind, name, pinyin, pinyin_toned, valid_from, valid_to"
                           " FROM place_names WHERE place_id = ?1"
                           " AND (valid_from IS NULL OR valid_from <= ?2)"
                           " AND (valid_to IS NULL OR valid_to > ?2)"
                           " ORDER BY kind DESC, coalesce(valid_from, '') DESC, id",
                           &st, err)
               : reg_error_nomem(err);
    if (rc != REG_OK) {
        json_decref(o);
        return rc;
    }
    json_t *aliases = json_array();
    if (!aliases || json_object_set_new(o, "aliases", aliases))
        rc = reg_error_nomem(err);
    sqlite3_bind_int64(st, 1, id);
    reg_bind_text(st, 2, day);
    int step = SQLITE_DONE, found = 0;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(st, 0);
        int standard = kind && strcmp(kind, "standard") == 0;
        json_t *target = standard ? o : json_object();
        if (standard && found)
            continue;
        found |= standard;
        for (int i = 1; target && cols[i]; i++)
            if (reg_json_set_column(target, cols[i], st, i))
                rc = reg_error_nomem(err);
        if (!target || (!standard && json_array_append_new(aliases, target)))
            rc = reg_error_nomem(err);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    if (rc == REG_OK && !found)
        rc = reg_error_set(err, REG_ENOTFOUND, "no_name_on_date", "as_of",
                           "该日期该地名没有标准名称", "the place had no standard name on that date");
    if (rc != REG_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return REG_OK;
}

/* Copies the code, current name and status of the place row p onto the
 * as_of answer o. */
static int add_current(const json_t *p, json_t *o, reg_error *err)
{
    if (json_object_set(o, "code", json_object_get(p, "code")) ||
        json_object_set(o, "current_name", json_object_get(p, "name")) ||
        json_object_set(o, "status", json_object_get(p, "status")))
        return reg_error_nomem(err);
    return REG_OK;
}

/* See reg_place_internal.h. */
int rp_place_read(reg_db *db, long long id, int with_geometry, int with_findings,
                  json_t **out, reg_error *err)
{
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = place_json(db, r, id, with_geometry, with_findings, out, err);
    reg_read_end(db, opened);
    return rc;
}

/* See reg_places.h.  Errors: bad_date (400), place_not_found,
 * no_name_on_date (404). */
int reg_place_get(reg_db *db, long long id, const char *as_of, int with_geometry,
                  json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    if (!as_of)
        return rp_place_read(db, id, with_geometry, 1, out, err);
    char day[REG_DATE_BUF];
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    if (reg_date_field(as_of, "as_of", day, err) != REG_OK)
        return REG_EINVAL;
    int opened = 0;
    json_t *p = NULL;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = place_row(db, r, id, &p, err);
    if (rc == REG_OK)
        rc = name_on(db, id, day, out, err);
    if (rc == REG_OK && (rc = add_current(p, *out, err)) != REG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(p);
    reg_read_end(db, opened);
    return rc;
}

/* One event row as JSON: changes and detail parsed back. */
static json_t *event_json(sqlite3_stmt *st)
{
    static const char *const cols[] = {"at", "actor", "action", "from", "to", NULL};
    json_t *e = json_pack("{s:I}", "id", (json_int_t)sqlite3_column_int64(st, 0));
    for (int i = 0; e && cols[i]; i++)
        if (reg_json_set_column(e, cols[i], st, i + 1)) {
            json_decref(e);
            return NULL;
        }
    for (int k = 0; e && k < 2; k++) {
        const char *text = (const char *)sqlite3_column_text(st, 6 + k);
        json_t *v = text ? json_loads(text, 0, NULL) : json_null();
        if (!v || json_object_set_new(e, k ? "detail" : "changes", v)) {
            json_decref(e);
            return NULL;
        }
    }
    return e;
}

/* See reg_places.h.  place_not_found (404). */
int reg_place_history(reg_db *db, long long id, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    int opened = 0;
    rp_row row;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = rp_row_load(db, id, &row, err);
    sqlite3_stmt *st = NULL;
    if (rc == REG_OK)
        rc = rp_cached(db,
                       "SELECT id, at, actor, action, from_status, to_status, changes_json,"
                       " detail_json FROM place_events WHERE place_id = ?1 ORDER BY id",
                       &st, err);
    json_t *list = rc == REG_OK ? json_array() : NULL;
    if (rc == REG_OK && !list)
        rc = reg_error_nomem(err);
    if (st)
        sqlite3_bind_int64(st, 1, id);
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *e = event_json(st);
        if (!e || json_array_append_new(list, e))
            rc = reg_error_set(err, REG_EIO, "place_corrupt", "", "地名事件无法读取",
                               "a place event cannot be read");
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    reg_read_end(db, opened);
    if (rc != REG_OK) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return REG_OK;
}

/* See reg_places.h.  place_not_found (404). */
int reg_place_findings(reg_db *db, long long id, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    int opened = 0;
    rp_row row;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = rp_row_load(db, id, &row, err);
    if (rc == REG_OK)
        rc = rp_findings(db, r, &row, out, NULL, NULL, err);
    reg_read_end(db, opened);
    return rc;
}
