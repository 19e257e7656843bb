/* `diming init`: create an empty registry. */
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"

static const char init_help[] =
    "usage: diming [--db PATH] init\n"
    "\n"
    "Creates an empty registry at PATH: the spatial metadata (EPSG 4490, 4326,\n"
    "4544) and every table at the current schema version.  Refuses to touch an\n"
    "existing file.\n";

/* Runs `init`.  Exit 1 if the file exists or cannot be created. */
int cli_cmd_init(const cli_env *env, int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) {
        fputs(init_help, stdout);
        return CLI_OK;
    }
    if (argc > 1)
        return cli_usage_error("init", "unexpected argument '%s'", argv[1]);
    struct stat st;
    if (stat(env->db_path, &st) == 0)
        return cli_fail("%s already exists; init creates a new registry only", env->db_path);
    reg_db *db = NULL;
    reg_error err = {0};
    if (reg_open(env->db_path, REG_OPEN_CREATE, &db, &err) != REG_OK)
        return cli_fail_reg(&err);
    reg_close(db);
    printf("created registry %s (schema %d)\n", env->db_path, reg_schema_version());
    return CLI_OK;
}
