/*
 * Unit tests of the qr module: doorplate codes (D4: ISO 7064 MOD 11-2
 * check character, normalisation) and QR symbols (libqrencode, PNG, SVG),
 * decoded back by real readers: zbarimg, and rsvg-convert for SVG; whole
 * plates (D5) as SVG, checked by xmllint and read back the same way.
 * Missing tools make the tests fail, never skip.
 */
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <qrencode.h>

#include "qr.h"
#include "qr_internal.h"

/* A valid code (check character X) and the plate URL carrying it. */
#define CODE_X "62042210000000003X"
#define URL_UPPER "HTTPS://DM.HUINING.GOV.CN/P/" CODE_X
#define URL_LOWER "https://dm.huining.gov.cn/p/62042210000000003x"

/* ---- helpers ---------------------------------------------------------- */

/* Fails the test unless the shell finds program name. */
static void require_tool(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    if (system(cmd) != 0)
        fail_msg("%s is not installed (Debian: zbar-tools / librsvg2-bin / "
                 "libxml2-utils); "
                 "this test needs it", name);
}

/* Runs cmd (a shell command line), returns its stdout in out (NUL-
 * terminated, trailing newlines removed) and its exit status. */
static int run_capture(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return pclose(p);
}

/* Decodes the QR code in image file path with zbarimg into out. */
static void zbar_decode(const char *path, char *out, size_t cap)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null", path);
    int st = run_capture(cmd, out, cap);
    if (st != 0)
        fail_msg("zbarimg could not decode %s (status %d)", path, st);
}

/* A fresh temporary directory; the caller removes it with rm_tree. */
static void make_tmpdir(char *dir, size_t cap)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, cap, "%s/test_qr.XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(dir));
}

/* Removes directory dir and what the tests put in it (one level, plus
 * one level of subdirectories). */
