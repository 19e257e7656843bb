/* The synthetic world's ground: random numbers, townships with their
 * polygons and unit seats, and the growing arrays of axes and plates
 * (see cli_synth.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_synth.h"
#include "reg_places.h"

#define CLI_SYNTH_CANDIDATES 15    /* best-candidate sampling: tries per seat */
#define CLI_SYNTH_INSIDE_TRIES 20000
#define CLI_SYNTH_VILLAGE_MIN_R 2500.0 /* seat town: villages this far from the centre */

/* See cli_synth.h.  The high 53 bits of a mixed LCG step. */
double cli_synth_unit01(cli_synth_rng *r)
{
    r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t z = r->s;
    z = (z ^ (z >> 31)) * 0x94d049bb133111ebULL;
    z ^= z >> 29;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* See cli_synth.h. */
double cli_synth_range(cli_synth_rng *r, double a, double b)
{
    return a + (b - a) * cli_synth_unit01(r);
}

/* See cli_synth.h. */
size_t cli_synth_pick(cli_synth_rng *r, size_t n)
{
    size_t k = (size_t)(cli_synth_unit01(r) * (double)n);
    return k < n ? k : n - 1;
}

/* See cli_synth.h. */
int cli_synth_inside(cli_synth_world *w, const cli_synth_town *t, double x, double y)
{
    if (x < t->minx || x > t->maxx || y < t->miny || y > t->maxy)
        return 0;
    GEOSContextHandle_t h = geo_ctx_geos(w->geo);
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    if (!pt)
        return 0;
    int in = GEOSPreparedContains_r(h, t->prep, pt) == 1;
    GEOSGeom_destroy_r(h, pt);
    return in;
}

/* See cli_synth.h. */
size_t cli_synth_nearest_unit(const cli_synth_town *t, double x, double y)
{
    size_t best = 0;
    double bd = INFINITY;
    for (size_t i = 0; i < t->nunits; i++) {
        double d = hypot(t->units[i].sx - x, t->units[i].sy - y);
        if (d < bd) {
            bd = d;
            best = i;
        }
    }
    return best;
}

/* A random point inside town t (and, when rmin > 0 or rmax > 0, at a
 * distance from (cx, cy) in [rmin, rmax]).  0, or -1 if none was found. */
static int random_inside(cli_synth_world *w, const cli_synth_town *t, double cx, double cy, double rmin,
                         double rmax, double *x, double *y)
{
    for (int i = 0; i < CLI_SYNTH_INSIDE_TRIES; i++) {
        double px, py;
        if (rmax > 0) {
            double a = cli_synth_range(&w->rng, 0, 2 * M_PI);
            double r = sqrt(cli_synth_range(&w->rng, rmin * rmin, rmax * rmax));
            px = cx + r * cos(a);
            py = cy + r * sin(a);
        } else {
            px = cli_synth_range(&w->rng, t->minx, t->maxx);
            py = cli_synth_range(&w->rng, t->miny, t->maxy);
            if (rmin > 0 && hypot(px - cx, py - cy) < rmin)
                continue;
        }
        if (cli_synth_inside(w, t, px, py)) {
            *x = px;
            *y = py;
            return 0;
        }
    }
    return -1;
}

/* Places the seats of t's units with kind (1 communities, 0 villages) by
 * best-candidate sampling: of CLI_SYNTH_CANDIDATES random points in the area
 * (a disc around the centre, the polygon away from it, or the whole
 * polygon), the one farthest from the seats placed so far. */
static int place_seats(cli_synth_world *w, cli_synth_town *t, int community, int seat_town)
{
    for (size_t i = 0; i < t->nunits; i++) {
        cli_synth_vunit *u = &t->units[i];
        if (u->community != community)
            continue;
        double best = -1, bx = 0, by = 0;
        for (int c = 0; c < CLI_SYNTH_CANDIDATES; c++) {
            double x, y;
            int rc = !seat_town ? random_inside(w, t, 0, 0, 0, 0, &x, &y)
                     : community ? random_inside(w, t, w->cx, w->cy, 0, CLI_SYNTH_URBAN_RADIUS * 0.8, &x, &y)
                                 : random_inside(w, t, w->cx, w->cy, CLI_SYNTH_VILLAGE_MIN_R, 0, &x, &y);
            if (rc != 0)
                continue;
            double d = INFINITY;
            for (size_t j = 0; j < t->nunits; j++)
                if (t->units[j].placed)
                    d = fmin(d, hypot(t->units[j].sx - x, t->units[j].sy - y));
            if (d > best) {
                best = d;
                bx = x;
                by = y;
            }
        }
        if (best < 0) {
            fprintf(stderr, "diming synth: no room for a seat of %s\n", u->code);
            return -1;
        }
        u->sx = bx;
        u->sy = by;
        u->placed = 1;
    }
    return 0;
}

/* Reads town code's polygon into t (EPSG:4544, prepared). */
static int load_polygon(cli_synth_world *w, reg_db *db, cli_synth_town *t)
{
    json_t *unit = NULL;
    reg_error err = {0};
    GEOSGeometry *g = NULL;
    GEOSContextHandle_t h = geo_ctx_geos(w->geo);
    char gerr[GEO_ERRLEN];
    int rc = reg_unit_get(db, t->code, 1, &unit, &err) == REG_OK ? 0 : -1;
    json_t *geom = unit ? json_object_get(unit, "geometry") : NULL;
    if (rc == 0 && (!json_is_object(geom) ||
                    geo_geojson_read(w->geo, geom, &g, gerr, sizeof gerr) != GEO_OK ||
                    geo_transform_geom(w->geo, GEO_CRS_4490, GEO_CRS_4544, g, &t->poly) != GEO_OK))
        rc = -1;
    if (g)
        GEOSGeom_destroy_r(h, g);
    json_decref(unit);
    if (rc == 0 && !(t->prep = GEOSPrepare_r(h, t->poly)))
        rc = -1;
    if (rc == 0 && (!GEOSGeom_getXMin_r(h, t->poly, &t->minx) ||
                    !GEOSGeom_getXMax_r(h, t->poly, &t->maxx) ||
                    !GEOSGeom_getYMin_r(h, t->poly, &t->miny) ||
                    !GEOSGeom_getYMax_r(h, t->poly, &t->maxy)))
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "diming synth: township %s has no usable polygon (import the township "
                        "boundaries first)\n", t->code);
    return rc;
}

