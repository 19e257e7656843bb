/* Shared helpers of the command line: errors, opening the registry, actor. */
#include <errno.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* See cli.h. */
int cli_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("diming: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_EUSER;
}

/* See cli.h. */
int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "diming %s: ", command ? command : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try 'diming %s --help')\n", command ? command : "");
    return CLI_EUSAGE;
}

/* See cli.h. */
int cli_fail_reg(const reg_error *err)
{
    if (!err || !err->code[0])
        return cli_fail("unknown error");
    if (err->field[0])
        return cli_fail("%s: %s (%s) [%s]", err->field, err->message_en, err->message_zh,
                        err->code);
    return cli_fail("%s (%s) [%s]", err->message_en, err->message_zh, err->code);
}

/* See cli.h. */
reg_db *cli_open_db(const cli_env *env)
{
    reg_db *db = NULL;
    reg_error err = {0};
    if (reg_open(env->db_path, 0, &db, &err) != REG_OK) {
        if (err.status == REG_ENOTFOUND)
            cli_fail("no registry at %s (create one with 'diming --db %s init')", env->db_path,
                     env->db_path);
        else
            cli_fail_reg(&err);
        return NULL;
    }
    return db;
}

/* See cli.h. */
const char *cli_actor(void)
{
    static char actor[80];
    if (actor[0])
        return actor;
    const char *user = getenv("USER");
    if (!user || !*user) {
        struct passwd *pw = getpwuid(getuid());
        user = pw ? pw->pw_name : "unknown";
    }
    snprintf(actor, sizeof actor, "cli:%s", user);
    return actor;
}

/* See cli.h. */
int cli_is_help(const char *arg)
{
    return arg && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0);
}

/* See cli.h. */
int cli_print_json(json_t *v)
{
    char *text = v ? json_dumps(v, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(v);
    if (!text)
        return cli_fail("out of memory");
    printf("%s\n", text);
    free(text);
    return CLI_OK;
}

/* See cli.h. */
int cli_parse_double(const char *command, const char *opt, const char *text, double min,
                     double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = text ? strtod(text, &end) : NAN;
    if (!text || errno || end == text || *end || !isfinite(v) || v < min || v > max) {
        cli_usage_error(command, "%s needs a number from %g to %g", opt, min, max);
        return -1;
    }
    *out = v;
    return 0;
}
