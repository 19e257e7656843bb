/* api_buf.c: a growable byte buffer with a hard cap (see api_internal.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

#define API_BUF_MIN_ALLOC 256

/* Makes b empty, holding nothing, able to grow to max bytes (at most
 * SIZE_MAX / 2, so that sizes never overflow). */
void api_buf_init(api_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->max = max < SIZE_MAX / 2 ? max : SIZE_MAX / 2;
}

/* Frees the bytes and leaves b empty with the same cap; b NULL is a no-op. */
void api_buf_free(api_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
}

/* Appends len bytes.  Returns API_BUF_OK, or frees the buffer and returns
 * API_BUF_ETOOBIG when the total would pass the cap, API_BUF_ENOMEM when
 * memory runs out.  len 0 is a successful no-op. */
int api_buf_add(api_buf *b, const void *data, size_t len)
{
    if (len == 0)
        return API_BUF_OK;
    if (len > b->max || b->len > b->max - len) {
        api_buf_free(b);
        return API_BUF_ETOOBIG;
    }
    size_t need = b->len + len + 1; /* cannot overflow: max <= SIZE_MAX / 2 */
    if (need > b->alloc) {
        size_t alloc = b->alloc ? b->alloc : API_BUF_MIN_ALLOC;
        while (alloc < need)
            alloc = alloc > (b->max + 1) / 2 ? b->max + 1 : alloc * 2;
        char *p = realloc(b->data, alloc);
        if (!p) {
            api_buf_free(b);
            return API_BUF_ENOMEM;
        }
        b->data = p;
        b->alloc = alloc;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return API_BUF_OK;
}

/* The bytes (NUL-terminated), or "" when empty. */
const char *api_buf_ptr(const api_buf *b)
{
    return b->data ? b->data : "";
}

/* The number of bytes stored. */
size_t api_buf_len(const api_buf *b)
{
    return b->len;
}
