/* The county seat of the synthetic world: a grid of streets around the
 * centre (bent a little, some numbered from their other end or with odd
 * numbers on the right, one loop around a park, lanes inside blocks),
 * doors along both sides numbered by each street's rule (with a few
 * sub-numbers), and residential compounds behind some doors (楼牌, 单元牌,
 * 户牌) that bring the count to the target. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_synth.h"

#define URBAN_GAP 130.0         /* metres between parallel streets */
#define URBAN_DOOR_SHARE 0.12   /* doors among the county seat's plates */
#define URBAN_SUB_CHANCE 0.04   /* a door that gets a sub-number */

/* 专名 of the county seat's streets (standard characters, no personal or
 * company names, N1/N2). */
static const char *const specifics[] = {
    "会师", "西岩", "东山", "桃花", "文昌", "红军", "北关", "南关", "东关", "西关",
    "枝阳", "祖厉", "新华", "人民", "建设", "解放", "和平", "团结", "育才", "胜利",
    "太平", "民主", "振兴", "兴隆", "凤凰", "锦绣", "福星", "康乐", "安宁", "永宁",
    "保宁", "迎宾", "滨河", "园林", "翠柏", "青松", "红旗", "五一", "光明", "前进",
    "工农", "商贸", "学府", "体育", "北山", "南山", "西山", "文化", "科技", "富民",
    "惠民", "丰收", "丰乐", "桃园", "杏园", "梨园", "柳湖", "玉泉", "金鼎", "春晖",
};
#define NSPECIFICS (sizeof specifics / sizeof specifics[0])

/* 通名 (with a joined one-syllable modifier, N9) in the order they are used. */
static const char *const generics[] = {"路", "街", "南路", "北路", "东路", "西路", "大道"};
#define NGENERICS (sizeof generics / sizeof generics[0])

/* Writes the k-th street name into out: every 专名 with 路, then with 街,
 * and so on; lanes (lane 1) are 专名 + 巷. */
static void street_name(size_t k, int lane, char *out, size_t outlen)
{
    if (lane)
        snprintf(out, outlen, "%s巷", specifics[k % NSPECIFICS]);
    else
        snprintf(out, outlen, "%s%s", specifics[k % NSPECIFICS], generics[(k / NSPECIFICS) % NGENERICS]);
}

/* A street being laid out: its vertices and cumulative lengths. */
typedef struct street_line {
    double xy[2 * 16];
    double cum[16];
    size_t n;
} street_line;

/* The point at s metres along l and the unit left normal there. */
static void line_at(const street_line *l, double s, double *x, double *y, double *nx, double *ny)
{
    size_t i = 0;
    while (i + 2 < l->n && l->cum[i + 1] < s)
        i++;
    double len = l->cum[i + 1] - l->cum[i];
    double t = len > 0 ? (s - l->cum[i]) / len : 0;
    double dx = l->xy[2 * i + 2] - l->xy[2 * i], dy = l->xy[2 * i + 3] - l->xy[2 * i + 1];
    double d = hypot(dx, dy);
    *x = l->xy[2 * i] + t * dx;
    *y = l->xy[2 * i + 1] + t * dy;
    *nx = d > 0 ? -dy / d : 0;
    *ny = d > 0 ? dx / d : 0;
}

/* Fills cum and returns the length. */
static double line_measure(street_line *l)
{
    l->cum[0] = 0;
    for (size_t i = 1; i < l->n; i++)
        l->cum[i] = l->cum[i - 1] + hypot(l->xy[2 * i] - l->xy[2 * i - 2],
                                          l->xy[2 * i + 1] - l->xy[2 * i - 1]);
    return l->cum[l->n - 1];
}

/* Lays out street number k of the plan: alternately east-west and
 * north-south lines through the grid, every third block a lane, and the
 * fourth street a loop around a park.  Vertices every ~250 m are nudged
 * sideways; every fifth street bends.  Returns 0, or -1 when the plan's
 * line leaves the township (the caller skips it). */
