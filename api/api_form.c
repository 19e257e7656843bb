/* api_form.c: multipart/form-data bodies (an inspection record with its
 * photos), parsed as they arrive by libmicrohttpd's post processor into
 * capped buffers: the "record" part (JSON) and up to eight "photo" parts.
 * Problems are kept and answered when the body is complete, since MHD
 * cannot queue a response in the middle of an upload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_internal.h"

#define API_FORM_PP_BUFFER (16 * 1024)

/* The kinds of problem a form can have, answered at the end. */
typedef enum form_problem {
    FORM_OK = 0,
    FORM_PHOTO_TOO_LARGE,
    FORM_TOO_MANY_PHOTOS,
    FORM_RECORD_TOO_LARGE,
    FORM_BODY_TOO_LARGE,
    FORM_UNKNOWN_FIELD,
    FORM_MALFORMED,
    FORM_NOMEM
} form_problem;

struct api_form {
    struct MHD_PostProcessor *pp;
    api_buf record;
    api_buf photos[REG_PHOTOS_PER_RECORD];
    reg_photo_input out[REG_PHOTOS_PER_RECORD];
    size_t nphotos;
    size_t fed, max;      /* body bytes fed, and the route's cap */
    form_problem problem;
    char field[65];       /* the unknown part's name */
};

/* See api_internal.h. */
int api_form_is_multipart(const api_request *req)
{
    const char *ct = api_request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
    return ct && strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
                             strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0;
}

/* Keeps the first problem. */
static void form_fail(api_form *f, form_problem p)
{
    if (f->problem == FORM_OK)
        f->problem = p;
}

/* Appends to a part's buffer; a full buffer becomes problem p. */
static void form_add(api_form *f, api_buf *b, const char *data, size_t size, form_problem p)
{
    int rc = api_buf_add(b, data, size);
    if (rc == API_BUF_ETOOBIG)
        form_fail(f, p);
    else if (rc != API_BUF_OK)
        form_fail(f, FORM_NOMEM);
}

/* MHD_PostDataIterator: routes each part's data to its buffer.  A part
 * starts where off is 0.  Always goes on, so that the whole body is read. */
static enum MHD_Result form_iterate(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data,
                                    uint64_t off, size_t size)
{
    api_form *f = cls;
    (void)kind;
    (void)filename;
    (void)content_type;
    (void)transfer_encoding;
    if (f->problem != FORM_OK || !key)
        return MHD_YES;
    if (strcmp(key, "record") == 0) {
        form_add(f, &f->record, data, size, FORM_RECORD_TOO_LARGE);
    } else if (strcmp(key, "photo") == 0) {
        if (off == 0 && f->nphotos == REG_PHOTOS_PER_RECORD)
            form_fail(f, FORM_TOO_MANY_PHOTOS);
        else {
            if (off == 0)
                api_buf_init(&f->photos[f->nphotos++], REG_PHOTO_MAX);
            form_add(f, &f->photos[f->nphotos - 1], data, size, FORM_PHOTO_TOO_LARGE);
        }
    } else {
        snprintf(f->field, sizeof f->field, "%s", key);
        form_fail(f, FORM_UNKNOWN_FIELD);
    }
    return MHD_YES;
}

/* See api_internal.h. */
api_form *api_form_new(api_request *req)
{
    api_form *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    api_buf_init(&f->record, API_JSON_BODY_MAX);
    f->max = req->route ? req->route->body_max : API_FORM_BODY_MAX;
    f->pp = MHD_create_post_processor(req->conn, API_FORM_PP_BUFFER, form_iterate, f);
    if (!f->pp) {
        free(f);
        return NULL;
    }
    return f;
}

/* See api_internal.h. */
void api_form_feed(api_form *f, const char *data, size_t len)
{
    f->fed += len;
    if (f->fed > f->max)
        form_fail(f, FORM_BODY_TOO_LARGE);
    if (f->problem == FORM_OK && f->pp && MHD_post_process(f->pp, data, len) != MHD_YES)
        form_fail(f, FORM_MALFORMED);
}

/* See api_internal.h.  Destroying the post processor flushes the last
 * part; a body that ends inside a part is malformed. */
int api_form_check(api_request *req)
{
    api_form *f = req->form;
    if (f->pp && MHD_destroy_post_processor(f->pp) != MHD_YES)
        form_fail(f, FORM_MALFORMED);
    f->pp = NULL;
    char zh[160], en[160];
    switch (f->problem) {
    case FORM_OK:
        for (size_t i = 0; i < f->nphotos; i++)
            f->out[i] = (reg_photo_input){(const unsigned char *)api_buf_ptr(&f->photos[i]),
                                          api_buf_len(&f->photos[i])};
        return 0;
    case FORM_PHOTO_TOO_LARGE:
        snprintf(zh, sizeof zh, "照片不能超过 %zu 字节", REG_PHOTO_MAX);
        snprintf(en, sizeof en, "A photo is at most %zu bytes", REG_PHOTO_MAX);
        api_reply_error_msg(req, MHD_HTTP_CONTENT_TOO_LARGE, "photo_too_large", "photo", zh, en);
        break;
    case FORM_TOO_MANY_PHOTOS:
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "too_many_photos", "photo",
                            "每条记录最多8张照片", "A record has at most 8 photos");
        break;
    case FORM_RECORD_TOO_LARGE:
    case FORM_BODY_TOO_LARGE:
        api_reply_error_msg(req, MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large", NULL,
                            "请求体过大", "The body is too large");
        break;
    case FORM_UNKNOWN_FIELD:
        snprintf(zh, sizeof zh, "表单含有未知部分“%.64s”（应为 record 和 photo）", f->field);
        snprintf(en, sizeof en, "Unknown form part \"%.64s\" (record and photo expected)",
                 f->field);
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "unknown_field", f->field, zh, en);
        break;
    case FORM_MALFORMED:
        api_reply_error_msg(req, MHD_HTTP_BAD_REQUEST, "bad_multipart", NULL,
                            "multipart/form-data 请求体格式错误",
                            "The multipart/form-data body is malformed");
        break;
    case FORM_NOMEM:
        api_reply_internal(req, "out of memory reading a form");
        break;
    }
    return -1;
}

/* See api_internal.h. */
const char *api_form_record(const api_form *f, size_t *len)
{
    *len = api_buf_len(&f->record);
    return api_buf_ptr(&f->record);
}

/* See api_internal.h. */
const reg_photo_input *api_form_photos(const api_form *f, size_t *n)
{
    *n = f->nphotos;
    return f->out;
}

/* See api_internal.h. */
void api_form_free(api_form *f)
{
    if (!f)
        return;
    if (f->pp)
        MHD_destroy_post_processor(f->pp);
    api_buf_free(&f->record);
    for (size_t i = 0; i < f->nphotos; i++)
        api_buf_free(&f->photos[i]);
    free(f);
}
