/*
 * reg_line_derive.c: township-level boundary lines made from the shared
 * edges of neighbouring township polygons, for counties that have
 * polygons but no surveyed lines (and for the demo).  Per parent county,
 * every pair of current township-level units whose polygons share length
 * gets a line numbered by the two units' three-digit suffixes, lower code
 * first ("100101"), measured and oriented in EPSG:4544 by rule B5 (west to
 * east, or north to south), with left and right as the polygons lie along
 * it.  The county's outline is not derived: the units beyond it are not
 * in the registry, and a county-level line needs them (import it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reg_bound_internal.h"

/* A generated description of the line's course (走向说明). */
static void derive_description(char *out, size_t size, const char *left, const char *right,
                               double len)
{
    snprintf(out, size,
             "%s与%s之间的乡级界线，由两乡镇多边形的公共边界生成（示意，非法定界线），"
             "全长约%.0f米，按B5自西向东（或自北向南）编号。",
             left, right, len);
}

/* Stores the line between units a and b of g along edge (EPSG:4544). */
static int derive_line(reg_db *db, const char *actor, reg_unit_group *g, size_t a, size_t b,
                       const GEOSGeometry *edge, reg_derive_summary *sum, reg_error *err)
{
    GEOSGeometry *oriented = NULL, *g4490 = NULL;
    int side = 0;
    double len = 0;
    int grc = geo_line_orient(db->geo, edge, &oriented);
    if (grc == GEO_OK)
        grc = geo_line_side(db->geo, oriented, g->polys[a], &side);
    if (grc == GEO_OK)
        grc = geo_length(db->geo, oriented, &len);
    if (grc == GEO_OK)
        grc = geo_transform_geom(db->geo, GEO_CRS_4544, GEO_CRS_4490, oriented, &g4490);
    int rc = REG_OK;
    if (grc != GEO_OK)
        rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry", "无法生成界线",
                           "the line cannot be derived");
    size_t left = side >= 0 ? a : b, right = side >= 0 ? b : a;
    char number[16], desc[600];
    snprintf(number, sizeof number, "%.3s%.3s", g->codes[a] + 6, g->codes[b] + 6);
    derive_description(desc, sizeof desc, g->names[left], g->names[right], len);
    reg_line_input in = {.number = number, .level = "township", .left_code = g->codes[left],
                         .right_code = g->codes[right], .description = desc, .geometry = g4490};
    char outcome = '=';
    if (rc == REG_OK)
        rc = reg_boundary_upsert(db, actor, &in, &outcome, err);
    if (rc == REG_OK) {
        sum->pairs++;
        sum->inserted += outcome == 'i';
        sum->updated += outcome == 'u';
        sum->unchanged += outcome == '=';
    }
    reg_geom_free(db, oriented);
    reg_geom_free(db, g4490);
    return rc;
}

/* derive_number_taken: a line of the number exists between other units. */
static int derive_number_free(reg_db *db, const reg_unit_group *g, size_t a, size_t b,
                              reg_error *err)
{
    char number[16];
    snprintf(number, sizeof number, "%.3s%.3s", g->codes[a] + 6, g->codes[b] + 6);
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT 1 FROM boundary_lines WHERE number = ?1 AND NOT"
                             " ((left_code = ?2 AND right_code = ?3)"
                             " OR (left_code = ?3 AND right_code = ?2))", &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, number) || reg_bind_text(st, 2, g->codes[a]) ||
                       reg_bind_text(st, 3, g->codes[b])
                   ? SQLITE_ERROR
                   : sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = reg_error_detail(err, REG_ECONFLICT, "derive_number_taken", "number",
                              "界线编号已用于另外两个单位之间的界线",
                              "the line number is used by a line between other units", number);
    else if (step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    return rc;
}

/* Derives every line of one parent's group. */
static int derive_group_lines(reg_db *db, const char *actor, reg_unit_group *g,
                              reg_derive_summary *sum, reg_error *err)
{
    int rc = REG_OK;
    for (size_t a = 0; rc == REG_OK && a < g->n; a++)
        for (size_t b = a + 1; rc == REG_OK && b < g->n; b++) {
            GEOSGeometry *edge = NULL;
            if (geo_shared_edge(db->geo, g->polys[a], g->polys[b], &edge) != GEO_OK) {
                rc = reg_error_set(err, REG_EIO, "geometry_error", "geometry",
                                   "无法求公共边界", "the shared edge cannot be computed");
                break;
            }
            double len = 0;
            geo_length(db->geo, edge, &len);
            if (len > 0)
                rc = derive_number_free(db, g, a, b, err);
            if (rc == REG_OK && len > 0)
                rc = derive_line(db, actor, g, a, b, edge, sum, err);
            reg_geom_free(db, edge);
        }
    return rc;
}

/* What derive_group_lines needs besides the group. */
typedef struct derive_ctx {
    const char *actor;
    reg_derive_summary *sum;
} derive_ctx;

/* reg_unit_groups callback: derives the lines of one parent's group. */
static int derive_group(reg_db *db, reg_unit_group *g, void *ctx, reg_error *err)
{
    derive_ctx *d = ctx;
    return derive_group_lines(db, d->actor, g, d->sum, err);
}

/* See reg_boundaries.h. */
int reg_boundary_derive(reg_db *db, const char *actor, const char *level,
                        reg_derive_summary *sum, reg_error *err)
{
    if (!db || !sum)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    memset(sum, 0, sizeof *sum);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!level || strcmp(level, "township") != 0)
        return reg_error_set(err, REG_EINVAL, "derive_level", "level",
                             "只能由乡级多边形生成乡级界线（--level township）",
                             "lines are derived for the township level only (--level township)");
    int rc = reg_actor_check(actor, err);
    if (rc == REG_OK)
        rc = reg_tx_begin(db, err);
    if (rc != REG_OK)
        return rc;
    derive_ctx d = {actor, sum};
    rc = reg_unit_groups(db, derive_group, &d, err);
    if (rc == REG_OK)
        rc = reg_tx_commit(db, err);
    else
        reg_tx_rollback(db);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    sum->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}
