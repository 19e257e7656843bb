/* `diming places`: the register of standard place names from the command
 * line: import existing names, check a candidate, write an announcement,
 * show a place. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "import.h"
#include "reg_places.h"

#define CLI_ANNOUNCE_MAX 100

static const char places_help[] =
    "usage: diming [--db PATH] places import FILE [options of 'diming import places']\n"
    "       diming [--db PATH] places check NAME --category C [--unit CODE] [--generic G]\n"
    "              [--json]\n"
    "       diming [--db PATH] places announce ID... [--out FILE] [--json]\n"
    "       diming [--db PATH] places show ID [--as-of YYYY-MM-DD]\n"
    "\n"
    "import: existing standard names (status in use) from a CSV (columns name,\n"
    "  category, unit or lon,lat or wkt, code, valid_from, meaning, origin, ...)\n"
    "  or a GeoJSON FeatureCollection; --crs EPSG:4490 (default), EPSG:4326,\n"
    "  EPSG:4544 or gcj02.  All or nothing unless --rejects.  Rule findings of\n"
    "  the names (N1-N4, N9) are listed as warnings.  The same as 'diming import\n"
    "  places' (see 'diming import --help' for every option).\n"
    "check: every rule finding for a candidate name; exit 0 without errors, 1\n"
    "  with (the findings on stdout).  C is a category code (0801) or\n"
    "  class/subclass (交通运输设施/街路巷); CODE the unit it would lie in.\n"
    "announce: the announcement (公告, N6) of approved names as a printable\n"
    "  HTML page (or JSON), to FILE or stdout.\n"
    "show: a place as JSON; --as-of the name it had on that day.\n";

/* Prints the findings of list (errors or warnings) one a line. */
static void print_findings(const json_t *list, const char *severity)
{
    size_t i;
    json_t *f;
    json_array_foreach(list, i, f) {
        printf("%s %s %s: %s (%s)\n", severity, json_string_value(json_object_get(f, "rule")),
               json_string_value(json_object_get(f, "key")),
               json_string_value(json_object_get(f, "message_en")),
               json_string_value(json_object_get(f, "message_zh")));
    }
}

/* Prints v as indented JSON; CLI_OK or a failure. */
static int print_json(json_t *v)
{
    char *text = json_dumps(v, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    if (!text)
        return cli_fail("out of memory");
    printf("%s\n", text);
    free(text);
    return CLI_OK;
}

/* `places check NAME --category C [--unit CODE] [--generic G] [--json]`. */
static int places_check(const cli_env *env, int argc, char **argv)
{
    reg_place_candidate c = {0};
    int as_json = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--category") == 0 && (c.category = cli_option_value(argc, argv, &i)))
            continue;
        if (strcmp(a, "--unit") == 0 && (c.unit = cli_option_value(argc, argv, &i)))
            continue;
        if (strcmp(a, "--generic") == 0 && (c.generic = cli_option_value(argc, argv, &i)))
            continue;
        if (strcmp(a, "--json") == 0) {
            as_json = 1;
            continue;
        }
        if (a[0] != '-' && !c.name) {
            c.name = a;
            continue;
        }
        return cli_usage_error("places", "unexpected argument '%s'", a);
    }
    if (!c.name || !c.category)
        return cli_usage_error("places", "check needs a NAME and --category");
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    json_t *out = NULL;
    reg_error err = {0};
    int rc = reg_place_check(db, &c, &out, &err);
    reg_close(db);
    if (rc != REG_OK)
        return cli_fail_reg(&err);
    json_t *errors = json_object_get(out, "errors");
    int failed = json_array_size(errors) > 0;
    if (as_json) {
        rc = print_json(out);
    } else {
        printf("%s  %s  (%s)\n", json_string_value(json_object_get(out, "name")),
               json_string_value(json_object_get(out, "pinyin")),
               json_string_value(json_object_get(out, "pinyin_toned")));
        print_findings(errors, "error");
        print_findings(json_object_get(out, "warnings"), "warning");
        if (!failed && json_array_size(json_object_get(out, "warnings")) == 0)
            printf("no findings\n");
    }
    json_decref(out);
    return rc == CLI_OK && failed ? CLI_EUSER : rc;
}

