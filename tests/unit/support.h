/*
 * Shared by the unit tests: a temporary directory per test program, with
 * the registry library initialised for the group.
 */
#ifndef DIMING_TEST_SUPPORT_H
#define DIMING_TEST_SUPPORT_H

/* The group's temp dir (set by test_group_setup). */
extern char test_tmpdir[256];

/* cmocka group setup: makes /tmp/diming-test-XXXXXX and calls
 * reg_global_init.  0, or -1 if the directory cannot be made. */
int test_group_setup(void **state);

/* cmocka group teardown: reg_global_shutdown and removes the temp dir. */
int test_group_teardown(void **state);

/* Sends request as it is to 127.0.0.1:port and reads the whole reply
 * (until the server closes) into reply, cap bytes with the NUL; fails the
 * test when the exchange cannot be made. */
void test_http_exchange(unsigned short port, const char *request, char *reply, size_t cap);

#endif
