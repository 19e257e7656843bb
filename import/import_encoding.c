/* Encoding detection and GB18030-to-UTF-8 streaming (see import_encoding.h). */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_csv.h"
#include "import_encoding.h"

#define CONV_IN_CAP 65536

/* See import_encoding.h. */
int import_encoding_parse(const char *name, import_encoding *out)
{
    if (!out)
        return -1;
    if (!name || strcasecmp(name, "auto") == 0)
        *out = IMPORT_ENC_AUTO;
    else if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
        *out = IMPORT_ENC_UTF8;
    else if (strcasecmp(name, "gbk") == 0 || strcasecmp(name, "gb2312") == 0 ||
             strcasecmp(name, "gb18030") == 0)
        *out = IMPORT_ENC_GB18030;
    else
        return -1;
    return 0;
}

/* See import_encoding.h. */
const char *import_encoding_name(import_encoding enc)
{
    return enc == IMPORT_ENC_UTF8 ? "UTF-8" : enc == IMPORT_ENC_GB18030 ? "GB18030" : "auto";
}

/* See import_encoding.h.  Reads in blocks, carrying an incomplete
 * multibyte sequence (at most 3 bytes) over to the next block. */
int import_encoding_detect(FILE *f, import_encoding *out)
{
    if (!f || !out)
        return -1;
    char *block = malloc(CONV_IN_CAP + 4);
    if (!block)
        return -1;
    size_t carry = 0, n;
    int valid = 1;
    while (valid && (n = fread(block + carry, 1, CONV_IN_CAP, f)) > 0) {
        size_t len = carry + n, cut = len;
        /* Back off to the start of a possibly incomplete last sequence. */
        for (size_t k = 1; k <= 3 && k <= len; k++) {
            unsigned char c = (unsigned char)block[len - k];
            if ((c & 0xC0) != 0x80) {
                size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
                if (need > k)
                    cut = len - k;
                break;
            }
        }
        /* NUL bytes are not valid in a text import either. */
        valid = import_utf8_valid(block, cut);
        carry = len - cut;
        memmove(block, block + cut, carry);
    }
    free(block);
    if (ferror(f))
        return -1;
    if (carry)
        valid = 0;
    rewind(f);
    *out = valid ? IMPORT_ENC_UTF8 : IMPORT_ENC_GB18030;
    return 0;
}

/* The state of a converting stream. */
typedef struct conv_stream {
    FILE *src;
    iconv_t cd;
    char in[CONV_IN_CAP];
    size_t in_len; /* unconverted bytes at the start of in */
    int src_eof;
} conv_stream;

/* Reads up to size converted bytes into buf (fopencookie's read). */
static ssize_t conv_read(void *cookie, char *buf, size_t size)
{
    conv_stream *c = cookie;
    char *out = buf;
    size_t out_left = size;
    while (out_left == size) {
        if (!c->src_eof && c->in_len < sizeof c->in) {
            size_t n = fread(c->in + c->in_len, 1, sizeof c->in - c->in_len, c->src);
            c->in_len += n;
            if (n == 0)
                c->src_eof = 1;
        }
        if (c->in_len == 0)
            break;
        char *in = c->in;
        size_t in_left = c->in_len;
        size_t r = iconv(c->cd, &in, &in_left, &out, &out_left);
        if (r == (size_t)-1 && out_left > 0 &&
            (errno == EILSEQ || (errno == EINVAL && c->src_eof))) {
            /* An invalid or truncated sequence: mark it for the UTF-8 check. */
            *out++ = (char)0xFF;
            out_left--;
            in++;
            in_left--;
        }
        memmove(c->in, in, in_left);
        c->in_len = in_left;
        if (c->src_eof && c->in_len == 0)
            break;
    }
    return (ssize_t)(size - out_left);
}

/* Closes the source and the converter (fopencookie's close). */
static int conv_close(void *cookie)
{
    conv_stream *c = cookie;
    iconv_close(c->cd);
    int rc = fclose(c->src);
    free(c);
    return rc;
}

/* See import_encoding.h. */
FILE *import_encoding_reader(FILE *f, import_encoding enc)
{
    if (!f)
        return NULL;
    if (enc == IMPORT_ENC_UTF8)
        return f;
    if (enc != IMPORT_ENC_GB18030)
        return NULL;
    conv_stream *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->src = f;
    c->cd = iconv_open("UTF-8", "GB18030");
    if (c->cd == (iconv_t)-1) {
        free(c);
        return NULL;
    }
    cookie_io_functions_t io = {.read = conv_read, .close = conv_close};
    FILE *s = fopencookie(c, "rb", io);
    if (!s) {
        iconv_close(c->cd);
        free(c);
    }
    return s;
}
