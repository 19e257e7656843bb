/*
 * reg_street.c: streets (places of category 交通运输设施/街路巷) as the
 * doorplate register reads them: name, romanisation, status and the line
 * the numbers run along; the streets of a unit.  Also the category table
 * for clients.
 */
#include <stdio.h>
#include <string.h>

#include "reg_place_internal.h"

#define STREET_CATEGORY "0801"

/* Reads the street row of id into out (inside a read). */
static int street_row(reg_db *db, long long id, reg_street *out, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT code, name, pinyin, pinyin_toned, status, category"
                       " FROM places WHERE id = ?1",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "place_not_found", "id", "没有这个地名",
                           "no such place");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (strcmp((const char *)sqlite3_column_text(st, 5), STREET_CATEGORY) != 0)
        rc = reg_error_set(err, REG_ERULE, "not_a_street", "id", "该地名不是街路巷",
                           "the place is not a street (交通运输设施/街路巷)");
    else if (reg_column_copy(out->code, sizeof out->code, st, 0) ||
             reg_column_copy(out->name, sizeof out->name, st, 1) ||
             reg_column_copy(out->pinyin, sizeof out->pinyin, st, 2) ||
             reg_column_copy(out->pinyin_toned, sizeof out->pinyin_toned, st, 3) ||
             reg_column_copy(out->status, sizeof out->status, st, 4))
        rc = reg_error_set(err, REG_EIO, "place_corrupt", "id", "地名记录已损坏",
                           "the stored place is malformed");
    sqlite3_reset(st);
    return rc;
}

/* See reg_places.h. */
int reg_street_get(reg_db *db, long long id, reg_street *out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    memset(out, 0, sizeof *out);
    out->id = id;
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = street_row(db, id, out, err);
    if (rc == REG_OK)
        rc = rp_geom_read(db, id, &out->line, err);
    reg_read_end(db, opened);
    if (rc != REG_OK)
        reg_street_clear(db, out);
    return rc;
}

/* See reg_places.h. */
void reg_street_clear(reg_db *db, reg_street *s)
{
    if (!s)
        return;
    if (s->line && db)
        GEOSGeom_destroy_r(geo_ctx_geos(db->geo), s->line);
    s->line = NULL;
}

/* See reg_places.h.  bad_code (400) for a malformed unit. */
int reg_streets_list(reg_db *db, const char *unit, json_t **out, reg_error *err)
{
    if (!db || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    if (!rp_code_ok(unit))
        return reg_error_set(err, REG_EINVAL, "bad_code", "unit", "区划代码格式错误",
                             "malformed division code");
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT DISTINCT p.id, p.code, p.name, p.pinyin, p.status,"
                       " p.pinyin_syllables FROM places p JOIN place_units pu"
                       " ON pu.place_id = p.id WHERE p.category = '" STREET_CATEGORY "'"
                       " AND p.status <> 'cancelled' AND substr(pu.unit_code, 1, length(?1)) = ?1"
                       " ORDER BY p.pinyin_syllables, p.name, p.id",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    reg_bind_text(st, 1, unit);
    json_t *list = json_array();
    int step = SQLITE_DONE;
    if (!list)
        rc = reg_error_nomem(err);
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_pack("{s:I}", "id", (json_int_t)sqlite3_column_int64(st, 0));
        if (!o || reg_json_set_column(o, "code", st, 1) || reg_json_set_column(o, "name", st, 2) ||
            reg_json_set_column(o, "pinyin", st, 3) || reg_json_set_column(o, "status", st, 4) ||
            json_array_append_new(list, o))
            rc = reg_error_nomem(err);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    if (rc != REG_OK) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return REG_OK;
}

/* The JSON of category i: {code, class, subclass, geometry, generics}. */
static json_t *category_json(const rp_rules *r, size_t i)
{
    static const char *const kinds[] = {"point", "line", "polygon"};
    const rp_category *c = &r->cats[i];
    json_t *o = json_pack("{s:s, s:s, s:s, s:[], s:[]}", "code", c->code, "class",
                          c->class_name, "subclass", c->subclass, "geometry", "generics");
    json_t *geom = json_object_get(o, "geometry"), *gens = json_object_get(o, "generics");
    int bad = !o;
    for (unsigned k = 0; !bad && k < 3; k++)
        if (c->geometry & (1u << k))
            bad = json_array_append_new(geom, json_string(kinds[k])) != 0;
    for (size_t k = 0; !bad && k < r->ngens; k++)
        if (r->gens[k].category == i)
            bad = json_array_append_new(gens, json_string(r->gens[k].text)) != 0;
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* See reg_places.h. */
int reg_place_categories(json_t **out, reg_error *err)
{
    if (!out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    json_t *list = json_array();
    for (size_t i = 0; list && i < r->ncats; i++)
        if (json_array_append_new(list, category_json(r, i)) != 0) {
            json_decref(list);
            list = NULL;
        }
    if (!list)
        return reg_error_nomem(err);
    *out = list;
    return REG_OK;
}
