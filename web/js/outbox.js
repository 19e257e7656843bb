// outbox.js: inspection records waiting to be sent, kept in the browser's
// IndexedDB so that records made without a signal survive until the
// connection returns.  Each record carries its client-side id (client_id):
// the server stores a record once however often it is sent.  Every record
// goes through the outbox, online or not; flush() sends them in order.

import { ApiError, api } from './api.js';

const DB_NAME = 'diming';
const STORE = 'outbox';
const events = new EventTarget();
let dbPromise = null;
let flushing = null;

// open(): the IndexedDB database, made on first use.
function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'client_id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

// run(mode, fn): runs fn(store) in a transaction; resolves with the value
// of the request fn returns, once the transaction is complete.
async function run(mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req?.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

// changed(): tells the listeners the outbox changed.
async function changed() {
  events.dispatchEvent(new CustomEvent('change', { detail: await count() }));
}

// onChange(fn): calls fn(count) whenever the outbox changes; returns the
// function that stops it.
export function onChange(fn) {
  const listener = (ev) => fn(ev.detail);
  events.addEventListener('change', listener);
  return () => events.removeEventListener('change', listener);
}

// newClientId(): a fresh client-side id for a record.
export function newClientId() {
  return `web-${crypto.randomUUID()}`;
}

// put(item): stores {client_id, marker, record, photos: [Blob], queued_at}.
export async function put(item) {
  await run('readwrite', (s) => s.put({ ...item, error: null }));
  await changed();
}

// list(): every waiting item, oldest first.
export async function list() {
  const items = await run('readonly', (s) => s.getAll());
  return items.sort((a, b) => a.queued_at.localeCompare(b.queued_at));
}

// count(): how many items wait.
export async function count() {
  return run('readonly', (s) => s.count());
}

// remove(clientId): drops one item.
export async function remove(clientId) {
  await run('readwrite', (s) => s.delete(clientId));
  await changed();
}

// send(item): POSTs one record with its photos as multipart/form-data.
function send(item) {
  const form = new FormData();
  form.append('record', JSON.stringify(item.record));
  item.photos.forEach((p, i) => form.append('photo', p, p.name || `photo-${i + 1}.jpg`));
  return api(`/api/v1/markers/${encodeURIComponent(item.marker)}/inspections`, { method: 'POST', body: form });
}

// flush(): sends every waiting item in order.  A sent item (201, or 200
// for one the server already had) leaves the outbox; one the server
// refuses (4xx) stays with the reason for the inspector to read; a network
// failure stops the flush (the rest waits for the connection).  Resolves
// with {sent, failed, offline}.  Only one flush runs at a time.
export function flush() {
  if (!flushing) {
    flushing = (async () => {
      const result = { sent: 0, failed: 0, offline: false };
      for (const item of await list()) {
        if (item.error) {
          result.failed++;
          continue;
        }
        try {
          await send(item);
          await run('readwrite', (s) => s.delete(item.client_id));
          result.sent++;
        } catch (err) {
          if (!(err instanceof ApiError) || err.status === 401 || err.status >= 500) {
            result.offline = true;
            break;
          }
          await run('readwrite', (s) => s.put({ ...item, error: { code: err.code, message: err.message } }));
          result.failed++;
        }
      }
      await changed();
      return result;
    })().finally(() => { flushing = null; });
  }
  return flushing;
}

// retry(clientId): clears an item's refusal so that the next flush sends it again.
export async function retry(clientId) {
  const item = await run('readonly', (s) => s.get(clientId));
  if (item) await run('readwrite', (s) => s.put({ ...item, error: null }));
  await changed();
}
