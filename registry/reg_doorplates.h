/*
 * reg_doorplates.h: standard addresses and doorplates (DOMAIN.md D1-D5).
 *
 * What it promises:
 *  - An address is a door number on a street (街路巷) or, in the
 *    countryside, on a village group (村民小组/社), with building (楼),
 *    entrance (单元) and room (户室) addresses below a door; a point in
 *    EPSG:4490 (kept in EPSG:4544 metres too); and the village-level unit
 *    it belongs to, whose township must be the one whose polygon holds
 *    the point.  Addresses are "active" or "retired"; never deleted.
 *  - A plate marks one address.  Its code (D4) is the 9-digit township
 *    code + an 8-digit serial + an ISO 7064 MOD 11-2 check character:
 *    opaque (nothing personal, no street number), allocated from a
 *    per-township counter that only grows, so a code is never reused nor
 *    reassigned, even after the plate is retired.  Its state follows D3:
 *    collected -> compiled -> entered -> produced -> active -> retired,
 *    each with its date; a retired plate may name its replacement.
 *  - Standard address strings (full chain and short form) and the
 *    romanised form are derived from the register when read: renaming a
 *    street or a unit changes every address on it.
 *  - Numbering (D2): each street has a rule (numbering from the start of
 *    its line or from its end, odd numbers on the left (左单右双, the
 *    default) or right, a frontage spacing in metres for new streets);
 *    proposals place a point between its neighbours on its side.  A
 *    village group is numbered by distance from its seat or, when so set,
 *    in the order the staff give (the next number after its highest).
 *  - D1 checks per street, unit or county: duplicate numbers, one
 *    building with two numbers (plates within 3 m on different numbers),
 *    wrong side, out of order along the street, gaps (and skipped 4, 13,
 *    14), a point outside the unit it names, an active address without a
 *    plate, a current plate on a retired address.
 *
 * Every write is one transaction (or a savepoint inside an import's) with
 * an audit entry.  Errors as registry.h: a stable code and both messages.
 */
#ifndef DIMING_REG_DOORPLATES_H
#define DIMING_REG_DOORPLATES_H

#include <stddef.h>
#include <jansson.h>

#include "registry.h"

struct reg_jw;

#define REG_PLATE_CODE_LEN 18  /* 9 township + 8 serial + 1 check */
#define REG_PLATE_CODE_BUF 19
#define REG_NUMBER_MAIN_MAX 99999L
#define REG_NUMBER_SUB_MAX 999
#define REG_NUMBER_BUF 16      /* "99999-999" + NUL, with room */
#define REG_LABEL_MAX_CHARS 16 /* building, entrance and room labels */
#define REG_LABEL_BUF 68       /* 16 characters x 4 bytes + NUL */

/* ---- house numbers ------------------------------------------------------ */

/* A door number: main 1..99999 and an optional sub-number 1..999 (12-1). */
typedef struct reg_number {
    long main;
    int sub; /* 0: none */
} reg_number;

/* Parses a door number as staff write it: "12", "12-1", "12之1", with
 * full-width digits and hyphen folded (NFKC) and a trailing 号 dropped.
 * REG_EINVAL ("bad_number", naming field) for anything else: no leading
 * zeros, main 1..99999, sub 1..999. */
int reg_number_parse(const char *text, const char *field, reg_number *out, reg_error *err);

/* Writes "12" or "12-1" into out (REG_NUMBER_BUF bytes).  REG_EINVAL when
 * the number is out of range. */
int reg_number_format(reg_number n, char *out, size_t outlen);

/* Orders numbers: main first, then sub.  <0, 0, >0. */
int reg_number_cmp(reg_number a, reg_number b);

/* ---- numbering proposals (D2), pure ----------------------------------- */

/* The order the numbers of an axis run in (D2, rural). */
typedef enum reg_numbering_order {
    REG_ORDER_DISTANCE = 0, /* along the street, or by distance from a group's seat */
    REG_ORDER_STAFF         /* village groups only: in the order the staff give them */
} reg_numbering_order;

