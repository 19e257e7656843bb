/*
 * reg_dp_internal.h: what the doorplate files of the registry share
 * (reg_dp_*.c) and nobody else sees.
 */
#ifndef DIMING_REG_DP_INTERNAL_H
#define DIMING_REG_DP_INTERNAL_H

#include <sqlite3.h>

#include "reg_doorplates.h"
#include "reg_internal.h"

/* Place categories that door numbers run along (data/places/categories.tsv
 * of the place register): 街路巷 (a line) and 农村居民点 (its seat point). */
#define REG_DP_CATEGORY_STREET "0801"
#define REG_DP_CATEGORY_GROUP "0702"

/* The columns of a plate's view (reg_dp_view.c reads them in this order):
 * 0 code, 1 kind, 2 state, 3-8 the state dates, 9 replaced_by's code,
 * 10 the code it replaced, 11 address active, 12 main, 13 sub,
 * 14 building, 15 entrance, 16 room, 17 lon, 18 lat, 19 the address's
 * unit code (its chain of names comes from reg_dp_chain_get), 20 street
 * name, 21 street pinyin, 22 axis kind, 23 axis id.  Followed by a WHERE
 * clause on p (plates), a (addresses). */
#define REG_DP_VIEW_SELECT                                                                  \
    "SELECT p.code, a.kind, p.state, p.collected_on, p.compiled_on, p.entered_on,"          \
    " p.produced_on, p.active_on, p.retired_on, r.code,"                                    \
    " (SELECT o.code FROM plates o WHERE o.replaced_by = p.id ORDER BY o.id LIMIT 1),"      \
    " a.active, a.num_main, a.num_sub, a.building, a.entrance, a.room, a.lon, a.lat,"       \
    " a.unit_code, s.name, s.pinyin, ax.kind, a.axis_id"                                    \
    " FROM plates p JOIN addresses a ON a.id = p.address_id"                                \
    " LEFT JOIN plates r ON r.id = p.replaced_by"                                           \
    " JOIN numbering_axes ax ON ax.place_id = a.axis_id"                                    \
    " JOIN places s ON s.id = a.axis_id"

/* Fills v from the current row of a REG_DP_VIEW_SELECT statement, with
 * the unit chain from the connection's cache (reg_dp_chain_get), and
 * composes its address strings.  REG_OK, or the error of reading the
 * chains. */
int reg_dp_view_row(reg_db *db, sqlite3_stmt *st, reg_plate_view *v, reg_error *err);

/* ---- unit chains (reg_dp_chain.c) ------------------------------------------ */

/* A unit with the names above it, as an address shows them. */
typedef struct reg_dp_chain {
    char code[sizeof ((reg_plate_view *)0)->village_code];
    char village[sizeof ((reg_plate_view *)0)->village];
    char township_code[sizeof ((reg_plate_view *)0)->township_code];
    char township[sizeof ((reg_plate_view *)0)->township];
    char county[sizeof ((reg_plate_view *)0)->county];
    char city[sizeof ((reg_plate_view *)0)->city];
    char province[sizeof ((reg_plate_view *)0)->province];
    char village_roman[96];  /* N9 of the village as an address names it */
    char roman[4][96];       /* N9 of the township, county, city, province */
} reg_dp_chain;

/* Sets *out to the chain of unit_code from the connection's cache (read
 * anew when the units revision moved), NULL for an unknown unit.  REG_OK
 * or a database error. */
int reg_dp_chain_get(reg_db *db, const char *unit_code, const reg_dp_chain **out,
                     reg_error *err);

/* Frees the chains of a connection's doorplate state. */
void reg_dp_chain_free(struct reg_dp_cache *c);

/* The connection's doorplate state, made on first use; NULL when memory
 * runs out. */
struct reg_dp_cache *reg_dp_cache_get(reg_db *db);

