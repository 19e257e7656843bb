/* The manifest of a batch of plates (see cli_render.h): written while the
 * plates are drawn, under a temporary name renamed into place once
 * complete, so that it is the batch's commit marker. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_render.h"
#include "import_csv.h"

#define MANIFEST_BUF (1 << 20) /* a write a megabyte */

/* The name of a draw status for the manifest. */
static const char *status_name(int status)
{
    switch (status) {
    case QR_OK: return "ok";
    case QR_EINVAL: return "invalid";
    case QR_ENOMEM: return "out_of_memory";
    case QR_EENCODE: return "encode_failed";
    default: return "write_failed";
    }
}

/* See cli_render.h. */
int cli_manifest_open(const cli_render_set *s, cli_manifest *m)
{
    static const char *const header[] = {"code", "kind", "number", "address", "file", "status"};
    m->f = NULL;
    m->failed = 0;
    if (!s->dir_open || !(m->buf = malloc(MANIFEST_BUF)))
        return -1;
    int fd = openat(s->dirfd, CLI_RENDER_MANIFEST_PART, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                    0644);
    if (fd < 0 || !(m->f = fdopen(fd, "wb"))) {
        if (fd >= 0) {
            close(fd);
            unlinkat(s->dirfd, CLI_RENDER_MANIFEST_PART, 0);
        }
        free(m->buf);
        return -1;
    }
    setvbuf(m->f, m->buf, _IOFBF, MANIFEST_BUF);
    m->failed = import_csv_write(m->f, header, 6) != 0;
    return 0;
}

/* See cli_render.h. */
void cli_manifest_row(cli_manifest *m, const cli_render_set *s, const cli_render_item *it)
{
    static const char *const kinds[] = {"door", "building", "unit", "room"};
    const char *t[CLI_RENDER_TEXTS];
    char file[CLI_RENDER_FILE_BUF];
    if (m->failed)
        return;
    cli_render_item_texts(it, t);
    cli_render_item_file(s, it, file);
    const char *row[] = {it->code, kinds[it->kind], t[3], t[5], file,
                         status_name(atomic_load(&it->status))};
    m->failed = import_csv_write(m->f, row, 6) != 0;
}

/* See cli_render.h. */
int cli_manifest_close(cli_manifest *m, const cli_render_set *s)
{
    int rc = m->failed ? -1 : 0;
    if (fclose(m->f) != 0)
        rc = -1;
    free(m->buf);
    m->f = NULL;
    m->buf = NULL;
    if (rc == 0 &&
        renameat(s->dirfd, CLI_RENDER_MANIFEST_PART, s->dirfd, CLI_RENDER_MANIFEST) != 0)
        rc = -1;
    if (rc != 0)
        unlinkat(s->dirfd, CLI_RENDER_MANIFEST_PART, 0);
    return rc;
}
