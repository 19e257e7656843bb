/* The synthetic world's output: seeded D1 problems, plate codes and
 * states, and the two CSV files `diming import streets` and `diming
 * import doorplates` read. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_synth.h"
#include "import_csv.h"
#include "qr.h"

/* The shares of the D3 states among the county's plates: of 134,704
 * addresses, 133,219 plates were produced and mounted (DOMAIN.md). */
#define CLI_SYNTH_ACTIVE_SHARE (133219.0 / 134704.0)

/* The index of a door on the same axis and side as door d, k doors
 * further along (k may be negative), or -1.  Linear: only for the few
 * seeded problems. */
static long door_along(const cli_synth_world *w, size_t d, int k)
{
    const cli_synth_plate *p = &w->plates[d];
    long best = -1;
    double best_m = k > 0 ? INFINITY : -INFINITY;
    for (int step = 0; step < abs(k); step++) {
        double from = step == 0 ? p->measure : w->plates[best].measure;
        best = -1;
        best_m = k > 0 ? INFINITY : -INFINITY;
        for (size_t i = 0; i < w->nplates; i++) {
            const cli_synth_plate *q = &w->plates[i];
            if (q->kind != CLI_SYNTH_DOOR || q->axis != p->axis || q->side != p->side)
                continue;
            if ((k > 0 && q->measure > from && q->measure < best_m) ||
                (k < 0 && q->measure < from && q->measure > best_m)) {
                best = (long)i;
                best_m = q->measure;
            }
        }
        if (best < 0)
            return -1;
    }
    return best;
}

/* 1 if axis a has a door numbered main-sub. */
static int number_used(const cli_synth_world *w, size_t a, long main, int sub)
{
    for (size_t i = 0; i < w->nplates; i++)
        if (w->plates[i].kind == CLI_SYNTH_DOOR && w->plates[i].axis == a &&
            w->plates[i].main == main && w->plates[i].sub == sub)
            return 1;
    return 0;
}

/* A street door without a compound, chosen at random, whose side has a
 * door 3 before and 3 after it.  -1 if none is found. */
static long pick_door(cli_synth_world *w)
{
    for (int tries = 0; tries < 1000; tries++) {
        size_t i = cli_synth_pick(&w->rng, w->nplates);
        const cli_synth_plate *p = &w->plates[i];
        if (p->kind != CLI_SYNTH_DOOR || p->compound || w->axes[p->axis].group || p->sub)
            continue;
        if (door_along(w, i, 3) >= 0 && door_along(w, i, -3) >= 0)
            return (long)i;
    }
    return -1;
}

/* See cli_synth.h.  Duplicate: a door takes the number of the door before
 * it.  Wrong side: a door takes the next free number of the other
 * parity.  Out of order: two doors three apart swap numbers.  Same
 * building: the next door moves 1.5 m behind a door.  The count of
 * plates does not change. */
int cli_synth_seed_problems(cli_synth_world *w, size_t k)
{
    for (size_t i = 0, tries = 0; i < k; tries++) {
        long d = pick_door(w);
        if (d < 0 || tries > 100 * k) {
            fprintf(stderr, "diming synth: no door to seed problems on\n");
            return -1;
        }
        cli_synth_plate *p = &w->plates[d];
        long prev = door_along(w, (size_t)d, -1), far = door_along(w, (size_t)d, 3);
        if (w->plates[far].compound || w->plates[far].sub)
            continue; /* its number is not free to move */
        switch (i % 4) {
        case 0:
            p->main = w->plates[prev].main;
            p->sub = w->plates[prev].sub;
            break;
        case 1: {
            long m = p->main + 1;
            while (number_used(w, p->axis, m, 0))
                m += 2;
            p->main = m;
            break;
        }
        case 2: {
            long m = p->main;
            p->main = w->plates[far].main;
            w->plates[far].main = m;
            break;
        }
        default: {
            long next = door_along(w, (size_t)d, 1);
            cli_synth_plate *q = &w->plates[next];
            if (q->compound)
                continue; /* its building plates would be left behind */
            q->x = p->x + 1.5 * p->ox;
            q->y = p->y + 1.5 * p->oy;
            q->measure = p->measure;
        }
        }
        i++;
    }
    return 0;
}

