/*
 * reg_place_name.c: a standard name normalised (NFKC, as every name in the
 * registry) and split into 专名 and 通名 by the generics table (N4).
 *
 * The 通名 is the longest generic of the place's own category that ends
 * the name and leaves a 专名; failing that, the longest generic of any
 * category (N4 then reports the mismatch).  A one-syllable modifier just
 * before it (南 in 会师南路) belongs to the 通名 when at least two
 * characters of 专名 remain: 专名 会师, 通名 南路 (N9: Huishi Nanlu).
 */
#include <string.h>

#include "reg_place_internal.h"

/* name_too_long for field. */
static int too_long(const char *field, reg_error *err)
{
    return reg_error_set(err, REG_EINVAL, "name_too_long", field, "地名不能超过20个字",
                         "a place name has at most 20 characters");
}

/* specific_empty: nothing is left for the 专名. */
static int specific_empty(reg_error *err)
{
    return reg_error_set(err, REG_EINVAL, "specific_empty", "specific", "专名不能为空",
                         "the specific part (专名) of the name is empty");
}

/* Normalises text (NFKC, trimmed) and decodes it into cps (at most
 * REG_PLACE_NAME_MAX); *n gets the count. */
static int normalize(const char *text, const char *field, uint32_t *cps, size_t *n,
                     reg_error *err)
{
    char buf[REG_NAME_BUF];
    reg_error e;
    int rc = reg_name_normalize(text, field, buf, sizeof buf, &e);
    if (rc != REG_OK && strcmp(e.code, "name_too_long") == 0)
        return too_long(field, err);
    if (rc != REG_OK)
        return reg_error_set(err, e.status, e.code, e.field, e.message_zh, e.message_en);
    long k = rp_utf8_decode(buf, cps, REG_PLACE_NAME_MAX);
    if (k < 0)
        return too_long(field, err);
    *n = (size_t)k;
    return REG_OK;
}

/* 1 if the k code points of g end cps (n of them). */
static int ends_with(const uint32_t *cps, size_t n, const uint32_t *g, size_t k)
{
    return k <= n && memcmp(cps + n - k, g, k * sizeof *g) == 0;
}

/* The longest generic ending cps[0..n) that leaves at least one character
 * before it; own 1 restricts to category cat.  NULL if none. */
static const rp_generic *longest_suffix(const rp_rules *r, size_t cat, int own,
                                        const uint32_t *cps, size_t n)
{
    const rp_generic *best = NULL;
    for (size_t i = 0; i < r->ngens; i++) {
        const rp_generic *g = &r->gens[i];
        if ((own && g->category != cat) || g->n >= n || (best && best->n >= g->n))
            continue;
        if (ends_with(cps, n, g->cps, g->n))
            best = g;
    }
    return best;
}

/* The generic whose text is exactly cps[0..n); own as longest_suffix. */
static const rp_generic *exact_generic(const rp_rules *r, size_t cat, int own,
                                       const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < r->ngens; i++) {
        const rp_generic *g = &r->gens[i];
        if ((!own || g->category == cat) && g->n == n &&
            memcmp(g->cps, cps, n * sizeof *cps) == 0)
            return g;
    }
    return NULL;
}

/* Finds the table entry of an explicit 通名 gen[0..ng): itself, or a
 * modifier followed by a generic, in the own category first. */
static void explicit_generic(const rp_rules *r, size_t cat, const uint32_t *gen, size_t ng,
                             rp_name *out)
{
    for (int own = 1; own >= 0 && !out->generic; own--) {
        out->generic = exact_generic(r, cat, own, gen, ng);
        if (!out->generic && ng > 1 && rp_modifier_find(r, gen[0])) {
            out->generic = exact_generic(r, cat, own, gen + 1, ng - 1);
            out->modifier = out->generic != NULL;
        }
    }
}

