/* Rendering plates in batches on every core (see cli_render.h). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_render.h"

#define CLI_RENDER_DPI 300.0 /* PNG output: print resolution */
#define CLI_RENDER_POLL_NS (5 * 1000 * 1000)  /* the manifest's wait for a plate */
#define CLI_RENDER_TICK 0.1                    /* seconds between progress bars */

/* See cli_render.h. */
cli_render_item *cli_render_item_at(cli_render_set *s, size_t i)
{
    return &s->chunks[i / CLI_RENDER_CHUNK][i % CLI_RENDER_CHUNK];
}

/* Publishes the items added so far to the threads. */
static void publish(cli_render_set *s)
{
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->ready, s->n);
    pthread_cond_broadcast(&s->more);
    pthread_mutex_unlock(&s->lock);
}

/* See cli_render.h. */
int cli_render_add(const reg_plate_view *v, void *ctx)
{
    cli_render_set *s = ctx;
    char url[QR_PLATE_URL_MAX], buf[API_PLATE_TEXT_BUF];
    qr_plate p;
    if (api_plate_url(s->base_url, v->code, url, sizeof url) != 0 ||
        api_plate_make(v, url, s->size, s->level, &p, buf, sizeof buf) != 0)
        return 0; /* not drawable: its code is not in the set */
    const char *texts[CLI_RENDER_TEXTS] = {url, p.street, p.street_pinyin ? p.street_pinyin : "",
                                       p.number, p.upper_line ? p.upper_line : "", v->full};
    size_t need = 0;
    for (int i = 0; i < CLI_RENDER_TEXTS; i++)
        need += strlen(texts[i]) + 1;
    size_t c = s->n / CLI_RENDER_CHUNK;
    if (c >= CLI_RENDER_CHUNKS ||
        (!s->chunks[c] && !(s->chunks[c] = calloc(CLI_RENDER_CHUNK, sizeof *s->chunks[c])))) {
        s->nomem = 1;
        return 1;
    }
    cli_render_item *it = &s->chunks[c][s->n % CLI_RENDER_CHUNK];
    if (!(it->texts = malloc(need))) {
        s->nomem = 1;
        return 1;
    }
    char *at = it->texts;
    for (int i = 0; i < CLI_RENDER_TEXTS; i++) {
        size_t n = strlen(texts[i]) + 1;
        memcpy(at, texts[i], n);
        at += n;
    }
    memcpy(it->code, v->code, sizeof it->code);
    it->kind = p.kind;
    atomic_init(&it->status, CLI_RENDER_PENDING);
    s->n++;
    if (s->n % 256 == 0)
        publish(s);
    return 0;
}

/* See cli_render.h. */
void cli_render_free(cli_render_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(cli_render_item_at(s, i)->texts);
    for (size_t c = 0; c < CLI_RENDER_CHUNKS && s->chunks[c]; c++) {
        free(s->chunks[c]);
        s->chunks[c] = NULL;
    }
    s->n = 0;
    free(s->order);
    s->order = NULL;
    if (s->dir_open)
        close(s->dirfd);
    s->dir_open = 0;
}

/* See cli_render.h. */
void cli_render_item_texts(const cli_render_item *it, const char *t[CLI_RENDER_TEXTS])
{
    const char *at = it->texts;
    for (int i = 0; i < CLI_RENDER_TEXTS; i++) {
        t[i] = at;
        at += strlen(at) + 1;
    }
}

/* See cli_render.h. */
void cli_render_item_file(const cli_render_set *s, const cli_render_item *it,
                          char name[CLI_RENDER_FILE_BUF])
{
    size_t n = strnlen(it->code, sizeof it->code - 1);
    memcpy(name, it->code, n);
    memcpy(name + n, s->format == CLI_RENDER_SVG ? ".svg" : ".png", 5);
}

/* Writes len bytes to the file name in directory dirfd: one open, one
 * write, one close, no temporary name (the manifest, complete last, is the
 * batch's commit marker: see cli_render_start); a failed write removes
 * the file and the manifest says so.  QR_OK or QR_EIO. */
static int write_file(int dirfd, const char *name, const void *data, size_t len)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return QR_EIO;
    const char *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (close(fd) != 0 || done != len) {
        unlinkat(dirfd, name, 0);
        return QR_EIO;
    }
    return QR_OK;
}

/* Draws item it into dir: the whole plate as SVG, or the QR alone as PNG
 * at CLI_RENDER_DPI for the size's QR square. */
static int draw(const cli_render_set *s, const cli_render_item *it)
{
    const char *t[CLI_RENDER_TEXTS];
    cli_render_item_texts(it, t);
    void *bytes = NULL;
    size_t len = 0;
    int rc;
    if (s->format == CLI_RENDER_SVG) {
        qr_plate p = {it->kind, s->size, t[1], t[2][0] ? t[2] : NULL, t[3], t[4][0] ? t[4] : NULL,
                      it->code, t[0], s->level};
        rc = qr_plate_svg(&p, (char **)&bytes, &len);
    } else {
        qr_plate_dims d;
        qr_symbol sym;
        rc = qr_plate_size_dims(s->size, &d);
        if (rc == QR_OK)
            rc = qr_encode(t[0], s->level, &sym);
        if (rc == QR_OK) {
            int scale = (int)lround(d.qr_mm / 25.4 * CLI_RENDER_DPI / (sym.width + 8));
            rc = qr_png_bytes(&sym, scale < 1 ? 1 : scale > 64 ? 64 : scale,
                              (unsigned char **)&bytes, &len);
            qr_symbol_free(&sym);
        }
    }
    char name[CLI_RENDER_FILE_BUF];
    cli_render_item_file(s, it, name);
    if (rc == QR_OK)
        rc = write_file(s->dirfd, name, bytes, len);
    free(bytes);
    return rc;
}

