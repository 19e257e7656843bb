/* `diming units`: show administrative units from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"

static const char units_help[] =
    "usage: diming [--db PATH] units show CODE [--geometry]\n"
    "       diming [--db PATH] units list [--parent CODE] [--level LEVEL] [--all]\n"
    "\n"
    "show prints one unit as JSON (its chain of parents, children counts and\n"
    "former names); list prints one line per unit: code, level, name.  --all\n"
    "includes units whose validity has ended.\n";

/* `units show CODE`. */
static int units_show(reg_db *db, int argc, char **argv)
{
    const char *code = NULL;
    int with_geometry = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--geometry") == 0)
            with_geometry = 1;
        else if (!code && argv[i][0] != '-')
            code = argv[i];
        else
            return cli_usage_error("units", "unexpected argument '%s'", argv[i]);
    }
    if (!code)
        return cli_usage_error("units", "show needs a CODE");
    json_t *unit = NULL;
    reg_error err = {0};
    if (reg_unit_get(db, code, with_geometry, &unit, &err) != REG_OK)
        return cli_fail_reg(&err);
    char *text = json_dumps(unit, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(unit);
    if (!text)
        return cli_fail("out of memory");
    printf("%s\n", text);
    free(text);
    return CLI_OK;
}

/* `units list`. */
static int units_list(reg_db *db, int argc, char **argv)
{
    const char *parent = NULL, *level = NULL;
    int all = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--parent") == 0 && (parent = cli_option_value(argc, argv, &i)))
            continue;
        if (strcmp(argv[i], "--level") == 0 && (level = cli_option_value(argc, argv, &i)))
            continue;
        if (strcmp(argv[i], "--all") == 0) {
            all = 1;
            continue;
        }
        return cli_usage_error("units", "unexpected argument '%s'", argv[i]);
    }
    json_t *list = NULL;
    reg_error err = {0};
    if (reg_units_list(db, parent, level, all, &list, &err) != REG_OK)
        return cli_fail_reg(&err);
    size_t i;
    json_t *u;
    json_array_foreach(list, i, u) {
        printf("%-12s %-11s %s\n", json_string_value(json_object_get(u, "code")),
               json_string_value(json_object_get(u, "level")),
               json_string_value(json_object_get(u, "name")));
    }
    json_decref(list);
    return CLI_OK;
}

/* Runs `units SUBCOMMAND`. */
int cli_cmd_units(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(units_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    int show = strcmp(argv[1], "show") == 0;
    if (!show && strcmp(argv[1], "list") != 0)
        return cli_usage_error("units", "unknown subcommand '%s'", argv[1]);
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    int rc = show ? units_show(db, argc, argv) : units_list(db, argc, argv);
    reg_close(db);
    return rc;
}
