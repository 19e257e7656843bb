/*
 * reg_dp_chain.c: the administrative chain above an address's unit
 * (village, township, county, city, province), with each name romanised
 * (N9), read for every plate a resident scans.  Each connection keeps the
 * chains of all units in one sorted array instead of joining the units
 * table five times per plate; the array is rebuilt when the units
 * revision in meta (bumped by every unit write) changes, checked inside
 * a write transaction (which may have written units), after a write of
 * this process, or CHAIN_RECHECK_S after the last look; a read
 * transaction (a batch of plates in one snapshot) does not read it again
 * for every plate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reg_dp_internal.h"
#include "reg_places.h"

#define CHAIN_RECHECK_S 1.0 /* how stale another process's unit write may be seen */

/* Every unit's chain, sorted by code. */
struct reg_dp_chains {
    reg_dp_chain *v;
    size_t n;
    long long revision;   /* units revision it was read at */
    unsigned long epoch;  /* reg_write_epoch when last checked */
    double checked;       /* monotonic seconds of the last check */
};

/* A unit as read, with its own romanised name. */
typedef struct unit_row {
    char code[sizeof ((reg_dp_chain *)0)->code];
    char name[sizeof ((reg_dp_chain *)0)->village];
    char parent[sizeof ((reg_dp_chain *)0)->code];
    char roman[sizeof ((reg_dp_chain *)0)->village_roman];
} unit_row;

/* Monotonic seconds, coarse. */
static double chain_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The place category whose N9 rule romanises a unit of level as an
 * address names it (a village 高家庄村 is one word). */
static const char *level_category(const char *level)
{
    static const char *const map[][2] = {
        {"province", "0401"},  {"city", "0402"},     {"county", "0403"},
        {"town", "0404"},      {"township", "0404"}, {"subdistrict", "0404"},
        {"community", "0501"}, {"village", "0502"}};
    for (size_t i = 0; level && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(level, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* Sets r->roman to the unit's name as an address says it (村, 社区, not
 * the committee), romanised by N9; "" when it cannot be (a character
 * without a reading, an unknown level, longer than the chain holds). */
static void unit_roman(unit_row *r, const char *level)
{
    char short_name[sizeof r->name], standard[256], toned[256]; /* reg_pinyin_name's sizes */
    const char *cat = level_category(level);
    reg_dp_village_short(r->name, short_name, sizeof short_name);
    r->roman[0] = '\0';
    if (cat && reg_pinyin_name(short_name, NULL, cat, NULL, standard, toned, NULL) == REG_OK &&
        strlen(standard) < sizeof r->roman)
        memcpy(r->roman, standard, strlen(standard) + 1);
}

/* Reads every unit, sorted by code, into a new array. */
static int units_read(reg_db *db, unit_row **out, size_t *n, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT code, name, level, parent_code FROM units ORDER BY code",
                         &st, err);
    if (rc != REG_OK)
        return rc;
    unit_row *v = NULL;
    size_t cap = 0, len = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 512;
            unit_row *p = realloc(v, cap * sizeof *v);
            if (!p) {
                rc = reg_error_nomem(err);
                break;
            }
            v = p;
        }
        unit_row *r = &v[len++];
        reg_dp_col_text(r->code, sizeof r->code, st, 0);
        reg_dp_col_text(r->name, sizeof r->name, st, 1);
        reg_dp_col_text(r->parent, sizeof r->parent, st, 3);
        unit_roman(r, (const char *)sqlite3_column_text(st, 2));
    }
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_finalize(st);
    if (rc != REG_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n = len;
    return REG_OK;
}

/* The unit of code in rows (sorted by code), or NULL. */
static const unit_row *unit_find(const unit_row *rows, size_t n, const char *code)
{
    size_t a = 0, b = n;
    while (code[0] && a < b) {
        size_t mid = a + (b - a) / 2;
        int cmp = strcmp(rows[mid].code, code);
        if (cmp == 0)
            return &rows[mid];
        if (cmp < 0)
            a = mid + 1;
        else
            b = mid;
    }
    return NULL;
}

/* Fills c with the chain of unit u: u itself (the village of an address),
 * its parent (the township) and the three above (county, city,
 * province), with their romanised names. */
