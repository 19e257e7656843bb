/* api_static_load.c: reads the web console's directory into memory once,
 * at start: per file its content type, cache policy, a gzip variant when it
 * pays, and ETags from a SHA-256 of the bytes.  Nothing is read from disk
 * while serving. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <zlib.h>

#include "api_internal.h"

/* A file type by its extension; compress says whether gzip may pay. */
typedef struct api_mime {
    const char *ext;
    const char *type;
    int compress;
} api_mime;

static const api_mime api_mimes[] = {
    {"html", "text/html; charset=utf-8", 1},
    {"css", "text/css; charset=utf-8", 1},
    {"js", "text/javascript; charset=utf-8", 1},
    {"mjs", "text/javascript; charset=utf-8", 1},
    {"json", "application/json; charset=utf-8", 1},
    {"map", "application/json; charset=utf-8", 1},
    {"webmanifest", "application/manifest+json; charset=utf-8", 1},
    {"txt", "text/plain; charset=utf-8", 1},
    {"svg", "image/svg+xml", 1},
    {"png", "image/png", 0},
    {"jpg", "image/jpeg", 0},
    {"jpeg", "image/jpeg", 0},
    {"gif", "image/gif", 0},
    {"webp", "image/webp", 0},
    {"ico", "image/vnd.microsoft.icon", 0},
    {"woff2", "font/woff2", 0},
    {"woff", "font/woff", 0},
};

static const api_mime api_mime_other = {"", "application/octet-stream", 0};

/* The type of a file named name (by the text after its last '.', case
 * insensitive); application/octet-stream when unknown. */
static const api_mime *api_static_mime(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof api_mimes / sizeof api_mimes[0]; i++)
            if (strcasecmp(dot + 1, api_mimes[i].ext) == 0)
                return &api_mimes[i];
    return &api_mime_other;
}

/* Where the loader is: the files so far, their room, the error text. */
typedef struct api_static_loader {
    api_static *st;
    size_t alloc;
    char *err;
    size_t errlen;
} api_static_loader;

