/*
 * iso7064: the ISO/IEC 7064 MOD 11-2 check character (the system of the
 * Chinese citizen ID number, GB 11643), used by doorplate codes (D4).
 *
 * A leaf with no dependencies, shared by the two modules that need it and
 * may not use each other: registry/ computes the check character where it
 * allocates a plate code (and checks the codes an import brings), qr/
 * checks the codes people type or scan.  Neither depends on the other.
 *
 * MOD 11-2 is a pure system: digit d_i at position i from the right (the
 * check character is position 1) weighs 2^(i-1) mod 11, and a valid code
 * has sum(d_i * w_i) = 1 (mod 11), the check value 10 written 'X'.
 * Because 11 is prime and no weight is 0 mod 11, every single-character
 * substitution changes the sum; because neighbouring weights differ
 * (w_{i+1} - w_i = w_i != 0 mod 11), every transposition of two different
 * adjacent characters changes it too.
 */
#ifndef DIMING_ISO7064_H
#define DIMING_ISO7064_H

#include <stddef.h>

/* The check character ('0'-'9' or 'X') of the n ASCII digits at digits
 * into *out.  Returns 0, or -1 (out untouched) when digits or out is NULL,
 * n is 0, or one of the n bytes is not '0'-'9'.  Reads exactly n bytes. */
int iso7064_mod11_2(const char *digits, size_t n, char *out);

#endif