/* Parses a place id. */
static int parse_id(const char *s, long long *id)
{
    unsigned long v;
    if (cli_parse_uint(s, 1, 999999999999999UL, &v) != 0)
        return -1;
    *id = (long long)v;
    return 0;
}

/* Writes the announcement (HTML unless as_json) to out or stdout. */
static int write_announcement(json_t *a, int as_json, const char *out)
{
    char *text = NULL;
    size_t len = 0;
    reg_error err = {0};
    if (as_json) {
        text = json_dumps(a, JSON_INDENT(2));
        len = text ? strlen(text) : 0;
        if (!text)
            return cli_fail("out of memory");
    } else if (reg_place_announcement_html(a, &text, &len, &err) != REG_OK) {
        return cli_fail_reg(&err);
    }
    FILE *f = out ? fopen(out, "wb") : stdout;
    int rc = CLI_OK;
    if (!f)
        rc = cli_fail("cannot write %s: %s", out, strerror(errno));
    else if (fwrite(text, 1, len, f) != len || (out && fclose(f) != 0))
        rc = cli_fail("cannot write %s", out ? out : "stdout");
    free(text);
    return rc;
}

/* `places announce ID... [--out FILE] [--json]`. */
static int places_announce(const cli_env *env, int argc, char **argv)
{
    long long ids[CLI_ANNOUNCE_MAX];
    size_t n = 0;
    const char *out = NULL;
    int as_json = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0) {
            if (!(out = cli_option_value(argc, argv, &i)))
                return cli_usage_error("places", "--out needs a FILE");
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else if (n < CLI_ANNOUNCE_MAX && parse_id(argv[i], &ids[n]) == 0) {
            n++;
        } else {
            return cli_usage_error("places", "unexpected argument '%s' (ids are positive "
                                             "integers, at most %d)", argv[i], CLI_ANNOUNCE_MAX);
        }
    }
    if (n == 0)
        return cli_usage_error("places", "announce needs at least one ID");
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    json_t *a = NULL;
    reg_error err = {0};
    int rc = reg_place_announcement(db, ids, n, &a, &err);
    reg_close(db);
    if (rc != REG_OK)
        return cli_fail_reg(&err);
    rc = write_announcement(a, as_json, out);
    json_decref(a);
    return rc;
}

/* `places show ID [--as-of DATE]`. */
static int places_show(const cli_env *env, int argc, char **argv)
{
    long long id = 0;
    const char *as_of = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--as-of") == 0 && (as_of = cli_option_value(argc, argv, &i)))
            continue;
        if (id == 0 && parse_id(argv[i], &id) == 0)
            continue;
        return cli_usage_error("places", "unexpected argument '%s'", argv[i]);
    }
    if (id == 0)
        return cli_usage_error("places", "show needs an ID");
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    json_t *p = NULL;
    reg_error err = {0};
    int rc = reg_place_get(db, id, as_of, 1, &p, &err);
    reg_close(db);
    if (rc != REG_OK)
        return cli_fail_reg(&err);
    rc = print_json(p);
    json_decref(p);
    return rc;
}

/* Runs `places SUBCOMMAND`. */
int cli_cmd_places(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(places_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(places_help, stdout);
            return CLI_OK;
        }
    if (strcmp(argv[1], "import") == 0)
        return cli_import_kind(env, "places", "places", argc - 2, argv + 2);
    if (strcmp(argv[1], "check") == 0)
        return places_check(env, argc, argv);
    if (strcmp(argv[1], "announce") == 0)
        return places_announce(env, argc, argv);
    if (strcmp(argv[1], "show") == 0)
        return places_show(env, argc, argv);
    return cli_usage_error("places", "unknown subcommand '%s'", argv[1]);
}
