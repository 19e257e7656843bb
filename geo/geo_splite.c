/*
 * geo_splite.c: a point in SpatiaLite's own BLOB-Geometry format, the
 * bytes MakePoint(x, y, srid) gives, made without a SQL function call
 * (bulk loads bind it).  The format (SpatiaLite's "BLOB-Geometry"):
 * 0x00, 0x01 (little-endian), SRID (int32), MBR min x, min y, max x,
 * max y (4 doubles), 0x7C, class 1 = POINT (int32), x, y, 0xFE.
 */
#include <stdint.h>
#include <string.h>

#include "geo.h"

/* Writes the n low bytes of v at p, least significant first. */
static void put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++, v >>= 8)
        p[i] = (unsigned char)(v & 0xFF);
}

/* Writes the double d at p, little-endian. */
static void put_double(unsigned char *p, double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    put_le(p, bits, 8);
}

/* See geo.h. */
int geo_splite_point(double x, double y, int srid, unsigned char *out)
{
    if (!out || x != x || y != y)
        return GEO_EINVAL;
    out[0] = 0x00;
    out[1] = 0x01;
    put_le(out + 2, (uint32_t)srid, 4);
    put_double(out + 6, x);
    put_double(out + 14, y);
    put_double(out + 22, x);
    put_double(out + 30, y);
    out[38] = 0x7C;
    put_le(out + 39, 1, 4);
    put_double(out + 43, x);
    put_double(out + 51, y);
    out[59] = 0xFE;
    return GEO_OK;
}