typedef struct reg_numbering_rule {
    int reversed;     /* 1: numbers run from the line's end to its start */
    int odd_left;     /* 1: odd numbers on the left facing the direction (左单右双) */
    double spacing_m; /* frontage per number on a new street, 1..100 m */
    reg_numbering_order order; /* REG_ORDER_STAFF only on a village group */
} reg_numbering_rule;

/* The default rule: from the start of the line, odd on the left, 5 m, by
 * distance. */
reg_numbering_rule reg_numbering_default(void);

/* The order's stable name: "distance" or "staff" (NULL outside the enum). */
const char *reg_numbering_order_name(reg_numbering_order order);

/* Parses "distance" or "staff" into *out: 0, or -1 for anything else
 * (NULL included). */
int reg_numbering_order_parse(const char *text, reg_numbering_order *out);

/* Metres from a street's centre line within which a point has no side. */
#define REG_ON_LINE_M 0.5

/* Where the point (x, y) lies along a street under its rule: *measure
 * is metres from where numbering starts (the line's end when reversed)
 * to the point's foot, *odd is 1 on the odd side, 0 on the even side and
 * -1 when the point lies within REG_ON_LINE_M of the centre line (no
 * side: a door is never on the street's axis).  xy holds the
 * line's n >= 2 vertices in EPSG:4544.  REG_EINVAL (bad_argument) for a
 * bad line, rule or point. */
int reg_numbering_position(const double *xy, size_t n, const reg_numbering_rule *rule, double x,
                           double y, double *measure, int *odd, reg_error *err);

/* How the numbers of an axis run. */
typedef enum reg_axis_kind {
    REG_AXIS_STREET = 0, /* a street line: odd on one side, even on the other */
    REG_AXIS_GROUP       /* a village group: 1, 2, 3 ... by distance from its seat */
} reg_axis_kind;

/* One existing number on the side being numbered, at its measure (metres
 * along the street in the numbering direction, or from the group's seat). */
typedef struct reg_numbered {
    double measure;
    reg_number number;
} reg_numbered;

/* What a proposal looks at. */
typedef struct reg_numbering_in {
    reg_axis_kind axis;
    double measure;          /* the new point's measure (>= 0) */
    int odd;                 /* street: 1 if the point is on the odd side */
    double spacing_m;        /* street: metres of frontage per number (> 0) */
    const reg_numbered *side; /* the numbers on the point's side (a group:
                                 all its numbers), sorted by measure */
    size_t n;
    reg_numbering_order order; /* a group: REG_ORDER_STAFF takes the next
                                  number after the highest, whatever the measure */
} reg_numbering_in;

/* Why a number was proposed. */
typedef enum reg_proposal_reason {
    REG_PROPOSE_PROPORTIONAL = 0, /* nothing on this side: number ~ measure / spacing */
    REG_PROPOSE_BETWEEN,          /* a free whole number between the neighbours,
                                     placed in proportion to the measures */
    REG_PROPOSE_AFTER_LAST,       /* beyond the last number, spaced by distance */
    REG_PROPOSE_BEFORE_FIRST,     /* before the first number, spaced by distance */
    REG_PROPOSE_SUB_NUMBER,       /* no whole number free: a sub-number (12-1) */
    REG_PROPOSE_STAFF_NEXT        /* a group in the staff's order: the next whole
                                     number after the highest in use (1 if none) */
} reg_proposal_reason;

typedef struct reg_proposal {
    reg_number number;
    reg_proposal_reason reason;
    long before; /* index in side of the neighbour before, -1 if none */
    long after;  /* index in side of the neighbour after, -1 if none */
} reg_proposal;

/* Proposes the number for in->measure: the right parity (streets) between
 * the neighbours' numbers on that side, whole numbers placed in proportion
 * to distance (so that the street keeps room for later buildings), a
 * sub-number of the number before when no whole number is free.  Numbers
 * 4, 13 and 14 are never skipped (D2).  A village group in the staff's
 * order gets the next whole number after its highest (before: that
 * number's index, after: -1).  REG_EINVAL (bad_argument) for bad input,
 * an unsorted side or a street in the staff's order; REG_ECONFLICT
 * ("no_free_number") when not even a sub-number fits (between 12-1 and
 * 12-2, or before number 1) or a staff-ordered group holds 99999. */
