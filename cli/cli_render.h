/*
 * cli_render.h: rendering plates in batches (`diming plates render`):
 * one thread per core draws plates (one QR encoding per plate: libqrencode
 * costs ~100 us a code, so the cores are what makes 134,704 plates fast)
 * while the calling thread is still reading the set from the registry; a
 * progress bar on a terminal, and a manifest CSV.
 *
 * Use: cli_render_start, then cli_render_add for each plate (as a reg_plate_fn),
 * then cli_render_finish, cli_render_manifest, cli_render_free.
 */
#ifndef DIMING_CLI_RENDER_H
#define DIMING_CLI_RENDER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

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
    int status;  /* QR_OK once drawn, or the qr_status of the failure */
} cli_render_item;

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

/* Says that no more items come, orders the items by code for the
 * manifest while the threads draw, shows a progress bar on stderr when it
 * is a terminal, and waits for the threads.  Returns how many plates
 * failed. */
size_t cli_render_finish(cli_render_set *s);

/* Writes dir/manifest.csv, one row a plate by code: code,kind,number,
 * address,file,status; under a temporary name renamed into place.  0 or
 * -1. */
int cli_render_manifest(cli_render_set *s);

/* Frees the items and closes the directory. */
void cli_render_free(cli_render_set *s);

#endif
