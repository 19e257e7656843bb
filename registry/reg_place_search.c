/*
 * reg_place_search.c: search and autocomplete over the connection's index
 * (reg_place_index.c).
 *
 * A query in Chinese matches names by prefix and substring; a query in
 * Latin letters matches the pinyin key (huishinanlu, "huishi nanlu", at
 * any syllable) and the initials (hsnl).  Ranking, best first: exact,
 * prefix, substring, pinyin, then former names and aliases; within a rank
 * shorter names first, then by pinyin.  Search pages with a keyset cursor
 * (the sort key of the last result), stable while the register changes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_jw.h"
#include "reg_place_internal.h"

enum { RK_EXACT = 0, RK_PREFIX, RK_SUBSTRING, RK_PINYIN, RK_FORMER };

#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX 100
#define SUGGEST_MAX 20
#define CURSOR_MAX 400
#define NEAR_MAX_M 100000.0

/* A matched entry and where it ranks. */
typedef struct hit {
    uint32_t entry;
    uint8_t rank, sub;
    long long dist_mm; /* distance in millimetres with near, else 0 */
} hit;

/* The sort key of a result (or of a cursor). */
typedef struct sort_key {
    int rank, sub;
    long long dist_mm;
    int chars;
    const char *key, *name;
    long long id;
} sort_key;

/* Called for each matching entry with its rank: HIT_NEXT, HIT_ENOUGH (in
 * rank order: no later entry can count) or HIT_FAIL (out of memory). */
typedef int (*hit_fn)(void *ctx, uint32_t entry, int rank, int sub);
enum { HIT_NEXT = 0, HIT_ENOUGH = 1, HIT_FAIL = -1 };

/* Whether a match of rank and sub could still change the result (NULL:
 * always); lets autocomplete skip the lists of worse matches. */
typedef int (*more_fn)(void *ctx, int rank, int sub);

/* 1 if q has only ASCII bytes. */
static int is_ascii(const char *q)
{
    for (; *q; q++)
        if ((unsigned char)*q >= 0x80)
            return 0;
    return 1;
}

/* Reports the match of suffix s, moving other names than current ones to
 * the former rank (keeping their own order within it). */
static int report(const rp_suffix *s, int rank, int sub, hit_fn fn, void *ctx)
{
    if (s->kind != RP_KIND_CURRENT)
        return fn(ctx, s->entry, RK_FORMER, rank * 4 + sub);
    return fn(ctx, s->entry, rank, sub);
}

/* A suffix list and the best rank its matches have. */
typedef struct group {
    int which, rank, sub;
} group;

/* The rank and sub-rank of the suffix at position k of group g's list,
 * for a query of n bytes (a whole name or key is an exact match). */
static void suffix_rank(const rp_index *ix, const group *g, size_t k, size_t n, int *rank,
                        int *sub)
{
    int exact = ix->sa[g->which][k].len == n; /* it starts with the n bytes */
    *rank = g->rank;
    *sub = g->sub;
    if (g->which == RP_SA_NAME_START && !exact)
        *rank = RK_PREFIX;
    else if (g->which == RP_SA_KEY_START && !exact)
        *sub = 1;
}

/* A group walked in rank order (rp_ix_ranked). */
typedef struct ranked_walk {
    const rp_index *ix;
    const group *g;
    size_t n;
    hit_fn fn;
    void *ctx;
} ranked_walk;

/* rp_rank_fn of a ranked group: reports the suffix at pos. */
static int ranked_hit(void *ctx, size_t pos)
{
    const ranked_walk *w = ctx;
    int rank, sub;
    suffix_rank(w->ix, w->g, pos, w->n, &rank, &sub);
    return report(&w->ix->sa[w->g->which][pos], rank, sub, w->fn, w->ctx);
}

/* Calls fn for the entries of group g whose suffixes are [lo, hi).  When
 * ranked, in rank order: the exact matches of a list from the start (they
 * sort first and rank above the rest), then the others through
 * rp_ix_ranked, until fn says HIT_ENOUGH; else all of them, in list order.
 * 0, or -1 when fn fails or memory runs out. */
