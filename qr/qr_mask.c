/*
 * Choosing a QR symbol's data mask (ISO/IEC 18004 7.8): the same choice
 * libqrencode makes, evaluated on bit rows instead of bytes.
 *
 * libqrencode applies each of the eight masks to a byte-per-module copy of
 * the symbol and scores it with byte loops; that is nine tenths of its
 * time for a plate's URL.  Here the symbol is held as bit rows and bit
 * columns (a row or a column in one 64-bit word, so versions 1-11), each
 * mask is an XOR of a periodic pattern, and the penalty rules are counted
 * with shifts, popcounts and the run lengths read off the transitions.
 * The rules and their arithmetic are libqrencode 4.1's (mask.c), so the
 * symbol chosen is the symbol QRcode_encodeInput() makes, module for
 * module; test_qr checks that on thousands of texts at every level.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "qr_internal.h"

#define MASKS 8
#define PERIOD 12 /* every mask pattern repeats along a line every 6, and
                   * from line to line every 4 or 6 modules: 12 covers both */

/* Penalty weights (ISO/IEC 18004 table 11, as libqrencode names them). */
#define N1 3
#define N2 3
#define N3 40
#define N4 10

/* rows[m][r]: bits x (0..63) where mask m inverts module (x, y), for
 * y % 12 == r; cols[m][r]: bits y where it inverts module (x, y), for
 * x % 12 == r. */
static uint64_t mask_rows[MASKS][PERIOD];
static uint64_t mask_cols[MASKS][PERIOD];
static pthread_once_t mask_once = PTHREAD_ONCE_INIT;

/* 1 if mask m inverts module (x, y): its condition is 0 (ISO 18004 table
 * 10, in libqrencode's order). */
static int mask_inverts(int m, int x, int y)
{
    switch (m) {
    case 0: return (x + y) % 2 == 0;
    case 1: return y % 2 == 0;
    case 2: return x % 3 == 0;
    case 3: return (x + y) % 3 == 0;
    case 4: return (y / 2 + x / 3) % 2 == 0;
    case 5: return (x * y) % 2 + (x * y) % 3 == 0;
    case 6: return ((x * y) % 2 + (x * y) % 3) % 2 == 0;
    default: return ((x * y) % 3 + (x + y) % 2) % 2 == 0;
    }
}

/* Fills mask_rows and mask_cols (once per process). */
static void mask_tables(void)
{
    for (int m = 0; m < MASKS; m++)
        for (int r = 0; r < PERIOD; r++)
            for (int i = 0; i < 64; i++) {
                if (mask_inverts(m, i, r))
                    mask_rows[m][r] |= UINT64_C(1) << i;
                if (mask_inverts(m, r, i))
                    mask_cols[m][r] |= UINT64_C(1) << i;
            }
}

/* The 15 format bits for level and mask: BCH(15,5) with generator 0x537,
 * XORed with 0x5412 (ISO 18004 7.9). */
static unsigned format_bits(qr_level level, int mask)
{
    static const unsigned level_bits[4] = {1, 0, 3, 2}; /* L M Q H */
    unsigned data = level_bits[level] << 3 | (unsigned)mask;
    unsigned rem = data << 10;
    for (int i = 14; i >= 10; i--)
        if (rem & 1u << i)
            rem ^= 0x537u << (i - 10);
    return (data << 10 | rem) ^ 0x5412u;
}

/* A symbol as bit rows (bit x of row[y] is module (x, y)) and bit columns
 * (bit y of col[x]). */
typedef struct lines {
    uint64_t row[64];
    uint64_t col[64];
} lines;

/* Sets module (x, y) of l to dark. */
static void set_dark(lines *l, int x, int y)
{
    l->row[y] |= UINT64_C(1) << x;
    l->col[x] |= UINT64_C(1) << y;
}

