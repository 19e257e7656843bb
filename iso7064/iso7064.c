/*
 * iso7064.c: the MOD 11-2 check character (see iso7064.h).  Examples of
 * the standard, as reproduced by python-stdnum (stdnum/iso7064/mod_11_2.py):
 * "079" -> 'X', "0794" -> '0'.
 */
#include "iso7064.h"

/* See iso7064.h.  The running remainder p = 2 (p + d) mod 11 over the
 * digits in order weighs the last digit 2, the one before it 4, and so
 * on; the check value c makes p + c = 1 (mod 11). */
int iso7064_mod11_2(const char *digits, size_t n, char *out)
{
    if (!digits || !out || n == 0)
        return -1;
    unsigned p = 0;
    for (size_t i = 0; i < n; i++) {
        if (digits[i] < '0' || digits[i] > '9')
            return -1;
        p = (p + (unsigned)(digits[i] - '0')) * 2u % 11u;
    }
    unsigned c = (12u - p) % 11u;
    *out = c == 10u ? 'X' : (char)('0' + c);
    return 0;
}
