/*
 * qr: doorplate codes and their QR symbols.  Stands alone: no registry, no geo.
 *
 * What it promises:
 *  - Doorplate codes (D4): digits followed by one ISO 7064 MOD 11-2 check
 *    character (0-9 or X), which detects every single-character error and
 *    every adjacent transposition.  Codes are compared after normalisation
 *    (NFKC-like folding of full-width digits and X, case, spaces, hyphens).
 *  - QR symbols (libqrencode) for a URL, error correction chosen by the
 *    caller (outdoor plates get dirty: use Q or H), written as a 1-bit PNG
 *    (libpng) or an SVG, each with a 4-module quiet zone, that zbarimg
 *    decodes back to the exact URL.
 *  - Whole printable plates (D5, GB 17733 style) as SVG in millimetres:
 *    门牌, 楼牌, 单元牌 and 户牌 at the large, medium and small sizes, the
 *    QR on the right, rasterisable by rsvg-convert and read by zbarimg.
 *
 * Errors: functions return QR_OK (0) or a negative qr_status.
 */
#ifndef DIMING_QR_H
#define DIMING_QR_H

#include <stddef.h>

typedef enum qr_status {
    QR_OK = 0,
    QR_EINVAL = -1,    /* bad argument or malformed code */
    QR_ECHECK = -2,    /* well-formed code whose check character is wrong */
    QR_ENOMEM = -3,
    QR_EENCODE = -4,   /* libqrencode failed (input too long) */
    QR_EIO = -5        /* writing the output failed */
} qr_status;

typedef enum qr_level { QR_LEVEL_L = 0, QR_LEVEL_M, QR_LEVEL_Q, QR_LEVEL_H } qr_level;

/* The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') of a string of
 * 1-64 ASCII digits, in *out.  QR_EINVAL otherwise. */
int qr_check_char(const char *digits, char *out);

/* Normalises a presented UTF-8 code into out (outlen at least 66 bytes,
 * QR_EINVAL otherwise): full-width digits and X/x folded to ASCII, 'x' to
 * 'X', spaces (ASCII space, tab, U+3000) and hyphens/dashes ('-', U+FF0D,
 * U+2010-2015) removed; any other character is QR_EINVAL.  Then checks it:
 * QR_OK if it is 1-64 digits plus a correct check character, QR_ECHECK if
 * only the check character is wrong (out still holds the folded code),
 * QR_EINVAL if it is not of that shape at all (out is ""). */
int qr_code_normalize(const char *in, char *out, size_t outlen);

/* Makes a code from its digits (1-64 ASCII digits): digits followed by
 * their check character.  out holds at least strlen(digits) + 2 bytes;
 * QR_EINVAL otherwise. */
int qr_code_make(const char *digits, char *out, size_t outlen);

/* A QR symbol: width x width modules, dark[y * width + x] is 1 or 0. */
typedef struct qr_symbol {
    int width;
    int version;
    unsigned char *dark;
} qr_symbol;

/* Encodes text (1-7089 bytes) at the given level, smallest version that
 * fits.  A text entirely in the alphanumeric set (0-9 A-Z space $%*+-./:,
 * so an all-uppercase URL) is encoded as one alphanumeric segment (smaller
 * symbol); anything else in 8-bit mode (runs of digits may become numeric
 * segments), bytes as they are with no ECI header: keep to ASCII.
 * QR_EINVAL for NULLs, empty text or a bad level; QR_EENCODE if it does
 * not fit version 40; QR_ENOMEM.  *out is zeroed first. */
int qr_encode(const char *text, qr_level level, qr_symbol *out);

/* Frees sym->dark and zeroes *sym.  NULL and a zeroed symbol are fine. */
void qr_symbol_free(qr_symbol *sym);

/* Writes the symbol as a 1-bit greyscale PNG (black 0, white 1), scale
 * pixels a module (1-64), with a 4-module quiet zone.  The file appears at
 * path only when complete (temporary file + rename): on QR_EIO path is
 * untouched. */
int qr_write_png(const qr_symbol *sym, int scale, const char *path);

/* The PNG of qr_write_png in memory: *out is malloc'd (free() it), *len
 * its bytes. */
int qr_png_bytes(const qr_symbol *sym, int scale, unsigned char **out, size_t *len);

/* Writes the symbol as SVG elements to embed in a larger drawing: a white
 * <rect> of (width + 8) * module units square whose top-left corner (the
 * quiet zone's) is at (x, y), in the caller's units, and one black <path>
 * of the dark modules.  Writes at most cap bytes into buf, NUL-terminated,
 * and sets *len to the length (NUL excluded); QR_ENOMEM if it does not fit,
 * with *len the length needed (buf may be NULL when cap is 0, to ask).
 * QR_EINVAL for a bad symbol, non-finite numbers, module <= 0 or a
 * coordinate beyond +-1e9.  Numbers have at most 3 decimals. */
int qr_svg_fragment(const qr_symbol *sym, double x, double y, double module,
                    char *buf, size_t cap, size_t *len);

/* Writes a standalone SVG file of the symbol, module size 1 unit, viewBox
 * including the quiet zone, scale px per module (1-64) for width/height.
 * Like qr_write_png, the file appears at path only when complete. */
int qr_write_svg(const qr_symbol *sym, int scale, const char *path);

/* The SVG document of qr_write_svg in memory: *out is malloc'd and
 * NUL-terminated (free() it), *len its length. */
int qr_svg_doc(const qr_symbol *sym, int scale, char **out, size_t *len);

/* ---- Printable plates (D5) ------------------------------------------- */

