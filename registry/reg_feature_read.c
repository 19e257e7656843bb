/*
 * reg_feature_read.c: reading the features of a collection (see
 * registry.h): the rows, paging, counting and the exact bbox test.
 */
#include <math.h>
#include <string.h>

#include "reg_internal.h"

/* Fills f (and values, c->nprops of them) from the current row of a rows
 * statement: id, WKB, then the properties. */
static void row_feature(const reg_collection *c, sqlite3_stmt *st, reg_feature *f,
                        reg_value *values)
{
    const char *id = (const char *)sqlite3_column_text(st, 0);
    f->id = id ? id : "";
    f->wkb = sqlite3_column_blob(st, 1);
    f->wkb_len = (size_t)sqlite3_column_bytes(st, 1);
    if (f->wkb_len == 0)
        f->wkb = NULL;
    for (size_t i = 0; i < c->nprops; i++) {
        int col = (int)i + 2;
        reg_value *v = &values[i];
        *v = (reg_value){0};
        v->is_null = sqlite3_column_type(st, col) == SQLITE_NULL;
        if (v->is_null)
            continue;
        if (c->props[i].type == REG_PROP_INTEGER)
            v->i = sqlite3_column_int64(st, col);
        else if (c->props[i].type == REG_PROP_REAL)
            v->r = sqlite3_column_double(st, col);
        else
            v->s = (const char *)sqlite3_column_text(st, col);
    }
    f->values = values;
}

/* Checks the parts of q the statements cannot: paging bounds, a finite
 * ordered bbox, a time filter only where the collection has time. */
static int query_check(const reg_collection *c, const reg_feature_query *q, reg_error *err)
{
    if (q->limit < -1 || q->offset < 0)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效",
                             "bad argument: limit or offset");
    if ((q->time_from || q->time_to) && !c->time_start)
        return reg_error_set(err, REG_EINVAL, "no_time", "datetime", "该要素集合没有时间属性",
                             "this collection has no time to filter on");
    if (q->has_bbox) {
        for (int k = 0; k < 4; k++)
            if (!isfinite(q->bbox[k]))
                return reg_error_set(err, REG_EINVAL, "bad_bbox", "bbox", "范围框无效",
                                     "the bbox has a value that is not a number");
        if (q->bbox[0] > q->bbox[2] || q->bbox[1] > q->bbox[3])
            return reg_error_set(err, REG_EINVAL, "bad_bbox", "bbox", "范围框的最小值大于最大值",
                                 "the bbox minimum is above its maximum");
    }
    return REG_OK;
}

/* 1 if a and b describe the same rows (a descriptor may be made anew at
 * the address of another). */
static int same_collection(const reg_collection *a, const reg_collection *b)
{
    return a && b && a == b && strcmp(a->id, b->id) == 0 && strcmp(a->table, b->table) == 0;
}

/* The memo of c for the data the open read transaction sees, or NULL
 * when none may be used: inside a write transaction (its changes are not
 * committed and may be rolled back), or when the version cannot be read.
 * A slot for another version is emptied; a collection without a slot
 * takes the next one in turn. */
static reg_feature_memo *memo_of(reg_db *db, const reg_collection *c)
{
    unsigned version = 0;
    sqlite3_int64 units_rev; /* a first read, so that the snapshot (and its version) is taken */
    if (reg_units_revision(db, &units_rev, NULL) != REG_OK ||
        sqlite3_txn_state(db->sql, "main") != SQLITE_TXN_READ ||
        sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK)
        return NULL;
    reg_feature_memo *m = NULL;
    for (size_t i = 0; i < REG_FEATURE_MEMOS && !m; i++)
        if (same_collection(db->feature_memo[i].c, c) || !db->feature_memo[i].c)
            m = &db->feature_memo[i];
    if (!m)
        m = &db->feature_memo[(size_t)(unsigned char)c->id[0] % REG_FEATURE_MEMOS];
    if (!same_collection(m->c, c) || m->version != version)
        *m = (reg_feature_memo){.c = c, .version = version};
    return m;
}

/* The count statement for key: *matched = count(*).  The count of every
 * row (no filter) is remembered for the data version (memo_of). */