int reg_numbering_propose(const reg_numbering_in *in, reg_proposal *out, reg_error *err);

/* The reason's stable name: "proportional", "between", "after_last",
 * "before_first", "sub_number", "staff_next". */
const char *reg_proposal_reason_name(reg_proposal_reason r);

/* ---- D1 checks, pure ---------------------------------------------------- */

/* A door address as the checks see it. */
typedef struct reg_d1_addr {
    long id;           /* the caller's id, echoed in problems */
    long axis;         /* street or group id */
    reg_axis_kind axis_kind;
    reg_number number;
    double measure;    /* along the axis in its numbering direction */
    int side;          /* streets: +1 odd side, -1 even side, 0 unknown */
    double x, y;       /* EPSG:4544 metres */
    int outside_unit;  /* 1 if the point lies outside the unit it names */
    reg_numbering_order order; /* REG_ORDER_STAFF: the staff's order is the
                                  order: no side nor order checks */
} reg_d1_addr;

typedef enum reg_d1_kind {
    REG_D1_DUPLICATE = 0,  /* one number on several addresses */
    REG_D1_SAME_BUILDING,  /* one building with two numbers: within 3 m */
    REG_D1_WRONG_SIDE,     /* odd number on the even side or the reverse */
    REG_D1_OUT_OF_ORDER,   /* numbers do not grow along the street */
    REG_D1_GAP,            /* a sequence skips numbers */
    REG_D1_SKIPPED_UNLUCKY,/* the one number skipped is 4, 13 or 14 (D2) */
    REG_D1_OUTSIDE_UNIT,   /* the point is outside the unit it names */
    REG_D1_KIND_COUNT
} reg_d1_kind;

/* One problem: the addresses involved (indexes into the checked array)
 * and, for gaps, the first and last missing numbers. */
typedef struct reg_d1_problem {
    reg_d1_kind kind;
    size_t a, b;        /* b == a when one address is involved */
    long gap_from, gap_to;
} reg_d1_problem;

/* Receives each problem; returns 0 to go on, non-zero to stop. */
typedef int (*reg_d1_sink)(const reg_d1_problem *p, void *ctx);

/* Metres under which two plates on different numbers are one building. */
#define REG_D1_SAME_BUILDING_M 3.0

/* Runs every D1 check over the n addresses (any order, any axes) and
 * calls sink once per problem, grouped by kind in the order of
 * reg_d1_kind.  Out of order marks the fewest numbers that break the
 * order on each side: those outside a longest increasing run of numbers
 * along the measure.  Addresses numbered in the staff's order are checked
 * for neither side nor order (duplicates, same building, gaps and the
 * unit still are).  Same building uses a 3 m grid (linear time).
 * REG_EINVAL for NULL arguments with n > 0, REG_ENOMEM, or REG_OK (also
 * when the sink stopped early). */
int reg_d1_check(const reg_d1_addr *addrs, size_t n, reg_d1_sink sink, void *ctx,
                 reg_error *err);

/* The kind's stable name: "duplicate_number", "same_building",
 * "wrong_side", "out_of_order", "gap", "skipped_unlucky", "outside_unit"
 * (and, for the checks made in SQL, see reg_doorplate_problems). */
const char *reg_d1_kind_name(reg_d1_kind kind);

/* ---- numbering rules in the registry ----------------------------------- */

/* Reads the street's or village group's rule (the default when none was
 * set).  REG_ENOTFOUND ("street_not_found"), REG_ERULE ("not_a_street")
 * for a place that is not a street or village group. */
int reg_numbering_get(reg_db *db, long street_id, reg_numbering_rule *out, reg_error *err);