/* What a plate marks.  The big number is followed by a suffix chosen by
 * the kind: 门牌 "12" + 号, 楼牌 "3" + 号楼, 单元牌 "2" + 单元, 户牌
 * "301" + 室 (none when the number already ends with one: 号; 号楼, 栋,
 * 幢; 单元; 室, 户). */
typedef enum qr_plate_kind {
    QR_PLATE_DOOR = 0,     /* 门牌: street (or 村民小组) and door number */
    QR_PLATE_BUILDING,     /* 楼牌: building number in a residential area */
    QR_PLATE_UNIT,         /* 单元牌: entrance (unit) of a building */
    QR_PLATE_ROOM          /* 户牌: one dwelling */
} qr_plate_kind;

/* The D5 sizes (width x height of the plate, side of the QR square). */
typedef enum qr_plate_size {
    QR_SIZE_LARGE = 0,     /* 570 x 370 mm, QR 120 mm */
    QR_SIZE_MEDIUM,        /* 270 x 170 mm, QR 75 mm */
    QR_SIZE_SMALL          /* 150 x 90 mm, QR 40 mm */
} qr_plate_size;

/* Millimetres of one size.  qr_mm is the side of the white QR square
 * INCLUDING its 4-module quiet zone: the plate reserves exactly that
 * square whatever the QR version, and the symbol proper is
 * qr_mm * width / (width + 8), its module qr_mm / (width + 8). */
typedef struct qr_plate_dims {
    int width_mm;
    int height_mm;
    int qr_mm;
} qr_plate_dims;

/* The dimensions of size in *out; QR_EINVAL for an unknown size or NULL. */
int qr_plate_size_dims(qr_plate_size size, qr_plate_dims *out);

/* Parses "large", "medium" or "small" (ASCII case ignored) into *out;
 * QR_EINVAL otherwise (*out untouched). */
int qr_plate_size_parse(const char *s, qr_plate_size *out);

/* Parses "door", "building", "unit" or "room" (ASCII case ignored) into
 * *out; QR_EINVAL otherwise (*out untouched). */
int qr_plate_kind_parse(const char *s, qr_plate_kind *out);

/* Longest texts accepted, in bytes (UTF-8): names, numbers, codes, URLs. */
#define QR_PLATE_NAME_MAX 64
#define QR_PLATE_NUMBER_MAX 16
#define QR_PLATE_CODE_MAX 65
#define QR_PLATE_URL_MAX 256

/* One plate to draw.  Texts are UTF-8, borrowed. */
typedef struct qr_plate {
    qr_plate_kind kind;
    qr_plate_size size;
    const char *street;         /* 街路巷 or 村民小组 name (会师南路); for
                                   楼牌/单元牌/户牌 the residential area or
                                   building above the number; required
                                   for 门牌, optional otherwise */
    const char *street_pinyin;  /* N9 romanisation (Huishi Nanlu), optional */
    const char *number;         /* "12", "12-1"; 楼 "3"; 单元 "2"; 户 "301" */
    const char *upper_line;     /* optional small line on top (会师镇) */
    const char *code;           /* optional plate code, printed under the QR */
    const char *url;            /* D4: the https:// URL the QR carries */
    qr_level level;             /* QR error correction (outdoors: Q or H) */
} qr_plate;

/* Draws plate p as a standalone SVG 1.1 document (UTF-8): width and
 * height in mm ("270mm"), viewBox in mm; GB 17733 style: sign-blue
 * (#0F4C9A) rounded background, white rounded inner border line, white
 * text (street name, its pinyin, the number large with its suffix), and
 * on the right a white square of exactly qr_mm (quiet zone included, see
 * qr_plate_dims) with the black modules, the code centred under it.
 * Fonts are named, not embedded: Chinese in "Source Han Sans SC, Noto
 * Sans CJK SC, SimHei, Microsoft YaHei, sans-serif", pinyin and code in
 * "Arial, Helvetica, Liberation Sans, DejaVu Sans, sans-serif".  Texts
 * are XML-escaped; a text estimated wider than its box (CJK 1 em, Latin
 * as wide as DejaVu Sans Bold, about 0.7 em) is condensed with a
 * horizontal scale transform (down to 70%), then made smaller (the
 * number is only made smaller), and carries textLength with
 * lengthAdjust="spacingAndGlyphs" so that renderers which measure the
 * real glyphs fit it exactly; renderers that ignore textLength (librsvg)
 * still keep it inside by the estimate.  The QR is drawn last: nothing
 * covers it.
 *
 * Validation (QR_EINVAL): p, out or len NULL; unknown kind, size or level;
 * number or url missing or blank; street missing or blank on a 门牌; a
 * text that is not valid UTF-8 or holds control characters; street,
 * street_pinyin or upper_line over QR_PLATE_NAME_MAX bytes, number over
 * QR_PLATE_NUMBER_MAX, code over QR_PLATE_CODE_MAX; url over
 * QR_PLATE_URL_MAX, not starting with https:// (any case), or holding
 * anything but printable ASCII without spaces (D4).  QR_EENCODE if the QR
 * encoder fails, QR_ENOMEM if memory runs out or the document would pass
 * 256 KiB.  On QR_OK *out is a malloc'd NUL-terminated document (free
 * it with free()) of *len bytes; otherwise *out is NULL and *len 0. */
int qr_plate_svg(const qr_plate *p, char **out, size_t *len);

/* Writes qr_plate_svg's document to path, through a temporary file
 * renamed into place: on failure path is untouched.  Errors as
 * qr_plate_svg, plus QR_EINVAL for a NULL or empty path and QR_EIO. */
int qr_plate_write_svg(const qr_plate *p, const char *path);

#endif
