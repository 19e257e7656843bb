/*
 * cli_render.h: rendering plates in batches (`diming plates render`):
 * one thread per core draws plates (one QR encoding per plate: libqrencode
 * costs ~100 us a code, so the cores are what makes 134,704 plates fast)
 * while the calling thread is still reading the set from the registry; a
 * progress bar on a terminal, and a manifest CSV.
 *
 * Use: cli_render_start, then cli_render_add for each plate (as a reg_plate_fn),
 * then cli_render_finish (which also writes the manifest), cli_render_free.
 */
#ifndef DIMING_CLI_RENDER_H
#define DIMING_CLI_RENDER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

#include "api.h"

/* What to draw. */
typedef enum cli_render_format {
    CLI_RENDER_SVG = 0, /* the whole plate (D5), SVG */
    CLI_RENDER_PNG      /* the QR alone, 1-bit PNG at 300 dpi of the size's QR square */
} cli_render_format;

/* One plate to draw: its code, kind and texts in one block. */
typedef struct cli_render_item {
    char code[REG_PLATE_CODE_BUF];
    qr_plate_kind kind;
    char *texts; /* url, street, pinyin, number, upper line, full address: NUL-separated */
    atomic_int status; /* CLI_RENDER_PENDING, then QR_OK or the qr_status of the failure */
} cli_render_item;

#define CLI_RENDER_PENDING 1 /* not drawn yet (qr_status values are <= 0) */
#define CLI_RENDER_TEXTS 6   /* the texts of an item */
#define CLI_RENDER_FILE_BUF (REG_PLATE_CODE_BUF + 4) /* CODE.svg, CODE.png */
#define CLI_RENDER_MANIFEST "manifest.csv"
#define CLI_RENDER_MANIFEST_PART "manifest.csv.part" /* renamed when complete */

#define CLI_RENDER_CHUNK 4096      /* items a chunk holds */
#define CLI_RENDER_CHUNKS 16384    /* chunks at most: 67 million plates */
#define CLI_RENDER_MAX_THREADS 256

/* A batch.  Items live in chunks that never move, so that the threads
 * read them while more are added. */
typedef struct cli_render_set {
    /* what to draw (set before cli_render_start) */
    const char *base_url;
    qr_plate_size size;
    qr_level level;
    cli_render_format format;
    const char *dir;
    /* the items */
    cli_render_item *chunks[CLI_RENDER_CHUNKS];
    size_t n;              /* items added (the loader's count) */
    atomic_size_t ready;   /* items the threads may take */
    atomic_int loaded;     /* 1 once no more items come */
    int nomem;             /* adding failed: out of memory or too many */
    cli_render_item **order; /* the items by code, for the manifest (or NULL) */
    int manifest_failed;     /* the manifest could not be written */
    /* the output directory, open while drawing */
    int dirfd;
    int dir_open;
    /* the threads */
    atomic_size_t next, done;
    pthread_t tid[CLI_RENDER_MAX_THREADS];
    size_t nthreads;
    pthread_mutex_t lock;
    pthread_cond_t more; /* signalled when items are added or loading ends */
} cli_render_set;

/* The item i (< ready). */
cli_render_item *cli_render_item_at(cli_render_set *s, size_t i);

/* Opens s->dir, removes the manifest.csv a former batch left there (the
 * manifest is the batch's commit marker: written last, under a temporary
 * name renamed into place, so a batch cut short by a crash has none, and
 * a file it lists as ok is complete), and starts threads threads (0: one
 * per online core) that draw the items as they come into s->dir
 * (CODE.svg or CODE.png).  0, or -1 with errno when the directory cannot
 * be opened or its old manifest not removed (nothing started).  When no
 * thread can start, cli_render_finish draws everything itself. */
int cli_render_start(cli_render_set *s, unsigned threads);

/* Adds the plate of view v to the set (a reg_plate_fn): 0 to go on, 1 to
 * stop when memory runs out (s->nomem set). */
int cli_render_add(const reg_plate_view *v, void *set);

/* Says that no more items come and waits for the threads, with a
 * progress bar on stderr when it is a terminal.  With manifest set, writes
 * dir/manifest.csv meanwhile, a row a plate by code (code,kind,number,
 * address,file,status), each as soon as its plate is drawn, under a
 * temporary name renamed into place once complete (s->manifest_failed
 * set when it cannot be).  Returns how many plates failed. */
size_t cli_render_finish(cli_render_set *s, int manifest);

/* The texts of item it: url, street, pinyin, number, upper line, full
 * address. */
void cli_render_item_texts(const cli_render_item *it, const char *t[CLI_RENDER_TEXTS]);

/* The file name of item it: CODE.svg or CODE.png. */
void cli_render_item_file(const cli_render_set *s, const cli_render_item *it,
                          char name[CLI_RENDER_FILE_BUF]);

/* A manifest being written (cli_render_manifest.c). */
typedef struct cli_manifest {
    FILE *f;
    char *buf; /* f's buffer */
    int failed;
} cli_manifest;

/* Creates dir/CLI_RENDER_MANIFEST_PART with the header row.  0, or -1
 * (nothing left open). */
int cli_manifest_open(const cli_render_set *s, cli_manifest *m);

/* Appends the row of the drawn item it (a failure shows at the close). */
void cli_manifest_row(cli_manifest *m, const cli_render_set *s, const cli_render_item *it);

/* Closes m and renames it to dir/CLI_RENDER_MANIFEST, or removes it when
 * a write failed.  0 or -1. */
int cli_manifest_close(cli_manifest *m, const cli_render_set *s);

/* Frees the items and closes the directory. */
void cli_render_free(cli_render_set *s);

#endif