/* The rule as JSON: {street (when street_id > 0), direction
 * ("forward"|"reverse"), odd_side ("left"|"right"), spacing_m, order
 * ("distance"|"staff")}; NULL without memory.  What the API, the CLI and
 * the audit log show. */
json_t *reg_numbering_rule_json(long street_id, const reg_numbering_rule *r);

/* Sets the rule of a street or village group (audit "set_numbering").
 * REG_EINVAL ("bad_spacing") for a spacing outside 1..100 m, ("bad_order")
 * for an order outside the enum; REG_ERULE "staff_order_group_only" for a
 * street in the staff's order, "not_a_street" for a village group whose
 * direction, odd side or spacing would change (a group has only its
 * order), "street_unit_unknown" for an axis not numbered yet.  Nothing is
 * written on an error. */
int reg_numbering_set(reg_db *db, const char *actor, long street_id,
                      const reg_numbering_rule *rule, reg_error *err);

/* Which members of a numbering rule a change sets; the others stay. */
typedef struct reg_numbering_change {
    int set_reversed, set_odd_left, set_spacing, set_order;
    reg_numbering_rule to; /* the values of the members set */
} reg_numbering_change;

/* Applies change to the rule of street_id, read and written in one write
 * transaction (a concurrent change of other members is kept), and puts
 * the resulting rule in *out (may be NULL).  Errors as reg_numbering_set;
 * nothing is written on an error. */
int reg_numbering_change_apply(reg_db *db, const char *actor, long street_id,
                               const reg_numbering_change *change, reg_numbering_rule *out,
                               reg_error *err);

/* A street or village group to number, as an import brings it. */
typedef struct reg_axis_input {
    const char *name;              /* its standard name */
    const char *kind;              /* "street" (街路巷) or "group" (村民小组, 农村居民点) */
    const char *unit_code;         /* street: its township (9 digits); group: its
                                      village-level unit (12) */
    const GEOSGeometry *geometry;  /* street: LineString; group: its seat Point; 4490 */
    const char *odd_side;          /* streets: "left" (default, 左单右双) or "right" */
    const char *direction;         /* streets: "forward" (default) or "reverse" */
    double spacing_m;              /* streets: 1..100, 0 for the default 5 */
    const char *order;             /* groups: "distance" (default, NULL or "") or
                                      "staff" (the staff's order) */
    const char *code;              /* a new place's place-name code (an export's), or
                                      NULL / "" to assign one */
    const char *valid_from;        /* a new place's date in use, or NULL / "" */
} reg_axis_input;

/* Registers a street or village group for numbering in one write: a place
 * of the same name and category already numbered in unit_code, or else
 * registered identically in the place register, is reused; otherwise the
 * name is registered as in use there (reg_place_register, whose rule
 * findings do not refuse an existing name).  Then its numbering rule is
 * written.  *id_out is the place id; *outcome (may be NULL) 'i' for a new
 * axis, 'u' for a changed rule, '=' for nothing changed.  Errors:
 * bad_axis_kind, bad_odd_side, bad_direction, bad_spacing, bad_order
 * (REG_EINVAL), staff_order_group_only, unit_not_village /
 * unit_not_township (REG_ERULE), and the place
 * register's (name, geometry, outside_county, a code taken ...); code and
 * valid_from go to a newly registered place only.  Without unit_code, a
 * street registered under code and name (not numbered, as `diming export
 * streets` lists it) is left as it is ('='); else unit_missing.  Audit
 * "set_numbering" on entity "street". */
int reg_axis_import(reg_db *db, const char *actor, const reg_axis_input *in, long *id_out,
                    char *outcome, reg_error *err);

/* The street or village group called name that is numbered in unit_code
 * (as registered by reg_axis_import).  REG_ENOTFOUND
 * ("street_not_found"), REG_ECONFLICT ("street_ambiguous"). */
int reg_axis_find(reg_db *db, const char *name, const char *unit_code, long *id_out,
                  reg_error *err);

/* ---- proposing and confirming ---------------------------------------- */

