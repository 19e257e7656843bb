/*
 * Plates (D5): the sizes, parsing of size and kind names, validation of
 * a plate's fields, and writing a plate's SVG to a file.  The drawing
 * itself is in qr_plate_svg.c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qr_internal.h"

/* D5: sizes used by cities that issue QR plates (GB 17733 style). */
static const qr_plate_dims plate_dims[] = {
    [QR_SIZE_LARGE]  = { 570, 370, 120 },
    [QR_SIZE_MEDIUM] = { 270, 170, 75 },
    [QR_SIZE_SMALL]  = { 150, 90, 40 },
};

static const char *const size_names[] = {
    [QR_SIZE_LARGE] = "large", [QR_SIZE_MEDIUM] = "medium",
    [QR_SIZE_SMALL] = "small",
};

static const char *const kind_names[] = {
    [QR_PLATE_DOOR] = "door", [QR_PLATE_BUILDING] = "building",
    [QR_PLATE_UNIT] = "unit", [QR_PLATE_ROOM] = "room",
};

/* See qr.h. */
int qr_plate_size_dims(qr_plate_size size, qr_plate_dims *out)
{
    if (!out || (unsigned)size > (unsigned)QR_SIZE_SMALL)
        return QR_EINVAL;
    *out = plate_dims[size];
    return QR_OK;
}

/* See qr.h. */
int qr_plate_size_parse(const char *s, qr_plate_size *out)
{
    if (!s || !out)
        return QR_EINVAL;
    for (int i = QR_SIZE_LARGE; i <= QR_SIZE_SMALL; i++) {
        if (strcasecmp(s, size_names[i]) == 0) {
            *out = (qr_plate_size)i;
            return QR_OK;
        }
    }
    return QR_EINVAL;
}

/* See qr.h. */
int qr_plate_kind_parse(const char *s, qr_plate_kind *out)
{
    if (!s || !out)
        return QR_EINVAL;
    for (int i = QR_PLATE_DOOR; i <= QR_PLATE_ROOM; i++) {
        if (strcasecmp(s, kind_names[i]) == 0) {
            *out = (qr_plate_kind)i;
            return QR_OK;
        }
    }
    return QR_EINVAL;
}

/* 1 if s has a character other than ASCII space (s non-NULL). */
static int has_ink(const char *s)
{
    while (*s == ' ')
        s++;
    return *s != '\0';
}

/* 1 if an optional text is absent (NULL or "") or acceptable. */
static int optional_ok(const char *s, size_t max)
{
    return !s || !*s || qr_text_ok(s, max);
}

/* 1 if a required text is present, acceptable and not blank. */
static int required_ok(const char *s, size_t max)
{
    return s && qr_text_ok(s, max) && has_ink(s);
}

/* D4: an https:// URL of printable ASCII without spaces (the QR carries
 * it with no ECI header, so it must be ASCII), at most
 * QR_PLATE_URL_MAX bytes. */
static int url_ok(const char *u)
{
    if (!u || strnlen(u, QR_PLATE_URL_MAX + 1) > QR_PLATE_URL_MAX
        || strncasecmp(u, "https://", 8) != 0 || u[8] == '\0')
        return 0;
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        if (*p <= 0x20 || *p >= 0x7F)
            return 0;
    return 1;
}

/* See qr_internal.h. */
int qr_plate_check(const qr_plate *p)
{
    if (!p || (unsigned)p->kind > (unsigned)QR_PLATE_ROOM
        || (unsigned)p->size > (unsigned)QR_SIZE_SMALL
        || (unsigned)p->level > (unsigned)QR_LEVEL_H)
        return QR_EINVAL;
    if (p->kind == QR_PLATE_DOOR ? !required_ok(p->street, QR_PLATE_NAME_MAX)
                                 : !optional_ok(p->street, QR_PLATE_NAME_MAX))
        return QR_EINVAL;
    if (!optional_ok(p->street_pinyin, QR_PLATE_NAME_MAX)
        || !optional_ok(p->upper_line, QR_PLATE_NAME_MAX)
        || !optional_ok(p->code, QR_PLATE_CODE_MAX)
        || !required_ok(p->number, QR_PLATE_NUMBER_MAX)
        || !url_ok(p->url))
        return QR_EINVAL;
    return QR_OK;
}

/* See qr.h.  The document is built in memory first, so a bad plate never
 * creates a temporary file. */
int qr_plate_write_svg(const qr_plate *p, const char *path)
{
    if (!path || !*path)
        return QR_EINVAL;
    char *svg = NULL;
    size_t len = 0;
    int rc = qr_plate_svg(p, &svg, &len);
    if (rc != QR_OK)
        return rc;
    qr_outfile out;
    rc = qr_outfile_open(&out, path);
    if (rc != QR_OK) {
        free(svg);
        return rc;
    }
    if (fwrite(svg, 1, len, out.fp) != len) {
        free(svg);
        qr_outfile_abort(&out);
        return QR_EIO;
    }
    free(svg);
    return qr_outfile_commit(&out);
}