/* Writes a one-line reason (printf format) into the loader's err; returns -1. */
static int api_static_fail(api_static_loader *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int api_static_fail(api_static_loader *ld, const char *fmt, ...)
{
    if (ld->err && ld->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ld->err, ld->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* 1 if name can be served as it is: 1..255 bytes of [A-Za-z0-9._-], so a
 * URL path names it without escaping. */
static int api_static_name_ok(const char *name)
{
    size_t n = 0;
    for (; name[n]; n++) {
        char c = name[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return n > 0 && n < 256;
}

/* Reads the whole regular file at fspath (size bytes by its stat) into a
 * new buffer in *out.  Returns 0, or -1 with the reason in the loader. */
static int api_static_read(api_static_loader *ld, const char *fspath, size_t size,
                           unsigned char **out)
{
    int fd = open(fspath, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return api_static_fail(ld, "cannot open %s: %s", fspath, strerror(errno));
    unsigned char *data = malloc(size ? size : 1);
    size_t got = 0;
    while (data && got < size) {
        ssize_t n = read(fd, data + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    int read_errno = errno;
    close(fd);
    if (!data)
        return api_static_fail(ld, "out of memory reading %s", fspath);
    if (got != size) {
        free(data);
        return api_static_fail(ld, "cannot read %s: %s", fspath,
                               got < size ? "file shrank while read" : strerror(read_errno));
    }
    *out = data;
    return 0;
}

/* Sets f->gz to the gzip of f->data when the type compresses and the gzip
 * is at most 90 % of the size.  Returns 0 (also when gzip does not pay),
 * -1 when zlib fails or memory runs out. */
static int api_static_gzip(api_static_file *f, int compress)
{
    if (!compress || f->len < 256 || f->len > UINT32_MAX / 2)
        return 0;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    uLong cap = deflateBound(&zs, (uLong)f->len);
    unsigned char *gz = malloc(cap);
    int rc = Z_MEM_ERROR;
    if (gz) {
        zs.next_in = f->data;
        zs.avail_in = (uInt)f->len;
        zs.next_out = gz;
        zs.avail_out = (uInt)cap;
        rc = deflate(&zs, Z_FINISH);
    }
    size_t out_len = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(gz);
        return -1;
    }
    if (out_len * 10 > f->len * 9) {
        free(gz);
        return 0;
    }
    f->gz = gz;
    f->gz_len = out_len;
    return 0;
}

/* Sets f's ETags from the first 8 bytes of the SHA-256 of its data. */
static void api_static_etag(api_static_file *f)
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, f->len, f->data);
    sha256_digest(&ctx, sizeof digest, digest);
    char hex[17];
    for (int i = 0; i < 8; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    snprintf(f->etag, sizeof f->etag, "\"%s\"", hex);
    snprintf(f->gz_etag, sizeof f->gz_etag, "\"%s-gz\"", hex);
}

/* Adds the regular file fspath (size bytes), served at urlpath, to the
 * loader.  Returns 0, or -1 with the reason. */
static int api_static_add(api_static_loader *ld, const char *fspath, const char *urlpath,
                          const char *name, size_t size)
{
    api_static *st = ld->st;
    if (st->count >= API_STATIC_MAX_FILES)
        return api_static_fail(ld, "more than %u files in the web directory",
                               API_STATIC_MAX_FILES);
    if (size > API_STATIC_MAX_BYTES - st->bytes)
        return api_static_fail(ld, "the web directory holds more than %zu bytes",
                               API_STATIC_MAX_BYTES);
    if (st->count == ld->alloc) {
        size_t alloc = ld->alloc ? ld->alloc * 2 : 64;
        api_static_file *files = realloc(st->files, alloc * sizeof *files);
        if (!files)
            return api_static_fail(ld, "out of memory");
        st->files = files;
        ld->alloc = alloc;
    }
    api_static_file *f = &st->files[st->count];
    memset(f, 0, sizeof *f);
    if (!(f->path = strdup(urlpath)))
        return api_static_fail(ld, "out of memory");
    st->count++; /* counted now, so that api_static_free frees it on any failure */
    if (api_static_read(ld, fspath, size, &f->data) != 0)
        return -1;
    f->len = size;
    st->bytes += size;
    const api_mime *m = api_static_mime(name);
    f->type = m->type;
    f->cache = strncmp(urlpath, "/vendor/", 8) == 0 ? "public, max-age=86400" : "no-cache";
    if (api_static_gzip(f, m->compress) != 0)
        return api_static_fail(ld, "cannot gzip %s", fspath);
    api_static_etag(f);
    return 0;
}

/* Loads the directory fsdir, whose files are served under urldir ("" for
 * the root), depth levels below the root.  Returns 0, or -1 with the
 * reason. */
static int api_static_walk(api_static_loader *ld, const char *fsdir, const char *urldir,
                           int depth)
{
    if (depth > API_STATIC_MAX_DEPTH)
        return api_static_fail(ld, "%s: directories nested deeper than %d", fsdir,
                               API_STATIC_MAX_DEPTH);
    DIR *d = opendir(fsdir);
    if (!d)
        return api_static_fail(ld, "cannot open the directory %s: %s", fsdir, strerror(errno));
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char fspath[PATH_MAX], urlpath[API_STATIC_PATH_MAX];
        struct stat sb;
        int nf = snprintf(fspath, sizeof fspath, "%s/%s", fsdir, e->d_name);
        int nu = snprintf(urlpath, sizeof urlpath, "%s/%s", urldir, e->d_name);
        if (nf < 0 || (size_t)nf >= sizeof fspath || nu < 0 || (size_t)nu >= sizeof urlpath)
            rc = api_static_fail(ld, "%s/%s: path too long", fsdir, e->d_name);
        else if (!api_static_name_ok(e->d_name))
            rc = api_static_fail(ld, "%s: only letters, digits, '.', '_' and '-' can be served",
                                 fspath);
        else if (stat(fspath, &sb) != 0)
            rc = api_static_fail(ld, "cannot stat %s: %s", fspath, strerror(errno));
        else if (S_ISDIR(sb.st_mode))
            rc = api_static_walk(ld, fspath, urlpath, depth + 1);
        else if (S_ISREG(sb.st_mode))
            rc = api_static_add(ld, fspath, urlpath, e->d_name, (size_t)sb.st_size);
    }
    closedir(d);
    return rc;
}

/* Orders files by path (strcmp), for bsearch. */
static int api_static_cmp(const void *a, const void *b)
{
    return strcmp(((const api_static_file *)a)->path, ((const api_static_file *)b)->path);
}

/* See api_internal.h. */
int api_static_load(const char *dir, api_static **out, char *err, size_t errlen)
{
    api_static_loader ld = {NULL, 0, err, errlen};
    if (!dir || !dir[0] || !out)
        return api_static_fail(&ld, "no web directory given");
    *out = NULL;
    if (!(ld.st = calloc(1, sizeof *ld.st)))
        return api_static_fail(&ld, "out of memory");
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    char root[PATH_MAX];
    if (n >= sizeof root) {
        api_static_free(ld.st);
        return api_static_fail(&ld, "web directory path too long");
    }
    memcpy(root, dir, n);
    root[n] = '\0';
    if (api_static_walk(&ld, root, "", 0) != 0) {
        api_static_free(ld.st);
        return -1;
    }
    if (ld.st->count > 1)
        qsort(ld.st->files, ld.st->count, sizeof *ld.st->files, api_static_cmp);
    *out = ld.st;
    return 0;
}

/* See api_internal.h. */
void api_static_free(api_static *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->count; i++) {
        free(st->files[i].path);
        free(st->files[i].data);
        free(st->files[i].gz);
    }
    free(st->files);
    free(st);
}
