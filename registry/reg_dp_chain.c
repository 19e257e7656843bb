/*
 * reg_dp_chain.c: the administrative chain above an address's unit
 * (village, township, county, city, province), read for every plate a
 * resident scans.  Each connection keeps the chains of all units in one
 * sorted array instead of joining the units table five times per plate;
 * the array is rebuilt when the units revision in meta (bumped by every
 * unit write) changes, checked as the place index is: inside a
 * transaction (which may have written units), after a write of this
 * process, or CHAIN_RECHECK_S after the last look.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reg_dp_internal.h"

#define CHAIN_RECHECK_S 1.0 /* how stale another process's unit write may be seen */

/* Every unit's chain, sorted by code. */
struct reg_dp_chains {
    reg_dp_chain *v;
    size_t n;
    long long revision;   /* units revision it was read at */
    unsigned long epoch;  /* reg_write_epoch when last checked */
    double checked;       /* monotonic seconds of the last check */
};

static const char chain_sql[] =
    "SELECT v.code, v.name, t.code, t.name, c.name, ci.name, pr.name FROM units v"
    " LEFT JOIN units t ON t.code = v.parent_code"
    " LEFT JOIN units c ON c.code = t.parent_code"
    " LEFT JOIN units ci ON ci.code = c.parent_code"
    " LEFT JOIN units pr ON pr.code = ci.parent_code"
    " ORDER BY v.code";

/* Monotonic seconds, coarse. */
static double chain_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads every unit's chain into a new array. */
static int chain_read(reg_db *db, reg_dp_chain **out, size_t *n, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, chain_sql, &st, err);
    if (rc != REG_OK)
        return rc;
    reg_dp_chain *v = NULL;
    size_t cap = 0, len = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 512;
            reg_dp_chain *p = realloc(v, cap * sizeof *v);
            if (!p) {
                rc = reg_error_nomem(err);
                break;
            }
            v = p;
        }
        reg_dp_chain *c = &v[len++];
        reg_dp_col_text(c->code, sizeof c->code, st, 0);
        reg_dp_col_text(c->village, sizeof c->village, st, 1);
        reg_dp_col_text(c->township_code, sizeof c->township_code, st, 2);
        reg_dp_col_text(c->township, sizeof c->township, st, 3);
        reg_dp_col_text(c->county, sizeof c->county, st, 4);
        reg_dp_col_text(c->city, sizeof c->city, st, 5);
        reg_dp_col_text(c->province, sizeof c->province, st, 6);
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
    if (ch->v && sqlite3_get_autocommit(db->sql) && ch->epoch == epoch &&
        now - ch->checked < CHAIN_RECHECK_S)
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