static int match_group(const rp_index *ix, const group *g, size_t n, size_t lo, size_t hi,
                       hit_fn fn, void *ctx, int ranked)
{
    int rank, sub, rc = HIT_NEXT;
    int start = g->which == RP_SA_NAME_START || g->which == RP_SA_KEY_START;
    size_t k = lo;
    for (; k < hi && (!ranked || (start && ix->sa[g->which][k].len == n)); k++) {
        suffix_rank(ix, g, k, n, &rank, &sub);
        if ((rc = report(&ix->sa[g->which][k], rank, sub, fn, ctx)) != HIT_NEXT)
            break;
    }
    if (ranked && rc == HIT_NEXT && k < hi) {
        ranked_walk w = {ix, g, n, fn, ctx};
        rc = rp_ix_ranked(ix, g->which, k, hi, ranked_hit, &w);
    }
    return rc == HIT_NEXT || (ranked && rc == HIT_ENOUGH) ? 0 : -1;
}

/* Calls fn for every entry q matches (see the file comment), list by
 * list from the best matches to the worst, while more says they count;
 * ranked as match_group. */
static int match(const rp_index *ix, const char *q, hit_fn fn, more_fn more, void *ctx,
                 int ranked)
{
    static const group chinese[] = {{RP_SA_NAME_START, RK_EXACT, 0},
                                    {RP_SA_NAME_INNER, RK_SUBSTRING, 0}};
    static const group latin[] = {{RP_SA_KEY_START, RK_PINYIN, 0},
                                  {RP_SA_INITS, RK_PINYIN, 2},
                                  {RP_SA_KEY_INNER, RK_PINYIN, 3}};
    char key[RP_PINYIN_BUF];
    const char *text = q;
    const group *g = chinese;
    size_t ng = 2;
    if (is_ascii(q)) {
        if (rp_pinyin_query(q, key, sizeof key) != 0 || !key[0])
            return 0;
        text = key;
        g = latin;
        ng = 3;
    }
    size_t n = strlen(text), lo, hi;
    for (size_t i = 0; i < ng; i++) {
        if (i > 0 && more && !more(ctx, g[i].rank, g[i].sub))
            break;
        rp_ix_range(ix, g[i].which, text, n, &lo, &hi);
        if (match_group(ix, &g[i], n, lo, hi, fn, ctx, ranked) != 0)
            return -1;
    }
    return 0;
}

/* The sort key of a hit; by_chars 0 leaves the name length out. */
static sort_key key_of(const rp_index *ix, const hit *h, int by_chars)
{
    const rp_entry *e = &ix->e[h->entry];
    return (sort_key){h->rank, h->sub, h->dist_mm, by_chars ? e->name_chars : 0,
                      rp_ix_str(ix, e->key), rp_ix_str(ix, e->name), e->place_id};
}

/* Orders sort keys. */
static int key_cmp(const sort_key *a, const sort_key *b)
{
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->sub != b->sub)
        return a->sub < b->sub ? -1 : 1;
    if (a->dist_mm != b->dist_mm)
        return a->dist_mm < b->dist_mm ? -1 : 1;
    if (a->chars != b->chars)
        return a->chars < b->chars ? -1 : 1;
    int c = strcmp(a->key, b->key);
    if (!c)
        c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* ---- autocomplete ------------------------------------------------------ */

/* The best suggestions so far, sorted, one per place. */
typedef struct suggest {
    const rp_index *ix;
    hit top[SUGGEST_MAX];
    size_t n, limit;
} suggest;

/* Orders two hits as search does (rank, sub, name length, then key, name
 * and id through the entries' precomputed order): integers only, from
 * the entries' priorities (within one rank, their kinds are alike). */
static int fast_cmp(const rp_index *ix, const hit *a, const hit *b)
{
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->sub != b->sub)
        return a->sub < b->sub ? -1 : 1;
    uint64_t x = ix->pick[a->entry].prio, y = ix->pick[b->entry].prio;
    return x < y ? -1 : x > y;
}

/* more_fn of autocomplete: a match of rank and sub can still enter. */
static int suggest_more(void *ctx, int rank, int sub)
{
    const suggest *s = ctx;
    if (s->n < s->limit)
        return 1;
    const hit *worst = &s->top[s->n - 1];
    return worst->rank > rank || (worst->rank == rank && worst->sub >= sub);
}

/* hit_fn of autocomplete: keeps the limit best, one per place; HIT_ENOUGH
 * when the best are full and this one does not beat the worst of them. */