/* Cached statements of the doorplate files (reg_dp_stmt.c). */
typedef enum reg_dp_stmt_id {
    REG_DP_VIEW = 0,     /* one plate's view by code */
    REG_DP_AXIS,         /* a place with its numbering rule */
    REG_DP_AXIS_INSERT,  /* a default numbering rule row */
    REG_DP_SERIAL_NEXT,  /* the next serial of a township */
    REG_DP_SERIAL_BUMP,  /* raise a township's serial to an imported code's */
    REG_DP_CODE_EXISTS,  /* a plate by code */
    REG_DP_HOLDER,       /* the active address holding a number, and its plate */
    REG_DP_AXIS_DOORS,   /* the active door addresses of an axis */
    REG_DP_UNIT,         /* a unit's level, parent and validity */
    REG_DP_AUDIT_CREATE, /* the audit entry of a new plate */
    REG_DP_AXIS_FIND,    /* the numbered street or group of a name in a unit */
    REG_DP_AXIS_USED,    /* whether an axis has addresses up to an id */
    REG_DP_STMT_COUNT
} reg_dp_stmt_id;

/* An axis loaded from the place register, cached per connection during a
 * bulk load (see reg_doorplates_bulk). */
typedef struct reg_axis {
    long id;
    reg_axis_kind kind;
    char name[256];
    char pinyin[256];
    char unit_code[REG_CODE_MAX + 1]; /* "" when no rule row exists yet */
    reg_numbering_rule rule;
    double *xy; /* street line or the group's seat, EPSG:4544 */
    size_t n;
    double length;
    int bulk_fresh; /* bulk: 0 not known yet, 1 no address before the load, 2 some */
} reg_axis;

/* The SpatiaLite insert triggers of addresses a bulk load drops and makes
 * again at its end: the geometry constraint (every point is
 * MakePoint(lon, lat, 4490)), the time of the last insert, and the
 * spatial index's (the new rows enter the R*Tree at the end, in one
 * statement). */
#define REG_DP_DEFERRED_TRIGGERS 3

/* The active address holding a number (REG_DP_HOLDER) and its plate. */
typedef struct reg_dp_holder {
    long id;
    char code[REG_PLATE_CODE_BUF]; /* "" when it has no current plate */
    char unit[REG_CODE_MAX + 1];
    double x, y, lon, lat;
} reg_dp_holder;

/* A new address with its plate, as reg_dp_row_write writes them. */
typedef struct reg_dp_row {
    long address_id; /* set by reg_dp_row_write */
    const char *kind; /* door, building, unit, room (a constant) */
    long parent;      /* the address above a building, entrance or room; 0 none */
    long axis;
    reg_number number;
    char building[REG_LABEL_BUF], entrance[REG_LABEL_BUF], room[REG_LABEL_BUF];
    char unit[REG_CODE_MAX + 1];
    double x, y, lon, lat; /* EPSG:4544, EPSG:4490 */
    char valid_from[REG_DATE_BUF];
    char created_at[REG_TIME_BUF];
    char code[REG_PLATE_CODE_BUF];
    int state; /* index of the initial D3 state */
    char state_date[REG_DATE_BUF];
    unsigned char point[GEO_SPLITE_POINT_LEN]; /* set by reg_dp_row_write */
} reg_dp_row;

/* The rows a bulk load gathers before it inserts them, and the number of
 * batch sizes it inserts them in (reg_dp_rows.c). */
#define REG_DP_ROWS_BATCH 64
#define REG_DP_ROWS_SIZES 4

/* A township's highest plate serial a bulk load claimed and has not
 * written to plate_serials yet. */
struct reg_dp_serial {
    char township[REG_CODE_MAX + 1];
    long serial;
};

/* The connection's doorplate state. */
struct reg_dp_cache {
    sqlite3_stmt *stmts[REG_DP_STMT_COUNT];
    int bulk;         /* a bulk load is open: axes are cached */
    reg_axis *axes;   /* cached axes (bulk only) */
    size_t naxes, axes_cap, last_axis; /* last_axis: the last one found */
    struct reg_dp_holders *holders; /* bulk: the load's addresses (reg_dp_holders.c) */
    char free_code[REG_PLATE_CODE_BUF]; /* bulk: the last code found free ("" none) */
    reg_dp_row *rows;  /* bulk: rows not inserted yet (REG_DP_ROWS_BATCH) */
    size_t nrows;
    sqlite3_int64 next_address; /* bulk: the id of the next address */
    sqlite3_stmt *rows_address[REG_DP_ROWS_SIZES]; /* bulk: the batch inserts */
    sqlite3_stmt *rows_plate[REG_DP_ROWS_SIZES];
    struct reg_dp_serial *serials; /* bulk: the highest serial claimed by
                                      township, written at its end */
    size_t nserials, serials_cap;
    struct reg_dp_chains *chains; /* unit chains (reg_dp_chain.c) */
    char *triggers[REG_DP_DEFERRED_TRIGGERS]; /* bulk: the SQL of the triggers
                                                 dropped until its end */
    sqlite3_int64 bulk_after; /* bulk: addresses above this id are the load's */
    sqlite3_int64 bulk_plates_after; /* bulk: plates above this id are the load's */
    char *bulk_actor, *bulk_source;  /* bulk: who loads what (the batch's audit) */
    char bulk_now[REG_TIME_BUF];     /* bulk: the creation time of its rows */
    char bulk_today[REG_DATE_BUF];   /* bulk: and their validity's start */
    /* bulk: the last unit reg_dp_unit_current found current (units do
     * not change during a doorplate load) */
    char unit[REG_CODE_MAX + 1], unit_parent[REG_CODE_MAX + 1];
    int unit_village;
};

