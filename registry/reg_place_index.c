/*
 * reg_place_index.c: the in-memory search index of a connection.
 *
 * One entry per searchable name: the current name of every place not
 * cancelled, its aliases, and its former names (renamed, or the last name
 * of a cancelled place; N7).  Sorted suffix lists answer prefix queries by
 * binary search:
 *  - names from their start (prefixes) and from every later character
 *    (substrings);
 *  - pinyin keys (syllables without spaces, ascii, ü as u) from their
 *    start (huishinanlu) and from every later syllable (nanlu);
 *  - initials (hsnl).
 * Prefix and inner suffixes are kept apart so that autocomplete can stop
 * before the lists that can only give worse matches.  Every entry also
 * has its rank in the order (key, name, id), so that ranking compares
 * integers.  The arena holds the entries' texts, and later each
 * autocomplete suggestion's JSON once written (reg_place_suggest.c).
 * Measured on 5,000 places: built in a few milliseconds, a query in a few
 * microseconds (bench/autocomplete); an SQL LIKE or FTS5 trigram index
 * cannot answer one- and two-character Chinese prefixes this way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reg_place_internal.h"

const char *const rp_status_names[RP_STATUS_COUNT] = {
    "draft", "proposed", "under_review", "approved", "filed", "announced", "in_use", "cancelled",
};

/* See reg_place_internal.h. */
int rp_status_parse(const char *s)
{
    for (int i = 0; s && i < RP_STATUS_COUNT; i++)
        if (strcmp(s, rp_status_names[i]) == 0)
            return i;
    return -1;
}

/* See reg_place_internal.h. */
const char *rp_ix_str(const rp_index *ix, uint32_t off)
{
    return ix->arena + off;
}

/* See reg_place_internal.h. */
void rp_index_free(rp_index *ix)
{
    if (!ix)
        return;
    free(ix->e);
    free(ix->arena);
    for (int k = 0; k < RP_SA_COUNT; k++) {
        free(ix->sa[k]);
        free(ix->bperm[k]);
        free(ix->bucket[k]);
    }
    free(ix->pick);
    free(ix->sj);
    free(ix);
}

/* See reg_place_internal.h. */
int rp_arena_add(rp_index *ix, const char *s, size_t n, uint32_t *off)
{
    if (ix->arena_len + n + 1 > ix->arena_cap) {
        size_t cap = ix->arena_cap ? ix->arena_cap : 65536;
        while (cap < ix->arena_len + n + 1)
            cap *= 2;
        if (cap > UINT32_MAX)
            return -1;
        char *a = realloc(ix->arena, cap);
        if (!a)
            return -1;
        ix->arena = a;
        ix->arena_cap = cap;
    }
    memcpy(ix->arena + ix->arena_len, s, n);
    ix->arena[ix->arena_len + n] = '\0';
    *off = (uint32_t)ix->arena_len;
    ix->arena_len += n + 1;
    return 0;
}

/* rp_arena_add of a column's text ("" for NULL). */
static int arena_column(rp_index *ix, sqlite3_stmt *st, int col, uint32_t *off)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return rp_arena_add(ix, s ? s : "", s ? strlen(s) : 0, off);
}

/* Adds the key (syllables without spaces) and initials of the spaced
 * syllables at column col, and notes where each syllable starts. */
static int arena_keys(rp_index *ix, sqlite3_stmt *st, int col, rp_entry *e)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    char key[RP_PINYIN_BUF], ini[REG_PLACE_NAME_MAX + 1];
    size_t k = 0, i = 0;
    int start = 1;
    for (; s && *s; s++) {
        if (*s == ' ') {
            start = 1;
            continue;
        }
        if (start && i < REG_PLACE_NAME_MAX && k < UINT8_MAX) {
            e->syl_off[i] = (uint8_t)k;
            ini[i++] = *s;
        }
        if (k + 1 < sizeof key)
            key[k++] = *s;
        start = 0;
    }
    e->nsyl = (uint8_t)i;
    return rp_arena_add(ix, key, k, &e->key) || rp_arena_add(ix, ini, i, &e->initials) ? -1 : 0;
}

/* The rows of the index: current names of places not cancelled, then the
 * other names (aliases, former standard names).  Columns: place id, name,
 * pinyin, syllables, kind (0 current, 1 alias, 2 former), code, category,
 * status, bbox (4), units, area, the place's current name. */
