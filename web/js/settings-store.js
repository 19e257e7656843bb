// settings-store.js: the console's settings in this browser (local
// storage): the optional base-map tile layer and the home county.

const KEY = 'diming.settings';

export const DEFAULTS = {
  tileUrl: '',          // XYZ template in Web Mercator, e.g. ".../{z}/{x}/{y}.png"; '' for none
  tileSubdomains: '',   // the letters or numbers {s} runs over, e.g. "01234567"
  tileAttribution: '',  // the tile source's notice shown on the map
  county: '',           // the home county's code; '' for the registry's first county
};

// getSettings(): every setting, defaults filled in.
export function getSettings() {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(KEY) || '{}') || {};
  } catch {
    saved = {};
  }
  const out = { ...DEFAULTS };
  for (const k of Object.keys(DEFAULTS)) {
    if (typeof saved[k] === 'string') out[k] = saved[k];
  }
  return out;
}

// saveSettings(values): stores the known settings of values.
export function saveSettings(values) {
  const out = getSettings();
  for (const k of Object.keys(DEFAULTS)) {
    if (typeof values[k] === 'string') out[k] = values[k].trim();
  }
  localStorage.setItem(KEY, JSON.stringify(out));
  return out;
}

// tileUrlProblem(url): why url cannot be a tile template, or null when it
// can ('' is fine: no base map).
export function tileUrlProblem(url) {
  if (!url) return null;
  if (!/^https?:\/\//.test(url)) return '瓦片地址必须以 http:// 或 https:// 开头';
  if (!(url.includes('{z}') && url.includes('{x}') && url.includes('{y}'))) {
    return '瓦片地址必须含有 {z}、{x} 和 {y}';
  }
  return null;
}
