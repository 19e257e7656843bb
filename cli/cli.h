/*
 * cli: the `diming` command line.  Parses `diming [--db PATH] COMMAND [ARGS]`
 * and runs one subcommand.  Exit status: 0 success, 1 user error (a one-line
 * message on stderr), 2 usage error.
 */
#ifndef DIMING_CLI_H
#define DIMING_CLI_H

#include "registry.h"

enum { CLI_OK = 0, CLI_EUSER = 1, CLI_EUSAGE = 2 };

/* What every subcommand receives: the database path already resolved from
 * --db, $DIMING_DB or ./diming.db. */
typedef struct cli_env {
    const char *db_path;
    const char *prog;
} cli_env;

/* A subcommand: argv[0] is the subcommand's name. */
typedef int (*cli_command_fn)(const cli_env *env, int argc, char **argv);

int cli_cmd_init(const cli_env *env, int argc, char **argv);
int cli_cmd_serve(const cli_env *env, int argc, char **argv);
int cli_cmd_import(const cli_env *env, int argc, char **argv);
int cli_cmd_export(const cli_env *env, int argc, char **argv);
int cli_cmd_token(const cli_env *env, int argc, char **argv);
int cli_cmd_units(const cli_env *env, int argc, char **argv);
int cli_cmd_synth(const cli_env *env, int argc, char **argv);
int cli_cmd_plates(const cli_env *env, int argc, char **argv);
int cli_cmd_doorplates(const cli_env *env, int argc, char **argv);
int cli_cmd_places(const cli_env *env, int argc, char **argv);
int cli_cmd_boundaries(const cli_env *env, int argc, char **argv);
int cli_cmd_rounds(const cli_env *env, int argc, char **argv);
int cli_cmd_inspections(const cli_env *env, int argc, char **argv);
int cli_cmd_check(const cli_env *env, int argc, char **argv);

/* Runs an import of kind (a KIND of `diming import`) with argv holding
 * the FILE and the options; command names the command in usage errors.
 * The aliases `places import`, `boundaries import` (kind "boundaries":
 * --kind lines|markers, else guessed from the file) and `inspections
 * import` call it too.  Exit status as for a command. */
int cli_import_kind(const cli_env *env, const char *command, const char *kind, int argc,
                    char **argv);

/* `synth doorplates` (cmd_synth.c), called by `synth` (cmd_synth_bound.c). */
int cli_cmd_synth_doorplates(const cli_env *env, int argc, char **argv);

/* Reads a plate code as people type it (qr_code_normalize) into code
 * (size bytes).  CLI_OK, or an exit status after printing why not. */
int cli_plate_code(const char *arg, char *code, size_t size);

/* `doorplates replace CODE` (cmd_doorplates_life.c): a new plate for the
 * same address, the old one retired with it as its replacement. */
int cli_doorplates_replace(reg_db *db, int argc, char **argv);

/* `doorplates state CODE STATE [--date D] [--replacement CODE]
 * [--retire-address]` (cmd_doorplates_life.c): a plate moved forward. */
int cli_doorplates_state(reg_db *db, int argc, char **argv);

/* `doorplates numbering ID [--odd-side left|right] [--direction
 * forward|reverse] [--spacing M] [--order distance|staff]`
 * (cmd_doorplates_numbering.c): prints the rule, after setting what the
 * options change. */
int cli_doorplates_numbering(reg_db *db, int argc, char **argv);

/* Prints "diming: MESSAGE" built from a printf format to stderr and returns
 * CLI_EUSER. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "diming COMMAND: MESSAGE (try --help)" to stderr, returns CLI_EUSAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints a registry error as one line on stderr and returns CLI_EUSER. */
int cli_fail_reg(const reg_error *err);

/* Opens the registry at env->db_path (must exist); on failure prints the
 * reason and returns NULL. */
reg_db *cli_open_db(const cli_env *env);

/* The actor recorded in the audit log for command-line writes: "cli:USER". */
const char *cli_actor(void);

/* Prints v as indented JSON on stdout and drops the reference.  CLI_OK,
 * or CLI_EUSER when v is NULL or cannot be written. */
int cli_print_json(json_t *v);

/* Parses a decimal number with bounds for option opt of command; 0, or -1
 * after printing a usage error. */
int cli_parse_double(const char *command, const char *opt, const char *text, double min,
                     double max, double *out);

/* 1 if arg is "-h" or "--help". */
int cli_is_help(const char *arg);

#endif
