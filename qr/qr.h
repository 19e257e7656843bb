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

#endif
