/* `diming rounds`: joint-inspection rounds (B1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "reg_boundaries.h"

#define ROUNDS_LINES_MAX 4096

static const char rounds_help[] =
    "usage: diming [--db PATH] rounds create N --start YYYY-MM-DD [--end YYYY-MM-DD]\n"
    "                                [--name TEXT] [--line NUMBER[:TEAM:LEFT_REP:RIGHT_REP]]...\n"
    "       diming [--db PATH] rounds close N [--end YYYY-MM-DD]\n"
    "       diming [--db PATH] rounds reopen N\n"
    "       diming [--db PATH] rounds show N\n"
    "       diming [--db PATH] rounds list\n"
    "\n"
    "create opens round N (5 for the fifth round) with the lines given, or every\n"
    "registered line when none is, each with its team and the representatives of\n"
    "its left and right sides.  close ends it: records for it are refused from then\n"
    "on, and each line with records gets its last joint check (B1) set to the end\n"
    "date.  show prints the round as JSON with each line's progress.\n";

/* Splits "NUMBER:TEAM:LEFT:RIGHT" (text changed in place) into rl. */
static void rounds_line(char *text, reg_round_line *rl)
{
    char *parts[4] = {text, NULL, NULL, NULL};
    for (int k = 1; k < 4 && parts[k - 1]; k++) {
        char *c = strchr(parts[k - 1], ':');
        if (c) {
            *c = '\0';
            parts[k] = c + 1;
        }
    }
    *rl = (reg_round_line){parts[0], parts[1], parts[2], parts[3]};
}

/* `rounds create N ...`. */
static int rounds_create(reg_db *db, int argc, char **argv, unsigned long number)
{
    reg_round_input in = {.number = (int)number};
    reg_round_line *lines = calloc(ROUNDS_LINES_MAX, sizeof *lines);
    if (!lines)
        return cli_fail("out of memory");
    int rc = CLI_OK;
    for (int i = 3; rc == CLI_OK && i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--start") == 0 && (v = cli_option_value(argc, argv, &i)))
            in.start_date = v;
        else if (strcmp(argv[i], "--end") == 0 && (v = cli_option_value(argc, argv, &i)))
            in.end_date = v;
        else if (strcmp(argv[i], "--name") == 0 && (v = cli_option_value(argc, argv, &i)))
            in.name = v;
        else if (strcmp(argv[i], "--line") == 0 && in.nlines < ROUNDS_LINES_MAX &&
                 cli_option_value(argc, argv, &i))
            rounds_line(argv[i], &lines[in.nlines++]);
        else
            rc = cli_usage_error("rounds", "unexpected argument '%s'", argv[i]);
    }
    if (rc == CLI_OK && !in.start_date)
        rc = cli_usage_error("rounds", "create needs --start YYYY-MM-DD");
    in.lines = lines;
    reg_error err = {0};
    if (rc == CLI_OK && reg_round_create(db, cli_actor(), &in, &err) != REG_OK)
        rc = cli_fail_reg(&err);
    if (rc == CLI_OK)
        printf("round %lu created\n", number);
    free(lines);
    return rc;
}

/* `rounds close|reopen N`. */
static int rounds_status(reg_db *db, int argc, char **argv, unsigned long number, int close)
{
    reg_round_patch p = {.status = close ? "closed" : "open"};
    for (int i = 3; i < argc; i++) {
        if (close && strcmp(argv[i], "--end") == 0 && (p.end_date = cli_option_value(argc, argv, &i)))
            continue;
        return cli_usage_error("rounds", "unexpected argument '%s'", argv[i]);
    }
    reg_error err = {0};
    if (reg_round_update(db, cli_actor(), (int)number, &p, &err) != REG_OK)
        return cli_fail_reg(&err);
    printf("round %lu %s\n", number, close ? "closed" : "reopened");
    return CLI_OK;
}

/* `rounds list`. */
static int rounds_list(reg_db *db)
{
    json_t *list = NULL;
    reg_error err = {0};
    if (reg_round_list(db, &list, &err) != REG_OK)
        return cli_fail_reg(&err);
    size_t i;
    json_t *r;
    printf("%-6s %-8s %-10s %-10s %6s %8s  %s\n", "ROUND", "STATUS", "START", "END", "LINES",
           "RECORDS", "NAME");
    json_array_foreach(list, i, r) {
        const char *end = json_string_value(json_object_get(r, "end_date"));
        const char *name = json_string_value(json_object_get(r, "name"));
        printf("%-6lld %-8s %-10s %-10s %6lld %8lld  %s\n",
               (long long)json_integer_value(json_object_get(r, "number")),
               json_string_value(json_object_get(r, "status")),
               json_string_value(json_object_get(r, "start_date")), end ? end : "-",
               (long long)json_integer_value(json_object_get(r, "lines")),
               (long long)json_integer_value(json_object_get(r, "records")), name ? name : "");
    }
    json_decref(list);
    return CLI_OK;
}

/* Runs `rounds SUBCOMMAND`. */
int cli_cmd_rounds(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(rounds_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) {
            fputs(rounds_help, stdout);
            return CLI_OK;
        }
    const char *sub = argv[1];
    static const char *const subs[] = {"create", "close", "reopen", "show", "list"};
    size_t k = 0;
    while (k < 5 && strcmp(sub, subs[k]) != 0)
        k++;
    if (k == 5)
        return cli_usage_error("rounds", "unknown subcommand '%s'", sub);
    unsigned long number = 0;
    if (k < 4 && (argc < 3 || cli_parse_uint(argv[2], 1, 100000, &number) != 0))
        return cli_usage_error("rounds", "%s needs a round number N", sub);
    if ((k == 3 && argc != 3) || (k == 4 && argc != 2))
        return cli_usage_error("rounds", "%s takes no more arguments", sub);
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    int rc;
    reg_error err = {0};
    json_t *round = NULL;
    if (k == 0)
        rc = rounds_create(db, argc, argv, number);
    else if (k <= 2)
        rc = rounds_status(db, argc, argv, number, k == 1);
    else if (k == 3)
        rc = reg_round_get(db, (int)number, &round, &err) == REG_OK ? cli_print_json(round)
                                                                    : cli_fail_reg(&err);
    else
        rc = rounds_list(db);
    reg_close(db);
    return rc;
}
