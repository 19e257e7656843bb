/* Unit tests of the api module: the capped buffer, the status mapping, the
 * code syntax check, and a server's start, answer and stop on port 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

#include "../../api/api_internal.h"
#include "api.h"


static void test_buf_cap_and_free(void **state)
{
    (void)state;
    api_buf b;
    api_buf_init(&b, 10);
    assert_string_equal(api_buf_ptr(&b), "");
    assert_int_equal(api_buf_add(&b, "hello", 5), API_BUF_OK);
    assert_int_equal(api_buf_add(&b, "world", 5), API_BUF_OK);
    assert_int_equal(api_buf_len(&b), 10);
    assert_string_equal(api_buf_ptr(&b), "helloworld");
    /* One byte over the cap: refused, and the buffer frees itself. */
    assert_int_equal(api_buf_add(&b, "!", 1), API_BUF_ETOOBIG);
    assert_int_equal(api_buf_len(&b), 0);
    assert_null(b.data);
    api_buf_free(&b);
}

static void test_buf_grows(void **state)
{
    (void)state;
    api_buf b;
    api_buf_init(&b, 1 << 20);
    char chunk[1000];
    memset(chunk, 'x', sizeof chunk);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(api_buf_add(&b, chunk, sizeof chunk), API_BUF_OK);
    assert_int_equal(api_buf_len(&b), 1000000);
    assert_int_equal(api_buf_ptr(&b)[1000000], '\0');
    for (int i = 0; i < 48; i++)
        assert_int_equal(api_buf_add(&b, chunk, sizeof chunk), API_BUF_OK);
    assert_int_equal(api_buf_add(&b, chunk, 576), API_BUF_OK); /* exactly the cap */
    assert_int_equal(api_buf_add(&b, chunk, 1), API_BUF_ETOOBIG);
    api_buf_free(&b);
}

static void test_status_mapping(void **state)
{
    (void)state;
    assert_int_equal(api_reply_status_for(REG_EINVAL), 400);
    assert_int_equal(api_reply_status_for(REG_ERULE), 422);
    assert_int_equal(api_reply_status_for(REG_ENOTFOUND), 404);
    assert_int_equal(api_reply_status_for(REG_ECONFLICT), 409);
    assert_int_equal(api_reply_status_for(REG_EAUTH), 401);
    assert_int_equal(api_reply_status_for(REG_EIO), 500);
    assert_int_equal(api_reply_status_for(REG_ENOMEM), 500);
}

static void test_code_syntax(void **state)
{
    (void)state;
    const char *good[] = {"62", "6204", "620422", "620422100", "620422100001"};
    const char *bad[] = {"", "6", "620", "62042210", "6204221000011", "62042a", "６２", " 62",
                         "1234567890123"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(api_code_ok(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(api_code_ok(bad[i]));
    assert_false(api_code_ok(NULL));
}

static void test_server_lifecycle(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/api.db", test_tmpdir);
    reg_db *db = NULL;
    reg_error err = {0};
    assert_int_equal(reg_open(path, REG_OPEN_CREATE, &db, &err), REG_OK);
    reg_close(db);

    FILE *log = tmpfile();
    api_config cfg = {.db_path = path, .host = "127.0.0.1", .port = 0, .access_log = log};
    api_server *srv = NULL;
    char msg[256];
    assert_int_equal(api_server_start(&cfg, &srv, msg, sizeof msg), 0);
    unsigned short port = api_server_port(srv);
    assert_true(port > 0);

    char reply[8192];
    test_http_exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", reply,
                  sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 200"));
    assert_non_null(strstr(reply, "X-Request-Id: "));
    assert_non_null(strstr(reply, "\"status\":\"ok\""));

    test_http_exchange(port, "GET /api/v1/units/999999 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                  reply, sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 404"));
    assert_non_null(strstr(reply, "\"code\":\"unit_not_found\""));
    assert_non_null(strstr(reply, "message_zh"));

    test_http_exchange(port, "DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", reply,
                  sizeof reply);
    assert_non_null(strstr(reply, "HTTP/1.1 405"));
    assert_non_null(strstr(reply, "Allow: GET, HEAD"));
    api_server_stop(srv);

    /* One access-log line per request. */
    rewind(log);
    int lines = 0, c;
    while ((c = fgetc(log)) != EOF)
        lines += c == '\n';
    assert_int_equal(lines, 3);
    fclose(log);

    /* A missing database fails at start with a reason. */
    snprintf(path, sizeof path, "%s/missing.db", test_tmpdir);
    cfg.db_path = path;
    srv = NULL;
    assert_int_not_equal(api_server_start(&cfg, &srv, msg, sizeof msg), 0);
    assert_null(srv);
    assert_true(strlen(msg) > 0);
}



int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_cap_and_free),
        cmocka_unit_test(test_buf_grows),
        cmocka_unit_test(test_status_mapping),
        cmocka_unit_test(test_code_syntax),
        cmocka_unit_test(test_server_lifecycle),
    };
    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
