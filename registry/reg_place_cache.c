/*
 * reg_place_cache.c: what a connection keeps for place names between
 * calls: its hot prepared statements, the search index and the unit
 * polygons, each tagged with the revisions (meta: places_revision, bumped
 * by every place write; units_revision, by every unit write) it was built
 * at and rebuilt when they move.  One cached SELECT per call tells.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reg_place_internal.h"

static const char *const rp_stmt_sql[RP_STMT_COUNT] = {
    [RP_STMT_REVISIONS] = "SELECT key, value FROM meta"
                          " WHERE key IN ('places_revision', 'units_revision')",
    [RP_STMT_ROW] = "SELECT id, code, name, specific, generic, category, status,"
                    " pinyin_override, protected, naming_round, geom IS NOT NULL,"
                    " approval_date, filed_on, announced_on, unit_code, location IS NOT NULL"
                    " FROM places WHERE id = ?1",
    [RP_STMT_GEOM] = "SELECT AsBinary(geom) FROM places WHERE id = ?1",
    [RP_STMT_UNITS] = "SELECT unit_code FROM place_units WHERE place_id = ?1"
                      " ORDER BY unit_code",
};

/* Makes the connection's cache if it has none. */
static int cache_of(reg_db *db, rp_cache **out, reg_error *err)
{
    if (!db->place_cache && !(db->place_cache = calloc(1, sizeof *db->place_cache)))
        return reg_error_nomem(err);
    *out = db->place_cache;
    return REG_OK;
}

/* See reg_place_internal.h. */
int rp_stmt(reg_db *db, rp_stmt_id id, sqlite3_stmt **out, reg_error *err)
{
    rp_cache *c = NULL;
    int rc = cache_of(db, &c, err);
    *out = NULL;
    if (rc != REG_OK)
        return rc;
    if (!c->stmts[id] && sqlite3_prepare_v3(db->sql, rp_stmt_sql[id], -1,
                                            SQLITE_PREPARE_PERSISTENT, &c->stmts[id],
                                            NULL) != SQLITE_OK) {
        c->stmts[id] = NULL;
        return reg_error_sqlite(db, err);
    }
    sqlite3_reset(c->stmts[id]);
    sqlite3_clear_bindings(c->stmts[id]);
    *out = c->stmts[id];
    return REG_OK;
}

/* See reg_place_internal.h.  The cache is keyed by the address of the SQL
 * text: every statement of the place-name files is a string constant. */
int rp_cached(reg_db *db, const char *sql, sqlite3_stmt **out, reg_error *err)
{
    rp_cache *c = NULL;
    int rc = cache_of(db, &c, err);
    *out = NULL;
    if (rc != REG_OK)
        return rc;
    size_t i = 0;
    while (i < c->nsql && c->sql[i].text != sql)
        i++;
    if (i == c->nsql) {
        if (c->nsql == RP_SQL_CACHE)
            return reg_error_set(err, REG_EIO, "statement_cache_full", "",
                                 "语句缓存已满", "the statement cache is full");
        if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->sql[i].st,
                               NULL) != SQLITE_OK) {
            c->sql[i].st = NULL;
            return reg_error_sqlite(db, err);
        }
        c->sql[i].text = sql;
        c->nsql++;
    }
    sqlite3_reset(c->sql[i].st);
    sqlite3_clear_bindings(c->sql[i].st);
    *out = c->sql[i].st;
    return REG_OK;
}

/* See reg_place_internal.h. */
int rp_revisions(reg_db *db, sqlite3_int64 *places, sqlite3_int64 *units, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_stmt(db, RP_STMT_REVISIONS, &st, err);
    if (rc != REG_OK)
        return rc;
    *places = *units = -1;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (key && strcmp(key, "places_revision") == 0)
            *places = sqlite3_column_int64(st, 1);
        else if (key)
            *units = sqlite3_column_int64(st, 1);
    }
    rc = step == SQLITE_DONE ? REG_OK : reg_error_sqlite(db, err);
    sqlite3_reset(st);
    return rc;
}

/* See reg_place_internal.h. */
int rp_bump_revision(reg_db *db, reg_error *err)
{
    return rp_exec(db, "UPDATE meta SET value = value + 1 WHERE key = 'places_revision'", NULL,
                   0, err);
}

/* Monotonic seconds (the coarse clock: a few milliseconds are enough). */
static double coarse_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* See reg_place_internal.h. */
int rp_index_get(reg_db *db, rp_index **out, reg_error *err)
{
    rp_cache *c = NULL;
    sqlite3_int64 prev, urev;
    const rp_rules *r = rp_rules_get(err);
    int rc = r ? cache_of(db, &c, err) : REG_EIO;
    if (rc != REG_OK)
        return rc;
    unsigned long epoch = reg_write_epoch();
    double now = coarse_now();
    if (c->index && sqlite3_get_autocommit(db->sql) && c->index_epoch == epoch &&
        now - c->index_checked < RP_RECHECK_S) {
        *out = c->index;
        return REG_OK;
    }
    if ((rc = rp_revisions(db, &prev, &urev, err)) != REG_OK)
        return rc;
    if (!c->index || c->index_places_rev != prev || c->index_units_rev != urev) {
        rp_index_free(c->index);
        c->index = NULL;
        if ((rc = rp_index_build(db, r, &c->index, err)) != REG_OK)
            return rc;
        c->index_places_rev = prev;
        c->index_units_rev = urev;
    }
    c->index_epoch = epoch;
    c->index_checked = now;
    *out = c->index;
    return REG_OK;
}

/* See reg_place_internal.h. */
int rp_cover_get(reg_db *db, rp_cover **out, reg_error *err)
{
    rp_cache *c = NULL;
    sqlite3_int64 prev, urev;
    int rc = cache_of(db, &c, err);
    if (rc == REG_OK)
        rc = rp_revisions(db, &prev, &urev, err);
    if (rc != REG_OK)
        return rc;
    if (!c->cover || c->cover_units_rev != urev) {
        rp_cover_free(db, c->cover);
        c->cover = NULL;
        if ((rc = rp_cover_build(db, &c->cover, err)) != REG_OK)
            return rc;
        c->cover_units_rev = urev;
    }
    *out = c->cover;
    return REG_OK;
}

/* See reg_internal.h. */
void reg_place_cache_free(reg_db *db)
{
    rp_cache *c = db->place_cache;
    if (!c)
        return;
    for (int i = 0; i < RP_STMT_COUNT; i++)
        sqlite3_finalize(c->stmts[i]);
    for (size_t i = 0; i < c->nsql; i++)
        sqlite3_finalize(c->sql[i].st);
    rp_index_free(c->index);
    rp_cover_free(db, c->cover);
    free(c);
    db->place_cache = NULL;
}

/* See reg_internal.h: a rollback may undo a revision the caches were built
 * at, and a later write could bring the counter back to it. */
void reg_place_cache_invalidate(reg_db *db)
{
    rp_cache *c = db->place_cache;
    if (!c)
        return;
    rp_index_free(c->index);
    c->index = NULL;
    rp_cover_free(db, c->cover);
    c->cover = NULL;
}