static void chain_make(reg_dp_chain *c, const unit_row *u, const unit_row *rows, size_t n)
{
    memset(c, 0, sizeof *c);
    memcpy(c->code, u->code, sizeof c->code);
    memcpy(c->village, u->name, sizeof c->village);
    memcpy(c->village_roman, u->roman, sizeof c->village_roman);
    const unit_row *up[4];
    up[0] = unit_find(rows, n, u->parent);
    for (int k = 1; k < 4; k++)
        up[k] = up[k - 1] ? unit_find(rows, n, up[k - 1]->parent) : NULL;
    char *names[4] = {c->township, c->county, c->city, c->province};
    size_t sizes[4] = {sizeof c->township, sizeof c->county, sizeof c->city, sizeof c->province};
    for (int k = 0; k < 4; k++) {
        if (!up[k])
            continue;
        snprintf(names[k], sizes[k], "%s", up[k]->name);
        memcpy(c->roman[k], up[k]->roman, sizeof c->roman[k]);
    }
    if (up[0])
        memcpy(c->township_code, up[0]->code, sizeof c->township_code);
}

/* Reads every unit's chain into a new array, in the units' code order. */
static int chain_read(reg_db *db, reg_dp_chain **out, size_t *n, reg_error *err)
{
    unit_row *rows = NULL;
    size_t len = 0;
    int rc = units_read(db, &rows, &len, err);
    if (rc != REG_OK)
        return rc;
    reg_dp_chain *v = calloc(len ? len : 1, sizeof *v);
    if (!v) {
        free(rows);
        return reg_error_nomem(err);
    }
    for (size_t i = 0; i < len; i++)
        chain_make(&v[i], &rows[i], rows, len);
    free(rows);
    *out = v;
    *n = len;
    return REG_OK;
}

/* Makes sure db->dp->chains is current (see the file comment). */
static int chain_refresh(reg_db *db, struct reg_dp_chains **out, reg_error *err)
{
    struct reg_dp_cache *c = reg_dp_cache_get(db);
    if (!c)
        return reg_error_nomem(err);
    if (!c->chains && !(c->chains = calloc(1, sizeof *c->chains)))
        return reg_error_nomem(err);
    struct reg_dp_chains *ch = c->chains;
    unsigned long epoch = reg_write_epoch();
    double now = chain_now();
    *out = ch;
    if (ch->v && sqlite3_txn_state(db->sql, "main") != SQLITE_TXN_WRITE &&
        ch->epoch == epoch && now - ch->checked < CHAIN_RECHECK_S)
        return REG_OK;
    sqlite3_int64 rev = -1;
    int rc = reg_units_revision(db, &rev, err);
    if (rc != REG_OK)
        return rc;
    if (!ch->v || ch->revision != rev) {
        reg_dp_chain *v = NULL;
        size_t n = 0;
        if ((rc = chain_read(db, &v, &n, err)) != REG_OK)
            return rc;
        free(ch->v);
        ch->v = v;
        ch->n = n;
        ch->revision = rev;
    }
    ch->epoch = epoch;
    ch->checked = now;
    return REG_OK;
}

/* See reg_dp_internal.h. */
int reg_dp_chain_get(reg_db *db, const char *unit_code, const reg_dp_chain **out,
                     reg_error *err)
{
    *out = NULL;
    struct reg_dp_chains *ch = NULL;
    int rc = chain_refresh(db, &ch, err);
    if (rc != REG_OK || !unit_code)
        return rc;
    size_t a = 0, b = ch->n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        int cmp = strcmp(ch->v[mid].code, unit_code);
        if (cmp == 0) {
            *out = &ch->v[mid];
            return REG_OK;
        }
        if (cmp < 0)
            a = mid + 1;
        else
            b = mid;
    }
    return REG_OK;
}

/* See reg_dp_internal.h. */
void reg_dp_chain_invalidate(reg_db *db)
{
    if (db && db->dp && db->dp->chains) {
        free(db->dp->chains->v);
        db->dp->chains->v = NULL;
        db->dp->chains->n = 0;
    }
}

/* See reg_dp_internal.h. */
void reg_dp_chain_free(struct reg_dp_cache *c)
{
    if (!c || !c->chains)
        return;
    free(c->chains->v);
    free(c->chains);
    c->chains = NULL;
}
