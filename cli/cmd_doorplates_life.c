/* `diming doorplates replace|state`: a plate's lifecycle (D3) from the
 * command line, the same registry calls staff make over HTTP. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "qr.h"
#include "reg_doorplates.h"

/* See cli.h. */
int cli_plate_code(const char *arg, char *code, size_t size)
{
    char folded[128]; /* room for what people type around the 18 characters */
    int qrc = qr_code_normalize(arg, folded, sizeof folded);
    if (qrc == QR_ECHECK)
        return cli_fail("%s: the check character is wrong (misprinted or misread?)", arg);
    if (qrc != QR_OK || strlen(folded) >= size)
        return cli_fail("%s is not a plate code", arg);
    memcpy(code, folded, strlen(folded) + 1);
    return CLI_OK;
}

/* See cli.h. */
int cli_doorplates_replace(reg_db *db, int argc, char **argv)
{
    char code[REG_PLATE_CODE_BUF], fresh[REG_PLATE_CODE_BUF];
    if (argc != 3)
        return cli_usage_error("doorplates", "replace needs one CODE");
    int rc = cli_plate_code(argv[2], code, sizeof code);
    if (rc != CLI_OK)
        return rc;
    reg_error err = {0};
    if (reg_plate_replace(db, cli_actor(), code, fresh, &err) != REG_OK)
        return cli_fail_reg(&err);
    printf("%s retired, replaced by %s (entered)\n", code, fresh);
    return CLI_OK;
}

/* See cli.h. */
int cli_doorplates_state(reg_db *db, int argc, char **argv)
{
    char code[REG_PLATE_CODE_BUF], replacement[REG_PLATE_CODE_BUF] = "";
    const char *date = NULL;
    int retire_address = 0;
    if (argc < 4)
        return cli_usage_error("doorplates", "state needs CODE and STATE");
    int rc = cli_plate_code(argv[2], code, sizeof code);
    for (int i = 4; rc == CLI_OK && i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--date") == 0 && (v = cli_option_value(argc, argv, &i)))
            date = v;
        else if (strcmp(argv[i], "--replacement") == 0 && (v = cli_option_value(argc, argv, &i)))
            rc = cli_plate_code(v, replacement, sizeof replacement);
        else if (strcmp(argv[i], "--retire-address") == 0)
            retire_address = 1;
        else
            return cli_usage_error("doorplates", "unexpected argument '%s'", argv[i]);
    }
    if (rc != CLI_OK)
        return rc;
    reg_error err = {0};
    if (reg_plate_set_state(db, cli_actor(), code, argv[3], date,
                            replacement[0] ? replacement : NULL, retire_address,
                            &err) != REG_OK)
        return cli_fail_reg(&err);
    printf("%s %s\n", code, argv[3]);
    return CLI_OK;
}
