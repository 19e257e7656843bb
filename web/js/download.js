// download.js: saving what an authenticated API request returns as a file
// (links cannot carry the bearer token).

import { apiBlob } from './api.js';

// filenameOf(headers, fallback): the name in Content-Disposition, else fallback.
function filenameOf(headers, fallback) {
  const cd = headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

// saveBlob(blob, name): offers blob for download under name.
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// download(path, fallbackName, opts): fetches path (with opts as api takes
// them) and saves the body under the server's file name.  Resolves with
// {name, blob}.
export async function download(path, fallbackName, opts = {}) {
  const { blob, headers } = await apiBlob(path, opts);
  const name = filenameOf(headers, fallbackName);
  saveBlob(blob, name);
  return { name, blob };
}
