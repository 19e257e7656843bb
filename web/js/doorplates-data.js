// doorplates-data.js: what the doorplate screens share: plate states (D3)
// in Chinese, a township's streets with their lines, a street's plates.

import { api, query } from './api.js';

export const PLATE_STATES = {
  collected: '采集',
  compiled: '编制',
  entered: '录入',
  produced: '制作',
  active: '上墙启用',
  retired: '停用',
};

export const PLATE_KINDS = { door: '门牌', building: '楼牌', unit: '单元牌', room: '户牌' };

// The most plates one request lists (the API's cap).
export const PLATE_LIST_MAX = 1000;

// streetsOf(unit): the streets of a township with their lines:
// [{id, name, pinyin, geometry}] (geometry null when none is recorded).
export async function streetsOf(unit) {
  const { streets } = await api(`/api/v1/streets${query({ unit })}`);
  const out = new Array(streets.length);
  let next = 0;
  async function worker() {
    while (next < streets.length) {
      const i = next++;
      const p = await api(`/api/v1/places/${streets[i].id}`);
      out[i] = { ...streets[i], geometry: p.geometry || null };
    }
  }
  await Promise.all(Array.from({ length: Math.min(6, streets.length) }, worker));
  return out;
}

// platesOf(params): {plates, count, truncated} for {street} or {unit}.
export function platesOf(params) {
  return api(`/api/v1/doorplates${query({ ...params, limit: PLATE_LIST_MAX })}`);
}

// codeOf(text): the plate code in what was typed or scanned (a bare code,
// or the URL of its QR: ".../P/CODE"), upper-case, without spaces; '' if none.
export function codeOf(text) {
  const t = text.trim().replace(/\s+/g, '');
  const m = /\/p\/([0-9A-Za-z]+)\/?$/i.exec(t);
  return (m ? m[1] : t).toUpperCase();
}
