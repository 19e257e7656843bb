/* Unit tests of the web console's file serving (api_static*.c): loading a
 * directory into memory, lookups that cannot leave it, gzip variants and
 * ETags, and the HTTP answers of a server with a web directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "support.h"

#include "../../api/api_internal.h"
#include "api.h"

/* Writes text into the file dir/name. */
static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Makes test_tmpdir/NAME/ with index.html, js/app.js (large enough to
 * gzip), img/dot.png, a dot-file and a dot-directory; path gets its path. */
static void make_site(const char *name, char *path, size_t pathlen)
{
    char sub[600];
    snprintf(path, pathlen, "%s/%s", test_tmpdir, name);
    assert_int_equal(mkdir(path, 0700), 0);
    write_file(path, "index.html", "<!doctype html><title>t</title>", 31);
    write_file(path, ".secret", "no", 2);
    snprintf(sub, sizeof sub, "%s/.git", path);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(sub, "config", "no", 2);
    snprintf(sub, sizeof sub, "%s/js", path);
    assert_int_equal(mkdir(sub, 0700), 0);
    char js[4000];
    size_t n = 0;
    while (n + 40 < sizeof js)
        n += (size_t)snprintf(js + n, sizeof js - n, "export const x%zu = 'same text';\n", n);
    write_file(sub, "app.js", js, n);
    snprintf(sub, sizeof sub, "%s/img", path);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(sub, "dot.png", "\x89PNG\r\n\x1a\n", 8);
}

/* The gzip in gz (gz_len bytes) inflated equals data (len bytes). */
static void assert_gunzips_to(const unsigned char *gz, size_t gz_len, const unsigned char *data,
                              size_t len)
{
    unsigned char *out = malloc(len + 16);
    assert_non_null(out);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
    zs.next_in = (unsigned char *)gz;
    zs.avail_in = (uInt)gz_len;
    zs.next_out = out;
    zs.avail_out = (uInt)(len + 16);
    assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
    assert_int_equal(zs.total_out, len);
    inflateEnd(&zs);
    assert_memory_equal(out, data, len);
    free(out);
}

static void test_load_and_find(void **state)
{
    (void)state;
    char dir[600], err[256] = "";
    make_site("site", dir, sizeof dir);
    api_static *st = NULL;
    assert_int_equal(api_static_load(dir, &st, err, sizeof err), 0);
    assert_int_equal(st->count, 3); /* dot-files and dot-directories are left out */
    assert_string_equal(st->files[0].path, "/img/dot.png");
    assert_string_equal(st->files[1].path, "/index.html");
    assert_string_equal(st->files[2].path, "/js/app.js");

    const api_static_file *f = api_static_find(st, "/");
    assert_non_null(f);
    assert_string_equal(f->path, "/index.html");
    assert_string_equal(f->type, "text/html; charset=utf-8");
    assert_null(f->gz); /* too small to pay */

    f = api_static_find(st, "/js/app.js");
    assert_non_null(f);
    assert_string_equal(f->type, "text/javascript; charset=utf-8");
    assert_string_equal(f->cache, "no-cache");
    assert_non_null(f->gz);
    assert_true(f->gz_len < f->len);
    assert_gunzips_to(f->gz, f->gz_len, f->data, f->len);
    assert_int_equal(strlen(f->etag), 18);
    assert_int_equal(f->etag[0], '"');
    assert_int_equal(strncmp(f->gz_etag, f->etag, 17), 0);
    assert_string_equal(f->gz_etag + 17, "-gz\"");

    assert_string_equal(api_static_find(st, "/img/dot.png")->type, "image/png");
    assert_null(api_static_find(st, "/img/dot.png")->gz);

    /* Only exact paths of loaded files are found. */
    assert_null(api_static_find(st, "/.secret"));
    assert_null(api_static_find(st, "/.git/config"));
    assert_null(api_static_find(st, "/js/../index.html"));
    assert_null(api_static_find(st, "/../site/index.html"));
    assert_null(api_static_find(st, "/js"));
    assert_null(api_static_find(st, "/js/"));
    assert_null(api_static_find(st, "index.html"));
    assert_null(api_static_find(st, ""));
    assert_null(api_static_find(NULL, "/"));
    api_static_free(st);
    api_static_free(NULL);
}

static void test_load_refusals(void **state)
{
    (void)state;
    char dir[600], err[256] = "";
    api_static *st = NULL;
    snprintf(dir, sizeof dir, "%s/missing", test_tmpdir);
    assert_int_equal(api_static_load(dir, &st, err, sizeof err), -1);
    assert_null(st);
    assert_non_null(strstr(err, "missing"));

    make_site("badname", dir, sizeof dir);
    write_file(dir, "a b.js", "x", 1);
    assert_int_equal(api_static_load(dir, &st, err, sizeof err), -1);
    assert_null(st);
    assert_non_null(strstr(err, "a b.js"));

    assert_int_equal(api_static_load(NULL, &st, err, sizeof err), -1);
    assert_int_equal(api_static_load("", &st, err, sizeof err), -1);
}