/* During a bulk load: finds the address of the load with the number,
 * kind and labels on axis into *out: 1 if found, else 0. */
int reg_dp_holders_find(struct reg_dp_cache *c, long axis, reg_number n, const char *kind,
                        const char *b, const char *e, const char *r, reg_dp_holder *out);

/* During a bulk load: records an address the load wrote (the first one of
 * a number and labels is its holder; later ones are ignored). */
int reg_dp_holders_add(struct reg_dp_cache *c, long axis, reg_number n, const char *kind,
                       const char *b, const char *e, const char *r, const reg_dp_holder *h,
                       reg_error *err);

/* During a bulk load: 1 if an address the load wrote has the plate code. */
int reg_dp_holders_code(struct reg_dp_cache *c, const char *code);

/* Frees the load's addresses. */
void reg_dp_holders_free(struct reg_dp_cache *c);

/* During a bulk load: *fresh 1 if axis a held no address before the load
 * (its holders are then all in reg_dp_holders), else 0. */
int reg_dp_axis_fresh(reg_db *db, reg_axis *a, int *fresh, reg_error *err);

/* Writes row (an address and its plate): at once, or during a bulk load
 * into the batch written when full or flushed.  *address gets the new
 * address's id either way. */
int reg_dp_row_write(reg_db *db, reg_dp_row *row, long *address, reg_error *err);

/* Inserts the rows a bulk load gathered (no-op when none): before any
 * read of addresses or plates that must see them, and at the load's end.
 * A failure leaves the load to roll back. */
int reg_dp_rows_flush(reg_db *db, reg_error *err);

/* Frees what a bulk load holds (cached axes, saved triggers, its actor
 * and source); the connection's statements stay. */
void reg_dp_bulk_free(struct reg_dp_cache *c);

/* Binds text at i, or NULL for NULL or "" (optional labels). */
int reg_dp_bind_opt(sqlite3_stmt *st, int i, const char *s);

/* Sets *out to the cached statement id (prepared on first use, reset,
 * bindings cleared).  The caller resets it when done. */
int reg_dp_stmt(reg_db *db, reg_dp_stmt_id id, sqlite3_stmt **out, reg_error *err);

/* Copies text column col of st into dst (size bytes), "" for NULL, cut at
 * a UTF-8 character boundary when too long. */
void reg_dp_col_text(char *dst, size_t size, sqlite3_stmt *st, int col);

/* ---- axes (reg_dp_axis.c) ------------------------------------------------ */

/* Loads axis id (a place of category street or group, approved or in
 * use, with a line or a point) and its rule.  *out is owned by the cache
 * during a bulk load (valid until the next reg_axis_get), else the caller
 * frees it with reg_axis_release.  Errors: street_not_found (REG_ENOTFOUND), not_a_street,
 * street_not_current, street_geometry (REG_ERULE). */
int reg_axis_get(reg_db *db, long id, reg_axis **out, reg_error *err);

/* Checks that place id is a street or a village group, whatever its
 * status and geometry (a D1 report's scope): REG_OK, street_not_found
 * (REG_ENOTFOUND) or not_a_street (REG_ERULE). */
int reg_axis_place_check(reg_db *db, long id, reg_error *err);

/* Checks a listing's or report's scope (reg_dp_scope.c): street (if > 0)
 * a street or village group of the place register, unit (if non-empty)
 * a well-formed division code of the register.  REG_OK, bad_code
 * (REG_EINVAL), street_not_found, unit_not_found (REG_ENOTFOUND) or
 * not_a_street (REG_ERULE).  Call inside the read it scopes. */