static const char index_sql[] =
    "WITH pu AS (SELECT place_id, group_concat(unit_code, ',') AS codes,"
    "   min(unit_code) AS first FROM place_units GROUP BY place_id)"
    " SELECT p.id, p.name, p.pinyin, p.pinyin_syllables, 0, p.code, p.category, p.status,"
    "  MbrMinX(p.geom), MbrMinY(p.geom), MbrMaxX(p.geom), MbrMaxY(p.geom), pu.codes,"
    "  (SELECT name FROM units WHERE code = substr(pu.first, 1, 9)), p.name"
    " FROM places p LEFT JOIN pu ON pu.place_id = p.id WHERE p.status <> 'cancelled'"
    " UNION ALL"
    " SELECT p.id, n.name, n.pinyin, n.pinyin_syllables,"
    "  CASE WHEN n.kind = 'alias' AND n.valid_to IS NULL AND p.status <> 'cancelled'"
    "   THEN 1 ELSE 2 END, p.code, p.category, p.status,"
    "  MbrMinX(p.geom), MbrMinY(p.geom), MbrMaxX(p.geom), MbrMaxY(p.geom), pu.codes,"
    "  (SELECT name FROM units WHERE code = substr(pu.first, 1, 9)), p.name"
    " FROM place_names n JOIN places p ON p.id = n.place_id"
    " LEFT JOIN pu ON pu.place_id = p.id"
    " WHERE NOT (n.kind = 'standard' AND n.valid_to IS NULL AND p.status <> 'cancelled')";

/* Adds the current row as an entry. */
static int add_entry(rp_index *ix, const rp_rules *r, sqlite3_stmt *st, size_t *cap)
{
    if (ix->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 1024;
        rp_entry *e = realloc(ix->e, ncap * sizeof *e);
        if (!e)
            return -1;
        ix->e = e;
        *cap = ncap;
    }
    rp_entry *e = &ix->e[ix->n];
    memset(e, 0, sizeof *e);
    e->place_id = sqlite3_column_int64(st, 0);
    e->kind = (uint8_t)sqlite3_column_int(st, 4);
    long cat = rp_category_find(r, (const char *)sqlite3_column_text(st, 6));
    int status = rp_status_parse((const char *)sqlite3_column_text(st, 7));
    e->category = (uint16_t)(cat < 0 ? 0 : cat);
    e->status = (uint8_t)(status < 0 ? 0 : status);
    for (int k = 0; k < 4; k++)
        e->bbox[k] = sqlite3_column_type(st, 8 + k) == SQLITE_NULL
                         ? NAN
                         : sqlite3_column_double(st, 8 + k);
    if (arena_column(ix, st, 1, &e->name) || arena_column(ix, st, 2, &e->pinyin) ||
        arena_keys(ix, st, 3, e) || arena_column(ix, st, 5, &e->code) ||
        arena_column(ix, st, 12, &e->units) || arena_column(ix, st, 13, &e->area) ||
        arena_column(ix, st, 14, &e->current))
        return -1;
    uint32_t cps[REG_PLACE_NAME_MAX];
    long chars = rp_utf8_decode(rp_ix_str(ix, e->name), cps, REG_PLACE_NAME_MAX);
    e->name_chars = (uint16_t)(chars < 0 ? REG_PLACE_NAME_MAX : chars);
    ix->n++;
    return 0;
}

/* The arena the suffixes being sorted point into (qsort has no context
 * argument; one sort per thread at a time). */
static _Thread_local const char *sort_arena;