static int plan_street(cli_synth_world *w, size_t k, street_line *l, int *lane)
{
    cli_synth_town *t = &w->towns[w->seat_town];
    *lane = 0;
    l->n = 0;
    if (k == 3) { /* the loop: an octagon around a park in a block */
        double px = w->cx + URBAN_GAP * 1.5, py = w->cy + URBAN_GAP * 0.5;
        for (int i = 0; i <= 8; i++) {
            double a = 2 * M_PI * (i % 8) / 8.0 + M_PI / 8;
            l->xy[2 * i] = px + 48 * cos(a);
            l->xy[2 * i + 1] = py + 48 * sin(a);
        }
        l->n = 9;
    } else {
        size_t j = k / 3;          /* the j-th line of its direction */
        int ew = k % 3 != 1;       /* k % 3: 0 east-west, 1 north-south, 2 a lane */
        *lane = k % 3 == 2;
        long off = (long)((j + 1) / 2) * ((j % 2) ? 1 : -1);
        double across = off * URBAN_GAP + (*lane ? URBAN_GAP / 2 : 0);
        double from = *lane ? -URBAN_GAP / 2 : -cli_synth_range(&w->rng, 400, 1300);
        double to = *lane ? URBAN_GAP / 2 : cli_synth_range(&w->rng, 400, 1300);
        if (*lane)
            ew = 0;
        size_t nv = *lane ? 2 : (size_t)((to - from) / 250) + 2;
        if (nv > 12)
            nv = 12;
        for (size_t i = 0; i < nv; i++) {
            double along = from + (to - from) * (double)i / (double)(nv - 1);
            double side = *lane ? 0 : cli_synth_range(&w->rng, -8, 8);
            if (!*lane && k % 5 == 0 && i == nv / 2)
                side += 40; /* a real bend */
            double along_c = *lane ? along + (double)((j * 37) % 5 - 2) * URBAN_GAP : along;
            l->xy[2 * i] = w->cx + (ew ? along_c : across + side);
            l->xy[2 * i + 1] = w->cy + (ew ? across + side : along_c);
        }
        l->n = nv;
    }
    for (size_t i = 0; i < l->n; i++)
        if (!cli_synth_inside(w, t, l->xy[2 * i], l->xy[2 * i + 1]))
            return -1;
    return 0;
}

/* A door position on one side before numbering. */
typedef struct door_pos {
    double s;     /* metres along the line from its first vertex */
    size_t plate; /* index in the world */
} door_pos;

/* Numbers the doors of one side (in order of s) in the numbering
 * direction: 1, 3, 5 ... or 2, 4, 6 ..., now and then a sub-number of the
 * door before instead of the next whole number. */
static void number_side(cli_synth_world *w, door_pos *d, size_t n, int odd, int reversed,
                        double length)
{
    long main = odd ? -1 : 0;
    int sub = 0;
    for (size_t k = 0; k < n; k++) {
        door_pos *p = &d[reversed ? n - 1 - k : k];
        cli_synth_plate *pl = &w->plates[p->plate];
        if (k > 0 && cli_synth_unit01(&w->rng) < URBAN_SUB_CHANCE) {
            sub++;
        } else {
            main += 2;
            sub = 0;
        }
        pl->main = main;
        pl->sub = sub;
        pl->measure = reversed ? length - p->s : p->s;
    }
}

/* 1 if the side of ax left (1) or right (0) of its line holds the odd
 * numbers: odd numbers are on the left facing the direction of numbering
 * when odd_left (左单右双), and that direction is the line's own unless
 * reversed. */
static int side_is_odd(const cli_synth_axis *ax, int left)
{
    int left_of_numbering = ax->reversed ? !left : left;
    return left_of_numbering == ax->odd_left;
}

/* Places the doors of axis a (line l) on both sides, every 12-28 m, 6-14 m
 * from the centre line, inside the township and apart from other doors,
 * and numbers them by the street's rule.  Stops at limit doors in all.
 * Returns 0 or -1. */
static int street_doors(cli_synth_world *w, size_t a, street_line *l, size_t *doors, size_t limit)
{
    cli_synth_town *t = &w->towns[w->seat_town];
    cli_synth_axis *ax = &w->axes[a];
    double length = l->cum[l->n - 1];
    door_pos *side[2];
    size_t ns[2] = {0, 0};
    size_t cap = (size_t)(length / 12) + 2;
    side[0] = malloc(cap * sizeof *side[0]);
    side[1] = malloc(cap * sizeof *side[1]);
    int rc = side[0] && side[1] ? 0 : -1;
    for (int s = 0; s < 2 && rc == 0; s++) {
        double sign = s == 0 ? 1.0 : -1.0; /* 0: left, 1: right of the line */
        for (double at = cli_synth_range(&w->rng, 6, 18); at < length - 6 && *doors < limit;
             at += cli_synth_range(&w->rng, 12, 28)) {
            double x, y, nx, ny, off = cli_synth_range(&w->rng, 6, 14);
            line_at(l, at, &x, &y, &nx, &ny);
            x += sign * nx * off;
            y += sign * ny * off;
            if (!cli_synth_inside(w, t, x, y) || cli_synth_door_near(w, x, y) || ns[s] >= cap)
                continue;
            int odd = side_is_odd(ax, s == 0);
            cli_synth_plate p = {.kind = CLI_SYNTH_DOOR, .axis = a, .x = x, .y = y,
                             .ox = sign * nx, .oy = sign * ny, .town = w->seat_town, .unit = cli_synth_nearest_unit(t, x, y),
                             .side = odd ? 1 : -1};
            long i = cli_synth_add_plate(w, &p);
            if (i < 0 || cli_synth_door_mark(w, (size_t)i) != 0) {
                rc = -1;
                break;
            }
            side[s][ns[s]++] = (door_pos){at, (size_t)i};
            (*doors)++;
        }
    }
    for (int s = 0; s < 2 && rc == 0; s++)
        number_side(w, side[s], ns[s], side_is_odd(ax, s == 0), ax->reversed, length);
    free(side[0]);
    free(side[1]);
    return rc;
}

