/*
 * reg_feature_sql.c: the statements of feature queries, built from a
 * collection descriptor and a query shape, cached per connection, and
 * their bindings.  Identifiers come from the descriptor only (checked by
 * reg_collection_check and double-quoted); every value is a parameter.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_internal.h"

#define SQL_MAX 4096

/* A bounded statement text; a write past the end sets overflow. */
typedef struct sql_text {
    char s[SQL_MAX];
    size_t len;
    int overflow;
} sql_text;

/* Appends printf-formatted text to t. */
static void sql_add(sql_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sql_add(sql_text *t, const char *fmt, ...)
{
    if (t->overflow)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->s + t->len, sizeof t->s - t->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof t->s - t->len)
        t->overflow = 1;
    else
        t->len += (size_t)n;
}

/* See reg_internal.h. */
unsigned reg_feature_key(const reg_collection *c, const reg_feature_query *q)
{
    unsigned key = 0;
    if (q->id)
        key |= REG_FQ_ID;
    if (q->has_bbox)
        key |= REG_FQ_BBOX;
    if (q->time_from)
        key |= REG_FQ_FROM;
    if (q->time_to)
        key |= REG_FQ_TO;
    if (q->unit)
        key |= REG_FQ_UNIT;
    for (size_t i = 0; i < c->nprops && i < REG_FEATURE_PROPS_MAX; i++)
        if (q->filters[i])
            key |= REG_FQ_FILTER << i;
    return key;
}

/* The extent statement: aggregates over every row. */
static void build_extent(sql_text *t, const reg_collection *c)
{
    const char *g = c->geom_column;
    sql_add(t,
            "SELECT count(*), min(MbrMinX(\"%s\")), min(MbrMinY(\"%s\")), max(MbrMaxX(\"%s\")),"
            " max(MbrMaxY(\"%s\")), ",
            g, g, g, g);
    if (c->time_start && c->time_end)
        sql_add(t, "min(\"%s\"), max(\"%s\"), count(*) - count(\"%s\")", c->time_start,
                c->time_end, c->time_end);
    else if (c->time_start)
        sql_add(t, "min(\"%s\"), max(\"%s\"), 0", c->time_start, c->time_start);
    else
        sql_add(t, "NULL, NULL, 0");
    sql_add(t, " FROM \"%s\"", c->table);
}

/* The WHERE clauses of a rows or count statement, parameters in the order
 * reg_feature_bind binds them. */
static void build_where(sql_text *t, const reg_collection *c, unsigned key)
{
    sql_add(t, " WHERE 1");
    if (key & REG_FQ_ID)
        sql_add(t, " AND \"%s\" = ?", c->id_column);
    if (key & REG_FQ_BBOX) {
        /* The R*Tree holds float32 boxes: the caller widens the window
         * and applies the exact test. */
        if (c->index_rowid)
            sql_add(t, " AND \"%s\"", c->index_rowid);
        else
            sql_add(t, " AND ROWID");
        sql_add(t,
                " IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = ?"
                " AND f_geometry_column = ? AND search_frame = BuildMbr(?, ?, ?, ?))");
    }
    for (size_t i = 0; i < c->nprops; i++)
        if (key & (REG_FQ_FILTER << i))
            sql_add(t, " AND \"%s\" = ?", c->props[i].name);
    if (key & REG_FQ_TO)
        sql_add(t, " AND \"%s\" <= ?", c->time_start);
    if ((key & REG_FQ_FROM) && c->time_end)
        sql_add(t, " AND (\"%s\" IS NULL OR \"%s\" > ?)", c->time_end, c->time_end);
    else if (key & REG_FQ_FROM)
        sql_add(t, " AND \"%s\" >= ?", c->time_start);
    if (key & REG_FQ_UNIT)
        sql_add(t, " AND \"%s\" >= ? AND \"%s\" < ?", c->unit_column, c->unit_column);
}

/* Writes the statement for (c, key) into t. */
static void build(sql_text *t, const reg_collection *c, unsigned key)
{
    if (key & REG_FQ_EXTENT) {
        build_extent(t, c);
        return;
    }
    if (key & REG_FQ_COUNT) {
        sql_add(t, "SELECT count(*) FROM \"%s\"", c->table);
        build_where(t, c, key);
        return;
    }
    sql_add(t, "SELECT \"%s\", AsBinary(\"%s\")", c->id_column, c->geom_column);
    for (size_t i = 0; i < c->nprops; i++)
        sql_add(t, ", \"%s\"", c->props[i].name);
    sql_add(t, " FROM \"%s\"", c->table);
    build_where(t, c, key);
    sql_add(t, " ORDER BY \"%s\"", c->id_column);
    if (key & REG_FQ_PAGE)
        sql_add(t, " LIMIT ? OFFSET ?");
}

/* See reg_internal.h.  A miss takes the next slot in turn, finalizing the
 * statement there: the few shapes a server sees stay cached. */
