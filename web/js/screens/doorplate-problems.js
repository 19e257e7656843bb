// screens/doorplate-problems.js (staff): the D1 problems report of a
// township (or one street) from GET /api/v1/doorplates/problems, listed
// by kind and drawn on the map: the plates a problem names in red, the
// others of the scope in grey.

import { api, query } from '../api.js';
import { h, clear, message, field, table } from '../dom.js';
import { createMap, fitTo, leaflet } from '../map.js';
import { href } from '../router.js';
import { platesOf } from '../doorplates-data.js';
import { children, homeCounty } from '../units-data.js';

// D1's failures as field offices name them (the API's kinds).
const KIND_NAMES = {
  duplicate_number: '一号多址',
  duplicate_address: '一址多号',
  same_building: '一楼多号',
  wrong_side: '单双号错侧',
  out_of_order: '编号顺序颠倒',
  gap: '编号缺漏',
  no_number: '有址无号',
  no_address: '有号无址',
};

// Renders the report.
export default async function render(main, ctx) {
  ctx.setTitle('门牌问题报告');
  const county = await homeCounty();
  const towns = await children(county.code);
  if (!ctx.isCurrent()) return null;
  const unitCode = ctx.query.get('unit') || towns[0]?.code;
  const town = h('select', { name: 'unit', onchange: () => { location.hash = `#/doorplates/problems?unit=${town.value}`; } },
    towns.map((t) => h('option', { value: t.code, selected: t.code === unitCode }, t.name)));
  const mapEl = h('div', { class: 'map', id: 'problems-map', role: 'region', 'aria-label': '门牌问题地图' });
  const listEl = h('div', null, message('info', '正在检查……'));
  main.append(
    h('nav', { class: 'crumbs' }, h('a', { href: href(`/doorplates?unit=${unitCode}`) }, '门牌编制'), ' › 问题报告'),
    h('h1', null, '门牌问题报告（D1）'),
    h('div', { class: 'filters' }, field('乡镇', town)),
    h('div', { class: 'split' }, mapEl, listEl));
  const map = createMap(mapEl);
  const [report, scope] = await Promise.all([
    api(`/api/v1/doorplates/problems${query({ unit: unitCode })}`),
    platesOf({ unit: unitCode }),
  ]);
  if (!ctx.isCurrent()) return () => map.remove();
  const L = leaflet();
  const flagged = new Map(); // code -> [problem kinds]
  for (const p of report.problems) {
    for (const a of p.addresses || []) flagged.set(a.code, [...(flagged.get(a.code) || []), p.kind]);
  }
  const byCode = new Map(scope.plates.map((p) => [p.code, p]));
  const shapes = [];
  for (const p of scope.plates) {
    if (!p.point || flagged.has(p.code)) continue;
    shapes.push(L.circleMarker([p.point.lat, p.point.lon], { radius: 3, color: '#868e96', weight: 1, className: 'plate-dot' }));
  }
  for (const [code, kinds] of flagged) {
    const p = byCode.get(code);
    if (!p?.point) continue;
    shapes.push(L.circleMarker([p.point.lat, p.point.lon], { radius: 7, color: '#c92a2a', fillOpacity: 0.9, className: 'problem-plate' })
      .bindTooltip(`${p.address?.short || code}：${kinds.map((k) => KIND_NAMES[k] || k).join('、')}`));
  }
  const group = L.featureGroup(shapes).addTo(map);
  fitTo(map, group, 17);
  mapEl.dataset.problems = String(report.problems.length);
  const counts = Object.entries(report.counts || {}).map(([k, v]) => `${KIND_NAMES[k] || k} ${v}`).join('，');
  clear(listEl, 
    h('p', null, `检查了 ${report.addresses} 个地址：${report.problems.length} 个问题${counts ? `（${counts}）` : ''}。`),
    scope.truncated ? message('warn', '门牌过多，地图只画出一部分。') : null,
    report.truncated ? message('warn', '问题过多，只列出一部分。') : null,
    table([
      { label: '问题', cell: (p) => h('span', { title: p.message_zh }, KIND_NAMES[p.kind] || p.kind) },
      { label: '涉及门牌', cell: (p) => (p.addresses || []).map((a) => `${a.address}（${a.code}）`).join('；') },
    ], report.problems, { empty: '没有发现问题' }));
  return () => map.remove();
}
