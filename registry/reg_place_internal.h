/*
 * reg_place_internal.h: what the registry's place-name files (reg_place_*,
 * reg_pinyin*, reg_name_rules*, reg_street*) share and nobody else sees.
 */
#ifndef DIMING_REG_PLACE_INTERNAL_H
#define DIMING_REG_PLACE_INTERNAL_H

#include <stdint.h>

#include "reg_internal.h"
#include "reg_places.h"

#define RP_NAME_BUF 96     /* a place name: 20 characters x 4 bytes + NUL */
#define RP_SYL_BUF 16      /* one toned syllable in UTF-8 */
#define RP_PINYIN_BUF 256  /* a romanised name: 20 syllables, spaces, marks */
#define RP_TEXT_MAX 4000   /* characters of a descriptive field */
#define RP_DEADLINE_DAYS 15 /* N6: filing and announcement after approval */
#define RP_RECHECK_S 1.0    /* see rp_index_get */

typedef struct rp_index rp_index;

/* ---- rule tables (reg_place_data.c, reg_place_tables.c) ---------------- */

/* A character of 通用规范汉字表 with its readings. */
typedef struct rp_hanzi {
    uint32_t cp;
    char readings[40];   /* comma-separated toned readings, as in the table */
    char dflt[RP_SYL_BUF]; /* the reading used when nothing else decides */
    unsigned char poly;  /* 1 if it has more than one distinct reading */
} rp_hanzi;

/* A reading of a polyphone in a context (polyphones.tsv). */
typedef struct rp_poly {
    uint32_t cp;
    uint32_t context[8];
    size_t ncontext;
    size_t at;             /* index of the character in its context */
    char reading[RP_SYL_BUF];
} rp_poly;

typedef enum rp_scope { RP_SCOPE_REGISTRY = 0, RP_SCOPE_COUNTY, RP_SCOPE_BUILTUP } rp_scope;

#define RP_GEOM_POINT 1u
#define RP_GEOM_LINE 2u
#define RP_GEOM_POLYGON 4u

/* A category (categories.tsv). */
typedef struct rp_category {
    char code[5];
    char class_name[40];
    char subclass[40];
    unsigned geometry;   /* RP_GEOM_* allowed */
    char n3_group[16];
    rp_scope n3_scope;
    int joined;          /* village style: one word */
} rp_category;

/* A generic (generics.tsv). */
typedef struct rp_generic {
    size_t category;         /* index into the categories */
    uint32_t cps[8];
    size_t n;
    char text[40];
    char syl[8][RP_SYL_BUF]; /* toned reading of each character */
    unsigned char word_start[8]; /* 1 where a new word starts (index > 0) */
} rp_generic;

/* A one-syllable modifier (modifiers.tsv). */
typedef struct rp_modifier {
    uint32_t cp;
    char reading[RP_SYL_BUF];
} rp_modifier;

/* A word of the N2 list (n2_words.tsv). */
typedef struct rp_n2word {
    char word[RP_NAME_BUF];
    char kind[24];
    char note[96];
} rp_n2word;

typedef struct rp_rules {
    rp_hanzi *hanzi;    /* sorted by cp */
    size_t nhanzi;
    rp_poly *poly;      /* sorted by cp, then longest context first */
    size_t npoly;
    rp_category *cats;
    size_t ncats;
    rp_generic *gens;
    size_t ngens;
    rp_modifier *mods;
    size_t nmods;
    rp_n2word *n2;
    size_t nn2;
} rp_rules;

/* The process's rule tables, loading them on first use (thread safe).
 * NULL with rules_unavailable (REG_EIO) in err when they cannot be read. */
const rp_rules *rp_rules_get(reg_error *err);

/* Parses a TSV table file into the rules (reg_place_tables.c).  Each
 * returns REG_OK or rules_unavailable naming the file and line. */
