/* Shared by the unit tests (see support.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

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

/* See support.h. */
void test_http_exchange(unsigned short port, const char *request, char *reply, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    size_t n = strlen(request);
    assert_int_equal(write(fd, request, n), (ssize_t)n);
    size_t got = 0;
    ssize_t r;
    while (got + 1 < cap && (r = read(fd, reply + got, cap - 1 - got)) > 0)
        got += (size_t)r;
    reply[got] = '\0';
    close(fd);
}