int reg_dp_scope_check(reg_db *db, long street, const char *unit, reg_error *err);

/* Checks a numbering rule for an axis of kind: bad_spacing (outside
 * 1..100 m), bad_order (outside the enum) (REG_EINVAL), or
 * staff_order_group_only (REG_ERULE: the staff's order on a street). */
int reg_numbering_rule_check(reg_axis_kind kind, const reg_numbering_rule *rule, reg_error *err);

/* Frees an axis from reg_axis_get outside a bulk load; NULL is a no-op. */
void reg_axis_release(reg_db *db, reg_axis *a);

/* Writes the default rule row of an axis that has none, with unit_code
 * (the street's township, the group's village) as its unit. */
int reg_axis_ensure(reg_db *db, reg_axis *a, const char *unit_code, reg_error *err);

/* The measure of (x, y) (EPSG:4544) on the axis and its side: streets as
 * reg_numbering_position; groups the distance from the seat and *odd 0. */
int reg_axis_position(const reg_axis *a, double x, double y, double *measure, int *odd,
                      reg_error *err);

/* An active door address of an axis. */
typedef struct reg_axis_door {
    long id;
    reg_number number;
    double x, y;
    char code[REG_PLATE_CODE_BUF]; /* its current plate, "" if none */
} reg_axis_door;

/* Reads the active door addresses of axis numbered from on (all of them
 * for {0, 0}) into a new array *out of *n (free() it). */
int reg_axis_doors(reg_db *db, long axis, reg_number from, reg_axis_door **out, size_t *n,
                   reg_error *err);

/* Checks that unit is current and a village-level unit (village 1) or a
 * township-level one (0), and writes its parent's code into parent
 * (REG_CODE_MAX + 1 bytes).  REG_ENOTFOUND ("unit_not_current")
 * otherwise (reg_dp_write.c). */
int reg_dp_unit_current(reg_db *db, const char *unit, int village, char *parent,
                        reg_error *err);

/* ---- codes (reg_dp_code.c) ---------------------------------------------- */

/* Allocates the next code of township (9 digits) into code_out. */
int reg_plate_code_alloc(reg_db *db, const char *township, char *code_out, reg_error *err);

/* Checks a code brought by an import, without writing: well formed
 * (bad_plate_code, bad_check_digit), of township (code_township_mismatch),
 * unused (code_taken). */
int reg_plate_code_usable(reg_db *db, const char *code, const char *township, reg_error *err);

/* Claims a code found usable: raises its township's serial past it so
 * that allocation never meets it (during a bulk load, when the load's
 * claims are flushed). */
int reg_plate_code_claim(reg_db *db, const char *code, reg_error *err);

/* Writes the serials a bulk load claimed for township (NULL: every
 * township) to plate_serials: before a code of it is allocated, and at the
 * load's end. */
int reg_plate_serials_flush(reg_db *db, const char *township, reg_error *err);

/* Checks the shape of a code: 18 characters, 17 digits and a correct
 * MOD 11-2 check character (bad_plate_code, bad_check_digit; REG_EINVAL). */
int reg_plate_code_check(const char *code, reg_error *err);

/* ---- text (reg_dp_text.c) ------------------------------------------------- */

/* Normalises a building, entrance or room label (NFKC, trimmed, 1-16
 * characters, no control characters) into out (REG_LABEL_BUF). */
int reg_dp_label(const char *in, const char *field, char *out, reg_error *err);

/* Fills v->full, v->short_form, v->roman and v->plate_line from the
 * parts of v (names, number, labels, kind), and v->roman_full from
 * v->roman and the romanised chain (NULL: none). */
void reg_dp_compose(reg_plate_view *v, const reg_dp_chain *chain);

/* The village-level unit as an address says it: 东山根社区居民委员会 is
 * 东山根社区, 高家庄村民委员会 is 高家庄村; other names as they are. */
void reg_dp_village_short(const char *name, char *out, size_t outlen);

/* ---- plate states (reg_dp_state.c) --------------------------------------- */

/* The index of a D3 state (collected 0 .. retired 5), -1 if unknown. */
int reg_plate_state_index(const char *state);

/* The name of state index i ("collected" ... "retired"), NULL outside. */
const char *reg_plate_state_name(int i);

#endif
