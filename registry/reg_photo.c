/*
 * reg_photo.c: inspection photos, stored content-addressed beside the
 * database: DBPATH.photos/ab/abcdef... (the SHA-256 in hex; nettle).  A
 * photo is checked by its size and magic bytes (JPEG, PNG, WebP,
 * HEIC/HEIF), written to a temporary file in its directory, synced and
 * renamed into place, so that a file under its final name is always
 * whole; the same bytes are stored once.  The photos table says which
 * files belong to the registry: a file left by a write that was rolled
 * back is never served.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "reg_bound_internal.h"

#define PHOTO_PATH_MAX 4096

/* See reg_boundaries.h. */
int reg_photo_check(const unsigned char *data, size_t len, const char **content_type,
                    reg_error *err)
{
    *content_type = NULL;
    if (len > REG_PHOTO_MAX)
        return reg_error_set(err, REG_ETOOLARGE, "photo_too_large", "photos",
                             "照片不能超过10 MiB", "a photo is at most 10 MiB");
    static const char *const heif_brands[] = {"heic", "heix", "hevc", "hevx", "heim", "heis",
                                              "mif1", "msf1"};
    if (data && len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        *content_type = "image/jpeg";
    else if (data && len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
        *content_type = "image/png";
    else if (data && len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0)
        *content_type = "image/webp";
    else if (data && len >= 12 && memcmp(data + 4, "ftyp", 4) == 0)
        for (size_t i = 0; i < sizeof heif_brands / sizeof heif_brands[0]; i++)
            if (memcmp(data + 8, heif_brands[i], 4) == 0)
                *content_type = i < 6 ? "image/heic" : "image/heif";
    if (!*content_type)
        return reg_error_set(err, REG_EMEDIA, "photo_not_image", "photos",
                             "照片须为JPEG、PNG、WebP或HEIC图像",
                             "a photo must be a JPEG, PNG, WebP or HEIC image");
    return REG_OK;
}

/* See reg_bound_internal.h. */
void reg_sha256_hex(const void *data, size_t len, char out[REG_SHA256_HEX])
{
    struct sha256_ctx c;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, data);
    sha256_digest(&c, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* Writes the photo file's path (and its directory's, when dir is not NULL)
 * for sha into path.  -1 if it does not fit. */
static int photo_paths(reg_db *db, const char *sha, char *path, size_t pathlen, char *dir,
                       size_t dirlen)
{
    int n = snprintf(path, pathlen, "%s.photos/%.2s/%s", db->path, sha, sha);
    if (n < 0 || (size_t)n >= pathlen)
        return -1;
    if (dir) {
        n = snprintf(dir, dirlen, "%s.photos/%.2s", db->path, sha);
        if (n < 0 || (size_t)n >= dirlen)
            return -1;
    }
    return 0;
}

/* mkdir that accepts an existing directory. */
static int make_dir(const char *path)
{
    return mkdir(path, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

/* Writes len bytes to a temporary file in dir, syncs it and renames it to
 * path.  0, or -1 with errno. */
static int write_file(const char *dir, const char *path, const unsigned char *data, size_t len)
{
    char tmp[PHOTO_PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dir) >= (int)sizeof tmp)
        return -1;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    int ok = done == len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* Adds the photo's row unless it is there. */
static int photo_row(reg_db *db, const char *sha, const char *content_type, size_t len,
                     reg_error *err)
{
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "INSERT INTO photos (sha256, content_type, bytes, stored_at)"
                             " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
                             " ON CONFLICT (sha256) DO NOTHING", &st, err);
    if (rc != REG_OK)
        return rc;
    if (reg_bind_text(st, 1, sha) || reg_bind_text(st, 2, content_type) ||
        sqlite3_bind_int64(st, 3, (sqlite3_int64)len))
        rc = reg_error_sqlite(db, err);
    else
        rc = reg_step_done(db, st, err);
    sqlite3_finalize(st);
    return rc;
}

/* See reg_bound_internal.h.  photo_storage (REG_EIO) when the file cannot
 * be written. */
int reg_photo_store(reg_db *db, const unsigned char *data, size_t len, const char *content_type,
                    char sha_hex[REG_SHA256_HEX], reg_error *err)
{
    char path[PHOTO_PATH_MAX], dir[PHOTO_PATH_MAX], top[PHOTO_PATH_MAX];
    reg_sha256_hex(data, len, sha_hex);
    struct stat sb;
    int fits = photo_paths(db, sha_hex, path, sizeof path, dir, sizeof dir) == 0 &&
               snprintf(top, sizeof top, "%s.photos", db->path) < (int)sizeof top;
    int ok = fits && ((stat(path, &sb) == 0 && (size_t)sb.st_size == len) ||
                      (make_dir(top) == 0 && make_dir(dir) == 0 &&
                       write_file(dir, path, data, len) == 0));
    if (!ok)
        return reg_error_detail(err, REG_EIO, "photo_storage", "photos", "照片无法保存",
                                "the photo cannot be stored", strerror(errno));
    return photo_row(db, sha_hex, content_type, len, err);
}

/* 1 if s is 64 lower-case hex digits. */
static int sha_ok(const char *s)
{
    size_t n = 0;
    for (; s && s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return 0;
    return n == 64;
}

/* See reg_boundaries.h.  The row is looked up first, so that only photos
 * of stored records are found; a row whose file is gone is
 * photo_file_missing (REG_EIO). */
int reg_photo_find(reg_db *db, const char *sha256, char *path, size_t pathlen,
                   const char **content_type, long long *bytes, reg_error *err)
{
    if (!db || !path || !content_type || !bytes)
        return reg_error_set(err, REG_EINVAL, "bad_argument", "", "参数无效", "bad argument");
    if (!sha_ok(sha256))
        return reg_error_set(err, REG_EINVAL, "bad_sha256", "sha256",
                             "照片编号应为64位小写十六进制SHA-256",
                             "a photo is named by its SHA-256 in 64 lower-case hex digits");
    static const char *const types[] = {"image/jpeg", "image/png", "image/webp", "image/heic",
                                        "image/heif"};
    sqlite3_stmt *st;
    int rc = reg_prepare(db, "SELECT content_type, bytes FROM photos WHERE sha256 = ?1", &st, err);
    if (rc != REG_OK)
        return rc;
    int step = reg_bind_text(st, 1, sha256) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
    *content_type = NULL;
    if (step == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        for (size_t i = 0; t && i < sizeof types / sizeof types[0]; i++)
            if (strcmp(t, types[i]) == 0)
                *content_type = types[i];
        *bytes = sqlite3_column_int64(st, 1);
    }
    struct stat sb;
    if (step == SQLITE_DONE)
        rc = reg_error_set(err, REG_ENOTFOUND, "photo_not_found", "sha256", "没有该照片",
                           "no photo has this SHA-256");
    else if (step != SQLITE_ROW)
        rc = reg_error_sqlite(db, err);
    else if (!*content_type || photo_paths(db, sha256, path, pathlen, NULL, 0) != 0 ||
             stat(path, &sb) != 0 || sb.st_size != *bytes)
        rc = reg_error_set(err, REG_EIO, "photo_file_missing", "sha256", "照片文件缺失",
                           "the photo's file is missing");
    sqlite3_finalize(st);
    return rc;
}
