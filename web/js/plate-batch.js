// plate-batch.js: a print batch of plates: each plate's SVG (GET
// /api/v1/doorplates/{code}/plate.svg) and a manifest (CSV, UTF-8 with a
// BOM for spreadsheet programs), zipped in the browser.

import { apiBlob } from './api.js';
import { zip } from './zip.js';
import { PLATE_KINDS, PLATE_STATES } from './doorplates-data.js';

// The most plates in one batch.
export const BATCH_MAX = 500;

// csvCell(v): one CSV field, quoted when it must be.
function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// manifest(plates): the manifest's bytes: one row per plate.
function manifest(plates) {
  const rows = [['file', 'code', 'kind', 'address', 'plate_number', 'state', 'url']];
  for (const p of plates) {
    rows.push([`${p.code}.svg`, p.code, PLATE_KINDS[p.kind] || p.kind, p.address?.full || '',
      p.plate_number || '', PLATE_STATES[p.state] || p.state, p.url || '']);
  }
  const text = `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
  return new TextEncoder().encode(text);
}

// plateBatch(plates, onProgress): a Blob of the ZIP (manifest.csv and one
// CODE.svg per plate); onProgress(done, total) after each plate.  Rejects
// with the first ApiError (a plate the server cannot draw).
export async function plateBatch(plates, onProgress = () => {}) {
  if (plates.length > BATCH_MAX) throw new Error(`一批最多 ${BATCH_MAX} 块门牌`);
  const files = [{ name: 'manifest.csv', data: manifest(plates) }];
  let done = 0;
  for (const p of plates) {
    const { blob } = await apiBlob(`/api/v1/doorplates/${encodeURIComponent(p.code)}/plate.svg`);
    files.push({ name: `${p.code}.svg`, data: new Uint8Array(await blob.arrayBuffer()) });
    onProgress(++done, plates.length);
  }
  return zip(files);
}