static int suggest_add(void *ctx, uint32_t entry, int rank, int sub)
{
    suggest *s = ctx;
    const rp_pick *p = &s->ix->pick[entry];
    hit h = {entry, (uint8_t)rank, (uint8_t)sub, 0};
    if (p->prio == RP_RANK_NEVER) /* neither approved or later nor a former name */
        return HIT_NEXT;
    if (s->n == s->limit && fast_cmp(s->ix, &h, &s->top[s->n - 1]) >= 0)
        return HIT_ENOUGH;
    for (size_t i = 0; i < s->n; i++) {
        if (s->ix->pick[s->top[i].entry].place_id != p->place_id)
            continue;
        if (fast_cmp(s->ix, &h, &s->top[i]) >= 0)
            return HIT_NEXT;
        memmove(&s->top[i], &s->top[i + 1], (s->n - i - 1) * sizeof *s->top);
        s->n--;
        break;
    }
    size_t at = s->n;
    while (at > 0 && fast_cmp(s->ix, &s->top[at - 1], &h) > 0)
        at--;
    if (s->n == s->limit)
        s->n--;
    memmove(&s->top[at + 1], &s->top[at], (s->n - at) * sizeof *s->top);
    s->top[at] = h;
    s->n++;
    return 0;
}

/* The match label of a hit.  Only other names than current ones have the
 * former rank (report), so the entry is read only for them. */
static const char *match_label(const rp_index *ix, const hit *h)
{
    static const char *const labels[] = {"exact", "prefix", "substring", "pinyin"};
    if (h->rank < RK_FORMER)
        return labels[h->rank];
    return ix->e[h->entry].kind == RP_KIND_ALIAS ? "alias" : "former";
}

/* One result as JSON. */
static json_t *hit_json(const rp_rules *r, const rp_index *ix, const hit *h, int with_dist)
{
    const rp_entry *e = &ix->e[h->entry];
    const rp_category *c = &r->cats[e->category];
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s}", "id",
                          (json_int_t)e->place_id, "code", rp_ix_str(ix, e->code), "name",
                          rp_ix_str(ix, e->current), "matched_name", rp_ix_str(ix, e->name),
                          "pinyin", rp_ix_str(ix, e->pinyin), "match", match_label(ix, h),
                          "category", "code", c->code, "class", c->class_name, "subclass",
                          c->subclass, "status", rp_status_names[e->status], "area",
                          rp_ix_str(ix, e->area));
    if (o && with_dist &&
        json_object_set_new(o, "distance_m", json_real((double)h->dist_mm / 1000.0))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

#define JW_MAX ((size_t)1 << 20) /* the most an autocomplete answer may take */

/* Appends one suggestion: its entry's text kept in the index
 * (reg_place_suggest.c) with the label of how it matched. */
static void jw_suggestion(reg_jw *w, const rp_index *ix, const rp_sjson *sj, const hit *h)
{
    const char *text = rp_ix_str(ix, sj->off), *label = match_label(ix, h);
    reg_jw_raw_value(w, text, sj->head);
    reg_jw_raw(w, label, strlen(label));
    reg_jw_raw(w, text + sj->head, sj->tail);
}

/* See reg_places.h.  limit outside 1-20 is 10.  bad_query (400) for an
 * empty, over-long or not UTF-8 q.  One statement (the revisions), no
 * read transaction, and each suggestion's JSON written once per entry
 * and copied: autocomplete answers on every keystroke
 * (bench/autocomplete). */
int reg_place_autocomplete(reg_db *db, const char *q, int limit, char **json, size_t *len,
                           reg_error *err)
{
    if (!db || !json || !len)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *json = NULL;
    *len = 0;
    if (!q || !*q || strlen(q) > 4 * REG_PLACE_NAME_MAX || !rp_utf8_valid(q))
        return reg_error_set(err, REG_EINVAL, "bad_query", "q", "请输入1至20个字的查询",
                             "q must be 1-20 characters of UTF-8 text");
    const rp_rules *r = rp_rules_get(err);
    if (!r)
        return REG_EIO;
    suggest s = {.limit = limit >= 1 && limit <= SUGGEST_MAX ? (size_t)limit : 10};
    rp_index *ix = NULL;
    int rc = rp_index_get(db, &ix, err);
    if (rc != REG_OK)
        return rc;
    s.ix = ix;
    if (match(ix, q, suggest_add, suggest_more, &s, 1) != 0)
        return reg_error_nomem(err);
    rp_sjson sj[SUGGEST_MAX];
    size_t need = 64 + strlen(q);
    for (size_t i = 0; i < s.n; i++) {
        if (rp_ix_suggestion(ix, r, s.top[i].entry, &sj[i]) != 0)
            return reg_error_nomem(err);
        need += sj[i].head + sj[i].tail + 16; /* the label and a comma */
    }
    reg_jw w;
    reg_jw_init(&w, JW_MAX);
    reg_jw_reserve(&w, need);
    reg_jw_open(&w, '{');
    reg_jw_kstr(&w, "q", q);
    reg_jw_key(&w, "suggestions");
    reg_jw_open(&w, '[');
    for (size_t i = 0; i < s.n; i++)
        jw_suggestion(&w, ix, &sj[i], &s.top[i]);
    reg_jw_close(&w, ']');
    reg_jw_close(&w, '}');
    if (!(*json = reg_jw_finish(&w, len)))
        return reg_error_nomem(err);
    return REG_OK;
}

/* ---- search ------------------------------------------------------------ */

/* A search in progress: filters, and every hit (one per place, the best). */
typedef struct search {
    reg_db *db;
    const rp_rules *r;
    const rp_index *ix;
    const reg_place_query *q;
    char cat_prefix[5];
    int status;       /* -1: any but draft */
    hit *hits;
    size_t n, cap;
    long long *best;  /* open-addressing hash: (place id, index in hits) pairs */
    size_t best_cap;
} search;

/* 1 if the entry's units include unit or one below it. */
static int in_unit(const char *codes, const char *unit)
{
    size_t n = strlen(unit);
    for (const char *p = codes; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len >= n && strncmp(p, unit, n) == 0)
            return 1;
        p += len + (comma != NULL);
    }
    return 0;
}

