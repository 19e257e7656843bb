/* Shared by the unit tests (see support.h). */
#include <stdio.h>
#include <stdlib.h>

#include "registry.h"
#include "support.h"

char test_tmpdir[256];

/* See support.h. */
int test_group_setup(void **state)
{
    (void)state;
    snprintf(test_tmpdir, sizeof test_tmpdir, "/tmp/diming-test-XXXXXX");
    if (!mkdtemp(test_tmpdir))
        return -1;
    reg_global_init();
    return 0;
}

/* See support.h. */
int test_group_teardown(void **state)
{
    (void)state;
    reg_global_shutdown();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}