/* Splits out->cps[0..n) automatically (see the file comment). */
static void auto_split(const rp_rules *r, size_t cat, rp_name *out)
{
    const rp_generic *g = longest_suffix(r, cat, 1, out->cps, out->n);
    if (!g)
        g = longest_suffix(r, cat, 0, out->cps, out->n);
    if (!g && (g = exact_generic(r, cat, 0, out->cps, out->n)) != NULL) {
        out->generic = g; /* the name is a 通名 alone: nothing for the 专名 */
        out->nspec = 0;
        return;
    }
    out->generic = g;
    out->nspec = g ? out->n - g->n : out->n;
    if (g && out->nspec >= 3 && rp_modifier_find(r, out->cps[out->nspec - 1])) {
        out->modifier = 1;
        out->nspec--;
    }
}

/* Builds out->cps from specific + generic (gen[0..ng), normalised).
 * specific_empty when the 专名 is blank. */
static int join_parts(const char *specific, const uint32_t *gen, size_t ng, rp_name *out,
                      reg_error *err)
{
    uint32_t spec[REG_PLACE_NAME_MAX];
    size_t ns = 0;
    reg_error e;
    int rc = normalize(specific, "specific", spec, &ns, &e);
    if (rc != REG_OK) {
        if (strcmp(e.code, "name_empty") == 0)
            return specific_empty(err);
        return reg_error_set(err, e.status, e.code, e.field, e.message_zh, e.message_en);
    }
    if (ns + ng > REG_PLACE_NAME_MAX)
        return too_long("name", err);
    memcpy(out->cps, spec, ns * sizeof *spec);
    memcpy(out->cps + ns, gen, ng * sizeof *gen);
    out->n = ns + ng;
    return REG_OK;
}

/* See reg_place_internal.h.  With name and specific both given, specific +
 * generic must make the name (name_parts_mismatch, 400). */
int rp_name_split(const rp_rules *r, size_t cat, const char *name, const char *specific,
                  const char *generic, rp_name *out, reg_error *err)
{
    memset(out, 0, sizeof *out);
    uint32_t gen[REG_PLACE_NAME_MAX];
    size_t ng = 0;
    int rc = REG_OK;
    if (generic && (rc = normalize(generic, "generic", gen, &ng, err)) != REG_OK)
        return rc;
    if (specific && !generic)
        return reg_error_set(err, REG_EINVAL, "generic_missing", "generic", "缺少通名",
                             "a specific part (专名) needs its generic part (通名)");
    if (!name && !specific)
        return reg_error_set(err, REG_EINVAL, "name_empty", "name", "缺少地名",
                             "the name is missing (give name, or specific and generic)");
    if (specific && (rc = join_parts(specific, gen, ng, out, err)) != REG_OK)
        return rc;
    if (name) {
        uint32_t whole[REG_PLACE_NAME_MAX];
        size_t nw = 0;
        if ((rc = normalize(name, "name", whole, &nw, err)) != REG_OK)
            return rc;
        if (specific && (nw != out->n || memcmp(whole, out->cps, nw * sizeof *whole) != 0))
            return reg_error_set(err, REG_EINVAL, "name_parts_mismatch", "name",
                                 "专名加通名与地名不一致",
                                 "specific + generic do not make the name");
        memcpy(out->cps, whole, nw * sizeof *whole);
        out->n = nw;
    }
    if (generic) {
        if (!ends_with(out->cps, out->n, gen, ng))
            return reg_error_set(err, REG_EINVAL, "generic_not_suffix", "generic",
                                 "通名必须是地名的结尾部分",
                                 "the generic part (通名) must end the name");
        out->nspec = out->n - ng;
        explicit_generic(r, cat, gen, ng, out);
    } else {
        auto_split(r, cat, out);
    }
    if (out->nspec == 0)
        return specific_empty(err);
    out->own_category = out->generic && out->generic->category == cat;
    if (rp_utf8_encode(out->cps, out->n, out->name, sizeof out->name) != 0 ||
        rp_utf8_encode(out->cps, out->nspec, out->specific, sizeof out->specific) != 0 ||
        rp_utf8_encode(out->cps + out->nspec, out->n - out->nspec, out->generic_text,
                       sizeof out->generic_text) != 0)
        return too_long("name", err);
    return REG_OK;
}
