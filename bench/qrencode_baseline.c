/* bench/qrencode_baseline.c: the baseline of bench/plates: one core just
 * encoding QR codes with libqrencode, as diming's qr_encode does (an
 * all-uppercase URL as one alphanumeric segment, error correction Q).
 *   qrencode_baseline FILE   (one URL a line) -> "N codes in S s, version V" */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <qrencode.h>

int main(int argc, char **argv)
{
    FILE *f = argc == 2 ? fopen(argv[1], "r") : NULL;
    if (!f) {
        fprintf(stderr, "usage: qrencode_baseline FILE\n");
        return 2;
    }
    char line[512];
    long n = 0;
    int version = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        QRinput *in = QRinput_new2(0, QR_ECLEVEL_Q);
        QRcode *code = NULL;
        if (in && QRinput_append(in, QR_MODE_AN, (int)strlen(line), (unsigned char *)line) == 0)
            code = QRcode_encodeInput(in);
        QRinput_free(in);
        if (!code) {
            fprintf(stderr, "cannot encode %s\n", line);
            return 1;
        }
        version = code->version;
        QRcode_free(code);
        n++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fclose(f);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld codes in %.2f s (%.0f us a code, version %d)\n", n, s, s / (double)n * 1e6,
           version);
    return 0;
}