/* Sets at[k] = {x, y} to format bit i's two places (k 0 and 1) in a
 * symbol w modules wide, in libqrencode's layout: bits 0-7 along row 8
 * from the right edge and down column 8 from the top (skipping the timing
 * row); bits 8-14 down column 8 to the bottom edge and along row 8 towards
 * the left edge, skipping the timing column. */
static void format_places(int w, int i, int at[2][2])
{
    if (i < 8) {
        at[0][0] = w - 1 - i, at[0][1] = 8;
        at[1][0] = 8, at[1][1] = i < 6 ? i : i + 1;
    } else {
        int j = i - 8;
        at[0][0] = 8, at[0][1] = w - 7 + j;
        at[1][0] = j == 0 ? 7 : 6 - j, at[1][1] = 8;
    }
}

/* Set bits of v (the build's baseline x86-64 has no popcnt instruction,
 * and __builtin_popcountll then calls a library loop). */
static int pop64(uint64_t v)
{
    v -= (v >> 1) & UINT64_C(0x5555555555555555);
    v = (v & UINT64_C(0x3333333333333333)) + ((v >> 2) & UINT64_C(0x3333333333333333));
    v = (v + (v >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (int)((v * UINT64_C(0x0101010101010101)) >> 56);
}

/* Penalties N1 and N3 of one line of w modules (bit k the k-th module),
 * from its list of runs, as libqrencode lists them (a line that starts
 * dark begins with a run of -1 light) and tests them: N1 for each run of
 * five or more of one colour, N3 for each dark-light-dark-light-dark
 * 1:1:3:1:1 run pattern (of any module size f) with a light run of 4f
 * before or after it, or with the line's end in its place. */
static int line_runs(uint64_t v, int w)
{
    int run[66], n = 0, pos = 0;
    if (v & 1)
        run[n++] = -1;
    uint64_t t = (v ^ (v >> 1)) & ((UINT64_C(1) << (w - 1)) - 1);
    while (t) {
        int k = __builtin_ctzll(t);
        run[n++] = k + 1 - pos;
        pos = k + 1;
        t &= t - 1;
    }
    run[n++] = w - pos;
    int demerit = 0;
    for (int i = 0; i < n; i++) {
        if (run[i] >= 5)
            demerit += N1 + run[i] - 5;
        if ((i & 1) && i >= 3 && i < n - 2 && run[i] % 3 == 0) {
            int f = run[i] / 3;
            if (run[i - 2] == f && run[i - 1] == f && run[i + 1] == f && run[i + 2] == f &&
                (i == 3 || run[i - 3] >= 4 * f || i + 4 >= n || run[i + 3] >= 4 * f))
                demerit += N3;
        }
    }
    return demerit;
}

/* 1 if line v (w modules) has a dark run of 6, 9, 12... modules: the
 * middle of a 1:1:3:1:1 pattern larger than one module. */
static int has_wide_pattern_middle(uint64_t v, int w)
{
    uint64_t starts = v & ~(v << 1), ends = v & ~(v >> 1);
    uint64_t d3 = v & v >> 1 & v >> 2, dk = d3 & d3 >> 3; /* dk: k dark from x on */
    for (int k = 6; k <= w && dk; k += 3, dk &= d3 >> (k - 3))
        if (starts & dk & ends >> (k - 1))
            return 1;
    return 0;
}

/* line_runs' penalties, the same numbers, on the bits at once: for lines
 * of at most 56 modules whose only possible 1:1:3:1:1 patterns are one
 * module wide; others go to line_runs. */
static int line_n1n3(uint64_t v, int w)
{
    if (w > 56 || has_wide_pattern_middle(v, w))
        return line_runs(v, w);
    /* N1: a run of L >= 5 costs N1 + (L - 5): one for each of its L - 4
     * windows of five equal modules, and N1 - 1 more at its first. */
    uint64_t eq = ~(v ^ (v >> 1)) & ((UINT64_C(1) << (w - 1)) - 1);
    uint64_t five = eq & eq >> 1 & eq >> 2 & eq >> 3;
    int demerit = pop64(five) + (N1 - 1) * pop64(five & ~(five << 1));
    /* N3, one module wide: 1011101 with light on both sides, and four
     * light before or after; the line is set 4 modules up with light
     * around it, so that a line's end counts as light as libqrencode's
     * first and last runs count. */
    uint64_t d = v << 4, l = ~d;
    uint64_t core = d & l >> 1 & d >> 2 & d >> 3 & d >> 4 & l >> 5 & d >> 6 & l << 1 & l >> 7;
    uint64_t before = l << 2 & l << 3 & l << 4, after = l >> 8 & l >> 9 & l >> 10;
    return demerit + N3 * pop64(core & (before | after));
}

/* The penalty of symbol l, w modules wide: N1 and N3 along every row and
 * column, N2 for each 2x2 block of one colour (blocks overlap), and N4
 * from the share of dark modules, rounded to a whole percent as
 * libqrencode rounds it. */
static int penalty(const lines *l, int w)
{
    uint64_t inside = (UINT64_C(1) << (w - 1)) - 1; /* x with x + 1 < w */
    int demerit = 0, dark = 0;
    for (int y = 0; y < w; y++) {
        uint64_t a = l->row[y];
        dark += pop64(a);
        demerit += line_n1n3(a, w) + line_n1n3(l->col[y], w);
        if (y + 1 < w) {
            uint64_t b = l->row[y + 1];
            uint64_t same = ~(a ^ (a >> 1)) & ~(b ^ (b >> 1)) & ~(a ^ b) & inside;
            demerit += N2 * pop64(same);
        }
    }
    int w2 = w * w;
    int ratio = (200 * dark + w2) / w2 / 2;
    return demerit + abs(ratio - 50) / 5 * N4;
}

/* See qr_internal.h. */
int qr_mask_choose(unsigned char *modules, int width, qr_level level)
{
    if (!modules || width < 21 || width > 64 || (unsigned)level > (unsigned)QR_LEVEL_H)
        return -1;
    pthread_once(&mask_once, mask_tables);
    int w = width;
    /* base: the symbol unmasked, format areas light; data: where the
     * masks apply (libqrencode marks every other module with bit 7). */
    lines base = {{0}, {0}}, data = {{0}, {0}};
    const unsigned char *p = modules;
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++, p++) {
            int is_data = !(*p & 0x80);
            int dark = (*p & 1) ^ (is_data && (mask_rows[0][y % PERIOD] >> x & 1));
            if (is_data)
                set_dark(&data, x, y);
            if (dark)
                set_dark(&base, x, y);
        }
    for (int i = 0; i < 15; i++) { /* format areas: light in base */
        int at[2][2];
        format_places(w, i, at);
        for (int k = 0; k < 2; k++) {
            base.row[at[k][1]] &= ~(UINT64_C(1) << at[k][0]);
            base.col[at[k][0]] &= ~(UINT64_C(1) << at[k][1]);
        }
    }
    int best = 0, best_demerit = 0;
    lines best_lines, cand;
    for (int m = 0; m < MASKS; m++) {
        for (int i = 0; i < w; i++) {
            cand.row[i] = base.row[i] ^ (data.row[i] & mask_rows[m][i % PERIOD]);
            cand.col[i] = base.col[i] ^ (data.col[i] & mask_cols[m][i % PERIOD]);
        }
        unsigned f = format_bits(level, m);
        for (int i = 0; i < 15; i++, f >>= 1) {
            if (!(f & 1))
                continue;
            int at[2][2];
            format_places(w, i, at);
            set_dark(&cand, at[0][0], at[0][1]);
            set_dark(&cand, at[1][0], at[1][1]);
        }
        int d = penalty(&cand, w);
        if (m == 0 || d < best_demerit) {
            best = m;
            best_demerit = d;
            best_lines = cand;
        }
    }
    unsigned char *q = modules;
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            *q++ = (unsigned char)(best_lines.row[y] >> x & 1);
    return best;
}
