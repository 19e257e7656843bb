/*
 * import_run.c: what every import reader shares beyond reporting and
 * opening its rows (import_source.c) - the source CRS, the county
 * coordinate rule, the duplicate keys of a file and the progress line on
 * a terminal.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

/* See import_internal.h. */
int import_run_crs(import_run *run)
{
    run->crs = GEO_CRS_4490;
    if (run->opt->crs && geo_crs_parse(run->opt->crs, &run->crs) != GEO_OK) {
        fprintf(run->report, "unknown CRS %s (use EPSG:4490, EPSG:4326, EPSG:4544 or gcj02)\n",
                run->opt->crs);
        return 1;
    }
    return 0;
}

/* Reads the county's envelope on first use.  REG_OK or the failure. */
static int run_county(import_run *run, reg_db *db, reg_error *err)
{
    if (run->county_ready)
        return REG_OK;
    int rc = reg_county_box_get(db, &run->county, err);
    run->county_ready = rc == REG_OK;
    return rc;
}

/* See import_internal.h. */
int import_point(import_run *run, reg_db *db, geo_crs crs, double *x, double *y,
                 const char *field, reg_error *err)
{
    int rc = run_county(run, db, err);
    return rc == REG_OK ? reg_county_point(reg_geo(db), &run->county, crs, x, y, field, err) : rc;
}

/* See import_internal.h. */
int import_geom(import_run *run, reg_db *db, geo_crs crs, const GEOSGeometry *in,
                GEOSGeometry **out, const char *field, reg_error *err)
{
    *out = NULL;
    int rc = run_county(run, db, err);
    return rc == REG_OK ? reg_county_geom(reg_geo(db), &run->county, crs, in, out, field, err)
                        : rc;
}

/* See import_internal.h. */
void import_progress(import_run *run, double done, double total)
{
    if (!run->progress_tty || run->sum->read == 0 || (run->sum->read & 31) != 0)
        return;
    double now = import_now();
    if (now - run->progress_at < 0.2)
        return;
    run->progress_at = now;
    double secs = now - run->started;
    double rate = secs > 0 ? (double)run->sum->read / secs : 0;
    fprintf(stderr, "\r%s: %ld rows, %.0f rows/s", run->path, run->sum->read, rate);
    if (total > 0 && done > 0 && done <= total && secs > 0)
        fprintf(stderr, ", %.0f%%, about %.0f s left", 100.0 * done / total,
                secs * (total - done) / done);
    fputs("\033[K", stderr);
    fflush(stderr);
}

/* Key text, kept in blocks so that a million keys are not a million
 * allocations. */
typedef struct keys_block {
    struct keys_block *next;
    size_t used, cap;
    char text[];
} keys_block;

/* The key values of a file: open addressing, the capacity a power of 2. */
struct import_keys {
    char **key;
    long *line;
    size_t n, cap;
    keys_block *blocks; /* the newest first */
};

/* A copy of s in k's blocks; NULL when memory runs out. */
static char *keys_copy(import_keys *k, const char *s)
{
    size_t len = strlen(s) + 1;
    keys_block *b = k->blocks;
    if (!b || b->cap - b->used < len) {
        size_t cap = len > 65536 ? len : 65536;
        if (!(b = malloc(sizeof *b + cap)))
            return NULL;
        *b = (keys_block){.next = k->blocks, .cap = cap};
        k->blocks = b;
    }
    char *copy = memcpy(b->text + b->used, s, len);
    b->used += len;
    return copy;
}

/* FNV-1a of s. */
static size_t keys_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The slot of s in k: where it is or where it would go. */
static size_t keys_slot(const import_keys *k, const char *s)
{
    size_t i = keys_hash(s) & (k->cap - 1);
    while (k->key[i] && strcmp(k->key[i], s) != 0)
        i = (i + 1) & (k->cap - 1);
    return i;
}

/* Doubles the table (or makes the first); 0 or -1. */
static int keys_grow(import_keys *k)
{
    import_keys bigger = {.cap = k->cap ? k->cap * 2 : 1024, .n = k->n, .blocks = k->blocks};
    bigger.key = calloc(bigger.cap, sizeof *bigger.key);
    bigger.line = calloc(bigger.cap, sizeof *bigger.line);
    if (!bigger.key || !bigger.line) {
        free(bigger.key);
        free(bigger.line);
        return -1;
    }
    for (size_t i = 0; i < k->cap; i++)
        if (k->key[i]) {
            size_t j = keys_slot(&bigger, k->key[i]);
            bigger.key[j] = k->key[i];
            bigger.line[j] = k->line[i];
        }
    free(k->key);
    free(k->line);
    *k = bigger;
    return 0;
}

/* See import_internal.h. */
int import_unique(import_run *run, const char *column, const char *value, long line,
                  reg_error *err)
{
    if (!value || !*value)
        return REG_OK;
    if (!run->keys && !(run->keys = calloc(1, sizeof *run->keys)))
        return reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
    import_keys *k = run->keys;
    if ((k->n + 1) * 10 > k->cap * 7 && keys_grow(k) != 0)
        return reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
    size_t i = keys_slot(k, value);
    if (k->key[i]) {
        char en[320];
        snprintf(en, sizeof en, "%s %.200s appears again in the file (first on %s %ld)", column,
                 value, run->locus, k->line[i]);
        return reg_error_set(err, REG_ECONFLICT, "duplicate_in_file", column,
                             "同一文件中编码重复", en);
    }
    if (!(k->key[i] = keys_copy(k, value)))
        return reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
    k->line[i] = line;
    k->n++;
    return REG_OK;
}

/* See import_internal.h. */
void import_keys_free(import_run *run)
{
    import_keys *k = run->keys;
    while (k && k->blocks) {
        keys_block *next = k->blocks->next;
        free(k->blocks);
        k->blocks = next;
    }
    if (k) {
        free(k->key);
        free(k->line);
    }
    free(k);
    run->keys = NULL;
}

/* See import_internal.h. */
int import_reason_column(const char *name)
{
    return strcmp(name, "_line") == 0 || strcmp(name, "_rule") == 0 ||
           strcmp(name, "_reason") == 0;
}
