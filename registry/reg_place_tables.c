/*
 * reg_place_tables.c: parsing the place-name rule tables (tab-separated,
 * UTF-8, '#' comment lines) into the rules object.  A malformed line makes
 * the whole load fail with the file and line named: rules that silently
 * skip a row would check names against less than they claim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_place_internal.h"

#define TSV_LINE_MAX 1024
#define TSV_FIELDS 8

/* A table file being read. */
typedef struct tsv {
    FILE *f;
    const char *path;
    long line;
    char buf[TSV_LINE_MAX];
    char *fields[TSV_FIELDS];
    size_t nf;
} tsv;

/* rules_unavailable naming the file, the line and what is wrong. */
static int tsv_fail(const tsv *t, const char *what, reg_error *err)
{
    char detail[1200];
    snprintf(detail, sizeof detail, "%s: line %ld: %s", t->path, t->line, what);
    return reg_error_detail(err, REG_EIO, "rules_unavailable", "", "无法读取地名规则表",
                            "cannot read the place-name rule tables", detail);
}

/* Opens path for reading. */
static int tsv_open(tsv *t, const char *path, reg_error *err)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    t->f = fopen(path, "r");
    if (!t->f)
        return tsv_fail(t, "cannot open the file", err);
    return REG_OK;
}

/* Reads the next row that is not blank or a comment and splits it on tabs
 * into t->fields.  1 for a row, 0 at the end, or a reg_status. */
static int tsv_next(tsv *t, reg_error *err)
{
    while (fgets(t->buf, sizeof t->buf, t->f)) {
        t->line++;
        size_t n = strlen(t->buf);
        if (n == sizeof t->buf - 1 && t->buf[n - 1] != '\n')
            return tsv_fail(t, "line too long", err);
        while (n > 0 && (t->buf[n - 1] == '\n' || t->buf[n - 1] == '\r'))
            t->buf[--n] = '\0';
        if (n == 0 || t->buf[0] == '#')
            continue;
        t->nf = 0;
        char *p = t->buf;
        while (t->nf < TSV_FIELDS) {
            t->fields[t->nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        return 1;
    }
    return ferror(t->f) ? tsv_fail(t, "read error", err) : 0;
}

/* Makes room for one more element of size bytes in *arr holding n of cap. */
static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, ncap * size);
    if (!p)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

/* Copies s into dst (size bytes); 0, or -1 if it does not fit. */
static int copy_field(char *dst, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n >= size)
        return -1;
    memcpy(dst, s, n + 1);
    return 0;
}

/* Decodes a field that must be exactly one character. */
static int one_char(const char *s, uint32_t *cp)
{
    uint32_t c[2];
    return rp_utf8_decode(s, c, 2) == 1 ? (*cp = c[0], 0) : -1;
}

/* Orders hanzi by code point. */
static int hanzi_cmp(const void *a, const void *b)
{
    uint32_t x = ((const rp_hanzi *)a)->cp, y = ((const rp_hanzi *)b)->cp;
    return x < y ? -1 : x > y;
}

/* 1 if the neutral-tone reading plain is the toneless form of another of
 * the character's readings (家: jiā, jia -> one reading). */
