/* Rendering plates in batches on every core (see cli_render.h). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_render.h"
#include "import_csv.h"

#define RENDER_TEXTS 6  /* url, street, pinyin, number, upper line, full address */
#define RENDER_DPI 300.0 /* PNG output: print resolution */
#define RENDER_MAX_THREADS 256

/* See cli_render.h. */
int render_add(const reg_plate_view *v, void *ctx)
{
    render_set *s = ctx;
    char url[QR_PLATE_URL_MAX], buf[API_PLATE_TEXT_BUF];
    qr_plate p;
    if (api_plate_url(s->base_url, v->code, url, sizeof url) != 0 ||
        api_plate_make(v, url, s->size, s->level, &p, buf, sizeof buf) != 0)
        return 0; /* not drawable: its code is not in the set */
    const char *texts[RENDER_TEXTS] = {url, p.street, p.street_pinyin ? p.street_pinyin : "",
                                       p.number, p.upper_line ? p.upper_line : "", v->full};
    size_t need = 0;
    for (int i = 0; i < RENDER_TEXTS; i++)
        need += strlen(texts[i]) + 1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        render_item *items = realloc(s->items, cap * sizeof *items);
        if (!items) {
            s->cap = 0;
            return 1;
        }
        s->items = items;
        s->cap = cap;
    }
    render_item *it = &s->items[s->n];
    if (!(it->texts = malloc(need))) {
        s->cap = 0;
        return 1;
    }
    char *at = it->texts;
    for (int i = 0; i < RENDER_TEXTS; i++) {
        size_t n = strlen(texts[i]) + 1;
        memcpy(at, texts[i], n);
        at += n;
    }
    memcpy(it->code, v->code, sizeof it->code);
    it->kind = p.kind;
    it->status = QR_EINVAL;
    s->n++;
    return 0;
}

/* See cli_render.h. */
void render_free(render_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i].texts);
    free(s->items);
    s->items = NULL;
    s->n = s->cap = 0;
}

/* The item's texts, split. */
static void item_texts(const render_item *it, const char *t[RENDER_TEXTS])
{
    const char *at = it->texts;
    for (int i = 0; i < RENDER_TEXTS; i++) {
        t[i] = at;
        at += strlen(at) + 1;
    }
}

/* A run shared by the threads. */
typedef struct render_job {
    render_set *s;
    const char *dir;
    atomic_size_t next, done;
} render_job;

/* Draws item it into dir: the whole plate as SVG, or the QR alone as PNG
 * at RENDER_DPI for the size's QR square. */
static int draw(const render_set *s, const render_item *it, const char *dir)
{
    const char *t[RENDER_TEXTS];
    item_texts(it, t);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, it->code, s->format == RENDER_SVG ? "svg" : "png");
    if (s->format == RENDER_SVG) {
        qr_plate p = {it->kind, s->size, t[1], t[2][0] ? t[2] : NULL, t[3], t[4][0] ? t[4] : NULL,
                      it->code, t[0], s->level};
        return qr_plate_write_svg(&p, path);
    }
    qr_plate_dims d;
    qr_symbol sym;
    int rc = qr_plate_size_dims(s->size, &d);
    if (rc == QR_OK)
        rc = qr_encode(t[0], s->level, &sym);
    if (rc != QR_OK)
        return rc;
    int scale = (int)lround(d.qr_mm / 25.4 * RENDER_DPI / (sym.width + 8));
    rc = qr_write_png(&sym, scale < 1 ? 1 : scale > 64 ? 64 : scale, path);
    qr_symbol_free(&sym);
    return rc;
}

/* A thread: takes the next item until none is left. */
static void *render_thread(void *arg)
{
    render_job *job = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&job->next, 1);
        if (i >= job->s->n)
            break;
        job->s->items[i].status = draw(job->s, &job->s->items[i], job->dir);
        atomic_fetch_add(&job->done, 1);
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

/* Seconds since start. */
static double since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* See cli_render.h. */
size_t render_run(render_set *s, const char *dir, unsigned threads)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = threads ? threads : cores > 0 ? (size_t)cores : 1;
    if (nt > RENDER_MAX_THREADS)
        nt = RENDER_MAX_THREADS;
    render_job job = {.s = s, .dir = dir};
    atomic_init(&job.next, 0);
    atomic_init(&job.done, 0);
    pthread_t tid[RENDER_MAX_THREADS];
    size_t started = 0;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (; started < nt; started++)
        if (pthread_create(&tid[started], NULL, render_thread, &job) != 0)
            break;
    if (started == 0) /* no thread could start: draw here */
        render_thread(&job);
    int tty = isatty(STDERR_FILENO);
    const struct timespec tick = {0, 100 * 1000 * 1000};
    while (tty && atomic_load(&job.done) < s->n) {
        progress(atomic_load(&job.done), s->n, since(&start));
        nanosleep(&tick, NULL);
    }
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    if (tty) {
        progress(s->n, s->n, since(&start));
        fputc('\n', stderr);
    }
    size_t failed = 0;
    for (size_t i = 0; i < s->n; i++)
        failed += s->items[i].status != QR_OK;
    return failed;
}

/* The name of a draw status for the manifest. */
static const char *status_name(int status)
{
    switch (status) {
    case QR_OK: return "ok";
    case QR_EINVAL: return "invalid";
    case QR_ENOMEM: return "out_of_memory";
    case QR_EENCODE: return "encode_failed";
    default: return "write_failed";
    }
}

/* See cli_render.h. */
int render_manifest(const render_set *s, const char *dir)
{
    static const char *const kinds[] = {"door", "building", "unit", "room"};
    char path[4096], file[64];
    snprintf(path, sizeof path, "%s/manifest.csv", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    static const char *const header[] = {"code", "kind", "number", "address", "file", "status"};
    int rc = import_csv_write(f, header, 6);
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        const render_item *it = &s->items[i];
        const char *t[RENDER_TEXTS];
        item_texts(it, t);
        snprintf(file, sizeof file, "%s.%s", it->code, s->format == RENDER_SVG ? "svg" : "png");
        const char *row[] = {it->code, kinds[it->kind], t[3], t[5], file, status_name(it->status)};
        rc = import_csv_write(f, row, 6);
    }
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}
