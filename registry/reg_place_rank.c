/*
 * reg_place_rank.c: the suffixes of a prefix range in the order
 * autocomplete ranks them, without visiting the whole range.
 *
 * A one-letter query matches thousands of keys in a province's register;
 * autocomplete wants the ten best.  Every entry has a priority (current
 * names before other names, then fewer characters, then the entries'
 * precomputed order: the order of search's fast_cmp within one rank), and
 * each list is cut into blocks of RP_BLOCK suffixes whose positions are
 * kept sorted by priority.  A range is then a few sorted runs (its whole
 * blocks and its two partial ends, sorted on the spot) merged with a
 * heap, so the best come first and the caller stops when no later one can
 * enter.
 */
#include <stdlib.h>
#include <string.h>

#include "reg_place_internal.h"

#define RANK_SMALL_RUNS 64 /* runs merged without a malloc (2,000 suffixes) */

/* The priority of entry e (see the file comment); RP_RANK_NEVER for a name
 * of a place not yet approved that is not a former name. */
static uint64_t entry_prio(const rp_entry *e)
{
    if (e->kind != RP_KIND_FORMER && e->status < RP_ST_APPROVED)
        return RP_RANK_NEVER;
    return ((uint64_t)(e->kind != RP_KIND_CURRENT) << 62) | ((uint64_t)e->name_chars << 32) |
           e->order;
}

/* The priority of the suffix at position k of list which. */
static uint64_t suffix_prio(const rp_index *ix, int which, size_t k)
{
    return ix->pick[ix->sa[which][k].entry].prio;
}

/* Sorts the n positions of pos by priority (insertion sort: n <= RP_BLOCK),
 * each priority read once. */
static void sort_positions(const rp_index *ix, int which, size_t *pos, size_t n)
{
    uint64_t key[RP_BLOCK];
    for (size_t i = 0; i < n; i++) {
        size_t p = pos[i];
        uint64_t v = suffix_prio(ix, which, p);
        size_t j = i;
        for (; j > 0 && key[j - 1] > v; j--) {
            pos[j] = pos[j - 1];
            key[j] = key[j - 1];
        }
        pos[j] = p;
        key[j] = v;
    }
}

/* See reg_place_internal.h. */
int rp_ix_rank_build(rp_index *ix)
{
    if (!(ix->pick = malloc((ix->n ? ix->n : 1) * sizeof *ix->pick)))
        return -1;
    for (size_t i = 0; i < ix->n; i++)
        ix->pick[i] = (rp_pick){entry_prio(&ix->e[i]), ix->e[i].place_id};
    for (int w = 0; w < RP_SA_COUNT; w++) {
        size_t n = ix->nsa[w];
        if (!(ix->bperm[w] = malloc(n ? n : 1)))
            return -1;
        for (size_t b = 0; b < n; b += RP_BLOCK) {
            size_t len = n - b < RP_BLOCK ? n - b : RP_BLOCK, pos[RP_BLOCK];
            for (size_t i = 0; i < len; i++)
                pos[i] = b + i;
            sort_positions(ix, w, pos, len);
            for (size_t i = 0; i < len; i++)
                ix->bperm[w][b + i] = (uint8_t)(pos[i] - b);
        }
    }
    return 0;
}

/* A sorted run of positions being merged: a whole block (through bperm)
 * or a partial end (through its own sorted array). */
typedef struct run {
    size_t base, at, len; /* block start, next index, length */
    const size_t *own;    /* a partial end's positions, or NULL */
    uint64_t head;        /* priority of the next position */
} run;

/* The position of run r's next suffix. */
static size_t run_pos(const rp_index *ix, int which, const run *r)
{
    return r->own ? r->own[r->at] : r->base + ix->bperm[which][r->base + r->at];
}

/* Restores the min-heap of runs h (n of them) below i. */
static void heap_down(run *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && h[l].head < h[m].head)
            m = l;
        if (l + 1 < n && h[l + 1].head < h[m].head)
            m = l + 1;
        if (m == i)
            return;
        run t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* Adds a run of len positions (from own, or the block at base) to the
 * heap array when it is not empty. */
static void run_add(const rp_index *ix, int which, run *h, size_t *n, size_t base,
                    const size_t *own, size_t len)
{
    if (len == 0)
        return;
    run r = {base, 0, len, own, 0};
    r.head = suffix_prio(ix, which, run_pos(ix, which, &r));
    h[(*n)++] = r;
}

/* See reg_place_internal.h. */
int rp_ix_ranked(const rp_index *ix, int which, size_t lo, size_t hi, rp_rank_fn fn, void *ctx)
{
    if (lo >= hi)
        return 0;
    size_t first = (lo + RP_BLOCK - 1) / RP_BLOCK * RP_BLOCK; /* first whole block */
    size_t last = hi / RP_BLOCK * RP_BLOCK;                    /* end of the whole blocks */
    size_t head[RP_BLOCK], tail[RP_BLOCK], nhead = 0, ntail = 0;
    if (first > last) { /* the range lies inside one block */
        first = last = lo;
        for (size_t k = lo; k < hi; k++)
            head[nhead++] = k;
    } else {
        for (size_t k = lo; k < first; k++)
            head[nhead++] = k;
        for (size_t k = last; k < hi; k++)
            tail[ntail++] = k;
    }
    sort_positions(ix, which, head, nhead);
    sort_positions(ix, which, tail, ntail);
    size_t cap = (last - first) / RP_BLOCK + 2, n = 0;
    run small[RANK_SMALL_RUNS];
    run *h = cap <= RANK_SMALL_RUNS ? small : malloc(cap * sizeof *h);
    if (!h)
        return -1;
    run_add(ix, which, h, &n, 0, head, nhead);
    run_add(ix, which, h, &n, 0, tail, ntail);
    for (size_t b = first; b < last; b += RP_BLOCK)
        run_add(ix, which, h, &n, b, NULL, RP_BLOCK);
    for (size_t i = n / 2 + 1; i-- > 0;)
        heap_down(h, n, i);
    int rc = 0;
    while (n > 0 && h[0].head != RP_RANK_NEVER) {
        if ((rc = fn(ctx, run_pos(ix, which, &h[0]))) != 0)
            break;
        if (++h[0].at < h[0].len)
            h[0].head = suffix_prio(ix, which, run_pos(ix, which, &h[0]));
        else
            h[0] = h[--n];
        heap_down(h, n, 0);
    }
    if (h != small)
        free(h);
    return rc;
}
