/* api_worker.c: one registry connection per server thread.
 *
 * A reg_db (SQLite connection, GEOS and PROJ handles) must stay on one
 * thread, so each MHD thread opens its own on its first request and keeps
 * it in a thread-local pointer.  Every connection is also put on the
 * server's list so that api_server_stop can close them all once MHD's
 * threads have ended.  The thread-local pointer is tagged with the id of
 * the server that made it: a thread that meets another server (a second
 * server in the same process) opens a new connection instead of using a
 * stale one. */
#include <stdlib.h>

#include "api_internal.h"

struct api_worker {
    api_worker *next;
    reg_db *db;
};

static _Thread_local api_worker *api_worker_mine;
static _Thread_local unsigned long api_worker_server;

/* Makes w an empty list. */
void api_workers_init(api_workers *w)
{
    pthread_mutex_init(&w->lock, NULL);
    w->head = NULL;
}

/* The calling thread's connection to srv's registry, opened on first use.
 * Returns NULL with the reason in err (which may be NULL) when the database
 * cannot be opened or memory runs out; a later call tries again. */
reg_db *api_worker_db(api_server *srv, reg_error *err)
{
    if (api_worker_mine && api_worker_server == srv->id)
        return api_worker_mine->db;
    api_worker *w = calloc(1, sizeof *w);
    if (!w) {
        reg_error_set(err, REG_ENOMEM, "out_of_memory", "", "内存不足", "out of memory");
        return NULL;
    }
    if (reg_open(srv->db_path, 0, &w->db, err) != REG_OK) {
        free(w);
        return NULL;
    }
    pthread_mutex_lock(&srv->workers.lock);
    w->next = srv->workers.head;
    srv->workers.head = w;
    pthread_mutex_unlock(&srv->workers.lock);
    api_worker_mine = w;
    api_worker_server = srv->id;
    return w->db;
}

/* Closes and frees every connection on the list and destroys its lock.
 * Only after the threads that used them have stopped. */
void api_workers_close(api_workers *w)
{
    pthread_mutex_lock(&w->lock);
    api_worker *p = w->head;
    w->head = NULL;
    pthread_mutex_unlock(&w->lock);
    while (p) {
        api_worker *next = p->next;
        reg_close(p->db);
        free(p);
        p = next;
    }
    pthread_mutex_destroy(&w->lock);
}
