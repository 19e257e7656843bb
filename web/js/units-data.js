// units-data.js: administrative units read from the units API, kept for
// the tab's life (units change rarely; a reload reads them again).

import { api, query } from './api.js';
import { getSettings } from './settings-store.js';

const unitCache = new Map();
let countyPromise = null;

// unit(code, withGeometry): GET /api/v1/units/{code}[?geometry=1], cached.
export function unit(code, withGeometry = false) {
  const key = `${code}|${withGeometry ? 1 : 0}`;
  if (!unitCache.has(key)) {
    const p = api(`/api/v1/units/${encodeURIComponent(code)}${withGeometry ? '?geometry=1' : ''}`);
    p.catch(() => unitCache.delete(key));
    unitCache.set(key, p);
  }
  return unitCache.get(key);
}

// children(code): the current units whose parent is code.
export async function children(code) {
  return (await api(`/api/v1/units${query({ parent: code })}`)).units;
}

// homeCounty(): the county the console works for: the one in the settings,
// else the registry's first county.  Rejects when the registry has none.
export function homeCounty() {
  if (!countyPromise) {
    countyPromise = (async () => {
      const chosen = getSettings().county;
      if (chosen) return unit(chosen);
      const list = (await api('/api/v1/units?level=county')).units;
      if (!list.length) throw new Error('登记簿中还没有县级区划。');
      return unit(list[0].code);
    })();
    countyPromise.catch(() => { countyPromise = null; });
  }
  return countyPromise;
}

// forgetCounty(): makes homeCounty() read the settings again.
export function forgetCounty() {
  countyPromise = null;
}

// withGeometries(units, limit): the units read again with their polygons,
// at most limit requests at a time; in the order given.
export async function withGeometries(units, limit = 6) {
  const out = new Array(units.length);
  let next = 0;
  async function worker() {
    while (next < units.length) {
      const i = next++;
      out[i] = await unit(units[i].code, true);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, units.length) }, worker));
  return out;
}