/* Reads town t's current village-level units. */
static int load_units(reg_db *db, cli_synth_town *t)
{
    json_t *list = NULL;
    reg_error err = {0};
    if (reg_units_list(db, t->code, "village_level", 0, &list, &err) != REG_OK)
        return -1;
    size_t n = json_array_size(list);
    t->units = calloc(n ? n : 1, sizeof *t->units);
    if (!t->units) {
        json_decref(list);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *u = json_array_get(list, i);
        const char *code = json_string_value(json_object_get(u, "code"));
        const char *level = json_string_value(json_object_get(u, "level"));
        if (!code || strlen(code) != 12 || !level)
            continue;
        cli_synth_vunit *v = &t->units[t->nunits++];
        memcpy(v->code, code, 13);
        v->community = strcmp(level, "community") == 0;
    }
    json_decref(list);
    return 0;
}

/* Finds the county seat's centre: (lon, lat) in EPSG:4544, or the
 * polygon's point on surface when outside it. */
static int seat_centre(cli_synth_world *w, double lon, double lat)
{
    cli_synth_town *t = &w->towns[w->seat_town];
    double x = lon, y = lat;
    if (geo_transform_point(w->geo, GEO_CRS_4490, GEO_CRS_4544, &x, &y) == GEO_OK &&
        cli_synth_inside(w, t, x, y)) {
        w->cx = x;
        w->cy = y;
        return 0;
    }
    GEOSContextHandle_t h = geo_ctx_geos(w->geo);
    GEOSGeometry *p = GEOSPointOnSurface_r(h, t->poly);
    int ok = p && GEOSGeomGetX_r(h, p, &w->cx) && GEOSGeomGetY_r(h, p, &w->cy);
    if (p)
        GEOSGeom_destroy_r(h, p);
    return ok ? 0 : -1;
}

