/*
 * reg_jw.h: JSON text written directly, for the answers that must be fast
 * (autocomplete, the resolver) where building a jansson tree and dumping
 * it cost more than the query.
 *
 * What it promises:
 *  - Well-formed JSON when used in order (open, keys and values, close):
 *    commas are placed by the writer, strings are escaped (quotes,
 *    backslashes, control characters; UTF-8 passes through as it is, so
 *    the caller gives valid UTF-8).
 *  - A hard cap on the text: past it, or when memory runs out, the writer
 *    is failed and every later call does nothing; reg_jw_finish says so.
 *  - Nesting up to REG_JW_DEPTH levels (deeper is a failure).
 */
#ifndef DIMING_REG_JW_H
#define DIMING_REG_JW_H

#include <stddef.h>

#define REG_JW_DEPTH 16

typedef struct reg_jw {
    char *p;
    size_t len, cap, max;
    int failed;
    int depth;                      /* 0: the top level */
    char kind[REG_JW_DEPTH];        /* per level: 0 top, '{' or '[' */
    unsigned count[REG_JW_DEPTH];   /* values written at the level */
    unsigned char key[REG_JW_DEPTH]; /* an object's key waits for its value */
} reg_jw;

/* Starts an empty text of at most max bytes. */
void reg_jw_init(reg_jw *w, size_t max);

/* Appends n bytes as they are (a caller-made fragment of JSON). */
void reg_jw_raw(reg_jw *w, const char *s, size_t n);

/* Writes n bytes of caller-made JSON as the next value (a comma placed
 * before it as before any value); more raw bytes may follow to end it. */
void reg_jw_raw_value(reg_jw *w, const char *s, size_t n);

/* Makes room for n more bytes at once (within the cap), for a caller that
 * knows about how long its text will be; past the cap the writer fails. */
void reg_jw_reserve(reg_jw *w, size_t n);

/* Opens an object or an array, as a value (after a key, in an array, or
 * at the top). */
void reg_jw_open(reg_jw *w, char bracket);

/* Closes the innermost object or array. */
void reg_jw_close(reg_jw *w, char bracket);

/* Writes the key of the next member of the open object. */
void reg_jw_key(reg_jw *w, const char *key);

/* Values: a string (NULL is null), a string or null when s is "" or NULL,
 * an integer, a number rounded (half away from zero) to 1-9 decimals
 * with trailing zeros dropped but always one decimal kept, as jansson
 * writes reals (36.0, 105.0812345; null when |v| >= 1e9 or not a number:
 * coordinates and measures, not any double), true/false, null. */
void reg_jw_str(reg_jw *w, const char *s);
void reg_jw_str_or_null(reg_jw *w, const char *s);
void reg_jw_int(reg_jw *w, long long v);
void reg_jw_fixed(reg_jw *w, double v, int decimals);
void reg_jw_bool(reg_jw *w, int v);
void reg_jw_null(reg_jw *w);

/* Shorthands: "key": value. */
void reg_jw_kstr(reg_jw *w, const char *key, const char *s);
void reg_jw_kint(reg_jw *w, const char *key, long long v);
void reg_jw_kfixed(reg_jw *w, const char *key, double v, int decimals);

/* Hands over the text (NUL-terminated, *len bytes; the caller frees it)
 * and resets w.  NULL when the writer failed or levels are still open
 * (the text is freed then). */
char *reg_jw_finish(reg_jw *w, size_t *len);

/* Hands over the bytes written so far, NUL-terminated (*len bytes
 * without it; the caller frees them), and resets w, whether or not they
 * form one JSON value: for a caller that uses the writer as a capped
 * buffer of raw text.  NULL when the writer failed. */
char *reg_jw_take(reg_jw *w, size_t *len);

/* Frees what w holds (after a failure, or instead of finishing). */
void reg_jw_free(reg_jw *w);

#endif
