/*
 * reg_dp_holders.c: during a bulk load, the addresses the load wrote, by
 * axis, number, kind and labels, so that the checks of the next rows (is
 * the number taken? which door holds this building?) on an axis that held
 * no address before the load are answered without a query.  An axis that
 * did hold addresses is looked up in SQL as outside bulk loads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reg_dp_internal.h"

/* One address of the load. */
typedef struct holder_entry {
    long axis;
    reg_number number;
    uint64_t hash;
    char *labels; /* kind, building, entrance, room joined by '\x1f' */
    reg_dp_holder holder;
} holder_entry;

/* The connection's map (open addressing over entry indices + 1), by
 * number and labels, and by plate code. */
struct reg_dp_holders {
    holder_entry *entries;
    size_t n, cap;
    size_t *slots;      /* 0 = empty, else entry index + 1 */
    size_t *code_slots; /* the same by code */
    size_t nslots;      /* of each; a power of two, at least twice n */
};

/* Joins kind and the labels into buf (REG_DP_HOLDER_KEY bytes). */
#define REG_DP_HOLDER_KEY (8 + 3 * REG_LABEL_BUF)
static void holder_labels(char *buf, const char *kind, const char *b, const char *e,
                          const char *r)
{
    const char *parts[] = {kind, b ? b : "", e ? e : "", r ? r : ""};
    size_t at = 0;
    for (int i = 0; i < 4; i++) {
        size_t len = strnlen(parts[i], REG_LABEL_BUF - 1);
        memcpy(buf + at, parts[i], len);
        at += len;
        buf[at++] = i < 3 ? '\x1f' : '\0';
    }
}

/* FNV-1a over the axis, the number and the labels. */
static uint64_t holder_hash(long axis, reg_number n, const char *labels)
{
    uint64_t h = 1469598103934665603ULL;
    long parts[] = {axis, n.main, n.sub};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 8; k++)
            h = (h ^ (uint64_t)(((unsigned long)parts[i] >> (8 * k)) & 0xFF)) * 1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)labels; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* The slot of the key: its entry's, or the empty one where it goes. */
static size_t *holder_slot(struct reg_dp_holders *m, long axis, reg_number n,
                           const char *labels, uint64_t hash)
{
    size_t mask = m->nslots - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        size_t s = m->slots[i];
        if (!s)
            return &m->slots[i];
        const holder_entry *e = &m->entries[s - 1];
        if (e->hash == hash && e->axis == axis && reg_number_cmp(e->number, n) == 0 &&
            strcmp(e->labels, labels) == 0)
            return &m->slots[i];
    }
}

/* FNV-1a of a plate code. */
static uint64_t code_hash(const char *code)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)code; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* The code slot of code: its entry's, or the empty one where it goes. */
static size_t *code_slot(struct reg_dp_holders *m, const char *code)
{
    size_t mask = m->nslots - 1;
    for (size_t i = (size_t)code_hash(code) & mask;; i = (i + 1) & mask) {
        size_t s = m->code_slots[i];
        if (!s || strcmp(m->entries[s - 1].holder.code, code) == 0)
            return &m->code_slots[i];
    }
}

/* Doubles the slots (and rehashes); -1 without memory. */
static int holder_grow(struct reg_dp_holders *m)
{
    size_t nslots = m->nslots ? m->nslots * 2 : 1024;
    size_t *slots = calloc(nslots, sizeof *slots);
    size_t *code_slots = calloc(nslots, sizeof *code_slots);
    if (!slots || !code_slots) {
        free(slots);
        free(code_slots);
        return -1;
    }
    free(m->slots);
    free(m->code_slots);
    m->slots = slots;
    m->code_slots = code_slots;
    m->nslots = nslots;
    for (size_t i = 0; i < m->n; i++) {
        const holder_entry *e = &m->entries[i];
        *holder_slot(m, e->axis, e->number, e->labels, e->hash) = i + 1;
        if (e->holder.code[0])
            *code_slot(m, e->holder.code) = i + 1;
    }
    return 0;
}

/* See reg_dp_internal.h. */
int reg_dp_holders_code(struct reg_dp_cache *c, const char *code)
{
    struct reg_dp_holders *m = c->holders;
    return m && m->n && *code_slot(m, code) != 0;
}

/* See reg_dp_internal.h. */
int reg_dp_holders_find(struct reg_dp_cache *c, long axis, reg_number n, const char *kind,
                        const char *b, const char *e, const char *r, reg_dp_holder *out)
{
    struct reg_dp_holders *m = c->holders;
    if (!m || !m->n)
        return 0;
    char labels[REG_DP_HOLDER_KEY];
    holder_labels(labels, kind, b, e, r);
    size_t s = *holder_slot(m, axis, n, labels, holder_hash(axis, n, labels));
    if (!s)
        return 0;
    *out = m->entries[s - 1].holder;
    return 1;
}

/* See reg_dp_internal.h. */
int reg_dp_holders_add(struct reg_dp_cache *c, long axis, reg_number n, const char *kind,
                       const char *b, const char *e, const char *r, const reg_dp_holder *h,
                       reg_error *err)
{
    if (!c->holders && !(c->holders = calloc(1, sizeof *c->holders)))
        return reg_error_nomem(err);
    struct reg_dp_holders *m = c->holders;
    if (2 * (m->n + 1) > m->nslots && holder_grow(m) != 0)
        return reg_error_nomem(err);
    char labels[REG_DP_HOLDER_KEY];
    holder_labels(labels, kind, b, e, r);
    uint64_t hash = holder_hash(axis, n, labels);
    size_t *slot = holder_slot(m, axis, n, labels, hash);
    if (*slot) /* the first address of a number holds it, as REG_DP_HOLDER */
        return REG_OK;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        holder_entry *v = realloc(m->entries, cap * sizeof *v);
        if (!v)
            return reg_error_nomem(err);
        m->entries = v;
        m->cap = cap;
    }
    holder_entry *x = &m->entries[m->n];
    if (!(x->labels = strdup(labels)))
        return reg_error_nomem(err);
    x->axis = axis;
    x->number = n;
    x->hash = hash;
    x->holder = *h;
    *slot = ++m->n;
    if (h->code[0])
        *code_slot(m, h->code) = m->n;
    return REG_OK;
}

/* See reg_dp_internal.h. */
void reg_dp_holders_free(struct reg_dp_cache *c)
{
    struct reg_dp_holders *m = c->holders;
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->entries[i].labels);
    free(m->entries);
    free(m->slots);
    free(m->code_slots);
    free(m);
    c->holders = NULL;
}

/* See reg_dp_internal.h. */
int reg_dp_axis_fresh(reg_db *db, reg_axis *a, int *fresh, reg_error *err)
{
    if (!a->bulk_fresh) {
        sqlite3_stmt *st;
        int rc = reg_dp_stmt(db, REG_DP_AXIS_USED, &st, err);
        if (rc != REG_OK)
            return rc;
        sqlite3_bind_int64(st, 1, a->id);
        sqlite3_bind_int64(st, 2, db->dp->bulk_after);
        if (sqlite3_step(st) == SQLITE_ROW)
            a->bulk_fresh = sqlite3_column_int(st, 0) ? 2 : 1;
        else
            rc = reg_error_sqlite(db, err);
        sqlite3_reset(st);
        if (rc != REG_OK)
            return rc;
    }
    *fresh = a->bulk_fresh == 1;
    return REG_OK;
}
