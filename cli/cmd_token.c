/* `diming token`: create, list and revoke API tokens. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"

static const char token_help[] =
    "usage: diming [--db PATH] token create --name NAME --role staff|inspector|admin\n"
    "       diming [--db PATH] token list\n"
    "       diming [--db PATH] token revoke NAME\n"
    "\n"
    "create prints the new token once on stdout; only its SHA-256 is stored.\n"
    "Send it as 'Authorization: Bearer TOKEN'.  The token's name is the actor\n"
    "recorded in the audit log for every write made with it.\n";

/* `token create`: prints the token on stdout and nothing else. */
static int token_create(reg_db *db, int argc, char **argv)
{
    const char *name = NULL, *role_text = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--name") == 0)
            name = cli_option_value(argc, argv, &i);
        else if (strcmp(argv[i], "--role") == 0)
            role_text = cli_option_value(argc, argv, &i);
        else
            return cli_usage_error("token", "unknown argument '%s'", argv[i]);
    }
    if (!name || !role_text)
        return cli_usage_error("token", "create needs --name NAME and --role ROLE");
    reg_role role;
    if (reg_role_parse(role_text, &role) != REG_OK)
        return cli_usage_error("token", "role must be staff, inspector or admin");
    char token[128];
    reg_error err = {0};
    if (reg_token_create(db, cli_actor(), name, role, token, sizeof token, &err) != REG_OK)
        return cli_fail_reg(&err);
    printf("%s\n", token);
    return CLI_OK;
}

/* `token list`: one line per token: name, role, created, revoked. */
static int token_list(reg_db *db)
{
    json_t *list = NULL;
    reg_error err = {0};
    if (reg_token_list(db, &list, &err) != REG_OK)
        return cli_fail_reg(&err);
    size_t i;
    json_t *t;
    printf("%-24s %-10s %-24s %s\n", "NAME", "ROLE", "CREATED", "REVOKED");
    json_array_foreach(list, i, t) {
        const char *revoked = json_string_value(json_object_get(t, "revoked_at"));
        printf("%-24s %-10s %-24s %s\n", json_string_value(json_object_get(t, "name")),
               json_string_value(json_object_get(t, "role")),
               json_string_value(json_object_get(t, "created_at")), revoked ? revoked : "-");
    }
    json_decref(list);
    return CLI_OK;
}

/* Runs `token SUBCOMMAND`. */
int cli_cmd_token(const cli_env *env, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(token_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EUSAGE : CLI_OK;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "create") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "revoke") != 0)
        return cli_usage_error("token", "unknown subcommand '%s'", sub);
    if (strcmp(sub, "list") == 0 && argc != 2)
        return cli_usage_error("token", "list takes no arguments");
    if (strcmp(sub, "revoke") == 0 && argc != 3)
        return cli_usage_error("token", "revoke needs exactly one NAME");
    reg_db *db = cli_open_db(env);
    if (!db)
        return CLI_EUSER;
    int rc;
    if (strcmp(sub, "create") == 0) {
        rc = token_create(db, argc, argv);
    } else if (strcmp(sub, "list") == 0) {
        rc = token_list(db);
    } else {
        reg_error err = {0};
        rc = reg_token_revoke(db, cli_actor(), argv[2], &err) == REG_OK ? CLI_OK
                                                                        : cli_fail_reg(&err);
        if (rc == CLI_OK)
            printf("revoked %s\n", argv[2]);
    }
    reg_close(db);
    return rc;
}
