/*
 * Private to the qr module: helpers shared by qr_png.c, qr_svg.c,
 * qr_file.c and qr_plate*.c.  Not part of the public API (qr.h).
 */
#ifndef DIMING_QR_INTERNAL_H
#define DIMING_QR_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "qr.h"

/* Modules of quiet zone on each side of a symbol (ISO/IEC 18004: 4). */
#define QR_QUIET 4

/* Largest output scale, pixels a module: 185 modules (version 40 plus the
 * quiet zone) x 64 = 11,840 px, about 17 MB of 1-bit PNG rows at most. */
#define QR_SCALE_MAX 64

/* Characters qr_fmt_num writes at most, NUL included. */
#define QR_NUM_MAX 24

/* Largest magnitude qr_fmt_num accepts (and so any SVG coordinate). */
#define QR_COORD_MAX 1e9

/* 1 if sym is a usable symbol: non-NULL, dark non-NULL, width 21..177
 * (QR versions 1..40).  0 otherwise. */
int qr_symbol_ok(const qr_symbol *sym);

/* Chooses the data mask of a symbol width modules wide (21..64: versions
 * 1-11) as libqrencode's QRcode_encodeInput() chooses it, and applies it.
 * modules holds the symbol as libqrencode's QRcode_encodeMask(input, 0)
 * returns it (bit 7 set on every module the masks leave alone, bit 0 the
 * colour under mask 0); on return each byte is 1 for dark, 0 for light,
 * under the chosen mask.  Returns that mask (0..7), or -1 for a NULL
 * modules, a width out of range or a bad level (modules untouched). */
int qr_mask_choose(unsigned char *modules, int width, qr_level level);

/* Formats v with at most three decimals and no trailing zeros ("12",
 * "0.5", "1234567.125"; -0.0001 gives "0") into out (QR_NUM_MAX bytes).
 * Returns the length written, or -1 if v is not finite or |v| >
 * QR_COORD_MAX (out is then ""). */
int qr_fmt_num(double v, char out[QR_NUM_MAX]);

/* An output file written under a temporary name and renamed into place,
 * so that a failed write never leaves a partial file at the final path. */
typedef struct qr_outfile {
    FILE *fp;          /* open for writing on the temporary file */
    char *tmp;         /* temporary path: path + ".XXXXXX", owned */
    const char *path;  /* final path, borrowed from the caller */
} qr_outfile;

/* Creates a temporary file next to path (same directory, so the final
 * rename is atomic), mode 0644, and opens it in f->fp.  QR_OK, QR_EINVAL
 * for a NULL or empty path, QR_ENOMEM, or QR_EIO if the file cannot be
 * created (f is then left empty and nothing exists on disk). */
int qr_outfile_open(qr_outfile *f, const char *path);

/* Closes f (opened by qr_outfile_open) and renames the temporary file to
 * the final path, replacing any file there.  QR_OK, or QR_EIO if a write
 * failed, closing (flushing) fails or renaming fails, in which case the
 * temporary file is removed.  Always releases f's resources. */
int qr_outfile_commit(qr_outfile *f);

/* Closes f and removes its temporary file.  Always releases f's
 * resources; safe on an outfile that failed to open. */
void qr_outfile_abort(qr_outfile *f);

/* ---- plate drawing (qr_plate*.c) ------------------------------------- */

/* A growable text buffer with a hard cap.  Appends never write past cap;
 * the first failure (growth beyond max, malloc failure, a number out of
 * range) is kept in err and later appends do nothing. */
typedef struct qr_sbuf {
    char *buf;      /* NUL-terminated while err is QR_OK */
    size_t len;     /* bytes used, NUL excluded */
    size_t cap;     /* bytes allocated */
    size_t max;     /* largest cap allowed */
    int err;        /* QR_OK, QR_ENOMEM or QR_EINVAL */
} qr_sbuf;

/* Allocates initial bytes (at least 1, at most max).  QR_OK or QR_ENOMEM
 * (b->err set too; qr_sbuf_free is safe either way). */
int qr_sbuf_init(qr_sbuf *b, size_t initial, size_t max);

/* Frees b's buffer and zeroes it. */
void qr_sbuf_free(qr_sbuf *b);

/* Makes room for n more bytes (plus the NUL) and returns where they go,
 * or NULL (b->err set).  The caller writes at most n bytes there and then
 * calls qr_sbuf_commit with the count written. */
char *qr_sbuf_reserve(qr_sbuf *b, size_t n);

/* Marks n bytes written after qr_sbuf_reserve and NUL-terminates. */
void qr_sbuf_commit(qr_sbuf *b, size_t n);

/* Appends the n bytes at s. */
void qr_sbuf_put(qr_sbuf *b, const char *s, size_t n);

/* Appends a string literal. */
#define QR_SBUF_LIT(b, lit) qr_sbuf_put((b), (lit), sizeof(lit) - 1)

/* Appends v with at most decimals (0-6) decimals and no trailing zeros,
 * no exponent, "-0" written as "0"; |v| beyond QR_COORD_MAX or not finite
 * sets err to QR_EINVAL.  No locale, no printf: a few nanoseconds. */
void qr_sbuf_num(qr_sbuf *b, double v, int decimals);

/* Appends the non-negative integer v in decimal. */
void qr_sbuf_uint(qr_sbuf *b, unsigned long v);

/* Appends the NUL-terminated s with & < > " ' escaped as XML entities. */
void qr_sbuf_xml(qr_sbuf *b, const char *s);

/* 1 if s is at most max bytes of valid UTF-8 (shortest forms, no
 * surrogates, nothing above U+10FFFF, no U+FFFE/U+FFFF) with no control
 * characters (C0, DEL, C1), so it can go into XML 1.0 as it is; 0 otherwise
 * (also for NULL). */
int qr_text_ok(const char *s, size_t max);

/* Estimated advance width of UTF-8 text s, in em: CJK ideographs, kana,
 * hangul and full-width forms 1; printable ASCII as in DejaVu Sans Bold,
 * the widest font the plate names (digits 0.7, capitals 0.38-1.11, small
 * letters 0.35-1.05, space 0.35), except digits 0.6 when cjk_font is set
 * (text set in the CJK list, whose fonts' digits are 0.5-0.59 em); other
 * characters (pinyin with tone marks) 0.72.  Errs on the wide side so
 * that text said to fit does.  Invalid bytes count 1 em each; NULL is 0. */
double qr_text_em(const char *s, int cjk_font);

/* Checks plate p as qr_plate_svg documents: QR_OK or QR_EINVAL. */
int qr_plate_check(const qr_plate *p);

/* qr_plate_svg with the symbol already encoded (sym must encode p->url;
 * not checked): the drawing alone, for timing and for callers that also
 * want the symbol.  Same errors and ownership as qr_plate_svg, plus
 * QR_EINVAL for a bad symbol. */
int qr_plate_svg_with(const qr_plate *p, const qr_symbol *sym, char **out,
                      size_t *len);

#endif
