/*
 * reg_place_write.c: creating and changing places.  Each public function
 * is one write (reg_write_begin/end): the rows, the places revision (the
 * search index's cache key), the place event and the audit entry commit
 * or roll back together.  Places are never deleted; codes are never
 * reused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_place_internal.h"

/* location_missing: a place needs a geometry or the unit it lies in. */
static int location_missing(reg_error *err)
{
    return reg_error_set(err, REG_EINVAL, "location_missing", "geometry",
                         "须给出几何位置或所在行政区划",
                         "give the place's geometry or the unit it lies in");
}

/* Inserts a new draft and its event (inside the caller's write). */
static int insert_draft(reg_db *db, const rp_rules *r, const char *actor,
                        const reg_place_input *in, const rp_prepared *p, long long *id,
                        reg_error *err)
{
    char county[7], code[24];
    rp_county_of(p, county);
    rp_new_row nr = {code, "draft", NULL, NULL, NULL};
    json_t *after = NULL;
    int rc = rp_code_assign(db, county, r->cats[p->cat].code, code, err);
    if (rc == REG_OK)
        rc = rp_insert(db, r, in, p, &nr, id, err);
    if (rc == REG_OK)
        rc = rp_units_store(db, *id, (char (*)[REG_CODE_MAX + 1])p->units, p->nunits,
                            p->unit_source, err);
    if (rc == REG_OK)
        rc = rp_snapshot(db, *id, &after, err);
    if (rc == REG_OK)
        rc = rp_event(db, actor, *id, "create", NULL, "draft", NULL, NULL, NULL, after, err);
    json_decref(after);
    return rc;
}

/* See reg_places.h. */
int reg_place_create(reg_db *db, const char *actor, const reg_place_input *in, int propose,
                     const reg_place_ack *acks, size_t nacks, long long *id_out,
                     json_t **detail, reg_error *err)
{
    if (detail)
        *detail = NULL;
    if (!db || !in || !id_out || (nacks && !acks))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    rp_prepared p;
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = rp_prepare(db, r, in, in->geometry, &p, err);
    else
        memset(&p, 0, sizeof p);
    if (rc == REG_OK)
        rc = rp_require_generic(&p.nm, err);
    if (rc == REG_OK && !p.unit_source)
        rc = location_missing(err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK) {
        long long id = 0;
        rc = insert_draft(db, r, actor, in, &p, &id, err);
        if (rc == REG_OK && propose)
            rc = rp_flow_propose(db, actor, id, acks, nacks, detail, err);
        if (rc == REG_OK)
            rc = rp_bump_revision(db, err);
        rc = reg_write_end(db, &w, rc, err);
        if (rc == REG_OK)
            *id_out = id;
    }
    rp_prepared_free(&p);
    return rc;
}

/* 1 if the patch changes what only a draft may change. */
static int structural(const reg_place_input *patch, int clear_geometry)
{
    return patch->name || patch->specific || patch->generic || patch->category ||
           patch->geometry || patch->unit || patch->pinyin_override || clear_geometry;
}

/* The patch merged with the stored row: what the draft becomes. */
static void merge(const reg_place_input *patch, const rp_row *row, reg_place_input *m)
{
    *m = *patch;
    if (!patch->name && !patch->specific) {
        m->name = row->name;
        if (!patch->generic)
            m->generic = row->generic;
    }
    if (!patch->category)
        m->category = row->category;
    if (!patch->pinyin_override)
        m->pinyin_override = row->pinyin_override[0] ? row->pinyin_override : NULL;
    if (!patch->unit && !patch->geometry)
        m->unit = row->unit[0] ? row->unit : NULL;
}

/* Rewrites a draft's name, category, romanisation, geometry and units. */
static int rewrite_draft(reg_db *db, const rp_rules *r, const rp_row *row,
                         const reg_place_input *patch, int clear_geometry, reg_error *err)
{
    reg_place_input m;
    merge(patch, row, &m);
    GEOSGeometry *stored = NULL;
    int rc = REG_OK;
    if (!patch->geometry && !clear_geometry && !patch->unit)
        rc = rp_geom_read(db, row->id, &stored, err);
    const GEOSGeometry *g = patch->geometry ? patch->geometry : stored;
    rp_prepared p;
    memset(&p, 0, sizeof p);
    if (rc == REG_OK)
        rc = rp_prepare(db, r, &m, g, &p, err);
    if (rc == REG_OK)
        rc = rp_require_generic(&p.nm, err);
    if (rc == REG_OK && !p.unit_source)
        rc = location_missing(err);
    sqlite3_stmt *st = NULL;
    if (rc == REG_OK)
        rc = rp_cached(db,
                       "UPDATE places SET name = ?2, specific = ?3, generic = ?4, pinyin = ?5,"
                       " pinyin_toned = ?6, pinyin_syllables = ?7, pinyin_override = ?8,"
                       " category = ?9, unit_code = ?10, geom = GeomFromWKB(?11, 4490)"
                       " WHERE id = ?1",
                       &st, err);
    if (rc == REG_OK) {
        if (sqlite3_bind_int64(st, 1, row->id) || rp_bind_name(st, r, &p, m.pinyin_override, 11) ||
            reg_bind_text(st, 10, p.unit[0] ? p.unit : NULL))
            rc = reg_error_sqlite(db, err);
        else
            rc = reg_step_done(db, st, err);
    }
    sqlite3_reset(st);
    if (rc == REG_OK)
        rc = rp_units_store(db, row->id, p.units, p.nunits, p.unit_source, err);
    rp_prepared_free(&p);
    if (stored)
        GEOSGeom_destroy_r(geo_ctx_geos(db->geo), stored);
    return rc;
}

