// screens/units.js: the home county's township-level units on a map (their
// polygons from GET /api/v1/units/{code}?geometry=1) and in a table; a
// township on the map or in the table opens its page.

import { h, clear, message, table } from '../dom.js';
import { createMap, fitTo, polygonLayer, unitFeature } from '../map.js';
import { go, href } from '../router.js';
import { LEVEL_NAMES, label } from '../strings.js';
import { children, homeCounty, withGeometries } from '../units-data.js';

// Renders the county's townships.
export default async function render(main, ctx) {
  ctx.setTitle('行政区划');
  const county = await homeCounty();
  if (!ctx.isCurrent()) return null;
  const mapEl = h('div', { class: 'map', id: 'units-map', role: 'region', 'aria-label': '乡镇地图' });
  const listEl = h('div', null, message('info', '正在读取乡镇边界……'));
  main.append(
    h('h1', null, `${county.name} 乡级区划`),
    h('p', { class: 'hint' }, '点击地图上的乡镇或表中的名称，打开其详情。'),
    h('div', { class: 'split' }, mapEl, listEl));

  const map = createMap(mapEl);
  const towns = await children(county.code);
  const full = await withGeometries(towns);
  if (!ctx.isCurrent()) return () => map.remove();
  const shaped = full.filter((u) => u.geometry);
  const layer = polygonLayer(shaped.map(unitFeature), {
    className: 'township',
    tooltip: (f) => f.properties.name,
    onClick: (f) => go(`/units/${f.properties.code}`),
  }).addTo(map);
  fitTo(map, layer);
  mapEl.dataset.polygons = String(shaped.length);
  clear(listEl, table([
    { label: '代码', cell: (u) => u.code },
    { label: '名称', cell: (u) => h('a', { href: href(`/units/${u.code}`) }, u.name) },
    { label: '级别', cell: (u) => label(LEVEL_NAMES, u.level) },
    { label: '村级单位', cell: (u) => u.children.total },
    { label: '边界', cell: (u) => (u.geometry ? '有' : '无') },
  ], full, { caption: `共 ${full.length} 个` }));
  return () => map.remove();
}
