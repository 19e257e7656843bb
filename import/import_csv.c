/* RFC 4180 CSV reading and writing for imports (see import_csv.h). */
#include <stdlib.h>
#include <string.h>

#include "import_csv.h"

struct import_csv {
    FILE *f;
    long line;           /* current physical line (1-based) */
    char *buf;           /* all fields of the record, NUL-separated */
    size_t len, cap;
    char *fields[IMPORT_CSV_FIELDS_MAX];
    size_t offsets[IMPORT_CSV_FIELDS_MAX];
    int eof;
    import_encoding encoding;
    unsigned char back[4]; /* bytes pushed back, read again first (LIFO) */
    int nback;
    size_t field_max;      /* bytes a field may hold */
};

/* The next byte of the stream, or EOF. */
static int rd(import_csv *r)
{
    return r->nback ? r->back[--r->nback] : getc_unlocked(r->f); /* one thread reads it */
}

/* Pushes c back so that rd returns it next (up to 4 bytes). */
static void unrd(import_csv *r, int c)
{
    if (c != EOF && r->nback < (int)sizeof r->back)
        r->back[r->nback++] = (unsigned char)c;
}

/* See import_csv.h. */
int import_csv_open(const char *path, import_csv **out, char *err, size_t errlen)
{
    return import_csv_open_encoding(path, IMPORT_ENC_AUTO, out, err, errlen);
}

/* Starts a reader on f (UTF-8 text, owned by the reader from here on):
 * a UTF-8 byte order mark is skipped.  0, or -1 (f closed) with err. */
static int open_reader(FILE *f, import_encoding enc, size_t field_max, import_csv **out,
                       char *err, size_t errlen)
{
    import_csv *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        fclose(f);
        return -1;
    }
    r->f = f;
    r->encoding = enc;
    r->field_max = field_max;
    r->line = 1;
    int c1 = rd(r), c2 = EOF, c3 = EOF;
    if (!(c1 == 0xEF && (c2 = rd(r)) == 0xBB && (c3 = rd(r)) == 0xBF)) {
        /* Not a byte order mark: read these bytes again. */
        unrd(r, c3);
        unrd(r, c2);
        unrd(r, c1);
    }
    *out = r;
    return 0;
}

/* See import_csv.h. */
int import_csv_open_stream(FILE *f, size_t field_max, import_csv **out, char *err,
                           size_t errlen)
{
    if (!f || !out || !field_max)
        return -1;
    return open_reader(f, IMPORT_ENC_UTF8, field_max, out, err, errlen);
}

/* See import_csv.h. */
int import_csv_open_encoding(const char *path, import_encoding enc, import_csv **out, char *err,
                             size_t errlen)
{
    if (!path || !out)
        return -1;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open %s", path);
        return -1;
    }
    if (enc == IMPORT_ENC_AUTO && import_encoding_detect(f, &enc) != 0) {
        snprintf(err, errlen, "cannot read %s", path);
        fclose(f);
        return -1;
    }
    FILE *text = import_encoding_reader(f, enc);
    if (!text) {
        snprintf(err, errlen, "cannot convert %s from %s", path, import_encoding_name(enc));
        fclose(f);
        return -1;
    }
    return open_reader(text, enc, IMPORT_CSV_FIELD_MAX, out, err, errlen);
}

/* See import_csv.h. */
import_encoding import_csv_encoding(const import_csv *r)
{
    return r ? r->encoding : IMPORT_ENC_AUTO;
}

/* See import_csv.h. */
long import_csv_offset(const import_csv *r)
{
    long at = r ? ftell(r->f) : -1;
    return at < 0 ? -1 : at - r->nback;
}

/* Appends one byte to the record buffer; -1 past the record cap. */
static int push(import_csv *r, char c)
{
    if (r->len + 1 >= r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 1024;
        if (ncap > r->field_max * 4)
            ncap = r->field_max * 4;
        if (r->len + 1 >= ncap)
            return -1;
        char *nb = realloc(r->buf, ncap);
        if (!nb)
            return -1;
        r->buf = nb;
        r->cap = ncap;
    }
    r->buf[r->len++] = c;
    return 0;
}