/* Orders suffixes by their text in sort_arena, then by entry. */
static int suffix_cmp(const void *a, const void *b)
{
    const char *arena = sort_arena;
    const rp_suffix *x = a, *y = b;
    int c = strcmp(arena + x->text, arena + y->text);
    if (c)
        return c;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* See reg_place_internal.h. */
uint32_t rp_head4(const char *s, size_t n)
{
    uint32_t h = 0;
    int ended = 0;
    for (size_t i = 0; i < 4; i++) {
        ended = ended || i >= n || !s[i];
        h = h << 8 | (ended ? 0u : (unsigned char)s[i]);
    }
    return h;
}

/* Appends the suffix of entry e at arena offset text to *arr (n of cap). */
static int push_suffix(const rp_index *ix, rp_suffix **arr, size_t *n, size_t *cap,
                       uint32_t entry, uint32_t text)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4096;
        rp_suffix *p = realloc(*arr, ncap * sizeof *p);
        if (!p)
            return -1;
        *arr = p;
        *cap = ncap;
    }
    const char *s = rp_ix_str(ix, text);
    size_t len = strlen(s);
    if (len > UINT16_MAX)
        return -1;
    (*arr)[(*n)++] = (rp_suffix){entry, text, rp_head4(s, 4), (uint16_t)len, ix->e[entry].kind};
    return 0;
}

/* The entries being ordered (qsort has no context argument). */
static _Thread_local const rp_index *order_ix;

/* Orders entry indexes by key, name, place id. */
static int entry_cmp(const void *a, const void *b)
{
    const rp_entry *x = &order_ix->e[*(const uint32_t *)a], *y = &order_ix->e[*(const uint32_t *)b];
    int c = strcmp(order_ix->arena + x->key, order_ix->arena + y->key);
    if (!c)
        c = strcmp(order_ix->arena + x->name, order_ix->arena + y->name);
    if (c)
        return c;
    return x->place_id < y->place_id ? -1 : x->place_id > y->place_id;
}

/* Sets every entry's order.  -1 if out of memory. */
static int make_order(rp_index *ix)
{
    uint32_t *idx = malloc(ix->n * sizeof *idx);
    if (!idx)
        return -1;
    for (size_t i = 0; i < ix->n; i++)
        idx[i] = (uint32_t)i;
    order_ix = ix;
    qsort(idx, ix->n, sizeof *idx, entry_cmp);
    order_ix = NULL;
    for (size_t i = 0; i < ix->n; i++)
        ix->e[idx[i]].order = (uint32_t)i;
    free(idx);
    return 0;
}

/* Makes ix->bucket: for each list and each value k of a suffix's first
 * two bytes, where the suffixes of that value begin (the lists are in
 * byte order).  0, or -1 when memory runs out. */
static int make_buckets(rp_index *ix)
{
    for (int w = 0; w < RP_SA_COUNT; w++) {
        uint32_t *b = malloc((RP_BUCKETS + 1) * sizeof *b);
        if (!b)
            return -1;
        ix->bucket[w] = b;
        size_t k = 0;
        for (unsigned v = 0; v <= RP_BUCKETS; v++) {
            while (k < ix->nsa[w] && ix->sa[w][k].head >> 16 < v)
                k++;
            b[v] = (uint32_t)k;
        }
    }
    return 0;
}

/* Makes the suffix lists from the entries and sorts them. */
static int make_suffixes(rp_index *ix)
{
    size_t cap[RP_SA_COUNT] = {0};
    for (size_t i = 0; i < ix->n; i++) {
        const rp_entry *e = &ix->e[i];
        const char *name = rp_ix_str(ix, e->name);
        for (size_t off = 0; name[off]; off++) {
            if (((unsigned char)name[off] & 0xc0) == 0x80)
                continue;
            int which = off ? RP_SA_NAME_INNER : RP_SA_NAME_START;
            if (push_suffix(ix, &ix->sa[which], &ix->nsa[which], &cap[which], (uint32_t)i,
                            e->name + (uint32_t)off))
                return -1;
        }
        for (uint8_t k = 0; k < e->nsyl; k++) {
            int which = k ? RP_SA_KEY_INNER : RP_SA_KEY_START;
            if (push_suffix(ix, &ix->sa[which], &ix->nsa[which], &cap[which], (uint32_t)i,
                            e->key + e->syl_off[k]))
                return -1;
        }
        if (e->nsyl && push_suffix(ix, &ix->sa[RP_SA_INITS], &ix->nsa[RP_SA_INITS],
                                   &cap[RP_SA_INITS], (uint32_t)i, e->initials))
            return -1;
    }
    sort_arena = ix->arena;
    for (int k = 0; k < RP_SA_COUNT; k++)
        if (ix->nsa[k] > 1)
            qsort(ix->sa[k], ix->nsa[k], sizeof *ix->sa[k], suffix_cmp);
    sort_arena = NULL;
    return make_order(ix) == 0 && make_buckets(ix) == 0 ? rp_ix_rank_build(ix) : -1;
}

