/*
 * Unit tests of reg_jw, the JSON text writer of the fast answers: the
 * text it writes is read back by jansson and compared, and every misuse
 * fails the writer instead of writing broken JSON.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "reg_jw.h"

/* Finishes w and parses its text; fails the test when either fails. */
static json_t *finish_parse(reg_jw *w, char **text)
{
    size_t len = 0;
    *text = reg_jw_finish(w, &len);
    assert_non_null(*text);
    assert_int_equal(strlen(*text), len);
    json_error_t e;
    json_t *j = json_loadb(*text, len, 0, &e);
    assert_non_null(j);
    return j;
}

/* Nested objects and arrays with every kind of value read back equal. */
static void test_values_round_trip(void **state)
{
    (void)state;
    reg_jw w;
    reg_jw_init(&w, 4096);
    reg_jw_open(&w, '{');
    reg_jw_kstr(&w, "name", "会师南路 \"12\" \\ \n\t\x01");
    reg_jw_kint(&w, "min", LLONG_MIN);
    reg_jw_kint(&w, "zero", 0);
    reg_jw_kfixed(&w, "lon", 105.0812345, 7);
    reg_jw_kfixed(&w, "whole", 36.0, 7);
    reg_jw_kfixed(&w, "south", -35.00000004, 7);
    reg_jw_kfixed(&w, "up", 0.25, 1);
    reg_jw_kfixed(&w, "down", -0.25, 1);
    reg_jw_key(&w, "list");
    reg_jw_open(&w, '[');
    reg_jw_bool(&w, 1);
    reg_jw_bool(&w, 0);
    reg_jw_null(&w);
    reg_jw_str_or_null(&w, "");
    reg_jw_open(&w, '{');
    reg_jw_close(&w, '}');
    reg_jw_open(&w, '[');
    reg_jw_close(&w, ']');
    reg_jw_close(&w, ']');
    reg_jw_close(&w, '}');
    char *text;
    json_t *j = finish_parse(&w, &text);
    assert_string_equal(json_string_value(json_object_get(j, "name")),
                        "会师南路 \"12\" \\ \n\t\x01");
    assert_true(json_integer_value(json_object_get(j, "min")) == LLONG_MIN);
    assert_true(json_is_integer(json_object_get(j, "zero")));
    assert_true(json_is_real(json_object_get(j, "lon")));
    assert_true(json_real_value(json_object_get(j, "lon")) == 105.0812345);
    assert_true(json_is_real(json_object_get(j, "whole"))); /* "36.0", not "36" */
    assert_non_null(strstr(text, "\"whole\":36.0,"));
    assert_non_null(strstr(text, "\"south\":-35.0,"));
    assert_non_null(strstr(text, "\"up\":0.3,\"down\":-0.3,")); /* half away from zero */
    json_t *list = json_object_get(j, "list");
    assert_int_equal(json_array_size(list), 6);
    assert_true(json_is_true(json_array_get(list, 0)));
    assert_true(json_is_false(json_array_get(list, 1)));
    assert_true(json_is_null(json_array_get(list, 2)));
    assert_true(json_is_null(json_array_get(list, 3)));
    assert_true(json_is_object(json_array_get(list, 4)));
    assert_true(json_is_array(json_array_get(list, 5)));
    assert_null(strchr(text, '\n')); /* control characters escaped */
    json_decref(j);
    free(text);
}

/* Runs one misuse after an open object and checks the writer failed. */
static void assert_misuse_fails(void (*misuse)(reg_jw *w))
{
    reg_jw w;
    reg_jw_init(&w, 4096);
    reg_jw_open(&w, '{');
    misuse(&w);
    size_t len = 0;
    assert_null(reg_jw_finish(&w, &len));
}

static void value_without_key(reg_jw *w) { reg_jw_int(w, 1); }
static void two_keys(reg_jw *w) { reg_jw_key(w, "a"); reg_jw_key(w, "b"); }
static void wrong_close(reg_jw *w) { reg_jw_close(w, ']'); }
static void left_open(reg_jw *w) { reg_jw_kint(w, "a", 1); }
static void key_then_close(reg_jw *w) { reg_jw_key(w, "a"); reg_jw_close(w, '}'); }
static void key_in_array(reg_jw *w)
{
    reg_jw_key(w, "a");
    reg_jw_open(w, '[');
    reg_jw_key(w, "b");
}
static void too_deep(reg_jw *w)
{
    reg_jw_key(w, "a");
    for (int i = 0; i < REG_JW_DEPTH + 1; i++)
        reg_jw_open(w, '[');
}