/* GETs path with the extra header lines (each ending in \r\n) into reply. */
static void get(unsigned short port, const char *method, const char *path, const char *extra,
                char *reply, size_t cap)
{
    char request[1024];
    snprintf(request, sizeof request, "%s %s HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n",
             method, path, extra);
    test_http_exchange(port, request, reply, cap);
}

/* Copies the value of header name (with ": ") of reply into out. */
static void header_value(const char *reply, const char *name, char *out, size_t outlen)
{
    const char *p = strstr(reply, name);
    assert_non_null(p);
    p += strlen(name);
    size_t n = strcspn(p, "\r\n");
    assert_true(n < outlen);
    memcpy(out, p, n);
    out[n] = '\0';
}

static void test_server_serves_console(void **state)
{
    (void)state;
    char dir[600], db_path[600], msg[256];
    make_site("served", dir, sizeof dir);
    snprintf(db_path, sizeof db_path, "%s/static.db", test_tmpdir);
    reg_db *db = NULL;
    reg_error rerr = {0};
    assert_int_equal(reg_open(db_path, REG_OPEN_CREATE, &db, &rerr), REG_OK);
    reg_close(db);
    FILE *log = tmpfile();
    api_config cfg = {.db_path = db_path, .host = "127.0.0.1", .access_log = log, .web_dir = dir};
    api_server *srv = NULL;
    assert_int_equal(api_server_start(&cfg, &srv, msg, sizeof msg), 0);
    assert_int_equal(api_server_web_files(srv), 3);
    unsigned short port = api_server_port(srv);
    char reply[16384], etag[64], line[512];

    get(port, "GET", "/", "", reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 200"));
    assert_non_null(strstr(reply, "Content-Type: text/html; charset=utf-8\r\n"));
    assert_non_null(strstr(reply, "Content-Security-Policy: default-src 'self'"));
    assert_non_null(strstr(reply, "X-Request-Id: "));
    assert_non_null(strstr(reply, "<title>t</title>"));

    /* gzip when asked for, not when refused with q=0; each with its ETag. */
    get(port, "GET", "/js/app.js", "Accept-Encoding: br, gzip;q=0.8\r\n", reply, sizeof reply);
    assert_non_null(strstr(reply, "Content-Encoding: gzip\r\n"));
    assert_non_null(strstr(reply, "Vary: Accept-Encoding\r\n"));
    header_value(reply, "ETag: ", etag, sizeof etag);
    assert_non_null(strstr(etag, "-gz\""));
    get(port, "GET", "/js/app.js", "Accept-Encoding: gzip;q=0, deflate\r\n", reply, sizeof reply);
    assert_null(strstr(reply, "Content-Encoding"));
    assert_non_null(strstr(reply, "export const x0 = 'same text';"));
    header_value(reply, "ETag: ", etag, sizeof etag);
    assert_null(strstr(etag, "-gz"));

    /* If-None-Match with the ETag: 304 without a body. */
    snprintf(line, sizeof line, "If-None-Match: \"other\", %s\r\n", etag);
    get(port, "GET", "/js/app.js", line, reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 304"));
    assert_null(strstr(reply, "export const"));
    get(port, "GET", "/js/app.js", "If-None-Match: \"0000000000000000\"\r\n", reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 200"));

    /* HEAD: the headers alone. */
    get(port, "HEAD", "/js/app.js", "", reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 200"));
    assert_null(strstr(reply, "export const"));

    /* Other methods, unknown files, escapes and the API stay as they were. */
    get(port, "POST", "/index.html", "", reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 405"));
    assert_non_null(strstr(reply, "Allow: GET, HEAD\r\n"));
    get(port, "GET", "/nothing.js", "", reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 404"));
    assert_non_null(strstr(reply, "\"code\":\"not_found\""));
    get(port, "GET", "/js/../.secret", "", reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 404"));
    get(port, "GET", "/%2e%2e/served/index.html", "", reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 404"));
    get(port, "GET", "/healthz", "", reply, sizeof reply);
    assert_non_null(strstr(reply, "\"status\":\"ok\""));
    api_server_stop(srv);
    fclose(log);

    /* A web directory that cannot be read fails the start. */
    snprintf(dir, sizeof dir, "%s/no-such-dir", test_tmpdir);
    srv = NULL;
    assert_int_not_equal(api_server_start(&cfg, &srv, msg, sizeof msg), 0);
    assert_null(srv);
    assert_non_null(strstr(msg, "web console"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_and_find),
        cmocka_unit_test(test_load_refusals),
        cmocka_unit_test(test_server_serves_console),
    };
    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
