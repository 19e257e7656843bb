/*
 * Text encodings of import files.  Files exported by Chinese office
 * software are often GBK or GB18030 rather than UTF-8: a file is read as
 * UTF-8 when every byte of it is valid UTF-8, else as GB18030 (a superset of
 * GBK and GB2312), unless the caller names the encoding.  Conversion streams
 * through iconv (glibc): no second copy of the file in memory.
 */
#ifndef DIMING_IMPORT_ENCODING_H
#define DIMING_IMPORT_ENCODING_H

#include <stdio.h>

typedef enum import_encoding {
    IMPORT_ENC_AUTO = 0, /* detect */
    IMPORT_ENC_UTF8,
    IMPORT_ENC_GB18030   /* also GBK and GB2312 */
} import_encoding;

/* Parses "auto", "utf-8"/"utf8", "gbk", "gb2312", "gb18030" (any case);
 * NULL means auto.  0, or -1 for an unknown name. */
int import_encoding_parse(const char *name, import_encoding *out);

/* "auto", "UTF-8" or "GB18030". */
const char *import_encoding_name(import_encoding enc);

/* Reads f to its end and rewinds it: IMPORT_ENC_UTF8 when every byte is
 * valid UTF-8 (a multibyte sequence may not be cut), else
 * IMPORT_ENC_GB18030.  -1 on a read error. */
int import_encoding_detect(FILE *f, import_encoding *out);

/* Returns a stream that yields f's text as UTF-8: f itself for UTF-8, or a
 * converting stream that owns f (closing it closes f).  A byte sequence
 * that is not valid in the source encoding comes out as the byte 0xFF, so
 * that the UTF-8 check of the reader reports the row it is in.  NULL on
 * failure (f is then still the caller's). */
FILE *import_encoding_reader(FILE *f, import_encoding enc);

#endif
