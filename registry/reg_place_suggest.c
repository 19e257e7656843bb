/*
 * reg_place_suggest.c: the JSON of each autocomplete suggestion, written
 * once per entry and kept in the index.
 *
 * A suggestion is the same text every time its entry is suggested, but for
 * its "match" label: writing its seven strings (escaping each byte) was
 * two thirds of the instructions of an autocomplete.  The text is made on
 * an entry's first suggestion, with an empty label, and kept in the
 * index's arena (the index is one connection's, so one thread's, and is
 * rebuilt when the register changes, so the text never outlives what it
 * says); only entries ever suggested take memory.
 */
#include <stdlib.h>

#include "reg_jw.h"
#include "reg_place_internal.h"

#define SJ_MAX 8192u /* one suggestion: 7 strings of a register row */

/* Writes entry e's suggestion into the arena and records it in *sj:
 * {"id":..,"name":..,"pinyin":..,"match":"","category":..,"area":..,
 * "status":..[,"former_name":..]} (a former name or an alias also names
 * what matched), the head ending inside the label's quotes.  -1 when
 * memory runs out. */
static int sj_render(rp_index *ix, const rp_rules *r, const rp_entry *e, rp_sjson *sj)
{
    reg_jw w;
    reg_jw_init(&w, SJ_MAX);
    reg_jw_open(&w, '{');
    reg_jw_kint(&w, "id", (long long)e->place_id);
    reg_jw_kstr(&w, "name", rp_ix_str(ix, e->current));
    reg_jw_kstr(&w, "pinyin", rp_ix_str(ix, e->pinyin));
    reg_jw_key(&w, "match");
    size_t head = w.len + 1; /* after the label's opening quote */
    reg_jw_str(&w, "");
    reg_jw_kstr(&w, "category", r->cats[e->category].subclass);
    reg_jw_kstr(&w, "area", rp_ix_str(ix, e->area));
    reg_jw_kstr(&w, "status", rp_status_names[e->status]);
    if (e->kind != RP_KIND_CURRENT)
        reg_jw_kstr(&w, "former_name", rp_ix_str(ix, e->name));
    reg_jw_close(&w, '}');
    size_t len = 0;
    uint32_t off;
    char *text = reg_jw_finish(&w, &len);
    int rc = text && len <= UINT16_MAX && rp_arena_add(ix, text, len, &off) == 0 ? 0 : -1;
    if (rc == 0)
        *sj = (rp_sjson){off, (uint16_t)head, (uint16_t)(len - head)};
    free(text);
    return rc;
}

/* See reg_place_internal.h. */
int rp_ix_suggestion(rp_index *ix, const rp_rules *r, uint32_t entry, rp_sjson *out)
{
    if (!ix || !r || !out || entry >= ix->n)
        return -1;
    if (!ix->sj && !(ix->sj = calloc(ix->n, sizeof *ix->sj)))
        return -1;
    rp_sjson *sj = &ix->sj[entry];
    if (sj->head == 0 && sj_render(ix, r, &ix->e[entry], sj) != 0)
        return -1;
    *out = *sj;
    return 0;
}