/* Skips to the end of the current physical line after a malformed record. */
static void skip_line(import_csv *r)
{
    int c;
    while ((c = rd(r)) != EOF && c != '\n')
        ;
    if (c == '\n')
        r->line++;
    else
        r->eof = 1;
}

/* See import_csv.h. */
int import_csv_next(import_csv *r, char ***fields, size_t *n, long *line, char *err,
                    size_t errlen)
{
    if (!r || !fields || !n || !line)
        return -1;
    if (r->eof)
        return 0;
    r->len = 0;
    size_t nf = 0, field_start = 0;
    int in_quotes = 0, c, any = 0;
    *line = r->line;
    r->offsets[nf++] = 0;
    for (;;) {
        c = rd(r);
        if (c == EOF) {
            r->eof = 1;
            if (in_quotes) {
                snprintf(err, errlen, "unterminated quoted field (file ends inside quotes)");
                return -1;
            }
            if (!any)
                return 0;
            break;
        }
        any = 1;
        if (in_quotes) {
            if (c == '"') {
                int d = rd(r);
                if (d == '"') {
                    c = '"';
                } else {
                    in_quotes = 0;
                    unrd(r, d);
                    continue;
                }
            } else if (c == '\n') {
                r->line++;
            }
        } else if (c == '"' && r->len == field_start) {
            in_quotes = 1;
            continue;
        } else if (c == ',') {
            if (push(r, '\0') != 0)
                goto too_long;
            if (nf >= IMPORT_CSV_FIELDS_MAX) {
                snprintf(err, errlen, "more than %d fields", IMPORT_CSV_FIELDS_MAX);
                skip_line(r);
                return -1;
            }
            field_start = r->len;
            r->offsets[nf++] = field_start;
            continue;
        } else if (c == '\r') {
            continue;
        } else if (c == '\n') {
            r->line++;
            break;
        }
        if (push(r, (char)c) != 0 || r->len - field_start > r->field_max)
            goto too_long;
    }
    if (push(r, '\0') != 0)
        goto too_long;
    for (size_t i = 0; i < nf; i++) {
        r->fields[i] = r->buf + r->offsets[i];
        if (!import_utf8_valid(r->fields[i], strlen(r->fields[i]))) {
            snprintf(err, errlen,
                     "field %zu is not valid UTF-8 (a GBK file? leave --encoding out to detect it, or give --encoding gbk)", i + 1);
            return -1;
        }
    }
    *fields = r->fields;
    *n = nf;
    return 1;
too_long:
    snprintf(err, errlen, "field longer than %zu bytes", r->field_max);
    if (!in_quotes)
        skip_line(r);
    else
        r->eof = 1;
    return -1;
}

/* See import_csv.h. */
void import_csv_close(import_csv *r)
{
    if (!r)
        return;
    if (r->f)
        fclose(r->f);
    free(r->buf);
    free(r);
}

/* See import_csv.h. */
int import_csv_write(FILE *f, const char *const *fields, size_t n)
{
    if (!f || (!fields && n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *s = fields[i] ? fields[i] : "";
        if (i && fputc(',', f) == EOF)
            return -1;
        if (strpbrk(s, ",\"\r\n")) {
            fputc('"', f);
            for (; *s; s++) {
                if (*s == '"')
                    fputc('"', f);
                fputc(*s, f);
            }
            fputc('"', f);
        } else {
            fputs(s, f);
        }
    }
    return fputs("\r\n", f) == EOF ? -1 : 0;
}

/* See import_csv.h. */
int import_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned char c = *p;
        size_t need;
        unsigned min;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            need = 1;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            need = 2;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            need = 3;
            min = 0x10000;
        } else {
            return 0;
        }
        if ((size_t)(end - p) <= need)
            return 0;
        unsigned cp = c & (0x3F >> need);
        for (size_t k = 1; k <= need; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += need + 1;
    }
    return 1;
}
