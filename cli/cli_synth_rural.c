/* The countryside of the synthetic world: village groups (自然村, named
 * like the county's own: 张家岔, 李家湾) with a seat point near their
 * village's seat, and houses around each seat numbered 1, 2, 3 ... by
 * distance from it (now and then a sub-number). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_synth.h"

#define RURAL_HOUSES_PER_GROUP 40
#define RURAL_MAX_GROUPS_PER_UNIT 12
#define RURAL_GROUP_RADIUS 1800.0 /* metres from the village seat */
#define RURAL_TRIES 400
#define RURAL_SUB_CHANCE 0.02
#define RURAL_RING_M 0.5 /* houses of a group differ this much in distance */

/* 专名 (surnames + 家) and 通名 of rural settlements (the generics of
 * category 0702 in data/places/generics.tsv). */
static const char *const surnames[] = {
    "张家", "王家", "李家", "刘家", "杨家", "陈家", "赵家", "马家", "何家", "郭家",
    "高家", "罗家", "侯家", "柴家", "韩家", "丁家", "吴家", "党家", "白家", "牛家",
    "苏家", "魏家", "董家", "田家", "蒋家", "邓家", "冯家", "严家", "石家", "潘家",
};
static const char *const settlement_generics[] = {
    "岔", "湾", "沟", "庄", "咀", "坪", "台", "塬", "川", "岘",
    "堡", "梁", "峁", "洼", "坡", "滩", "寨", "铺", "集", "屯",
};
#define NSURNAMES (sizeof surnames / sizeof surnames[0])
#define NSGENERICS (sizeof settlement_generics / sizeof settlement_generics[0])

/* A rural unit to put groups in. */
typedef struct rural_unit {
    size_t town, unit;
    size_t groups;
} rural_unit;

/* 1 if a group of town t already has the name (N3: settlement names do
 * not repeat within a township).  The township's groups are the axes
 * from index since on. */
static int name_taken(const cli_synth_world *w, size_t since, const char *name)
{
    for (size_t i = since; i < w->naxes; i++)
        if (strcmp(w->axes[i].name, name) == 0)
            return 1;
    return 0;
}

/* A point inside unit u of town t (its Voronoi cell) within r of (cx, cy),
 * with no door within CLI_SYNTH_DOOR_GAP when door is 1.  0, or -1 after
 * RURAL_TRIES tries. */
static int point_in_cell(cli_synth_world *w, size_t town, size_t u, double cx, double cy, double r,
                         int door, double *x, double *y)
{
    cli_synth_town *t = &w->towns[town];
    for (int i = 0; i < RURAL_TRIES; i++) {
        double a = cli_synth_range(&w->rng, 0, 2 * M_PI);
        double d = r * sqrt(cli_synth_unit01(&w->rng)) * (1.0 + i / 100.0);
        double px = cx + d * cos(a), py = cy + d * sin(a);
        if (!cli_synth_inside(w, t, px, py) || cli_synth_nearest_unit(t, px, py) != u)
            continue;
        if (door && cli_synth_door_near(w, px, py))
            continue;
        *x = px;
        *y = py;
        return 0;
    }
    return -1;
}

/* 1 if a house from plate first on lies within RURAL_RING_M of distance
 * d from the seat: numbers run by distance, so two houses that near the
 * same distance would have an order that centimetres of rounding in the
 * CSV could flip. */
static int ring_taken(const cli_synth_world *w, size_t first, double d)
{
    for (size_t i = first; i < w->nplates; i++)
        if (fabs(w->plates[i].measure - d) < RURAL_RING_M)
            return 1;
    return 0;
}

/* A house of a group being numbered. */
typedef struct house_rank {
    double measure;
    size_t plate;
} house_rank;

/* Orders houses by their distance from the group's seat. */
static int by_measure(const void *a, const void *b)
{
    const house_rank *x = a, *y = b;
    if (x->measure != y->measure)
        return (x->measure > y->measure) - (x->measure < y->measure);
    return (x->plate > y->plate) - (x->plate < y->plate);
}

/* Adds group g of rural unit ru with n houses (fewer when the cell has no
 * room: *placed says how many).  Returns 0 or -1. */
