/*
 * reg_locate.c: which township-level unit holds a point.  Each connection
 * keeps a geo_locator (an STRtree of prepared polygons) built from the
 * polygons of current town, township and subdistrict units, and rebuilds it
 * when the units revision in meta (bumped by every unit write) or the day
 * (validity dates) changes: one cached SELECT per call.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reg_internal.h"

/* See reg_internal.h. */
void reg_locate_invalidate(reg_db *db)
{
    db->locator_valid = 0;
}

/* See reg_internal.h. */
void reg_locate_free(reg_db *db)
{
    geo_locator_free(db->locator);
    db->locator = NULL;
    free(db->locator_codes);
    db->locator_codes = NULL;
    db->locator_valid = 0;
}

/* See reg_internal.h. */
int reg_units_revision(reg_db *db, sqlite3_int64 *rev, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_stmt(db, REG_STMT_REVISION, &st, err);
    if (rc != REG_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *rev = sqlite3_column_int64(st, 0);
    else
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* Polygons read for a locator, growing as rows come. */
typedef struct poly_set {
    GEOSGeometry **geoms;
    long *ids;
    char (*codes)[REG_CODE_MAX + 1];
    size_t n, cap;
} poly_set;

/* Frees a poly_set and the geometries it still owns. */
static void poly_set_free(reg_db *db, poly_set *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        GEOSGeom_destroy_r(geo_ctx_geos(db->geo), ps->geoms[i]);
    free(ps->geoms);
    free(ps->ids);
    free(ps->codes);
}

/* Adds the current row (code, WKB) to ps.  0; -1 if out of memory; 1 if
 * the row's code or WKB cannot be read. */
static int poly_set_add(reg_db *db, poly_set *ps, sqlite3_stmt *st)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 32;
        GEOSGeometry **g = realloc(ps->geoms, cap * sizeof *g);
        if (g)
            ps->geoms = g;
        long *ids = realloc(ps->ids, cap * sizeof *ids);
        if (ids)
            ps->ids = ids;
        char(*codes)[REG_CODE_MAX + 1] = realloc(ps->codes, cap * sizeof *codes);
        if (codes)
            ps->codes = codes;
        if (!g || !ids || !codes)
            return -1;
        ps->cap = cap;
    }
    const char *code = (const char *)sqlite3_column_text(st, 0);
    const unsigned char *wkb = sqlite3_column_blob(st, 1);
    GEOSGeometry *g = NULL;
    if (!code || strlen(code) > REG_CODE_MAX || !wkb ||
        geo_wkb_read(db->geo, wkb, (size_t)sqlite3_column_bytes(st, 1), &g) != GEO_OK)
        return 1;
    ps->geoms[ps->n] = g;
    ps->ids[ps->n] = (long)ps->n;
    strcpy(ps->codes[ps->n], code);
    ps->n++;
    return 0;
}

/* Reads the polygons of current township-level units into ps. */
static int read_polygons(reg_db *db, const char *today, poly_set *ps, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db,
                         "SELECT code, AsBinary(geom) FROM units"
                         " WHERE level IN ('town', 'township', 'subdistrict')"
                         " AND geom IS NOT NULL AND (valid_to IS NULL OR valid_to > ?1)"
                         " ORDER BY code",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, today) != SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int added = poly_set_add(db, ps, st);
        if (added < 0)
            rc = reg_error_nomem(err);
        else if (added > 0)
            rc = reg_error_set(err, REG_EIO, "geometry_corrupt", "geometry",
                               "存储的边界无法读取", "the stored boundary cannot be read");
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* Rebuilds the connection's locator for revision rev on day today. */
static int rebuild(reg_db *db, sqlite3_int64 rev, const char *today, reg_error *err)
{
    reg_locate_free(db);
    poly_set ps = {0};
    int rc = read_polygons(db, today, &ps, err);
    if (rc == REG_OK && ps.n > 0) {
        /* geo_locator_new owns the geometries from here, also on failure. */
        int grc = geo_locator_new(db->geo, ps.geoms, ps.ids, ps.n, &db->locator);
        ps.n = 0;
        if (grc == GEO_ENOMEM)
            rc = reg_error_nomem(err);
        else if (grc != GEO_OK)
            rc = reg_error_set(err, REG_EIO, "locator_failed", "", "无法建立定位索引",
                               "cannot build the point locator");
    }
    if (rc == REG_OK) {
        db->locator_codes = ps.codes;
        ps.codes = NULL;
        db->locator_revision = rev;
        memcpy(db->locator_day, today, REG_DATE_BUF);
        db->locator_valid = 1;
    }
    poly_set_free(db, &ps);
    return rc;
}

/* Finds the code of the unit holding (lon, lat) within the current read
 * snapshot: reads the units revision, rebuilds the locator when units or
 * the day changed, then asks it.  *code points into the locator. */
static int locate_in_snapshot(reg_db *db, double lon, double lat, const char *today,
                              const char **code, reg_error *err)
{
    sqlite3_int64 rev = db->locator_revision;
    int fixed = db->units_fixed && db->locator_valid;
    int rc = fixed ? REG_OK : reg_units_revision(db, &rev, err);
    if (rc == REG_OK && (!db->locator_valid || rev != db->locator_revision ||
                         strcmp(today, db->locator_day) != 0))
        rc = rebuild(db, rev, today, err);
    if (rc != REG_OK)
        return rc;
    long id = -1;
    int grc = db->locator ? geo_locator_find(db->locator, lon, lat, &id) : GEO_ENOTFOUND;
    if (grc == GEO_ENOTFOUND)
        return reg_error_set(err, REG_ENOTFOUND, "not_located", "",
                             "该位置不在任何乡镇级单位的边界内",
                             "no township-level boundary holds the point");
    if (grc == GEO_ERANGE)
        return reg_error_set(err, REG_EINVAL, "coordinate_range", "",
                             "经纬度超出范围", "longitude/latitude out of range");
    if (grc != GEO_OK || id < 0 || (size_t)id >= geo_locator_size(db->locator))
        return reg_error_set(err, REG_EIO, "locator_failed", "", "定位失败",
                             "the point locator failed");
    *code = db->locator_codes[id];
    return REG_OK;
}

/* Locates (lon, lat) in one read snapshot: the unit's code into code_out
 * when not NULL, the unit as reg_unit_get gives it into *out when out is
 * not NULL. */
static int locate(reg_db *db, double lon, double lat, char *code_out, json_t **out,
                  reg_error *err)
{
    if (!db || (!code_out && !out))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (out)
        *out = NULL;
    if (!isfinite(lon) || !isfinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90)
        return reg_error_set(err, REG_EINVAL, "coordinate_range", "",
                             "经纬度超出范围", "longitude/latitude out of range");
    char today[REG_DATE_BUF];
    reg_today(today);
    const char *code = NULL;
    int opened = 0;
    int rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = locate_in_snapshot(db, lon, lat, today, &code, err);
    if (rc == REG_OK && code_out)
        memcpy(code_out, code, strlen(code) + 1);
    if (rc == REG_OK && out)
        rc = reg_unit_get(db, code, 0, out, err);
    reg_read_end(db, opened);
    return rc;
}

/* See reg_internal.h. */
int reg_locate_code(reg_db *db, double lon, double lat, char *code_out, reg_error *err)
{
    return locate(db, lon, lat, code_out, NULL, err);
}

/* See registry.h.  Codes: coordinate_range (REG_EINVAL), not_located
 * (REG_ENOTFOUND). */
int reg_locate(reg_db *db, double lon, double lat, json_t **out, reg_error *err)
{
    return locate(db, lon, lat, NULL, out, err);
}