/* 1 if the entry passes the filters that need no geometry. */
static int passes(const search *s, const rp_entry *e)
{
    const reg_place_query *q = s->q;
    if (s->status >= 0 ? e->status != s->status : e->status == RP_ST_DRAFT)
        return 0;
    if (s->cat_prefix[0] &&
        strncmp(s->r->cats[e->category].code, s->cat_prefix, strlen(s->cat_prefix)) != 0)
        return 0;
    if (q->unit && *q->unit && !in_unit(rp_ix_str(s->ix, e->units), q->unit))
        return 0;
    if (q->has_bbox && (isnan(e->bbox[0]) || e->bbox[0] > q->bbox[2] || e->bbox[2] < q->bbox[0] ||
                        e->bbox[1] > q->bbox[3] || e->bbox[3] < q->bbox[1]))
        return 0;
    if (q->has_near) {
        double dlat = q->near[2] / 111000.0 * 1.01;
        double dlon = dlat / cos(q->near[1] * M_PI / 180.0);
        if (isnan(e->bbox[0]) || e->bbox[0] > q->near[0] + dlon || e->bbox[2] < q->near[0] - dlon ||
            e->bbox[1] > q->near[1] + dlat || e->bbox[3] < q->near[1] - dlat)
            return 0;
    }
    return 1;
}

/* The slot of place id in the hash of best hits (open addressing). */
static size_t best_slot(const search *s, long long id)
{
    size_t i = (size_t)((unsigned long long)id * 0x9e3779b97f4a7c15ULL >> 20) & (s->best_cap - 1);
    while (s->best[i * 2] != 0 && s->best[i * 2] != id)
        i = (i + 1) & (s->best_cap - 1);
    return i;
}

/* hit_fn of search: keeps the best hit of each place that passes. */
static int search_add(void *ctx, uint32_t entry, int rank, int sub)
{
    search *s = ctx;
    const rp_entry *e = &s->ix->e[entry];
    if (!passes(s, e))
        return 0;
    hit h = {entry, (uint8_t)rank, (uint8_t)sub, 0};
    size_t slot = best_slot(s, e->place_id);
    if (s->best[slot * 2]) {
        hit *old = &s->hits[s->best[slot * 2 + 1]];
        sort_key a = key_of(s->ix, &h, 1), b = key_of(s->ix, old, 1);
        if (key_cmp(&a, &b) < 0)
            *old = h;
        return 0;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        hit *p = realloc(s->hits, cap * sizeof *p);
        if (!p)
            return -1;
        s->hits = p;
        s->cap = cap;
    }
    s->best[slot * 2] = e->place_id;
    s->best[slot * 2 + 1] = (long long)s->n;
    s->hits[s->n++] = h;
    return 0;
}