static int count_rows(reg_db *db, const reg_collection *c, unsigned key,
                      const reg_feature_query *q, long *matched, reg_error *err)
{
    reg_feature_memo *m = key == 0 ? memo_of(db, c) : NULL;
    if (m && m->has_total) {
        *matched = m->total;
        return REG_OK;
    }
    sqlite3_stmt *st;
    int rc = reg_feature_stmt(db, c, key | REG_FQ_COUNT, &st, err);
    if (rc == REG_OK)
        rc = reg_feature_bind(db, c, key | REG_FQ_COUNT, q, st, err);
    if (rc == REG_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            *matched = (long)sqlite3_column_int64(st, 0);
        else
            rc = reg_error_sqlite(db, err);
    }
    if (st)
        sqlite3_reset(st);
    if (rc == REG_OK && m) {
        m->total = *matched;
        m->has_total = 1;
    }
    return rc;
}

/* Without a bbox: SQL does the paging; every row is a match. */
static int read_paged(reg_db *db, const reg_collection *c, unsigned key,
                      const reg_feature_query *q, reg_feature_fn fn, void *cls, reg_error *err)
{
    sqlite3_stmt *st;
    key |= REG_FQ_PAGE;
    int rc = reg_feature_stmt(db, c, key, &st, err);
    if (rc == REG_OK)
        rc = reg_feature_bind(db, c, key, q, st, err);
    reg_value values[REG_FEATURE_PROPS_MAX];
    reg_feature f;
    int step = SQLITE_DONE;
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        row_feature(c, st, &f, values);
        rc = fn(cls, &f);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    if (st)
        sqlite3_reset(st);
    return rc;
}

/* 1 if wkb is a little-endian 2D ISO WKB Point (what the registry
 * writes), with its coordinates in *x and *y; else 0. */
static int wkb_point(const unsigned char *wkb, size_t len, double *x, double *y)
{
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    return 0; /* the bytes are little-endian doubles: only read them as such */
#endif
    if (len != 21 || wkb[0] != 1 || wkb[1] != 1 || wkb[2] || wkb[3] || wkb[4])
        return 0;
    memcpy(x, wkb + 5, sizeof *x);
    memcpy(y, wkb + 13, sizeof *y);
    return 1;
}

/* 1 if the feature's geometry intersects the box (prepared in box, q's
 * numbers in bbox), 0 if not or without geometry, -1 if its WKB cannot be
 * read.  A point is compared directly; anything else goes to GEOS. */
static int bbox_hit(reg_db *db, const GEOSPreparedGeometry *box, const double bbox[4],
                    const reg_feature *f)
{
    GEOSGeometry *g = NULL;
    double x, y;
    if (!f->wkb)
        return 0;
    if (wkb_point(f->wkb, f->wkb_len, &x, &y))
        return x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3];
    if (geo_wkb_read(db->geo, f->wkb, f->wkb_len, &g) != GEO_OK)
        return -1;
    char hit = GEOSPreparedIntersects_r(geo_ctx_geos(db->geo), box, g);
    GEOSGeom_destroy_r(geo_ctx_geos(db->geo), g);
    return hit == 2 ? -1 : hit;
}

/* With a bbox: the spatial index gives candidates in id order, the exact
 * test decides, and the paging and counting happen here. */