/* The plate's number as the CSV writes it: "12" or "12-1". */
static void number_text(const cli_synth_plate *p, char *out, size_t outlen)
{
    if (p->sub)
        snprintf(out, outlen, "%ld-%d", p->main, p->sub);
    else
        snprintf(out, outlen, "%ld", p->main);
}

/* Writes the axes as DIR/streets.csv:
 * name,kind,unit_code,wkt,odd_side,direction (EPSG:4490, 7 decimals). */
static int write_streets(cli_synth_world *w, FILE *f)
{
    static const char *const header[] = {"name", "kind", "unit_code", "wkt", "odd_side",
                                         "direction"};
    int rc = import_csv_write(f, header, 6);
    size_t cap = 64 * 40;
    char *wkt = malloc(cap);
    if (!wkt)
        return -1;
    for (size_t i = 0; i < w->naxes && rc == 0; i++) {
        const cli_synth_axis *a = &w->axes[i];
        size_t used = (size_t)snprintf(wkt, cap, a->group ? "POINT(" : "LINESTRING(");
        for (size_t v = 0; v < a->n && used < cap; v++) {
            double x = a->xy[2 * v], y = a->xy[2 * v + 1];
            if (geo_transform_point(w->geo, GEO_CRS_4544, GEO_CRS_4490, &x, &y) != GEO_OK)
                rc = -1;
            used += (size_t)snprintf(wkt + used, cap - used, "%s%.7f %.7f", v ? ", " : "", x, y);
        }
        if (used + 2 >= cap)
            rc = -1;
        else
            strcat(wkt, ")");
        const char *row[] = {a->name, a->group ? "group" : "street", a->unit_code, wkt,
                             a->group ? "" : a->odd_left ? "left" : "right",
                             a->group ? "" : a->reversed ? "reverse" : "forward"};
        if (rc == 0)
            rc = import_csv_write(f, row, 6);
    }
    free(wkt);
    return rc;
}

/* A plate's D3 state and the date it reached it. */
static void plate_state(cli_synth_world *w, const char **state, char *date, size_t datelen)
{
    static const char *const others[] = {"produced", "entered", "compiled"};
    double r = cli_synth_unit01(&w->rng);
    int year = 2016 + (int)cli_synth_pick(&w->rng, 8), month = 1 + (int)cli_synth_pick(&w->rng, 12);
    int day = 1 + (int)cli_synth_pick(&w->rng, 28);
    if (r < CLI_SYNTH_ACTIVE_SHARE) {
        *state = "active";
    } else {
        *state = others[cli_synth_pick(&w->rng, 3)];
        year = 2024;
    }
    snprintf(date, datelen, "%04d-%02d-%02d", year, month, day);
}

/* Orders plates as a register lists them: by axis, then door number,
 * the door before its buildings, entrances and rooms (so that an import
 * meets every address after the one above it). */
static int by_register_order(const void *a, const void *b)
{
    const cli_synth_plate *x = a, *y = b;
    if (x->axis != y->axis)
        return x->axis < y->axis ? -1 : 1;
    if (x->main != y->main)
        return x->main < y->main ? -1 : 1;
    if (x->sub != y->sub)
        return x->sub - y->sub;
    if (x->building != y->building)
        return x->building - y->building;
    if (x->entrance != y->entrance)
        return x->entrance - y->entrance;
    if (x->room != y->room)
        return x->room - y->room;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    if (x->x != y->x) /* seeded duplicates: any fixed order */
        return x->x < y->x ? -1 : 1;
    return (x->y > y->y) - (x->y < y->y);
}

/* The number offset between copies of axis plates [lo, hi) when the
 * county is written scale times: the power of ten above its greatest
 * number (even, so every copy keeps its side), or -1 when the last copy
 * would pass 99999. */
static long copy_offset(const cli_synth_world *w, size_t lo, size_t hi, int scale)
{
    long max = 0, off = 10;
    for (size_t i = lo; i < hi; i++)
        if (w->plates[i].main > max)
            max = w->plates[i].main;
    while (off <= max)
        off *= 10;
    return scale == 1 || (scale - 1) * off + max <= 99999 ? off : -1;
}

