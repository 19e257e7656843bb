// screens/inspect-line.js (inspector): one boundary line: its course on the
// map with its markers coloured by condition, and the markers in order
// (B5 numbering) with their state.

import { api } from '../api.js';
import { h, message, table } from '../dom.js';
import { createMap, fitTo, leaflet } from '../map.js';
import { go, href } from '../router.js';
import { conditionColor, CONDITIONS } from '../inspect-data.js';

// Renders the line of ctx.params.number.
export default async function render(main, ctx) {
  let line;
  try {
    line = await api(`/api/v1/boundary-lines/${encodeURIComponent(ctx.params.number)}`);
  } catch (err) {
    main.append(h('h1', null, '界线'), message('error', err.message));
    return null;
  }
  if (!ctx.isCurrent()) return null;
  ctx.setTitle(`界线 ${line.number}`);
  const markers = [...line.markers].sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id));
  const mapEl = h('div', { class: 'map map-small', id: 'line-map', role: 'region', 'aria-label': '界线与界桩地图' });
  main.append(
    h('nav', { class: 'crumbs' }, h('a', { href: href('/inspect') }, '巡检'), ' › ', line.number),
    h('h1', null, `${line.number} ${line.left.name} — ${line.right.name}`),
    h('p', { class: 'hint' }, `全长约 ${(line.length_m / 1000).toFixed(1)} 千米，${line.marker_count} 个界桩。${line.description || ''}`),
    mapEl,
    h('ul', { class: 'legend' }, CONDITIONS.map((c) =>
      h('li', null, h('span', { class: 'swatch', style: `background:${c.color}` }), c.zh))),
    h('h2', null, '界桩（按编号顺序）'),
    table([
      { label: '序号', cell: (m) => m.seq },
      { label: '界桩', cell: (m) => h('a', { href: href(`/inspect/markers/${m.id}`), class: 'marker-link' }, m.id) },
      { label: '状况', cell: (m) => h('span', { class: 'cond', style: `--c:${conditionColor(m.condition?.code)}` }, m.condition?.zh || '—') },
      { label: '方位物', cell: (m) => (m.refs || []).map((r) => r.name).join('、') },
    ], markers, { empty: '该界线没有界桩' }));
  const L = leaflet();
  const map = createMap(mapEl);
  const layer = L.featureGroup([
    L.geoJSON(line.geometry, { style: { color: '#1d4e89', weight: 3, className: 'boundary-line' } }),
    ...markers.map((m) => L.circleMarker([m.lat, m.lon], {
      radius: 7, color: '#fff', weight: 2, fillColor: conditionColor(m.condition?.code), fillOpacity: 1,
      className: 'marker-dot',
    }).bindTooltip(`${m.id} ${m.condition?.zh || ''}`).on('click', () => go(`/inspect/markers/${m.id}`))),
  ]).addTo(map);
  fitTo(map, layer, 16);
  return () => map.remove();
}