/* Proposes a door number for a new building at (lon, lat) (EPSG:4490) on
 * the street or village group street_id, writing nothing.  *out is new
 * JSON: {street{id,name,kind,length_m,rule{direction, odd_side,
 * spacing_m, order} (a group: rule{order})}, point{lon,lat},
 * position{measure_m, offset_m, side, parity}, proposal{number, main,
 * sub}, reason, explanation_zh, explanation_en, neighbours{before,
 * after} (each {number, code, measure_m} or null), township{code,name}}.
 * Errors: street_not_found (404), not_a_street (422),
 * coordinate_out_of_range (400), outside_registry (422: no township
 * polygon holds the point), no_free_number (409). */
int reg_doorplate_propose(reg_db *db, long street_id, double lon, double lat, json_t **out,
                          reg_error *err);

/* A plate to register with its address. */
typedef struct reg_plate_input {
    long street_id;          /* the street or village group */
    const char *number;      /* the door number, "12" or "12-1" */
    const char *building;    /* 楼: set for a building, entrance or room plate */
    const char *entrance;    /* 单元: set for an entrance or room plate */
    const char *room;        /* 户室: set for a room plate */
    double lon, lat;         /* EPSG:4490; NAN for a building, entrance or room
                                plate to take its parent's point */
    const char *unit_code;   /* village-level unit (12 digits); NULL or "" for a
                                building, entrance or room (the parent's) */
    const char *code;        /* an existing plate's code to register (import);
                                NULL: allocate a new one */
    const char *state;       /* initial D3 state; NULL: "entered" */
    const char *state_date;  /* YYYY-MM-DD of that state; NULL: today */
    int legacy;              /* 1 (imports of existing records only): the D1
                                rules a field survey may have broken -- a
                                taken number, the wrong side, sub-numbers out
                                of order -- are accepted and left for the D1
                                report; the point must still lie in its unit */
} reg_plate_input;

/* A bulk load (imports; it only inserts plates): inside a transaction
 * opened with reg_tx_begin, reg_doorplates_bulk_begin drops the insert
 * triggers of addresses (spatial index, geometry constraint) and caches
 * axes and units; reg_plate_create then checks a row fully before its
 * first write and takes no savepoint (a write failing after that is
 * REG_EIO: roll the load back), and writes no audit entry of its own
 * unless the plate has a survey warning.  reg_doorplates_bulk_end,
 * before the commit, makes the triggers again, puts the new rows into the
 * spatial index and writes the load's one audit entry (action "import",
 * entity "plate_batch", entity_id source, after: the number of plates,
 * their first and last ids and codes), which the audit trail of each of
 * its plates shows (reg_audit_list); nothing to do after a rollback.
 * actor is the loader (as for every write), source names what is loaded
 * (a file name).  input_bytes, the size of the file loaded, sizes the
 * page cache so that the load's pages stay in memory until the commit.
 * In a transaction of reg_tx_begin_unchecked, bulk_end verifies the
 * references of the load's rows before the commit (REG_EIO
 * "bulk_reference": roll back).  REG_ECONFLICT ("tx_none") without an
 * open transaction. */
int reg_doorplates_bulk_begin(reg_db *db, const char *actor, const char *source,
                              long input_bytes, reg_error *err);
int reg_doorplates_bulk_end(reg_db *db, reg_error *err);

/* Registers an address and its plate in one write.  The door address's
 * number must be free on its street (REG_ECONFLICT "number_taken"; ask
 * reg_doorplate_holder who holds it), its parity must match the side of
 * the street the point is on (REG_ERULE "wrong_side"; "point_on_street"
 * for a point on the centre line), a sub-number k needs k-1 (or the
 * whole number) before it along the street on its side and no greater
 * number before it (REG_ERULE "sub_number_order"); a building needs its
 * door address, an entrance its building, a room its entrance or, with
 * no entrance, its building (REG_ERULE "parent_address_missing").  The
 * point must lie in a township polygon (REG_ERULE "outside_registry")
 * that is the parent of unit_code (REG_ERULE "unit_point_mismatch";
 * "unit_not_village" if unit_code is not a current village-level unit;
 * "axis_unit_mismatch" for a village group of another village).  A given
 * code must be well formed (REG_EINVAL "bad_plate_code",
 * "bad_check_digit"), of the township (REG_ERULE
 * "code_township_mismatch") and unused (REG_ECONFLICT "code_taken").
 * Input errors: bad_number, label_*, bad_state, bad_date, point_missing,
 * coordinate_out_of_range, unit_missing (REG_EINVAL).  With in->legacy
 * the D1 rules (number_taken, wrong_side, point_on_street,
 * sub_number_order) do not refuse the plate: the first one broken is
 * copied into *warning (when not NULL; its code is "" when none was).
 * Writes the code into code_out (REG_PLATE_CODE_BUF bytes).  Audit
 * "create" on entity "plate". */
