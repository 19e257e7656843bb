/*
 * Private to the qr module: helpers shared by qr_png.c, qr_svg.c and
 * qr_file.c.  Not part of the public API (qr.h).
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

#endif
