/* api_photos.c: GET /api/v1/photos/{sha256} - an inspection photo by its
 * SHA-256, with the type its magic bytes gave.  Content-addressed, so it
 * may be cached forever. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "api_internal.h"

/* GET /api/v1/photos/{sha256}: 200 with the bytes (image/jpeg, image/png,
 * image/webp, image/heic or image/heif), ETag the hash.  400 bad_sha256,
 * 404 photo_not_found. */
enum MHD_Result api_photos_get(api_request *req, reg_db *db)
{
    char path[4096];
    const char *ctype = NULL;
    long long bytes = 0;
    reg_error err;
    if (reg_photo_find(db, req->param, path, sizeof path, &ctype, &bytes, &err) != REG_OK)
        return api_reply_reg_error(req, &err);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return api_reply_internal(req, "cannot open photo %s", req->param);
    char etag[72];
    snprintf(etag, sizeof etag, "\"%s\"", req->param);
    return api_reply_file(req, fd, (size_t)bytes, ctype, "public, max-age=31536000, immutable",
                          MHD_HTTP_HEADER_ETAG, etag);
}
