/* `diming doorplates numbering ID [options]`: a street's or village
 * group's numbering rule (D2), shown and set from the command line, the
 * same registry calls as GET/PUT /api/v1/streets/{id}/numbering. */
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "reg_doorplates.h"

/* Sets *flag to 1 for yes_word, 0 for no_word; 1 if text was either. */
static int choice(const char *text, const char *yes_word, const char *no_word, int *flag)
{
    if (strcmp(text, yes_word) != 0 && strcmp(text, no_word) != 0)
        return 0;
    *flag = strcmp(text, yes_word) == 0;
    return 1;
}

/* See cli.h. */
int cli_doorplates_numbering(reg_db *db, int argc, char **argv)
{
    unsigned long id = 0;
    if (argc < 3 || cli_parse_uint(argv[2], 1, 999999999999UL, &id) != 0)
        return cli_usage_error("doorplates", "numbering needs a street or village group ID");
    reg_numbering_change c = {0, 0, 0, 0, reg_numbering_default()};
    for (int i = 3; i < argc; i++) {
        const char *opt = argv[i];
        const char *v = cli_option_value(argc, argv, &i);
        int ok;
        if (!v)
            return cli_usage_error("doorplates", "unexpected argument '%s'", opt);
        if (strcmp(opt, "--odd-side") == 0)
            ok = c.set_odd_left = choice(v, "left", "right", &c.to.odd_left);
        else if (strcmp(opt, "--direction") == 0)
            ok = c.set_reversed = choice(v, "reverse", "forward", &c.to.reversed);
        else if (strcmp(opt, "--spacing") == 0) {
            if (cli_parse_double("doorplates", opt, v, 1.0, 100.0, &c.to.spacing_m) != 0)
                return CLI_EUSAGE; /* the usage error is printed */
            ok = c.set_spacing = 1;
        }
        else if (strcmp(opt, "--order") == 0)
            ok = c.set_order = reg_numbering_order_parse(v, &c.to.order) == 0;
        else
            return cli_usage_error("doorplates", "unexpected argument '%s'", opt);
        if (!ok)
            return cli_usage_error("doorplates", "%s: bad value '%s'", opt, v);
    }
    reg_numbering_rule r;
    reg_error err = {0};
    int changes = c.set_odd_left || c.set_reversed || c.set_spacing || c.set_order;
    int rc = changes ? reg_numbering_change_apply(db, cli_actor(), (long)id, &c, &r, &err)
                     : reg_numbering_get(db, (long)id, &r, &err);
    if (rc != REG_OK)
        return cli_fail_reg(&err);
    return cli_print_json(reg_numbering_rule_json((long)id, &r));
}