/* Misuse fails the writer: no text comes out. */
static void test_misuse_fails(void **state)
{
    (void)state;
    assert_misuse_fails(value_without_key);
    assert_misuse_fails(two_keys);
    assert_misuse_fails(wrong_close);
    assert_misuse_fails(left_open);
    assert_misuse_fails(key_then_close);
    assert_misuse_fails(key_in_array);
    assert_misuse_fails(too_deep);

    /* Two values at the top are not one document. */
    reg_jw w;
    reg_jw_init(&w, 64);
    reg_jw_int(&w, 1);
    reg_jw_int(&w, 2);
    assert_null(reg_jw_finish(&w, NULL));
}

/* The cap holds: a text that would pass it fails, and nothing leaks. */
static void test_cap(void **state)
{
    (void)state;
    reg_jw w;
    reg_jw_init(&w, 2048);
    reg_jw_open(&w, '[');
    for (int i = 0; i < 1000; i++)
        reg_jw_str(&w, "0123456789");
    reg_jw_close(&w, ']');
    assert_true(w.failed);
    assert_null(reg_jw_finish(&w, NULL));

    /* Not-a-number and numbers out of the formatter's range are written
     * as null, which JSON can hold. */
    reg_jw_init(&w, 64);
    reg_jw_open(&w, '[');
    reg_jw_fixed(&w, strtod("nan", NULL), 7);
    reg_jw_fixed(&w, 1e12, 7);
    reg_jw_fixed(&w, 1.5, 0);
    reg_jw_close(&w, ']');
    char *text = reg_jw_finish(&w, NULL);
    assert_non_null(text);
    assert_string_equal(text, "[null,null,null]");
    free(text);
}

/* Used as a capped buffer of raw text, the writer hands over what was
 * written, terminated; nothing once it failed. */
static void test_take(void **state)
{
    (void)state;
    reg_jw w;
    reg_jw_init(&w, 64);
    reg_jw_raw(&w, "<p>", 3);
    reg_jw_raw(&w, "会宁</p>", strlen("会宁</p>"));
    size_t len = 0;
    char *text = reg_jw_take(&w, &len);
    assert_non_null(text);
    assert_string_equal(text, "<p>会宁</p>");
    assert_int_equal(len, strlen("<p>会宁</p>"));
    free(text);
    reg_jw_init(&w, 8);
    reg_jw_raw(&w, "0123456789", 10);
    assert_null(reg_jw_take(&w, &len));
}

/* Caller-made values take their commas like any other; room reserved
 * ahead changes nothing but past the cap fails the writer; a NULL
 * value fails it too. */
static void test_raw_values(void **state)
{
    (void)state;
    reg_jw w;
    reg_jw_init(&w, 256);
    reg_jw_reserve(&w, 200);
    reg_jw_open(&w, '[');
    reg_jw_raw_value(&w, "{\"a\":", 5);
    reg_jw_raw(&w, "1}", 2);
    reg_jw_raw_value(&w, "{\"b\":2}", 7);
    reg_jw_int(&w, 3);
    reg_jw_close(&w, ']');
    char *text = reg_jw_finish(&w, NULL);
    assert_non_null(text);
    assert_string_equal(text, "[{\"a\":1},{\"b\":2},3]");
    free(text);
    reg_jw_init(&w, 16);
    reg_jw_reserve(&w, 100);
    reg_jw_open(&w, '[');
    assert_null(reg_jw_finish(&w, NULL));
    reg_jw_init(&w, 64);
    reg_jw_open(&w, '[');
    reg_jw_raw_value(&w, NULL, 0);
    reg_jw_close(&w, ']');
    assert_null(reg_jw_finish(&w, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_round_trip),
        cmocka_unit_test(test_misuse_fails),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_take),
        cmocka_unit_test(test_raw_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