int rp_load_hanzi(rp_rules *r, const char *path, reg_error *err);
int rp_load_polyphones(rp_rules *r, const char *path, reg_error *err);
int rp_load_categories(rp_rules *r, const char *path, reg_error *err);
int rp_load_generics(rp_rules *r, const char *path, reg_error *err);
int rp_load_modifiers(rp_rules *r, const char *path, reg_error *err);
int rp_load_n2(rp_rules *r, const char *path, reg_error *err);

/* Picks every polyphone's default reading with ICU's Han-Latin when ICU
 * picks one of the table's readings (reg_place_icu.c). */
int rp_icu_defaults(rp_rules *r, reg_error *err);

/* The reading ICU gives a character that is not in the table, into out
 * (RP_SYL_BUF); "" when it gives none.  Thread safe. */
void rp_icu_reading(uint32_t cp, char *out);

/* Closes the shared transliterator. */
void rp_icu_free(void);

/* Lookups. */
const rp_hanzi *rp_hanzi_find(const rp_rules *r, uint32_t cp);
const rp_modifier *rp_modifier_find(const rp_rules *r, uint32_t cp);

/* Finds a category by code ("0801"), "class/subclass" or a subclass name
 * that is unique; index into r->cats, or -1. */
long rp_category_find(const rp_rules *r, const char *text);

/* Finds a class or subclass for a search filter: *prefix gets the code
 * prefix to match ("08" or "0801").  0, or -1 if unknown. */
int rp_category_filter(const rp_rules *r, const char *text, char prefix[5]);

/* ---- UTF-8 and code points (reg_place_text.c) -------------------------- */

/* Decodes valid UTF-8 into at most max code points; the count, or -1 if
 * there are more or the text is not valid UTF-8. */
long rp_utf8_decode(const char *s, uint32_t *cps, size_t max);

/* 1 if s is a division code by its shape: 1-12 ASCII digits. */
int rp_code_ok(const char *s);

/* 1 if s is valid UTF-8. */
int rp_utf8_valid(const char *s);

/* Encodes n code points as UTF-8 into out (outlen bytes); 0, or -1 if it
 * does not fit. */
int rp_utf8_encode(const uint32_t *cps, size_t n, char *out, size_t outlen);

/* Strips the tone marks of a toned syllable: "lǜ" -> "lü" (plain) and
 * "lu" (ascii); either may be NULL.  Both RP_SYL_BUF bytes. */
void rp_syllable_plain(const char *toned, char *plain, char *ascii);

/* 1 if s is a well-formed pinyin syllable: 1-6 lowercase letters, ü, and
 * the tone-marked vowels (and combining marks) of the table. */
int rp_syllable_ok(const char *s);

/* ---- names: splitting and checking (reg_place_name.c) ----------------- */

/* A name split into 专名 and 通名. */
typedef struct rp_name {
    uint32_t cps[REG_PLACE_NAME_MAX];
    size_t n;                  /* characters of the whole name */
    size_t nspec;              /* the 专名 is cps[0..nspec) */
    const rp_generic *generic; /* table entry of the 通名, or NULL */
    int modifier;              /* 1: cps[nspec] is a modifier before it */
    int own_category;          /* 1 if generic is of the place's category */
    char name[RP_NAME_BUF];
    char specific[RP_NAME_BUF];
    char generic_text[RP_NAME_BUF];
} rp_name;

/* Normalises (NFKC, trimmed, 1-20 characters) and splits a name for the
 * category cat (index).  With specific and generic (name NULL) the name is
 * their concatenation; with an explicit generic it must end the name.
 * A 通名 found in no table leaves generic NULL (N4 reports it); when the
 * split is impossible (nothing before the 通名) it is specific_empty.
 * Errors: name_empty, name_too_long, name_bad_utf8, name_control_char,
 * specific_empty, generic_not_suffix (400). */
int rp_name_split(const rp_rules *r, size_t cat, const char *name, const char *specific,
                  const char *generic, rp_name *out, reg_error *err);

/* ---- romanisation (reg_pinyin.c) --------------------------------------- */

