/*
 * reg_unit_groups.c: township-level units grouped by their parent, with
 * polygons in EPSG:4544 - what deriving lines and checking sibling
 * topology both walk through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_bound_internal.h"

/* Frees the group's polygons and arrays and empties it. */
static void group_clear(reg_db *db, reg_unit_group *g)
{
    for (size_t i = 0; i < g->n; i++)
        reg_geom_free(db, g->polys[i]);
    reg_geom_free(db, g->parent_poly);
    free(g->codes);
    free(g->names);
    free(g->polys);
    memset(g, 0, sizeof *g);
}

/* Reads WKB column col of st (NULL allowed) into a new EPSG:4544
 * geometry; *out NULL for SQL NULL. */
static int group_geom(reg_db *db, sqlite3_stmt *st, int col, GEOSGeometry **out, reg_error *err)
{
    *out = NULL;
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return REG_OK;
    GEOSGeometry *g = NULL;
    int rc = reg_wkb_geom(db, sqlite3_column_blob(st, col), sqlite3_column_bytes(st, col), &g,
                          err);
    if (rc == REG_OK)
        rc = reg_to_4544(db, g, out, err);
    reg_geom_free(db, g);
    return rc;
}

/* Adds the current row (code, name, parent, WKB, parent WKB) to g. */
static int group_add(reg_db *db, reg_unit_group *g, sqlite3_stmt *st, reg_error *err)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 32;
        void *c = realloc(g->codes, cap * sizeof *g->codes);
        if (c)
            g->codes = c;
        void *nm = realloc(g->names, cap * sizeof *g->names);
        if (nm)
            g->names = nm;
        void *p = realloc(g->polys, cap * sizeof *g->polys);
        if (p)
            g->polys = p;
        if (!c || !nm || !p)
            return reg_error_nomem(err);
        g->cap = cap;
    }
    int rc = group_geom(db, st, 3, &g->polys[g->n], err);
    if (rc == REG_OK && g->n == 0)
        rc = group_geom(db, st, 4, &g->parent_poly, err);
    if (rc != REG_OK)
        return rc;
    snprintf(g->codes[g->n], sizeof g->codes[g->n], "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(g->names[g->n], sizeof g->names[g->n], "%s", (const char *)sqlite3_column_text(st, 1));
    g->n++;
    return REG_OK;
}

/* The walk through the units: the group being filled and what to do
 * with each complete one. */
typedef struct groups_walk {
    reg_unit_group g;
    reg_unit_group_fn fn;
    void *ctx;
} groups_walk;

/* reg_row_fn: a unit (code, name, parent, WKB, parent WKB); a new parent
 * hands the group so far to fn first. */
static int groups_row(reg_db *db, sqlite3_stmt *st, void *ctx, reg_error *err)
{
    groups_walk *w = ctx;
    const char *parent = (const char *)sqlite3_column_text(st, 2);
    int rc = REG_OK;
    if (w->g.n && strcmp(parent ? parent : "", w->g.parent) != 0) {
        rc = w->fn(db, &w->g, w->ctx, err);
        group_clear(db, &w->g);
    }
    snprintf(w->g.parent, sizeof w->g.parent, "%s", parent ? parent : "");
    return rc == REG_OK ? group_add(db, &w->g, st, err) : rc;
}

/* See reg_bound_internal.h. */
int reg_unit_groups(reg_db *db, reg_unit_group_fn fn, void *ctx, reg_error *err)
{
    char today[REG_DATE_BUF];
    reg_today(today);
    sqlite3_stmt *st = NULL;
    int rc = reg_prepare(db, "SELECT u.code, u.name, u.parent_code, AsBinary(u.geom),"
                             " AsBinary(p.geom) FROM units u LEFT JOIN units p"
                             " ON p.code = u.parent_code"
                             " WHERE u.level IN ('town', 'township', 'subdistrict')"
                             " AND u.geom IS NOT NULL AND (u.valid_to IS NULL OR u.valid_to > ?1)"
                             " ORDER BY u.parent_code, u.code", &st, err);
    if (rc == REG_OK && reg_bind_text(st, 1, today))
        rc = reg_error_sqlite(db, err);
    groups_walk w = {.fn = fn, .ctx = ctx};
    rc = reg_rows_each(db, st, rc, groups_row, &w, err);
    if (rc == REG_OK && w.g.n)
        rc = fn(db, &w.g, ctx, err);
    group_clear(db, &w.g);
    return rc;
}