/* See reg_place_internal.h. */
int rp_index_build(reg_db *db, const rp_rules *r, rp_index **out, reg_error *err)
{
    sqlite3_stmt *st;
    int rc = rp_cached(db, index_sql, &st, err);
    if (rc != REG_OK)
        return rc;
    rp_index *ix = calloc(1, sizeof *ix);
    size_t cap = 0;
    int step = SQLITE_DONE;
    if (!ix)
        rc = reg_error_nomem(err);
    while (rc == REG_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
        if (add_entry(ix, r, st, &cap) != 0)
            rc = reg_error_nomem(err);
    if (rc == REG_OK && step != SQLITE_DONE)
        rc = reg_error_sqlite(db, err);
    sqlite3_reset(st);
    if (rc == REG_OK && ix->n > 0 && make_suffixes(ix) != 0)
        rc = reg_error_nomem(err);
    if (rc != REG_OK) {
        rp_index_free(ix);
        return rc;
    }
    *out = ix;
    return REG_OK;
}

/* A prefix searched for: its bytes, and its first four as a big-endian
 * number with the mask of the bytes it has. */
typedef struct rp_probe {
    const char *text;
    size_t len;
    uint32_t head, mask;
} rp_probe;

/* Compares suffix s's first q->len bytes with the prefix, as strncmp:
 * by the four bytes held in s, then, when those are equal and the prefix
 * is longer, by the text in the arena. */
static int rp_probe_cmp(const rp_index *ix, const rp_suffix *s, const rp_probe *q)
{
    uint32_t h = s->head & q->mask;
    if (h != q->head)
        return h < q->head ? -1 : 1;
    return q->len <= 4 ? 0 : strncmp(ix->arena + s->text, q->text, q->len);
}

/* The first index in [a, b) of arr whose suffix compares above the
 * prefix (upper 1) or not below it (upper 0). */
static size_t rp_ix_bound(const rp_index *ix, const rp_suffix *arr, size_t a, size_t b,
                          const rp_probe *q, int upper)
{
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        int c = rp_probe_cmp(ix, &arr[mid], q);
        if (c < 0 || (upper && c == 0))
            a = mid + 1;
        else
            b = mid;
    }
    return a;
}

/* See reg_place_internal.h.  The first two bytes of the prefix pick a
 * bucket (a one-byte prefix, a run of 256 of them); one search narrows
 * it until a suffix starts with the prefix; the two ends are then found
 * on either side of it. */
void rp_ix_range(const rp_index *ix, int which, const char *prefix, size_t len, size_t *lo,
                 size_t *hi)
{
    const rp_suffix *arr = ix->sa[which];
    size_t a = 0, b = ix->nsa[which];
    rp_probe q = {prefix, len, rp_head4(prefix, len),
                  len >= 4 ? UINT32_MAX : len ? ~(UINT32_MAX >> (8 * len)) : 0};
    if (len >= 1 && ix->bucket[which]) {
        unsigned v = q.head >> 16, first = len >= 2 ? v : v & 0xff00u;
        unsigned last = len >= 2 ? v + 1 : (v & 0xff00u) + 0x100u;
        a = ix->bucket[which][first];
        b = ix->bucket[which][last];
    }
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        int c = rp_probe_cmp(ix, &arr[mid], &q);
        if (c < 0) {
            a = mid + 1;
        } else if (c > 0) {
            b = mid;
        } else {
            *lo = rp_ix_bound(ix, arr, a, mid, &q, 0);
            *hi = rp_ix_bound(ix, arr, mid + 1, b, &q, 1);
            return;
        }
    }
    *lo = *hi = a;
}

/* See reg_place_internal.h. */
int rp_pinyin_query(const char *q, char *out, size_t outlen)
{
    size_t n = 0;
    for (; *q; q++) {
        char c = *q;
        if (c == ' ' || c == '\'' || c == '-')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c | 0x20);
        if (c < 'a' || c > 'z' || n + 1 >= outlen)
            return -1;
        out[n++] = c == 'v' ? 'u' : c;
    }
    out[n] = '\0';
    return 0;
}