/* See cli_synth.h. */
int cli_synth_world_load(cli_synth_world *w, reg_db *db, const char *county, const char *seat_town,
                     double lon, double lat)
{
    json_t *list = NULL;
    reg_error err = {0};
    w->geo = reg_geo(db);
    if (reg_units_list(db, county, "township_level", 0, &list, &err) != REG_OK) {
        fprintf(stderr, "diming synth: %s\n", err.message_en);
        return -1;
    }
    size_t n = json_array_size(list);
    w->towns = calloc(n ? n : 1, sizeof *w->towns);
    int rc = w->towns && n > 0 ? 0 : -1;
    w->seat_town = n;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *code = json_string_value(json_object_get(json_array_get(list, i), "code"));
        cli_synth_town *t = &w->towns[w->ntowns++];
        snprintf(t->code, sizeof t->code, "%s", code ? code : "");
        rc = load_polygon(w, db, t);
        if (rc == 0)
            rc = load_units(db, t);
        if (seat_town && strcmp(t->code, seat_town) == 0)
            w->seat_town = i;
    }
    json_decref(list);
    if (rc == 0 && w->seat_town == n) {
        fprintf(stderr, "diming synth: the county seat's town %s is not a township of %s\n",
                seat_town ? seat_town : "", county);
        rc = -1;
    }
    if (rc == 0)
        rc = seat_centre(w, lon, lat);
    if (rc == 0 && reg_streets_list(db, w->towns[w->seat_town].code, &w->taken, &err) != REG_OK)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < w->ntowns; i++) {
        int st = i == w->seat_town;
        rc = place_seats(w, &w->towns[i], 1, st);
        if (rc == 0)
            rc = place_seats(w, &w->towns[i], 0, st);
    }
    return rc;
}

/* See cli_synth.h. */
void cli_synth_world_free(cli_synth_world *w)
{
    GEOSContextHandle_t h = w->geo ? geo_ctx_geos(w->geo) : NULL;
    for (size_t i = 0; i < w->ntowns; i++) {
        if (w->towns[i].prep)
            GEOSPreparedGeom_destroy_r(h, w->towns[i].prep);
        if (w->towns[i].poly)
            GEOSGeom_destroy_r(h, w->towns[i].poly);
        free(w->towns[i].units);
    }
    free(w->towns);
    for (size_t i = 0; i < w->naxes; i++)
        free(w->axes[i].xy);
    free(w->axes);
    free(w->plates);
    free(w->grid_keys);
    free(w->grid_heads);
    free(w->grid_next);
    json_decref(w->taken);
    memset(w, 0, sizeof *w);
}

/* See cli_synth.h. */
int cli_synth_name_taken(const cli_synth_world *w, const char *name)
{
    size_t i;
    json_t *street;
    json_array_foreach(w->taken, i, street) {
        const char *n = json_string_value(json_object_get(street, "name"));
        if (n && strcmp(n, name) == 0)
            return 1;
    }
    return 0;
}

