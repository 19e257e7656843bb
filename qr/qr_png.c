/*
 * QR symbols as 1-bit greyscale PNG (libpng): black 0, white 1, with a
 * 4-module quiet zone.  libpng reports errors by longjmp; this file
 * installs silent handlers so that a library never prints to stderr.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "qr_internal.h"

/* libpng error callback: no message, jump back to qr_write_png's setjmp. */
static void png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

/* libpng warning callback: ignored (warnings are not failures). */
static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Fills row (rowbytes bytes, MSB first) with image row py of sym drawn
 * at scale px a module: white (1) everywhere, dark modules cleared. */
static void fill_row(const qr_symbol *sym, int scale, int py,
                     unsigned char *row, size_t rowbytes)
{
    memset(row, 0xFF, rowbytes);
    int my = py / scale - QR_QUIET;
    if (my < 0 || my >= sym->width)
        return;
    const unsigned char *dark = sym->dark + (size_t)my * (size_t)sym->width;
    for (int mx = 0; mx < sym->width; mx++) {
        if (!dark[mx])
            continue;
        int px = (mx + QR_QUIET) * scale;
        for (int k = 0; k < scale; k++, px++)
            row[px >> 3] &= (unsigned char)~(0x80u >> (px & 7));
    }
}

/* See qr.h.  Details: scale is 1..QR_SCALE_MAX (64) pixels a module, the
 * image (width + 8) * scale pixels square.  QR_EINVAL for a bad symbol,
 * scale or path; QR_ENOMEM; QR_EIO if the file cannot be created or
 * written.  The PNG is written to a temporary file beside path and renamed
 * over path only when complete, so on failure path is untouched. */
int qr_write_png(const qr_symbol *sym, int scale, const char *path)
{
    if (!qr_symbol_ok(sym) || scale < 1 || scale > QR_SCALE_MAX
        || !path || !*path)
        return QR_EINVAL;

    int side = (sym->width + 2 * QR_QUIET) * scale;
    size_t rowbytes = ((size_t)side + 7) / 8;
    unsigned char *row = malloc(rowbytes);
    if (!row)
        return QR_ENOMEM;

    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
                                              png_fail, png_warn);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        free(row);
        return QR_ENOMEM;
    }

    qr_outfile out;
    int rc = qr_outfile_open(&out, path);
    if (rc != QR_OK) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return rc;
    }

    /* Locals used after a longjmp (png, info, row, out) are all set before
     * this setjmp and not modified afterwards, as C11 7.13.2.1 requires. */
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        qr_outfile_abort(&out);
        free(row);
        return QR_EIO;
    }
    png_init_io(png, out.fp);
    png_set_IHDR(png, info, (png_uint_32)side, (png_uint_32)side, 1,
                 PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int py = 0; py < side; py++) {
        fill_row(sym, scale, py, row, rowbytes);
        png_write_row(png, row);
    }
    png_write_end(png, info);

    png_destroy_write_struct(&png, &info);
    free(row);
    return qr_outfile_commit(&out);
}