int reg_plate_create(reg_db *db, const char *actor, const reg_plate_input *in,
                     char *code_out, reg_error *warning, reg_error *err);

/* Finds the active address holding a number (building, entrance, room
 * NULL above their level) on a street and sets *out to {code, address,
 * number} of its current plate.  REG_ENOTFOUND when the number is free. */
int reg_doorplate_holder(reg_db *db, long street_id, const char *number, const char *building,
                         const char *entrance, const char *room, json_t **out,
                         reg_error *err);

/* ---- plate lifecycle (D3) ------------------------------------------------ */

/* "collected", "compiled", "entered", "produced", "active", "retired". */
int reg_plate_state_valid(const char *state);

/* Moves a plate forward to state (any later state; "retired" from any
 * state) as of date (NULL: today; not before the current state's date).
 * Retiring may name the replacement plate's code (which must exist, be
 * another plate and not be retired) and, with retire_address, retires the
 * address too.  REG_ENOTFOUND ("plate_not_found"), REG_ERULE
 * ("state_order", "date_order", "plate_retired", "replacement_invalid").
 * Audit "set_state". */
int reg_plate_set_state(reg_db *db, const char *actor, const char *code, const char *state,
                        const char *date, const char *replacement, int retire_address,
                        reg_error *err);

/* Replaces a plate for the same address (damaged or lost): a new code,
 * state "entered" today, the old plate retired with replaced_by set.  The
 * new code goes to code_out.  Audit "replace". */
int reg_plate_replace(reg_db *db, const char *actor, const char *code, char *code_out,
                      reg_error *err);

/* ---- reading -------------------------------------------------------------- */

/* What a resident's scan shows and the batch renderer prints.  Strings
 * are NUL-terminated UTF-8 ("" when absent). */
typedef struct reg_plate_view {
    char code[REG_PLATE_CODE_BUF];
    char kind[12];                      /* door, building, unit, room */
    char state[12];
    char state_date[11];
    char dates[6][11];                  /* collected .. retired, "" when not reached */
    char replaced_by[REG_PLATE_CODE_BUF];
    char replaces[REG_PLATE_CODE_BUF];  /* the plate this one replaced */
    int address_active;
    char province[64], city[64], county[64], township[64], village[96];
    char village_short[96];             /* 东山根社区, 高家庄村 */
    char township_code[10], village_code[13];
    char street[256];                   /* street or village group name */
    char street_pinyin[256];
    char axis_kind[8];                  /* "street" or "group" */
    long street_id;
    char number[REG_NUMBER_BUF];
    char building[REG_LABEL_BUF], entrance[REG_LABEL_BUF], room[REG_LABEL_BUF];
    char full[768];                     /* 甘肃省白银市会宁县会师镇...会师南路12号3号楼2单元301室 */
    char short_form[384];               /* 会师南路12号3号楼2单元301室 */
    char roman[384];                    /* 12 Huishi Nanlu (N9 forms from the register) */
    char roman_full[768];               /* the whole address romanised, small to large:
                                           Huishi Nanlu 12 Hao, Dongshangen Shequ, Huishi
                                           Zhen, Huining Xian, Baiyin Shi, Gansu Sheng */
    char plate_line[96];                /* the number as the plate shows it: 12, 3, 2, 301 */
    double lon, lat;                    /* EPSG:4490 */
} reg_plate_view;