static int read_bbox(reg_db *db, const reg_collection *c, unsigned key,
                     const reg_feature_query *q, reg_feature_fn fn, void *cls, long *matched,
                     reg_error *err)
{
    GEOSContextHandle_t h = geo_ctx_geos(db->geo);
    GEOSGeometry *rect = GEOSGeom_createRectangle_r(h, q->bbox[0], q->bbox[1], q->bbox[2],
                                                    q->bbox[3]);
    const GEOSPreparedGeometry *box = rect ? GEOSPrepare_r(h, rect) : NULL;
    sqlite3_stmt *st = NULL;
    int rc = box ? reg_feature_stmt(db, c, key, &st, err)
                 : reg_error_set(err, REG_EIO, "geos_error", "", "几何运算失败",
                                 "GEOS could not make the bbox");
    if (rc == REG_OK)
        rc = reg_feature_bind(db, c, key, q, st, err);
    reg_value values[REG_FEATURE_PROPS_MAX];
    reg_feature f;
    long n = 0, passed = 0;
    int step = SQLITE_DONE;
    while (rc == REG_OK && (q->count || q->limit < 0 || passed < q->limit) &&
           (step = sqlite3_step(st)) == SQLITE_ROW) {
        row_feature(c, st, &f, values);
        int hit = bbox_hit(db, box, q->bbox, &f);
        if (hit < 0) {
            rc = reg_error_detail(err, REG_EIO, "bad_stored_geometry", "", "存储的几何对象无法读取",
                                  "a stored geometry cannot be read", f.id);
        } else if (hit) {
            n++;
            if (n > q->offset && (q->limit < 0 || passed < q->limit)) {
                passed++;
                rc = fn(cls, &f);
            }
        }
    }
    if (rc == REG_OK && step != SQLITE_DONE && step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    if (st)
        sqlite3_reset(st);
    if (box)
        GEOSPreparedGeom_destroy_r(h, box);
    if (rect)
        GEOSGeom_destroy_r(h, rect);
    if (matched && q->count)
        *matched = n;
    return rc;
}

/* See registry.h.  All statements of one call read one snapshot. */
int reg_features_read(reg_db *db, const reg_collection *c, const reg_feature_query *q,
                      reg_feature_fn fn, void *cls, long *matched, reg_error *err)
{
    if (matched)
        *matched = 0;
    if (!db || !c || !q || !fn || (q->count && !matched))
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    int rc = reg_collection_check(c, err);
    if (rc == REG_OK)
        rc = query_check(c, q, err);
    if (rc != REG_OK)
        return rc;
    unsigned key = reg_feature_key(c, q);
    int opened = 0;
    rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK && q->has_bbox) {
        rc = read_bbox(db, c, key, q, fn, cls, matched, err);
    } else if (rc == REG_OK) {
        if (q->count)
            rc = count_rows(db, c, key, q, matched, err);
        if (rc == REG_OK)
            rc = read_paged(db, c, key, q, fn, cls, err);
    }
    reg_read_end(db, opened);
    return rc;
}

/* Copies the date text of column col (at most YYYY-MM-DD) into out (11
 * bytes); "" for NULL. */
static void date_column(sqlite3_stmt *st, int col, char out[11])
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    snprintf(out, 11, "%s", s ? s : "");
}

/* Reads the extent of c into out (one pass over its rows). */
static int extent_read(reg_db *db, const reg_collection *c, reg_extent *out, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_feature_stmt(db, c, REG_FQ_EXTENT, &st, err);
    if (rc != REG_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = reg_error_sqlite(db, err);
    } else {
        out->count = (long)sqlite3_column_int64(st, 0);
        out->has_bbox = sqlite3_column_type(st, 1) != SQLITE_NULL;
        for (int k = 0; k < 4 && out->has_bbox; k++)
            out->bbox[k] = sqlite3_column_double(st, k + 1);
        date_column(st, 5, out->time_min);
        if (sqlite3_column_int64(st, 7) == 0)
            date_column(st, 6, out->time_max);
    }
    sqlite3_reset(st);
    return rc;
}

/* See registry.h.  Remembered for the data version (memo_of): GIS
 * clients ask for every collection's extent each time they open the
 * service, and at 134,704 doorplates it took ~0.4 s. */
int reg_collection_extent(reg_db *db, const reg_collection *c, reg_extent *out,
                          reg_error *err)
{
    if (!db || !c || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = (reg_extent){0};
    int opened = 0;
    int rc = reg_collection_check(c, err);
    if (rc == REG_OK)
        rc = reg_read_begin(db, &opened, err);
    if (rc != REG_OK)
        return rc;
    reg_feature_memo *m = memo_of(db, c);
    if (m && m->has_extent) {
        *out = m->extent;
    } else if ((rc = extent_read(db, c, out, err)) == REG_OK && m) {
        m->extent = *out;
        m->total = out->count; /* the extent counts every row */
        m->has_extent = m->has_total = 1;
    }
    reg_read_end(db, opened);
    return rc;
}

/* See registry.h. */
json_t *reg_feature_properties(const reg_collection *c, const reg_feature *f)
{
    if (!c || !f)
        return NULL;
    json_t *props = json_object();
    for (size_t i = 0; props && i < c->nprops; i++) {
        const reg_value *v = &f->values[i];
        json_t *j;
        if (v->is_null)
            j = json_null();
        else if (c->props[i].type == REG_PROP_INTEGER)
            j = json_integer((json_int_t)v->i);
        else if (c->props[i].type == REG_PROP_REAL)
            j = json_real(v->r);
        else
            j = json_string(v->s ? v->s : "");
        if (json_object_set_new(props, c->props[i].name, j) != 0) {
            json_decref(props);
            props = NULL;
        }
    }
    return props;
}
