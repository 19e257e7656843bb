/*
 * reg_rng.c: the seeded generator of the demonstration data (splitmix64),
 * so that the same seed always gives the same markers and records.
 */
#include "reg_bound_internal.h"

/* See reg_bound_internal.h. */
uint64_t reg_rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* See reg_bound_internal.h. */
double reg_rng_unit(uint64_t *s)
{
    return (double)(reg_rng_next(s) >> 11) / 9007199254740992.0;
}

/* See reg_bound_internal.h.  FNV-1a of the text from the mixed seed. */
uint64_t reg_rng_state(unsigned long seed, const char *text)
{
    uint64_t h = 1469598103934665603ULL ^ ((uint64_t)seed * 0x9e3779b97f4a7c15ULL);
    for (const char *p = text; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}
