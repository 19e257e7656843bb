/*
 * A streaming RFC 4180 CSV reader and writer for imports: quoted fields
 * with commas, doubled quotes and newlines, CRLF or LF, a UTF-8 BOM skipped.
 * Bounded: a field over IMPORT_CSV_FIELD_MAX bytes or a record of more than
 * IMPORT_CSV_FIELDS_MAX fields is an error, never an overflow.
 */
#ifndef DIMING_IMPORT_CSV_H
#define DIMING_IMPORT_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "import_encoding.h"

#define IMPORT_CSV_FIELD_MAX 65536
#define IMPORT_CSV_WKT_MAX (64L << 20) /* a geometry's WKT made from a shapefile */
#define IMPORT_CSV_FIELDS_MAX 256

typedef struct import_csv import_csv;

/* Opens path for reading, detecting its encoding (UTF-8, else GB18030).
 * Returns 0, or -1 with the reason in err. */
int import_csv_open(const char *path, import_csv **out, char *err, size_t errlen);

/* Opens path for reading as the given encoding (IMPORT_ENC_AUTO detects).
 * Returns 0, or -1 with the reason in err. */
int import_csv_open_encoding(const char *path, import_encoding enc, import_csv **out, char *err,
                             size_t errlen);

/* Reads the records of f, UTF-8 text (a UTF-8 BOM is skipped), fields of
 * at most field_max bytes; the reader owns f and closes it.  Returns 0, or
 * -1 with the reason in err (f is then closed). */
int import_csv_open_stream(FILE *f, size_t field_max, import_csv **out, char *err,
                           size_t errlen);

/* The encoding the file is read as (after detection). */
import_encoding import_csv_encoding(const import_csv *r);

/* How far into the file reading is, in bytes: -1 when the stream cannot
 * tell (a converted encoding). */
long import_csv_offset(const import_csv *r);

/* Reads the next record.  On 1, *fields (n of them) stay valid until the
 * next call; *line is the line the record starts on.  Returns 0 at end of
 * file, -1 on a malformed record (reason in err: unterminated quote, field
 * too long, invalid UTF-8); reading may continue after -1 where the reader
 * could resynchronise, and returns 0 where it could not. */
int import_csv_next(import_csv *r, char ***fields, size_t *n, long *line, char *err,
                    size_t errlen);

/* Closes the reader; NULL is a no-op. */
void import_csv_close(import_csv *r);

/* Writes one record to f, quoting fields that need it.  0 or -1. */
int import_csv_write(FILE *f, const char *const *fields, size_t n);

/* 1 if s (len bytes) is valid UTF-8 without NUL, else 0. */
int import_utf8_valid(const char *s, size_t len);

#endif