typedef struct rp_pinyin {
    char standard[RP_PINYIN_BUF]; /* "Huishi Nanlu" */
    char toned[RP_PINYIN_BUF];    /* "Huìshī Nánlù" */
    char syllables[RP_PINYIN_BUF]; /* plain ascii, spaced: "hui shi nan lu" */
    unsigned char poly[REG_PLACE_NAME_MAX]; /* 1: a polyphone nothing decided */
    char syl[REG_PLACE_NAME_MAX][RP_SYL_BUF]; /* the toned reading of each */
} rp_pinyin;

/* Romanises a split name by N9 (pinyin style of category cat); override
 * is NULL or one toned syllable per character (pinyin_override_invalid,
 * 400, otherwise). */
int rp_pinyin_make(const rp_rules *r, const rp_name *nm, size_t cat, const char *override,
                   rp_pinyin *out, reg_error *err);

/* ---- per-connection caches (reg_place_cache.c) ------------------------ */

typedef struct rp_cover rp_cover;

/* The place-name statements a connection keeps prepared. */
typedef enum rp_stmt_id {
    RP_STMT_REVISIONS, /* places and units revisions from meta */
    RP_STMT_ROW,       /* a place's workflow columns by id */
    RP_STMT_GEOM,      /* a place's geometry as WKB */
    RP_STMT_UNITS,     /* the units a place lies in */
    RP_STMT_COUNT
} rp_stmt_id;

/* The connection's place-name cache: statements, the search index and the
 * unit polygons, with the revisions they were built at. */
typedef struct rp_cache rp_cache;
#define RP_SQL_CACHE 64 /* statements of the place-name files kept prepared */

struct rp_cache {
    sqlite3_stmt *stmts[RP_STMT_COUNT];
    struct {
        const char *text;
        sqlite3_stmt *st;
    } sql[RP_SQL_CACHE];
    size_t nsql;
    rp_index *index;
    sqlite3_int64 index_places_rev, index_units_rev;
    unsigned long index_epoch;  /* reg_write_epoch when last checked */
    double index_checked;       /* monotonic seconds of that check */
    rp_cover *cover;
    sqlite3_int64 cover_units_rev;
};

/* Sets *out to the connection's prepared statement id, reset and with its
 * bindings cleared; the caller resets it when done. */
int rp_stmt(reg_db *db, rp_stmt_id id, sqlite3_stmt **out, reg_error *err);

/* Sets *out to the connection's prepared statement for sql (a string
 * constant: its address is the key), prepared on first use, reset and
 * with its bindings cleared.  The caller resets it when done and never
 * finalizes it. */
int rp_cached(reg_db *db, const char *sql, sqlite3_stmt **out, reg_error *err);

/* Reads the places and units revisions from meta. */
int rp_revisions(reg_db *db, sqlite3_int64 *places, sqlite3_int64 *units, reg_error *err);

/* Bumps the places revision (inside a write). */
int rp_bump_revision(reg_db *db, reg_error *err);

/* The connection's index, rebuilt when places or units changed.  Inside
 * a transaction the revisions are always read; outside one (the reads of
 * search and autocomplete) they are read again only when this process
 * committed a write since the last look, or RP_RECHECK_S passed (writes
 * of another process, such as a CLI import, show within that time). */
int rp_index_get(reg_db *db, rp_index **out, reg_error *err);

/* The connection's unit polygons, rebuilt when units changed. */
int rp_cover_get(reg_db *db, rp_cover **out, reg_error *err);

/* Builds and frees the unit polygons (reg_place_geom.c). */
int rp_cover_build(reg_db *db, rp_cover **out, reg_error *err);
void rp_cover_free(reg_db *db, rp_cover *c);

/* ---- geometry (reg_place_geom.c) --------------------------------------- */

/* Checks a place's geometry for category cat: not empty, a type the
 * category allows (geometry_kind), valid, lon/lat in range, covered by the
 * township polygons the registry holds (outside_county, 422); writes its
 * WKB into *wkb (malloc'd) and the units it lies in into units (codes of
 * township- and village-level units whose polygon its interior meets;
 * *nunits, at most max). */