static int neutral_of_other(const char *readings, const char *plain)
{
    char buf[sizeof ((rp_hanzi *)0)->readings];
    memcpy(buf, readings, sizeof buf);
    char *save = NULL;
    for (char *r = strtok_r(buf, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
        char p[RP_SYL_BUF];
        rp_syllable_plain(r, p, NULL);
        if (strcmp(r, plain) != 0 && strcmp(p, plain) == 0)
            return 1;
    }
    return 0;
}

/* Sets h->dflt to the first reading and h->poly to 1 when the character
 * has more than one distinct reading.  -1 if a reading is malformed. */
static int hanzi_readings(rp_hanzi *h)
{
    char buf[sizeof h->readings];
    memcpy(buf, h->readings, sizeof buf);
    size_t distinct = 0;
    char *save = NULL;
    h->dflt[0] = '\0';
    for (char *r = strtok_r(buf, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
        if (!rp_syllable_ok(r))
            return -1;
        char plain[RP_SYL_BUF];
        rp_syllable_plain(r, plain, NULL);
        int neutral = strcmp(plain, r) == 0;
        if (neutral && neutral_of_other(h->readings, r))
            continue;
        if (!h->dflt[0])
            memcpy(h->dflt, r, strlen(r) + 1);
        distinct++;
    }
    h->poly = distinct > 1;
    return h->dflt[0] ? 0 : -1;
}

/* See reg_place_internal.h.  Rows: U+XXXX, character, readings. */
int rp_load_hanzi(rp_rules *r, const char *path, reg_error *err)
{
    tsv t;
    int rc = tsv_open(&t, path, err);
    size_t cap = 0;
    while (rc == REG_OK && (rc = tsv_next(&t, err)) == 1) {
        rc = REG_OK;
        uint32_t cp;
        unsigned long code = 0;
        char *end = NULL;
        if (t.nf != 3 || strncmp(t.fields[0], "U+", 2) != 0 ||
            (code = strtoul(t.fields[0] + 2, &end, 16), *end != '\0') ||
            one_char(t.fields[1], &cp) != 0 || cp != code) {
            rc = tsv_fail(&t, "expected U+XXXX<TAB>character<TAB>readings", err);
            break;
        }
        if (grow((void **)&r->hanzi, &cap, r->nhanzi, sizeof *r->hanzi) != 0) {
            rc = reg_error_nomem(err);
            break;
        }
        rp_hanzi *h = &r->hanzi[r->nhanzi];
        memset(h, 0, sizeof *h);
        h->cp = cp;
        if (copy_field(h->readings, sizeof h->readings, t.fields[2]) != 0 ||
            hanzi_readings(h) != 0) {
            rc = tsv_fail(&t, "malformed readings", err);
            break;
        }
        r->nhanzi++;
    }
    if (t.f)
        fclose(t.f);
    if (rc == REG_OK && r->nhanzi == 0)
        rc = tsv_fail(&t, "no characters", err);
    if (rc == REG_OK)
        qsort(r->hanzi, r->nhanzi, sizeof *r->hanzi, hanzi_cmp);
    return rc;
}

/* Orders polyphone rows by character, longest context first. */
static int poly_cmp(const void *a, const void *b)
{
    const rp_poly *x = a, *y = b;
    if (x->cp != y->cp)
        return x->cp < y->cp ? -1 : 1;
    return x->ncontext > y->ncontext ? -1 : x->ncontext < y->ncontext;
}

/* See reg_place_internal.h.  Rows: context, character, reading, note. */
int rp_load_polyphones(rp_rules *r, const char *path, reg_error *err)
{
    tsv t;
    int rc = tsv_open(&t, path, err);
    size_t cap = 0;
    while (rc == REG_OK && (rc = tsv_next(&t, err)) == 1) {
        rc = REG_OK;
        if (grow((void **)&r->poly, &cap, r->npoly, sizeof *r->poly) != 0) {
            rc = reg_error_nomem(err);
            break;
        }
        rp_poly *p = &r->poly[r->npoly];
        memset(p, 0, sizeof *p);
        long n = t.nf >= 3 ? rp_utf8_decode(t.fields[0], p->context, 8) : -1;
        int ok = n > 0 && one_char(t.fields[1], &p->cp) == 0 && rp_syllable_ok(t.fields[2]);
        p->ncontext = n > 0 ? (size_t)n : 0;
        while (ok && p->at < p->ncontext && p->context[p->at] != p->cp)
            p->at++;
        if (!ok || p->at == p->ncontext) {
            rc = tsv_fail(&t, "expected context<TAB>character in it<TAB>reading", err);
            break;
        }
        memcpy(p->reading, t.fields[2], strlen(t.fields[2]) + 1);
        r->npoly++;
    }
    if (t.f)
        fclose(t.f);
    if (rc == REG_OK)
        qsort(r->poly, r->npoly, sizeof *r->poly, poly_cmp);
    return rc;
}

/* Parses "point|line|polygon" into RP_GEOM_* bits; 0 if malformed. */
static unsigned geometry_mask(const char *s)
{
    unsigned mask = 0;
    char buf[64];
    if (copy_field(buf, sizeof buf, s) != 0)
        return 0;
    char *save = NULL;
    for (char *k = strtok_r(buf, "|", &save); k; k = strtok_r(NULL, "|", &save)) {
        if (strcmp(k, "point") == 0)
            mask |= RP_GEOM_POINT;
        else if (strcmp(k, "line") == 0)
            mask |= RP_GEOM_LINE;
        else if (strcmp(k, "polygon") == 0)
            mask |= RP_GEOM_POLYGON;
        else
            return 0;
    }
    return mask;
}

/* See reg_place_internal.h.  Rows: code, class, subclass, geometry,
 * n3_group, n3_scope, pinyin. */
int rp_load_categories(rp_rules *r, const char *path, reg_error *err)
{
    tsv t;
    int rc = tsv_open(&t, path, err);
    size_t cap = 0;
    while (rc == REG_OK && (rc = tsv_next(&t, err)) == 1) {
        rc = REG_OK;
        if (grow((void **)&r->cats, &cap, r->ncats, sizeof *r->cats) != 0) {
            rc = reg_error_nomem(err);
            break;
        }
        rp_category *c = &r->cats[r->ncats];
        memset(c, 0, sizeof *c);
        const char *scope = t.nf == 7 ? t.fields[5] : "";
        c->n3_scope = strcmp(scope, "registry") == 0  ? RP_SCOPE_REGISTRY
                      : strcmp(scope, "county") == 0  ? RP_SCOPE_COUNTY
                      : strcmp(scope, "builtup") == 0 ? RP_SCOPE_BUILTUP
                                                      : (rp_scope)-1;
        int ok = t.nf == 7 && strlen(t.fields[0]) == 4 &&
                 strspn(t.fields[0], "0123456789") == 4 &&
                 copy_field(c->code, sizeof c->code, t.fields[0]) == 0 &&
                 copy_field(c->class_name, sizeof c->class_name, t.fields[1]) == 0 &&
                 copy_field(c->subclass, sizeof c->subclass, t.fields[2]) == 0 &&
                 (c->geometry = geometry_mask(t.fields[3])) != 0 &&
                 copy_field(c->n3_group, sizeof c->n3_group, t.fields[4]) == 0 &&
                 c->n3_scope != (rp_scope)-1 &&
                 (strcmp(t.fields[6], "standard") == 0 || strcmp(t.fields[6], "joined") == 0);
        for (size_t i = 0; ok && i < r->ncats; i++)
            ok = strcmp(r->cats[i].code, c->code) != 0;
        if (!ok) {
            rc = tsv_fail(&t, "expected code, class, subclass, geometry, n3_group, "
                              "n3_scope, pinyin (and a code not seen before)", err);
            break;
        }
        c->joined = strcmp(t.fields[6], "joined") == 0;
        r->ncats++;
    }
    if (t.f)
        fclose(t.f);
    if (rc == REG_OK && r->ncats == 0)
        rc = tsv_fail(&t, "no categories", err);
    return rc;
}

/* Reads a generic's pinyin ("huí-zú xiāng") into g->syl and
 * g->word_start; 0, or -1 if it does not give one syllable a character. */
static int generic_pinyin(rp_generic *g, const char *text)
{
    char buf[128];
    if (copy_field(buf, sizeof buf, text) != 0)
        return -1;
    size_t n = 0;
    char *wsave = NULL;
    for (char *w = strtok_r(buf, " ", &wsave); w; w = strtok_r(NULL, " ", &wsave)) {
        int first = 1;
        char *ssave = NULL;
        for (char *s = strtok_r(w, "-", &ssave); s; s = strtok_r(NULL, "-", &ssave)) {
            if (n == g->n || !rp_syllable_ok(s))
                return -1;
            memcpy(g->syl[n], s, strlen(s) + 1);
            g->word_start[n] = first && n > 0;
            first = 0;
            n++;
        }
    }
    return n == g->n ? 0 : -1;
}

/* See reg_place_internal.h.  Rows: category code, generic, pinyin.  Needs
 * the categories. */
int rp_load_generics(rp_rules *r, const char *path, reg_error *err)
{
    tsv t;
    int rc = tsv_open(&t, path, err);
    size_t cap = 0;
    while (rc == REG_OK && (rc = tsv_next(&t, err)) == 1) {
        rc = REG_OK;
        if (grow((void **)&r->gens, &cap, r->ngens, sizeof *r->gens) != 0) {
            rc = reg_error_nomem(err);
            break;
        }
        rp_generic *g = &r->gens[r->ngens];
        memset(g, 0, sizeof *g);
        long cat = t.nf == 3 ? rp_category_find(r, t.fields[0]) : -1;
        long n = t.nf == 3 ? rp_utf8_decode(t.fields[1], g->cps, 8) : -1;
        g->n = n > 0 ? (size_t)n : 0;
        if (cat < 0 || n <= 0 || copy_field(g->text, sizeof g->text, t.fields[1]) != 0 ||
            generic_pinyin(g, t.fields[2]) != 0) {
            rc = tsv_fail(&t, "expected a category code, the generic and one syllable a "
                              "character", err);
            break;
        }
        g->category = (size_t)cat;
        r->ngens++;
    }
    if (t.f)
        fclose(t.f);
    return rc;
}

/* See reg_place_internal.h.  Rows: character, reading. */
int rp_load_modifiers(rp_rules *r, const char *path, reg_error *err)
{
    tsv t;
    int rc = tsv_open(&t, path, err);
    size_t cap = 0;
    while (rc == REG_OK && (rc = tsv_next(&t, err)) == 1) {
        rc = REG_OK;
        if (grow((void **)&r->mods, &cap, r->nmods, sizeof *r->mods) != 0) {
            rc = reg_error_nomem(err);
            break;
        }
        rp_modifier *m = &r->mods[r->nmods];
        if (t.nf != 2 || one_char(t.fields[0], &m->cp) != 0 || !rp_syllable_ok(t.fields[1])) {
            rc = tsv_fail(&t, "expected character<TAB>reading", err);
            break;
        }
        memcpy(m->reading, t.fields[1], strlen(t.fields[1]) + 1);
        r->nmods++;
    }
    if (t.f)
        fclose(t.f);
    return rc;
}

/* See reg_place_internal.h.  Rows: word, kind, note. */
int rp_load_n2(rp_rules *r, const char *path, reg_error *err)
{
    static const char *const kinds[] = {"leader", "person", "foreign_place", "company", "brand"};
    tsv t;
    int rc = tsv_open(&t, path, err);
    size_t cap = 0;
    while (rc == REG_OK && (rc = tsv_next(&t, err)) == 1) {
        rc = REG_OK;
        if (grow((void **)&r->n2, &cap, r->nn2, sizeof *r->n2) != 0) {
            rc = reg_error_nomem(err);
            break;
        }
        rp_n2word *w = &r->n2[r->nn2];
        memset(w, 0, sizeof *w);
        int kind_ok = 0;
        for (size_t i = 0; t.nf >= 2 && i < sizeof kinds / sizeof kinds[0]; i++)
            kind_ok |= strcmp(t.fields[1], kinds[i]) == 0;
        uint32_t cps[REG_PLACE_NAME_MAX];
        if (t.nf < 2 || !kind_ok || rp_utf8_decode(t.fields[0], cps, REG_PLACE_NAME_MAX) <= 0 ||
            copy_field(w->word, sizeof w->word, t.fields[0]) != 0 ||
            copy_field(w->kind, sizeof w->kind, t.fields[1]) != 0 ||
            (t.nf > 2 && copy_field(w->note, sizeof w->note, t.fields[2]) != 0)) {
            rc = tsv_fail(&t, "expected word<TAB>kind (leader, person, foreign_place, "
                              "company, brand)<TAB>note", err);
            break;
        }
        r->nn2++;
    }
    if (t.f)
        fclose(t.f);
    return rc;
}

/* See reg_place_internal.h. */
const rp_hanzi *rp_hanzi_find(const rp_rules *r, uint32_t cp)
{
    size_t lo = 0, hi = r->nhanzi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->hanzi[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nhanzi && r->hanzi[lo].cp == cp ? &r->hanzi[lo] : NULL;
}

/* See reg_place_internal.h. */
const rp_modifier *rp_modifier_find(const rp_rules *r, uint32_t cp)
{
    for (size_t i = 0; i < r->nmods; i++)
        if (r->mods[i].cp == cp)
            return &r->mods[i];
    return NULL;
}

/* See reg_place_internal.h. */
long rp_category_find(const rp_rules *r, const char *text)
{
    if (!text || !*text)
        return -1;
    long found = -1;
    const char *slash = strchr(text, '/');
    for (size_t i = 0; i < r->ncats; i++) {
        const rp_category *c = &r->cats[i];
        size_t cl = strlen(c->class_name);
        if (strcmp(text, c->code) == 0 ||
            (slash && (size_t)(slash - text) == cl && strncmp(text, c->class_name, cl) == 0 &&
             strcmp(slash + 1, c->subclass) == 0))
            return (long)i;
        if (!slash && strcmp(text, c->subclass) == 0) {
            if (found >= 0)
                return -1; /* a subclass name used by two classes is ambiguous */
            found = (long)i;
        }
    }
    return found;
}

/* See reg_place_internal.h. */
int rp_category_filter(const rp_rules *r, const char *text, char prefix[5])
{
    long i = rp_category_find(r, text);
    if (i >= 0) {
        memcpy(prefix, r->cats[i].code, 5);
        return 0;
    }
    for (size_t k = 0; k < r->ncats; k++)
        if (strcmp(text, r->cats[k].class_name) == 0 ||
            (strlen(text) == 2 && strncmp(text, r->cats[k].code, 2) == 0)) {
            memcpy(prefix, r->cats[k].code, 2);
            prefix[2] = '\0';
            return 0;
        }
    return -1;
}
