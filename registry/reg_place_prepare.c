/*
 * reg_place_prepare.c: a place as written, checked before anything is
 * stored: category, name split into 专名 and 通名, romanisation, geometry
 * (type, validity, inside the county, the units it lies in) or a declared
 * unit, and the descriptive texts.  Also the rule subject of a stored
 * place and its findings.
 */
#include <stdlib.h>
#include <string.h>

#include "reg_place_internal.h"

/* Checks that a declared unit exists and is current (unit_unknown, 422). */
static int declared_unit(reg_db *db, const char *code, rp_prepared *p, reg_error *err)
{
    if (!rp_code_ok(code))
        return reg_error_set(err, REG_EINVAL, "bad_code", "unit", "区划代码格式错误",
                             "malformed division code");
    char today[REG_DATE_BUF];
    reg_today(today);
    sqlite3_stmt *st;
    int rc = rp_cached(db,
                       "SELECT count(*) FROM units WHERE code = ?1"
                       " AND (valid_to IS NULL OR valid_to > ?2)",
                       &st, err);
    if (rc != REG_OK)
        return rc;
    reg_bind_text(st, 1, code);
    reg_bind_text(st, 2, today);
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (sqlite3_column_int(st, 0) == 0)
        rc = reg_error_set(err, REG_ERULE, "unit_unknown", "unit", "没有这个现行行政区划",
                           "no current administrative unit has this code");
    sqlite3_reset(st);
    if (rc == REG_OK) {
        strcpy(p->unit, code);
        strcpy(p->units[0], code);
        p->nunits = 1;
        p->unit_source = "declared";
    }
    return rc;
}

/* Checks the descriptive texts of in. */
static int texts(const reg_place_input *in, reg_error *err)
{
    const char *fields[] = {in->meaning, in->origin, in->history, in->description,
                            in->location, in->sources};
    const char *names[] = {"meaning", "origin", "history", "description", "location", "sources"};
    for (int i = 0; i < 6; i++) {
        int rc = fields[i] ? rp_text_check(fields[i], names[i], err) : REG_OK;
        if (rc != REG_OK)
            return rc;
    }
    return REG_OK;
}

/* See reg_place_internal.h. */
int rp_require_generic(const rp_name *nm, reg_error *err)
{
    if (nm->generic)
        return REG_OK;
    return reg_error_set(err, REG_ERULE, "n4_no_generic", "name",
                         "无法分出通名：地名应以表示地理实体类别的通名结尾（N4）",
                         "no generic part (通名) can be split off the name (N4)");
}

/* See reg_place_internal.h.  Errors: unknown_category (400), the name's
 * (rp_name_split), pinyin_override_invalid, text_*, geometry_*,
 * outside_county, bad_code, unit_unknown. */
int rp_prepare(reg_db *db, const rp_rules *r, const reg_place_input *in,
               const GEOSGeometry *geometry, rp_prepared *p, reg_error *err)
{
    memset(p, 0, sizeof *p);
    long cat = in->category ? rp_category_find(r, in->category) : -1;
    if (cat < 0)
        return reg_error_set(err, REG_EINVAL, "unknown_category", "category",
                             "未知的地名类别（可用类别代码如 0801 或“交通运输设施/街路巷”）",
                             "unknown place category (use a code such as 0801 or "
                             "\"交通运输设施/街路巷\")");
    p->cat = (size_t)cat;
    int rc = rp_name_split(r, p->cat, in->name, in->specific, in->generic, &p->nm, err);
    if (rc == REG_OK)
        rc = rp_pinyin_make(r, &p->nm, p->cat, in->pinyin_override, &p->py, err);
    if (rc == REG_OK)
        rc = texts(in, err);
    if (rc == REG_OK && geometry) {
        p->geometry = geometry;
        rc = rp_geom_check(db, r, p->cat, geometry, &p->wkb, &p->wkb_len, p->units,
                           sizeof p->units / sizeof p->units[0], &p->nunits, err);
        p->unit_source = "geometry";
    } else if (rc == REG_OK && in->unit && *in->unit) {
        rc = declared_unit(db, in->unit, p, err);
    }
    return rc;
}

/* See reg_place_internal.h. */
void rp_prepared_free(rp_prepared *p)
{
    free(p->wkb);
    p->wkb = NULL;
}

/* See reg_place_internal.h. */
void rp_subject_of(const rp_rules *r, const rp_prepared *p, long long self, rp_subject *s)
{
    memset(s, 0, sizeof *s);
    s->r = r;
    s->cat = p->cat;
    s->nm = &p->nm;
    s->py = &p->py;
    s->self_id = self;
    s->geometry = p->geometry;
    s->nunits = p->nunits;
    memcpy(s->units, p->units, sizeof s->units);
}

/* See reg_place_internal.h. */
int rp_stored_load(reg_db *db, const rp_rules *r, const rp_row *row, rp_stored *st,
                   reg_error *err)
{
    memset(st, 0, sizeof *st);
    long cat = rp_category_find(r, row->category);
    if (cat < 0)
        return reg_error_set(err, REG_EIO, "place_corrupt", "category", "地名记录已损坏",
                             "the stored place has an unknown category");
    int rc = rp_name_split(r, (size_t)cat, row->name, NULL, row->generic, &st->nm, err);
    if (rc == REG_OK)
        rc = rp_pinyin_make(r, &st->nm, (size_t)cat,
                            row->pinyin_override[0] ? row->pinyin_override : NULL, &st->py, err);
    if (rc == REG_OK)
        rc = rp_units_load(db, row->id, &st->s, err);
    if (rc == REG_OK)
        rc = rp_geom_read(db, row->id, &st->geom, err);
    st->s.r = r;
    st->s.cat = (size_t)cat;
    st->s.nm = &st->nm;
    st->s.py = &st->py;
    st->s.self_id = row->id;
    st->s.geometry = st->geom;
    return rc;
}

/* See reg_place_internal.h. */
void rp_stored_free(reg_db *db, rp_stored *st)
{
    if (st->geom)
        GEOSGeom_destroy_r(geo_ctx_geos(db->geo), st->geom);
    st->geom = NULL;
}

/* See reg_place_internal.h. */
int rp_findings(reg_db *db, const rp_rules *r, const rp_row *row, json_t **out,
                int *open_errors, int *open_warnings, reg_error *err)
{
    rp_stored st;
    json_t *f = NULL;
    int oe = 0, ow = 0;
    int rc = rp_stored_load(db, r, row, &st, err);
    if (rc == REG_OK)
        rc = reg_name_rules_all(db, &st.s, &f, err);
    if (rc == REG_OK)
        rc = rp_acks_apply(db, row->id, row->round, f, &oe, &ow, err);
    rp_stored_free(db, &st);
    if (rc != REG_OK) {
        json_decref(f);
        return rc;
    }
    if (open_errors)
        *open_errors = oe;
    if (open_warnings)
        *open_warnings = ow;
    *out = f;
    return REG_OK;
}