/* Measures the distance of each hit (near) and drops those too far. */
static int measure(search *s, reg_error *err)
{
    size_t kept = 0;
    for (size_t i = 0; i < s->n; i++) {
        GEOSGeometry *g = NULL;
        double m = 0;
        int rc = rp_geom_read(s->db, s->ix->e[s->hits[i].entry].place_id, &g, err);
        if (rc == REG_OK && g)
            rc = rp_geom_distance(s->db, g, s->q->near[0], s->q->near[1], &m, err);
        if (g)
            GEOSGeom_destroy_r(geo_ctx_geos(s->db->geo), g);
        if (rc != REG_OK)
            return rc;
        if (g && m <= s->q->near[2]) {
            s->hits[i].dist_mm = llround(m * 1000.0);
            s->hits[kept++] = s->hits[i];
        }
    }
    s->n = kept;
    return REG_OK;
}

/* The index and query sort_hits compares with (qsort has no context). */
static _Thread_local const rp_index *sort_ix;
static _Thread_local int sort_by_chars;

/* Orders hits by their sort keys. */
static int hit_cmp(const void *a, const void *b)
{
    sort_key x = key_of(sort_ix, a, sort_by_chars), y = key_of(sort_ix, b, sort_by_chars);
    return key_cmp(&x, &y);
}

/* Writes the cursor of key k into out (CURSOR_MAX bytes):
 * rank.sub.dist.chars.id.key.hex(name). */
static void cursor_make(const sort_key *k, char *out)
{
    int n = snprintf(out, CURSOR_MAX, "%d.%d.%lld.%d.%lld.%s.", k->rank, k->sub, k->dist_mm,
                     k->chars, k->id, k->key);
    for (const unsigned char *p = (const unsigned char *)k->name; n > 0 && *p; p++)
        if (n + 3 < CURSOR_MAX)
            n += snprintf(out + n, (size_t)(CURSOR_MAX - n), "%02x", *p);
}

/* Parses a cursor into k (key and name point into buf, CURSOR_MAX bytes).
 * 0, or -1 if malformed. */
static int cursor_parse(const char *text, sort_key *k, char *buf)
{
    int used = 0;
    if (strlen(text) >= CURSOR_MAX ||
        sscanf(text, "%d.%d.%lld.%d.%lld.%n", &k->rank, &k->sub, &k->dist_mm, &k->chars, &k->id,
               &used) != 5 || used == 0)
        return -1;
    const char *rest = text + used, *dot = strchr(rest, '.');
    if (!dot || strspn(rest, "abcdefghijklmnopqrstuvwxyz") != (size_t)(dot - rest))
        return -1;
    size_t klen = (size_t)(dot - rest);
    memcpy(buf, rest, klen);
    buf[klen] = '\0';
    char *name = buf + klen + 1;
    const char *hex = dot + 1;
    size_t hl = strlen(hex);
    if (hl % 2 || strspn(hex, "0123456789abcdef") != hl)
        return -1;
    for (size_t i = 0; i < hl / 2; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        name[i] = (char)v;
    }
    name[hl / 2] = '\0';
    k->key = buf;
    k->name = name;
    return 0;
}

/* Checks the query's filters and fills s->cat_prefix and s->status. */
static int check_query(search *s, reg_error *err)
{
    const reg_place_query *q = s->q;
    s->status = -1;
    if (q->category && rp_category_filter(s->r, q->category, s->cat_prefix) != 0)
        return reg_error_set(err, REG_EINVAL, "unknown_category", "category", "未知的地名类别",
                             "unknown place category");
    if (q->status && (s->status = rp_status_parse(q->status)) < 0)
        return reg_error_set(err, REG_EINVAL, "bad_status", "status", "未知的地名状态",
                             "unknown status (draft, proposed, under_review, approved, filed, "
                             "announced, in_use, cancelled)");
    if (q->unit && !rp_code_ok(q->unit))
        return reg_error_set(err, REG_EINVAL, "bad_code", "unit", "区划代码格式错误",
                             "malformed division code");
    if (q->has_bbox && !(q->bbox[0] <= q->bbox[2] && q->bbox[1] <= q->bbox[3] &&
                         q->bbox[0] >= -180 && q->bbox[2] <= 180 && q->bbox[1] >= -90 &&
                         q->bbox[3] <= 90))
        return reg_error_set(err, REG_EINVAL, "bad_bbox", "bbox",
                             "范围应为 最小经度,最小纬度,最大经度,最大纬度",
                             "bbox is min_lon,min_lat,max_lon,max_lat in range");
    if (q->has_near && !(q->near[0] >= -180 && q->near[0] <= 180 && q->near[1] >= -90 &&
                         q->near[1] <= 90 && q->near[2] > 0 && q->near[2] <= NEAR_MAX_M))
        return reg_error_set(err, REG_EINVAL, "bad_near", "near",
                             "near 应为 经度,纬度,半径（米，至多100000）",
                             "near is lon,lat,radius_m (radius at most 100,000 m)");
    if (q->q && (strlen(q->q) > 4 * REG_PLACE_NAME_MAX || !rp_utf8_valid(q->q)))
        return reg_error_set(err, REG_EINVAL, "bad_query", "q", "查询过长或不是有效的UTF-8",
                             "q is too long or not UTF-8 text");
    return REG_OK;
}

