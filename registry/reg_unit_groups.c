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

/* See reg_bound_internal.h. */
int reg_unit_groups(reg_db *db, reg_unit_group_fn fn, void *ctx, reg_error *err)
{
    char today[REG_DATE_BUF];
    reg_today(today);
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT u.code, u.name, u.parent_code, AsBinary(u.geom),"
                             " AsBinary(p.geom) FROM units u LEFT JOIN units p"
                             " ON p.code = u.parent_code"
                             " WHERE u.level IN ('town', 'township', 'subdistrict')"
                             " AND u.geom IS NOT NULL AND (u.valid_to IS NULL OR u.valid_to > ?1)"
                             " ORDER BY u.parent_code, u.code", &st, err);
    if (rc != REG_OK)
        return rc;
    reg_unit_group g;
    memset(&g, 0, sizeof g);
    int step = SQLITE_DONE;
    if (reg_bind_text(st, 1, today))
        rc = reg_error_sqlite(db, err);
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *parent = (const char *)sqlite3_column_text(st, 2);
        if (g.n && strcmp(parent ? parent : "", g.parent) != 0) {
            rc = fn(db, &g, ctx, err);
            group_clear(db, &g);
        }
        snprintf(g.parent, sizeof g.parent, "%s", parent ? parent : "");
        if (rc == REG_OK)
            rc = group_add(db, &g, st, err);
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    if (rc == REG_OK && g.n)
        rc = fn(db, &g, ctx, err);
    group_clear(db, &g);
    return rc;
}
