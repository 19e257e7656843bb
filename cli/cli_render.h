/*
 * cli_render.h: rendering plates in batches (`diming plates render`):
 * the set of plates held compactly in memory, drawn by one thread per
 * core (one QR encoding per plate: libqrencode costs ~100 us a code, so
 * the cores are what makes 134,704 plates fast), a progress bar on a
 * terminal, and a manifest CSV.
 */
#ifndef DIMING_CLI_RENDER_H
#define DIMING_CLI_RENDER_H

#include <stddef.h>

#include "api.h"

/* What to draw. */
typedef enum render_format {
    RENDER_SVG = 0, /* the whole plate (D5), SVG */
    RENDER_PNG      /* the QR alone, 1-bit PNG at 300 dpi of the size's QR square */
} render_format;

/* One plate to draw: its code, kind and texts in one block. */
typedef struct render_item {
    char code[REG_PLATE_CODE_BUF];
    qr_plate_kind kind;
    char *texts; /* url, street, pinyin, number, upper line, full address: NUL-separated */
    int status;  /* QR_OK once drawn, or the qr_status of the failure */
} render_item;

/* A batch. */
typedef struct render_set {
    render_item *items;
    size_t n, cap;
    const char *base_url;
    qr_plate_size size;
    qr_level level;
    render_format format;
} render_set;

/* Adds the plate of view v to the set (reg_plate_fn: 0 to go on, 1 to
 * stop when memory runs out, which sets set->cap to 0). */
int render_add(const reg_plate_view *v, void *set);

/* Frees the set's items. */
void render_free(render_set *s);

/* Draws every item into dir (CODE.svg or CODE.png) with threads threads
 * (0: one per online core), showing a progress bar on stderr when it is a
 * terminal.  Returns the number of plates that failed. */
size_t render_run(render_set *s, const char *dir, unsigned threads);

/* Writes dir/manifest.csv: code,kind,number,address,file,status.  0 or
 * -1. */
int render_manifest(const render_set *s, const char *dir);

#endif
