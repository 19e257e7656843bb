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

/* A growing buffer the PNG is written into. */
typedef struct png_mem {
    unsigned char *data;
    size_t len, cap;
} png_mem;

/* libpng write callback: appends to the png_mem; on failure jumps out. */
static void png_mem_write(png_structp png, png_bytep data, size_t n)
{
    png_mem *m = png_get_io_ptr(png);
    if (n > m->cap - m->len) {
        size_t cap = m->cap ? m->cap : 1024;
        while (n > cap - m->len && cap < ((size_t)1 << 30))
            cap *= 2;
        unsigned char *d = n <= cap - m->len ? realloc(m->data, cap) : NULL;
        if (!d)
            png_longjmp(png, 1);
        m->data = d;
        m->cap = cap;
    }
    memcpy(m->data + m->len, data, n);
    m->len += n;
}

/* libpng flush callback: nothing to flush in memory. */
static void png_mem_flush(png_structp png)
{
    (void)png;
}

/* See qr.h.  Details: scale is 1..QR_SCALE_MAX (64) pixels a module, the
 * image (width + 8) * scale pixels square.  QR_EINVAL for a bad symbol,
 * scale or NULL outputs; QR_ENOMEM.  On failure *out is NULL, *len 0. */
int qr_png_bytes(const qr_symbol *sym, int scale, unsigned char **out, size_t *len)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!qr_symbol_ok(sym) || scale < 1 || scale > QR_SCALE_MAX || !out || !len)
        return QR_EINVAL;

    int side = (sym->width + 2 * QR_QUIET) * scale;
    size_t rowbytes = ((size_t)side + 7) / 8;
    unsigned char *row = malloc(rowbytes);
    if (!row)
        return QR_ENOMEM;
    png_mem *mem = calloc(1, sizeof *mem);
    png_structp png = mem ? png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
                                                    png_fail, png_warn) : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        free(mem);
        free(row);
        return QR_ENOMEM;
    }

    /* Locals used after a longjmp (png, info, row, mem) are all set before
     * this setjmp and not modified afterwards, as C11 7.13.2.1 requires;
     * what the callback changes lives in *mem, on the heap. */
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(mem->data);
        free(mem);
        free(row);
        return QR_ENOMEM;
    }
    png_set_write_fn(png, mem, png_mem_write, png_mem_flush);
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
    *out = mem->data;
    *len = mem->len;
    free(mem);
    return QR_OK;
}

/* See qr.h.  The bytes of qr_png_bytes go to a temporary file beside path,
 * renamed over path only when complete, so on failure path is untouched.
 * QR_EINVAL also for a NULL or empty path; QR_EIO if writing fails. */
int qr_write_png(const qr_symbol *sym, int scale, const char *path)
{
    if (!path || !*path)
        return QR_EINVAL;
    unsigned char *bytes = NULL;
    size_t len = 0;
    int rc = qr_png_bytes(sym, scale, &bytes, &len);
    if (rc != QR_OK)
        return rc;
    qr_outfile out;
    rc = qr_outfile_open(&out, path);
    if (rc == QR_OK) {
        if (fwrite(bytes, 1, len, out.fp) != len) {
            qr_outfile_abort(&out);
            rc = QR_EIO;
        } else {
            rc = qr_outfile_commit(&out);
        }
    }
    free(bytes);
    return rc;
}