/* Collects, filters, measures and sorts the hits of s. */
static int collect(search *s, reg_error *err)
{
    s->best_cap = 1024;
    while (s->best_cap < s->ix->n * 2)
        s->best_cap *= 2;
    s->best = calloc(s->best_cap * 2, sizeof *s->best);
    if (!s->best)
        return reg_error_nomem(err);
    int failed = 0;
    if (s->q->q && *s->q->q)
        failed = match(s->ix, s->q->q, search_add, NULL, s, 0);
    for (size_t i = 0; !failed && !(s->q->q && *s->q->q) && i < s->ix->n; i++)
        if (s->ix->e[i].kind == RP_KIND_CURRENT ||
            (s->ix->e[i].status == RP_ST_CANCELLED && s->ix->e[i].kind == RP_KIND_FORMER))
            failed = search_add(s, (uint32_t)i, RK_EXACT, 0);
    if (failed)
        return reg_error_nomem(err);
    int rc = s->q->has_near ? measure(s, err) : REG_OK;
    if (rc == REG_OK) {
        sort_ix = s->ix;
        sort_by_chars = s->q->q && *s->q->q;
        if (s->n > 1)
            qsort(s->hits, s->n, sizeof *s->hits, hit_cmp);
        sort_ix = NULL;
    }
    return rc;
}

/* The page after the cursor as {places, total, next_cursor}. */
static int page(search *s, json_t **out, reg_error *err)
{
    const reg_place_query *q = s->q;
    size_t limit = q->limit >= 1 && q->limit <= SEARCH_LIMIT_MAX ? (size_t)q->limit
                                                                  : SEARCH_LIMIT_DEFAULT;
    size_t from = 0;
    int by_chars = q->q && *q->q;
    if (q->cursor) {
        char buf[CURSOR_MAX];
        sort_key c;
        if (cursor_parse(q->cursor, &c, buf) != 0)
            return reg_error_set(err, REG_EINVAL, "bad_cursor", "cursor", "分页游标无效",
                                 "the cursor is malformed");
        while (from < s->n) {
            sort_key k = key_of(s->ix, &s->hits[from], by_chars);
            if (key_cmp(&k, &c) > 0)
                break;
            from++;
        }
    }
    json_t *list = json_array();
    for (size_t i = from; list && i < s->n && i < from + limit; i++)
        if (json_array_append_new(list, hit_json(s->r, s->ix, &s->hits[i], q->has_near))) {
            json_decref(list);
            list = NULL;
        }
    char cursor[CURSOR_MAX] = "";
    if (from + limit < s->n) {
        sort_key k = key_of(s->ix, &s->hits[from + limit - 1], by_chars);
        cursor_make(&k, cursor);
    }
    if (!list || !(*out = json_pack("{s:o, s:I, s:s?}", "places", list, "total",
                                    (json_int_t)s->n, "next_cursor",
                                    cursor[0] ? cursor : NULL)))
        return reg_error_nomem(err);
    return REG_OK;
}

/* See reg_places.h.  Errors: unknown_category, bad_status, bad_code,
 * bad_bbox, bad_near, bad_query, bad_cursor (400). */
int reg_place_search(reg_db *db, const reg_place_query *q, json_t **out, reg_error *err)
{
    if (!db || !q || !out)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    *out = NULL;
    search s = {.db = db, .q = q};
    s.r = rp_rules_get(err);
    if (!s.r)
        return REG_EIO;
    int rc = check_query(&s, err);
    int opened = 0;
    rp_index *ix = NULL;
    if (rc == REG_OK)
        rc = reg_read_begin(db, &opened, err);
    if (rc == REG_OK)
        rc = rp_index_get(db, &ix, err);
    s.ix = ix;
    if (rc == REG_OK)
        rc = collect(&s, err);
    if (rc == REG_OK)
        rc = page(&s, out, err);
    reg_read_end(db, opened);
    free(s.hits);
    free(s.best);
    return rc;
}
