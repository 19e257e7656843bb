/*
 * reg_place_data.c: the process's rule tables for place names, read once
 * from the data directory ($DIMING_DATA, else DIMING_DATA_DIR, the data/
 * folder of the source tree the binary was built from) and then shared
 * read-only by every connection and thread.
 *
 * Loading takes ~0.3 s, most of it opening ICU's Han-Latin transliterator
 * (ENGINEERING.md, ICU), which picks the default reading of each polyphone
 * once; after that a romanisation is table lookups only.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg_place_internal.h"

#ifndef DIMING_DATA_DIR
#define DIMING_DATA_DIR "data"
#endif

static pthread_mutex_t rules_lock = PTHREAD_MUTEX_INITIALIZER;
static rp_rules *rules_loaded;

/* Frees a rules object and its tables; NULL is a no-op. */
static void rules_destroy(rp_rules *r)
{
    if (!r)
        return;
    free(r->hanzi);
    free(r->poly);
    free(r->cats);
    free(r->gens);
    free(r->mods);
    free(r->n2);
    free(r);
}

/* Writes dir/rel into out (outlen bytes); 0, or -1 if it does not fit. */
static int data_path(char *out, size_t outlen, const char *dir, const char *rel)
{
    int n = snprintf(out, outlen, "%s/%s", dir, rel);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* Reads every table from dir into a new rules object. */
static int rules_read(const char *dir, rp_rules **out, reg_error *err)
{
    typedef int (*loader)(rp_rules *, const char *, reg_error *);
    static const struct {
        const char *rel;
        loader load;
    } files[] = {
        {"hanzi/tongyong_guifan_8105.tsv", rp_load_hanzi},
        {"places/categories.tsv", rp_load_categories},
        {"places/generics.tsv", rp_load_generics},
        {"places/modifiers.tsv", rp_load_modifiers},
        {"places/polyphones.tsv", rp_load_polyphones},
        {"places/n2_words.tsv", rp_load_n2},
    };
    rp_rules *r = calloc(1, sizeof *r);
    if (!r)
        return reg_error_nomem(err);
    int rc = REG_OK;
    char path[1024];
    for (size_t i = 0; rc == REG_OK && i < sizeof files / sizeof files[0]; i++) {
        if (data_path(path, sizeof path, dir, files[i].rel) != 0)
            rc = reg_error_detail(err, REG_EIO, "rules_unavailable", "",
                                  "无法读取地名规则表", "cannot read the place-name rule tables",
                                  "data directory path too long");
        else
            rc = files[i].load(r, path, err);
    }
    if (rc == REG_OK)
        rc = rp_icu_defaults(r, err);
    if (rc != REG_OK) {
        rules_destroy(r);
        return rc;
    }
    *out = r;
    return REG_OK;
}

/* See reg_place_internal.h.  A failed load is retried at the next call
 * (the data directory may be fixed meanwhile). */
const rp_rules *rp_rules_get(reg_error *err)
{
    pthread_mutex_lock(&rules_lock);
    rp_rules *r = rules_loaded;
    if (!r) {
        const char *dir = getenv("DIMING_DATA");
        if (!dir || !*dir)
            dir = DIMING_DATA_DIR;
        if (rules_read(dir, &r, err) == REG_OK)
            rules_loaded = r;
        else
            r = NULL;
    }
    pthread_mutex_unlock(&rules_lock);
    return r;
}

/* See reg_places.h. */
int reg_places_data_load(reg_error *err)
{
    reg_error local;
    reg_error *e = err ? err : &local;
    return rp_rules_get(e) ? REG_OK : e->status;
}

/* See reg_internal.h. */
void reg_places_data_free(void)
{
    pthread_mutex_lock(&rules_lock);
    rules_destroy(rules_loaded);
    rules_loaded = NULL;
    pthread_mutex_unlock(&rules_lock);
    rp_icu_free();
}