/* Sets the descriptive fields and the protection flag the patch gives. */
static int rewrite_texts(reg_db *db, long long id, const reg_place_input *patch, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "UPDATE places SET"
                       " meaning = CASE WHEN ?2 IS NULL THEN meaning ELSE nullif(?2, '') END,"
                       " origin = CASE WHEN ?3 IS NULL THEN origin ELSE nullif(?3, '') END,"
                       " history = CASE WHEN ?4 IS NULL THEN history ELSE nullif(?4, '') END,"
                       " description = CASE WHEN ?5 IS NULL THEN description"
                       "   ELSE nullif(?5, '') END,"
                       " location = CASE WHEN ?6 IS NULL THEN location ELSE nullif(?6, '') END,"
                       " sources = CASE WHEN ?7 IS NULL THEN sources ELSE nullif(?7, '') END,"
                       " protected = coalesce(?8, protected),"
                       " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                       " WHERE id = ?1",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    const char *text[] = {patch->meaning,     patch->origin,   patch->history,
                          patch->description, patch->location, patch->sources};
    int bad = sqlite3_bind_int64(st, 1, id) != SQLITE_OK;
    for (int i = 0; i < 6 && !bad; i++)
        bad = reg_bind_text(st, i + 2, text[i]) != SQLITE_OK;
    if (!bad && patch->protected_flag >= 0)
        bad = sqlite3_bind_int(st, 8, patch->protected_flag == 1) != SQLITE_OK;
    rc = bad ? reg_error_sqlite(db, err) : reg_step_done(db, st, err);
    sqlite3_reset(st);
    return rc;
}

/* Applies a patch to a loaded place inside the caller's write. */
static int apply_patch(reg_db *db, const rp_rules *r, const char *actor, const rp_row *row,
                       const reg_place_input *patch, int clear_geometry, reg_error *err)
{
    if (structural(patch, clear_geometry) && strcmp(row->status, "draft") != 0)
        return reg_error_set(err, REG_ECONFLICT, "not_draft", "status",
                             "只有草稿可以修改名称、类别、读音和位置",
                             "only a draft's name, category, reading and location can change");
    json_t *before = NULL, *after = NULL;
    int rc = rp_snapshot(db, row->id, &before, err);
    if (rc == REG_OK && structural(patch, clear_geometry))
        rc = rewrite_draft(db, r, row, patch, clear_geometry, err);
    if (rc == REG_OK)
        rc = rewrite_texts(db, row->id, patch, err);
    if (rc == REG_OK)
        rc = rp_snapshot(db, row->id, &after, err);
    if (rc == REG_OK)
        rc = rp_event(db, actor, row->id, "update", row->status, row->status, NULL, NULL, before,
                      after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* 1 if the patch asks for nothing. */
static int patch_empty(const reg_place_input *p, int clear_geometry)
{
    return !structural(p, clear_geometry) && !p->meaning && !p->origin && !p->history &&
           !p->description && !p->location && !p->sources && p->protected_flag < 0;
}

/* See reg_places.h.  Errors: patch_empty (400), place_not_found (404),
 * not_draft (409), and those of reg_place_create. */
int reg_place_update(reg_db *db, const char *actor, long long id,
                     const reg_place_input *patch, int clear_geometry, reg_error *err)
{
    if (!db || !patch)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (patch_empty(patch, clear_geometry))
        return reg_error_set(err, REG_EINVAL, "patch_empty", "", "没有要修改的内容",
                             "the change asks for nothing");
    if (patch->geometry && clear_geometry)
        return reg_error_set(err, REG_EINVAL, "geometry_conflict", "geometry",
                             "不能同时设置和清除几何", "cannot both set and clear the geometry");
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    int rc = reg_actor_check(actor, err);
    const char *texts[] = {patch->meaning,     patch->origin,   patch->history,
                           patch->description, patch->location, patch->sources};
    const char *names[] = {"meaning", "origin", "history", "description", "location", "sources"};
    for (int i = 0; rc == REG_OK && i < 6; i++)
        if (texts[i])
            rc = rp_text_check(texts[i], names[i], err);
    reg_write w;
    if (rc == REG_OK && (rc = reg_write_begin(db, &w, err)) == REG_OK) {
        rp_row row;
        rc = rp_row_load(db, id, &row, err);
        if (rc == REG_OK)
            rc = apply_patch(db, r, actor, &row, patch, clear_geometry, err);
        if (rc == REG_OK)
            rc = rp_bump_revision(db, err);
        rc = reg_write_end(db, &w, rc, err);
    }
    return rc;
}