int rp_geom_check(reg_db *db, const rp_rules *r, size_t cat, const GEOSGeometry *g,
                  unsigned char **wkb, size_t *len, char (*units)[REG_CODE_MAX + 1],
                  size_t max, size_t *nunits, reg_error *err);

/* Reads a place's geometry (NULL if none) as a new GEOS geometry. */
int rp_geom_read(reg_db *db, long long id, GEOSGeometry **out, reg_error *err);

/* Sets *in to 1 if g meets any built-up area (category 城镇建成区) polygon
 * that also meets other (the N3 built-up scope); *any to 1 if g lies in a
 * built-up area at all.  other may be NULL (only *any is set). */
int rp_geom_builtup(reg_db *db, const GEOSGeometry *g, const GEOSGeometry *other, int *any,
                    int *in, reg_error *err);

/* The distance in metres (EPSG:4544) from (lon, lat) to g. */
int rp_geom_distance(reg_db *db, const GEOSGeometry *g, double lon, double lat, double *m,
                     reg_error *err);

/* ---- the search index (reg_place_index.c) ------------------------------ */

enum { RP_KIND_CURRENT = 0, RP_KIND_ALIAS = 1, RP_KIND_FORMER = 2 };

/* One searchable name of a place. */
typedef struct rp_entry {
    sqlite3_int64 place_id;
    uint32_t name, key, initials, units, area, pinyin, code, current; /* arena offsets */
    uint16_t name_chars;
    uint8_t kind;            /* RP_KIND_* */
    uint8_t status;          /* index into rp_status_names */
    uint16_t category;       /* index into the rules' categories */
    uint8_t nsyl;            /* syllables of the key */
    uint8_t syl_off[REG_PLACE_NAME_MAX]; /* where each starts in the key */
    uint32_t order;          /* rank of (key, name, place id) among all entries */
    double bbox[4];          /* NAN when the place has no geometry */
} rp_entry;

/* A suffix of a name, a pinyin key or initials: the entry and its kind,
 * where the suffix starts in the arena, its length in bytes, and its
 * first four bytes as a big-endian number (zeros past its end), which
 * orders suffixes as their text does as far as it goes.  A search reads
 * the arena only for a query longer than four bytes, and only among
 * suffixes whose four bytes are the query's. */
typedef struct rp_suffix {
    uint32_t entry;
    uint32_t text;
    uint32_t head;
    uint16_t len;
    uint8_t kind;
} rp_suffix;

/* The first four bytes of s as a big-endian number: at most n bytes, and
 * zeros from s's NUL on.  Orders as strncmp orders the same bytes. */
uint32_t rp_head4(const char *s, size_t n);

/* The sorted suffix lists of an index. */
enum {
    RP_SA_NAME_START, /* names from their first character */
    RP_SA_NAME_INNER, /* names from every later character (substrings) */
    RP_SA_KEY_START,  /* pinyin keys from their first syllable */
    RP_SA_KEY_INNER,  /* pinyin keys from every later syllable */
    RP_SA_INITS,      /* initials */
    RP_SA_COUNT
};

/* Where an entry's autocomplete suggestion is in its index's arena: its
 * text with an empty "match" label at off, head bytes up to the label's
 * place and tail bytes from there; head 0 while it has not been written. */
typedef struct rp_sjson {
    uint32_t off;
    uint16_t head, tail;
} rp_sjson;

/* What autocomplete reads of an entry, kept apart from the entries so
 * that a query touches one small line per entry it meets: its priority
 * (reg_place_rank.c: kind, name length, order; RP_RANK_NEVER for an entry
 * never suggested) and its place. */
typedef struct rp_pick {
    uint64_t prio;
    sqlite3_int64 place_id;
} rp_pick;

#define RP_RANK_NEVER UINT64_MAX

struct rp_index {
    rp_entry *e;
    size_t n;
    char *arena;
    size_t arena_len, arena_cap;
    rp_suffix *sa[RP_SA_COUNT];
    size_t nsa[RP_SA_COUNT];
    uint32_t *bucket[RP_SA_COUNT]; /* per list: where each first two bytes begin */
    rp_pick *pick;                /* per entry: its priority and place */
    uint8_t *bperm[RP_SA_COUNT];  /* per list: each block's positions by priority */
    rp_sjson *sj;                 /* per entry, made on the first suggestion */
};