/* Reads a plate by its normalised code (18 characters).  REG_ENOTFOUND
 * ("plate_not_found").  One statement; no JSON. */
int reg_plate_view_get(reg_db *db, const char *code, reg_plate_view *out, reg_error *err);

/* Sets *taken to 1 if a plate of any state has the code, else 0: one
 * index lookup (an import asks it of every row before reading the
 * plate's view). */
int reg_plate_code_taken(reg_db *db, const char *code, int *taken, reg_error *err);

/* Follows replaced_by links from a retired plate to the end of the chain
 * (at most 16 steps) and writes that plate's code to out; "" when the
 * plate has no replacement.  REG_ENOTFOUND for an unknown code. */
int reg_plate_final_code(reg_db *db, const char *code, char *out, reg_error *err);

/* Writes the plate's members into the object open in w: code, kind,
 * state, state_date, dates{...}, replaced_by, replaces, address{active,
 * full, short, roman, roman_full, province, city, county, township{code,name},
 * village{code,name}, street{id, name, pinyin, kind}, number, building,
 * entrance, room}, plate_number, point{lon, lat, crs}.  The one
 * definition of a plate's JSON: the resolver writes it as text. */
void reg_plate_view_write(struct reg_jw *w, const reg_plate_view *v);

/* The same plate as new jansson JSON (reg_plate_view_write's object).
 * NULL when memory runs out. */
json_t *reg_plate_view_json(const reg_plate_view *v);

/* The address's former forms: for each former standard name of its street
 * in the place register (N7), {full, short, roman, roman_full, valid_from, valid_to}
 * composed with that name, oldest first; [] when the street was never
 * renamed.  *out is a new array. */
int reg_plate_former_forms(reg_db *db, const reg_plate_view *v, json_t **out, reg_error *err);

/* Lists plates as {plates:[view JSON...], next_after}: by street
 * (street_id > 0), by unit (a county, township or village code), or the
 * codes listed (codes, ncodes); at most limit (1..10000) after the plate
 * id after_id.  Used by the API and the batch renderer. */
typedef struct reg_plate_filter {
    long street_id;          /* 0: any */
    const char *unit_code;   /* NULL: any */
    int include_retired;
    int any_order;           /* 1: in the order read, without a sort first */
} reg_plate_filter;

/* Calls fn for each plate matching filter, in code order (any order with
 * any_order: the first plate comes at once, not after all are read and
 * sorted), with a view that is valid during the call; stops when fn
 * returns non-zero.  Reads in one snapshot.  A scope that names nothing
 * is an error: bad_code, street_not_found, unit_not_found, not_a_street
 * (reg_doorplate_problems' errors). */
typedef int (*reg_plate_fn)(const reg_plate_view *v, void *ctx);
int reg_plates_each(reg_db *db, const reg_plate_filter *filter, reg_plate_fn fn, void *ctx,
                    reg_error *err);

/* The nearest active addresses to (lon, lat) (EPSG:4490) within radius_m
 * (1..1000) metres, at most limit (1..50), nearest first, through the
 * spatial index: *out = [{distance_m, plate view JSON}...]. */
int reg_reverse(reg_db *db, double lon, double lat, double radius_m, int limit, json_t **out,
                reg_error *err);

/* The D1 report for a scope: a street (street_id > 0), a unit (a county,
 * township or village-level code) or, with neither, the whole registry.
 * *out = {scope, addresses, counts{kind: n}, problems:[{kind, severity
 * ("error" or "warning"), message_zh, message_en, addresses:[{code,
 * number, address}], missing?}]}.  Problems beyond limit (1..100000) are
 * counted, not listed.  A scope that names nothing is an error: bad_code
 * (REG_EINVAL), street_not_found, unit_not_found (REG_ENOTFOUND),
 * not_a_street (REG_ERULE). */
int reg_doorplate_problems(reg_db *db, long street_id, const char *unit_code, long limit,
                           json_t **out, reg_error *err);

#endif
