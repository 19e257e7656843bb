// api.js: the console's only way to the server: diming's public HTTP API,
// JSON in and out, with the session's bearer token.

import { getToken } from './session-store.js';

// An error answered by the API: status, code, and the Chinese message to show.
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message_zh || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.code = error?.code || 'http_error';
    this.field = error?.field || null;
    this.messageEn = error?.message_en || '';
    this.detail = error || {}; // the whole error object: findings, allowed, missing ...
  }
}

// Listeners told when the API answers 401 (the token is gone or revoked).
const unauthorizedListeners = new Set();

// onUnauthorized(fn): calls fn() whenever a request with the session's
// token gets 401.
export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
}

// send(path, opts): fetches path with the token and a JSON body; resolves
// with the Response when its status is below 400, rejects with ApiError
// otherwise (after telling the 401 listeners when the session's own token
// was refused), with TypeError when the network fails.
async function send(path, opts) {
  const headers = new Headers(opts.headers || {});
  const sessionToken = opts.token === undefined;
  const token = sessionToken ? getToken() : opts.token;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let body = opts.body;
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob)) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(body);
  }
  const resp = await fetch(path, { method: opts.method || 'GET', headers, body });
  if (resp.ok) return resp;
  let json = null;
  try {
    json = await resp.json();
  } catch {
    json = null;
  }
  if (resp.status === 401 && token && sessionToken) unauthorizedListeners.forEach((fn) => fn());
  throw new ApiError(resp.status, json?.error);
}

// api(path, opts): sends a request and resolves with the parsed JSON body
// (null for an empty one).  opts: method (GET), body (sent as JSON unless
// it is FormData or a Blob), token (default: the session's), headers.
// Rejects with ApiError for any status >= 400.
export async function api(path, opts = {}) {
  const text = await (await send(path, opts)).text();
  return text ? JSON.parse(text) : null;
}

// apiBlob(path, opts): like api() but resolves with {blob, headers} (for
// downloads).
export async function apiBlob(path, opts = {}) {
  const resp = await send(path, opts);
  return { blob: await resp.blob(), headers: resp.headers };
}

// query(params): "?a=1&b=2" from an object, leaving out empty values; "" if none.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