/* See cli_synth.h. */
long cli_synth_add_axis(cli_synth_world *w, const char *name, int group, const char *unit_code,
                    const double *xy, size_t n, int odd_left, int reversed)
{
    if (w->naxes == w->axes_cap) {
        size_t cap = w->axes_cap ? w->axes_cap * 2 : 256;
        cli_synth_axis *a = realloc(w->axes, cap * sizeof *a);
        if (!a)
            return -1;
        w->axes = a;
        w->axes_cap = cap;
    }
    cli_synth_axis *a = &w->axes[w->naxes];
    memset(a, 0, sizeof *a);
    if (!(a->xy = malloc(n * 2 * sizeof *a->xy)))
        return -1;
    memcpy(a->xy, xy, n * 2 * sizeof *a->xy);
    a->n = n;
    snprintf(a->name, sizeof a->name, "%s", name);
    snprintf(a->unit_code, sizeof a->unit_code, "%s", unit_code);
    a->group = group;
    a->odd_left = odd_left;
    a->reversed = reversed;
    return (long)w->naxes++;
}

/* See cli_synth.h. */
long cli_synth_add_plate(cli_synth_world *w, const cli_synth_plate *p)
{
    if (w->nplates == w->plates_cap) {
        size_t cap = w->plates_cap ? w->plates_cap * 2 : 4096;
        cli_synth_plate *v = realloc(w->plates, cap * sizeof *v);
        long *next = realloc(w->grid_next, cap * sizeof *next);
        if (v)
            w->plates = v;
        if (next)
            w->grid_next = next;
        if (!v || !next)
            return -1;
        w->plates_cap = cap;
    }
    w->plates[w->nplates] = *p;
    w->grid_next[w->nplates] = -1;
    return (long)w->nplates++;
}

/* The hash grid's key of the cell holding (x, y). */
static int64_t grid_key(double x, double y)
{
    int64_t cx = (int64_t)floor(x / CLI_SYNTH_DOOR_GAP), cy = (int64_t)floor(y / CLI_SYNTH_DOOR_GAP);
    return cx * 4194304 + cy;
}

/* The slot of key in the grid's open-addressing table (its own or the
 * empty one where it would go). */
static size_t grid_slot(const cli_synth_world *w, int64_t key)
{
    size_t i = (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ULL >> 20) & (w->grid_cap - 1);
    while (w->grid_heads[i] >= 0 && w->grid_keys[i] != key)
        i = (i + 1) & (w->grid_cap - 1);
    return i;
}

/* See cli_synth.h. */
int cli_synth_door_near(const cli_synth_world *w, double x, double y)
{
    if (!w->grid_cap)
        return 0;
    for (int dx = -1; dx <= 1; dx++) {
        for (int dy = -1; dy <= 1; dy++) {
            size_t s = grid_slot(w, grid_key(x + dx * CLI_SYNTH_DOOR_GAP, y + dy * CLI_SYNTH_DOOR_GAP));
            for (long i = w->grid_heads[s]; i >= 0; i = w->grid_next[i])
                if (hypot(w->plates[i].x - x, w->plates[i].y - y) < CLI_SYNTH_DOOR_GAP)
                    return 1;
        }
    }
    return 0;
}

/* See cli_synth.h.  The table is sized once, for 2^20 cells (about ten
 * times the door cells of a county), and refuses to fill past half. */
int cli_synth_door_mark(cli_synth_world *w, size_t i)
{
    if (!w->grid_cap) {
        w->grid_cap = (size_t)1 << 20;
        w->grid_keys = malloc(w->grid_cap * sizeof *w->grid_keys);
        w->grid_heads = malloc(w->grid_cap * sizeof *w->grid_heads);
        if (!w->grid_keys || !w->grid_heads)
            return -1;
        for (size_t k = 0; k < w->grid_cap; k++)
            w->grid_heads[k] = -1;
    }
    size_t s = grid_slot(w, grid_key(w->plates[i].x, w->plates[i].y));
    if (w->grid_heads[s] < 0 && ++w->grid_used > w->grid_cap / 2)
        return -1;
    w->grid_keys[s] = grid_key(w->plates[i].x, w->plates[i].y);
    w->grid_next[i] = w->grid_heads[s];
    w->grid_heads[s] = (long)i;
    return 0;
}