#define RP_BUCKETS 65536u /* values of a suffix's first two bytes */

/* ---- ranked ranges (reg_place_rank.c) ----------------------------------- */

#define RP_BLOCK 32 /* suffixes in a block sorted by priority */

/* Makes ix->pick and ix->bperm (the entries' order must be known).  0, or
 * -1 when memory runs out. */
int rp_ix_rank_build(rp_index *ix);

/* Called with a position of a suffix list; nonzero stops the walk. */
typedef int (*rp_rank_fn)(void *ctx, size_t pos);

/* Calls fn for the positions [lo, hi) of list which in the order
 * autocomplete ranks their entries within one rank (current names before
 * aliases and former names, fewer characters first, then the entries'
 * order), leaving out entries it never suggests, until fn returns
 * nonzero.  Returns what fn returned, 0 when the range ran out, -1 when
 * memory runs out. */
int rp_ix_ranked(const rp_index *ix, int which, size_t lo, size_t hi, rp_rank_fn fn, void *ctx);

/* ---- suggestions (reg_place_suggest.c) ---------------------------------- */

/* The JSON of entry's autocomplete suggestion, around its "match" label
 * (rp_ix_str(ix, out->off): out->head bytes, the label goes here, then
 * out->tail bytes), written on the entry's first suggestion and kept in
 * ix's arena.  The arena may move then: pointers into it taken before
 * are stale (offsets are not).  0, or -1 for a bad argument or when
 * memory runs out. */
int rp_ix_suggestion(rp_index *ix, const rp_rules *r, uint32_t entry, rp_sjson *out);

/* Builds the index from the database (inside a read transaction). */
int rp_index_build(reg_db *db, const rp_rules *r, rp_index **out, reg_error *err);

/* Frees an index; NULL is a no-op. */
void rp_index_free(rp_index *ix);

/* Appends n bytes of s and a NUL to the arena; *off gets their offset.
 * -1 if out of memory or past 4 GiB. */
int rp_arena_add(rp_index *ix, const char *s, size_t n, uint32_t *off);

/* The text at an arena offset. */
const char *rp_ix_str(const rp_index *ix, uint32_t off);

/* The range [*lo, *hi) of the sorted suffix list which (RP_SA_*) whose
 * suffixes start with the len bytes of prefix. */
void rp_ix_range(const rp_index *ix, int which, const char *prefix, size_t len, size_t *lo,
                 size_t *hi);

/* The statuses in the order of rp_entry.status. */
extern const char *const rp_status_names[];
#define RP_STATUS_COUNT 8
enum {
    RP_ST_DRAFT = 0, RP_ST_PROPOSED, RP_ST_UNDER_REVIEW, RP_ST_APPROVED, RP_ST_FILED,
    RP_ST_ANNOUNCED, RP_ST_IN_USE, RP_ST_CANCELLED
};

/* The status index of a name, or -1. */
int rp_status_parse(const char *s);

/* Normalises a pinyin query: lowercase letters only (spaces, apostrophes
 * and hyphens dropped, v read as ü = u); 0, or -1 if it has other bytes. */
int rp_pinyin_query(const char *q, char *out, size_t outlen);

/* ---- rule findings (reg_name_rules.c) --------------------------------- */

/* What the rules look at. */
typedef struct rp_subject {
    const rp_rules *r;
    size_t cat;
    const rp_name *nm;
    const rp_pinyin *py;
    long long self_id;             /* 0 for a candidate */
    char units[16][REG_CODE_MAX + 1]; /* where it lies */
    size_t nunits;
    const GEOSGeometry *geometry;  /* NULL when unknown */
} rp_subject;

/* One function per rule id; each appends its findings ({rule, code,
 * severity, key, message_zh, message_en, acknowledgeable, ...}) to
 * errors and warnings. */
