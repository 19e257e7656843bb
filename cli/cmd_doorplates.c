/* `diming doorplates`: one plate, and the D1 report of a street or unit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "reg_doorplates.h"

static const char doorplates_help[] =
    "usage: diming [--db PATH] doorplates show CODE\n"
    "       diming [--db PATH] doorplates check [--unit CODE | --street ID] [--limit N]\n"
    "              [--json]\n"
    "       diming [--db PATH] doorplates numbering ID [--odd-side left|right]\n"
    "              [--direction forward|reverse] [--spacing M] [--order distance|staff]\n"
    "       diming [--db PATH] doorplates replace CODE\n"
    "       diming [--db PATH] doorplates state CODE STATE [--date YYYY-MM-DD]\n"
    "              [--replacement CODE] [--retire-address]\n"
    "\n"
    "show prints a plate (its standard address, state and dates) as JSON; the\n"
    "code is read as people type it (full-width digits, spaces, hyphens).\n"
    "numbering prints the numbering rule of a street or village group (D2),\n"
    "after setting what the options change: the odd side facing the\n"
    "direction (left: 左单右双), the direction from the line's start, the\n"
    "frontage per number on a new street (1-100 m), and for a village group\n"
    "the order (distance from its seat, or staff: the order the staff give).\n"
    "replace gives the plate's address a new plate (a new code, entered today)\n"
    "and retires the old one with the new as its replacement: the old code's\n"
    "page then redirects to the new plate.  state moves a plate forward (D3:\n"
    "collected, compiled, entered, produced, active; retired from any state,\n"
    "naming its replacement and, with --retire-address, retiring the address).\n"
    "check runs the D1 checks over a street or village group, a unit (county,\n"
    "township or village-level code) or, with neither, the whole registry:\n"
    "duplicate numbers, one building with two numbers (plates within 3 m),\n"
    "numbers on the wrong side, out of order along the street, gaps (and a\n"
    "skipped 4, 13 or 14), points outside their unit, addresses without a\n"
    "plate, plates of retired addresses.  It prints a count per kind and the\n"
    "first N problems (default 50; --json: the report as JSON).\n";

/* `doorplates show CODE`. */
static int show(reg_db *db, int argc, char **argv)
{
    char code[REG_PLATE_CODE_BUF];
    if (argc != 3)
        return cli_usage_error("doorplates", "show needs one CODE");
    int rc = cli_plate_code(argv[2], code, sizeof code);
    if (rc != CLI_OK)
        return rc;
    reg_plate_view v;
    reg_error err = {0};
    if (reg_plate_view_get(db, code, &v, &err) != REG_OK)
        return cli_fail_reg(&err);
    json_t *j = reg_plate_view_json(&v);
    char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(j);
    if (!text)
        return cli_fail("out of memory");
    printf("%s\n", text);
    free(text);
    return CLI_OK;
}

/* Prints the report as text: the scope, a count per kind, the problems. */
static void print_report(const json_t *r)
{
    printf("D1 check: %lld door addresses", (long long)json_integer_value(json_object_get(r, "addresses")));
    const char *key;
    json_t *value;
    json_t *counts = json_object_get(r, "counts");
    printf(", %s\n", json_object_size(counts) ? "problems:" : "no problems");
    json_object_foreach(counts, key, value)
        printf("  %-26s %lld\n", key, (long long)json_integer_value(value));
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(r, "problems"), i, p) {
        printf("%s %s:", json_string_value(json_object_get(p, "severity")),
               json_string_value(json_object_get(p, "kind")));
        size_t k;
        json_t *a;
        json_array_foreach(json_object_get(p, "addresses"), k, a) {
            const char *code = json_string_value(json_object_get(a, "code"));
            printf(" %s%s%s%s", k ? "& " : "", json_string_value(json_object_get(a, "address")),
                   code ? " " : "", code ? code : "");
        }
        json_t *missing = json_object_get(p, "missing");
        if (missing)
            printf(" (missing %lld-%lld)", (long long)json_integer_value(json_array_get(missing, 0)),
                   (long long)json_integer_value(json_array_get(missing, 1)));
        printf(": %s\n", json_string_value(json_object_get(p, "message_zh")));
    }
    if (json_is_true(json_object_get(r, "truncated")))
        printf("(more problems than listed: --limit N)\n");
}

/* `doorplates check`. */
static int check(reg_db *db, int argc, char **argv)
{
    unsigned long street = 0, limit = 50;
    const char *unit = NULL;
    int as_json = 0;
    for (int i = 2; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--json") == 0)
            as_json = 1;
        else if (strcmp(argv[i], "--unit") == 0 && (v = cli_option_value(argc, argv, &i)))
            unit = v;
        else if (strcmp(argv[i], "--street") == 0 && (v = cli_option_value(argc, argv, &i)) &&
                 cli_parse_uint(v, 1, 999999999999UL, &street) == 0)
            continue;
        else if (strcmp(argv[i], "--limit") == 0 && (v = cli_option_value(argc, argv, &i)) &&
                 cli_parse_uint(v, 1, 100000, &limit) == 0)
            continue;
        else
            return cli_usage_error("doorplates", "unexpected argument '%s'", argv[i]);
    }
    json_t *r = NULL;
    reg_error err = {0};
    if (reg_doorplate_problems(db, (long)street, unit, (long)limit, &r, &err) != REG_OK)
        return cli_fail_reg(&err);
    if (as_json) {
        char *text = json_dumps(r, JSON_INDENT(2));
        if (text)
            printf("%s\n", text);
        free(text);
    } else {
        print_report(r);
    }
    json_decref(r);
    return CLI_OK;
}

/* Runs `doorplates`. */
int cli_cmd_doorplates(const cli_env *env, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(doorplates_help, stdout);
            return CLI_OK;
        }
    static const struct {
        const char *name;
        int (*run)(reg_db *, int, char **);
    } actions[] = {{"show", show},
                   {"check", check},
                   {"replace", cli_doorplates_replace},
                   {"numbering", cli_doorplates_numbering},
                   {"state", cli_doorplates_state}};
    size_t a = 0, n = sizeof actions / sizeof actions[0];
    while (argc >= 2 && a < n && strcmp(argv[1], actions[a].name) != 0)
        a++;
    if (argc < 2 || a == n)
        return cli_usage_error("doorplates", "what to do: show, check, numbering, replace or state");
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    int rc = actions[a].run(db, argc, argv);
    reg_close(db);
    return rc;
}
