// sw.js: the console's service worker, so that an inspector on a hillside
// can open again, without a signal, the console and the round, lines and
// markers seen before.  Every GET is asked of the network first (nothing
// stale is shown while there is a connection); a copy of the console's
// files and of the public inspection reads (rounds, lines, markers: the
// same for every caller, token or not) is kept for when the network
// fails.  No other API answer is ever kept.

const CACHE = 'diming-offline-v1';
const KEPT_API = ['/api/v1/rounds', '/api/v1/boundary-lines', '/api/v1/markers/'];

// kept(request): 1 if a copy of the answer may be kept.
function kept(request) {
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  if (!url.pathname.startsWith('/api/')) return !url.pathname.startsWith('/p/') && !url.pathname.startsWith('/P/');
  return KEPT_API.some((p) => url.pathname.startsWith(p));
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (ev) => ev.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (ev) => {
  const req = ev.request;
  if (req.method !== 'GET' || !kept(req)) return;
  ev.respondWith(fetch(req).then((resp) => {
    if (resp.ok) {
      const copy = resp.clone();
      ev.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)));
    }
    return resp;
  }).catch(() => caches.match(req).then((hit) => hit || Response.error())));
});