int reg_name_rules_n1(const rp_subject *s, json_t *errors, json_t *warnings);
int reg_name_rules_n2(const rp_subject *s, json_t *errors, json_t *warnings);
int reg_name_rules_n3(reg_db *db, const rp_subject *s, json_t *errors, json_t *warnings,
                      reg_error *err);
int reg_name_rules_n4(const rp_subject *s, json_t *errors, json_t *warnings);
int reg_name_rules_n9(const rp_subject *s, json_t *errors, json_t *warnings);

/* N8: REG_OK, or protection_plan_required (422) when a protected name is
 * renamed without a protection plan. */
int reg_name_rules_n8(int is_protected, const char *plan, reg_error *err);

/* Runs every rule into a new {errors, warnings}. */
int reg_name_rules_all(reg_db *db, const rp_subject *s, json_t **out, reg_error *err);

/* ---- place rows and events (reg_place_store.c) ------------------------ */

/* A place's stored columns that the workflow needs. */
typedef struct rp_row {
    long long id;
    char code[24];
    char name[RP_NAME_BUF];
    char specific[RP_NAME_BUF];
    char generic[RP_NAME_BUF];
    char category[5];
    char status[16];
    char pinyin_override[RP_PINYIN_BUF];
    int is_protected;
    int round;
    int has_geometry;
    int has_location;
    char approval_date[REG_DATE_BUF];
    char filed_on[REG_DATE_BUF];
    char announced_on[REG_DATE_BUF];
    char unit[REG_CODE_MAX + 1];
} rp_row;

/* Proposes the place id (inside the caller's write): the transition
 * "propose" with its checks (reg_place_flow.c). */
int rp_flow_propose(reg_db *db, const char *actor, long long id, const reg_place_ack *acks,
                    size_t nacks, json_t **detail, reg_error *err);

/* Loads a place's row.  place_not_found (REG_ENOTFOUND). */
int rp_row_load(reg_db *db, long long id, rp_row *row, reg_error *err);

/* Appends a place event in the current write (changes and detail may be
 * NULL) and the matching audit entry with before and after. */
int rp_event(reg_db *db, const char *actor, long long id, const char *action,
             const char *from, const char *to, const json_t *changes, const json_t *detail,
             const json_t *before, const json_t *after, reg_error *err);

/* Runs a one-off statement with text parameters (NULL binds NULL);
 * *changes (may be NULL) gets sqlite3_changes. */
int rp_exec(reg_db *db, const char *sql, const char *const *args, int nargs, reg_error *err);

/* A place's input checked and worked out (reg_place_prepare.c). */
typedef struct rp_prepared {
    size_t cat;
    rp_name nm;
    rp_pinyin py;
    const GEOSGeometry *geometry;     /* the caller's, or NULL */
    unsigned char *wkb;               /* malloc'd WKB of geometry, or NULL */
    size_t wkb_len;
    char units[16][REG_CODE_MAX + 1]; /* units it lies in */
    size_t nunits;
    const char *unit_source;          /* "geometry", "declared" or NULL (none) */
    char unit[REG_CODE_MAX + 1];      /* the declared unit, or "" */
} rp_prepared;

/* Checks and works out a place's name, category, romanisation, geometry
 * (geometry, may be NULL) or declared unit, and the text fields of in.
 * Frees nothing on failure that rp_prepared_free would not. */
int rp_prepare(reg_db *db, const rp_rules *r, const reg_place_input *in,
               const GEOSGeometry *geometry, rp_prepared *p, reg_error *err);

/* n4_no_generic (422) when no 通名 could be split off: a place is stored
 * only with one (the check endpoint reports it as a finding instead). */
int rp_require_generic(const rp_name *nm, reg_error *err);

/* Frees the WKB of p. */
void rp_prepared_free(rp_prepared *p);

/* Columns of a new place row besides its prepared name and geometry
 * (reg_place_insert.c). */
typedef struct rp_new_row {
    const char *code;
    const char *status;
    const char *approved_by;
    const char *approval_date;
    const char *valid_from;
} rp_new_row;

