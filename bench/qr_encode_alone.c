/* bench/qr_encode_alone.c: for scale in bench/plates, one core encoding
 * the same QR codes with diming's qr_encode (libqrencode's encoder, the
 * mask chosen by qr_mask.c), as the baseline encodes them with
 * libqrencode alone.
 *   qr_encode_alone FILE   (one URL a line) -> "N codes in S s, version V" */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "qr.h"

int main(int argc, char **argv)
{
    FILE *f = argc == 2 ? fopen(argv[1], "r") : NULL;
    if (!f) {
        fprintf(stderr, "usage: qr_encode_alone FILE\n");
        return 2;
    }
    char line[512];
    long n = 0;
    int version = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        qr_symbol sym;
        if (qr_encode(line, QR_LEVEL_Q, &sym) != QR_OK) {
            fprintf(stderr, "cannot encode %s\n", line);
            fclose(f);
            return 1;
        }
        version = sym.version;
        qr_symbol_free(&sym);
        n++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fclose(f);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld codes in %.2f s (%.0f us a code, version %d)\n", n, s, s / (double)n * 1e6,
           version);
    return 0;
}