static void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[1024];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (unlink(p) != 0)
                rm_tree(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Number of entries in dir other than . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* Reads up to cap bytes of file path into buf; returns the count. */
static size_t read_file(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* ---- check characters ------------------------------------------------- */

/* Known values: the ISO 7064 examples (as in python-stdnum's
 * iso7064/mod_11_2.py: "079" -> X, "0794" -> 0) and the GB 11643 sample
 * citizen ID 11010519491231002X. */
static void test_check_char_known(void **state)
{
    (void)state;
    char c = '?';
    assert_int_equal(qr_check_char("079", &c), QR_OK);
    assert_int_equal(c, 'X');
    assert_int_equal(qr_check_char("0794", &c), QR_OK);
    assert_int_equal(c, '0');
    assert_int_equal(qr_check_char("11010519491231002", &c), QR_OK);
    assert_int_equal(c, 'X');
    assert_int_equal(qr_check_char("44052418800101001", &c), QR_OK);
    assert_int_equal(c, '4');
    assert_int_equal(qr_check_char("0", &c), QR_OK);   /* 0 + c = 1 */
    assert_int_equal(c, '1');
    assert_int_equal(qr_check_char("1", &c), QR_OK);   /* 2 + 10 = 12 */
    assert_int_equal(c, 'X');

    char code[80];
    assert_int_equal(qr_code_make("11010519491231002", code, sizeof code), QR_OK);
    assert_string_equal(code, "11010519491231002X");
    assert_int_equal(qr_code_make("62042210000000003", code, 19), QR_OK);
    assert_string_equal(code, CODE_X);
    assert_int_equal(qr_code_make("62042210000000003", code, 18), QR_EINVAL);

    /* 1..64 digits. */
    char digits[70];
    memset(digits, '7', 64);
    digits[64] = '\0';
    assert_int_equal(qr_check_char(digits, &c), QR_OK);
    assert_int_equal(qr_code_make(digits, code, 66), QR_OK);
    assert_int_equal(strlen(code), 65);
    digits[64] = '7';
    digits[65] = '\0';
    assert_int_equal(qr_check_char(digits, &c), QR_EINVAL);
    assert_int_equal(qr_code_make(digits, code, sizeof code), QR_EINVAL);
    assert_int_equal(qr_check_char("", &c), QR_EINVAL);
    assert_int_equal(qr_check_char("12a4", &c), QR_EINVAL);
    assert_int_equal(qr_check_char("12X", &c), QR_EINVAL);
    assert_int_equal(qr_check_char("１２", &c), QR_EINVAL);  /* fold first */
}

/* Deterministic 64-bit LCG (Knuth's MMIX constants). */
static uint64_t lcg_next(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

/* D4: for 10,000 codes 620422 + township + 8-digit serial + check, every
 * single-character substitution (each position, each other of 0-9X) and
 * every transposition of two different adjacent characters is rejected:
 * QR_EINVAL when it puts X before the last place, QR_ECHECK otherwise. */
static void test_detects_substitutions_and_transpositions(void **state)
{
    (void)state;
    static const int townships[] = { 100, 101, 102, 103, 104, 105, 106, 107,
        108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121,
        122, 123, 202, 204, 213, 225 };
    static const char alphabet[] = "0123456789X";
    const size_t nt = sizeof townships / sizeof townships[0];
    uint64_t seed = 20240501u;
    long subst = 0, transp = 0, with_x = 0;
    char digits[32], code[32], bad[32], out[66];

    for (int i = 0; i < 10000; i++) {
        int t = townships[lcg_next(&seed) % nt];
        unsigned long serial = (unsigned long)(lcg_next(&seed) % 100000000u);
        snprintf(digits, sizeof digits, "620422%03d%08lu", t, serial);
        assert_int_equal(qr_code_make(digits, code, sizeof code), QR_OK);
        assert_int_equal(strlen(code), 18);
        assert_int_equal(qr_code_normalize(code, out, sizeof out), QR_OK);
        assert_string_equal(out, code);
        if (code[17] == 'X')
            with_x++;

        for (int pos = 0; pos < 18; pos++) {
            for (const char *a = alphabet; *a; a++) {
                if (*a == code[pos])
                    continue;
                memcpy(bad, code, sizeof bad);
                bad[pos] = *a;
                int want = (*a == 'X' && pos < 17) ? QR_EINVAL : QR_ECHECK;
                int rc = qr_code_normalize(bad, out, sizeof out);
                if (rc != want)
                    fail_msg("substitution %s -> %s gave %d, want %d",
                             code, bad, rc, want);
                subst++;
            }
        }
        for (int pos = 0; pos + 1 < 18; pos++) {
            if (code[pos] == code[pos + 1])
                continue;
            memcpy(bad, code, sizeof bad);
            bad[pos] = code[pos + 1];
            bad[pos + 1] = code[pos];
            int want = bad[pos] == 'X' ? QR_EINVAL : QR_ECHECK;
            int rc = qr_code_normalize(bad, out, sizeof out);
            if (rc != want)
                fail_msg("transposition %s -> %s gave %d, want %d",
                         code, bad, rc, want);
            transp++;
        }
    }
    print_message("detection: 10000 codes (%ld ending in X), %ld substitutions"
                  " and %ld adjacent transpositions, all rejected\n",
                  with_x, subst, transp);
    assert_int_equal(subst, 10000L * 18 * 10);
    assert_true(with_x > 0);
}

/* ---- normalisation ---------------------------------------------------- */

/* Expects qr_code_normalize(in) to give rc and, unless QR_EINVAL, want. */
static void expect_norm(const char *in, int rc, const char *want)
{
    char out[66];
    memset(out, '#', sizeof out);
    int got = qr_code_normalize(in, out, sizeof out);
    if (got != rc)
        fail_msg("normalize(\"%s\") = %d, want %d", in, got, rc);
    assert_string_equal(out, rc == QR_EINVAL ? "" : want);
}

/* Full-width digits and X, lowercase x, spaces, tabs and every accepted
 * hyphen or dash fold to the same code. */
static void test_normalize_folds(void **state)
{
    (void)state;
    const char *id = "11010519491231002X";
    expect_norm(id, QR_OK, id);
    expect_norm("11010519491231002x", QR_OK, id);
    expect_norm("１１０１０５１９４９１２３１００２Ｘ", QR_OK, id);
    expect_norm("１１０１０５１９４９１２３１００２ｘ", QR_OK, id);
    expect_norm(" 110105 19491231 002x\t", QR_OK, id);
    expect_norm("110105-19491231-002X", QR_OK, id);
    expect_norm("110105\xE3\x80\x80" "19491231\xEF\xBC\x8D" "002X", QR_OK, id);
    expect_norm("1\xE2\x80\x90" "1\xE2\x80\x91" "0\xE2\x80\x92" "1\xE2\x80\x93"
                "0\xE2\x80\x94" "5\xE2\x80\x95" "19491231002X", QR_OK, id);
    expect_norm("０７９４０", QR_OK, "07940");
    expect_norm("079x", QR_OK, "079X");
    expect_norm("0 1", QR_OK, "01");
    /* Well-formed but wrong check: the folded code is still reported. */
    expect_norm("0794-1", QR_ECHECK, "07941");
    expect_norm("１１０１０５１９４９１２３１００２０", QR_ECHECK,
                "110105194912310020");
    expect_norm("0790", QR_ECHECK, "0790");
}

/* Shapes that are not a code: QR_EINVAL and out "". */
static void test_normalize_bad_shapes(void **state)
{
    (void)state;
    expect_norm("", QR_EINVAL, "");
    expect_norm("   - ", QR_EINVAL, "");
    expect_norm("1", QR_EINVAL, "");          /* no room for a check */
    expect_norm("X", QR_EINVAL, "");
    expect_norm("XX", QR_EINVAL, "");
    expect_norm("X1", QR_EINVAL, "");
    expect_norm("07X40", QR_EINVAL, "");      /* X only as check */
    expect_norm("0794O", QR_EINVAL, "");      /* letter O */
    expect_norm("07_940", QR_EINVAL, "");
    expect_norm("07940\n", QR_EINVAL, "");
    expect_norm("０７９４０：", QR_EINVAL, "");  /* U+FF1A */
    expect_norm("0794\xEF\xBC", QR_EINVAL, "");  /* truncated UTF-8 */
    expect_norm("0794\xEF", QR_EINVAL, "");
    expect_norm("\xC0\xB0" "7940", QR_EINVAL, ""); /* overlong '0' */
    expect_norm("0794\xE2\x80\x96" "0", QR_EINVAL, ""); /* U+2016 */
    expect_norm("0794\xE2\x80\x8F" "0", QR_EINVAL, ""); /* U+200F */

    /* Length: 64 digits + check is the longest code. */
    char digits[80], code[80];
    memset(digits, '3', 64);
    digits[64] = '\0';
    assert_int_equal(qr_code_make(digits, code, sizeof code), QR_OK);
    expect_norm(code, QR_OK, code);
    char longer[90];
    snprintf(longer, sizeof longer, "3%s", code);   /* 66 characters */
    expect_norm(longer, QR_EINVAL, "");
    /* ... however many separators surround it. */
    char spaced[400];
    size_t k = 0;
    for (size_t i = 0; code[i]; i++) {
        spaced[k++] = code[i];
        spaced[k++] = '-';
        spaced[k++] = ' ';
    }
    spaced[k] = '\0';
    expect_norm(spaced, QR_OK, code);

    /* out must hold 66 bytes. */
    char small[65];
    assert_int_equal(qr_code_normalize("07940", small, sizeof small), QR_EINVAL);
}

/* ---- encoding --------------------------------------------------------- */

/* Smallest version (1-10) whose capacity at level holds n characters,
 * from the ISO/IEC 18004 capacity tables; 0 if none. */
static int min_version(const int cap[10][4], int level, int n)
{
    for (int v = 0; v < 10; v++)
        if (cap[v][level] >= n)
            return v + 1;
    return 0;
}

/* Alphanumeric and byte capacities, versions 1-10, levels L M Q H. */
static const int cap_an[10][4] = {
    { 25, 20, 16, 10 }, { 47, 38, 29, 20 }, { 77, 61, 47, 35 },
    { 114, 90, 67, 50 }, { 154, 122, 87, 64 }, { 195, 154, 108, 84 },
    { 224, 178, 125, 93 }, { 279, 221, 157, 122 }, { 335, 262, 189, 143 },
    { 395, 311, 221, 174 } };
static const int cap_8[10][4] = {
    { 17, 14, 11, 7 }, { 32, 26, 20, 14 }, { 53, 42, 32, 24 },
    { 78, 62, 46, 34 }, { 106, 84, 60, 44 }, { 134, 106, 74, 58 },
    { 154, 122, 86, 64 }, { 192, 152, 108, 84 }, { 230, 180, 130, 98 },
    { 271, 213, 151, 119 } };

/* D4: the uppercase plate URL is encoded in alphanumeric mode: its
 * version is exactly the smallest whose alphanumeric capacity holds it,
 * and never larger than the version of the lowercase URL in 8-bit mode. */
static void test_encode_alphanumeric_vs_8bit(void **state)
{
    (void)state;
    static const char *names = "LMQH";
    int n = (int)strlen(URL_UPPER);
    assert_int_equal(n, 46);
    for (int lv = QR_LEVEL_L; lv <= QR_LEVEL_H; lv++) {
        qr_symbol an, b8;
        assert_int_equal(qr_encode(URL_UPPER, (qr_level)lv, &an), QR_OK);
        assert_int_equal(qr_encode(URL_LOWER, (qr_level)lv, &b8), QR_OK);
        print_message("level %c: alphanumeric version %d (%d modules), "
                      "8-bit lowercase version %d (%d modules)\n",
                      names[lv], an.version, an.width, b8.version, b8.width);
        assert_int_equal(an.version, min_version(cap_an, lv, n));
        assert_int_equal(an.width, 17 + 4 * an.version);
        assert_true(an.version <= b8.version);
        assert_true(b8.version <= min_version(cap_8, lv, n));
        for (int i = 0; i < an.width * an.width; i++)
            assert_true(an.dark[i] <= 1);
        qr_symbol_free(&an);
        qr_symbol_free(&b8);
        assert_null(an.dark);
    }
}

/* libqrencode's encoder with a given mask (see qr_encode.c). */
extern QRcode *QRcode_encodeMask(QRinput *input, int mask);

/* libqrencode's own symbol for text as one alphanumeric segment at level
 * lv, masked by QRcode_encodeInput() (mask < 0) or with mask.  NULL if it
 * does not encode. */
static QRcode *reference_symbol(const char *text, int lv, int mask)
{
    static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q,
                                       QR_ECLEVEL_H};
    QRinput *in = QRinput_new2(0, levels[lv]);
    assert_non_null(in);
    QRcode *code = NULL;
    if (QRinput_append(in, QR_MODE_AN, (int)strlen(text), (const unsigned char *)text) == 0)
        code = mask < 0 ? QRcode_encodeInput(in) : QRcode_encodeMask(in, mask);
    QRinput_free(in);
    return code;
}

/* The mask qr_encode chooses by bit rows (qr_mask.c) is the one
 * libqrencode chooses: on 10,000 alphanumeric texts, plate URLs and
 * random ones of 1 to 320 characters (versions 1 to 14: past 11 the
 * choice is libqrencode's own) at every level, qr_encode's symbol equals
 * QRcode_encodeInput()'s module for module, and each of the eight masks is
 * chosen somewhere. */
static void test_mask_same_as_libqrencode(void **state)
{
    (void)state;
    static const char set[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    uint32_t seed = 20261129;
    int chosen[8] = {0}, wide = 0;
    char text[400];
    for (int t = 0; t < 10000; t++) {
        int lv = t % 4;
        seed = seed * 1103515245u + 12345u;
        if (t % 2 == 0) { /* a plate URL: host, /P/, 18 code characters */
            int n = snprintf(text, sizeof text, "HTTPS://DM.HUINING%u.GOV.CN/P/6204221",
                             seed % 1000);
            for (int i = 0; i < 11; i++, n++) {
                seed = seed * 1103515245u + 12345u;
                text[n] = (char)('0' + (seed >> 16) % 10);
            }
            text[n++] = (seed >> 20) % 11 == 10 ? 'X' : (char)('0' + (seed >> 20) % 10);
            text[n] = '\0';
        } else {
            int n = 1 + (int)((seed >> 8) % 320);
            for (int i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                text[i] = set[(seed >> 16) % (sizeof set - 1)];
            }
            text[n] = '\0';
        }
        qr_symbol s;
        assert_int_equal(qr_encode(text, (qr_level)lv, &s), QR_OK);
        QRcode *ref = reference_symbol(text, lv, -1);
        assert_non_null(ref);
        assert_int_equal(s.width, ref->width);
        assert_int_equal(s.version, ref->version);
        for (int i = 0; i < ref->width * ref->width; i++)
            if (s.dark[i] != (ref->data[i] & 1))
                fail_msg("\"%s\" at level %d: module %d differs", text, lv, i);
        if (ref->width > 64) {
            wide++;
        } else {
            QRcode *m0 = reference_symbol(text, lv, 0);
            assert_non_null(m0);
            int m = qr_mask_choose(m0->data, m0->width, (qr_level)lv);
            assert_in_range(m, 0, 7);
            chosen[m]++;
            QRcode_free(m0);
        }
        QRcode_free(ref);
        qr_symbol_free(&s);
    }
    for (int m = 0; m < 8; m++) {
        print_message("mask %d chosen %d times\n", m, chosen[m]);
        assert_true(chosen[m] > 0);
    }
    assert_true(wide > 0);
    unsigned char frame[21 * 21] = {0};
    assert_int_equal(qr_mask_choose(NULL, 21, QR_LEVEL_Q), -1);
    assert_int_equal(qr_mask_choose(frame, 20, QR_LEVEL_Q), -1);
    assert_int_equal(qr_mask_choose(frame, 65, QR_LEVEL_Q), -1);
    assert_int_equal(qr_mask_choose(frame, 21, (qr_level)4), -1);
}

/* Encoding errors: empty text, bad level, text beyond version 40. */
static void test_encode_errors(void **state)
{
    (void)state;
    qr_symbol s = { 5, 5, NULL };
    assert_int_equal(qr_encode("", QR_LEVEL_Q, &s), QR_EINVAL);
    assert_int_equal(s.width, 0);
    assert_int_equal(qr_encode("A", (qr_level)4, &s), QR_EINVAL);
    assert_int_equal(qr_encode("A", (qr_level)-1, &s), QR_EINVAL);

    size_t big = 8000;
    char *text = malloc(big + 1);
    assert_non_null(text);
    memset(text, 'a', big);
    text[big] = '\0';
    assert_int_equal(qr_encode(text, QR_LEVEL_L, &s), QR_EENCODE);
    text[1300] = '\0';   /* 1300 bytes: more than 40-H holds (1273) */
    assert_int_equal(qr_encode(text, QR_LEVEL_H, &s), QR_EENCODE);
    assert_null(s.dark);
    text[1250] = '\0';   /* fits 40-H, not 39-H (1219) */
    assert_int_equal(qr_encode(text, QR_LEVEL_H, &s), QR_OK);
    assert_int_equal(s.version, 40);
    qr_symbol_free(&s);
    free(text);
    qr_symbol_free(&s);    /* twice: zeroed, still fine */
    qr_symbol_free(NULL);
}

/* ---- PNG and SVG through real readers --------------------------------- */

/* PNG at Q, scale 4: a 1-bit greyscale image of (width + 8) * 4 px that
 * zbarimg reads back as the exact URL; also the 8-bit lowercase URL. */
static void test_png_roundtrip(void **state)
{
    (void)state;
    require_tool("zbarimg");
    char dir[512], path[600], text[512];
    make_tmpdir(dir, sizeof dir);
    const char *urls[] = { URL_UPPER, URL_LOWER };
    for (int i = 0; i < 2; i++) {
        qr_symbol s;
        assert_int_equal(qr_encode(urls[i], QR_LEVEL_Q, &s), QR_OK);
        snprintf(path, sizeof path, "%s/plate%d.png", dir, i);
        assert_int_equal(qr_write_png(&s, 4, path), QR_OK);

        unsigned char head[32];
        assert_int_equal(read_file(path, head, sizeof head), sizeof head);
        assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
        assert_memory_equal(head + 12, "IHDR", 4);
        unsigned long w = ((unsigned long)head[16] << 24)
            | ((unsigned long)head[17] << 16) | ((unsigned long)head[18] << 8)
            | head[19];
        assert_int_equal(w, (unsigned long)(s.width + 8) * 4);
        assert_int_equal(head[24], 1);   /* bit depth */
        assert_int_equal(head[25], 0);   /* colour type: greyscale */

        zbar_decode(path, text, sizeof text);
        assert_string_equal(text, urls[i]);
        qr_symbol_free(&s);
    }
    /* Only the two PNGs: no temporary file left behind. */
    assert_int_equal(count_entries(dir), 2);
    rm_tree(dir);
}

/* SVG file: xmlns, viewBox with the quiet zone, width/height, crispEdges;
 * rasterised by rsvg-convert, zbarimg reads back the exact URL. */
static void test_svg_roundtrip(void **state)
{
    (void)state;
    require_tool("zbarimg");
    require_tool("rsvg-convert");
    char dir[512], path[600], png[700], cmd[1600], text[512];
    make_tmpdir(dir, sizeof dir);
    qr_symbol s;
    assert_int_equal(qr_encode(URL_UPPER, QR_LEVEL_Q, &s), QR_OK);
    snprintf(path, sizeof path, "%s/plate.svg", dir);
    assert_int_equal(qr_write_svg(&s, 10, path), QR_OK);

    char svg[20000];
    size_t n = read_file(path, (unsigned char *)svg, sizeof svg - 1);
    svg[n] = '\0';
    char want[200];
    int w = s.width + 8;
    snprintf(want, sizeof want, "viewBox=\"0 0 %d %d\" width=\"%d\" "
             "height=\"%d\"", w, w, w * 10, w * 10);
    assert_non_null(strstr(svg, want));
    assert_non_null(strstr(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "shape-rendering=\"crispEdges\""));
    assert_non_null(strstr(svg, "</svg>"));

    snprintf(png, sizeof png, "%s.png", path);
    snprintf(cmd, sizeof cmd, "rsvg-convert -w 400 '%s' -o '%s' 2>&1",
             path, png);
    char msg[512];
    int st = run_capture(cmd, msg, sizeof msg);
    if (st != 0)
        fail_msg("rsvg-convert failed (%d): %s", st, msg);
    zbar_decode(png, text, sizeof text);
    assert_string_equal(text, URL_UPPER);
    qr_symbol_free(&s);
    assert_int_equal(count_entries(dir), 2);
    rm_tree(dir);
}

/* A failed write leaves nothing: a missing directory, and a final path
 * that is a directory (the rename fails after the whole file was written;
 * the temporary file must be gone). */
static void test_write_failures(void **state)
{
    (void)state;
    char dir[512], path[600];
    make_tmpdir(dir, sizeof dir);
    qr_symbol s;
    assert_int_equal(qr_encode(URL_UPPER, QR_LEVEL_Q, &s), QR_OK);

    snprintf(path, sizeof path, "%s/missing/plate.png", dir);
    assert_int_equal(qr_write_png(&s, 4, path), QR_EIO);
    assert_int_equal(qr_write_svg(&s, 4, path), QR_EIO);

    snprintf(path, sizeof path, "%s/taken", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    char inner[700];
    snprintf(inner, sizeof inner, "%s/keep", path);
    FILE *f = fopen(inner, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(qr_write_png(&s, 4, path), QR_EIO);
    assert_int_equal(qr_write_svg(&s, 4, path), QR_EIO);
    assert_int_equal(count_entries(dir), 1);

    /* Bad scales. */
    snprintf(path, sizeof path, "%s/plate.png", dir);
    assert_int_equal(qr_write_png(&s, 0, path), QR_EINVAL);
    assert_int_equal(qr_write_png(&s, 65, path), QR_EINVAL);
    assert_int_equal(qr_write_svg(&s, -1, path), QR_EINVAL);
    assert_int_equal(count_entries(dir), 1);
    qr_symbol_free(&s);
    rm_tree(dir);
}

/* ---- SVG fragment ----------------------------------------------------- */

/* Number formatting: up to three decimals, no trailing zeros, no
 * exponent, large coordinates exact. */
static void test_fmt_num(void **state)
{
    (void)state;
    char b[QR_NUM_MAX];
    assert_int_equal(qr_fmt_num(0, b), 1);
    assert_string_equal(b, "0");
    qr_fmt_num(12, b);
    assert_string_equal(b, "12");
    qr_fmt_num(0.5, b);
    assert_string_equal(b, "0.5");
    qr_fmt_num(0.1 + 0.2, b);
    assert_string_equal(b, "0.3");
    qr_fmt_num(1234567.125, b);
    assert_string_equal(b, "1234567.125");
    qr_fmt_num(35500000.25, b);
    assert_string_equal(b, "35500000.25");
    qr_fmt_num(-2.0270, b);
    assert_string_equal(b, "-2.027");
    qr_fmt_num(-0.0001, b);
    assert_string_equal(b, "0");
    qr_fmt_num(1e9, b);
    assert_string_equal(b, "1000000000");
    assert_int_equal(qr_fmt_num(1.5e9, b), -1);
    assert_string_equal(b, "");
    assert_int_equal(qr_fmt_num(NAN, b), -1);
}

/* The fragment is one white <rect> and one black <path>; drawn at (0, 0)
 * with module 1, its runs cover exactly the dark modules, offset by the
 * quiet zone.  Placed at large coordinates, numbers stay exact. */
static void test_svg_fragment(void **state)
{
    (void)state;
    qr_symbol s;
    assert_int_equal(qr_encode(URL_UPPER, QR_LEVEL_Q, &s), QR_OK);
    size_t need = 0;
    assert_int_equal(qr_svg_fragment(&s, 0, 0, 1, NULL, 0, &need), QR_ENOMEM);
    assert_true(need > 0);
    char *buf = malloc(need + 1);
    assert_non_null(buf);
    size_t len = 0;
    assert_int_equal(qr_svg_fragment(&s, 0, 0, 1, buf, need + 1, &len), QR_OK);
    assert_int_equal(len, need);
    assert_int_equal(strlen(buf), len);
    print_message("svg fragment of a %dx%d symbol: %zu bytes\n",
                  s.width, s.width, len);

    char rect[128];
    snprintf(rect, sizeof rect, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\""
             " fill=\"#fff\"/><path fill=\"#000\" d=\"", s.width + 8, s.width + 8);
    assert_int_equal(strncmp(buf, rect, strlen(rect)), 0);
    assert_null(strstr(buf + 1, "<rect"));
    assert_null(strstr(strstr(buf, "<path") + 1, "<path"));

    /* Paint the runs and compare with the symbol. */
    int w = s.width;
    unsigned char *seen = calloc((size_t)w * (size_t)w, 1);
    assert_non_null(seen);
    const char *p = buf + strlen(rect);
    int x0, y0, x1, y1, x2, used;
    while (sscanf(p, "M%d %dH%dV%dH%dz%n", &x0, &y0, &x1, &y1, &x2, &used) == 5) {
        assert_int_equal(x2, x0);
        assert_int_equal(y1, y0 + 1);
        assert_true(x0 >= 4 && x1 > x0 && x1 <= w + 4);
        assert_true(y0 >= 4 && y0 < w + 4);
        for (int x = x0; x < x1; x++) {
            assert_int_equal(seen[(y0 - 4) * w + (x - 4)], 0);
            seen[(y0 - 4) * w + (x - 4)] = 1;
        }
        p += used;
    }
    assert_string_equal(p, "\"/>");
    assert_memory_equal(seen, s.dark, (size_t)w * (size_t)w);
    free(seen);

    /* Too small by one: QR_ENOMEM, "" and the size needed. */
    len = 0;
    assert_int_equal(qr_svg_fragment(&s, 0, 0, 1, buf, need, &len), QR_ENOMEM);
    assert_int_equal(len, need);
    assert_string_equal(buf, "");
    char tiny[16];
    assert_int_equal(qr_svg_fragment(&s, 0, 0, 1, tiny, sizeof tiny, &len),
                     QR_ENOMEM);
    assert_string_equal(tiny, "");
    free(buf);

    /* Large and fractional coordinates: exact, no exponent. */
    char big[20000];
    assert_int_equal(qr_svg_fragment(&s, 35512345.5, 3950000.25, 0.125,
                                     big, sizeof big, &len), QR_OK);
    assert_non_null(strstr(big, "<rect x=\"35512345.5\" y=\"3950000.25\""));
    assert_non_null(strstr(big, "M35512346 3950000.75H"));  /* x + 4 * 0.125 */
    assert_null(strchr(strstr(big, " d=\"") + 4, 'e'));   /* no 1e+07 */

    /* Bad numbers. */
    assert_int_equal(qr_svg_fragment(&s, 0, 0, 0, big, sizeof big, &len), QR_EINVAL);
    assert_int_equal(qr_svg_fragment(&s, 0, 0, -1, big, sizeof big, &len), QR_EINVAL);
    assert_int_equal(qr_svg_fragment(&s, NAN, 0, 1, big, sizeof big, &len),
                     QR_EINVAL);
    assert_int_equal(qr_svg_fragment(&s, 1e9, 0, 1, big, sizeof big, &len),
                     QR_EINVAL);
    assert_int_equal(qr_svg_fragment(&s, 0, 0, 1e308, big, sizeof big, &len),
                     QR_EINVAL);
    qr_symbol_free(&s);
}

/* ---- NULL and malformed arguments ------------------------------------- */

/* Every function returns QR_EINVAL for NULL pointers and bad symbols. */
static void test_null_arguments(void **state)
{
    (void)state;
    char c, out[80], buf[64];
    size_t len;
    qr_symbol s;
    assert_int_equal(qr_check_char(NULL, &c), QR_EINVAL);
    assert_int_equal(qr_check_char("079", NULL), QR_EINVAL);
    assert_int_equal(qr_code_make(NULL, out, sizeof out), QR_EINVAL);
    assert_int_equal(qr_code_make("079", NULL, sizeof out), QR_EINVAL);
    assert_int_equal(qr_code_normalize(NULL, out, sizeof out), QR_EINVAL);
    assert_int_equal(qr_code_normalize("079X", NULL, sizeof out), QR_EINVAL);
    assert_int_equal(qr_encode(NULL, QR_LEVEL_Q, &s), QR_EINVAL);
    assert_int_equal(qr_encode("A", QR_LEVEL_Q, NULL), QR_EINVAL);
    assert_int_equal(qr_write_png(NULL, 4, "/tmp/x.png"), QR_EINVAL);
    assert_int_equal(qr_write_svg(NULL, 4, "/tmp/x.svg"), QR_EINVAL);
    assert_int_equal(qr_svg_fragment(NULL, 0, 0, 1, buf, sizeof buf, &len),
                     QR_EINVAL);

    assert_int_equal(qr_encode("A", QR_LEVEL_Q, &s), QR_OK);
    assert_int_equal(qr_write_png(&s, 4, NULL), QR_EINVAL);
    assert_int_equal(qr_write_png(&s, 4, ""), QR_EINVAL);
    assert_int_equal(qr_write_svg(&s, 4, NULL), QR_EINVAL);
    assert_int_equal(qr_svg_fragment(&s, 0, 0, 1, NULL, sizeof buf, &len),
                     QR_EINVAL);
    assert_int_equal(qr_svg_fragment(&s, 0, 0, 1, buf, sizeof buf, NULL),
                     QR_EINVAL);

    /* A symbol without modules or with an impossible width. */
    qr_symbol bad = { 21, 1, NULL };
    assert_int_equal(qr_write_png(&bad, 4, "/tmp/x.png"), QR_EINVAL);
    bad.dark = s.dark;
    bad.width = 20;
    assert_int_equal(qr_svg_fragment(&bad, 0, 0, 1, buf, sizeof buf, &len),
                     QR_EINVAL);
    bad.width = 178;
    assert_int_equal(qr_write_svg(&bad, 4, "/tmp/x.svg"), QR_EINVAL);
    qr_symbol_free(&s);
}

/* ---- whole plates (D5) ------------------------------------------------ */

/* The plate URL of the tests (D4: https, uppercase for alphanumeric). */
#define PLATE_URL URL_UPPER

/* Fails the test unless xmllint finds path well-formed. */
static void xml_wellformed(const char *path)
{
    char cmd[1024], msg[2048];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2>&1", path);
    int st = run_capture(cmd, msg, sizeof msg);
    if (st != 0)
        fail_msg("xmllint: %s is not well-formed XML (%d): %s", path, st, msg);
}

/* Rasterises SVG path to path.png at 1200 px wide with rsvg-convert and
 * decodes it with zbarimg into text. */
static void svg_decode(const char *path, char *text, size_t cap)
{
    char png[1100], cmd[2400], msg[1024];
    snprintf(png, sizeof png, "%s.png", path);
    snprintf(cmd, sizeof cmd, "rsvg-convert -w 1200 '%s' -o '%s' 2>&1",
             path, png);
    int st = run_capture(cmd, msg, sizeof msg);
    if (st != 0)
        fail_msg("rsvg-convert failed on %s (%d): %s", path, st, msg);
    zbar_decode(png, text, cap);
}

/* |a - b| <= tol. */
static int near(double a, double b, double tol)
{
    double d = a - b;
    return d <= tol && d >= -tol;
}

/* Number of non-overlapping occurrences of needle in hay. */
static int count_str(const char *hay, const char *needle)
{
    int n = 0;
    size_t m = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + m, needle))
        n++;
    return n;
}

/* Checks the QR of svg (plate dims d, symbol of PLATE_URL at level lv):
 * one white square of exactly d->qr_mm (quiet zone included) inside the
 * plate on its right half, the module path scaled so that width + 8
 * modules span exactly that square, starting with the finder pattern's
 * top row 4 modules in, its runs covering exactly the dark modules.
 * Returns the square's x. */
static double check_qr_square(const char *svg, const qr_plate_dims *d,
                              qr_level lv)
{
    qr_symbol s;
    assert_int_equal(qr_encode(PLATE_URL, lv, &s), QR_OK);
    char want[96];
    snprintf(want, sizeof want, "\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
             d->qr_mm, d->qr_mm);
    const char *end = strstr(svg, want);
    assert_non_null(end);
    assert_int_equal(count_str(svg, want), 1);
    const char *rect = end;
    while (rect > svg && strncmp(rect, "<rect", 5) != 0)
        rect--;
    double x = -1, y = -1;
    assert_int_equal(sscanf(rect, "<rect x=\"%lf\" y=\"%lf\"", &x, &y), 2);
    assert_true(x > d->width_mm / 2.0);
    assert_true(x + d->qr_mm < d->width_mm);
    assert_true(y > 0 && y + d->qr_mm < d->height_mm);

    const char *path = strstr(end, "<path transform=\"translate(");
    assert_non_null(path);
    double px, py, scale;
    int used = 0;
    assert_int_equal(sscanf(path, "<path transform=\"translate(%lf %lf) "
                            "scale(%lf)\"%n", &px, &py, &scale, &used), 3);
    assert_true(used > 0);
    assert_true(near(px, x, 1e-9) && near(py, y, 1e-9));
    double side = scale * (s.width + 8);
    if (!near(side, d->qr_mm, 1e-4))
        fail_msg("QR square: %d modules x %.6f = %.6f mm, want %d mm",
                 s.width + 8, scale, side, d->qr_mm);
    const char *dp = strstr(path, " d=\"");
    assert_non_null(dp);
    dp += 4;
    assert_int_equal(strncmp(dp, "M4 4v1h7v-1h", 12), 0);

    /* Paint the runs (module units, quiet zone 4) and compare: a row is
     * "M x y", then "v1h N v-1" a run with "h GAP" between runs, then
     * "z"; rows go down. */
    int w = s.width;
    unsigned char *seen = calloc((size_t)w * (size_t)w, 1);
    assert_non_null(seen);
    int x0, y0, used2, last_row = 3;
    while (sscanf(dp, "M%d %d%n", &x0, &y0, &used2) == 2) {
        assert_true(y0 > last_row && y0 < w + 4);
        last_row = y0;
        dp += used2;
        for (int c = x0;;) {
            int n1;
            assert_int_equal(sscanf(dp, "v1h%dv-1%n", &n1, &used2), 1);
            assert_true(c >= 4 && n1 > 0 && c + n1 <= w + 4);
            for (int e = c + n1; c < e; c++) {
                assert_int_equal(seen[(y0 - 4) * w + (c - 4)], 0);
                seen[(y0 - 4) * w + (c - 4)] = 1;
            }
            dp += used2;
            if (*dp == 'z')
                break;
            assert_int_equal(sscanf(dp, "h%d%n", &n1, &used2), 1);
            assert_true(n1 > 0);
            c += n1;
            dp += used2;
        }
        dp++;
    }
    assert_int_equal(strncmp(dp, "\"/>", 3), 0);
    assert_memory_equal(seen, s.dark, (size_t)w * (size_t)w);
    free(seen);
    qr_symbol_free(&s);
    return x;
}

/* Every <text> with a textLength spans, once scaled, no more than the
 * room it was fitted to: inside the plate, and left of the QR square at
 * xq unless it is centred under the QR (the code). */
static void check_text_boxes(const char *svg, const qr_plate_dims *d,
                             double xq)
{
    for (const char *t = strstr(svg, "<text "); t;
         t = strstr(t + 1, "<text ")) {
        const char *close = strchr(t, '>');
        assert_non_null(close);
        const char *tl = strstr(t, "textLength=\"");
        if (!tl || tl > close)
            continue;
        double cx, y, sx = 1, len = 0;
        assert_int_equal(sscanf(t, "<text transform=\"translate(%lf %lf)",
                                &cx, &y), 2);
        const char *sc = strstr(t, "scale(");
        if (sc && sc < close)
            assert_int_equal(sscanf(sc, "scale(%lf 1)", &sx), 1);
        assert_int_equal(sscanf(tl, "textLength=\"%lf\"", &len), 1);
        assert_true(len > 0 && sx > 0 && sx <= 1);
        double left = cx - sx * len / 2, right = cx + sx * len / 2;
        assert_true(left >= 0 && right <= d->width_mm);
        if (cx < xq)
            assert_true(right <= xq);
        else
            assert_true(left >= xq - 0.01 && right <= xq + d->qr_mm + 0.01);
    }
}

/* Sizes, their D5 millimetres and names; kind names. */
static void test_plate_sizes(void **state)
{
    (void)state;
    static const int want[3][3] = { { 570, 370, 120 }, { 270, 170, 75 },
                                    { 150, 90, 40 } };
    static const char *names[3] = { "large", "medium", "small" };
    for (int i = 0; i < 3; i++) {
        qr_plate_dims d;
        assert_int_equal(qr_plate_size_dims((qr_plate_size)i, &d), QR_OK);
        assert_int_equal(d.width_mm, want[i][0]);
        assert_int_equal(d.height_mm, want[i][1]);
        assert_int_equal(d.qr_mm, want[i][2]);
        qr_plate_size z = (qr_plate_size)-1;
        assert_int_equal(qr_plate_size_parse(names[i], &z), QR_OK);
        assert_int_equal(z, i);
    }
    qr_plate_dims d;
    qr_plate_size z = QR_SIZE_SMALL;
    assert_int_equal(qr_plate_size_dims((qr_plate_size)3, &d), QR_EINVAL);
    assert_int_equal(qr_plate_size_dims((qr_plate_size)-1, &d), QR_EINVAL);
    assert_int_equal(qr_plate_size_dims(QR_SIZE_LARGE, NULL), QR_EINVAL);
    assert_int_equal(qr_plate_size_parse("MEDIUM", &z), QR_OK);
    assert_int_equal(z, QR_SIZE_MEDIUM);
    assert_int_equal(qr_plate_size_parse("mediu", &z), QR_EINVAL);
    assert_int_equal(qr_plate_size_parse("", &z), QR_EINVAL);
    assert_int_equal(qr_plate_size_parse("medium ", &z), QR_EINVAL);
    assert_int_equal(qr_plate_size_parse(NULL, &z), QR_EINVAL);
    assert_int_equal(qr_plate_size_parse("small", NULL), QR_EINVAL);
    assert_int_equal(z, QR_SIZE_MEDIUM);

    static const char *kinds[4] = { "door", "building", "unit", "room" };
    for (int i = 0; i < 4; i++) {
        qr_plate_kind k = (qr_plate_kind)-1;
        assert_int_equal(qr_plate_kind_parse(kinds[i], &k), QR_OK);
        assert_int_equal(k, i);
    }
    qr_plate_kind k = QR_PLATE_ROOM;
    assert_int_equal(qr_plate_kind_parse("Door", &k), QR_OK);
    assert_int_equal(k, QR_PLATE_DOOR);
    assert_int_equal(qr_plate_kind_parse("doors", &k), QR_EINVAL);
    assert_int_equal(qr_plate_kind_parse(NULL, &k), QR_EINVAL);
    assert_int_equal(qr_plate_kind_parse("door", NULL), QR_EINVAL);
}

/* One plate of each kind, with what it prints and must show. */
typedef struct plate_case {
    qr_plate_kind kind;
    const char *street, *pinyin, *number, *upper;
    const char *shown;      /* the number and its suffix as in the SVG */
} plate_case;

static const plate_case plate_cases[] = {
    { QR_PLATE_DOOR, "会师南路", "HUISHI NANLU", "12", "会宁县会师镇",
      ">12<tspan font-size=\"" },
    { QR_PLATE_BUILDING, "城南小区", "Chengnan Xiaoqu", "3", "会师镇城南社区",
      ">3<tspan font-size=\"" },
    { QR_PLATE_UNIT, "城南小区3号楼", NULL, "2", NULL,
      ">2<tspan font-size=\"" },
    { QR_PLATE_ROOM, NULL, NULL, "301", NULL, ">301<tspan font-size=\"" },
};
static const char *const plate_suffix[] = { ">号</tspan>", ">号楼</tspan>",
                                            ">单元</tspan>", ">室</tspan>" };

/* D5: every kind at every size: the whole SVG has the blue background,
 * the mm width/height and viewBox, the texts, the fonts by name, the QR
 * square of exactly the D5 side; it is well-formed XML (xmllint), the
 * file written by qr_plate_write_svg is the same document, and
 * rsvg-convert + zbarimg read the exact URL back from the whole plate. */
static void test_plate_kinds_and_sizes(void **state)
{
    (void)state;
    require_tool("xmllint");
    require_tool("rsvg-convert");
    require_tool("zbarimg");
    char dir[512], path[700], text[512];
    make_tmpdir(dir, sizeof dir);
    int files = 0;
    for (size_t c = 0; c < sizeof plate_cases / sizeof plate_cases[0]; c++) {
        const plate_case *pc = &plate_cases[c];
        for (int sz = QR_SIZE_LARGE; sz <= QR_SIZE_SMALL; sz++) {
            qr_plate p = { pc->kind, (qr_plate_size)sz, pc->street,
                           pc->pinyin, pc->number, pc->upper, CODE_X,
                           PLATE_URL, QR_LEVEL_Q };
            qr_plate_dims d;
            assert_int_equal(qr_plate_size_dims(p.size, &d), QR_OK);
            char *svg = NULL;
            size_t len = 0;
            assert_int_equal(qr_plate_svg(&p, &svg, &len), QR_OK);
            assert_non_null(svg);
            assert_int_equal(strlen(svg), len);

            char want[160];
            snprintf(want, sizeof want, " width=\"%dmm\" height=\"%dmm\" "
                     "viewBox=\"0 0 %d %d\">", d.width_mm, d.height_mm,
                     d.width_mm, d.height_mm);
            assert_non_null(strstr(svg, want));
            static const char head[] = "<?xml version=\"1.0\" encoding="
                "\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"";
            assert_int_equal(strncmp(svg, head, sizeof head - 1), 0);
            snprintf(want, sizeof want, "<rect width=\"%d\" height=\"%d\" rx=",
                     d.width_mm, d.height_mm);
            assert_non_null(strstr(svg, want));
            assert_non_null(strstr(svg, "fill=\"#0F4C9A\"/>"));
            assert_non_null(strstr(svg, "fill=\"none\" stroke=\"#fff\""));
            assert_non_null(strstr(svg, "<g fill=\"#fff\" font-family=\""
                                   "'Source Han Sans SC', 'Noto Sans CJK SC',"
                                   " SimHei, 'Microsoft YaHei', sans-serif\""));
            assert_non_null(strstr(svg, pc->shown));
            assert_non_null(strstr(svg, plate_suffix[pc->kind]));
            assert_non_null(strstr(svg, ">" CODE_X "</text>"));
            const char *opt[3] = { pc->street, pc->pinyin, pc->upper };
            for (int i = 0; i < 3; i++) {
                if (!opt[i])
                    continue;
                snprintf(want, sizeof want, ">%s</text>", opt[i]);
                if (!strstr(svg, want))
                    fail_msg("kind %d size %d: no %s", pc->kind, sz, want);
            }
            if (pc->pinyin)
                assert_non_null(strstr(svg, "font-family=\"Arial, Helvetica, "
                                       "'Liberation Sans', 'DejaVu Sans', "
                                       "sans-serif\">"));
            double xq = check_qr_square(svg, &d, p.level);
            check_text_boxes(svg, &d, xq);

            snprintf(path, sizeof path, "%s/plate-%zu-%d.svg", dir, c, sz);
            assert_int_equal(qr_plate_write_svg(&p, path), QR_OK);
            char *back = malloc(len + 2);
            assert_non_null(back);
            assert_int_equal(read_file(path, (unsigned char *)back, len + 1),
                             len);
            assert_memory_equal(back, svg, len);
            free(back);
            xml_wellformed(path);
            svg_decode(path, text, sizeof text);
            assert_string_equal(text, PLATE_URL);
            files += 2;
            print_message("plate kind %d size %d: %zu bytes, read back\n",
                          pc->kind, sz, len);
            free(svg);
        }
    }
    /* Only the SVGs and their PNGs: no temporary file left behind. */
    assert_int_equal(count_entries(dir), files);
    rm_tree(dir);
}

/* Every text is XML-escaped: & < > " ' in the street, pinyin, number,
 * upper line and code; the document stays well-formed and scannable. */
static void test_plate_escaping(void **state)
{
    (void)state;
    require_tool("xmllint");
    require_tool("rsvg-convert");
    require_tool("zbarimg");
    qr_plate p = { QR_PLATE_DOOR, QR_SIZE_MEDIUM, "A&B<街>路",
                   "A&B \"Jie\" Lu's", "1<2", "</text>&amp;", "62-0'42\"&",
                   PLATE_URL, QR_LEVEL_H };
    char *svg = NULL;
    size_t len = 0;
    assert_int_equal(qr_plate_svg(&p, &svg, &len), QR_OK);
    assert_non_null(strstr(svg, ">A&amp;B&lt;街&gt;路</text>"));
    assert_non_null(strstr(svg, ">A&amp;B &quot;Jie&quot; Lu&apos;s</text>"));
    assert_non_null(strstr(svg, ">1&lt;2<tspan"));
    assert_non_null(strstr(svg, ">&lt;/text&gt;&amp;amp;</text>"));
    assert_non_null(strstr(svg, ">62-0&apos;42&quot;&amp;</text>"));
    assert_null(strstr(svg, "A&B"));
    assert_null(strstr(svg, "<街"));
    assert_null(strstr(svg, "1<2"));
    assert_int_equal(count_str(svg, "</text>"), 5);

    char dir[512], path[700], text[512];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/escaped.svg", dir);
    assert_int_equal(qr_plate_write_svg(&p, path), QR_OK);
    xml_wellformed(path);
    svg_decode(path, text, sizeof text);
    assert_string_equal(text, PLATE_URL);
    free(svg);
    rm_tree(dir);
}

/* Long texts are fitted (textLength, spacingAndGlyphs, a condensing
 * scale) and stay in their boxes; short ones are left alone; a number
 * already ending in its suffix does not get it twice. */
static void test_plate_fitting(void **state)
{
    (void)state;
    char name[80], pinyin[80];
    /* 21 ideographs = 63 bytes, within QR_PLATE_NAME_MAX. */
    name[0] = '\0';
    for (int i = 0; i < 21; i++)
        strcat(name, "巷");
    memset(pinyin, 'W', 64);
    pinyin[64] = '\0';
    for (int sz = QR_SIZE_LARGE; sz <= QR_SIZE_SMALL; sz++) {
        qr_plate_dims d;
        assert_int_equal(qr_plate_size_dims((qr_plate_size)sz, &d), QR_OK);
        qr_plate p = { QR_PLATE_DOOR, (qr_plate_size)sz, name, pinyin,
                       "1234567890123456", name, CODE_X "-" CODE_X,
                       PLATE_URL, QR_LEVEL_Q };
        char *svg = NULL;
        size_t len = 0;
        assert_int_equal(qr_plate_svg(&p, &svg, &len), QR_OK);
        /* All five texts (code, upper line, street, pinyin, number) are
         * too long for their boxes and fitted. */
        assert_int_equal(count_str(svg, " lengthAdjust=\"spacingAndGlyphs\""),
                         5);
        assert_true(count_str(svg, " scale(0.7 1)\" text-anchor=\"start\"")
                    >= 3);
        double xq = check_qr_square(svg, &d, p.level);
        check_text_boxes(svg, &d, xq);
        free(svg);

        qr_plate q = { QR_PLATE_DOOR, (qr_plate_size)sz, "会师南路", NULL,
                       "12号", NULL, NULL, PLATE_URL, QR_LEVEL_Q };
        assert_int_equal(qr_plate_svg(&q, &svg, &len), QR_OK);
        const char *street = strstr(svg, ">会师南路</text>");
        assert_non_null(street);
        const char *tag = street;
        while (tag > svg && strncmp(tag, "<text ", 6) != 0)
            tag--;
        char start[400];
        snprintf(start, sizeof start, "%.*s", (int)(street - tag), tag);
        assert_null(strstr(start, "textLength"));
        assert_null(strstr(start, "scale("));
        assert_null(strstr(svg, "<tspan"));
        assert_non_null(strstr(svg, ">12号</text>"));
        assert_int_equal(count_str(svg, "<text "), 2);   /* no code line */
        free(svg);

        /* 楼牌 numbers given as 5栋 / 5号楼 keep their own ending. */
        q.kind = QR_PLATE_BUILDING;
        q.number = "5栋";
        assert_int_equal(qr_plate_svg(&q, &svg, &len), QR_OK);
        assert_non_null(strstr(svg, ">5栋</text>"));
        free(svg);
        q.number = "5号楼";
        assert_int_equal(qr_plate_svg(&q, &svg, &len), QR_OK);
        assert_non_null(strstr(svg, ">5号楼</text>"));
        free(svg);
        q.kind = QR_PLATE_ROOM;
        q.number = "3-301";
        assert_int_equal(qr_plate_svg(&q, &svg, &len), QR_OK);
        assert_non_null(strstr(svg, ">3-301<tspan"));
        assert_non_null(strstr(svg, ">室</tspan></text>"));
        free(svg);
    }
}

/* The longest URL (QR_PLATE_URL_MAX bytes) at level H: the document
 * grows past its first 16 KiB, the QR square keeps the D5 side (smaller
 * modules), and the plate still scans. */
static void test_plate_long_url(void **state)
{
    (void)state;
    require_tool("xmllint");
    require_tool("rsvg-convert");
    require_tool("zbarimg");
    char url[QR_PLATE_URL_MAX + 1];
    int n = snprintf(url, sizeof url, "https://dm.huining.gov.cn/p/");
    for (int i = n; i < QR_PLATE_URL_MAX; i++)
        url[i] = (char)('a' + i % 26);
    url[QR_PLATE_URL_MAX] = '\0';
    char dir[512], path[700], text[512];
    make_tmpdir(dir, sizeof dir);
    for (int sz = QR_SIZE_LARGE; sz <= QR_SIZE_SMALL; sz++) {
        qr_plate p = { QR_PLATE_DOOR, (qr_plate_size)sz, "会师南路",
                       "Huishi Nanlu", "12", NULL, CODE_X, url, QR_LEVEL_H };
        qr_plate_dims d;
        assert_int_equal(qr_plate_size_dims(p.size, &d), QR_OK);
        char *svg = NULL;
        size_t len = 0;
        assert_int_equal(qr_plate_svg(&p, &svg, &len), QR_OK);
        assert_true(len > 16384);
        char want[96];
        snprintf(want, sizeof want, " width=\"%d\" height=\"%d\" "
                 "fill=\"#fff\"/>", d.qr_mm, d.qr_mm);
        assert_non_null(strstr(svg, want));
        free(svg);
        snprintf(path, sizeof path, "%s/long-%d.svg", dir, sz);
        assert_int_equal(qr_plate_write_svg(&p, path), QR_OK);
        xml_wellformed(path);
        svg_decode(path, text, sizeof text);
        assert_string_equal(text, url);
    }
    rm_tree(dir);
}

/* Expects qr_plate_svg(p) to fail with rc, leaving *out NULL and *len 0. */
static void expect_plate_fails(const qr_plate *p, int rc, const char *what)
{
    char *svg = (char *)"untouched";
    size_t len = 99;
    int got = qr_plate_svg(p, &svg, &len);
    if (got != rc)
        fail_msg("%s: qr_plate_svg gave %d, want %d", what, got, rc);
    assert_null(svg);
    assert_int_equal(len, 0);
}

/* Bad input: QR_EINVAL, and qr_plate_write_svg writes nothing. */
static void test_plate_bad_input(void **state)
{
    (void)state;
    const qr_plate good = { QR_PLATE_DOOR, QR_SIZE_MEDIUM, "会师南路",
                            "Huishi Nanlu", "12", "会师镇", CODE_X,
                            PLATE_URL, QR_LEVEL_Q };
    char *svg = NULL;
    size_t len = 0;
    assert_int_equal(qr_plate_svg(&good, &svg, &len), QR_OK);
    free(svg);
    expect_plate_fails(NULL, QR_EINVAL, "NULL plate");
    assert_int_equal(qr_plate_svg(&good, NULL, &len), QR_EINVAL);
    assert_int_equal(qr_plate_svg(&good, &svg, NULL), QR_EINVAL);
    assert_null(svg);

    char n64[80], n65[80], num16[20], num17[20], url256[300], url257[300],
         code65[80], code66[80];
    memset(n64, 'a', 64);
    n64[64] = '\0';
    memcpy(n65, n64, 64);
    memcpy(n65 + 64, "b", 2);
    memset(num16, '9', 16);
    num16[16] = '\0';
    memcpy(num17, num16, 16);
    memcpy(num17 + 16, "9", 2);
    memset(code65, '7', 65);
    code65[65] = '\0';
    memcpy(code66, code65, 65);
    memcpy(code66 + 65, "7", 2);
    snprintf(url256, sizeof url256, "https://dm.huining.gov.cn/p/");
    memset(url256 + strlen(url256), 'Q', 256 - strlen(url256));
    url256[256] = '\0';
    memcpy(url257, url256, 256);
    memcpy(url257 + 256, "Q", 2);

    /* Limits are inclusive: 64, 16, 65, 256 bytes are fine. */
    qr_plate p = good;
    p.street = n64;
    p.street_pinyin = n64;
    p.upper_line = n64;
    p.number = num16;
    p.code = code65;
    p.url = url256;
    assert_int_equal(qr_plate_svg(&p, &svg, &len), QR_OK);
    free(svg);

    struct { const char *what; qr_plate p; } bad[40];
    int nb = 0;
#define BAD(field, value) do { \
        bad[nb].what = #field " = " #value; \
        bad[nb].p = good; \
        bad[nb].p.field = value; \
        nb++; \
    } while (0)
    BAD(kind, (qr_plate_kind)4);
    BAD(kind, (qr_plate_kind)-1);
    BAD(size, (qr_plate_size)3);
    BAD(level, (qr_level)4);
    BAD(street, NULL);               /* required on a 门牌 */
    BAD(street, "");
    BAD(street, "   ");
    BAD(street, n65);
    BAD(street, "会师\n南路");        /* control character */
    BAD(street, "会师\x7f南路");
    BAD(street, "\xE4\xBC");          /* truncated UTF-8 */
    BAD(street, "\xC0\xAF");          /* overlong '/' */
    BAD(street, "\xED\xA0\x80");      /* surrogate */
    BAD(street, "\xEF\xBF\xBE");      /* U+FFFE */
    BAD(street, "\xC2\x85");          /* C1 NEL */
    BAD(street_pinyin, n65);
    BAD(street_pinyin, "Huishi\tNanlu");
    BAD(upper_line, n65);
    BAD(upper_line, "\xFF");
    BAD(number, NULL);
    BAD(number, "");
    BAD(number, " ");
    BAD(number, num17);
    BAD(number, "1\x01");
    BAD(code, code66);
    BAD(code, "62\r04");
    BAD(url, NULL);
    BAD(url, "");
    BAD(url, "https://");
    BAD(url, "http://dm.huining.gov.cn/p/1");     /* D4: https only */
    BAD(url, "dm.huining.gov.cn/p/1");
    BAD(url, "https://dm.huining.gov.cn/p/1 2");
    BAD(url, "https://dm.huining.gov.cn/p/会宁");  /* no ECI: ASCII only */
    BAD(url, url257);
#undef BAD
    assert_true(nb <= (int)(sizeof bad / sizeof bad[0]));

    char dir[512], path[700];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/bad.svg", dir);
    for (int i = 0; i < nb; i++) {
        expect_plate_fails(&bad[i].p, QR_EINVAL, bad[i].what);
        assert_int_equal(qr_plate_write_svg(&bad[i].p, path), QR_EINVAL);
    }
    assert_int_equal(count_entries(dir), 0);

    /* Optional fields may be NULL or "" (a 户牌 with only its number). */
    qr_plate room = { QR_PLATE_ROOM, QR_SIZE_SMALL, NULL, "", "301", NULL,
                      "", PLATE_URL, QR_LEVEL_H };
    assert_int_equal(qr_plate_svg(&room, &svg, &len), QR_OK);
    assert_int_equal(count_str(svg, "<text "), 1);
    free(svg);
    room.street = "";
    assert_int_equal(qr_plate_svg(&room, &svg, &len), QR_OK);
    free(svg);

    /* Paths: NULL, empty, a missing directory (QR_EIO, nothing left). */
    assert_int_equal(qr_plate_write_svg(&good, NULL), QR_EINVAL);
    assert_int_equal(qr_plate_write_svg(&good, ""), QR_EINVAL);
    assert_int_equal(qr_plate_write_svg(NULL, path), QR_EINVAL);
    snprintf(path, sizeof path, "%s/missing/plate.svg", dir);
    assert_int_equal(qr_plate_write_svg(&good, path), QR_EIO);
    assert_int_equal(count_entries(dir), 0);
    rm_tree(dir);
}

/* The internal pieces: the capped buffer refuses to grow past its cap
 * (QR_ENOMEM, and stays failed), fast numbers match qr_fmt_num, and the
 * width estimate counts CJK as 1 em. */
static void test_plate_buffer(void **state)
{
    (void)state;
    qr_sbuf b;
    assert_int_equal(qr_sbuf_init(&b, 4, 16), QR_OK);
    QR_SBUF_LIT(&b, "0123456789");
    assert_int_equal(b.err, QR_OK);
    assert_string_equal(b.buf, "0123456789");
    qr_sbuf_xml(&b, "<&>");       /* "&lt;" fits 16 bytes, "&amp;" not */
    assert_int_equal(b.err, QR_ENOMEM);
    assert_int_equal(b.cap, 16);
    assert_int_equal(b.len, 14);
    QR_SBUF_LIT(&b, "x");
    assert_int_equal(b.len, 14);
    assert_string_equal(b.buf, "0123456789&lt;");
    qr_sbuf_free(&b);

    static const double vals[] = { 0, 12, 0.5, 0.1 + 0.2, 1234567.125,
        -2.027, -0.0001, 1e9, 29.75, 0.0005, 170, 0.999 };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        char want[QR_NUM_MAX];
        assert_true(qr_fmt_num(vals[i], want) >= 0);
        assert_int_equal(qr_sbuf_init(&b, 1, 64), QR_OK);
        qr_sbuf_num(&b, vals[i], 3);
        assert_int_equal(b.err, QR_OK);
        if (strcmp(b.buf, want) != 0)
            fail_msg("qr_sbuf_num(%.17g) = %s, qr_fmt_num = %s", vals[i],
                     b.buf, want);
        qr_sbuf_free(&b);
    }
    assert_int_equal(qr_sbuf_init(&b, 1, 64), QR_OK);
    qr_sbuf_num(&b, 1.6666666666, 6);
    QR_SBUF_LIT(&b, " ");
    qr_sbuf_uint(&b, 4294967295ul);
    assert_string_equal(b.buf, "1.666667 4294967295");
    qr_sbuf_num(&b, NAN, 2);
    assert_int_equal(b.err, QR_EINVAL);
    qr_sbuf_free(&b);

    assert_true(near(qr_text_em("会师南路", 1), 4.0, 1e-9));
    assert_true(near(qr_text_em("１２", 0), 2.0, 1e-9));
    assert_true(near(qr_text_em("12", 0), 1.4, 1e-9));
    assert_true(near(qr_text_em("12", 1), 1.2, 1e-9));
    assert_true(near(qr_text_em("W i", 0), 1.81, 1e-9));
    assert_true(near(qr_text_em("ü~", 1), 1.56, 1e-9));
    assert_true(near(qr_text_em("\xFF", 0), 1.0, 1e-9));
    assert_true(near(qr_text_em(NULL, 0), 0, 1e-9));
    assert_true(qr_text_ok("会师南路 Huishi Nanlu", 64));
    assert_false(qr_text_ok("会师南路", 11));   /* 12 bytes */
    assert_false(qr_text_ok(NULL, 64));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_char_known),
        cmocka_unit_test(test_detects_substitutions_and_transpositions),
        cmocka_unit_test(test_normalize_folds),
        cmocka_unit_test(test_normalize_bad_shapes),
        cmocka_unit_test(test_encode_alphanumeric_vs_8bit),
        cmocka_unit_test(test_mask_same_as_libqrencode),
        cmocka_unit_test(test_encode_errors),
        cmocka_unit_test(test_png_roundtrip),
        cmocka_unit_test(test_svg_roundtrip),
        cmocka_unit_test(test_write_failures),
        cmocka_unit_test(test_fmt_num),
        cmocka_unit_test(test_svg_fragment),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_plate_sizes),
        cmocka_unit_test(test_plate_kinds_and_sizes),
        cmocka_unit_test(test_plate_escaping),
        cmocka_unit_test(test_plate_fitting),
        cmocka_unit_test(test_plate_long_url),
        cmocka_unit_test(test_plate_bad_input),
        cmocka_unit_test(test_plate_buffer),
    };
    return cmocka_run_group_tests_name("qr", tests, NULL, NULL);
}