int reg_feature_stmt(reg_db *db, const reg_collection *c, unsigned key, sqlite3_stmt **out,
                     reg_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < REG_FEATURE_STMTS; i++) {
        reg_feature_slot *e = &db->feature_stmts[i];
        if (e->st && e->c == c && e->key == key) {
            sqlite3_reset(e->st);
            sqlite3_clear_bindings(e->st);
            *out = e->st;
            return REG_OK;
        }
    }
    int rc = reg_collection_check(c, err);
    if (rc != REG_OK)
        return rc;
    sql_text *t = malloc(sizeof *t);
    if (!t)
        return reg_error_nomem(err);
    t->len = 0;
    t->overflow = 0;
    t->s[0] = '\0';
    build(t, c, key);
    sqlite3_stmt *st = NULL;
    if (t->overflow)
        rc = reg_error_set(err, REG_EINVAL, "bad_descriptor", "", "要素集合描述无效",
                           "bad collection descriptor: statement too long");
    else if (sqlite3_prepare_v3(db->sql, t->s, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
             SQLITE_OK)
        rc = reg_error_sqlite(db, err);
    free(t);
    if (rc != REG_OK)
        return rc;
    reg_feature_slot *slot = &db->feature_stmts[db->feature_stmt_next];
    db->feature_stmt_next = (db->feature_stmt_next + 1) % REG_FEATURE_STMTS;
    sqlite3_finalize(slot->st);
    slot->c = c;
    slot->key = key;
    slot->st = st;
    *out = st;
    return REG_OK;
}

/* See reg_internal.h. */
void reg_feature_stmts_finalize(reg_db *db)
{
    for (size_t i = 0; i < REG_FEATURE_STMTS; i++) {
        sqlite3_finalize(db->feature_stmts[i].st);
        db->feature_stmts[i].st = NULL;
        db->feature_stmts[i].c = NULL;
    }
}

/* Binds a filter value for property p at idx: a whole number for an
 * INTEGER property, a finite number for a REAL one, the text otherwise.
 * REG_EINVAL "bad_filter" naming the property when it cannot be one. */
static int bind_filter(sqlite3_stmt *st, int idx, const reg_prop *p, const char *v,
                       reg_error *err)
{
    char *end = NULL;
    errno = 0;
    int rc = SQLITE_OK;
    if (p->type == REG_PROP_INTEGER) {
        long long n = strtoll(v, &end, 10);
        if (errno || end == v || *end)
            goto bad;
        rc = sqlite3_bind_int64(st, idx, n);
    } else if (p->type == REG_PROP_REAL) {
        double d = strtod(v, &end);
        if (errno || end == v || *end || d != d || d - d != 0)
            goto bad;
        rc = sqlite3_bind_double(st, idx, d);
    } else {
        rc = reg_bind_text(st, idx, v);
    }
    return rc == SQLITE_OK ? REG_OK : REG_EIO;
bad:
    return reg_error_detail(err, REG_EINVAL, "bad_filter", p->name, "属性过滤值不是数字",
                            "the filter value is not a number for this property", p->name);
}

/* 1 if s is a division code prefix: 2 to 12 ASCII digits. */
static int unit_code_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9')
            return 0;
    return n >= 2 && n <= 12;
}

/* See reg_internal.h.  The unit range is [code, code ":"): ':' sorts just
 * after '9', so it holds every code that starts with code. */
int reg_feature_bind(reg_db *db, const reg_collection *c, unsigned key,
                     const reg_feature_query *q, sqlite3_stmt *st, reg_error *err)
{
    int i = 1, rc = SQLITE_OK;
    if (key & REG_FQ_ID)
        rc = reg_bind_text(st, i++, q->id);
    if (rc == SQLITE_OK && (key & REG_FQ_BBOX)) {
        /* float32 boxes: widen by more than their rounding (1e-5 degree
         * is ~1 m; float32 at 180 degrees rounds by ~1e-5). */
        const double pad = 2e-5;
        rc = reg_bind_text(st, i++, c->index_table ? c->index_table : c->table);
        if (rc == SQLITE_OK)
            rc = reg_bind_text(st, i++, c->geom_column);
        for (int k = 0; k < 4 && rc == SQLITE_OK; k++)
            rc = sqlite3_bind_double(st, i++, q->bbox[k] + (k < 2 ? -pad : pad));
    }
    for (size_t p = 0; rc == SQLITE_OK && p < c->nprops; p++) {
        if (!(key & (REG_FQ_FILTER << p)))
            continue;
        int frc = bind_filter(st, i++, &c->props[p], q->filters[p], err);
        if (frc == REG_EINVAL)
            return frc;
        if (frc != REG_OK)
            rc = SQLITE_ERROR;
    }
    if (rc == SQLITE_OK && (key & REG_FQ_TO))
        rc = reg_bind_text(st, i++, q->time_to);
    if (rc == SQLITE_OK && (key & REG_FQ_FROM))
        rc = reg_bind_text(st, i++, q->time_from);
    if (rc == SQLITE_OK && (key & REG_FQ_UNIT)) {
        if (!unit_code_ok(q->unit))
            return reg_error_set(err, REG_EINVAL, "bad_unit", "unit",
                                 "区划代码格式错误（应为 2 至 12 位数字）",
                                 "malformed division code (2 to 12 digits expected)");
        char hi[16];
        snprintf(hi, sizeof hi, "%s:", q->unit);
        rc = reg_bind_text(st, i++, q->unit);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(st, i++, hi, -1, SQLITE_TRANSIENT);
    }
    if (rc == SQLITE_OK && (key & REG_FQ_PAGE)) {
        rc = sqlite3_bind_int64(st, i++, q->limit);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_int64(st, i++, q->offset);
    }
    return rc == SQLITE_OK ? REG_OK : reg_error_sqlite(db, err);
}