/* Writes plate p as a row of doorplates.csv, its number raised by add. */
static int write_plate(cli_synth_world *w, FILE *f, const cli_synth_plate *p, long add)
{
    static const char *const kinds[] = {"door", "building", "unit", "room"};
    cli_synth_town *t = &w->towns[p->town];
    const cli_synth_axis *a = &w->axes[p->axis];
    char digits[48], code[48], num[32], b[16] = "", e[16] = "", r[16] = "", lon[32], lat[32];
    char date[48];
    const char *state;
    cli_synth_plate q = *p;
    q.main += add;
    snprintf(digits, sizeof digits, "%s%08ld", t->code, ++t->serial);
    number_text(&q, num, sizeof num);
    if (p->building)
        snprintf(b, sizeof b, "%d", p->building);
    if (p->entrance)
        snprintf(e, sizeof e, "%d", p->entrance);
    if (p->room)
        snprintf(r, sizeof r, "%d", p->room);
    double x = p->x, y = p->y;
    if (qr_code_make(digits, code, sizeof code) != QR_OK ||
        geo_transform_point(w->geo, GEO_CRS_4544, GEO_CRS_4490, &x, &y) != GEO_OK)
        return -1;
    snprintf(lon, sizeof lon, "%.7f", x);
    snprintf(lat, sizeof lat, "%.7f", y);
    plate_state(w, &state, date, sizeof date);
    const char *row[] = {code, kinds[p->kind], a->name, a->unit_code, num, b, e, r, lon, lat,
                         t->units[p->unit].code, state, date};
    return import_csv_write(f, row, 13);
}

/* Writes the plates as DIR/doorplates.csv: code,kind,street,street_unit,
 * number,building,entrance,room,lon,lat,unit_code,state,state_date.  With
 * scale > 1 each axis's plates are written scale times at the same
 * points, copy k's numbers raised by k times the axis's copy_offset, so
 * that every copy keeps its sides and order and gets codes of its own. */
static int write_plates(cli_synth_world *w, FILE *f, int scale)
{
    static const char *const header[] = {"code", "kind", "street", "street_unit", "number",
                                         "building", "entrance", "room", "lon", "lat",
                                         "unit_code", "state", "state_date"};
    if (w->nplates > 1)
        qsort(w->plates, w->nplates, sizeof *w->plates, by_register_order);
    int rc = import_csv_write(f, header, 13);
    for (size_t lo = 0, hi; lo < w->nplates && rc == 0; lo = hi) {
        for (hi = lo + 1; hi < w->nplates && w->plates[hi].axis == w->plates[lo].axis; hi++)
            ;
        long off = copy_offset(w, lo, hi, scale);
        if (off < 0) {
            fprintf(stderr, "diming synth: %s has too many numbers to be written %d times\n",
                    w->axes[w->plates[lo].axis].name, scale);
            return -1;
        }
        for (int k = 0; k < scale && rc == 0; k++)
            for (size_t i = lo; i < hi && rc == 0; i++)
                rc = write_plate(w, f, &w->plates[i], k * off);
    }
    return rc;
}

/* Opens DIR/name for writing, or prints why not. */
static FILE *open_out(const char *dir, const char *name, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        fprintf(stderr, "diming synth: cannot write %s\n", path);
    return f;
}

/* See cli_synth.h. */
int cli_synth_write(cli_synth_world *w, const char *dir, int scale)
{
    char path[4096];
    FILE *f = open_out(dir, "streets.csv", path, sizeof path);
    if (!f)
        return -1;
    int rc = write_streets(w, f);
    if (fclose(f) != 0 || rc != 0) {
        fprintf(stderr, "diming synth: writing %s failed\n", path);
        return -1;
    }
    if (!(f = open_out(dir, "doorplates.csv", path, sizeof path)))
        return -1;
    rc = write_plates(w, f, scale);
    if (fclose(f) != 0 || rc != 0) {
        fprintf(stderr, "diming synth: writing %s failed\n", path);
        return -1;
    }
    return 0;
}