/* Takes the index of the next item to draw, waiting while the loader is
 * behind.  0 and *i, or -1 when every item has been taken. */
static int take(cli_render_set *s, size_t *i)
{
    *i = atomic_fetch_add(&s->next, 1);
    if (*i < atomic_load(&s->ready))
        return 0;
    pthread_mutex_lock(&s->lock);
    while (*i >= atomic_load(&s->ready) && !atomic_load(&s->loaded))
        pthread_cond_wait(&s->more, &s->lock);
    int got = *i < atomic_load(&s->ready);
    pthread_mutex_unlock(&s->lock);
    return got ? 0 : -1;
}

/* A thread: draws the items it takes until none is left. */
static void *cli_render_thread(void *arg)
{
    cli_render_set *s = arg;
    size_t i;
    while (take(s, &i) == 0) {
        cli_render_item *it = cli_render_item_at(s, i);
        atomic_store(&it->status, draw(s, it));
        atomic_fetch_add(&s->done, 1);
    }
    return NULL;
}

/* Prints the progress bar: [#####.....] done/total percent rate ETA. */
static void progress(size_t done, size_t total, double secs)
{
    int width = 30, filled = total ? (int)(width * (double)done / (double)total) : width;
    double rate = secs > 0 ? (double)done / secs : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    char bar[40];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu %3.0f%% %6.0f/s ETA %d:%02d ", bar, done, total,
            total ? 100.0 * (double)done / (double)total : 100.0, rate, (int)eta / 60,
            (int)eta % 60);
}

/* Seconds since *t. */
static double since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* See cli_render.h. */
int cli_render_start(cli_render_set *s, unsigned threads)
{
    s->dirfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->dirfd < 0)
        return -1;
    s->dir_open = 1;
    if (unlinkat(s->dirfd, CLI_RENDER_MANIFEST, 0) != 0 && errno != ENOENT)
        return -1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = threads ? threads : cores > 0 ? (size_t)cores : 1;
    if (nt > CLI_RENDER_MAX_THREADS)
        nt = CLI_RENDER_MAX_THREADS;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->more, NULL);
    atomic_init(&s->ready, 0);
    atomic_init(&s->loaded, 0);
    atomic_init(&s->next, 0);
    atomic_init(&s->done, 0);
    for (s->nthreads = 0; s->nthreads < nt; s->nthreads++)
        if (pthread_create(&s->tid[s->nthreads], NULL, cli_render_thread, s) != 0)
            break;
    return 0;
}

/* Orders items by code. */
static int by_code(const void *a, const void *b)
{
    return strcmp((*(cli_render_item *const *)a)->code, (*(cli_render_item *const *)b)->code);
}

/* Sets s->order to the items by code (left NULL without memory: the
 * manifest then follows the order they came in). */
static void order_items(cli_render_set *s)
{
    if (s->n == 0 || !(s->order = malloc(s->n * sizeof *s->order)))
        return;
    for (size_t i = 0; i < s->n; i++)
        s->order[i] = cli_render_item_at(s, i);
    qsort(s->order, s->n, sizeof *s->order, by_code);
}

/* Writes the manifest's rows of the plates drawn so far, in code order,
 * from row *row on (the items come from the registry in about that order,
 * so the rows follow the threads closely).  1 once every row is written. */
static int manifest_rows(cli_render_set *s, cli_manifest *m, size_t *row)
{
    for (; *row < s->n; ++*row) {
        const cli_render_item *it = s->order ? s->order[*row] : cli_render_item_at(s, *row);
        if (atomic_load(&it->status) == CLI_RENDER_PENDING)
            return 0;
        cli_manifest_row(m, s, it);
    }
    return 1;
}

/* See cli_render.h. */
size_t cli_render_finish(cli_render_set *s, int manifest)
{
    struct timespec start, shown = {0, 0};
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->ready, s->n);
    atomic_store(&s->loaded, 1);
    pthread_cond_broadcast(&s->more);
    pthread_mutex_unlock(&s->lock);
    if (s->nthreads == 0) /* no thread could start: draw here */
        cli_render_thread(s);
    cli_manifest m;
    int rows = 0;
    if (manifest) {
        order_items(s);
        s->manifest_failed = cli_manifest_open(s, &m) != 0;
        rows = !s->manifest_failed;
    }
    int tty = isatty(STDERR_FILENO);
    size_t row = 0;
    const struct timespec poll = {0, CLI_RENDER_POLL_NS};
    for (;;) {
        int all_rows = !rows || manifest_rows(s, &m, &row);
        size_t done = atomic_load(&s->done);
        if (done == s->n && all_rows)
            break;
        if (tty && since(&shown) >= CLI_RENDER_TICK) {
            progress(done, s->n, since(&start));
            clock_gettime(CLOCK_MONOTONIC, &shown);
        }
        nanosleep(&poll, NULL);
    }
    for (size_t i = 0; i < s->nthreads; i++)
        pthread_join(s->tid[i], NULL);
    if (tty) {
        progress(s->n, s->n, since(&start));
        fputc('\n', stderr);
    }
    if (rows && cli_manifest_close(&m, s) != 0)
        s->manifest_failed = 1;
    pthread_cond_destroy(&s->more);
    pthread_mutex_destroy(&s->lock);
    size_t failed = 0;
    for (size_t i = 0; i < s->n; i++)
        failed += atomic_load(&cli_render_item_at(s, i)->status) != QR_OK;
    return failed;
}
