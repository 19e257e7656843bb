/*
 * Output files written under a temporary name and renamed into place:
 * a reader of the final path sees the old file or the complete new one,
 * never a partial one.  (No fsync: this guards against failed writes, not
 * against power loss.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qr_internal.h"

/* See qr_internal.h. */
int qr_outfile_open(qr_outfile *f, const char *path)
{
    if (!f)
        return QR_EINVAL;
    f->fp = NULL;
    f->tmp = NULL;
    f->path = path;
    if (!path || !*path)
        return QR_EINVAL;

    static const char suffix[] = ".XXXXXX";
    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof suffix);
    if (!tmp)
        return QR_ENOMEM;
    memcpy(tmp, path, n);
    memcpy(tmp + n, suffix, sizeof suffix);

    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return QR_EIO;
    }
    /* mkstemp creates 0600; a QR image is public, make it 0644. */
    FILE *fp = fchmod(fd, 0644) == 0 ? fdopen(fd, "wb") : NULL;
    if (!fp) {
        close(fd);
        unlink(tmp);
        free(tmp);
        return QR_EIO;
    }
    f->fp = fp;
    f->tmp = tmp;
    return QR_OK;
}

/* See qr_internal.h. */
int qr_outfile_commit(qr_outfile *f)
{
    int rc = ferror(f->fp) ? QR_EIO : QR_OK;
    if (fclose(f->fp) != 0)
        rc = QR_EIO;
    f->fp = NULL;
    if (rc == QR_OK && rename(f->tmp, f->path) != 0)
        rc = QR_EIO;
    if (rc != QR_OK)
        unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
    return rc;
}

/* See qr_internal.h. */
void qr_outfile_abort(qr_outfile *f)
{
    if (f->fp)
        fclose(f->fp);
    f->fp = NULL;
    if (f->tmp)
        unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
}
