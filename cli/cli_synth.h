/*
 * cli_synth.h: the synthetic doorplate register of `diming synth
 * doorplates` (demo data and benchmarks), shared by its files.
 *
 * The world is built in EPSG:4544 metres inside the real township
 * polygons of the registry, deterministically from a seed:
 *  - every village-level unit gets a seat point: in the county seat's
 *    town, communities inside its urban area and villages outside it; in
 *    other townships spread over the polygon (best-candidate sampling).
 *    Units have no polygons, so a point belongs to the unit of the
 *    nearest seat in its township (a Voronoi split of the township);
 *  - the county seat gets a grid of streets (some bent, one loop, lanes),
 *    doors along both sides numbered by each street's rule, and
 *    residential compounds (楼牌, 单元牌, 户牌) behind some doors;
 *  - every other village-level unit gets village groups (自然村, a seat
 *    point each) whose houses are numbered 1, 2, 3 ... by distance from
 *    the group's seat.
 */
#ifndef DIMING_CLI_SYNTH_H
#define DIMING_CLI_SYNTH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "registry.h"

/* A deterministic generator (a 64-bit LCG with an output mix). */
typedef struct cli_synth_rng {
    uint64_t s;
} cli_synth_rng;

/* A uniform double in [0, 1). */
double cli_synth_unit01(cli_synth_rng *r);

/* A uniform double in [a, b). */
double cli_synth_range(cli_synth_rng *r, double a, double b);

/* A uniform integer in [0, n) (n > 0). */
size_t cli_synth_pick(cli_synth_rng *r, size_t n);

/* A village-level unit and its seat. */
typedef struct cli_synth_vunit {
    char code[13];
    int community; /* 1: 社区居委会, 0: 村委会 */
    int placed;    /* 1 once its seat is set */
    double sx, sy; /* seat, EPSG:4544 */
} cli_synth_vunit;

/* A township: its polygon (EPSG:4544, prepared) and its units. */
typedef struct cli_synth_town {
    char code[10];
    GEOSGeometry *poly;
    const GEOSPreparedGeometry *prep;
    double minx, miny, maxx, maxy;
    cli_synth_vunit *units;
    size_t nunits;
    long serial; /* last plate serial used */
} cli_synth_town;

/* A street or a village group: one row of streets.csv. */
typedef struct cli_synth_axis {
    char name[64];
    int group;          /* 0 street (line), 1 village group (seat point) */
    char unit_code[13]; /* street: its township; group: its village-level unit */
    double *xy;         /* street vertices or the group's seat, EPSG:4544 */
    size_t n;
    int odd_left, reversed;
} cli_synth_axis;

enum { CLI_SYNTH_DOOR = 0, CLI_SYNTH_BUILDING, CLI_SYNTH_ENTRANCE, CLI_SYNTH_ROOM };

/* One plate: one row of doorplates.csv. */
typedef struct cli_synth_plate {
    int kind;
    size_t axis;
    long main;
    int sub;
    short building, entrance, room; /* 0 above the plate's level */
    double x, y;                    /* EPSG:4544 */
    double ox, oy;                  /* doors: unit vector from the street outwards */
    size_t town, unit;              /* indexes into the world */
    int side;                       /* streets: +1 odd side, -1 even side */
    int compound;                   /* a door with building plates behind it */
    double measure;                 /* along the street in its numbering direction */
} cli_synth_plate;

/* The whole world being built. */
typedef struct cli_synth_world {
    cli_synth_rng rng;
    geo_ctx *geo;
    cli_synth_town *towns;
    size_t ntowns;
    size_t seat_town;         /* index of the county seat's town */
    double cx, cy;            /* the county seat's centre, EPSG:4544 */
    cli_synth_axis *axes;
    size_t naxes, axes_cap;
    cli_synth_plate *plates;
    size_t nplates, plates_cap;
    json_t *taken;            /* names of streets already in the seat town (N3) */
    /* A hash grid of door points, to keep doors apart. */
    int64_t *grid_keys;
    long *grid_heads;
    long *grid_next;
    size_t grid_cap, grid_used;
} cli_synth_world;

/* Metres the centre of the county seat's urban area spans (radius). */
#define CLI_SYNTH_URBAN_RADIUS 1600.0
/* Closest two door points may be (well apart from the D1 3 m rule). */
#define CLI_SYNTH_DOOR_GAP 6.0

/* ---- the world (cli_synth_world.c) ----------------------------------- */

/* Loads the township polygons and village-level units of the county from
 * the registry, places the seats and finds the county seat's centre
 * (seat_town is the town's code; lon/lat its centre, EPSG:4490, moved to
 * the polygon's interior if outside).  0, or -1 with a message on
 * stderr. */
int cli_synth_world_load(cli_synth_world *w, reg_db *db, const char *county, const char *seat_town,
                     double lon, double lat);

/* 1 if a street of the seat town already has the name (the place
 * register's own streets: a new one may not repeat it, N3). */
int cli_synth_name_taken(const cli_synth_world *w, const char *name);

/* Frees everything the world holds. */
void cli_synth_world_free(cli_synth_world *w);

/* 1 if (x, y) lies inside town t's polygon. */
int cli_synth_inside(cli_synth_world *w, const cli_synth_town *t, double x, double y);

/* The index of the unit of town t whose seat is nearest (x, y). */
size_t cli_synth_nearest_unit(const cli_synth_town *t, double x, double y);

/* Appends an axis (copying n vertices); returns its index or -1. */
long cli_synth_add_axis(cli_synth_world *w, const char *name, int group, const char *unit_code,
                    const double *xy, size_t n, int odd_left, int reversed);

/* Appends a plate; returns its index or -1 when memory runs out. */
long cli_synth_add_plate(cli_synth_world *w, const cli_synth_plate *p);

/* 1 if a door point lies within CLI_SYNTH_DOOR_GAP of (x, y). */
int cli_synth_door_near(const cli_synth_world *w, double x, double y);

/* Records door plate i in the hash grid.  0 or -1. */
int cli_synth_door_mark(cli_synth_world *w, size_t i);

/* ---- the county seat (cli_synth_urban.c) ------------------------------- */

/* Builds streets, doors and compounds in the county seat until target
 * plates exist (exactly, the last compound cut short).  0 or -1. */
int cli_synth_urban(cli_synth_world *w, size_t target);

/* ---- the countryside (cli_synth_rural.c) ------------------------------- */

/* Builds village groups and their houses: exactly target plates over the
 * village-level units outside the county seat's communities.  0 or -1. */
int cli_synth_rural(cli_synth_world *w, size_t target);

/* ---- output (cli_synth_out.c) ------------------------------------------ */

/* Seeds k D1 problems of every kind in turn into the doors (duplicate
 * numbers, wrong sides, numbers out of order, one building with two
 * numbers), for the D1 report to find.  0 or -1. */
int cli_synth_seed_problems(cli_synth_world *w, size_t k);

/* Writes DIR/streets.csv and DIR/doorplates.csv, the plates scale times
 * (distinct codes and numbers, the same points).  0, or -1 with a message
 * on stderr. */
int cli_synth_write(cli_synth_world *w, const char *dir, int scale);

#endif