/* Adds one plate below parent p (a copy with the kind and labels set). */
static int add_child(cli_synth_world *w, const cli_synth_plate *door, int kind, int b, int e, int r,
                     double x, double y)
{
    cli_synth_plate c = *door;
    c.kind = kind;
    c.building = (short)b;
    c.entrance = (short)e;
    c.room = (short)r;
    c.x = x;
    c.y = y;
    c.compound = 0;
    return cli_synth_add_plate(w, &c) < 0 ? -1 : 0;
}

/* Turns door d into a residential compound: 3-12 buildings behind it in
 * rows of three, 1-4 entrances each, 4-7 floors of two flats, adding
 * plates until *left reaches 0.  Returns 0 or -1. */
static int add_compound(cli_synth_world *w, size_t d, size_t *left)
{
    cli_synth_plate door = w->plates[d];
    w->plates[d].compound = 1;
    cli_synth_town *t = &w->towns[door.town];
    double ux = door.ox, uy = door.oy; /* away from the street */
    int nbuild = 3 + (int)cli_synth_pick(&w->rng, 10);
    int nent = 1 + (int)cli_synth_pick(&w->rng, 4), floors = 4 + (int)cli_synth_pick(&w->rng, 4);
    for (int b = 1; b <= nbuild && *left > 0; b++) {
        double x = door.x + ux * (8 + 22 * ((b - 1) / 3)) - uy * (20 * ((b - 1) % 3 - 1));
        double y = door.y + uy * (8 + 22 * ((b - 1) / 3)) + ux * (20 * ((b - 1) % 3 - 1));
        if (!cli_synth_inside(w, t, x, y)) {
            x = door.x;
            y = door.y;
        }
        if (add_child(w, &door, CLI_SYNTH_BUILDING, b, 0, 0, x, y) != 0)
            return -1;
        (*left)--;
        for (int e = 1; e <= nent && *left > 0; e++) {
            if (add_child(w, &door, CLI_SYNTH_ENTRANCE, b, e, 0, x, y) != 0)
                return -1;
            (*left)--;
            for (int f = 1; f <= floors && *left > 0; f++)
                for (int r = 1; r <= 2 && *left > 0; r++) {
                    if (add_child(w, &door, CLI_SYNTH_ROOM, b, e, f * 100 + r, x, y) != 0)
                        return -1;
                    (*left)--;
                }
        }
    }
    return 0;
}

/* See cli_synth.h. */
int cli_synth_urban(cli_synth_world *w, size_t target)
{
    size_t door_target = (size_t)((double)target * URBAN_DOOR_SHARE);
    if (door_target < 1 && target > 0)
        door_target = 1;
    size_t doors = 0, first = w->nplates, names = 0, lanes = 0;
    const cli_synth_town *t = &w->towns[w->seat_town];
    for (size_t k = 0; doors < door_target && k < 600; k++) {
        street_line l;
        int lane;
        if (plan_street(w, k, &l, &lane) != 0 || line_measure(&l) < 60)
            continue;
        char name[64];
        int tries = 0;
        do
            street_name(lane ? lanes++ : names++, lane, name, sizeof name);
        while (cli_synth_name_taken(w, name) && ++tries < (int)(NSPECIFICS * NGENERICS));
        long a = cli_synth_add_axis(w, name, 0, t->code, l.xy, l.n, k % 7 != 4, k % 5 == 2);
        if (a < 0 || street_doors(w, (size_t)a, &l, &doors, door_target) != 0)
            return -1;
    }
    if (doors == 0 && target > 0) {
        fprintf(stderr, "diming synth: no room for streets in the county seat\n");
        return -1;
    }
    size_t left = target - doors;
    size_t step = doors > 20 ? doors / 20 : 1, d = first + cli_synth_pick(&w->rng, doors);
    while (left > 0) {
        for (size_t tries = 0; w->plates[d].compound && tries < doors; tries++)
            d = first + (d - first + 1) % doors;
        if (w->plates[d].compound) {
            fprintf(stderr, "diming synth: too few doors for %zu compound plates\n", left);
            return -1;
        }
        if (add_compound(w, d, &left) != 0)
            return -1;
        d = first + (d - first + step + cli_synth_pick(&w->rng, step)) % doors;
    }
    return 0;
}