static int add_group(cli_synth_world *w, const rural_unit *ru, size_t town_axes, size_t n,
                     size_t *placed)
{
    cli_synth_town *t = &w->towns[ru->town];
    cli_synth_vunit *u = &t->units[ru->unit];
    double gx, gy;
    *placed = 0;
    if (point_in_cell(w, ru->town, ru->unit, u->sx, u->sy, RURAL_GROUP_RADIUS, 0, &gx, &gy) != 0) {
        gx = u->sx;
        gy = u->sy;
    }
    char name[64] = "";
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "%s%s", surnames[cli_synth_pick(&w->rng, NSURNAMES)],
                 settlement_generics[cli_synth_pick(&w->rng, NSGENERICS)]);
        if (!name_taken(w, town_axes, name))
            break;
    }
    double seat[2] = {gx, gy};
    long a = cli_synth_add_axis(w, name, 1, u->code, seat, 1, 1, 0);
    if (a < 0)
        return -1;
    size_t first = w->nplates;
    double radius = 25.0 * sqrt((double)n) + 60.0;
    for (size_t k = 0; k < n; k++) {
        double x = 0, y = 0;
        int ok = -1;
        for (int try = 0; try < 20 && ok != 0; try++)
            if ((ok = point_in_cell(w, ru->town, ru->unit, gx, gy, radius, 1, &x, &y)) == 0 &&
                ring_taken(w, first, hypot(x - gx, y - gy)))
                ok = -1;
        if (ok != 0)
            continue;
        cli_synth_plate p = {.kind = CLI_SYNTH_DOOR, .axis = (size_t)a, .x = x, .y = y,
                         .town = ru->town, .unit = ru->unit,
                         .measure = hypot(x - gx, y - gy)};
        long i = cli_synth_add_plate(w, &p);
        if (i < 0 || cli_synth_door_mark(w, (size_t)i) != 0)
            return -1;
        (*placed)++;
    }
    /* Number by distance from the seat (the plates stay where they are:
     * the door grid refers to them by index). */
    house_rank *rank = malloc((*placed ? *placed : 1) * sizeof *rank);
    if (!rank)
        return -1;
    for (size_t k = 0; k < *placed; k++)
        rank[k] = (house_rank){w->plates[first + k].measure, first + k};
    qsort(rank, *placed, sizeof *rank, by_measure);
    long main = 0;
    int sub = 0;
    for (size_t k = 0; k < *placed; k++) {
        cli_synth_plate *p = &w->plates[rank[k].plate];
        if (k > 0 && cli_synth_unit01(&w->rng) < RURAL_SUB_CHANCE) {
            sub++;
        } else {
            main++;
            sub = 0;
        }
        p->main = main;
        p->sub = sub;
    }
    free(rank);
    return 0;
}

/* See cli_synth.h.  Houses a group could not place (its cell was full)
 * move to the next group, so the total is exact. */
int cli_synth_rural(cli_synth_world *w, size_t target)
{
    size_t nunits = 0;
    for (size_t i = 0; i < w->ntowns; i++)
        nunits += w->towns[i].nunits;
    rural_unit *ru = calloc(nunits ? nunits : 1, sizeof *ru);
    if (!ru)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < w->ntowns; i++)
        for (size_t j = 0; j < w->towns[i].nunits; j++)
            if (!(i == w->seat_town && w->towns[i].units[j].community))
                ru[n++] = (rural_unit){i, j, 0};
    size_t groups = target / RURAL_HOUSES_PER_GROUP;
    if (groups < 1)
        groups = 1;
    if (groups > n * RURAL_MAX_GROUPS_PER_UNIT)
        groups = n * RURAL_MAX_GROUPS_PER_UNIT;
    for (size_t g = 0; g < groups && n > 0; g++)
        ru[(g * 7919) % n].groups++; /* 7919 is prime: spreads them over the units */
    size_t done = 0, made = 0, town = w->ntowns, town_axes = 0;
    int rc = n > 0 || target == 0 ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (ru[i].town != town) { /* a township's groups are contiguous axes */
            town = ru[i].town;
            town_axes = w->naxes;
        }
        for (size_t g = 0; g < ru[i].groups && rc == 0; g++) {
            made++;
            size_t want = (target - done) / (groups - made + 1);
            size_t placed = 0;
            rc = add_group(w, &ru[i], town_axes, want, &placed);
            done += placed;
        }
    }
    if (rc == 0 && done < target) {
        fprintf(stderr, "diming synth: placed %zu of %zu rural plates\n", done, target);
        rc = -1;
    }
    free(ru);
    return rc;
}