/* Inserts a place row; *id gets its id. */
int rp_insert(reg_db *db, const rp_rules *r, const reg_place_input *in, const rp_prepared *p,
              const rp_new_row *nr, long long *id, reg_error *err);

/* Binds a prepared place's name columns and category code at ?2..?9 and
 * its WKB at wkb_idx (NULL binds NULL).  0, or -1 on failure. */
int rp_bind_name(sqlite3_stmt *st, const rp_rules *r, const rp_prepared *p,
                 const char *override, int wkb_idx);

/* The county part (6 digits) of a place's code, from its first unit: a
 * shorter unit code (province, city) is padded with zeros. */
void rp_county_of(const rp_prepared *p, char county[7]);

/* The subject of the rules for a prepared place with id self (0 for
 * none). */
void rp_subject_of(const rp_rules *r, const rp_prepared *p, long long self, rp_subject *s);

/* The subject of a stored place (its name split, pinyin, units, geometry):
 * fills st; rp_stored_free frees the geometry. */
typedef struct rp_stored {
    rp_subject s;
    rp_name nm;
    rp_pinyin py;
    GEOSGeometry *geom;
} rp_stored;
int rp_stored_load(reg_db *db, const rp_rules *r, const rp_row *row, rp_stored *st,
                   reg_error *err);
void rp_stored_free(reg_db *db, rp_stored *st);

/* The findings of a stored place with the round's acknowledgements
 * applied: a new {errors, warnings}; *open_errors and *open_warnings as
 * rp_acks_apply (either may be NULL). */
int rp_findings(reg_db *db, const rp_rules *r, const rp_row *row, json_t **out,
                int *open_errors, int *open_warnings, reg_error *err);

/* Reads the units a place lies in (place_units) into s. */
int rp_units_load(reg_db *db, long long id, rp_subject *s, reg_error *err);

/* Replaces a place's units (place_units) with codes (source "geometry") or
 * the one declared unit (source "declared"). */
int rp_units_store(reg_db *db, long long id, char (*codes)[REG_CODE_MAX + 1], size_t n,
                   const char *source, reg_error *err);

/* Records acknowledgements for the place's current round; every key must
 * be one of the findings (ack_unknown, 422). */
int rp_acks_store(reg_db *db, const char *actor, long long id, int round,
                  const reg_place_ack *acks, size_t n, const json_t *findings,
                  reg_error *err);

/* Marks each finding of findings ({errors, warnings}) that is
 * acknowledged in the round with {by, at, note}; sets *open_errors and
 * *open_warnings to the number that still block (errors that cannot be
 * acknowledged or are not, warnings not acknowledged). */
int rp_acks_apply(reg_db *db, long long id, int round, json_t *findings, int *open_errors,
                  int *open_warnings, reg_error *err);

/* Records the documents of N5 for the round (bad_document_kind, 400). */
int rp_docs_store(reg_db *db, const char *actor, long long id, int round,
                  const reg_place_doc *docs, size_t n, reg_error *err);

/* The kinds of N5 documents still missing for the round, as a new array. */
int rp_docs_missing(reg_db *db, long long id, int round, json_t **missing, reg_error *err);

/* The place as JSON (reg_place_read.c): as reg_place_get without as_of;
 * findings only when with_findings and the place is not yet approved. */
int rp_place_read(reg_db *db, long long id, int with_geometry, int with_findings,
                  json_t **out, reg_error *err);

/* A snapshot of the place for events and audit: as reg_place_get gives
 * it, with the geometry and without findings. */
int rp_snapshot(reg_db *db, long long id, json_t **out, reg_error *err);

/* Assigns a new place-name code: the county's division code (6 digits),
 * the category code (4) and a sequence (5) never used before. */
int rp_code_assign(reg_db *db, const char *county, const char *category, char *out,
                   reg_error *err);

/* Checks an optional descriptive text field: at most RP_TEXT_MAX
 * characters, no control characters but newlines and tabs (text_too_long,
 * text_control_char, 400). */
int rp_text_check(const char *s, const char *field, reg_error *err);

#endif
